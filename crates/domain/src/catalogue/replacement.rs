//! The document that replaces a repealed or lapsed one (替代文件): the public
//! page of the old document says "本文件已被《…》废止" and links to the new
//! one when it is in the catalogue.

use serde::{Deserialize, Serialize};

use super::char_len;
use crate::application::document_number_normalised;

/// Longest name of a replacing document typed by hand, in characters.
pub const REPLACEMENT_MAX_CHARS: usize = 200;

/// The replacing document: an item of the catalogue (its key, and its title
/// when recorded) or a document outside the platform named by its title or
/// 文号.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Replacement {
    /// The key of the replacing item, when it is in the catalogue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// Its title (or 文号) as the notice names it.
    pub title: String,
}

/// Why a replacement cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplacementError {
    #[error("替代文件的名称或文号只填写一行，不能换行。")]
    MultiLine,
    #[error("替代文件的名称或文号最多{REPLACEMENT_MAX_CHARS}字，请只填写标题或文号。")]
    TooLong,
}

impl Replacement {
    /// A document outside the platform, named as typed (blank: none).
    pub fn named(text: &str) -> Result<Option<Replacement>, ReplacementError> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(None);
        }
        if t.contains(['\n', '\r']) {
            return Err(ReplacementError::MultiLine);
        }
        if char_len(t) > REPLACEMENT_MAX_CHARS {
            return Err(ReplacementError::TooLong);
        }
        Ok(Some(Replacement {
            item: None,
            title: t.to_string(),
        }))
    }

    /// The document as a sentence cites it: a title in 《》 ([`cite_title`]),
    /// a 文号 as written: `《白沙县农村公路养护管理办法》`, `白交〔2026〕3号`.
    pub fn cited_zh(&self) -> String {
        let t = self.title.trim();
        if document_number_normalised(t).is_some() {
            t.to_string()
        } else {
            cite_title(t)
        }
    }
}

/// A title in 《》, a title within it in 〈〉 (书名号 nested, GB/T 15834):
/// `关于印发《某办法》的通知` → `《关于印发〈某办法〉的通知》`; one already
/// enclosed stays as it is.
pub fn cite_title(title: &str) -> String {
    let t = title.trim();
    if t.starts_with('《') && t.ends_with('》') {
        return t.to_string();
    }
    let inner: String = t
        .chars()
        .map(|c| match c {
            '《' => '〈',
            '》' => '〉',
            c => c,
        })
        .collect();
    format!("《{inner}》")
}
