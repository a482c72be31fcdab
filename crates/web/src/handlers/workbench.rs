//! `GET /workbench`: the staff member's starting page.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use gongkai_domain::access::{CaseAccess, Relation};
use gongkai_domain::policy::{self, Permission};

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::error::AppResult;
use crate::state::AppState;
use crate::tree;
use crate::views::{Chrome, OversightRow, QueueRow, WorkbenchPage};
use gongkai_app::casework::mark_code;
use gongkai_domain::case::{CaseState, QueueMark};

pub async fn workbench(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
) -> AppResult<Html<String>> {
    let may = |p| policy::may_here(&who.staff.roles, p).is_ok();
    let is_admin = may(Permission::AdministerAgency);
    let supervised = if may(Permission::SeeSubtree) {
        let all = state.store.agencies().await?;
        tree::rows(&all, Some(who.agency.id))
    } else {
        Vec::new()
    };
    let queue = queue(&state, &who).await?;
    let oversight = if may(Permission::OverseeDeadlines) {
        oversight(&state, &who).await?
    } else {
        Vec::new()
    };
    let can_publish = may(Permission::HandleCatalogueItem);
    let (awaiting_review, late_items) = if can_publish {
        let items = state.store.items_of_agency(who.agency.id).await?;
        (
            items
                .iter()
                .filter(|i| i.snapshot.state == gongkai_domain::catalogue::ItemState::Submitted)
                .count(),
            items.iter().filter(|i| i.snapshot.late).count(),
        )
    } else {
        (0, 0)
    };
    let page = WorkbenchPage {
        chrome: Chrome::new(Some(&who), &csrf.0.0),
        display_name: who.staff.display_name.clone(),
        username: who.staff.username.to_string(),
        roles: who.role_labels(),
        agency: who.agency.clone(),
        is_admin,
        supervised,
        can_register: may(Permission::RegisterApplication),
        queue,
        oversight,
        can_publish,
        awaiting_review,
        late_items,
    };
    Ok(Html(page.render()?))
}

/// The agency's open cases, most urgent first: overdue, then by reply due
/// date; cases without a running deadline (awaiting confirmation or
/// correction) after them; finished cases are left out. A work queue: only
/// for those who handle the agency's cases (full access under the policy).
async fn queue(state: &AppState, who: &CurrentStaff) -> AppResult<Vec<QueueRow>> {
    let access = CaseAccess::for_staff(&who.staff.roles, Relation::OwnAgency);
    if access != CaseAccess::Full {
        return Ok(Vec::new());
    }
    let calendar = state.calendar_in_force().await?;
    let today = state.clock.today();
    let mut rows = Vec::new();
    for case in state.store.cases_of_agency(who.agency.id).await? {
        let events = state.store.case_events(case.id).await?;
        let v = gongkai_domain::case::fold(&events, &calendar, today);
        if !v.is_open || v.mark == QueueMark::Finished && v.state != CaseState::Delivered {
            continue;
        }
        let Some(applicant) = access.applicant(&case.application.applicant) else {
            continue;
        };
        rows.push((
            v.reply_due,
            QueueRow {
                number: case.number.clone(),
                applicant: applicant.name,
                description: case
                    .application
                    .request
                    .description
                    .chars()
                    .take(40)
                    .collect(),
                state: v.state.label_zh().into(),
                receipt_date: v.receipt_date.map_or("待确认".into(), |d| d.to_string()),
                due: v.reply_due.map_or("—".into(), |d| d.to_string()),
                mark: v.mark.label_zh().into(),
                mark_code: mark_code(v.mark),
            },
        ));
    }
    rows.sort_by_key(|(due, r)| (due.is_none(), *due, r.number.clone()));
    Ok(rows.into_iter().map(|(_, r)| r).collect())
}

/// For supervisors: each agency in their subtree with open, due-soon and
/// overdue applications.
async fn oversight(state: &AppState, who: &CurrentStaff) -> AppResult<Vec<OversightRow>> {
    let calendar = state.calendar_in_force().await?;
    let today = state.clock.today();
    let all = state.store.agencies().await?;
    let mut rows = Vec::new();
    for row in tree::rows(&all, Some(who.agency.id)) {
        let (mut open, mut due_soon, mut overdue) = (0, 0, 0);
        for case in state.store.cases_of_agency(row.agency.id).await? {
            let events = state.store.case_events(case.id).await?;
            let v = gongkai_domain::case::fold(&events, &calendar, today);
            if v.mark == QueueMark::Finished {
                continue;
            }
            open += 1;
            match v.mark {
                QueueMark::Overdue => overdue += 1,
                QueueMark::DueSoon => due_soon += 1,
                _ => {}
            }
        }
        let late_items = state
            .store
            .items_of_agency(row.agency.id)
            .await?
            .iter()
            .filter(|i| i.snapshot.late)
            .count();
        rows.push(OversightRow {
            late_items,
            name: row.agency.profile.full_name.clone(),
            code: row.agency.profile.code.as_str().to_string(),
            depth: row.depth,
            open,
            due_soon,
            overdue,
        });
    }
    Ok(rows)
}
