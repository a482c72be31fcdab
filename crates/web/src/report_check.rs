//! Annual reports published elsewhere, uploaded for checking (the public
//! page `/reports/check` and `POST /api/v1/reports/check`): the upload
//! limits, reading each file with `gongkai-parse` on a blocking thread as it
//! arrives (so at most one file is held in memory), and the checks of the
//! rule catalogue, across years among the reports of one upload. Nothing is
//! stored by checking.

use axum::extract::Multipart;
use axum::extract::multipart::{Field, MultipartError, MultipartRejection};
use axum::http::StatusCode;
use gongkai_parse::{CheckedReport, ParsedReport, check_all};

use crate::error::{AppError, AppResult};

/// Largest file (and largest pasted text) read.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Most files read from one upload.
pub const MAX_FILES: usize = 50;
/// The request body limit of the check routes: every file at its largest,
/// the pasted text, and the multipart framing.
pub const MAX_BODY_BYTES: usize = (MAX_FILES + 1) * MAX_FILE_BYTES + 1024 * 1024;

/// The name a pasted text is shown under.
pub const PASTED: &str = "粘贴的文本";

/// The limits, as the page and the errors state them.
pub fn limits_text() -> String {
    format!(
        "每个文件不超过{}MB，每次最多{MAX_FILES}个文件",
        MAX_FILE_BYTES / 1024 / 1024
    )
}

/// One input of an upload, in the order given.
#[derive(Debug)]
pub enum Checked {
    /// Read and checked.
    Report(Box<CheckedReport>),
    /// Could not be read at all: the file name and why, in Chinese.
    Unreadable { source: String, error: String },
}

impl Checked {
    /// The entry of the JSON API: the report's JSON, or `{"source","error"}`.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Checked::Report(r) => r.to_json(),
            Checked::Unreadable { source, error } => {
                serde_json::json!({ "source": source, "error": error })
            }
        }
    }
}

fn refused(message: String) -> AppError {
    AppError::bad_request(message)
}

fn multipart_error(e: &MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        refused(format!(
            "上传的内容超过上限（{}），未检查。请分批上传。",
            limits_text()
        ))
    } else {
        refused(
            "上传中断或内容不是表单文件（multipart/form-data），未检查。请重新选择文件后再提交。"
                .into(),
        )
    }
}

/// The request was not a file upload at all.
pub fn rejection(e: MultipartRejection) -> AppError {
    tracing::debug!(error = %e, "not a multipart upload");
    refused(
        "请以表单文件（multipart/form-data）上传报告：字段 files 为文件（可多个），字段 text 为粘贴的正文。"
            .into(),
    )
}

/// The file name without any folder a browser may have sent, shortened.
fn file_name(field: &Field<'_>) -> String {
    let raw = field.file_name().unwrap_or_default();
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    clean.trim().to_string()
}

/// Reads a field up to the limit; past it the rest is read and dropped.
/// Returns the bytes (empty when too large) and the field's whole size.
async fn read_limited(field: &mut Field<'_>) -> Result<(Vec<u8>, usize), MultipartError> {
    let mut bytes = Vec::new();
    let mut size = 0usize;
    while let Some(chunk) = field.chunk().await? {
        size += chunk.len();
        if size <= MAX_FILE_BYTES {
            bytes.extend_from_slice(&chunk);
        } else if !bytes.is_empty() {
            bytes = Vec::new();
        }
    }
    Ok((bytes, size))
}

fn too_large(size: usize) -> String {
    format!(
        "文件大小为{:.1}MB，超过{}MB的上限，未检查。请删去图片等内容、或把报告正文另存为文本后再上传（{}）。",
        size as f64 / 1024.0 / 1024.0,
        MAX_FILE_BYTES / 1024 / 1024,
        limits_text()
    )
}

/// Parses on a blocking thread; a failure of the reader is that file's
/// error, never the whole upload's.
async fn parse(source: String, bytes: Vec<u8>) -> Result<ParsedReport, (String, String)> {
    let name = source.clone();
    match tokio::task::spawn_blocking(move || gongkai_parse::parse_bytes(&name, &bytes)).await {
        Ok(Ok(parsed)) => Ok(parsed),
        Ok(Err(e)) => Err((source, e.to_string())),
        Err(e) => {
            tracing::error!(error = %e, file = %source, "the report reader failed");
            Err((
                source,
                "读取该文件时程序出错，未能检查。请把文件转存为文本（.txt）后再试，或发给平台管理员。"
                    .into(),
            ))
        }
    }
}

fn too_many(files: usize) -> AppError {
    refused(format!(
        "一次最多检查{MAX_FILES}个文件，本次上传了{files}个以上，未检查。请分批上传（{}）。",
        limits_text()
    ))
}

/// Reads every file (field `files`, or `file`) and the pasted text (field
/// `text`) of a multipart upload and checks them. Refused as a whole (400)
/// only when nothing was sent, more than [`MAX_FILES`] files were, or the
/// upload itself broke off; a file that cannot be read, or is too large, is
/// listed with its reason.
pub async fn read_upload(multipart: &mut Multipart) -> AppResult<Vec<Checked>> {
    let mut read: Vec<Result<ParsedReport, (String, String)>> = Vec::new();
    let mut files = 0usize;
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(multipart_error(&e)),
        };
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "files" | "file" => {
                let source = file_name(&field);
                let (bytes, size) = read_limited(&mut field)
                    .await
                    .map_err(|e| multipart_error(&e))?;
                // A file input left empty still sends a part, nameless and empty.
                if source.is_empty() && size == 0 {
                    continue;
                }
                files += 1;
                if files > MAX_FILES {
                    // Refused as a whole: stop reading the rest of the upload.
                    return Err(too_many(files));
                }
                let source = if source.is_empty() {
                    format!("文件{files}")
                } else {
                    source
                };
                if size > MAX_FILE_BYTES {
                    read.push(Err((source, too_large(size))));
                } else {
                    read.push(parse(source, bytes).await);
                }
            }
            "text" => {
                let (bytes, size) = read_limited(&mut field)
                    .await
                    .map_err(|e| multipart_error(&e))?;
                if size > MAX_FILE_BYTES {
                    read.push(Err((PASTED.to_string(), too_large(size))));
                } else if !String::from_utf8_lossy(&bytes).trim().is_empty() {
                    read.push(parse(PASTED.to_string(), bytes).await);
                }
            }
            // `_csrf` and anything else: read past.
            _ => {
                read_limited(&mut field)
                    .await
                    .map_err(|e| multipart_error(&e))?;
            }
        }
    }
    if read.is_empty() {
        return Err(refused(
            "没有收到要检查的报告：请选择报告文件（.txt、.html、.docx），或把报告正文粘贴到文本框中。"
                .into(),
        ));
    }
    let mut parsed = Vec::new();
    let slots: Vec<Option<(String, String)>> = read
        .into_iter()
        .map(|r| match r {
            Ok(p) => {
                parsed.push(p);
                None
            }
            Err(e) => Some(e),
        })
        .collect();
    let mut checked = check_all(parsed).into_iter();
    Ok(slots
        .into_iter()
        .map(|slot| match slot {
            None => Checked::Report(Box::new(
                checked.next().expect("one checked report per parsed one"),
            )),
            Some((source, error)) => Checked::Unreadable { source, error },
        })
        .collect())
}
