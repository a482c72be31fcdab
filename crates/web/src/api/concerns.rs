//! 回应关切 in the JSON API, on the same commands and query objects as the
//! pages (`gongkai_app::concerns`).
//!
//! Public (no token): an agency's concerns with a public response and one of
//! them — what the public column shows: the clocks (按时 or not) and the
//! public responses with their linked items, never the summary, the source
//! or a response kept internal. Staff (bearer): the queue, one concern as
//! the workbench shows it, and register / respond / close, each by the
//! agency's own 信息员 or 审核人 (a supervising office reads; anyone else is
//! refused with the policy's words).

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use gongkai_app::concerns::view::{
    ConcernPage, Line, PublicConcern, concern_page, public_column, public_concern, queue,
};
use gongkai_app::concerns::{
    self as app, Access, ClockLine, CloseInput, ConcernInput, ResponseInput,
};
use gongkai_store::ConcernResponse;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::ApiStaff;
use super::participation::{act, body, permitted_body, reader};
use super::{ApiError, ApiResult};
use crate::auth::CurrentStaff;
use crate::params::{Id, Path, Query};
use crate::state::AppState;

/// A clock of a concern: its due moment and how it stands.
#[derive(Serialize, ToSchema)]
pub struct ClockJson {
    /// 发布权威信息 / 召开新闻发布会 / 回应.
    pub what: String,
    /// Hours from the moment the agency learned of it.
    pub hours: i64,
    /// The rule's source (国办发〔2016〕80号 …).
    pub source: String,
    /// Beijing time to the minute.
    pub due: String,
    /// The first public response that met it (Beijing time).
    pub met_at: Option<String>,
    /// on-time / late / pending / missed.
    pub mark: String,
    /// 按时, 超时（晚1小时） …
    pub mark_label: String,
}

fn clock_json(c: &ClockLine) -> ClockJson {
    ClockJson {
        what: c.what.into(),
        hours: c.hours,
        source: c.source.into(),
        due: c.due.clone(),
        met_at: c.met_at.clone(),
        mark: c.code().into(),
        mark_label: c.label(),
    }
}

/// A published item a response links.
#[derive(Serialize, ToSchema)]
pub struct LinkedItemJson {
    pub item_id: i64,
    pub title: String,
    /// Its public page.
    pub href: String,
}

/// A response (public ones only in the public answers).
#[derive(Serialize, ToSchema)]
pub struct ResponseJson {
    pub id: i64,
    /// authoritative_release / press_conference / statement / other.
    pub kind: String,
    pub kind_label: String,
    pub responded_at: DateTime<Utc>,
    pub body: String,
    pub public: bool,
    pub external_url: Option<String>,
    pub items: Vec<LinkedItemJson>,
}

fn response_json(r: ConcernResponse) -> ResponseJson {
    ResponseJson {
        id: r.id,
        kind: r.kind.code().into(),
        kind_label: r.kind.label().into(),
        responded_at: r.responded_at,
        body: r.body,
        public: r.public,
        external_url: r.external_url,
        items: r
            .items
            .into_iter()
            .map(|i| LinkedItemJson {
                href: format!("/items/{}", i.item_id),
                item_id: i.item_id,
                title: i.title,
            })
            .collect(),
    }
}

/// A concern as the public column shows it.
#[derive(Serialize, ToSchema)]
pub struct PublicConcernJson {
    pub id: i64,
    pub title: String,
    /// major_incident / other.
    pub class: String,
    pub class_label: String,
    /// Beijing time to the minute.
    pub learned_at: String,
    pub lead_agency: String,
    pub clocks: Vec<ClockJson>,
    pub responses: Vec<ResponseJson>,
}

fn public_json(c: PublicConcern) -> PublicConcernJson {
    PublicConcernJson {
        id: c.id,
        title: c.title,
        class: c.class.code().into(),
        class_label: c.class.label().into(),
        learned_at: c.learned_at,
        lead_agency: c.lead_agency,
        clocks: c.clocks.iter().map(clock_json).collect(),
        responses: c.responses.into_iter().map(response_json).collect(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct PublicListJson {
    pub concerns: Vec<PublicConcernJson>,
    /// `from` for the next page.
    pub next: Option<u32>,
}

/// `?from=N`: the offset of a later page.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FromParam {
    from: Option<Id>,
}

fn offset(p: &FromParam) -> u32 {
    p.from
        .map_or(0, |Id(n)| u32::try_from(n).unwrap_or(u32::MAX))
}

/// An agency's concerns with a public response, the latest learned first.
#[utoipa::path(get, path = "/api/v1/agencies/{code}/concerns",
    params(("code" = String, Path, description = "机关的统一社会信用代码"),
           ("from" = Option<u32>, Query, description = "下一页：上一页 next 的值")),
    responses((status = 200, body = PublicListJson), (status = 404, body = ApiError)))]
pub async fn list(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(p): Query<FromParam>,
) -> ApiResult<PublicListJson> {
    let agency = crate::tree::public_agency(&state, &code).await?;
    let c = public_column(&state, agency.id, offset(&p)).await?;
    Ok(Json(PublicListJson {
        concerns: c.concerns.into_iter().map(public_json).collect(),
        next: c.next,
    }))
}

/// One concern with its public responses; 404 unless it has one.
#[utoipa::path(get, path = "/api/v1/agencies/{code}/concerns/{id}",
    params(("code" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = PublicConcernJson), (status = 404, body = ApiError)))]
pub async fn show(
    State(state): State<AppState>,
    Path((code, Id(id))): Path<(String, Id)>,
) -> ApiResult<PublicConcernJson> {
    let agency = crate::tree::public_agency(&state, &code).await?;
    Ok(Json(public_json(
        public_concern(&state, agency.id, id).await?,
    )))
}

/// A concern in the queue.
#[derive(Serialize, ToSchema)]
pub struct QueueLineJson {
    pub id: i64,
    pub title: String,
    pub class: String,
    pub learned_at: String,
    pub source: String,
    pub lead_agency: String,
    pub open: bool,
    /// A clock met late or missed.
    pub late: bool,
    pub clocks: Vec<ClockJson>,
    pub public_responses: u64,
}

fn queue_line(l: Line) -> QueueLineJson {
    QueueLineJson {
        late: l.late(),
        id: l.id,
        title: l.title,
        class: l.class.code().into(),
        learned_at: l.learned_at,
        source: l.source,
        lead_agency: l.lead_agency,
        open: l.open,
        clocks: l.clocks.iter().map(clock_json).collect(),
        public_responses: l.public_responses,
    }
}

#[derive(Serialize, ToSchema)]
pub struct QueueJson {
    /// respond (the agency's own staff) / read (its 监督员).
    pub access: String,
    pub concerns: Vec<QueueLineJson>,
    pub next: Option<u32>,
}

fn access_code(a: Access) -> String {
    match a {
        Access::Respond => "respond",
        Access::Read => "read",
    }
    .into()
}

/// The caller's agency's register: the nearest clock not met first,
/// overdue first, closed last.
#[utoipa::path(get, path = "/api/v1/concerns",
    params(("from" = Option<u32>, Query, description = "下一页：上一页 next 的值")),
    responses((status = 200, body = QueueJson), (status = 401, body = ApiError),
              (status = 403, body = ApiError)),
    security(("bearer" = [])))]
pub async fn queue_list(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Query(p): Query<FromParam>,
) -> ApiResult<QueueJson> {
    let q = queue(&state, &reader(&who), offset(&p)).await?;
    Ok(Json(QueueJson {
        access: access_code(q.access),
        concerns: q.lines.into_iter().map(queue_line).collect(),
        next: q.next,
    }))
}

/// A concern as the workbench shows it: every response, public or not.
#[derive(Serialize, ToSchema)]
pub struct StaffConcernJson {
    pub id: i64,
    /// The agency's code.
    pub agency: String,
    pub access: String,
    pub title: String,
    pub class: String,
    pub class_label: String,
    pub learned_at: DateTime<Utc>,
    pub source: String,
    pub summary: String,
    pub lead_agency: String,
    /// open / closed.
    pub open: bool,
    pub closed_at: Option<DateTime<Utc>>,
    pub closing_note: Option<String>,
    pub clocks: Vec<ClockJson>,
    pub responses: Vec<ResponseJson>,
}

fn staff_of(p: ConcernPage) -> StaffConcernJson {
    let c = p.concern;
    StaffConcernJson {
        id: c.id,
        agency: p.agency.profile.code.to_string(),
        access: access_code(p.access),
        title: c.title,
        class: c.class.code().into(),
        class_label: c.class.label().into(),
        learned_at: c.learned_at,
        source: c.source,
        summary: c.summary,
        lead_agency: c.lead_agency,
        open: c.state == gongkai_store::ConcernState::Open,
        closed_at: c.closed_at,
        closing_note: c.closing_note,
        clocks: p.clocks.iter().map(clock_json).collect(),
        responses: c.responses.into_iter().map(response_json).collect(),
    }
}

async fn staff_json(
    state: &AppState,
    who: &CurrentStaff,
    id: i64,
) -> Result<StaffConcernJson, ApiError> {
    Ok(staff_of(concern_page(state, &reader(who), id).await?))
}

/// One concern: for the agency's own staff and the offices above; 403 for
/// anyone else.
#[utoipa::path(get, path = "/api/v1/concerns/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = StaffConcernJson), (status = 401, body = ApiError),
              (status = 403, body = ApiError), (status = 404, body = ApiError)),
    security(("bearer" = [])))]
pub async fn staff_show(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Path(Id(id)): Path<Id>,
) -> ApiResult<StaffConcernJson> {
    Ok(Json(staff_json(&state, &who, id).await?))
}

/// A concern to register, as the form has it. Every field defaults to
/// empty so that the command answers — who may first, then each field
/// refused with its own words.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct NewConcernBody {
    pub title: String,
    /// major_incident（特别重大、重大突发事件）or other（其他政务舆情）.
    pub class: String,
    /// `YYYY-MM-DD HH:MM`, Beijing time.
    pub learned_at: String,
    /// 来源或渠道.
    pub source: String,
    pub summary: String,
    /// 牵头回应单位; the agency itself when omitted.
    pub lead_agency: String,
}

/// Register a concern of the caller's agency (the same command as the
/// workbench's form). 201 with the concern; 422 with what to correct.
#[utoipa::path(post, path = "/api/v1/concerns", request_body = NewConcernBody,
    responses((status = 201, body = StaffConcernJson), (status = 401, body = ApiError),
              (status = 403, body = ApiError), (status = 422, body = ApiError)),
    security(("bearer" = [])))]
pub async fn register(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    req: Result<Json<NewConcernBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let shape = "{\"title\":\"……\",\"class\":\"major_incident\",\"learned_at\":\"2025-07-03 22:30\",\"source\":\"网络媒体报道\",\"summary\":\"……\"}";
    let req = body(req, shape)?;
    let input = ConcernInput {
        title: req.title,
        class: req.class,
        learned_at: req.learned_at,
        source: req.source,
        summary: req.summary,
        lead_agency: req.lead_agency,
    };
    let id = act(app::register(
        &state,
        &reader(&who),
        Some(who.staff.id),
        &input,
    ))
    .await?;
    let json = staff_json(&state, &who, id).await?;
    Ok((StatusCode::CREATED, Json(json)).into_response())
}

/// A response, as the form has it.
#[derive(Deserialize, ToSchema)]
pub struct ResponseBody {
    /// authoritative_release / press_conference / statement / other.
    pub kind: String,
    /// `YYYY-MM-DD HH:MM`, Beijing time.
    pub responded_at: String,
    pub body: String,
    /// Published in the 回应关切 column (only a public response meets a clock).
    #[serde(default)]
    pub public: bool,
    /// 信息编号 of the agency's published items.
    #[serde(default)]
    pub items: Vec<i64>,
    #[serde(default)]
    pub url: String,
}

/// Record a response of an open concern. 200 with the concern.
#[utoipa::path(post, path = "/api/v1/concerns/{id}/responses",
    params(("id" = i64, Path)), request_body = ResponseBody,
    responses((status = 200, body = StaffConcernJson), (status = 401, body = ApiError),
              (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 422, body = ApiError)),
    security(("bearer" = [])))]
pub async fn respond(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Path(Id(id)): Path<Id>,
    req: Result<Json<ResponseBody>, JsonRejection>,
) -> ApiResult<StaffConcernJson> {
    let r = reader(&who);
    let shape = "{\"kind\":\"authoritative_release\",\"responded_at\":\"2025-07-04 02:30\",\"body\":\"……\",\"public\":true,\"items\":[12]}";
    let req = permitted_body(app::responded_by(&state, &r, id), req, shape).await?;
    let items: Vec<String> = req.items.iter().map(i64::to_string).collect();
    let input = ResponseInput {
        kind: req.kind,
        responded_at: req.responded_at,
        body: req.body,
        public: req.public,
        items: items.join(" "),
        url: req.url,
    };
    act(app::respond(&state, &r, Some(who.staff.id), id, &input)).await?;
    Ok(Json(staff_json(&state, &who, id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct CloseBody {
    /// 办结说明.
    pub note: String,
}

/// Close an open concern. 200 with the concern.
#[utoipa::path(post, path = "/api/v1/concerns/{id}/close",
    params(("id" = i64, Path)), request_body = CloseBody,
    responses((status = 200, body = StaffConcernJson), (status = 401, body = ApiError),
              (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 422, body = ApiError)),
    security(("bearer" = [])))]
pub async fn close(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Path(Id(id)): Path<Id>,
    req: Result<Json<CloseBody>, JsonRejection>,
) -> ApiResult<StaffConcernJson> {
    let r = reader(&who);
    let may = app::responded_by(&state, &r, id);
    let req = permitted_body(may, req, "{\"note\":\"已发布权威信息，舆情平息\"}").await?;
    let input = CloseInput { note: req.note };
    act(app::close(&state, &r, Some(who.staff.id), id, &input)).await?;
    Ok(Json(staff_json(&state, &who, id).await?))
}
