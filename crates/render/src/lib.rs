//! gongkai's documents as files: [`to_docx`] (editable, for the agency's own
//! word processor) and [`to_pdf`] (final, with its CJK font embedded), both in
//! the layout of Chinese official documents (GB/T 9704-2012): A4, a centred
//! bold title, the body in 三号 (16pt) with a two-character first-line indent
//! on a 28pt line pitch, issuer and date on the right at the end.
//!
//! The PDF is typeset by typst, used as a library, with the system's Noto CJK
//! fonts (Debian: fonts-noto-cjk), found by searching the font directories;
//! [`font_available`] says whether they are there. Rendering is synchronous
//! and CPU-bound (tens to hundreds of milliseconds): call it from a blocking
//! task in async code.
//!
//! A document's body may hold tables ([`Block::Table`](gongkai_domain::document::Block::Table)):
//! a bordered Word table in 仿宋_GB2312 小四 with a bold header row repeated
//! on every page, and the same as a typst table in the PDF. The task ledger
//! of a work plan exports as XLSX ([`task_ledger_xlsx`]).
//!
//! The annual report (政府信息公开工作年度报告) has its own exports:
//! [`report_docx`] and [`report_pdf`] in the official layout with its tables,
//! [`report_xlsx`] with the tables in the official layout, a chart sheet and
//! a data sheet for programs, and charts as SVG
//! ([`report_svg_year`], [`report_svg_trend`]).

mod application_form;
mod case_register;
mod docx;
mod docx_core;
mod fonts;
mod pdf;
mod report;
mod standard_catalogue;
mod table;
mod task_ledger;

use gongkai_domain::document::Document;
use gongkai_domain::report::AnnualReport;

pub use docx::{BODY_FONT, HEADING_FONT, TITLE_FONT};
pub use fonts::{cjk_font_paths, font_available};

/// Why a document could not be rendered; the messages are Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    /// No Noto Serif / Sans CJK SC (or Source Han) font was found.
    #[error(
        "未找到生成PDF所需的中文字体（Noto Serif CJK SC 或 Noto Sans CJK SC）。已查找：{searched}。请安装 Debian 软件包 fonts-noto-cjk（apt-get install fonts-noto-cjk），或者用环境变量 GONGKAI_FONT_DIR 指定字体所在目录。"
    )]
    FontMissing { searched: String },
    /// A font file was found but could not be read.
    #[error("字体文件 {path} 无法读取：{message}")]
    FontRead { path: String, message: String },
    /// Typesetting or PDF export failed.
    #[error("PDF 生成失败：{0}")]
    Pdf(String),
    /// Building the DOCX package failed.
    #[error("DOCX 生成失败：{0}")]
    Docx(String),
    /// Building the XLSX workbook failed.
    #[error("XLSX 生成失败：{0}")]
    Xlsx(String),
}

/// The document as a Word (DOCX) file. Fonts are named, not embedded: the
/// reader's 仿宋_GB2312 / 方正小标宋简体 / 黑体, with fallbacks.
pub fn to_docx(doc: &Document) -> Result<Vec<u8>, RenderError> {
    docx::to_docx(doc)
}

/// The document as a PDF with its CJK font embedded (subset); its text is
/// extractable (e.g. by `pdftotext`).
pub fn to_pdf(doc: &Document) -> Result<Vec<u8>, RenderError> {
    pdf::to_pdf(doc)
}

/// The annual report as a Word (DOCX) file: A4, the title centred, the six
/// parts with their standard titles (黑体) and text (仿宋_GB2312 三号), tables
/// 二, 三 and 四 in the official layout with merged header cells.
pub fn report_docx(r: &AnnualReport) -> Result<Vec<u8>, RenderError> {
    report::docx::report_docx(r)
}

/// The annual report as PDF, the same content as [`report_docx`], with its
/// CJK font embedded and its text extractable.
pub fn report_pdf(r: &AnnualReport) -> Result<Vec<u8>, RenderError> {
    report::pdf::report_pdf(r)
}

/// The sheet names of [`report_xlsx`], in order, and the header of its sheet 数据.
pub use report::xlsx::{
    DATA_COLUMNS, SHEET_CHART, SHEET_DATA, SHEET_TABLE2, SHEET_TABLE3, SHEET_TABLE4,
};

/// The annual report as an XLSX workbook. Sheets [`SHEET_TABLE2`],
/// [`SHEET_TABLE3`], [`SHEET_TABLE4`]: tables 二, 三 and 四 in the official
/// layout of the report's format (the report's title, the part's title and
/// the agency on top; merged header cells with the format's labels; thin
/// borders; figures as numbers; A4, fit to the page width, table 四 across
/// the page, the header rows repeated on every page). [`SHEET_CHART`]: bar
/// charts of the year's results and of the requests by applicant.
/// [`SHEET_DATA`]: one row per value with stable keys ([`DATA_COLUMNS`]:
/// `report`, `table2`, `table3`, `table4` and the JSON shape's row keys).
pub fn report_xlsx(r: &AnnualReport) -> Result<Vec<u8>, RenderError> {
    report::xlsx::report_xlsx(r)
}

pub use application_form::ApplicationForm;

/// The 政府信息公开申请表 of an agency as a Word (DOCX) file: addressed to
/// the agency, the fields of 《条例》第二十九条 as a table to fill in, and
/// where and how to hand it in.
pub fn application_form_docx(form: &ApplicationForm) -> Result<Vec<u8>, RenderError> {
    application_form::docx::application_form_docx(form)
}

/// The same application form as PDF, its CJK font embedded.
pub fn application_form_pdf(form: &ApplicationForm) -> Result<Vec<u8>, RenderError> {
    application_form::pdf::application_form_pdf(form)
}

pub use case_register::{
    REGISTER_AGENCY_COLUMN, REGISTER_COLUMNS, RegisterExport, RegisterLine, SHEET_REGISTER,
    SHEET_REGISTER_NOTES,
};

/// The case register (依申请公开台账) as an XLSX workbook: a sheet 台账 with
/// [`REGISTER_COLUMNS`] in row 1 (and 办理机关 for a register of several
/// agencies), one row per case, and a sheet 说明 (title, filters, when
/// exported, how many cases).
pub fn register_xlsx(r: &RegisterExport) -> Result<Vec<u8>, RenderError> {
    case_register::register_xlsx(r)
}

pub use standard_catalogue::{
    CATALOGUE_HEADER_ROW, SHEET_CATALOGUE, catalogue_columns, standard_catalogue_xlsx,
};
pub use table::{TABLE_HEADER_ROW, TableCell, TableExport, table_xlsx, tables_xlsx};
pub use task_ledger::{LEDGER_COLUMNS, LEDGER_HEADER_ROW, LedgerLine, SHEET_LEDGER, TaskLedger};

/// The task ledger (任务台账) of a work plan, for one unit or the whole
/// plan, as an XLSX workbook: a sheet 任务台账 with the title
/// ([`TaskLedger::title`]) in row 1, the unit, the number of tasks and when
/// exported in row 2, [`LEDGER_COLUMNS`] in row 3 (frozen, filtered), one row
/// per task.
pub fn task_ledger_xlsx(ledger: &TaskLedger) -> Result<Vec<u8>, RenderError> {
    task_ledger::task_ledger_xlsx(ledger)
}

/// A bar chart (standalone SVG) of the year's key figures: 本年新收, 上年结转,
/// the result groups （一）…（六）, 结转下年度 and the totals of table 四.
pub fn report_svg_year(r: &AnnualReport) -> String {
    report::svg::year_chart(r)
}

/// The figures of [`report_svg_year`], label and value, in the order drawn:
/// pages write them out beside the chart (issue 21: not only in the image).
pub fn report_year_figures(r: &AnnualReport) -> Vec<(String, f64)> {
    report::svg::year_figures(r)
}

/// A line chart (standalone SVG) over the reports' years of 本年新收申请,
/// 行政复议, 行政诉讼 and 规范性文件 made, one marked point per year.
pub fn report_svg_trend(reports: &[AnnualReport]) -> String {
    report::svg::trend_chart(reports)
}

#[cfg(test)]
mod tests {
    use super::RenderError;

    #[test]
    fn missing_font_error_names_the_debian_package() {
        let e = RenderError::FontMissing {
            searched: "/usr/share/fonts".into(),
        };
        let msg = e.to_string();
        assert!(msg.contains("fonts-noto-cjk"), "{msg}");
        assert!(msg.contains("/usr/share/fonts"), "{msg}");
        assert!(msg.contains("未找到"), "{msg}");
    }
}
