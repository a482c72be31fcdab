//! `GET /api/v1/agencies/{code}/register/{year}`: the counts the annual
//! report's tables 三 and 四 need, from the case register.

use crate::params::Path;
use crate::params::Year;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use gongkai_app::reporting;
use gongkai_domain::policy::Permission;
use gongkai_domain::vocabulary::ReportFormat;
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::ApiStaff;
use super::{ApiError, ApiResult};
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct RegisterCounts {
    pub agency: String,
    pub year: i32,
    /// "2019" or "2021"
    pub format: String,
    /// `{ROW_KEY: [7 numbers]}` in the column order of annual_report_tables.json.
    #[schema(value_type = Object)]
    pub table3: serde_json::Value,
    /// 15 numbers: 行政复议 ×5, 直接起诉 ×5, 复议后起诉 ×5.
    pub table4: Vec<u64>,
}

/// The agency's register counts for one year (staff of the agency or above).
pub async fn counts(
    state: &AppState,
    agency_id: i64,
    year: i32,
) -> Result<(ReportFormat, serde_json::Value, [u64; 15]), ApiError> {
    let format = ReportFormat::for_year(year).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{year}年没有全国统一的年报格式（2019年起适用）。"),
        )
    })?;
    let (table3, table4) =
        reporting::register_tables(state.store.as_ref(), agency_id, year, format).await?;
    Ok((format, table3.to_json(), table4))
}

#[utoipa::path(get, path = "/api/v1/agencies/{code}/register/{year}",
    params(("code" = String, Path, description = "机构代码"), ("year" = i32, Path, description = "统计年度")),
    responses((status = 200, body = RegisterCounts), (status = 403, body = ApiError)),
    security(("bearer" = [])))]
pub async fn register(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Path((code, Year(year))): Path<(String, Year)>,
) -> ApiResult<RegisterCounts> {
    let agency = crate::tree::permitted(&state, &who, &code, Permission::ReadStatistics)
        .await?
        .agency;
    let (format, table3, table4) = counts(&state, agency.id, year).await?;
    Ok(Json(RegisterCounts {
        agency: agency.profile.full_name.clone(),
        year,
        format: format.code().into(),
        table3,
        table4: table4.to_vec(),
    }))
}
