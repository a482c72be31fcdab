//! Reading an upload of annual reports for checking (the public
//! page `/reports/check` and `POST /api/v1/reports/check`): the upload
//! limits, reading each file with `gongkai-parse` on a blocking thread as it
//! arrives (so at most one file is held in memory), and the checks of the
//! rule catalogue, across years among the reports of one upload. Nothing is
//! stored by checking.

use axum::extract::Multipart;
use axum::extract::multipart::{Field, MultipartError, MultipartRejection};
use axum::http::StatusCode;
use gongkai_app::report_check::{MAX_FILE_BYTES, MAX_FILES, PASTED, parse, too_large, too_many};
use gongkai_parse::ParsedReport;
use gongkai_store::Store;

pub use gongkai_app::report_check::{Checked, MAX_BODY_BYTES, limits_text};

use crate::error::{AppError, AppResult};

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

/// The reports in an uploaded ZIP archive, each read as an uploaded file
/// (the archive is opened within the bounds of `report_zip`).
async fn read_zip(
    source: String,
    bytes: Vec<u8>,
    read: &mut Vec<Result<ParsedReport, (String, String)>>,
) {
    let name = source.clone();
    let opened =
        tokio::task::spawn_blocking(move || gongkai_app::report_zip::entries(&name, &bytes)).await;
    match opened {
        Ok(Ok(entries)) => {
            if entries.is_empty() {
                read.push(Err((
                    source,
                    "压缩文件中没有报告文件（.txt、.html、.docx、.pdf）。".into(),
                )));
            }
            for (name, bytes) in entries {
                match bytes {
                    Ok(b) => read.push(parse(name, b).await),
                    Err(e) => read.push(Err((name, e))),
                }
            }
        }
        Ok(Err(message)) => read.push(Err((source, message))),
        Err(e) => {
            tracing::error!(error = %e, "opening an uploaded archive failed");
            read.push(Err((source, "无法打开这个压缩文件。".into())));
        }
    }
}

/// Reads every file (field `files`, or `file`; a `.zip` archive is opened) and the pasted text (field
/// `text`) of a multipart upload and checks them by the one command
/// ([`gongkai_app::report_check::check_upload`]: across years within the
/// upload and against the platform's published reports). Refused as a whole (400)
/// only when nothing was sent, more than [`MAX_FILES`] files were, or the
/// upload itself broke off; a file that cannot be read, or is too large, is
/// listed with its reason.
pub async fn read_upload(store: &dyn Store, multipart: &mut Multipart) -> AppResult<Vec<Checked>> {
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
                    return Err(too_many(files).into());
                }
                let source = if source.is_empty() {
                    format!("文件{files}")
                } else {
                    source
                };
                if size > MAX_FILE_BYTES {
                    read.push(Err((source, too_large(size))));
                } else if gongkai_app::report_zip::is_zip_name(&source) {
                    read_zip(source, bytes, &mut read).await;
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
    Ok(gongkai_app::report_check::check_upload(store, read).await?)
}
