//! Documents with tables — the papers of a work plan's supervision and
//! look-back (`gongkai_domain::plan::paper`) — as DOCX (its table structure
//! read from the package, then converted by LibreOffice) and PDF, their text
//! read back with pdftotext. The files are kept under
//! `target/documents/plan/` for a human to open.
//!
//! Without pdftotext or LibreOffice a test prints `SKIPPED` and passes,
//! unless `GONGKAI_TEST_REQUIRE_ALL` is set, when it fails.

use crate::common;

use common::{skip_without_fonts, squash, strip_page_numbers, tools_present, unique};

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use gongkai_domain::document::{Block, Document};
use gongkai_domain::plan::paper::{
    AgencyFindings, BulletinInput, DivisionRow, Finding, InspectionFigures, ListedTask,
    LookbackInput, LookbackTask, NextPlan, PlanRef, TaskOutcome, implementation_report,
    inspection_bulletin,
};
use gongkai_domain::plan::{LimitKind, TaskState, TimeLimit};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/documents/plan");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// A 通报 listing two tasks of corpus `004_…`'s division table.
fn bulletin() -> Document {
    let listed = |number: &str, text: &str, lead: &[&str], limit| ListedTask {
        agency: "县交通运输局".into(),
        number: number.into(),
        text: text.into(),
        lead: names(lead),
        limit,
        state: TaskState::InProgress,
    };
    inspection_bulletin(&BulletinInput {
        issuer: "白沙县人民政府办公室".into(),
        number: "白政办通〔2026〕5号".into(),
        date: d(2026, 12, 10),
        recipient: "各乡镇人民政府，县政府各部门：".into(),
        period_label: "2026年第四季度".into(),
        frozen_on: d(2026, 12, 3),
        figures: InspectionFigures {
            agencies: 3,
            tasks: 14,
            completed: 12,
            overdue: 2,
        },
        agencies: vec![AgencyFindings {
            agency: "县交通运输局".into(),
            findings: vec![Finding {
                problem: "“三公”经费未按时公开".into(),
                rectification: "在门户网站公开2026年“三公”经费预算".into(),
                deadline: d(2026, 12, 31),
            }],
        }],
        listed: vec![
            listed(
                "8",
                "“三公”经费公开",
                &["局财务科"],
                Some(TimeLimit::on(d(2026, 11, 30))),
            ),
            listed(
                "12",
                "安全生产事故信息公开，事故发生后及时发布权威信息并跟踪发布处置进展",
                &["局运安科"],
                Some(TimeLimit::on(d(2026, 10, 31))),
            ),
        ],
        report_by: Some(d(2027, 1, 20)),
    })
}

/// A report whose next year's division table (corpus `004_…`'s tasks,
/// repeated to `rows` rows) runs over a page when long enough.
fn report(rows: usize) -> Document {
    let base = [
        (
            "继续深化政府信息主动公开",
            &["局办公室"][..],
            &["系统各科室", "各单位"][..],
        ),
        (
            "行政许可审批信息公开",
            &["局审批科"],
            &["局总工办", "局信息办"],
        ),
        (
            "重大财政预算决算信息公开",
            &["局财务科"],
            &["局审计科", "局办公室"],
        ),
        (
            "安全生产事故信息公开",
            &["局运安科"],
            &["局办公室", "市道管处"],
        ),
    ];
    let division = (0..rows)
        .map(|i| {
            let (text, lead, partners) = base[i % base.len()];
            DivisionRow {
                chapter: String::new(),
                number: (i + 1).to_string(),
                text: text.into(),
                lead: names(lead),
                partners: names(partners),
                limit: Some(TimeLimit::term(LimitKind::Ongoing, 2027)),
            }
        })
        .collect();
    implementation_report(&LookbackInput {
        agency: "宁德市交通运输局".into(),
        recipient: "市政府办公室：".into(),
        number: String::new(),
        date: d(2027, 1, 12),
        year: 2026,
        plan: PlanRef {
            title: "宁德市交通运输系统2026年政务公开工作要点".into(),
            number: "宁交办〔2026〕31号".into(),
        },
        superior: None,
        tasks: vec![LookbackTask {
            number: "1".into(),
            text: "继续深化政府信息主动公开".into(),
            lead: names(&["局办公室"]),
            outcome: TaskOutcome::Completed {
                on: d(2026, 12, 3),
                text: "全年主动公开政府信息162条".into(),
            },
        }],
        next_plan: Some(NextPlan {
            plan: PlanRef {
                title: "宁德市交通运输系统2027年政务公开工作要点".into(),
                number: String::new(),
            },
            rows: division,
        }),
    })
}

/// What the text of each paper must show: table cells short enough for
/// one line, the paragraphs around the table.
fn expected(doc: &Document) -> Vec<&'static str> {
    if doc.title.contains("通报") {
        vec![
            "关于2026年第四季度政务公开工作要点落实情况督查的通报",
            "序号单位任务牵头单位完成时限状态",
            "局运安科",
            "县交通运输局",
            "完成率85.7%",
            "特此通报。",
        ]
    } else {
        vec![
            "任务牵头科室配合科室完成时限",
            "局审批科",
            "1.继续深化政府信息主动公开",
            "持续推进",
            "特此报告。",
        ]
    }
}

fn pdftotext(pdf: &Path, page: Option<usize>) -> String {
    let mut cmd = Command::new("pdftotext");
    // In layout mode a table row's cells come out on one line, in order.
    cmd.args(["-enc", "UTF-8", "-layout"]);
    if let Some(n) = page {
        cmd.args(["-f", &n.to_string(), "-l", &n.to_string()]);
    }
    let out = cmd.arg(pdf).arg("-").output().expect("run pdftotext");
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    strip_page_numbers(&squash(&String::from_utf8(out.stdout).unwrap()))
}

fn page_count(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("run pdfinfo");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives Pages:")
}

/// Every page after the first on which the table runs starts with its
/// header row (page 1 holds the text before the table).
fn assert_header_on_every_page(pdf: &Path, header: &str) {
    let pages = page_count(pdf);
    assert!(
        pages >= 2,
        "{}: the table should run over a page",
        pdf.display()
    );
    for page in 2..=pages {
        let text = pdftotext(pdf, Some(page));
        if text.contains("局审批科") {
            assert!(
                text.starts_with(header),
                "page {page} of {}: {text}",
                pdf.display()
            );
        }
    }
}

fn papers() -> Vec<(&'static str, Document)> {
    vec![
        ("bulletin", bulletin()),
        ("report", report(6)),
        ("report-long", report(40)),
    ]
}

#[test]
fn plan_papers_as_pdf_show_their_tables() {
    if skip_without_fonts() {
        return;
    }
    let dir = out_dir();
    let mut written = Vec::new();
    for (name, doc) in papers() {
        let path = dir.join(format!("{name}.pdf"));
        std::fs::write(&path, gongkai_render::to_pdf(&doc).unwrap()).unwrap();
        written.push((doc, path));
    }
    if !tools_present(&[("pdftotext", "poppler-utils"), ("pdfinfo", "poppler-utils")]) {
        return;
    }
    for (doc, path) in &written {
        let text = pdftotext(path, None);
        for want in expected(doc) {
            assert!(
                text.contains(want),
                "{}: `{want}` not in\n{text}",
                path.display()
            );
        }
    }
    assert_header_on_every_page(&dir.join("report-long.pdf"), "任务牵头科室配合科室完成时限");
}

#[test]
fn plan_papers_as_docx_convert_in_libreoffice_and_show_their_tables() {
    let dir = out_dir();
    let mut written = Vec::new();
    for (name, doc) in papers() {
        let path = dir.join(format!("{name}.docx"));
        std::fs::write(&path, gongkai_render::to_docx(&doc).unwrap()).unwrap();
        written.push((name, doc, path));
    }
    if !tools_present(&[
        ("libreoffice", "libreoffice-writer"),
        ("pdftotext", "poppler-utils"),
        ("pdfinfo", "poppler-utils"),
    ]) {
        return;
    }
    let pdf_dir = dir.join("docx-pdf");
    std::fs::create_dir_all(&pdf_dir).unwrap();
    let profile = std::env::temp_dir().join(unique("lo-gongkai-tables"));
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
        .args(written.iter().map(|(_, _, p)| p))
        .output()
        .expect("run libreoffice");
    let _ = std::fs::remove_dir_all(&profile);
    assert!(
        out.status.success(),
        "libreoffice: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (name, doc, _) in &written {
        let pdf = pdf_dir.join(format!("{name}.pdf"));
        let text = pdftotext(&pdf, None);
        for want in expected(doc) {
            assert!(
                text.contains(want),
                "{}: `{want}` not in\n{text}",
                pdf.display()
            );
        }
    }
    assert_header_on_every_page(
        &pdf_dir.join("report-long.pdf"),
        "任务牵头科室配合科室完成时限",
    );
}

fn document_xml(docx: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut s = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

#[test]
fn a_docx_table_has_borders_a_bold_repeated_header_and_small_type() {
    let xml = document_xml(&gongkai_render::to_docx(&bulletin()).unwrap());
    assert_eq!(xml.matches("<w:tbl>").count(), 1, "one table");
    let table = &xml[xml.find("<w:tbl>").unwrap()..xml.find("</w:tbl>").unwrap()];
    // Three rows: the header and the two listed tasks; only the header repeats.
    assert_eq!(table.matches("<w:tr>").count(), 3, "{table}");
    assert_eq!(table.matches("<w:tblHeader />").count(), 1, "{table}");
    let rows: Vec<&str> = table.split("<w:tr>").skip(1).collect();
    assert!(rows[0].contains("<w:tblHeader />") && rows[0].contains("<w:b />"));
    assert!(rows[0].contains("牵头单位"));
    assert!(!rows[1].contains("<w:b />"), "body rows are not bold");
    // Single lines of 0.5pt (w:sz in eighths of a point) on every side and between.
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        assert!(
            table.contains(&format!(r#"<w:{side} w:val="single" w:sz="4""#)),
            "{side}: {table}"
        );
    }
    // 仿宋_GB2312 小四: 12pt is 24 half points.
    assert!(table.contains(r#"w:eastAsia="仿宋_GB2312""#));
    assert!(table.contains(r#"<w:sz w:val="24" />"#));
    assert!(
        !table.contains(r#"<w:sz w:val="32" />"#),
        "no body-size text in the table"
    );
    // The line before the table keeps with it.
    let intro = xml[..xml.find("<w:tbl>").unwrap()]
        .rsplit("<w:p ")
        .next()
        .unwrap();
    assert!(
        intro.contains("列入本次通报") && intro.contains("<w:keepNext"),
        "{intro}"
    );
}

#[test]
fn a_table_without_columns_prints_nothing() {
    let mut doc = report(0);
    doc.body.push(Block::Table {
        columns: vec![],
        rows: vec![],
    });
    let xml = document_xml(&gongkai_render::to_docx(&doc).unwrap());
    assert!(!xml.contains("<w:tbl>"));
    if !skip_without_fonts() {
        assert!(gongkai_render::to_pdf(&doc).unwrap().starts_with(b"%PDF-"));
    }
}
