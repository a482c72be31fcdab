//! The case register's figures for the annual report: table 三 (applications
//! received and handled) and table 四 (reconsideration and litigation), rule
//! AR-20 "every figure reproduces from the case register".
//!
//! Table 三 for year `Y` counts, per applicant-type column:
//!
//! - 一 `new_received`: receipt date in `Y`;
//! - 二 `carried_over`: received before `Y` and not disposed of before
//!   1 January of `Y`;
//! - result rows: disposed of in `Y`, in the row of the outcome
//!   ([`Outcome::row`]);
//! - （七） `r_total`: the sum of the result rows;
//! - 四 `carry_next`: received on or before 31 December of `Y` and not
//!   disposed of by 31 December.
//!
//! A case is *disposed of* on the day of its decision, of the lapse of its
//! correction or payment period, or of its withdrawal ([`CaseSummary::decided_on`]),
//! not on the day of delivery. Applications never confirmed (no receipt date)
//! are not counted. Every case received by 31 December and not disposed of
//! before 1 January is either disposed of in the year or carried over, so
//! AR-05 (一 + 二 = （七） + 四), AR-06 and AR-07 hold by construction.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::CaseEventRecord;
use super::workflow::Replay;
use crate::vocabulary::{ApplicantType, Outcome, ReportFormat, Table3RowKind};

/// What the annual report needs to know of one case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub applicant_type: ApplicantType,
    /// The Art. 31 receipt date; `None` for an online application never confirmed.
    pub receipt_date: Option<NaiveDate>,
    /// The outcome (decided, or derived from a lapse or a withdrawal).
    pub outcome: Option<Outcome>,
    /// The day the case was disposed of: the date of the decision, of the
    /// correction or fee lapse, or of the withdrawal (whichever fixed the
    /// outcome; a withdrawal before delivery supersedes a decision).
    pub decided_on: Option<NaiveDate>,
}

impl CaseSummary {
    /// The summary of a case from its events (assumed valid).
    pub fn from_history(applicant_type: ApplicantType, history: &[CaseEventRecord]) -> CaseSummary {
        let r = Replay::of(history);
        let disposal = r.final_outcome();
        CaseSummary {
            applicant_type,
            receipt_date: r.receipt_date(),
            outcome: disposal.map(|(_, o)| o),
            decided_on: disposal.map(|(d, _)| d),
        }
    }

    /// The day the case counts as disposed of, with its outcome: both must be
    /// known. A disposal dated before the receipt date (impossible in a valid
    /// history) counts on the receipt date, so that the identities still hold.
    fn disposal(&self, receipt: NaiveDate) -> Option<(NaiveDate, Outcome)> {
        match (self.decided_on, self.outcome) {
            (Some(d), Some(o)) => Some((d.max(receipt), o)),
            _ => None,
        }
    }
}

/// The number of columns of table 三: six applicant types and 总计.
pub const TABLE3_COLUMNS: usize = 7;

/// One row of table 三 with its counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table3Line {
    /// e.g. `r_deny_secret`.
    pub key: &'static str,
    /// e.g. `（三）不予公开/1.属于国家秘密`.
    pub label: &'static str,
    /// Six applicant-type columns ([`ApplicantType::column_index`]) and 总计 (index 6).
    pub cells: [u64; TABLE3_COLUMNS],
}

/// Table 三 computed from the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table3 {
    pub year: i32,
    pub format: ReportFormat,
    lines: Vec<Table3Line>,
}

impl Table3 {
    /// The rows in the format's order (25 in the 2021 format, 23 in the 2019 one).
    pub fn rows(&self) -> &[Table3Line] {
        &self.lines
    }

    /// The cells of the row `key`, if the format has it.
    pub fn row(&self, key: &str) -> Option<&[u64; TABLE3_COLUMNS]> {
        self.lines.iter().find(|l| l.key == key).map(|l| &l.cells)
    }

    /// One cell; 0 for a row the format does not have or a column beyond 总计.
    pub fn get(&self, row_key: &str, column_index: usize) -> u64 {
        self.row(row_key)
            .and_then(|c| c.get(column_index))
            .copied()
            .unwrap_or(0)
    }

    /// `{"new_received": [7 numbers], …}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Object(
            self.lines
                .iter()
                .map(|l| (l.key.to_owned(), serde_json::json!(l.cells)))
                .collect(),
        )
    }

    fn add(&mut self, key: &str, column: usize, n: u64) {
        if let Some(l) = self.lines.iter_mut().find(|l| l.key == key) {
            l.cells[column] += n;
            l.cells[TABLE3_COLUMNS - 1] += n;
        }
    }
}

fn year_bounds(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(year, 1, 1)?,
        NaiveDate::from_ymd_opt(year, 12, 31)?,
    ))
}

/// Where one case counts in table 三 of a year (see the module documentation):
/// the key by which the store sums the register in the database, so a report
/// reads a few summary rows instead of every case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Table3Tally {
    pub applicant_type: ApplicantType,
    /// Received before 1 January (row 二) rather than in the year (row 一).
    pub carried_over: bool,
    /// The outcome when disposed of in the year (its result row and （七）);
    /// `None`: still open on 31 December (row 四).
    pub disposed: Option<Outcome>,
}

impl CaseSummary {
    /// Where the case counts in table 三 of `year`; `None` when it does not
    /// (never confirmed, received after the year, or disposed of before it).
    /// The store's SQL sum (`case_tallies`) makes the same comparisons.
    pub fn tally_in(&self, year: i32) -> Option<Table3Tally> {
        let (start, end) = year_bounds(year)?;
        let receipt = self.receipt_date.filter(|r| *r <= end)?;
        let disposal = self.disposal(receipt);
        if disposal.is_some_and(|(d, _)| d < start) {
            return None; // finished before the year
        }
        Some(Table3Tally {
            applicant_type: self.applicant_type,
            carried_over: receipt < start,
            disposed: disposal.filter(|(d, _)| *d <= end).map(|(_, o)| o),
        })
    }
}

impl Table3Tally {
    /// The rows in which a case of this tally counts one, in the column of its
    /// applicant type and in 总计: 一 or 二, then its result row and （七）总计,
    /// or 四.
    pub fn rows(&self, format: ReportFormat) -> Vec<&'static str> {
        let key_of = |kind: Table3RowKind| {
            format
                .table3_rows()
                .iter()
                .find(|r| r.kind == kind)
                .map_or("", |r| r.key)
        };
        let mut rows = vec![key_of(if self.carried_over {
            Table3RowKind::CarriedOver
        } else {
            Table3RowKind::NewReceived
        })];
        match self.disposed {
            Some(outcome) => {
                rows.push(outcome.row(format));
                rows.push(key_of(Table3RowKind::Total));
            }
            None => rows.push(key_of(Table3RowKind::CarryNext)),
        }
        rows
    }
}

/// Table 三 of `year` in `format` from the register summed by tally: each
/// tally counts `n` in each of its rows.
pub fn table3_of_tallies(
    tallies: impl IntoIterator<Item = (Table3Tally, u64)>,
    year: i32,
    format: ReportFormat,
) -> Table3 {
    let mut t = Table3 {
        year,
        format,
        lines: format
            .table3_rows()
            .iter()
            .map(|r| Table3Line {
                key: r.key,
                label: r.label,
                cells: [0; TABLE3_COLUMNS],
            })
            .collect(),
    };
    for (tally, n) in tallies {
        let col = tally.applicant_type.column_index();
        for key in tally.rows(format) {
            t.add(key, col, n);
        }
    }
    t
}

/// The case register of one year summed by tally: what a report's table 三
/// is computed from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterTallies {
    pub year: i32,
    pub tallies: Vec<(Table3Tally, u64)>,
}

impl RegisterTallies {
    /// The tallies of `year` of a list of cases.
    pub fn of(cases: &[CaseSummary], year: i32) -> RegisterTallies {
        let mut r = RegisterTallies {
            year,
            tallies: Vec::new(),
        };
        for t in cases.iter().filter_map(|c| c.tally_in(year)) {
            r.add(t, 1);
        }
        r
    }

    /// Counts `n` more cases of tally `t`.
    pub fn add(&mut self, t: Table3Tally, n: u64) {
        match self.tallies.iter_mut().find(|(k, _)| *k == t) {
            Some((_, m)) => *m += n,
            None => self.tallies.push((t, n)),
        }
    }
}

/// Table 三 of `year` in `format` (see the module documentation for the rules).
pub fn table3(cases: &[CaseSummary], year: i32, format: ReportFormat) -> Table3 {
    table3_of_tallies(RegisterTallies::of(cases, year).tallies, year, format)
}

/// The rows of table 三 of `year` in which the case `c` counts one, in the
/// column of its applicant type and in 总计 (empty when it does not count in
/// that year): 一 or 二, then either its result row and （七）总计, or 四.
/// What a figure of the table links to is the cases listing its row here.
pub fn table3_rows_of(c: &CaseSummary, year: i32, format: ReportFormat) -> Vec<&'static str> {
    c.tally_in(year).map_or_else(Vec::new, |t| t.rows(format))
}

/// The kind of an appeal against a case (annual report part 四).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppealKind {
    /// 行政复议
    Reconsideration,
    /// 行政诉讼，未经复议直接起诉
    LitigationDirect,
    /// 行政诉讼，复议后起诉
    LitigationAfterReconsideration,
}

impl AppealKind {
    pub const ALL: [AppealKind; 3] = [
        AppealKind::Reconsideration,
        AppealKind::LitigationDirect,
        AppealKind::LitigationAfterReconsideration,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AppealKind::Reconsideration => "reconsideration",
            AppealKind::LitigationDirect => "litigation_direct",
            AppealKind::LitigationAfterReconsideration => "litigation_after_reconsideration",
        }
    }

    pub fn from_code(code: &str) -> Option<AppealKind> {
        AppealKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            AppealKind::Reconsideration => "行政复议",
            AppealKind::LitigationDirect => "行政诉讼（未经复议直接起诉）",
            AppealKind::LitigationAfterReconsideration => "行政诉讼（复议后起诉）",
        }
    }

    /// The group's first column in table 四 (0, 5, 10).
    fn first_column(self) -> usize {
        match self {
            AppealKind::Reconsideration => 0,
            AppealKind::LitigationDirect => 5,
            AppealKind::LitigationAfterReconsideration => 10,
        }
    }
}

/// How an appeal ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppealResult {
    /// 结果维持
    Upheld,
    /// 结果纠正
    Corrected,
    /// 其他结果
    Other,
    /// 尚未审结
    Pending,
}

impl AppealResult {
    pub const ALL: [AppealResult; 4] = [
        AppealResult::Upheld,
        AppealResult::Corrected,
        AppealResult::Other,
        AppealResult::Pending,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AppealResult::Upheld => "upheld",
            AppealResult::Corrected => "corrected",
            AppealResult::Other => "other",
            AppealResult::Pending => "pending",
        }
    }

    pub fn from_code(code: &str) -> Option<AppealResult> {
        AppealResult::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The column label of table 四.
    pub fn label_zh(self) -> &'static str {
        match self {
            AppealResult::Upheld => "结果维持",
            AppealResult::Corrected => "结果纠正",
            AppealResult::Other => "其他结果",
            AppealResult::Pending => "尚未审结",
        }
    }

    /// The offset of the column inside its group (0..=3; 总计 is 4).
    fn offset(self) -> usize {
        match self {
            AppealResult::Upheld => 0,
            AppealResult::Corrected => 1,
            AppealResult::Other => 2,
            AppealResult::Pending => 3,
        }
    }
}

/// One appeal against a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppealSummary {
    pub kind: AppealKind,
    pub result: AppealResult,
    /// The day the reconsideration was applied for / the suit was filed.
    pub filed_on: NaiveDate,
    /// The day of the decision or judgment.
    pub decided_on: Option<NaiveDate>,
}

impl AppealSummary {
    /// The result as counted in the report for `year`: an appeal decided
    /// after 31 December of `year` was still pending in that year. A result
    /// recorded without a decision date counts as recorded.
    pub fn result_in(&self, year: i32) -> AppealResult {
        match self.decided_on {
            Some(d) if d.year() > year => AppealResult::Pending,
            _ => self.result,
        }
    }
}

/// Table 四 of `year`: 15 cells in the order of the formats' table 四 — for each
/// of 行政复议, 行政诉讼（未经复议直接起诉）, 行政诉讼（复议后起诉）: 结果维持,
/// 结果纠正, 其他结果, 尚未审结, 总计.
///
/// Rule: an appeal is counted in the report of the year it was filed
/// (`filed_on` in `year`), once, with its result as of 31 December of that year
/// ([`AppealSummary::result_in`]): decided after 31 December → 尚未审结. Appeals
/// filed in an earlier year are not counted again when they are decided. 总计 is
/// the sum of the group's four result columns (AR-08).
pub fn table4(appeals: &[AppealSummary], year: i32) -> [u64; 15] {
    let mut t = [0u64; 15];
    for a in appeals {
        for i in table4_cells_of(a, year) {
            t[i] += 1;
        }
    }
    t
}

/// The cells of table 四 of `year` (indexes 0..15) in which the appeal counts
/// one: its result column and its group's 总计; none if filed in another year.
pub fn table4_cells_of(a: &AppealSummary, year: i32) -> Vec<usize> {
    if a.filed_on.year() != year {
        return Vec::new();
    }
    let first = a.kind.first_column();
    vec![first + a.result_in(year).offset(), first + 4]
}
