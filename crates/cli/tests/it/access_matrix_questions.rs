//! The access-matrix rows of 政民互动 and the record `{id}` names under
//! `questions/`: an open question to the target (白沙县交通运输局), asked
//! with consent and not yet answered, so not public.
//!
//! The policy's `AnswerQuestions`: the agency's own 承办人, 信息员 and
//! 审核人 (the target's clerk, reviewer and editor; the outsider, every
//! role, for its own agency's queue). The supervising offices above read a
//! question (督办: the admin of the city, also a 监督员, and the county's
//! supervisor) and decide nothing; the outsider's agency is not above the
//! target. Converting into an application is registering one: the clerk
//! alone. The agency's days are its administrator's (the admin and the
//! outsider, for their own agencies). Empty forms are refused as invalid
//! (400/422) after the permission. The public list, the question form and
//! the query form are everyone's; an empty query answers 401; an
//! unanswered question has no public page (404).

use chrono::NaiveDate;
use gongkai_domain::calendar::Calendar;
use gongkai_domain::participation::clocks::{QuestionClock, QuestionRules};
use gongkai_store::NewQuestion;

use crate::access_matrix::{TARGET, World, check_cells};
use crate::helpers::{DbKind, TestApp};

#[rustfmt::skip]
pub const ROWS: &[(&str, &str, &str)] = &[
    //                                                          anon adm sup clk rev edi out
    ("GET",  "/workbench/questions",                               "L O O O O O O"),
    ("GET",  "/workbench/questions/settings",                      "L O F F F F O"),
    ("POST", "/workbench/questions/settings",                      "L A F F F F A"),
    ("GET",  "/workbench/questions/{id}",                          "L O O O O O F"),
    ("POST", "/workbench/questions/{id}/answer",                   "L F F A A A F"),
    ("POST", "/workbench/questions/{id}/publish",                  "L F F A A A F"),
    ("POST", "/workbench/questions/{id}/refer",                    "L F F A A A F"),
    ("GET",  "/workbench/questions/{id}/convert",                  "L F F O F F F"),
    ("POST", "/workbench/questions/{id}/convert",                  "L F F A F F F"),
    ("GET",  "/agencies/{code}/questions",                         "O O O O O O O"),
    ("POST", "/agencies/{code}/questions",                         "A A A A A A A"),
    ("GET",  "/agencies/{code}/questions/new",                     "O O O O O O O"),
    ("GET",  "/agencies/{code}/questions/track",                   "O O O O O O O"),
    ("GET",  "/agencies/{code}/questions.atom",                    "O O O O O O O"),
    ("GET",  "/api/v1/agencies/{code}/questions",                  "O O O O O O O"),
    ("POST", "/api/v1/agencies/{code}/questions",                  "A A A A A A A"),
    ("POST", "/api/v1/agencies/{code}/questions/track",            "A A A A A A A"),
    ("GET",  "/api/v1/agencies/{code}/questions/{id}",             "N N N N N N N"),
    ("GET",  "/api/v1/questions",                                  "U O O O O O O"),
    ("GET",  "/api/v1/questions/{id}",                             "U O O O O O F"),
    ("POST", "/api/v1/questions/{id}/answer",                      "U F F A A A F"),
    ("POST", "/api/v1/questions/{id}/publication",                 "U F F A A A F"),
    ("POST", "/agencies/{code}/questions/track",                   "U U U U U U U"),
    ("GET",  "/agencies/{code}/questions/{id}",                    "N N N N N N N"),
];

/// The target's open question: the value of `questions/{id}`.
pub async fn params(app: &TestApp) -> Vec<(&'static str, String)> {
    let store = app.store.as_ref();
    let target = store.agency_by_code(TARGET).await.unwrap().unwrap();
    let asked_on = NaiveDate::parse_from_str(crate::access_matrix::TODAY, "%Y-%m-%d").unwrap();
    let clock = QuestionClock::of(asked_on, QuestionRules::default(), Calendar::vendored_ref())
        .expect("a clock");
    let id = store
        .add_question(&NewQuestion {
            agency_id: target.id,
            submit_key: "matrix".into(),
            query_code_hash: "0".repeat(64),
            name: "王公民".into(),
            contact: "13800138000".into(),
            subject: "农村客运班线恢复时间".into(),
            body: "请问白沙至城关的农村客运班线何时恢复？".into(),
            consent: true,
            asked_at: chrono::Utc::now(),
            asked_on,
            clock,
        })
        .await
        .expect("store the matrix's question")
        .id();
    vec![("questions/{id}", format!("questions/{id}"))]
}

async fn question_routes_have_their_decisions(kind: DbKind) {
    let Some(world) = World::start(kind).await else {
        return;
    };
    check_cells(&world, ROWS.to_vec()).await;
}

crate::on_both_backends!(question_routes_have_their_decisions);
