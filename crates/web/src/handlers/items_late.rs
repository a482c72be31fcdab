//! `GET /workbench/items/late[?agency=CODE]`: an agency's items published
//! later than Art. 26 allows (20 working days from forming or changing),
//! newest first — what the console's count of late publications opens.
//! Its staff and those above it (`Permission::ReadStatistics`) read it.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use gongkai_app::catalogue_list::{self, LATE_ITEMS_MAX};
use gongkai_domain::policy::Permission;
use gongkai_store::ItemListRow;

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::error::AppResult;
use crate::params::Query;
use crate::state::AppState;
use crate::tree;
use crate::views::Chrome;

#[derive(Template)]
#[template(path = "items_late.html")]
pub struct LateItemsPage {
    pub chrome: Chrome,
    pub agency_name: String,
    pub rows: Vec<ItemListRow>,
    pub more: bool,
    pub max: u32,
}

impl LateItemsPage {
    pub fn date(&self, d: &Option<chrono::NaiveDate>) -> String {
        d.map(|d| d.to_string()).unwrap_or_default()
    }

    pub fn days(&self, r: &ItemListRow) -> String {
        r.delay_working_days
            .map(|n| format!("{n}个工作日"))
            .unwrap_or_default()
    }
}

pub async fn list(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Html<String>> {
    let own = who.agency.profile.code.as_str().to_string();
    let code = q
        .get("agency")
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .unwrap_or(&own);
    let found = tree::permitted(&state, &who, code, Permission::ReadStatistics).await?;
    let (rows, more) = catalogue_list::late_items(&state, found.agency.id).await?;
    Ok(Html(
        LateItemsPage {
            chrome: Chrome::new(Some(&who), &csrf.0.0),
            agency_name: found.agency.profile.full_name,
            rows,
            more,
            max: LATE_ITEMS_MAX,
        }
        .render()?,
    ))
}
