//! The validation catalogue of the annual report (spec `annual-report.md`,
//! "Consistency rules (勾稽关系) and the validation catalogue"): each rule
//! once, named by its id, judged on an [`AnnualReport`] with what is known
//! around it ([`RuleContext`]).
//!
//! | id | what | severity |
//! |---|---|---|
//! | AR-01 | the six parts; parts 一 and 六 have text | E |
//! | AR-02 | the format matches the report year | E |
//! | AR-03 | every cell of tables 二, 三, 四 holds a number | E |
//! | AR-04 | counts are integers ≥ 0 (only 本年增/减 may be negative); amounts ≥ 0 | E |
//! | AR-05 | per column of table 三: 一 + 二 = （七）总计 + 四 | E |
//! | AR-06 | per column of table 三: （七）总计 = the sum of the result rows | E |
//! | AR-07 | per row of table 三: 总计 = the sum of the six applicant columns | E |
//! | AR-08 | per group of table 四: 总计 = 维持 + 纠正 + 其他 + 尚未审结 | E |
//! | AR-09 | 上年结转 = last year's 结转下年度, per column | E (W when last year is unknown) |
//! | AR-10 | 现行有效件数(N) = 现行有效件数(N−1) + 本年制发件数 − 本年废止件数 | W |
//! | AR-11 | the number of applications quoted in the text equals table 三 | W |
//! | AR-12 | part 六 states the information-processing fees | W |
//! | AR-13 | part 五 is not empty or "无" | W |
//! | AR-14 | each written part differs from last year's (similarity ≤ 50 %) | W |
//! | AR-15 | published by 31 January (departments) / 31 March (governments) | E when late; W when the day has passed unpublished |
//! | AR-16 | the title names the statistics year | E |
//! | AR-18 | part 一 covers the five topics (governments: also assessment) | W |
//! | AR-19 | a figure changed more than fivefold from last year | W |
//! | AR-20 | tables 三 and 四 reproduce from the case register | E |
//!
//! AR-17 (the 年报 column keeps every year, corrections are versioned) is a
//! property of where reports are published, kept by the platform itself.
//!
//! Publication is blocked by every error except AR-15
//! ([`publication_blockers`]): refusing to publish a late report would only
//! make it later; the lateness is recorded on the published version instead.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Value, json};

use super::{AnnualReport, Cell, PART_NUMERALS, TABLE3_COLUMNS};
use crate::agency::AgencyKind;
use crate::similarity::plain_similarity;
use crate::vocabulary::{ReportFormat, Table3RowKind};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Severity {
    /// E: a report with it is wrong (a generated one can never be published with it).
    #[serde(rename = "E")]
    Error,
    /// W: worth a person's look.
    #[serde(rename = "W")]
    Warning,
}

impl Severity {
    pub fn code(self) -> &'static str {
        match self {
            Severity::Error => "E",
            Severity::Warning => "W",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "提示",
        }
    }
}

/// One finding: which rule, where, what was expected and what was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    /// `二`, `三` or `四`; `None` for the text.
    pub table: Option<String>,
    /// The row label (table 三: its key), or the part (`一` … `六`).
    pub row: Option<String>,
    pub column: Option<String>,
    pub expected: Option<String>,
    pub found: Option<String>,
    /// What is wrong and what to do, in Chinese.
    pub message: String,
    /// Where in the input (reports read from text); `None` for generated ones.
    pub location: Option<String>,
}

impl Finding {
    fn new(rule: &'static str, severity: Severity, message: String) -> Finding {
        Finding {
            rule,
            severity,
            table: None,
            row: None,
            column: None,
            expected: None,
            found: None,
            message,
            location: None,
        }
    }

    fn at(mut self, table: &str, row: &str, column: Option<&str>) -> Finding {
        self.table = Some(table.to_string());
        self.row = Some(row.to_string());
        self.column = column.map(str::to_string);
        self
    }

    fn values(mut self, expected: impl ToString, found: impl ToString) -> Finding {
        self.expected = Some(expected.to_string());
        self.found = Some(found.to_string());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The finding in the shared JSON shape.
    pub fn to_json(&self) -> Value {
        json!({
            "rule": self.rule,
            "severity": self.severity.code(),
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "expected": self.expected,
            "found": self.found,
            "message": self.message,
            "location": self.location,
        })
    }
}

/// Information-processing fees of the year, from the fee records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FeeTotals {
    /// Applications whose fee was paid in the year.
    pub cases: u64,
    /// The amount paid, in 元.
    pub amount_yuan: u64,
}

/// What the rules may know besides the report itself.
#[derive(Debug, Clone, Default)]
pub struct RuleContext<'a> {
    /// Last year's report of the same agency (AR-09, AR-10, AR-14, AR-19).
    pub previous: Option<&'a AnnualReport>,
    /// Government or department (AR-15 deadline, AR-18 assessment topic).
    pub agency_kind: Option<AgencyKind>,
    /// The day the report was (or is being) published (AR-15).
    pub published_on: Option<NaiveDate>,
    /// Today, for a draft: warns once the deadline has passed (AR-15).
    pub today: Option<NaiveDate>,
    /// The title as published (AR-16); generated reports use [`AnnualReport::title`].
    pub title: Option<String>,
    /// The fee records of the year (AR-12).
    pub fees: Option<FeeTotals>,
    /// Tables 三 and 四 recomputed from the case register (AR-20).
    pub register: Option<&'a AnnualReport>,
    /// For a report read from text: its part headings in the order they
    /// appear, each as (part index 0–5, title as written) (AR-01).
    pub part_titles: Option<&'a [(usize, String)]>,
}

/// Every finding on `report`, in rule order.
pub fn validate(report: &AnnualReport, ctx: &RuleContext<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    ar01_parts(report, &mut out);
    if let Some(titles) = ctx.part_titles {
        ar01_titles(report, titles, &mut out);
    }
    ar02_format(report, &mut out);
    ar03_ar04_cells(report, &mut out);
    ar05_ar06_ar07_table3(report, &mut out);
    ar08_table4(report, &mut out);
    ar09_carry_over(report, ctx.previous, &mut out);
    if let Some(prev) = ctx.previous {
        ar10_in_force(report, prev, &mut out);
    }
    ar11_quoted_figures(report, &mut out);
    ar12_fees(report, ctx.fees, &mut out);
    ar13_problems(report, &mut out);
    if let Some(prev) = ctx.previous {
        ar14_similarity(report, prev, &mut out);
    }
    ar15_deadline(report, ctx, &mut out);
    ar16_title(report, ctx.title.as_deref(), &mut out);
    ar18_topics(report, ctx.agency_kind, &mut out);
    if let Some(prev) = ctx.previous {
        ar19_jumps(report, prev, &mut out);
    }
    if let Some(register) = ctx.register {
        ar20_register(report, register, &mut out);
    }
    out
}

/// The errors that keep a report from being published: every error except
/// AR-15 (see the module documentation).
pub fn publication_blockers(findings: &[Finding]) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|f| f.is_error() && f.rule != "AR-15")
        .collect()
}

fn part_name(i: usize) -> String {
    format!("第{}部分", PART_NUMERALS[i])
}

fn ar01_parts(r: &AnnualReport, out: &mut Vec<Finding>) {
    for i in [0usize, 5] {
        if r.parts[i].trim().is_empty() {
            let mut f = Finding::new(
                "AR-01",
                Severity::Error,
                format!(
                    "{}“{}”没有内容。年度报告须包含六个部分，请撰写这一部分。",
                    part_name(i),
                    r.part_title(i)
                ),
            );
            f.row = Some(PART_NUMERALS[i].into());
            out.push(f);
        }
    }
}

/// A title compared as people write it: no spaces, brackets and punctuation
/// in one width.
fn title_key(t: &str) -> String {
    t.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            ',' => '，',
            '.' | '．' => '、',
            c => c,
        })
        .collect()
}

fn ar01_titles(r: &AnnualReport, titles: &[(usize, String)], out: &mut Vec<Finding>) {
    let mut last: Option<usize> = None;
    for (i, written) in titles {
        let standard = r.format.section_titles(*i);
        if !standard.iter().any(|s| title_key(s) == title_key(written)) {
            let mut f = Finding::new(
                "AR-01",
                Severity::Error,
                format!(
                    "{}的标题写作“{written}”，应为规定的“{}”。",
                    part_name(*i),
                    r.part_title(*i)
                ),
            )
            .values(r.part_title(*i), written);
            f.row = Some(PART_NUMERALS[*i].into());
            out.push(f);
        }
        if last.is_some_and(|l| l >= *i) {
            let mut f = Finding::new(
                "AR-01",
                Severity::Error,
                format!(
                    "{}“{written}”出现在{}之后；六个部分应按一至六的顺序排列，且各出现一次。",
                    part_name(*i),
                    part_name(last.unwrap_or(0))
                ),
            );
            f.row = Some(PART_NUMERALS[*i].into());
            out.push(f);
        }
        last = Some(last.map_or(*i, |l| l.max(*i)));
    }
    for (i, numeral) in PART_NUMERALS.iter().enumerate() {
        if !titles.iter().any(|(j, _)| *j == i) {
            let mut f = Finding::new(
                "AR-01",
                Severity::Error,
                format!(
                    "没有找到{}“{}”。年度报告须按规定格式包含六个部分。",
                    part_name(i),
                    r.part_title(i)
                ),
            )
            .values(r.part_title(i), "（缺少）");
            f.row = Some((*numeral).into());
            out.push(f);
        }
    }
}

fn ar02_format(r: &AnnualReport, out: &mut Vec<Finding>) {
    match ReportFormat::for_year(r.year) {
        Some(f) if f != r.format => out.push(
            Finding::new(
                "AR-02",
                Severity::Error,
                format!(
                    "{}年度报告应使用《{}》（{}），而不是《{}》。",
                    r.year,
                    f.label(),
                    f.document(),
                    r.format.label()
                ),
            )
            .values(f.code(), r.format.code()),
        ),
        None => out.push(Finding::new(
            "AR-02",
            Severity::Error,
            format!("{}年没有全国统一的年度报告格式（2019年度起适用）。", r.year),
        )),
        _ => {}
    }
}

/// AR-02 for a report read without the national tables (free text): from
/// 2019 on, when a national format binds, it is an error; before, there was
/// none to use.
pub fn ar02_free_text(year: i32) -> Option<Finding> {
    let format = ReportFormat::for_year(year)?;
    Some(
        Finding::new(
            "AR-02",
            Severity::Error,
            format!(
                "{year}年度报告应使用《{}》（{}），但文中没有找到规定的表格（主动公开、依申请公开、复议诉讼三张表）。",
                format.label(),
                format.document()
            ),
        )
        .values(format.code(), "free-text"),
    )
}

fn found_text(c: &Cell) -> String {
    match c {
        Cell::Blank => "（空白）".into(),
        c => c.display(),
    }
}

/// Checks one cell for AR-03 (a number is there) and AR-04 (its sign and kind).
fn check_cell(
    out: &mut Vec<Finding>,
    table: &str,
    row: &str,
    column: &str,
    cell: &Cell,
    may_be_negative: bool,
    decimal: bool,
) {
    let place = format!("表{table}“{row}”行“{column}”列");
    match cell {
        Cell::Blank | Cell::Text(_) => out.push(
            Finding::new(
                "AR-03",
                Severity::Error,
                format!(
                    "{place}{}；每个单元格都应填写数字，没有发生的填0。",
                    if matches!(cell, Cell::Blank) {
                        "为空".to_string()
                    } else {
                        format!("填写的是“{}”", cell.display())
                    }
                ),
            )
            .at(table, row, Some(column))
            .values("数字", found_text(cell)),
        ),
        Cell::Count(n) | Cell::Signed { value: n, .. } if *n < 0 && !may_be_negative => out.push(
            Finding::new(
                "AR-04",
                Severity::Error,
                format!("{place}为负数（{n}）；只有“本年增/减”可以为负数。"),
            )
            .at(table, row, Some(column))
            .values("≥ 0 的整数", n),
        ),
        Cell::Amount(a) if !decimal => out.push(
            Finding::new(
                "AR-04",
                Severity::Error,
                format!("{place}应为整数（件数），而不是“{a}”。"),
            )
            .at(table, row, Some(column))
            .values("整数", a),
        ),
        Cell::Amount(a) if cell.number().is_some_and(|x| x < 0.0) => out.push(
            Finding::new(
                "AR-04",
                Severity::Error,
                format!("{place}的金额不能为负数（{a}）。"),
            )
            .at(table, row, Some(column))
            .values("≥ 0", a),
        ),
        _ => {}
    }
}

fn ar03_ar04_cells(r: &AnnualReport, out: &mut Vec<Finding>) {
    let decimal_columns: Vec<&str> = r
        .format
        .table2_blocks()
        .iter()
        .filter(|b| b.decimal)
        .flat_map(|b| b.columns.iter().copied())
        .chain(["采购总金额"])
        .collect();
    for row in &r.table2 {
        for (col, cell) in &row.cells {
            check_cell(
                out,
                "二",
                &row.row,
                col,
                cell,
                col == "本年增/减",
                decimal_columns.contains(&col.as_str()),
            );
        }
    }
    let columns = r.format.table3_columns();
    for row in &r.table3 {
        let label = r
            .format
            .table3_row(&row.key)
            .map_or(row.key.as_str(), |x| x.label);
        for (i, cell) in row.cells.iter().enumerate() {
            check_cell(
                out,
                "三",
                label,
                columns.get(i).copied().unwrap_or(""),
                cell,
                false,
                false,
            );
        }
    }
    for (col, cell) in r.format.table4_columns().iter().zip(&r.table4) {
        check_cell(out, "四", col.group, col.result, cell, false, false);
    }
}

fn counts<const N: usize>(cells: &[Cell; N]) -> Option<[i64; N]> {
    let mut out = [0; N];
    for (o, c) in out.iter_mut().zip(cells) {
        *o = c.count()?;
    }
    Some(out)
}

fn row_label(r: &AnnualReport, key: &str) -> String {
    r.format
        .table3_row(key)
        .map_or_else(|| key.to_string(), |x| x.label.to_string())
}

fn ar05_ar06_ar07_table3(r: &AnnualReport, out: &mut Vec<Finding>) {
    let columns = r.format.table3_columns();
    let row = |kind| {
        r.table3_key(kind)
            .and_then(|k| r.table3_row(k))
            .and_then(counts)
    };
    let (new, carried, total, next) = (
        row(Table3RowKind::NewReceived),
        row(Table3RowKind::CarriedOver),
        row(Table3RowKind::Total),
        row(Table3RowKind::CarryNext),
    );
    let total_key = r.table3_key(Table3RowKind::Total).unwrap_or("r_total");
    for c in 0..TABLE3_COLUMNS {
        let column = columns.get(c).copied().unwrap_or("");
        if let (Some(n), Some(p), Some(t), Some(x)) = (new, carried, total, next) {
            let (left, right) = (n[c] + p[c], t[c] + x[c]);
            if left != right {
                out.push(
                    Finding::new(
                        "AR-05",
                        Severity::Error,
                        format!(
                            "表三“{column}”列：本年新收（{}）加上年结转（{}）为{left}，而办理结果总计（{}）加结转下年度（{}）为{right}，两者应相等。",
                            n[c], p[c], t[c], x[c]
                        ),
                    )
                    .at("三", "一+二 = （七）+四", Some(column))
                    .values(left, right),
                );
            }
        }
        // AR-06: the result rows add up to （七）总计.
        let mut sum = Some(0i64);
        for key in r.format.result_row_keys() {
            sum = match (sum, r.table3_row(key).and_then(|cells| cells[c].count())) {
                (Some(s), Some(v)) => Some(s + v),
                _ => None,
            };
        }
        if let (Some(sum), Some(t)) = (sum, total)
            && sum != t[c]
        {
            out.push(
                Finding::new(
                    "AR-06",
                    Severity::Error,
                    format!(
                        "表三“{column}”列：办理结果各项之和为{sum}，而“（七）总计”填写为{}。",
                        t[c]
                    ),
                )
                .at("三", &row_label(r, total_key), Some(column))
                .values(sum, t[c]),
            );
        }
    }
    for row in &r.table3 {
        if let Some(cells) = counts(&row.cells) {
            let sum: i64 = cells[..TABLE3_COLUMNS - 1].iter().sum();
            let total = cells[TABLE3_COLUMNS - 1];
            if sum != total {
                let label = row_label(r, &row.key);
                out.push(
                    Finding::new(
                        "AR-07",
                        Severity::Error,
                        format!(
                            "表三“{label}”行：六类申请人之和为{sum}，而“总计”列填写为{total}。"
                        ),
                    )
                    .at("三", &label, Some("总计"))
                    .values(sum, total),
                );
            }
        }
    }
}

fn ar08_table4(r: &AnnualReport, out: &mut Vec<Finding>) {
    let columns = r.format.table4_columns();
    for g in 0..3 {
        let cells = &r.table4[g * 5..g * 5 + 5];
        let group = columns.get(g * 5).map_or("", |c| c.group);
        let values: Option<Vec<i64>> = cells.iter().map(Cell::count).collect();
        if let Some(v) = values {
            let sum: i64 = v[..4].iter().sum();
            if sum != v[4] {
                out.push(
                    Finding::new(
                        "AR-08",
                        Severity::Error,
                        format!(
                            "表四“{group}”：结果维持、结果纠正、其他结果、尚未审结之和为{sum}，而“总计”填写为{}。",
                            v[4]
                        ),
                    )
                    .at("四", group, Some("总计"))
                    .values(sum, v[4]),
                );
            }
        }
    }
}

fn ar09_carry_over(r: &AnnualReport, prev: Option<&AnnualReport>, out: &mut Vec<Finding>) {
    let Some(carried_key) = r.table3_key(Table3RowKind::CarriedOver) else {
        return;
    };
    let Some(prev) = prev.filter(|p| p.year + 1 == r.year) else {
        out.push(
            Finding::new(
                "AR-09",
                Severity::Warning,
                format!(
                    "未找到本机关{}年度的报告，无法核对“二、上年结转政府信息公开申请数量”是否等于上年的“四、结转下年度继续办理”。",
                    r.year - 1
                ),
            )
            .at("三", &row_label(r, carried_key), None),
        );
        return;
    };
    let Some(now) = r.table3_row(carried_key) else {
        return;
    };
    let Some(before) = prev
        .table3_key(Table3RowKind::CarryNext)
        .and_then(|k| prev.table3_row(k))
    else {
        return;
    };
    let columns = r.format.table3_columns();
    for c in 0..TABLE3_COLUMNS {
        if let (Some(a), Some(b)) = (now[c].count(), before[c].count())
            && a != b
        {
            let column = columns.get(c).copied().unwrap_or("");
            out.push(
                Finding::new(
                    "AR-09",
                    Severity::Error,
                    format!(
                        "表三“{column}”列：上年结转填写为{a}，而{}年度报告的“结转下年度继续办理”为{b}。",
                        prev.year
                    ),
                )
                .at("三", &row_label(r, carried_key), Some(column))
                .values(b, a),
            );
        }
    }
}

fn ar10_in_force(r: &AnnualReport, prev: &AnnualReport, out: &mut Vec<Finding>) {
    if r.format != ReportFormat::Y2021 || prev.year + 1 != r.year {
        return; // only the 2021 format has 本年废止件数
    }
    let (Some(block), Some(prev_block)) = (
        r.format.table2_blocks().first(),
        prev.format.table2_blocks().first(),
    ) else {
        return;
    };
    for (row, prev_row) in block.rows.iter().zip(prev_block.rows) {
        let cell = |rep: &AnnualReport, b: &str, row: &str, i: usize| {
            rep.table2
                .iter()
                .find(|x| x.block == b && x.row == row)
                .and_then(|x| x.cells.get(i))
                .and_then(|(_, c)| c.count())
        };
        let (Some(made), Some(repealed), Some(in_force), Some(before)) = (
            cell(r, block.block, row, 0),
            cell(r, block.block, row, 1),
            cell(r, block.block, row, 2),
            cell(prev, prev_block.block, prev_row, 2),
        ) else {
            continue;
        };
        let expected = before + made - repealed;
        if expected != in_force {
            out.push(
                Finding::new(
                    "AR-10",
                    Severity::Warning,
                    format!(
                        "表二“{row}”：上年现行有效{before}件，加本年制发{made}件、减本年废止{repealed}件，应为{expected}件，而“现行有效件数”填写为{in_force}件。"
                    ),
                )
                .at("二", row, block.columns.get(2).copied())
                .values(expected, in_force),
            );
        }
    }
}

/// Numbers written after `申请` (optionally `共`/`总计`/`合计`) and before `件`,
/// with one of the words of receiving shortly before: "共收到政府信息公开申请18件".
fn quoted_application_counts(text: &str) -> Vec<i64> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 1 < chars.len() {
        if chars[i] == '申' && chars[i + 1] == '请' {
            let before: String = chars[i.saturating_sub(24)..i].iter().collect();
            // Only the clause before: "收到申请19件，其中在线申请10件" quotes one count.
            let before = before
                .rsplit(['。', '；', ';', '，', ','])
                .next()
                .unwrap_or("");
            let receiving = ["新收", "收到", "受理", "接收"]
                .iter()
                .any(|w| before.contains(w));
            let mut j = i + 2;
            for w in ["共计", "总计", "合计", "共"] {
                let wc: Vec<char> = w.chars().collect();
                if chars.get(j..j + wc.len()) == Some(&wc[..]) {
                    j += wc.len();
                    break;
                }
            }
            let start = j;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            if receiving
                && j > start
                && chars.get(j) == Some(&'件')
                && let Ok(n) = chars[start..j].iter().collect::<String>().parse()
            {
                found.push(n);
            }
        }
        i += 1;
    }
    found
}

fn ar11_quoted_figures(r: &AnnualReport, out: &mut Vec<Finding>) {
    let Some(new) = r
        .table3_key(Table3RowKind::NewReceived)
        .and_then(|k| r.table3_row(k))
        .and_then(|c| c[TABLE3_COLUMNS - 1].count())
    else {
        return;
    };
    for (i, part) in r.parts.iter().enumerate() {
        for quoted in quoted_application_counts(part) {
            if quoted != new {
                let mut f = Finding::new(
                    "AR-11",
                    Severity::Warning,
                    format!(
                        "{}写明收到申请{quoted}件，而表三“本年新收政府信息公开申请数量”总计为{new}件。",
                        part_name(i)
                    ),
                )
                .values(new, quoted);
                f.row = Some(PART_NUMERALS[i].into());
                out.push(f);
            }
        }
    }
}

fn ar12_fees(r: &AnnualReport, fees: Option<FeeTotals>, out: &mut Vec<Finding>) {
    let text = &r.parts[5];
    let mentions = text.contains("信息处理费") || text.contains("收费") || text.contains("收取");
    let unpaid_lapsed = r
        .table3_row("r_other_nofee")
        .and_then(|c| c[TABLE3_COLUMNS - 1].count())
        .unwrap_or(0);
    let charged = fees.is_some_and(|f| f.amount_yuan > 0) || unpaid_lapsed > 0;
    let mut finding = |message: String| {
        let mut f = Finding::new("AR-12", Severity::Warning, message);
        f.row = Some("六".into());
        out.push(f);
    };
    if !mentions {
        finding(
            "第六部分没有说明信息处理费的收取情况；请写明本年度收取的金额和件数，或写明未收取。"
                .into(),
        );
    } else if let Some(f) = fees.filter(|f| f.amount_yuan > 0) {
        if !text.contains(&f.amount_yuan.to_string()) {
            finding(format!(
                "本年度收取信息处理费{}元（{}件），第六部分没有写明这一金额。",
                f.amount_yuan, f.cases
            ));
        }
    } else if charged && !text.chars().any(|c| c.is_ascii_digit()) {
        finding("本年度发出过收费通知（表三（六）2 不为0），第六部分应说明收费情况。".into());
    }
}

fn ar13_problems(r: &AnnualReport, out: &mut Vec<Finding>) {
    let t = r.parts[4].trim().trim_end_matches('。');
    if t.is_empty() || t == "无" {
        let mut f = Finding::new(
            "AR-13",
            Severity::Warning,
            "第五部分“存在的主要问题及改进情况”为空或只写“无”；请写明存在的问题和改进措施。".into(),
        );
        f.row = Some("五".into());
        out.push(f);
    }
}

/// Above this share of bigrams in common, a part repeats last year's (AR-14).
pub const SIMILARITY_LIMIT: f64 = 0.5;

/// The similarity of this year's part `i` to last year's, as AR-14 measures it.
pub fn part_similarity(now: &str, before: &str) -> f64 {
    plain_similarity(now, before)
}

fn ar14_similarity(r: &AnnualReport, prev: &AnnualReport, out: &mut Vec<Finding>) {
    for i in [0usize, 4, 5] {
        let (now, before) = (r.parts[i].trim(), prev.parts[i].trim());
        if now.is_empty() || before.is_empty() {
            continue;
        }
        let s = part_similarity(now, before);
        if s > SIMILARITY_LIMIT {
            let mut f = Finding::new(
                "AR-14",
                Severity::Warning,
                format!(
                    "{}与{}年度报告的同一部分相似度为{:.0}%，超过50%；请按本年度的实际情况撰写。",
                    part_name(i),
                    prev.year,
                    s * 100.0
                ),
            )
            .values("≤ 50%", format!("{:.0}%", s * 100.0));
            f.row = Some(PART_NUMERALS[i].into());
            out.push(f);
        }
    }
}

fn ar15_deadline(r: &AnnualReport, ctx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let Some(kind) = ctx.agency_kind else {
        return;
    };
    let Some(due) = super::publication_deadline(kind, r.year) else {
        return;
    };
    let who = if kind.is_government() {
        "人民政府的年度报告应于次年3月31日前公布（条例第五十条）"
    } else {
        "政府部门的年度报告应于次年1月31日前公布（条例第四十九条）"
    };
    match (ctx.published_on, ctx.today) {
        (Some(p), _) if p > due => out.push(
            Finding::new(
                "AR-15",
                Severity::Error,
                format!(
                    "{who}，即{due}前；本报告于{p}公布，逾期{}天。",
                    (p - due).num_days()
                ),
            )
            .values(due, p),
        ),
        (None, Some(today)) if today > due => out.push(
            Finding::new(
                "AR-15",
                Severity::Warning,
                format!("{who}，即{due}前；今天已是{today}，请尽快公布。"),
            )
            .values(due, today),
        ),
        _ => {}
    }
}

fn ar16_title(r: &AnnualReport, title: Option<&str>, out: &mut Vec<Finding>) {
    let Some(title) = title else {
        return;
    };
    let expected = format!("{}年", r.year);
    if !title.contains(&expected) {
        out.push(
            Finding::new(
                "AR-16",
                Severity::Error,
                format!("标题“{title}”没有写明统计年度“{expected}”。"),
            )
            .values(expected, title),
        );
    }
}

/// The topics part 一 covers (AR-18), each with the words that show it.
const OVERVIEW_TOPICS: &[(&str, &[&str])] = &[
    ("主动公开", &["主动公开"]),
    ("依申请公开", &["依申请公开", "公开申请"]),
    ("政府信息管理", &["信息管理", "政府信息管理"]),
    ("平台建设", &["平台", "网站", "政务新媒体"]),
    ("监督保障", &["监督", "保障", "培训"]),
];

fn ar18_topics(r: &AnnualReport, kind: Option<AgencyKind>, out: &mut Vec<Finding>) {
    let text = &r.parts[0];
    if text.trim().is_empty() {
        return; // AR-01 says so
    }
    let mut missing: Vec<&str> = OVERVIEW_TOPICS
        .iter()
        .filter(|(_, words)| !words.iter().any(|w| text.contains(w)))
        .map(|(t, _)| *t)
        .collect();
    if kind.is_some_and(AgencyKind::is_government)
        && !["考核", "评议", "责任追究"]
            .iter()
            .any(|w| text.contains(w))
    {
        missing.push("考核、社会评议和责任追究结果");
    }
    if !missing.is_empty() {
        let mut f = Finding::new(
            "AR-18",
            Severity::Warning,
            format!("第一部分“总体情况”没有写到：{}。", missing.join("、")),
        );
        f.row = Some("一".into());
        out.push(f);
    }
}

fn ar19_jumps(r: &AnnualReport, prev: &AnnualReport, out: &mut Vec<Finding>) {
    let mut compare =
        |table: &str, row: &str, column: &str, now: Option<f64>, before: Option<f64>| {
            let (Some(now), Some(before)) = (now, before) else {
                return;
            };
            if before > 0.0 && (now > before * 5.0 || now * 5.0 < before) {
                out.push(
                Finding::new(
                    "AR-19",
                    Severity::Warning,
                    format!(
                        "表{table}“{row}”“{column}”由上年的{before}变为{now}，变化超过5倍，请核实。"
                    ),
                )
                .at(table, row, Some(column))
                .values(format!("上年 {before} 的 1/5 至 5 倍"), now),
            );
            }
        };
    for row in &r.table2 {
        for (col, cell) in &row.cells {
            if col == "本年增/减" {
                continue;
            }
            let before = prev
                .table2_cell(&row.block, &row.row, col)
                .and_then(Cell::number);
            compare("二", &row.row, col, cell.number(), before);
        }
    }
    if let (Some(key), Some(prev_key)) = (
        r.table3_key(Table3RowKind::NewReceived),
        prev.table3_key(Table3RowKind::NewReceived),
    ) {
        let now = r
            .table3_row(key)
            .and_then(|c| c[TABLE3_COLUMNS - 1].number());
        let before = prev
            .table3_row(prev_key)
            .and_then(|c| c[TABLE3_COLUMNS - 1].number());
        compare("三", &row_label(r, key), "总计", now, before);
    }
    for (i, col) in r.format.table4_columns().iter().enumerate() {
        if col.is_total() {
            compare(
                "四",
                col.group,
                "总计",
                r.table4[i].number(),
                prev.table4[i].number(),
            );
        }
    }
}

fn ar20_register(r: &AnnualReport, register: &AnnualReport, out: &mut Vec<Finding>) {
    let columns = r.format.table3_columns();
    for row in &r.table3 {
        let Some(expected) = register.table3_row(&row.key) else {
            continue;
        };
        for (c, (cell, e)) in row.cells.iter().zip(expected).enumerate() {
            if cell != e {
                let label = row_label(r, &row.key);
                let column = columns.get(c).copied().unwrap_or("");
                out.push(
                    Finding::new(
                        "AR-20",
                        Severity::Error,
                        format!(
                            "表三“{label}”行“{column}”列为{}，而按办件登记应为{}。",
                            found_text(cell),
                            found_text(e)
                        ),
                    )
                    .at("三", &label, Some(column))
                    .values(found_text(e), found_text(cell)),
                );
            }
        }
    }
    for (i, col) in r.format.table4_columns().iter().enumerate() {
        if r.table4[i] != register.table4[i] {
            out.push(
                Finding::new(
                    "AR-20",
                    Severity::Error,
                    format!(
                        "表四“{}”“{}”为{}，而按复议诉讼登记应为{}。",
                        col.group,
                        col.result,
                        found_text(&r.table4[i]),
                        found_text(&register.table4[i])
                    ),
                )
                .at("四", col.group, Some(col.result))
                .values(found_text(&register.table4[i]), found_text(&r.table4[i])),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::quoted_application_counts;

    #[test]
    fn quoted_counts_need_a_word_of_receiving_and_jian() {
        assert_eq!(
            quoted_application_counts("全年共收到政府信息公开申请18件，办结17件。"),
            vec![18]
        );
        assert_eq!(quoted_application_counts("本年度新收申请共12件"), vec![12]);
        assert_eq!(quoted_application_counts("办结申请18件"), Vec::<i64>::new());
        assert_eq!(
            quoted_application_counts("全年共收到政府信息公开申请19件，其中在线申请10件。"),
            vec![19]
        );
        assert_eq!(quoted_application_counts("受理申请若干"), Vec::<i64>::new());
    }
}
