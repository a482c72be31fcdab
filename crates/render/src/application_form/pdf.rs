//! The application form as PDF, typeset by typst in the World of the
//! letters ([`crate::pdf::compile`]): the same page, lines and table as the
//! DOCX; a row's least height is a box of that height in its blank cells.

use std::fmt::Write as _;

use super::{ApplicationForm, CELL_PT, CellKind, FormCell, TITLE, WIDTHS_MM};
use crate::RenderError;
use crate::fonts::FontSet;
use crate::pdf::{compile, lit, lit_list};

/// The cells' inset above and below, in points (in the least height).
const INSET_PT: f32 = 3.0;
/// The inset above and below boxes to tick, in millimetres: a line of them
/// stands in a row about as high as one to write in.
const CHOICE_INSET_MM: f32 = 2.5;

/// One cell as a typst `table.cell`; `min_mm` the row's least height.
fn cell(c: &FormCell, min_mm: f32) -> String {
    let mut args = String::new();
    if c.rowspan > 1 {
        let _ = write!(args, "rowspan: {}, ", c.rowspan);
    }
    if c.colspan > 1 {
        let _ = write!(args, "colspan: {}, ", c.colspan);
    }
    let body = match c.kind {
        CellKind::Group => format!("align(center, text(weight: \"bold\", {}))", lit(&c.text)),
        CellKind::Label => format!("align(center, text({}))", lit(&c.text)),
        // Boxes to tick get room above and below, as a row to write in.
        CellKind::Choice => format!(
            "inset: (x: 4pt, y: {CHOICE_INSET_MM}mm), text({})",
            lit(&c.text)
        ),
        // Blank: as tall as the row should be, less the insets.
        CellKind::Blank => format!("box(height: {min_mm}mm - {}pt)", 2.0 * INSET_PT),
    };
    format!("table.cell({args}{body})")
}

pub(crate) fn typst_source(form: &ApplicationForm, fonts: &FontSet) -> String {
    let [addressee, request] = form.opening();
    let columns: Vec<String> = WIDTHS_MM.iter().map(|w| format!("{w}mm")).collect();
    let mut s = format!(
        r#"#let body-font = {body_fonts}
#let title-font = {title_fonts}
#set document(title: {title}, author: {agency})
#set page(paper: "a4", margin: (top: 25mm, bottom: 20mm, left: 28mm, right: 26mm))
#set text(font: body-font, size: 12pt, lang: "zh", region: "cn", cjk-latin-spacing: none)
#set par(leading: 8pt, spacing: 8pt, justify: true)
#align(center, text(font: title-font, size: 18pt, weight: "bold", {title}))
#v(6pt)
#par(text({addressee}))
#par(first-line-indent: (amount: 2em, all: true), text({request}))
#v(4pt)
#block(width: 100%, {{
  set text(size: {cell_pt}pt)
  set par(leading: 4pt, spacing: 4pt, justify: false)
  table(
    columns: ({columns}),
    align: left + horizon,
    inset: (x: 4pt, y: {inset}pt),
    stroke: 0.5pt,
"#,
        body_fonts = lit_list(&fonts.body),
        title_fonts = lit_list(&fonts.title),
        title = lit(TITLE),
        agency = lit(&form.agency),
        addressee = lit(&addressee),
        request = lit(&request),
        cell_pt = CELL_PT,
        columns = columns.join(", "),
        inset = INSET_PT,
    );
    for r in form.rows() {
        let cells: Vec<String> = r.cells.iter().map(|c| cell(c, r.min_mm)).collect();
        let _ = writeln!(s, "    {},", cells.join(", "));
    }
    s.push_str("  )\n})\n#v(6pt)\n#set text(size: 10pt)\n#set par(leading: 5pt, spacing: 5pt)\n");
    let _ = writeln!(s, "#par(text({}))", lit("填表说明："));
    for (i, note) in form.notes().iter().enumerate() {
        let _ = writeln!(s, "#par(text({}))", lit(&format!("{}. {note}", i + 1)));
    }
    s
}

pub(crate) fn application_form_pdf(form: &ApplicationForm) -> Result<Vec<u8>, RenderError> {
    compile(|fonts| typst_source(form, fonts))
}
