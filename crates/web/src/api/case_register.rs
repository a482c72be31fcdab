//! `GET /api/v1/case-register`: the case register (依申请公开台账) as JSON,
//! with the filters and search of `/workbench/cases` (the same parsing and
//! the same use case, `gongkai_app::case_register::register_page`), newest
//! case number first, a page at a time (`Link: …; rel="next"`).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use gongkai_app::case_register::{self, RegisterRow};
use gongkai_domain::policy::Principal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ApiError;
use super::auth::ApiStaff;
use crate::handlers::case_register_list::{RegisterParams, read_filter, url_at};
use crate::params::{self, Query};
use crate::state::AppState;

/// One case of the register; personal data as the reader's role shows it.
#[derive(Serialize, ToSchema)]
pub struct RegisterRowJson {
    pub number: String,
    /// The agency handling it (a supervisor's register spans the subtree).
    pub agency: String,
    pub applicant: String,
    /// natural_person / commercial_enterprise / research_institution /
    /// public_welfare_organisation / legal_service_institution / other_organisation
    pub applicant_type: String,
    pub channel: String,
    #[schema(value_type = Option<String>, format = Date)]
    pub receipt_date: Option<chrono::NaiveDate>,
    #[schema(value_type = Option<String>, format = Date)]
    pub reply_due: Option<chrono::NaiveDate>,
    pub state: String,
    /// The outcome's code (see `/workbench/cases` for the list), if decided.
    pub outcome: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub decided_on: Option<chrono::NaiveDate>,
    #[schema(value_type = Option<String>, format = Date)]
    pub delivered_on: Option<chrono::NaiveDate>,
    /// Answered after the deadline, or open past it today.
    pub late: bool,
    pub description: String,
}

impl RegisterRowJson {
    fn of(r: RegisterRow) -> RegisterRowJson {
        RegisterRowJson {
            number: r.number,
            agency: r.agency_name,
            applicant: r.applicant.name,
            applicant_type: r.applicant_type.code().into(),
            channel: r.channel.code().into(),
            receipt_date: r.receipt_date,
            reply_due: r.due,
            state: r.state.code().into(),
            outcome: r.outcome.map(|o| o.code().to_string()),
            decided_on: r.decided_on,
            delivered_on: r.delivered_on,
            late: r.late,
            description: r.description,
        }
    }
}

/// The register's filters and `limit` (1–200, default 50).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ApiRegisterParams {
    pub year: String,
    pub state: String,
    pub channel: String,
    pub applicant_type: String,
    pub outcome: String,
    pub late: String,
    pub q: String,
    pub due: String,
    pub agency: String,
    pub after: String,
    pub limit: String,
}

const PAGE: i64 = 50;
const PAGE_MAX: i64 = 200;

#[utoipa::path(get, path = "/api/v1/case-register",
    params(("year" = Option<i32>, Query, description = "收到申请的年度"),
           ("state" = Option<String>, Query, description = "状态代码"),
           ("channel" = Option<String>, Query, description = "申请方式代码"),
           ("applicant_type" = Option<String>, Query, description = "申请人类型代码"),
           ("outcome" = Option<String>, Query, description = "办理结果代码"),
           ("due" = Option<String>, Query, description = "期限：running 办理中、due_soon 即将到期、overdue 已逾期"),
           ("agency" = Option<String>, Query, description = "只看本机关或下级的一个机关（统一社会信用代码）"),
           ("late" = Option<String>, Query, description = "yes 已逾期 / no 未逾期"),
           ("q" = Option<String>, Query, description = "申请编号、申请人或所申请信息"),
           ("after" = Option<String>, Query, description = "上一页 Link 头给出的翻页参数"),
           ("limit" = Option<i64>, Query, description = "每页件数，1–200，默认50")),
    responses((status = 200, body = Vec<RegisterRowJson>), (status = 400, body = ApiError),
              (status = 403, body = ApiError)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Query(p): Query<ApiRegisterParams>,
) -> Result<(HeaderMap, Json<Vec<RegisterRowJson>>), ApiError> {
    let bad_request = |m: String| ApiError::new(StatusCode::BAD_REQUEST, m);
    let form = RegisterParams {
        year: p.year,
        state: p.state,
        channel: p.channel,
        applicant_type: p.applicant_type,
        outcome: p.outcome,
        late: p.late,
        q: p.q,
        due: p.due,
        agency: p.agency,
        ..RegisterParams::default()
    };
    let mut filter = read_filter(&form).map_err(bad_request)?;
    if !form.agency.trim().is_empty() {
        filter.agency = Some(case_register::agency_named(&state, &form.agency).await?);
    }
    let limit = match p.limit.trim() {
        "" => PAGE,
        l => params::bounded("limit", l, 1, PAGE_MAX).map_err(bad_request)?,
    };
    let after = match p.after.trim() {
        "" => None,
        a => Some(case_register::parse_after(a)?),
    };
    let reader = Principal {
        agency: who.agency.id,
        roles: &who.staff.roles,
    };
    let limit = u32::try_from(limit).unwrap_or(50);
    let page =
        case_register::register_page(&state, &reader, &filter, after.as_deref(), limit).await?;
    let mut headers = HeaderMap::new();
    if let Some(n) = &page.next {
        let limit = limit.to_string();
        let next = url_at(
            "/api/v1/case-register",
            &form,
            &[("after", n), ("limit", &limit)],
        );
        if let Ok(v) = HeaderValue::from_str(&format!("<{next}>; rel=\"next\"")) {
            headers.insert(header::LINK, v);
        }
    }
    let rows = page.rows.into_iter().map(RegisterRowJson::of).collect();
    Ok((headers, Json(rows)))
}
