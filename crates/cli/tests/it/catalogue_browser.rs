//! The publishing workflow in the browser: an editor drafts and submits an
//! item and a reviewer approves and publishes it, Art. 26 shown before the
//! click (see `catalogue.rs` for the counting across the National Day holiday).

use std::time::Duration;

use fantoccini::Locator;

use crate::browser::{browser, screenshot_path};
use crate::catalogue::draft;
use crate::helpers::{DbKind, TestApp};
use crate::requests::AGENCY;

const PW: &str = gongkai_app::demo::DEMO_PASSWORD;

#[tokio::test]
async fn an_editor_and_a_reviewer_publish_in_the_browser() {
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2025-10-30")
        .spawn()
        .await
    else {
        return;
    };
    let Some((_driver, c)) = browser().await else {
        return;
    };
    let set = |css: String, value: String| {
        let c = c.clone();
        async move {
            c.execute(
                "const e = document.querySelector(arguments[0]); e.value = arguments[1];",
                vec![css.into(), value.into()],
            )
            .await
        }
    };
    let outcome = async {
        let login = |user: &'static str| {
            let c = c.clone();
            let url = app.url("/login");
            async move {
                if let Ok(b) = c.find(Locator::Id("logout")).await {
                    b.click().await?;
                    c.wait().for_element(Locator::Id("nav-login")).await?;
                }
                c.goto(&url).await?;
                c.find(Locator::Id("username"))
                    .await?
                    .send_keys(user)
                    .await?;
                c.find(Locator::Id("password")).await?.send_keys(PW).await?;
                c.find(Locator::Id("login-submit")).await?.click().await?;
                c.wait().for_element(Locator::Id("workbench-title")).await?;
                Ok::<_, fantoccini::error::CmdError>(())
            }
        };
        // The editor drafts and submits.
        login("editor").await?;
        c.goto(&app.url("/items/new")).await?;
        for (name, value) in draft("关于印发《白沙县农村公路养护资金管理办法》的通知")
        {
            if name == "body" {
                // With scripts the body is typed into the editor.
                c.execute(
                    "document.getElementById('body-editor').innerText = arguments[0];",
                    vec![value.into()],
                )
                .await?;
            } else if name != "do" {
                set(format!("#item-form [name=\"{name}\"]"), value).await?;
            }
        }
        c.find(Locator::Id("item-submit")).await?.click().await?;
        let state = c
            .wait()
            .for_element(Locator::Id("item-state"))
            .await?
            .text()
            .await?;
        assert_eq!(state, "待审核");
        let manage = c.current_url().await?.to_string();
        // The reviewer approves after the confidentiality review.
        login("reviewer").await?;
        c.goto(&manage).await?;
        set(
            "#action-approve [name=\"review\"]".into(),
            "经保密审查，不涉及国家秘密".into(),
        )
        .await?;
        c.find(Locator::Css("#action-approve button[type=submit]"))
            .await?
            .click()
            .await?;
        c.wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Id("notice"))
            .await?;
        let index = c.find(Locator::Id("index-number")).await?.text().await?;
        assert_eq!(index, format!("{AGENCY}/2025-00001"));
        // The public page shows the number and the metadata block.
        c.find(Locator::Id("public-link")).await?.click().await?;
        let meta = c
            .wait()
            .for_element(Locator::Id("metadata"))
            .await?
            .text()
            .await?;
        assert!(
            meta.contains(&index)
                && meta.contains("发布机构")
                && meta.contains("成文日期")
                && meta.contains("有效"),
            "{meta}"
        );
        let public_url = c.current_url().await?.to_string();
        std::fs::write(screenshot_path("catalogue-item.png"), c.screenshot().await?).unwrap();
        // Repealed: the page shows 废止 with the date.
        c.goto(&manage).await?;
        set("#action-repeal [name=\"date\"]".into(), "2025-10-30".into()).await?;
        set(
            "#action-repeal [name=\"reason\"]".into(),
            "被新办法替代".into(),
        )
        .await?;
        c.find(Locator::Css("#action-repeal button[type=submit]"))
            .await?
            .click()
            .await?;
        c.wait().for_element(Locator::Id("notice")).await?;
        c.goto(&public_url).await?;
        let validity = c.find(Locator::Id("validity")).await?.text().await?;
        assert!(
            validity.contains("废止") && validity.contains("2025-10-30"),
            "{validity}"
        );
        // The feed lists it.
        let feed = reqwest::get(app.url(&format!("/agencies/{AGENCY}/feed.atom")))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            feed.contains(&public_url.replace(&app.address, "")),
            "{feed}"
        );
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    c.close().await.ok();
    outcome.expect("catalogue in the browser");
}
