//! The streaming half of the DOCX converter: `word/document.xml` read
//! event by event into HTML. Paragraph styles that are headings become
//! `<h2>`–`<h6>` (the page's `<h1>` is the item's title), numbered
//! paragraphs become list items, tables keep `colspan` (`w:gridSpan`) and
//! get `rowspan` from vertical merges (`w:vMerge`).

use std::collections::HashMap;

use quick_xml::Reader as XmlReader;
use quick_xml::events::{BytesStart, Event};

use super::{attr, escape};
use crate::decode::ReadError;

#[derive(Default)]
pub(super) struct Writer {
    /// styleId → heading level (1 = title).
    pub headings: HashMap<String, u8>,
    /// numIds that are bullet lists.
    pub bullets: Vec<String>,
    pub out: String,
    /// rIds of pictures, in order (`docx-media:{index}`).
    pub pictures: Vec<String>,
    para: Option<Para>,
    bold: bool,
    italic: bool,
    in_text: bool,
    /// The open list: `Some(true)` numbered, `Some(false)` bullets.
    list: Option<bool>,
    tables: Vec<Table>,
}

#[derive(Default)]
struct Para {
    style: String,
    num: Option<String>,
    html: String,
}

#[derive(Default)]
struct Table {
    rows: Vec<Vec<Cell>>,
    in_cell: bool,
}

struct Cell {
    html: String,
    span: usize,
    merge: Merge,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Merge {
    None,
    Restart,
    Continue,
}

/// A `w:b`/`w:i` turns the property on unless it says `0`/`false`.
fn on(e: &BytesStart<'_>) -> bool {
    !matches!(attr(e, b"w:val").as_deref(), Some("0" | "false" | "none"))
}

impl Writer {
    pub fn new(headings: HashMap<String, u8>, bullets: Vec<String>) -> Writer {
        Writer {
            headings,
            bullets,
            ..Writer::default()
        }
    }

    pub fn read(&mut self, xml: &[u8]) -> Result<(), ReadError> {
        let mut r = XmlReader::from_reader(xml);
        let mut buf = Vec::new();
        loop {
            let ev = r.read_event_into(&mut buf).map_err(|e| {
                ReadError::BadDocx(format!("document.xml 第{}字节：{e}", r.buffer_position()))
            })?;
            match ev {
                Event::Eof => break,
                Event::Start(e) => self.start(&e),
                Event::Empty(e) => {
                    self.start(&e);
                    self.empty(&e);
                }
                Event::Text(t) if self.in_text => {
                    let text = t.decode().unwrap_or_default().into_owned();
                    self.push_text(&text);
                }
                Event::GeneralRef(g) if self.in_text => {
                    if let Some(c) = g.decode().ok().and_then(|n| crate::docx::entity(&n)) {
                        self.push_text(&c.to_string());
                    }
                }
                Event::End(e) => self.end(e.name().as_ref()),
                _ => {}
            }
            buf.clear();
        }
        self.close_list();
        Ok(())
    }

    fn start(&mut self, e: &BytesStart<'_>) {
        match e.name().as_ref() {
            b"w:p" => self.para = Some(Para::default()),
            b"w:pStyle" => {
                if let Some(p) = &mut self.para {
                    p.style = attr(e, b"w:val").unwrap_or_default();
                }
            }
            b"w:numId" => {
                if let Some(p) = &mut self.para {
                    p.num = attr(e, b"w:val").filter(|v| v != "0");
                }
            }
            b"w:r" => (self.bold, self.italic) = (false, false),
            b"w:b" => self.bold = on(e),
            b"w:i" => self.italic = on(e),
            b"w:t" => self.in_text = true,
            b"w:tbl" => {
                if self.tables.is_empty() {
                    self.close_list();
                }
                self.tables.push(Table::default());
            }
            b"w:tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.rows.push(Vec::new());
                }
            }
            b"w:tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.in_cell = true;
                    if let Some(row) = t.rows.last_mut() {
                        row.push(Cell {
                            html: String::new(),
                            span: 1,
                            merge: Merge::None,
                        });
                    }
                }
            }
            b"w:gridSpan" => {
                if let Some(c) = self.cell() {
                    c.span = attr(e, b"w:val")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1)
                        .clamp(1, 64);
                }
            }
            b"w:vMerge" => {
                let restart = attr(e, b"w:val").as_deref() == Some("restart");
                if let Some(c) = self.cell() {
                    c.merge = if restart {
                        Merge::Restart
                    } else {
                        Merge::Continue
                    };
                }
            }
            _ => {}
        }
    }

    /// Elements that only mean something empty: tabs, breaks, pictures.
    fn empty(&mut self, e: &BytesStart<'_>) {
        match e.name().as_ref() {
            b"w:tab" => self.push_html(" "),
            b"w:br" | b"w:cr" => self.push_html("<br>"),
            b"a:blip" => {
                if let Some(id) = attr(e, b"r:embed") {
                    let n = self.pictures.len();
                    self.pictures.push(id);
                    self.push_html(&format!("<img src=\"docx-media:{n}\" alt=\"图{}\">", n + 1));
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        match name {
            b"w:t" => self.in_text = false,
            b"w:p" => self.end_paragraph(),
            b"w:tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.in_cell = false;
                }
            }
            b"w:tbl" => {
                if let Some(t) = self.tables.pop() {
                    let html = table_html(&t.rows);
                    match self.cell() {
                        Some(c) => c.html.push_str(&html),
                        None => self.out.push_str(&html),
                    }
                }
            }
            _ => {}
        }
    }

    fn cell(&mut self) -> Option<&mut Cell> {
        let t = self.tables.last_mut().filter(|t| t.in_cell)?;
        t.rows.last_mut()?.last_mut()
    }

    fn push_text(&mut self, text: &str) {
        let mut s = escape(text);
        if self.italic {
            s = format!("<i>{s}</i>");
        }
        if self.bold {
            s = format!("<b>{s}</b>");
        }
        self.push_html(&s);
    }

    fn push_html(&mut self, s: &str) {
        if let Some(p) = &mut self.para {
            p.html.push_str(s);
        }
    }

    fn end_paragraph(&mut self) {
        let Some(p) = self.para.take() else {
            return;
        };
        let text = p.html.trim();
        if text.is_empty() {
            return;
        }
        if let Some(c) = self.cell() {
            c.html.push_str(&format!("<p>{text}</p>"));
            return;
        }
        if let Some(&level) = self.headings.get(&p.style) {
            self.close_list();
            let h = (level + 1).clamp(2, 6);
            self.out.push_str(&format!("<h{h}>{text}</h{h}>"));
        } else if let Some(num) = &p.num {
            let numbered = !self.bullets.contains(num);
            if self.list != Some(numbered) {
                self.close_list();
                self.out.push_str(if numbered { "<ol>" } else { "<ul>" });
                self.list = Some(numbered);
            }
            self.out.push_str(&format!("<li>{text}</li>"));
        } else {
            self.close_list();
            self.out.push_str(&format!("<p>{text}</p>"));
        }
    }

    fn close_list(&mut self) {
        match self.list.take() {
            Some(true) => self.out.push_str("</ol>"),
            Some(false) => self.out.push_str("</ul>"),
            None => {}
        }
    }
}

/// A table's rows as HTML: a cell restarting a vertical merge spans the
/// rows below whose cell at the same grid column continues it; continuing
/// cells are left out.
fn table_html(rows: &[Vec<Cell>]) -> String {
    // Each row's cells with their first grid column.
    let placed: Vec<Vec<(usize, &Cell)>> = rows
        .iter()
        .map(|row| {
            let mut col = 0;
            row.iter()
                .map(|c| {
                    let at = col;
                    col += c.span;
                    (at, c)
                })
                .collect()
        })
        .collect();
    let continues_at = |r: usize, col: usize| {
        placed.get(r).is_some_and(|row| {
            row.iter()
                .any(|(at, c)| *at == col && c.merge == Merge::Continue)
        })
    };
    let mut out = String::from("<table>");
    for (r, row) in placed.iter().enumerate() {
        out.push_str("<tr>");
        for (col, c) in row {
            if c.merge == Merge::Continue {
                continue;
            }
            let mut attrs = String::new();
            if c.span > 1 {
                attrs.push_str(&format!(" colspan=\"{}\"", c.span));
            }
            if c.merge == Merge::Restart {
                let below = (r + 1..placed.len())
                    .take_while(|&b| continues_at(b, *col))
                    .count();
                if below > 0 {
                    attrs.push_str(&format!(" rowspan=\"{}\"", below + 1));
                }
            }
            out.push_str(&format!("<td{attrs}>{}</td>", c.html));
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
    out
}
