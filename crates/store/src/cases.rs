//! Records of disclosure on request: cases, their append-only events, issued
//! documents, attachments, appeals, templates and the mail outbox.

use chrono::{DateTime, Utc};
use gongkai_domain::application::Application;
use gongkai_domain::case::{CaseEventRecord, register::AppealSummary};
use gongkai_domain::document::Document;
use gongkai_domain::vocabulary::{ApplicantType, Channel};
use serde::Serialize;

use crate::{AgencyId, StaffId, StoreResult};

pub type CaseId = i64;

/// A case to create, with its first event (SubmittedOnline or ReceiptConfirmed).
#[derive(Debug, Clone)]
pub struct NewCase {
    pub agency_id: AgencyId,
    /// SHA-256 of the applicant's private query code (查询码).
    pub query_code_hash: String,
    pub channel: Channel,
    pub application: Application,
    /// Groups one applicant's applications (a hash of the identity number).
    pub applicant_key: String,
    pub submitted_at: DateTime<Utc>,
    /// A double submission with the same key creates no second case.
    pub idempotency_key: Option<String>,
    pub first_event: CaseEventRecord,
    /// The read model after the first event.
    pub first_snapshot: gongkai_domain::case::CaseSnapshot,
}

/// A case with its whole history, loaded in bulk ([`crate::CaseListStore::import_cases`]):
/// a register migrated from another system, or the synthetic province of
/// `gongkai bench province`. Its number is drawn from the year's sequence.
#[derive(Debug, Clone)]
pub struct ImportedCase {
    pub agency_id: AgencyId,
    pub query_code_hash: String,
    pub channel: Channel,
    pub application: Application,
    pub applicant_key: String,
    pub submitted_at: DateTime<Utc>,
    /// The events in order (seq 1, 2, …); checked by the caller.
    pub events: Vec<CaseEventRecord>,
    /// The read model after the last event.
    pub snapshot: gongkai_domain::case::CaseSnapshot,
}

/// The documents of a new case's first event and the mail that sends them.
#[derive(Debug, Clone, Default)]
pub struct FirstDocuments {
    pub documents: Vec<Document>,
    pub mail: Vec<MailForEvent>,
}

/// Renders the first event's documents once the case has its id and number.
pub type IssueFirst<'a> = dyn Fn(CaseId, &str) -> StoreResult<FirstDocuments> + Send + Sync + 'a;

impl NewCase {
    /// What an idempotency key is bound to: SHA-256 (hex) of the agency, the
    /// channel and the application as parsed. The same request sent again has
    /// the same fingerprint; another applicant's request under the same key
    /// does not, and is refused with `StoreError::IdempotencyMismatch`.
    pub fn idempotency_fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let canonical =
            serde_json::json!([self.agency_id, self.channel.code(), &self.application]).to_string();
        Sha256::digest(canonical.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// The result of [`crate::Store::create_case`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseCreated {
    New {
        id: CaseId,
        number: String,
    },
    /// The idempotency key was seen before: this is that case.
    AlreadyExists {
        id: CaseId,
        number: String,
    },
}

impl CaseCreated {
    pub fn id(&self) -> CaseId {
        match self {
            CaseCreated::New { id, .. } | CaseCreated::AlreadyExists { id, .. } => *id,
        }
    }

    pub fn number(&self) -> &str {
        match self {
            CaseCreated::New { number, .. } | CaseCreated::AlreadyExists { number, .. } => number,
        }
    }
}

/// A case as stored (its events are read separately).
#[derive(Debug, Clone, Serialize)]
pub struct Case {
    pub id: CaseId,
    pub agency_id: AgencyId,
    /// 申请编号, e.g. GK2025-000123
    pub number: String,
    #[serde(skip)]
    pub query_code_hash: String,
    pub channel: Channel,
    pub application: Application,
    #[serde(skip)]
    pub applicant_key: String,
    pub applicant_type: ApplicantType,
    pub submitted_at: DateTime<Utc>,
}

/// A document issued on a case, frozen as issued (a later template edit does
/// not change what the applicant received).
#[derive(Debug, Clone, Serialize)]
pub struct IssuedDocument {
    pub id: i64,
    pub case_id: CaseId,
    /// The event that issued it.
    pub event_seq: u32,
    pub issued_at: DateTime<Utc>,
    pub document: Document,
}

/// A file uploaded with a case (identity proof …), kept by content hash.
#[derive(Debug, Clone, Serialize)]
pub struct CaseAttachment {
    pub id: i64,
    pub case_id: CaseId,
    /// What it is, e.g. 身份证明.
    pub purpose: String,
    pub sha256: String,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_at: DateTime<Utc>,
}

/// An appeal (行政复议 / 行政诉讼) against a case.
#[derive(Debug, Clone, Serialize)]
pub struct Appeal {
    pub id: i64,
    pub case_id: CaseId,
    pub summary: AppealSummary,
    pub body: String,
    pub note: String,
    pub recorded_by: Option<StaffId>,
    pub recorded_at: DateTime<Utc>,
}

/// A message waiting to be mailed; kept until sent, so nothing is lost when
/// the mail server is down.
#[derive(Debug, Clone)]
pub struct OutgoingMail {
    pub id: i64,
    pub case_id: Option<CaseId>,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    /// Issued document to attach (as PDF), if any.
    pub document_id: Option<i64>,
    /// A file released with a reply (a case attachment) to attach, if any.
    pub attachment_id: Option<i64>,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct NewMail {
    pub case_id: Option<CaseId>,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    pub document_id: Option<i64>,
}

/// Mail to send with an event; `attach_document` indexes the event's documents.
#[derive(Debug, Clone)]
pub struct MailForEvent {
    pub to_address: String,
    pub subject: String,
    pub body: String,
    pub attach_document: Option<usize>,
    /// A case attachment (a file released with the reply) to attach.
    pub attach_file: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct NewAttachment {
    pub case_id: CaseId,
    pub purpose: String,
    pub sha256: String,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
}

#[derive(Debug, Clone)]
pub struct NewAppeal {
    pub case_id: CaseId,
    pub summary: AppealSummary,
    /// 复议机关 / 审理法院
    pub body: String,
    pub note: String,
    pub recorded_by: Option<StaffId>,
}

/// Which cases a re-projection of the read model reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reprojection {
    /// Every case (`gongkai cases reproject`).
    All,
    /// Cases whose deadline still runs (after a calendar change).
    Running,
    /// Cases without a snapshot row (a database from before the read model).
    Missing,
}

/// Which of an agency's cases a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueScope {
    /// The work queue: open cases whose deadline runs, and delivered ones
    /// still to close.
    Work,
    /// Every case of the agency.
    All,
}

/// Where a page of the work queue ends: the last row's due date and number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueKey {
    pub due: Option<chrono::NaiveDate>,
    pub number: String,
}

/// A row of the work queue: the case and its snapshot.
#[derive(Debug, Clone)]
pub struct QueueEntry {
    pub case: Case,
    pub snapshot: gongkai_domain::case::CaseSnapshot,
}

impl QueueEntry {
    /// The key to continue after this row.
    pub fn key(&self) -> QueueKey {
        QueueKey {
            due: self.snapshot.fixed_due,
            number: self.case.number.clone(),
        }
    }
}

/// An agency's cases whose deadline runs, on a day, and its late items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DeadlineCounts {
    pub agency_id: AgencyId,
    pub running: u64,
    pub due_soon: u64,
    pub overdue: u64,
    /// Published catalogue items that took longer than Art. 26 allows.
    pub late_items: u64,
    /// Waiting for the head of the office: a drafted reply to sign or an
    /// extension to decide (审核签发, Art. 33(2)).
    pub awaiting_head: u64,
    /// Online applications not yet confirmed (Art. 31: the clock starts at
    /// confirmation, so an unconfirmed one ages unseen).
    pub unconfirmed: u64,
    /// Proposals to publish proactively what was released on request
    /// (Art. 44(1)), and how many of them an item took.
    pub proactive_proposed: u64,
    pub proactive_taken: u64,
}

/// The most rows one page of the case register returns, whatever is asked.
pub const CASE_REGISTER_PAGE_MAX: u32 = 1000;

/// What the case register (依申请公开台账) narrows to; every field is
/// optional and all that are given apply together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseRegisterFilter {
    /// The year the case was received (Art. 31 receipt date), or, while an
    /// online application waits for confirmation, submitted (Beijing time).
    pub year: Option<i32>,
    pub state: Option<gongkai_domain::case::CaseState>,
    pub channel: Option<Channel>,
    pub applicant_type: Option<ApplicantType>,
    pub outcome: Option<gongkai_domain::vocabulary::Outcome>,
    /// 答复是否逾期: `Some(true)` the late cases — replied after the reply
    /// deadline (the snapshot's `on_time` is false), or still open and
    /// overdue on [`CaseRegisterQuery::today`]; `Some(false)` the others.
    pub late: Option<bool>,
    /// A piece of the case number, the applicant's name or the description
    /// of the information asked for (substring, as typed).
    pub search: Option<String>,
    /// One agency of the subtree only (a supervisor following a count of
    /// the console to the cases behind it).
    pub agency: Option<AgencyId>,
    /// Cases whose deadline runs (`Normal`: all of them), or those of them
    /// due soon or overdue on [`CaseRegisterQuery::today`] — the console's
    /// counts (`DeadlineCounts`). `Finished` selects the finished cases.
    pub deadline: Option<gongkai_domain::case::QueueMark>,
}

/// One page of the case register: whose cases, which of them, from where.
#[derive(Debug, Clone)]
pub struct CaseRegisterQuery {
    /// The agency whose cases are listed.
    pub agency: AgencyId,
    /// Also the cases of every agency below it (a supervisor's register).
    pub subtree: bool,
    pub filter: CaseRegisterFilter,
    /// The day "overdue" is judged on.
    pub today: chrono::NaiveDate,
    /// Continue after this case number (the previous page's last row).
    pub after: Option<String>,
    /// Rows wanted (at most [`CASE_REGISTER_PAGE_MAX`]).
    pub limit: u32,
}

/// A row of the case register: the case, its read-model row and the short
/// name of the agency handling it.
#[derive(Debug, Clone)]
pub struct CaseRegisterRow {
    pub case: Case,
    pub snapshot: gongkai_domain::case::CaseSnapshot,
    pub agency_name: String,
}
