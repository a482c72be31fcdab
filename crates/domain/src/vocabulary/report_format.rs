//! The national formats of the annual report (政府信息公开工作年度报告格式) and the
//! rows, columns and labels of their tables, read once from the vendored
//! `data/annual_report_tables.json` (compiled in; no I/O).
//!
//! | report years | format |
//! |---|---|
//! | up to 2018 | none: free text |
//! | 2019, 2020 | 国办公开办函〔2019〕60号 (试行) |
//! | 2021 and later | 国办公开办函〔2021〕30号 |

use std::sync::LazyLock;

use serde::Deserialize;

use super::article20::Article20Item;

/// The vendored table definitions (a copy of the spec's `annual_report_tables.json`).
pub const ANNUAL_REPORT_TABLES_JSON: &str =
    include_str!("../../../../data/annual_report_tables.json");

/// A national format of the annual report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReportFormat {
    /// 《中华人民共和国政府信息公开工作年度报告格式（试行）》, 国办公开办函〔2019〕60号:
    /// report years 2019 and 2020.
    Y2019,
    /// 《中华人民共和国政府信息公开工作年度报告格式》, 国办公开办函〔2021〕30号:
    /// report years 2021 and later.
    Y2021,
}

serde_as_code!(ReportFormat);

impl ReportFormat {
    pub const ALL: [ReportFormat; 2] = [ReportFormat::Y2019, ReportFormat::Y2021];

    /// The stable code stored in databases and URLs.
    pub fn code(self) -> &'static str {
        match self {
            ReportFormat::Y2019 => "2019",
            ReportFormat::Y2021 => "2021",
        }
    }

    pub fn from_code(code: &str) -> Option<ReportFormat> {
        ReportFormat::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The official title of the format (without 书名号).
    pub fn label(self) -> &'static str {
        match self {
            ReportFormat::Y2019 => "中华人民共和国政府信息公开工作年度报告格式（试行）",
            ReportFormat::Y2021 => "中华人民共和国政府信息公开工作年度报告格式",
        }
    }

    /// The document number (文号) of the notice that issued the format.
    pub fn document(self) -> &'static str {
        match self {
            ReportFormat::Y2019 => "国办公开办函〔2019〕60号",
            ReportFormat::Y2021 => "国办公开办函〔2021〕30号",
        }
    }

    /// The first report year the format applies to.
    pub fn first_year(self) -> i32 {
        match self {
            ReportFormat::Y2019 => 2019,
            ReportFormat::Y2021 => 2021,
        }
    }

    /// The last report year the format applies to; `None` for the current format.
    pub fn last_year(self) -> Option<i32> {
        match self {
            ReportFormat::Y2019 => Some(2020),
            ReportFormat::Y2021 => None,
        }
    }

    /// Whether a report for `year` must use this format (using another is rule AR-02).
    pub fn applies_to(self, year: i32) -> bool {
        year >= self.first_year() && self.last_year().is_none_or(|last| year <= last)
    }

    /// The binding format for a report year; `None` before 2019 (no national
    /// format: free-text reports).
    pub fn for_year(year: i32) -> Option<ReportFormat> {
        ReportFormat::ALL.into_iter().find(|f| f.applies_to(year))
    }

    /// The six standard part titles, in order (rule AR-01).
    ///
    /// The JSON lists them for the 2021 format only; the 2019 format uses the same
    /// six titles.
    pub fn sections(self) -> &'static [&'static str] {
        &self.data().sections
    }

    /// The titles accepted for part `i` (0-based) of a report read from
    /// elsewhere (rule AR-01; Art. 50 and the binding national format): the
    /// standard one and the variants the specification names (parts 四 and 五
    /// are also written in an older wording).
    pub fn section_titles(self, i: usize) -> Vec<&'static str> {
        let mut titles: Vec<&'static str> = self.sections().get(i).copied().into_iter().collect();
        titles.extend(match i {
            3 => &["四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"][..],
            4 => &["五、政府信息公开工作存在的主要问题及改进情况"][..],
            _ => &[][..],
        });
        titles
    }

    /// The blocks of table 二 (主动公开), one per Article 20 item counted.
    pub fn table2_blocks(self) -> &'static [Table2Block] {
        &self.data().table2
    }

    /// The number of cells of table 二: 10 in the 2021 format, 22 in the 2019 one.
    pub fn table2_cell_count(self) -> usize {
        self.table2_blocks()
            .iter()
            .map(Table2Block::cell_count)
            .sum()
    }

    /// The note over table 三's columns, verbatim. The JSON carries it for the 2021
    /// format; the 2019 format prints the same note.
    pub fn table3_header_note(self) -> &'static str {
        self.data().header_note
    }

    /// Table 三's seven column labels: the six applicant types
    /// ([`ApplicantType::column_index`](super::ApplicantType::column_index) 0..=5)
    /// and 总计 (index [`TABLE3_TOTAL_COLUMN`]).
    pub fn table3_columns(self) -> &'static [&'static str] {
        &self.data().columns
    }

    /// Table 三's rows in printed order: 25 in the 2021 format, 23 in the 2019 one
    /// (where （六）其他处理 is a single row).
    pub fn table3_rows(self) -> &'static [Table3Row] {
        &self.data().rows
    }

    /// The table 三 row with this key.
    pub fn table3_row(self, key: &str) -> Option<&'static Table3Row> {
        self.table3_rows().iter().find(|r| r.key == key)
    }

    /// The keys of the result rows （一）…（六） whose sum is （七）总计 (check T3-B),
    /// read from the JSON's `checks`.
    pub fn result_row_keys(self) -> &'static [&'static str] {
        &self.data().result_keys
    }

    /// Table 四's fifteen columns: three groups (行政复议, 行政诉讼 未经复议直接起诉,
    /// 行政诉讼 复议后起诉) of five (结果维持, 结果纠正, 其他结果, 尚未审结, 总计).
    pub fn table4_columns(self) -> &'static [Table4Column] {
        &self.data().table4
    }

    fn data(self) -> &'static FormatData {
        match self {
            ReportFormat::Y2019 => &TABLES.y2019,
            ReportFormat::Y2021 => &TABLES.y2021,
        }
    }
}

/// Index of the 总计 column in [`ReportFormat::table3_columns`].
pub const TABLE3_TOTAL_COLUMN: usize = 6;

/// One block of table 二: an Article 20 item with its rows and columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table2Block {
    /// The label printed, e.g. `第二十条第（一）项`.
    pub block: &'static str,
    /// The Article 20 item the block reports on.
    pub item: Article20Item,
    /// Row labels, e.g. `规章`, `行政规范性文件`.
    pub rows: &'static [&'static str],
    /// Column labels, e.g. `本年制发件数`.
    pub columns: &'static [&'static str],
    /// The unit where the format states one (`件`, `万元`).
    pub unit: Option<&'static str>,
    /// Whether the cells are decimal amounts (fee income in 万元) rather than counts.
    pub decimal: bool,
}

impl Table2Block {
    pub fn cell_count(&self) -> usize {
        self.rows.len() * self.columns.len()
    }
}

/// What a row of table 三 counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table3RowKind {
    /// 一、本年新收政府信息公开申请数量
    NewReceived,
    /// 二、上年结转政府信息公开申请数量
    CarriedOver,
    /// A result row of 三、本年度办理结果 （一）…（六）.
    Result,
    /// （七）总计
    Total,
    /// 四、结转下年度继续办理
    CarryNext,
}

/// One row of table 三.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table3Row {
    /// The stable key, e.g. `r_deny_secret`.
    pub key: &'static str,
    /// The label as in the JSON, levels separated by `/`, e.g.
    /// `（三）不予公开/1.属于国家秘密`.
    pub label: &'static str,
    pub kind: Table3RowKind,
}

impl Table3Row {
    /// The row's own label without its parent heading, e.g. `1.属于国家秘密`.
    pub fn item_label(&self) -> &'static str {
        self.label.rsplit('/').next().unwrap_or(self.label)
    }

    /// The parent heading, e.g. `（三）不予公开`, if the label has one.
    pub fn parent_label(&self) -> Option<&'static str> {
        self.label.rsplit_once('/').map(|(parent, _)| parent)
    }
}

/// One column of table 四, e.g. group `行政复议`, result `结果维持`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table4Column {
    /// The label as in the JSON, e.g. `行政诉讼-复议后起诉:结果纠正`.
    pub label: &'static str,
    /// `行政复议`, `行政诉讼-未经复议直接起诉` or `行政诉讼-复议后起诉`.
    pub group: &'static str,
    /// `结果维持`, `结果纠正`, `其他结果`, `尚未审结` or `总计`.
    pub result: &'static str,
}

impl Table4Column {
    pub fn is_total(&self) -> bool {
        self.result == "总计"
    }
}

struct FormatData {
    sections: Vec<&'static str>,
    table2: Vec<Table2Block>,
    header_note: &'static str,
    columns: Vec<&'static str>,
    rows: Vec<Table3Row>,
    result_keys: Vec<&'static str>,
    table4: Vec<Table4Column>,
}

struct Tables {
    y2019: FormatData,
    y2021: FormatData,
}

#[derive(Deserialize)]
struct RawFile {
    format_2021: RawFormat,
    format_2019: RawFormat,
    checks: std::collections::BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct RawFormat {
    #[serde(default)]
    sections: Vec<String>,
    table2: Vec<RawBlock>,
    table3: RawTable3,
    table4: RawTable4,
}

#[derive(Deserialize)]
struct RawBlock {
    block: String,
    rows: Vec<String>,
    cols: Vec<String>,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    decimal: bool,
}

#[derive(Deserialize)]
struct RawTable3 {
    #[serde(default)]
    header_note: Option<String>,
    columns: Vec<String>,
    rows: Vec<RawRow>,
}

#[derive(Deserialize)]
struct RawRow {
    key: String,
    label: String,
}

#[derive(Deserialize)]
struct RawTable4 {
    columns: Vec<String>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let raw: RawFile = serde_json::from_str(ANNUAL_REPORT_TABLES_JSON)
        .expect("data/annual_report_tables.json is valid");
    let t3b = raw
        .checks
        .get("T3-B")
        .map(|s| leak(s.clone()))
        .expect("annual_report_tables.json: checks.T3-B");
    let keys_2021 = list_after(t3b, "2021 result rows:", ';');
    let keys_2019 = list_after(t3b, "2019:", ')');
    let y2021 = build(raw.format_2021, keys_2021, None, None);
    let y2019 = build(
        raw.format_2019,
        keys_2019,
        Some(&y2021.sections),
        Some(y2021.header_note),
    );
    Tables { y2019, y2021 }
});

fn leak(s: String) -> &'static str {
    s.leak()
}

fn leak_all(v: Vec<String>) -> &'static [&'static str] {
    v.into_iter().map(leak).collect::<Vec<_>>().leak()
}

/// The comma-separated keys after `marker`, up to `end`.
fn list_after(text: &'static str, marker: &str, end: char) -> Vec<&'static str> {
    let start = text
        .find(marker)
        .unwrap_or_else(|| panic!("annual_report_tables.json: T3-B lacks `{marker}`"))
        + marker.len();
    let rest = &text[start..];
    let rest = &rest[..rest.find(end).unwrap_or(rest.len())];
    rest.split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .collect()
}

fn build(
    raw: RawFormat,
    result_keys: Vec<&'static str>,
    fallback_sections: Option<&[&'static str]>,
    fallback_note: Option<&'static str>,
) -> FormatData {
    let sections: Vec<&'static str> = if raw.sections.is_empty() {
        fallback_sections
            .expect("annual_report_tables.json: sections")
            .to_vec()
    } else {
        raw.sections.into_iter().map(leak).collect()
    };
    let table2 = raw
        .table2
        .into_iter()
        .map(|b| {
            let block = leak(b.block);
            Table2Block {
                block,
                item: Article20Item::from_citation(block).unwrap_or_else(|| {
                    panic!("annual_report_tables.json: unknown table 2 block `{block}`")
                }),
                rows: leak_all(b.rows),
                columns: leak_all(b.cols),
                unit: b.unit.map(leak),
                decimal: b.decimal,
            }
        })
        .collect();
    let header_note = raw
        .table3
        .header_note
        .map(leak)
        .or(fallback_note)
        .expect("annual_report_tables.json: table3.header_note");
    let columns = raw.table3.columns.into_iter().map(leak).collect();
    let rows = raw
        .table3
        .rows
        .into_iter()
        .map(|r| {
            let key = leak(r.key);
            let kind = match key {
                "new_received" => Table3RowKind::NewReceived,
                "carried_over" => Table3RowKind::CarriedOver,
                "r_total" => Table3RowKind::Total,
                "carry_next" => Table3RowKind::CarryNext,
                k if result_keys.contains(&k) => Table3RowKind::Result,
                k => panic!("annual_report_tables.json: table 3 row `{k}` is not in T3-B"),
            };
            Table3Row {
                key,
                label: leak(r.label),
                kind,
            }
        })
        .collect();
    let table4 = raw
        .table4
        .columns
        .into_iter()
        .map(|c| {
            let label = leak(c);
            let (group, result) = label.split_once(':').unwrap_or_else(|| {
                panic!("annual_report_tables.json: table 4 column `{label}` lacks `:`")
            });
            Table4Column {
                label,
                group,
                result,
            }
        })
        .collect();
    FormatData {
        sections,
        table2,
        header_note,
        columns,
        rows,
        result_keys,
        table4,
    }
}
