//! PDF through typst (as a library): the document becomes a generated typst
//! source, compiled in a minimal [`World`] whose only fonts are the system's
//! CJK fonts, and exported with typst-pdf, which embeds (subsets of) them.

use std::sync::{Arc, LazyLock};

use chrono::Datelike;
use gongkai_domain::document::{Block, Document, date_cn};
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use crate::RenderError;
use crate::docx::{TABLE_SIZE, cells, centred_columns, closing_start, column_widths, table_width};
use crate::fonts::{FontSet, fonts};

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

struct DocWorld {
    source: Source,
    fonts: Arc<FontSet>,
    book: LazyHash<FontBook>,
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.source.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.source.id() {
            Ok(self.source.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.source.id() {
            Ok(Bytes::from_string(self.source.text().to_string()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}

/// A typst string literal.
pub(crate) fn lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub(crate) fn lit_list(items: &[String]) -> String {
    let mut s = String::from("(");
    for i in items {
        s.push_str(&lit(i));
        s.push_str(", ");
    }
    s.push(')');
    s
}

/// The typst source of a document: A4 with the margins of GB/T 9704-2012, a
/// bold serif title of 22pt (二号), body 16pt (三号) with a two-character
/// first-line indent on a 28pt line pitch, issuer and date at the end on the
/// right, page numbers `— n —` when there is more than one page.
pub(crate) fn typst_source(doc: &Document, fonts: &FontSet) -> String {
    let block = |b: &Block| match b {
        Block::Paragraph(t) => format!("(\"p\", {})", lit(t)),
        Block::Heading(t) => format!("(\"h\", {})", lit(t)),
        Block::Table { columns, rows } => table_tuple(columns, rows),
    };
    // The closing block goes whole onto the page of the signature, so that
    // the signature never stands on a page without body text.
    let (body, closing) = doc.body.split_at(closing_start(&doc.body));
    let list = |blocks: &[Block]| match blocks {
        [] => "()".to_string(),
        _ => format!(
            "({},)",
            blocks.iter().map(block).collect::<Vec<_>>().join(", ")
        ),
    };
    let d = doc.date;
    format!(
        r#"#let body-font = {body_fonts}
#let title-font = {title}
#let heading-font = {heading}
#let blocks = {blocks}
#let closing = {closing}
#set document(title: {doc_title}, author: {issuer}, date: datetime(year: {y}, month: {m}, day: {day}))
#set page(
  paper: "a4",
  margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm),
  footer: context {{
    let total = counter(page).final().first()
    if total > 1 {{
      align(center, text(size: 14pt, font: body-font, "— " + str(counter(page).get().first()) + " —"))
    }}
  }},
)
#set text(font: body-font, size: 16pt, lang: "zh", region: "cn", cjk-latin-spacing: none, top-edge: 0.88em, bottom-edge: -0.12em)
#set par(leading: 12pt, spacing: 12pt, justify: true, first-line-indent: (amount: 2em, all: true))
#let flush(body) = {{
  set par(first-line-indent: 0pt, justify: false)
  body
}}
#let show-block(b) = {{
  if b.at(0) == "h" {{
    par(text(font: heading-font, weight: "bold", b.at(1)))
  }} else if b.at(0) == "t" {{
    // A table without columns prints nothing.
    if b.at(1).len() == 0 {{ return }}
    let aligns = b.at(2)
    flush(block(width: 100%, above: 12pt, below: 12pt, {{
      set text(size: {table_size}pt)
      set par(leading: 8pt, spacing: 8pt)
      table(
        columns: b.at(1),
        align: (x, y) => if y == 0 {{ center + horizon }} else {{ aligns.at(x) }},
        inset: (x: 4pt, y: 5pt),
        stroke: 0.5pt,
        table.header(..b.at(3).map(c => text(weight: "bold", c))),
        ..b.at(4).flatten(),
      )
    }}))
  }} else {{
    par(text(b.at(1)))
  }}
}}
#flush(align(center, text(font: title-font, size: 22pt, weight: "bold", {doc_title})))
#if {number} != "" {{
  flush(align(center, text({number})))
}}
#v(16pt)
#if {recipient} != "" {{
  flush(par(text({recipient})))
}}
#for b in blocks {{
  show-block(b)
}}
#block(breakable: false, width: 100%, above: 12pt, {{
  for b in closing {{
    show-block(b)
  }}
  v(28pt)
  flush(align(right, pad(right: 2em, block(align(center, stack(spacing: 12pt, text({issuer}), text({date_text})))))))
}})
"#,
        body_fonts = lit_list(&fonts.body),
        title = lit_list(&fonts.title),
        heading = lit_list(&fonts.heading),
        blocks = list(body),
        closing = list(closing),
        doc_title = lit(&doc.title),
        issuer = lit(&doc.issuer),
        y = d.year(),
        m = d.month(),
        day = d.day(),
        number = lit(&doc.number),
        recipient = lit(&doc.recipient),
        date_text = lit(&date_cn(d)),
        table_size = TABLE_SIZE,
    )
}

/// A [`Block::Table`] as the typst tuple `("t", columns, aligns, header,
/// rows)`: the columns as fractions of the text width in the proportions of
/// the DOCX, short columns centred, every row as many cells as the header.
fn table_tuple(columns: &[String], rows: &[Vec<String>]) -> String {
    let n = table_width(columns, rows);
    let widths = array(
        column_widths(columns, rows)
            .iter()
            .map(|w| format!("{w}fr")),
    );
    let aligns = array(centred_columns(rows, n).iter().map(|c| {
        let side = if *c { "center" } else { "left" };
        format!("{side} + horizon")
    }));
    let row = |r: &[String]| array(cells(r, n).into_iter().map(lit));
    let body = array(rows.iter().map(|r| row(r)));
    format!("(\"t\", {widths}, {aligns}, {}, {body})", row(columns))
}

/// A typst array of expressions: `(a, b, )`, `()` when empty (the trailing
/// comma makes one item an array, not a parenthesised value).
fn array(items: impl IntoIterator<Item = String>) -> String {
    let mut s = String::from("(");
    for i in items {
        s.push_str(&i);
        s.push_str(", ");
    }
    s.push(')');
    s
}

fn diagnostics(diags: &[SourceDiagnostic]) -> String {
    diags
        .iter()
        .map(|d| d.message.to_string())
        .collect::<Vec<_>>()
        .join("；")
}

pub(crate) fn to_pdf(doc: &Document) -> Result<Vec<u8>, RenderError> {
    compile(|fonts| typst_source(doc, fonts))
}

/// Compiles the typst source that `source` writes for the loaded fonts and
/// exports it as PDF, the fonts embedded.
pub(crate) fn compile(source: impl FnOnce(&FontSet) -> String) -> Result<Vec<u8>, RenderError> {
    let fonts = fonts()?;
    let world = DocWorld {
        source: Source::detached(source(&fonts)),
        book: LazyHash::new(fonts.book.clone()),
        fonts,
    };
    let compiled = typst::compile::<PagedDocument>(&world).output;
    // Keep typst's memoization cache small in a long-running server.
    typst::comemo::evict(4);
    let paged = compiled.map_err(|e| RenderError::Pdf(diagnostics(&e)))?;
    typst_pdf::pdf(&paged, &typst_pdf::PdfOptions::default())
        .map(without_false_suspects)
        .map_err(|e| RenderError::Pdf(diagnostics(&e)))
}

/// What typst writes in the catalogue's mark information.
const FALSE_SUSPECTS: &[u8] = b"/Suspects false";

/// Blanks typst's `/Suspects false` (the default value, PDF 32000-1
/// §14.7.1) in the catalogue's `/MarkInfo`: poppler (`pdfinfo`, and the
/// readers built on it) reports any `Suspects` that is not `true` as a
/// syntax error, so an agency checking the file would see “Syntax Error”.
/// Spaces of the same length keep every byte offset of the cross-reference
/// table valid; the dictionary means the same without the entry.
fn without_false_suspects(mut pdf: Vec<u8>) -> Vec<u8> {
    let at = pdf
        .windows(FALSE_SUSPECTS.len())
        .position(|w| w == FALSE_SUSPECTS);
    if let Some(at) = at {
        pdf[at..at + FALSE_SUSPECTS.len()].fill(b' ');
    }
    pdf
}

#[cfg(test)]
mod tests {
    use super::{lit, without_false_suspects};

    #[test]
    fn the_false_suspects_entry_is_blanked_in_place() {
        let catalogue = b"/MarkInfo<</Marked true/Suspects false>>/ViewerPreferences".to_vec();
        let out = without_false_suspects(catalogue.clone());
        assert_eq!(out.len(), catalogue.len());
        assert_eq!(
            out,
            b"/MarkInfo<</Marked true               >>/ViewerPreferences".to_vec()
        );
        let other = b"/MarkInfo<</Marked true>>".to_vec();
        assert_eq!(without_false_suspects(other.clone()), other);
    }

    #[test]
    fn literals_escape_quotes_backslashes_and_newlines() {
        assert_eq!(lit(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(lit("x\ny\u{7}"), r#""x\ny""#);
        assert_eq!(lit("#set page(\"a5\")"), r##""#set page(\"a5\")""##);
    }
}
