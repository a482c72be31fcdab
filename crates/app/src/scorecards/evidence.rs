//! 佐证材料 as a file: a screenshot or document uploaded with a hand score.
//! Checked and kept by its SHA-256 under the data directory before the
//! score is stored (a refused score leaves only an unreferenced blob, never
//! a score pointing at nothing); served only to those who may read the
//! card, and only a file one of the card's scores names.

use gongkai_store::{AgencyId, EvidenceFile, ScorecardRun, ScorecardRunId};

use super::hand::HandInput;
use super::view::result_by_code;
use super::{Scorer, run_for};
use crate::uploads::{path_for, store_document};
use crate::{App, Error};

/// A file as the form sent it.
#[derive(Debug, Clone, Default)]
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The file the hand score will carry, with the name it is shown under: a
/// new upload (checked and kept), else the leaf's previous file unless the
/// scorer removed it.
pub(super) async fn file_for(
    app: &App,
    run: &ScorecardRun,
    agency: AgencyId,
    input: &HandInput,
) -> Result<Option<(String, EvidenceFile)>, Error> {
    if let Some(upload) = &input.file {
        let kept = store_document(&app.settings.data_dir, &upload.name, &upload.bytes)
            .await
            .map_err(|e| Error::invalid(e.to_string()))?;
        let file = EvidenceFile {
            sha256: kept.sha256,
            content_type: kept.content_type.into(),
            size: kept.size,
        };
        return Ok(Some((kept.filename, file)));
    }
    if input.remove_file {
        return Ok(None);
    }
    let code = input.code.trim();
    let before = app.store.manual_scores(run.id, agency).await?;
    Ok(before
        .into_iter()
        .find(|m| m.score.code == code)
        .and_then(|m| Some((m.score.evidence.file_name?, m.file?))))
}

/// The evidence file `sha256` of the card of `agency_code` in run `id`, for
/// whoever may read that card: its name, what it is, and its bytes.
pub async fn open(
    app: &App,
    reader: &Scorer<'_>,
    id: ScorecardRunId,
    agency_code: &str,
    sha256: &str,
) -> Result<(String, EvidenceFile, Vec<u8>), Error> {
    let missing = || Error::not_found("该评分的佐证材料");
    let (run, standing) = run_for(app, reader, id).await?;
    let result = result_by_code(app, &run, agency_code).await?;
    if !standing.reaches(result.agency.id) {
        return Err(Error::forbidden(super::ASSIGNED_ONLY));
    }
    let (name, file) = app
        .store
        .manual_scores(run.id, result.agency.id)
        .await?
        .into_iter()
        .find_map(|m| match (m.score.evidence.file_name, m.file) {
            (Some(name), Some(f)) if f.sha256 == sha256 => Some((name, f)),
            _ => None,
        })
        .ok_or_else(missing)?;
    let bytes = tokio::fs::read(path_for(&app.settings.data_dir, &file.sha256))
        .await
        .map_err(|_| missing())?;
    Ok((name, file, bytes))
}
