//! DOCX through docx-rs, in the look of GB/T 9704-2012: A4, title centred in
//! 方正小标宋简体 bold 二号 (22pt), body 仿宋_GB2312 三号 (16pt) with a
//! two-character first-line indent and an exact 28pt line pitch, sub-headings
//! in 黑体, issuer and date on the right, page numbers `— n —` in the footer.
//!
//! The fonts are the reader's. The font table names a fallback for each
//! (仿宋_GB2312 → 仿宋 / FangSong, 方正小标宋简体 → 宋体, 黑体 → SimHei) with
//! the GB2312 character set, and the default language is zh-CN, so Word, WPS
//! and LibreOffice all pick a Chinese font when the named one is missing.

use std::io::{Cursor, Read, Write};

use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum, Paragraph, Run,
    RunFonts, SpecialIndentType, Table, TableAlignmentType, TableBorder, TableBorderPosition,
    TableBorders, TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType, WidthType,
};
use gongkai_domain::document::{Block, Document, date_cn};

use crate::RenderError;
pub(crate) use crate::docx_core::CoreMeta;

/// East-Asian font of the body.
pub const BODY_FONT: &str = "仿宋_GB2312";
/// East-Asian font of the title.
pub const TITLE_FONT: &str = "方正小标宋简体";
/// East-Asian font of sub-headings.
pub const HEADING_FONT: &str = "黑体";
/// Font of Latin letters and digits.
pub(crate) const LATIN_FONT: &str = "Times New Roman";

/// 1pt = 20 twips.
pub(crate) const fn pt(points: i32) -> i32 {
    points * 20
}

/// A4 in twips.
pub(crate) const A4_WIDTH: u32 = 11906;
pub(crate) const A4_HEIGHT: u32 = 16838;
/// Two characters of 16pt.
pub(crate) const INDENT_2_CHARS: i32 = pt(32);

pub(crate) fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii(LATIN_FONT)
        .hi_ansi(LATIN_FONT)
        .cs(LATIN_FONT)
        .hint("eastAsia")
}

pub(crate) fn run(text: &str, east_asia: &str, size_pt: usize) -> Run {
    Run::new()
        .add_text(text)
        .fonts(fonts(east_asia))
        .size(size_pt * 2)
}

pub(crate) fn exact(points: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(pt(points))
        .before(0)
        .after(0)
}

pub(crate) fn body_paragraph(run: Run) -> Paragraph {
    Paragraph::new()
        .add_run(run)
        .align(AlignmentType::Both)
        .indent(
            None,
            Some(SpecialIndentType::FirstLine(INDENT_2_CHARS)),
            None,
            None,
        )
        .line_spacing(exact(28))
}

pub(crate) fn flush(run: Run, align: AlignmentType) -> Paragraph {
    Paragraph::new()
        .add_run(run)
        .align(align)
        .line_spacing(exact(28))
}

pub(crate) fn blank() -> Paragraph {
    Paragraph::new().line_spacing(exact(28))
}

/// Left and right page margins in twips (28mm and 26mm).
const MARGIN_LEFT: u32 = 1588;
const MARGIN_RIGHT: u32 = 1474;
/// The width of the text area in twips (156mm).
pub(crate) const TEXT_WIDTH: u32 = A4_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;

/// An empty document with the official page: A4, the margins of GB/T
/// 9704-2012, body font and size as defaults, page numbers `— n —`.
pub(crate) fn official_page() -> Docx {
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(run("— ", BODY_FONT, 14))
            .add_page_num(PageNum::new())
            .add_run(run(" —", BODY_FONT, 14)),
    );
    Docx::new()
        .page_size(A4_WIDTH, A4_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(2098)
                .bottom(1984)
                .left(MARGIN_LEFT as i32)
                .right(MARGIN_RIGHT as i32)
                .header(851)
                .footer(992),
        )
        .default_fonts(fonts(BODY_FONT))
        .default_size(32)
        .footer(footer)
}

/// Characters of a line of body text (156mm at 16pt).
const CHARS_PER_LINE: usize = 27;

/// The longest closing block kept whole, in characters of body text: about
/// eight lines, a third of a page, so that moving it leaves the page before
/// not too empty.
const CLOSING_LIMIT: usize = 8 * CHARS_PER_LINE;

/// Where the closing block of a body starts: the index of its last block, or
/// of the one before when the last is a closing formula of one line
/// (特此告知。, 特此回执。), so that the issuer and the date stand on a page
/// with body text: GB/T 9704-2012 7.3.5 has the signature and the date follow
/// the body, and when the space left on a page cannot hold them the spacing
/// is adjusted — they do not go alone (nor with the closing formula alone) to
/// a page of their own. Blocks that would make the closing block longer than
/// [`CLOSING_LIMIT`] are left out of it: `body.len()` when even the last is
/// too long, or the body is empty.
pub(crate) fn closing_start(body: &[Block]) -> usize {
    // A table is never part of the closing block: kept whole with the
    // signature it could leave most of a page empty.
    let len = |b: &Block| match b {
        Block::Paragraph(t) | Block::Heading(t) => t.chars().count(),
        Block::Table { .. } => CLOSING_LIMIT + 1,
    };
    let Some((last, rest)) = body.split_last() else {
        return body.len();
    };
    if len(last) > CLOSING_LIMIT {
        return body.len();
    }
    match rest.last() {
        Some(before) if len(last) <= CHARS_PER_LINE && len(last) + len(before) <= CLOSING_LIMIT => {
            body.len() - 2
        }
        _ => body.len() - 1,
    }
}

fn build(doc: &Document) -> Docx {
    let mut docx = official_page().add_paragraph(
        Paragraph::new()
            .add_run(run(&doc.title, TITLE_FONT, 22).bold())
            .align(AlignmentType::Center)
            .line_spacing(exact(36)),
    );
    if !doc.number.is_empty() {
        docx = docx.add_paragraph(flush(
            run(&doc.number, BODY_FONT, 16),
            AlignmentType::Center,
        ));
    }
    docx = docx.add_paragraph(blank());
    if !doc.recipient.is_empty() {
        docx = docx.add_paragraph(flush(
            run(&doc.recipient, BODY_FONT, 16),
            AlignmentType::Left,
        ));
    }
    // The closing block (the last body paragraphs, issuer and date) stays on
    // one page: every paragraph of it keeps its lines together and keeps with
    // the next. Word breaks a chain too long for a page by itself, so the last
    // paragraph keeps with the signature even when too long for the PDF's
    // block.
    let closing = closing_start(&doc.body).min(doc.body.len().saturating_sub(1));
    for (i, block) in doc.body.iter().enumerate() {
        // The line that introduces a table (…如下：) stays with it.
        let before_table = matches!(doc.body.get(i + 1), Some(Block::Table { .. }));
        let p = match block {
            Block::Paragraph(t) => body_paragraph(run(t, BODY_FONT, 16)).keep_next(before_table),
            Block::Heading(t) => body_paragraph(run(t, HEADING_FONT, 16)).keep_next(true),
            // A table without columns prints nothing.
            Block::Table { columns, rows } if table_width(columns, rows) == 0 => continue,
            Block::Table { columns, rows } => {
                docx = docx
                    .add_table(table(columns, rows))
                    .add_paragraph(Paragraph::new().line_spacing(exact(14)));
                continue;
            }
        };
        docx = docx.add_paragraph(if i >= closing {
            p.keep_next(true).keep_lines(true)
        } else {
            p
        });
    }
    docx = docx
        .add_paragraph(blank().keep_next(true))
        .add_paragraph(blank().keep_next(true));
    for (line, keep) in [(doc.issuer.clone(), true), (date_cn(doc.date), false)] {
        docx = docx.add_paragraph(
            flush(run(&line, BODY_FONT, 16), AlignmentType::Right)
                .indent(None, None, Some(INDENT_2_CHARS), None)
                .keep_next(keep),
        );
    }
    docx
}

/// Table text: 仿宋_GB2312 小四 (12pt), as the annex tables of official
/// documents, on an exact 20pt line.
pub(crate) const TABLE_SIZE: usize = 12;

/// The number of columns of a table: the header's, or a longer row's.
pub(crate) fn table_width(columns: &[String], rows: &[Vec<String>]) -> usize {
    rows.iter().map(Vec::len).fold(columns.len(), usize::max)
}

/// A row's cells, as many as the table has columns (empty where short).
pub(crate) fn cells(row: &[String], n: usize) -> Vec<&str> {
    (0..n)
        .map(|i| row.get(i).map_or("", String::as_str))
        .collect()
}

/// The width of a line of table text at 12pt, in points: a Chinese
/// character 12, a Latin letter or digit 8 (its own width and the space
/// word processors put between it and Chinese characters).
fn width_pt(line: &str) -> usize {
    line.chars()
        .map(|c| if c.is_ascii() { 8 } else { 12 })
        .sum()
}

/// What a cell needs besides its text, in twips: the cell margins (2 × 4pt)
/// and 6pt for fonts wider than the estimate.
const CELL_EXTRA: usize = 280;
/// A column whose longest line is at most ten characters wide (a unit, a
/// date, a state) is short: it keeps its lines whole when the table allows.
const SHORT_PT: usize = 10 * 12;
/// The narrowest a column of long text (a task) is squeezed to while the
/// short columns keep their width: seven characters.
const MIN_LONG: usize = 7 * 12 * 20 + CELL_EXTRA;

/// Column widths in twips, adding up to the text width. Each column needs
/// its longest line (header included) at 12pt. When all needs fit they are
/// widened in proportion; otherwise the short columns get their need (less,
/// in proportion, when that would leave a long column under [`MIN_LONG`])
/// and the long ones share the rest in proportion to their needs, wrapping
/// their lines.
pub(crate) fn column_widths(columns: &[String], rows: &[Vec<String>]) -> Vec<usize> {
    let n = table_width(columns, rows);
    let longest: Vec<usize> = (0..n)
        .map(|c| {
            std::iter::once(columns)
                .chain(rows.iter().map(Vec::as_slice))
                .filter_map(|r| r.get(c))
                .flat_map(|t| t.lines())
                .map(width_pt)
                .max()
                .unwrap_or(0)
                .max(24)
        })
        .collect();
    let needs: Vec<usize> = longest.iter().map(|w| w * 20 + CELL_EXTRA).collect();
    let text = TEXT_WIDTH as usize;
    let short: Vec<bool> = longest.iter().map(|w| *w <= SHORT_PT).collect();
    let long_count = short.iter().filter(|s| !**s).count();
    if needs.iter().sum::<usize>() <= text || long_count == 0 {
        return spread(&needs, text);
    }
    let short_needs: Vec<usize> = (0..n)
        .map(|c| if short[c] { needs[c] } else { 0 })
        .collect();
    let short_total: usize = short_needs.iter().sum();
    let room = text.saturating_sub(long_count * MIN_LONG);
    let short_widths: Vec<usize> = short_needs
        .iter()
        .map(|w| w * room.min(short_total) / short_total.max(1))
        .collect();
    let long_needs: Vec<usize> = (0..n)
        .map(|c| if short[c] { 0 } else { needs[c] })
        .collect();
    let rest = text - short_widths.iter().sum::<usize>();
    let long_widths = spread(&long_needs, rest);
    (0..n)
        .map(|c| {
            if short[c] {
                short_widths[c]
            } else {
                long_widths[c]
            }
        })
        .collect()
}

/// `total` shared in proportion to `weights`; the rounding remainder goes
/// to the last column with a weight, so that the widths add up to `total`.
fn spread(weights: &[usize], total: usize) -> Vec<usize> {
    let sum: usize = weights.iter().sum();
    let mut widths: Vec<usize> = weights.iter().map(|w| w * total / sum.max(1)).collect();
    let short = total.saturating_sub(widths.iter().sum());
    if let Some(last) = (0..weights.len()).rev().find(|&c| weights[c] > 0) {
        widths[last] += short;
    }
    widths
}

/// Columns whose every cell is short (at most six characters: 序号, 状态,
/// 持续推进) are centred; the others read from the left.
pub(crate) fn centred_columns(rows: &[Vec<String>], n: usize) -> Vec<bool> {
    (0..n)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .flat_map(|t| t.lines())
                .all(|l| width_pt(l) <= 6 * 12)
        })
        .collect()
}

fn table_cell(text: &str, width: usize, header: bool, centred: bool) -> TableCell {
    let align = if header || centred {
        AlignmentType::Center
    } else {
        AlignmentType::Left
    };
    let mut cell = TableCell::new()
        .vertical_align(VAlignType::Center)
        .width(width, WidthType::Dxa);
    for line in text.split('\n') {
        let mut r = run(line, BODY_FONT, TABLE_SIZE);
        if header {
            r = r.bold();
        }
        cell = cell.add_paragraph(
            Paragraph::new()
                .add_run(r)
                .align(align)
                .size(TABLE_SIZE * 2)
                .line_spacing(exact(20)),
        );
    }
    cell
}

/// Millimetres to twips (1 mm = 1440 / 25.4 twips).
pub(crate) fn twips(mm: f32) -> f32 {
    mm * 1440.0 / 25.4
}

/// Column widths in twips for widths given in millimetres out of `of_mm`,
/// the last column taking what rounding left, so that they fill the text
/// width exactly (Word otherwise widens the table past the margin).
pub(crate) fn fit_widths(mm: &[f32], of_mm: f32) -> Vec<usize> {
    let mut out: Vec<usize> = mm
        .iter()
        .map(|w| (w / of_mm * TEXT_WIDTH as f32).round() as usize)
        .collect();
    let sum: usize = out.iter().sum();
    if let Some(last) = out.last_mut() {
        *last = (*last + TEXT_WIDTH as usize).saturating_sub(sum);
    }
    out
}

/// Single line spacing, nothing before or after.
pub(crate) fn single() -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Auto)
        .line(240)
        .before(0)
        .after(0)
}

/// Single black lines of 0.5pt around and between all cells.
pub(crate) fn borders() -> TableBorders {
    [
        TableBorderPosition::Top,
        TableBorderPosition::Left,
        TableBorderPosition::Bottom,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ]
    .into_iter()
    .fold(TableBorders::new(), |b, pos| {
        b.set(TableBorder::new(pos).size(4))
    })
}

/// A [`Block::Table`] as a Word table the width of the text, its header
/// row bold (and repeated on every page: [`repeat_header_rows`]), no row
/// split over a page.
fn table(columns: &[String], rows: &[Vec<String>]) -> Table {
    let n = table_width(columns, rows);
    let widths = column_widths(columns, rows);
    let centred = centred_columns(rows, n);
    let row = |cells: Vec<&str>, header: bool| {
        let cells = cells
            .iter()
            .enumerate()
            .map(|(i, t)| table_cell(t, widths[i], header, centred[i]))
            .collect();
        TableRow::new(cells).cant_split()
    };
    let mut out = vec![row(cells(columns, n), true)];
    out.extend(rows.iter().map(|r| row(cells(r, n), false)));
    Table::new(out)
        .set_grid(widths)
        .layout(TableLayoutType::Fixed)
        .width(TEXT_WIDTH as usize, WidthType::Dxa)
        .align(TableAlignmentType::Center)
        .margins(TableCellMargins::new().margin(40, 80, 40, 80))
        .set_borders(borders())
}

/// Marks the first row of every table as a header row (`w:tblHeader`), which
/// Word and LibreOffice repeat at the top of each page the table runs onto;
/// docx-rs cannot set it. Every row carries `<w:cantSplit />`, so the mark
/// goes after the first of a table's.
fn repeat_header_rows(body: String) -> String {
    const CANT_SPLIT: &str = "<w:cantSplit />";
    let mut out = String::with_capacity(body.len() + 64);
    let mut rest = body.as_str();
    while let Some(at) = rest.find("<w:tbl>") {
        let Some(split) = rest[at..].find(CANT_SPLIT) else {
            break;
        };
        let end = at + split + CANT_SPLIT.len();
        out.push_str(&rest[..end]);
        out.push_str("<w:tblHeader />");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The font table: docx-rs writes a fixed one; ours names the Chinese fonts
/// with their fallbacks and character set.
const FONT_TABLE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font><w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:panose1 w:val="02010609030101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font><w:font w:name="仿宋"><w:altName w:val="FangSong"/><w:panose1 w:val="02010609060101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font><w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/><w:panose1 w:val="02000000000000000000"/><w:charset w:val="86"/><w:family w:val="script"/><w:pitch w:val="variable"/></w:font><w:font w:name="宋体"><w:altName w:val="SimSun"/><w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font><w:font w:name="黑体"><w:altName w:val="SimHei"/><w:panose1 w:val="02010609060101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font><w:font w:name="Symbol"><w:charset w:val="02"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>"#;

/// The default language element inserted into the styles' run defaults.
const LANG: &str = r#"<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA" />"#;

/// Replaces the font table and the core properties and sets the default
/// language in the package; `edit_body` rewrites the document part
/// (`word/document.xml`).
fn patch(
    package: Vec<u8>,
    meta: &CoreMeta,
    edit_body: fn(String) -> String,
) -> Result<Vec<u8>, RenderError> {
    let err = |e: &dyn std::fmt::Display| RenderError::Docx(e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(package)).map_err(|e| err(&e))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(|e| err(&e))?;
        let name = file.name().to_string();
        let mut data = Vec::new();
        file.read_to_end(&mut data).map_err(|e| err(&e))?;
        let data = match name.as_str() {
            "word/fontTable.xml" => FONT_TABLE.as_bytes().to_vec(),
            "docProps/core.xml" => meta.xml().into_bytes(),
            "word/styles.xml" => {
                let styles = String::from_utf8(data).map_err(|e| err(&e))?;
                add_default_lang(&styles).into_bytes()
            }
            "word/document.xml" => {
                edit_body(String::from_utf8(data).map_err(|e| err(&e))?).into_bytes()
            }
            _ => data,
        };
        out.start_file(name, options).map_err(|e| err(&e))?;
        out.write_all(&data).map_err(|e| err(&e))?;
    }
    Ok(out.finish().map_err(|e| err(&e))?.into_inner())
}

/// Inserts [`LANG`] at the end of `<w:rPrDefault><w:rPr>` (where the schema
/// puts it: after the fonts and sizes), unless a language is already set.
fn add_default_lang(styles: &str) -> String {
    if styles.contains("<w:lang ") {
        return styles.to_string();
    }
    let Some(start) = styles.find("<w:rPrDefault>") else {
        return styles.to_string();
    };
    let Some(end) = styles[start..].find("</w:rPr>") else {
        return styles.to_string();
    };
    let at = start + end;
    format!("{}{LANG}{}", &styles[..at], &styles[at..])
}

pub(crate) fn to_docx(doc: &Document) -> Result<Vec<u8>, RenderError> {
    let meta = CoreMeta {
        title: doc.title.clone(),
        author: doc.issuer.clone(),
        date: Some(doc.date),
    };
    pack_with(build(doc), &meta, repeat_header_rows)
}

/// The package of a built document, with our font table, language and
/// core properties.
pub(crate) fn pack(docx: Docx, meta: &CoreMeta) -> Result<Vec<u8>, RenderError> {
    pack_with(docx, meta, |body| body)
}

fn pack_with(
    docx: Docx,
    meta: &CoreMeta,
    edit_body: fn(String) -> String,
) -> Result<Vec<u8>, RenderError> {
    let mut buf = Cursor::new(Vec::new());
    docx.build()
        .pack(&mut buf)
        .map_err(|e| RenderError::Docx(e.to_string()))?;
    patch(buf.into_inner(), meta, edit_body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    /// A task of 41 characters (492pt at 12pt).
    const TASK: &str =
        "推进行政许可、行政处罚等执法信息公开，做到执法依据、执法程序、执法结果全部公开到位";

    #[test]
    fn short_columns_keep_their_width_and_the_long_one_takes_the_rest() {
        assert_eq!(TASK.chars().count(), 41);
        let widths = column_widths(
            &strings(&["序号", "任务", "完成时限"]),
            &[strings(&["1", TASK, "2026年11月30日前"])],
        );
        // 序号: 24pt (20 twips each) and 280 twips for the margins; the
        // date 8 digits of 8pt and 4 characters of 12pt, 112pt, and 280; the
        // task the rest of the 8844 twips of the text width.
        assert_eq!(widths, vec![760, 8844 - 760 - 2520, 2520]);
    }

    #[test]
    fn columns_that_all_fit_are_widened_in_proportion() {
        let widths = column_widths(&strings(&["序号", "状态"]), &[strings(&["1", "办理中"])]);
        // Needs 760 and 1000 twips, widened by 8844 / 1760.
        assert_eq!(widths, vec![3819, 5025]);
    }

    #[test]
    fn short_columns_give_way_to_leave_a_long_one_seven_characters() {
        let widths = column_widths(
            &strings(&["序号", "单位", "任务", "牵头单位", "完成时限", "状态"]),
            &[strings(&[
                "1",
                "县交通运输局",
                TASK,
                "局财务科、局办公室",
                "2026年11月30日前",
                "办理中",
            ])],
        );
        // The short columns need 760 + 1720 + 2440 + 2520 + 1000 = 8440
        // twips; the task keeps 7 · 12 · 20 + 280 = 1960, so they share
        // 6884 in proportion (rounded down), the task the rest.
        assert_eq!(widths, vec![619, 1402, 1963, 1990, 2055, 815]);
    }

    #[test]
    fn the_first_row_of_every_table_repeats() {
        let body = "<w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl><w:p/><w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl>";
        let marked = repeat_header_rows(body.to_string());
        assert_eq!(marked.matches("<w:tblHeader />").count(), 2);
        assert!(marked.starts_with(
            "<w:tbl><w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr></w:tr><w:tr><w:trPr><w:cantSplit /></w:trPr>"
        ));
    }
}
