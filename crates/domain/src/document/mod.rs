//! The documents the workflow produces (申请登记回执, 补正告知书, 延期答复告知书,
//! 征求意见书, 收费通知书, 答复书 …) as a structured, format-neutral document;
//! `gongkai-render` turns one into DOCX or PDF.
//!
//! Every kind of document has a default template ([`default_template`]) in a
//! small line format an agency administrator edits in a textarea (see
//! [`TEMPLATE_SYNTAX_HELP`]); [`check_template`] vets an edit and
//! [`render_template`] fills one in to make a [`Document`]. The redress
//! sentence names the reconsideration body the agency tree gives
//! ([`redress()`], 《行政复议法》第二十四条、第二十七条).

mod defaults;
mod kind;
mod punctuation;
mod redress;
#[cfg(test)]
pub(crate) use redress::fixtures as chain_fixtures;
mod template;

#[cfg(test)]
mod as_generated;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::vocabulary::Outcome;

pub use defaults::{default_template, sample_vars};
pub use redress::{
    COURT_WITH_JURISDICTION, ChainLink, Redress, RedressOverrides, SUPERIOR_DEPARTMENT,
    is_vertically_managed, named_redress_sentence, reconsideration_body, redress, redress_sentence,
    redress_sentence_for,
};
pub use template::{
    AUTO_PLACEHOLDERS, COURT_VAR, RECONSIDERATION_BODY_VAR, REGULATION, TEMPLATE_SYNTAX_HELP,
    TemplateError, article_citation, check_template, date_cn, placeholder_description,
    placeholders, render_template, required_placeholders,
};

/// Which document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "outcome", rename_all = "snake_case")]
pub enum DocumentKind {
    /// 政府信息公开申请登记回执
    Receipt,
    /// 补正申请告知书 (Art. 30)
    CorrectionNotice,
    /// 延期答复告知书 (Art. 33)
    ExtensionNotice,
    /// 第三方意见征询函 (Art. 32)
    ThirdPartyConsultation,
    /// 征求第三方意见告知书 — the notice to the applicant that a third party is consulted
    ThirdPartyApplicantNotice,
    /// 共同制作机关征求意见函 (Art. 34)
    CoProducerConsultation,
    /// 收费通知书 (Art. 42)
    FeeNotice,
    /// 答复书 / 告知书 for one outcome (Art. 36–39)
    Reply(Outcome),
}

/// One block of a document's body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "block", content = "text", rename_all = "snake_case")]
pub enum Block {
    /// A body paragraph (first line indented two characters in print).
    Paragraph(String),
    /// A numbered or bold sub-heading.
    Heading(String),
    /// A table with a header row, e.g. a plan's division of work (任务 /
    /// 牵头科室 / 配合科室 / 完成时限) or the tasks listed in a 通报. Cells
    /// are plain text; a row shorter than the header is printed with empty
    /// cells. Stored as `{"block":"table","text":{"columns":[…],"rows":[[…]]}}`
    /// (the enum's one content key), so documents stored before tables
    /// existed read as before.
    Table {
        columns: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

impl Block {
    /// The block's text as plain lines: a paragraph or heading as it is; a
    /// table one row a line (the header first), cells separated by a tab.
    pub fn plain_text(&self) -> String {
        match self {
            Block::Paragraph(t) | Block::Heading(t) => t.clone(),
            Block::Table { columns, rows } => std::iter::once(columns)
                .chain(rows)
                .map(|row| row.join("\t"))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

/// A document ready to render.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub kind: DocumentKind,
    /// e.g. 政府信息公开申请答复书
    pub title: String,
    /// 文书编号, e.g. 白交公开〔2025〕第12号 (may be empty)
    pub number: String,
    /// The addressee line, e.g. 张三：
    pub recipient: String,
    pub body: Vec<Block>,
    /// The issuing agency, printed at the end (落款).
    pub issuer: String,
    pub date: NaiveDate,
}
