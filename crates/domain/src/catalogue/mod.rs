//! The catalogue of proactively disclosed information (政府信息公开目录, Art.
//! 12, 19–21, 26): its items and their metadata, the index number (索引号),
//! the publishing workflow with its confidentiality review (保密审查), the
//! 20-working-day timeliness rule, the 规章/规范性文件 counts of the annual
//! report's table 二, the Article 20 figures that come from business systems,
//! and the bulk import of an existing catalogue.
//!
//! | module | what |
//! |---|---|
//! | [`index_number`] | [`IndexNumber`]: `{agency code}/{year}-{serial}`, generated once, never changed |
//! | [`topics`] | [`Topic`]: the two-level 主题分类 (`综合政务\政务公开`) |
//! | [`item`] | the metadata vocabulary, [`ItemForm`] → [`ItemMetadata`] |
//! | [`workflow`] | the event-sourced publishing workflow: [`ItemAction`], [`check_item_action`], [`item_view`] |
//! | [`timeliness`](mod@timeliness) | Art. 26: [`PUBLICATION_WORKING_DAYS`], [`timeliness()`]; interpretations within [`INTERPRETATION_WORKING_DAYS`] |
//! | [`interpretation`] | 政策解读: [`InterpretationDetails`] (解读机构, 解读人, contact, forms), [`check_submission`] |
//! | [`replacement`] | [`Replacement`]: the document replacing a repealed or lapsed one |
//! | [`figures`] | table 二: [`regulation_counts`] from the catalogue, [`Article20Figures`] by form and CSV |
//! | [`import`] | bulk import rows ([`IMPORT_HEADER`], [`import_rows`]) and a small CSV reader |
//!
//! Everything is pure: no I/O and no clock (dates come in as arguments).

/// Serialize and deserialize a catalogue vocabulary enum as its `code()` (the
/// same convention as [`crate::vocabulary`]).
macro_rules! catalogue_serde_as_code {
    ($ty:ident) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                let code = <String as ::serde::Deserialize>::deserialize(deserializer)?;
                $ty::from_code(&code).ok_or_else(|| {
                    let expected: Vec<&str> = $ty::ALL.iter().map(|v| v.code()).collect();
                    ::serde::de::Error::custom(format!(
                        "unknown {} code `{}`, expected one of: {}",
                        stringify!($ty),
                        code,
                        expected.join(", ")
                    ))
                })
            }
        }
    };
}

pub mod body;
pub mod figures;
pub mod import;
pub mod index_number;
pub mod interpretation;
pub mod item;
pub mod pending;
pub mod replacement;
pub mod revision;
pub mod standard;
pub mod timeliness;
pub mod topics;
pub mod workflow;

#[cfg(test)]
mod pending_tests;
#[cfg(test)]
mod tests;

pub use figures::{
    Article20Figures, Counts3, FIGURES_HEADER, FiguresForm, ItemSummary, LIST_ROWS, ListCount,
    ListCounts2019, RegulationCounts, figures_from_rows, item_counts, list_fields, parse_amount,
    parse_figures_csv, regulation_counts,
};
pub use import::{
    CsvRows, IMPORT_HEADER, IMPORT_IGNORED_COLUMNS, IMPORT_NO_REASON, IMPORT_OPTIONAL_COLUMNS,
    IMPORT_REVIEW, ImportColumns, ImportError, ImportItem, OnceInFile, import_csv, import_rows,
    parse_csv, parse_validity,
};
pub use index_number::{IndexNumber, IndexNumberError};
pub use interpretation::{
    InterpretationDetails, InterpretationFields, InterpretationForm, SubmissionError,
    check_submission, needs_interpretation,
};
pub use item::{
    DisclosureAttribute, DisclosureScope, Genre, ItemForm, ItemKind, ItemMetadata,
    PublicationChannel, Validity, ValidityState, parse_article20, parse_article21,
};
pub use pending::{PendingTimeliness, pending_timeliness};
pub use replacement::{Replacement, ReplacementError, cite_title};
pub use timeliness::{
    INTERPRETATION_WORKING_DAYS, InterpretationTimeliness, PUBLICATION_WORKING_DAYS, Timeliness,
    interpretation_timeliness, publication_due, timeliness,
};
pub use topics::{TopTopic, Topic, TopicError};
pub use workflow::{
    ItemAction, ItemError, ItemEventRecord, ItemState, ItemView, Review, Withdrawal,
    check_item_action, item_history_zh, item_view, validate_item_history,
};

use chrono::NaiveDate;

/// Reads a date as people type it or spreadsheets export it: `2021-05-01`,
/// `2021/5/1`, `2021.05.01`, `2021年5月1日`, full-width digits, and a trailing
/// time `00:00:00` (as XLSX readers print date cells). `None` if it is not a
/// real date.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let half = crate::identity::to_half_width(text);
    let mut t = half.trim();
    // Drop a time of day after the date.
    if let Some((date, time)) = t.split_once([' ', 'T'])
        && time
            .trim()
            .chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
    {
        t = date.trim();
    }
    let t = t.strip_suffix('日').unwrap_or(t);
    let parts: Vec<&str> = t.split(['-', '/', '.', '年', '月']).collect();
    if parts.len() != 3 {
        return None;
    }
    let ok = |p: &str, max_len: usize| {
        !p.is_empty() && p.len() <= max_len && p.bytes().all(|b| b.is_ascii_digit())
    };
    if parts[0].len() != 4 || !ok(parts[0], 4) || !ok(parts[1], 2) || !ok(parts[2], 2) {
        return None;
    }
    NaiveDate::from_ymd_opt(
        parts[0].parse().ok()?,
        parts[1].parse().ok()?,
        parts[2].parse().ok()?,
    )
}

/// The message for a date that could not be read, as shown next to the field
/// or after an import row's column: `日期“2021-13-01”无效，请按YYYY-MM-DD填写`.
pub fn date_error_message(text: &str) -> String {
    format!("日期“{}”无效，请按YYYY-MM-DD填写", text.trim())
}

/// Number of characters (not bytes).
pub(crate) fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// The text reduced to its letters and digits (lower case, half-width), to
/// compare fields while ignoring punctuation, brackets and spacing.
pub(crate) fn comparable(text: &str) -> String {
    crate::identity::to_half_width(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}
