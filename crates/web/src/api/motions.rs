//! 人大代表建议 and 政协委员提案 in the JSON API, on the same commands and
//! query objects as the pages (`gongkai_app::motions`).
//!
//! Public (no token): an agency's yearly 办理情况总体情况 with the replies
//! published, and one published reply as published (contacts removed).
//! Staff (bearer): the overview of the caller's agency (its sessions and
//! counts), a session's register, one motion (the proposers' contacts
//! only for the lead agency's staff, as on the page), the reply recorded
//! and the reply published.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use chrono::NaiveDate;
use gongkai_app::motions::view::{
    Line, MotionPage, motion_page, overview, public_reply, session_page, year_page,
};
use gongkai_app::motions::{self as app, Access, PublishInput, ReplyInput};
use gongkai_domain::participation::motions::Proposer;
use gongkai_store::MotionSession;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::ApiStaff;
use super::participation::{AfterParam, act, permitted_body, reader};
use super::{ApiError, ApiResult};
use crate::auth::CurrentStaff;
use crate::params::{Id, Path, Query, Year};
use crate::state::AppState;

/// A motion as the lists show it (no contact, no reply text).
#[derive(Serialize, ToSchema)]
pub struct MotionLineJson {
    pub id: i64,
    /// suggestion (人大代表建议) / proposal (政协委员提案)
    pub kind: String,
    pub year: i32,
    /// 届次.
    pub session: String,
    /// The lead agency's code.
    pub agency: String,
    /// 编号.
    pub number: String,
    pub title: String,
    /// `王某某（城关镇代表团）、李某`.
    pub proposers: String,
    #[schema(value_type = String, format = Date)]
    pub assigned_on: NaiveDate,
    /// The reply is due by this day (as extended).
    #[schema(value_type = String, format = Date)]
    pub due: NaiveDate,
    /// handling / reply-overdue / awaiting / publication-overdue / published
    pub mark: String,
    pub mark_label: String,
    /// A / B / C / D
    pub grade: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub answered_on: Option<NaiveDate>,
    #[schema(value_type = Option<String>, format = Date)]
    pub published_on: Option<NaiveDate>,
    /// full / summary
    pub publish_mode: Option<String>,
    /// satisfied / basically_satisfied / dissatisfied
    pub satisfaction: Option<String>,
}

fn line_json(l: &Line) -> MotionLineJson {
    MotionLineJson {
        id: l.id,
        kind: l.kind.code().into(),
        year: l.year,
        session: l.session.clone(),
        agency: l.agency.code.clone(),
        number: l.number.clone(),
        title: l.title.clone(),
        proposers: l.proposers.clone(),
        assigned_on: l.assigned_on,
        due: l.due,
        mark: l.mark.code().into(),
        mark_label: l.mark.label(),
        grade: l.grade.map(|g| g.code().into()),
        answered_on: l.answered_on,
        published_on: l.published_on,
        publish_mode: l.publish_mode.map(|m| m.code().into()),
        satisfaction: l.satisfaction.map(|s| s.code().into()),
    }
}

/// 办理情况总体情况 of a year, counted in the database.
#[derive(Serialize, ToSchema)]
pub struct YearSummaryJson {
    pub suggestions: u64,
    pub proposals: u64,
    pub answered: u64,
    pub answered_on_time: u64,
    /// Replies by grade: A, B, C, D.
    pub grades: [u64; 4],
    /// The proposers' views: 满意, 基本满意, 不满意; and not asked yet.
    pub satisfaction: [u64; 3],
    pub satisfaction_unknown: u64,
    pub published: u64,
    /// Published within 20 working days of answering.
    pub published_on_time: u64,
    pub summaries: u64,
}

#[derive(Serialize, ToSchema)]
pub struct YearJson {
    pub year: i32,
    /// The years of the agency's sessions, the latest first.
    pub years: Vec<i32>,
    pub summary: YearSummaryJson,
    /// The replies published, a page at a time.
    pub replies: Vec<MotionLineJson>,
    pub next: Option<i64>,
}

/// `?year=YYYY&after=ID`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct YearParams {
    year: Option<Year>,
    after: Option<Id>,
}

/// An agency's yearly 办理情况总体情况 (the latest year with a session by
/// default) and the replies it published that year.
#[utoipa::path(get, path = "/api/v1/agencies/{code}/motions",
    params(("code" = String, Path, description = "机关的统一社会信用代码"),
           ("year" = Option<i32>, Query, description = "年度，默认为最近的年度"),
           ("after" = Option<i64>, Query, description = "下一页：上一页 next 的值")),
    responses((status = 200, body = YearJson), (status = 404, body = ApiError),
              (status = 422, body = ApiError)))]
pub async fn year(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<YearParams>,
) -> ApiResult<YearJson> {
    let agency = crate::tree::public_agency(&state, &code).await?;
    let y = year_page(
        &state,
        agency.id,
        q.year.map(|Year(y)| y),
        q.after.map(|Id(a)| a),
    )
    .await?;
    let s = &y.summary;
    Ok(Json(YearJson {
        year: y.year,
        years: y.years.clone(),
        summary: YearSummaryJson {
            suggestions: s.suggestions,
            proposals: s.proposals,
            answered: s.answered,
            answered_on_time: s.answered_on_time,
            grades: s.grades,
            satisfaction: s.satisfaction,
            satisfaction_unknown: s.satisfaction_unknown,
            published: s.published,
            published_on_time: s.published_on_time,
            summaries: s.summaries,
        },
        replies: y.lines.iter().map(line_json).collect(),
        next: y.next,
    }))
}

/// A published reply as published: contacts removed, in full or as a
/// summary with the reason.
#[derive(Serialize, ToSchema)]
pub struct PublicReplyJson {
    pub id: i64,
    pub kind: String,
    pub year: i32,
    pub session: String,
    pub number: String,
    pub title: String,
    pub proposers: Vec<String>,
    /// 协办单位.
    pub co_agencies: Vec<String>,
    #[schema(value_type = String, format = Date)]
    pub assigned_on: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub answered_on: NaiveDate,
    pub grade: String,
    pub grade_label: String,
    /// full / summary
    pub mode: String,
    pub text: String,
    pub summary_reason: Option<String>,
    #[schema(value_type = String, format = Date)]
    pub published_on: NaiveDate,
}

/// One published reply.
#[utoipa::path(get, path = "/api/v1/agencies/{code}/motions/{id}",
    params(("code" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = PublicReplyJson), (status = 404, body = ApiError)))]
pub async fn reply_public(
    State(state): State<AppState>,
    Path((code, Id(id))): Path<(String, Id)>,
) -> ApiResult<PublicReplyJson> {
    let agency = crate::tree::public_agency(&state, &code).await?;
    let r = public_reply(&state, agency.id, id).await?;
    Ok(Json(PublicReplyJson {
        id: r.id,
        kind: r.kind.code().into(),
        year: r.year,
        session: r.session,
        number: r.number,
        title: r.title,
        proposers: r.proposers,
        co_agencies: r.co_agencies,
        assigned_on: r.assigned_on,
        answered_on: r.answered_on,
        grade: r.grade.code().into(),
        grade_label: r.grade.label().into(),
        mode: r.publication.mode.code().into(),
        text: r.publication.text,
        summary_reason: r.publication.summary_reason,
        published_on: r.publication.published_on,
    }))
}

/// A session's register as listed.
#[derive(Serialize, ToSchema)]
pub struct SessionJson {
    pub id: i64,
    pub kind: String,
    pub year: i32,
    pub name: String,
    /// Months to reply (3; 提案 up to 5 as configured).
    pub reply_months: u32,
    /// 交办单位.
    pub assigned_by: String,
    pub motions: u64,
    pub answered: u64,
    pub published: u64,
}

fn session_json(s: &MotionSession) -> SessionJson {
    SessionJson {
        id: s.id,
        kind: s.kind.code().into(),
        year: s.year,
        name: s.name.clone(),
        reply_months: s.reply_months,
        assigned_by: s.assigned_by.clone(),
        motions: s.motions,
        answered: s.answered,
        published: s.published,
    }
}

#[derive(Serialize, ToSchema)]
pub struct OverviewJson {
    pub sessions: Vec<SessionJson>,
    /// Not answered, and of those past their due day.
    pub handling: u64,
    pub reply_overdue: u64,
    /// Answered and not published, and of those past their publication day.
    pub awaiting_publication: u64,
    pub publication_overdue: u64,
    /// Motions the agency co-handles (协办), first page.
    pub co_handled: Vec<MotionLineJson>,
}

/// The caller's agency's registers (sessions with their counts), its late
/// and unpublished motions counted, and the motions it co-handles.
#[utoipa::path(get, path = "/api/v1/motions",
    responses((status = 200, body = OverviewJson), (status = 401, body = ApiError),
              (status = 403, body = ApiError)),
    security(("bearer" = [])))]
pub async fn staff_overview(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
) -> ApiResult<OverviewJson> {
    let o = overview(&state, &reader(&who)).await?;
    Ok(Json(OverviewJson {
        sessions: o.sessions.iter().map(session_json).collect(),
        handling: o.counts.handling,
        reply_overdue: o.counts.reply_overdue,
        awaiting_publication: o.counts.awaiting_publication,
        publication_overdue: o.counts.publication_overdue,
        co_handled: o.co_handled.iter().map(line_json).collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct RegisterJson {
    pub session: SessionJson,
    /// The session's agency's code.
    pub agency: String,
    pub motions: Vec<MotionLineJson>,
    pub next: Option<i64>,
}

/// A session's register, with each motion's due date and mark.
#[utoipa::path(get, path = "/api/v1/motions/sessions/{id}",
    params(("id" = i64, Path), ("after" = Option<i64>, Query)),
    responses((status = 200, body = RegisterJson), (status = 401, body = ApiError),
              (status = 403, body = ApiError), (status = 404, body = ApiError)),
    security(("bearer" = [])))]
pub async fn staff_session(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Path(Id(id)): Path<Id>,
    Query(q): Query<AfterParam>,
) -> ApiResult<RegisterJson> {
    let p = session_page(&state, &reader(&who), id, q.after.map(|Id(a)| a)).await?;
    Ok(Json(RegisterJson {
        session: session_json(&p.session),
        agency: p.agency.profile.code.to_string(),
        motions: p.lines.iter().map(line_json).collect(),
        next: p.next,
    }))
}

/// A proposer; the contact only for the lead agency's staff.
#[derive(Serialize, ToSchema)]
pub struct ProposerJson {
    pub name: String,
    /// 代表团 or 界别.
    pub group: String,
    pub contact: Option<String>,
}

/// A motion as its staff page shows it.
#[derive(Serialize, ToSchema)]
pub struct StaffMotionJson {
    pub id: i64,
    /// lead / co_handler / oversee
    pub access: String,
    pub session: SessionJson,
    pub number: String,
    pub title: String,
    pub proposers: Vec<ProposerJson>,
    pub co_agencies: Vec<String>,
    #[schema(value_type = String, format = Date)]
    pub assigned_on: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub due: NaiveDate,
    /// The latest day an extension may reach.
    #[schema(value_type = String, format = Date)]
    pub latest_extension: NaiveDate,
    pub state: String,
    pub mark: String,
    pub mark_label: String,
    /// The reply as recorded for the lead agency's staff; the others read
    /// it as it would be published (contacts removed), as on the page.
    pub reply_text: Option<String>,
    pub grade: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub answered_on: Option<NaiveDate>,
    /// Published by this day (20 working days after answering).
    #[schema(value_type = Option<String>, format = Date)]
    pub publish_due: Option<NaiveDate>,
    pub published_text: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub published_on: Option<NaiveDate>,
    pub satisfaction: Option<String>,
}

/// The contacts as `motion_for` left them (the lead agency's staff only).
fn proposer_json(p: &Proposer) -> ProposerJson {
    ProposerJson {
        name: p.name.clone(),
        group: p.group.clone(),
        contact: p.contact.clone(),
    }
}

fn motion_json(p: MotionPage) -> StaffMotionJson {
    let m = p.motion;
    StaffMotionJson {
        id: m.id,
        access: match p.access {
            Access::Lead => "lead",
            Access::CoHandler => "co_handler",
            Access::Oversee => "oversee",
        }
        .into(),
        session: session_json(&m.session),
        number: m.number.clone(),
        title: m.title.clone(),
        proposers: m.proposers.iter().map(proposer_json).collect(),
        co_agencies: m.co_agencies.iter().map(|a| a.name.clone()).collect(),
        assigned_on: m.assigned_on,
        due: m.due(),
        latest_extension: p.latest_extension,
        state: m.state.code().into(),
        mark: p.mark.code().into(),
        mark_label: p.mark.label(),
        reply_text: m.reply.as_ref().map(|r| r.text.clone()),
        grade: m.reply.as_ref().map(|r| r.grade.code().into()),
        answered_on: m.reply.as_ref().map(|r| r.answered_on),
        publish_due: m.reply.as_ref().map(|r| r.publish_due),
        published_text: m.publication.as_ref().map(|x| x.text.clone()),
        published_on: m.publication.as_ref().map(|x| x.published_on),
        satisfaction: m.satisfaction.map(|(s, _)| s.code().into()),
    }
}

async fn staff_json(
    state: &AppState,
    who: &CurrentStaff,
    id: i64,
) -> Result<StaffMotionJson, ApiError> {
    Ok(motion_json(motion_page(state, &reader(who), id).await?))
}

/// One motion: the lead agency's staff (with contacts and the reply as
/// recorded), a co-handling agency or a supervising office (without).
#[utoipa::path(get, path = "/api/v1/motions/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = StaffMotionJson), (status = 401, body = ApiError),
              (status = 403, body = ApiError), (status = 404, body = ApiError)),
    security(("bearer" = [])))]
pub async fn staff_show(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Path(Id(id)): Path<Id>,
) -> ApiResult<StaffMotionJson> {
    Ok(Json(staff_json(&state, &who, id).await?))
}

/// The reply: its full text, the grade (A–D) and the day it was answered.
#[derive(Deserialize, ToSchema)]
pub struct ReplyBody {
    pub text: String,
    /// A / B / C / D
    pub grade: String,
    #[schema(value_type = String, format = Date)]
    pub answered_on: NaiveDate,
}

/// Record the reply (the lead agency's staff; the same command as the
/// page). 200 with the motion; 422 with why it is refused.
#[utoipa::path(post, path = "/api/v1/motions/{id}/reply",
    params(("id" = i64, Path)), request_body = ReplyBody,
    responses((status = 200, body = StaffMotionJson), (status = 401, body = ApiError),
              (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 422, body = ApiError)),
    security(("bearer" = [])))]
pub async fn reply(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Path(Id(id)): Path<Id>,
    req: Result<Json<ReplyBody>, JsonRejection>,
) -> ApiResult<StaffMotionJson> {
    let r = reader(&who);
    let shape = "{\"text\":\"答复全文……\",\"grade\":\"A\",\"answered_on\":\"2025-06-30\"}";
    let req = permitted_body(app::managed(&state, &r, id), req, shape).await?;
    let input = ReplyInput {
        text: req.text,
        grade: req.grade,
        answered_on: req.answered_on.to_string(),
    };
    act(app::reply(&state, &r, Some(who.staff.id), id, &input)).await?;
    Ok(Json(staff_json(&state, &who, id).await?))
}

/// The publication: `full`, or `summary` with the summary and the reason.
#[derive(Deserialize, ToSchema)]
pub struct PublicationBody {
    /// full / summary
    pub mode: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub reason: String,
}

/// Publish the reply today, the proposers' contact data removed (as the
/// page's preview shows it). 200 with the motion; 422 with why not.
#[utoipa::path(post, path = "/api/v1/motions/{id}/publication",
    params(("id" = i64, Path)), request_body = PublicationBody,
    responses((status = 200, body = StaffMotionJson), (status = 401, body = ApiError),
              (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 422, body = ApiError)),
    security(("bearer" = [])))]
pub async fn publish(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Path(Id(id)): Path<Id>,
    req: Result<Json<PublicationBody>, JsonRejection>,
) -> ApiResult<StaffMotionJson> {
    let shape = "{\"mode\":\"full\"} 或 {\"mode\":\"summary\",\"summary\":\"……\",\"reason\":\"涉及个人隐私\"}";
    let r = reader(&who);
    let req = permitted_body(app::managed(&state, &r, id), req, shape).await?;
    let input = PublishInput {
        mode: req.mode,
        summary: req.summary,
        reason: req.reason,
    };
    act(app::publish(&state, &r, Some(who.staff.id), id, &input)).await?;
    Ok(Json(staff_json(&state, &who, id).await?))
}
