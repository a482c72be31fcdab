//! `gongkai report check`, run as a process: a real published report (corpus
//! `000_…`) with its blank cells named, an unreadable input, and two reports
//! of one agency for consecutive years checked against each other.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use gongkai_domain::report::{AnnualReport, Cell};
use gongkai_domain::vocabulary::{ReportFormat, Table3RowKind};
use serde_json::Value;

const CORPUS_000: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../parse/tests/corpus/000_a83da41d4916728f.txt"
);

fn check(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("report")
        .arg("check")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run gongkai");
    let mut input = child.stdin.take().expect("stdin");
    input
        .write_all(stdin.unwrap_or_default())
        .expect("write stdin");
    drop(input);
    child.wait_with_output().expect("wait for gongkai")
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "one JSON document ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn findings<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

/// The worked example of the specification: corpus `000_…` leaves the
/// 总计 column of table 三 and the 行政强制, 行政事业性收费 and 政府集中采购
/// cells of table 二 blank; AR-03 names each, and the report fails.
#[test]
fn check_names_the_blank_cells_of_corpus_000() {
    let out = check(&[CORPUS_000, "--json"], None);
    assert_eq!(
        out.status.code(),
        Some(1),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = json(&out);
    assert!(r.is_object(), "one file: the report object itself");
    assert_eq!(r["format"], "2019");
    assert_eq!(r["year"], 2020);
    assert_eq!(r["input"], "text");
    assert_eq!(
        r["table3"]["new_received"],
        serde_json::json!([0, 0, 0, 0, 0, 0, null])
    );
    let ar03 = findings(&r, "AR-03");
    for column in ["上一年项目数量", "本年增/减", "处理决定数量"] {
        assert!(
            ar03.iter().any(|f| f["table"] == "二"
                && f["row"] == "行政强制"
                && f["column"] == column
                && f["severity"] == "E"),
            "AR-03 on 行政强制 / {column}: {ar03:#?}"
        );
    }
    for row in ["行政事业性收费", "政府集中采购"] {
        assert!(
            ar03.iter().any(|f| f["table"] == "二" && f["row"] == row),
            "AR-03 on {row}"
        );
    }
    let total_column: Vec<_> = ar03
        .iter()
        .filter(|f| f["table"] == "三" && f["column"] == "总计")
        .collect();
    assert_eq!(
        total_column.len(),
        ReportFormat::Y2019.table3_rows().len(),
        "every row's 总计 is blank: {total_column:#?}"
    );
    // Each is located in the text.
    assert!(
        total_column
            .iter()
            .all(|f| f["location"].as_str().is_some_and(|l| l.contains('行'))),
        "{total_column:#?}"
    );
    // What is filled holds together.
    for rule in ["AR-05", "AR-06", "AR-08"] {
        assert!(
            findings(&r, rule).is_empty(),
            "{rule}: {:#?}",
            findings(&r, rule)
        );
    }
    assert_eq!(r["missing"], serde_json::json!([]));
    assert_eq!(r["ambiguous"], serde_json::json!([]));
}

#[test]
fn check_prints_a_chinese_summary_and_reads_standard_input() {
    let bytes = std::fs::read(CORPUS_000).expect("corpus 000");
    let out = check(&["-"], Some(&bytes));
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(text.contains("标准输入"), "{text}");
    assert!(text.contains("2020年"), "{text}");
    assert!(text.contains("[错误] AR-03"), "{text}");
    assert!(text.contains("行政强制"), "{text}");
}

/// Binary data is refused with a Chinese message naming the file (exit 2),
/// and the readable inputs are still checked and printed.
#[test]
fn check_refuses_unreadable_input_with_exit_code_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let garbage = dir.path().join("garbage.bin");
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .chain([0, 0, 0, 0])
        .collect();
    std::fs::write(&garbage, &bytes).expect("write");
    let garbage = garbage.to_str().expect("path");

    let out = check(&[garbage, "--json"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("garbage.bin"), "{err}");
    assert!(err.contains("二进制") || err.contains("无法读取"), "{err}");

    let missing = dir.path().join("no-such-report.txt");
    let missing = missing.to_str().expect("path");
    let out = check(&[garbage, missing, CORPUS_000, "--json"], None);
    assert_eq!(out.status.code(), Some(2), "unreadable wins over errors");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no-such-report.txt") && err.contains("文件不存在"),
        "{err}"
    );
    let all = json(&out);
    let reports = all.as_array().expect("several files: an array");
    assert_eq!(reports.len(), 1, "the readable one");
    assert_eq!(reports[0]["source"], CORPUS_000);
}

// ---------------------------------------------------------------------------
// Two reports of one agency for consecutive years

const AGENCY: &str = "白沙县交通运输局";

/// A complete, consistent 2021-format report: `new` received this year
/// and `carried` from last year by natural persons, `open` of them
/// disclosed, the rest carried over to next year.
fn report(year: i32, carried: i64, new: i64, open: i64) -> AnnualReport {
    let format = ReportFormat::Y2021;
    let mut r = AnnualReport::blank(format, year, AGENCY);
    for row in &mut r.table2 {
        for (_, cell) in &mut row.cells {
            *cell = Cell::Count(0);
        }
    }
    let row_of = |kind| {
        let v = match kind {
            Table3RowKind::NewReceived => new,
            Table3RowKind::CarriedOver => carried,
            Table3RowKind::Total => open,
            Table3RowKind::CarryNext => carried + new - open,
            Table3RowKind::Result => 0,
        };
        [v, 0, 0, 0, 0, 0, v]
    };
    for (row, spec) in r.table3.iter_mut().zip(format.table3_rows()) {
        let mut values = row_of(spec.kind);
        if spec.key == "r_open" {
            values = [open, 0, 0, 0, 0, 0, open];
        }
        row.cells = values.map(Cell::Count);
    }
    r.table4 = std::array::from_fn(|_| Cell::Count(0));
    r.parts = [
        format!(
            "{year}年，本机关认真落实政府信息公开条例，做好主动公开、依申请公开、政府信息管理、平台建设和监督保障工作。"
        ),
        String::new(),
        String::new(),
        String::new(),
        "部分信息更新不够及时，下一步将加强培训。".into(),
        "本年度未收取信息处理费。".into(),
    ];
    r
}

/// The report as published pages flatten it: one row per line with `|`.
fn pipe_text(r: &AnnualReport) -> String {
    let mut s = format!("{}\n", r.title());
    let line = |cells: &[String]| format!("{} |\n", cells.join(" | "));
    for (i, heading) in r.format.sections().iter().enumerate() {
        s.push_str(heading);
        s.push('\n');
        if !r.parts[i].is_empty() {
            s.push_str(&r.parts[i]);
            s.push('\n');
        }
        match i {
            1 => {
                for block in r.format.table2_blocks() {
                    s.push_str(&line(&[block.block.to_string()]));
                    let mut header = vec!["信息内容".to_string()];
                    header.extend(block.columns.iter().map(|c| c.to_string()));
                    s.push_str(&line(&header));
                    for row in block.rows {
                        let mut cells = vec![row.to_string()];
                        for c in block.columns {
                            let cell = r.table2_cell(block.block, row, c).expect("cell");
                            cells.push(cell.display());
                        }
                        s.push_str(&line(&cells));
                    }
                }
            }
            2 => {
                let columns = r.format.table3_columns();
                s.push_str(&line(&[
                    r.format.table3_header_note().to_string(),
                    "申请人情况".into(),
                ]));
                s.push_str(&line(&[
                    columns[0].to_string(),
                    "法人或其他组织".into(),
                    columns[6].to_string(),
                ]));
                s.push_str(&line(
                    &columns[1..6]
                        .iter()
                        .map(|c| c.to_string())
                        .collect::<Vec<_>>(),
                ));
                let mut last_parent = None;
                for spec in r.format.table3_rows() {
                    let mut cells = Vec::new();
                    if let Some(parent) = spec.parent_label()
                        && last_parent != Some(parent)
                    {
                        cells.push(parent.to_string());
                    }
                    last_parent = spec.parent_label();
                    cells.push(spec.item_label().to_string());
                    let values = r.table3_row(spec.key).expect("row");
                    cells.extend(values.iter().map(Cell::display));
                    s.push_str(&line(&cells));
                }
            }
            3 => {
                let results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
                s.push_str(&line(&["行政复议".into(), "行政诉讼".into()]));
                let mut row2: Vec<String> = results.iter().map(|c| c.to_string()).collect();
                row2.extend(["未经复议直接起诉".into(), "复议后起诉".into()]);
                s.push_str(&line(&row2));
                let row3: Vec<String> = results
                    .iter()
                    .chain(&results)
                    .map(|c| c.to_string())
                    .collect();
                s.push_str(&line(&row3));
                s.push_str(&line(
                    &r.table4.iter().map(Cell::display).collect::<Vec<_>>(),
                ));
            }
            _ => {}
        }
    }
    s
}

#[test]
fn check_compares_consecutive_years_of_one_agency() {
    let dir = tempfile::tempdir().expect("temp dir");
    // 2022 carries 1 over to 2023; the 2023 report says 2 were carried over.
    let before = report(2022, 0, 3, 2);
    let after = report(2023, 2, 0, 2);
    let p2022 = dir.path().join("2022.txt");
    let p2023 = dir.path().join("2023.txt");
    std::fs::write(&p2022, pipe_text(&before)).expect("write");
    std::fs::write(&p2023, pipe_text(&after)).expect("write");
    let (p2022, p2023) = (p2022.to_str().unwrap(), p2023.to_str().unwrap());

    // Alone, the 2023 report cannot be compared: AR-09 is only a warning.
    let alone = json(&check(&[p2023, "--json"], None));
    let ar09 = findings(&alone, "AR-09");
    assert!(
        !ar09.is_empty() && ar09.iter().all(|f| f["severity"] == "W"),
        "{ar09:#?}"
    );

    // Together (in either order), the carry-over is checked across years.
    let out = check(&[p2023, p2022, "--json"], None);
    assert_eq!(
        out.status.code(),
        Some(1),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all = json(&out);
    let reports = all.as_array().expect("an array for several files");
    assert_eq!(reports.len(), 2);
    let of_year = |y: i64| {
        reports
            .iter()
            .find(|r| r["year"] == y)
            .unwrap_or_else(|| panic!("no {y} report in {all:#}"))
    };
    let ar09 = findings(of_year(2023), "AR-09");
    let carried = ReportFormat::Y2021
        .table3_row("carried_over")
        .expect("row")
        .label;
    for column in ["自然人", "总计"] {
        assert!(
            ar09.iter().any(|f| f["severity"] == "E"
                && f["table"] == "三"
                && f["row"] == carried
                && f["column"] == column
                && f["expected"] == "1"
                && f["found"] == "2"),
            "AR-09 on {column}: {ar09:#?}"
        );
    }
    // Apart from that, both reports are clean.
    for r in reports {
        let errors: Vec<_> = r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] == "E" && f["rule"] != "AR-09")
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", r["year"]);
    }
    assert!(
        findings(of_year(2022), "AR-09")
            .iter()
            .all(|f| f["severity"] == "W")
    );

    // The summary names it too.
    let out = check(&[p2022, p2023], None);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("[错误] AR-09"), "{text}");
    assert!(text.contains("共校验 2 份报告，其中 1 份有错误"), "{text}");
}
