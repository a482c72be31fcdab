//! 审核签发 in a real browser: the administrator sets the bureau's reply
//! number pattern; a clerk's 不予公开 decision goes to the reviewer, who
//! reads the letter, returns it with a reason; the clerk corrects it; the
//! reviewer signs; the issued letter carries the bureau's document number.

use fantoccini::Locator;

use crate::browser::{browser, screenshot_path};
use crate::helpers::{DbKind, TestApp};
use crate::request_journey::{R, act, login, set, text};
use crate::requests::{AGENCY, ID};

#[tokio::test]
async fn a_refusal_is_returned_corrected_and_signed() {
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
    let outcome: R<()> = async {
        // The administrator (city level, above the bureau) sets the pattern.
        login(&c, &app, "admin").await?;
        c.goto(&app.url(&format!("/admin/agencies/{AGENCY}/requests"))).await?;
        set(&c, "#request-settings [name=\"reply_pattern\"]", "白交依复〔{year}〕{n}号").await?;
        c.find(Locator::Id("request-settings-save")).await?.click().await?;
        assert_eq!(c.wait().for_element(Locator::Id("notice")).await?.text().await?, "已保存。");

        // A citizen applies online; the clerk confirms.
        c.goto(&app.url(&format!("/agencies/{AGENCY}/apply"))).await?;
        c.find(Locator::Id("name")).await?.send_keys("李四").await?;
        set(&c, "#id_document", "resident_id_card").await?;
        c.find(Locator::Id("id_number")).await?.send_keys(ID).await?;
        c.find(Locator::Id("phone")).await?.send_keys("13900139000").await?;
        c.find(Locator::Id("description"))
            .await?
            .send_keys("白沙县交通运输局与某养护公司签订的2024年养护合同")
            .await?;
        c.find(Locator::Id("apply-submit")).await?.click().await?;
        let number = c.wait().for_element(Locator::Id("case-number")).await?.text().await?;
        login(&c, &app, "clerk").await?;
        act(&c, &app, &number, "confirm", &[("date", "2025-03-03")]).await?;

        // 不予公开 needs the reviewer's signature: the clerk's decision is a draft.
        let decide = |reasoning: &'static str| {
            [
                ("date", "2025-03-03"),
                ("outcome", "deny_third_party"),
                ("reasoning", reasoning),
            ]
        };
        act(&c, &app, &number, "decide", &decide("涉及商业秘密。")).await?;
        assert_eq!(text(&c, "case-state").await?, "答复待签发");
        assert!(c.find(Locator::Id("action-sign_decision")).await.is_err(), "not the clerk's");

        login(&c, &app, "reviewer").await?;
        c.goto(&app.url(&format!("/cases/{number}"))).await?;
        let letter = text(&c, "draft-letter").await?;
        assert!(letter.contains("政府信息不予公开告知书"), "{letter}");
        assert!(letter.contains("涉及商业秘密"), "{letter}");
        assert!(letter.contains("白沙县人民政府申请行政复议"), "the body above the bureau: {letter}");
        act(
            &c,
            &app,
            &number,
            "return_decision",
            &[("date", "2025-03-03"), ("reason", "请写明属于哪一第三方的何种商业秘密及第三方意见")],
        )
        .await?;
        assert_eq!(text(&c, "case-state").await?, "办理中");

        login(&c, &app, "clerk").await?;
        c.goto(&app.url(&format!("/cases/{number}"))).await?;
        let timeline = text(&c, "timeline").await?;
        assert!(timeline.contains("退回拟办答复：请写明属于哪一第三方"), "{timeline}");
        act(
            &c,
            &app,
            &number,
            "decide",
            &decide("合同单价属于白沙县通达公路养护有限公司的商业秘密，经征求意见该公司不同意公开（《条例》第十五条、第三十二条）。"),
        )
        .await?;

        login(&c, &app, "reviewer").await?;
        act(&c, &app, &number, "sign_decision", &[]).await?;
        assert_eq!(text(&c, "case-state").await?, "已作出决定");
        std::fs::write(screenshot_path("approval-signed.png"), c.screenshot().await?).unwrap();

        let case = app.store.case_by_number(&number).await.unwrap().unwrap();
        let docs = app.store.case_documents(case.id).await.unwrap();
        let reply = docs.last().unwrap();
        let n = &reply.document.number;
        assert!(n.starts_with("白交依复〔2025〕") && n.ends_with('号'), "{n}");
        let body = serde_json::to_string(&reply.document.body).unwrap();
        assert!(body.contains("白沙县通达公路养护有限公司"), "the corrected text: {body}");
        assert!(!body.contains("涉及商业秘密。"), "not the returned draft: {body}");
        Ok(())
    }
    .await;
    c.close().await.ok();
    outcome.expect("approval journey");
}
