//! The read model equals the fold (issue 15): for random histories — each
//! event appended only if the workflow accepts it, as the application does —
//! the snapshot taken after the last event answers, on every later day, the
//! same queue mark and reply due date as folding the whole history that day.
//! Also after a calendar change: a snapshot re-taken with the new calendar
//! answers what the fold with the new calendar answers.

use chrono::{DateTime, Days, NaiveDate};
use gongkai_domain::application::DeliveryMethod;
use gongkai_domain::calendar::{Calendar, DayOverride};
use gongkai_domain::case::{
    Actor, CaseAction, CaseEventRecord, CaseSnapshot, CaseState, QueueMark, check_action, fold,
};
use gongkai_domain::deadline::{ConsultParty, ConsultationOutcome, ReceiptFacts};
use gongkai_domain::fees::FeeMethod;
use gongkai_domain::vocabulary::{Channel, Outcome};
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The action `choice` would record on `date`, given the history so far.
fn candidate(h: &[CaseEventRecord], choice: u8, date: NaiveDate, n: u32) -> CaseAction {
    let open_consultation = || {
        let started: Vec<u32> = h
            .iter()
            .filter_map(|e| match e.action {
                CaseAction::ConsultationStarted { id, .. } => Some(id),
                _ => None,
            })
            .collect();
        started.last().copied().unwrap_or(1)
    };
    let consultations = h
        .iter()
        .filter(|e| matches!(e.action, CaseAction::ConsultationStarted { .. }))
        .count();
    match choice % 17 {
        0 => CaseAction::CorrectionRequested {
            date,
            items: vec!["写明所需信息的名称".into()],
            applicant_deadline: date + Days::new(u64::from(5 + n % 20)),
        },
        1 => CaseAction::CorrectionSubmitted {
            date,
            text: "已补正".into(),
        },
        2 => CaseAction::CorrectionLapsed { date },
        3 | 4 => CaseAction::ConsultationStarted {
            id: u32::try_from(consultations).unwrap() + 1,
            date,
            party: if n.is_multiple_of(2) {
                ConsultParty::ThirdParty
            } else {
                ConsultParty::CoProducingAgency
            },
            party_name: "某公司".into(),
            matter: String::new(),
        },
        5 => CaseAction::ConsultationEnded {
            id: open_consultation(),
            date,
            how: if n.is_multiple_of(3) {
                ConsultationOutcome::TimedOut
            } else {
                ConsultationOutcome::Answered
            },
            opinion: String::new(),
        },
        6 => CaseAction::ExtensionRequested {
            date,
            days: 1 + n % 20,
            reason: "需要调档".into(),
        },
        7 => {
            let requested = h.iter().rev().find_map(|e| match e.action {
                CaseAction::ExtensionRequested { days, .. } => Some(days),
                _ => None,
            });
            CaseAction::ExtensionApproved {
                date,
                days: requested.unwrap_or(10),
            }
        }
        8 => CaseAction::ExtensionRefused {
            date,
            reason: "理由不足".into(),
        },
        9 => CaseAction::FeeNoticeIssued {
            date,
            method: FeeMethod::ByVolume { pages: 150 },
            amount_yuan: 100,
        },
        10 => CaseAction::FeePaid { date },
        11 => CaseAction::FeeLapsed { date },
        12 => CaseAction::AgencyDeadlineSet {
            date,
            due: date + Days::new(u64::from(20 + n % 40)),
            justification: "申请数量巨大".into(),
        },
        13 => CaseAction::OutcomeDecided {
            date,
            outcome: [Outcome::Disclosed, Outcome::NotHeld, Outcome::Partial][n as usize % 3],
            reasoning: "经检索".into(),
            referred_to: None,
            access_method: String::new(),
            provided: Vec::new(),
        },
        14 => CaseAction::Withdrawn {
            date,
            reason: String::new(),
        },
        15 => CaseAction::Delivered {
            date,
            method: DeliveryMethod::Post,
        },
        _ => CaseAction::Closed { date },
    }
}

fn push(h: &mut Vec<CaseEventRecord>, action: CaseAction) {
    let seq = u32::try_from(h.len()).unwrap() + 1;
    h.push(CaseEventRecord {
        seq,
        at: DateTime::from_timestamp(1_735_700_000 + i64::from(seq) * 86_400, 0).unwrap(),
        actor: Actor::System,
        action,
        note: String::new(),
    });
}

/// A history received on `start` (in person, or online and confirmed), then
/// every step the workflow accepts.
fn history(
    calendar: &Calendar,
    start: NaiveDate,
    online: bool,
    steps: &[(u8, u8)],
) -> Vec<CaseEventRecord> {
    let mut h = Vec::new();
    let mut date = start;
    if online {
        push(&mut h, CaseAction::SubmittedOnline { date });
        date = date + Days::new(1);
        push(
            &mut h,
            CaseAction::ReceiptConfirmed {
                channel: Channel::Online,
                receipt_date: date,
                facts: ReceiptFacts {
                    arrived: Some(start),
                    confirmed: Some(date),
                    ..Default::default()
                },
            },
        );
    } else {
        push(
            &mut h,
            CaseAction::ReceiptConfirmed {
                channel: Channel::InPerson,
                receipt_date: date,
                facts: ReceiptFacts {
                    arrived: Some(date),
                    ..Default::default()
                },
            },
        );
    }
    for (i, (choice, gap)) in steps.iter().enumerate() {
        let next = date + Days::new(u64::from(gap % 12));
        let action = candidate(
            &h,
            *choice,
            next,
            u32::try_from(i).unwrap() + u32::from(*gap),
        );
        if check_action(&h, &action, calendar).is_ok() {
            push(&mut h, action);
            date = next;
        }
    }
    h
}

/// On each of the 70 days from the snapshot, snapshot and fold agree.
fn agree(
    h: &[CaseEventRecord],
    calendar: &Calendar,
    today: NaiveDate,
) -> Result<(), TestCaseError> {
    let snap = CaseSnapshot::of(h, calendar, today);
    for k in 0..70 {
        let day = snap.taken_on + Days::new(k);
        let v = fold(h, calendar, day);
        prop_assert_eq!(snap.mark_on(day), v.mark, "mark on {} of {:?}", day, h);
        prop_assert_eq!(
            snap.reply_due_on(calendar, day),
            v.reply_due,
            "due on {} of {:?}",
            day,
            h
        );
        prop_assert_eq!(snap.state, v.state);
    }
    Ok(())
}

fn steps() -> impl Strategy<Value = Vec<(u8, u8)>> {
    prop::collection::vec((any::<u8>(), any::<u8>()), 0..14)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn snapshot_answers_what_the_fold_answers(
        start in 0u64..700, online in any::<bool>(), steps in steps(), late in 0u64..40,
    ) {
        let calendar = Calendar::vendored();
        let start = d("2025-01-01") + Days::new(start);
        let h = history(&calendar, start, online, &steps);
        let last = h.iter().map(|e| e.action.date()).max().unwrap();
        agree(&h, &calendar, last + Days::new(late))?;
    }

    #[test]
    fn open_pauses_late_in_the_period_answer_what_the_fold_answers(
        start in 0u64..400, first in any::<u8>(), wait in 0u64..40,
        second in prop::option::of((any::<u8>(), 0u64..20)), late in 0u64..30,
    ) {
        let calendar = Calendar::vendored();
        let start = d("2025-01-01") + Days::new(start);
        let h = paused(&calendar, start, first, wait, second);
        let last = h.iter().map(|e| e.action.date()).max().unwrap();
        agree(&h, &calendar, last + Days::new(late))?;
    }

    /// An administrator declares an extra day off after the case was
    /// projected: the re-projection with the new calendar equals its fold.
    #[test]
    fn reprojection_after_a_calendar_change_answers_what_the_fold_answers(
        start in 0u64..300, steps in steps(), off in 0u64..60,
    ) {
        let before = Calendar::vendored();
        let start = d("2025-03-01") + Days::new(start);
        let h = history(&before, start, false, &steps);
        let last = h.iter().map(|e| e.action.date()).max().unwrap();
        let day_off = last + Days::new(off);
        let after = before.clone().with_override(DayOverride {
            date: day_off,
            working: false,
            name: "临时调整".into(),
            notice: "某地通知".into(),
            entered_at: None,
        });
        agree(&h, &after, last)?;
    }
}

/// A case with one or two pauses still open at the end, begun late enough in
/// the reply period that few working days are left (the cases the random
/// steps above rarely reach).
fn paused(
    calendar: &Calendar,
    start: NaiveDate,
    first: u8,
    wait: u64,
    second: Option<(u8, u64)>,
) -> Vec<CaseEventRecord> {
    let mut h = history(calendar, start, false, &[]);
    let mut date = start + Days::new(wait);
    for (kind, gap) in std::iter::once((first, 0)).chain(second) {
        date = date + Days::new(gap);
        let action = match kind % 3 {
            2 => candidate(&h, 9, date, 0),
            k => candidate(&h, 3, date, u32::from(k)),
        };
        if check_action(&h, &action, calendar).is_ok() {
            push(&mut h, action);
        }
    }
    h
}

/// A worked example, counted by hand from the 2025 notice: received in
/// person on Monday 2025-03-03, reply due 20 working days later on Monday
/// 2025-03-31. From Wednesday 2025-03-26 three working days remain
/// (27, 28, 31 March): due soon; overdue from 2025-04-01.
#[test]
fn a_running_clock_is_due_soon_and_overdue_on_fixed_days() {
    let calendar = Calendar::vendored();
    let h = history(&calendar, d("2025-03-03"), false, &[]);
    let snap = CaseSnapshot::of(&h, &calendar, d("2025-03-10"));
    assert_eq!(snap.state, CaseState::InProgress);
    assert!(snap.clock_runs);
    assert_eq!(snap.fixed_due, Some(d("2025-03-31")));
    assert_eq!(snap.due_soon_from, Some(d("2025-03-26")));
    assert_eq!(snap.overdue_from, Some(d("2025-04-01")));
    assert_eq!(snap.mark_on(d("2025-03-25")), QueueMark::Normal);
    assert_eq!(snap.mark_on(d("2025-03-26")), QueueMark::DueSoon);
    assert_eq!(snap.mark_on(d("2025-04-01")), QueueMark::Overdue);
}

/// Received Monday 2025-03-03; a third party consulted on Monday 2025-03-24
/// (15 working days counted: 4–7, 10–14, 17–21, 24 March, so 5 left). While
/// the consultation is awaited the due date moves with the day and the case
/// stays normal; the consultation's own period ends 15 working days after
/// 24 March, on Tuesday 2025-04-15 (25–28 March, 31 March–3 April, 7–11,
/// 14, 15 April; 4 April is 清明节). From then the due date is fixed: 5
/// working days after 15 April (16, 17, 18, 21, 22) = Tuesday 2025-04-22.
#[test]
fn an_open_consultation_moves_the_due_date_until_its_period_ends() {
    let calendar = Calendar::vendored();
    let mut h = history(&calendar, d("2025-03-03"), false, &[]);
    push(
        &mut h,
        CaseAction::ConsultationStarted {
            id: 1,
            date: d("2025-03-24"),
            party: ConsultParty::ThirdParty,
            party_name: "某公司".into(),
            matter: String::new(),
        },
    );
    let snap = CaseSnapshot::of(&h, &calendar, d("2025-03-24"));
    assert_eq!(snap.state, CaseState::Consulting);
    assert!(!snap.clock_runs);
    let moving = snap.moving.expect("the due date moves");
    assert_eq!(moving.until, d("2025-04-15"));
    assert_eq!(moving.working_days_left, 5);
    assert_eq!(snap.fixed_due, Some(d("2025-04-22")));
    // On Friday 2025-04-11 the due date is 5 working days on: 14–18 April.
    assert_eq!(
        snap.reply_due_on(&calendar, d("2025-04-11")),
        Some(d("2025-04-18"))
    );
    assert_eq!(snap.mark_on(d("2025-04-11")), QueueMark::Normal);
    // Due soon from Thursday 2025-04-17 (18, 21, 22 April left).
    assert_eq!(snap.mark_on(d("2025-04-16")), QueueMark::Normal);
    assert_eq!(snap.mark_on(d("2025-04-17")), QueueMark::DueSoon);
    assert_eq!(snap.mark_on(d("2025-04-22")), QueueMark::DueSoon);
    assert_eq!(snap.mark_on(d("2025-04-23")), QueueMark::Overdue);
}

/// The read model stores a state by its code: the name it is serialised by.
#[test]
fn state_codes_are_the_serialised_names() {
    for s in CaseState::ALL {
        assert_eq!(serde_json::to_value(s).unwrap(), s.code());
        assert_eq!(CaseState::from_code(s.code()), Some(s));
    }
    assert_eq!(CaseState::from_code("open"), None);
}
