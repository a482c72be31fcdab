//! 政民互动: a question that is in substance an application for disclosure
//! becomes a case received the day it was asked (Art. 31: submitted
//! online and acknowledged by the platform that day), with the reply due
//! 20 working days later (Art. 33) — from Monday 29 September 2025: 30/9
//! (1), 9/10 (2), 10/10 (3), Saturday 11/10 worked (4), 13–17/10 (5–9),
//! 20–24/10 (10–14), 27–31/10 (15–19), Monday 3 November (20). Also the
//! agency's own days, and the demo's questions.

use reqwest::StatusCode;

use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;
use crate::questions::{BUREAU, ask_of, asked, by_id, id_of, track};

on_both_backends!(
    a_question_for_information_becomes_a_case_received_the_day_it_was_asked,
    an_agency_sets_its_own_days,
    the_demo_has_questions_in_every_state
);

/// The application completed by the clerk (the identity from the asker).
fn application() -> Vec<(&'static str, &'static str)> {
    vec![
        ("applicant_kind", "natural_person"),
        ("name", "王公民"),
        ("id_document", "resident_id_card"),
        ("id_number", "11010519491231002X"),
        ("phone", "13800138000"),
        ("email", ""),
        ("address", ""),
        ("postcode", ""),
        (
            "description",
            "2025年白沙至城关农村客运班线停运和恢复运行的通知",
        ),
        ("document_number", ""),
        ("delivery_form", "electronic"),
        ("delivery_method", "online"),
    ]
}

async fn a_question_for_information_becomes_a_case_received_the_day_it_was_asked(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-09-29").spawn().await else {
        return;
    };
    let citizen = app.another_browser();
    let (number, code) = asked(&citizen, true).await;
    let id = id_of(&number);
    // Converted ten days later, after the holiday.
    app.today("2025-10-09");
    let convert = format!("/workbench/questions/{id}/convert");
    let editor = app.logged_in("editor").await;
    let r = editor.get(&convert).await;
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "registering is a clerk's"
    );
    let clerk = app.logged_in("clerk").await;
    let page = clerk.get(&convert).await.text().await.unwrap();
    assert_eq!(by_id(&page, "convert-received"), "2025-09-29");
    assert!(
        page.contains("value=\"13800138000\""),
        "the contact filled in"
    );
    let mut missing = application();
    missing.retain(|(k, _)| *k != "id_number");
    let r = clerk.post_form(&convert, &missing, true).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("id=\"form-errors\""));
    let r = clerk.post_form(&convert, &application(), true).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // ---- a normal case in the register, received on 29 September ----
    let q = app.store.question(id).await.unwrap().unwrap();
    let link = q.case.expect("the case is linked");
    let case = app
        .store
        .case_by_number(&link.number)
        .await
        .unwrap()
        .expect("the case exists");
    assert_eq!(case.agency_id, q.agency_id);
    let staff = clerk
        .get(&format!("/cases/{}", link.number))
        .await
        .text()
        .await
        .unwrap();
    assert!(staff.contains("2025-09-29"), "the receipt date: {staff}");
    assert!(staff.contains("2025-11-03"), "the reply due: {staff}");
    let register = clerk
        .get(&format!("/workbench/cases?q={}", link.number))
        .await
        .text()
        .await
        .unwrap();
    assert!(register.contains(&link.number), "{register}");

    // ---- the asker is told, with the case's number and code ----
    let page = track(&citizen, &number, &code).await.text().await.unwrap();
    assert_eq!(by_id(&page, "question-case-number"), link.number);
    let case_code = by_id(&page, "question-case-code");
    assert!(
        page.contains("收到申请之日为您提交留言之日（2025-09-29）。本机关将在2025-11-03前作出答复"),
        "{page}"
    );
    let csrf = citizen.csrf().await;
    let r = citizen
        .client
        .post(citizen.url("/track"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("number", link.number.as_str()),
            ("code", case_code.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "the case's code opens it"
    );
    // Sent again: the same case, the question closed once.
    let r = clerk.post_form(&convert, &application(), true).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let entries = app.store.audit_entries(30).await.unwrap();
    let converted = entries
        .iter()
        .find(|e| e.action == "question.converted")
        .expect("audited");
    assert!(converted.detail.contains(&link.number));
}

/// The city government's administrator gives it 3 working days: a
/// question of Thursday 25 September is due on Monday 29 September (26/9
/// (1), Sunday 28/9 worked (2), 29/9 (3)).
async fn an_agency_sets_its_own_days(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-09-25").spawn().await else {
        return;
    };
    const CITY: &str = "11990100908301663T";
    let admin = app.logged_in("admin").await;
    let settings = "/workbench/questions/settings";
    let r = admin
        .post_form(
            settings,
            &[("answer_days", "30"), ("escalate_after_months", "2")],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("答复期限应为1至20个工作日")
    );
    let r = admin
        .post_form(
            settings,
            &[("answer_days", "3"), ("escalate_after_months", "1")],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = ask_of(
        &app.another_browser(),
        CITY,
        ("王公民", "13800138000", "请问市级客运站何时搬迁？"),
        (false, false),
    )
    .await;
    let receipt = r.text().await.unwrap();
    assert_eq!(by_id(&receipt, "question-due"), "2025-09-29前");
    let editor = app.logged_in("editor").await;
    assert_eq!(
        editor.get(settings).await.status(),
        StatusCode::FORBIDDEN,
        "an agency's administrator sets its days"
    );
    let public = app
        .get(&format!("/agencies/{CITY}/questions"))
        .await
        .text()
        .await
        .unwrap();
    assert!(public.contains("一般在3个工作日内答复"), "{public}");
    assert!(
        app.store
            .audit_entries(10)
            .await
            .unwrap()
            .iter()
            .any(|e| e.action == "question.settings_changed")
    );
}

async fn the_demo_has_questions_in_every_state(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-12-10").spawn().await else {
        return;
    };
    let store = app.store.as_ref();
    gongkai_app::demo::seed_content(store, app.clock.today())
        .await
        .unwrap();
    // Seeding again adds nothing.
    gongkai_app::demo::seed_content(store, app.clock.today())
        .await
        .unwrap();
    let bureau = store.agency_by_code(BUREAU).await.unwrap().unwrap();
    let rows = |list| store.question_rows(list, None, 50);
    let open = rows(gongkai_store::QuestionList::Open(bureau.id))
        .await
        .unwrap();
    let closed = rows(gongkai_store::QuestionList::Closed(bureau.id))
        .await
        .unwrap();
    use gongkai_store::QuestionState as S;
    let states: Vec<S> = closed.iter().map(|r| r.state).collect();
    assert!(states.contains(&S::Answered) && states.contains(&S::Referred));
    assert_eq!(open.len(), 2, "one running, one overdue");
    let public = app
        .get(&format!("/agencies/{BUREAU}/questions"))
        .await
        .text()
        .await
        .unwrap();
    assert!(public.contains("id=\"published-questions\""), "{public}");
    assert!(!public.contains("13800138000"));
}
