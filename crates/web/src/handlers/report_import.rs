//! `POST /workbench/reports/import`: a supervisor or administrator stores a
//! report checked on `/reports/check` as an agency's report of a year, so
//! that the carry-over (AR-09) and the other cross-year checks of the
//! reports gongkai generates have last year's figures. The report becomes a
//! published version (versions are append-only: importing a year that
//! already has one adds a version) with a visible note naming the file and
//! who imported it.
//!
//! The posted JSON is never trusted as it comes: it is read again with
//! `AnnualReport::from_json` (only the cells of the national formats are
//! kept) and checked again with the rule catalogue before it is stored.

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use gongkai_domain::policy::{self, Permission};
use gongkai_domain::report::{AnnualReport, RuleContext, validate};
use gongkai_domain::vocabulary::ReportFormat;
use gongkai_store::NewReportVersion;
use serde::Deserialize;

use super::admin_agency::audit;
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use gongkai_app::reporting;

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

/// The file name for the note: no control characters, not too long.
fn source_name(source: &str) -> String {
    let s: String = source
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let s = s.trim();
    if s.is_empty() {
        "（未命名）".into()
    } else {
        s.to_string()
    }
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
    let all = state.store.agencies().await?;
    let code = form.agency.trim();
    if code.is_empty() {
        return Err(AppError::bad_request("请选择要导入到哪个机关的年报栏目。"));
    }
    let agency = all
        .iter()
        .find(|a| a.profile.code.as_str() == code)
        .cloned()
        .ok_or_else(|| AppError::not_found(format!("代码为“{code}”的机构")))?;
    if super::may_at(&all, &who, Permission::ImportReport, agency.id).is_err() {
        return Err(AppError::forbidden(format!(
            "只能为本机关及下级机关导入年度报告：“{}”不在{}的管辖范围内。",
            agency.profile.full_name, who.agency.profile.full_name
        )));
    }
    let year: i32 = form.year.trim().parse().map_err(|_| {
        AppError::bad_request(format!(
            "年度“{}”不是年份：请填写报告的统计年度（如2020）。",
            form.year.trim()
        ))
    })?;
    if ReportFormat::for_year(year).is_none() {
        return Err(AppError::bad_request(format!(
            "{year}年度没有全国统一的年度报告格式：只能导入2019年度及以后、按全国统一格式编制的报告。"
        )));
    }
    if year > state.clock.today().year() {
        return Err(AppError::bad_request(format!(
            "{year}年度尚未开始，不能导入该年度的报告。"
        )));
    }
    let json: serde_json::Value = serde_json::from_str(&form.report).map_err(|_| {
        AppError::bad_request(
            "导入的报告数据无法读取。请在“年度报告检查”页面重新上传文件，检查后再导入。",
        )
    })?;
    if json["format"].as_str() == Some("free-text") {
        return Err(AppError::bad_request(
            "这是没有全国统一格式表格的自由文本报告（2019年度以前），不能导入；只能导入按全国统一格式编制的报告。",
        ));
    }
    let mut report = AnnualReport::from_json(&json)
        .map_err(|e| AppError::bad_request(format!("导入的报告数据有误：{e}")))?;
    report.year = year;
    report.agency = agency.profile.full_name.clone();
    // Checked again here: the findings stored are the platform's, not the client's.
    // The day the report was first published elsewhere is unknown, so AR-15 is not judged.
    let previous = reporting::published(state.store.as_ref(), agency.id, year - 1).await?;
    let findings = validate(
        &report,
        &RuleContext {
            previous: previous.as_ref(),
            agency_kind: Some(reporting::agency_kind(&agency)),
            ..RuleContext::default()
        },
    );
    let source = source_name(&form.source);
    let today = state.clock.today();
    let note = format!(
        "导入：本报告由{}（{}）于{}从在其他网站公布的文件“{source}”导入，表格按原文读取。",
        who.staff.display_name,
        who.agency.profile.short_name,
        today.format("%Y年%m月%d日")
    );
    let version = state
        .store
        .publish_report(&NewReportVersion {
            agency_id: agency.id,
            year,
            report: report.to_json(&findings),
            published_on: today,
            note: Some(note),
            published_by: Some(who.staff.id),
        })
        .await?;
    audit(
        &state,
        &who,
        agency.id,
        "report.import",
        &format!(
            "{year}年度报告第{}版，导入自文件“{source}”（{}处错误）",
            version.version,
            findings.iter().filter(|f| f.is_error()).count()
        ),
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/agencies/{}/reports/{year}?version={}",
        agency.profile.code.as_str(),
        version.version
    ))
    .into_response())
}
