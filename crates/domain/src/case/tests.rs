//! Unit tests of the workflow rules, the view and the register. Each rule's
//! test is named after its article. Dates are counted by hand from the vendored
//! 2025 notice: in March–May 2025 the special days are 2025-04-04..06 off
//! (清明节), 2025-05-01..05 off and Sunday 2025-04-27 working (劳动节).

use chrono::{DateTime, NaiveDate};

use super::register::{AppealKind, AppealResult, AppealSummary, CaseSummary, table3, table4};
use super::*;
use crate::calendar::Calendar;
use crate::deadline::{CaseEvent, ConsultParty, ConsultationOutcome, DeadlineError, ReceiptFacts};
use crate::vocabulary::{ApplicantType, Channel, ReportFormat};

mod history;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn cal() -> Calendar {
    Calendar::vendored()
}

fn rec(seq: u32, action: CaseAction) -> CaseEventRecord {
    CaseEventRecord {
        seq,
        at: DateTime::from_timestamp(1_740_000_000 + i64::from(seq), 0).unwrap(),
        actor: Actor::Staff {
            id: 7,
            name: "李承办".to_owned(),
        },
        action,
        note: String::new(),
    }
}

/// Builds a history, checking every action on the way.
fn history(actions: Vec<CaseAction>) -> Vec<CaseEventRecord> {
    let mut h = Vec::new();
    for a in actions {
        if let Err(e) = check_action(&h, &a, &cal()) {
            panic!("{} refused: {e}", a.label_zh());
        }
        let seq = u32::try_from(h.len()).unwrap() + 1;
        h.push(rec(seq, a));
    }
    h
}

fn refuse(h: &[CaseEventRecord], a: CaseAction) -> CaseError {
    match check_action(h, &a, &cal()) {
        Ok(()) => panic!("{} should have been refused", a.label_zh()),
        Err(e) => e,
    }
}

fn in_person(date: &str) -> CaseAction {
    CaseAction::ReceiptConfirmed {
        channel: Channel::InPerson,
        receipt_date: d(date),
        facts: ReceiptFacts {
            arrived: Some(d(date)),
            ..Default::default()
        },
    }
}

/// Received in person Monday 2025-03-03: reply due 2025-03-31
/// (4-7: 1-4, 10-14: 5-9, 17-21: 10-14, 24-28: 15-19, 31: 20).
fn received() -> Vec<CaseEventRecord> {
    history(vec![in_person("2025-03-03")])
}

fn with(h: &[CaseEventRecord], a: CaseAction) -> Vec<CaseEventRecord> {
    let mut h = h.to_vec();
    if let Err(e) = check_action(&h, &a, &cal()) {
        panic!("{} refused: {e}", a.label_zh());
    }
    let seq = u32::try_from(h.len()).unwrap() + 1;
    h.push(rec(seq, a));
    h
}

fn correction(date: &str, deadline: &str) -> CaseAction {
    CaseAction::CorrectionRequested {
        date: d(date),
        items: vec!["请写明所需信息的名称或文号".to_owned()],
        applicant_deadline: d(deadline),
    }
}

fn corrected(date: &str) -> CaseAction {
    CaseAction::CorrectionSubmitted {
        date: d(date),
        text: "2024年城市道路维修计划".to_owned(),
    }
}

fn consult(id: u32, date: &str) -> CaseAction {
    CaseAction::ConsultationStarted {
        id,
        date: d(date),
        party: ConsultParty::ThirdParty,
        party_name: "某建设公司".to_owned(),
        matter: "合同是否涉及商业秘密".to_owned(),
    }
}

fn consult_end(id: u32, date: &str) -> CaseAction {
    CaseAction::ConsultationEnded {
        id,
        date: d(date),
        how: ConsultationOutcome::Answered,
        opinion: "同意公开".to_owned(),
    }
}

fn ext_request(date: &str, days: u32) -> CaseAction {
    CaseAction::ExtensionRequested {
        date: d(date),
        days,
        reason: "需调取档案".to_owned(),
    }
}

fn ext_approve(date: &str, days: u32) -> CaseAction {
    CaseAction::ExtensionApproved {
        date: d(date),
        days,
    }
}

fn decide(date: &str, outcome: Outcome) -> CaseAction {
    CaseAction::OutcomeDecided {
        date: d(date),
        outcome,
        reasoning: "依据《条例》".to_owned(),
        referred_to: None,
        access_method: String::new(),
        provided: Vec::new(),
    }
}

fn deliver(date: &str) -> CaseAction {
    CaseAction::Delivered {
        date: d(date),
        method: DeliveryMethod::Post,
    }
}

fn close(date: &str) -> CaseAction {
    CaseAction::Closed { date: d(date) }
}

fn fee_notice(date: &str, ordinal: u32, amount: u64) -> CaseAction {
    CaseAction::FeeNoticeIssued {
        date: d(date),
        method: FeeMethod::ByCount {
            ordinal_in_month: ordinal,
        },
        amount_yuan: amount,
    }
}

fn withdraw(date: &str) -> CaseAction {
    CaseAction::Withdrawn {
        date: d(date),
        reason: "已自行获取".to_owned(),
    }
}

// ---------------------------------------------------------------- Art. 31

#[test]
fn art31_first_event_is_a_receipt() {
    let e = refuse(&[], consult(1, "2025-03-03"));
    assert_eq!(
        e,
        CaseError::NotReceived {
            action: "征求意见"
        }
    );
    assert!(e.to_string().contains("第三十一条"), "{e}");
    let e = refuse(&[], withdraw("2025-03-03"));
    assert!(matches!(e, CaseError::NotReceived { .. }));
    // Either first event is fine.
    history(vec![in_person("2025-03-03")]);
    history(vec![CaseAction::SubmittedOnline {
        date: d("2025-03-03"),
    }]);
}

#[test]
fn art31_online_submission_waits_for_confirmation() {
    let h = history(vec![CaseAction::SubmittedOnline {
        date: d("2025-03-03"),
    }]);
    let e = refuse(&h, correction("2025-03-04", "2025-03-14"));
    assert!(matches!(e, CaseError::AwaitingConfirmation { .. }), "{e}");
    assert!(e.to_string().contains("双方确认之日"), "{e}");
    let e = refuse(
        &h,
        CaseAction::SubmittedOnline {
            date: d("2025-03-03"),
        },
    );
    assert_eq!(e, CaseError::SubmittedOnlineNotFirst);
    // Confirmed with another channel: refused.
    let e = refuse(&h, in_person("2025-03-04"));
    assert!(matches!(e, CaseError::OnlineChannelMismatch { .. }), "{e}");
    // The applicant may withdraw before confirmation; the case can be closed.
    let w = with(&h, withdraw("2025-03-04"));
    let e = refuse(&w, online_confirmed("2025-03-05"));
    assert!(matches!(e, CaseError::AfterWithdrawal { .. }), "{e}");
    let w = with(&w, close("2025-03-05"));
    let v = view(&w, &cal(), d("2025-03-06")).unwrap();
    assert_eq!(v.state, CaseState::Closed);
    assert_eq!(v.receipt_date, None);
    assert_eq!(v.outcome, Some(Outcome::OtherHandling));
}

fn online_confirmed(date: &str) -> CaseAction {
    CaseAction::ReceiptConfirmed {
        channel: Channel::Online,
        receipt_date: d(date),
        facts: ReceiptFacts {
            arrived: Some(d("2025-03-03")),
            confirmed: Some(d(date)),
            ..Default::default()
        },
    }
}

#[test]
fn art31_receipt_date_follows_the_facts_and_is_recorded_once() {
    let h = history(vec![CaseAction::SubmittedOnline {
        date: d("2025-03-03"),
    }]);
    let mut wrong = online_confirmed("2025-03-04");
    if let CaseAction::ReceiptConfirmed { receipt_date, .. } = &mut wrong {
        *receipt_date = d("2025-03-05");
    }
    let e = refuse(&h, wrong);
    assert_eq!(
        e,
        CaseError::ReceiptDateMismatch {
            recorded: d("2025-03-05"),
            computed: d("2025-03-04")
        }
    );
    let missing = CaseAction::ReceiptConfirmed {
        channel: Channel::Online,
        receipt_date: d("2025-03-04"),
        facts: ReceiptFacts::default(),
    };
    assert!(matches!(refuse(&h, missing), CaseError::Receipt(_)));
    let h = with(&h, online_confirmed("2025-03-04"));
    let e = refuse(&h, online_confirmed("2025-03-04"));
    assert_eq!(
        e,
        CaseError::DuplicateReceipt {
            date: d("2025-03-04")
        }
    );
}

#[test]
fn dates_never_go_backwards() {
    let h = with(&received(), correction("2025-03-05", "2025-03-19"));
    let e = refuse(&h, corrected("2025-03-04"));
    assert_eq!(
        e,
        CaseError::DateBackwards {
            action: "收到补正申请",
            date: d("2025-03-04"),
            previous: d("2025-03-05")
        }
    );
    // Nothing may precede the receipt date.
    let e = refuse(&received(), correction("2025-03-02", "2025-03-19"));
    assert!(matches!(e, CaseError::DateBackwards { .. }), "{e}");
    // The same day is fine.
    with(&received(), correction("2025-03-03", "2025-03-19"));
}

// ---------------------------------------------------------------- Art. 30

#[test]
fn art30_correction_only_once() {
    let h = with(&received(), correction("2025-03-05", "2025-03-19"));
    let e = refuse(&h, correction("2025-03-06", "2025-03-20"));
    assert_eq!(
        e,
        CaseError::SecondCorrection {
            date: d("2025-03-05")
        }
    );
    assert!(e.to_string().contains("一次性告知"), "{e}");
    // Also once it has been answered.
    let h = with(&h, corrected("2025-03-10"));
    let e = refuse(&h, correction("2025-03-11", "2025-03-20"));
    assert!(matches!(e, CaseError::SecondCorrection { .. }));
}

#[test]
fn art30_correction_only_before_a_decision() {
    let h = with(&received(), decide("2025-03-05", Outcome::Disclosed));
    let e = refuse(&h, correction("2025-03-06", "2025-03-20"));
    assert!(matches!(e, CaseError::AfterDecision { .. }), "{e}");
}

#[test]
fn art30_correction_not_after_handling_started() {
    let h = with(&received(), consult(1, "2025-03-05"));
    let e = refuse(&h, correction("2025-03-06", "2025-03-20"));
    assert_eq!(
        e,
        CaseError::CorrectionAfterHandling {
            what: "已征求意见"
        }
    );
}

#[test]
fn art30_correction_lists_items_and_gives_a_later_deadline() {
    let e = refuse(
        &received(),
        CaseAction::CorrectionRequested {
            date: d("2025-03-05"),
            items: vec![" ".to_owned()],
            applicant_deadline: d("2025-03-19"),
        },
    );
    assert_eq!(e, CaseError::CorrectionItemsMissing);
    let e = refuse(&received(), correction("2025-03-05", "2025-03-05"));
    assert!(matches!(e, CaseError::CorrectionDeadlineTooEarly { .. }));
}

#[test]
fn art30_correction_answer_only_while_outstanding() {
    let e = refuse(&received(), corrected("2025-03-05"));
    assert!(
        matches!(e, CaseError::NoOutstandingCorrection { .. }),
        "{e}"
    );
    let e = refuse(
        &received(),
        CaseAction::CorrectionLapsed {
            date: d("2025-03-20"),
        },
    );
    assert!(matches!(e, CaseError::NoOutstandingCorrection { .. }));
    let h = with(&received(), correction("2025-03-05", "2025-03-19"));
    let e = refuse(
        &h,
        CaseAction::CorrectionSubmitted {
            date: d("2025-03-06"),
            text: "  ".to_owned(),
        },
    );
    assert_eq!(e, CaseError::CorrectionTextMissing);
    let h = with(&h, corrected("2025-03-10"));
    let e = refuse(&h, corrected("2025-03-11"));
    assert_eq!(
        e,
        CaseError::CorrectionSettled {
            action: "收到补正申请",
            date: d("2025-03-10")
        }
    );
    // A late answer is accepted while no lapse was recorded (good reason).
    let h = with(&received(), correction("2025-03-05", "2025-03-19"));
    with(&h, corrected("2025-03-21"));
}

#[test]
fn art30_lapse_only_after_the_applicant_deadline() {
    let h = with(&received(), correction("2025-03-05", "2025-03-19"));
    let e = refuse(
        &h,
        CaseAction::CorrectionLapsed {
            date: d("2025-03-19"),
        },
    );
    assert_eq!(
        e,
        CaseError::CorrectionLapseTooEarly {
            deadline: d("2025-03-19"),
            date: d("2025-03-19")
        }
    );
    with(
        &h,
        CaseAction::CorrectionLapsed {
            date: d("2025-03-20"),
        },
    );
}

#[test]
fn art30_lapse_fixes_the_outcome() {
    let h = with(&received(), correction("2025-03-05", "2025-03-19"));
    let h = with(
        &h,
        CaseAction::CorrectionLapsed {
            date: d("2025-03-20"),
        },
    );
    let v = view(&h, &cal(), d("2025-03-20")).unwrap();
    assert_eq!(v.outcome, Some(Outcome::CorrectionLapsed));
    assert_eq!(v.state, CaseState::Decided);
    assert_eq!(v.mark, QueueMark::Finished);
    assert_eq!(v.reply_due, None);
    // A decision may still be recorded, but only with the derived outcome.
    let e = refuse(&h, decide("2025-03-21", Outcome::Disclosed));
    assert!(matches!(e, CaseError::OutcomeContradicts { .. }), "{e}");
    let h2 = with(&h, decide("2025-03-21", Outcome::CorrectionLapsed));
    // Nothing else is handled any more; delivery of the notice and closing are.
    let e = refuse(&h, consult(1, "2025-03-21"));
    assert!(matches!(e, CaseError::AfterLapse { .. }), "{e}");
    let e = refuse(&h, withdraw("2025-03-21"));
    assert!(matches!(e, CaseError::AfterLapse { .. }), "{e}");
    let h2 = with(&h2, deliver("2025-03-24"));
    let h2 = with(&h2, close("2025-03-24"));
    let v = view(&h2, &cal(), d("2025-03-25")).unwrap();
    assert_eq!(v.outcome, Some(Outcome::CorrectionLapsed));
    assert_eq!(v.on_time, None);
    // Closing straight after the lapse is allowed too.
    with(&h, close("2025-03-21"));
}

#[test]
fn art30_lapse_outcomes_need_their_event() {
    let e = refuse(&received(), decide("2025-03-05", Outcome::CorrectionLapsed));
    assert!(matches!(e, CaseError::OutcomeNeedsEvent { .. }), "{e}");
    let e = refuse(&received(), decide("2025-03-05", Outcome::FeeUnpaid));
    assert!(matches!(e, CaseError::OutcomeNeedsEvent { .. }), "{e}");
}

#[test]
fn art30_unclear_after_correction_needs_a_correction() {
    let e = refuse(
        &received(),
        decide("2025-03-05", Outcome::UnclearAfterCorrection),
    );
    assert_eq!(e, CaseError::UnclearWithoutCorrection);
    let h = with(&received(), correction("2025-03-05", "2025-03-19"));
    let h = with(&h, corrected("2025-03-10"));
    with(&h, decide("2025-03-12", Outcome::UnclearAfterCorrection));
}

#[test]
fn art30_no_decision_while_awaiting_correction() {
    let h = with(&received(), correction("2025-03-05", "2025-03-19"));
    let e = refuse(&h, decide("2025-03-06", Outcome::Disclosed));
    assert!(
        matches!(
            e,
            CaseError::DecisionWhileAwaiting {
                what: "等待申请人补正",
                ..
            }
        ),
        "{e}"
    );
    let e = refuse(&h, consult(1, "2025-03-06"));
    assert!(matches!(e, CaseError::AwaitingCorrection { .. }), "{e}");
}

// ---------------------------------------------------------- Art. 32, 34

#[test]
fn art32_consultation_ids_unique_and_ended_once() {
    let h = with(&received(), consult(1, "2025-03-05"));
    let e = refuse(&h, consult(1, "2025-03-06"));
    assert_eq!(e, CaseError::DuplicateConsultation { id: 1 });
    let e = refuse(&h, consult_end(2, "2025-03-06"));
    assert_eq!(e, CaseError::UnknownConsultation { id: 2 });
    let h = with(&h, consult_end(1, "2025-03-07"));
    let e = refuse(&h, consult_end(1, "2025-03-08"));
    assert_eq!(
        e,
        CaseError::ConsultationAlreadyEnded {
            id: 1,
            date: d("2025-03-07")
        }
    );
    let e = refuse(
        &h,
        CaseAction::ConsultationStarted {
            id: 2,
            date: d("2025-03-10"),
            party: ConsultParty::CoProducingAgency,
            party_name: String::new(),
            matter: String::new(),
        },
    );
    assert_eq!(e, CaseError::ConsultationPartyMissing);
}

#[test]
fn art32_no_decision_while_consulting() {
    let h = with(&received(), consult(1, "2025-03-05"));
    let e = refuse(&h, decide("2025-03-06", Outcome::Disclosed));
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
    let v = view(&h, &cal(), d("2025-03-06")).unwrap();
    assert_eq!(v.state, CaseState::Consulting);
    // Consultation due: 15 working days from 03-05: 6,7 (2), 10-14 (7),
    // 17-21 (12), 24,25,26 (15) → 2025-03-26.
    assert_eq!(v.consultations[0].due, Some(d("2025-03-26")));
}

// ---------------------------------------------------------------- Art. 33

#[test]
fn art33_extension_only_while_the_clock_runs() {
    let h = with(&received(), consult(1, "2025-03-05"));
    let e = refuse(&h, ext_request("2025-03-06", 5));
    assert!(matches!(e, CaseError::ClockNotRunning { .. }), "{e}");
    let h = with(&received(), correction("2025-03-05", "2025-03-19"));
    let e = refuse(&h, ext_request("2025-03-06", 5));
    assert!(matches!(e, CaseError::AwaitingCorrection { .. }), "{e}");
    // Not after the reply deadline (2025-03-31).
    let e = refuse(&received(), ext_request("2025-04-01", 5));
    assert_eq!(
        e,
        CaseError::ExtensionAfterDue {
            due: d("2025-03-31"),
            date: d("2025-04-01")
        }
    );
    with(&received(), ext_request("2025-03-31", 5));
}

#[test]
fn art33_one_pending_request_at_a_time() {
    let h = with(&received(), ext_request("2025-03-20", 5));
    let e = refuse(&h, ext_request("2025-03-21", 5));
    assert_eq!(
        e,
        CaseError::ExtensionPending {
            date: d("2025-03-20"),
            days: 5
        }
    );
    let v = view(&h, &cal(), d("2025-03-20")).unwrap();
    assert_eq!(v.state, CaseState::AwaitingExtensionDecision);
    assert_eq!(v.pending_extension.as_ref().map(|p| p.days), Some(5));
}

#[test]
fn art33_extension_at_most_20_working_days_in_total() {
    let e = refuse(&received(), ext_request("2025-03-20", 21));
    assert!(matches!(e, CaseError::ExtensionTooLong { .. }), "{e}");
    assert!(e.to_string().contains("第三十三条第二款"), "{e}");
    let e = refuse(&received(), ext_request("2025-03-20", 0));
    assert_eq!(e, CaseError::ZeroExtension);
    let h = with(&received(), ext_request("2025-03-20", 15));
    let h = with(&h, ext_approve("2025-03-21", 15));
    let e = refuse(&h, ext_request("2025-03-24", 6));
    assert_eq!(
        e,
        CaseError::ExtensionTooLong {
            approved: 15,
            requested: 6,
            max: 20,
            remaining: 5
        }
    );
    let h = with(&h, ext_request("2025-03-24", 5));
    let h = with(&h, ext_approve("2025-03-25", 5));
    let v = view(&h, &cal(), d("2025-03-25")).unwrap();
    assert_eq!(v.deadlines.unwrap().extension_days, 20);
}

#[test]
fn art33_approval_needs_a_pending_request() {
    let e = refuse(&received(), ext_approve("2025-03-20", 5));
    assert!(matches!(e, CaseError::NoPendingExtension { .. }), "{e}");
    let e = refuse(
        &received(),
        CaseAction::ExtensionRefused {
            date: d("2025-03-20"),
            reason: "无必要".to_owned(),
        },
    );
    assert!(matches!(e, CaseError::NoPendingExtension { .. }), "{e}");
    let h = with(&received(), ext_request("2025-03-20", 5));
    let e = refuse(&h, ext_approve("2025-03-21", 6));
    assert_eq!(
        e,
        CaseError::ApprovedMoreThanRequested {
            approved: 6,
            requested: 5
        }
    );
    let e = refuse(
        &h,
        CaseAction::ExtensionRefused {
            date: d("2025-03-21"),
            reason: String::new(),
        },
    );
    assert_eq!(e, CaseError::RefusalReasonMissing);
    // Approving fewer days than requested is fine: 03-31 + 3 → 04-03.
    let h2 = with(&h, ext_approve("2025-03-21", 3));
    assert_eq!(
        view(&h2, &cal(), d("2025-03-21")).unwrap().reply_due,
        Some(d("2025-04-03"))
    );
    // After a refusal the deadline is unchanged and a new request is possible.
    let h3 = with(
        &h,
        CaseAction::ExtensionRefused {
            date: d("2025-03-21"),
            reason: "无必要".to_owned(),
        },
    );
    assert_eq!(
        view(&h3, &cal(), d("2025-03-21")).unwrap().reply_due,
        Some(d("2025-03-31"))
    );
    with(&h3, ext_request("2025-03-24", 5));
}

#[test]
fn art33_no_decision_while_an_extension_is_pending() {
    let h = with(&received(), ext_request("2025-03-20", 5));
    let e = refuse(&h, decide("2025-03-21", Outcome::Disclosed));
    assert!(
        matches!(
            e,
            CaseError::DecisionWhileAwaiting {
                what: "延期待审批",
                ..
            }
        ),
        "{e}"
    );
}

// ---------------------------------------------------------------- Art. 35

#[test]
fn art35_agency_deadline_needs_justification_and_a_later_due() {
    let e = refuse(
        &received(),
        CaseAction::AgencyDeadlineSet {
            date: d("2025-03-10"),
            due: d("2025-05-30"),
            justification: " ".to_owned(),
        },
    );
    assert_eq!(e, CaseError::JustificationMissing);
    let e = refuse(
        &received(),
        CaseAction::AgencyDeadlineSet {
            date: d("2025-03-10"),
            due: d("2025-03-31"),
            justification: "一个月内申请200件".to_owned(),
        },
    );
    assert_eq!(
        e,
        CaseError::AgencyDeadlineNotLater {
            due: d("2025-03-31"),
            current: d("2025-03-31")
        }
    );
    let h = with(
        &received(),
        CaseAction::AgencyDeadlineSet {
            date: d("2025-03-10"),
            due: d("2025-05-30"),
            justification: "一个月内申请200件".to_owned(),
        },
    );
    assert_eq!(
        view(&h, &cal(), d("2025-03-10")).unwrap().reply_due,
        Some(d("2025-05-30"))
    );
}

#[test]
fn art35_deadline_engine_errors_surface() {
    // Overdue case (due 03-31): a "later" due that is still before the day it
    // is set is refused by the deadline engine.
    let e = refuse(
        &received(),
        CaseAction::AgencyDeadlineSet {
            date: d("2025-04-10"),
            due: d("2025-04-08"),
            justification: "一个月内申请200件".to_owned(),
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

// ---------------------------------------------------------------- Art. 42

fn received_2025_with_fee() -> Vec<CaseEventRecord> {
    // 15th application this month: 100 yuan (11–30: 100 each).
    with(&received(), fee_notice("2025-03-05", 15, 100))
}

#[test]
fn art42_fee_notice_once_with_the_computed_amount() {
    let e = refuse(&received(), fee_notice("2025-03-05", 15, 200));
    assert_eq!(
        e,
        CaseError::FeeAmountMismatch {
            recorded: 200,
            computed: 100
        }
    );
    let e = refuse(&received(), fee_notice("2025-03-05", 5, 0));
    assert_eq!(e, CaseError::FeeNotDue);
    let by_volume = CaseAction::FeeNoticeIssued {
        date: d("2025-03-05"),
        method: FeeMethod::ByVolume { pages: 31 },
        amount_yuan: 10,
    };
    with(&received(), by_volume);
    let h = received_2025_with_fee();
    let e = refuse(&h, fee_notice("2025-03-06", 15, 100));
    assert_eq!(
        e,
        CaseError::SecondFeeNotice {
            date: d("2025-03-05")
        }
    );
    // Not after the reply deadline.
    let e = refuse(&received(), fee_notice("2025-04-01", 15, 100));
    assert!(matches!(e, CaseError::FeeNoticeAfterDue { .. }), "{e}");
}

#[test]
fn art42_no_fee_before_the_109_measures() {
    // Received 2020-12-30: 109号 applies from 2021-01-01.
    let h = history(vec![in_person("2020-12-30")]);
    let e = refuse(&h, fee_notice("2021-01-04", 15, 100));
    assert_eq!(
        e,
        CaseError::FeeBeforeMeasures {
            receipt: d("2020-12-30")
        }
    );
    assert!(e.to_string().contains("109号"), "{e}");
    let h = history(vec![in_person("2021-01-04")]);
    with(&h, fee_notice("2021-01-05", 15, 100));
}

#[test]
fn art42_payment_and_lapse_after_a_notice_and_once() {
    let e = refuse(
        &received(),
        CaseAction::FeePaid {
            date: d("2025-03-05"),
        },
    );
    assert!(matches!(e, CaseError::NoFeeNotice { .. }), "{e}");
    let h = with(
        &received_2025_with_fee(),
        CaseAction::FeePaid {
            date: d("2025-03-10"),
        },
    );
    let e = refuse(
        &h,
        CaseAction::FeePaid {
            date: d("2025-03-11"),
        },
    );
    assert_eq!(
        e,
        CaseError::FeeSettled {
            action: "缴纳费用",
            date: d("2025-03-10")
        }
    );
}

#[test]
fn art42_lapse_only_after_the_payment_due_date() {
    // Notice received 2025-03-05; 20 working days: 6,7 (2), 10-14 (7),
    // 17-21 (12), 24-28 (17), 31 (18), 04-01 (19), 04-02 (20) → 2025-04-02.
    let h = received_2025_with_fee();
    let v = view(&h, &cal(), d("2025-03-06")).unwrap();
    assert_eq!(v.state, CaseState::AwaitingPayment);
    assert_eq!(v.fee.as_ref().unwrap().due, Some(d("2025-04-02")));
    assert_eq!(
        v.applicant_todo,
        vec![ApplicantTodo::PayFee {
            amount_yuan: 100,
            due: d("2025-04-02")
        }]
    );
    assert!(v.applicant_todo[0].describe_zh().contains("100元"));
    let e = refuse(
        &h,
        CaseAction::FeeLapsed {
            date: d("2025-04-02"),
        },
    );
    assert_eq!(
        e,
        CaseError::FeeLapseTooEarly {
            due: d("2025-04-02"),
            date: d("2025-04-02")
        }
    );
    let h = with(
        &h,
        CaseAction::FeeLapsed {
            date: d("2025-04-03"),
        },
    );
    let v = view(&h, &cal(), d("2025-04-03")).unwrap();
    assert_eq!(v.outcome, Some(Outcome::FeeUnpaid));
    assert!(v.applicant_todo.is_empty());
    let e = refuse(&h, decide("2025-04-07", Outcome::OtherHandling));
    assert!(matches!(e, CaseError::OutcomeContradicts { .. }), "{e}");
    with(&h, decide("2025-04-07", Outcome::FeeUnpaid));
}

#[test]
fn art42_no_decision_while_awaiting_payment() {
    let e = refuse(
        &received_2025_with_fee(),
        decide("2025-03-06", Outcome::Disclosed),
    );
    assert!(
        matches!(
            e,
            CaseError::DecisionWhileAwaiting {
                what: "等待缴费",
                ..
            }
        ),
        "{e}"
    );
}

// ------------------------------------------------------- Art. 36–39: outcome

#[test]
fn art36_outcome_decided_exactly_once() {
    let h = with(&received(), decide("2025-03-10", Outcome::Disclosed));
    let e = refuse(&h, decide("2025-03-11", Outcome::Partial));
    assert!(matches!(e, CaseError::SecondOutcome { .. }), "{e}");
    let e = refuse(&h, ext_request("2025-03-11", 5));
    assert!(matches!(e, CaseError::AfterDecision { .. }), "{e}");
}

#[test]
fn art36_referral_only_for_not_held() {
    let mut a = decide("2025-03-10", Outcome::Disclosed);
    if let CaseAction::OutcomeDecided { referred_to, .. } = &mut a {
        *referred_to = Some("某区住建局".to_owned());
    }
    let e = refuse(&received(), a);
    assert!(matches!(e, CaseError::ReferralNotAllowed { .. }), "{e}");
    let not_held = |r: &str| CaseAction::OutcomeDecided {
        date: d("2025-03-10"),
        outcome: Outcome::NotHeld,
        reasoning: String::new(),
        referred_to: Some(r.to_owned()),
        access_method: String::new(),
        provided: Vec::new(),
    };
    assert_eq!(refuse(&received(), not_held(" ")), CaseError::ReferralEmpty);
    let h = with(&received(), not_held("某区住建局"));
    let v = view(&h, &cal(), d("2025-03-10")).unwrap();
    assert_eq!(v.referred_to.as_deref(), Some("某区住建局"));
    assert_eq!(v.state, CaseState::Decided);
}

// ------------------------------------------- withdrawal, delivery, closing

#[test]
fn withdrawal_any_time_before_delivery() {
    // Withdrawn while waiting for a correction.
    let h = with(&received(), correction("2025-03-05", "2025-03-19"));
    let w = with(&h, withdraw("2025-03-06"));
    let v = view(&w, &cal(), d("2025-03-06")).unwrap();
    assert_eq!(v.state, CaseState::Withdrawn);
    assert_eq!(v.outcome, Some(Outcome::OtherHandling));
    assert_eq!(v.mark, QueueMark::Finished);
    assert!(v.applicant_todo.is_empty());
    assert!(v.is_open);
    let e = refuse(&w, withdraw("2025-03-07"));
    assert!(matches!(e, CaseError::AlreadyWithdrawn { .. }), "{e}");
    let e = refuse(&w, corrected("2025-03-07"));
    assert!(matches!(e, CaseError::AfterWithdrawal { .. }), "{e}");
    // Withdrawn after a decision that was not yet delivered: supersedes it.
    let h = with(&received(), decide("2025-03-10", Outcome::Disclosed));
    let w = with(&h, withdraw("2025-03-11"));
    let v = view(&w, &cal(), d("2025-03-11")).unwrap();
    assert_eq!(v.outcome, Some(Outcome::OtherHandling));
    // Not after delivery.
    let h = with(&h, deliver("2025-03-11"));
    let e = refuse(&h, withdraw("2025-03-12"));
    assert!(matches!(e, CaseError::AfterDelivery { .. }), "{e}");
}

#[test]
fn delivery_needs_an_outcome_and_closing_a_delivery() {
    let e = refuse(&received(), deliver("2025-03-10"));
    assert_eq!(e, CaseError::DeliveredWithoutOutcome);
    let e = refuse(&received(), close("2025-03-10"));
    assert_eq!(e, CaseError::ClosedBeforeDelivery);
    let h = with(&received(), decide("2025-03-10", Outcome::Disclosed));
    let e = refuse(&h, close("2025-03-10"));
    assert_eq!(e, CaseError::ClosedBeforeDelivery);
    let h = with(&h, deliver("2025-03-11"));
    let e = refuse(&h, deliver("2025-03-12"));
    assert!(matches!(e, CaseError::AfterDelivery { .. }), "{e}");
    let h = with(&h, close("2025-03-12"));
    let e = refuse(&h, close("2025-03-13"));
    assert!(matches!(e, CaseError::AfterClosed { .. }), "{e}");
    let e = refuse(&h, decide("2025-03-13", Outcome::Partial));
    assert!(matches!(e, CaseError::AfterClosed { .. }), "{e}");
    let v = view(&h, &cal(), d("2025-03-20")).unwrap();
    assert_eq!(v.state, CaseState::Closed);
    assert!(!v.is_open);
    assert_eq!(v.on_time, Some(true));
    assert_eq!(v.delivered, Some((d("2025-03-11"), DeliveryMethod::Post)));
}

// -------------------------------------------------------- deadline mapping

#[test]
fn deadline_events_map_the_history() {
    let h = history(vec![
        CaseAction::SubmittedOnline {
            date: d("2025-03-03"),
        },
        online_confirmed("2025-03-04"),
        correction("2025-03-05", "2025-03-19"),
        corrected("2025-03-10"),
        consult(1, "2025-03-11"),
        consult_end(1, "2025-03-12"),
        ext_request("2025-03-13", 5),
        ext_approve("2025-03-14", 5),
        decide("2025-03-17", Outcome::Disclosed),
        deliver("2025-03-18"),
        close("2025-03-19"),
    ]);
    let ev = deadline_events(&h);
    assert_eq!(
        ev,
        vec![
            CaseEvent::Received {
                date: d("2025-03-04"),
                channel: Channel::Online
            },
            CaseEvent::CorrectionRequested {
                date: d("2025-03-05"),
                applicant_deadline: Some(d("2025-03-19"))
            },
            CaseEvent::CorrectedReceived {
                date: d("2025-03-10")
            },
            CaseEvent::ConsultationStarted {
                id: 1,
                date: d("2025-03-11"),
                party: ConsultParty::ThirdParty
            },
            CaseEvent::ConsultationEnded {
                id: 1,
                date: d("2025-03-12"),
                how: ConsultationOutcome::Answered
            },
            CaseEvent::ExtensionApproved {
                date: d("2025-03-14"),
                days: 5
            },
            CaseEvent::Replied {
                date: d("2025-03-18")
            },
        ]
    );
    validate_history(&h, &cal()).unwrap();
}

// ------------------------------------------------------------------- view

#[test]
fn queue_marks_against_the_reply_deadline() {
    // Reply due 2025-03-31 (Mon).
    let h = received();
    let mark = |today: &str| view(&h, &cal(), d(today)).unwrap().mark;
    // 03-25 → 03-31: 26, 27, 28, 31 = 4 working days.
    assert_eq!(mark("2025-03-25"), QueueMark::Normal);
    // 03-26 → 03-31: 27, 28, 31 = 3.
    assert_eq!(mark("2025-03-26"), QueueMark::DueSoon);
    assert_eq!(mark("2025-03-31"), QueueMark::DueSoon);
    assert_eq!(mark("2025-04-01"), QueueMark::Overdue);
    // Decided but not delivered is still overdue.
    let h2 = with(&h, decide("2025-03-28", Outcome::Disclosed));
    assert_eq!(
        view(&h2, &cal(), d("2025-04-01")).unwrap().mark,
        QueueMark::Overdue
    );
    // Delivered late: finished, not on time.
    let h3 = with(&h2, deliver("2025-04-01"));
    let v = view(&h3, &cal(), d("2025-04-02")).unwrap();
    assert_eq!(v.mark, QueueMark::Finished);
    assert_eq!(v.on_time, Some(false));
    for (m, l) in [
        (QueueMark::Overdue, "已逾期"),
        (QueueMark::DueSoon, "即将到期"),
        (QueueMark::Normal, "正常"),
        (QueueMark::Finished, "计时结束"),
    ] {
        assert_eq!(m.label_zh(), l);
    }
}

#[test]
fn state_labels() {
    let labels: Vec<&str> = CaseState::ALL.iter().map(|s| s.label_zh()).collect();
    assert_eq!(
        labels,
        [
            "待确认",
            "办理中",
            "待补正",
            "征求意见中",
            "延期待审批",
            "答复待签发",
            "待缴费",
            "已作出决定",
            "已送达",
            "已办结",
            "已撤回"
        ]
    );
}

#[test]
fn view_serializes_and_is_computed_as_of_the_last_event() {
    let h = with(&received(), correction("2025-03-05", "2025-03-19"));
    // `today` before the last event: computed as of the last event.
    let v = view(&h, &cal(), d("2025-03-04")).unwrap();
    assert_eq!(v.state, CaseState::AwaitingCorrection);
    assert_eq!(v.reply_due, None);
    assert_eq!(
        v.applicant_todo,
        vec![ApplicantTodo::AnswerCorrection {
            items: vec!["请写明所需信息的名称或文号".to_owned()],
            deadline: d("2025-03-19")
        }]
    );
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json["state"], "awaiting_correction");
    assert_eq!(json["mark"], "normal");
    assert_eq!(json["applicant_todo"][0]["kind"], "answer_correction");
}

#[test]
fn view_rejects_an_invalid_history() {
    let mut h = received();
    h.push(rec(2, decide("2025-03-10", Outcome::Disclosed)));
    h.push(rec(3, decide("2025-03-11", Outcome::Partial)));
    assert!(matches!(
        view(&h, &cal(), d("2025-03-12")),
        Err(CaseError::SecondOutcome { .. })
    ));
    assert!(validate_history(&h, &cal()).is_err());
}

#[test]
fn timeline_has_one_line_per_event() {
    let mut h = with(&received(), correction("2025-03-05", "2025-03-19"));
    h[1].note = "电话已告知".to_owned();
    let lines = timeline_zh(&h);
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[0],
        "2025-03-03 李承办：确认收到申请（当面提交，收到申请之日2025-03-03）"
    );
    assert_eq!(
        lines[1],
        "2025-03-05 李承办：告知补正（补正期限2025-03-19）：请写明所需信息的名称或文号（备注：电话已告知）"
    );
}

// --------------------------------------------------------------- register

#[test]
fn summary_from_history_takes_the_disposal_date() {
    let h = with(&received(), decide("2025-03-10", Outcome::Partial));
    let h = with(&h, deliver("2025-03-12"));
    let s = CaseSummary::from_history(ApplicantType::LegalServiceInstitution, &h);
    assert_eq!(
        s,
        CaseSummary {
            applicant_type: ApplicantType::LegalServiceInstitution,
            receipt_date: Some(d("2025-03-03")),
            outcome: Some(Outcome::Partial),
            decided_on: Some(d("2025-03-10")),
        }
    );
    let w = with(&h[..2], withdraw("2025-03-11"));
    let s = CaseSummary::from_history(ApplicantType::NaturalPerson, &w);
    assert_eq!(s.outcome, Some(Outcome::OtherHandling));
    assert_eq!(s.decided_on, Some(d("2025-03-11")));
    let t = table3(&[s], 2025, ReportFormat::Y2021);
    assert_eq!(t.get("r_other_other", 0), 1);
}

#[test]
fn table4_columns_follow_the_format() {
    let cols = ReportFormat::Y2021.table4_columns();
    for (kind, first) in [
        (AppealKind::Reconsideration, 0),
        (AppealKind::LitigationDirect, 5),
        (AppealKind::LitigationAfterReconsideration, 10),
    ] {
        for r in AppealResult::ALL {
            let t = table4(
                &[AppealSummary {
                    kind,
                    result: r,
                    filed_on: d("2025-05-01"),
                    decided_on: None,
                }],
                2025,
            );
            let i = t.iter().position(|&n| n == 1).unwrap();
            assert_eq!(cols[i].result, r.label_zh());
            assert!(cols[first + 4].is_total());
            assert_eq!(t[first + 4], 1);
        }
    }
}

#[test]
fn withdrawal_clears_what_was_pending() {
    let h = with(&received(), ext_request("2025-03-20", 5));
    let h = with(&h, withdraw("2025-03-21"));
    let e = refuse(&h, ext_approve("2025-03-21", 5));
    assert!(matches!(e, CaseError::AfterWithdrawal { .. }), "{e}");
    let v = view(&h, &cal(), d("2025-03-21")).unwrap();
    assert_eq!(v.pending_extension, None);
    assert_eq!(v.reply_due, None);
    assert_eq!(v.on_time, None);
    // A notice may still be delivered; it is not a reply for the deadline.
    let h = with(&h, deliver("2025-04-10"));
    let v = view(&h, &cal(), d("2025-04-10")).unwrap();
    assert_eq!(v.on_time, None);
    assert_eq!(v.mark, QueueMark::Finished);
    assert_eq!(deadline_events(&h).len(), 1);
}
