//! Article 20 figures per agency and year (table 二): by form, by CSV/XLSX
//! upload, and (in `api/`) by JSON. 规章/规范性文件 counts are derived from
//! the catalogue, never typed.

use std::collections::HashMap;

use crate::params::{Path, Query};
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::Datelike;
use gongkai_domain::application::FieldErrors;
use gongkai_domain::catalogue::{
    Article20Figures, FIGURES_HEADER, FiguresForm, LIST_ROWS, figures_from_rows,
};
use gongkai_domain::policy::Permission;
use gongkai_store::Agency;
use serde::Deserialize;

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views::{Chrome, FiguresPage, ListRow};
use gongkai_app::reporting::derived_counts;

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<crate::params::Year>,
}

async fn agency_for(state: &AppState, who: &CurrentStaff, code: &str) -> AppResult<Agency> {
    let found = crate::tree::permitted(state, who, code, Permission::FillFigures).await?;
    Ok(found.agency)
}

fn form_of(f: &Article20Figures) -> FiguresForm {
    FiguresForm::from(f)
}

/// What a figures page shows besides the agency's data.
#[derive(Default)]
struct Shown {
    /// The form as typed (None: the saved figures).
    form: Option<FiguresForm>,
    errors: FieldErrors,
    notice: Option<String>,
}

async fn page(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    agency: Agency,
    year: i32,
    shown: Shown,
) -> AppResult<String> {
    let Shown {
        form,
        errors,
        notice,
    } = shown;
    let form = match form {
        Some(f) => f,
        None => state
            .store
            .figures(agency.id, year)
            .await?
            .map(|r| form_of(&r.figures))
            .unwrap_or_default(),
    };
    let counts = derived_counts(state.store.as_ref(), agency.id, year).await?;
    let c = |x: &gongkai_domain::catalogue::Counts3| (x.made, x.repealed, x.in_force);
    let lists: Vec<ListRow> = LIST_ROWS
        .iter()
        .map(|(key, label)| {
            let field = |suffix: &str| format!("list_{key}_{suffix}");
            let value = |suffix: &str| form.lists.get(&field(suffix)).cloned().unwrap_or_default();
            ListRow {
                key: (*key).to_string(),
                label,
                last_year: value("last_year"),
                change: value("change"),
                error: [field("last_year"), field("change")]
                    .iter()
                    .filter_map(|f| errors.get(f).map(str::to_string))
                    .collect::<Vec<_>>()
                    .join("；"),
            }
        })
        .collect();
    Ok(FiguresPage {
        chrome: Chrome::new(Some(who), csrf),
        regs: c(&counts.regulations),
        norms: c(&counts.normative),
        agency,
        year,
        form,
        errors,
        notice,
        header: FIGURES_HEADER.join(","),
        lists,
    }
    .render()?)
}

fn year_of(state: &AppState, q: &YearQuery) -> AppResult<i32> {
    let year = q
        .year
        .map(|y| y.0)
        .unwrap_or_else(|| state.clock.today().year() - 1);
    if !(2019..=2100).contains(&year) {
        return Err(AppError::bad_request(
            "年度应为2019年或以后（全国统一年报格式自2019年起施行）。",
        ));
    }
    Ok(year)
}

pub async fn show(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(code): Path<String>,
    Query(q): Query<YearQuery>,
) -> AppResult<Html<String>> {
    let agency = agency_for(&state, &who, &code).await?;
    let year = year_of(&state, &q)?;
    Ok(Html(
        page(&state, &who, &csrf.0.0, agency, year, Shown::default()).await?,
    ))
}

pub async fn save(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(code): Path<String>,
    Query(q): Query<YearQuery>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let agency = agency_for(&state, &who, &code).await?;
    let year = year_of(&state, &q)?;
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let form = FiguresForm {
        permits: get("permits"),
        penalties: get("penalties"),
        compulsory_measures: get("compulsory_measures"),
        fee_income_wan_yuan: get("fee_income_wan_yuan"),
        other_services: get("other_services"),
        procurement_items: get("procurement_items"),
        procurement_amount: get("procurement_amount"),
        lists: f
            .iter()
            .filter(|(k, _)| k.starts_with("list_"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    };
    match form.validate(year) {
        Ok(figures) => {
            state
                .store
                .put_figures(agency.id, &figures, Some(who.staff.id))
                .await?;
            let html = page(
                &state,
                &who,
                &csrf.0.0,
                agency,
                year,
                Shown {
                    notice: Some(format!("已保存{year}年数据。")),
                    ..Shown::default()
                },
            )
            .await?;
            Ok(Html(html).into_response())
        }
        Err(errors) => {
            let html = page(
                &state,
                &who,
                &csrf.0.0,
                agency,
                year,
                Shown {
                    form: Some(form),
                    errors,
                    notice: None,
                },
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

/// The figures of an uploaded CSV (UTF-8, GB18030/GBK) or XLSX (first
/// sheet), read by the one tabular reader; problems by spreadsheet row.
fn figures_of(filename: &str, bytes: &[u8]) -> Result<Vec<Article20Figures>, Vec<String>> {
    let sheet = gongkai_parse::sheet::read_sheet(filename, bytes.to_vec())
        .map_err(|e| vec![e.to_string()])?;
    let rows: Vec<Vec<String>> = sheet.rows().collect();
    figures_from_rows(&rows).map_err(|errs| {
        errs.into_iter()
            .map(|mut e| {
                e.row += sheet.offset;
                e.to_string()
            })
            .collect()
    })
}

pub async fn upload(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(code): Path<String>,
    Query(q): Query<YearQuery>,
    mut multipart: Multipart,
) -> AppResult<Response> {
    let agency = agency_for(&state, &who, &code).await?;
    let year = year_of(&state, &q)?;
    let mut file = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or_default().to_string();
            let bytes = field.bytes().await.map_err(|_| {
                AppError::bad_request("文件过大或上传中断，请重新上传（不超过10MB）。")
            })?;
            file = Some((name, bytes.to_vec()));
        }
    }
    let mut errors = FieldErrors::default();
    let mut notice = None;
    match file.filter(|(_, b)| !b.is_empty()) {
        None => errors.push("file", "请选择要导入的 CSV 或 XLSX 文件。"),
        Some((name, bytes)) => match figures_of(&name, &bytes) {
            Ok(all) => {
                for f in &all {
                    state
                        .store
                        .put_figures(agency.id, f, Some(who.staff.id))
                        .await?;
                }
                let years: Vec<String> = all.iter().map(|f| f.year.to_string()).collect();
                notice = Some(format!(
                    "已导入{}个年度的数据：{}。",
                    all.len(),
                    years.join("、")
                ));
            }
            Err(msgs) => {
                for m in msgs {
                    errors.push("file", m);
                }
            }
        },
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let html = page(
        &state,
        &who,
        &csrf.0.0,
        agency,
        year,
        Shown {
            form: None,
            errors,
            notice,
        },
    )
    .await?;
    Ok((status, Html(html)).into_response())
}
