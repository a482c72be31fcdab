//! The work plan's year in a real browser (issue 17): the county's
//! supervising office imports the county plan; the bureau sets up its units,
//! derives its plan and divides the tasks; its unit signs for them and
//! reports; the bureau's reviewer returns one report and accepts another; a
//! task passes its time limit, turns red, is urged and five working days
//! later stands in the 通报 list; the quarterly inspection's 通报 downloads
//! as DOCX; next January the 回头看 lists the tasks and the implementation
//! report downloads.
//!
//! Dates, counted by hand on the 2025 calendar (no holiday in March): task
//! A is due Fri 2025-03-14; the first working day after it is Mon 03-17
//! (催办); five working days later — 18, 19, 20, 21, 24 — Mon 03-24 (通报).

use std::io::Read;

use fantoccini::{Client, Locator};
use gongkai_app::demo::{BUREAU_CODE, GOVERNMENT_CODE};
use gongkai_app::{App, Settings};
use reqwest::StatusCode;

use crate::browser::{browser, screenshot_path};
use crate::helpers::{DbKind, TestApp};
use crate::request_journey::{R, login, set, text};

const COUNTY_PLAN: &str = "一、推进决策公开\n\
1.推进重大决策预公开。重大决策事项在决策前向社会公开征求意见。(牵头单位:县政府办公室;完成时限:2025年6月30日前)\n\
2.做好政策解读。政策文件与解读材料同步起草、同步审签。(牵头单位:县政府办公室;完成时限:2025年9月30日前)\n\
二、加强平台建设\n\
3.加强政务公开平台建设。整合政务新媒体。(牵头单位:信息中心;完成时限:年底前)\n";

/// Submit form `form` on the task page after setting its fields; the
/// page's notice (or error) afterwards.
async fn task_step(
    c: &Client,
    app: &TestApp,
    task: i64,
    form: &str,
    fields: &[(&str, &str)],
) -> R<String> {
    c.goto(&app.url(&format!("/workbench/tasks/{task}")))
        .await?;
    for (name, value) in fields {
        set(c, &format!("#{form} [name=\"{name}\"]"), value).await?;
    }
    c.find(Locator::Css(&format!("#{form} button[type=submit]")))
        .await?
        .click()
        .await?;
    let shown = c
        .wait()
        .for_element(Locator::Css("#notice, #task-error"))
        .await?;
    shown.text().await
}

/// The browser's session cookie, to download files with reqwest.
async fn cookies(c: &Client) -> R<String> {
    Ok(c.get_all_cookies()
        .await?
        .iter()
        .map(|k| format!("{}={}", k.name(), k.value()))
        .collect::<Vec<_>>()
        .join("; "))
}

async fn word_text(app: &TestApp, cookie: &str, path: &str) -> String {
    let r = reqwest::Client::new()
        .get(app.url(path))
        .header(reqwest::header::COOKIE, cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    let bytes = r.bytes().await.unwrap().to_vec();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// The platform's reminders, 催办 and 通报 on the test's day (the server's
/// own ticker runs every quarter of an hour).
async fn tick(app: &TestApp, dir: &std::path::Path) -> usize {
    let settings = Settings {
        data_dir: dir.to_path_buf(),
        ..Settings::default()
    };
    let platform = App::new(settings, app.store.clone(), app.clock.clone()).unwrap();
    gongkai_app::plans::work::tick(&platform, app.clock.today())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_plans_year_from_import_to_the_look_back() {
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2025-03-03")
        .spawn()
        .await
    else {
        return;
    };
    let Some((_driver, c)) = browser().await else {
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    let file = scratch.path().join("白沙县2025年政务公开工作要点.txt");
    std::fs::write(&file, COUNTY_PLAN).unwrap();
    let county = app
        .store
        .agency_by_code(GOVERNMENT_CODE)
        .await
        .unwrap()
        .unwrap();
    let bureau = app
        .store
        .agency_by_code(BUREAU_CODE)
        .await
        .unwrap()
        .unwrap();
    let outcome: R<(String, String)> = async {
        // The administrator sets up the bureau's units and puts the clerk in 办公室.
        login(&c, &app, "admin").await?;
        let units = format!("/admin/agencies/{BUREAU_CODE}/units");
        for (name, kind) in [("办公室", "internal"), ("综合行政执法大队", "subordinate")]
        {
            c.goto(&app.url(&units)).await?;
            set(&c, "#unit-form [name=\"name\"]", name).await?;
            set(&c, "#unit-form [name=\"kind\"]", kind).await?;
            c.find(Locator::Css("#unit-form button[type=submit]"))
                .await?
                .click()
                .await?;
            c.wait().for_element(Locator::Id("notice")).await?;
        }
        let office = app
            .store
            .units(bureau.id)
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.name.as_str() == "办公室")
            .unwrap()
            .id;
        c.find(Locator::Css("#member-clerk summary"))
            .await?
            .click()
            .await?;
        c.find(Locator::Css(&format!(
            "#member-clerk [name=\"unit_{office}\"]"
        )))
        .await?
        .click()
        .await?;
        c.find(Locator::Css("#member-clerk button[type=submit]"))
            .await?
            .click()
            .await?;
        c.wait().for_element(Locator::Id("notice")).await?;
        assert!(text(&c, "member-clerk").await?.contains("办公室"));

        // The county's supervising office imports the county plan.
        login(&c, &app, "supervisor").await?;
        c.goto(&app.url(&format!("/workbench/plans?agency={GOVERNMENT_CODE}")))
            .await?;
        c.find(Locator::Id("plan-file"))
            .await?
            .send_keys(file.to_str().unwrap())
            .await?;
        set(&c, "#plan-year", "2025").await?;
        c.find(Locator::Id("plan-create-units"))
            .await?
            .click()
            .await?;
        c.find(Locator::Id("plan-import-submit"))
            .await?
            .click()
            .await?;
        let notice = c
            .wait()
            .for_element(Locator::Id("notice"))
            .await?
            .text()
            .await?;
        assert!(notice.starts_with("已导入3项任务"), "{notice}");
        let county_plan = app.store.plans(county.id, Some(2025)).await.unwrap()[0].id;
        let superior = app.store.plan_tasks(county_plan).await.unwrap();

        // The bureau's reviewer derives the bureau's plan and divides it.
        login(&c, &app, "reviewer").await?;
        c.goto(&app.url("/workbench/plans")).await?;
        c.find(Locator::Css(".derive-link")).await?.click().await?;
        c.wait().for_element(Locator::Id("derive-form")).await?;
        for t in &superior {
            set(
                &c,
                &format!("[name=\"lead_{}\"]", t.id),
                &office.to_string(),
            )
            .await?;
        }
        set(
            &c,
            &format!("[name=\"limit_{}\"]", superior[0].id),
            "2025-03-14",
        )
        .await?;
        c.find(Locator::Id("derive-submit")).await?.click().await?;
        c.wait().for_element(Locator::Id("plan-tasks")).await?;
        let plan = app.store.plans(bureau.id, Some(2025)).await.unwrap()[0].clone();
        assert_eq!(plan.implements, Some(county_plan));
        let tasks: Vec<i64> = app
            .store
            .plan_tasks(plan.id)
            .await
            .unwrap()
            .iter()
            .map(|t| t.id)
            .collect();
        let (a, b, d) = (tasks[0], tasks[1], tasks[2]);

        // The office signs for its tasks and reports.
        login(&c, &app, "clerk").await?;
        for t in [a, b, d] {
            assert_eq!(
                task_step(&c, &app, t, "sign-for", &[]).await?,
                "已记录：领办。"
            );
        }
        let n = task_step(
            &c,
            &app,
            a,
            "progress-form",
            &[("text", "已起草征求意见公告。"), ("percent", "40")],
        )
        .await?;
        assert_eq!(n, "已记录：报告进展。");
        for t in [b, d] {
            let done = [("text", "解读材料与政策文件同步发布。")];
            assert_eq!(
                task_step(&c, &app, t, "completion-form", &done).await?,
                "已记录：报告完成。"
            );
        }

        // The disclosure office returns one report and accepts the other.
        login(&c, &app, "reviewer").await?;
        let back = [("reason", "请附上解读材料的发布链接。")];
        assert_eq!(
            task_step(&c, &app, b, "return-form", &back).await?,
            "已记录：退回。"
        );
        assert_eq!(text(&c, "task-state").await?, "已退回");
        assert_eq!(
            task_step(&c, &app, d, "accept-form", &[]).await?,
            "已记录：销号。"
        );
        assert_eq!(text(&c, "task-state").await?, "已销号");

        // Task A passes its time limit: red and urged, then listed.
        app.today("2025-03-17");
        assert_eq!(tick(&app, scratch.path()).await, 1, "催办");
        c.goto(&app.url(&format!("/workbench/tasks/{a}"))).await?;
        assert_eq!(text(&c, "task-light").await?, "已逾期");
        assert!(text(&c, "task-history").await?.contains("催办"));
        app.today("2025-03-21");
        assert_eq!(
            tick(&app, scratch.path()).await,
            0,
            "four working days after"
        );
        app.today("2025-03-24");
        assert_eq!(tick(&app, scratch.path()).await, 1, "通报");
        c.goto(&app.url(&format!("/workbench/tasks/{a}"))).await?;
        assert!(text(&c, "task-history").await?.contains("列入通报"));

        // The quarterly inspection freezes the state and issues its 通报.
        login(&c, &app, "supervisor").await?;
        c.goto(&app.url("/workbench/supervision/plans?year=2025"))
            .await?;
        set(&c, "#period", "第一季度").await?;
        set(&c, "#frozen-on", "2025-03-24").await?;
        c.find(Locator::Id("open-submit")).await?.click().await?;
        c.wait()
            .for_element(Locator::Id("inspection-title"))
            .await?;
        assert!(text(&c, "flagged").await?.contains("推进重大决策预公开"));
        set(&c, "#finding-agency", BUREAU_CODE).await?;
        set(&c, "#finding-problem", "重大决策预公开任务逾期未完成。").await?;
        set(
            &c,
            "#finding-rectification",
            "4月底前完成征求意见并公开采纳情况。",
        )
        .await?;
        set(&c, "#finding-deadline", "2025-04-30").await?;
        c.find(Locator::Id("finding-submit")).await?.click().await?;
        c.wait().for_element(Locator::Id("findings")).await?;
        set(&c, "#issue-number", "白政务公开〔2025〕1号").await?;
        set(&c, "#issue-date", "2025-03-24").await?;
        c.find(Locator::Id("issue-submit")).await?.click().await?;
        c.wait().for_element(Locator::Id("bulletin-issued")).await?;
        let bulletin = c
            .find(Locator::Id("bulletin-docx"))
            .await?
            .attr("href")
            .await?
            .unwrap();
        let supervisor_cookie = cookies(&c).await?;
        let xml = word_text(&app, &supervisor_cookie, &bulletin).await;
        assert!(xml.contains("白沙县交通运输局"), "the agency in the 通报");
        assert!(
            xml.contains("重大决策预公开任务逾期未完成。"),
            "the finding in the 通报"
        );

        // Next January: the 回头看 and the implementation report.
        app.today("2026-01-06");
        login(&c, &app, "reviewer").await?;
        c.goto(&app.url(&format!("/workbench/plans/{}/lookback", plan.id)))
            .await?;
        let listed = text(&c, "lookback-tasks").await?;
        for task in ["推进重大决策预公开", "做好政策解读", "加强政务公开平台建设"]
        {
            assert!(listed.contains(task), "{task}: {listed}");
        }
        let note = format!("#note-{a}");
        set(
            &c,
            &format!("{note} [name=\"problem\"]"),
            "征求意见时间不足。",
        )
        .await?;
        set(
            &c,
            &format!("{note} [name=\"rectification\"]"),
            "完善重大决策预公开流程。",
        )
        .await?;
        c.find(Locator::Css(&format!("{note} button[type=submit]")))
            .await?
            .click()
            .await?;
        c.wait().for_element(Locator::Id("notice")).await?;
        let report = c
            .find(Locator::Id("report-docx"))
            .await?
            .attr("href")
            .await?
            .unwrap();
        Ok((report, cookies(&c).await?))
    }
    .await;
    if outcome.is_err() {
        if let Ok(png) = c.screenshot().await {
            std::fs::write(screenshot_path("plan_journey.png"), png).ok();
        }
        let url = c
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default();
        let body = c.source().await.unwrap_or_default();
        eprintln!("at {url}:\n{}", body.chars().take(3000).collect::<String>());
    }
    c.close().await.ok();
    let (report, cookie) = outcome.expect("browser story");
    let xml = word_text(&app, &cookie, &report).await;
    assert!(xml.contains("推进重大决策预公开"), "the task in the report");
    assert!(
        xml.contains("完善重大决策预公开流程。"),
        "the rectification in the report"
    );
}
