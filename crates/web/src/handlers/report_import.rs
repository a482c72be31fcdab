//! `POST /workbench/reports/import`: a supervisor or administrator stores a
//! report checked on `/reports/check` as an agency's report of a year
//! (`gongkai_app::report_import`). Here: the form, who may, and where to.

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_domain::policy::{self, Permission};
use serde::Deserialize;

use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use gongkai_app::report_import;

#[derive(Deserialize)]
pub struct ImportForm {
    /// The agency's code.
    #[serde(default)]
    agency: String,
    #[serde(default)]
    year: String,
    /// The report in the shared JSON shape, as the check page wrote it.
    #[serde(default)]
    report: String,
    /// The file it was read from.
    #[serde(default)]
    source: String,
}

/// `GET /workbench/reports/import` (e.g. after logging in from the form):
/// reports are imported from the check page's results.
pub async fn form() -> Redirect {
    Redirect::to("/reports/check")
}

/// `POST /workbench/reports/import` (agency code, year, the report's JSON,
/// the file name).
pub async fn import(
    State(state): State<AppState>,
    who: CurrentStaff,
    Form(form): Form<ImportForm>,
) -> AppResult<Response> {
    policy::may_here(&who.staff.roles, Permission::ImportReport)
        .map_err(|r| AppError::forbidden(r.0))?;
    let code = form.agency.trim();
    if code.is_empty() {
        return Err(AppError::bad_request("请选择要导入到哪个机关的年报栏目。"));
    }
    let agency = crate::tree::permitted(&state, &who, code, Permission::ImportReport)
        .await?
        .agency;
    let year: i32 = form.year.trim().parse().map_err(|_| {
        AppError::bad_request(format!(
            "年度“{}”不是年份：请填写报告的统计年度（如2020）。",
            form.year.trim()
        ))
    })?;
    let by = report_import::Importer {
        staff_id: who.staff.id,
        display_name: &who.staff.display_name,
        agency_short_name: &who.agency.profile.short_name,
    };
    let import = report_import::Import {
        agency: &agency,
        year,
        report_json: &form.report,
        source: &form.source,
    };
    let version = report_import::import(&state, &by, import).await?;
    Ok(Redirect::to(&format!(
        "/agencies/{}/reports/{year}?version={}",
        agency.profile.code.as_str(),
        version.version
    ))
    .into_response())
}
