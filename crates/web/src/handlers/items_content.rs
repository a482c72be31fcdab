//! What an item shows the public — the metadata block, the body, the
//! attachments, the linked interpretations — built once for the three
//! places that show it: the public page, the editor's preview and the
//! reviewer's page (`item_content.html`). The reviewer therefore approves
//! exactly what will be published, and the preview is the public page.

use chrono::NaiveDate;
use gongkai_domain::catalogue::ItemMetadata;
use gongkai_domain::catalogue::ValidityState;
use gongkai_domain::catalogue::body::SourceKind;
use gongkai_store::{ItemAttachment, ItemSnapshot};

use crate::views::{PublicAttachment, PublicItem};

/// The parts of an item the public sees, before or after publication.
pub(super) struct Shown<'a> {
    pub metadata: &'a ItemMetadata,
    pub index_number: Option<&'a str>,
    pub published_on: Option<NaiveDate>,
    pub validity: &'a ValidityState,
    pub withdrawal_note: Option<&'a str>,
}

impl<'a> Shown<'a> {
    /// An item as stored (published or waiting).
    pub fn of(s: &'a ItemSnapshot) -> Self {
        Shown {
            metadata: &s.metadata,
            index_number: s.index_number.as_deref(),
            published_on: s.published_on,
            validity: &s.validity,
            withdrawal_note: s.withdrawal_note.as_deref(),
        }
    }

    /// A form not yet saved (the preview).
    pub fn draft(metadata: &'a ItemMetadata) -> Self {
        Shown {
            metadata,
            index_number: None,
            published_on: None,
            validity: &ValidityState::InForce,
            withdrawal_note: None,
        }
    }
}

/// The public address of an attachment (`/files/{sha256}/{name}`).
pub(super) fn file_href(sha256: &str, filename: &str) -> String {
    format!(
        "/files/{sha256}/{}",
        crate::downloads::path_segment(filename)
    )
}

/// An attachment as the public page lists it.
pub(super) fn public_attachment(a: ItemAttachment) -> PublicAttachment {
    PublicAttachment {
        href: file_href(&a.sha256, &a.filename),
        sha256: a.sha256,
        filename: a.filename,
        size_kb: (a.size + 1023) / 1024,
    }
}

/// The item as its public page shows it. A draft's 索引号 and publication
/// date say when they come.
pub(super) fn public_item(
    shown: Shown<'_>,
    attachments: Vec<ItemAttachment>,
    links: Vec<(i64, String)>,
) -> PublicItem {
    let m = shown.metadata;
    let validity_note = match shown.validity {
        ValidityState::InForce => None,
        // The reason may end its own sentence.
        v => Some(format!("本文件已{}。", v.label_zh().trim_end_matches('。'))),
    };
    let source = m.body_source.as_ref();
    let body_pdf = source
        .filter(|s| s.kind == SourceKind::Pdf)
        .map(|s| file_href(&s.sha256, &s.filename));
    let body_original = source
        .filter(|s| s.kind == SourceKind::Docx)
        .map(|s| (file_href(&s.sha256, &s.filename), s.filename.clone()));
    PublicItem {
        index_number: shown
            .index_number
            .map_or_else(|| "（发布时生成）".into(), str::to_string),
        topic: m.topic.to_string(),
        issuers: m.issuers_zh(),
        formed_on: m.formed_on.to_string(),
        title: m.title.clone(),
        document_number: m.document_number.clone().unwrap_or_default(),
        published_on: shown
            .published_on
            .map_or_else(|| "（发布时填写）".into(), |d| d.to_string()),
        genre: m.genre.label().into(),
        validity: shown.validity.label_zh(),
        article20: m
            .article20
            .map(|a| format!("第二十条{}{}", a.ordinal_label(), a.label())),
        keywords: m.keywords.join("、"),
        registration: m.normative_registration.clone(),
        withdrawal_note: shown.withdrawal_note.map(|n| format!("本信息已撤回：{n}")),
        validity_note,
        body_html: m.body_html(),
        body_pdf,
        body_original,
        revises: None,
        attachments: attachments.into_iter().map(public_attachment).collect(),
        links,
        // Issue 19 (item 4): who interprets; the other items are the
        // public page's (`items_interpretation::public_relations`).
        interpretation: super::items_interpretation::details_view(m),
        interprets: Vec::new(),
        replaced_by: None,
    }
}
