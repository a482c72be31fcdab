//! HTML: the page's text as lines, and the rows of its data tables as
//! delimited lines. The tree comes from [`crate::html_tree`] (html5ever's
//! tokenizer under a small capped builder). A table that holds another
//! table is page layout and is read as text; a table without one is data,
//! one line per `<tr>`, cells in order (a cell merged over several rows or
//! columns appears once, as when the page is copied: the line reader is
//! written for that form; the spans are kept in the tree).

use crate::html_tree::{MAX_DEPTH, Node, Tree, build};
use crate::lines::{Line, MAX_CELLS};

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

struct Walker<'t> {
    tree: &'t Tree,
    lines: Vec<Line>,
    cur: String,
    cur_line: usize,
    /// The layout-table cell being walked (0: none).
    region: usize,
    /// Whether merged cells are spread over the cells they cover.
    spread: bool,
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
        let mut carried: Vec<Carry> = Vec::new();
        for tr in rows {
            let tds: Vec<usize> = self
                .tree
                .children(tr)
                .iter()
                .copied()
                .filter(|&c| matches!(self.tree.name(c), "td" | "th"))
                .collect();
            // The columns the row spans: a row wider than any table of the
            // report is no table row, however few cells it writes.
            let width = tds
                .iter()
                .fold(0u32, |w, &c| w.saturating_add(self.tree.spans(c).1));
            let texts: Vec<String> = tds
                .iter()
                .map(|&c| {
                    let mut s = String::new();
                    cell_text(self.tree, c, &mut s, 0);
                    s.split_whitespace().collect::<Vec<_>>().join(" ")
                })
                .collect();
            if tds.len() > MAX_CELLS || width as usize > MAX_CELLS {
                carried.clear();
                let mut line = Line::plain(self.tree.line(tr), &texts.join(" "));
                line.region = self.region;
                self.lines.push(line);
                continue;
            }
            let spans: Vec<(u32, u32)> = if self.spread {
                tds.iter().map(|&c| self.tree.spans(c)).collect()
            } else {
                vec![(1, 1); tds.len()]
            };
            let cells = spread(&texts, &spans, &mut carried);
            if !cells.is_empty() && cells.len() <= MAX_CELLS {
                let mut line = Line::row(self.tree.line(tr), cells);
                line.region = self.region;
                self.lines.push(line);
            }
        }
    }
}

/// A cell merged down over the rows below (`rowspan`): the column it
/// stands in, how many more rows it covers, and what it shows there.
struct Carry {
    col: usize,
    rows: u32,
    text: String,
}

/// A row's cells in the table's columns, merged cells spread over what they
/// cover, so that header cells and row labels line up with the figures: a
/// cell merged across columns (`申请人情况` colspan=7) leaves empty cells
/// after it, as a copy from Word does (the reader drops such blanks before a
/// row's figures); a cell merged down (`三、本年度办理结果` rowspan=22) is
/// repeated in each row it covers, so each row carries its group's label.
/// `carried` holds the cells merged down from rows above and is updated.
fn spread(texts: &[String], spans: &[(u32, u32)], carried: &mut Vec<Carry>) -> Vec<String> {
    let mut from_above = std::mem::take(carried).into_iter().peekable();
    let mut out: Vec<String> = Vec::new();
    let mut below: Vec<Carry> = Vec::new();
    let keep = |c: Carry, below: &mut Vec<Carry>| {
        if c.rows > 1 {
            below.push(Carry {
                rows: c.rows - 1,
                ..c
            });
        }
    };
    let fill = |out: &mut Vec<String>,
                below: &mut Vec<Carry>,
                from_above: &mut std::iter::Peekable<std::vec::IntoIter<Carry>>| {
        while let Some(c) = from_above.next_if(|c| c.col <= out.len()) {
            // A cell written over a merged one (a mistake of the page) wins.
            if c.col == out.len() && out.len() < MAX_CELLS {
                out.push(c.text.clone());
            }
            keep(c, below);
        }
    };
    for (text, &(rows, cols)) in texts.iter().zip(spans) {
        fill(&mut out, &mut below, &mut from_above);
        let col = out.len();
        if col + cols as usize > MAX_CELLS {
            break;
        }
        out.push(text.clone());
        out.extend((1..cols).map(|_| String::new()));
        if rows > 1 {
            for k in 0..cols as usize {
                let text = if k == 0 { text.clone() } else { String::new() };
                below.push(Carry {
                    col: col + k,
                    rows: rows - 1,
                    text,
                });
            }
        }
    }
    fill(&mut out, &mut below, &mut from_above);
    // Merged cells further right than this short row reaches still cover it.
    for c in from_above {
        keep(c, &mut below);
    }
    below.sort_by_key(|c| c.col);
    *carried = below;
    out
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

/// The lines of an HTML page, its data tables' merged cells spread.
pub fn html_lines(html: &str) -> Vec<Line> {
    html_lines_with(html, true)
}

/// The lines of an HTML page; `spread` false gives a merged cell once.
pub fn html_lines_with(html: &str, spread: bool) -> Vec<Line> {
    let tree = build(html);
    let mut w = Walker {
        tree: &tree,
        lines: Vec::new(),
        cur: String::new(),
        cur_line: 1,
        region: 0,
        spread,
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
                // The header merged across three columns leaves two empty
                // cells; merged down, 信息内容 stands in the next row too.
                "信息内容 | 本年新制作数量 |  | ",
                "信息内容 | 规章 | 1 |  | 4,657",
            ]
        );
        assert!(lines[3].delimited && !lines[1].delimited);
        // Given once, as a copied page shows them (for plans, whose pages
        // have their merged cells written out before).
        let once = html_lines_with(html, false);
        assert_eq!(
            texts(&once)[3..],
            ["信息内容 | 本年新制作数量", "规章 | 1 |  | 4,657"]
        );
    }

    #[test]
    fn merged_cells_are_spread_over_the_rows_and_columns_they_cover() {
        // A label merged down over two rows beside a cell merged across two
        // columns; a cell merged down and across; a short row that the
        // merged cell still covers.
        let html = "<table>\
            <tr><td rowspan=2>甲</td><td colspan=2>乙</td><td>1</td></tr>\
            <tr><td>丙</td><td rowspan=2 colspan=2>丁</td></tr>\
            <tr><td>戊</td><td>己</td></tr>\
            </table>";
        assert_eq!(
            texts(&html_lines(html)),
            vec!["甲 | 乙 |  | 1", "甲 | 丙 | 丁 | ", "戊 | 己 | 丁 | "]
        );
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
    fn entities_are_decoded_by_the_tokenizer() {
        // `&unknown;` is no entity and a lone `&` is text: both kept as written.
        let html = "<p>a&amp;b&#20013;&#x6587;&unknown;&</p><p>&frac12;&rarr;&le;&permil;</p>";
        assert_eq!(texts(&html_lines(html)), vec!["a&b中文&unknown;&", "½→≤‰"]);
    }
}
