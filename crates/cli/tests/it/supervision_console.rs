//! The supervising office's console (issue 18, item 3): on the demo with
//! two applications to the county's transport bureau handed in on 5
//! January 2026 and one on 27 February, on 2 March 2026 the county's
//! supervisor sorts the console by overdue requests: the bureau comes first
//! with 2 (20 working days from 5 January end before March: Art. 33), its
//! count links to the register narrowed to those two cases (no ID number
//! or phone of the applicants); the 白沙县财政局's report of 2025 is missing (a department's is
//! due by 31 January, Art. 49); the selection exports as XLSX. In Chromium
//! the same, from the workbench, and then a 政府网站检查 scorecard run
//! started from the console and its 通报 downloaded.

use std::time::Duration;

use fantoccini::Locator;
use gongkai_app::demo::{self, BUREAU_CODE};
use reqwest::StatusCode;

use crate::browser::{browser, log_in, screenshot_path};
use crate::helpers::{DbKind, TestApp};
use crate::scorecards_web::{docx_text, run_health_check};

/// 白沙县财政局: a department of the county without a report of 2025.
const FINANCE: &str = "11990121518190937G";

/// Hands in an application at the bureau on `day` (the test clock's).
async fn register(clerk: &TestApp, name: &str, day: &str) -> String {
    let r = clerk
        .post_form(
            "/cases/new",
            &[
                ("channel", "in_person"),
                ("arrived", day),
                ("applicant_kind", "natural_person"),
                ("name", name),
                ("id_document", "resident_id_card"),
                ("id_number", "11010519491231002X"),
                ("phone", "13800138000"),
                ("address", "白沙县城关镇南街1号"),
                ("description", "本县2025年农村公路养护资金的分配文件"),
                ("delivery_form", "paper"),
                ("delivery_method", "post"),
            ],
            true,
        )
        .await;
    let status = r.status();
    let html = r.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{html}");
    html.split("id=\"case-number\">")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .expect("the case number")
        .to_string()
}

/// The demo with two overdue cases and one running at the bureau, on 2
/// March 2026; their numbers.
async fn console_world(kind: DbKind) -> Option<(TestApp, [String; 3])> {
    let app = TestApp::builder(kind).on("2026-01-05").spawn().await?;
    demo::seed_content(app.store.as_ref(), app.clock.today())
        .await
        .unwrap();
    let clerk = app.logged_in("clerk").await;
    let first = register(&clerk, "欧阳明", "2026-01-05").await;
    let second = register(&clerk, "欧阳亮", "2026-01-05").await;
    app.today("2026-02-27");
    let third = register(&clerk, "欧阳晴", "2026-02-27").await;
    app.today("2026-03-02");
    publish_late_item(&app).await;
    Some((app, [first, second, third]))
}

/// A notice of the bureau formed on 5 January 2026 and published on 2 March:
/// more than eight weeks, well past the 20 working days of Art. 26.
async fn publish_late_item(app: &TestApp) {
    let bureau = app
        .store
        .agency_by_code(BUREAU_CODE)
        .await
        .unwrap()
        .unwrap();
    let form = gongkai_domain::catalogue::ItemForm {
        title: LATE_TITLE.into(),
        summary: "2026年春运期间县内客运班线的调整安排。".into(),
        issuers: "白沙县交通运输局".into(),
        formed_on: "2026-01-05".into(),
        topic: "综合政务\\政务公开".into(),
        genre: "notice".into(),
        kind: "other".into(),
        attribute: "proactive".into(),
        scope: "public".into(),
        body: "<p>春运期间，县内客运班线按以下安排运行。</p>".into(),
        ..Default::default()
    };
    let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    demo::publish_item(
        app.store.as_ref(),
        &bureau,
        form.validate().unwrap(),
        date,
        "逾期",
    )
    .await
    .unwrap();
}

const LATE_TITLE: &str = "关于2026年春运期间客运班线调整的通知";

/// The `<tr>` of the agency `code` in `html`.
fn row<'a>(html: &'a str, code: &str) -> &'a str {
    let start = html
        .find(&format!("data-code=\"{code}\""))
        .unwrap_or_else(|| panic!("no row of {code}"));
    let rest = &html[start..];
    &rest[..rest.find("</tr>").unwrap_or(rest.len())]
}

async fn the_console_sorts_links_and_exports(kind: DbKind) {
    let Some((app, [first, second, third])) = console_world(kind).await else {
        return;
    };
    let supervisor = app.logged_in("supervisor").await;
    let page = supervisor
        .get("/workbench/supervision?sort=overdue")
        .await
        .text()
        .await
        .unwrap();
    let rows: Vec<&str> = page.split("<tr data-code=\"").skip(1).collect();
    assert!(rows[0].starts_with(BUREAU_CODE), "{page}");
    let bureau = row(&page, BUREAU_CODE);
    // askama writes the link's `&` as `&#38;`.
    let overdue = format!(
        "/workbench/cases?agency={BUREAU_CODE}&#38;due=overdue\" class=\"overdue mark-overdue\">2<"
    );
    assert!(bureau.contains(&overdue), "{bureau}");
    assert!(bureau.contains("class=\"running\">3<"), "{bureau}");
    let late = format!("/workbench/items/late?agency={BUREAU_CODE}\" class=\"late-items\">1<");
    assert!(bureau.contains(&late), "{bureau}");
    let items = supervisor
        .get(&format!("/workbench/items/late?agency={BUREAU_CODE}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(items.contains(LATE_TITLE), "{items}");
    assert!(
        items.contains("<td>2026-01-05</td><td>2026-03-02</td>"),
        "{items}"
    );
    // Every county agency is listed, the county government first.
    assert_eq!(rows.len(), 4, "the county, two bureaus, the town: {page}");

    let cases = supervisor
        .get(&format!(
            "/workbench/cases?agency={BUREAU_CODE}&due=overdue"
        ))
        .await
        .text()
        .await
        .unwrap();
    assert!(cases.contains("id=\"register-narrowed\""), "{cases}");
    assert!(cases.contains(&first) && cases.contains(&second), "{cases}");
    assert!(!cases.contains(&third), "not overdue yet: {cases}");
    // Names are shown; the applicant's ID number and phone are not.
    assert!(cases.contains("欧阳明"), "{cases}");
    assert!(
        !cases.contains("11010519491231002X") && !cases.contains("13800138000"),
        "{cases}"
    );

    let finance = row(&page, FINANCE);
    assert!(
        finance.contains("逾期未公开（应于2026年1月31日前）"),
        "{finance}"
    );
    let reports = supervisor
        .get("/workbench/supervision?only=report")
        .await
        .text()
        .await
        .unwrap();
    assert!(reports.contains(FINANCE), "{reports}");

    let xlsx = supervisor
        .get("/workbench/supervision?sort=overdue&format=xlsx")
        .await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    let sheet = sheet_rows(xlsx.bytes().await.unwrap().to_vec());
    // Title, conditions, the labels, then the bureau first.
    assert_eq!(sheet[2][4], "已逾期");
    assert_eq!(sheet[3][0], "　白沙县交通运输局");
    assert_eq!((sheet[3][2].as_str(), sheet[3][4].as_str()), ("3", "2"));
}

crate::on_both_backends!(the_console_sorts_links_and_exports);

#[tokio::test]
async fn the_console_is_the_supervisors_and_says_what_is_wrong() {
    let Some((app, _)) = console_world(DbKind::Sqlite).await else {
        return;
    };
    let clerk = app.logged_in("clerk").await;
    let r = clerk.get("/workbench/supervision").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = clerk
        .get(&format!("/workbench/cases?agency={FINANCE}"))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "another agency's cases");
    let supervisor = app.logged_in("supervisor").await;
    let r = supervisor.get("/workbench/supervision?sort=worst").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("排序列“worst”无法识别"));
    let r = supervisor.get("/workbench/cases?due=late").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // The province's agencies are not the county's.
    let r = supervisor
        .get("/workbench/cases?agency=1199000052601815XM")
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

fn sheet_rows(bytes: Vec<u8>) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("政务公开督查").unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[tokio::test]
async fn in_chromium_the_supervisor_follows_the_overdue_count_the_reports_and_scores() {
    let Some((app, [first, second, _])) = console_world(DbKind::Sqlite).await else {
        return;
    };
    let supervisor = app.logged_in("supervisor").await;
    let Some((_driver, c)) = browser().await else {
        return;
    };
    let outcome = async {
        log_in(&c, &app, "supervisor").await?;
        let wait = || c.wait().at_most(Duration::from_secs(20));
        wait()
            .for_element(Locator::Id("console-link"))
            .await?
            .click()
            .await?;
        wait()
            .for_element(Locator::Id("sort-overdue"))
            .await?
            .click()
            .await?;
        let top = wait()
            .for_element(Locator::Css("#console tbody tr:first-child"))
            .await?;
        assert_eq!(top.attr("data-code").await?.as_deref(), Some(BUREAU_CODE));
        top.find(Locator::Css("a.overdue")).await?.click().await?;
        let narrowed = wait().for_element(Locator::Id("register-narrowed")).await?;
        assert!(narrowed.text().await?.contains("白沙县交通运输局"));
        let listed = c.find(Locator::Id("register")).await?.text().await?;
        assert!(
            listed.contains(&first) && listed.contains(&second),
            "{listed}"
        );
        std::fs::write(
            screenshot_path("console-overdue.png"),
            c.screenshot().await?,
        )
        .unwrap();

        c.goto(&app.url("/workbench/supervision")).await?;
        wait()
            .for_element(Locator::Id("console-reports"))
            .await?
            .click()
            .await?;
        let finance = wait()
            .for_element(Locator::Css(&format!(
                "tr[data-code=\"{FINANCE}\"] td.report-last"
            )))
            .await?
            .text()
            .await?;
        assert!(finance.contains("逾期未公开"), "{finance}");
        std::fs::write(
            screenshot_path("console-reports.png"),
            c.screenshot().await?,
        )
        .unwrap();

        // A scorecard run reads each agency's latest health check.
        run_health_check(&supervisor).await;
        c.goto(&app.url("/workbench/supervision")).await?;
        wait()
            .for_element(Locator::Id("console-scorecards"))
            .await?
            .click()
            .await?;
        let kind = wait().for_element(Locator::Id("scorecard-kind")).await?;
        kind.select_by_value("website_inspection").await?;
        c.find(Locator::Id("scorecard-period"))
            .await?
            .send_keys("2026年第一季度")
            .await?;
        c.find(Locator::Id("scorecard-start"))
            .await?
            .click()
            .await?;
        let docx = wait().for_element(Locator::Id("bulletin-docx")).await?;
        let results = c
            .find(Locator::Id("scorecard-results"))
            .await?
            .text()
            .await?;
        assert!(results.contains("白沙县财政局"), "{results}");
        std::fs::write(screenshot_path("scorecard-run.png"), c.screenshot().await?).unwrap();
        let href = docx.attr("href").await?.expect("the 通报's link");
        let r = supervisor.get(&href).await;
        assert_eq!(r.status(), StatusCode::OK);
        let text = docx_text(&r.bytes().await.unwrap());
        assert!(
            text.contains("关于2026年第一季度政府网站检查情况的通报"),
            "{text}"
        );
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    c.close().await.ok();
    outcome.expect("browser story");
}
