//! The summary of a bulk check of annual reports (汇总表): one line per
//! report with its findings counted by severity and by rule and its key
//! figures (主要数据), every finding, and for agencies with reports of
//! several years the key figures side by side with the change. The CLI
//! (`gongkai report check DIR --summary`) and the check page (a ZIP upload)
//! both build it here and export it as XLSX with sheets 汇总, 问题明细 and
//! 年度对比.

use std::collections::{BTreeMap, BTreeSet};

use gongkai_domain::report::TABLE3_COLUMNS;
use gongkai_domain::report::{AnnualReport, Cell, Finding};
use gongkai_domain::vocabulary::ReportFormat;
use gongkai_parse::{CheckedReport, Layout, ParsedReport};
use gongkai_render::{TableCell, TableExport};

use crate::Error;
use crate::report_check::Checked;

/// The sheet names, in order.
pub const SHEET_SUMMARY: &str = "汇总";
pub const SHEET_FINDINGS: &str = "问题明细";
pub const SHEET_YEARS: &str = "年度对比";

/// The key figures, in the order of the columns and of the page.
pub const FIGURE_NAMES: [&str; FIGURES] = [
    "主动公开规章和规范性文件（件）",
    "本年新收申请（件）",
    "予以公开（件）",
    "部分公开（件）",
    "不予公开（件）",
    "无法提供（件）",
    "不予处理（件）",
    "其他处理（件）",
    "办理结果总计（件）",
    "行政复议（件）",
    "行政诉讼（件）",
    "行政事业性收费（万元）",
    "信息公开收费（元）",
];
const FIGURES: usize = 13;

/// The key figures of one report, each `None` where the report does not
/// state it or states it in a cell that is not a number.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct KeyFigures(pub [Option<f64>; FIGURES]);

impl KeyFigures {
    /// `(name, value)` in the order of [`FIGURE_NAMES`].
    pub fn entries(&self) -> impl Iterator<Item = (&'static str, Option<f64>)> + '_ {
        FIGURE_NAMES.iter().copied().zip(self.0.iter().copied())
    }
}

/// One input of the bulk check as the summary shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryLine {
    pub source: String,
    /// Empty when the file could not be read.
    pub agency: String,
    pub year: Option<i32>,
    /// `2021年格式`, `2019年格式`, `自由文本`; empty when unreadable.
    pub format: &'static str,
    pub errors: usize,
    pub warnings: usize,
    pub missing: usize,
    pub ambiguous: usize,
    /// Findings per rule (`AR-03` → 4).
    pub by_rule: BTreeMap<&'static str, usize>,
    pub figures: KeyFigures,
    /// Why the file could not be read, or the reader's notes.
    pub note: String,
    pub readable: bool,
}

/// One finding of one report, for the sheet 问题明细.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingLine {
    pub source: String,
    pub rule: &'static str,
    pub severity: &'static str,
    /// Where in the tables or parts, in words (`表三 “（七）总计”行 “总计”列`).
    pub place: String,
    /// Where in the file (`第12行第3格`), where known.
    pub location: String,
    pub message: String,
}

/// One key figure of one agency in two of its years, for the sheet 年度对比.
#[derive(Debug, Clone, PartialEq)]
pub struct YearChange {
    pub agency: String,
    pub figure: &'static str,
    pub earlier_year: i32,
    pub earlier: Option<f64>,
    pub later_year: i32,
    pub later: Option<f64>,
}

impl YearChange {
    /// The change, when both years state the figure.
    pub fn change(&self) -> Option<f64> {
        Some(self.later? - self.earlier?)
    }
}

/// The whole summary of one bulk check.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BulkSummary {
    pub lines: Vec<SummaryLine>,
    pub findings: Vec<FindingLine>,
    pub years: Vec<YearChange>,
}

/// The format as the summary names it.
pub fn format_short(layout: Layout) -> &'static str {
    match layout {
        Layout::Format(ReportFormat::Y2019) => "2019年格式",
        Layout::Format(_) => "2021年格式",
        Layout::FreeText => "自由文本",
    }
}

/// Builds the summary of what a bulk check read, in the order given.
pub fn summarise(checked: &[Checked]) -> BulkSummary {
    let mut summary = BulkSummary::default();
    for c in checked {
        match c {
            Checked::Report(r) => {
                summary.lines.push(line_of(r));
                summary
                    .findings
                    .extend(r.findings.iter().map(|f| FindingLine {
                        source: r.parsed.source.clone(),
                        rule: f.rule,
                        severity: f.severity.label_zh(),
                        place: finding_place(f),
                        location: f.location.clone().unwrap_or_default(),
                        message: f.message.clone(),
                    }));
            }
            Checked::Unreadable { source, error } => summary.lines.push(SummaryLine {
                source: source.clone(),
                agency: String::new(),
                year: None,
                format: "",
                errors: 0,
                warnings: 0,
                missing: 0,
                ambiguous: 0,
                by_rule: BTreeMap::new(),
                figures: KeyFigures::default(),
                note: format!("无法读取：{error}"),
                readable: false,
            }),
        }
    }
    summary.years = year_changes(&summary.lines);
    summary
}

fn line_of(r: &CheckedReport) -> SummaryLine {
    let p = &r.parsed;
    let mut by_rule = BTreeMap::new();
    for f in &r.findings {
        *by_rule.entry(f.rule).or_insert(0) += 1;
    }
    let errors = r.findings.iter().filter(|f| f.is_error()).count();
    SummaryLine {
        source: p.source.clone(),
        agency: p.agency.clone().unwrap_or_default(),
        year: p.year,
        format: format_short(p.layout),
        errors,
        warnings: r.findings.len() - errors,
        missing: p.missing.len(),
        ambiguous: p.ambiguous.len(),
        by_rule,
        figures: key_figures(p),
        note: p.notes.join("；"),
        readable: true,
    }
}

/// Where a finding points, in words.
fn finding_place(f: &Finding) -> String {
    let mut s = String::new();
    if let Some(t) = &f.table {
        s.push_str(&format!("表{t}"));
    }
    if let Some(r) = &f.row {
        s.push_str(&format!(" “{r}”"));
    }
    if let Some(c) = &f.column {
        s.push_str(&format!(" “{c}”列"));
    }
    let s = s.trim().to_string();
    if s.is_empty() { "全文".into() } else { s }
}

/// The sum of cells, only when every one is a number: a sum over a blank
/// or a `/` would state a figure the report does not.
fn sum<'a>(cells: impl IntoIterator<Item = &'a Cell>) -> Option<f64> {
    let mut total = 0.0;
    let mut any = false;
    for c in cells {
        total += c.number()?;
        any = true;
    }
    any.then_some(total)
}

/// The 总计 column (the last) of the table 三 rows whose key `keys` takes.
fn table3_total(r: &AnnualReport, keys: impl Fn(&str) -> bool) -> Option<f64> {
    sum(r
        .table3
        .iter()
        .filter(|row| keys(&row.key))
        .map(|row| &row.cells[TABLE3_COLUMNS - 1]))
}

/// The figures of a report in a national format, from its tables: items
/// published are the 规章 and 规范性文件 made this year (2021 format:
/// 本年制发件数) or newly published (2019 format: 本年新公开数量);
/// applications are table 三's 本年新收 总计; outcomes its result rows'
/// 总计 by group; appeals table 四's totals (诉讼: both groups); fees the
/// 2021 format's 行政事业性收费 amount (the 2019 format states none).
fn table_figures(r: &AnnualReport) -> KeyFigures {
    const BLOCK_DOCUMENTS: &str = "第二十条第（一）项";
    let made = match r.format {
        ReportFormat::Y2019 => "本年新公开数量",
        _ => "本年制发件数",
    };
    let published = sum(r
        .table2
        .iter()
        .filter(|row| row.block == BLOCK_DOCUMENTS)
        .filter_map(|row| row.cells.iter().find(|(c, _)| c == made).map(|(_, v)| v)));
    let fees = r
        .table2
        .iter()
        .find(|row| row.block == "第二十条第（八）项")
        .and_then(|row| row.cells.iter().find(|(c, _)| c.contains("万元")))
        .and_then(|(_, v)| v.number());
    let total = |key: &'static str| table3_total(r, move |k| k == key);
    let group = |prefix: &'static str| table3_total(r, move |k| k.starts_with(prefix));
    KeyFigures([
        published,
        total("new_received"),
        total("r_open"),
        total("r_partial"),
        group("r_deny_"),
        group("r_cannot_"),
        group("r_noproc_"),
        group("r_other"),
        total("r_total"),
        r.table4[4].number(),
        sum([&r.table4[9], &r.table4[14]]),
        fees,
        None,
    ])
}

/// The key figures of a report as read.
pub fn key_figures(p: &ParsedReport) -> KeyFigures {
    match (p.layout, &p.figures) {
        (Layout::Format(_), _) => table_figures(&p.report),
        (Layout::FreeText, Some(f)) => {
            let v = |x: &Option<gongkai_parse::Figure>| x.as_ref().map(|x| x.value as f64);
            let mut k = KeyFigures::default();
            k.0[0] = v(&f.items_published);
            k.0[1] = v(&f.applications);
            k.0[9] = v(&f.reconsiderations);
            k.0[10] = v(&f.lawsuits);
            k.0[12] = v(&f.fees_yuan);
            k
        }
        (Layout::FreeText, None) => KeyFigures::default(),
    }
}

/// An agency's name as compared across reports: without spaces.
fn agency_key(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

/// For every agency with readable reports of several years: each key
/// figure in consecutive years found (a year given twice counts once, the
/// first).
fn year_changes(lines: &[SummaryLine]) -> Vec<YearChange> {
    let mut by_agency: BTreeMap<String, BTreeMap<i32, &SummaryLine>> = BTreeMap::new();
    for l in lines.iter().filter(|l| l.readable && !l.agency.is_empty()) {
        if let Some(y) = l.year {
            by_agency
                .entry(agency_key(&l.agency))
                .or_default()
                .entry(y)
                .or_insert(l);
        }
    }
    let mut out = Vec::new();
    for years in by_agency.values().filter(|y| y.len() > 1) {
        let ordered: Vec<(&i32, &&SummaryLine)> = years.iter().collect();
        for pair in ordered.windows(2) {
            let ((y0, l0), (y1, l1)) = (pair[0], pair[1]);
            for (i, name) in FIGURE_NAMES.iter().enumerate() {
                let (earlier, later) = (l0.figures.0[i], l1.figures.0[i]);
                if earlier.is_none() && later.is_none() {
                    continue;
                }
                out.push(YearChange {
                    agency: l1.agency.clone(),
                    figure: name,
                    earlier_year: *y0,
                    earlier,
                    later_year: *y1,
                    later,
                });
            }
        }
    }
    out
}

fn text(s: &str) -> TableCell {
    if s.is_empty() {
        TableCell::Blank
    } else {
        TableCell::Text(s.to_string())
    }
}

fn number(x: Option<f64>) -> TableCell {
    x.map_or(TableCell::Blank, TableCell::Number)
}

fn count(n: usize, readable: bool) -> TableCell {
    if readable {
        TableCell::Number(n as f64)
    } else {
        TableCell::Blank
    }
}

impl BulkSummary {
    /// The rules that found something in any report, in order.
    pub fn rules(&self) -> Vec<&'static str> {
        let set: BTreeSet<&'static str> = self
            .lines
            .iter()
            .flat_map(|l| l.by_rule.keys().copied())
            .collect();
        set.into_iter().collect()
    }

    fn summary_sheet(&self, subtitle: &str) -> TableExport {
        let rules = self.rules();
        let mut columns: Vec<(String, f64)> = [
            ("文件", 30.0),
            ("机关", 28.0),
            ("年度", 8.0),
            ("格式", 12.0),
            ("错误", 8.0),
            ("提示", 8.0),
            ("未找到的单元格", 10.0),
            ("无法确定的单元格", 10.0),
        ]
        .iter()
        .map(|(s, w)| (s.to_string(), *w))
        .collect();
        columns.extend(rules.iter().map(|r| (r.to_string(), 8.0)));
        columns.extend(FIGURE_NAMES.iter().map(|n| (n.to_string(), 12.0)));
        columns.push(("说明".into(), 50.0));
        let rows = self
            .lines
            .iter()
            .map(|l| {
                let mut row = vec![
                    text(&l.source),
                    text(&l.agency),
                    number(l.year.map(f64::from)),
                    text(l.format),
                    count(l.errors, l.readable),
                    count(l.warnings, l.readable),
                    count(l.missing, l.readable),
                    count(l.ambiguous, l.readable),
                ];
                row.extend(
                    rules
                        .iter()
                        .map(|r| count(l.by_rule.get(r).copied().unwrap_or(0), l.readable)),
                );
                row.extend(l.figures.0.iter().map(|x| number(*x)));
                row.push(text(&l.note));
                row
            })
            .collect();
        TableExport {
            sheet: SHEET_SUMMARY.into(),
            title: "政府信息公开工作年度报告检查汇总".into(),
            subtitle: subtitle.into(),
            columns,
            rows,
        }
    }

    fn findings_sheet(&self) -> TableExport {
        TableExport {
            sheet: SHEET_FINDINGS.into(),
            title: "发现的问题".into(),
            subtitle: format!("共 {} 个问题", self.findings.len()),
            columns: [
                ("文件", 30.0),
                ("规则", 8.0),
                ("性质", 8.0),
                ("位置", 40.0),
                ("原文位置", 14.0),
                ("说明", 80.0),
            ]
            .iter()
            .map(|(s, w)| (s.to_string(), *w))
            .collect(),
            rows: self
                .findings
                .iter()
                .map(|f| {
                    vec![
                        text(&f.source),
                        text(f.rule),
                        text(f.severity),
                        text(&f.place),
                        text(&f.location),
                        text(&f.message),
                    ]
                })
                .collect(),
        }
    }

    fn years_sheet(&self) -> TableExport {
        TableExport {
            sheet: SHEET_YEARS.into(),
            title: "主要数据年度对比".into(),
            subtitle: "同一机关有多个年度的报告时，相邻年度的主要数据及增减（本年度减上一年度）"
                .into(),
            columns: [
                ("机关", 28.0),
                ("数据", 30.0),
                ("上一年度", 10.0),
                ("上一年度数值", 12.0),
                ("本年度", 10.0),
                ("本年度数值", 12.0),
                ("增减", 10.0),
            ]
            .iter()
            .map(|(s, w)| (s.to_string(), *w))
            .collect(),
            rows: self
                .years
                .iter()
                .map(|y| {
                    vec![
                        text(&y.agency),
                        text(y.figure),
                        TableCell::Number(y.earlier_year.into()),
                        number(y.earlier),
                        TableCell::Number(y.later_year.into()),
                        number(y.later),
                        number(y.change()),
                    ]
                })
                .collect(),
        }
    }

    /// The line under the title of the sheet 汇总.
    pub fn subtitle(&self) -> String {
        let unreadable = self.lines.iter().filter(|l| !l.readable).count();
        let with_errors = self.lines.iter().filter(|l| l.errors > 0).count();
        format!(
            "共 {} 个文件：读出 {} 份报告，其中 {with_errors} 份有错误；{unreadable} 个文件无法读取",
            self.lines.len(),
            self.lines.len() - unreadable
        )
    }

    /// The workbook: sheets 汇总, 问题明细, 年度对比.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, Error> {
        gongkai_render::tables_xlsx(&[
            self.summary_sheet(&self.subtitle()),
            self.findings_sheet(),
            self.years_sheet(),
        ])
        .map_err(|e| Error::internal(e.to_string()))
    }
}
