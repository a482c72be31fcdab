//! Staff endpoints on cases: the queue, registering, reading, and recording
//! events (the same rules as the workbench; events are append-only).

use crate::params::{self, Path, Query};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use gongkai_domain::access::{ApplicantShown, CaseAccess, Relation};
use gongkai_domain::application::ApplicationForm;
use gongkai_domain::case::{Actor, CaseAction, CaseEventRecord};
use gongkai_domain::dates;
use gongkai_domain::deadline::{ReceiptFacts, receipt_date};
use gongkai_domain::policy::{self, Permission, Refusal};
use gongkai_domain::vocabulary::Channel;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::ApiStaff;
use super::{ApiError, ApiResult};
use crate::case_access::staff_case;
use crate::state::AppState;
use gongkai_app::case_list;
use gongkai_app::casework::mark_code;
use gongkai_app::casework::{self, CaseBundle, RecordError, Recorded};
use gongkai_store::QueueScope;

#[derive(Serialize, ToSchema)]
pub struct CaseSummaryJson {
    pub number: String,
    pub applicant: String,
    pub state: String,
    #[schema(value_type = Option<String>, format = Date)]
    pub receipt_date: Option<chrono::NaiveDate>,
    #[schema(value_type = Option<String>, format = Date)]
    pub reply_due: Option<chrono::NaiveDate>,
    /// overdue / due_soon / normal / finished
    pub mark: String,
}

/// The summary as `access` shows it (the applicant's name is shown at every
/// level that sees the case at all).
fn summary(b: &CaseBundle, access: CaseAccess) -> CaseSummaryJson {
    CaseSummaryJson {
        number: b.case.number.clone(),
        applicant: access
            .applicant(&b.case.application.applicant)
            .map(|a| a.name)
            .unwrap_or_default(),
        state: b.view.state.label_zh().into(),
        receipt_date: b.view.receipt_date,
        reply_due: b.view.reply_due,
        mark: mark_code(b.view.mark).into(),
    }
}

/// `?after=&limit=`: a page of the list.
#[derive(Deserialize)]
pub struct ListParams {
    #[serde(default)]
    after: Option<String>,
    #[serde(default)]
    limit: Option<String>,
}

/// Rows a page holds when `limit` is not given, and at most.
const LIST_PAGE: i64 = 50;
const LIST_PAGE_MAX: i64 = 200;

/// The agency's cases, most urgent first (by reply due date, cases without
/// one last, then number), one page at a time: at most `limit` (default 50,
/// at most 200); when there are more, the `Link` header names the next page
/// (`rel="next"`, `?after=…`).
#[utoipa::path(get, path = "/api/v1/cases",
    params(("after" = Option<String>, Query, description = "上一页 Link 头给出的翻页参数"),
           ("limit" = Option<i64>, Query, description = "每页件数，1–200，默认50")),
    responses((status = 200, body = Vec<CaseSummaryJson>)), security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Query(params): Query<ListParams>,
) -> Result<(HeaderMap, Json<Vec<CaseSummaryJson>>), ApiError> {
    let access = CaseAccess::for_staff(&who.staff.roles, Relation::OwnAgency);
    if !access.may_view() {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            CaseAccess::refusal_zh(Relation::OwnAgency),
        ));
    }
    let bad_request = |m: String| ApiError::new(StatusCode::BAD_REQUEST, m);
    let limit = match params.limit.as_deref() {
        None | Some("") => LIST_PAGE,
        Some(l) => params::bounded("limit", l, 1, LIST_PAGE_MAX).map_err(bad_request)?,
    };
    let after = params
        .after
        .as_deref()
        .map(case_list::parse_cursor)
        .transpose()?;
    let limit = u32::try_from(limit).unwrap_or(50);
    let page = case_list::queue_page(
        &state,
        who.agency.id,
        QueueScope::All,
        after.as_ref(),
        limit,
    )
    .await?;
    let mut headers = HeaderMap::new();
    if let Some(k) = &page.next {
        let link = format!(
            "</api/v1/cases?after={}&limit={limit}>; rel=\"next\"",
            case_list::cursor_of(k)
        );
        if let Ok(value) = HeaderValue::from_str(&link) {
            headers.insert(header::LINK, value);
        }
    }
    let rows = page
        .rows
        .iter()
        .map(|r| CaseSummaryJson {
            number: r.case.number.clone(),
            applicant: access
                .applicant(&r.case.application.applicant)
                .map(|a| a.name)
                .unwrap_or_default(),
            state: r.snapshot.state.label_zh().into(),
            receipt_date: r.snapshot.receipt_date,
            reply_due: r.due,
            mark: mark_code(r.mark).into(),
        })
        .collect();
    Ok((headers, Json(rows)))
}

#[derive(Deserialize, ToSchema)]
pub struct RegisterCase {
    /// in_person | post | fax | email
    pub channel: String,
    /// The Art. 31 facts: arrived, signed, confirmed, contact_reestablished, post_kind.
    #[schema(value_type = Object)]
    pub facts: ReceiptFacts,
    #[schema(value_type = Object)]
    pub form: ApplicationForm,
    pub idempotency_key: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Registered {
    pub number: String,
    pub query_code: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub receipt_date: Option<chrono::NaiveDate>,
}

/// 403 with the policy's reason.
fn forbidden(refusal: Refusal) -> ApiError {
    ApiError::new(StatusCode::FORBIDDEN, refusal.0)
}

/// Register an application received in person, by post, fax or e-mail.
#[utoipa::path(post, path = "/api/v1/cases", request_body = RegisterCase,
    responses((status = 201, body = Registered), (status = 422, body = ApiError)), security(("bearer" = [])))]
pub async fn register(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Json(req): Json<RegisterCase>,
) -> Result<(StatusCode, Json<Registered>), ApiError> {
    policy::may_here(&who.staff.roles, Permission::RegisterApplication).map_err(forbidden)?;
    let unprocessable = |m: String| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, m);
    let channel = Channel::from_code(&req.channel)
        .filter(|c| *c != Channel::Online)
        .ok_or_else(|| unprocessable("channel 应为 in_person、post、fax 或 email。".into()))?;
    let received = receipt_date(channel, &req.facts).map_err(|e| unprocessable(e.to_string()))?;
    dates::not_after_today("收到申请之日", received, state.clock.today()).map_err(unprocessable)?;
    let application = req.form.validate().map_err(|e| ApiError {
        status: StatusCode::UNPROCESSABLE_ENTITY.as_u16(),
        error: format!("未登记：{e}"),
        fields: e.0,
    })?;
    let actor = Actor::Staff {
        id: who.staff.id,
        name: who.staff.display_name.clone(),
    };
    let first = CaseAction::ReceiptConfirmed {
        channel,
        receipt_date: received,
        facts: req.facts,
    };
    let key = req
        .idempotency_key
        .map(|k| format!("api:{}:{k}", who.agency.id));
    let (created, code) = casework::open_case(
        &state,
        casework::Opening {
            agency_id: who.agency.id,
            channel,
            application,
            actor,
            first,
            idempotency_key: key,
        },
    )
    .await?;
    let fresh = matches!(created, gongkai_store::CaseCreated::New { .. });
    Ok((
        if fresh {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        },
        Json(Registered {
            number: created.number().into(),
            query_code: fresh.then_some(code),
            receipt_date: Some(received),
        }),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct CaseJson {
    #[serde(flatten)]
    pub summary: CaseSummaryJson,
    /// The applicant as the caller's role may see them: everything for the
    /// agency's clerks and reviewers; identity number and phone masked, the
    /// rest left out, for supervisors and administrators.
    pub applicant_details: ApplicantJson,
    /// The derived view: deadlines with explanations, outcome, pending items.
    #[schema(value_type = Object)]
    pub view: gongkai_domain::case::CaseView,
    /// Every event, in order (append-only).
    #[schema(value_type = Vec<Object>)]
    pub events: Vec<CaseEventRecord>,
    /// The sequence number the next event must carry.
    pub next_seq: u32,
}

/// The applicant's fields; a field the caller may not see is absent (null).
#[derive(Serialize, ToSchema)]
pub struct ApplicantJson {
    pub name: String,
    pub id_document: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub contact_person: Option<String>,
}

impl From<ApplicantShown> for ApplicantJson {
    fn from(a: ApplicantShown) -> Self {
        ApplicantJson {
            name: a.name,
            id_document: a.id_document.into(),
            id_number: a.id_number,
            phone: a.phone,
            email: a.email,
            address: a.address,
            postcode: a.postcode,
            contact_person: a.contact_person,
        }
    }
}

/// A case with its view and events.
#[utoipa::path(get, path = "/api/v1/cases/{number}", params(("number" = String, Path)),
    responses((status = 200, body = CaseJson), (status = 404, body = ApiError)), security(("bearer" = [])))]
pub async fn show(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Path(number): Path<String>,
) -> ApiResult<CaseJson> {
    let (b, access) = staff_case(&state, &who, &number).await?;
    let Some(shown) = access.applicant(&b.case.application.applicant) else {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "无权查看该申请。"));
    };
    Ok(Json(CaseJson {
        summary: summary(&b, access),
        applicant_details: shown.into(),
        next_seq: b.next_seq(),
        view: b.view.clone(),
        events: b.events.clone(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct NewEvent {
    /// Must equal the case's `next_seq` (optimistic concurrency).
    pub seq: u32,
    /// The action, tagged by `action`, e.g. `{"action":"correction_requested","date":"2025-03-06","items":["…"],"applicant_deadline":"2025-03-20"}`.
    #[schema(value_type = Object)]
    pub action: CaseAction,
    #[serde(default)]
    pub note: String,
}

#[derive(Serialize, ToSchema)]
pub struct EventRecorded {
    pub seq: u32,
    /// Ids of the documents the event issued.
    pub documents: Vec<i64>,
    /// The decision was recorded as a draft: the reviewer signs it (审核签发)
    /// before its reply is issued.
    pub awaiting_approval: bool,
    #[serde(flatten)]
    pub case: CaseSummaryJson,
}

/// Record the next event of a case.
#[utoipa::path(post, path = "/api/v1/cases/{number}/events", params(("number" = String, Path)), request_body = NewEvent,
    responses((status = 201, body = EventRecorded), (status = 409, body = ApiError), (status = 422, body = ApiError)),
    security(("bearer" = [])))]
pub async fn record(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Path(number): Path<String>,
    Json(req): Json<NewEvent>,
) -> Result<(StatusCode, Json<EventRecorded>), ApiError> {
    let (b, access) = staff_case(&state, &who, &number).await?;
    if access != CaseAccess::Full {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "只有受理机关的承办人、审核人可以办理该申请。",
        ));
    }
    // `access` is Full: the case is of the staff member's own agency; the
    // command checks the role, the dates and the approval rule (审核签发).
    match casework::act(&state, &b, &who.staff, req.seq, req.action, req.note).await {
        Ok(recorded) => {
            let b = casework::load_case(&state, b.case).await?;
            let (documents, awaiting_approval) = match recorded {
                Recorded::Issued(ids) => (ids, false),
                Recorded::Drafted => (Vec::new(), true),
            };
            Ok((
                StatusCode::CREATED,
                Json(EventRecorded {
                    seq: req.seq,
                    documents,
                    awaiting_approval,
                    case: summary(&b, access),
                }),
            ))
        }
        Err(RecordError::Other(gongkai_app::Error::Forbidden(m))) => {
            Err(ApiError::new(StatusCode::FORBIDDEN, m))
        }
        Err(RecordError::Refused(m)) => Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, m)),
        Err(RecordError::Stale) => Err(ApiError::new(
            StatusCode::CONFLICT,
            format!("序号{}已过期：请重新读取案件，以 next_seq 提交。", req.seq),
        )),
        Err(RecordError::Other(e)) => Err(e.into()),
    }
}

#[derive(Serialize, ToSchema)]
pub struct ProactiveProposed {
    /// The proposal's id (the editor drafts from `/items/new?proposal=ID`).
    pub proposal: i64,
}

/// Propose that the information a case released be published proactively
/// (依申请公开转主动公开, 《条例》第四十四条第一款): the same command as the
/// case page's button. 422 says which condition is missing; 409 when the
/// case has a proposal already.
#[utoipa::path(post, path = "/api/v1/cases/{number}/proactive", params(("number" = String, Path)),
    responses((status = 201, body = ProactiveProposed), (status = 403, body = ApiError),
              (status = 409, body = ApiError), (status = 422, body = ApiError)),
    security(("bearer" = [])))]
pub async fn propose_proactive(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Path(number): Path<String>,
) -> Result<(StatusCode, Json<ProactiveProposed>), ApiError> {
    let (b, _) = staff_case(&state, &who, &number).await?;
    match casework::proactive::propose(&state, &b, &who.staff).await {
        Ok(proposal) => Ok((StatusCode::CREATED, Json(ProactiveProposed { proposal }))),
        Err(gongkai_app::Error::Invalid(m)) => {
            Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, m))
        }
        Err(e) => Err(e.into()),
    }
}
