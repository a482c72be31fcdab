//! `GET /api/search?q=…` (also `/api/v1/search`): public full-text search
//! over published information, as JSON.

use crate::params::Query;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

use super::{ApiError, ApiResult};
use crate::search::{self, SearchParams};
use crate::state::AppState;
use gongkai_app::search::AgencyPaths;

#[derive(Serialize, ToSchema)]
pub struct SearchHitJson {
    pub id: u64,
    /// 名称
    pub title: String,
    /// 发布机构（公开主体）
    pub agency: String,
    /// 公开主体的机构代码
    pub agency_code: String,
    /// 索引号
    pub index_number: Option<String>,
    /// 文号
    pub document_number: Option<String>,
    /// 发布日期 YYYY-MM-DD
    pub published_on: String,
    /// 有效性代码
    pub validity: String,
    /// 命中词所在的片段（HTML，命中词在 `<mark>` 中）
    pub snippet: String,
    /// 名称（HTML，命中词在 `<mark>` 中）
    pub title_html: String,
    /// 信息页面地址
    pub url: String,
    /// 相关度得分（按日期排序时为空）
    pub score: Option<f32>,
}

#[derive(Serialize, ToSchema)]
pub struct SearchResultsJson {
    pub query: String,
    /// 全部命中条数（不只本页）
    pub total: usize,
    /// total 是否精确；命中超过十万条时为估计值（两位有效数字）
    pub total_exact: bool,
    pub offset: usize,
    pub limit: usize,
    pub hits: Vec<SearchHitJson>,
    /// 下一页的翻页标记：作为 `cursor` 参数传入即从本页最后一条之后继续；没有更多结果时为空。
    /// 偏移翻页（offset + limit）最多到第一万条，更后面的结果只能用它继续。
    pub next_cursor: Option<String>,
    /// 同时检索的词：检索词的同义词、简称或全称，以及台湾、香港用语对应的内地用语。
    pub expanded: Vec<String>,
}

#[utoipa::path(get, path = "/api/search", params(SearchParams),
    responses((status = 200, body = SearchResultsJson), (status = 400, body = ApiError)))]
pub async fn search(
    State(state): State<AppState>,
    Query(params): Query<SearchParams>,
) -> ApiResult<SearchResultsJson> {
    let all = state.store.agencies().await?;
    let paths = AgencyPaths::new(all.clone());
    let parsed = search::parse_params(&params, &paths, &all, 20)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e))?;
    let (offset, limit) = (parsed.request.offset, parsed.request.limit);
    let results = search::run_public(&state, parsed.request.clone())
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("检索失败：{e}")))?;
    let base = state
        .settings
        .public_url
        .as_deref()
        .unwrap_or("")
        .trim_end_matches('/')
        .to_string();
    let hits = results
        .hits
        .into_iter()
        .map(|h| SearchHitJson {
            agency_code: paths
                .get(h.agency_id)
                .map(|a| a.profile.code.as_str().to_string())
                .unwrap_or_default(),
            id: h.id,
            title: h.title,
            agency: h.agency_name,
            index_number: h.index_number,
            document_number: h.document_number,
            published_on: h.published_on.to_string(),
            validity: h.validity,
            snippet: h.snippet_html,
            title_html: h.title_html,
            url: format!("{base}{}", h.url),
            score: h.score,
        })
        .collect();
    Ok(Json(SearchResultsJson {
        query: parsed.request.text,
        total: results.total,
        total_exact: results.total_exact,
        offset,
        limit,
        hits,
        next_cursor: results.next_cursor,
        expanded: results.expanded,
    }))
}
