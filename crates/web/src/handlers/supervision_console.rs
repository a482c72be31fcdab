//! `GET /workbench/supervision`: the supervising office's console (督查台)
//! — one row per agency of its subtree; every number links to the list
//! behind it (the case register narrowed to the agency and the deadline,
//! the report, the health findings, the plans). `?sort=&dir=&only=&q=&page=`;
//! `&format=xlsx` downloads every selected row. The use case is
//! `gongkai_app::supervision`; this reads the query string and renders.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use gongkai_app::supervision::{
    self, Console, ConsoleQuery, ConsoleRow, ConsoleTotals, Only, SortKey,
};
use gongkai_domain::policy::Principal;
use serde::{Deserialize, Serialize};

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::downloads::{XLSX, attachment};
use crate::error::{AppError, AppResult};
use crate::params::Query;
use crate::state::AppState;
use crate::views::{Chrome, Opt};

/// The query string, as typed (kept to build the links again).
#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct ConsoleParams {
    pub sort: String,
    pub dir: String,
    pub only: String,
    pub q: String,
    #[serde(skip_serializing)]
    pub page: String,
    #[serde(skip_serializing)]
    pub format: String,
}

impl ConsoleParams {
    /// This console's URL with `changes` applied (blank values dropped).
    pub fn url(&self, changes: &[(&str, &str)]) -> String {
        let mut pairs: Vec<(&str, &str)> = vec![
            ("sort", self.sort.as_str()),
            ("dir", &self.dir),
            ("only", &self.only),
            ("q", &self.q),
        ];
        for (k, v) in changes {
            match pairs.iter_mut().find(|(key, _)| key == k) {
                Some(p) => p.1 = v,
                None => pairs.push((k, v)),
            }
        }
        pairs.retain(|(_, v)| !v.trim().is_empty());
        match serde_urlencoded::to_string(&pairs).unwrap_or_default() {
            q if q.is_empty() => "/workbench/supervision".into(),
            q => format!("/workbench/supervision?{q}"),
        }
    }
}

/// A sortable column's heading.
pub struct Heading {
    pub label: String,
    pub code: &'static str,
    pub url: String,
    /// ▲ or ▼ on the column sorted by.
    pub arrow: &'static str,
}

#[derive(Template)]
#[template(path = "supervision.html")]
pub struct ConsolePage {
    pub chrome: Chrome,
    pub office: String,
    pub form: ConsoleParams,
    pub filters: Vec<Opt>,
    pub headings: Vec<Heading>,
    pub c: Console,
    pub export: String,
    pub previous: Option<String>,
    pub next: Option<String>,
}

impl ConsolePage {
    pub fn totals(&self) -> &ConsoleTotals {
        &self.c.totals
    }

    /// The register narrowed to the row's agency and a deadline mark.
    pub fn cases(&self, r: &ConsoleRow, due: &str) -> String {
        format!("/workbench/cases?agency={}&due={due}", r.code)
    }

    pub fn indent(&self, r: &ConsoleRow) -> String {
        format!("padding-left:{}em", r.depth.min(6))
    }
}

fn headings(p: &ConsoleParams, q: &ConsoleQuery, last: i32, this: i32) -> Vec<Heading> {
    SortKey::ALL
        .into_iter()
        .filter(|k| *k != SortKey::Tree)
        .map(|k| {
            let sorted = q.sort == k;
            // A second click on the column sorted by turns it round.
            let dir = match (sorted, q.descending) {
                (true, true) => "asc",
                (true, false) => "desc",
                (false, _) if k.descends_by_default() => "desc",
                (false, _) => "asc",
            };
            let label = match k {
                SortKey::ReportLast => format!("{last}年度年报"),
                SortKey::ReportThis => format!("{this}年度年报"),
                other => other.label().to_string(),
            };
            Heading {
                label,
                code: k.code(),
                url: p.url(&[("sort", k.code()), ("dir", dir), ("page", "")]),
                arrow: match (sorted, q.descending) {
                    (true, true) => "▼",
                    (true, false) => "▲",
                    _ => "",
                },
            }
        })
        .collect()
}

pub async fn show(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Query(p): Query<ConsoleParams>,
) -> AppResult<Response> {
    let reader = Principal {
        agency: who.agency.id,
        roles: &who.staff.roles,
    };
    let q = ConsoleQuery::parse(&p.sort, &p.dir, &p.only, &p.q, &p.page)?;
    match p.format.trim() {
        "" | "html" => {}
        "xlsx" => return export(&state, &who, &reader, &q).await,
        other => {
            return Err(AppError::bad_request(format!(
                "导出格式“{}”无法识别：导出请用 format=xlsx，查看请去掉该参数。",
                other.chars().take(20).collect::<String>()
            )));
        }
    }
    let c = supervision::read(&state, &reader, &q).await?;
    let page_url = |n: usize| p.url(&[("page", &n.to_string())]);
    let page = ConsolePage {
        chrome: Chrome::new(Some(&who), &csrf.0.0),
        office: who.agency.profile.full_name.clone(),
        filters: Only::ALL
            .iter()
            .map(|o| Opt {
                value: o.code().into(),
                label: o.label().into(),
            })
            .collect(),
        headings: headings(&p, &q, c.last_year, c.this_year),
        export: p.url(&[("format", "xlsx")]),
        previous: (c.page > 1).then(|| page_url(c.page - 1)),
        next: (c.page < c.pages).then(|| page_url(c.page + 1)),
        form: p,
        c,
    };
    Ok(Html(page.render()?).into_response())
}

async fn export(
    state: &AppState,
    who: &CurrentStaff,
    reader: &Principal<'_>,
    q: &ConsoleQuery,
) -> AppResult<Response> {
    let at = gongkai_app::clock::beijing(state.clock.now());
    let mut conditions = vec![format!("导出时间：{}", at.format("%Y-%m-%d %H:%M"))];
    if let Some(o) = q.only {
        conditions.push(format!("筛选：{}", o.label()));
    }
    if let Some(s) = &q.search {
        conditions.push(format!("机关名称含：{s}"));
    }
    conditions.push(format!("排序：{}", q.sort.label()));
    let title = format!("{}政务公开督查台", who.agency.profile.full_name);
    let bytes = supervision::console_xlsx(state, reader, q, title, conditions.join("；")).await?;
    let filename = format!("{}政务公开督查台.xlsx", who.agency.profile.full_name);
    Ok(attachment(bytes, &filename, XLSX))
}
