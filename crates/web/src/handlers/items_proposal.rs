//! A new catalogue item drafted from a proposal to publish proactively what
//! was released on request (Art. 44(1)): `/items/new?proposal=ID` fills the
//! form from the proposal, and the item created from that form takes it
//! (`casework::proactive::take`: the proposal is marked taken and the files
//! the reply released are attached to the draft).

use std::collections::HashMap;

use gongkai_app::casework::proactive;
use gongkai_domain::catalogue::ItemForm;
use serde::Deserialize;

use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::params::Id;
use crate::state::AppState;

/// `?proposal=`: the proposal the new item is drafted from; `?row=`: the
/// 标准目录 row it is filed under (`super::items_filing::prefill`).
#[derive(Deserialize, Default)]
pub struct NewItemParams {
    #[serde(default)]
    pub proposal: Option<Id>,
    #[serde(default)]
    pub row: Option<String>,
    /// 修订: the published item the new one revises.
    #[serde(default)]
    pub revise: Option<Id>,
}

/// Fill `form` from the open proposal `id` of the editor's agency.
pub async fn prefill(
    state: &AppState,
    who: &CurrentStaff,
    id: i64,
    form: &mut ItemForm,
) -> AppResult<()> {
    let p = proactive::open_proposal(state, &who.staff, id).await?;
    form.title = p.title;
    form.summary = p.summary;
    Ok(())
}

/// The proposal a submitted form names (its hidden field), checked to be an
/// open proposal of the agency before anything is created.
pub async fn named(
    state: &AppState,
    who: &CurrentStaff,
    f: &HashMap<String, String>,
) -> AppResult<Option<i64>> {
    let Some(text) = f
        .get("proposal")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    else {
        return Ok(None);
    };
    let Id(id) = Id::parse(text).map_err(AppError::bad_request)?;
    proactive::open_proposal(state, &who.staff, id).await?;
    Ok(Some(id))
}

/// The new item `item` takes the proposal `id`.
pub async fn take(state: &AppState, who: &CurrentStaff, id: i64, item: i64) -> AppResult<()> {
    Ok(proactive::take(state, &who.staff, id, item).await?)
}
