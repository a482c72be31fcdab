//! `GET|PUT /api/v1/agencies/{code}/figures/{year}`: the Article 20 figures
//! (from the agency's business systems) and the counts derived from the
//! catalogue.

use crate::params::Path;
use crate::params::Year;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use gongkai_domain::catalogue::FiguresForm;
use gongkai_domain::policy::Permission;
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::ApiStaff;
use super::{ApiError, ApiResult};
use crate::state::AppState;
use gongkai_app::reporting::derived_counts;

#[derive(Serialize, ToSchema)]
pub struct FiguresJson {
    pub year: i32,
    /// As entered (null when nothing was entered for the year).
    #[schema(value_type = Object)]
    pub figures: Option<gongkai_domain::catalogue::Article20Figures>,
    /// 规章 and 规范性文件: made, repealed and in force, from the catalogue.
    #[schema(value_type = Object)]
    pub regulations: gongkai_domain::catalogue::RegulationCounts,
    /// Items published in the year, by channel (政府网站, 政务微博, 政务微信, 其他).
    pub channels: std::collections::BTreeMap<String, u64>,
}

/// Published items of the year counted by channel, for the report's narrative.
async fn channel_counts(
    state: &AppState,
    agency: i64,
    year: i32,
) -> Result<std::collections::BTreeMap<String, u64>, ApiError> {
    Ok(gongkai_app::reporting::published_by_channel(state.store.as_ref(), agency, year).await?)
}

async fn agency_id(
    state: &AppState,
    who: &crate::auth::CurrentStaff,
    code: &str,
    write: bool,
) -> Result<i64, ApiError> {
    let permission = if write {
        Permission::FillFigures
    } else {
        Permission::ReadStatistics
    };
    let agency = crate::tree::permitted(state, who, code, permission)
        .await?
        .agency;
    Ok(agency.id)
}

#[utoipa::path(get, path = "/api/v1/agencies/{code}/figures/{year}",
    params(("code" = String, Path), ("year" = i32, Path)),
    responses((status = 200, body = FiguresJson)), security(("bearer" = [])))]
pub async fn get(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Path((code, Year(year))): Path<(String, Year)>,
) -> ApiResult<FiguresJson> {
    let id = agency_id(&state, &who, &code, false).await?;
    let figures = state.store.figures(id, year).await?.map(|r| r.figures);
    let regulations = derived_counts(state.store.as_ref(), id, year).await?;
    let channels = channel_counts(&state, id, year).await?;
    Ok(Json(FiguresJson {
        year,
        figures,
        regulations,
        channels,
    }))
}

#[utoipa::path(put, path = "/api/v1/agencies/{code}/figures/{year}",
    params(("code" = String, Path), ("year" = i32, Path)),
    request_body(content = Object, description = "permits, penalties, compulsory_measures, fee_income_wan_yuan (万元), and for 2019–2020 other_services, procurement_items, procurement_amount — as strings"),
    responses((status = 200, body = FiguresJson), (status = 422, body = ApiError)), security(("bearer" = [])))]
pub async fn put(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Path((code, Year(year))): Path<(String, Year)>,
    Json(form): Json<FiguresForm>,
) -> ApiResult<FiguresJson> {
    let id = agency_id(&state, &who, &code, true).await?;
    let figures = form.validate(year).map_err(|e| ApiError {
        status: StatusCode::UNPROCESSABLE_ENTITY.as_u16(),
        error: format!("未保存：{e}"),
        fields: e.0,
    })?;
    state
        .store
        .put_figures(id, &figures, Some(who.staff.id))
        .await?;
    let regulations = derived_counts(state.store.as_ref(), id, year).await?;
    let channels = channel_counts(&state, id, year).await?;
    Ok(Json(FiguresJson {
        year,
        figures: Some(figures),
        regulations,
        channels,
    }))
}
