//! gongkai's documents as files: [`to_docx`] (editable, for the agency's own
//! word processor) and [`to_pdf`] (final, with its CJK font embedded), both in
//! the layout of Chinese official documents (GB/T 9704-2012): A4, a centred
//! bold title, the body in 三号 (16pt) with a two-character first-line indent
//! on a 28pt line pitch, issuer and date on the right at the end.
//!
//! The PDF is typeset by typst, used as a library, with the system's Noto CJK
//! fonts (Debian: fonts-noto-cjk), found by searching the font directories;
//! [`font_available`] says whether they are there. Rendering is synchronous
//! and CPU-bound (tens to hundreds of milliseconds): call it from a blocking
//! task in async code.

mod docx;
mod fonts;
mod pdf;

use gongkai_domain::document::Document;

pub use docx::{BODY_FONT, HEADING_FONT, TITLE_FONT};
pub use fonts::{cjk_font_paths, font_available};

/// Why a document could not be rendered; the messages are Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    /// No Noto Serif / Sans CJK SC (or Source Han) font was found.
    #[error(
        "未找到生成PDF所需的中文字体（Noto Serif CJK SC 或 Noto Sans CJK SC）。已查找：{searched}。请安装 Debian 软件包 fonts-noto-cjk（apt-get install fonts-noto-cjk），或者用环境变量 GONGKAI_FONT_DIR 指定字体所在目录。"
    )]
    FontMissing { searched: String },
    /// A font file was found but could not be read.
    #[error("字体文件 {path} 无法读取：{message}")]
    FontRead { path: String, message: String },
    /// Typesetting or PDF export failed.
    #[error("PDF 生成失败：{0}")]
    Pdf(String),
    /// Building the DOCX package failed.
    #[error("DOCX 生成失败：{0}")]
    Docx(String),
}

/// The document as a Word (DOCX) file. Fonts are named, not embedded: the
/// reader's 仿宋_GB2312 / 方正小标宋简体 / 黑体, with fallbacks.
pub fn to_docx(doc: &Document) -> Result<Vec<u8>, RenderError> {
    docx::to_docx(doc)
}

/// The document as a PDF with its CJK font embedded (subset); its text is
/// extractable (e.g. by `pdftotext`).
pub fn to_pdf(doc: &Document) -> Result<Vec<u8>, RenderError> {
    pdf::to_pdf(doc)
}

#[cfg(test)]
mod tests {
    use super::RenderError;

    #[test]
    fn missing_font_error_names_the_debian_package() {
        let e = RenderError::FontMissing {
            searched: "/usr/share/fonts".into(),
        };
        let msg = e.to_string();
        assert!(msg.contains("fonts-noto-cjk"), "{msg}");
        assert!(msg.contains("/usr/share/fonts"), "{msg}");
        assert!(msg.contains("未找到"), "{msg}");
    }
}
