//! Office files as HTML for reading on a page: a DOCX becomes headings,
//! paragraphs (bold and italic kept), lists and tables with their merged
//! cells; an XLSX becomes one table per worksheet. Used for the reviewer's
//! preview of attachments and to take an item's body from a Word file.
//! The result is cleaned by the body allow-list
//! (`gongkai_domain::catalogue::body::sanitize`) before it is returned.

pub(crate) use gongkai_domain::markup::escape;

use std::collections::HashMap;
use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use gongkai_domain::catalogue::body::sanitize;
use quick_xml::Reader as XmlReader;
use quick_xml::events::{BytesStart, Event};

use crate::decode::ReadError;

/// Parts larger than this are refused (a ZIP bomb, not a document).
const MAX_PART: u64 = 64 * 1024 * 1024;
/// A worksheet shows at most this many rows and columns.
const MAX_ROWS: usize = 2000;
const MAX_COLS: usize = 60;

/// A DOCX converted: its HTML and its pictures. A picture is written
/// `<img src="docx-media:{n}">`, `n` its index in `images`: the caller
/// stores them and puts their addresses in (or leaves them out).
pub struct DocxHtml {
    pub html: String,
    pub images: Vec<DocxImage>,
}

pub struct DocxImage {
    /// The name inside the package (`image1.png`).
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The file as cleaned HTML, by its name's extension (`.docx`, `.xlsx`).
pub fn to_html(filename: &str, bytes: &[u8]) -> Result<String, ReadError> {
    let lower = filename.to_lowercase();
    if lower.ends_with(".xlsx") {
        xlsx_to_html(bytes)
    } else {
        Ok(sanitize(&docx_to_html(bytes)?.html).html)
    }
}

fn part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<Vec<u8>>, ReadError> {
    let Ok(f) = zip.by_name(name) else {
        return Ok(None);
    };
    if f.size() > MAX_PART {
        return Err(ReadError::BadDocx(format!("{name} 过大")));
    }
    let mut out = Vec::new();
    f.take(MAX_PART)
        .read_to_end(&mut out)
        .map_err(|e| ReadError::BadDocx(e.to_string()))?;
    Ok(Some(out))
}

fn attr(e: &BytesStart<'_>, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

/// The DOCX as HTML (not yet cleaned) with its pictures.
pub fn docx_to_html(bytes: &[u8]) -> Result<DocxHtml, ReadError> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::BadDocx(e.to_string()))?;
    let document = part(&mut zip, "word/document.xml")?
        .ok_or_else(|| ReadError::BadDocx("缺少 word/document.xml".into()))?;
    let headings = part(&mut zip, "word/styles.xml")?
        .map(|x| heading_styles(&x))
        .unwrap_or_default();
    let bullets = part(&mut zip, "word/numbering.xml")?
        .map(|x| bullet_lists(&x))
        .unwrap_or_default();
    let targets = part(&mut zip, "word/_rels/document.xml.rels")?
        .map(|x| relationships(&x))
        .unwrap_or_default();
    let mut w = Writer::new(headings, bullets);
    w.read(&document)?;
    let mut images = Vec::new();
    for rel in &w.pictures {
        let name = targets.get(rel).cloned().unwrap_or_default();
        let bytes = part(&mut zip, &format!("word/{name}"))?.unwrap_or_default();
        let short = name.rsplit('/').next().unwrap_or(&name).to_string();
        images.push(DocxImage { name: short, bytes });
    }
    Ok(DocxHtml {
        html: w.out,
        images,
    })
}

/// styleId → heading level, from the style names (`heading 1`, `标题 1`,
/// `Title`): Chinese Word writes ids such as `1`, so the names decide.
fn heading_styles(xml: &[u8]) -> HashMap<String, u8> {
    let mut map = HashMap::new();
    let mut r = XmlReader::from_reader(xml);
    let mut id = String::new();
    let mut buf = Vec::new();
    while let Ok(ev) = r.read_event_into(&mut buf) {
        match ev {
            Event::Start(e) if e.name().as_ref() == b"w:style" => {
                id = attr(&e, b"w:styleId").unwrap_or_default();
            }
            Event::Empty(e) if e.name().as_ref() == b"w:name" => {
                let name = attr(&e, b"w:val").unwrap_or_default().to_lowercase();
                let level = if name == "title" || name == "标题" {
                    Some(1)
                } else {
                    name.strip_prefix("heading ")
                        .or_else(|| name.strip_prefix("标题 "))
                        .and_then(|n| n.trim().parse::<u8>().ok())
                };
                if let Some(l) = level {
                    map.insert(id.clone(), l);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    map
}

/// numIds whose first level is a bullet list (the others are numbered).
fn bullet_lists(xml: &[u8]) -> Vec<String> {
    let mut r = XmlReader::from_reader(xml);
    let mut abstract_id = String::new();
    let mut in_level0 = false;
    let mut bullet_abstract = Vec::new();
    let mut num_id = String::new();
    let mut num_to_abstract = Vec::new();
    let mut buf = Vec::new();
    while let Ok(ev) = r.read_event_into(&mut buf) {
        match ev {
            Event::Start(e) => match e.name().as_ref() {
                b"w:abstractNum" => abstract_id = attr(&e, b"w:abstractNumId").unwrap_or_default(),
                b"w:lvl" => in_level0 = attr(&e, b"w:ilvl").as_deref() == Some("0"),
                b"w:num" => num_id = attr(&e, b"w:numId").unwrap_or_default(),
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                b"w:numFmt" if in_level0 && attr(&e, b"w:val").as_deref() == Some("bullet") => {
                    bullet_abstract.push(abstract_id.clone());
                }
                b"w:abstractNumId" => {
                    num_to_abstract.push((num_id.clone(), attr(&e, b"w:val").unwrap_or_default()));
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    num_to_abstract
        .into_iter()
        .filter(|(_, a)| bullet_abstract.contains(a))
        .map(|(n, _)| n)
        .collect()
}

/// rId → target (`media/image1.png`).
fn relationships(xml: &[u8]) -> HashMap<String, String> {
    let mut map = HashMap::new();
    let mut r = XmlReader::from_reader(xml);
    let mut buf = Vec::new();
    while let Ok(ev) = r.read_event_into(&mut buf) {
        match ev {
            Event::Empty(e) | Event::Start(e) if e.name().as_ref() == b"Relationship" => {
                if let (Some(id), Some(t)) = (attr(&e, b"Id"), attr(&e, b"Target")) {
                    map.insert(id, t);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    map
}

#[path = "office_docx.rs"]
mod docx_writer;
use docx_writer::Writer;

/// The workbook as one table per worksheet (cleaned HTML).
pub fn xlsx_to_html(bytes: &[u8]) -> Result<String, ReadError> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| ReadError::BadDocx(format!("不是可读的 Excel（.xlsx）文件：{e}")))?;
    let mut out = String::new();
    for name in wb.sheet_names() {
        let Ok(range) = wb.worksheet_range(&name) else {
            continue;
        };
        out.push_str(&format!("<h3>{}</h3><table>", escape(&name)));
        for row in range.rows().take(MAX_ROWS) {
            out.push_str("<tr>");
            for cell in row.iter().take(MAX_COLS) {
                out.push_str(&format!("<td>{}</td>", escape(&cell_text(cell))));
            }
            out.push_str("</tr>");
        }
        out.push_str("</table>");
        if range.height() > MAX_ROWS {
            out.push_str(&format!(
                "<p>（本表共{}行，预览只显示前{MAX_ROWS}行）</p>",
                range.height()
            ));
        }
    }
    Ok(sanitize(&out).html)
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

#[cfg(test)]
#[path = "office_tests.rs"]
mod tests;
