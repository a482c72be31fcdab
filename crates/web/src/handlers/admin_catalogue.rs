//! `GET|POST /admin/agencies/{code}/standard-catalogue`: the agency's 标准目录
//! for its staff and the supervising offices above it — derived from a
//! template, rows deleted with a reason, changed or added — and how it
//! differs from the template. The commands are
//! `gongkai_app::standard_catalogue`; the store audits each change.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use gongkai_app::health::notes;
use gongkai_app::standard_catalogue::{self as catalogue, CatalogueView};
use gongkai_domain::catalogue::standard::{CatalogueRow, Difference, TemplateKind};
use gongkai_store::Agency;

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::params::Path;
use crate::state::AppState;
use crate::views::{Choice, Chrome};

/// A row with its cells (after the key) for the table and its edit form.
pub struct RowLine {
    pub key: String,
    pub cells: Vec<String>,
    pub deleted_reason: Option<String>,
}

/// A column with its 无信息说明, if published.
pub struct NoteLine {
    pub code: &'static str,
    pub name: String,
    pub note: Option<String>,
    pub published_on: String,
}

/// A difference as the supervising office reads it.
pub struct DiffLine {
    pub kind: &'static str,
    pub item: String,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "admin_catalogue.html")]
pub struct CatalogueAdminPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub template: Option<&'static str>,
    pub templates: Vec<Choice>,
    pub header: &'static [&'static str],
    pub rows: Vec<RowLine>,
    pub diffs: Vec<DiffLine>,
    pub notes: Vec<NoteLine>,
    pub editable: bool,
    pub notice: Option<String>,
    pub error: Option<String>,
}

fn diff_line(d: &Difference) -> DiffLine {
    let item = |r: &CatalogueRow| format!("{}—{}", r.level1, r.level2);
    match d {
        Difference::Deleted { row, reason } => DiffLine {
            kind: "删除",
            item: item(row),
            detail: format!("理由：{reason}"),
        },
        Difference::Added { row } => DiffLine {
            kind: "新增",
            item: item(row),
            detail: format!("公开时限：{}", row.limit.label()),
        },
        Difference::Changed { row, columns } => DiffLine {
            kind: "调整",
            item: item(row),
            detail: format!("调整了{}", columns.join("、")),
        },
    }
}

fn note_lines(notes: &[gongkai_store::ColumnNote]) -> Vec<NoteLine> {
    notes::columns()
        .into_iter()
        .map(|(code, name)| {
            let n = notes.iter().find(|n| n.column_code == code);
            NoteLine {
                code,
                name,
                note: n.map(|n| n.note.clone()),
                published_on: n.map(|n| n.published_on.to_string()).unwrap_or_default(),
            }
        })
        .collect()
}

struct Messages {
    notice: Option<String>,
    error: Option<String>,
}

fn page(
    who: &CurrentStaff,
    csrf: &str,
    agency: Agency,
    v: CatalogueView,
    notes: Vec<NoteLine>,
    m: Messages,
) -> CatalogueAdminPage {
    let template = v
        .catalogue
        .as_ref()
        .and_then(|c| TemplateKind::from_code(&c.template))
        .map(TemplateKind::label);
    let rows = v
        .catalogue
        .iter()
        .flat_map(|c| c.rows.iter())
        .map(|r| RowLine {
            key: r.row.key.clone(),
            cells: r.row.cells()[1..].to_vec(),
            deleted_reason: r.deleted_reason.clone(),
        })
        .collect();
    CatalogueAdminPage {
        chrome: Chrome::new(Some(who), csrf),
        agency,
        template,
        templates: TemplateKind::ALL
            .iter()
            .map(|k| Choice {
                value: k.code(),
                label: k.label(),
            })
            .collect(),
        header: catalogue::form_columns(),
        rows,
        diffs: v.differences.iter().map(diff_line).collect(),
        notes,
        editable: v.editable,
        notice: m.notice,
        error: m.error,
    }
}

async fn render(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    agency: Agency,
    notice: Option<String>,
    error: Option<String>,
) -> AppResult<String> {
    let v = catalogue::view(state.store.as_ref(), &who.staff, &agency).await?;
    let notes = note_lines(&notes::of(&state.app, &agency).await?);
    Ok(page(who, csrf, agency, v, notes, Messages { notice, error }).render()?)
}

async fn agency_of(state: &AppState, code: &str) -> AppResult<Agency> {
    state
        .store
        .agency_by_code(code)
        .await?
        .ok_or_else(|| AppError::not_found(format!("代码为“{code}”的机构")))
}

pub async fn show(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(code): Path<String>,
) -> AppResult<Html<String>> {
    let agency = agency_of(&state, &code).await?;
    Ok(Html(
        render(&state, &who, &csrf.0.0, agency, None, None).await?,
    ))
}

/// What deleting a row says: its reason goes up, and the items filed
/// under it stay public under their Article 20 item.
fn deleted_notice(filed: u64) -> String {
    let reason = "已删除该事项，删除理由将向上级政务公开主管部门展示。";
    if filed == 0 {
        return reason.into();
    }
    format!(
        "{reason}原归入该事项的{filed}条信息不会隐藏，仍在其第二十条事项下公开，但不再列入该子栏目；恢复该事项即重新列入。尚未发布的信息请在编辑时改选子栏目。"
    )
}

/// `op=derive` (template), `op=delete` (key, reason), `op=restore` (key),
/// `op=save` (key, empty for a new row; the eleven columns `c1`…`c11`),
/// `op=note` (column, note: empty withdraws it).
pub async fn save(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(code): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let agency = agency_of(&state, &code).await?;
    // Who may comes first: someone without the right learns that, not that
    // the form was empty.
    catalogue::may_edit(state.store.as_ref(), &who.staff, &agency).await?;
    let field = |k: &str| form.get(k).cloned().unwrap_or_default();
    let (app, me, key) = (&state.app, &who.staff, field("key"));
    let done = match field("op").as_str() {
        "derive" => catalogue::derive(app, me, &agency, &field("template"))
            .await
            .map(|n| {
                format!("已由模板生成标准目录，共{n}项：请删除本机关不涉及的事项并写明理由。")
            }),
        "delete" => catalogue::delete(app, me, &agency, &key, &field("reason"))
            .await
            .map(deleted_notice),
        "note" => notes::put(app, me, &agency, &field("column"), &field("note")).await,
        "restore" => catalogue::restore(app, me, &agency, &key)
            .await
            .map(|()| "已恢复该事项。".into()),
        "save" => {
            let cells: Vec<String> = (1..=catalogue::form_columns().len())
                .map(|i| field(&format!("c{i}")))
                .collect();
            catalogue::save(app, me, &agency, &key, &cells)
                .await
                .map(|_| "已保存该事项。".into())
        }
        _ => {
            return Err(AppError::bad_request(
                "请使用页面上的表单提交：生成、删除、恢复或保存事项。",
            ));
        }
    };
    let (status, notice, error) = match done {
        Ok(n) => (StatusCode::OK, Some(n), None),
        Err(gongkai_app::Error::Invalid(m)) => (StatusCode::UNPROCESSABLE_ENTITY, None, Some(m)),
        Err(gongkai_app::Error::Conflict { message, .. }) => {
            (StatusCode::CONFLICT, None, Some(message))
        }
        Err(e) => return Err(e.into()),
    };
    let html = render(&state, &who, &csrf.0.0, agency, notice, error).await?;
    Ok((status, Html(html)).into_response())
}
