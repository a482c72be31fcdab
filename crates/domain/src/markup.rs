//! Escaping text for HTML and XML: one function for every writer of markup
//! (item bodies, search snippets, office previews, charts, feeds).

/// Text and attribute values in HTML or XML: the five characters with a
/// meaning in markup (`'` as `&#39;`, which both read). Characters XML 1.0
/// forbids (controls other than tab and line breaks, U+FFFE, U+FFFF) are
/// left out: a feed or an SVG with one is not well-formed.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_characters_are_escaped_and_forbidden_controls_dropped() {
        assert_eq!(
            escape("<a href=\"x\">R&D's</a>"),
            "&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt;"
        );
        assert_eq!(
            escape("第一行\n\t第二行\u{0}\u{8}\u{ffff}"),
            "第一行\n\t第二行"
        );
        assert_eq!(escape("白沙县交通运输局"), "白沙县交通运输局");
    }
}
