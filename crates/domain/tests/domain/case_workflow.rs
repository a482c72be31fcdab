//! A full case, step by step, with every due date checked against a count made
//! by hand from the vendored 2025 notice (the comment above each assertion
//! shows the count; the receipt day is day 0). Special days in March–May 2025:
//! 2025-04-04..06 off (清明节), 2025-05-01..05 off (劳动节), Sunday 2025-04-27
//! working (劳动节调休). Then the refusals a clerk meets most.

use chrono::{DateTime, NaiveDate};
use gongkai_domain::application::DeliveryMethod;
use gongkai_domain::calendar::{Calendar, TraceStatus};
use gongkai_domain::case::{
    Actor, ApplicantTodo, CaseAction, CaseError, CaseEventRecord, CaseState, CaseView, QueueMark,
    check_action, timeline_zh, validate_history, view,
};
use gongkai_domain::deadline::{
    ClockState, ConsultParty, ConsultationOutcome, DeadlineError, ReceiptFacts,
};
use gongkai_domain::vocabulary::{Channel, Outcome};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn cal() -> Calendar {
    Calendar::vendored()
}

fn staff(name: &str) -> Actor {
    Actor::Staff {
        id: 1,
        name: name.to_owned(),
    }
}

/// Appends `action` after checking it.
fn record(h: &mut Vec<CaseEventRecord>, actor: Actor, action: CaseAction) {
    if let Err(e) = check_action(h, &action, &cal()) {
        panic!("{} refused: {e}", action.label_zh());
    }
    let seq = u32::try_from(h.len()).unwrap() + 1;
    h.push(CaseEventRecord {
        seq,
        at: DateTime::from_timestamp(1_741_000_000 + i64::from(seq) * 3600, 0).unwrap(),
        actor,
        action,
        note: String::new(),
    });
}

fn refused(h: &[CaseEventRecord], action: CaseAction) -> CaseError {
    check_action(h, &action, &cal()).expect_err("should be refused")
}

fn look(h: &[CaseEventRecord], today: &str) -> CaseView {
    view(h, &cal(), d(today)).unwrap()
}

/// The journey up to step `steps` (1-based), each step checked.
fn journey(steps: usize) -> Vec<CaseEventRecord> {
    let clerk = || staff("李承办");
    let actions: Vec<(Actor, CaseAction)> = vec![
        // 1. Submitted online on Monday 2025-03-03.
        (
            Actor::Applicant,
            CaseAction::SubmittedOnline {
                date: d("2025-03-03"),
            },
        ),
        // 2. Confirmed with the applicant on Tuesday 2025-03-04: the receipt date.
        (
            clerk(),
            CaseAction::ReceiptConfirmed {
                channel: Channel::Online,
                receipt_date: d("2025-03-04"),
                facts: ReceiptFacts {
                    arrived: Some(d("2025-03-03")),
                    confirmed: Some(d("2025-03-04")),
                    ..Default::default()
                },
            },
        ),
        // 3. Correction requested on 2025-03-06, deadline 2025-03-20.
        (
            clerk(),
            CaseAction::CorrectionRequested {
                date: d("2025-03-06"),
                items: vec!["请写明所需信息的名称、文号或其他特征描述".to_owned()],
                applicant_deadline: d("2025-03-20"),
            },
        ),
        // 4. Corrected on Monday 2025-03-10: the reply clock restarts.
        (
            Actor::Applicant,
            CaseAction::CorrectionSubmitted {
                date: d("2025-03-10"),
                text: "某街道2024年老旧小区改造工程施工合同".to_owned(),
            },
        ),
        // 5. Third party consulted from Wednesday 2025-03-12 …
        (
            clerk(),
            CaseAction::ConsultationStarted {
                id: 1,
                date: d("2025-03-12"),
                party: ConsultParty::ThirdParty,
                party_name: "某建设工程有限公司".to_owned(),
                matter: "合同价款条款是否涉及商业秘密".to_owned(),
            },
        ),
        // 6. … which answers on Wednesday 2025-03-19.
        (
            clerk(),
            CaseAction::ConsultationEnded {
                id: 1,
                date: d("2025-03-19"),
                how: ConsultationOutcome::Answered,
                opinion: "价款明细涉及商业秘密，不同意公开".to_owned(),
            },
        ),
        // 7. Extension requested on Monday 2025-03-31 …
        (
            clerk(),
            CaseAction::ExtensionRequested {
                date: d("2025-03-31"),
                days: 20,
                reason: "合同附件较多，需逐页区分处理".to_owned(),
            },
        ),
        // 8. … approved on Tuesday 2025-04-01 for 20 working days.
        (
            staff("王主任"),
            CaseAction::ExtensionApproved {
                date: d("2025-04-01"),
                days: 20,
            },
        ),
        // 9. Partial disclosure decided on Monday 2025-05-12.
        (
            clerk(),
            CaseAction::OutcomeDecided {
                date: d("2025-05-12"),
                outcome: Outcome::Partial,
                reasoning: "价款明细属于商业秘密，第三方不同意公开，其余部分予以公开".to_owned(),
                referred_to: None,
                access_method: String::new(),
                provided: Vec::new(),
            },
        ),
        // 10. Handed to the post on Tuesday 2025-05-13 (交邮之日).
        (
            clerk(),
            CaseAction::Delivered {
                date: d("2025-05-13"),
                method: DeliveryMethod::Post,
            },
        ),
        // 11. Closed on Wednesday 2025-05-14.
        (
            clerk(),
            CaseAction::Closed {
                date: d("2025-05-14"),
            },
        ),
    ];
    let mut h = Vec::new();
    for (actor, action) in actions.into_iter().take(steps) {
        record(&mut h, actor, action);
    }
    h
}

#[test]
fn step1_online_submission_waits_for_confirmation() {
    let v = look(&journey(1), "2025-03-03");
    assert_eq!(v.state, CaseState::AwaitingConfirmation);
    assert_eq!(v.receipt_date, None);
    assert!(v.deadlines.is_none());
    assert_eq!(v.reply_due, None);
    assert_eq!(v.mark, QueueMark::Normal);
    assert!(v.is_open);
}

#[test]
fn step2_confirmation_starts_the_clock() {
    let v = look(&journey(2), "2025-03-04");
    assert_eq!(v.state, CaseState::InProgress);
    assert_eq!(v.receipt_date, Some(d("2025-03-04")));
    let dl = v.deadlines.as_ref().unwrap();
    // Correction notice (Art. 30), 7 working days from Tue 03-04:
    // 05 (1), 06 (2), 07 (3), 10 (4), 11 (5), 12 (6), 13 (7) → 2025-03-13.
    assert_eq!(
        dl.correction_notice_due.as_ref().unwrap().date,
        d("2025-03-13")
    );
    // Reply (Art. 33), 20 working days from 03-04: 05-07 (1-3), 10-14 (4-8),
    // 17-21 (9-13), 24-28 (14-18), 31 (19), 04-01 (20) → 2025-04-01.
    assert_eq!(v.reply_due, Some(d("2025-04-01")));
    assert_eq!(dl.clock, ClockState::Running);
}

#[test]
fn step3_correction_stops_the_clock_until_corrected() {
    let v = look(&journey(3), "2025-03-07");
    assert_eq!(v.state, CaseState::AwaitingCorrection);
    assert_eq!(v.reply_due, None);
    let dl = v.deadlines.as_ref().unwrap();
    // Requested 03-06, within the 7-working-day notice period (due 03-13).
    assert!(!dl.correction_requested_late);
    assert_eq!(
        dl.clock,
        ClockState::AwaitingCorrection {
            applicant_deadline: Some(d("2025-03-20"))
        }
    );
    assert_eq!(
        v.applicant_todo,
        vec![ApplicantTodo::AnswerCorrection {
            items: vec!["请写明所需信息的名称、文号或其他特征描述".to_owned()],
            deadline: d("2025-03-20"),
        }]
    );
    assert!(
        v.applicant_todo[0]
            .describe_zh()
            .contains("请于2025-03-20前补正")
    );
}

#[test]
fn step4_corrected_application_restarts_the_clock() {
    let v = look(&journey(4), "2025-03-10");
    assert_eq!(v.state, CaseState::InProgress);
    let dl = v.deadlines.as_ref().unwrap();
    assert_eq!(dl.clock_start, Some(d("2025-03-10")));
    // 20 working days from Mon 03-10: 11-14 (1-4), 17-21 (5-9), 24-28 (10-14),
    // 31 (15), 04-01..03 (16-18), 04-04..06 skipped (清明节, weekend),
    // 04-07 (19), 04-08 (20) → 2025-04-08.
    assert_eq!(v.reply_due, Some(d("2025-04-08")));
    assert_eq!(
        v.correction.as_ref().unwrap().answered_on,
        Some(d("2025-03-10"))
    );
    assert!(v.applicant_todo.is_empty());
}

#[test]
fn step5_consultation_pauses_the_clock() {
    let v = look(&journey(5), "2025-03-14");
    assert_eq!(v.state, CaseState::Consulting);
    let dl = v.deadlines.as_ref().unwrap();
    assert_eq!(dl.clock, ClockState::Paused);
    // The third party's period (Art. 32), 15 working days from Wed 03-12:
    // 13, 14 (1-2), 17-21 (3-7), 24-28 (8-12), 31 (13), 04-01 (14), 04-02 (15).
    assert_eq!(v.consultations[0].due, Some(d("2025-04-02")));
    // Paused so far (as of Fri 03-14): 13 and 14, two working days; the
    // provisional reply due is 04-08 moved by two working days: 04-09, 04-10.
    let due = dl.reply_due.as_ref().unwrap();
    assert_eq!(due.date, d("2025-04-10"));
    assert!(due.open_pause);
}

#[test]
fn step6_consultation_time_is_not_counted() {
    let v = look(&journey(6), "2025-03-19");
    assert_eq!(v.state, CaseState::InProgress);
    let due = v.deadlines.as_ref().unwrap().reply_due.clone().unwrap();
    // Paused: working days d with 03-12 < d <= 03-19: 13, 14, 17, 18, 19 = 5.
    // Count from 03-10: 11 (1), 12 (2), [13-19 paused], 20 (3), 21 (4),
    // 24-28 (5-9), 31 (10), 04-01..03 (11-13), 04-07..11 (14-18),
    // 04-14 (19), 04-15 (20) → 2025-04-15 (= 04-08 + 5 working days).
    assert_eq!(due.date, d("2025-04-15"));
    assert!(!due.open_pause);
    let paused: Vec<NaiveDate> = due
        .explanation
        .days
        .iter()
        .filter(|t| matches!(t.status, TraceStatus::Paused { .. }))
        .map(|t| t.date)
        .collect();
    assert_eq!(
        paused,
        [
            "2025-03-13",
            "2025-03-14",
            "2025-03-17",
            "2025-03-18",
            "2025-03-19"
        ]
        .map(d)
    );
}

#[test]
fn step7_extension_request_waits_for_the_head_of_office() {
    let v = look(&journey(7), "2025-03-31");
    assert_eq!(v.state, CaseState::AwaitingExtensionDecision);
    let p = v.pending_extension.as_ref().unwrap();
    assert_eq!((p.days, p.requested_on), (20, d("2025-03-31")));
    // Not approved yet: the reply due is unchanged.
    assert_eq!(v.reply_due, Some(d("2025-04-15")));
}

#[test]
fn step8_extension_adds_20_working_days() {
    let v = look(&journey(8), "2025-04-01");
    assert_eq!(v.state, CaseState::InProgress);
    assert_eq!(v.pending_extension, None);
    let due = v.deadlines.as_ref().unwrap().reply_due.clone().unwrap();
    // 40 working days in all (20 + 20), the 5 paused days still skipped: from
    // 04-15 (the 20th) on: 16-18 (21-23), 21-25 (24-28), Sun 04-27 make-up
    // working day (29), 28-30 (30-32), 05-01..05 skipped (劳动节),
    // 05-06..09 (33-36), 05-12..15 (37-40) → 2025-05-15.
    assert_eq!(due.date, d("2025-05-15"));
    assert_eq!(due.explanation.working_days, 40);
    assert_eq!(due.explanation.extension_days, 20);
    // A week before: normal; three working days before: due soon;
    // after it, overdue (if nothing else were recorded).
    // 05-09 → 05-15: 12, 13, 14, 15 = 4 working days.
    assert_eq!(look(&journey(8), "2025-05-09").mark, QueueMark::Normal);
    // 05-12 → 05-15: 13, 14, 15 = 3.
    assert_eq!(look(&journey(8), "2025-05-12").mark, QueueMark::DueSoon);
    assert_eq!(look(&journey(8), "2025-05-16").mark, QueueMark::Overdue);
}

#[test]
fn step9_to_11_decided_delivered_on_time_closed() {
    let v = look(&journey(9), "2025-05-12");
    assert_eq!(v.state, CaseState::Decided);
    assert_eq!(v.outcome, Some(Outcome::Partial));
    // Decided but not yet delivered: still counts against the deadline.
    assert_eq!(v.mark, QueueMark::DueSoon);

    let v = look(&journey(10), "2025-05-13");
    assert_eq!(v.state, CaseState::Delivered);
    assert_eq!(v.delivered, Some((d("2025-05-13"), DeliveryMethod::Post)));
    // Handed to the post 05-13 <= 05-15.
    assert_eq!(v.on_time, Some(true));
    assert_eq!(v.mark, QueueMark::Finished);
    assert!(v.is_open);

    let h = journey(11);
    validate_history(&h, &cal()).unwrap();
    let v = look(&h, "2025-06-30");
    assert_eq!(v.state, CaseState::Closed);
    assert!(!v.is_open);
    assert_eq!(v.outcome, Some(Outcome::Partial));
    assert_eq!(v.on_time, Some(true));
    assert_eq!(v.reply_due, Some(d("2025-05-15")));
    let lines = timeline_zh(&h);
    assert_eq!(lines.len(), 11);
    assert_eq!(lines[0], "2025-03-03 申请人：在线提交申请，待确认");
    assert_eq!(
        lines[2],
        "2025-03-06 李承办：告知补正（补正期限2025-03-20）：请写明所需信息的名称、文号或其他特征描述"
    );
    assert_eq!(lines[7], "2025-04-01 王主任：批准延期答复20个工作日");
    assert_eq!(lines[10], "2025-05-14 李承办：办结");
}

// ------------------------------------------------------------- refusals

#[test]
fn refuses_a_second_correction() {
    let e = refused(
        &journey(4),
        CaseAction::CorrectionRequested {
            date: d("2025-03-11"),
            items: vec!["请提供身份证明".to_owned()],
            applicant_deadline: d("2025-03-25"),
        },
    );
    assert_eq!(
        e,
        CaseError::SecondCorrection {
            date: d("2025-03-06")
        }
    );
    assert!(e.to_string().contains("《条例》第三十条"), "{e}");
}

#[test]
fn refuses_an_extension_beyond_20_working_days() {
    // 20 already approved: one more day is too many.
    let e = refused(
        &journey(8),
        CaseAction::ExtensionRequested {
            date: d("2025-04-02"),
            days: 1,
            reason: "仍需时间".to_owned(),
        },
    );
    assert_eq!(
        e,
        CaseError::ExtensionTooLong {
            approved: 20,
            requested: 1,
            max: 20,
            remaining: 0
        }
    );
    // 25 at once is refused too.
    let e = refused(
        &journey(6),
        CaseAction::ExtensionRequested {
            date: d("2025-03-31"),
            days: 25,
            reason: "仍需时间".to_owned(),
        },
    );
    assert!(matches!(e, CaseError::ExtensionTooLong { .. }), "{e}");
    assert!(e.to_string().contains("第三十三条第二款"), "{e}");
}

#[test]
fn refuses_a_decision_while_consulting() {
    let e = refused(
        &journey(5),
        CaseAction::OutcomeDecided {
            date: d("2025-03-14"),
            outcome: Outcome::Disclosed,
            reasoning: String::new(),
            referred_to: None,
            access_method: String::new(),
            provided: Vec::new(),
        },
    );
    assert!(
        matches!(
            e,
            CaseError::DecisionWhileAwaiting {
                what: "征求意见",
                ..
            }
        ),
        "{e}"
    );
    assert!(e.to_string().contains("第三十二条"), "{e}");
}

#[test]
fn refuses_a_second_outcome() {
    // "Editing" a decision by recording another one.
    let e = refused(
        &journey(9),
        CaseAction::OutcomeDecided {
            date: d("2025-05-12"),
            outcome: Outcome::Disclosed,
            reasoning: "改为全部公开".to_owned(),
            referred_to: None,
            access_method: String::new(),
            provided: Vec::new(),
        },
    );
    assert_eq!(
        e,
        CaseError::SecondOutcome {
            date: d("2025-05-12"),
            outcome: Outcome::Partial.label()
        }
    );
}

#[test]
fn refuses_anything_after_closing() {
    let h = journey(11);
    for action in [
        CaseAction::Delivered {
            date: d("2025-05-15"),
            method: DeliveryMethod::Email,
        },
        CaseAction::Closed {
            date: d("2025-05-15"),
        },
        CaseAction::Withdrawn {
            date: d("2025-05-15"),
            reason: String::new(),
        },
    ] {
        let name = action.label_zh();
        let e = refused(&h, action);
        assert_eq!(
            e,
            CaseError::AfterClosed {
                action: name,
                date: d("2025-05-14")
            }
        );
        assert!(e.to_string().contains("已于2025-05-14办结"), "{e}");
    }
}

#[test]
fn refuses_a_lapse_before_the_deadline() {
    // Correction deadline 2025-03-20: the lapse can be recorded from 03-21.
    let e = refused(
        &journey(3),
        CaseAction::CorrectionLapsed {
            date: d("2025-03-20"),
        },
    );
    assert_eq!(
        e,
        CaseError::CorrectionLapseTooEarly {
            deadline: d("2025-03-20"),
            date: d("2025-03-20")
        }
    );
    let mut h = journey(3);
    record(
        &mut h,
        Actor::System,
        CaseAction::CorrectionLapsed {
            date: d("2025-03-21"),
        },
    );
    let v = look(&h, "2025-03-21");
    assert_eq!(v.outcome, Some(Outcome::CorrectionLapsed));
    assert_eq!(v.mark, QueueMark::Finished);
    assert!(matches!(
        v.deadlines.unwrap().clock,
        ClockState::GivenUp { .. }
    ));
}

#[test]
fn deadline_engine_refusals_are_surfaced() {
    // After the reply deadline of 2025-04-15 (before the extension), an Art. 35
    // deadline later than it but earlier than the day it is set.
    let e = refused(
        &journey(6),
        CaseAction::AgencyDeadlineSet {
            date: d("2025-04-25"),
            due: d("2025-04-22"),
            justification: "同一申请人一个月内提出申请120件".to_owned(),
        },
    );
    assert!(
        matches!(
            e,
            CaseError::Deadline(DeadlineError::AgencyDeadlineInPast { .. })
        ),
        "{e}"
    );
}
