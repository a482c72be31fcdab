//! 政民互动 in the JSON API, on the same commands and query objects as the
//! pages (`gongkai_app::questions`).
//!
//! Public (no token): an agency's published questions and one of them
//! (never the asker), a question asked — rate-limited per address like the
//! form, idempotent by the client's key — and the asker's view with the
//! number and the query code (rate-limited like `/api/v1/track`; a wrong
//! pair is 401). Staff (bearer): the queue with due dates and marks, one
//! question (the asker's name and contact only for the agency's own
//! staff, as on the page), the answer and the publication.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_app::questions::ask::AskerView;
use gongkai_app::questions::view::{QueueLine, Shelf, public_list, public_question, queue};
use gongkai_app::questions::{self as app, Access, AskInput, PublishInput, Standing};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::ApiStaff;
use super::participation::{AfterParam, act, body, permitted_body, reader, submit_key};
use super::{ApiError, ApiResult};
use crate::auth::CurrentStaff;
use crate::params::{Id, Path, Query};
use crate::state::AppState;

/// An answer only its caller may keep (the query code, the asker's own
/// texts): stored by no cache.
fn private(status: StatusCode, json: impl Serialize) -> Response {
    let mut r = (status, Json(json)).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// A published question as the list shows it.
#[derive(Serialize, ToSchema)]
pub struct PublicLineJson {
    pub id: i64,
    /// 留言编号.
    pub number: String,
    pub subject: String,
    #[schema(value_type = String, format = Date)]
    pub asked_on: NaiveDate,
    #[schema(value_type = Option<String>, format = Date)]
    pub answered_on: Option<NaiveDate>,
}

#[derive(Serialize, ToSchema)]
pub struct PublicListJson {
    pub questions: Vec<PublicLineJson>,
    /// `after` for the next page.
    pub next: Option<i64>,
}

/// An agency's published questions with answers, newest first.
#[utoipa::path(get, path = "/api/v1/agencies/{code}/questions",
    params(("code" = String, Path, description = "机关的统一社会信用代码"),
           ("after" = Option<i64>, Query, description = "下一页：上一页 next 的值")),
    responses((status = 200, body = PublicListJson), (status = 404, body = ApiError)))]
pub async fn list(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<AfterParam>,
) -> ApiResult<PublicListJson> {
    let agency = crate::tree::public_agency(&state, &code).await?;
    let (lines, next) = public_list(&state, agency.id, q.after.map(|Id(a)| a)).await?;
    Ok(Json(PublicListJson {
        questions: lines
            .into_iter()
            .map(|l| PublicLineJson {
                id: l.id,
                number: l.number,
                subject: l.subject,
                asked_on: l.asked_on,
                answered_on: l.answered_on,
            })
            .collect(),
        next,
    }))
}

/// A published question: the texts as published, never the asker.
#[derive(Serialize, ToSchema)]
pub struct PublicQuestionJson {
    pub id: i64,
    pub number: String,
    pub subject: String,
    pub body: String,
    #[schema(value_type = String, format = Date)]
    pub asked_on: NaiveDate,
    pub answer: String,
    #[schema(value_type = Option<String>, format = Date)]
    pub answered_on: Option<NaiveDate>,
}

/// One published question with its answer.
#[utoipa::path(get, path = "/api/v1/agencies/{code}/questions/{id}",
    params(("code" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = PublicQuestionJson), (status = 404, body = ApiError)))]
pub async fn show(
    State(state): State<AppState>,
    Path((code, Id(id))): Path<(String, Id)>,
) -> ApiResult<PublicQuestionJson> {
    let agency = crate::tree::public_agency(&state, &code).await?;
    let q = public_question(&state, agency.id, id).await?;
    Ok(Json(PublicQuestionJson {
        id: q.id,
        number: q.number,
        subject: q.subject,
        body: q.body,
        asked_on: q.asked_on,
        answer: q.answer,
        answered_on: q.answered_on,
    }))
}

/// A question: `name` and `contact` are private (never published),
/// `consent` allows publishing question and answer with personal data
/// removed.
#[derive(Deserialize, ToSchema)]
pub struct NewQuestion {
    pub name: String,
    pub contact: String,
    pub subject: String,
    pub body: String,
    #[serde(default)]
    pub consent: bool,
    /// Send the same key again after a network failure: the question is
    /// kept once (letters, digits, `-`, `_`; at most 60).
    pub idempotency_key: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct QuestionReceipt {
    /// 留言编号.
    pub number: String,
    /// The query code, returned once (null when the key named a question
    /// already kept: use the code returned then).
    pub query_code: Option<String>,
    pub created: bool,
    pub asked_at: DateTime<Utc>,
    /// The agency answers by this day (its working days on the platform calendar).
    #[schema(value_type = String, format = Date)]
    pub due: NaiveDate,
}

/// Ask an agency a question. 201 with the number and the query code; 200
/// when the key named a question already kept; 422 with what to correct;
/// 429 when sent too often.
#[utoipa::path(post, path = "/api/v1/agencies/{code}/questions",
    params(("code" = String, Path)), request_body = NewQuestion,
    responses((status = 201, body = QuestionReceipt), (status = 200, body = QuestionReceipt),
              (status = 404, body = ApiError), (status = 422, body = ApiError),
              (status = 429, body = ApiError)))]
pub async fn ask(
    State(state): State<AppState>,
    Path(code): Path<String>,
    req: Result<Json<NewQuestion>, JsonRejection>,
) -> Result<Response, ApiError> {
    let shape = "{\"name\":\"张三\",\"contact\":\"13800000000\",\"subject\":\"……\",\"body\":\"……\",\"consent\":true,\"idempotency_key\":\"q-20250901-1\"}";
    let req = body(req, shape)?;
    let agency = crate::tree::public_agency(&state, &code).await?;
    let input = AskInput {
        name: req.name,
        contact: req.contact,
        subject: req.subject,
        body: req.body,
        consent: req.consent,
        submit_key: submit_key(req.idempotency_key.as_deref())?,
    };
    let r = act(app::ask(&state, agency.id, &input)).await?;
    let created = r.query_code.is_some();
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let receipt = QuestionReceipt {
        number: r.number,
        query_code: r.query_code,
        created,
        asked_at: r.asked_at,
        due: r.due,
    };
    Ok(private(status, receipt))
}

#[derive(Deserialize, ToSchema)]
pub struct TrackQuestion {
    /// 留言编号.
    pub number: String,
    /// The query code of the receipt.
    pub code: String,
}

/// The asker's view of the own question.
#[derive(Serialize, ToSchema)]
pub struct AskerViewJson {
    pub number: String,
    pub subject: String,
    pub body: String,
    #[schema(value_type = String, format = Date)]
    pub asked_on: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub due: NaiveDate,
    /// open / answered / converted / referred
    pub state: String,
    /// 待答复 / 已答复 …
    pub state_label: String,
    /// The answer, the referral or the conversion's notice.
    pub answer: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub closed_on: Option<NaiveDate>,
    /// The channel it was referred to.
    pub referred: Option<String>,
    /// The application it became: its number (and query code when known).
    pub case_number: Option<String>,
    pub case_query_code: Option<String>,
    pub consent: bool,
    /// Its public page, once published.
    pub published: Option<String>,
}

fn asker_json(v: AskerView) -> AskerViewJson {
    AskerViewJson {
        number: v.number,
        subject: v.subject,
        body: v.body,
        asked_on: v.asked_on,
        due: v.due,
        state: v.state.code().into(),
        state_label: v.state.label().into(),
        answer: v.answer,
        closed_on: v.closed_on,
        referred: v.referred.map(str::to_string),
        case_number: v.case.as_ref().map(|c| c.number.clone()),
        case_query_code: v.case.and_then(|c| c.query_code),
        consent: v.consent,
        published: v.published,
    }
}

/// Follow a question with its number and query code; 401 when they do
/// not match (the same for a number that does not exist).
#[utoipa::path(post, path = "/api/v1/agencies/{code}/questions/track",
    params(("code" = String, Path)), request_body = TrackQuestion,
    responses((status = 200, body = AskerViewJson), (status = 401, body = ApiError),
              (status = 404, body = ApiError), (status = 429, body = ApiError)))]
pub async fn track(
    State(state): State<AppState>,
    Path(code): Path<String>,
    req: Result<Json<TrackQuestion>, JsonRejection>,
) -> Result<Response, ApiError> {
    let req = body(req, "{\"number\":\"ZX2025-000012\",\"code\":\"查询码\"}")?;
    let agency = crate::tree::public_agency(&state, &code).await?;
    let view = app::track(&state, (agency.id, &code), &req.number, &req.code).await?;
    let view = view.ok_or_else(|| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "留言编号或查询码不正确，请核对后重新输入（查询码不区分大小写）。",
        )
    })?;
    Ok(private(StatusCode::OK, asker_json(view)))
}

/// `?shelf=open|closed&agency=CODE&after=ID`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct QueueParams {
    shelf: String,
    agency: String,
    after: Option<Id>,
}

/// A question in the queue: never the asker.
#[derive(Serialize, ToSchema)]
pub struct QueueLineJson {
    pub id: i64,
    pub number: String,
    pub subject: String,
    #[schema(value_type = String, format = Date)]
    pub asked_on: NaiveDate,
    /// The last day of the answer period.
    #[schema(value_type = String, format = Date)]
    pub due: NaiveDate,
    /// An open question today: running / overdue / escalated / vetoed.
    pub mark: Option<String>,
    /// 剩余3个工作日, 逾期2个工作日 …
    pub standing: Option<String>,
    pub state: String,
    pub state_label: String,
    #[schema(value_type = Option<String>, format = Date)]
    pub closed_on: Option<NaiveDate>,
    pub consent: bool,
    pub published: bool,
}

fn mark_code(s: &Standing) -> &'static str {
    use gongkai_domain::participation::clocks::QuestionMark;
    match s.mark {
        QuestionMark::Running => "running",
        QuestionMark::Overdue => "overdue",
        QuestionMark::Escalated => "escalated",
        QuestionMark::Vetoed => "vetoed",
    }
}

fn queue_line(l: QueueLine) -> QueueLineJson {
    QueueLineJson {
        id: l.id,
        number: l.number,
        subject: l.subject,
        asked_on: l.asked_on,
        due: l.due,
        mark: l.standing.as_ref().map(|s| mark_code(s).to_string()),
        standing: l.standing.map(Standing::label),
        state: l.state.code().into(),
        state_label: l.state.label().into(),
        closed_on: l.closed_on,
        consent: l.consent,
        published: l.published,
    }
}

#[derive(Serialize, ToSchema)]
pub struct QueueJson {
    /// The agency's code.
    pub agency: String,
    pub questions: Vec<QueueLineJson>,
    pub next: Option<i64>,
    /// Open, overdue, escalated, past the veto line.
    pub open: u64,
    pub overdue: u64,
    pub escalated: u64,
    pub vetoed: u64,
    /// The agency's working days to answer.
    pub answer_days: u32,
}

/// The queue of the caller's agency (or `agency`, an agency below, for its
/// supervising office): open questions the soonest due first with their
/// due dates and marks, or (`shelf=closed`) closed ones newest first.
#[utoipa::path(get, path = "/api/v1/questions",
    params(("shelf" = Option<String>, Query, description = "open（默认）或 closed"),
           ("agency" = Option<String>, Query, description = "下级机关的代码（监督员）"),
           ("after" = Option<i64>, Query)),
    responses((status = 200, body = QueueJson), (status = 401, body = ApiError),
              (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 422, body = ApiError)),
    security(("bearer" = [])))]
pub async fn queue_list(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Query(p): Query<QueueParams>,
) -> ApiResult<QueueJson> {
    let shelf = match p.shelf.trim() {
        "" | "open" => Shelf::Open,
        "closed" => Shelf::Closed,
        other => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("shelf 应为 open（待答复）或 closed（已办结），收到“{other}”。"),
            ));
        }
    };
    let code = Some(p.agency.as_str()).filter(|c| !c.trim().is_empty());
    let after = p.after.map(|Id(a)| a);
    let q = queue(&state, &reader(&who), code, shelf, after).await?;
    Ok(Json(QueueJson {
        agency: q.agency.profile.code.to_string(),
        questions: q.lines.into_iter().map(queue_line).collect(),
        next: q.next,
        open: q.counts.open,
        overdue: q.counts.overdue,
        escalated: q.counts.escalated,
        vetoed: q.counts.vetoed,
        answer_days: q.rules.answer_days,
    }))
}

/// A question as the staff read it.
#[derive(Serialize, ToSchema)]
pub struct StaffQuestionJson {
    pub id: i64,
    pub number: String,
    /// answer (the agency's own staff) / read (a supervising office).
    pub access: String,
    /// The asker: only for the agency's own staff (empty otherwise).
    pub name: String,
    pub contact: String,
    pub subject: String,
    pub body: String,
    pub consent: bool,
    pub asked_at: DateTime<Utc>,
    #[schema(value_type = String, format = Date)]
    pub due: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub escalate_on: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub veto_line: NaiveDate,
    pub standing: Option<String>,
    pub state: String,
    pub state_label: String,
    pub answer: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub closed_on: Option<NaiveDate>,
    /// The texts as published (or as they would be: personal data removed).
    pub public_subject: String,
    pub public_body: String,
    pub published_at: Option<DateTime<Utc>>,
    pub case_number: Option<String>,
}

async fn staff_json(
    state: &AppState,
    who: &CurrentStaff,
    id: i64,
) -> Result<StaffQuestionJson, ApiError> {
    let p = gongkai_app::questions::view::staff_page(state, &reader(who), id).await?;
    let q = p.q;
    Ok(StaffQuestionJson {
        id: q.id,
        number: p.number,
        access: match p.access {
            Access::Answer => "answer",
            Access::Read => "read",
        }
        .into(),
        name: q.name,
        contact: q.contact,
        subject: q.subject,
        body: q.body,
        consent: q.consent,
        asked_at: q.asked_at,
        due: q.clock.due,
        escalate_on: q.clock.escalate_on,
        veto_line: q.clock.veto_line,
        standing: p.standing.map(Standing::label),
        state: q.state.code().into(),
        state_label: q.state.label().into(),
        answer: q.answer,
        closed_on: q.closed_on,
        public_subject: p.public_subject,
        public_body: p.public_body,
        published_at: q.published_at,
        case_number: q.case.map(|c| c.number),
    })
}

/// One question: for the agency's own staff with the asker, for a
/// supervising office without; 403 for anyone else.
#[utoipa::path(get, path = "/api/v1/questions/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = StaffQuestionJson), (status = 401, body = ApiError),
              (status = 403, body = ApiError), (status = 404, body = ApiError)),
    security(("bearer" = [])))]
pub async fn staff_show(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Path(Id(id)): Path<Id>,
) -> ApiResult<StaffQuestionJson> {
    Ok(Json(staff_json(&state, &who, id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct AnswerInput {
    pub answer: String,
}

/// Answer an open question (the agency's own staff; the same command as
/// the page). 200 with the question; 422 with why it is refused.
#[utoipa::path(post, path = "/api/v1/questions/{id}/answer",
    params(("id" = i64, Path)), request_body = AnswerInput,
    responses((status = 200, body = StaffQuestionJson), (status = 401, body = ApiError),
              (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 422, body = ApiError)),
    security(("bearer" = [])))]
pub async fn answer(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Path(Id(id)): Path<Id>,
    req: Result<Json<AnswerInput>, JsonRejection>,
) -> ApiResult<StaffQuestionJson> {
    let r = reader(&who);
    let may = app::answered_by(&state, &r, id);
    let req = permitted_body(may, req, "{\"answer\":\"答复内容……\"}").await?;
    act(app::answer(&state, &r, Some(who.staff.id), id, &req.answer)).await?;
    Ok(Json(staff_json(&state, &who, id).await?))
}

/// The texts an answered question is published with, personal data removed.
#[derive(Deserialize, ToSchema)]
pub struct PublicationInput {
    pub subject: String,
    pub body: String,
}

/// Publish an answered question with the asker's consent (or change its
/// public texts); the name and contact are never published.
#[utoipa::path(post, path = "/api/v1/questions/{id}/publication",
    params(("id" = i64, Path)), request_body = PublicationInput,
    responses((status = 200, body = StaffQuestionJson), (status = 401, body = ApiError),
              (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 422, body = ApiError)),
    security(("bearer" = [])))]
pub async fn publish(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Path(Id(id)): Path<Id>,
    req: Result<Json<PublicationInput>, JsonRejection>,
) -> ApiResult<StaffQuestionJson> {
    let r = reader(&who);
    let may = app::answered_by(&state, &r, id);
    let req = permitted_body(may, req, "{\"subject\":\"……\",\"body\":\"……\"}").await?;
    let input = PublishInput {
        subject: req.subject,
        body: req.body,
    };
    act(app::publish(&state, &r, Some(who.staff.id), id, &input)).await?;
    Ok(Json(staff_json(&state, &who, id).await?))
}
