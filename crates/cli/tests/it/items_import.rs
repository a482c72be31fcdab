//! 导入历史目录 on the web (issue 19, item 8): the catalogue of an old site
//! uploaded as CSV (UTF-8 or GB18030/GBK) or XLSX, checked, then imported by
//! the command `gongkai import catalogue` runs; who may; and a GB18030 file
//! accepted by the other uploads that read text or tables.
//!
//! The files are written here by hand; the GB18030 ones are the same text
//! encoded with `encoding_rs`, so what they must give is what the UTF-8 one
//! gives.

use gongkai_domain::catalogue::{ItemState, Validity};
use gongkai_domain::staff::{Role, Username};
use gongkai_store::prelude::*;
use gongkai_store::{ItemRecord, NewStaff};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

use crate::access_matrix::{World, check_cells};
use crate::helpers::{DbKind, TestApp, staff_named};

/// The import's routes in the access matrix: the agency's reviewers and
/// administrators, and the administrators above it; the template for every
/// staff member. A refused POST is refused before its body is read (403).
#[rustfmt::skip]
pub const ROWS: &[(&str, &str, &str)] = &[
    //                                                        anon adm sup clk rev edi out
    ("GET",  "/admin/agencies/{code}/items/import",              "L O F F O F F"),
    ("POST", "/admin/agencies/{code}/items/import",              "L A F F A F F"),
    // The template: for those who import and the editors who prepare files.
    ("GET",  "/workbench/items/import-template.csv",             "L O F F O O O"),
];

/// 白沙县交通运输局.
const AGENCY: &str = "119901219482199390";
const PAGE: &str = "/admin/agencies/119901219482199390/items/import";
const HEADER: &str =
    "索引号,名称,内容概述,发布机构,文号,成文日期,发布日期,主题分类,第二十条,公开方式,有效性,正文";
const TITLE_1: &str = "白沙县交通运输局关于印发《农村公路养护管理办法》的通知";
const TITLE_2: &str = "白沙县交通运输局2022年道路运输安全生产专项整治方案";
/// Row 2: no index number (one is given); row 3: its own, repealed.
const ROW_1: &str = "\"\",白沙县交通运输局关于印发《农村公路养护管理办法》的通知,规定农村公路养护的责任分工、资金和考核。,白沙县交通运输局,白交运〔2023〕5号,2023-03-01,2023-03-06,综合政务\\政务公开,,主动公开,有效,各乡镇交通管理站：现将《农村公路养护管理办法》印发给你们，请认真贯彻执行。";
const ROW_2: &str = "119901219482199390/2022-00007,白沙县交通运输局2022年道路运输安全生产专项整治方案,部署道路运输安全生产专项整治。,白沙县交通运输局,白交运〔2022〕11号,2022-05-10,2022-05-12,综合政务\\政务公开,,主动公开,废止 2023-12-31 被新方案取代,为深入开展道路运输安全生产专项整治，制定本方案。";

fn two_rows() -> String {
    format!("{HEADER}\r\n{ROW_1}\r\n{ROW_2}\r\n")
}

fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "not UTF-8 by accident"
    );
    bytes.into_owned()
}

/// Posts the page's form: `step` check or import.
async fn send(
    app: &TestApp,
    step: &str,
    name: &str,
    bytes: Vec<u8>,
    skip_bad: bool,
    checked: Option<&str>,
) -> (StatusCode, String) {
    let mut form = Form::new()
        .text("_csrf", app.csrf().await)
        .text("step", step.to_string());
    if skip_bad {
        form = form.text("skip_bad", "1");
    }
    if let Some(c) = checked {
        form = form.text("checked", c.to_string());
    }
    form = form.part("file", Part::bytes(bytes).file_name(name.to_string()));
    let r = app
        .client
        .post(app.url(PAGE))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

/// The fingerprint the page's import form carries after a passing check.
fn checked_in(html: &str) -> Option<String> {
    let at = html.find("name=\"checked\" value=\"")? + "name=\"checked\" value=\"".len();
    Some(html[at..].split('"').next()?.to_string())
}

/// Checks, then imports the same file; the import page.
async fn check_then_import(app: &TestApp, name: &str, bytes: Vec<u8>, skip_bad: bool) -> String {
    let (status, html) = send(app, "check", name, bytes.clone(), skip_bad, None).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let sum = checked_in(&html).expect("a passing check offers the import");
    let (status, html) = send(app, "import", name, bytes, skip_bad, Some(&sum)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    html
}

async fn imported(app: &TestApp, titles: &[&str]) -> Vec<ItemRecord> {
    let agency = app.store.agency_by_code(AGENCY).await.unwrap().unwrap();
    let mut items: Vec<ItemRecord> = app
        .store
        .items_of_agency(agency.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|i| titles.contains(&i.snapshot.metadata.title.as_str()))
        .collect();
    items.sort_by_key(|i| i.snapshot.metadata.formed_on);
    items
}

crate::on_both_backends!(
    a_gb18030_file_gives_the_rows_of_the_utf8_one,
    a_refused_row_is_named_and_the_import_waits_for_a_check,
    an_xlsx_file_imports,
    only_the_agencys_reviewers_and_administrators_import,
    gb18030_files_are_read_by_the_other_uploads,
    import_routes_have_their_decisions,
);

async fn a_gb18030_file_gives_the_rows_of_the_utf8_one(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-12-28").spawn().await else {
        return;
    };
    let reviewer = app.logged_in("reviewer").await;
    let text = two_rows();
    // The template downloads as UTF-8 with a BOM, header first.
    let template = reviewer.get("/workbench/items/import-template.csv").await;
    assert_eq!(template.status(), StatusCode::OK);
    let template = template.text().await.unwrap();
    assert!(
        template.starts_with(&format!("\u{feff}{HEADER}\n")),
        "{template}"
    );

    // Checked alone, each encoding gives the same report, and says how it read.
    let (status, utf8) = send(
        &reviewer,
        "check",
        "目录.csv",
        text.clone().into_bytes(),
        false,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{utf8}");
    let (status, gb) = send(&reviewer, "check", "目录-gbk.csv", gbk(&text), false, None).await;
    assert_eq!(status, StatusCode::OK, "{gb}");
    for html in [&utf8, &gb] {
        assert!(
            html.contains("检查完成（未写入数据库）：共2行，可导入2条。"),
            "{html}"
        );
    }
    assert!(
        utf8.contains("文件“目录.csv”：UTF-8 编码的 CSV 文件；数据2行，可导入2条，有误0行。"),
        "{utf8}"
    );
    assert!(!utf8.contains("id=\"encoding-notice\""));
    assert!(
        gb.contains("文件“目录-gbk.csv”：GB18030/GBK 编码的 CSV 文件；"),
        "{gb}"
    );
    assert!(gb.contains("id=\"encoding-notice\""), "{gb}");
    assert!(
        imported(&reviewer, &[TITLE_1, TITLE_2]).await.is_empty(),
        "a check stores nothing"
    );

    // The GB18030 file imported: the Chinese text as written.
    let html = check_then_import(&reviewer, "目录-gbk.csv", gbk(&text), false).await;
    assert!(
        html.contains("导入完成：新增2条，已存在0条（未重复导入）。"),
        "{html}"
    );
    let items = imported(&reviewer, &[TITLE_1, TITLE_2]).await;
    assert_eq!(items.len(), 2);
    let (repealed, in_force) = (&items[0].snapshot, &items[1].snapshot);
    assert_eq!(repealed.metadata.title, TITLE_2);
    assert_eq!(
        repealed.index_number.as_deref(),
        Some("119901219482199390/2022-00007")
    );
    assert_eq!(repealed.validity.kind(), Validity::Repealed);
    assert_eq!(in_force.metadata.title, TITLE_1);
    assert_eq!(
        in_force.metadata.document_number.as_deref(),
        Some("白交运〔2023〕5号")
    );
    assert_eq!(in_force.state, ItemState::Published);
    assert_eq!(
        in_force.published_on.map(|d| d.to_string()).as_deref(),
        Some("2023-03-06")
    );
    let number = in_force.index_number.as_deref().unwrap();
    assert!(number.starts_with("119901219482199390/2023-"), "{number}");

    // The UTF-8 file is the same rows: nothing new.
    let html = check_then_import(&reviewer, "目录.csv", text.into_bytes(), false).await;
    assert!(
        html.contains("导入完成：新增0条，已存在2条（未重复导入）。"),
        "{html}"
    );
    assert_eq!(imported(&reviewer, &[TITLE_1, TITLE_2]).await.len(), 2);

    // Audited: who, the file, how it was read, the counts.
    let who = staff_named(app.store.as_ref(), "reviewer").await;
    let entries = app.store.audit_entries(200).await.unwrap();
    let gb_entry = entries
        .iter()
        .find(|e| e.action == "catalogue.import" && e.detail.contains("目录-gbk.csv"))
        .expect("the import audited");
    assert_eq!(gb_entry.staff_id, Some(who.id));
    assert_eq!(
        gb_entry.detail,
        "导入历史目录（网页导入）：文件“目录-gbk.csv”（GB18030/GBK 编码的 CSV 文件），共2行，新增2条，已存在0条"
    );
}

async fn a_refused_row_is_named_and_the_import_waits_for_a_check(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-12-28").spawn().await else {
        return;
    };
    let reviewer = app.logged_in("reviewer").await;
    // Row 3 (spreadsheet numbering, header = 1) has no 13th month.
    let bad = two_rows().replace("2022-05-10", "2021-13-01");
    let (status, html) = send(&reviewer, "check", "有误.csv", gbk(&bad), false, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("共2行，其中1行有误，未导入任何数据。"),
        "{html}"
    );
    assert!(
        html.contains("<tr data-row=\"3\"><td>第3行</td><td>成文日期</td><td>日期“2021-13-01”无效，请按YYYY-MM-DD填写</td></tr>"),
        "{html}"
    );
    assert_eq!(checked_in(&html), None, "no import offered");

    // Importing without a passing check of that file is refused.
    let (status, html) = send(
        &reviewer,
        "import",
        "有误.csv",
        gbk(&bad),
        true,
        Some("0000"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("所选文件不是刚才检查通过的文件"), "{html}");
    assert!(imported(&reviewer, &[TITLE_1, TITLE_2]).await.is_empty());

    // Skipping bad rows: row 2 goes in, row 3 is listed as skipped.
    let html = check_then_import(&reviewer, "有误.csv", gbk(&bad), true).await;
    assert!(html.contains("已跳过有误的1行：第3行。"), "{html}");
    assert!(
        html.contains("导入完成：新增1条，已存在0条（未重复导入）。"),
        "{html}"
    );
    let items = imported(&reviewer, &[TITLE_1, TITLE_2]).await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].snapshot.metadata.title, TITLE_1);
}

async fn an_xlsx_file_imports(kind: DbKind) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let Some(app) = TestApp::builder(kind).on("2025-12-28").spawn().await else {
        return;
    };
    let admin = app.logged_in("admin").await;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy年m月d日");
    for (r, line) in [HEADER, ROW_1].iter().enumerate() {
        let cells: Vec<&str> = line.split(',').collect();
        for (c, cell) in cells.iter().enumerate() {
            sheet
                .write_string(r as u32, c as u16, cell.trim_matches('"'))
                .unwrap();
        }
    }
    // 成文日期 a date cell shown the Chinese way, 发布日期 a bare serial
    // number (45357 = 2024-03-06).
    let formed = ExcelDateTime::from_ymd(2023, 3, 1).unwrap();
    sheet
        .write_datetime_with_format(1, 5, &formed, &date)
        .unwrap();
    sheet.write_number(1, 6, 45357.0).unwrap();
    let bytes = book.save_to_buffer().unwrap();

    let html = check_then_import(&admin, "目录.xlsx", bytes, false).await;
    assert!(
        html.contains("文件“目录.xlsx”：Excel 工作簿（工作表“Sheet1”）；"),
        "{html}"
    );
    assert!(
        html.contains("导入完成：新增1条，已存在0条（未重复导入）。"),
        "{html}"
    );
    let items = imported(&app, &[TITLE_1]).await;
    assert_eq!(items.len(), 1);
    let s = &items[0].snapshot;
    assert_eq!(s.metadata.formed_on.to_string(), "2023-03-01");
    assert_eq!(
        s.published_on.map(|d| d.to_string()).as_deref(),
        Some("2024-03-06")
    );
}

async fn only_the_agencys_reviewers_and_administrators_import(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-12-28").spawn().await else {
        return;
    };
    // Every role at 青山市财政局, which is not above the bureau.
    let elsewhere = app
        .store
        .agency_by_code("11990100390996033U")
        .await
        .unwrap()
        .unwrap();
    app.store
        .create_staff(&NewStaff {
            agency_id: elsewhere.id,
            username: Username::parse("caizheng").unwrap(),
            display_name: "钱财政".into(),
            password_hash: gongkai_app::password::hash_password(gongkai_app::demo::DEMO_PASSWORD)
                .unwrap(),
            roles: vec![Role::Administrator, Role::Reviewer, Role::Editor],
        })
        .await
        .unwrap();
    let text = two_rows();

    let outsider = app.logged_in("caizheng").await;
    assert_eq!(outsider.get(PAGE).await.status(), StatusCode::FORBIDDEN);
    let (status, html) = send(
        &outsider,
        "check",
        "目录.csv",
        text.clone().into_bytes(),
        false,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        html.contains("只能为本机关及下级机关导入历史目录"),
        "{html}"
    );

    // The bureau's editor prepares items for review: not an import.
    let editor = app.logged_in("editor").await;
    let (status, html) = send(
        &editor,
        "check",
        "目录.csv",
        text.clone().into_bytes(),
        false,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        html.contains("导入历史目录需要本机关的审核人或管理员角色"),
        "{html}"
    );

    // A citizen, not logged in: sent to log in, nothing read.
    let citizen = app.another_browser();
    let r = citizen.get(PAGE).await;
    assert!(r.status().is_redirection());
    let (status, _) = send(
        &citizen,
        "check",
        "目录.csv",
        text.into_bytes(),
        false,
        None,
    )
    .await;
    assert!(status.is_redirection(), "{status}");
    assert!(imported(&app, &[TITLE_1, TITLE_2]).await.is_empty());

    // The bureau's reviewer has the link on the workbench; the editor not.
    let html = app
        .logged_in("reviewer")
        .await
        .get("/workbench")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("id=\"items-import-link\""));
    let html = editor.get("/workbench").await.text().await.unwrap();
    assert!(!html.contains("id=\"items-import-link\""));
}

async fn gb18030_files_are_read_by_the_other_uploads(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-12-28").spawn().await else {
        return;
    };
    // Article 20 figures from a GB18030 CSV.
    let editor = app.logged_in("editor").await;
    let csv = "年度,行政许可,行政处罚,行政强制,行政事业性收费（万元）\r\n2024,9,669,2,3.5\r\n";
    let form = Form::new()
        .text("_csrf", editor.csrf().await)
        .part("file", Part::bytes(gbk(csv)).file_name("第二十条.csv"));
    let r = editor
        .client
        .post(editor.url(&format!(
            "/admin/agencies/{AGENCY}/figures/upload?year=2024"
        )))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let agency = app.store.agency_by_code(AGENCY).await.unwrap().unwrap();
    let f = app
        .store
        .figures(agency.id, 2024)
        .await
        .unwrap()
        .unwrap()
        .figures;
    assert_eq!(
        (f.permits, f.penalties, f.fee_income_wan_yuan.as_str()),
        (9, 669, "3.5")
    );
    // A file in neither encoding is refused, saying so.
    let form = Form::new().text("_csrf", editor.csrf().await).part(
        "file",
        Part::bytes(vec![b'a', 0xFF, 0xFF, 0x81]).file_name("乱码.csv"),
    );
    let r = editor
        .client
        .post(editor.url(&format!(
            "/admin/agencies/{AGENCY}/figures/upload?year=2024"
        )))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("不是 UTF-8 或 GB18030（GBK）编码的文本")
    );

    // An annual report saved as GB18030 text reads as its UTF-8 original.
    let report = gongkai_parse::samples::CORPUS_000;
    let check = |name: &str, bytes: Vec<u8>| {
        let form = Form::new().part("files", Part::bytes(bytes).file_name(name.to_string()));
        app.client
            .post(app.url("/api/v1/reports/check"))
            .multipart(form)
            .send()
    };
    let utf8: Value = check("年报.txt", report.as_bytes().to_vec())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let gb: Value = check("年报-gbk.txt", gbk(report))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (utf8, gb) = (&utf8["reports"][0], &gb["reports"][0]);
    assert_eq!(gb["year"], 2020, "{gb}");
    assert_eq!(gb["format"], "2019");
    for key in ["agency", "table2", "table3", "table4", "findings"] {
        assert_eq!(gb[key], utf8[key], "{key}");
    }
}

async fn import_routes_have_their_decisions(kind: DbKind) {
    let Some(world) = World::start(kind).await else {
        return;
    };
    check_cells(&world, ROWS.to_vec()).await;
}

/// `gongkai import catalogue` reads the same GB18030 file through the same
/// reader and command, says how it read it, and is audited as the
/// operator's.
#[tokio::test]
async fn the_command_line_imports_the_same_gb18030_file() {
    use gongkai_store_sqlite::SqliteStore;
    let dir = crate::import::seeded_dir().await;
    let file = dir.path().join("目录-gbk.csv");
    std::fs::write(&file, gbk(&two_rows())).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["import", "catalogue"])
        .arg(&file)
        .args(["--agency", AGENCY, "--data-dir"])
        .arg(dir.path())
        .env_remove("GONGKAI_DATABASE_URL")
        .env_remove("GONGKAI_CONFIG")
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stderr.contains("已按 GB18030（GBK）读取"), "{stderr}");
    assert!(
        stdout.contains("导入完成：新增2条，已存在0条（未重复导入）。"),
        "{stdout}"
    );
    let store = SqliteStore::open_file(&dir.path().join("gongkai.db"))
        .await
        .unwrap();
    let entries = store.audit_entries(50).await.unwrap();
    let entry = entries
        .iter()
        .find(|e| e.action == "catalogue.import")
        .expect("the import audited");
    assert_eq!(entry.staff_id, None);
    assert_eq!(
        entry.detail,
        "导入历史目录（命令行导入）：文件“目录-gbk.csv”（GB18030/GBK 编码的 CSV 文件），共2行，新增2条，已存在0条"
    );
}
