//! DOCX: the paragraphs and table rows of `word/document.xml`, in document
//! order. A cell continuing a vertical merge (`<w:vMerge/>`) is left out,
//! as a copied HTML table leaves out a cell under a `rowspan`; a cell's
//! paragraphs are joined without a separator (a header over two lines is
//! one label).

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::decode::ReadError;
use crate::lines::Line;

/// `document.xml` larger than this is refused (a ZIP bomb, not a report).
const MAX_XML: u64 = 64 * 1024 * 1024;

pub(crate) fn entity(name: &str) -> Option<char> {
    if let Some(hex) = name.strip_prefix("#x") {
        return u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
    }
    if let Some(dec) = name.strip_prefix('#') {
        return dec.parse().ok().and_then(char::from_u32);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

/// Whether a `<w:vMerge>` continues the cell above (it restarts a merge
/// only with `w:val="restart"`).
fn continues_merge(e: &quick_xml::events::BytesStart<'_>) -> bool {
    !e.attributes()
        .flatten()
        .any(|a| a.value.as_ref() == b"restart")
}

pub fn docx_lines(bytes: &[u8]) -> Result<Vec<Line>, ReadError> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::BadDocx(e.to_string()))?;
    let mut xml = Vec::new();
    zip.by_name("word/document.xml")
        .map_err(|_| ReadError::BadDocx("缺少 word/document.xml".into()))?
        .take(MAX_XML)
        .read_to_end(&mut xml)
        .map_err(|e| ReadError::BadDocx(e.to_string()))?;
    let mut reader = Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    let mut lines = Vec::new();
    let mut para = String::new();
    let mut in_text = false;
    // Open tables: the current row's cells, the current cell's text, and
    // whether the cell continues a vertical merge.
    struct Table {
        row: Vec<String>,
        cell: String,
        continues: bool,
    }
    let mut tables: Vec<Table> = Vec::new();
    let mut no = 0usize;
    while lines.len() <= crate::lines::MAX_LINES {
        let ev = reader.read_event_into(&mut buf).map_err(|e| {
            ReadError::BadDocx(format!(
                "document.xml 第{}字节：{e}",
                reader.buffer_position()
            ))
        })?;
        match ev {
            Event::Eof => break,
            Event::Start(e) => match e.name().as_ref() {
                b"w:t" => in_text = true,
                b"w:p" => para.clear(),
                b"w:tbl" => tables.push(Table {
                    row: Vec::new(),
                    cell: String::new(),
                    continues: false,
                }),
                b"w:tr" => {
                    if let Some(t) = tables.last_mut() {
                        t.row.clear();
                    }
                }
                b"w:tc" => {
                    if let Some(t) = tables.last_mut() {
                        t.cell.clear();
                        t.continues = false;
                    }
                }
                b"w:vMerge" => {
                    if let Some(t) = tables.last_mut() {
                        t.continues = continues_merge(&e);
                    }
                }
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                b"w:tab" => para.push(' '),
                b"w:br" | b"w:cr" if tables.is_empty() => {
                    no += 1;
                    lines.push(Line::plain(no, &para));
                    para.clear();
                }
                b"w:vMerge" => {
                    if let Some(t) = tables.last_mut() {
                        t.continues = continues_merge(&e);
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                para.push_str(&t.decode().unwrap_or_default());
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(c) = r.decode().ok().and_then(|n| entity(&n)) {
                    para.push(c);
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
                                lines.push(Line::plain(no, &para));
                            }
                        }
                    }
                    para.clear();
                }
                b"w:tc" => {
                    if let Some(t) = tables.last_mut()
                        && !t.continues
                    {
                        let cell = std::mem::take(&mut t.cell);
                        t.row.push(cell);
                    }
                }
                b"w:tr" => {
                    if let Some(t) = tables.last_mut() {
                        no += 1;
                        let row = std::mem::take(&mut t.row);
                        if !row.is_empty() {
                            lines.push(Line::row(no, row));
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
    Ok(lines)
}
