//! Annual reports published elsewhere, uploaded for checking (the public
//! page `/reports/check` and `POST /api/v1/reports/check`): the upload
//! limits, reading each file with `gongkai-parse` on a blocking thread as it
//! arrives (so at most one file is held in memory), and the checks of the
//! rule catalogue, across years among the reports of one upload and against
//! the platform's published report of the year before ([`check_upload`], the
//! one command of the page, its summary download and the API). Nothing is
//! stored by checking.

use gongkai_parse::{CheckedReport, ParsedReport, check_all};
use gongkai_store::Store;

use crate::Error;

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

pub fn too_large(size: usize) -> String {
    format!(
        "文件大小为{:.1}MB，超过{}MB的上限，未检查。请删去图片等内容、或把报告正文另存为文本后再上传（{}）。",
        size as f64 / 1024.0 / 1024.0,
        MAX_FILE_BYTES / 1024 / 1024,
        limits_text()
    )
}

/// Parses on a blocking thread; a failure of the reader is that file's
/// error, never the whole upload's.
pub async fn parse(source: String, bytes: Vec<u8>) -> Result<ParsedReport, (String, String)> {
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

pub fn too_many(files: usize) -> Error {
    Error::invalid(format!(
        "一次最多检查{MAX_FILES}个文件，本次上传了{files}个以上，未检查。请分批上传（{}）。",
        limits_text()
    ))
}

/// Checks what an upload held, in the order given: the reports read
/// ([`parse`]) are checked together (across years among the reports of one
/// agency), the unreadable ones are listed with their reason. Refused when
/// nothing was sent.
pub fn check(read: Vec<Result<ParsedReport, (String, String)>>) -> Result<Vec<Checked>, Error> {
    if read.is_empty() {
        return Err(Error::invalid(
            "没有收到要检查的报告：请选择报告文件（.txt、.html、.docx、.pdf），或把报告正文粘贴到文本框中。"
                .to_string(),
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

/// Checks what an upload held ([`check`]), then each report of an agency
/// the platform has, whose year before the upload does not hold, again
/// against the platform's published report of that year (AR-09 上年结转 and
/// the other cross-year rules, [`crate::report_previous`]): the check page,
/// its summary download and `POST /api/v1/reports/check` all check by this.
pub async fn check_upload(
    store: &dyn Store,
    read: Vec<Result<ParsedReport, (String, String)>>,
) -> Result<Vec<Checked>, Error> {
    let checked = check(read)?;
    crate::report_previous::compare_with_published(store, checked).await
}
