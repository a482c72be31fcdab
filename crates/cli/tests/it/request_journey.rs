//! `request_journey`: one application followed in a real browser, from the
//! citizen's online form to the reply letter, on fixed dates whose deadlines
//! are computed by hand below from the 2025 State Council holiday notice
//! (清明 4-4…4-6 off; 劳动节 5-1…5-5 off, Sunday 4-27 a working day).
//!
//! Hand computation (receipt day is day 0; "WD" = working day):
//! - Received (confirmed) Tue 2025-03-04. 20 WD: Mar 5,6,7 (3), 10–14 (8),
//!   17–21 (13), 24–28 (18), Mar 31 (19), Apr 1 (20) → **2025-04-01**.
//! - Correction requested 2025-03-06; corrected application Mon 2025-03-10:
//!   the clock restarts (Art. 30). 20 WD: Mar 11–14 (4), 17–21 (9), 24–28 (14),
//!   Mar 31 (15), Apr 1–3 (18), Apr 4–6 清明 skipped, Apr 7 (19), Apr 8 (20)
//!   → **2025-04-08**.
//! - Third party consulted Wed 2025-03-12, answered Wed 2025-03-19: paused
//!   working days Mar 13, 14, 17, 18, 19 = 5 (Art. 32/33). Counting again:
//!   Mar 11 (1), 12 (2), [13–19 paused], 20 (3), 21 (4), 24–28 (9), 31 (10),
//!   Apr 1–3 (13), Apr 7–11 (18), Apr 14 (19), Apr 15 (20) → **2025-04-15**.
//!   The third party's own 15 WD from 2025-03-12: Mar 13,14 (2), 17–21 (7),
//!   24–28 (12), 31 (13), Apr 1 (14), Apr 2 (15) → 2025-04-02.
//! - Extension of 20 WD approved 2025-04-11 (Art. 33): from Apr 15: Apr 16–18 (3),
//!   21–25 (8), Sun Apr 27 make-up day (9), Apr 28–30 (12), May 1–5 off,
//!   May 6–9 (16), May 12–15 (20) → **2025-05-15**.
//! - Partial disclosure decided 2025-04-18 (Art. 37): the reply letter.

use std::time::Duration;

use fantoccini::{Client, Locator};
use gongkai_domain::document::DocumentKind;
use gongkai_domain::vocabulary::Outcome;

use crate::browser::{browser, screenshot_path};
use crate::helpers::{DbKind, TestApp};
use crate::requests::{AGENCY, ID};

pub(crate) type R<T> = Result<T, fantoccini::error::CmdError>;

/// Set a field's value (date inputs are locale-dependent to type into).
pub(crate) async fn set(c: &Client, css: &str, value: &str) -> R<()> {
    let script = "const e = document.querySelector(arguments[0]); e.value = arguments[1];";
    c.execute(script, vec![css.into(), value.into()]).await?;
    Ok(())
}

pub(crate) async fn text(c: &Client, id: &str) -> R<String> {
    c.find(Locator::Id(id)).await?.text().await
}

/// Submit the action form `code` on the case page, after setting its fields.
pub(crate) async fn act(
    c: &Client,
    app: &TestApp,
    number: &str,
    code: &str,
    fields: &[(&str, &str)],
) -> R<()> {
    c.goto(&app.url(&format!("/cases/{number}"))).await?;
    let form = format!("#action-{code}");
    c.wait().for_element(Locator::Css(&form)).await?;
    for (name, value) in fields {
        set(c, &format!("{form} [name=\"{name}\"]"), value).await?;
    }
    c.find(Locator::Css(&format!("{form} button[type=submit]")))
        .await?
        .click()
        .await?;
    let notice = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("#notice, #action-error"))
        .await?;
    let msg = notice.text().await?;
    // A reply that needs the reviewer's signature is submitted, not issued.
    assert!(
        msg.starts_with("已记录") || msg.starts_with("已提交审核"),
        "{code}: {msg}"
    );
    Ok(())
}

pub(crate) async fn login(c: &Client, app: &TestApp, user: &str) -> R<()> {
    if c.find(Locator::Id("logout")).await.is_ok() {
        c.find(Locator::Id("logout")).await?.click().await?;
        c.wait().for_element(Locator::Id("nav-login")).await?;
    }
    c.goto(&app.url("/login")).await?;
    c.find(Locator::Id("username"))
        .await?
        .send_keys(user)
        .await?;
    c.find(Locator::Id("password"))
        .await?
        .send_keys(gongkai_app::demo::DEMO_PASSWORD)
        .await?;
    c.find(Locator::Id("login-submit")).await?.click().await?;
    c.wait().for_element(Locator::Id("workbench-title")).await?;
    Ok(())
}

#[tokio::test]
async fn request_journey() {
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
    let outcome = async {
        // Mon 2025-03-03: the citizen applies online.
        c.goto(&app.url(&format!("/agencies/{AGENCY}/apply")))
            .await?;
        c.find(Locator::Id("name")).await?.send_keys("张三").await?;
        set(&c, "#id_document", "resident_id_card").await?;
        c.find(Locator::Id("id_number"))
            .await?
            .send_keys(ID)
            .await?;
        c.find(Locator::Id("phone"))
            .await?
            .send_keys("13800138000")
            .await?;
        c.find(Locator::Id("description"))
            .await?
            .send_keys("白沙县2024年农村公路养护资金的分配方案和使用情况")
            .await?;
        c.find(Locator::Id("apply-submit")).await?.click().await?;
        let number = c
            .wait()
            .for_element(Locator::Id("case-number"))
            .await?
            .text()
            .await?;
        let code = text(&c, "query-code").await?;
        std::fs::write(
            screenshot_path("journey-1-applied.png"),
            c.screenshot().await?,
        )
        .unwrap();

        // Tue 2025-03-04: the clerk confirms; the reply is due 2025-04-01.
        app.today("2025-03-04");
        login(&c, &app, "clerk").await?;
        act(&c, &app, &number, "confirm", &[("date", "2025-03-04")]).await?;
        assert_eq!(text(&c, "reply-due").await?, "2025-04-01");

        // Thu 2025-03-06: correction requested (once, Art. 30).
        app.today("2025-03-06");
        act(
            &c,
            &app,
            &number,
            "correction",
            &[
                ("date", "2025-03-06"),
                ("items", "请写明所需信息的文件名称或文号"),
                ("applicant_deadline", "2025-03-20"),
            ],
        )
        .await?;
        assert_eq!(text(&c, "case-state").await?, "待补正");

        // Mon 2025-03-10: the citizen corrects online; due 2025-04-08.
        app.today("2025-03-10");
        c.goto(&app.url("/track")).await?;
        c.find(Locator::Id("track-number"))
            .await?
            .send_keys(&number)
            .await?;
        c.find(Locator::Id("track-code"))
            .await?
            .send_keys(&code)
            .await?;
        c.find(Locator::Id("track-submit")).await?.click().await?;
        c.wait().for_element(Locator::Id("correction-form")).await?;
        c.find(Locator::Id("correction-text"))
            .await?
            .send_keys("所需文件为白交〔2024〕12号及其附件")
            .await?;
        c.find(Locator::Id("correction-submit"))
            .await?
            .click()
            .await?;
        c.wait().for_element(Locator::Css("p.notice")).await?;
        assert_eq!(text(&c, "reply-due").await?, "2025-04-08");

        // Wed 2025-03-12 – Wed 2025-03-19: a third party is consulted; due 2025-04-15.
        app.today("2025-03-12");
        act(
            &c,
            &app,
            &number,
            "consult",
            &[
                ("date", "2025-03-12"),
                ("party", "third_party"),
                ("party_name", "白沙县通达公路养护有限公司"),
                ("matter", "是否同意公开合同金额"),
            ],
        )
        .await?;
        assert_eq!(text(&c, "case-state").await?, "征求意见中");
        app.today("2025-03-19");
        act(
            &c,
            &app,
            &number,
            "consult_end",
            &[
                ("date", "2025-03-19"),
                ("how", "answered"),
                ("opinion", "不同意公开单价"),
            ],
        )
        .await?;
        assert_eq!(text(&c, "reply-due").await?, "2025-04-15");

        // Thu 2025-04-10 the clerk asks, Fri 2025-04-11 the reviewer approves 20 WD: due 2025-05-15.
        app.today("2025-04-10");
        act(
            &c,
            &app,
            &number,
            "extension_request",
            &[
                ("date", "2025-04-10"),
                ("days", "20"),
                ("reason", "涉及多个年度资料，需调档核实"),
            ],
        )
        .await?;
        app.today("2025-04-11");
        login(&c, &app, "reviewer").await?;
        act(
            &c,
            &app,
            &number,
            "extension_approve",
            &[("date", "2025-04-11"), ("days", "20")],
        )
        .await?;
        assert_eq!(text(&c, "reply-due").await?, "2025-05-15");

        // Fri 2025-04-18: partial disclosure. The clerk uploads the file to
        // release, drafts the decision with its two texts; the reviewer signs.
        app.today("2025-04-18");
        login(&c, &app, "clerk").await?;
        c.goto(&app.url(&format!("/cases/{number}"))).await?;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("2024年农村公路养护资金分配方案.pdf");
        std::fs::write(&file, b"%PDF-1.4\n% released allocation plan\n").unwrap();
        c.find(Locator::Css("#release-form input[type=file]"))
            .await?
            .send_keys(file.to_str().unwrap())
            .await?;
        c.find(Locator::Css("#release-form button[type=submit]"))
            .await?
            .click()
            .await?;
        let msg = c.wait().for_element(Locator::Id("notice")).await?.text().await?;
        assert!(msg.contains("2024年农村公路养护资金分配方案.pdf"), "{msg}");
        // The decision form on the page now offers the uploaded file.
        for (name, value) in [
            ("date", "2025-04-18"),
            ("outcome", "partial"),
            ("access_method", "随本告知书提供电子文件"),
            (
                "reasoning",
                "合同单价涉及第三方商业秘密，第三方不同意公开（《条例》第十五条）。",
            ),
        ] {
            set(&c, &format!("#action-decide [name=\"{name}\"]"), value).await?;
        }
        c.find(Locator::Css("#action-decide input[type=checkbox][name^=file_]"))
            .await?
            .click()
            .await?;
        // The upload's notice goes, so the next one found is the decision's.
        c.execute("document.getElementById('notice').remove()", vec![])
            .await?;
        c.find(Locator::Css("#action-decide button[type=submit]"))
            .await?
            .click()
            .await?;
        let msg = c.wait().for_element(Locator::Css("#notice, #action-error")).await?;
        let msg = msg.text().await?;
        assert!(msg.starts_with("已提交审核"), "{msg}");
        assert_eq!(text(&c, "case-state").await?, "答复待签发");
        login(&c, &app, "reviewer").await?;
        c.goto(&app.url(&format!("/cases/{number}"))).await?;
        let letter = text(&c, "draft-letter").await?;
        assert_eq!(letter.matches("合同单价涉及第三方商业秘密").count(), 1, "{letter}");
        assert_eq!(letter.matches("随本告知书提供电子文件").count(), 1, "{letter}");
        act(&c, &app, &number, "sign_decision", &[]).await?;
        assert!(text(&c, "outcome").await?.contains("第三十七条"));
        std::fs::write(
            screenshot_path("journey-2-decided.png"),
            c.screenshot().await?,
        )
        .unwrap();

        // The citizen sees the decision and the letter.
        c.goto(&app.url("/track/case")).await?;
        assert_eq!(text(&c, "case-state").await?, "已作出决定");
        let titles: Vec<String> = {
            let mut out = Vec::new();
            for e in c.find_all(Locator::Css("#documents td.doc-title")).await? {
                out.push(e.text().await?);
            }
            out
        };
        let reply = DocumentKind::Reply(Outcome::Partial).title_zh();
        assert_eq!(titles.last().map(String::as_str), Some(reply), "{titles:?}");
        assert_eq!(
            titles.len(),
            5,
            "receipt, correction, third-party notice, extension, reply: {titles:?}"
        );
        // The released file, downloaded from the tracking page.
        let link = c.find(Locator::Css("#released a")).await?;
        assert_eq!(link.text().await?, "2024年农村公路养护资金分配方案.pdf");
        let href = link.attr("href").await?.unwrap_or_default();
        let body = c
            .execute(
                "return fetch(arguments[0]).then(r => r.status + ' ' + r.headers.get('content-type'))",
                vec![href.into()],
            )
            .await?;
        assert_eq!(body.as_str(), Some("200 application/pdf"));
        std::fs::write(
            screenshot_path("journey-3-citizen.png"),
            c.screenshot().await?,
        )
        .unwrap();
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    c.close().await.ok();
    outcome.expect("request journey");
}
