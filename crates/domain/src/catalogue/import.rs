//! Bulk import of an existing catalogue: rows of cells (from a CSV with
//! [`parse_csv`], or from an XLSX sheet read by another crate) → validated
//! [`ImportItem`]s, with every problem named by spreadsheet row and column.
//!
//! * The first row is the header. The twelve columns of [`IMPORT_HEADER`] must
//!   all be there, in any order; the optional columns of
//!   [`IMPORT_OPTIONAL_COLUMNS`] may be added; columns named in
//!   [`IMPORT_IGNORED_COLUMNS`] (序号, 附件 …) are skipped; any other column is an
//!   error (so that a misspelt optional column is not silently dropped).
//! * Each data row goes through the same checks as the editor's form
//!   ([`ItemForm::validate`]); cells that are optional there may be blank.
//!   Defaults for columns the template does not have: 体裁分类 其他, 文件类别 其他
//!   (so an imported 规章 or 规范性文件 must say so in 文件类别 to be counted in
//!   table 二), 公开范围 面向社会; a blank 公开方式 is 主动公开 (it is a public
//!   catalogue) and a blank 有效性 is 有效.
//! * 索引号 is kept as given, in any form of the specification; blank when the
//!   item never had one (the platform gives it one when it is published).
//! * 有效性 is `有效`, or `失效`/`废止` followed by the date and optionally the
//!   reason: `废止 2023-05-01 被某某办法取代`. A lapse or repeal without its date
//!   is refused: the date is what the annual report counts.
//! * Consistency with the workflow ([`ImportItem::actions`]): an item with an
//!   index number, or lapsed or repealed, must have its 发布日期; an item with a
//!   发布日期 must be 主动公开; dates run 成文日期 ≤ 发布日期 ≤ lapse/repeal date.
//! * Row numbers are counted as in a spreadsheet: the header is row 1. Blank
//!   rows are skipped. A row repeating an earlier one (same index number, or
//!   same title, 文号 and date formed: [`ImportItem::dedup_key`]) is refused.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::index_number::IndexNumber;
use super::item::{DisclosureAttribute, ItemForm, ItemMetadata, PublicationChannel, ValidityState};
use super::workflow::ItemAction;
use super::{comparable, date_error_message, parse_date};

mod columns;
pub use columns::ImportColumns;

/// The import template's columns (all required, any order).
pub const IMPORT_HEADER: [&str; 12] = [
    "索引号",
    "名称",
    "内容概述",
    "发布机构",
    "文号",
    "成文日期",
    "发布日期",
    "主题分类",
    "第二十条",
    "公开方式",
    "有效性",
    "正文",
];

/// Columns that may be added to the template.
pub const IMPORT_OPTIONAL_COLUMNS: [&str; 8] = [
    "体裁分类",
    "文件类别",
    "公开范围",
    "关键词",
    "第二十一条",
    "不予公开理由",
    "规范性文件统一登记编号",
    "变更日期",
];

/// Columns skipped without complaint.
pub const IMPORT_IGNORED_COLUMNS: [&str; 6] = ["序号", "附件", "备注", "链接", "网址", "发布渠道"];

/// Other names of the template's columns found in exported catalogues.
const COLUMN_ALIASES: [(&str, &str); 14] = [
    ("标题", "名称"),
    ("文件名称", "名称"),
    ("摘要", "内容概述"),
    ("内容摘要", "内容概述"),
    ("发文机关", "发布机构"),
    ("发布机关", "发布机构"),
    ("发文字号", "文号"),
    ("生成日期", "成文日期"),
    ("公开日期", "发布日期"),
    ("主题", "主题分类"),
    ("公开属性", "公开方式"),
    ("时效性", "有效性"),
    ("体裁", "体裁分类"),
    ("文件类型", "文件类别"),
];

/// One problem of an import, named by spreadsheet row (header = 1) and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportError {
    pub row: usize,
    /// The column's name as in the header (empty for a problem of the whole row
    /// or file).
    pub field: String,
    pub reason: String,
}

impl ImportError {
    pub fn new(row: usize, field: &str, reason: impl Into<String>) -> ImportError {
        ImportError {
            row,
            field: field.to_string(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for ImportError {
    /// `第5行“成文日期”：日期“2021-13-01”无效，请按YYYY-MM-DD填写`, or
    /// `第1行：…` without a column.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "第{}行：{}", self.row, self.reason)
        } else {
            write!(f, "第{}行“{}”：{}", self.row, self.field, self.reason)
        }
    }
}

impl std::error::Error for ImportError {}

/// One imported item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportItem {
    /// Kept as given (any form of the specification).
    pub index_number: Option<IndexNumber>,
    pub metadata: ItemMetadata,
    pub published_on: Option<NaiveDate>,
    pub validity: ValidityState,
}

/// The confidentiality review recorded for an item imported as published:
/// it was reviewed before, in the system it comes from.
pub const IMPORT_REVIEW: &str = "历史数据导入：该信息导入前已经发布，保密审查记录保存在原系统中。";

/// The reason recorded when an imported 规章 or 规范性文件 is submitted (the
/// workflow asks for its interpretation or a reason, issue 19): whether it
/// had one is the record of the system it comes from.
pub const IMPORT_NO_INTERPRETATION: &str = "历史数据导入：解读情况保存在原系统中。";

/// The reason an imported item's submission records for going without an
/// interpretation: [`IMPORT_NO_INTERPRETATION`] for a 规章 or 规范性文件.
pub fn import_no_interpretation(metadata: &ItemMetadata) -> Option<String> {
    super::interpretation::needs_interpretation(metadata.kind)
        .then(|| IMPORT_NO_INTERPRETATION.to_string())
}

/// The reason recorded for an imported lapse or repeal whose cell gave none.
pub const IMPORT_NO_REASON: &str = "导入时原目录未注明理由";

impl ImportItem {
    /// Every date of the row that is not plausible seen from `today`
    /// ([`crate::dates::plausible`]), as (column, message): a catalogue
    /// exported elsewhere is still dates people typed.
    pub fn implausible_dates(&self, today: NaiveDate) -> Vec<(&'static str, String)> {
        let m = &self.metadata;
        let end = self.validity.end_date();
        [
            ("成文日期", Some(m.formed_on)),
            ("变更日期", m.changed_on),
            ("发布日期", self.published_on),
            ("有效性", end),
        ]
        .into_iter()
        .filter_map(|(column, date)| {
            let label = if column == "有效性" {
                "失效或废止日期"
            } else {
                column
            };
            crate::dates::plausible(label, date?, today)
                .err()
                .map(|e| (column, e))
        })
        .collect()
    }

    /// The workflow actions that record the item, each accepted by
    /// [`check_item_action`](super::check_item_action) after the ones before:
    ///
    /// * unpublished: `Drafted` only (it then goes through review as usual);
    /// * published: `Drafted`, `Submitted` (a 规章 or 规范性文件 with
    ///   [`IMPORT_NO_INTERPRETATION`]), `Approved` (review
    ///   [`IMPORT_REVIEW`]), `Published` on its date with its index number — the
    ///   one it had, or `new_index_number()` when it had none — on the
    ///   government website, then `Repealed` / `Lapsed` with its date and reason
    ///   ([`IMPORT_NO_REASON`] when blank).
    pub fn actions(&self, new_index_number: impl FnOnce() -> IndexNumber) -> Vec<ItemAction> {
        let mut out = vec![ItemAction::Drafted {
            metadata: self.metadata.clone(),
        }];
        let Some(date) = self.published_on else {
            return out;
        };
        out.push(ItemAction::Submitted {
            with_interpretation: None,
            no_interpretation_reason: import_no_interpretation(&self.metadata),
        });
        out.push(ItemAction::Approved {
            review: IMPORT_REVIEW.to_string(),
        });
        out.push(ItemAction::Published {
            date,
            index_number: self.index_number.clone().unwrap_or_else(new_index_number),
            channels: vec![PublicationChannel::Website],
        });
        let reason = |r: &str| {
            if r.trim().is_empty() {
                IMPORT_NO_REASON.to_string()
            } else {
                r.trim().to_string()
            }
        };
        match &self.validity {
            ValidityState::InForce => {}
            ValidityState::Lapsed { date, reason: r } => out.push(ItemAction::Lapsed {
                date: *date,
                reason: reason(r),
            }),
            ValidityState::Repealed { date, reason: r } => out.push(ItemAction::Repealed {
                date: *date,
                reason: reason(r),
            }),
        }
        out
    }

    /// A key that identifies the item across imports, so that importing the
    /// same file twice adds nothing: `索引号:{index number}` when it has one,
    /// else `内容:{hash}` of the title, 文号 and date formed (64-bit FNV-1a,
    /// stable across platforms and Rust versions, in hex).
    pub fn dedup_key(&self) -> String {
        match &self.index_number {
            Some(n) => format!("索引号:{n}"),
            None => {
                let m = &self.metadata;
                let text = format!(
                    "{}\u{1f}{}\u{1f}{}",
                    m.title.trim(),
                    m.document_number.as_deref().unwrap_or(""),
                    m.formed_on
                );
                format!("内容:{:016x}", fnv1a64(text.as_bytes()))
            }
        }
    }
}

/// 64-bit FNV-1a.
pub(super) fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |h, b| (h ^ u64::from(*b)).wrapping_mul(PRIME))
}

/// Reads CSV text (RFC 4180: quoted cells with `""` for a quote and line
/// breaks inside quotes; CRLF or LF; a leading BOM is dropped). The delimiter
/// is a comma, or a tab when the first line has tabs but no commas. Rows are
/// returned as they are, blank ones included (so row numbers stay right).
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    CsvRows::new(text).collect()
}

/// The rows of a CSV text one at a time (see [`parse_csv`]): a large file
/// is read without holding every row.
pub struct CsvRows<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    delimiter: char,
}

impl<'a> CsvRows<'a> {
    pub fn new(text: &'a str) -> CsvRows<'a> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let first_line = text.lines().next().unwrap_or("");
        let delimiter = if !first_line.contains(',') && first_line.contains('\t') {
            '\t'
        } else {
            ','
        };
        CsvRows {
            chars: text.chars().peekable(),
            delimiter,
        }
    }
}

impl Iterator for CsvRows<'_> {
    type Item = Vec<String>;

    fn next(&mut self) -> Option<Vec<String>> {
        let mut row: Vec<String> = Vec::new();
        let mut cell = String::new();
        let mut in_quotes = false;
        let mut any = false;
        while let Some(c) = self.chars.next() {
            any = true;
            if in_quotes {
                if c == '"' {
                    if self.chars.peek() == Some(&'"') {
                        self.chars.next();
                        cell.push('"');
                    } else {
                        in_quotes = false;
                    }
                } else {
                    cell.push(c);
                }
                continue;
            }
            match c {
                '"' if cell.is_empty() => in_quotes = true,
                c if c == self.delimiter => row.push(std::mem::take(&mut cell)),
                '\r' if self.chars.peek() == Some(&'\n') => {}
                '\n' | '\r' => {
                    row.push(cell);
                    return Some(row);
                }
                c => cell.push(c),
            }
        }
        any.then(|| {
            row.push(cell);
            row
        })
    }
}

/// Reads an import CSV: [`parse_csv`] then [`import_rows`].
pub fn import_csv(text: &str) -> (Vec<ImportItem>, Vec<ImportError>) {
    import_rows(&parse_csv(text))
}

/// The template column a header cell names, if any.
fn known_column(name: &str) -> Option<&'static str> {
    let key = comparable(name);
    IMPORT_HEADER
        .into_iter()
        .chain(IMPORT_OPTIONAL_COLUMNS)
        .find(|c| comparable(c) == key)
        .or_else(|| {
            COLUMN_ALIASES
                .iter()
                .find(|(alias, _)| comparable(alias) == key)
                .map(|(_, c)| *c)
        })
}

/// The import column of an [`ItemForm`] field.
fn column_of(field: &str) -> &'static str {
    match field {
        "title" => "名称",
        "summary" => "内容概述",
        "issuers" => "发布机构",
        "document_number" => "文号",
        "formed_on" => "成文日期",
        "topic" => "主题分类",
        "genre" => "体裁分类",
        "kind" => "文件类别",
        "article20" => "第二十条",
        "article21" => "第二十一条",
        "attribute" => "公开方式",
        "attribute_reason" => "不予公开理由",
        "scope" => "公开范围",
        "keywords" => "关键词",
        "body" => "正文",
        "normative_registration" => "规范性文件统一登记编号",
        "changed_on" => "变更日期",
        _ => "",
    }
}

/// Reads an 有效性 cell: `有效`, `失效 2022-01-01`, `废止2023-05-01 理由…`.
pub fn parse_validity(text: &str) -> Result<ValidityState, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(ValidityState::InForce);
    }
    const PREFIXES: [(&str, u8); 6] = [
        ("现行有效", 0),
        ("有效", 0),
        ("已失效", 1),
        ("失效", 1),
        ("已废止", 2),
        ("废止", 2),
    ];
    let Some((word, kind, rest)) = PREFIXES
        .iter()
        .find_map(|(p, k)| t.strip_prefix(p).map(|rest| (*p, *k, rest)))
    else {
        return Err(format!(
            "有效性“{t}”无法识别：请填写“有效”“失效”或“废止”，失效和废止的后面注明日期，如“废止 2023-05-01”。"
        ));
    };
    let separators: &[char] = &[
        ' ', '\u{3000}', '：', ':', '，', ',', '（', '(', '）', ')', '；', ';', '于',
    ];
    let rest = rest.trim_matches(separators);
    if kind == 0 {
        if !rest.is_empty() {
            return Err(format!(
                "有效性“{t}”：现行有效的信息不需要日期或理由，请只填写“有效”。"
            ));
        }
        return Ok(ValidityState::InForce);
    }
    // The date: the leading run of digits and date punctuation.
    let half = crate::identity::to_half_width(rest);
    let date_len = half
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | '年' | '月' | '日')))
        .map_or(half.len(), |(i, _)| i);
    let (date_text, reason) = half.split_at(date_len);
    if date_text.is_empty() {
        return Err(format!(
            "请在“{word}”后注明{word}日期，如“{word} 2023-05-01”：年报按日期统计本年废止件数。"
        ));
    }
    let Some(date) = parse_date(date_text) else {
        return Err(date_error_message(date_text));
    };
    let reason = reason.trim_matches(separators).to_string();
    Ok(if kind == 1 {
        ValidityState::Lapsed { date, reason }
    } else {
        ValidityState::Repealed { date, reason }
    })
}

/// Validates import rows (see the module documentation). Returns the good
/// items and every error; a row with an error gives no item.
pub fn import_rows(rows: &[Vec<String>]) -> (Vec<ImportItem>, Vec<ImportError>) {
    let header = rows.first().map(Vec::as_slice).unwrap_or_default();
    let columns = match ImportColumns::of_header(header) {
        Ok(c) => c,
        Err(errors) => return (Vec::new(), errors),
    };
    let mut items = Vec::new();
    let mut errors = Vec::new();
    let mut once = OnceInFile::default();
    for (i, row) in rows.iter().enumerate().skip(1) {
        match columns.item(i + 1, row).and_then(|item| match item {
            Some(item) => once.check(i + 1, &item).map(|()| Some(item)),
            None => Ok(None),
        }) {
            Ok(Some(item)) => items.push(item),
            Ok(None) => {}
            Err(e) => errors.extend(e),
        }
    }
    (items, errors)
}

/// The same information only once in a file: the rows' keys seen so far
/// ([`ImportItem::dedup_key`]) and where each was first.
#[derive(Debug, Default)]
pub struct OnceInFile {
    seen: std::collections::HashMap<String, usize>,
}

impl OnceInFile {
    /// Refuses `item` of row `row_no` when an earlier row had the same key.
    pub fn check(&mut self, row_no: usize, item: &ImportItem) -> Result<(), Vec<ImportError>> {
        let key = item.dedup_key();
        if let Some(first) = self.seen.get(&key) {
            let what = if item.index_number.is_some() {
                "索引号相同"
            } else {
                "名称、文号和成文日期相同"
            };
            return Err(vec![ImportError::new(
                row_no,
                if item.index_number.is_some() {
                    "索引号"
                } else {
                    ""
                },
                format!("与第{first}行重复（{what}），同一信息只能导入一次。"),
            )]);
        }
        self.seen.insert(key, row_no);
        Ok(())
    }
}
