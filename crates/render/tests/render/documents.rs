//! Every document kind, rendered from its default template, as PDF (checked
//! with poppler's pdftotext / pdffonts) and as DOCX (converted by LibreOffice,
//! then checked the same way). The files are kept under
//! `target/documents/` for a human to open.
//!
//! Without pdftotext or LibreOffice a test prints `SKIPPED` and passes, unless
//! `GONGKAI_TEST_REQUIRE_ALL` is set, when it fails.

use crate::common;

use common::{have, skip_without_fonts, squash, strip_page_numbers, tools_present, unique};

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use gongkai_domain::document::{
    Block, Document, DocumentKind, article_citation, date_cn, default_template,
    redress_sentence_for, render_template, sample_vars,
};

const CASE_NUMBER: &str = "GK2025-000123";
const ISSUER: &str = "白云区交通运输局";
const NUMBER: &str = "白交公开〔2025〕第12号";

fn out_dir(sub: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/documents")
        .join(sub);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn documents() -> Vec<Document> {
    let date = NaiveDate::from_ymd_opt(2025, 2, 10).unwrap();
    DocumentKind::all()
        .into_iter()
        .map(|kind| {
            let mut vars = sample_vars(kind);
            vars.insert("case_number".into(), CASE_NUMBER.into());
            render_template(kind, default_template(kind), &vars, ISSUER, date, NUMBER)
                .unwrap_or_else(|e| panic!("{}: {e}", kind.key()))
        })
        .collect()
}

/// What the text of every document must show.
fn expected(doc: &Document) -> Vec<String> {
    let mut want = vec![
        CASE_NUMBER.to_string(),
        doc.title.clone(),
        redress_sentence_for(doc.kind, ISSUER, None),
    ];
    if let DocumentKind::Reply(o) = doc.kind {
        want.push(article_citation(o));
    }
    want
}

/// pdftotext drops a hyphen at the end of a line (dehyphenation), so a case
/// number broken after its hyphen is found without it.
fn shows(text: &str, want: &str) -> bool {
    text.contains(&squash(want))
        || text
            .replace('-', "")
            .contains(&squash(want).replace('-', ""))
}

fn assert_shows(doc: &Document, text: &str, what: &str) {
    let text = strip_page_numbers(&squash(text));
    for want in expected(doc) {
        assert!(
            shows(&text, &want),
            "{} ({what}): `{want}` not found in extracted text:\n{text}",
            doc.kind.key()
        );
    }
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
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

fn page_count(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("run pdfinfo");
    assert!(out.status.success(), "pdfinfo {}", pdf.display());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives Pages:")
}

fn page_text(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-f", &n, "-l", &n])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8(out.stdout).expect("pdftotext gives UTF-8")
}

/// The body text on the last page of `pdf`: its text without the page
/// number, the issuer, the date and a closing formula (特此告知。).
fn body_on_last_page(doc: &Document, pdf: &Path) -> String {
    let mut text = strip_page_numbers(&squash(&page_text(pdf, page_count(pdf))));
    for signature in [squash(&doc.issuer), date_cn(doc.date)] {
        text = text.replacen(&signature, "", 1);
    }
    if let Some(at) = text.rfind("特此") {
        let formula = text[at..].find('。').map_or(0, |end| end + '。'.len_utf8());
        text.replace_range(at..at + formula, "");
    }
    text
}

#[test]
fn every_kind_as_pdf_shows_case_number_article_and_redress() {
    if skip_without_fonts() {
        return;
    }
    let dir = out_dir("pdf");
    let mut written = Vec::new();
    for doc in documents() {
        let pdf =
            gongkai_render::to_pdf(&doc).unwrap_or_else(|e| panic!("{}: {e}", doc.kind.key()));
        assert!(pdf.starts_with(b"%PDF-"), "{}", doc.kind.key());
        let path = dir.join(format!("{}.pdf", doc.kind.key()));
        std::fs::write(&path, &pdf).unwrap();
        written.push((doc, path));
    }
    if !tools_present(&[
        ("pdftotext", "poppler-utils"),
        ("pdffonts", "poppler-utils"),
    ]) {
        return;
    }
    for (doc, path) in &written {
        assert_shows(doc, &pdftotext(path), "PDF");
        assert!(
            !body_on_last_page(doc, path).is_empty(),
            "{}: the last page carries only the signature",
            doc.kind.key()
        );
        // Every font is embedded.
        let out = Command::new("pdffonts").arg(path).output().unwrap();
        let listing = String::from_utf8_lossy(&out.stdout);
        let fonts: Vec<&str> = listing.lines().skip(2).collect();
        assert!(!fonts.is_empty(), "{listing}");
        for line in fonts {
            let cols: Vec<&str> = line.split_whitespace().collect();
            // name type encoding emb sub uni object ID
            let emb = cols[cols.len() - 5];
            assert_eq!(
                emb,
                "yes",
                "font not embedded in {}: {line}",
                path.display()
            );
        }
    }
    // One page as PNG, for a human (or a test run with eyes) to look at.
    if have("pdftoppm") {
        let png = out_dir("png");
        for key in ["reply.partial", "fee_notice"] {
            let status = Command::new("pdftoppm")
                .args(["-png", "-r", "60", "-f", "1", "-l", "1"])
                .arg(dir.join(format!("{key}.pdf")))
                .arg(png.join(key))
                .status()
                .unwrap();
            assert!(status.success());
        }
    }
}

#[test]
fn every_kind_as_docx_converts_in_libreoffice_and_shows_the_same() {
    let dir = out_dir("docx");
    let mut written = Vec::new();
    for doc in documents() {
        let docx =
            gongkai_render::to_docx(&doc).unwrap_or_else(|e| panic!("{}: {e}", doc.kind.key()));
        assert!(docx.starts_with(b"PK"), "{}", doc.kind.key());
        let path = dir.join(format!("{}.docx", doc.kind.key()));
        std::fs::write(&path, &docx).unwrap();
        written.push((doc, path));
    }
    if !tools_present(&[
        ("libreoffice", "libreoffice-writer"),
        ("pdftotext", "poppler-utils"),
    ]) {
        return;
    }
    let pdf_dir = out_dir("docx-pdf");
    for (doc, _) in &written {
        let _ = std::fs::remove_file(pdf_dir.join(format!("{}.pdf", doc.kind.key())));
    }
    let profile = std::env::temp_dir().join(unique("lo-gongkai-render"));
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
    for (doc, _) in &written {
        let pdf = pdf_dir.join(format!("{}.pdf", doc.kind.key()));
        assert!(
            pdf.is_file(),
            "LibreOffice made no {}: {}",
            pdf.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_shows(doc, &pdftotext(&pdf), "DOCX via LibreOffice");
    }
}

/// A notice whose body fills the first page to within a few lines, for every
/// length around the page break: the last page always carries body text
/// besides the closing formula, the issuer and the date (GB/T 9704-2012
/// 7.3.5), and the pages are numbered from the first.
#[test]
fn a_body_that_just_fills_the_first_page_keeps_body_text_with_the_signature() {
    if skip_without_fonts()
        || !tools_present(&[("pdftotext", "poppler-utils"), ("pdfinfo", "poppler-utils")])
    {
        return;
    }
    let base = documents()
        .into_iter()
        .find(|d| d.kind == DocumentKind::ExtensionNotice)
        .unwrap();
    let dir = out_dir("closing");
    let mut two_pages = 0;
    for lines in 0..40 {
        let mut doc = base.clone();
        let filler = (1..=lines)
            .map(|i| Block::Paragraph(format!("第{i}项：本机关已调取该项档案进行核查。")));
        doc.body.splice(0..0, filler);
        let path = dir.join(format!("filler-{lines:02}.pdf"));
        std::fs::write(&path, gongkai_render::to_pdf(&doc).unwrap()).unwrap();
        let rest = body_on_last_page(&doc, &path);
        assert!(
            !rest.is_empty(),
            "{} lines of filler: the closing formula and the signature stand alone on the last page of {}",
            lines,
            path.display()
        );
        if page_count(&path) > 1 {
            two_pages += 1;
            // Enough lengths past the break to have pushed every line of
            // the closing block over it.
            if two_pages == 8 {
                return;
            }
        }
    }
    panic!("40 lines of filler never ran over the first page");
}

fn docx_part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut part = zip.by_name(name).unwrap();
    let mut s = String::new();
    part.read_to_string(&mut s).unwrap();
    s
}

#[test]
fn docx_has_the_official_layout_and_font_fallbacks() {
    let doc = documents()
        .into_iter()
        .find(|d| d.kind == DocumentKind::Reply(gongkai_domain::vocabulary::Outcome::Partial))
        .unwrap();
    let docx = gongkai_render::to_docx(&doc).unwrap();
    let body = docx_part(&docx, "word/document.xml");
    assert!(
        body.contains(r#"w:w="11906""#) && body.contains(r#"w:h="16838""#),
        "A4"
    );
    assert!(body.contains("仿宋_GB2312"), "body font");
    assert!(body.contains("方正小标宋简体"), "title font");
    assert!(body.contains(r#"w:firstLine="640""#), "2-character indent");
    assert!(
        body.contains("<w:keepNext"),
        "signature kept with the last paragraph"
    );
    // The redress sentence and the closing formula keep their lines together
    // and with the signature: the two paragraphs before the issuer.
    let paragraphs: Vec<&str> = body.split("<w:p ").collect();
    let tail: Vec<&&str> = paragraphs
        .iter()
        .filter(|p| p.contains("特此告知") || p.contains("提起行政诉讼"))
        .collect();
    assert_eq!(tail.len(), 2, "{body}");
    for p in tail {
        assert!(
            p.contains("<w:keepNext") && p.contains("<w:keepLines"),
            "{p}"
        );
    }
    assert!(
        body.contains(r#"w:line="560""#) && body.contains(r#"w:lineRule="exact""#),
        "28pt"
    );
    assert!(body.contains(r#"<w:sz w:val="44" />"#), "22pt title");
    assert!(
        body.contains(r#"<w:jc w:val="right" />"#),
        "issuer on the right"
    );
    assert!(body.contains(&doc.title) && body.contains(CASE_NUMBER));
    let fonts = docx_part(&docx, "word/fontTable.xml");
    assert!(fonts.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>"#));
    assert!(fonts.contains(r#"<w:charset w:val="86"/>"#));
    let styles = docx_part(&docx, "word/styles.xml");
    assert!(styles.contains(r#"w:eastAsia="zh-CN""#), "{styles}");
}

#[test]
fn empty_and_odd_documents_render() {
    if skip_without_fonts() {
        return;
    }
    let mut doc = documents().remove(0);
    doc.number.clear();
    doc.recipient.clear();
    doc.body.clear();
    doc.title = r#"含"引号"与\反斜杠#set page(width: 1pt)"#.into();
    let pdf = gongkai_render::to_pdf(&doc).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    gongkai_render::to_docx(&doc).unwrap();
    if have("pdftotext") {
        let path = out_dir("pdf").join("odd.pdf");
        std::fs::write(&path, &pdf).unwrap();
        let text = squash(&pdftotext(&path));
        assert!(text.contains(&squash(&doc.title)), "{text}");
    }
}
