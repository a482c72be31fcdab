//! 政民互动 in a real headless Chromium (the Done-when: a citizen's
//! question is answered and published without the citizen's contact data).
//! The pages need no JavaScript: fields are typed, forms submitted by their
//! buttons.

use std::time::Duration;

use fantoccini::{Client, Locator};

use crate::browser::{browser, screenshot_path};
use crate::helpers::{DbKind, TestApp};
use crate::questions::BUREAU;

type Outcome = Result<(), fantoccini::error::CmdError>;

const CONTACT: &str = "13800138000";
const ANSWER: &str = "白沙至城关班线已于10月9日恢复运行，每日6班。";

async fn text_of(c: &Client, id: &str) -> Result<String, fantoccini::error::CmdError> {
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Id(id))
        .await?
        .text()
        .await
}

async fn type_into(c: &Client, id: &str, text: &str) -> Outcome {
    let field = c.find(Locator::Id(id)).await?;
    field.clear().await?;
    field.send_keys(text).await
}

#[tokio::test]
async fn a_citizens_question_is_answered_and_published_in_the_browser() {
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2025-09-29")
        .spawn()
        .await
    else {
        return;
    };
    let Some((_driver, c)) = browser().await else {
        return;
    };
    let outcome = story(&app, &c).await;
    c.close().await.ok();
    outcome.expect("browser story");
}

async fn story(app: &TestApp, c: &Client) -> Outcome {
    // ---- the citizen asks, consenting to publication ----
    c.goto(&app.url(&format!("/agencies/{BUREAU}/questions")))
        .await?;
    c.find(Locator::Id("question-ask-link"))
        .await?
        .click()
        .await?;
    type_into(c, "question-name", "王公民").await?;
    type_into(c, "question-contact", CONTACT).await?;
    type_into(c, "question-subject", "农村客运班线恢复时间").await?;
    type_into(
        c,
        "question-body",
        "我是王公民，电话13800138000。请问白沙至城关的班线何时恢复？",
    )
    .await?;
    c.find(Locator::Id("question-consent"))
        .await?
        .click()
        .await?;
    c.find(Locator::Id("question-submit"))
        .await?
        .click()
        .await?;
    let number = text_of(c, "question-number").await?;
    assert_eq!(text_of(c, "question-due").await?, "2025-10-13前");
    let id: i64 = number.rsplit('-').next().unwrap().parse().unwrap();

    // ---- the editor answers and publishes the suggested text ----
    crate::browser::log_in(c, app, "editor").await?;
    c.wait().for_element(Locator::Id("workbench-title")).await?;
    c.find(Locator::Id("questions-link")).await?.click().await?;
    c.find(Locator::Id(&format!("question-{id}")))
        .await?
        .click()
        .await?;
    type_into(c, "answer-text", ANSWER).await?;
    c.find(Locator::Id("answer-submit")).await?.click().await?;
    let body = c
        .wait()
        .for_element(Locator::Id("publish-body"))
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    assert!(
        !body.contains(CONTACT) && !body.contains("王公民"),
        "{body}"
    );
    let staff = c.screenshot().await?;
    std::fs::write(screenshot_path("question-staff.png"), staff).unwrap();
    c.find(Locator::Id("publish-submit")).await?.click().await?;
    c.wait()
        .for_element(Locator::Id("question-public-link"))
        .await?
        .click()
        .await?;
    let public = text_of(c, "question-answer").await?;
    assert!(public.contains(ANSWER), "{public}");
    let page = c.source().await?;
    assert!(
        !page.contains(CONTACT) && !page.contains("王公民"),
        "{page}"
    );
    std::fs::write(
        screenshot_path("question-published.png"),
        c.screenshot().await?,
    )
    .unwrap();
    Ok(())
}
