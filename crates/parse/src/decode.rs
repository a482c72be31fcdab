//! Telling the kind of an input from its bytes and decoding it to lines.

use std::fmt;

use thiserror::Error;

use crate::lines::{Line, text_lines};

/// What the input was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Text,
    Html,
    Docx,
    /// A PDF, read through its text layer (`pdftotext -layout`).
    Pdf,
}

impl InputKind {
    pub fn code(self) -> &'static str {
        match self {
            InputKind::Text => "text",
            InputKind::Html => "html",
            InputKind::Docx => "docx",
            InputKind::Pdf => "pdf",
        }
    }

    /// As the check page and `report check` name it.
    pub fn label_zh(self) -> &'static str {
        match self {
            InputKind::Text => "文本",
            InputKind::Html => "网页（HTML）",
            InputKind::Docx => "Word（.docx）",
            InputKind::Pdf => "PDF（文字层）",
        }
    }
}

impl fmt::Display for InputKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The input cannot be read at all (exit code 2 of `gongkai report check`).
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ReadError {
    #[error(
        "文件是 ZIP 格式但不是可读的 Word（.docx）文件：{0}。请用 Word 或 WPS 另存为 .docx 后再试，或复制正文粘贴为文本。"
    )]
    BadDocx(String),
    #[error(
        "文件不是 UTF-8 或 GB18030（GBK）编码的文本，也不是网页（HTML）、Word（.docx）或 PDF 文件（含有二进制数据）。文本请以 UTF-8 编码另存后再试；.doc 请另存为 .docx。"
    )]
    Binary,
    /// A PDF that could not be read through its text layer.
    #[error("{0}")]
    Pdf(crate::pdf::PdfTextError),
    #[error("文件是空的。")]
    Empty,
}

/// Decodes `bytes` and splits them into lines (an HTML table's merged
/// cells spread over what they cover, see [`crate::html`]).
pub fn lines_of(bytes: &[u8]) -> Result<(InputKind, Vec<Line>), ReadError> {
    decoded_lines(bytes, true)
}

/// As [`lines_of`]; `spread` false leaves an HTML table's merged cells once
/// (a plan's page has had them written out already, `plan::spans`).
pub(crate) fn decoded_lines(
    bytes: &[u8],
    spread: bool,
) -> Result<(InputKind, Vec<Line>), ReadError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return crate::docx::docx_lines(bytes).map(|l| (InputKind::Docx, l));
    }
    if crate::pdf::is_pdf(bytes) {
        // The text layer laid out by position: a table's cells stay apart,
        // separated by spaces, which the line reader reads as cells.
        let text = crate::pdf::report_text(bytes).map_err(ReadError::Pdf)?;
        return Ok((InputKind::Pdf, text_lines(&text)));
    }
    let text = match crate::charset::decode_declared(bytes) {
        Some(text) => without_binary(text)?,
        None => decode_text(bytes)?,
    };
    if looks_like_html(&text) {
        Ok((InputKind::Html, crate::html::html_lines_with(&text, spread)))
    } else {
        Ok((InputKind::Text, text_lines(&text)))
    }
}

/// The text by the one decoder ([`crate::encoding::decode`]): UTF-8 (with
/// or without BOM), UTF-16 with BOM, else GB18030 (which covers GBK and
/// GB2312, the encodings older Chinese pages use).
fn decode_text(bytes: &[u8]) -> Result<String, ReadError> {
    let (text, _) = crate::encoding::decode(bytes.to_vec()).map_err(|_| ReadError::Binary)?;
    without_binary(text)
}

/// The text, unless it holds binary data.
fn without_binary(text: String) -> Result<String, ReadError> {
    // Control characters other than tab and line ends mean binary data.
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
        .count();
    if controls * 50 > text.chars().count().max(1) || text.contains('\0') {
        return Err(ReadError::Binary);
    }
    Ok(text)
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    let t = head.trim_start();
    t.starts_with("<!doctype html")
        || t.starts_with("<html")
        || head.contains("<table")
        || head.contains("<body")
        || head.contains("<p>")
        || head.contains("<p ")
        || head.contains("<div")
        || text.contains("<table")
        || text.contains("<TABLE")
}
