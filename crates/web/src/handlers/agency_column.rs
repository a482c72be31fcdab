//! `GET /agencies/{code}[/{part}]`: an agency's 政府信息公开 column.

use crate::params::Path;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use gongkai_domain::policy::Permission;

use super::Csrf;
use crate::auth::MaybeStaff;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views::{Chrome, ColumnPage, ColumnPart};
use crate::{guide, tree};

pub async fn column_home(
    state: State<AppState>,
    who: MaybeStaff,
    csrf: Csrf,
    Path(code): Path<String>,
) -> AppResult<Html<String>> {
    render(state, who, csrf, code, ColumnPart::Guide).await
}

pub async fn column_part(
    state: State<AppState>,
    who: MaybeStaff,
    csrf: Csrf,
    Path((code, part)): Path<(String, String)>,
) -> AppResult<Html<String>> {
    let part = ColumnPart::ALL
        .into_iter()
        .find(|p| p.slug() == part)
        .ok_or_else(|| AppError::not_found(format!("栏目“{part}”")))?;
    render(state, who, csrf, code, part).await
}

async fn render(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    code: String,
    part: ColumnPart,
) -> AppResult<Html<String>> {
    let tree::AgencyInTree { agency, all } =
        tree::column_in_tree(&state, who.as_ref(), &code).await?;
    let can_edit = who
        .as_ref()
        .is_some_and(|w| tree::may_at(&all, w, Permission::AdministerAgency, agency.id).is_ok());
    let rules_note = note_of(&state, agency.id, "rules").await?;
    let head = crate::portal::column_head(&state, &agency, Some(part), Vec::new()).await?;
    let page = ColumnPage {
        head,
        chrome: Chrome::new(who.as_ref(), &csrf.0.0).previewing(&agency),
        ancestors: tree::ancestors(&all, agency.id),
        children: all
            .iter()
            .filter(|a| a.is_online() && a.parent_id == Some(agency.id))
            .cloned()
            .collect(),
        part,
        parts: ColumnPart::ALL,
        guide_text: agency.guide_text.clone().filter(|t| !t.trim().is_empty()),
        guide: match part {
            ColumnPart::Guide => {
                guide::generate(&agency.profile, &guide::bodies(&state, &agency).await?)
            }
            _ => Vec::new(),
        },
        rules_text: agency.rules_text.clone().filter(|t| !t.trim().is_empty()),
        rules_note,
        can_edit,
        can_apply: agency
            .profile
            .channels
            .contains(&gongkai_domain::vocabulary::Channel::Online),
        agency,
    };
    Ok(Html(page.render()?))
}

/// The column's 无信息说明 as shown: `说明（发布日期）`.
pub async fn note_of(
    state: &AppState,
    agency: gongkai_store::AgencyId,
    column: &str,
) -> AppResult<Option<String>> {
    Ok(state
        .store
        .column_notes(agency)
        .await?
        .into_iter()
        .find(|n| n.column_code == column)
        .map(|n| format!("{}（{}发布）", n.note, n.published_on)))
}
