//! `gongkai import catalogue`, run as a process against a fresh SQLite data
//! directory seeded with the demo agencies.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use gongkai_domain::catalogue::{IMPORT_HEADER, ItemState, Validity};
use gongkai_store::ItemRecord;
use gongkai_store::prelude::*;
use gongkai_store_sqlite::SqliteStore;
use tempfile::TempDir;

/// 白沙县交通运输局 in the demo tree.
const AGENCY: &str = "119901219482199390";

/// A data directory whose SQLite database has the demo agencies.
pub(crate) async fn seeded_dir() -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open_file(&dir.path().join("gongkai.db"))
        .await
        .expect("open sqlite");
    store.migrate().await.expect("migrate");
    assert!(gongkai_app::demo::seed(&store).await.expect("seed demo"));
    dir
}

fn gongkai(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .env_remove("GONGKAI_DATABASE_URL")
        .env_remove("GONGKAI_CONFIG")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run gongkai")
}

fn import(dir: &Path, file: &Path, extra: &[&str]) -> Output {
    let file = file.to_str().expect("utf-8 path");
    let mut args = vec!["import", "catalogue", file, "--agency", AGENCY];
    args.extend_from_slice(extra);
    gongkai(dir, &args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

async fn items(dir: &Path) -> Vec<ItemRecord> {
    let store = SqliteStore::open_file(&dir.join("gongkai.db"))
        .await
        .expect("open sqlite");
    let agency = store
        .agency_by_code(AGENCY)
        .await
        .expect("query")
        .expect("demo agency");
    store.items_of_agency(agency.id).await.expect("items")
}

fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn csv(rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&IMPORT_HEADER.join(","));
    out.push_str("\r\n");
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Data row `i` of a realistic catalogue: dates across 2015–2024, a third
/// with index numbers in the forms of the specification, every 97th repealed.
fn catalogue_row(i: usize) -> Vec<String> {
    const SUBJECTS: [&str; 8] = [
        "农村公路养护工程",
        "道路运输安全生产专项整治",
        "出租汽车经营权管理",
        "交通运输行政许可事项清单",
        "公路超限超载治理",
        "城乡客运一体化建设",
        "港航建设项目资金",
        "交通运输行政执法检查",
    ];
    const KINDS: [&str; 4] = ["通知", "实施方案", "管理办法", "工作要点"];
    const TOPICS: [&str; 4] = [
        "工业、交通\\交通",
        "综合政务\\政务公开",
        "财政、金融、审计\\财政",
        "市场监管、安全生产监管\\安全生产",
    ];
    const ARTICLE20: [&str; 5] = ["", "一", "（五）", "6", "第二十条第（八）项"];
    let year = 2015 + (i % 10) as i32;
    let month = 1 + (i / 10) % 12;
    let day = 1 + (i / 120) % 28;
    let formed = format!("{year}-{month:02}-{day:02}");
    let published = format!("{year}-{month:02}-{:02}", (day + 3).min(28));
    let serial = i + 1;
    let index_number = match i % 6 {
        0 => format!("{AGENCY}/{year}-{serial:05}"),
        1 => format!("0142768-8/{year}-{serial:05}"),
        2 => format!("{AGENCY}/{year}{month:02}-{serial:05}"),
        _ => String::new(),
    };
    let subject = SUBJECTS[i % SUBJECTS.len()];
    let kind = KINDS[(i / 8) % KINDS.len()];
    let title = format!("白沙县交通运输局关于{subject}的{kind}（第{serial}号）");
    let validity = if i % 97 == 5 {
        format!("废止 {}-12-31 被新办法取代", year + 1)
    } else {
        "有效".to_string()
    };
    vec![
        index_number,
        title,
        format!("就{subject}有关事项作出安排，明确工作目标、责任分工和完成时限。"),
        "白沙县交通运输局".to_string(),
        format!("白交运〔{year}〕{serial}号"),
        formed,
        published,
        TOPICS[i % TOPICS.len()].to_string(),
        ARTICLE20[i % ARTICLE20.len()].to_string(),
        "主动公开".to_string(),
        validity,
        format!("各乡镇交通管理站，局属各单位：现将{subject}有关事项通知如下，请认真贯彻执行。"),
    ]
}

fn write(dir: &TempDir, name: &str, content: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, content).expect("write file");
    path
}

#[test]
fn template_prints_the_header_and_an_example_that_imports() {
    let dir = tempfile::tempdir().unwrap();
    let out = gongkai(dir.path(), &["import", "catalogue", "--template"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some(IMPORT_HEADER.join(",").as_str()));
    let example = lines.next().expect("an example line");
    assert!(example.contains("主动公开"), "{example}");
    assert_eq!(lines.next(), None);
}

#[tokio::test]
async fn the_template_example_row_imports() {
    let dir = seeded_dir().await;
    let out = gongkai(dir.path(), &["import", "catalogue", "--template"]);
    let file = write(&dir, "模板.csv", &text(&out.stdout));
    let out = import(dir.path(), &file, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("新增1条"),
        "{}",
        text(&out.stdout)
    );
    let items = items(dir.path()).await;
    assert_eq!(items.len(), 1);
    let s = &items[0].snapshot;
    assert_eq!(s.state, ItemState::Published);
    assert_eq!(
        s.index_number.as_deref(),
        Some(format!("{AGENCY}/2023-00001").as_str()),
        "a new number in the agency's form, year of publication"
    );
}

#[tokio::test]
async fn ten_thousand_rows_import_and_twice_adds_nothing() {
    let dir = seeded_dir().await;
    let rows: Vec<Vec<String>> = (0..10_000).map(catalogue_row).collect();
    let file = write(&dir, "目录.csv", &csv(&rows));

    let started = Instant::now();
    let out = import(dir.path(), &file, &[]);
    let elapsed = started.elapsed();
    eprintln!("10,000-row import took {elapsed:.2?}");
    assert!(
        out.status.success(),
        "stdout: {}\nstderr: {}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("导入完成：新增10000条，已存在0条（未重复导入）。"),
        "{stdout}"
    );

    let stored = items(dir.path()).await;
    assert_eq!(stored.len(), 10_000);
    assert!(
        stored
            .iter()
            .all(|i| i.snapshot.state == ItemState::Published)
    );
    // Index numbers from the file are kept exactly, in every form.
    for kept in [
        format!("{AGENCY}/2015-00001"),
        "0142768-8/2016-00002".to_string(),
        format!("{AGENCY}/201701-00003"),
    ] {
        assert!(
            stored
                .iter()
                .any(|i| i.snapshot.index_number.as_deref() == Some(kept.as_str())),
            "{kept} kept"
        );
    }
    // The others got one in the agency's form, unique.
    let numbers: std::collections::BTreeSet<&str> = stored
        .iter()
        .filter_map(|i| i.snapshot.index_number.as_deref())
        .collect();
    assert_eq!(numbers.len(), 10_000, "every item has its own index number");
    let row3 = catalogue_row(3);
    let generated = stored
        .iter()
        .find(|i| i.snapshot.metadata.title == row3[1])
        .expect("row without index number");
    let n = generated.snapshot.index_number.as_deref().unwrap();
    assert!(n.starts_with(&format!("{AGENCY}/2018-")), "{n}");
    assert_eq!(n.len(), AGENCY.len() + "/2018-00000".len(), "{n}");
    // Repealed rows are 废止 with their date.
    let repealed: Vec<&ItemRecord> = stored
        .iter()
        .filter(|i| i.snapshot.validity.kind() == Validity::Repealed)
        .collect();
    assert_eq!(repealed.len(), (0..10_000).filter(|i| i % 97 == 5).count());

    // The same file again: nothing new.
    let started = Instant::now();
    let again = import(dir.path(), &file, &[]);
    eprintln!("re-import took {:.2?}", started.elapsed());
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(
        text(&again.stdout).contains("导入完成：新增0条，已存在10000条（未重复导入）。"),
        "{}",
        text(&again.stdout)
    );
    assert_eq!(items(dir.path()).await.len(), 10_000);
}

/// Six data rows (spreadsheet rows 2–7); row 5 has an impossible date formed.
fn file_with_bad_row_5() -> String {
    let mut rows: Vec<Vec<String>> = (0..6).map(|i| catalogue_row(i + 20)).collect();
    rows[3][5] = "2021-13-01".to_string();
    csv(&rows)
}

#[tokio::test]
async fn one_bad_row_is_named_and_nothing_is_imported() {
    let dir = seeded_dir().await;
    let file = write(&dir, "有误.csv", &file_with_bad_row_5());
    let out = import(dir.path(), &file, &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("第5行“成文日期”"), "{stderr}");
    assert!(stderr.contains("2021-13-01"), "{stderr}");
    assert!(
        stderr.contains("共6行，其中1行有误，未导入任何数据。"),
        "{stderr}"
    );
    assert!(stderr.contains("--skip-bad"), "{stderr}");
    assert!(items(dir.path()).await.is_empty(), "nothing imported");
}

#[tokio::test]
async fn skip_bad_imports_the_good_rows_and_lists_the_bad_one() {
    let dir = seeded_dir().await;
    let file = write(&dir, "有误.csv", &file_with_bad_row_5());
    let out = import(dir.path(), &file, &["--skip-bad"]);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("第5行“成文日期”"), "{stderr}");
    assert!(stderr.contains("已跳过有误的1行：第5行。"), "{stderr}");
    assert!(
        text(&out.stdout).contains("新增5条"),
        "{}",
        text(&out.stdout)
    );
    let stored = items(dir.path()).await;
    assert_eq!(stored.len(), 5);
    let bad_title = catalogue_row(23)[1].clone();
    assert!(
        stored
            .iter()
            .all(|i| i.snapshot.metadata.title != bad_title)
    );
}

#[tokio::test]
async fn dry_run_checks_without_writing() {
    let dir = seeded_dir().await;
    let rows: Vec<Vec<String>> = (0..5).map(catalogue_row).collect();
    let file = write(&dir, "目录.csv", &csv(&rows));
    let out = import(dir.path(), &file, &["--dry-run"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("可导入5条"),
        "{}",
        text(&out.stdout)
    );
    assert!(items(dir.path()).await.is_empty());
}

#[tokio::test]
async fn an_xlsx_file_imports_with_date_cells_and_numbers() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

    let dir = seeded_dir().await;
    let path = dir.path().join("目录.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, name) in IMPORT_HEADER.iter().enumerate() {
        sheet.write_string(0, c as u16, *name).unwrap();
    }
    for r in 0..3u32 {
        let row = catalogue_row(r as usize);
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r + 1, c as u16, cell).unwrap();
        }
        // 成文日期 as a date cell, 发布日期 as a bare Excel serial number,
        // 第二十条 as the number 1.
        let formed = ExcelDateTime::parse_from_str(&row[5]).unwrap();
        sheet
            .write_datetime_with_format(r + 1, 5, &formed, &date)
            .unwrap();
        sheet
            .write_number(r + 1, 6, formed.to_excel() + 3.0)
            .unwrap();
        sheet.write_number(r + 1, 8, 1.0).unwrap();
    }
    book.save(&path).unwrap();

    let out = import(dir.path(), &path, &[]);
    assert!(
        out.status.success(),
        "stdout: {}\nstderr: {}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains("新增3条"),
        "{}",
        text(&out.stdout)
    );
    let stored = items(dir.path()).await;
    assert_eq!(stored.len(), 3);
    let first = stored
        .iter()
        .find(|i| i.snapshot.metadata.title == catalogue_row(0)[1])
        .expect("row 2 imported");
    assert_eq!(first.snapshot.metadata.formed_on.to_string(), "2015-01-01");
    assert_eq!(
        first
            .snapshot
            .published_on
            .map(|d| d.to_string())
            .as_deref(),
        Some("2015-01-04")
    );
    assert_eq!(
        first.snapshot.index_number.as_deref(),
        Some(format!("{AGENCY}/2015-00001").as_str())
    );
}

#[tokio::test]
async fn clear_messages_for_unusable_input() {
    let dir = seeded_dir().await;
    let rows: Vec<Vec<String>> = (0..2).map(catalogue_row).collect();
    let good = write(&dir, "目录.csv", &csv(&rows));

    let out = gongkai(
        dir.path(),
        &[
            "import",
            "catalogue",
            good.to_str().unwrap(),
            "--agency",
            "91110000600037341L",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("未找到代码为“91110000600037341L”的机构"));

    let xls = write(&dir, "目录.xls", "whatever");
    let out = import(dir.path(), &xls, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("不支持的文件类型"),
        "{}",
        text(&out.stderr)
    );

    let empty = write(&dir, "空.csv", "");
    let out = import(dir.path(), &empty, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("是空的"),
        "{}",
        text(&out.stderr)
    );

    let missing = dir.path().join("没有这个文件.csv");
    let out = import(dir.path(), &missing, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("找不到文件"),
        "{}",
        text(&out.stderr)
    );

    let gbk = dir.path().join("latin1.csv");
    std::fs::write(&gbk, [0xFFu8, 0xFF, 0x81, 0x20]).unwrap();
    let out = import(dir.path(), &gbk, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("UTF-8"), "{}", text(&out.stderr));

    assert!(items(dir.path()).await.is_empty());
}
