//! The encoding an HTML page declares in `<meta charset=…>` or
//! `<meta http-equiv="Content-Type" content="…; charset=…">`, found as a
//! browser's prescan finds it (in the page's first bytes, before decoding).
//! The declaration is honoured when no byte-order mark says otherwise and
//! the bytes are valid in the declared encoding; a page that declares UTF-8
//! (or nothing) is read by the one decoder ([`crate::encoding::decode`]),
//! which also reads GBK pages saved with a wrong or missing declaration.

use std::cell::RefCell;

use encoding_rs::Encoding;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer,
};

/// How far the declaration is looked for (browsers look at 1024 bytes;
/// Chinese pages often carry long heads of scripts and styles first).
const PRESCAN_BYTES: usize = 8192;

/// The text of `bytes` in the encoding their `<meta>` declares, when they
/// declare one other than UTF-8, have no byte-order mark, and are valid in
/// it; `None` otherwise (the caller then reads them as it always does).
pub(crate) fn decode_declared(bytes: &[u8]) -> Option<String> {
    if Encoding::for_bom(bytes).is_some() {
        return None;
    }
    let enc = declared(bytes)?;
    // A page declaring UTF-16 is not UTF-16 (it could not have been read
    // this far as ASCII); HTML reads the declaration as UTF-8.
    if enc == encoding_rs::UTF_8 || enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        return None;
    }
    enc.decode_without_bom_handling_and_without_replacement(bytes)
        .map(|t| t.into_owned())
}

/// The encoding the page's first `<meta>` with a charset declares.
fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    if !head.windows(5).any(|w| w.eq_ignore_ascii_case(b"<meta")) {
        return None;
    }
    // Tags are ASCII whatever the encoding: read lossily, look at tags only.
    let text = String::from_utf8_lossy(head);
    let tokenizer = Tokenizer::new(Prescan(RefCell::new(None)), Default::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(&text));
    while !input.is_empty() {
        let _ = tokenizer.feed(&input);
    }
    tokenizer.end();
    let label = tokenizer.sink.0.into_inner()?;
    Encoding::for_label(label.trim().as_bytes())
}

/// Keeps the first charset label declared by a `<meta>`.
struct Prescan(RefCell<Option<String>>);

impl TokenSink for Prescan {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token
            && tag.kind == TagKind::StartTag
            && &*tag.name == "meta"
            && self.0.borrow().is_none()
        {
            *self.0.borrow_mut() = meta_charset(&tag);
        }
        TokenSinkResult::Continue
    }
}

fn attr<'t>(tag: &'t Tag, name: &str) -> Option<&'t str> {
    tag.attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| &*a.value)
}

/// `charset="gbk"`, or `http-equiv="Content-Type" content="text/html; charset=gb2312"`.
fn meta_charset(tag: &Tag) -> Option<String> {
    if let Some(label) = attr(tag, "charset") {
        return Some(label.to_string());
    }
    if !attr(tag, "http-equiv")?.eq_ignore_ascii_case("content-type") {
        return None;
    }
    let content = attr(tag, "content")?;
    let lower = content.to_ascii_lowercase();
    let at = lower.find("charset")? + "charset".len();
    let rest = content[at..].trim_start().strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_ascii_whitespace())
        .unwrap_or(rest.len());
    (end > 0).then(|| rest[..end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_declaration_is_found_in_either_form() {
        assert_eq!(
            declared(b"<html><head><META CHARSET='GBK'></head>"),
            Some(encoding_rs::GBK)
        );
        assert_eq!(
            declared(b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=big5\">"),
            Some(encoding_rs::BIG5)
        );
        // gb2312 is a label of GBK in the Encoding Standard.
        assert_eq!(
            declared(b"<meta http-equiv=content-type content='text/html;charset = gb2312'>"),
            Some(encoding_rs::GBK)
        );
        assert_eq!(declared(b"<meta name=\"charset\" content=\"gbk\">"), None);
        assert_eq!(declared(b"<p>charset=gbk</p>"), None);
    }
}
