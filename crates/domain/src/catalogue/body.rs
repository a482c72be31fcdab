//! 正文: the body of an item as it is published. A body is either plain
//! text (one paragraph a line: what imports and the form without scripts
//! give) or HTML from the editor, a Word/WPS paste or a converted DOCX.
//! HTML is kept only as this module's allow-list lets it through (ammonia):
//! paragraphs, headings, lists, tables with merged cells, emphasis, links
//! and images that are the item's own attachments. Scripts, styles, event
//! handlers, frames and forms never reach a public page, and Word's
//! `mso-` styles and classes are dropped, so a pasted table keeps its rows
//! and merged cells but takes the site's look.
//!
//! Validation cleans the body once; the pages clean it again when they
//! render it (cheap, and a body stored by an older allow-list still obeys
//! today's).

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::markup::escape;
use serde::{Deserialize, Serialize};

/// How a body is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyFormat {
    /// Plain text: each non-empty line a paragraph.
    #[default]
    Text,
    /// HTML, cleaned by [`sanitize`].
    Html,
}

impl BodyFormat {
    pub fn is_text(&self) -> bool {
        *self == BodyFormat::Text
    }

    /// The form's value: `html`, anything else is text.
    pub fn parse(value: &str) -> BodyFormat {
        if value.trim() == "html" {
            BodyFormat::Html
        } else {
            BodyFormat::Text
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            BodyFormat::Text => "text",
            BodyFormat::Html => "html",
        }
    }
}

/// The file a body was taken from (正文源文件): a DOCX converted to the
/// body, or a PDF published as the body with its text extracted for search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodySource {
    /// The attachment's SHA-256 (the file is one of the item's attachments).
    pub sha256: String,
    pub filename: String,
    pub kind: SourceKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// Converted to HTML; the DOCX stays downloadable as the original.
    Docx,
    /// Shown as the body itself (embedded); its text is the body's text.
    Pdf,
}

/// A cleaned body and what the cleaning had to leave out that the editor
/// must hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanBody {
    pub html: String,
    /// Images whose source is not one of the item's attachments (a pasted
    /// `file:///` picture, another site's image, a `data:` URL): removed.
    pub dropped_images: usize,
}

const TAGS: &[&str] = &[
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "sub",
    "sup",
    "ul",
    "ol",
    "li",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "img",
    "a",
    "blockquote",
    "hr",
];

/// Is `src` one of the platform's attachment addresses (`/files/{sha256}/…`)?
pub fn is_attachment_src(src: &str) -> bool {
    src.strip_prefix("/files/")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(sha, name)| {
            sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_hexdigit()) && !name.is_empty()
        })
}

/// A link a reader may follow: the web, mail, or a page of this site.
fn is_safe_link(href: &str) -> bool {
    let h = href.trim_start().to_ascii_lowercase();
    ["http://", "https://", "mailto:", "/", "#"]
        .iter()
        .any(|p| h.starts_with(p))
        && !h.starts_with("//")
}

/// Clean `html` by the allow-list. A Word `<h1>` becomes `<h2>`: the
/// item's title is the page's only first-level heading.
pub fn sanitize(html: &str) -> CleanBody {
    let dropped = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&dropped);
    let mut b = ammonia::Builder::empty();
    b.tags(TAGS.iter().copied().collect::<HashSet<_>>())
        .clean_content_tags(["script", "style", "title", "head", "xml"].into())
        .add_tag_attributes("td", ["colspan", "rowspan"])
        .add_tag_attributes("th", ["colspan", "rowspan", "scope"])
        .add_tag_attributes("ol", ["start"])
        .add_tag_attributes("img", ["src", "alt", "width", "height"])
        .add_tag_attributes("a", ["href"])
        // `file:` and `data:` pass the scheme check only to reach the
        // filter below, which refuses them (and counts a lost picture).
        .url_schemes(["http", "https", "mailto", "file", "data"].into())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .attribute_filter(move |element, attribute, value| {
            if element == "img" && attribute == "src" && !is_attachment_src(value) {
                counter.fetch_add(1, Ordering::Relaxed);
                return None;
            }
            if element == "a" && attribute == "href" && !is_safe_link(value) {
                return None;
            }
            Some(value.into())
        });
    let cleaned = b.clean(&first_level_to_second(html)).to_string();
    CleanBody {
        html: without_sourceless_images(&cleaned),
        dropped_images: dropped.load(Ordering::Relaxed),
    }
}

/// `<h1 …>`/`</h1>` → `<h2 …>`/`</h2>`, case-insensitive. The result is
/// cleaned afterwards, so this cannot let anything through.
fn first_level_to_second(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tag = &rest[i..];
        let open = tag.get(1..3).is_some_and(|t| t.eq_ignore_ascii_case("h1"));
        let close = tag.get(1..4).is_some_and(|t| t.eq_ignore_ascii_case("/h1"));
        let boundary = |n: usize| tag[n..].starts_with(['>', ' ', '\t', '\n', '\r', '/']);
        if open && boundary(3) {
            out.push_str("<h2");
            rest = &tag[3..];
        } else if close && boundary(4) {
            out.push_str("</h2");
            rest = &tag[4..];
        } else {
            out.push('<');
            rest = &tag[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Removes `<img>` elements the filter left without a source (cleaned
/// HTML: every `<img` is a whole tag ending in `>`).
fn without_sourceless_images(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<img") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
        let tag = &rest[i..end];
        if tag.contains(" src=\"") {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The body of plain text as HTML: each non-empty line a paragraph.
pub fn html_of_text(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| format!("<p>{}</p>", escape(l)))
        .collect()
}

const BLOCKS: &[&str] = &[
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "table",
    "caption",
    "blockquote",
    "hr",
];

/// The text of cleaned HTML, for search and for comparing the summary with
/// the body: blocks on their own lines, table cells separated by a space,
/// entities decoded, tags dropped.
pub fn text_of_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while !rest.is_empty() {
        match rest.find(['<', '&']) {
            None => {
                out.push_str(rest);
                break;
            }
            Some(i) => {
                out.push_str(&rest[..i]);
                rest = &rest[i..];
            }
        }
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let name: String = rest[1..end]
                .trim_start_matches('/')
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            if BLOCKS.contains(&name.as_str()) {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
            } else if (name == "td" || name == "th")
                && !rest.starts_with("</")
                && !out.is_empty()
                && !out.ends_with(['\n', ' '])
            {
                out.push(' ');
            }
            rest = &rest[end..];
        } else {
            let (c, used) = entity(rest);
            out.push(c);
            rest = &rest[used..];
        }
    }
    out.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The character of the entity at the start of `s` and its length; a lone
/// `&` stays itself.
fn entity(s: &str) -> (char, usize) {
    let Some(end) = s.find(';').filter(|&e| e <= 10) else {
        return ('&', 1);
    };
    let name = &s[1..end];
    let c = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => name
            .strip_prefix("#x")
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32),
    };
    c.map_or(('&', 1), |c| (c, end + 1))
}

#[cfg(test)]
#[path = "body_tests.rs"]
mod tests;
