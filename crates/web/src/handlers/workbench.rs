//! `GET /workbench`: the staff member's starting page.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use gongkai_domain::staff::Role;

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::error::AppResult;
use crate::state::AppState;
use crate::tree;
use crate::views::{Chrome, WorkbenchPage};

pub async fn workbench(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
) -> AppResult<Html<String>> {
    let is_admin = who.has_role(Role::Administrator);
    let supervised = if is_admin || who.has_role(Role::Supervisor) {
        let all = state.store.agencies().await?;
        tree::rows(&all, Some(who.agency.id))
    } else {
        Vec::new()
    };
    let page = WorkbenchPage {
        chrome: Chrome::new(Some(&who), &csrf.0.0),
        display_name: who.staff.display_name.clone(),
        username: who.staff.username.to_string(),
        roles: who.role_labels(),
        agency: who.agency.clone(),
        is_admin,
        supervised,
    };
    Ok(Html(page.render()?))
}
