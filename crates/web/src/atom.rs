//! One Atom writer (RFC 4287) for every feed of the public column: the
//! catalogue's `feed.atom` and the registers' feeds (意见征集, 政民互动,
//! 建议提案, 回应关切). Callers give plain text and absolute links; the writer
//! escapes every value with the one [`escape`] and renders dates in Beijing
//! time, so a feed cannot be made invalid by a title with `&` or `<`.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// The one escape of the platform's markup (`&#39;` for `'`, which XML reads too).
pub use gongkai_domain::markup::escape;

/// An Atom date (`2025-03-07T09:30:00+08:00`), always in Beijing time so
/// that stamps of one feed compare as text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp(String);

impl Stamp {
    /// A day: its start in Beijing time (`2025-03-07T00:00:00+08:00`).
    pub fn day(day: NaiveDate) -> Stamp {
        Stamp(format!("{day}T00:00:00+08:00"))
    }

    /// An instant (a 回应关切 release has its hour), shown in Beijing time.
    pub fn at(at: DateTime<Utc>) -> Stamp {
        let beijing = FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset");
        Stamp(
            at.with_timezone(&beijing)
                .format("%Y-%m-%dT%H:%M:%S+08:00")
                .to_string(),
        )
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One `<entry>`. Text fields are plain text (escaped when written).
#[derive(Debug, Clone)]
pub struct Entry {
    pub title: String,
    /// The entry's permanent id: its absolute public link.
    pub id: String,
    /// The page a reader opens (usually the same as `id`).
    pub href: String,
    /// When it was first published; `None` leaves `<published>` out.
    pub published: Option<Stamp>,
    /// Its last public change.
    pub updated: Stamp,
    pub summary: String,
    /// Full text (`<content type="text">`), e.g. a published reply.
    pub content: Option<String>,
    /// `<category term="…"/>` values.
    pub categories: Vec<String>,
}

/// One `<feed>`. Links are absolute (the settings' base URL + the path).
#[derive(Debug, Clone)]
pub struct Feed {
    pub title: String,
    /// The feed's permanent id (an absolute link).
    pub id: String,
    /// The feed's own address (`rel="self"`).
    pub self_href: String,
    /// The HTML page the feed follows (`rel="alternate"`).
    pub page_href: String,
    /// `<author><name>`: the agency's full name.
    pub author: String,
    /// The feed's `<updated>` when it has no entries (usually today); with
    /// entries it is the newest entry's `updated`, not when rows were written.
    pub updated_when_empty: Stamp,
    pub entries: Vec<Entry>,
}

impl Feed {
    /// The document, UTF-8, with its XML declaration.
    pub fn render(&self) -> String {
        let updated = self
            .entries
            .iter()
            .map(|e| &e.updated)
            .max()
            .unwrap_or(&self.updated_when_empty);
        let mut xml = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>{}</title>\n<id>{}</id>\n<link rel=\"self\" href=\"{}\"/>\n<link href=\"{}\"/>\n<updated>{}</updated>\n<author><name>{}</name></author>\n",
            escape(&self.title),
            escape(&self.id),
            escape(&self.self_href),
            escape(&self.page_href),
            updated.as_str(),
            escape(&self.author),
        );
        for e in &self.entries {
            xml.push_str(&e.render());
        }
        xml.push_str("</feed>\n");
        xml
    }
}

impl Entry {
    fn render(&self) -> String {
        let mut xml = format!(
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link href=\"{}\"/>\n",
            escape(&self.title),
            escape(&self.id),
            escape(&self.href),
        );
        if let Some(p) = &self.published {
            xml.push_str(&format!("<published>{}</published>\n", p.as_str()));
        }
        xml.push_str(&format!(
            "<updated>{}</updated>\n<summary>{}</summary>\n",
            self.updated.as_str(),
            escape(&self.summary)
        ));
        if let Some(c) = &self.content {
            xml.push_str(&format!("<content type=\"text\">{}</content>\n", escape(c)));
        }
        for c in &self.categories {
            xml.push_str(&format!("<category term=\"{}\"/>\n", escape(c)));
        }
        xml.push_str("</entry>\n");
        xml
    }
}

impl IntoResponse for Feed {
    fn into_response(self) -> Response {
        (
            [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
            self.render(),
        )
            .into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_keeps_text_and_drops_forbidden_controls() {
        assert_eq!(
            escape("A&B <c> \"d\" 'e'"),
            "A&amp;B &lt;c&gt; &quot;d&quot; &#39;e&#39;"
        );
        assert_eq!(escape("a\u{1}b\tc\u{ffff}"), "ab\tc");
    }

    #[test]
    fn stamps_are_beijing_time() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 7).unwrap();
        assert_eq!(Stamp::day(d).as_str(), "2025-03-07T00:00:00+08:00");
        // 20:30 UTC on 6 March is 04:30 on 7 March in Beijing.
        let at = d
            .pred_opt()
            .unwrap()
            .and_hms_opt(20, 30, 0)
            .unwrap()
            .and_utc();
        assert_eq!(Stamp::at(at).as_str(), "2025-03-07T04:30:00+08:00");
    }

    #[test]
    fn feed_updated_is_the_newest_entry_and_values_are_escaped() {
        let day = |d| Stamp::day(NaiveDate::from_ymd_opt(2025, 3, d).unwrap());
        let entry = |t: &str, d| Entry {
            title: t.into(),
            id: format!("https://x/e/{d}"),
            href: format!("https://x/e/{d}?a=1&b=2"),
            published: Some(day(d)),
            updated: day(d),
            summary: "摘要".into(),
            content: None,
            categories: vec!["A&B".into()],
        };
        let feed = Feed {
            title: "甲局 · 意见征集".into(),
            id: "https://x/f".into(),
            self_href: "https://x/f.atom".into(),
            page_href: "https://x/f".into(),
            author: "甲局".into(),
            updated_when_empty: day(1),
            entries: vec![entry("草案<一>", 9), entry("二", 12)],
        };
        let xml = feed.render();
        assert!(xml.contains("<updated>2025-03-12T00:00:00+08:00</updated>\n<author>"));
        assert!(xml.contains("<title>草案&lt;一&gt;</title>"));
        assert!(xml.contains("href=\"https://x/e/9?a=1&amp;b=2\""));
        assert!(xml.contains("<category term=\"A&amp;B\"/>"));
        let empty = Feed {
            entries: vec![],
            ..feed
        };
        assert!(
            empty
                .render()
                .contains("<updated>2025-03-01T00:00:00+08:00</updated>")
        );
    }
}
