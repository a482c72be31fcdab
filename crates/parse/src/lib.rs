//! Reading annual reports published anywhere (spec `annual-report.md`,
//! "Reading reports found on the web"): plain text as copied from a page
//! (tables one row per line with `|` or tabs, or one cell per line), HTML
//! with `<table>` markup and merged cells, and DOCX; simplified or
//! traditional characters; full-width digits; thousands separators.
//!
//! Every input is first turned into [`lines::Line`]s — a line of text, or a
//! table row whose cell boundaries are known — and then read by one reader
//! ([`read::read_lines`]) whatever it came from. The reader never guesses: a
//! cell the text does not contain is listed in [`ParsedReport::missing`], a
//! cell whose column cannot be told in [`ParsedReport::ambiguous`]; neither
//! gets a value. Reports before 2019 have no tables: what the text states
//! (items published, applications, reconsiderations, lawsuits, fees) is read
//! into [`FreeTextFigures`].
//!
//! Checking ([`check`]) runs the domain's rule catalogue
//! ([`gongkai_domain::report::rules`]) on what was read, across years when
//! several reports of one agency are given.

mod charset;
pub mod check;
mod decode;
mod docx;
pub mod encoding;
mod freetext;
mod html;
mod html_tree;
pub mod lines;
mod norm;
pub mod office;
pub mod pdf;
pub mod plan;
pub mod read;
pub mod samples;
pub mod sheet;

use std::fmt;

use gongkai_domain::report::AnnualReport;
use gongkai_domain::vocabulary::ReportFormat;

pub use check::{CheckedReport, check_all};
pub use decode::{InputKind, ReadError, lines_of};

/// Where in the input something was read: the line (1-based; for HTML the
/// source line of the cell, for DOCX the paragraph or table row in document
/// order) and, in a table row, the cell (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Location {
    pub line: usize,
    pub cell: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.cell {
            Some(c) => write!(f, "第{}行第{}格", self.line, c),
            None => write!(f, "第{}行", self.line),
        }
    }
}

/// A cell of tables 二, 三 or 四, named as findings name it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CellName {
    /// `二`, `三` or `四`.
    pub table: &'static str,
    /// Table 二: the block (`第二十条第（一）项`); otherwise empty.
    pub block: String,
    /// Table 二: the row label; table 三: the row label of the format
    /// (e.g. `（三）不予公开/1.属于国家秘密`); table 四: the group.
    pub row: String,
    /// Table 三: the row key (`r_deny_secret`); otherwise empty.
    pub key: String,
    /// The column label (table 四: the result).
    pub column: String,
}

impl CellName {
    /// The same place as a finding of the rule catalogue names it.
    pub fn matches(&self, table: Option<&str>, row: Option<&str>, column: Option<&str>) -> bool {
        table == Some(self.table)
            && row == Some(self.row.as_str())
            && column == Some(self.column.as_str())
    }
}

/// A cell that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    pub cell: CellName,
    /// For an ambiguous cell, the values the text has there (not assigned).
    pub found: Vec<String>,
    pub location: Option<Location>,
    /// In Chinese: what was found and what the reader could not decide.
    pub message: String,
}

/// A figure stated in a free-text report (before 2019).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub value: i64,
    pub location: Location,
    /// The sentence it was read from.
    pub quote: String,
}

/// What a free-text report (before the national format) states, each
/// `None` when the text does not say it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FreeTextFigures {
    /// 主动公开政府信息（条）
    pub items_published: Option<Figure>,
    /// 收到政府信息公开申请（件）
    pub applications: Option<Figure>,
    /// 行政复议（件）
    pub reconsiderations: Option<Figure>,
    /// 行政诉讼（件）
    pub lawsuits: Option<Figure>,
    /// 信息公开收费（元）
    pub fees_yuan: Option<Figure>,
}

impl FreeTextFigures {
    /// `(JSON key, Chinese name, figure)` in a fixed order.
    pub fn entries(&self) -> [(&'static str, &'static str, &Option<Figure>); 5] {
        [
            (
                "items_published",
                "主动公开政府信息数量",
                &self.items_published,
            ),
            (
                "applications",
                "收到政府信息公开申请数量",
                &self.applications,
            ),
            (
                "reconsiderations",
                "政府信息公开行政复议数量",
                &self.reconsiderations,
            ),
            ("lawsuits", "政府信息公开行政诉讼数量", &self.lawsuits),
            ("fees_yuan", "信息公开收费金额", &self.fees_yuan),
        ]
    }
}

/// What the report is laid out as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One of the national formats (tables 二, 三, 四).
    Format(ReportFormat),
    /// Before the national format: free text, figures in sentences.
    FreeText,
}

impl Layout {
    /// `"2019"`, `"2021"` or `"free-text"`, as the JSON writes it.
    pub fn code(self) -> &'static str {
        match self {
            Layout::Format(f) => f.code(),
            Layout::FreeText => "free-text",
        }
    }
}

/// A report as read from one input.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedReport {
    /// The file name (or `-`) it was read from.
    pub source: String,
    pub input: InputKind,
    pub layout: Layout,
    /// The statistics year, where found; `year_location` says where.
    pub year: Option<i32>,
    pub year_location: Option<Location>,
    /// The agency, from the title, where found.
    pub agency: Option<String>,
    /// The title line, where found.
    pub title: Option<String>,
    /// The tables and parts (for a free-text report: blank tables, the year
    /// or 0, and the parts empty).
    pub report: AnnualReport,
    /// Each part heading found, in order: (part index 0–5, as written, where).
    pub part_titles: Vec<(usize, String, Location)>,
    /// Where each cell that was read came from.
    pub sources: Vec<(CellName, Location)>,
    /// Cells the text does not contain.
    pub missing: Vec<Unread>,
    /// Cells whose column could not be told.
    pub ambiguous: Vec<Unread>,
    /// Free-text reports: the figures stated.
    pub figures: Option<FreeTextFigures>,
    /// Other things the reader could not settle (no year, no agency), in Chinese.
    pub notes: Vec<String>,
    /// The cells already read or found ambiguous (a table printed twice is read once).
    pub(crate) seen: std::collections::HashSet<CellName>,
}

impl ParsedReport {
    /// Where the cell named by a finding was read, if it was.
    pub fn location_of(
        &self,
        table: Option<&str>,
        row: Option<&str>,
        column: Option<&str>,
    ) -> Option<Location> {
        self.sources
            .iter()
            .find(|(c, _)| c.matches(table, row, column))
            .map(|(_, l)| *l)
    }

    /// Whether the cell named by a finding is one the reader could not place.
    pub fn is_ambiguous(
        &self,
        table: Option<&str>,
        row: Option<&str>,
        column: Option<&str>,
    ) -> bool {
        self.ambiguous
            .iter()
            .any(|u| u.cell.matches(table, row, column))
    }
}

/// Reads a report from the bytes of a file: DOCX, PDF (its text layer, by
/// `pdftotext`), HTML (in the encoding its `<meta>` declares) or text
/// (UTF-8, UTF-16 with BOM, or GB18030), told apart by content. `name` is the file
/// name, kept as [`ParsedReport::source`]. An error only when the input
/// cannot be read at all (a damaged DOCX, binary data).
pub fn parse_bytes(name: &str, bytes: &[u8]) -> Result<ParsedReport, ReadError> {
    let (kind, lines) = decode::lines_of(bytes)?;
    Ok(read::read_lines(name, kind, &lines))
}

/// Reads a report from text as copied from a page.
pub fn parse_text(text: &str) -> ParsedReport {
    read::read_lines("-", InputKind::Text, &lines::text_lines(text))
}

/// Reads a report from an HTML page.
pub fn parse_html(html: &str) -> ParsedReport {
    read::read_lines("-", InputKind::Html, &html::html_lines(html))
}
