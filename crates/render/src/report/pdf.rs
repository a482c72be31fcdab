//! The annual report as PDF, typeset by typst in the World of the letters
//! ([`crate::pdf::compile`]): the same content and layout as the DOCX, the
//! tables as typst `table`s with `table.cell(rowspan: …, colspan: …)`, their
//! header rows repeated when a table runs over a page.

use std::fmt::Write as _;

use gongkai_domain::report::AnnualReport;

use super::{Grid, PartTable, Role, paragraphs, part_table};
use crate::RenderError;
use crate::fonts::FontSet;
use crate::pdf::{compile, lit, lit_list};

/// One cell as a typst `table.cell`.
fn cell(text: &str, rowspan: usize, colspan: usize, role: Role) -> String {
    let mut args = String::new();
    if rowspan > 1 {
        let _ = write!(args, "rowspan: {rowspan}, ");
    }
    if colspan > 1 {
        let _ = write!(args, "colspan: {colspan}, ");
    }
    if role == Role::Label {
        args.push_str("align: left + horizon, ");
    }
    let body = if role == Role::Header {
        format!("text(weight: \"bold\", {})", lit(text))
    } else {
        lit(text)
    };
    format!("table.cell({args}{body})")
}

/// A grid as a typst `table` (the writer's placement is typst's own: each
/// cell takes the next free slot, as the grid's rows are listed).
fn table(grid: &Grid) -> String {
    let columns: Vec<String> = grid.widths.iter().map(|w| format!("{w:.2}mm")).collect();
    let rows: Vec<String> = grid
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| cell(&c.text, c.rowspan, c.colspan, c.role))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect();
    let header_rows = grid.header_rows.min(rows.len());
    let (header, body) = rows.split_at(header_rows);
    let mut out = String::new();
    let _ = writeln!(out, "#flush(block(width: 100%, {{");
    let _ = writeln!(out, "  set text(size: {}pt)", grid.size);
    let _ = writeln!(out, "  set par(leading: 0.4em, spacing: 0.4em)");
    let _ = writeln!(out, "  table(");
    let _ = writeln!(out, "    columns: ({}),", columns.join(", "));
    let _ = writeln!(out, "    align: center + horizon,");
    let _ = writeln!(out, "    inset: (x: 2pt, y: 3pt),");
    let _ = writeln!(out, "    stroke: 0.5pt,");
    if !header.is_empty() {
        let _ = writeln!(out, "    table.header({}),", header.join(",\n      "));
    }
    for row in body {
        let _ = writeln!(out, "    {row},");
    }
    let _ = writeln!(out, "  )");
    let _ = writeln!(out, "}}))");
    let _ = writeln!(out, "#v(6pt)");
    out
}

/// The typst source of the report.
pub(crate) fn typst_source(r: &AnnualReport, fonts: &FontSet) -> String {
    let title = r.title();
    let mut s = format!(
        r#"#let body-font = {body_fonts}
#let title-font = {title_fonts}
#let heading-font = {heading_fonts}
#set document(title: {title}, author: {agency})
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
#flush(align(center, text(font: title-font, size: 22pt, weight: "bold", {title})))
#v(16pt)
"#,
        body_fonts = lit_list(&fonts.body),
        title_fonts = lit_list(&fonts.title),
        heading_fonts = lit_list(&fonts.heading),
        title = lit(&title),
        agency = lit(&r.agency),
    );
    for (i, text) in r.parts.iter().enumerate() {
        let _ = writeln!(
            s,
            "#block(sticky: true, par(text(font: heading-font, weight: \"bold\", {})))",
            lit(r.part_title(i))
        );
        for p in paragraphs(text) {
            let _ = writeln!(s, "#par(text({}))", lit(p));
        }
        match part_table(i) {
            PartTable::None => {}
            PartTable::Table2 => s.push_str(&table(&super::table2_grid(r))),
            PartTable::Table3 => {
                let _ = writeln!(
                    s,
                    "#block(sticky: true, flush(align(center, text(size: 12pt, {}))))",
                    lit(r.format.table3_header_note())
                );
                s.push_str(&table(&super::table3_grid(r)));
            }
            PartTable::Table4 => s.push_str(&table(&super::table4_grid(r))),
        }
    }
    s
}

pub(crate) fn report_pdf(r: &AnnualReport) -> Result<Vec<u8>, RenderError> {
    compile(|fonts| typst_source(r, fonts))
}

#[cfg(test)]
mod tests {
    use super::cell;
    use crate::report::Role;

    #[test]
    fn cells_carry_their_spans_and_escaped_text() {
        assert_eq!(
            cell("申请人情况", 1, 7, Role::Header),
            r#"table.cell(colspan: 7, text(weight: "bold", "申请人情况"))"#
        );
        assert_eq!(
            cell("（三）不予公开", 8, 1, Role::Group),
            r#"table.cell(rowspan: 8, "（三）不予公开")"#
        );
        assert_eq!(
            cell("1.\"x\"", 1, 1, Role::Label),
            r#"table.cell(align: left + horizon, "1.\"x\"")"#
        );
    }
}
