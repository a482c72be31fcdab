//! 政民互动 (咨询): the questions asked of an agency, kept as received (the
//! asker's name and contact private; a form sent twice is one question),
//! with their clock as dates; each closed once — answered, converted into
//! an application for disclosure (the case linked), or referred to another
//! channel —; published with the asker's consent as the staff moderated it
//! (the original kept). The agency's days of answering are its settings.
//! Every decision appends its chained audit record in its transaction,
//! naming the question by its number, never the asker or the contact.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::participation::clocks::{QuestionClock, QuestionRules};

use crate::{AgencyId, CaseId, StaffId, Stamp, StoreResult};

pub type QuestionId = i64;

/// Most rows a list reads at once.
pub const QUESTION_ROWS_MAX: u32 = 200;

/// Where a question stands as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionState {
    /// 待答复.
    Open,
    /// 已答复.
    Answered,
    /// 已转为政府信息公开申请.
    Converted,
    /// 已告知其他渠道.
    Referred,
}

impl QuestionState {
    pub const ALL: [QuestionState; 4] = [
        QuestionState::Open,
        QuestionState::Answered,
        QuestionState::Converted,
        QuestionState::Referred,
    ];

    pub fn code(self) -> &'static str {
        match self {
            QuestionState::Open => "open",
            QuestionState::Answered => "answered",
            QuestionState::Converted => "converted",
            QuestionState::Referred => "referred",
        }
    }

    pub fn from_code(code: &str) -> Option<QuestionState> {
        QuestionState::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            QuestionState::Open => "待答复",
            QuestionState::Answered => "已答复",
            QuestionState::Converted => "已转为政府信息公开申请办理",
            QuestionState::Referred => "已告知其他渠道",
        }
    }
}

/// A question as received (checked by the domain, its clock computed).
#[derive(Debug, Clone)]
pub struct NewQuestion {
    pub agency_id: AgencyId,
    /// The form's one-time key: the same form sent twice is one question.
    pub submit_key: String,
    /// SHA-256 of the query code (the code itself is shown once).
    pub query_code_hash: String,
    pub name: String,
    pub contact: String,
    pub subject: String,
    pub body: String,
    pub consent: bool,
    pub asked_at: DateTime<Utc>,
    /// The day it was received (Beijing).
    pub asked_on: NaiveDate,
    pub clock: QuestionClock,
}

/// What keeping a question did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionReceived {
    New(QuestionId),
    /// The form was sent before: this is the question it left.
    Again(QuestionId),
}

impl QuestionReceived {
    pub fn id(self) -> QuestionId {
        match self {
            QuestionReceived::New(id) | QuestionReceived::Again(id) => id,
        }
    }
}

/// The application a question was converted into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseLink {
    pub case_id: CaseId,
    pub number: String,
    /// The case's query code, for the asker's query page (None when the
    /// case was opened before and its code is not known here).
    pub query_code: Option<String>,
}

/// A stored question. `name` and `contact` are private: shown to the
/// agency's staff handling it only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredQuestion {
    pub id: QuestionId,
    pub agency_id: AgencyId,
    pub query_code_hash: String,
    pub name: String,
    pub contact: String,
    pub subject: String,
    pub body: String,
    pub consent: bool,
    pub asked_at: DateTime<Utc>,
    pub asked_on: NaiveDate,
    pub clock: QuestionClock,
    pub state: QuestionState,
    /// The answer, the referral's text or the conversion's notice.
    pub answer: Option<String>,
    /// The domain's `OtherChannel` code of a referral.
    pub referred_to: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_on: Option<NaiveDate>,
    pub closed_by: Option<StaffId>,
    pub case: Option<CaseLink>,
    /// The texts as published (moderated by the staff).
    pub public_subject: Option<String>,
    pub public_body: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub published_by: Option<StaffId>,
}

/// A question as a list shows it: never the asker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionRow {
    pub id: QuestionId,
    pub agency_id: AgencyId,
    /// The published subject on the public list, the original elsewhere.
    pub subject: String,
    pub asked_on: NaiveDate,
    pub clock: QuestionClock,
    pub state: QuestionState,
    pub closed_on: Option<NaiveDate>,
    pub consent: bool,
    pub published: bool,
}

/// Which questions a list reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionList {
    /// The agency's open questions, the soonest due first.
    Open(AgencyId),
    /// The agency's closed questions, newest first.
    Closed(AgencyId),
    /// The agency's published questions, newest first (the public list).
    Published(AgencyId),
}

/// The texts a question is published with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicText {
    pub subject: String,
    pub body: String,
}

/// What publishing did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Publication {
    /// The texts differ from what was public (or, the first time, from
    /// the original): audited as `question.redacted`.
    pub redacted: bool,
    /// Published now (audited as `question.published`); false when it
    /// was public before and only its texts changed.
    pub newly: bool,
}

/// An agency's questions on a day, for its workbench.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QuestionQueueCounts {
    pub open: u64,
    /// Past the answer period (escalated and vetoed ones included).
    pub overdue: u64,
    /// From the escalation day on (vetoed ones included).
    pub escalated: u64,
    /// Past the 3-month veto line.
    pub vetoed: u64,
}

/// One agency's questions on a day, for the supervisor's console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuestionCounts {
    pub agency_id: AgencyId,
    /// Closed, or open past their due date: all that were due.
    pub due: u64,
    /// Closed on or before their due date.
    pub in_time: u64,
    pub open: u64,
    /// The day the oldest open one was asked.
    pub oldest_open_on: Option<NaiveDate>,
    /// Open past the 3-month veto line.
    pub vetoed: u64,
}

impl QuestionCounts {
    /// 按期答复率 in per cent, rounded down (None: none due yet).
    pub fn in_time_percent(&self) -> Option<u64> {
        (self.due > 0).then(|| self.in_time * 100 / self.due)
    }

    /// The oldest open question's age in days on `today`.
    pub fn oldest_open_days(&self, today: NaiveDate) -> Option<i64> {
        self.oldest_open_on.map(|d| (today - d).num_days())
    }
}

#[async_trait]
pub trait QuestionStore: Send + Sync {
    /// Keep a question (first, before anything is answered). A form sent
    /// again finds its question. Audited (`question.received`, by number).
    async fn add_question(&self, q: &NewQuestion) -> StoreResult<QuestionReceived>;
    async fn question(&self, id: QuestionId) -> StoreResult<Option<StoredQuestion>>;
    /// A list's rows after `after` (in the list's order), at most `limit`
    /// (never more than [`QUESTION_ROWS_MAX`]).
    async fn question_rows(
        &self,
        list: QuestionList,
        after: Option<QuestionId>,
        limit: u32,
    ) -> StoreResult<Vec<QuestionRow>>;
    /// Answer an open question on `closed_on`; `false` when it is not
    /// open. Audited (`question.answered`).
    async fn answer_question(
        &self,
        id: QuestionId,
        answer: &str,
        closed_on: NaiveDate,
        stamp: Stamp,
    ) -> StoreResult<bool>;
    /// Close an open question with the standard text naming another
    /// channel (`channel`: the domain's `OtherChannel` code); `false` when
    /// it is not open. Audited (`question.referred`).
    async fn refer_question(
        &self,
        id: QuestionId,
        channel: &str,
        text: &str,
        closed_on: NaiveDate,
        stamp: Stamp,
    ) -> StoreResult<bool>;
    /// Close an open question as converted into the application `case`,
    /// with the notice the asker reads; `false` when it is not open.
    /// Audited (`question.converted`, with the case's number).
    async fn convert_question(
        &self,
        id: QuestionId,
        case: &CaseLink,
        notice: &str,
        closed_on: NaiveDate,
        stamp: Stamp,
    ) -> StoreResult<bool>;
    /// Publish an answered question whose asker consented, with `text`
    /// (or change the texts of a published one); `None` when it is not
    /// answered or without consent. Audited (`question.redacted` when the
    /// texts changed, `question.published` when published now).
    async fn publish_question(
        &self,
        id: QuestionId,
        text: &PublicText,
        stamp: Stamp,
    ) -> StoreResult<Option<Publication>>;
    /// The agency's open questions counted on `today`, in one query.
    async fn question_queue_counts(
        &self,
        agency: AgencyId,
        today: NaiveDate,
    ) -> StoreResult<QuestionQueueCounts>;
    /// Every agency of the subtree of `root` with questions, counted on
    /// `today` in one `GROUP BY`.
    async fn question_counts(
        &self,
        root: AgencyId,
        today: NaiveDate,
    ) -> StoreResult<Vec<QuestionCounts>>;
    /// The agency's days (None: the platform's default).
    async fn question_rules(&self, agency: AgencyId) -> StoreResult<Option<QuestionRules>>;
    /// Set the agency's days. Audited (`question.settings_changed`).
    async fn set_question_rules(
        &self,
        agency: AgencyId,
        rules: QuestionRules,
        stamp: Stamp,
    ) -> StoreResult<()>;
}
