//! 附件 of a task: files the lead unit reports with its progress or
//! completion, and files anyone working the task adds on their own (补充
//! 材料, e.g. the owner's 实施方案). The bytes are kept by hash under the
//! data directory before the step is recorded (a refused step leaves only
//! an unreferenced blob, never a step without its file); the step's event
//! names them, so the history says which file came with which report.

use gongkai_domain::plan::task::STEP_FILES_MAX;
use gongkai_domain::plan::{TaskAction, TaskFile};
use gongkai_store::{Staff, TaskId};

use super::{access, work};
use crate::uploads::{path_for, store_document};
use crate::{App, Error};

/// The most one step's files weigh together (each at most
/// [`crate::uploads::MAX_UPLOAD_BYTES`]).
pub const STEP_BYTES_MAX: usize = 20 * 1024 * 1024;

/// Checks `files` (name, bytes) and keeps their content: a file of a type
/// not accepted, too large or empty refuses the step, saying which.
pub async fn prepare(state: &App, files: &[(String, Vec<u8>)]) -> Result<Vec<TaskFile>, Error> {
    if files.len() > STEP_FILES_MAX {
        return Err(Error::invalid(format!(
            "一次最多附{STEP_FILES_MAX}个文件（选了{}个）：请合并或分次报送。",
            files.len()
        )));
    }
    let total: usize = files.iter().map(|(_, b)| b.len()).sum();
    if total > STEP_BYTES_MAX {
        return Err(Error::invalid(format!(
            "附件合计{:.1}MB，超过20MB：请压缩后分次报送。",
            total as f64 / 1024.0 / 1024.0
        )));
    }
    let mut kept = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let f = store_document(&state.settings.data_dir, name, bytes)
            .await
            .map_err(|e| Error::invalid(e.to_string()))?;
        kept.push(TaskFile {
            sha256: f.sha256,
            name: f.filename,
            content_type: f.content_type.into(),
            size: f.size,
        });
    }
    Ok(kept)
}

/// Puts the kept files on the step; a step that carries no files (领办,
/// 销号, …) refuses them rather than dropping them.
pub fn attach(action: &mut TaskAction, kept: Vec<TaskFile>) -> Result<(), Error> {
    if kept.is_empty() {
        return Ok(());
    }
    match action {
        TaskAction::ProgressReported { files, .. }
        | TaskAction::CompletionReported { files, .. }
        | TaskAction::FilesAdded { files, .. } => {
            *files = kept;
            Ok(())
        }
        _ => Err(Error::invalid(
            "附件只能随进展报告、完成报告或“补充材料”报送。",
        )),
    }
}

/// A file of the task for `who` (who may read the task): what it is and
/// its bytes. Only a file the task's history names is served.
pub async fn open(
    state: &App,
    who: &Staff,
    task: TaskId,
    sha256: &str,
) -> Result<(TaskFile, Vec<u8>), Error> {
    let b = work::load(state.store.as_ref(), task).await?;
    access::may_read(state.store.as_ref(), who, b.record.agency_id).await?;
    let missing = || Error::not_found("该任务的这个附件");
    let file = b
        .view
        .files
        .iter()
        .find(|f| f.sha256 == sha256)
        .cloned()
        .ok_or_else(missing)?;
    let bytes = tokio::fs::read(path_for(&state.settings.data_dir, &file.sha256))
        .await
        .map_err(|_| missing())?;
    Ok((file, bytes))
}
