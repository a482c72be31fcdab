//! The tree of an HTML page as the reader needs it. Tokens come from
//! html5ever's HTML5 tokenizer (quoted attributes, every named entity,
//! script and style as raw text, as a browser reads them); the tree is built
//! here by a small tolerant builder rather than html5ever's: implied ends of
//! `p`, `li`, `td`, `tr`; an end tag never closes past a table it is not in;
//! nesting capped at [`MAX_DEPTH`] so that every step looks at a bounded
//! stack and hostile input stays linear (the HTML5 tree builder has no such
//! cap and scans its whole stack of open elements on many tags).

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer,
};

/// Elements open at once; deeper ones are children of the deepest.
pub(crate) const MAX_DEPTH: usize = 256;

/// The largest spans HTML gives effect to (colspan 1000, rowspan 65534):
/// larger values are clamped, as browsers do.
const MAX_COLSPAN: u32 = 1000;
const MAX_ROWSPAN: u32 = 65534;

/// The tags the reader tells apart, as static names (no allocation per
/// element); every other tag is `*`.
fn intern(tag: &str) -> &'static str {
    const KNOWN: &[&str] = &[
        "br",
        "hr",
        "img",
        "meta",
        "link",
        "input",
        "col",
        "wbr",
        "area",
        "base",
        "source",
        "embed",
        "param",
        "track",
        "keygen",
        "p",
        "div",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "title",
        "form",
        "nav",
        "aside",
        "main",
        "center",
        "td",
        "th",
        "caption",
        "body",
        "html",
        "script",
        "style",
        "noscript",
        "template",
        "textarea",
        "svg",
        "object",
        "thead",
        "tbody",
        "tfoot",
        "iframe",
        "xmp",
        "noembed",
        "noframes",
    ];
    KNOWN.iter().find(|k| **k == tag).copied().unwrap_or("*")
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "br" | "hr"
            | "img"
            | "meta"
            | "link"
            | "input"
            | "col"
            | "wbr"
            | "area"
            | "base"
            | "source"
            | "embed"
            | "param"
            | "track"
            | "keygen"
    )
}

/// Elements whose content is not text of the page, and how the tokenizer
/// reads their content (`None`: as markup, skipped up to the matching end).
fn skipped(name: &str) -> Option<Option<RawKind>> {
    match name {
        "script" => Some(Some(RawKind::ScriptData)),
        "style" | "noscript" | "iframe" | "xmp" | "noembed" | "noframes" => {
            Some(Some(RawKind::Rawtext))
        }
        "textarea" => Some(Some(RawKind::Rcdata)),
        "template" | "svg" | "object" => Some(None),
        _ => None,
    }
}

pub(crate) enum Node {
    Elem {
        /// The tag, lower case, if it is one the reader cares about; `*` otherwise.
        name: &'static str,
        line: usize,
        children: Vec<usize>,
        /// A cell's `rowspan` and `colspan` (1 when absent or not a number;
        /// clamped to what HTML gives effect to).
        rowspan: u32,
        colspan: u32,
    },
    Text {
        text: String,
    },
}

pub(crate) struct Tree {
    pub(crate) nodes: Vec<Node>,
}

impl Tree {
    pub(crate) fn children(&self, i: usize) -> &[usize] {
        match &self.nodes[i] {
            Node::Elem { children, .. } => children,
            Node::Text { .. } => &[],
        }
    }
    pub(crate) fn name(&self, i: usize) -> &str {
        match &self.nodes[i] {
            Node::Elem { name, .. } => name,
            Node::Text { .. } => "",
        }
    }
    pub(crate) fn line(&self, i: usize) -> usize {
        match &self.nodes[i] {
            Node::Elem { line, .. } => *line,
            Node::Text { .. } => 0,
        }
    }
    /// A cell's (rowspan, colspan); (1, 1) for anything else.
    pub(crate) fn spans(&self, i: usize) -> (u32, u32) {
        match &self.nodes[i] {
            Node::Elem {
                rowspan, colspan, ..
            } => (*rowspan, *colspan),
            Node::Text { .. } => (1, 1),
        }
    }
    fn push_child(&mut self, parent: usize, node: Node) -> usize {
        let i = self.nodes.len();
        self.nodes.push(node);
        if let Node::Elem { children, .. } = &mut self.nodes[parent] {
            children.push(i);
        }
        i
    }
}

/// What the builder holds while tokens arrive.
struct State {
    tree: Tree,
    stack: Vec<usize>,
    /// Text since the last tag (the tokenizer may hand it over in pieces).
    pending: String,
    /// Inside a skipped element: its name and how many of it are open.
    skip: Option<(&'static str, usize)>,
}

struct Builder(RefCell<State>);

impl TokenSink for Builder {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let mut s = self.0.borrow_mut();
        match token {
            Token::CharacterTokens(t) if s.skip.is_none() => s.pending.push_str(&t),
            Token::TagToken(tag) => return s.tag(&tag, usize::try_from(line).unwrap_or(1)),
            Token::EOFToken => s.flush_text(),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// A span attribute as a number within `1..=max` (1 when not a number).
fn span(tag: &Tag, attr: &str, max: u32) -> u32 {
    tag.attrs
        .iter()
        .find(|a| &*a.name.local == attr)
        .and_then(|a| a.value.trim().parse::<u64>().ok())
        .map_or(1, |v| v.clamp(1, u64::from(max)) as u32)
}

impl State {
    fn top(&self) -> usize {
        *self.stack.last().unwrap_or(&0)
    }

    /// The text run before a tag, as one node: entities are decoded by the
    /// tokenizer; the spaces HTML writes as entities count as spaces.
    fn flush_text(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let text: String = self
            .pending
            .chars()
            .map(|c| match c {
                '\u{a0}' | '\u{2002}' | '\u{2003}' | '\u{2009}' => ' ',
                c => c,
            })
            .collect();
        self.pending.clear();
        let top = self.top();
        if !text.trim().is_empty() {
            self.tree.push_child(top, Node::Text { text });
        } else if text.contains([' ', '\n']) {
            self.tree.push_child(top, Node::Text { text: " ".into() });
        }
    }

    fn tag(&mut self, tag: &Tag, line: usize) -> TokenSinkResult<()> {
        let name = intern(&tag.name);
        if let Some((skipping, open)) = self.skip {
            if name == skipping {
                let open = match tag.kind {
                    TagKind::StartTag => open + 1,
                    TagKind::EndTag => open - 1,
                };
                self.skip = (open > 0).then_some((skipping, open));
            }
            return TokenSinkResult::Continue;
        }
        self.flush_text();
        if tag.kind == TagKind::EndTag {
            self.close(name);
            return TokenSinkResult::Continue;
        }
        if let Some(raw) = skipped(name) {
            if !tag.self_closing {
                self.skip = Some((name, 1));
            }
            return raw.map_or(TokenSinkResult::Continue, TokenSinkResult::RawData);
        }
        self.open(name, tag, line);
        if name == "title" {
            // Read as the page's text, but as text: `<title>` is RCDATA.
            return TokenSinkResult::RawData(RawKind::Rcdata);
        }
        TokenSinkResult::Continue
    }

    fn open(&mut self, name: &'static str, tag: &Tag, line: usize) {
        // Implied ends.
        match name {
            "p" | "li" | "dt" | "dd" if self.tree.name(self.top()) == name => {
                self.stack.pop();
            }
            "td" | "th" => self.close_within_table(&["td", "th"]),
            "tr" => self.close_within_table(&["tr"]),
            _ => {}
        }
        let cell = matches!(name, "td" | "th");
        let node = Node::Elem {
            name,
            line,
            children: Vec::new(),
            rowspan: if cell {
                span(tag, "rowspan", MAX_ROWSPAN)
            } else {
                1
            },
            colspan: if cell {
                span(tag, "colspan", MAX_COLSPAN)
            } else {
                1
            },
        };
        let top = self.top();
        let node = self.tree.push_child(top, node);
        if !is_void(name) && !tag.self_closing && self.stack.len() < MAX_DEPTH {
            self.stack.push(node);
        }
    }

    /// Closes the nearest open `names` element, unless a table lies between.
    fn close_within_table(&mut self, names: &[&str]) {
        for k in (1..self.stack.len()).rev() {
            let n = self.tree.name(self.stack[k]);
            if names.contains(&n) {
                self.stack.truncate(k);
                return;
            }
            if n == "table" {
                return;
            }
        }
    }

    fn close(&mut self, name: &str) {
        for k in (1..self.stack.len()).rev() {
            let n = self.tree.name(self.stack[k]);
            if n == name {
                self.stack.truncate(k);
                return;
            }
            // An end tag never closes past a table it is not in.
            if n == "table" && name != "table" {
                return;
            }
        }
    }
}

/// The tree of `html` (node 0 is the root).
pub(crate) fn build(html: &str) -> Tree {
    let root = Node::Elem {
        name: "#root",
        line: 1,
        children: Vec::new(),
        rowspan: 1,
        colspan: 1,
    };
    let builder = Builder(RefCell::new(State {
        tree: Tree { nodes: vec![root] },
        stack: vec![0],
        pending: String::new(),
        skip: None,
    }));
    let tokenizer = Tokenizer::new(builder, Default::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    // The builder never asks the tokenizer to stop (no scripts are run), so
    // one feed reads the whole input; the loop only guards against a pause.
    while !input.is_empty() {
        let _ = tokenizer.feed(&input);
    }
    tokenizer.end();
    let state = tokenizer.sink.0.into_inner();
    state.tree
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(tree: &Tree) -> Vec<(u32, u32)> {
        tree.nodes
            .iter()
            .filter_map(|n| match n {
                Node::Elem {
                    name: "td" | "th",
                    rowspan,
                    colspan,
                    ..
                } => Some((*rowspan, *colspan)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn spans_are_kept_on_cells_and_clamped_to_what_html_allows() {
        let tree = build(
            "<table><tr><th rowspan=\"2\" colspan='3'>a<td colspan=x>b\
             <td rowspan=4294967295 colspan=99999>c<td ROWSPAN=0>d</table>",
        );
        assert_eq!(cells(&tree), vec![(2, 3), (1, 1), (65534, 1000), (1, 1)]);
    }

    #[test]
    fn nesting_is_capped() {
        let tree = build(&"<div>".repeat(1000));
        let mut depth = 0;
        let mut i = 0;
        while let Some(&c) = tree.children(i).first() {
            depth += 1;
            i = c;
        }
        // The root and 255 divs fill the stack: the 256th and later divs
        // are children of the 255th, side by side (1000 - 255 of them).
        assert_eq!(depth, 256);
        assert_eq!(tree.nodes.len(), 1001);
        let deepest_open = 255; // node index of the 255th div
        assert_eq!(tree.children(deepest_open).len(), 745);
    }
}
