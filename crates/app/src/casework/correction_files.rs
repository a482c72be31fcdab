//! Files the applicant attaches to a correction (补正材料, Art. 30): stored
//! with the case once the correction is recorded, so a refused correction
//! leaves nothing behind; the clerk opens them on the case page.

use gongkai_store::NewAttachment;

use super::CaseBundle;
use crate::uploads::{StoredFile, store_document};
use crate::{App, Error};

/// The `purpose` of a correction's file among the case's attachments.
pub const CORRECTION_FILE: &str = "补正材料";

/// Most files one correction carries.
pub const MAX_CORRECTION_FILES: usize = 5;

/// Checks `files` (name, bytes) and keeps their content (by hash) before
/// the correction is recorded: a file of a type not accepted refuses the
/// correction, saying which, before anything is recorded.
pub async fn prepare(state: &App, files: &[(String, Vec<u8>)]) -> Result<Vec<StoredFile>, Error> {
    if files.len() > MAX_CORRECTION_FILES {
        return Err(Error::invalid(format!(
            "一次补正最多附{MAX_CORRECTION_FILES}个文件，请合并或分次提交。"
        )));
    }
    let mut stored = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let f = store_document(&state.settings.data_dir, name, bytes)
            .await
            .map_err(|e| Error::invalid(e.to_string()))?;
        stored.push(f);
    }
    Ok(stored)
}

/// Adds the prepared files to the case of `b`, once the correction is recorded.
pub async fn attach(state: &App, b: &CaseBundle, stored: Vec<StoredFile>) -> Result<(), Error> {
    for f in stored {
        state
            .store
            .add_case_attachment(&NewAttachment {
                case_id: b.case.id,
                purpose: CORRECTION_FILE.into(),
                sha256: f.sha256,
                filename: f.filename,
                content_type: f.content_type.into(),
                size: f.size,
            })
            .await?;
    }
    Ok(())
}
