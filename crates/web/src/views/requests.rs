//! Views of disclosure on request (依申请公开): apply, track, case pages, queue, templates.

use askama::Template;
use gongkai_store::Agency;

use super::*;

/// A select option with an owned value.
pub struct Opt {
    pub value: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "apply.html")]
pub struct ApplyPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub form: gongkai_domain::application::ApplicationForm,
    pub errors: gongkai_domain::application::FieldErrors,
    pub submission_id: String,
    pub show_upload: bool,
    pub applicant_kinds: Vec<Opt>,
    pub id_documents: Vec<Opt>,
    pub delivery_forms: Vec<Opt>,
    pub delivery_methods: Vec<Opt>,
    /// Published items that match what is described (Art. 44: what is
    /// public already need not be applied for).
    pub matches: Vec<PublishedMatch>,
}

/// A published item the applicant may read at once.
pub struct PublishedMatch {
    pub id: u64,
    pub title: String,
    pub agency_name: String,
    pub published_on: String,
}

#[derive(Template)]
#[template(path = "apply_done.html")]
pub struct ApplyDonePage {
    pub chrome: Chrome,
    pub agency_name: String,
    pub number: String,
    /// Shown once; None for a repeated submission.
    pub query_code: Option<String>,
    pub submitted: String,
}

#[derive(Template)]
#[template(path = "track_login.html")]
pub struct TrackLoginPage {
    pub chrome: Chrome,
    pub number: String,
    pub error: Option<String>,
}

pub struct DocLink {
    pub id: i64,
    pub title: String,
    pub date: String,
}

pub struct CorrectionAsk {
    pub items: Vec<String>,
    pub deadline: String,
}

/// What the applicant sees of a case.
pub struct ApplicantCaseView {
    pub number: String,
    pub agency_name: String,
    pub state: String,
    pub receipt_date: String,
    pub reply_due: String,
    pub due_explanation: Vec<String>,
    pub outcome: Option<String>,
    pub todos: Vec<String>,
    pub correction: Option<CorrectionAsk>,
    pub documents: Vec<DocLink>,
    pub timeline: Vec<String>,
    /// What was asked: (label, value).
    pub asked: Vec<(String, String)>,
    /// The information provided with the reply.
    pub released: Vec<ReleasedLink>,
    /// The applicant may still withdraw online.
    pub may_withdraw: bool,
}

/// A file or catalogue item provided with the reply.
pub struct ReleasedLink {
    pub name: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "track_case.html")]
pub struct TrackCasePage {
    pub chrome: Chrome,
    pub v: ApplicantCaseView,
    pub notice: Option<String>,
    pub error: Option<String>,
}

pub struct DueView {
    pub title: String,
    pub date: String,
    pub provisional: bool,
    pub basis: String,
    pub explanation: String,
}

pub struct RepeatView {
    pub number: String,
    pub date: String,
    pub similarity: u32,
    pub description: String,
    pub outcome: Option<String>,
}

pub struct AttachmentView {
    pub id: i64,
    pub purpose: String,
    pub filename: String,
    pub size_kb: i64,
}

pub struct AppealView {
    pub id: i64,
    pub pending: bool,
    pub kind: String,
    pub body: String,
    pub filed_on: String,
    pub result: String,
    pub decided_on: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Date,
    Text,
    Number,
    Area,
    Select,
    /// Checkboxes named `{name}_{option value}`.
    Checks,
}

pub struct ActionField {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    pub value: String,
    pub options: Vec<Opt>,
}

/// One action form on the case page.
pub struct ActionForm {
    pub code: &'static str,
    pub title: &'static str,
    pub button: &'static str,
    pub fields: Vec<ActionField>,
}

/// What staff see of a case.
pub struct StaffCaseView {
    pub number: String,
    pub mark: String,
    pub mark_code: &'static str,
    pub state: String,
    pub channel: String,
    pub receipt_date: String,
    pub reply_due: String,
    pub outcome: Option<String>,
    pub applicant_name: String,
    pub applicant_type: String,
    pub applicant_id: String,
    pub applicant_contact: String,
    pub description: String,
    pub document_number: Option<String>,
    pub delivery: String,
    pub deadlines: Vec<DueView>,
    pub notes: Vec<String>,
    /// What the fold could not place in the stored history (`CaseView::anomalies`):
    /// shown to staff so the record can be put right, never hidden.
    pub anomalies: Vec<String>,
    pub repeats: Vec<RepeatView>,
    pub timeline: Vec<String>,
    pub documents: Vec<DocLink>,
    pub attachments: Vec<AttachmentView>,
    pub actions: Vec<ActionForm>,
    pub appeals: Vec<AppealView>,
    pub next_seq: u32,
    /// The drafted reply awaiting approval (审核签发), as it will be issued.
    pub draft: Option<DraftView>,
    /// Files may still be uploaded for release with the reply.
    pub may_release: bool,
    /// The applicant's ID number was used under another name.
    pub identity_flags: Vec<String>,
    /// A clerk of the handling agency may reissue the query code.
    pub may_reissue_code: bool,
    /// 依申请公开转主动公开 (Art. 44(1)) for an answered case.
    pub proactive: Option<crate::handlers::case_proactive::ProactiveView>,
}

/// A drafted reply as the reviewer reads it before signing.
pub struct DraftView {
    pub outcome: String,
    pub drafter: String,
    pub drafted_on: String,
    /// Working days it has waited.
    pub waited: u32,
    pub title: String,
    pub recipient: String,
    pub paragraphs: Vec<String>,
    pub issuer: String,
}

#[derive(Template)]
#[template(path = "case.html")]
pub struct CasePage {
    pub chrome: Chrome,
    pub c: StaffCaseView,
    pub notice: Option<String>,
    pub error: Option<String>,
    pub can_record_appeal: bool,
    pub appeal_kinds: Vec<Opt>,
    pub appeal_results: Vec<Opt>,
}

/// A row of the clerk's queue.
pub struct QueueRow {
    pub number: String,
    pub applicant: String,
    pub description: String,
    pub state: String,
    pub receipt_date: String,
    pub due: String,
    pub mark: String,
    pub mark_code: &'static str,
    /// 剩余N个工作日 (empty when no deadline runs).
    pub left: String,
    /// An online application left unconfirmed a working day or more
    /// (Art. 31): how long it has waited.
    pub waiting: Option<String>,
}

/// The receipt facts typed by the clerk (kept as typed on error).
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ReceiptForm {
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub post_kind: String,
    #[serde(default)]
    pub arrived: String,
    #[serde(default)]
    pub signed: String,
    #[serde(default)]
    pub confirmed: String,
    #[serde(default)]
    pub contact_reestablished: String,
    /// The clerk confirmed a receipt date so old the reply is already late.
    #[serde(default)]
    pub confirm_late: String,
}

#[derive(Template)]
#[template(path = "case_new.html")]
pub struct CaseNewPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub form: gongkai_domain::application::ApplicationForm,
    pub receipt: ReceiptForm,
    pub errors: gongkai_domain::application::FieldErrors,
    pub submission_id: String,
    pub show_upload: bool,
    pub channels: Vec<Opt>,
    pub applicant_kinds: Vec<Opt>,
    pub id_documents: Vec<Opt>,
    pub delivery_forms: Vec<Opt>,
    pub delivery_methods: Vec<Opt>,
}

pub struct TemplateRow {
    pub key: String,
    pub name: String,
    pub edited: bool,
}

#[derive(Template)]
#[template(path = "doc_templates.html")]
pub struct DocTemplatesPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub rows: Vec<TemplateRow>,
}

#[derive(Template)]
#[template(path = "doc_template_edit.html")]
pub struct DocTemplateEditPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub name: String,
    pub body: String,
    pub syntax_help: &'static str,
    /// (name, description, required)
    pub placeholders: Vec<(&'static str, &'static str, bool)>,
    pub notice: Option<String>,
    pub error: Option<String>,
}
