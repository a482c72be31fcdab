//! 发文字号: every document issued on a case carries the agency's own number,
//! in its pattern and sequence per series and year (e.g. `白交依复〔2026〕12号`
//! for replies), never reused; the case number stays the applicant's
//! reference. GB/T 9704-2012 §7.2.4: 发文字号由发文机关代字、年份、发文顺序号
//! 组成，年份用六角括号“〔〕”括入，序号不编虚位，不加“第”字.

use serde::Serialize;

use crate::document::DocumentKind;

/// A numbering series of an agency: each has its own pattern and sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Series {
    /// 登记回执
    Receipt,
    /// 告知书 and 函 during handling (补正, 延期, 征求意见, 收费)
    Notice,
    /// 答复书 / 告知书 closing a case
    Reply,
}

impl Series {
    pub const ALL: [Series; 3] = [Series::Receipt, Series::Notice, Series::Reply];

    pub fn of(kind: DocumentKind) -> Series {
        match kind {
            DocumentKind::Receipt => Series::Receipt,
            DocumentKind::Reply(_) => Series::Reply,
            _ => Series::Notice,
        }
    }

    /// The stored key.
    pub fn code(self) -> &'static str {
        match self {
            Series::Receipt => "receipt",
            Series::Notice => "notice",
            Series::Reply => "reply",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Series::Receipt => "登记回执",
            Series::Notice => "告知书、征求意见函",
            Series::Reply => "答复书",
        }
    }

    /// The pattern used until the agency sets its own: the agency's short
    /// name as 机关代字 and a word for the series.
    pub fn default_pattern(self, short_name: &str) -> String {
        let word = match self {
            Series::Receipt => "依申收",
            Series::Notice => "依申告",
            Series::Reply => "依申复",
        };
        format!("{short_name}{word}〔{{year}}〕{{n}}号")
    }
}

/// A checked numbering pattern: text with `{year}` and `{n}` once each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NumberPattern(String);

impl NumberPattern {
    /// Parses what an administrator typed.
    pub fn parse(raw: &str) -> Result<NumberPattern, String> {
        let p = raw.trim();
        if p.chars().count() > 40 {
            return Err(format!(
                "文号格式“{p}”过长，请控制在40字以内，如“白交依复〔{{year}}〕{{n}}号”。"
            ));
        }
        for key in ["{year}", "{n}"] {
            if p.matches(key).count() != 1 {
                return Err(format!(
                    "文号格式“{p}”须含且只含一次“{key}”，如“白交依复〔{{year}}〕{{n}}号”（{{year}}为年份，{{n}}为顺序号）。"
                ));
            }
        }
        if p.contains(['\n', '\r', '<', '>']) {
            return Err("文号格式不能含换行或尖括号。".into());
        }
        Ok(NumberPattern(p.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number of the `n`th document of `year`: 序号不编虚位 (no leading
    /// zeros).
    pub fn format(&self, year: i32, n: u32) -> String {
        self.0
            .replace("{year}", &year.to_string())
            .replace("{n}", &n.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::Outcome;

    #[test]
    fn the_bureau_numbers_its_replies_in_its_own_pattern() {
        let p = NumberPattern::parse("白交依复〔{year}〕{n}号").unwrap();
        assert_eq!(p.format(2026, 12), "白交依复〔2026〕12号");
        assert_eq!(p.format(2027, 1), "白交依复〔2027〕1号");
    }

    #[test]
    fn a_pattern_needs_the_year_and_the_sequence_once() {
        assert!(NumberPattern::parse("白交依复〔2026〕{n}号").is_err());
        assert!(NumberPattern::parse("白交〔{year}〕号").is_err());
        assert!(NumberPattern::parse("{n}{n}〔{year}〕").is_err());
    }

    #[test]
    fn replies_notices_and_receipts_are_three_series() {
        assert_eq!(
            Series::of(DocumentKind::Reply(Outcome::Partial)),
            Series::Reply
        );
        assert_eq!(Series::of(DocumentKind::ExtensionNotice), Series::Notice);
        assert_eq!(Series::of(DocumentKind::Receipt), Series::Receipt);
        assert_eq!(
            Series::Reply.default_pattern("县交通局"),
            "县交通局依申复〔{year}〕{n}号"
        );
    }
}
