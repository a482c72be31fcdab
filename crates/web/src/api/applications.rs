//! Public endpoints: apply online, and follow an application.

use crate::params::Path;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use gongkai_domain::application::ApplicationForm;
use gongkai_domain::case::{Actor, CaseAction};
use gongkai_domain::vocabulary::Channel;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ApiError, ApiResult};
use crate::state::AppState;
use gongkai_app::casework;
use gongkai_app::casework::{code_hash, for_applicant};

#[derive(Deserialize, ToSchema)]
pub struct NewApplication {
    /// The form's fields (see the web form; codes as in the OpenAPI enums of the docs).
    #[schema(value_type = Object)]
    pub form: ApplicationForm,
    /// Send the same key again after a network failure: no second case is made.
    pub idempotency_key: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ApplicationReceipt {
    pub number: String,
    /// The private query code; only returned when the case is new.
    pub query_code: Option<String>,
    /// False when the idempotency key named an existing application.
    pub created: bool,
}

/// Apply online to an agency (Art. 29). The receipt date is set when the agency confirms (Art. 31).
#[utoipa::path(post, path = "/api/v1/agencies/{code}/applications", request_body = NewApplication,
    params(("code" = String, Path, description = "机构代码")),
    responses((status = 201, body = ApplicationReceipt), (status = 422, body = ApiError), (status = 404, body = ApiError)))]
pub async fn apply(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Json(req): Json<NewApplication>,
) -> Result<(StatusCode, Json<ApplicationReceipt>), ApiError> {
    let agency = crate::tree::public_agency(&state, &code).await?;
    if !agency.profile.channels.contains(&Channel::Online) {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            format!("{}未开通在线申请渠道。", agency.profile.full_name),
        ));
    }
    let application = req.form.validate().map_err(|e| ApiError {
        status: StatusCode::UNPROCESSABLE_ENTITY.as_u16(),
        error: format!("申请未提交：{e}"),
        fields: e.0,
    })?;
    let key = req
        .idempotency_key
        .filter(|k| !k.trim().is_empty())
        .map(|k| format!("api:{}:{k}", agency.id));
    let action = CaseAction::SubmittedOnline {
        date: state.clock.today(),
    };
    let (created, query_code) = casework::open_case(
        &state,
        casework::Opening {
            agency_id: agency.id,
            channel: Channel::Online,
            application,
            actor: Actor::Applicant,
            first: action,
            idempotency_key: key,
        },
    )
    .await?;
    let fresh = matches!(created, gongkai_store::CaseCreated::New { .. });
    let status = if fresh {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(ApplicationReceipt {
            number: created.number().into(),
            query_code: fresh.then_some(query_code),
            created: fresh,
        }),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct TrackRequest {
    pub number: String,
    pub code: String,
}

#[derive(Serialize, ToSchema)]
pub struct ApplicantView {
    pub number: String,
    pub agency: String,
    /// 状态, e.g. 办理中
    pub state: String,
    #[schema(value_type = Option<String>, format = Date)]
    pub receipt_date: Option<chrono::NaiveDate>,
    #[schema(value_type = Option<String>, format = Date)]
    pub reply_due: Option<chrono::NaiveDate>,
    pub reply_due_explanation: Option<String>,
    pub outcome: Option<String>,
    /// What the applicant must do, in words.
    pub todo: Vec<String>,
    /// Issued documents: id and title (download from the web view).
    #[schema(value_type = Vec<Object>)]
    pub documents: Vec<(i64, String)>,
}

/// Follow an application with its number and query code.
#[utoipa::path(post, path = "/api/v1/track", request_body = TrackRequest,
    responses((status = 200, body = ApplicantView), (status = 401, body = ApiError)))]
pub async fn track(
    State(state): State<AppState>,
    Json(req): Json<TrackRequest>,
) -> ApiResult<ApplicantView> {
    let wrong = || ApiError::new(StatusCode::UNAUTHORIZED, "申请编号或查询码不正确。");
    let case = state
        .store
        .case_by_number(req.number.trim())
        .await?
        .filter(|c| c.query_code_hash == code_hash(&req.code))
        .ok_or_else(wrong)?;
    let b = casework::load_case(&state, case).await?;
    let docs = state.store.case_documents(b.case.id).await?;
    let v = &b.view;
    Ok(Json(ApplicantView {
        number: b.case.number.clone(),
        agency: b.agency.profile.full_name.clone(),
        state: v.state.label_zh().into(),
        receipt_date: v.receipt_date,
        reply_due: v.reply_due,
        reply_due_explanation: v
            .deadlines
            .as_ref()
            .and_then(|d| d.reply_due.as_ref())
            .map(|d| d.render_zh()),
        outcome: v.outcome.map(|o| o.label().to_string()),
        todo: v.applicant_todo.iter().map(|t| t.describe_zh()).collect(),
        documents: docs
            .into_iter()
            .filter(|d| for_applicant(d.document.kind))
            .map(|d| (d.id, d.document.title))
            .collect(),
    }))
}
