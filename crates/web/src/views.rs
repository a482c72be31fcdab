//! Typed views: one askama struct per page. Templates live in `templates/`.

use askama::Template;
use gongkai_store::Agency;

use crate::auth::CurrentStaff;
use crate::guide::GuideSection;
pub use crate::handlers::items_review::Shows;
pub use gongkai_domain::catalogue::revision::BodyLine;

/// What every page's frame needs: who is logged in and the form token.
pub struct Chrome {
    pub staff_name: Option<String>,
    pub agency_name: Option<String>,
    pub csrf: String,
    /// A draft agency's column seen by staff who may preview it: the
    /// banner 预览（未上线） (see `tree::column_agency`).
    pub preview: bool,
    /// 大字版 / 高对比度, from the browser's cookie (`crate::display`).
    pub display: crate::display::Display,
    /// 网站设置 as this page shows them (footer, name, an agency's theme;
    /// `crate::portal`).
    pub site: gongkai_app::site::SiteView,
}

impl Chrome {
    pub fn new(staff: Option<&CurrentStaff>, csrf: &str) -> Chrome {
        Chrome {
            staff_name: staff.map(|s| s.staff.display_name.clone()),
            agency_name: staff.map(|s| s.agency.profile.short_name.clone()),
            csrf: csrf.to_string(),
            preview: false,
            display: crate::display::Display::current(),
            site: crate::portal::current_site(None),
        }
    }

    /// The header's display-mode links (大字版 etc.), back to this page.
    pub fn display_links(&self) -> Vec<(String, &'static str, bool)> {
        crate::display::Display::switch_links()
    }

    /// A page of `agency`'s column: marked as a preview while it is a
    /// draft (only those who may preview it get such a page).
    pub fn previewing(mut self, agency: &Agency) -> Chrome {
        self.preview = !agency.is_online();
        self.site = crate::portal::current_site(Some(agency.id));
        self
    }
}

/// An agency placed in the tree, for indented lists.
pub struct TreeRow {
    pub agency: Agency,
    pub depth: usize,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub chrome: Chrome,
    pub tree: Vec<TreeRow>,
}

/// The four parts of an agency's 政府信息公开 column (国办公开办函〔2019〕61号).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnPart {
    Guide,
    Rules,
    Catalogue,
    Reports,
}

impl ColumnPart {
    pub const ALL: [ColumnPart; 4] = [
        ColumnPart::Guide,
        ColumnPart::Rules,
        ColumnPart::Catalogue,
        ColumnPart::Reports,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ColumnPart::Guide => "政府信息公开指南",
            ColumnPart::Rules => "政府信息公开制度",
            ColumnPart::Catalogue => "法定主动公开内容",
            ColumnPart::Reports => "政府信息公开年报",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            ColumnPart::Guide => "guide",
            ColumnPart::Rules => "rules",
            ColumnPart::Catalogue => "catalogue",
            ColumnPart::Reports => "reports",
        }
    }
}

#[derive(Template)]
#[template(path = "column.html")]
pub struct ColumnPage {
    pub chrome: Chrome,
    /// The column's one header (`crate::portal`).
    pub head: crate::portal::ColumnHead,
    pub agency: Agency,
    pub ancestors: Vec<Agency>,
    pub children: Vec<Agency>,
    pub part: ColumnPart,
    pub parts: [ColumnPart; 4],
    /// 指南: the edited text, or the sections generated from the agency's data.
    pub guide_text: Option<String>,
    pub guide: Vec<GuideSection>,
    pub rules_text: Option<String>,
    /// 无信息说明 of the 制度 column with its date, when the agency has none.
    pub rules_note: Option<String>,
    pub can_edit: bool,
    /// The agency opened the online channel: offer the application form.
    pub can_apply: bool,
}

#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub chrome: Chrome,
    pub username: String,
    pub next: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "texts_edit.html")]
pub struct TextsEditPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub guide_text: String,
    pub generated_guide: String,
    pub rules_text: String,
}

/// Values of the agency form, kept as typed so an error re-shows them.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct AgencyForm {
    #[serde(default)]
    pub parent: String,
    #[serde(default)]
    pub full_name: String,
    #[serde(default)]
    pub short_name: String,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub office_name: String,
    #[serde(default)]
    pub office_address: String,
    #[serde(default)]
    pub office_postcode: String,
    #[serde(default)]
    pub office_hours: String,
    #[serde(default)]
    pub office_phone: String,
    #[serde(default)]
    pub office_fax: String,
    #[serde(default)]
    pub office_email: String,
    #[serde(default)]
    pub ch_online: Option<String>,
    #[serde(default)]
    pub ch_fax: Option<String>,
    #[serde(default)]
    pub ch_email: Option<String>,
}

pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

#[derive(Template)]
#[template(path = "agency_form.html")]
pub struct AgencyFormPage {
    pub chrome: Chrome,
    /// None: creating a new agency under `form.parent`.
    pub editing: Option<Agency>,
    /// 上线 state and checklist of the agency edited.
    pub launch: Option<crate::handlers::admin_launch::LaunchView>,
    /// 检查结果邮件 of the agency edited.
    pub findings_mail: Option<crate::handlers::admin_findings_mail::MailView>,
    pub parent_name: String,
    pub form: AgencyForm,
    pub levels: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub error: Option<String>,
}

pub struct StaffRowView {
    pub username: String,
    pub display_name: String,
    pub roles: String,
    pub state: String,
    pub active: bool,
    pub locked: bool,
    /// `/admin/agencies/{code}/staff/{username}`: the actions are below it.
    pub path: String,
    /// The roles as checkboxes for the role change form.
    pub role_checks: Vec<RoleCheck>,
}

pub struct RoleCheck {
    pub value: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "staff.html")]
pub struct StaffPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub staff: Vec<StaffRowView>,
    pub roles: Vec<Choice>,
    /// The password policy in words.
    pub policy: String,
    pub error: Option<String>,
    pub notice: Option<String>,
}

pub struct CalendarYearView {
    pub year: i32,
    pub source: &'static str,
    pub off_days: usize,
    pub work_days: usize,
    pub notices: String,
    /// Who entered the year and when (empty for the vendored notices).
    pub entered: String,
}

pub struct OverrideView {
    pub date: String,
    pub kind: &'static str,
    pub name: String,
    pub notice: String,
    /// Who entered the change and when.
    pub entered: String,
}

#[derive(Template)]
#[template(path = "calendar.html")]
pub struct CalendarPage {
    pub chrome: Chrome,
    pub years: Vec<CalendarYearView>,
    pub overrides: Vec<OverrideView>,
    pub error: Option<String>,
    pub notice: Option<String>,
    pub can_edit: bool,
}

// ---- disclosure on request ----

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

// ---- proactive disclosure ----

#[derive(Template)]
#[template(path = "item_form.html")]
pub struct ItemFormPage {
    pub chrome: Chrome,
    pub agency_name: String,
    pub editing: Option<i64>,
    /// The proposal (Art. 44(1)) a new item is drafted from.
    pub proposal: Option<i64>,
    pub refusal: Option<String>,
    /// Why a 规章/规范性文件 is submitted without an interpretation, as typed.
    pub no_interpretation_reason: String,
    /// The 标准目录 rows the item may be filed under, by sub-column.
    pub standard_rows: Vec<crate::handlers::items_filing::RowGroupView>,
    pub form: gongkai_domain::catalogue::ItemForm,
    /// (address, name) of the item's pictures, for the editor's 插入图片.
    pub images: Vec<(String, String)>,
    pub errors: gongkai_domain::application::FieldErrors,
    /// 主题分类 by first level (`<optgroup>`).
    pub topics: Vec<crate::handlers::items_interpretation::OptGroup>,
    /// 解读形式, the checkboxes of an interpretation.
    pub interpretation_forms: Vec<Opt>,
    pub genres: Vec<Opt>,
    pub kinds: Vec<Opt>,
    pub article20: Vec<Opt>,
    pub attributes: Vec<Opt>,
    pub scopes: Vec<Opt>,
}

pub struct ItemRow {
    pub id: i64,
    pub title: String,
    pub state: String,
    /// Back with the editor (已退回): flagged in the list.
    pub returned: bool,
    pub index_number: String,
    /// 文号.
    pub document_number: String,
    pub formed_on: String,
    pub published_on: String,
    pub timeliness: String,
    pub late: bool,
}

pub use crate::handlers::items_list::ItemsStaffPage;

#[derive(Template)]
#[template(path = "item_staff.html")]
pub struct ItemStaffPage {
    pub chrome: Chrome,
    /// The interpretation's details and rule, the freezes, the replacement.
    pub extra: crate::handlers::items_interpretation::StaffPanel,
    /// What will be published, as the public page shows it (`item_content.html`).
    pub it: PublicItem,
    /// The attachments as the reviewer opens them.
    pub review_files: Vec<crate::handlers::items_review::ReviewFile>,
    /// The linked interpretations: (id, title, state) for the staff page.
    pub linked: Vec<(i64, String, String)>,
    /// The file the body was taken from, if any.
    pub body_source: Option<String>,
    /// A revision: what differs from the published version.
    pub revision: Option<crate::handlers::items_revision::RevisionView>,
    /// A published item in force may be revised (修订) by its editors.
    pub can_revise: bool,
    pub id: i64,
    pub title: String,
    pub state: String,
    pub index_number: String,
    pub validity: String,
    pub timeliness: String,
    pub published: bool,
    pub history: Vec<String>,
    pub actions: Vec<ActionForm>,
    pub next_seq: u32,
    pub can_edit: bool,
    pub can_attach: bool,
    pub attachments: Vec<String>,
    pub notice: Option<String>,
    /// The notice tells of a change of the public record (废止, 失效, 撤回):
    /// shown as information, not as a success.
    pub notice_is_change: bool,
    pub error: Option<String>,
}

pub struct PublicItem {
    pub index_number: String,
    pub topic: String,
    pub issuers: String,
    pub formed_on: String,
    pub title: String,
    pub document_number: String,
    pub published_on: String,
    pub genre: String,
    pub validity: String,
    pub article20: Option<String>,
    pub keywords: String,
    pub registration: Option<String>,
    pub withdrawal_note: Option<String>,
    pub validity_note: Option<String>,
    /// The body, cleaned HTML (`catalogue::body`): shown as markup.
    pub body_html: String,
    /// A PDF published as the body: embedded above its text.
    pub body_pdf: Option<String>,
    /// (link, name) of the DOCX the body was converted from.
    pub body_original: Option<(String, String)>,
    /// 修订: (id, title) of the published version this one revises.
    pub revises: Option<(i64, String)>,
    pub attachments: Vec<PublicAttachment>,
    /// (item id, title) of linked interpretations.
    pub links: Vec<(i64, String)>,
    /// An interpretation's 解读机构, 解读人, contact and forms.
    pub interpretation: Option<crate::handlers::items_interpretation::DetailsView>,
    /// (item id, title) of the policies an interpretation interprets.
    pub interprets: Vec<(i64, String)>,
    /// The document that replaced this repealed or lapsed one.
    pub replaced_by: Option<crate::handlers::items_interpretation::ReplacedByView>,
}

pub struct PublicAttachment {
    /// The download link, the name percent-encoded.
    pub href: String,
    pub sha256: String,
    pub filename: String,
    pub size_kb: i64,
}

#[derive(Template)]
#[template(path = "item_preview.html")]
pub struct ItemPreviewPage {
    pub chrome: Chrome,
    pub agency: Agency,
    /// The page as it will be published; `None` when the form has errors.
    pub it: Option<PublicItem>,
    /// What must be corrected before it can be saved.
    pub errors: Vec<String>,
}

/// A DOCX or XLSX attachment converted for reading (in the reviewer's page).
#[derive(Template)]
#[template(path = "office_preview.html")]
pub struct OfficePreviewPage {
    pub filename: String,
    /// Cleaned HTML of the converted file.
    pub html: String,
    pub problem: Option<String>,
}

#[derive(Template)]
#[template(path = "item_public.html")]
pub struct ItemPublicPage {
    pub chrome: Chrome,
    /// The column's one header (`crate::portal`).
    pub head: crate::portal::ColumnHead,
    pub agency: Agency,
    pub it: PublicItem,
}

pub struct CatalogueRow {
    pub id: i64,
    pub index_number: String,
    pub title: String,
    pub document_number: String,
    pub published_on: String,
    pub validity: String,
}

/// The public catalogue's query (目录筛选), as typed: codes of the 第二十条
/// item, the topic and the validity, a year, a sub-column of the item, and
/// where the page starts.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct CatalogueParams {
    pub item: String,
    pub topic: String,
    pub year: String,
    pub validity: String,
    /// A sub-column (子栏目) of the item, by its name in the 标准目录.
    pub sub: String,
    /// The "下一页" link's cursor.
    pub after: String,
}

#[derive(Template)]
#[template(path = "catalogue_public.html")]
pub struct CataloguePublicPage {
    pub chrome: Chrome,
    /// The column's one header (`crate::portal`).
    pub head: crate::portal::ColumnHead,
    pub agency: Agency,
    pub filter: CatalogueParams,
    pub article20: Vec<Opt>,
    pub topics: Vec<Opt>,
    pub validities: Vec<Opt>,
    pub years: Vec<i32>,
    /// The sub-columns of the item listed, as its navigation.
    pub subs: Vec<crate::handlers::catalogue_subs::SubLink>,
    pub rows: Vec<CatalogueRow>,
    /// The link to the next page (the filters kept), if there is one.
    pub next: Option<String>,
    /// The link to the first page, on a later one.
    pub first: Option<String>,
    /// 无信息说明 of the Article 20 item the list is filtered by.
    pub column_note: Option<String>,
}

#[derive(Template)]
#[template(path = "figures.html")]
pub struct FiguresPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub year: i32,
    pub form: gongkai_domain::catalogue::FiguresForm,
    pub errors: gongkai_domain::application::FieldErrors,
    pub notice: Option<String>,
    /// (made, repealed, in force)
    pub regs: (u64, u64, u64),
    pub norms: (u64, u64, u64),
    pub header: String,
    /// 2019 format: 上一年项目数量 / 本年增/减 per listed row.
    pub lists: Vec<ListRow>,
}

/// One row of the 2019 format's list counts on the figures form.
pub struct ListRow {
    pub key: String,
    pub label: &'static str,
    pub last_year: String,
    pub change: String,
    pub error: String,
}

/// A facet value with its count and the link that applies (or removes) it.
pub struct FacetLink {
    pub label: String,
    pub count: u64,
    pub url: String,
    pub active: bool,
}

/// One search result as listed.
pub struct SearchHitRow {
    pub url: String,
    /// Escaped by the search engine; matched words in `<mark>`.
    pub title_html: String,
    pub snippet_html: String,
    pub agency_name: String,
    pub index_number: String,
    pub document_number: String,
    pub published_on: String,
    pub validity: String,
}

#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    pub chrome: Chrome,
    pub params: crate::search::SearchParams,
    pub error: Option<String>,
    /// Whether anything was asked (a query or a filter).
    pub searched: bool,
    pub total: usize,
    /// false: `total` is an estimate (more than 100,000 matches).
    pub total_exact: bool,
    pub hits: Vec<SearchHitRow>,
    /// What the search also looked for (synonyms, mainland words), joined
    /// with “、”; empty when nothing was added.
    pub expanded: String,
    /// The results of the filtered agency itself, not below it.
    pub agency_own: u64,
    /// The agency searched within (with everything below it).
    pub agency: Option<Agency>,
    /// The same search one level up the tree.
    pub agency_up: Option<String>,
    pub facet_agencies: Vec<FacetLink>,
    pub facet_items: Vec<FacetLink>,
    pub facet_topics: Vec<FacetLink>,
    pub facet_years: Vec<FacetLink>,
    pub facet_validity: Vec<FacetLink>,
    pub by_date: bool,
    pub relevance_url: String,
    pub date_url: String,
    pub page: usize,
    pub pages: usize,
    /// The rank of the first hit on this page.
    pub first_rank: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    /// The first page of the same search (for a page past the results).
    pub first_url: String,
    /// The query without filters.
    pub clear_url: String,
}

/// The writer's page of an annual report (tables, findings, editor, publication).
#[derive(Template)]
#[template(path = "report_edit.html")]
pub struct ReportEditPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub report: gongkai_domain::report::AnnualReport,
    pub findings: Vec<gongkai_domain::report::Finding>,
    pub grids: crate::report_view::ReportGrids,
    /// `/workbench/reports/CODE/YEAR`
    pub base: String,
    pub deadline: String,
    pub versions: Vec<gongkai_store::ReportVersion>,
    pub previous_parts: [String; 6],
    /// The AR-14 line under each written part.
    pub similarity: [String; 6],
    pub sentences: Vec<String>,
    pub fee_statement: String,
    pub members: Vec<Agency>,
    pub can_choose_members: bool,
    /// (id, name, chosen)
    pub member_choices: Vec<(i64, String, bool)>,
    pub can_publish: bool,
    pub blocked: bool,
    pub notice: Option<String>,
    pub error: Option<String>,
}

/// The cases, appeals or items behind one figure of a report.
#[derive(Template)]
#[template(path = "report_cells.html")]
pub struct ReportCellsPage {
    pub chrome: Chrome,
    pub year: i32,
    pub heading: String,
    pub back: String,
    pub sources: Vec<gongkai_app::reporting::CellSource>,
    /// At most this many are listed.
    pub limit: usize,
}

pub struct ReportAgencyRow {
    pub code: String,
    pub name: String,
    /// (year, published)
    pub years: Vec<(i32, bool)>,
    /// Agencies directly below (0: nothing to drill into).
    pub below: u64,
}

#[derive(Template)]
#[template(path = "reports_index.html")]
pub struct ReportsIndexPage {
    pub chrome: Chrome,
    /// The way down to the level shown: (name, code).
    pub trail: Vec<(String, String)>,
    pub rows: Vec<ReportAgencyRow>,
}

/// A published report in the agency's 年报 column.
#[derive(Template)]
#[template(path = "report_public.html")]
pub struct ReportPublicPage {
    pub chrome: Chrome,
    /// The column's one header (`crate::portal`).
    pub head: crate::portal::ColumnHead,
    pub code: String,
    pub agency_name: String,
    pub report: gongkai_domain::report::AnnualReport,
    pub paragraphs: [Vec<String>; 6],
    pub grids: crate::report_view::ReportGrids,
    pub version: gongkai_store::ReportVersion,
    pub versions: Vec<gongkai_store::ReportVersion>,
    pub is_latest: bool,
    /// `/agencies/CODE/reports/YEAR/vN` (add the extension)
    pub files: String,
}

/// The 年报 column: every year published.
#[derive(Template)]
#[template(path = "reports_public.html")]
pub struct ReportsPublicPage {
    pub chrome: Chrome,
    /// The column's one header (`crate::portal`).
    pub head: crate::portal::ColumnHead,
    pub code: String,
    pub agency_name: String,
    /// (year, first published on, latest version)
    pub years: Vec<(i32, String, i32)>,
}

/// The public check of annual reports published elsewhere: the upload form
/// and, after an upload, one section per report.
#[derive(Template)]
#[template(path = "report_check.html")]
pub struct ReportCheckPage {
    pub chrome: Chrome,
    /// `每个文件不超过10MB，每次最多50个文件`
    pub limits: String,
    pub error: Option<String>,
    pub results: Vec<CheckResult>,
    /// Where the viewer may import a report to, as (code, full name): the
    /// agencies of a supervisor's or administrator's subtree; empty for
    /// everyone else (no import forms).
    pub import_agencies: Vec<(String, String)>,
}

/// One uploaded report as the check page shows it.
pub struct CheckResult {
    /// 1-based, for element ids.
    pub index: usize,
    pub source: String,
    /// Why the file could not be read (then nothing else is set).
    pub error: Option<String>,
    /// 文本 / 网页（HTML） / Word（.docx）
    pub input: &'static str,
    /// The format as detected, in words.
    pub format: String,
    /// `2019`, `2021` or `free-text`.
    pub format_code: &'static str,
    /// `2019年格式`, `2021年格式` or `自由文本`.
    pub format_short: &'static str,
    pub year: Option<i32>,
    pub agency: Option<String>,
    pub title: Option<String>,
    pub errors: usize,
    pub warnings: usize,
    pub findings: Vec<FindingRow>,
    /// Tables 二, 三, 四 with failing cells marked (national formats only).
    pub grids: Option<crate::report_view::ReportGrids>,
    pub table_ids: [String; 3],
    /// Free-text reports: each figure looked for, found or not.
    pub figures: Vec<FigureRow>,
    pub figures_found: usize,
    pub missing: Vec<UnreadRow>,
    pub ambiguous: Vec<UnreadRow>,
    pub notes: Vec<String>,
    /// The parts' text as read: (title, text), non-empty ones.
    pub parts: Vec<(String, String)>,
    /// For the import form: the report's JSON to post back (it is read and
    /// checked again on import), or why it cannot be imported.
    pub import: Result<String, String>,
    /// The code of the importer's agency whose name the report bears.
    pub import_agency: Option<String>,
    /// The key figures (主要数据) as the summary workbook has them:
    /// (name, value or empty).
    pub key_figures: Vec<(&'static str, String)>,
}

/// A finding of a checked report, laid out for a table.
pub struct FindingRow {
    pub rule: &'static str,
    pub error: bool,
    pub severity: &'static str,
    /// e.g. `表三 “（七）总计” 行 “总计” 列`, `第五部分`.
    pub place: String,
    pub expected: String,
    pub found: String,
    pub message: String,
    pub location: String,
}

/// A cell that could not be read (missing or ambiguous).
pub struct UnreadRow {
    pub place: String,
    pub found: String,
    pub location: String,
    pub message: String,
}

/// A figure a free-text report states (or not).
pub struct FigureRow {
    pub key: &'static str,
    pub name: &'static str,
    pub value: Option<i64>,
    pub location: String,
    pub quote: String,
}

/// `/account/password`: a staff member changes their own password.
#[derive(Template)]
#[template(path = "account_password.html")]
pub struct AccountPasswordPage {
    pub chrome: Chrome,
    /// The password policy in words (the domain's).
    pub policy: String,
    /// An administrator reset the password: it must be changed now.
    pub forced: bool,
    pub error: Option<String>,
    pub notice: Option<String>,
}
