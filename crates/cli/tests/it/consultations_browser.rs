//! 意见征集 in a real headless Chromium, the Done-when story: an
//! editor opens a consultation on a 规范性文件 draft with a 5-working-day
//! period and is refused with the statutory reason, sets 7 working days,
//! publishes; two citizens comment; after closing the editor records the
//! adoption with reasons and publishes the feedback with the final
//! document; a consultation closed without feedback appears on the
//! supervisor's console. The pages need no JavaScript: the test only fills
//! fields by script (date inputs) and submits the forms by their buttons.

use std::time::Duration;

use chrono::NaiveDate;
use fantoccini::{Client, Locator};
use gongkai_domain::participation::consultation::DraftKind;
use gongkai_store::{NewConsultation, Stamp};

use crate::browser::{browser, screenshot_path};
use crate::consultations::{BUREAU, decision_item, notice};
use crate::helpers::{DbKind, TestApp};

type Outcome = Result<(), fantoccini::error::CmdError>;

const UNANSWERED: &str =
    "关于《白沙县城市公共交通运营服务考核办法（征求意见稿）》公开征求意见的公告";

/// Set the field `css` to `value` (date inputs take no typed text headless).
async fn set(c: &Client, css: &str, value: &str) -> Outcome {
    c.execute(
        "const e = document.querySelector(arguments[0]); e.value = arguments[1];",
        vec![css.into(), value.into()],
    )
    .await
    .map(|_| ())
}

async fn text_of(c: &Client, id: &str) -> Result<String, fantoccini::error::CmdError> {
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Id(id))
        .await?
        .text()
        .await
}

/// Log out whoever is in, then log `user` in with the demo password.
async fn log_in(c: &Client, app: &TestApp, user: &str) -> Outcome {
    log_out(c, app).await?;
    crate::browser::log_in(c, app, user).await?;
    c.wait().for_element(Locator::Id("workbench-title")).await?;
    Ok(())
}

async fn log_out(c: &Client, app: &TestApp) -> Outcome {
    c.goto(&app.url("/")).await?;
    if let Ok(b) = c.find(Locator::Id("logout")).await {
        b.click().await?;
        c.wait().for_element(Locator::Id("nav-login")).await?;
    }
    Ok(())
}

/// Click `id`, a submit button or a link, and wait until its page has given way to
/// the next (the old root gone stale): an element that both pages have is
/// then read from the new one.
async fn submit(c: &Client, id: &str) -> Outcome {
    let old = c.find(Locator::Css("html")).await?;
    c.find(Locator::Id(id)).await?.click().await?;
    for _ in 0..400 {
        if old.tag_name().await.is_err() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

/// The notice drafted with `closes`, saved.
async fn draft(c: &Client, closes: &str) -> Outcome {
    for (name, value) in notice(closes) {
        set(c, &format!("#consultation-form [name=\"{name}\"]"), &value).await?;
    }
    submit(c, "consultation-save").await
}

/// A citizen's comment through the public form.
async fn comment(c: &Client, app: &TestApp, id: i64, name: &str, body: &str) -> Outcome {
    c.goto(&app.url(&format!("/agencies/{BUREAU}/consultations/{id}")))
        .await?;
    c.find(Locator::Id("comment-name"))
        .await?
        .send_keys(name)
        .await?;
    c.find(Locator::Id("comment-body"))
        .await?
        .send_keys(body)
        .await?;
    submit(c, "comment-submit").await?;
    let received = text_of(c, "received").await?;
    assert!(received.contains("您的意见已收到"), "{received}");
    Ok(())
}

/// A consultation of the bureau closed on 15 September without feedback.
async fn unanswered(app: &TestApp) {
    let bureau = app.store.agency_by_code(BUREAU).await.unwrap().unwrap();
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let at = chrono::Utc::now();
    let id = app
        .store
        .create_consultation(&NewConsultation {
            agency_id: bureau.id,
            kind: DraftKind::NormativeDocument,
            title: UNANSWERED.into(),
            draft_text: "第一条 为提高城市公共交通服务质量，制定本办法。".into(),
            explanation: "一、起草背景\n二、主要内容".into(),
            draft_item_id: None,
            interpretation_item_id: None,
            opens_on: d("2025-09-01"),
            closes_on: d("2025-09-15"),
            shortened_reason: None,
            comment_address: None,
            comment_email: None,
            name_required: false,
            created_by: None,
            created_at: at,
        })
        .await
        .unwrap();
    let stamp = Stamp { by: None, at };
    app.store
        .publish_consultation(id, d("2025-09-01"), None, stamp)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_editor_consults_on_a_normative_document_in_the_browser() {
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2025-09-25")
        .spawn()
        .await
    else {
        return;
    };
    let Some((_driver, c)) = browser().await else {
        return;
    };
    unanswered(&app).await;
    let outcome = story(&app, &c).await;
    c.close().await.ok();
    outcome.expect("browser story");
}

async fn story(app: &TestApp, c: &Client) -> Outcome {
    // ---- 5 working days refused with the source; 7 accepted; published ----
    log_in(c, app, "editor").await?;
    c.goto(&app.url("/workbench/consultations/new")).await?;
    draft(c, "2025-10-09").await?;
    let refused = text_of(c, "form-error").await?;
    for part in [
        "一般不少于7个工作日",
        "国办发〔2018〕37号",
        "只有5个工作日",
        "2025-10-11",
    ] {
        assert!(refused.contains(part), "{part}: {refused}");
    }
    std::fs::write(
        screenshot_path("consultation-refused.png"),
        c.screenshot().await?,
    )
    .unwrap();
    set(c, "#consultation-closes", "2025-10-11").await?;
    submit(c, "consultation-save").await?;
    submit(c, "consultation-publish").await?;
    let phase = text_of(c, "consultation-phase").await?;
    assert!(phase.contains("征求意见中，还剩16天"), "{phase}");
    let url = c.current_url().await?;
    let id: i64 = url.path().rsplit('/').next().unwrap().parse().unwrap();

    // ---- two citizens comment ----
    log_out(c, app).await?;
    comment(
        c,
        app,
        id,
        "王公民",
        "建议将过渡期延长至6个月，便于乡镇落实。",
    )
    .await?;
    comment(c, app, id, "", "建议将过渡期延长，并明确养护资金拨付时限。").await?;

    // ---- the editor shows them; after closing records and publishes ----
    log_in(c, app, "editor").await?;
    c.goto(&app.url(&format!("/workbench/consultations/{id}")))
        .await?;
    for m in app.store.comments(id, None, None, 10).await.unwrap() {
        submit(c, &format!("show-{}", m.id)).await?;
    }
    app.today("2025-10-13");
    let item = decision_item(app, "2025-10-13").await;
    c.goto(&app.url(&format!("/workbench/consultations/{id}")))
        .await?;
    let flag = text_of(c, "consultation-flag").await?;
    assert!(flag.contains("尚未公开意见采纳情况"), "{flag}");
    for (field, value) in [
        ("opinion-1", "建议延长过渡期"),
        ("raised-1", "2"),
        ("adoption-1", "partly_adopted"),
        ("reason-1", "过渡期延长至6个月：上位法另有规定"),
        ("opinion-2", "建议明确养护资金拨付时限"),
        ("raised-2", "1"),
        ("adoption-2", "adopted"),
        ("reason-2", "已在第十二条中明确"),
        ("decision-item", &item.to_string()),
    ] {
        set(c, &format!("#{field}"), value).await?;
    }
    submit(c, "feedback-publish").await?;
    let published = text_of(c, "feedback-published").await?;
    assert!(
        published.contains("部分采纳") && published.contains("上位法另有规定"),
        "{published}"
    );
    submit(c, "consultation-public-link").await?;
    let feedback = text_of(c, "feedback").await?;
    assert!(feedback.contains("过渡期延长至6个月"), "{feedback}");
    let decision = text_of(c, "decision-link").await?;
    assert_eq!(decision, "关于印发《白沙县农村公路养护管理办法》的通知");
    std::fs::write(
        screenshot_path("consultation-feedback.png"),
        c.screenshot().await?,
    )
    .unwrap();

    // ---- the unanswered one on the supervisor's console ----
    log_in(c, app, "supervisor").await?;
    c.goto(&app.url("/workbench/supervision")).await?;
    let count = text_of(c, "console-consultations-missing").await?;
    assert_eq!(count, "1个");
    submit(c, "console-consultations-missing").await?;
    let list = text_of(c, "consultations").await?;
    assert!(
        list.contains(UNANSWERED) && !list.contains("养护管理办法"),
        "{list}"
    );
    std::fs::write(
        screenshot_path("consultation-console.png"),
        c.screenshot().await?,
    )
    .unwrap();
    Ok(())
}
