//! The annual report over HTTP: computed from the register, written,
//! validated, published as versions, read in the 年报 column (the exports
//! of `gongkai report generate` are in `report_export.rs`).

use chrono::{DateTime, NaiveDate};
use gongkai_domain::calendar::Calendar;
use gongkai_domain::case::register::{AppealKind, AppealResult, AppealSummary};
use gongkai_domain::case::{Actor, CaseAction, CaseEventRecord, check_action};
use gongkai_domain::catalogue::Article20Figures;
use gongkai_domain::deadline::ReceiptFacts;
use gongkai_domain::vocabulary::{Channel, Outcome};
use gongkai_store::{NewAppeal, Store};

use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;

const BUREAU: &str = "119901219482199390";
const COUNTY: &str = "11990121082462814Y";
const PASSWORD: &str = "gongkai-demo-2025";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Registers a case (natural person, in person on `received`) with the
/// actions after receipt, each checked by the domain; returns its number.
async fn case(
    store: &dyn Store,
    agency: i64,
    received: &str,
    then: Vec<CaseAction>,
) -> (i64, String) {
    let cal = Calendar::vendored();
    let application = crate::helpers::email_applicant(format!(
        "{received}收到的申请：农村公路养护资金的使用情况"
    ));
    let mut actions = vec![CaseAction::ReceiptConfirmed {
        channel: Channel::InPerson,
        receipt_date: d(received),
        facts: ReceiptFacts {
            arrived: Some(d(received)),
            ..Default::default()
        },
    }];
    actions.extend(then);
    let mut history: Vec<CaseEventRecord> = Vec::new();
    for a in actions {
        check_action(&history, &a, &cal).unwrap_or_else(|e| panic!("{}: {e}", a.label_zh()));
        history.push(CaseEventRecord {
            seq: history.len() as u32 + 1,
            at: DateTime::from_timestamp(1_700_000_000 + history.len() as i64, 0).unwrap(),
            actor: Actor::System,
            action: a,
            note: String::new(),
        });
    }
    let (id, number) = crate::helpers::stored_history(
        store,
        agency,
        application,
        format!("key-{received}"),
        &history,
    )
    .await;
    (id, number)
}

fn decided(date: &str, outcome: Outcome) -> CaseAction {
    CaseAction::OutcomeDecided {
        date: d(date),
        outcome,
        reasoning: "依据条例作出答复".into(),
        referred_to: None,
        access_method: String::new(),
        provided: Vec::new(),
    }
}

/// Three cases of the bureau and one appeal:
/// A received 2024-12-27, disclosed 2025-01-08 (二 上年结转, （一）);
/// B received 2025-03-03, refused as a state secret 2025-03-20 (（三）1), appealed;
/// C received 2025-12-29, still open (四 结转下年度).
async fn register(store: &dyn Store, agency: i64) -> String {
    case(
        store,
        agency,
        "2024-12-27",
        vec![decided("2025-01-08", Outcome::Disclosed)],
    )
    .await;
    let (b, number) = case(
        store,
        agency,
        "2025-03-03",
        vec![decided("2025-03-20", Outcome::DenyStateSecret)],
    )
    .await;
    case(store, agency, "2025-12-29", vec![]).await;
    store
        .add_appeal(&NewAppeal {
            case_id: b,
            summary: AppealSummary {
                kind: AppealKind::Reconsideration,
                result: AppealResult::Upheld,
                filed_on: d("2025-04-10"),
                decided_on: Some(d("2025-06-01")),
            },
            body: "白沙县人民政府".into(),
            note: String::new(),
            recorded_by: None,
        })
        .await
        .unwrap();
    store
        .put_figures(
            agency,
            &Article20Figures {
                year: 2025,
                permits: 120,
                penalties: 35,
                compulsory_measures: 4,
                fee_income_wan_yuan: "1.25".into(),
                other_services: None,
                procurement_items: None,
                procurement_amount: None,
                list_counts_2019: None,
            },
            None,
        )
        .await
        .unwrap();
    number
}

on_both_backends!(an_agency_writes_validates_and_publishes_its_annual_report);

async fn an_agency_writes_validates_and_publishes_its_annual_report(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2026-01-20").spawn().await else {
        return;
    };
    let bureau = app.store.agency_by_code(BUREAU).await.unwrap().unwrap();
    let b_number = register(app.store.as_ref(), bureau.id).await;
    let base = format!("/workbench/reports/{BUREAU}/2025");

    // The editor opens the report: the tables are computed from the register.
    app.login("editor", PASSWORD).await;
    let page = app.get(&base).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    let cell = |row: &str, col: usize, n: u32| format!("row={row}&#38;col={col}\">{n}</a>");
    assert!(
        html.contains(&cell("new_received", 0, 2)),
        "B and C were received in 2025"
    );
    assert!(
        html.contains(&cell("carried_over", 6, 1)),
        "A was carried over"
    );
    assert!(html.contains(&cell("r_deny_secret", 0, 1)));
    assert!(html.contains(&cell("carry_next", 6, 1)));
    // Part 一 is empty: AR-01 blocks publication; part 六 starts from the fee records.
    assert!(html.contains("data-rule=\"AR-01\""), "{html}");
    assert!(html.contains("本机关未收取政府信息公开信息处理费"));
    // The editor may not publish.
    assert_eq!(
        app.post_form(&format!("{base}/publish"), &[], true)
            .await
            .status(),
        403
    );

    // Drill-down: the figure of （三）1 lists case B.
    let cells = app
        .get(&format!(
            "{base}/cells?table=%E4%B8%89&row=r_deny_secret&col=0"
        ))
        .await
        .text()
        .await
        .unwrap();
    assert!(cells.contains(&b_number), "{cells}");
    assert!(cells.contains("共 1 项"));

    // The reviewer cannot publish while part 一 is empty.
    let reviewer = app.another_browser();
    reviewer.login("reviewer", PASSWORD).await;
    let refused = reviewer
        .post_form(&format!("{base}/publish"), &[], true)
        .await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("AR-01"));

    // The editor writes the parts; the similarity endpoint answers while typing.
    let saved = app
        .post_form(
            &base,
            &[
                ("part1", "2025年，本局做好主动公开、依申请公开、政府信息管理、平台建设和监督保障工作。全年共收到政府信息公开申请2件。"),
                ("part5", "存在的问题：政策解读形式单一。改进措施：增加图解。"),
                ("part6", "2025年，本机关未收取政府信息公开信息处理费。"),
            ],
            true,
        )
        .await;
    assert_eq!(saved.status(), 200);
    assert!(saved.text().await.unwrap().contains("草稿已保存"));
    let sim: serde_json::Value = app
        .post_form(
            &format!("{base}/similarity"),
            &[("part", "0"), ("text", "任意文字")],
            true,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        sim["percent"],
        serde_json::Value::Null,
        "no published 2024 report to compare"
    );

    // Published on 20 January 2026: before the departments' deadline.
    let published = reviewer
        .post_form(&format!("{base}/publish"), &[], true)
        .await;
    assert_eq!(
        published.status(),
        303,
        "{}",
        published.text().await.unwrap()
    );
    assert_eq!(
        published.headers()["location"],
        format!("/agencies/{BUREAU}/reports/2025?version=1").as_str()
    );
    let public = app.another_browser();
    let column = public
        .get(&format!("/agencies/{BUREAU}/reports"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        column.contains("2025年政府信息公开工作年度报告"),
        "{column}"
    );
    let shown = public
        .get(&format!("/agencies/{BUREAU}/reports/2025"))
        .await
        .text()
        .await
        .unwrap();
    assert!(shown.contains("第 1 版，公布日期 2026-01-20"), "{shown}");
    assert!(shown.contains("全年共收到政府信息公开申请2件"));

    // The published JSON: the register's figures and no AR-15 (on time).
    let json: serde_json::Value = public
        .get(&format!("/agencies/{BUREAU}/reports/2025/v1.json"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["format"], "2021");
    assert_eq!(
        json["table3"]["r_deny_secret"],
        serde_json::json!([1, 0, 0, 0, 0, 0, 1])
    );
    assert_eq!(json["table4"][0], 1);
    assert_eq!(json["table4"][4], 1);
    let findings = json["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .all(|f| f["rule"] != "AR-15" && f["severity"] != "E"),
        "{findings:?}"
    );

    // A correction is a new version with a visible note; the note is required.
    reviewer.today("2026-02-03");
    let no_note = reviewer
        .post_form(&format!("{base}/publish"), &[], true)
        .await;
    assert_eq!(no_note.status(), 422);
    let corrected = reviewer
        .post_form(
            &format!("{base}/publish"),
            &[("note", "更正第一部分的文字错误。")],
            true,
        )
        .await;
    assert_eq!(corrected.status(), 303);
    let shown = public
        .get(&format!("/agencies/{BUREAU}/reports/2025"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        shown.contains("2026-02-03 更正（第 2 版）：更正第一部分的文字错误。"),
        "{shown}"
    );
    let v1 = public
        .get(&format!("/agencies/{BUREAU}/reports/2025?version=1"))
        .await
        .text()
        .await
        .unwrap();
    assert!(v1.contains("这是旧版本"));
    // Version 2 came after 31 January, but the report was first published in
    // time: a correction does not make it late (AR-15 judged on version 1).
    let v2: serde_json::Value = public
        .get(&format!("/agencies/{BUREAU}/reports/2025/v2.json"))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        v2["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["rule"] != "AR-15")
    );

    // The county's supervisor combines the bureau into the county's report.
    let supervisor = app.another_browser();
    supervisor.login("supervisor", PASSWORD).await;
    let county_base = format!("/workbench/reports/{COUNTY}/2025");
    let before = supervisor.get(&county_base).await.text().await.unwrap();
    assert!(before.contains(&cell("r_deny_secret", 6, 0)));
    let rolled = supervisor
        .post_form(&county_base, &[("members", &bureau.id.to_string())], true)
        .await
        .text()
        .await
        .unwrap();
    assert!(rolled.contains(&cell("r_deny_secret", 6, 1)), "{rolled}");
    // The tables are kept per data version: a case decided since is counted
    // on the next opening (one more refusal as a state secret in 2025).
    let kept = supervisor.get(&county_base).await.text().await.unwrap();
    assert!(kept.contains(&cell("r_deny_secret", 6, 1)));
    case(
        app.store.as_ref(),
        bureau.id,
        "2025-05-06",
        vec![decided("2025-05-20", Outcome::DenyStateSecret)],
    )
    .await;
    let counted = supervisor.get(&county_base).await.text().await.unwrap();
    assert!(counted.contains(&cell("r_deny_secret", 6, 2)), "{counted}");
    // A member outside the county is refused.
    let city = app
        .store
        .agency_by_code("11990100908301663T")
        .await
        .unwrap()
        .unwrap();
    let outside = supervisor
        .post_form(&county_base, &[("members", &city.id.to_string())], true)
        .await;
    assert_eq!(outside.status(), 400);

    // The overview lists the county and the agencies directly below it, with
    // the years each has published (the bureau published 2025 above).
    let overview = supervisor
        .get("/workbench/reports")
        .await
        .text()
        .await
        .unwrap();
    let row = overview
        .split("<tr>")
        .find(|r| r.contains("<td>白沙县交通运输局"))
        .expect("the bureau's row");
    assert!(row.contains("2025年度</a>（已公布）"), "{row}");
    assert!(!row.contains("2024年度</a>（已公布）"), "{row}");
    let above = supervisor
        .get("/workbench/reports?under=11990100908301663T")
        .await;
    assert_eq!(above.status(), 403, "the city is above the county");
}

/// The writer's page in a real browser: last year's text beside the editor,
/// and the similarity to it (AR-14) updated while typing.
#[tokio::test]
async fn a_writer_sees_the_similarity_to_last_year_while_typing() {
    use crate::browser::{browser, screenshot_path};
    use fantoccini::Locator;
    use std::time::Duration;
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2025-12-28")
        .spawn()
        .await
    else {
        return;
    };
    gongkai_app::demo::seed_reports(app.store.as_ref(), d("2025-12-28"))
        .await
        .unwrap();
    let Some((_driver, c)) = browser().await else {
        return;
    };
    let outcome = async {
        c.goto(&app.url("/login")).await?;
        c.find(Locator::Id("username"))
            .await?
            .send_keys("editor")
            .await?;
        c.find(Locator::Id("password"))
            .await?
            .send_keys(PASSWORD)
            .await?;
        c.find(Locator::Id("login-submit")).await?.click().await?;
        c.wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Id("reports-link"))
            .await?
            .click()
            .await?;
        c.wait()
            .for_element(Locator::Css(&format!(
                "a[href='/workbench/reports/{BUREAU}/2025']"
            )))
            .await?
            .click()
            .await?;
        let previous = c
            .wait()
            .for_element(Locator::Id("previous1"))
            .await?
            .text()
            .await?;
        assert!(previous.contains("2024"), "last year's part 一: {previous}");
        // Copying last year's text is flagged as the writer types.
        // Most of it pasted (typing thousands of characters key by key takes
        // the driver too long), the last character typed by a real keystroke.
        let editor = c.find(Locator::Id("part1")).await?;
        let mut chars: Vec<char> = previous.chars().collect();
        let last = chars.pop().unwrap().to_string();
        let pasted: String = chars.into_iter().collect();
        c.execute(
            "document.getElementById('part1').value = arguments[0];",
            vec![serde_json::json!(pasted)],
        )
        .await?;
        editor.send_keys(&last).await?;
        let mut line = String::new();
        for _ in 0..100 {
            line = c.find(Locator::Id("similarity1")).await?.text().await?;
            if line.contains("超过50%") {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(line.contains("与上年度相似度 100%"), "{line}");
        let class = c
            .find(Locator::Id("similarity1"))
            .await?
            .attr("class")
            .await?;
        assert!(class.unwrap_or_default().contains("bad"));
        std::fs::write(screenshot_path("report-editor.png"), c.screenshot().await?).unwrap();
        // Saved, the draft carries the AR-14 warning.
        c.find(Locator::Id("save-draft")).await?.click().await?;
        let notice = c
            .wait()
            .for_element(Locator::Id("notice"))
            .await?
            .text()
            .await?;
        assert!(notice.contains("草稿已保存"), "{notice}");
        let findings = c.find(Locator::Id("findings")).await?.text().await?;
        assert!(findings.contains("AR-14"), "{findings}");
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    c.close().await.ok();
    outcome.expect("browser story");
}
