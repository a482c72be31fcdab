//! The manage page of an item (`/items/{id}/manage`): its state and
//! record, what will be published (the reviewer approves what he sees),
//! Art. 26 before and after publication, and the actions the workflow
//! allows next.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use gongkai_domain::catalogue::PUBLICATION_WORKING_DAYS;
use gongkai_domain::policy::Permission;

use super::Csrf;
use super::items_actions::actions_for;
use super::items_notice::Notice;
use super::items_staff::{may, own_item};
use crate::auth::CurrentStaff;
use crate::error::AppResult;
use crate::params::{Id, Path};
use crate::state::AppState;
use crate::views::*;
use gongkai_app::catalogue_work::ItemBundle;

pub(super) async fn render_manage(
    state: &AppState,
    b: &ItemBundle,
    who: &CurrentStaff,
    csrf: &str,
    notice: Option<Notice>,
    error: Option<String>,
) -> AppResult<String> {
    let today = state.clock.today().to_string();
    let timeliness = match b.view.timeliness(&b.calendar) {
        Some(t) if t.late => format!(
            "{}个工作日，超过《条例》第二十六条规定的{}个工作日",
            t.working_days, PUBLICATION_WORKING_DAYS
        ),
        Some(t) => format!("{}个工作日", t.working_days),
        // Before publication: the working days so far and the last day.
        None => b
            .view
            .timeliness_pending(&b.calendar, state.clock.today())
            .describe_zh(),
    };
    let files = state.store.item_attachments(b.record.id).await?;
    let review_files = super::items_review::review_files(b.record.id, &files);
    let linked = super::items_review::linked_interpretations(state, b).await?;
    let revision = super::items_revision::view(state, &b.view.metadata, &files).await?;
    let shown = super::items_content::Shown::of(&b.record.snapshot);
    let it = super::items_content::public_item(shown, files.clone(), Vec::new());
    Ok(ItemStaffPage {
        it,
        revision,
        can_revise: may(who, Permission::EditCatalogueItem)
            && b.record.snapshot.published_on.is_some()
            && b.record.snapshot.withdrawal_note.is_none()
            && b.record.snapshot.validity.is_in_force(),
        review_files,
        linked,
        body_source: b
            .view
            .metadata
            .body_source
            .as_ref()
            .map(|s| s.filename.clone()),
        chrome: Chrome::new(Some(who), csrf),
        id: b.record.id,
        title: b.view.metadata.title.clone(),
        state: b.view.state.label_zh().into(),
        index_number: b
            .view
            .index_number
            .as_ref()
            .map(|n| n.as_str().to_string())
            .unwrap_or_else(|| "（发布时生成）".into()),
        validity: b.view.validity.label_zh(),
        timeliness,
        published: b.view.state.is_public(),
        history: b.view.history_zh().to_vec(),
        actions: actions_for(
            b,
            who,
            &today,
            &super::items_actions::candidates(state, b).await?,
        ),
        extra: super::items_interpretation::staff_panel(state, b).await?,
        next_seq: b.next_seq(),
        can_edit: may(who, Permission::EditCatalogueItem) && b.view.state.is_editable(),
        can_attach: may(who, Permission::EditCatalogueItem),
        attachments: files
            .into_iter()
            .map(|a| format!("{}（{} KB）", a.filename, (a.size + 1023) / 1024))
            .collect(),
        notice_is_change: notice.as_ref().is_some_and(|n| n.change),
        notice: notice.map(|n| n.text),
        error,
    }
    .render()?)
}

pub async fn manage(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
) -> AppResult<Html<String>> {
    let b = own_item(&state, &who, id).await?;
    Ok(Html(
        render_manage(&state, &b, &who, &csrf.0.0, None, None).await?,
    ))
}

/// The manage page after an upload (an attachment, the body's file): what
/// was done, or why not with 422.
pub(super) async fn after_upload(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    id: i64,
    result: Result<String, String>,
) -> AppResult<Response> {
    let (status, notice, error) = match result {
        Ok(text) => (
            StatusCode::OK,
            Some(Notice {
                text,
                change: false,
            }),
            None,
        ),
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, None, Some(e)),
    };
    let b = own_item(state, who, id).await?;
    let html = render_manage(state, &b, who, csrf, notice, error).await?;
    Ok((status, Html(html)).into_response())
}
