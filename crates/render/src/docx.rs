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
    RunFonts, SpecialIndentType,
};
use gongkai_domain::document::{Block, Document, date_cn};

use crate::RenderError;

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
    let len = |b: &Block| match b {
        Block::Paragraph(t) | Block::Heading(t) => t.chars().count(),
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
        let p = match block {
            Block::Paragraph(t) => body_paragraph(run(t, BODY_FONT, 16)),
            Block::Heading(t) => body_paragraph(run(t, HEADING_FONT, 16)).keep_next(true),
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

/// The font table: docx-rs writes a fixed one; ours names the Chinese fonts
/// with their fallbacks and character set.
const FONT_TABLE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font><w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:panose1 w:val="02010609030101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font><w:font w:name="仿宋"><w:altName w:val="FangSong"/><w:panose1 w:val="02010609060101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font><w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/><w:panose1 w:val="02000000000000000000"/><w:charset w:val="86"/><w:family w:val="script"/><w:pitch w:val="variable"/></w:font><w:font w:name="宋体"><w:altName w:val="SimSun"/><w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font><w:font w:name="黑体"><w:altName w:val="SimHei"/><w:panose1 w:val="02010609060101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font><w:font w:name="Symbol"><w:charset w:val="02"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>"#;

/// The default language element inserted into the styles' run defaults.
const LANG: &str = r#"<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA" />"#;

/// Replaces the font table and sets the default language in the package.
pub(crate) fn patch(package: Vec<u8>) -> Result<Vec<u8>, RenderError> {
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
            "word/styles.xml" => {
                let styles = String::from_utf8(data).map_err(|e| err(&e))?;
                add_default_lang(&styles).into_bytes()
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
    pack(build(doc))
}

/// The package of a built document, with our font table and language.
pub(crate) fn pack(docx: Docx) -> Result<Vec<u8>, RenderError> {
    let mut buf = Cursor::new(Vec::new());
    docx.build()
        .pack(&mut buf)
        .map_err(|e| RenderError::Docx(e.to_string()))?;
    patch(buf.into_inner())
}
