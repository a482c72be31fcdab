//! 意见征集 in the JSON API, on the same commands and query objects as the
//! pages (`gongkai_app::consultations`): who may do what, the periods and
//! the feedback rules are decided there, once.
//!
//! Public (no token): an agency's open and closed consultations, one
//! consultation with its shown comments and published feedback (never a
//! commenter's contact), and a comment — rate-limited per address like the
//! form (`limits.rs`), idempotent by the client's key like the form's
//! one-time key. Staff (bearer): the agency's consultations, one with its
//! comments (contacts only for the agency's own staff, as on the page),
//! and the feedback recorded and published. The steps the registers'
//! API files share are in [`super::participation`].

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_app::consultations::feedback::adoption_code;
use gongkai_app::consultations::view::{self, Line, public_list, public_page, staff_page};
use gongkai_app::consultations::{self as app, Access, CommentInput, DecisionInput, FeedbackRow};
use gongkai_domain::participation::consultation::FeedbackLine;
use gongkai_store::{CommentReceived, StoredComment};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::ApiStaff;
use super::participation::{AfterParam, act, body, permitted_body, reader, submit_key};
use super::{ApiError, ApiResult};
use crate::params::{Id, Path, Query};
use crate::state::AppState;

/// A consultation as the lists show it.
#[derive(Serialize, ToSchema)]
pub struct ConsultationLineJson {
    pub id: i64,
    pub title: String,
    /// 重大行政决策 / 规章 / 行政规范性文件 …
    pub kind: String,
    /// `2025-09-25至2025-10-11`.
    pub period: String,
    /// draft / scheduled / open / due / missing / published
    pub phase: String,
    /// 征求意见中，还剩3天 …
    pub phase_label: String,
    /// Comments received.
    pub comments: u64,
}

fn line_json(l: &Line) -> ConsultationLineJson {
    ConsultationLineJson {
        id: l.id,
        title: l.title.clone(),
        kind: l.kind.into(),
        period: l.period.clone(),
        phase: l.phase.code().into(),
        phase_label: l.phase.label(),
        comments: l.comments,
    }
}

#[derive(Serialize, ToSchema)]
pub struct ConsultationListJson {
    /// Taking comments today, the soonest to close first (first page only).
    pub open: Vec<ConsultationLineJson>,
    /// Closed, newest first.
    pub closed: Vec<ConsultationLineJson>,
    /// `after` for the next page of closed ones.
    pub next: Option<i64>,
}

/// An agency's published consultations: open ones first, then closed
/// ones with whether their feedback (意见采纳情况) is out.
#[utoipa::path(get, path = "/api/v1/agencies/{code}/consultations",
    params(("code" = String, Path, description = "机关的统一社会信用代码"),
           ("after" = Option<i64>, Query, description = "下一页：上一页 next 的值")),
    responses((status = 200, body = ConsultationListJson), (status = 404, body = ApiError)))]
pub async fn list(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<AfterParam>,
) -> ApiResult<ConsultationListJson> {
    let agency = crate::tree::public_agency(&state, &code).await?;
    let l = public_list(&state, agency.id, q.after.map(|Id(a)| a)).await?;
    Ok(Json(ConsultationListJson {
        open: l.open.iter().map(line_json).collect(),
        closed: l.closed.iter().map(line_json).collect(),
        next: l.next,
    }))
}

/// A comment as the public sees it: never the contact.
#[derive(Serialize, ToSchema)]
pub struct PublicCommentJson {
    pub id: i64,
    /// 匿名 without a name.
    pub name: String,
    pub body: String,
    #[schema(value_type = String, format = Date)]
    pub received_on: NaiveDate,
}

/// A line of 意见采纳情况.
#[derive(Serialize, ToSchema)]
pub struct FeedbackLineJson {
    pub opinion: String,
    /// Comments that raised it.
    pub raised_by: u32,
    /// adopted / partly_adopted / not_adopted
    pub adoption: String,
    /// 采纳 / 部分采纳 / 不予采纳
    pub adoption_label: String,
    pub reason: String,
}

fn feedback_json(lines: &[FeedbackLine]) -> Vec<FeedbackLineJson> {
    lines
        .iter()
        .map(|l| FeedbackLineJson {
            opinion: l.opinion.clone(),
            raised_by: l.raised_by,
            adoption: adoption_code(l.adoption).into(),
            adoption_label: l.adoption.label().into(),
            reason: l.reason.clone(),
        })
        .collect()
}

/// A link to the draft, its interpretation or the final decision.
#[derive(Serialize, ToSchema)]
pub struct LinkJson {
    pub href: String,
    pub title: String,
}

fn link_json(l: &Option<view::Link>) -> Option<LinkJson> {
    l.as_ref().map(|l| LinkJson {
        href: l.href.clone(),
        title: l.title.clone(),
    })
}

/// The notice: what both the public and the staff read.
#[derive(Serialize, ToSchema)]
pub struct NoticeJson {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub phase: String,
    pub phase_label: String,
    #[schema(value_type = String, format = Date)]
    pub opens_on: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub closes_on: NaiveDate,
    /// `7个工作日`, `30日`.
    pub length: String,
    /// The statutory minimum with its source, where the law sets one.
    pub minimum: Option<String>,
    /// Why the period is shorter than the minimum.
    pub shortened_reason: Option<String>,
    /// Other ways to comment (by post, by e-mail).
    pub comment_address: Option<String>,
    pub comment_email: Option<String>,
    pub name_required: bool,
    pub draft_text: String,
    /// 起草说明.
    pub explanation: String,
    pub draft_item: Option<LinkJson>,
    pub interpretation_item: Option<LinkJson>,
    pub decision: Option<LinkJson>,
}

fn notice_json(c: &gongkai_store::Consultation, n: &view::Notice, phase: app::Phase) -> NoticeJson {
    NoticeJson {
        id: c.id,
        title: c.title.clone(),
        kind: c.kind.label().into(),
        phase: phase.code().into(),
        phase_label: phase.label(),
        opens_on: c.opens_on,
        closes_on: c.closes_on,
        length: n.length.clone(),
        minimum: n.minimum.clone(),
        shortened_reason: c.shortened_reason.clone(),
        comment_address: c.comment_address.clone(),
        comment_email: c.comment_email.clone(),
        name_required: c.name_required,
        draft_text: c.draft_text.clone(),
        explanation: c.explanation.clone(),
        draft_item: link_json(&n.draft_item),
        interpretation_item: link_json(&n.interpretation_item),
        decision: link_json(&n.decision),
    }
}

#[derive(Serialize, ToSchema)]
pub struct PublicConsultationJson {
    #[serde(flatten)]
    pub notice: NoticeJson,
    /// Comments received in all (shown, hidden and awaiting moderation).
    pub received: u64,
    /// The comments shown after moderation, oldest first, a page at a time.
    pub comments: Vec<PublicCommentJson>,
    /// `after` for the next page of comments.
    pub comments_next: Option<i64>,
    /// 意见采纳情况, once published.
    pub feedback: Option<Vec<FeedbackLineJson>>,
}

/// One published consultation: the notice, the comments shown, and the
/// feedback once published.
#[utoipa::path(get, path = "/api/v1/agencies/{code}/consultations/{id}",
    params(("code" = String, Path), ("id" = i64, Path),
           ("after" = Option<i64>, Query, description = "评论的下一页")),
    responses((status = 200, body = PublicConsultationJson), (status = 404, body = ApiError)))]
pub async fn show(
    State(state): State<AppState>,
    Path((code, Id(id))): Path<(String, Id)>,
    Query(q): Query<AfterParam>,
) -> ApiResult<PublicConsultationJson> {
    let agency = crate::tree::public_agency(&state, &code).await?;
    let p = public_page(&state, agency.id, id, q.after.map(|Id(a)| a)).await?;
    Ok(Json(PublicConsultationJson {
        notice: notice_json(&p.c, &p.notice, p.phase),
        received: p.received,
        comments: p
            .shown
            .into_iter()
            .map(|c| PublicCommentJson {
                id: c.id,
                name: c.name,
                body: c.body,
                received_on: c.received_on,
            })
            .collect(),
        comments_next: p.shown_next,
        feedback: p.feedback.as_deref().map(feedback_json),
    }))
}

/// A comment: `name` (optional unless the notice requires it), `contact`
/// (private, never shown), `body`.
#[derive(Deserialize, ToSchema)]
pub struct NewComment {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub contact: String,
    pub body: String,
    /// Send the same key again after a network failure: the comment is
    /// kept once (letters, digits, `-`, `_`; at most 60).
    pub idempotency_key: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CommentReceipt {
    /// The comment's number.
    pub id: i64,
    /// False when the key named a comment already kept.
    pub created: bool,
    /// What happens next.
    pub message: String,
}

/// Comment on a consultation while it is open. 201 when kept, 200 when
/// the key named a comment already kept; 422 with why it is refused (the
/// period over, the text too short …); 429 when sent too often.
#[utoipa::path(post, path = "/api/v1/agencies/{code}/consultations/{id}/comments",
    params(("code" = String, Path), ("id" = i64, Path)), request_body = NewComment,
    responses((status = 201, body = CommentReceipt), (status = 200, body = CommentReceipt),
              (status = 404, body = ApiError), (status = 422, body = ApiError),
              (status = 429, body = ApiError)))]
pub async fn comment(
    State(state): State<AppState>,
    Path((code, Id(id))): Path<(String, Id)>,
    req: Result<Json<NewComment>, JsonRejection>,
) -> Result<(StatusCode, Json<CommentReceipt>), ApiError> {
    let shape = "{\"name\":\"张三\",\"contact\":\"13800000000\",\"body\":\"建议……\",\"idempotency_key\":\"c-20250901-1\"}（name、contact 可按征求意见公告的要求省略）";
    let req = body(req, shape)?;
    let agency = crate::tree::public_agency(&state, &code).await?;
    let input = CommentInput {
        name: req.name,
        contact: req.contact,
        body: req.body,
        submit_key: submit_key(req.idempotency_key.as_deref())?,
    };
    let received = act(app::submit_comment(&state, agency.id, id, &input)).await?;
    let (status, created) = match received {
        CommentReceived::New(_) => (StatusCode::CREATED, true),
        CommentReceived::Again(_) => (StatusCode::OK, false),
    };
    Ok((
        status,
        Json(CommentReceipt {
            id: received.id(),
            created,
            message: "意见已收到。经审核后公开显示；联系方式不公开。".into(),
        }),
    ))
}

/// `?after=ID&missing_feedback=1`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StaffListParams {
    after: Option<Id>,
    missing_feedback: Option<bool>,
}

#[derive(Serialize, ToSchema)]
pub struct StaffLineJson {
    #[serde(flatten)]
    pub line: ConsultationLineJson,
    /// The agency's code (the supervisor's list spans its subtree).
    pub agency: String,
    /// Comments awaiting moderation.
    pub pending: u64,
    /// Closed without published feedback.
    pub flagged: bool,
}

#[derive(Serialize, ToSchema)]
pub struct StaffListJson {
    pub consultations: Vec<StaffLineJson>,
    pub next: Option<i64>,
}

/// The caller's agency's consultations, drafts included, newest first;
/// with `missing_feedback=true` (监督员), those closed without published
/// feedback anywhere below. The same query objects as the workbench.
#[utoipa::path(get, path = "/api/v1/consultations",
    params(("after" = Option<i64>, Query), ("missing_feedback" = Option<bool>, Query)),
    responses((status = 200, body = StaffListJson), (status = 401, body = ApiError),
              (status = 403, body = ApiError)),
    security(("bearer" = [])))]
pub async fn staff_list(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Query(p): Query<StaffListParams>,
) -> ApiResult<StaffListJson> {
    let r = reader(&who);
    let after = p.after.map(|Id(a)| a);
    let (lines, next) = if p.missing_feedback == Some(true) {
        view::missing_list(&state, &r, after).await?
    } else {
        let l = view::staff_list(&state, &r, after).await?;
        (l.lines, l.next)
    };
    let consultations = lines
        .iter()
        .map(|l| StaffLineJson {
            line: line_json(l),
            agency: l.agency.code.to_string(),
            pending: l.pending,
            flagged: l.phase.flagged(),
        })
        .collect();
    Ok(Json(StaffListJson {
        consultations,
        next,
    }))
}

/// A comment as the staff read it.
#[derive(Serialize, ToSchema)]
pub struct StaffCommentJson {
    pub id: i64,
    pub name: Option<String>,
    /// Only for the agency's own staff (as on the page).
    pub contact: Option<String>,
    pub body: String,
    pub received_at: DateTime<Utc>,
    /// pending / shown / hidden
    pub moderation: String,
    pub hidden_reason: Option<String>,
}

fn staff_comment(c: StoredComment) -> StaffCommentJson {
    StaffCommentJson {
        id: c.id,
        name: c.name,
        contact: c.contact,
        body: c.body,
        received_at: c.received_at,
        moderation: c.moderation.code().into(),
        hidden_reason: c.hidden_reason,
    }
}

#[derive(Serialize, ToSchema)]
pub struct StaffConsultationJson {
    #[serde(flatten)]
    pub notice: NoticeJson,
    /// manage (the agency's own staff) / read (a supervising office).
    pub access: String,
    pub flagged: bool,
    /// The moderation queue, oldest first.
    pub pending: Vec<StaffCommentJson>,
    /// Every comment, oldest first, a page at a time.
    pub comments: Vec<StaffCommentJson>,
    pub comments_next: Option<i64>,
    /// The feedback as recorded (published or not).
    pub feedback: Vec<FeedbackLineJson>,
    pub feedback_published_at: Option<DateTime<Utc>>,
}

/// One consultation for its agency's staff (contacts) or a supervising
/// office (without contacts); 403 for anyone else, with the policy's words.
#[utoipa::path(get, path = "/api/v1/consultations/{id}",
    params(("id" = i64, Path), ("after" = Option<i64>, Query, description = "评论的下一页")),
    responses((status = 200, body = StaffConsultationJson), (status = 401, body = ApiError),
              (status = 403, body = ApiError), (status = 404, body = ApiError)),
    security(("bearer" = [])))]
pub async fn staff_show(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Path(Id(id)): Path<Id>,
    Query(q): Query<AfterParam>,
) -> ApiResult<StaffConsultationJson> {
    Ok(Json(
        staff_json(&state, &who, id, q.after.map(|Id(a)| a)).await?,
    ))
}

async fn staff_json(
    state: &AppState,
    who: &crate::auth::CurrentStaff,
    id: i64,
    after: Option<i64>,
) -> Result<StaffConsultationJson, ApiError> {
    let p = staff_page(state, &reader(who), id, after).await?;
    Ok(StaffConsultationJson {
        notice: notice_json(&p.c, &p.notice, p.phase),
        access: match p.access {
            Access::Manage => "manage",
            Access::Read => "read",
        }
        .into(),
        flagged: p.phase.flagged(),
        pending: p.pending.into_iter().map(staff_comment).collect(),
        comments: p.comments.into_iter().map(staff_comment).collect(),
        comments_next: p.comments_next,
        feedback: feedback_json(p.c.feedback.as_deref().unwrap_or_default()),
        feedback_published_at: p.c.feedback_published_at,
    })
}

/// A line of feedback as sent.
#[derive(Deserialize, ToSchema)]
pub struct FeedbackLineInput {
    pub opinion: String,
    /// Comments that raised it (≥ 1).
    pub raised_by: u32,
    /// adopted / partly_adopted / not_adopted
    pub adoption: String,
    #[serde(default)]
    pub reason: String,
}

/// 意见采纳情况: the lines recorded (replacing those recorded before); with
/// `publish`, published with the final decision (`decision_item`: its id
/// in the catalogue, or `decision_url`).
#[derive(Deserialize, ToSchema)]
pub struct FeedbackInput {
    pub lines: Vec<FeedbackLineInput>,
    #[serde(default)]
    pub publish: bool,
    pub decision_item: Option<i64>,
    pub decision_url: Option<String>,
}

/// Record the feedback after the consultation closed and, with `publish`,
/// publish it (the agency's own staff; the same command as the page).
/// 200 with the consultation as it now stands; 422 with why it is refused.
#[utoipa::path(post, path = "/api/v1/consultations/{id}/feedback",
    params(("id" = i64, Path)), request_body = FeedbackInput,
    responses((status = 200, body = StaffConsultationJson), (status = 401, body = ApiError),
              (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 422, body = ApiError)),
    security(("bearer" = [])))]
pub async fn feedback(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Path(Id(id)): Path<Id>,
    req: Result<Json<FeedbackInput>, JsonRejection>,
) -> ApiResult<StaffConsultationJson> {
    let shape = "{\"lines\":[{\"opinion\":\"延长过渡期\",\"raised_by\":3,\"adoption\":\"partly_adopted\",\"reason\":\"……\"}],\"publish\":true,\"decision_item\":12}（adoption 为 adopted、partly_adopted 或 not_adopted）";
    let (r, by) = (reader(&who), Some(who.staff.id));
    let req = permitted_body(app::managed(&state, &r, id), req, shape).await?;
    // The page's rows, so that the command reads and checks them once.
    let rows: Vec<FeedbackRow> = req
        .lines
        .into_iter()
        .map(|l| FeedbackRow {
            opinion: l.opinion,
            raised_by: l.raised_by.to_string(),
            adoption: l.adoption,
            reason: l.reason,
        })
        .collect();
    act(app::record_feedback(&state, &r, by, id, &rows)).await?;
    if req.publish {
        let decision = DecisionInput {
            item: req.decision_item.map(|i| i.to_string()).unwrap_or_default(),
            url: req.decision_url.unwrap_or_default(),
        };
        act(app::publish_feedback(&state, &r, by, id, &decision)).await?;
    }
    Ok(Json(staff_json(&state, &who, id, None).await?))
}
