//! The public check of annual reports published elsewhere: the page
//! `/reports/check` (multipart upload, the CSRF token in the query string),
//! `POST /api/v1/reports/check` and the page in a real browser; the helpers
//! the refusals (`report_check_refused`) and a supervisor's import of a
//! checked report into an agency's 年报 column (`report_check_import`) share.
//!
//! The expectations come from the specification's worked example
//! (`annual-report.md`) and from reading corpus `000_…` by hand: a 2020
//! report of a county bureau in the 2019 format that leaves the 行政强制,
//! 行政事业性收费 and 政府集中采购 cells of table 二 and the whole 总计
//! column of table 三 blank.

use std::collections::{BTreeSet, HashMap};

use gongkai_domain::vocabulary::ReportFormat;
use reqwest::Response;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::helpers::{DbKind, TestApp, without_tags};
use crate::on_both_backends;

pub(crate) const CORPUS_000: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../parse/tests/corpus/000_a83da41d4916728f.txt"
));
pub(crate) const CORPUS_003: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../parse/tests/corpus/003_5897f5cf55adee41.txt"
));
pub(crate) const NAME_000: &str = "000_a83da41d4916728f.txt";
pub(crate) const NAME_003: &str = "003_5897f5cf55adee41.txt";

/// 白沙县交通运输局, below the county government.
pub(crate) const BUREAU: &str = "119901219482199390";
/// 青山市交通运输局, outside the county.
pub(crate) const CITY_BUREAU: &str = "119901001318609164";
pub(crate) const PASSWORD: &str = "gongkai-demo-2025";

/// The blank cells of table 二 in corpus 000 (lines 42, 45 and 48).
const BLANK_TABLE2: [(&str, &str); 7] = [
    ("行政强制", "上一年项目数量"),
    ("行政强制", "本年增/减"),
    ("行政强制", "处理决定数量"),
    ("行政事业性收费", "上一年项目数量"),
    ("行政事业性收费", "本年增/减"),
    ("政府集中采购", "采购项目数量"),
    ("政府集中采购", "采购总金额"),
];

// ---------------------------------------------------------------------------
// Uploads

/// A multipart upload: files (field `files`, repeated) and pasted text.
pub(crate) fn upload(files: &[(&str, &[u8])], text: Option<&str>) -> Form {
    upload_onto(Form::new(), files, text)
}

/// The same parts after those of `form` (the page's form starts with its
/// CSRF token).
pub(crate) fn upload_onto(form: Form, files: &[(&str, &[u8])], text: Option<&str>) -> Form {
    let mut form = form;
    for (name, bytes) in files {
        form = form.part(
            "files",
            Part::bytes(bytes.to_vec())
                .file_name(name.to_string())
                .mime_str("application/octet-stream")
                .unwrap(),
        );
    }
    if let Some(t) = text {
        form = form.text("text", t.to_string());
    }
    form
}

/// The token the page's upload form carries as its first field.
pub(crate) async fn form_token(app: &TestApp) -> String {
    let page = app.get("/reports/check").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    let form = &html[html
        .find("id=\"check-form\"")
        .unwrap_or_else(|| panic!("the page has the upload form: {html}"))..];
    assert!(
        !html.contains("_csrf="),
        "the token is never in an address: {html}"
    );
    let marker = "<input type=\"hidden\" name=\"_csrf\" value=\"";
    let at = form.find(marker).expect("the form carries its token") + marker.len();
    let token = form[at..].split('"').next().unwrap().to_string();
    assert_eq!(token.len(), 64, "{token}");
    token
}

/// Submits the page's upload form: the token first, then the parts `parts` adds.
pub(crate) async fn check_page(app: &TestApp, parts: impl FnOnce(Form) -> Form) -> Response {
    let token = form_token(app).await;
    app.client
        .post(app.url("/reports/check"))
        .multipart(parts(Form::new().text("_csrf", token)))
        .send()
        .await
        .expect("POST /reports/check")
}

pub(crate) async fn check_api(app: &TestApp, form: Form) -> Response {
    app.client
        .post(app.url("/api/v1/reports/check"))
        .multipart(form)
        .send()
        .await
        .expect("POST /api/v1/reports/check")
}

/// The `reports` of a successful API answer.
pub(crate) async fn api_reports(response: Response) -> Vec<Value> {
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    body["reports"]
        .as_array()
        .unwrap_or_else(|| panic!("{{\"reports\": […]}}: {body}"))
        .clone()
}

pub(crate) fn findings<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("findings in {report}"))
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

/// Corpus 000 as the API returns it: the worked example of the specification.
pub(crate) fn assert_worked_example(r: &Value) {
    assert_eq!(r["format"], "2019", "2020 is a year of the 2019 format");
    assert_eq!(r["year"], 2020);

    let ar03 = findings(r, "AR-03");
    assert!(ar03.iter().all(|f| f["severity"] == "E"), "{ar03:#?}");
    // Table 二: exactly the blank cells.
    let table2: BTreeSet<(String, String)> = ar03
        .iter()
        .filter(|f| f["table"] == "二")
        .map(|f| {
            (
                f["row"].as_str().unwrap().to_string(),
                f["column"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String)> = BLANK_TABLE2
        .iter()
        .map(|(r, c)| (r.to_string(), c.to_string()))
        .collect();
    assert_eq!(table2, expected);
    assert_eq!(
        ar03.iter().filter(|f| f["table"] == "二").count(),
        BLANK_TABLE2.len(),
        "one finding per blank cell"
    );
    // Table 三: the 总计 column of each of the 23 rows, nothing else.
    let table3: Vec<&&Value> = ar03.iter().filter(|f| f["table"] == "三").collect();
    assert!(table3.iter().all(|f| f["column"] == "总计"), "{table3:#?}");
    let rows: BTreeSet<&str> = table3.iter().map(|f| f["row"].as_str().unwrap()).collect();
    let labels: BTreeSet<&str> = ReportFormat::Y2019
        .table3_rows()
        .iter()
        .map(|r| r.label)
        .collect();
    assert_eq!(labels.len(), 23, "the 2019 format has 23 rows in table 三");
    assert_eq!(rows, labels);
    assert_eq!(table3.len(), 23);
    assert!(rows.contains("四、结转下年度继续办理"));
    // Table 四 is filled with zeros; what is filled holds together.
    assert!(
        ar03.iter().all(|f| f["table"] != "四"),
        "table 四 is complete: {ar03:#?}"
    );
    for rule in ["AR-05", "AR-06", "AR-08"] {
        assert!(
            findings(r, rule).is_empty(),
            "{rule}: {:#?}",
            findings(r, rule)
        );
    }

    // Figures as written.
    assert_eq!(
        r["table2"]["第二十条第（六）项"]["行政处罚"]["上一年项目数量"],
        1086
    );
    assert_eq!(
        r["table2"]["第二十条第（五）项"]["行政许可"]["处理决定数量"],
        14
    );
    assert_eq!(
        r["table2"]["第二十条第（六）项"]["行政强制"]["上一年项目数量"],
        Value::Null
    );
    assert_eq!(r["table3"]["new_received"], json!([0, 0, 0, 0, 0, 0, null]));
    assert_eq!(r["table4"], json!(vec![0; 15]));

    // Where: line 42 reads `行政强制 | | | |`; the label is its first cell.
    let first = ar03
        .iter()
        .find(|f| f["table"] == "二" && f["row"] == "行政强制" && f["column"] == "上一年项目数量")
        .unwrap();
    assert_eq!(first["location"], "第42行第2格", "{first}");
}

// ---------------------------------------------------------------------------
// The page's grids, read back

#[derive(Debug)]
struct HtmlCell {
    header: bool,
    class: String,
    title: Option<String>,
    text: String,
}

impl HtmlCell {
    fn is_bad(&self) -> bool {
        self.class.split(' ').any(|c| c == "bad")
    }
    fn is_number(&self) -> bool {
        self.class.split(' ').any(|c| c == "num")
    }
}

/// Undoes askama's HTML escaping.
pub(crate) fn unescape(s: &str) -> String {
    s.replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#38;", "&")
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let marker = format!(" {name}=\"");
    let at = tag.find(&marker)? + marker.len();
    Some(unescape(tag[at..].split('"').next()?))
}

/// The rows of the grid `<table … id="{id}">` of a page.
fn grid(html: &str, id: &str) -> Vec<Vec<HtmlCell>> {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no table {id} in {html}"));
    let table = &html[start..];
    let table = &table[..table.find("</table>").expect("the table ends")];
    table
        .split("<tr>")
        .skip(1)
        .map(|row| {
            let mut cells = Vec::new();
            let mut rest = row;
            loop {
                let td = rest.find("<td");
                let th = rest.find("<th");
                let (at, header) = match (td, th) {
                    (Some(d), Some(h)) if h < d => (h, true),
                    (Some(d), _) => (d, false),
                    (None, Some(h)) => (h, true),
                    (None, None) => break,
                };
                let open_end = at + rest[at..].find('>').unwrap();
                let tag = &rest[at..open_end];
                let close = if header { "</th>" } else { "</td>" };
                let end = open_end + rest[open_end..].find(close).unwrap();
                cells.push(HtmlCell {
                    header,
                    class: attribute(tag, "class").unwrap_or_default(),
                    title: attribute(tag, "title"),
                    text: unescape(&without_tags(&rest[open_end + 1..end])),
                });
                rest = &rest[end + close.len()..];
            }
            cells
        })
        .collect()
}

/// Table 二 of a page by (row, column), through each block's header row.
fn table2_cells(html: &str, id: &str) -> HashMap<(String, String), HtmlCell> {
    let mut columns: Vec<String> = Vec::new();
    let mut out = HashMap::new();
    for row in grid(html, id) {
        let Some(first) = row.first() else { continue };
        if first.header && first.text == "信息内容" {
            columns = row[1..].iter().map(|c| c.text.clone()).collect();
        } else if !first.header {
            let label = first.text.clone();
            assert_eq!(row.len(), columns.len() + 1, "{label}: {row:?}");
            for (column, cell) in columns.iter().zip(row.into_iter().skip(1)) {
                out.insert((label.clone(), column.clone()), cell);
            }
        }
    }
    out
}

/// The report at `index` of a check page shows the worked example: its
/// blank cells marked with AR-03, its filled cells as written.
pub(crate) fn assert_page_marks(html: &str, index: usize) {
    let t2 = table2_cells(html, &format!("report-{index}-table2"));
    assert_eq!(t2.len(), 22, "the 2019 format's table 二 has 22 cells");
    for ((row, column), cell) in &t2 {
        let blank = BLANK_TABLE2.contains(&(row.as_str(), column.as_str()));
        assert_eq!(cell.is_bad(), blank, "{row} / {column}: {cell:?}");
        if blank {
            assert_eq!(cell.class, "num bad");
            let title = cell.title.as_deref().unwrap_or_default();
            assert!(title.starts_with("AR-03 "), "{title}");
            assert!(
                title.contains(row.as_str()),
                "the title names the cell: {title}"
            );
            assert!(cell.text.is_empty(), "{cell:?}");
        } else {
            assert_eq!(cell.class, "num");
            assert_eq!(cell.title, None);
        }
    }
    let punished = &t2[&("行政处罚".to_string(), "上一年项目数量".to_string())];
    assert_eq!(punished.text, "1086");
    assert!(
        html.contains("<td class=\"num\">1086</td>"),
        "filled cells shown as written"
    );

    // Table 三: 23 rows of 7 figures, only the 总计 (last) one marked.
    let rows: Vec<Vec<HtmlCell>> = grid(html, &format!("report-{index}-table3"))
        .into_iter()
        .map(|r| {
            r.into_iter()
                .filter(HtmlCell::is_number)
                .collect::<Vec<_>>()
        })
        .filter(|r| !r.is_empty())
        .collect();
    assert_eq!(rows.len(), 23);
    for row in &rows {
        assert_eq!(row.len(), 7, "{row:?}");
        for cell in &row[..6] {
            assert!(!cell.is_bad(), "{cell:?}");
            assert_eq!(cell.text, "0");
        }
        assert!(row[6].is_bad(), "总计 is blank: {:?}", row[6]);
        assert!(
            row[6]
                .title
                .as_deref()
                .unwrap_or_default()
                .starts_with("AR-03 "),
            "{:?}",
            row[6]
        );
    }
    // Table 四: complete.
    let t4 = grid(html, &format!("report-{index}-table4"));
    assert!(t4.iter().flatten().all(|c| !c.is_bad()));
    assert_eq!(t4.iter().flatten().filter(|c| c.is_number()).count(), 15);

    // The findings list names the cells and where they were read.
    let findings = &html[html
        .find(&format!("id=\"report-{index}-findings\""))
        .expect("the findings table")..];
    assert!(findings.contains("表二 “行政强制”行 “处理决定数量”列"));
    assert!(findings.contains("表三 “四、结转下年度继续办理”行 “总计”列"));
    assert!(findings.contains("第42行第2格"));
    assert!(!findings.contains("data-rule=\"AR-05\""));
    assert!(!findings.contains("data-rule=\"AR-06\""));
    assert!(!findings.contains("data-rule=\"AR-08\""));
}

// ---------------------------------------------------------------------------
// 1. A published report, checked

on_both_backends!(a_published_report_is_checked_on_the_page_and_through_the_api);

async fn a_published_report_is_checked_on_the_page_and_through_the_api(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2026-01-20").spawn().await else {
        return;
    };

    // Reached from the site header and from an agency's 年报 column.
    let home = app.get("/").await.text().await.unwrap();
    assert!(home.contains("href=\"/reports/check\" id=\"nav-report-check\""));
    let column = app
        .get(&format!("/agencies/{BUREAU}/reports"))
        .await
        .text()
        .await
        .unwrap();
    assert!(column.contains("href=\"/reports/check\""), "{column}");

    // The form: several files, pasted text, the limits stated.
    let form = app.get("/reports/check").await.text().await.unwrap();
    assert!(form.contains("type=\"file\" name=\"files\" id=\"report-files\" multiple"));
    assert!(form.contains("name=\"text\""));
    assert!(form.contains("enctype=\"multipart/form-data\""));
    assert!(form.contains("每个文件不超过10MB，每次最多50个文件"));

    // Through the API.
    let reports = api_reports(check_api(&app, upload(&[(NAME_000, CORPUS_000)], None)).await).await;
    assert_eq!(reports.len(), 1);
    let from_file = &reports[0];
    assert_eq!(from_file["source"], NAME_000);
    assert_eq!(from_file["input"], "text");
    assert_worked_example(from_file);

    // Pasted, the same text gives the same result.
    let text = std::str::from_utf8(CORPUS_000).unwrap();
    let reports = api_reports(check_api(&app, upload(&[], Some(text))).await).await;
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0]["source"], "粘贴的文本");
    assert_worked_example(&reports[0]);
    assert_eq!(reports[0]["findings"], from_file["findings"]);
    assert_eq!(reports[0]["table2"], from_file["table2"]);
    assert_eq!(reports[0]["table3"], from_file["table3"]);

    // On the page.
    let page = check_page(&app, |f| upload_onto(f, &[(NAME_000, CORPUS_000)], None)).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("检查结果（1 份）"), "{html}");
    assert!(html.contains(&format!("data-source=\"{NAME_000}\"")));
    assert!(html.contains("data-format=\"2019\""));
    assert!(html.contains("2020年度"));
    assert_page_marks(&html, 1);
    // An evaluator without an account gets no import form.
    assert!(!html.contains("id=\"report-1-import\""));
    // Another report can be checked from the results.
    assert!(html.contains("id=\"check-again\""));
    assert!(html.contains("id=\"check-form\""));

    // Pasted on the page.
    let page = check_page(&app, |f| upload_onto(f, &[], Some(text))).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("data-source=\"粘贴的文本\""));
    assert!(html.contains("data-format=\"2019\""));
    assert_page_marks(&html, 1);

    // A file and the pasted text together: two reports, in the order sent.
    let page = check_page(&app, |f| {
        upload_onto(f, &[(NAME_000, CORPUS_000)], Some(text))
    })
    .await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("检查结果（2 份）"));
    assert_page_marks(&html, 1);
    assert_page_marks(&html, 2);

    // The OpenAPI document describes the endpoint.
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let op = &doc["paths"]["/api/v1/reports/check"]["post"];
    assert!(op.is_object(), "{}", doc["paths"]);
    assert!(
        op["requestBody"]["content"]["multipart/form-data"].is_object(),
        "{op}"
    );
    assert!(op["responses"]["200"].is_object());
    assert!(op["responses"]["400"].is_object());

    // Nothing was stored.
    let bureau = app.store.agency_by_code(BUREAU).await.unwrap().unwrap();
    assert!(
        app.store
            .report_versions(bureau.id, 2020)
            .await
            .unwrap()
            .is_empty()
    );
}

// ---------------------------------------------------------------------------
// 4. In the browser

#[tokio::test]
async fn an_evaluator_uploads_a_report_in_the_browser_and_sees_the_failing_cells() {
    use crate::browser::{browser, screenshot_path};
    use fantoccini::Locator;
    use std::time::Duration;

    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2026-01-20")
        .spawn()
        .await
    else {
        return;
    };
    let Some((_driver, c)) = browser().await else {
        return;
    };
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../parse/tests/corpus/000_a83da41d4916728f.txt"
    );
    let path = std::fs::canonicalize(path).unwrap();
    let outcome = async {
        c.goto(&app.url("/")).await?;
        c.find(Locator::Id("nav-report-check")).await?.click().await?;
        c.wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Id("check-form"))
            .await?;
        c.find(Locator::Id("report-files"))
            .await?
            .send_keys(path.to_str().unwrap())
            .await?;
        c.find(Locator::Id("check-submit")).await?.click().await?;
        c.wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Id("report-1-table2"))
            .await?;

        // Table 二: the three cells of 行政强制 are marked, 行政处罚's are not.
        let coercion = c
            .find_all(Locator::XPath(
                "//table[@id='report-1-table2']//tr[td[1][normalize-space()='行政强制']]/td[contains(concat(' ', @class, ' '), ' bad ')]",
            ))
            .await?;
        assert_eq!(coercion.len(), 3);
        for cell in &coercion {
            let title = cell.attr("title").await?.unwrap_or_default();
            assert!(title.starts_with("AR-03 "), "{title}");
            assert!(title.contains("行政强制"), "{title}");
        }
        let penalties = c
            .find(Locator::XPath(
                "//table[@id='report-1-table2']//tr[td[1][normalize-space()='行政处罚']]/td[2]",
            ))
            .await?;
        assert_eq!(penalties.text().await?, "1086");
        assert_eq!(penalties.attr("class").await?.as_deref(), Some("num"));
        assert_eq!(
            c.find_all(Locator::Css("#report-1-table2 td.bad"))
                .await?
                .len(),
            7
        );

        // Table 三: the 总计 cell of each of the 23 rows, only it.
        let bad = c.find_all(Locator::Css("#report-1-table3 td.bad")).await?;
        assert_eq!(bad.len(), 23);
        let last = c
            .find_all(Locator::Css("#report-1-table3 td.bad:last-child"))
            .await?;
        assert_eq!(last.len(), 23, "the failing cells are the last column");
        let title = last[0].attr("title").await?.unwrap_or_default();
        assert!(title.starts_with("AR-03 "), "{title}");
        assert!(title.contains("总计"), "{title}");
        assert!(
            c.find_all(Locator::Css("#report-1-table4 td.bad"))
                .await?
                .is_empty()
        );

        let findings = c
            .find(Locator::Id("report-1-findings"))
            .await?
            .text()
            .await?;
        assert!(findings.contains("AR-03"), "{findings}");
        assert!(findings.contains("第42行第2格"), "{findings}");

        c.execute(
            "document.getElementById('report-1-table2').scrollIntoView();",
            vec![],
        )
        .await?;
        std::fs::write(screenshot_path("report-check.png"), c.screenshot().await?).unwrap();
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    c.close().await.ok();
    outcome.expect("browser story");
}
