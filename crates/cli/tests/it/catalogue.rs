//! Proactive disclosure over HTTP on both backends (the browser story is in
//! `catalogue_browser.rs`, the figures and attachments in
//! `catalogue_figures.rs`): the publishing workflow with its review record,
//! the 索引号, the public item page, repeal, the feed and the sitemap, the
//! Art. 26 timeliness flag, and a policy published with its 解读.
//!
//! Art. 26 across the 2025 National Day holiday (10-01…10-08 off; Sun 09-28
//! and Sat 10-11 working), from a document formed Fri 2025-09-26:
//! Sep 28 (1), 29 (2), 30 (3), [Oct 1–8 off], Oct 9 (4), 10 (5), Sat 11 (6),
//! 13–17 (11), 20–24 (16), 27 (17), 28 (18), 29 (19), 30 (20), 31 (21).
//! Published 2025-10-30: 20 working days, on time; 2025-10-31: 21, late.

use reqwest::StatusCode;

use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;
use crate::requests::{AGENCY, text_of};

pub(crate) const PW: &str = gongkai_app::demo::DEMO_PASSWORD;

pub(crate) fn draft(title: &str) -> Vec<(&'static str, String)> {
    vec![
        ("title", title.to_string()),
        ("summary", "明确县级农村公路养护资金的分配因素、拨付程序和绩效评价要求。".into()),
        ("issuers", "白沙县交通运输局\n白沙县财政局".into()),
        ("document_number", "白交[2025]12号".into()),
        ("formed_on", "2025-09-26".into()),
        ("topic", "工业、交通\\公路".into()),
        ("genre", "notice".into()),
        ("kind", "normative".into()),
        ("article20", "regulations".into()),
        ("attribute", "proactive".into()),
        ("scope", "public".into()),
        ("keywords", "农村公路、养护资金".into()),
        ("body", "各乡镇人民政府，县直有关单位：\n现将《白沙县农村公路养护资金管理办法》印发给你们，请认真贯彻执行。".into()),
        // A 规范性文件 goes to review with its interpretation or this reason
        // (issue 19).
        ("no_interpretation_reason", "办法条文简明，制定依据和主要内容已在印发通知中说明，无需另行解读。".into()),
        ("do", "submit".into()),
    ]
}

/// The item id from a redirect to `/items/{id}/manage`.
pub(crate) fn id_of(r: &reqwest::Response) -> String {
    let loc = r.headers()["location"].to_str().unwrap();
    loc.trim_start_matches("/items/")
        .trim_end_matches("/manage")
        .to_string()
}

impl TestApp {
    /// Posts an action on item `id` with the sequence number its manage page carries.
    pub(crate) async fn item_action(
        &self,
        id: &str,
        fields: &[(&str, &str)],
    ) -> (StatusCode, String) {
        let page = self
            .get(&format!("/items/{id}/manage"))
            .await
            .text()
            .await
            .unwrap();
        let seq = page
            .split("name=\"seq\" value=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or("0")
            .to_string();
        let mut all = vec![("seq", seq.as_str())];
        all.extend_from_slice(fields);
        let r = self
            .post_form(&format!("/items/{id}/actions"), &all, true)
            .await;
        let s = r.status();
        (s, r.text().await.unwrap())
    }
}

on_both_backends!(an_item_is_drafted_reviewed_published_and_repealed);

async fn an_item_is_drafted_reviewed_published_and_repealed(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-10-30").spawn().await else {
        return;
    };
    let editor = app.another_browser();
    assert_eq!(
        editor.login("editor", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    // Bad metadata is refused field by field and kept.
    let mut bad = draft("关于印发《白沙县农村公路养护资金管理办法》的通知");
    bad[1].1 = bad[0].1.clone();
    bad[4].1 = "2025-13-01".into();
    let refs: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = editor.post_form("/items/new", &refs, true).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("2025-13-01") && html.contains("field-error"));

    let good = draft("关于印发《白沙县农村公路养护资金管理办法》的通知");
    let refs: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = editor.post_form("/items/new", &refs, true).await;
    if r.status() != StatusCode::SEE_OTHER {
        let html = r.text().await.unwrap();
        let errs: Vec<&str> = html
            .split("<span class=\"field-error\">")
            .skip(1)
            .map(|e| e.split('<').next().unwrap())
            .collect();
        panic!("the draft was refused: {errs:?}");
    }
    let id = id_of(&r);
    // Not public before review.
    assert_eq!(
        app.get(&format!("/items/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    // An editor cannot approve their own item.
    let (s, _) = editor
        .item_action(
            &id,
            &[
                ("action", "approve"),
                ("review", "无涉密内容"),
                ("date", "2025-10-30"),
                ("channel_website", "1"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);

    // The reviewer refuses once, with a reason the editor sees.
    let reviewer = app.another_browser();
    assert_eq!(
        reviewer.login("reviewer", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let (s, page) = reviewer
        .item_action(
            &id,
            &[
                ("action", "refuse"),
                ("reason", "请补充规范性文件统一登记编号"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let edit = editor
        .get(&format!("/items/{id}/edit"))
        .await
        .text()
        .await
        .unwrap();
    assert!(edit.contains("请补充规范性文件统一登记编号"));
    let mut fixed = good.clone();
    fixed.push(("normative_registration", "BSDR-2025-01001".into()));
    let refs: Vec<(&str, &str)> = fixed.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        editor
            .post_form(&format!("/items/{id}/edit"), &refs, true)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );

    // A publication dated before the document was formed (2025-09-26) is
    // refused by the workflow; the refusal uses up no 索引号 (00001 below).
    let (s, page) = reviewer
        .item_action(
            &id,
            &[
                ("action", "approve"),
                ("review", "无涉密内容"),
                ("date", "2025-09-25"),
                ("channel_website", "1"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("发布日期2025-09-25早于成文日期2025-09-26"),
        "{page}"
    );

    // Approved after the confidentiality review and published on 2025-10-30.
    let (s, page) = reviewer
        .item_action(
            &id,
            &[
                ("action", "approve"),
                ("review", "经保密审查，不涉及国家秘密"),
                ("date", "2025-10-30"),
                ("channel_website", "1"),
                ("channel_wechat", "1"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let index = text_of(&page, "index-number").unwrap();
    assert_eq!(
        index,
        format!("{AGENCY}/2025-00001"),
        "the agency's form: code/year-serial"
    );
    assert!(
        page.contains("20个工作日"),
        "Art. 26: exactly 20 working days is on time: {page}"
    );
    assert!(!page.contains("超过《条例》第二十六条"));

    let public = app.get(&format!("/items/{id}")).await;
    assert_eq!(public.status(), StatusCode::OK);
    let html = public.text().await.unwrap();
    assert_eq!(
        text_of(&html, "index-number").as_deref(),
        Some(index.as_str())
    );
    for shown in [
        "白沙县交通运输局、白沙县财政局",
        "白交〔2025〕12号",
        "2025-09-26",
        "2025-10-30",
        "工业、交通",
        "有效",
        "BSDR-2025-01001",
    ] {
        assert!(html.contains(shown), "the metadata block shows {shown}");
    }
    let list = app
        .get(&format!(
            "/agencies/{AGENCY}/catalogue?item=regulations&year=2025"
        ))
        .await
        .text()
        .await
        .unwrap();
    assert!(list.contains(&index));
    let list = app
        .get(&format!("/agencies/{AGENCY}/catalogue?year=2024"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!list.contains(&index), "the year filter applies");

    // A second item published a day later is 21 working days late.
    app.today("2025-10-31");
    let late = draft("白沙县农村公路养护资金分配结果公示");
    let refs: Vec<(&str, &str)> = late.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let id2 = id_of(&editor.post_form("/items/new", &refs, true).await);
    let (s, page) = reviewer
        .item_action(
            &id2,
            &[
                ("action", "approve"),
                ("review", "不涉密"),
                ("date", "2025-10-31"),
                ("channel_website", "1"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert!(
        page.contains("21个工作日，超过《条例》第二十六条规定的20个工作日"),
        "{page}"
    );
    assert_eq!(
        text_of(&page, "index-number").unwrap(),
        format!("{AGENCY}/2025-00002")
    );
    let wb = editor.get("/workbench").await.text().await.unwrap();
    assert!(
        wb.contains("超过20个工作日发布 1"),
        "the workbench flags the late item"
    );

    // Repealed: still public, marked 废止 with its date.
    let (s, page) = editor
        .item_action(
            &id,
            &[
                ("action", "repeal"),
                ("date", "2025-10-31"),
                ("reason", "被新办法替代"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    // Said as a change of the public record, not as a success.
    assert!(
        page.contains(
            "<p class=\"notice change\" role=\"status\" id=\"notice\">该信息已标注为废止"
        ),
        "{page}"
    );
    let html = app.get(&format!("/items/{id}")).await.text().await.unwrap();
    let validity = text_of(&html, "validity").unwrap();
    assert!(
        validity.contains("废止") && validity.contains("2025-10-31"),
        "{validity}"
    );

    // The feed and the sitemap list it.
    let feed = app.get(&format!("/agencies/{AGENCY}/feed.atom")).await;
    assert!(
        feed.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let feed = feed.text().await.unwrap();
    assert!(
        feed.contains(&format!("/items/{id}")) && feed.contains("（废止"),
        "{feed}"
    );
    // Its dates are the item's own: published 30 October, repealed the
    // 31st (not when the rows were written); the feed's is the newest.
    let entry = feed
        .split("<entry>")
        .find(|e| e.contains(&format!("/items/{id}</id>")))
        .unwrap();
    assert!(
        entry.contains("<published>2025-10-30T00:00:00+08:00</published>")
            && entry.contains("<updated>2025-10-31T00:00:00+08:00</updated>"),
        "{entry}"
    );
    let head = feed.split("<entry>").next().unwrap();
    assert!(
        head.contains("<updated>2025-10-31T00:00:00+08:00</updated>"),
        "{head}"
    );
    // The sitemap is an index of files of at most 50,000 URLs; the item is
    // in the file of its id range (ids 1–50,000: items-1.xml).
    let index = app.get("/sitemap.xml").await.text().await.unwrap();
    assert!(index.contains("<sitemapindex"), "{index}");
    assert!(index.contains("/sitemaps/agencies.xml</loc>"), "{index}");
    assert!(index.contains("/sitemaps/items-1.xml</loc>"), "{index}");
    assert!(!index.contains("/sitemaps/items-2.xml"), "{index}");
    let shard = app.get("/sitemaps/items-1.xml").await.text().await.unwrap();
    assert!(shard.contains(&format!("/items/{id}</loc>")), "{shard}");
    for missing in [
        "/sitemaps/items-0.xml",
        "/sitemaps/items-2.xml",
        "/sitemaps/x.xml",
    ] {
        assert_eq!(
            app.get(missing).await.status(),
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
}

/// A policy document and its interpretation are submitted together and
/// published together (同步审签、同步发布); the policy page links the 解读.
#[tokio::test]
async fn a_policy_and_its_interpretation_are_published_together() {
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2025-10-30")
        .spawn()
        .await
    else {
        return;
    };
    let editor = app.another_browser();
    assert_eq!(
        editor.login("editor", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let save = |title: &str| {
        let mut d = draft(title);
        d.retain(|(k, _)| *k != "do");
        d.push(("do", "save".into()));
        d
    };
    let mut interp = save("《白沙县农村公路养护资金管理办法》政策解读");
    for (k, v) in interp.iter_mut() {
        match *k {
            "kind" => *v = "other".into(),
            "article20" => *v = String::new(),
            "document_number" => *v = String::new(),
            "summary" => *v = "从制定背景、主要内容和实施要求三个方面解读新办法。".into(),
            "genre" => *v = "interpretation".into(),
            _ => {}
        }
    }
    // An interpretation says who interprets it (issue 19).
    for (k, v) in [
        ("interpretation_agency", "白沙县交通运输局"),
        ("interpreter", "县交通运输局副局长 李某某"),
        ("interpretation_phone", "0898-26612345"),
        ("interpretation_form_text", "1"),
    ] {
        interp.push((k, v.into()));
    }
    let refs: Vec<(&str, &str)> = interp.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = editor.post_form("/items/new", &refs, true).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let interp_id = id_of(&r);
    let policy = save("关于印发《白沙县农村公路养护资金管理办法》的通知");
    let refs: Vec<(&str, &str)> = policy.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let policy_id = id_of(&editor.post_form("/items/new", &refs, true).await);
    let (s, page) = editor
        .item_action(
            &policy_id,
            &[("action", "submit"), ("with_interpretation", &interp_id)],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let interp_page = editor
        .get(&format!("/items/{interp_id}/manage"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        text_of(&interp_page, "item-state").as_deref(),
        Some("待审核"),
        "the interpretation went to review too"
    );

    let reviewer = app.another_browser();
    assert_eq!(
        reviewer.login("reviewer", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let (s, page) = reviewer
        .item_action(
            &policy_id,
            &[
                ("action", "approve"),
                ("review", "不涉密"),
                ("date", "2025-10-30"),
                ("channel_website", "1"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert_eq!(
        text_of(&page, "index-number"),
        Some(format!("{AGENCY}/2025-00001"))
    );
    let html = app.get(&format!("/items/{interp_id}")).await;
    assert_eq!(
        html.status(),
        StatusCode::OK,
        "the interpretation is published with the policy"
    );
    assert_eq!(
        text_of(&html.text().await.unwrap(), "index-number"),
        Some(format!("{AGENCY}/2025-00002")),
        "the next serial, drawn in the same transaction"
    );
    let policy_page = app
        .get(&format!("/items/{policy_id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        policy_page.contains("id=\"interpretations\"")
            && policy_page.contains(&format!("href=\"/items/{interp_id}\"")),
        "{policy_page}"
    );
}
