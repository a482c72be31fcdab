//! 建议提案 over HTTP on both backends, on the 2025 calendar (国办发明电
//! 〔2024〕12号: 国庆节、中秋节 1–8 October off, Sunday 28 September and
//! Saturday 11 October worked).
//!
//! A 提案 of a session configured at 5 months, assigned Thursday 10 April
//! 2025, is due 10 September; six months end on 10 October. Answered
//! Friday 26 September, its reply is published within 20 working days:
//! 28/9 (1), 29–30/9 (2–3), 9–10/10 (4–5), 11/10 (6), 13–17/10 (7–11),
//! 20–24/10 (12–16), 27–30/10 (17–20) — by Thursday 30 October; an
//! unpublished reply is overdue on Friday 31 October, the 21st working day.

use reqwest::StatusCode;

use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;

pub const BUREAU: &str = "119901219482199390";
const PHONE: &str = "13907712345";
const SESSION: &str = "政协白沙县第十二届委员会第四次会议";

pub fn location(r: &reqwest::Response) -> String {
    r.headers()[reqwest::header::LOCATION]
        .to_str()
        .unwrap()
        .to_string()
}

/// The id at the end of a redirect to a record's page.
fn id_in(r: &reqwest::Response) -> i64 {
    location(r).rsplit('/').next().unwrap().parse().unwrap()
}

async fn text(app: &TestApp, path: &str) -> String {
    let r = app.get(path).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.text().await.unwrap()
}

/// The register of the 政协's session, 5 months to reply.
async fn session(editor: &TestApp) -> i64 {
    let form = |months: &'static str| {
        vec![
            ("kind", "proposal"),
            ("year", "2025"),
            ("name", SESSION),
            ("reply_months", months),
            ("assigned_by", "县政协提案委员会"),
        ]
    };
    let r = editor
        .post_form("/workbench/motions/sessions", &form("6"), true)
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("3至5个月（自交办之日起），所填为6个月"),
        "{page}"
    );
    let r = editor
        .post_form("/workbench/motions/sessions", &form("5"), true)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    id_in(&r)
}

/// A 提案 `number` of the session, assigned on 10 April, with the
/// proposer's phone as contact.
async fn register(editor: &TestApp, session: i64, number: &str) -> i64 {
    let title = format!("关于推进城乡公交一体化的提案（{number}）");
    let fields = [
        ("number", number),
        ("title", title.as_str()),
        ("assigned_on", "2025-04-10"),
        ("proposer_1", "吴某某"),
        ("group_1", "经济界"),
        ("contact_1", PHONE),
    ];
    let path = format!("/workbench/motions/sessions/{session}");
    let r = editor.post_form(&path, &fields, true).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{number}");
    id_in(&r)
}

async fn reply(editor: &TestApp, id: i64) {
    let text = format!(
        "吴某某委员：\n您提出的提案收悉。办理中我局通过电话（{PHONE}）与您沟通。\n现答复如下：已纳入明年计划。\n联系电话：0991-6012345。"
    );
    let fields = [
        ("text", text.as_str()),
        ("grade", "A"),
        ("answered_on", "2025-09-26"),
    ];
    let r = editor
        .post_form(&format!("/workbench/motions/{id}/reply"), &fields, true)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

on_both_backends!(
    a_reply_is_published_without_the_phone_and_an_unpublished_one_turns_overdue,
    the_demo_has_motions_in_each_state
);

async fn a_reply_is_published_without_the_phone_and_an_unpublished_one_turns_overdue(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-04-10").spawn().await else {
        return;
    };
    let editor = app.logged_in("editor").await;
    let session = session(&editor).await;
    let first = register(&editor, session, "第9号").await;
    let second = register(&editor, session, "10").await;
    let page = text(&editor, &format!("/workbench/motions/{first}")).await;
    assert!(page.contains("2025-09-10"), "5 months: {page}");
    assert!(page.contains(PHONE), "the lead agency sees the contact");

    // ---- more than six months is refused with the reason ----
    let extend = format!("/workbench/motions/{first}/extend");
    let consent = ("consent", "县政协提案委员会复函同意延期");
    let r = editor
        .post_form(&extend, &[("until", "2025-10-11"), consent], true)
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("办理期限最长为交办之日起6个月（至2025-10-10）"),
        "{page}"
    );

    // ---- answered on 26 September: published by 30 October ----
    app.today("2025-09-26");
    reply(&editor, first).await;
    reply(&editor, second).await;
    let page = text(&editor, &format!("/workbench/motions/{first}")).await;
    assert!(page.contains("答复应于2025-10-30前公开"), "{page}");
    let preview = page.split("id=\"publish-preview\"").nth(1).unwrap();
    let preview = preview.split("</div>").next().unwrap();
    assert!(
        !preview.contains(PHONE) && !preview.contains("0991-6012345"),
        "{preview}"
    );
    assert!(preview.contains("（电话号码已隐去）"), "{preview}");
    assert!(page.contains("将隐去电话号码2处"), "{page}");

    // ---- a summary without its reason is refused ----
    let publish = format!("/workbench/motions/{second}/publish");
    let summary = [
        ("mode", "summary"),
        ("summary", "已将该线路纳入明年城乡公交一体化计划。"),
        ("reason", ""),
        ("action", "publish"),
    ];
    let r = editor.post_form(&publish, &summary, true).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let page = r.text().await.unwrap();
    assert!(page.contains("须说明不公开全文的理由"), "{page}");

    // ---- the 20th working day: published in full, the phone removed ----
    app.today("2025-10-30");
    let full = [("mode", "full"), ("action", "publish")];
    let r = editor
        .post_form(&format!("/workbench/motions/{first}/publish"), &full, true)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let citizen = app.another_browser();
    let public = text(&citizen, &format!("/agencies/{BUREAU}/motions/{first}")).await;
    assert!(!public.contains(PHONE), "{public}");
    assert!(
        public.contains("通过电话（（电话号码已隐去））与您沟通"),
        "{public}"
    );
    assert!(public.contains("A类（已解决或基本解决）"), "{public}");
    let year = text(&citizen, &format!("/agencies/{BUREAU}/motions?year=2025")).await;
    assert!(
        year.contains(&format!("/agencies/{BUREAU}/motions/{first}")),
        "{year}"
    );
    assert!(
        year.contains(
            "答复之日起20个工作日内公开</td><td class=\"num\">1</td><td class=\"num\">100.0%"
        ),
        "{year}"
    );
    // Not yet late on the 20th working day.
    let mine = text(&editor, "/workbench/motions").await;
    assert!(mine.contains("答复逾期未公开0件"), "{mine}");
    let page = text(&editor, &format!("/workbench/motions/{second}")).await;
    assert!(page.contains("已答复，待公开（2025-10-30前）"), "{page}");
    assert_eq!(
        citizen
            .get(&format!("/agencies/{BUREAU}/motions/{second}"))
            .await
            .status(),
        StatusCode::NOT_FOUND,
        "an unpublished reply is not public"
    );

    // ---- the 21st working day: the unpublished reply is overdue ----
    app.today("2025-10-31");
    let mine = text(&editor, "/workbench/motions").await;
    assert!(mine.contains("答复逾期未公开1件"), "{mine}");
    let page = text(&editor, &format!("/workbench/motions/{second}")).await;
    assert!(page.contains("已答复，逾期未公开"), "{page}");
    let workbench = text(&editor, "/workbench").await;
    assert!(workbench.contains("答复逾期未公开 1"), "{workbench}");
    let supervisor = app.logged_in("supervisor").await;
    let console = text(&supervisor, "/workbench/supervision").await;
    let counted = console
        .split("id=\"console-motions-publication-overdue\"")
        .nth(1)
        .unwrap();
    assert!(
        counted.starts_with(" class=\"mark-overdue\">1件"),
        "{counted}"
    );
    let per_agency = text(&supervisor, "/workbench/motions/overdue").await;
    let row = per_agency
        .split(&format!("data-code=\"{BUREAU}\""))
        .nth(1)
        .unwrap();
    assert!(
        row.contains(
            "<td class=\"num reply-overdue\">0</td><td class=\"num publication-overdue\">1</td>"
        ),
        "{row}"
    );

    // ---- the proposer's satisfaction ----
    let fields = [("satisfaction", "satisfied"), ("asked_on", "2025-10-31")];
    let r = editor
        .post_form(
            &format!("/workbench/motions/{first}/satisfaction"),
            &fields,
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let year = text(&citizen, &format!("/agencies/{BUREAU}/motions")).await;
    assert!(
        year.contains("提出人意见：满意</td><td class=\"num\">1</td><td class=\"num\">50.0%"),
        "{year}"
    );
}

/// The demo bureau's registers: one motion in each state.
async fn the_demo_has_motions_in_each_state(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-12-28").spawn().await else {
        return;
    };
    let today = chrono::NaiveDate::from_ymd_opt(2025, 12, 28).unwrap();
    gongkai_app::demo::seed_content(app.store.as_ref(), today)
        .await
        .unwrap();
    let editor = app.logged_in("editor").await;
    let mine = text(&editor, "/workbench/motions").await;
    for part in [
        "白沙县第十八届人民代表大会第五次会议",
        "政协白沙县第十二届委员会第四次会议",
        "逾期未答复1件",
        "已答复待公开2件",
        "答复逾期未公开1件",
    ] {
        assert!(mine.contains(part), "{part}: {mine}");
    }
    let public = text(&app, &format!("/agencies/{BUREAU}/motions")).await;
    assert!(public.contains("关于推进城乡公交一体化的提案"), "{public}");
    assert!(
        public.contains("关于加强农村公路路域环境整治的提案"),
        "{public}"
    );
    assert!(!public.contains(PHONE));
}
