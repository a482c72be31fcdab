//! `GET /workbench`: the staff member's starting page.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use gongkai_domain::access::{CaseAccess, Relation};
use gongkai_domain::policy::{self, Permission};

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::error::AppResult;
use crate::params::Query;
use crate::state::AppState;
use crate::tree;
use crate::views::{Chrome, OversightRow, QueueRow, TreeRow, WorkbenchPage};
use gongkai_app::case_list;
use gongkai_app::casework::mark_code;
use gongkai_store::{ItemCounts, QueueKey, QueueScope};
use serde::Deserialize;
use std::collections::HashMap;

/// `?after=`: where the queue's page starts (the "下一页" link's cursor).
#[derive(Deserialize)]
pub struct QueueParams {
    #[serde(default)]
    after: Option<String>,
}

pub async fn workbench(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Query(params): Query<QueueParams>,
) -> AppResult<Html<String>> {
    let after = params
        .after
        .as_deref()
        .map(case_list::parse_cursor)
        .transpose()?;
    let may = |p| policy::may_here(&who.staff.roles, p).is_ok();
    let is_admin = may(Permission::AdministerAgency);
    let subtree = if may(Permission::SeeSubtree) || may(Permission::OverseeDeadlines) {
        tree::rows(
            &state.store.agencies_under(who.agency.id).await?,
            Some(who.agency.id),
        )
    } else {
        Vec::new()
    };
    let (queue, queue_next) = queue(&state, &who, after.as_ref()).await?;
    let oversight = if may(Permission::OverseeDeadlines) {
        oversight(&state, &who, &subtree).await?
    } else {
        Vec::new()
    };
    let can_publish = may(Permission::HandleCatalogueItem);
    let counts = if can_publish {
        state.store.item_counts(who.agency.id).await?
    } else {
        ItemCounts::default()
    };
    let page = WorkbenchPage {
        chrome: Chrome::new(Some(&who), &csrf.0.0),
        display_name: who.staff.display_name.clone(),
        username: who.staff.username.to_string(),
        roles: who.role_labels(),
        agency: who.agency.clone(),
        is_admin,
        supervised: if may(Permission::SeeSubtree) {
            subtree
        } else {
            Vec::new()
        },
        can_register: may(Permission::RegisterApplication),
        queue,
        queue_next,
        oversight,
        can_publish,
        awaiting_review: counts.awaiting_review,
        late_items: counts.late,
    };
    Ok(Html(page.render()?))
}

/// One page of the agency's work queue (open cases, most urgent first —
/// see `CaseListStore::case_queue`) and the cursor of the next page. A work
/// queue: only for those who handle the agency's cases (full access under
/// the policy).
async fn queue(
    state: &AppState,
    who: &CurrentStaff,
    after: Option<&QueueKey>,
) -> AppResult<(Vec<QueueRow>, Option<String>)> {
    let access = CaseAccess::for_staff(&who.staff.roles, Relation::OwnAgency);
    if access != CaseAccess::Full {
        return Ok((Vec::new(), None));
    }
    let page = case_list::queue_page(
        state,
        who.agency.id,
        QueueScope::Work,
        after,
        case_list::QUEUE_PAGE,
    )
    .await?;
    let rows = page
        .rows
        .into_iter()
        .filter_map(|r| {
            let applicant = access.applicant(&r.case.application.applicant)?;
            Some(QueueRow {
                number: r.case.number.clone(),
                applicant: applicant.name,
                description: r
                    .case
                    .application
                    .request
                    .description
                    .chars()
                    .take(40)
                    .collect(),
                state: r.snapshot.state.label_zh().into(),
                receipt_date: r
                    .snapshot
                    .receipt_date
                    .map_or("待确认".into(), |d| d.to_string()),
                due: r.due.map_or("—".into(), |d| d.to_string()),
                mark: r.mark.label_zh().into(),
                mark_code: mark_code(r.mark),
            })
        })
        .collect();
    Ok((rows, page.next.as_ref().map(case_list::cursor_of)))
}

/// For supervisors: each agency in their subtree with the cases whose
/// deadline runs, due soon and overdue, and its late items (one query).
async fn oversight(
    state: &AppState,
    who: &CurrentStaff,
    subtree: &[TreeRow],
) -> AppResult<Vec<OversightRow>> {
    let counts: HashMap<_, _> = case_list::deadline_counts(state, who.agency.id)
        .await?
        .into_iter()
        .map(|c| (c.agency_id, c))
        .collect();
    Ok(subtree
        .iter()
        .map(|row| {
            let c = counts.get(&row.agency.id).copied().unwrap_or_default();
            OversightRow {
                name: row.agency.profile.full_name.clone(),
                code: row.agency.profile.code.as_str().to_string(),
                depth: row.depth,
                open: c.running,
                due_soon: c.due_soon,
                overdue: c.overdue,
                late_items: c.late_items,
            }
        })
        .collect())
}
