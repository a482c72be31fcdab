//! 政民互动 over HTTP on both backends, on the 2025 calendar
//! (国办发明电〔2024〕12号: 1–8 October off, Sunday 28 September and
//! Saturday 11 October worked). A question of Monday 29 September is due
//! in 5 working days: 30/9 (1), 9/10 (2), 10/10 (3), 11/10 (4), 13/10 (5)
//! — on 13 October due today, on 14 October (the 6th working day) overdue
//! by one working day.

use gongkai_app::config::Rate;
use reqwest::StatusCode;

use crate::helpers::{DbKind, TestApp, csrf_in, test_limits};
use crate::on_both_backends;

pub const BUREAU: &str = "119901219482199390";
const CONTACT: &str = "13800138000";
pub const SUBJECT: &str = "农村客运班线恢复时间";
const BODY: &str = "我是王公民，住城关镇北街3号。请问白沙至城关的农村客运班线何时恢复？";

/// The text between `id="{id}">` and the next `<`.
pub fn by_id(html: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\">");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("{id} in {html}"))
        + marker.len();
    html[at..].split('<').next().unwrap().to_string()
}

/// The value of the hidden field `name` in `html`.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let at = html.find(&marker).unwrap_or_else(|| panic!("{name}")) + marker.len();
    html[at..].split('"').next().unwrap().to_string()
}

/// A citizen's question to `agency` through the public form (`again`:
/// the same form sent a second time first).
pub async fn ask_of(
    citizen: &TestApp,
    agency: &str,
    (name, contact, body): (&str, &str, &str),
    (consent, again): (bool, bool),
) -> reqwest::Response {
    let page = citizen
        .get(&format!("/agencies/{agency}/questions/new"))
        .await
        .text()
        .await
        .unwrap();
    let csrf = csrf_in(&page).unwrap();
    let key = hidden(&page, "submit_key");
    let mut form = vec![
        ("_csrf", csrf.as_str()),
        ("submit_key", key.as_str()),
        ("name", name),
        ("contact", contact),
        ("subject", SUBJECT),
        ("body", body),
    ];
    if consent {
        form.push(("consent", "1"));
    }
    let path = format!("/agencies/{agency}/questions");
    let send = || citizen.client.post(citizen.url(&path)).form(&form).send();
    if again {
        send().await.unwrap();
    }
    send().await.unwrap()
}

/// Wang's question to the bureau with consent: its number and query code.
pub async fn asked(citizen: &TestApp, consent: bool) -> (String, String) {
    let r = ask_of(citizen, BUREAU, ("王公民", CONTACT, BODY), (consent, false)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.unwrap();
    (
        by_id(&page, "question-number"),
        by_id(&page, "question-code"),
    )
}

/// The question's id from its number (`ZX2025-000012` → 12).
pub fn id_of(number: &str) -> i64 {
    number.rsplit('-').next().unwrap().parse().unwrap()
}

/// The asker's page for `number` and `code`.
pub async fn track(citizen: &TestApp, number: &str, code: &str) -> reqwest::Response {
    let csrf = citizen.csrf().await;
    citizen
        .client
        .post(citizen.url(&format!("/agencies/{BUREAU}/questions/track")))
        .form(&[("_csrf", csrf.as_str()), ("number", number), ("code", code)])
        .send()
        .await
        .unwrap()
}

on_both_backends!(
    a_question_is_answered_and_published_without_the_askers_contact,
    a_question_without_consent_is_answered_to_the_asker_only,
    a_petition_is_told_where_to_go,
    an_unanswered_question_is_overdue_on_the_sixth_working_day,
    questions_are_rate_limited_per_address
);

async fn a_question_is_answered_and_published_without_the_askers_contact(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-09-29").spawn().await else {
        return;
    };
    let citizen = app.another_browser();
    // ---- asked: the receipt with its number, code and due date ----
    let r = ask_of(&citizen, BUREAU, ("王公民", CONTACT, BODY), (true, true)).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()[reqwest::header::CACHE_CONTROL],
        "no-store",
        "the code is kept by no cache"
    );
    let receipt = r.text().await.unwrap();
    assert!(
        receipt.contains("这是同一条留言的重复提交"),
        "sent twice: {receipt}"
    );
    let (number, code) = asked(&citizen, true).await;
    assert!(number.starts_with("ZX2025-"), "{number}");
    assert_eq!(code.len(), 8);
    let id = id_of(&number);
    let q = app.store.question(id).await.unwrap().unwrap();
    assert_eq!(q.clock.due.to_string(), "2025-10-13");
    let r = ask_of(&citizen, BUREAU, ("王公民", "", BODY), (true, false)).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("请留下联系方式"));

    // ---- the asker's page: a wrong code is refused ----
    let r = track(&citizen, &number, "WRONG234").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = track(&citizen, &number, &code.to_lowercase()).await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("本机关正在办理，将在2025-10-13前答复"),
        "{page}"
    );

    // ---- the queue: the contact for the agency's staff only ----
    let editor = app.logged_in("editor").await;
    let queue = editor
        .get("/workbench/questions")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(by_id(&queue, &format!("standing-{id}")), "剩余5个工作日");
    let staff = format!("/workbench/questions/{id}");
    let page = editor.get(&staff).await.text().await.unwrap();
    assert_eq!(
        by_id(&page, "question-contact"),
        format!("{CONTACT}（不公开）")
    );
    let supervisor = app.logged_in("supervisor").await;
    let above = supervisor.get(&staff).await;
    assert_eq!(above.status(), StatusCode::OK);
    let above = above.text().await.unwrap();
    assert!(
        !above.contains(CONTACT) && !above.contains("王公民"),
        "{above}"
    );

    // ---- answered; published as the staff moderated it ----
    let answer = format!("{staff}/answer");
    let r = editor
        .post_form(&answer, &[("answer", "已收到。")], true)
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let text = "白沙至城关班线已于10月9日恢复运行，每日6班，首班7:00发车。";
    let r = editor.post_form(&answer, &[("answer", text)], true).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = editor.get(&staff).await.text().await.unwrap();
    // The form starts from the text without the asker.
    assert!(
        page.contains("我是（姓名已隐去），住城关镇北街3号。"),
        "{page}"
    );
    let publish = format!("{staff}/publish");
    let leaking = [("subject", SUBJECT), ("body", BODY)];
    let r = editor.post_form(&publish, &leaking, true).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("含有留言人的姓名或联系方式")
    );
    let moderated = "请问白沙至城关的农村客运班线何时恢复？";
    let r = editor
        .post_form(&publish, &[("subject", SUBJECT), ("body", moderated)], true)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let anyone = app.another_browser();
    let list = anyone
        .get(&format!("/agencies/{BUREAU}/questions"))
        .await
        .text()
        .await
        .unwrap();
    assert!(list.contains(SUBJECT), "{list}");
    let public = anyone
        .get(&format!("/agencies/{BUREAU}/questions/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        public.contains(moderated) && public.contains(text),
        "{public}"
    );
    for private in [CONTACT, "王公民", "北街3号"] {
        assert!(!public.contains(private), "{private}: {public}");
    }
    let page = track(&citizen, &number, &code).await.text().await.unwrap();
    assert!(page.contains(text) && page.contains("查看公开的留言和答复"));
    let q = app.store.question(id).await.unwrap().unwrap();
    assert_eq!(q.body, BODY, "the original is kept");

    let entries = app.store.audit_entries(50).await.unwrap();
    for a in [
        "question.received",
        "question.answered",
        "question.redacted",
        "question.published",
    ] {
        assert!(entries.iter().any(|e| e.action == a), "{a}");
    }
    assert!(
        entries
            .iter()
            .all(|e| !e.detail.contains(CONTACT) && !e.detail.contains("王公民")),
        "no personal data in the audit trail"
    );
}

async fn a_question_without_consent_is_answered_to_the_asker_only(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-09-29").spawn().await else {
        return;
    };
    let citizen = app.another_browser();
    let (number, code) = asked(&citizen, false).await;
    let id = id_of(&number);
    let reviewer = app.logged_in("reviewer").await;
    let staff = format!("/workbench/questions/{id}");
    let text = "白沙至城关班线已于10月9日恢复运行，每日6班。";
    let r = reviewer
        .post_form(&format!("{staff}/answer"), &[("answer", text)], true)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = reviewer
        .post_form(
            &format!("{staff}/publish"),
            &[("subject", SUBJECT), ("body", "请问班线何时恢复？")],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("留言人未同意公开"));
    let page = track(&citizen, &number, &code).await.text().await.unwrap();
    assert!(page.contains(text) && page.contains("您未同意公开，答复只在本页告知您"));
    let public = app
        .another_browser()
        .get(&format!("/agencies/{BUREAU}/questions/{id}"))
        .await;
    assert_eq!(public.status(), StatusCode::NOT_FOUND);
}

async fn a_petition_is_told_where_to_go(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-09-29").spawn().await else {
        return;
    };
    let citizen = app.another_browser();
    let (number, code) = asked(&citizen, true).await;
    let id = id_of(&number);
    let clerk = app.logged_in("clerk").await;
    let refer = format!("/workbench/questions/{id}/refer");
    let r = clerk
        .post_form(&refer, &[("channel", "petition"), ("to", "")], true)
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("有权处理的机关或者信访工作机构")
    );
    let to = "白沙县信访局（城关镇人民路8号，电话0991-6012300）";
    let r = clerk
        .post_form(&refer, &[("channel", "petition"), ("to", to)], true)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = track(&citizen, &number, &code).await.text().await.unwrap();
    assert!(page.contains("已告知其他渠道"), "{page}");
    assert!(
        page.contains(
            "不作为信访事项处理（参照《中华人民共和国政府信息公开条例》第三十九条）。请依照《信访工作条例》的规定，向白沙县信访局（城关镇人民路8号，电话0991-6012300）提出。"
        ),
        "{page}"
    );
    // Closed, not lost: on the closed shelf; not answered again.
    let closed = clerk
        .get("/workbench/questions?shelf=closed")
        .await
        .text()
        .await
        .unwrap();
    assert!(closed.contains(&number) && closed.contains("已告知其他渠道"));
    let r = clerk
        .post_form(
            &format!("/workbench/questions/{id}/answer"),
            &[("answer", "白沙至城关班线已恢复运行。")],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("该留言已办结"));
    let entries = app.store.audit_entries(20).await.unwrap();
    let referred = entries
        .iter()
        .find(|e| e.action == "question.referred")
        .expect("audited");
    assert!(referred.detail.contains("信访事项"), "{}", referred.detail);
}

/// The 6th working day after Monday 29 September is Tuesday 14 October.
/// The bureau's console row: on 14 October one question due (the open
/// one), none in time: 0%; the oldest asked 15 days before (29/9 → 14/10).
async fn an_unanswered_question_is_overdue_on_the_sixth_working_day(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-09-29").spawn().await else {
        return;
    };
    let (number, _) = asked(&app.another_browser(), true).await;
    let id = id_of(&number);
    let editor = app.logged_in("editor").await;
    let standing = |html: &str| by_id(html, &format!("standing-{id}"));
    app.today("2025-10-13");
    let queue = editor
        .get("/workbench/questions")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(standing(&queue), "今日到期");
    app.today("2025-10-14");
    let queue = editor
        .get("/workbench/questions")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(standing(&queue), "逾期1个工作日");
    let bench = editor.get("/workbench").await.text().await.unwrap();
    assert_eq!(by_id(&bench, "questions-overdue"), "已逾期 1");
    let supervisor = app.logged_in("supervisor").await;
    let console = supervisor
        .get("/workbench/supervision")
        .await
        .text()
        .await
        .unwrap();
    let row = console
        .split(&format!("data-code=\"{BUREAU}\""))
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(row.contains("0%（0/1）") && row.contains("15天"), "{row}");
    // Answered on the 6th working day: late, and nothing open.
    editor
        .post_form(
            &format!("/workbench/questions/{id}/answer"),
            &[("answer", "白沙至城关班线已于10月9日恢复运行。")],
            true,
        )
        .await;
    let console = supervisor
        .get("/workbench/supervision?sort=questions_oldest")
        .await
        .text()
        .await
        .unwrap();
    let row = console
        .split(&format!("data-code=\"{BUREAU}\""))
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(row.contains("0%（0/1）") && row.contains(">无<"), "{row}");
    let closed = editor
        .get("/workbench/questions?shelf=closed")
        .await
        .text()
        .await
        .unwrap();
    assert!(closed.contains("2025-10-14 <span class=\"mark-overdue\">逾期</span>"));
}

async fn questions_are_rate_limited_per_address(kind: DbKind) {
    let limits = gongkai_app::config::Limits {
        questions: Rate::new(2, 3600),
        ..test_limits()
    };
    let Some(app) = TestApp::builder(kind)
        .on("2025-09-29")
        .limits(limits)
        .spawn()
        .await
    else {
        return;
    };
    let citizen = app.another_browser();
    for n in 1..=2 {
        let body = format!("第{n}个问题：请问班线何时恢复？");
        let r = ask_of(&citizen, BUREAU, ("王公民", CONTACT, &body), (false, false)).await;
        assert_eq!(r.status(), StatusCode::OK, "question {n}");
    }
    let r = ask_of(&citizen, BUREAU, ("王公民", CONTACT, BODY), (false, false)).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key(reqwest::header::RETRY_AFTER));
    let bureau = app.store.agency_by_code(BUREAU).await.unwrap().unwrap();
    let open = app
        .store
        .question_rows(gongkai_store::QuestionList::Open(bureau.id), None, 10)
        .await
        .unwrap();
    assert_eq!(open.len(), 2, "the third was not kept");
}
