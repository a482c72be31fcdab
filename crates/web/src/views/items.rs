//! Views of proactive disclosure (主动公开): items, catalogue, figures, search.

use askama::Template;
use gongkai_store::Agency;

use super::*;

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
    /// 大字版 / 高对比度 as on the page around it.
    pub display: crate::display::Display,
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
