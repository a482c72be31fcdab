//! The agency's 年报 column: every published year, each report as an HTML
//! page (latest version, with every correction note and the older versions
//! a click away), its files, and the trend chart over the years.

use crate::params::Year;
use crate::params::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use gongkai_domain::report::AnnualReport;
use gongkai_store::{Agency, ReportVersion};
use serde::Deserialize;

use super::Csrf;
use crate::auth::MaybeStaff;
use crate::error::{AppError, AppResult};
use crate::report_export;
use crate::report_view::grids;
use crate::state::AppState;
use crate::views::{Chrome, ColumnPart, ReportPublicPage, ReportsPublicPage};
use gongkai_app::report_export::{ExportFormat, paragraphs};

async fn agency(state: &AppState, code: &str) -> AppResult<Agency> {
    crate::tree::public_agency(state, code).await
}

fn report_of(v: &ReportVersion) -> AppResult<AnnualReport> {
    AnnualReport::from_json(&v.report).map_err(AppError::internal)
}

/// `GET /agencies/{code}/reports`
pub async fn list(
    State(state): State<AppState>,
    staff: MaybeStaff,
    csrf: Csrf,
    Path(code): Path<String>,
) -> AppResult<Html<String>> {
    let a = crate::tree::column_agency(&state, staff.0.as_ref(), &code).await?;
    let mut years: Vec<(i32, String, i32)> = Vec::new();
    for v in state.store.published_reports(a.id).await? {
        match years.iter_mut().find(|(y, _, _)| *y == v.year) {
            Some(slot) => slot.2 = slot.2.max(v.version),
            None => years.push((v.year, v.published_on.to_string(), v.version)),
        }
    }
    let head =
        crate::portal::column_head(&state, &a, Some(ColumnPart::Reports), Vec::new()).await?;
    Ok(Html(
        ReportsPublicPage {
            head,
            chrome: Chrome::new(staff.0.as_ref(), &csrf.0.0).previewing(&a),
            code,
            agency_name: a.profile.full_name,
            years,
        }
        .render()?,
    ))
}

#[derive(Deserialize)]
pub struct VersionQuery {
    version: Option<crate::params::Id>,
}

async fn versions(state: &AppState, a: &Agency, year: i32) -> AppResult<Vec<ReportVersion>> {
    let versions = state.store.report_versions(a.id, year).await?;
    if versions.is_empty() {
        return Err(AppError::not_found(format!("{year}年度报告")));
    }
    Ok(versions)
}

/// `GET /agencies/{code}/reports/{year}[?version=N]`
pub async fn show(
    State(state): State<AppState>,
    staff: MaybeStaff,
    csrf: Csrf,
    Path((code, Year(year))): Path<(String, Year)>,
    Query(q): Query<VersionQuery>,
) -> AppResult<Html<String>> {
    let a = crate::tree::column_agency(&state, staff.0.as_ref(), &code).await?;
    let versions = versions(&state, &a, year).await?;
    let latest = versions.last().map_or(1, |v| v.version);
    let wanted = q
        .version
        .map(|v| i32::try_from(v.0).unwrap_or(i32::MAX))
        .unwrap_or(latest);
    let version = versions
        .iter()
        .find(|v| v.version == wanted)
        .cloned()
        .ok_or_else(|| AppError::not_found(format!("{year}年度报告第{wanted}版")))?;
    let report = report_of(&version)?;
    let trail = vec![crate::portal::Crumb::here(format!("{year}年度"))];
    let head = crate::portal::column_head(&state, &a, Some(ColumnPart::Reports), trail).await?;
    Ok(Html(
        ReportPublicPage {
            head,
            chrome: Chrome::new(staff.0.as_ref(), &csrf.0.0).previewing(&a),
            files: format!("/agencies/{code}/reports/{year}/v{}", version.version),
            code,
            agency_name: a.profile.full_name,
            paragraphs: paragraphs(&report),
            grids: grids(&report, &[], None, None),
            report,
            is_latest: version.version == latest,
            version,
            versions,
        }
        .render()?,
    ))
}

impl ReportPublicPage {
    /// The chart's figures, written out under it (issue 21: a chart's values
    /// are text too, not only an image).
    pub fn figures(&self) -> Vec<(String, f64)> {
        gongkai_render::report_year_figures(&self.report)
    }
}

/// `GET /agencies/{code}/reports/{year}/v{N}.{ext}`: a published version as a file.
pub async fn file(
    State(state): State<AppState>,
    Path((code, Year(year), file)): Path<(String, Year, String)>,
) -> AppResult<Response> {
    let not_found = || AppError::not_found(format!("文件“{file}”"));
    let (version, ext) = file
        .strip_prefix('v')
        .and_then(|f| f.split_once('.'))
        .ok_or_else(not_found)?;
    let version: i32 = version.parse().map_err(|_| not_found())?;
    let format = ExportFormat::from_extension(ext).ok_or_else(not_found)?;
    let a = agency(&state, &code).await?;
    let v = versions(&state, &a, year)
        .await?
        .into_iter()
        .find(|v| v.version == version)
        .ok_or_else(not_found)?;
    let report = report_of(&v)?;
    if format == ExportFormat::Json {
        // The JSON exactly as published, findings of the publication day included.
        let mut body = serde_json::to_string_pretty(&v.report).map_err(AppError::internal)?;
        body.push('\n');
        return Ok(([(header::CONTENT_TYPE, format.content_type())], body).into_response());
    }
    report_export::respond(&report, &[], format, &a.profile.full_name).await
}

/// `GET /agencies/{code}/reports/trend.svg`: the main figures over every published year.
pub async fn trend(State(state): State<AppState>, Path(code): Path<String>) -> AppResult<Response> {
    let a = agency(&state, &code).await?;
    let mut by_year = std::collections::BTreeMap::new();
    for v in state.store.published_reports(a.id).await? {
        by_year.insert(v.year, report_of(&v)?); // versions ascend: the latest stays
    }
    let reports: Vec<AnnualReport> = by_year.into_values().collect();
    let svg = gongkai_app::report_export::trend_svg(&reports);
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response())
}
