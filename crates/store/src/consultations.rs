//! 意见征集 (决策预公开): an agency's consultation notices on drafts, the
//! public's comments (公众意见, kept as received; the contact private) with
//! their moderation, and the feedback (意见采纳情况) with the final decision.
//! Every decision — created, published, a comment received or moderated,
//! the feedback recorded or published, the decision linked — appends its
//! chained audit record in its transaction, without a commenter's name or
//! contact.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::participation::consultation::{DraftKind, FeedbackLine};

use crate::{AgencyBrief, AgencyId, ItemId, StaffId, StoreResult};

pub type ConsultationId = i64;
pub type CommentId = i64;

/// Most rows a list reads at once.
pub const CONSULTATION_ROWS_MAX: u32 = 200;

/// Where a consultation stands as stored: whether comments are still
/// taken is the closing day's, against today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsultationState {
    /// 草稿: not public.
    Draft,
    /// 已发布: public; comments taken until the closing day.
    Published,
    /// 已反馈: the feedback (意见采纳情况) is published.
    Closed,
}

impl ConsultationState {
    pub fn code(self) -> &'static str {
        match self {
            ConsultationState::Draft => "draft",
            ConsultationState::Published => "published",
            ConsultationState::Closed => "closed",
        }
    }

    pub fn from_code(code: &str) -> Option<ConsultationState> {
        [Self::Draft, Self::Published, Self::Closed]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// The final decision (最终决定) the feedback is published with: a
/// published item of the agency's catalogue, or an address elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionLink {
    Item(ItemId),
    Url(String),
}

/// A consultation as drafted (checked by the app).
#[derive(Debug, Clone)]
pub struct NewConsultation {
    pub agency_id: AgencyId,
    pub kind: DraftKind,
    pub title: String,
    pub draft_text: String,
    /// 起草说明.
    pub explanation: String,
    /// A published item of the agency as the draft, and as its 解读.
    pub draft_item_id: Option<ItemId>,
    pub interpretation_item_id: Option<ItemId>,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    /// Why the period is below the statutory minimum (shown in the notice).
    pub shortened_reason: Option<String>,
    pub comment_address: Option<String>,
    pub comment_email: Option<String>,
    pub name_required: bool,
    pub created_by: Option<StaffId>,
    pub created_at: DateTime<Utc>,
}

/// A stored consultation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consultation {
    pub id: ConsultationId,
    pub agency_id: AgencyId,
    pub kind: DraftKind,
    pub title: String,
    pub draft_text: String,
    pub explanation: String,
    pub draft_item_id: Option<ItemId>,
    pub interpretation_item_id: Option<ItemId>,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub shortened_reason: Option<String>,
    pub comment_address: Option<String>,
    pub comment_email: Option<String>,
    pub name_required: bool,
    pub state: ConsultationState,
    /// The feedback lines as last recorded (None: none yet).
    pub feedback: Option<Vec<FeedbackLine>>,
    pub feedback_published_at: Option<DateTime<Utc>>,
    pub decision: Option<DecisionLink>,
    pub created_by: Option<StaffId>,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

/// A consultation as a list shows it, with its comments counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationRow {
    pub id: ConsultationId,
    pub agency: AgencyBrief,
    pub kind: DraftKind,
    pub title: String,
    pub state: ConsultationState,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub feedback_published_at: Option<DateTime<Utc>>,
    pub has_decision: bool,
    /// Comments received, and those awaiting moderation.
    pub comments: u64,
    pub pending: u64,
}

/// Which consultations a list reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsultationList {
    /// Every consultation of the agency, drafts included, newest first.
    Agency(AgencyId),
    /// The agency's published ones still taking comments on `today`, the
    /// soonest to close first (not paged: at most the limit).
    Open { agency: AgencyId, today: NaiveDate },
    /// The agency's published ones closed before `today`, newest first.
    Closed { agency: AgencyId, today: NaiveDate },
    /// Closed before `today` without published feedback, anywhere in the
    /// subtree of `root`, newest first.
    MissingFeedback { root: AgencyId, today: NaiveDate },
}

/// An agency's consultations counted for its workbench.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConsultationCounts {
    /// Published and taking comments today.
    pub open: u64,
    /// Comments awaiting moderation, in any consultation.
    pub pending: u64,
    /// Closed without published feedback (flagged).
    pub missing_feedback: u64,
}

/// A comment's moderation (审核): shown on the public page or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moderation {
    Pending,
    Shown,
    Hidden,
}

impl Moderation {
    pub fn code(self) -> &'static str {
        match self {
            Moderation::Pending => "pending",
            Moderation::Shown => "shown",
            Moderation::Hidden => "hidden",
        }
    }

    pub fn from_code(code: &str) -> Option<Moderation> {
        [Self::Pending, Self::Shown, Self::Hidden]
            .into_iter()
            .find(|m| m.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Moderation::Pending => "待审核",
            Moderation::Shown => "已公开",
            Moderation::Hidden => "不予公开",
        }
    }
}

/// A comment as received (checked by the domain).
#[derive(Debug, Clone)]
pub struct NewComment {
    pub consultation_id: ConsultationId,
    /// The form's one-time key: the same form sent twice is one comment.
    pub submit_key: String,
    pub name: Option<String>,
    pub contact: Option<String>,
    pub body: String,
    pub received_at: DateTime<Utc>,
}

/// What keeping a comment did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentReceived {
    New(CommentId),
    /// The form was sent before: this is the comment it left.
    Again(CommentId),
}

impl CommentReceived {
    pub fn id(self) -> CommentId {
        match self {
            CommentReceived::New(id) | CommentReceived::Again(id) => id,
        }
    }
}

/// A stored comment. `contact` is private: shown to the agency's staff only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredComment {
    pub id: CommentId,
    pub consultation_id: ConsultationId,
    pub name: Option<String>,
    pub contact: Option<String>,
    pub body: String,
    pub received_at: DateTime<Utc>,
    pub moderation: Moderation,
    pub hidden_reason: Option<String>,
    pub moderated_by: Option<StaffId>,
    pub moderated_at: Option<DateTime<Utc>>,
}

/// A moderation decision to store.
#[derive(Debug, Clone)]
pub struct NewModeration {
    pub consultation_id: ConsultationId,
    pub comment_id: CommentId,
    pub moderation: Moderation,
    /// Required to hide (the store refuses a hidden comment without one).
    pub hidden_reason: Option<String>,
    pub by: Option<StaffId>,
    pub at: DateTime<Utc>,
}

/// A consultation's comments counted by moderation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CommentCounts {
    pub pending: u64,
    pub shown: u64,
    pub hidden: u64,
}

impl CommentCounts {
    pub fn total(&self) -> u64 {
        self.pending + self.shown + self.hidden
    }
}

/// Who did it, and when: every decision's stamp.
#[derive(Debug, Clone, Copy)]
pub struct Stamp {
    pub by: Option<StaffId>,
    pub at: DateTime<Utc>,
}

#[async_trait]
pub trait ConsultationStore: Send + Sync {
    /// Store a draft notice; audited (`consultation.created`).
    async fn create_consultation(&self, c: &NewConsultation) -> StoreResult<ConsultationId>;
    async fn consultation(&self, id: ConsultationId) -> StoreResult<Option<Consultation>>;
    /// Replace the notice of a draft (everything `c` holds but its agency
    /// and creation); `false` once published. Audited (`consultation.edited`).
    async fn edit_consultation(
        &self,
        id: ConsultationId,
        c: &NewConsultation,
        stamp: Stamp,
    ) -> StoreResult<bool>;
    /// Publish a draft, opening on `opens_on` (with the shortened period's
    /// reason as checked on that day); `false` when it is no longer a draft.
    /// Audited (`consultation.published`).
    async fn publish_consultation(
        &self,
        id: ConsultationId,
        opens_on: NaiveDate,
        shortened_reason: Option<&str>,
        stamp: Stamp,
    ) -> StoreResult<bool>;
    /// A list's rows after `after` (by id, newest first; the open list is
    /// not paged), at most `limit` (never more than
    /// [`CONSULTATION_ROWS_MAX`]).
    async fn consultation_rows(
        &self,
        list: ConsultationList,
        after: Option<ConsultationId>,
        limit: u32,
    ) -> StoreResult<Vec<ConsultationRow>>;
    /// The agency's counts on `today`, in one query.
    async fn consultation_counts(
        &self,
        agency: AgencyId,
        today: NaiveDate,
    ) -> StoreResult<ConsultationCounts>;
    /// 意见征集未公开采纳情况: consultations of the subtree of `root` closed
    /// before `today` without published feedback.
    async fn consultations_missing_feedback(
        &self,
        root: AgencyId,
        today: NaiveDate,
    ) -> StoreResult<u64>;
    /// Replace the feedback lines of a published consultation whose
    /// feedback is not published yet; `false` otherwise. Audited
    /// (`consultation.feedback_recorded`).
    async fn record_feedback(
        &self,
        id: ConsultationId,
        lines: &[FeedbackLine],
        stamp: Stamp,
    ) -> StoreResult<bool>;
    /// Publish the recorded feedback (with the decision, if given): the
    /// consultation is closed. `false` when there is no recorded feedback
    /// or it was published already. Audited (`consultation.feedback_published`).
    async fn publish_feedback(
        &self,
        id: ConsultationId,
        decision: Option<&DecisionLink>,
        stamp: Stamp,
    ) -> StoreResult<bool>;
    /// Link (or replace) the final decision of a published consultation;
    /// `false` for a draft. Audited (`consultation.decision_linked`).
    async fn link_decision(
        &self,
        id: ConsultationId,
        decision: &DecisionLink,
        stamp: Stamp,
    ) -> StoreResult<bool>;
    /// Keep a comment (first, before anything is answered). A form sent
    /// again finds its comment. Audited (`consultation.comment_received`,
    /// without the name or the contact).
    async fn add_comment(&self, c: &NewComment) -> StoreResult<CommentReceived>;
    /// The consultation's comments of one moderation (all when `None`),
    /// oldest first after `after`, at most `limit` (never more than
    /// [`CONSULTATION_ROWS_MAX`]).
    async fn comments(
        &self,
        consultation: ConsultationId,
        moderation: Option<Moderation>,
        after: Option<CommentId>,
        limit: u32,
    ) -> StoreResult<Vec<StoredComment>>;
    async fn comment_counts(&self, consultation: ConsultationId) -> StoreResult<CommentCounts>;
    /// Show or hide a comment of the consultation (again, if moderated
    /// before); `NotFound` when the comment is not the consultation's.
    /// Audited (`consultation.comment_shown` / `consultation.comment_hidden`,
    /// with the reason).
    async fn moderate_comment(&self, m: &NewModeration) -> StoreResult<()>;
    /// The agency's threshold of 较为集中的意见 (`None`: the platform's
    /// default).
    async fn concentrated_threshold(&self, agency: AgencyId) -> StoreResult<Option<u32>>;
    /// Set (or, `None`, clear) it. Audited (`consultation.settings_changed`).
    async fn set_concentrated_threshold(
        &self,
        agency: AgencyId,
        threshold: Option<u32>,
        stamp: Stamp,
    ) -> StoreResult<()>;
    /// Consultations closed before `today` without published feedback
    /// whose flag has not been mailed, oldest closing first, at most `limit`.
    async fn flags_unmailed(&self, today: NaiveDate, limit: u32) -> StoreResult<Vec<FlagToMail>>;
    /// Mark the flag of consultation `id` mailed and queue `mails`, in one
    /// transaction; `false` (nothing queued) when it was mailed before.
    async fn queue_flag_mail(
        &self,
        id: ConsultationId,
        mails: &[crate::NewMail],
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
}

/// A consultation closed without published feedback, to be mailed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagToMail {
    pub id: ConsultationId,
    pub agency_id: AgencyId,
    pub title: String,
    pub closes_on: NaiveDate,
}
