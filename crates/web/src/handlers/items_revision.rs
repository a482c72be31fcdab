//! 修订: changed information published again. The editor starts from the
//! published item (`/items/new?revise={id}`: its metadata and body, a
//! change date to fill in); the reviewer sees what differs from the
//! published version (`catalogue::revision`) beside what will be published.

use gongkai_domain::catalogue::revision::{BodyLine, FieldChange, body_lines, field_changes};
use gongkai_domain::catalogue::{ItemForm, ItemMetadata, ValidityState};
use gongkai_store::{AgencyId, ItemAttachment, ItemRecord};

use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// What the reviewer sees of a revision.
pub struct RevisionView {
    pub original_id: i64,
    pub original_title: String,
    pub fields: Vec<FieldChange>,
    pub body: Vec<BodyLine>,
    pub body_changed: bool,
    pub files_removed: Vec<String>,
    pub files_added: Vec<String>,
}

/// The published, in-force item `id` of `agency`, or why it cannot be
/// revised.
async fn revisable(
    state: &AppState,
    agency: AgencyId,
    id: i64,
) -> AppResult<Result<ItemRecord, String>> {
    let Some(r) = state
        .store
        .item(id)
        .await?
        .filter(|r| r.agency_id == agency)
    else {
        return Ok(Err("所修订的信息不存在或不属于本机关。".into()));
    };
    let s = &r.snapshot;
    if s.published_on.is_none() || s.withdrawal_note.is_some() {
        return Ok(Err("只能修订已发布且未撤回的信息。".into()));
    }
    if s.validity != ValidityState::InForce {
        return Ok(Err(format!(
            "《{}》已{}，不能再修订。",
            s.metadata.title,
            s.validity.label_zh()
        )));
    }
    Ok(Ok(r))
}

/// The form of a revision of item `id`: the published version's fields,
/// the change date left for the editor (Art. 26 counts from it).
pub(super) async fn prefill(state: &AppState, who: &CurrentStaff, id: i64) -> AppResult<ItemForm> {
    let r = revisable(state, who.agency.id, id)
        .await?
        .map_err(AppError::bad_request)?;
    let mut form = ItemForm::from(&r.snapshot.metadata);
    form.revision_of = id.to_string();
    form.changed_on = String::new();
    Ok(form)
}

/// Why the metadata's `revision_of` is not a revisable item of `agency`.
pub(super) async fn check(
    state: &AppState,
    agency: AgencyId,
    m: &ItemMetadata,
) -> AppResult<Option<String>> {
    let Some(id) = m.revision_of.as_deref().and_then(|k| k.parse::<i64>().ok()) else {
        return Ok(None);
    };
    Ok(revisable(state, agency, id).await?.err())
}

/// The differences of the item in `b` from the published version it
/// revises, if it is a revision.
pub(super) async fn view(
    state: &AppState,
    m: &ItemMetadata,
    files: &[ItemAttachment],
) -> AppResult<Option<RevisionView>> {
    let Some(id) = m.revision_of.as_deref().and_then(|k| k.parse::<i64>().ok()) else {
        return Ok(None);
    };
    let Some(original) = state.store.item(id).await? else {
        return Ok(None);
    };
    let old = &original.snapshot.metadata;
    let old_files = state.store.item_attachments(id).await?;
    let names = |fs: &[ItemAttachment]| {
        fs.iter()
            .map(|f| (f.sha256.clone(), f.filename.clone()))
            .collect::<Vec<_>>()
    };
    let (was, now) = (names(&old_files), names(files));
    let body = body_lines(&old.body_text(), &m.body_text());
    Ok(Some(RevisionView {
        original_id: id,
        original_title: old.title.clone(),
        fields: field_changes(old, m),
        body_changed: body.iter().any(|l| !matches!(l, BodyLine::Same(_))),
        body,
        files_removed: was
            .iter()
            .filter(|f| !now.contains(f))
            .map(|f| f.1.clone())
            .collect(),
        files_added: now
            .iter()
            .filter(|f| !was.contains(f))
            .map(|f| f.1.clone())
            .collect(),
    }))
}
