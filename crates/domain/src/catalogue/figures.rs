//! Table 二 of the annual report (主动公开政府信息情况).
//!
//! * Block 第二十条第（一）项 (规章; 行政规范性文件) is derived from the catalogue
//!   itself: [`regulation_counts`].
//! * The other blocks (permits, penalties, compulsory measures, fee income;
//!   in the 2019 format also other management services and government
//!   procurement) come from the agency's business systems: [`Article20Figures`],
//!   entered by form ([`FiguresForm`]) or uploaded as CSV
//!   ([`parse_figures_csv`]) or spreadsheet rows ([`figures_from_rows`]).
//!
//! ## How the catalogue counts 规章 and 规范性文件
//!
//! For report year N, over the items of a kind that were **published**
//! (`published_on` is set; drafts and unpublished items never count):
//!
//! | 2021 column | field | reading |
//! |---|---|---|
//! | 本年制发件数 | [`Counts3::made`] | published in N |
//! | 本年废止件数 | [`Counts3::repealed`] | repealed **or lapsed** in N |
//! | 现行有效件数 | [`Counts3::in_force`] | published by 31 Dec N and not repealed/lapsed by 31 Dec N |
//!
//! "Made" is dated by publication, not by the date formed: a document signed in
//! December and published in January belongs to January's year, the year the
//! public could first see it. A repeal or lapse dated before the publication
//! (imported data) is taken as effective on the publication date, so that every
//! item enters `in_force` no earlier than it is `made` and leaves it no earlier
//! than it entered. With that, rule AR-10 — `in_force(N) = in_force(N−1) +
//! made(N) − repealed(N)` — holds by construction (tested by a property test).
//!
//! The 2019 format (report years 2019 and 2020) asks 本年新制作数量 / 本年新公开数量
//! / 对外公开总数量; gongkai fills them with `made`, `made` and `in_force`
//! ([`Counts3::cells`]): an item enters the catalogue when it is published, so
//! what was newly made and what was newly published are the same count, and
//! the total disclosed is what the catalogue shows as in force at year end.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::comparable;
use super::import::{ImportError, parse_csv};
use super::item::{ItemKind, ValidityState};
use crate::application::FieldErrors;
use crate::vocabulary::ReportFormat;

/// What table 二 needs to know of an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemSummary {
    pub kind: ItemKind,
    pub published_on: Option<NaiveDate>,
    pub formed_on: NaiveDate,
    pub validity: ValidityState,
}

/// One row of block 第二十条第（一）项.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Counts3 {
    /// 本年制发件数: published in the year.
    pub made: u64,
    /// 本年废止件数: repealed or lapsed in the year.
    pub repealed: u64,
    /// 现行有效件数: published by 31 December and not repealed or lapsed by then.
    pub in_force: u64,
}

impl Counts3 {
    /// The three cells in the format's column order: 2021 format 本年制发件数 /
    /// 本年废止件数 / 现行有效件数 = `made, repealed, in_force`; 2019 format
    /// 本年新制作数量 / 本年新公开数量 / 对外公开总数量 = `made, made, in_force`.
    pub fn cells(&self, format: ReportFormat) -> [u64; 3] {
        match format {
            ReportFormat::Y2021 => [self.made, self.repealed, self.in_force],
            ReportFormat::Y2019 => [self.made, self.made, self.in_force],
        }
    }
}

/// Block 第二十条第（一）项 of table 二, derived from the catalogue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RegulationCounts {
    /// 规章
    pub regulations: Counts3,
    /// (行政)规范性文件
    pub normative: Counts3,
}

/// Counts 规章 and 规范性文件 for report `year` (see the module documentation for
/// the reading). Items of kind [`ItemKind::Other`] and unpublished items are
/// ignored.
pub fn regulation_counts(items: &[ItemSummary], year: i32) -> RegulationCounts {
    let mut out = RegulationCounts::default();
    for item in items {
        let counts = match item.kind {
            ItemKind::Regulation => &mut out.regulations,
            ItemKind::NormativeDocument => &mut out.normative,
            ItemKind::Other => continue,
        };
        let one = item_counts(item, year);
        counts.made += one.made;
        counts.repealed += one.repealed;
        counts.in_force += one.in_force;
    }
    out
}

/// What one item adds to its row of block （一） for report `year` (each
/// field 0 or 1; the reading in the module documentation). The cases behind
/// a figure (drill-down) are the items whose field here is 1.
pub fn item_counts(item: &ItemSummary, year: i32) -> Counts3 {
    let mut c = Counts3::default();
    let (Some(start), Some(year_end)) = (item.published_on, NaiveDate::from_ymd_opt(year, 12, 31))
    else {
        return c;
    };
    let end = item.validity.end_date().map(|e| e.max(start));
    c.made = u64::from(start.year() == year);
    c.repealed = u64::from(end.is_some_and(|e| e.year() == year));
    c.in_force = u64::from(start <= year_end && end.is_none_or(|e| e > year_end));
    c
}

// ---------------------------------------------------------------------------
// Figures from business systems
// ---------------------------------------------------------------------------

/// Most decimal places accepted in an amount in 万元 (1 元 = 0.0001 万元).
pub const AMOUNT_MAX_DECIMALS: usize = 4;

/// The figures of table 二 that come from business systems, per agency and
/// report year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article20Figures {
    pub year: i32,
    /// 行政许可 本年处理决定数量 (第二十条第（五）项).
    pub permits: u64,
    /// 行政处罚 本年处理决定数量 (第二十条第（六）项).
    pub penalties: u64,
    /// 行政强制 本年处理决定数量 (第二十条第（六）项).
    pub compulsory_measures: u64,
    /// 行政事业性收费 本年收费金额, in 万元, a decimal with at most 4 places,
    /// e.g. `12.35` (第二十条第（八）项).
    pub fee_income_wan_yuan: String,
    /// 其他对外管理服务事项 处理决定数量: 2019 format (2019–2020) only.
    pub other_services: Option<u64>,
    /// 政府集中采购 采购项目数量: 2019 format only (第二十条第（九）项).
    pub procurement_items: Option<u64>,
    /// 政府集中采购 采购总金额, in 万元: 2019 format only.
    pub procurement_amount: Option<String>,
    /// 上一年项目数量 and 本年增/减 of the listed matters: 2019 format only.
    #[serde(default)]
    pub list_counts_2019: Option<ListCounts2019>,
}

/// One row's 上一年项目数量 / 本年增/减 in table 二 of the 2019 format: how
/// many matters (项目) the agency's list held last year, and the change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListCount {
    pub last_year: u64,
    /// May be negative (the only cell of the report that may).
    pub change: i64,
}

/// The 2019 format's list counts, per row of table 二.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListCounts2019 {
    /// 行政许可
    pub permits: ListCount,
    /// 其他对外管理服务事项
    pub other_services: ListCount,
    /// 行政处罚
    pub penalties: ListCount,
    /// 行政强制
    pub compulsory_measures: ListCount,
    /// 行政事业性收费
    pub fees: ListCount,
}

impl ListCounts2019 {
    /// The counts of a row of table 二 by its label.
    pub fn for_row(&self, row: &str) -> Option<ListCount> {
        match row {
            "行政许可" => Some(self.permits),
            "其他对外管理服务事项" => Some(self.other_services),
            "行政处罚" => Some(self.penalties),
            "行政强制" => Some(self.compulsory_measures),
            "行政事业性收费" => Some(self.fees),
            _ => None,
        }
    }
}

impl Article20Figures {
    /// The report format the figures are for; `None` before 2019.
    pub fn format(&self) -> Option<ReportFormat> {
        ReportFormat::for_year(self.year)
    }
}

/// The figures form, as typed (every field a string).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FiguresForm {
    pub permits: String,
    pub penalties: String,
    pub compulsory_measures: String,
    pub fee_income_wan_yuan: String,
    pub other_services: String,
    pub procurement_items: String,
    pub procurement_amount: String,
    /// 2019 format: `list_{row}_last_year` and `list_{row}_change` for each
    /// row of [`LIST_ROWS`] (上一年项目数量 / 本年增/减), as typed.
    #[serde(default)]
    pub lists: std::collections::BTreeMap<String, String>,
}

/// The rows of table 二 (2019 format) that count listed matters: (key, label).
pub const LIST_ROWS: [(&str, &str); 5] = [
    ("permits", "行政许可"),
    ("other_services", "其他对外管理服务事项"),
    ("penalties", "行政处罚"),
    ("compulsory_measures", "行政强制"),
    ("fees", "行政事业性收费"),
];

/// Reads 本年增/减: an integer that may be negative (`-3`, `减3`, `－3`).
fn parse_change(text: &str) -> Result<i64, String> {
    let half = crate::identity::to_half_width(text);
    let t = half.trim();
    let (negative, rest) = match t.strip_prefix('-').or_else(|| t.strip_prefix('减')) {
        Some(r) => (true, r.trim()),
        None => (
            false,
            t.strip_prefix('+')
                .or_else(|| t.strip_prefix('增'))
                .unwrap_or(t)
                .trim(),
        ),
    };
    let n = parse_count(rest).map_err(|_| {
        format!(
            "“{}”不是整数；本年增/减填写整数，减少的写负数，如 -3。",
            text.trim()
        )
    })?;
    let n = i64::try_from(n).map_err(|_| format!("“{}”过大，请核对。", text.trim()))?;
    Ok(if negative { -n } else { n })
}

/// Cells that mean "nothing entered".
fn is_blank(text: &str) -> bool {
    matches!(text.trim(), "" | "/" | "-" | "—" | "－" | "无" | "／")
}

/// Reads a count: a non-negative integer, thousands separators allowed.
fn parse_count(text: &str) -> Result<u64, String> {
    let half = crate::identity::to_half_width(text);
    let t = half.trim();
    let t = t.strip_suffix(['件', '个', '项']).unwrap_or(t).trim();
    let digits: String = t.chars().filter(|c| *c != ',').collect();
    if digits.starts_with('-') || digits.starts_with('减') {
        return Err(format!("“{}”不能为负数，请填写0或正整数。", text.trim()));
    }
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "“{}”不是整数，请填写0或正整数（件数）。",
            text.trim()
        ));
    }
    digits
        .parse::<u64>()
        .map_err(|_| format!("“{}”过大，请核对。", text.trim()))
}

/// Reads an amount in 万元: a non-negative decimal with at most 4 places,
/// thousands separators allowed. Returns it normalised (no separators, no
/// leading zeros, `.5` → `0.5`, `5.` → `5`), keeping the places as written.
pub fn parse_amount(text: &str) -> Result<String, String> {
    let half = crate::identity::to_half_width(text);
    let t = half.trim();
    let t = t.strip_suffix("万元").unwrap_or(t).trim();
    let compact: String = t.chars().filter(|c| *c != ',').collect();
    if compact.starts_with('-') || compact.starts_with('减') {
        return Err(format!("金额“{}”不能为负数。", text.trim()));
    }
    let (int, frac) = compact.split_once('.').unwrap_or((&compact, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
        return Err(format!(
            "金额“{}”不是数字，请以万元为单位填写，如“12.35”。",
            text.trim()
        ));
    }
    if frac.len() > AMOUNT_MAX_DECIMALS {
        return Err(format!(
            "金额“{}”的小数超过{AMOUNT_MAX_DECIMALS}位：以万元为单位最多保留4位小数（精确到元）。",
            text.trim()
        ));
    }
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    Ok(if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    })
}

/// The Chinese name of a figures field (the CSV column).
fn field_label(field: &str) -> &'static str {
    match field {
        "year" => "年度",
        "permits" => "行政许可",
        "penalties" => "行政处罚",
        "compulsory_measures" => "行政强制",
        "fee_income_wan_yuan" => "行政事业性收费（万元）",
        "other_services" => "其他对外管理服务事项",
        "procurement_items" => "政府集中采购项目数",
        "procurement_amount" => "政府集中采购金额",
        _ => "",
    }
}

impl FiguresForm {
    /// Checks the figures for report `year` and returns them, or all the
    /// field errors at once:
    ///
    /// * counts are non-negative integers (`4,657` accepted), amounts
    ///   non-negative decimals in 万元 with at most 4 places;
    /// * every figure of the year's format is required (blank, `/`, `-`, `无`
    ///   are refused: "没有的填0", AR-03);
    /// * 其他对外管理服务事项 and 政府集中采购 exist only in the 2019 format
    ///   (2019–2020) and are required there; from 2021 on they must be left
    ///   blank (a `0` is tolerated and dropped);
    /// * years before 2019 have no national format and are refused.
    pub fn validate(&self, year: i32) -> Result<Article20Figures, FieldErrors> {
        let mut errors = FieldErrors::default();
        let format = ReportFormat::for_year(year);
        if format.is_none() {
            errors.push(
                "year",
                format!(
                    "{year}年度没有统一的年报格式：第二十条统计数据自2019年度起按国办公开办函〔2019〕60号格式填报。"
                ),
            );
        } else if year > 2100 {
            errors.push("year", format!("年度“{year}”无效，请核对。"));
        }
        let count = |errors: &mut FieldErrors, field: &str, text: &str| -> Option<u64> {
            if is_blank(text) {
                errors.push(
                    field,
                    format!("请填写{}（没有的填0）。", field_label(field)),
                );
                return None;
            }
            parse_count(text).map_err(|m| errors.push(field, m)).ok()
        };
        let amount = |errors: &mut FieldErrors, field: &str, text: &str| -> Option<String> {
            if is_blank(text) {
                errors.push(
                    field,
                    format!("请填写{}（没有的填0）。", field_label(field)),
                );
                return None;
            }
            parse_amount(text).map_err(|m| errors.push(field, m)).ok()
        };
        let permits = count(&mut errors, "permits", &self.permits);
        let penalties = count(&mut errors, "penalties", &self.penalties);
        let compulsory_measures = count(
            &mut errors,
            "compulsory_measures",
            &self.compulsory_measures,
        );
        let fee = amount(
            &mut errors,
            "fee_income_wan_yuan",
            &self.fee_income_wan_yuan,
        );

        // 2019 format: the list counts, all or none (none leaves the cells
        // blank in the report, where AR-03 names them).
        let mut list_counts_2019 = None;
        if format == Some(ReportFormat::Y2019) && self.lists.values().any(|v| !v.trim().is_empty())
        {
            let mut counts = ListCounts2019::default();
            for (key, label) in LIST_ROWS {
                let last_field = format!("list_{key}_last_year");
                let change_field = format!("list_{key}_change");
                let text = |f: &str| self.lists.get(f).cloned().unwrap_or_default();
                let last = match text(&last_field) {
                    t if t.trim().is_empty() => {
                        errors.push(
                            &last_field,
                            format!("请填写{label}的上一年项目数量（没有的填0）。"),
                        );
                        None
                    }
                    t => parse_count(&t)
                        .map_err(|m| errors.push(&last_field, m))
                        .ok(),
                };
                let change = match text(&change_field) {
                    t if t.trim().is_empty() => {
                        errors.push(
                            &change_field,
                            format!("请填写{label}的本年增/减（没有变化的填0）。"),
                        );
                        None
                    }
                    t => parse_change(&t)
                        .map_err(|m| errors.push(&change_field, m))
                        .ok(),
                };
                if let (Some(last_year), Some(change)) = (last, change) {
                    let slot = match key {
                        "permits" => &mut counts.permits,
                        "other_services" => &mut counts.other_services,
                        "penalties" => &mut counts.penalties,
                        "compulsory_measures" => &mut counts.compulsory_measures,
                        _ => &mut counts.fees,
                    };
                    *slot = ListCount { last_year, change };
                }
            }
            list_counts_2019 = Some(counts);
        }
        let (other_services, procurement_items, procurement_amount) = match format {
            Some(ReportFormat::Y2019) => (
                count(&mut errors, "other_services", &self.other_services),
                count(&mut errors, "procurement_items", &self.procurement_items),
                amount(&mut errors, "procurement_amount", &self.procurement_amount),
            ),
            _ => {
                for (field, text) in [
                    ("other_services", &self.other_services),
                    ("procurement_items", &self.procurement_items),
                    ("procurement_amount", &self.procurement_amount),
                ] {
                    let zero = parse_amount(text).is_ok_and(|a| a == "0");
                    if !is_blank(text) && !zero && format.is_some() {
                        errors.push(
                            field,
                            format!(
                                "2021年度起的年报格式（国办公开办函〔2021〕30号）不再统计“{}”，请留空。",
                                field_label(field)
                            ),
                        );
                    }
                }
                (None, None, None)
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let two_nineteen = format == Some(ReportFormat::Y2019);
        Ok(Article20Figures {
            year,
            permits: permits.expect("no errors"),
            penalties: penalties.expect("no errors"),
            compulsory_measures: compulsory_measures.expect("no errors"),
            fee_income_wan_yuan: fee.expect("no errors"),
            other_services: other_services.filter(|_| two_nineteen),
            procurement_items: procurement_items.filter(|_| two_nineteen),
            procurement_amount: procurement_amount.filter(|_| two_nineteen),
            list_counts_2019: list_counts_2019.filter(|_| two_nineteen),
        })
    }
}

impl From<&Article20Figures> for FiguresForm {
    fn from(f: &Article20Figures) -> FiguresForm {
        FiguresForm {
            permits: f.permits.to_string(),
            penalties: f.penalties.to_string(),
            compulsory_measures: f.compulsory_measures.to_string(),
            fee_income_wan_yuan: f.fee_income_wan_yuan.clone(),
            other_services: f.other_services.map(|n| n.to_string()).unwrap_or_default(),
            procurement_items: f
                .procurement_items
                .map(|n| n.to_string())
                .unwrap_or_default(),
            procurement_amount: f.procurement_amount.clone().unwrap_or_default(),
            lists: list_fields(f.list_counts_2019.as_ref()),
        }
    }
}

/// The form fields of the 2019 list counts (empty when none were entered).
pub fn list_fields(counts: Option<&ListCounts2019>) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    if let Some(c) = counts {
        for (key, label) in LIST_ROWS {
            if let Some(l) = c.for_row(label) {
                out.insert(format!("list_{key}_last_year"), l.last_year.to_string());
                out.insert(format!("list_{key}_change"), l.change.to_string());
            }
        }
    }
    out
}

/// The column names of a figures upload, in the template's order.
pub const FIGURES_HEADER: [&str; 8] = [
    "年度",
    "行政许可",
    "行政处罚",
    "行政强制",
    "行政事业性收费（万元）",
    "其他对外管理服务事项",
    "政府集中采购项目数",
    "政府集中采购金额",
];

/// The figures field a header cell names (punctuation, spacing and units in
/// brackets ignored; a few wordings of the report formats accepted).
fn figures_column(header: &str) -> Option<&'static str> {
    let key = comparable(header);
    let is = |names: &[&str]| names.iter().any(|n| comparable(n) == key);
    Some(if is(&["年度", "年份", "年", "统计年度", "报告年度"]) {
        "year"
    } else if is(&[
        "行政许可",
        "行政许可处理决定数量",
        "行政许可本年处理决定数量",
    ]) {
        "permits"
    } else if is(&[
        "行政处罚",
        "行政处罚处理决定数量",
        "行政处罚本年处理决定数量",
    ]) {
        "penalties"
    } else if is(&[
        "行政强制",
        "行政强制处理决定数量",
        "行政强制本年处理决定数量",
    ]) {
        "compulsory_measures"
    } else if is(&[
        "行政事业性收费（万元）",
        "行政事业性收费",
        "行政事业性收费金额（万元）",
        "本年收费金额（万元）",
        "收费金额（万元）",
    ]) {
        "fee_income_wan_yuan"
    } else if is(&["其他对外管理服务事项", "其他对外管理服务事项处理决定数量"])
    {
        "other_services"
    } else if is(&[
        "政府集中采购项目数",
        "政府集中采购项目数量",
        "采购项目数量",
        "采购项目数",
    ]) {
        "procurement_items"
    } else if is(&[
        "政府集中采购金额",
        "政府集中采购金额（万元）",
        "政府集中采购总金额",
        "采购总金额",
        "采购总金额（万元）",
    ]) {
        "procurement_amount"
    } else {
        return None;
    })
}

/// Reads a figures CSV (UTF-8, comma- or tab-separated, optional BOM) whose
/// first row is the header ([`FIGURES_HEADER`], any order; the 2019-only
/// columns may be left out). See [`figures_from_rows`].
pub fn parse_figures_csv(text: &str) -> Result<Vec<Article20Figures>, Vec<ImportError>> {
    figures_from_rows(&parse_csv(text))
}

/// Reads figures from rows of cells (a CSV, or an XLSX sheet turned into
/// strings by another crate): the first row is the header, one row per year.
/// Blank rows are skipped. Every error is returned, with its spreadsheet row
/// number (the header is row 1) and the column's Chinese name.
pub fn figures_from_rows(rows: &[Vec<String>]) -> Result<Vec<Article20Figures>, Vec<ImportError>> {
    let mut errors = Vec::new();
    let Some(header) = rows.first() else {
        return Err(vec![ImportError::new(
            1,
            "",
            "文件为空：第一行应为表头（年度、行政许可、行政处罚、行政强制、行政事业性收费（万元）……）。",
        )]);
    };
    let mut columns: Vec<Option<&'static str>> = Vec::new();
    for (i, cell) in header.iter().enumerate() {
        let name = cell.trim().trim_start_matches('\u{feff}').trim();
        if name.is_empty() {
            columns.push(None);
            continue;
        }
        match figures_column(name) {
            Some(field) if columns.contains(&Some(field)) => {
                errors.push(ImportError::new(
                    1,
                    name,
                    "表头中该列重复，请删除多余的列。",
                ));
                columns.push(None);
            }
            Some(field) => columns.push(Some(field)),
            None => {
                errors.push(ImportError::new(
                    1,
                    name,
                    format!(
                        "第{}列的列名无法识别，可用的列名为：{}。",
                        i + 1,
                        FIGURES_HEADER.join("、")
                    ),
                ));
                columns.push(None);
            }
        }
    }
    let missing: Vec<&str> = [
        "year",
        "permits",
        "penalties",
        "compulsory_measures",
        "fee_income_wan_yuan",
    ]
    .into_iter()
    .filter(|f| !columns.contains(&Some(f)))
    .map(field_label)
    .collect();
    if !missing.is_empty() {
        errors.push(ImportError::new(
            1,
            "",
            format!("表头缺少必填列：{}。", missing.join("、")),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut out: Vec<(usize, Article20Figures)> = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(1) {
        let row_no = i + 1;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |field: &str| -> String {
            columns
                .iter()
                .position(|c| *c == Some(field))
                .and_then(|at| row.get(at))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let year_text = cell("year");
        let year_clean = crate::identity::to_half_width(&year_text);
        let year_clean = year_clean.trim();
        let year_clean = year_clean
            .strip_suffix("年度")
            .or_else(|| year_clean.strip_suffix('年'))
            .unwrap_or(year_clean)
            .trim();
        let year = match year_clean.parse::<i32>() {
            Ok(y) if (1900..=2100).contains(&y) => y,
            _ => {
                errors.push(ImportError::new(
                    row_no,
                    "年度",
                    format!("年度“{year_text}”无效，请填写4位年份，如2023。"),
                ));
                continue;
            }
        };
        if let Some((first, _)) = out.iter().find(|(_, f)| f.year == year) {
            errors.push(ImportError::new(
                row_no,
                "年度",
                format!("{year}年度与第{first}行重复：每个年度只能有一行。"),
            ));
            continue;
        }
        let form = FiguresForm {
            permits: cell("permits"),
            penalties: cell("penalties"),
            compulsory_measures: cell("compulsory_measures"),
            fee_income_wan_yuan: cell("fee_income_wan_yuan"),
            other_services: cell("other_services"),
            procurement_items: cell("procurement_items"),
            procurement_amount: cell("procurement_amount"),
            lists: Default::default(),
        };
        match form.validate(year) {
            Ok(f) => out.push((row_no, f)),
            Err(field_errors) => {
                for e in field_errors.0 {
                    errors.push(ImportError::new(row_no, field_label(&e.field), e.message));
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(out.into_iter().map(|(_, f)| f).collect())
    } else {
        Err(errors)
    }
}
