//! `GET /items`: the editor's list of the agency's items (信息列表), in
//! every state, last changed first, a page at a time (`?after=`, the
//! "下一页" link); each page is one query of at most a page of rows
//! (`gongkai_app::catalogue_list::item_list_page`), never the items' bodies.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use gongkai_app::catalogue_list;
use gongkai_domain::catalogue::PUBLICATION_WORKING_DAYS;
use gongkai_domain::policy::{self, Permission};
use gongkai_store::ItemListRow;
use serde::Deserialize;

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::params::Query;
use crate::state::AppState;
use crate::views::{Chrome, ItemRow, ItemsStaffPage};

/// `?after=`: where the page starts (the "下一页" link's cursor).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListParams {
    after: String,
}

pub async fn list(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Query(params): Query<ListParams>,
) -> AppResult<Html<String>> {
    let may = |p| policy::may_here(&who.staff.roles, p);
    may(Permission::ListCatalogue).map_err(|r| AppError::forbidden(r.0))?;
    let after = match params.after.trim() {
        "" => None,
        a => Some(catalogue_list::parse_item_list_cursor(a)?),
    };
    let page = catalogue_list::item_list_page(&state, who.agency.id, after.as_ref()).await?;
    let next = page.next.map(|k| {
        let query = serde_urlencoded::to_string([("after", catalogue_list::item_list_cursor(&k))])
            .unwrap_or_default();
        format!("/items?{query}")
    });
    Ok(Html(
        ItemsStaffPage {
            chrome: Chrome::new(Some(&who), &csrf.0.0),
            agency_name: who.agency.profile.full_name.clone(),
            can_edit: may(Permission::EditCatalogueItem).is_ok(),
            rows: page.rows.iter().map(row).collect(),
            next,
            first: after.map(|_| "/items".to_string()),
        }
        .render()?,
    ))
}

fn row(r: &ItemListRow) -> ItemRow {
    ItemRow {
        id: r.id,
        title: r.title.clone(),
        state: r.state.label_zh().into(),
        index_number: r.index_number.clone().unwrap_or_default(),
        formed_on: r.timeliness_start.to_string(),
        published_on: r.published_on.map(|d| d.to_string()).unwrap_or_default(),
        timeliness: match r.delay_working_days {
            Some(n) if r.late => format!("{n}个工作日，超过{PUBLICATION_WORKING_DAYS}个工作日"),
            Some(n) => format!("{n}个工作日"),
            None => String::new(),
        },
        late: r.late,
    }
}
