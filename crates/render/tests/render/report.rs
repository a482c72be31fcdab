//! The annual report's exports: DOCX (converted by LibreOffice, then read with
//! pdftotext), PDF (pdffonts, pdftotext), XLSX (read back with calamine) and
//! the SVG charts. The files are kept under `target/documents/report/` for a
//! human to open.
//!
//! Without pdftotext, pdffonts or LibreOffice a test prints `SKIPPED` and
//! passes, unless `GONGKAI_TEST_REQUIRE_ALL` is set, when it fails.

use crate::common;

use common::{have, skip_without_fonts, squash, strip_page_numbers, tools_present, unique};

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use gongkai_domain::report::{AnnualReport, Cell};
use gongkai_domain::vocabulary::ReportFormat;
use serde_json::{Map, Value, json};

const AGENCY: &str = "青山市白沙县交通运输局";

fn out_dir(sub: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/documents/report")
        .join(sub);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A report with every cell filled with a distinct figure and every part
/// with text: table 三 row i column j holds i·10 + j, table 四 901…915,
/// table 二 from 500 on (amounts with decimals, one 本年增/减 negative).
fn filled(format: ReportFormat, year: i32) -> AnnualReport {
    let mut r = AnnualReport::blank(format, year, AGENCY);
    let blocks = format.table2_blocks();
    let mut n = 500;
    for row in &mut r.table2 {
        let block = blocks.iter().find(|b| b.block == row.block).unwrap();
        for (col, cell) in &mut row.cells {
            n += 1;
            *cell = if block.decimal || col.contains("金额") {
                Cell::Amount(format!("{n}.25"))
            } else if col == "本年增/减" {
                Cell::Count(500 - n)
            } else {
                Cell::Count(n)
            };
        }
    }
    for (i, row) in r.table3.iter_mut().enumerate() {
        for (j, cell) in row.cells.iter_mut().enumerate() {
            *cell = Cell::Count((i * 10 + j) as i64);
        }
    }
    for (i, cell) in r.table4.iter_mut().enumerate() {
        *cell = Cell::Count(901 + i as i64);
    }
    for (i, part) in r.parts.iter_mut().enumerate() {
        *part = format!(
            "这是第{}部分的第一段，{year}年本机关认真贯彻落实《中华人民共和国政府信息公开条例》。\n\n这是第{}部分的第二段。",
            i + 1,
            i + 1
        );
    }
    r
}

fn reports() -> Vec<AnnualReport> {
    vec![
        filled(ReportFormat::Y2021, 2025),
        filled(ReportFormat::Y2019, 2020),
    ]
}

fn pdftotext(pdf: &Path, mode: &str) -> String {
    let out = Command::new("pdftotext")
        .args([mode, "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(
        out.status.success(),
        "pdftotext {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("pdftotext gives UTF-8")
}

fn name(r: &AnnualReport) -> String {
    format!("annual-{}-{}", r.year, r.format.code())
}

/// Asserts that every string of `wanted` occurs in `text` (both squashed),
/// each after the previous one.
fn assert_in_order(text: &str, wanted: &[&str], what: &str) {
    let text = strip_page_numbers(&squash(text));
    let mut at = 0;
    for w in wanted {
        let w = squash(w);
        match text[at..].find(&w) {
            Some(i) => at += i + w.len(),
            None => panic!(
                "{what}: `{w}` not found (in order) after byte {at} of the extracted text:\n{text}"
            ),
        }
    }
}

/// The item labels of table 三 (`1.属于国家秘密`, `（一）予以公开` …), in order.
fn table3_items(r: &AnnualReport) -> Vec<&'static str> {
    r.format
        .table3_rows()
        .iter()
        .map(|row| row.item_label())
        .collect()
}

/// What the text of a report must show, checked on `pdftotext -raw` (the
/// content-stream order, where a table cell's text stays together; in the
/// `-layout` view, labels wrapped in their cells interleave with the merged
/// cells beside them) and on `-layout` (lines as printed).
fn assert_report_text(r: &AnnualReport, raw: &str, layout: &str, what: &str) {
    let items = table3_items(r);
    assert_eq!(
        items.len(),
        if r.format == ReportFormat::Y2021 {
            25
        } else {
            23
        }
    );
    assert_in_order(raw, &items, &format!("{what}: table 三 labels"));
    // The title, then each part's title followed by its paragraphs.
    let mut flow = vec![r.title()];
    for (i, section) in r.format.sections().iter().enumerate() {
        flow.push(section.to_string());
        flow.extend(
            r.parts[i]
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(String::from),
        );
    }
    let flow: Vec<&str> = flow.iter().map(String::as_str).collect();
    assert_in_order(
        layout,
        &flow,
        &format!("{what}: title, part titles and text"),
    );
    assert_in_order(
        layout,
        &[
            r.format.table3_header_note(),
            "申请人情况",
            "法人或其他组织",
        ],
        &format!("{what}: note and headers of table 三"),
    );
    // Table 二: every block label and row label, and the figures.
    let mut t2: Vec<String> = Vec::new();
    for row in &r.table2 {
        t2.push(row.row.clone());
        t2.extend(row.cells.iter().map(|(_, c)| c.display()));
    }
    let t2: Vec<&str> = t2.iter().map(String::as_str).collect();
    assert_in_order(raw, &t2, &format!("{what}: table 二"));
    for b in r.format.table2_blocks() {
        assert!(
            squash(raw).contains(&squash(b.block)),
            "{what}: {}",
            b.block
        );
    }
    // Table 三: the 总计 column of the last row; table 四: its row of figures.
    let figures: Vec<String> = (901..=915).map(|n| n.to_string()).collect();
    assert!(
        layout.lines().any(|l| {
            let tokens: Vec<&str> = l.split_whitespace().collect();
            tokens.len() >= 15 && tokens.windows(15).any(|w| w == figures.as_slice())
        }),
        "{what}: table 四's figures 901 … 915 not on one line:\n{layout}"
    );
    let last = r.table3.len() - 1;
    let last_row: Vec<String> = (0..7).map(|j| (last * 10 + j).to_string()).collect();
    assert!(
        layout.lines().any(|l| {
            let tokens: Vec<&str> = l.split_whitespace().collect();
            tokens.windows(7).any(|w| w == last_row.as_slice())
        }),
        "{what}: table 三's last row not on one line:\n{layout}"
    );
}

fn zip_part(package: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(package)).unwrap();
    let mut part = zip.by_name(name).unwrap();
    let mut s = String::new();
    part.read_to_string(&mut s).unwrap();
    s
}

#[test]
fn docx_has_merged_table_headers_and_the_official_fonts() {
    for r in reports() {
        let docx = gongkai_render::report_docx(&r).unwrap();
        assert!(docx.starts_with(b"PK"));
        let body = zip_part(&docx, "word/document.xml");
        assert!(
            body.contains(r#"w:w="11906""#) && body.contains(r#"w:h="16838""#),
            "A4"
        );
        assert_eq!(body.matches("<w:tbl>").count(), 3, "tables 二, 三, 四");
        assert!(body.contains(r#"<w:gridSpan w:val="7" />"#), "申请人情况");
        assert!(body.contains(r#"<w:gridSpan w:val="10" />"#), "行政诉讼");
        assert!(body.contains(r#"<w:vMerge w:val="restart" />"#));
        assert!(body.contains(r#"<w:vMerge w:val="continue" />"#));
        assert!(body.contains("方正小标宋简体") && body.contains("黑体"));
        assert!(body.contains("仿宋_GB2312"));
        assert!(body.contains(r#"<w:sz w:val="18" />"#), "9pt table text");
        assert!(body.contains(&r.title()));
        for s in r.format.sections() {
            assert!(body.contains(s), "{s}");
        }
        let fonts = zip_part(&docx, "word/fontTable.xml");
        assert!(fonts.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>"#));
    }
}

#[test]
fn docx_converts_in_libreoffice_and_shows_the_tables_in_order() {
    let dir = out_dir("docx");
    let mut written = Vec::new();
    for r in reports() {
        let path = dir.join(format!("{}.docx", name(&r)));
        std::fs::write(&path, gongkai_render::report_docx(&r).unwrap()).unwrap();
        written.push((r, path));
    }
    if !tools_present(&[
        ("libreoffice", "libreoffice-writer"),
        ("pdftotext", "poppler-utils"),
    ]) {
        return;
    }
    let pdf_dir = out_dir("docx-pdf");
    for (r, _) in &written {
        let _ = std::fs::remove_file(pdf_dir.join(format!("{}.pdf", name(r))));
    }
    let profile = std::env::temp_dir().join(unique("lo-gongkai-report"));
    let out = Command::new("libreoffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&pdf_dir)
        .args(written.iter().map(|(_, p)| p))
        .output()
        .expect("run libreoffice");
    let _ = std::fs::remove_dir_all(&profile);
    assert!(
        out.status.success(),
        "libreoffice: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for (r, _) in &written {
        let pdf = pdf_dir.join(format!("{}.pdf", name(r)));
        assert!(
            pdf.is_file(),
            "LibreOffice made no {}: {}",
            pdf.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_report_text(
            r,
            &pdftotext(&pdf, "-raw"),
            &pdftotext(&pdf, "-layout"),
            &format!("{} DOCX via LibreOffice", name(r)),
        );
    }
}

#[test]
fn pdf_embeds_its_cjk_font_and_shows_the_tables_in_order() {
    if skip_without_fonts() {
        return;
    }
    let dir = out_dir("pdf");
    let mut written = Vec::new();
    for r in reports() {
        let pdf = gongkai_render::report_pdf(&r).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let path = dir.join(format!("{}.pdf", name(&r)));
        std::fs::write(&path, &pdf).unwrap();
        written.push((r, path));
    }
    if !tools_present(&[
        ("pdftotext", "poppler-utils"),
        ("pdffonts", "poppler-utils"),
    ]) {
        return;
    }
    for (r, path) in &written {
        let out = Command::new("pdffonts").arg(path).output().unwrap();
        let listing = String::from_utf8_lossy(&out.stdout);
        let fonts: Vec<&str> = listing.lines().skip(2).collect();
        assert!(!fonts.is_empty(), "{listing}");
        for line in &fonts {
            let cols: Vec<&str> = line.split_whitespace().collect();
            // name type encoding emb sub uni object ID
            assert_eq!(cols[cols.len() - 5], "yes", "not embedded: {line}");
        }
        assert!(
            fonts.iter().any(|l| {
                let l = l.to_ascii_lowercase();
                ["cjk", "sourcehan", "fangsong", "simhei"]
                    .iter()
                    .any(|n| l.contains(n))
            }),
            "no CJK font in\n{listing}"
        );
        assert_report_text(
            r,
            &pdftotext(path, "-raw"),
            &pdftotext(path, "-layout"),
            &format!("{} PDF", name(r)),
        );
    }
    // The pages as PNG, for a human to look at.
    if have("pdftoppm") {
        let png = out_dir("png");
        for (r, path) in &written {
            let status = Command::new("pdftoppm")
                .args(["-png", "-r", "60"])
                .arg(path)
                .arg(png.join(name(r)))
                .status()
                .unwrap();
            assert!(status.success());
        }
    }
}

fn cell_json(d: &calamine::Data) -> Value {
    match d {
        calamine::Data::Empty => Value::Null,
        calamine::Data::Int(i) => json!(i),
        calamine::Data::Float(f) if f.fract() == 0.0 => json!(*f as i64),
        calamine::Data::Float(f) => json!(f),
        calamine::Data::String(s) => Value::String(s.clone()),
        other => panic!("unexpected cell {other:?}"),
    }
}

fn text(d: &calamine::Data) -> String {
    match d {
        calamine::Data::String(s) => s.clone(),
        other => panic!("expected text, found {other:?}"),
    }
}

/// Tables 二, 三 and 四 of the JSON shape, rebuilt from the sheet 数据
/// (one row per value: 表, 区块, 行, 列, 序号, 数值, 标签).
fn tables_from_xlsx(bytes: &[u8]) -> (Vec<String>, Value, Value, Value) {
    use calamine::{Reader, Xlsx, open_workbook_from_rs};
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let names = wb.sheet_names();
    let data = wb.worksheet_range(gongkai_render::SHEET_DATA).unwrap();
    let mut rows = data.rows();
    assert_eq!(
        rows.next().unwrap().iter().map(text).collect::<Vec<_>>(),
        gongkai_render::DATA_COLUMNS
    );
    let (mut t2, mut t3) = (Map::new(), Map::new());
    let mut t4 = vec![Value::Null; 15];
    let index = |d: &calamine::Data| cell_json(d).as_u64().unwrap() as usize;
    for row in rows {
        let value = cell_json(&row[5]);
        match text(&row[0]).as_str() {
            "table2" => {
                let block = t2
                    .entry(text(&row[1]))
                    .or_insert_with(|| Value::Object(Map::new()));
                let line = block
                    .as_object_mut()
                    .unwrap()
                    .entry(text(&row[2]))
                    .or_insert_with(|| Value::Object(Map::new()));
                line.as_object_mut().unwrap().insert(text(&row[3]), value);
            }
            "table3" => {
                let line = t3
                    .entry(text(&row[2]))
                    .or_insert_with(|| Value::Array(vec![Value::Null; 7]));
                line.as_array_mut().unwrap()[index(&row[4])] = value;
            }
            "table4" => t4[index(&row[4])] = value,
            _ => {}
        }
    }
    (
        names,
        Value::Object(t2),
        Value::Object(t3),
        Value::Array(t4),
    )
}

#[test]
fn xlsx_reads_back_to_the_same_tables() {
    let mut odd = filled(ReportFormat::Y2021, 2024);
    odd.table3[3].cells[2] = Cell::Blank;
    odd.table3[5].cells[6] = Cell::Text("/".into());
    odd.table4[14] = Cell::Blank;
    odd.table2[0].cells[1].1 = Cell::Text("—".into());
    let dir = out_dir("xlsx");
    for r in reports().into_iter().chain([odd]) {
        let bytes = gongkai_render::report_xlsx(&r).unwrap();
        std::fs::write(dir.join(format!("{}.xlsx", name(&r))), &bytes).unwrap();
        let (names, t2, t3, t4) = tables_from_xlsx(&bytes);
        assert_eq!(
            names,
            [
                gongkai_render::SHEET_TABLE2,
                gongkai_render::SHEET_TABLE3,
                gongkai_render::SHEET_TABLE4,
                gongkai_render::SHEET_CHART,
                gongkai_render::SHEET_DATA,
            ]
        );
        let want = r.to_json(&[]);
        assert_eq!(t2, want["table2"], "{}: table 二", name(&r));
        assert_eq!(t3, want["table3"], "{}: table 三", name(&r));
        assert_eq!(t4, want["table4"], "{}: table 四", name(&r));
        // The chart draws the result rows (总计 column) from its own sheet.
        let chart = zip_part(&bytes, "xl/charts/chart1.xml");
        let results = r.format.result_row_keys().len();
        assert!(
            chart.contains(&format!("图表!$B$4:$B${}", 3 + results)),
            "{chart}"
        );
        let notes = zip_part(&bytes, "xl/sharedStrings.xml");
        assert!(notes.contains(&r.title()) && notes.contains(r.format.document()));
    }
}

#[test]
fn svg_charts_carry_the_title_labels_and_one_point_per_year() {
    let dir = out_dir("svg");
    for r in reports() {
        let svg = gongkai_render::report_svg_year(&r);
        std::fs::write(dir.join(format!("{}-year.svg", name(&r))), &svg).unwrap();
        assert!(svg.starts_with("<svg") || svg.starts_with("<?xml"), "{svg}");
        assert!(svg.trim_end().ends_with("</svg>"));
        assert!(
            svg.contains(&format!("<title>{}</title>", r.title())),
            "{svg}"
        );
        for label in [
            "本年新收申请",
            "上年结转申请",
            "（一）予以公开",
            "（二）部分公开",
            "（三）不予公开",
            "（六）其他处理",
            "结转下年度",
            "行政复议",
            "行政诉讼（复议后起诉）",
        ] {
            assert!(svg.contains(label), "{label} missing");
        }
        assert!(svg.contains(&r.year.to_string()));
        // 本年新收 总计 (row 0, column 6) and 行政复议 总计 (905) are shown.
        assert!(
            svg.contains(">\n6\n<") && svg.contains(">\n905\n<"),
            "{svg}"
        );
        assert!(!svg.contains("<image"), "text, not pictures");
    }

    let years: Vec<AnnualReport> = (2020..=2025)
        .rev()
        .map(|y| {
            let mut r = filled(ReportFormat::for_year(y).unwrap(), y);
            r.table4[4] = Cell::Count(i64::from(y - 2000));
            r
        })
        .collect();
    let trend = gongkai_render::report_svg_trend(&years);
    std::fs::write(dir.join("trend.svg"), &trend).unwrap();
    assert!(trend.starts_with("<svg"), "{trend}");
    assert!(trend.contains("<title>青山市白沙县交通运输局2020—2025年"));
    for label in ["本年新收申请", "行政复议", "行政诉讼", "规范性文件制发"] {
        assert!(trend.contains(label), "{label} missing");
    }
    for y in 2020..=2025 {
        assert!(trend.contains(&format!("{y}年")), "{y}");
    }
    // Four series, one circle per year each.
    assert_eq!(trend.matches("<circle").count(), 4 * 6, "{trend}");
    let one = gongkai_render::report_svg_trend(&years[..1]);
    assert_eq!(one.matches("<circle").count(), 4);
    let none = gongkai_render::report_svg_trend(&[]);
    assert!(none.starts_with("<svg") && none.contains("<title>"));
}
