//! Validate on append, fold on read (issue 14), on both backends: old cases
//! stay readable (page 200), listed (the clerk's queue) and correct (a closed
//! case keeps its due dates) after a calendar override entered later, and
//! after a rule became stricter than what was stored; `gongkai audit cases`
//! reports what today's rules would refuse.
//!
//! Dates by hand (vendored 2025 notice, nothing special in March): received
//! in person Monday 2025-03-03 (day 0), 20 working days: 3/4–7 (1–4),
//! 10–14 (5–9), 17–21 (10–14), 24–28 (15–19), 31 (20): reply due 2025-03-31.
//! With Saturday 2025-03-08 made a working day, 3/8 is day 5 and 3/28 day 20:
//! reply due 2025-03-28.

use std::process::Command;

use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::application::DeliveryMethod;
use gongkai_domain::case::{Actor, CaseAction, CaseEventRecord};
use gongkai_domain::deadline::ReceiptFacts;
use gongkai_domain::vocabulary::{Channel, Outcome};
use gongkai_store::Store;
use reqwest::StatusCode;

use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;
use crate::requests::{AGENCY, text_of};

const PW: &str = gongkai_app::demo::DEMO_PASSWORD;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Recorded on the action's day (March 2025), long before the override this
/// test enters.
fn at(action: &CaseAction, seq: u32) -> DateTime<Utc> {
    action.date().and_hms_opt(2, 0, seq).unwrap().and_utc()
}

/// A case of `agency` with these actions, appended straight through the
/// store: no command checks them (as if recorded under older rules).
async fn stored_case(store: &dyn Store, agency: i64, key: &str, then: Vec<CaseAction>) -> String {
    let application =
        crate::helpers::email_applicant(format!("农村公路养护资金的使用情况（{key}）"));
    let mut actions = vec![CaseAction::ReceiptConfirmed {
        channel: Channel::InPerson,
        receipt_date: d("2025-03-03"),
        facts: ReceiptFacts {
            arrived: Some(d("2025-03-03")),
            ..Default::default()
        },
    }];
    actions.extend(then);
    let history: Vec<CaseEventRecord> = actions
        .into_iter()
        .enumerate()
        .map(|(i, action)| {
            let seq = i as u32 + 1;
            CaseEventRecord {
                seq,
                at: at(&action, seq),
                actor: Actor::Staff {
                    id: 1,
                    name: "李承办".into(),
                },
                action,
                note: String::new(),
            }
        })
        .collect();
    let (_, number) =
        crate::helpers::stored_history(store, agency, application, format!("key-{key}"), &history)
            .await;
    number
}

/// `gongkai audit cases [--agency CODE]`: (exit code, output).
fn audit_cases(app: &TestApp, agency: Option<&str>) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gongkai"));
    cmd.args(["audit", "cases"]).args(&app.db_args);
    if let Some(code) = agency {
        cmd.args(["--agency", code]);
    }
    let out = cmd
        .env_remove("GONGKAI_DATABASE_URL")
        .env_remove("GONGKAI_DATA_DIR")
        .output()
        .expect("run gongkai");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    (out.status.code().unwrap_or(-1), format!("{stdout}{stderr}"))
}

/// The queue row of case `number` on the workbench, if listed.
fn queue_row<'a>(workbench: &'a str, number: &str) -> Option<&'a str> {
    let at = workbench.find(&format!("<a href=\"/cases/{number}\">"))?;
    let row = &workbench[at..];
    Some(&row[..row.find("</tr>")?])
}

on_both_backends!(stored_histories_stay_readable_listed_and_correct);

async fn stored_histories_stay_readable_listed_and_correct(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-04-02").spawn().await else {
        return;
    };
    let agency = app.store.agency_by_code(AGENCY).await.unwrap().unwrap().id;
    let store = app.store.as_ref();
    // A: decided, delivered and closed in March.
    let closed = stored_case(
        store,
        agency,
        "A",
        vec![
            CaseAction::OutcomeDecided {
                date: d("2025-03-10"),
                outcome: Outcome::Disclosed,
                reasoning: "予以公开".into(),
                referred_to: None,
                access_method: String::new(),
                provided: Vec::new(),
            },
            CaseAction::Delivered {
                date: d("2025-03-10"),
                method: DeliveryMethod::Email,
            },
            CaseAction::Closed {
                date: d("2025-03-11"),
            },
        ],
    )
    .await;
    // B: open, an extension asked for on the last day (allowed then).
    let extended = stored_case(
        store,
        agency,
        "B",
        vec![CaseAction::ExtensionRequested {
            date: d("2025-03-31"),
            days: 10,
            reason: "需调取档案".into(),
        }],
    )
    .await;
    // C: open, a second correction notice: today's rule (one notice only,
    // Art. 30) refuses it; it was stored past the command.
    let corrected = stored_case(
        store,
        agency,
        "C",
        vec![
            CaseAction::CorrectionRequested {
                date: d("2025-03-05"),
                items: vec!["写明所需信息的文号".into()],
                applicant_deadline: d("2025-04-20"),
            },
            CaseAction::CorrectionRequested {
                date: d("2025-03-06"),
                items: vec!["写明所需信息的名称".into()],
                applicant_deadline: d("2025-04-21"),
            },
        ],
    )
    .await;

    let clerk = app.another_browser();
    assert_eq!(
        clerk.login("clerk", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let check = |expect_b_due: &'static str, expect_b_mark: &'static str| {
        let clerk = &clerk;
        let (closed, extended, corrected) = (&closed, &extended, &corrected);
        async move {
            // Readable, and the closed case keeps its due date.
            let r = clerk.get(&format!("/cases/{closed}")).await;
            assert_eq!(r.status(), StatusCode::OK);
            let page = r.text().await.unwrap();
            assert_eq!(text_of(&page, "reply-due").as_deref(), Some("2025-03-31"));
            for n in [extended, corrected] {
                let r = clerk.get(&format!("/cases/{n}")).await;
                assert_eq!(r.status(), StatusCode::OK, "case {n}");
            }
            // Listed.
            let wb = clerk.get("/workbench").await.text().await.unwrap();
            assert!(
                queue_row(&wb, closed).is_none(),
                "closed cases leave the queue"
            );
            let b = queue_row(&wb, extended).expect("B in the queue");
            assert!(b.contains("延期待审批"), "{b}");
            assert!(b.contains(expect_b_due), "{b}");
            assert!(b.contains(expect_b_mark), "{b}");
            let c = queue_row(&wb, corrected).expect("C in the queue");
            assert!(c.contains("待补正"), "{c}");
        }
    };
    check("2025-03-31", "已逾期").await;

    // The audit reports C only, as today's rules would refuse it.
    let (code, out) = audit_cases(&app, Some(AGENCY));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "{corrected} 第3条记录“告知补正”［SecondCorrection］"
        )),
        "{out}"
    );
    assert!(!out.contains(&closed) && !out.contains(&extended), "{out}");

    // An administrator makes Saturday 2025-03-08 a working day, later.
    let admin = app.another_browser();
    assert_eq!(
        admin.login("admin", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let r = admin
        .post_form(
            "/admin/calendar/override",
            &[
                ("date", "2025-03-08"),
                ("working", "work"),
                ("name", "调整上班"),
                ("notice", "测试通知"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    // A keeps 2025-03-31 (closed before the override was entered); the open
    // case B counts with today's calendar: due 2025-03-28, and still listed
    // although its extension request now falls after that due date.
    check("2025-03-28", "已逾期").await;

    let (code, out) = audit_cases(&app, None);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "{extended} 第2条记录“申请延期答复”［ExtensionAfterDue］"
        )),
        "{out}"
    );
    assert!(out.contains(&format!("{corrected} 第3条记录")), "{out}");
    assert!(!out.contains(&format!("{closed} ")), "{out}");

    // What the fold cannot place (a payment with no fee notice) is shown to
    // staff on the case page, never hidden; the page still answers.
    let paid = stored_case(
        store,
        agency,
        "d",
        vec![CaseAction::FeePaid {
            date: d("2025-03-05"),
        }],
    )
    .await;
    let r = clerk.get(&format!("/cases/{paid}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.unwrap();
    assert!(page.contains("id=\"anomalies\""), "{page}");
    assert!(
        page.contains("第2条记录“缴纳费用”无法归入案件：没有收费通知的记录"),
        "{page}"
    );
    let closed_page = clerk
        .get(&format!("/cases/{closed}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!closed_page.contains("id=\"anomalies\""));
}
