//! `GET /agencies/{code}/standard-catalogue[.xlsx]`: the agency's 标准目录 in
//! its column — the sub-columns it names as the column's navigation, each a
//! link to the catalogue narrowed to it (`super::catalogue_subs`), then the
//! table in the national template's columns — and the same table as XLSX.
//! Rows deleted from the template are not shown to the public.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::response::{Html, Response};
use gongkai_app::standard_catalogue::public_rows;
use gongkai_domain::catalogue::standard::{CatalogueRow, ColumnRef};
use gongkai_store::Agency;

use super::Csrf;
use super::catalogue_subs::{SubLink, sub_href};
use crate::auth::MaybeStaff;
use crate::downloads::XLSX;
use crate::error::{AppError, AppResult};
use crate::params::Path;
use crate::state::AppState;
use crate::views::{Chrome, ColumnPart};

/// A column of the navigation: an Article 20 item (or a part of the
/// column) with the sub-columns the catalogue names under it.
pub struct NavColumn {
    pub label: String,
    /// Where the column's items are listed.
    pub href: String,
    /// Its sub-columns, each listing the items filed under its rows.
    pub subs: Vec<SubLink>,
}

/// One row as the table shows it: the eleven cells after the key.
pub struct TableRow {
    pub cells: Vec<String>,
}

#[derive(Template)]
#[template(path = "standard_catalogue_public.html")]
pub struct StandardCataloguePage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub parts: [ColumnPart; 4],
    pub nav: Vec<NavColumn>,
    pub header: &'static [&'static str],
    pub rows: Vec<TableRow>,
}

/// The navigation: columns in the Article 20 order, then the report, the
/// guide and the rules; each with its sub-columns in the rows' order.
pub fn navigation(code: &str, rows: &[CatalogueRow]) -> Vec<NavColumn> {
    let mut by: BTreeMap<(u8, String), NavColumn> = BTreeMap::new();
    for r in rows {
        let (order, label, href, sub) = match &r.column {
            ColumnRef::Item { item, sub } => (
                item.number(),
                format!("{}{}", item.ordinal_label(), item.label()),
                format!("/agencies/{code}/catalogue?item={}", item.code()),
                Some(SubLink {
                    href: sub_href(code, *item, sub),
                    name: sub.clone(),
                    current: false,
                }),
            ),
            ColumnRef::AnnualReport => (
                16,
                "政府信息公开年报".into(),
                format!("/agencies/{code}/reports"),
                None,
            ),
            ColumnRef::Guide => (
                17,
                "政府信息公开指南".into(),
                format!("/agencies/{code}/guide"),
                None,
            ),
            ColumnRef::Rules => (
                18,
                "政府信息公开制度".into(),
                format!("/agencies/{code}/rules"),
                None,
            ),
        };
        let col = by.entry((order, label.clone())).or_insert(NavColumn {
            label,
            href,
            subs: Vec::new(),
        });
        if let Some(s) = sub
            && !col.subs.iter().any(|c| c.name == s.name)
        {
            col.subs.push(s);
        }
    }
    by.into_values().collect()
}

/// The eleven cells after the key, the column by its name.
fn public_cells(r: &CatalogueRow) -> Vec<String> {
    let mut cells = r.cells()[1..].to_vec();
    if let Some(last) = cells.last_mut() {
        *last = r.column.label();
    }
    cells
}

async fn rows_of(state: &AppState, code: &str) -> AppResult<(Agency, Vec<CatalogueRow>)> {
    let agency = crate::tree::public_agency(state, code).await?;
    let rows = public_rows(state.store.as_ref(), &agency).await?;
    Ok((agency, rows))
}

pub async fn show(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Path(code): Path<String>,
) -> AppResult<Html<String>> {
    let (agency, rows) = rows_of(&state, &code).await?;
    Ok(Html(
        StandardCataloguePage {
            chrome: Chrome::new(who.as_ref(), &csrf.0.0),
            nav: navigation(agency.profile.code.as_str(), &rows),
            rows: rows
                .iter()
                .map(|r| TableRow {
                    cells: public_cells(r),
                })
                .collect(),
            header: gongkai_app::standard_catalogue::form_columns(),
            parts: ColumnPart::ALL,
            agency,
        }
        .render()?,
    ))
}

/// The table as XLSX: `{agency}基层政务公开标准目录.xlsx`.
pub async fn xlsx(State(state): State<AppState>, Path(code): Path<String>) -> AppResult<Response> {
    let (agency, rows) = rows_of(&state, &code).await?;
    if rows.is_empty() {
        return Err(AppError::not_found("本机关的标准目录"));
    }
    let title = format!("{}基层政务公开标准目录", agency.profile.full_name);
    let cells: Vec<Vec<String>> = rows.iter().map(public_cells).collect();
    let bytes =
        gongkai_render::standard_catalogue_xlsx(&title, &cells).map_err(AppError::internal)?;
    Ok(crate::downloads::attachment(
        bytes,
        &format!("{title}.xlsx"),
        XLSX,
    ))
}
