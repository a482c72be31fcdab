//! 意见征集 over HTTP on both backends, on the 2025 calendar
//! (国办发明电〔2024〕12号: 1–8 October off, Sunday 28 September and
//! Saturday 11 October worked). A 规范性文件 published on Thursday
//! 2025-09-25 counts 26/9 (1), 28/9 (2), 29/9 (3), 30/9 (4), 9/10 (5),
//! 10/10 (6), 11/10 (7): closing on 9 October is 5 working days and is
//! refused with the statutory source; the earliest close is 11 October.

use gongkai_app::config::Rate;
use gongkai_app::demo;
use gongkai_domain::catalogue::ItemForm;
use reqwest::StatusCode;

use crate::helpers::{DbKind, TestApp, csrf_in, test_limits};
use crate::on_both_backends;

pub const BUREAU: &str = "119901219482199390";
const TITLE: &str = "关于《白沙县农村公路养护管理办法（征求意见稿）》公开征求意见的公告";

/// The notice form of a 规范性文件 published on 2025-09-25, closing on `closes`.
pub fn notice(closes: &str) -> Vec<(&'static str, String)> {
    vec![
        ("kind", "normative_document".into()),
        ("title", TITLE.into()),
        ("opens_on", "2025-09-25".into()),
        ("closes_on", closes.into()),
        (
            "draft_text",
            "第一条 为规范农村公路养护管理，制定本办法。".into(),
        ),
        (
            "explanation",
            "一、起草背景：现行制度已不适应需要。\n二、主要内容：三级养护责任。".into(),
        ),
        ("comment_email", "jtj@baisha.example.gov.cn".into()),
    ]
}

fn fields<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, s)| (*k, s.as_str())).collect()
}

pub fn location(r: &reqwest::Response) -> String {
    r.headers()[reqwest::header::LOCATION]
        .to_str()
        .unwrap()
        .to_string()
}

/// The value of the hidden field `name` in `html`.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("{name} in {html}"))
        + marker.len();
    html[at..].split('"').next().unwrap().to_string()
}

/// A citizen's comment through the public form: the form's CSRF token and
/// one-time key read from the page, then the fields posted (`again`: the
/// same form sent a second time).
pub async fn comment(
    citizen: &TestApp,
    id: i64,
    (name, contact, body): (&str, &str, &str),
    again: bool,
) -> reqwest::Response {
    let path = format!("/agencies/{BUREAU}/consultations/{id}");
    let page = citizen.get(&path).await.text().await.unwrap();
    // A closed consultation has no form: the token of any page will do.
    let (csrf, key) = match csrf_in(&page) {
        Some(csrf) => (csrf, hidden(&page, "submit_key")),
        None => (citizen.csrf().await, String::new()),
    };
    let form = [
        ("_csrf", csrf.as_str()),
        ("submit_key", key.as_str()),
        ("name", name),
        ("contact", contact),
        ("body", body),
    ];
    let send = || {
        citizen
            .client
            .post(citizen.url(&format!("{path}/comments")))
            .form(&form)
            .send()
    };
    if again {
        send().await.unwrap();
    }
    send().await.unwrap()
}

/// A published item of the bureau on `on`: the final decision.
pub async fn decision_item(app: &TestApp, on: &str) -> i64 {
    let bureau = app.store.agency_by_code(BUREAU).await.unwrap().unwrap();
    let form = ItemForm {
        title: "关于印发《白沙县农村公路养护管理办法》的通知".into(),
        summary: "规定县乡村三级农村公路养护责任、资金保障和考核办法。".into(),
        issuers: "白沙县交通运输局".into(),
        formed_on: on.into(),
        topic: "综合政务\\政务公开".into(),
        genre: "notice".into(),
        kind: "normative".into(),
        attribute: "proactive".into(),
        scope: "public".into(),
        body: "<p>第一条 为规范农村公路养护管理，制定本办法。</p>".into(),
        ..ItemForm::default()
    };
    let date = chrono::NaiveDate::parse_from_str(on, "%Y-%m-%d").unwrap();
    demo::publish_item(
        app.store.as_ref(),
        &bureau,
        form.validate().unwrap(),
        date,
        "决定",
    )
    .await
    .unwrap()
}

on_both_backends!(
    a_consultation_from_its_notice_to_its_feedback,
    comments_are_rate_limited_per_address,
    the_demo_has_an_open_and_a_closed_consultation
);

async fn a_consultation_from_its_notice_to_its_feedback(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-09-25").spawn().await else {
        return;
    };
    let editor = app.logged_in("editor").await;
    // ---- the period: 5 working days refused with the source, 7 accepted ----
    let r = editor
        .post_form(
            "/workbench/consultations/new",
            &fields(&notice("2025-10-09")),
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let page = r.text().await.unwrap();
    for part in [
        "行政规范性文件公开征求意见的期限一般不少于7个工作日",
        "国办发〔2018〕37号",
        "只有5个工作日",
        "截止日期最早为2025-10-11",
    ] {
        assert!(page.contains(part), "{part}");
    }
    let r = editor
        .post_form(
            "/workbench/consultations/new",
            &fields(&notice("2025-10-11")),
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let staff_path = location(&r);
    let id: i64 = staff_path.rsplit('/').next().unwrap().parse().unwrap();
    let public = format!("/agencies/{BUREAU}/consultations/{id}");
    let citizen = app.another_browser();
    assert_eq!(
        citizen.get(&public).await.status(),
        StatusCode::NOT_FOUND,
        "a draft is not public"
    );
    let r = editor
        .post_form(&format!("{staff_path}/publish"), &[], true)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let list = citizen
        .get(&format!("/agencies/{BUREAU}/consultations"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        list.contains(TITLE) && list.contains("征求意见中，还剩16天"),
        "{list}"
    );
    let notice_page = citizen.get(&public).await.text().await.unwrap();
    assert!(
        notice_page.contains("2025-09-25至2025-10-11（7个工作日）"),
        "{notice_page}"
    );

    // ---- two citizens comment; the same form twice is one comment ----
    let wang = (
        "王公民",
        "13800138000",
        "建议将过渡期延长至6个月，便于乡镇落实。",
    );
    let r = comment(&citizen, id, wang, true).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let first = location(&r);
    assert!(first.contains("?received="), "{first}");
    let shown = citizen.get(&first).await.text().await.unwrap();
    assert!(shown.contains("您的意见已收到"), "{shown}");
    let li = app.another_browser();
    let r = comment(
        &li,
        id,
        ("", "li@example.cn", "出售二手挖掘机，欢迎来电。"),
        false,
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = comment(&li, id, ("", "", "好"), false).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("意见内容太短（1个字）"));
    let counts = app.store.comment_counts(id).await.unwrap();
    assert_eq!((counts.pending, counts.total()), (2, 2), "kept once each");

    moderation(&app, &editor, id).await;

    // ---- after closing: refused with the date; flagged ----
    app.today("2025-10-13");
    let r = comment(&citizen, id, ("", "", "建议再延长征求意见期限。"), false).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("本次意见征集已于2025-10-11截止")
    );
    let supervisor = app.logged_in("supervisor").await;
    let console = supervisor
        .get("/workbench/supervision")
        .await
        .text()
        .await
        .unwrap();
    let flag = console
        .split("id=\"console-consultations-missing\"")
        .nth(1)
        .unwrap();
    assert!(flag.starts_with(" class=\"mark-overdue\">1个"), "{flag}");
    let missing = supervisor
        .get("/workbench/consultations?missing_feedback=1")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        missing.contains(TITLE) && missing.contains("白沙县交通运输局"),
        "{missing}"
    );
    let bench = editor.get("/workbench").await.text().await.unwrap();
    assert!(bench.contains("已截止未公开意见采纳情况 1"), "{bench}");

    feedback(&app, &editor, id).await;
    let console = supervisor
        .get("/workbench/supervision")
        .await
        .text()
        .await
        .unwrap();
    assert!(console.contains("id=\"console-consultations-missing\">0个"));
    let entries = app.store.audit_entries(200).await.unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.action == "consultation.feedback_published")
    );
    assert!(
        entries
            .iter()
            .all(|e| !e.detail.contains("13800138000") && !e.detail.contains("li@example")),
        "no contact in the audit trail"
    );
}

/// The queue: contacts for the agency's staff only; shown after review;
/// hiding needs a reason.
async fn moderation(app: &TestApp, editor: &TestApp, id: i64) {
    let staff_path = format!("/workbench/consultations/{id}");
    let page = editor.get(&staff_path).await.text().await.unwrap();
    assert!(
        page.contains("联系方式：13800138000"),
        "the agency sees the contact"
    );
    let supervisor = app.logged_in("supervisor").await;
    let above = supervisor.get(&staff_path).await;
    assert_eq!(above.status(), StatusCode::OK);
    assert!(
        !above.text().await.unwrap().contains("13800138000"),
        "not above"
    );
    let public = format!("/agencies/{BUREAU}/consultations/{id}");
    let before = app
        .another_browser()
        .get(&public)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !before.contains("便于乡镇落实"),
        "not shown before moderation"
    );
    let pending = app.store.comments(id, None, None, 10).await.unwrap();
    let (wang, ad) = (pending[0].id.to_string(), pending[1].id.to_string());
    let moderate = format!("{staff_path}/moderate");
    let r = editor
        .post_form(&moderate, &[("comment", &ad), ("decision", "hide")], true)
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("不予公开意见须说明理由"));
    let hide = [
        ("comment", ad.as_str()),
        ("decision", "hide"),
        ("reason", "与征求意见稿无关的广告"),
    ];
    assert_eq!(
        editor.post_form(&moderate, &hide, true).await.status(),
        StatusCode::SEE_OTHER
    );
    let show = [("comment", wang.as_str()), ("decision", "show")];
    assert_eq!(
        editor.post_form(&moderate, &show, true).await.status(),
        StatusCode::SEE_OTHER
    );
    let after = app
        .another_browser()
        .get(&public)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        after.contains("建议将过渡期延长至6个月，便于乡镇落实。"),
        "{after}"
    );
    assert!(
        !after.contains("挖掘机") && !after.contains("13800138000"),
        "{after}"
    );
    assert!(
        after.contains("公众意见（已公开1条，共收到2条）"),
        "{after}"
    );
}

/// A concentrated opinion not adopted without a reason is refused; with
/// reasons the feedback is published with the final decision.
async fn feedback(app: &TestApp, editor: &TestApp, id: i64) {
    let path = format!("/workbench/consultations/{id}/feedback");
    let line = |adoption: &'static str, reason: &'static str| {
        vec![
            ("opinion_1", "建议延长过渡期"),
            ("raised_1", "3"),
            ("adoption_1", adoption),
            ("reason_1", reason),
            ("opinion_2", ""),
        ]
    };
    let mut refused = line("not_adopted", "");
    refused.push(("action", "publish"));
    let r = editor.post_form(&path, &refused, true).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("第1条意见有3人提出，属于较为集中的意见"),
        "{page}"
    );
    let item = decision_item(app, "2025-10-20").await.to_string();
    let mut published = line("partly_adopted", "过渡期延长至6个月：上位法另有规定");
    published.extend([("action", "publish"), ("decision_item", item.as_str())]);
    let r = editor.post_form(&path, &published, true).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let public = app
        .another_browser()
        .get(&format!("/agencies/{BUREAU}/consultations/{id}"))
        .await
        .text()
        .await
        .unwrap();
    for part in [
        "意见采纳情况",
        "部分采纳",
        "过渡期延长至6个月：上位法另有规定",
        &format!("href=\"/items/{item}\""),
        "关于印发《白沙县农村公路养护管理办法》的通知",
    ] {
        assert!(public.contains(part), "{part}: {public}");
    }
    assert!(!public.contains("id=\"comment-form\""), "closed: no form");
}

async fn comments_are_rate_limited_per_address(kind: DbKind) {
    let limits = gongkai_app::config::Limits {
        comments: Rate::new(2, 3600),
        ..test_limits()
    };
    let Some(app) = TestApp::builder(kind)
        .on("2025-09-25")
        .limits(limits)
        .spawn()
        .await
    else {
        return;
    };
    let editor = app.logged_in("editor").await;
    let r = editor
        .post_form(
            "/workbench/consultations/new",
            &fields(&notice("2025-10-11")),
            true,
        )
        .await;
    let id: i64 = location(&r).rsplit('/').next().unwrap().parse().unwrap();
    editor
        .post_form(&format!("/workbench/consultations/{id}/publish"), &[], true)
        .await;
    let citizen = app.another_browser();
    for n in 1..=2 {
        let r = comment(
            &citizen,
            id,
            ("", "", &format!("第{n}条意见：建议延长过渡期。")),
            false,
        )
        .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "comment {n}");
    }
    let r = comment(&citizen, id, ("", "", "第3条意见：建议延长过渡期。"), false).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key(reqwest::header::RETRY_AFTER));
    assert_eq!(app.store.comment_counts(id).await.unwrap().total(), 2);
}

async fn the_demo_has_an_open_and_a_closed_consultation(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-12-10").spawn().await else {
        return;
    };
    demo::seed_content(app.store.as_ref(), app.clock.today())
        .await
        .unwrap();
    // Seeding again adds nothing.
    demo::seed_content(app.store.as_ref(), app.clock.today())
        .await
        .unwrap();
    let list = app
        .get(&format!("/agencies/{BUREAU}/consultations"))
        .await
        .text()
        .await
        .unwrap();
    let open = list
        .split("id=\"open-consultations\"")
        .nth(1)
        .expect("an open one");
    assert!(
        open.contains("白沙县农村客运班线运营管理办法（征求意见稿）"),
        "{open}"
    );
    let closed = list
        .split("id=\"closed-consultations\"")
        .nth(1)
        .expect("a closed one");
    assert!(
        closed.contains("白沙县农村公路养护管理办法（征求意见稿）"),
        "{closed}"
    );
    assert!(closed.contains("已公开"), "{closed}");
    assert_eq!(closed.matches("id=\"closed-").count(), 1, "{closed}");
}
