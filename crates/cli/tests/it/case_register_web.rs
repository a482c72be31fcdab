//! The case register over HTTP (issue 16), on the cases of
//! `case_register`: the page, its refusals in Chinese and the XLSX export;
//! and, in Chromium, a clerk who finds last year's closed case by the
//! applicant's name from the workbench (one click to the register, one to
//! the case), opens it and downloads the register with the browser's
//! session.

use std::time::Duration;

use calamine::{Data, Reader, Xlsx};
use fantoccini::Locator;
use reqwest::StatusCode;

use crate::browser::{browser, log_in, screenshot_path};
use crate::case_register::{Cases, ID, TODAY, six_cases};
use crate::helpers::{DbKind, TestApp};

/// The same register through the web: the page, its refusals and the XLSX.
pub async fn over_http(test: &TestApp, n: &Cases) {
    let pw = gongkai_app::demo::DEMO_PASSWORD;
    let editor = test.another_browser();
    editor.login("editor", pw).await;
    let r = editor.get("/workbench/cases").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("无权查看"));

    let supervisor = test.another_browser();
    supervisor.login("supervisor", pw).await;
    let html = supervisor
        .get("/workbench/cases?q=%E6%AC%A7%E9%98%B3")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(&format!("/cases/{}", n.e)) && html.contains(&format!("/cases/{}", n.a)));
    assert!(html.contains("<th>办理机关</th>") && html.contains("城关镇政府"));
    assert!(!html.contains(ID) && !html.contains("13800138000"));

    let clerk = test.another_browser();
    clerk.login("clerk", pw).await;
    for (query, message) in [
        ("year=1900", "年份须为 1949 至 2100 之间的四位数字"),
        ("state=open", "状态“open”无法识别"),
        ("late=maybe", "是否逾期“maybe”无法识别"),
        ("after=x%27y", "翻页参数 after 无效"),
        ("format=pdf", "导出格式“pdf”无法识别"),
    ] {
        let r = clerk.get(&format!("/workbench/cases?{query}")).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{query}");
        let body = r.text().await.unwrap();
        assert!(body.contains(message), "{query}: {body}");
    }
    let r = clerk.get("/workbench/cases?year=2025&format=xlsx").await;
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap().to_vec();
    let rows = sheet(bytes);
    assert_eq!(rows[0], HEADERS);
    assert_eq!(rows.len(), 3, "the header and the two 2025 cases");
    assert_eq!(
        rows[1],
        [
            n.b.as_str(),
            "青山路桥建设有限公司",
            "法人或其他组织（商业企业）",
            "邮寄",
            "2025-11-04",
            "2025-12-02",
            "已办结",
            "不予公开：属于国家秘密",
            "2025-12-05",
            "2025-12-05",
            "是",
            "G325国道改建工程招标文件",
        ]
    );
    assert_eq!(rows[2], row_of_a(&n.a));
}

/// The twelve columns the issue names, in order.
const HEADERS: [&str; 12] = [
    "申请编号",
    "申请人",
    "申请人类型",
    "申请方式",
    "收到申请日期",
    "答复期限",
    "状态",
    "办理结果",
    "答复日期",
    "送达日期",
    "是否逾期",
    "所申请信息",
];

fn row_of_a(number: &str) -> [String; 12] {
    [
        number,
        "欧阳明",
        "自然人",
        "当面提交",
        "2025-11-04",
        "2025-12-02",
        "已办结",
        "予以公开，提供信息或告知获取的方式、途径和时间",
        "2025-11-20",
        "2025-11-21",
        "否",
        "2025年农村公路养护资金的使用情况",
    ]
    .map(String::from)
}

/// The register sheet's rows as text.
fn sheet(bytes: Vec<u8>) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("an XLSX file");
    let range = book.worksheet_range("台账").expect("the sheet 台账");
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn a_clerk_finds_last_years_closed_case_and_exports_the_register() {
    let Some(app) = TestApp::builder(DbKind::Sqlite).on(TODAY).spawn().await else {
        return;
    };
    let n = six_cases(app.store.as_ref()).await;
    let Some((_driver, c)) = browser().await else {
        return;
    };
    let outcome = async {
        log_in(&c, &app, "clerk").await?;
        c.wait().for_element(Locator::Id("workbench-title")).await?;
        // The closed case is not in the work queue; the register finds it.
        let queue = c.find(Locator::Css("main")).await?.text().await?;
        assert!(!queue.contains(&n.a), "{queue}");
        c.find(Locator::Id("register-search-q"))
            .await?
            .send_keys("欧阳明")
            .await?;
        c.find(Locator::Id("register-search-submit"))
            .await?
            .click()
            .await?; // click 1
        let table = c
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Id("register"))
            .await?
            .text()
            .await?;
        assert!(
            table.contains("欧阳明") && table.contains("已办结"),
            "{table}"
        );
        assert!(
            table.contains("2025-11-04") && table.contains("2025-12-02"),
            "{table}"
        );
        std::fs::write(screenshot_path("case-register.png"), c.screenshot().await?).unwrap();
        let export = c
            .find(Locator::Id("register-export"))
            .await?
            .attr("href")
            .await?
            .expect("the export link");
        c.find(Locator::LinkText(&n.a)).await?.click().await?; // click 2
        let body = c
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Id("case-number"))
            .await?
            .text()
            .await?;
        assert_eq!(body, n.a);
        // The export, downloaded with the browser's session.
        let cookies: Vec<String> = c
            .get_all_cookies()
            .await?
            .iter()
            .map(|k| format!("{}={}", k.name(), k.value()))
            .collect();
        Ok::<_, fantoccini::error::CmdError>((export, cookies.join("; ")))
    }
    .await;
    c.close().await.ok();
    let (export, cookie) = outcome.expect("browser story");
    assert_eq!(
        export,
        "/workbench/cases?q=%E6%AC%A7%E9%98%B3%E6%98%8E&format=xlsx"
    );
    let r = reqwest::Client::new()
        .get(app.url(&export))
        .header(reqwest::header::COOKIE, cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let disposition = r.headers()[reqwest::header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    let rows = sheet(r.bytes().await.unwrap().to_vec());
    assert_eq!(
        rows,
        [HEADERS.map(String::from).to_vec(), row_of_a(&n.a).to_vec()]
    );
}
