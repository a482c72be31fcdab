//! HTML: the page's text as lines, and the rows of its data tables as
//! delimited lines. A small tolerant tree builder (no dependency): implied
//! ends of `p`, `li`, `td`, `tr`; scripts and styles skipped; nesting capped
//! so that hostile input stays linear. A table that holds another table is
//! page layout and is read as text; a table without one is data, one line
//! per `<tr>`, cells in order (a cell merged over several rows or columns
//! appears once, as when the page is copied).

use crate::lines::Line;

const MAX_DEPTH: usize = 256;

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
    ];
    if tag.len() > 10 {
        return "*";
    }
    KNOWN
        .iter()
        .find(|k| k.eq_ignore_ascii_case(tag))
        .copied()
        .unwrap_or("*")
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

/// Elements that break the text into lines.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "li"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "tr"
            | "table"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "title"
            | "form"
            | "nav"
            | "aside"
            | "main"
            | "center"
            | "hr"
            | "td"
            | "th"
            | "caption"
            | "body"
            | "html"
    )
}

/// Elements whose content is not text of the page.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "noscript" | "template" | "textarea" | "svg" | "object"
    )
}

enum Node {
    Elem {
        /// The tag, lower case, if it is one the reader cares about; `*` otherwise.
        name: &'static str,
        line: usize,
        children: Vec<usize>,
    },
    Text {
        text: String,
    },
}

struct Tree {
    nodes: Vec<Node>,
}

impl Tree {
    fn children(&self, i: usize) -> &[usize] {
        match &self.nodes[i] {
            Node::Elem { children, .. } => children,
            Node::Text { .. } => &[],
        }
    }
    fn name(&self, i: usize) -> &str {
        match &self.nodes[i] {
            Node::Elem { name, .. } => name,
            Node::Text { .. } => "",
        }
    }
    fn line(&self, i: usize) -> usize {
        match &self.nodes[i] {
            Node::Elem { line, .. } => *line,
            Node::Text { .. } => 0,
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

fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || from >= hay.len() {
        return None;
    }
    let first = needle[0].to_ascii_lowercase();
    let mut i = from;
    while i + needle.len() <= hay.len() {
        if hay[i].to_ascii_lowercase() == first
            && hay[i..i + needle.len()].eq_ignore_ascii_case(needle)
        {
            return Some(i);
        }
        i += 1;
    }
    None
}

fn build(html: &str) -> Tree {
    let b = html.as_bytes();
    let mut tree = Tree {
        nodes: vec![Node::Elem {
            name: "#root",
            line: 1,
            children: Vec::new(),
        }],
    };
    let mut stack: Vec<usize> = vec![0];
    let mut line = 1usize;
    let mut counted = 0usize; // bytes of `b` whose newlines are in `line`
    let mut i = 0;
    let mut line_at = |pos: usize, line: &mut usize| {
        if pos > counted {
            *line += b[counted..pos].iter().filter(|c| **c == b'\n').count();
            counted = pos;
        }
    };
    while i < b.len() {
        if b[i] != b'<' {
            let end = b[i..]
                .iter()
                .position(|c| *c == b'<')
                .map_or(b.len(), |p| i + p);
            let text = decode_entities(&html[i..end]);
            if !text.trim().is_empty() {
                let top = *stack.last().unwrap_or(&0);
                tree.push_child(top, Node::Text { text });
            } else if text.contains(' ') || text.contains('\n') {
                let top = *stack.last().unwrap_or(&0);
                tree.push_child(top, Node::Text { text: " ".into() });
            }
            i = end;
            continue;
        }
        line_at(i, &mut line);
        if b[i..].starts_with(b"<!--") {
            i = find_ci(b, i + 4, b"-->").map_or(b.len(), |p| p + 3);
            continue;
        }
        let next = b.get(i + 1).copied().unwrap_or(0);
        if next == b'!' || next == b'?' {
            i = b[i..]
                .iter()
                .position(|c| *c == b'>')
                .map_or(b.len(), |p| i + p + 1);
            continue;
        }
        let closing = next == b'/';
        let name_start = if closing { i + 2 } else { i + 1 };
        let name_end = b[name_start..]
            .iter()
            .position(|c| !c.is_ascii_alphanumeric())
            .map_or(b.len(), |p| name_start + p);
        if name_end == name_start {
            // A lone '<' is text.
            let top = *stack.last().unwrap_or(&0);
            tree.push_child(top, Node::Text { text: "<".into() });
            i += 1;
            continue;
        }
        let name = intern(&html[name_start..name_end]);
        let tag_end = b[name_end..]
            .iter()
            .position(|c| *c == b'>')
            .map_or(b.len(), |p| name_end + p + 1);
        i = tag_end;
        if closing {
            close(&tree, &mut stack, name);
            continue;
        }
        if is_skipped(name) {
            let end_tag = format!("</{name}");
            i = find_ci(b, i, end_tag.as_bytes()).map_or(b.len(), |p| {
                b[p..]
                    .iter()
                    .position(|c| *c == b'>')
                    .map_or(b.len(), |q| p + q + 1)
            });
            continue;
        }
        // Implied ends.
        match name {
            "p" | "li" | "dt" | "dd" if tree.name(*stack.last().unwrap_or(&0)) == name => {
                stack.pop();
            }
            "td" | "th" => close_within_table(&tree, &mut stack, &["td", "th"]),
            "tr" => close_within_table(&tree, &mut stack, &["tr"]),
            _ => {}
        }
        let top = *stack.last().unwrap_or(&0);
        let node = tree.push_child(
            top,
            Node::Elem {
                name,
                line,
                children: Vec::new(),
            },
        );
        let self_closing = tag_end >= 2 && b[tag_end - 2] == b'/';
        if !is_void(name) && !self_closing && stack.len() < MAX_DEPTH {
            stack.push(node);
        }
    }
    tree
}

/// Closes the nearest open `names` element, unless a table lies between.
fn close_within_table(tree: &Tree, stack: &mut Vec<usize>, names: &[&str]) {
    for k in (1..stack.len()).rev() {
        let n = tree.name(stack[k]);
        if names.contains(&n) {
            stack.truncate(k);
            return;
        }
        if n == "table" {
            return;
        }
    }
}

fn close(tree: &Tree, stack: &mut Vec<usize>, name: &str) {
    for k in (1..stack.len()).rev() {
        let n = tree.name(stack[k]);
        if n == name {
            stack.truncate(k);
            return;
        }
        // An end tag never closes past a table it is not in.
        if n == "table" && name != "table" {
            return;
        }
    }
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let semi = tail
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        let decoded = semi.and_then(|semi| {
            let ent = &tail[1..semi];
            let c = if let Some(num) = ent.strip_prefix("#x").or_else(|| ent.strip_prefix("#X")) {
                u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
            } else if let Some(num) = ent.strip_prefix('#') {
                num.parse::<u32>().ok().and_then(char::from_u32)
            } else {
                Some(match ent {
                    "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    "mdash" => '—',
                    "ndash" => '–',
                    "ldquo" => '“',
                    "rdquo" => '”',
                    "lsquo" => '‘',
                    "rsquo" => '’',
                    "middot" => '·',
                    "hellip" => '…',
                    "times" => '×',
                    "divide" => '÷',
                    "yen" => '¥',
                    "deg" => '°',
                    "copy" => '©',
                    _ => return None,
                })
            };
            c.map(|c| (c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

struct Walker<'t> {
    tree: &'t Tree,
    lines: Vec<Line>,
    cur: String,
    cur_line: usize,
    /// The layout-table cell being walked (0: none).
    region: usize,
}

impl Walker<'_> {
    fn flush(&mut self) {
        let t = self.cur.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            let mut line = Line::plain(self.cur_line.max(1), &t);
            line.region = self.region;
            self.lines.push(line);
        }
        self.cur.clear();
    }

    fn text(&mut self, line: usize, t: &str) {
        if self.cur.trim().is_empty() {
            self.cur_line = line;
        }
        self.cur.push_str(t);
    }

    fn walk(&mut self, i: usize, line: usize, depth: usize) {
        if depth > MAX_DEPTH + 2 || self.lines.len() > crate::lines::MAX_LINES {
            return;
        }
        match &self.tree.nodes[i] {
            Node::Text { text } => self.text(line, text),
            Node::Elem { name, line: l, .. } => {
                let l = *l;
                if *name == "table" && !has_table_inside(self.tree, i) {
                    self.flush();
                    self.data_table(i);
                    return;
                }
                let block = is_block(name);
                if block {
                    self.flush();
                }
                // A cell of a layout table is a block of the page of its own.
                let outer = self.region;
                if matches!(*name, "td" | "th") {
                    self.region = i;
                }
                for &c in self.tree.children(i) {
                    self.walk(c, l, depth + 1);
                }
                if block {
                    self.flush();
                }
                self.region = outer;
            }
        }
    }

    fn data_table(&mut self, table: usize) {
        let mut rows = Vec::new();
        collect(self.tree, table, "tr", &mut rows, 0);
        for tr in rows {
            let mut cells = Vec::new();
            for &c in self.tree.children(tr) {
                if matches!(self.tree.name(c), "td" | "th") {
                    let mut s = String::new();
                    cell_text(self.tree, c, &mut s, 0);
                    cells.push(s.split_whitespace().collect::<Vec<_>>().join(" "));
                }
            }
            if cells.len() > crate::lines::MAX_CELLS {
                let mut line = Line::plain(self.tree.line(tr), &cells.join(" "));
                line.region = self.region;
                self.lines.push(line);
            } else if !cells.is_empty() {
                let mut line = Line::row(self.tree.line(tr), cells);
                line.region = self.region;
                self.lines.push(line);
            }
        }
    }
}

fn has_table_inside(tree: &Tree, i: usize) -> bool {
    let mut todo: Vec<usize> = tree.children(i).to_vec();
    while let Some(n) = todo.pop() {
        if tree.name(n) == "table" {
            return true;
        }
        todo.extend_from_slice(tree.children(n));
    }
    false
}

/// The `name` elements below `i`, in document order.
fn collect(tree: &Tree, i: usize, name: &str, out: &mut Vec<usize>, depth: usize) {
    if depth > MAX_DEPTH + 2 {
        return;
    }
    for &c in tree.children(i) {
        if tree.name(c) == name {
            out.push(c);
        } else {
            collect(tree, c, name, out, depth + 1);
        }
    }
}

/// A cell's text: its lines joined without a separator (a header written
/// over two lines, `本年新制作<br>数量`, is one label).
fn cell_text(tree: &Tree, i: usize, out: &mut String, depth: usize) {
    if depth > MAX_DEPTH + 2 {
        return;
    }
    for &c in tree.children(i) {
        match &tree.nodes[c] {
            Node::Text { text } => out.push_str(text.trim_matches(['\n', '\r', '\t'])),
            Node::Elem { .. } => cell_text(tree, c, out, depth + 1),
        }
    }
}

/// The lines of an HTML page.
pub fn html_lines(html: &str) -> Vec<Line> {
    let tree = build(html);
    let mut w = Walker {
        tree: &tree,
        lines: Vec::new(),
        cur: String::new(),
        cur_line: 1,
        region: 0,
    };
    w.walk(0, 1, 0);
    w.flush();
    w.lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(Line::text).collect()
    }

    #[test]
    fn paragraphs_and_a_data_table_with_merged_cells() {
        let html = "<html><head><title>X局2020年政府信息公开工作年度报告</title><style>p{}</style></head>\
            <body><p>一、总体情况</p><p>正文&nbsp;内容</p>\
            <table><tr><td rowspan=2>信息内容</td><td colspan=3>本年新制作<br>数量</td></tr>\
            <tr><td>规章</td><td>1</td><td></td><td>4,657</td></tr></table><script>var x='<p>';</script></body></html>";
        let lines = html_lines(html);
        assert_eq!(
            texts(&lines),
            vec![
                "X局2020年政府信息公开工作年度报告",
                "一、总体情况",
                "正文 内容",
                "信息内容 | 本年新制作数量",
                "规章 | 1 |  | 4,657",
            ]
        );
        assert!(lines[3].delimited && !lines[1].delimited);
    }

    #[test]
    fn a_layout_table_around_the_report_is_text() {
        let html = "<table><tr><td><p>一、总体情况</p><p>文字</p><table><tr><td>规章</td><td>0</td></tr></table></td></tr></table>";
        assert_eq!(
            texts(&html_lines(html)),
            vec!["一、总体情况", "文字", "规章 | 0"]
        );
    }

    #[test]
    fn unclosed_cells_and_rows_are_closed_by_the_next() {
        let html = "<table><tr><td>a<td>1<tr><td>b<td>2</table><p>after";
        assert_eq!(texts(&html_lines(html)), vec!["a | 1", "b | 2", "after"]);
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            decode_entities("a&amp;b&#20013;&#x6587;&unknown;&"),
            "a&b中文&unknown;&"
        );
    }
}
