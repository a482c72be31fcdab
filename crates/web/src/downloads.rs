//! File names in links and downloads, encoded once for every download (item
//! files, case documents and attachments, report files): a name with `#`,
//! `?`, `%`, quotes or Chinese characters must neither break its link nor
//! its `Content-Disposition` header. And the download responses of
//! generated files: [`document`] (DOCX or PDF) and [`attachment`].

use axum::http::header;
use axum::response::{IntoResponse, Response};
use gongkai_domain::document::Document;

use crate::error::{AppError, AppResult};

/// A URL path segment: every byte outside RFC 3986's unreserved set is
/// percent-encoded (UTF-8).
pub fn path_segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// How the browser should treat the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// Save it.
    Attachment,
    /// Show it in the browser when it can.
    Inline,
}

/// The `Content-Disposition` value (RFC 6266): an ASCII `filename` for old
/// clients (anything but plain printable ASCII, quotes and backslashes
/// replaced by `_`), and the exact name as `filename*` (RFC 5987, UTF-8).
pub fn content_disposition(kind: Disposition, name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let kind = match kind {
        Disposition::Attachment => "attachment",
        Disposition::Inline => "inline",
    };
    format!(
        "{kind}; filename=\"{fallback}\"; filename*=UTF-8''{}",
        path_segment(name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_are_encoded() {
        let name = "a#b?c%d\"e'.pdf";
        assert_eq!(path_segment(name), "a%23b%3Fc%25d%22e%27.pdf");
        assert_eq!(
            content_disposition(Disposition::Attachment, name),
            "attachment; filename=\"a#b?c%d_e'.pdf\"; filename*=UTF-8''a%23b%3Fc%25d%22e%27.pdf"
        );
        assert_eq!(
            content_disposition(Disposition::Inline, "年报.pdf"),
            "inline; filename=\"__.pdf\"; filename*=UTF-8''%E5%B9%B4%E6%8A%A5.pdf"
        );
    }
}

/// A generated document's file format.
#[derive(Debug, Clone, Copy)]
pub enum FileKind {
    Docx,
    Pdf,
}

/// `bytes` as a download named `name`.
pub fn attachment(bytes: Vec<u8>, name: &str, content_type: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                content_disposition(Disposition::Attachment, name),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The document as a download `{name}.docx|pdf`, rendered on a blocking
/// thread (typst takes a while for a PDF; a DOCX is zipped).
pub async fn document(doc: Document, name: &str, kind: FileKind) -> AppResult<Response> {
    let (ext, content_type) = match kind {
        FileKind::Docx => (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        FileKind::Pdf => ("pdf", "application/pdf"),
    };
    let bytes = tokio::task::spawn_blocking(move || match kind {
        FileKind::Docx => gongkai_render::to_docx(&doc),
        FileKind::Pdf => gongkai_render::to_pdf(&doc),
    })
    .await
    .map_err(AppError::internal)?
    .map_err(AppError::internal)?;
    Ok(attachment(bytes, &format!("{name}.{ext}"), content_type))
}

/// The MIME type of an XLSX workbook.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
