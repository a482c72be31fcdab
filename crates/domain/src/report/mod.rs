//! The annual report (政府信息公开工作年度报告, Art. 49, 50): its model in
//! both national formats, its computation from the records, the roll-up of
//! several agencies, the statutory publication deadline, and (in [`rules`])
//! the validation catalogue AR-01 … AR-20 of the specification.
//!
//! A report is the same structure whether gongkai generated it or read it
//! from a published page: every cell is a [`Cell`], which can be a number or,
//! in a report read from elsewhere, blank or text. Generated reports only
//! ever hold numbers (or blanks where the agency has not yet entered a figure,
//! which AR-03 then names).
//!
//! The JSON shape ([`AnnualReport::to_json`]) is the one `gongkai report
//! generate --format json` prints and `gongkai report check` reads:
//! `{"format","year","agency","table2":{BLOCK:{ROW:{COLUMN:n}}},
//! "table3":{ROW_KEY:[7 numbers]},"table4":[15 numbers],"parts":{"一":…},
//! "findings":[…]}`, labels and keys exactly as in `annual_report_tables.json`.

mod cell;
pub mod engagement;
pub mod narrative;
pub mod rules;
pub mod status;

use serde_json::{Map, Value, json};

use crate::case::register::{AppealSummary, RegisterTallies, table3_of_tallies, table4};
use crate::catalogue::{Article20Figures, ItemSummary, regulation_counts};
use crate::vocabulary::{ReportFormat, Table3RowKind};

pub use cell::{Cell, amount_text};
pub use rules::{Finding, RuleContext, Severity, publication_blockers, validate};
pub use status::{ReportRecord, ReportStatus, publication_deadline};

/// The numbers of the six parts, as the JSON keys them.
pub const PART_NUMERALS: [&str; 6] = ["一", "二", "三", "四", "五", "六"];

/// Columns of table 三: six applicant types and 总计.
pub const TABLE3_COLUMNS: usize = 7;
/// Cells of table 四.
pub const TABLE4_CELLS: usize = 15;

/// One row of table 二 with its cells in the format's column order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table2Row {
    pub block: String,
    pub row: String,
    /// `(column label, cell)` in the format's order.
    pub cells: Vec<(String, Cell)>,
}

/// One row of table 三.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table3Row {
    /// The key of `annual_report_tables.json`, e.g. `r_deny_secret`.
    pub key: String,
    /// Six applicant-type columns and 总计.
    pub cells: [Cell; TABLE3_COLUMNS],
}

/// An annual report in one of the national formats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnualReport {
    pub format: ReportFormat,
    /// The statistics year (1 January – 31 December).
    pub year: i32,
    /// The agency's full name.
    pub agency: String,
    /// Table 二, row by row in the format's order.
    pub table2: Vec<Table2Row>,
    /// Table 三, in the format's row order (25 or 23 rows).
    pub table3: Vec<Table3Row>,
    /// Table 四: 行政复议 ×5, 直接起诉 ×5, 复议后起诉 ×5.
    pub table4: [Cell; TABLE4_CELLS],
    /// The text of parts 一 … 六 (without their titles). Parts 二 to 四 are
    /// the tables; their text is an optional lead-in.
    pub parts: [String; 6],
}

impl AnnualReport {
    /// A report of `format` with every cell blank and no text.
    pub fn blank(format: ReportFormat, year: i32, agency: &str) -> AnnualReport {
        AnnualReport {
            format,
            year,
            agency: agency.to_string(),
            table2: format
                .table2_blocks()
                .iter()
                .flat_map(|b| {
                    b.rows.iter().map(|r| Table2Row {
                        block: b.block.to_string(),
                        row: r.to_string(),
                        cells: b
                            .columns
                            .iter()
                            .map(|c| (c.to_string(), Cell::Blank))
                            .collect(),
                    })
                })
                .collect(),
            table3: format
                .table3_rows()
                .iter()
                .map(|r| Table3Row {
                    key: r.key.to_string(),
                    cells: std::array::from_fn(|_| Cell::Blank),
                })
                .collect(),
            table4: std::array::from_fn(|_| Cell::Blank),
            parts: Default::default(),
        }
    }

    /// The standard title: `{agency}{year}年政府信息公开工作年度报告`.
    pub fn title(&self) -> String {
        format!("{}{}年政府信息公开工作年度报告", self.agency, self.year)
    }

    /// The cell of table 二 at `(block, row, column)`.
    pub fn table2_cell(&self, block: &str, row: &str, column: &str) -> Option<&Cell> {
        self.table2
            .iter()
            .find(|r| r.block == block && r.row == row)
            .and_then(|r| r.cells.iter().find(|(c, _)| c == column).map(|(_, v)| v))
    }

    /// Sets a cell of table 二 (ignored if the format has no such cell).
    pub fn set_table2(&mut self, block: &str, row: &str, column: &str, cell: Cell) {
        if let Some(slot) = self
            .table2
            .iter_mut()
            .find(|r| r.block == block && r.row == row)
            .and_then(|r| r.cells.iter_mut().find(|(c, _)| c == column))
        {
            slot.1 = cell;
        }
    }

    /// The cells of the table 三 row `key`.
    pub fn table3_row(&self, key: &str) -> Option<&[Cell; TABLE3_COLUMNS]> {
        self.table3.iter().find(|r| r.key == key).map(|r| &r.cells)
    }

    /// The row key of table 三 of a kind (e.g. the 总计 row).
    pub fn table3_key(&self, kind: Table3RowKind) -> Option<&'static str> {
        self.format
            .table3_rows()
            .iter()
            .find(|r| r.kind == kind)
            .map(|r| r.key)
    }

    /// The title of part `i` (0-based) in this format.
    pub fn part_title(&self, i: usize) -> &'static str {
        self.format.sections().get(i).copied().unwrap_or("")
    }

    /// The report in the shared JSON shape, with `findings`.
    pub fn to_json(&self, findings: &[Finding]) -> Value {
        let mut t2 = Map::new();
        for r in &self.table2 {
            let block = t2
                .entry(r.block.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            let row: Map<String, Value> = r
                .cells
                .iter()
                .map(|(c, v)| (c.clone(), v.to_json()))
                .collect();
            if let Value::Object(b) = block {
                b.insert(r.row.clone(), Value::Object(row));
            }
        }
        let t3: Map<String, Value> = self
            .table3
            .iter()
            .map(|r| {
                (
                    r.key.clone(),
                    Value::Array(r.cells.iter().map(Cell::to_json).collect()),
                )
            })
            .collect();
        let parts: Map<String, Value> = PART_NUMERALS
            .iter()
            .zip(&self.parts)
            .map(|(n, t)| ((*n).to_string(), Value::String(t.clone())))
            .collect();
        json!({
            "format": self.format.code(),
            "year": self.year,
            "agency": self.agency,
            "table2": t2,
            "table3": t3,
            "table4": self.table4.iter().map(Cell::to_json).collect::<Vec<_>>(),
            "parts": parts,
            "findings": findings.iter().map(Finding::to_json).collect::<Vec<_>>(),
        })
    }

    /// Reads the shared JSON shape. Cells the format has but the JSON lacks
    /// stay blank; rows the format does not know are kept in table 二 (local
    /// extra rows) and dropped elsewhere. Errors are Chinese.
    pub fn from_json(v: &Value) -> Result<AnnualReport, String> {
        let year = v["year"]
            .as_i64()
            .ok_or("JSON 缺少整数字段 year（统计年度）。")? as i32;
        let format = match v["format"].as_str() {
            Some(code) => ReportFormat::from_code(code)
                .ok_or_else(|| format!("format 应为 \"2019\" 或 \"2021\"，而不是 \"{code}\"。"))?,
            None => ReportFormat::for_year(year)
                .ok_or_else(|| format!("{year}年没有全国统一的年报格式。"))?,
        };
        let agency = v["agency"].as_str().unwrap_or_default();
        let mut r = AnnualReport::blank(format, year, agency);
        if let Some(blocks) = v["table2"].as_object() {
            for (block, rows) in blocks {
                for (row, cols) in rows.as_object().into_iter().flatten() {
                    for (col, cell) in cols.as_object().into_iter().flatten() {
                        let cell = match Cell::from_json(cell) {
                            // An amount written as a whole number stays an amount.
                            Cell::Count(n) if is_amount_column(format, col) => {
                                Cell::Amount(n.to_string())
                            }
                            c => c,
                        };
                        if r.table2_cell(block, row, col).is_some() {
                            r.set_table2(block, row, col, cell);
                        } else if let Some(existing) = r
                            .table2
                            .iter_mut()
                            .find(|x| &x.block == block && &x.row == row)
                        {
                            existing.cells.push((col.clone(), cell));
                        } else {
                            r.table2.push(Table2Row {
                                block: block.clone(),
                                row: row.clone(),
                                cells: vec![(col.clone(), cell)],
                            });
                        }
                    }
                }
            }
        }
        if let Some(rows) = v["table3"].as_object() {
            for row in &mut r.table3 {
                if let Some(cells) = rows.get(&row.key).and_then(Value::as_array) {
                    for (slot, c) in row.cells.iter_mut().zip(cells) {
                        *slot = Cell::from_json(c);
                    }
                }
            }
        }
        if let Some(cells) = v["table4"].as_array() {
            for (slot, c) in r.table4.iter_mut().zip(cells) {
                *slot = Cell::from_json(c);
            }
        }
        for (i, n) in PART_NUMERALS.iter().enumerate() {
            if let Some(t) = v["parts"][*n].as_str() {
                r.parts[i] = t.to_string();
            }
        }
        Ok(r)
    }
}

/// Whether a column of table 二 holds amounts (fee income, procurement total).
pub fn is_amount_column(format: ReportFormat, column: &str) -> bool {
    column == "采购总金额"
        || format
            .table2_blocks()
            .iter()
            .any(|b| b.decimal && b.columns.contains(&column))
}

/// What the computation of a report reads from the records of one agency.
#[derive(Debug, Clone, Default)]
pub struct ReportInputs {
    /// The case register summed for the report's year (tallies of another
    /// year are not counted).
    pub register: RegisterTallies,
    /// The appeals against the agency's cases (those filed in other years are
    /// not counted).
    pub appeals: Vec<AppealSummary>,
    /// Every catalogue item of the agency.
    pub items: Vec<ItemSummary>,
    /// The Article 20 figures of the year, if entered.
    pub figures: Option<Article20Figures>,
}

/// Computes tables 二, 三 and 四 of `year` for `agency` from its records; the
/// parts are left empty for the writer. `None` before 2019 (no national format).
///
/// Table 二 block （一） is counted from the catalogue
/// ([`regulation_counts`]); the other blocks come from the Article 20 figures
/// and stay blank (AR-03 names them) until the figures are entered. Tables 三
/// and 四 come from the case register ([`table3`], [`table4`]), so AR-05 …
/// AR-08 and AR-20 hold by construction.
pub fn compute(agency: &str, year: i32, inputs: &ReportInputs) -> Option<AnnualReport> {
    let format = ReportFormat::for_year(year)?;
    let mut r = AnnualReport::blank(format, year, agency);
    fill_table2(&mut r, inputs);
    let tallies = (inputs.register.year == year).then_some(&inputs.register.tallies);
    let t3 = table3_of_tallies(tallies.into_iter().flatten().copied(), year, format);
    for row in &mut r.table3 {
        if let Some(cells) = t3.row(&row.key) {
            row.cells = cells.map(|n| Cell::Count(n as i64));
        }
    }
    r.table4 = table4(&inputs.appeals, year).map(|n| Cell::Count(n as i64));
    Some(r)
}

fn fill_table2(r: &mut AnnualReport, inputs: &ReportInputs) {
    let format = r.format;
    let blocks = format.table2_blocks();
    let regs = regulation_counts(&inputs.items, r.year);
    if let Some(b) = blocks.first() {
        for (row, counts) in b.rows.iter().zip([regs.regulations, regs.normative]) {
            for (col, n) in b.columns.iter().zip(counts.cells(format)) {
                r.set_table2(b.block, row, col, Cell::Count(n as i64));
            }
        }
    }
    let Some(f) = inputs.figures.as_ref().filter(|f| f.year == r.year) else {
        return;
    };
    let count = |n: u64| Cell::Count(n as i64);
    let amount = |a: &str| Cell::Amount(a.to_string());
    match format {
        ReportFormat::Y2021 => {
            for b in &blocks[1..] {
                for row in b.rows {
                    let cell = match *row {
                        "行政许可" => count(f.permits),
                        "行政处罚" => count(f.penalties),
                        "行政强制" => count(f.compulsory_measures),
                        "行政事业性收费" => amount(&f.fee_income_wan_yuan),
                        _ => Cell::Blank,
                    };
                    r.set_table2(b.block, row, b.columns[0], cell);
                }
            }
        }
        ReportFormat::Y2019 => {
            let lists = f.list_counts_2019.as_ref();
            for b in &blocks[1..] {
                for row in b.rows {
                    let decisions = match *row {
                        "行政许可" => Some(f.permits),
                        "其他对外管理服务事项" => f.other_services,
                        "行政处罚" => Some(f.penalties),
                        "行政强制" => Some(f.compulsory_measures),
                        _ => None,
                    };
                    let list = lists.and_then(|l| l.for_row(row));
                    for col in b.columns {
                        let cell = match *col {
                            "上一年项目数量" => {
                                list.map_or(Cell::Blank, |l| count(l.last_year))
                            }
                            "本年增/减" => list.map_or(Cell::Blank, |l| Cell::Count(l.change)),
                            "处理决定数量" => decisions.map_or(Cell::Blank, count),
                            "采购项目数量" => f.procurement_items.map_or(Cell::Blank, count),
                            "采购总金额" => {
                                f.procurement_amount.as_deref().map_or(Cell::Blank, amount)
                            }
                            _ => Cell::Blank,
                        };
                        r.set_table2(b.block, row, col, cell);
                    }
                }
            }
        }
    }
}

/// Combines the reports of several agencies for the same year (a
/// government's report with its chosen departments and sub-units): every
/// cell is the sum of the members' cells; a cell blank in any member stays
/// blank, so AR-03 still names it. The text comes from `head` (the
/// government's own report).
pub fn combine(head: &AnnualReport, members: &[AnnualReport]) -> AnnualReport {
    let mut out = head.clone();
    for m in members
        .iter()
        .filter(|m| m.format == head.format && m.year == head.year)
    {
        for row in &mut out.table2 {
            for (col, cell) in &mut row.cells {
                let other = m
                    .table2_cell(&row.block, &row.row, col)
                    .cloned()
                    .unwrap_or(Cell::Blank);
                *cell = cell.add(&other);
            }
        }
        for row in &mut out.table3 {
            if let Some(other) = m.table3_row(&row.key) {
                for (c, o) in row.cells.iter_mut().zip(other) {
                    *c = c.add(o);
                }
            }
        }
        for (c, o) in out.table4.iter_mut().zip(&m.table4) {
            *c = c.add(o);
        }
    }
    out
}
