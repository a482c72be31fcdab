//! A plan's DOCX as lines, its tables as full grids: a cell continuing a
//! vertical merge (`<w:vMerge/>`) holds the text of the cell it continues,
//! and a cell spanning columns (`<w:gridSpan w:val="2"/>`) stands in each
//! of them — a merged 工作任务 applies to every row it spans. (The report
//! reader, `crate::docx`, leaves continued cells out instead, as a copied
//! page does; a plan's table needs to know which column a cell is in.)

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::{BytesStart, Event};

use crate::decode::ReadError;
use crate::lines::{Line, MAX_CELLS, MAX_LINES};

/// `document.xml` larger than this is refused (a ZIP bomb, not a plan).
const MAX_XML: u64 = 64 * 1024 * 1024;

/// A table being read: the row so far, the cell being read, and the row
/// above (by grid column) for the cells that continue it.
#[derive(Default)]
struct Table {
    row: Vec<String>,
    cell: String,
    continues: bool,
    span: usize,
    above: Vec<String>,
}

impl Table {
    fn end_cell(&mut self) {
        let text = if self.continues {
            self.above.get(self.row.len()).cloned().unwrap_or_default()
        } else {
            std::mem::take(&mut self.cell)
        };
        for _ in 0..self.span.clamp(1, MAX_CELLS) {
            self.row.push(text.clone());
        }
        self.cell.clear();
    }

    fn end_row(&mut self) -> Vec<String> {
        let row = std::mem::take(&mut self.row);
        self.above = row.clone();
        row
    }
}

fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

/// Reads `word/document.xml` of a DOCX.
fn document_xml(bytes: &[u8]) -> Result<Vec<u8>, ReadError> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::BadDocx(e.to_string()))?;
    let mut xml = Vec::new();
    zip.by_name("word/document.xml")
        .map_err(|_| ReadError::BadDocx("缺少 word/document.xml".into()))?
        .take(MAX_XML)
        .read_to_end(&mut xml)
        .map_err(|e| ReadError::BadDocx(e.to_string()))?;
    Ok(xml)
}

/// The document's paragraphs (plain lines) and table rows (delimited lines,
/// one cell per grid column), numbered in document order.
pub(super) fn lines(bytes: &[u8]) -> Result<Vec<Line>, ReadError> {
    let xml = document_xml(bytes)?;
    let mut reader = Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut para = String::new();
    let mut in_text = false;
    let mut tables: Vec<Table> = Vec::new();
    let mut no = 0usize;
    while out.len() <= MAX_LINES {
        let ev = reader.read_event_into(&mut buf).map_err(|e| {
            ReadError::BadDocx(format!(
                "document.xml 第{}字节：{e}",
                reader.buffer_position()
            ))
        })?;
        match ev {
            Event::Eof => break,
            Event::Start(e) => start(&e, &mut tables, &mut in_text, &mut para),
            Event::Empty(e) => match e.name().as_ref() {
                // A line break outside a table ends a line, as in the
                // report reader; inside a cell the text runs on.
                b"w:br" | b"w:cr" if tables.is_empty() => {
                    no += 1;
                    if !para.trim().is_empty() {
                        out.push(Line::plain(no, &para));
                    }
                    para.clear();
                }
                b"w:t" | b"w:p" | b"w:tc" | b"w:tbl" | b"w:tr" => {}
                _ => start(&e, &mut tables, &mut in_text, &mut para),
            },
            Event::Text(t) if in_text => para.push_str(&t.decode().unwrap_or_default()),
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    para.push(c);
                } else if let Some(s) = r.decode().ok().and_then(|n| resolve_xml_entity(&n)) {
                    para.push_str(s);
                }
            }
            Event::End(e) => match e.name().as_ref() {
                b"w:t" => in_text = false,
                b"w:p" => {
                    match tables.last_mut() {
                        Some(t) => t.cell.push_str(para.trim()),
                        None => {
                            no += 1;
                            if !para.trim().is_empty() {
                                out.push(Line::plain(no, &para));
                            }
                        }
                    }
                    para.clear();
                }
                b"w:tc" => {
                    if let Some(t) = tables.last_mut() {
                        t.end_cell();
                    }
                }
                b"w:tr" => {
                    if let Some(t) = tables.last_mut() {
                        no += 1;
                        let row = t.end_row();
                        if row.iter().any(|c| !c.is_empty()) {
                            out.push(Line::row(no, row));
                        }
                    }
                }
                b"w:tbl" => {
                    tables.pop();
                }
                _ => {}
            },
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// An element opening (or standing alone): text runs, paragraphs, tables,
/// cells and the cell properties that say how a cell is merged.
fn start(e: &BytesStart<'_>, tables: &mut Vec<Table>, in_text: &mut bool, para: &mut String) {
    match e.name().as_ref() {
        b"w:t" => *in_text = true,
        b"w:p" => para.clear(),
        b"w:tab" => para.push(' '),
        b"w:tbl" => tables.push(Table::default()),
        b"w:tc" => {
            if let Some(t) = tables.last_mut() {
                t.cell.clear();
                t.continues = false;
                t.span = 1;
            }
        }
        b"w:vMerge" => {
            if let Some(t) = tables.last_mut() {
                // Only `w:val="restart"` opens a merge; no value continues one.
                t.continues = attr(e, b"w:val").is_none_or(|v| v != "restart");
            }
        }
        b"w:gridSpan" => {
            if let Some(t) = tables.last_mut() {
                t.span = attr(e, b"w:val").and_then(|v| v.parse().ok()).unwrap_or(1);
            }
        }
        _ => {}
    }
}
