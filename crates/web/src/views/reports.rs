//! Views of the annual report (年度报告) and the account page.

use askama::Template;
use gongkai_store::Agency;

use super::*;

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
