//! Unit tests of the deadline engine. Expected dates were worked out by hand
//! from the vendored 2025 notice: in March–April 2025
//! the only special days are 2025-04-04..06 off (清明节) and Sunday 2025-04-27
//! working (劳动节调休).

use chrono::NaiveDate;

use super::*;
use crate::calendar::TraceStatus;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn cal() -> Calendar {
    Calendar::vendored()
}

/// Received Monday 2025-03-03 in person.
fn received() -> CaseEvent {
    CaseEvent::Received {
        date: d("2025-03-03"),
        channel: Channel::InPerson,
    }
}

fn run(events: &[CaseEvent], as_of: &str) -> Deadlines {
    compute(&cal(), events, d(as_of)).unwrap()
}

fn reply(events: &[CaseEvent], as_of: &str) -> NaiveDate {
    run(events, as_of).reply_due.unwrap().date
}

#[test]
fn law_constants_match_the_regulation() {
    assert_eq!(law::CORRECTION_NOTICE_WORKING_DAYS, 7);
    assert_eq!(law::REPLY_WORKING_DAYS, 20);
    assert_eq!(law::MAX_EXTENSION_WORKING_DAYS, 20);
    assert_eq!(law::THIRD_PARTY_CONSULTATION_WORKING_DAYS, 15);
    assert_eq!(law::CO_PRODUCER_CONSULTATION_WORKING_DAYS, 15);
    assert_eq!(law::FEE_PAYMENT_WORKING_DAYS, 20);
    assert_eq!(law::RECONSIDERATION_DAYS, 60);
    assert_eq!(law::LITIGATION_MONTHS, 6);
}

#[test]
fn art33_plain_reply_is_20_working_days_and_art30_notice_7() {
    // 2025-03-04..07 (1-4), 10-14 (5-9), 17-21 (10-14), 24-28 (15-19), 31 (20).
    let dl = run(&[received()], "2025-03-03");
    let due = dl.reply_due.as_ref().unwrap();
    assert_eq!(due.date, d("2025-03-31"));
    assert_eq!(due.basis, "《条例》第三十三条第二款");
    assert!(!due.provisional && !due.open_pause);
    assert_eq!(due.explanation.working_days, 20);
    assert_eq!(dl.clock, ClockState::Running);
    // 7th working day: 4,5,6,7,10,11,12.
    let cn = dl.correction_notice_due.as_ref().unwrap();
    assert_eq!(cn.date, d("2025-03-12"));
    assert_eq!(cn.basis, "《条例》第三十条");
    assert!(!dl.correction_requested_late);
}

#[test]
fn art30_correction_restarts_the_clock_from_the_corrected_application() {
    let mut events = vec![
        received(),
        CaseEvent::CorrectionRequested {
            date: d("2025-03-05"),
            applicant_deadline: Some(d("2025-03-20")),
        },
    ];
    // While waiting for the correction there is no reply deadline.
    let waiting = run(&events, "2025-03-07");
    assert!(waiting.reply_due.is_none());
    assert_eq!(
        waiting.clock,
        ClockState::AwaitingCorrection {
            applicant_deadline: Some(d("2025-03-20"))
        }
    );
    // Corrected on Monday 2025-03-10: 11-14 (4), 17-21 (9), 24-28 (14), 31 (15),
    // Apr 1-3 (18), Apr 4-6 清明节 skipped, Apr 7 (19), Apr 8 (20).
    events.push(CaseEvent::CorrectedReceived {
        date: d("2025-03-10"),
    });
    let dl = run(&events, "2025-03-10");
    let due = dl.reply_due.unwrap();
    assert_eq!(due.date, d("2025-04-08"));
    assert_eq!(due.explanation.base_date, d("2025-03-10"));
    assert_eq!(dl.clock_start, Some(d("2025-03-10")));
    assert!(
        due.explanation
            .days
            .iter()
            .any(|t| t.date == d("2025-04-04")
                && t.status
                    == TraceStatus::Skipped {
                        reason: crate::calendar::DayReason::Holiday {
                            name: "清明节".into()
                        }
                    })
    );
}

#[test]
fn art30_correction_requested_after_seven_working_days_is_flagged() {
    let events = [
        received(),
        CaseEvent::CorrectionRequested {
            date: d("2025-03-13"),
            applicant_deadline: None,
        },
    ];
    assert!(run(&events, "2025-03-13").correction_requested_late);
    let events = [
        received(),
        CaseEvent::CorrectionRequested {
            date: d("2025-03-12"),
            applicant_deadline: None,
        },
    ];
    assert!(!run(&events, "2025-03-12").correction_requested_late);
}

#[test]
fn art30_second_correction_is_rejected() {
    let req = |date: &str| CaseEvent::CorrectionRequested {
        date: d(date),
        applicant_deadline: None,
    };
    let err = compute(
        &cal(),
        &[received(), req("2025-03-04"), req("2025-03-05")],
        d("2025-03-05"),
    )
    .unwrap_err();
    assert_eq!(err, DeadlineError::SecondCorrection);
    assert_eq!(err.to_string(), "补正只能一次（《条例》第三十条）");
    // Also after the corrected application arrived.
    let err = compute(
        &cal(),
        &[
            received(),
            req("2025-03-04"),
            CaseEvent::CorrectedReceived {
                date: d("2025-03-06"),
            },
            req("2025-03-07"),
        ],
        d("2025-03-07"),
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "补正只能一次（《条例》第三十条）");
}

#[test]
fn art30_corrected_without_request_is_rejected() {
    let err = compute(
        &cal(),
        &[
            received(),
            CaseEvent::CorrectedReceived {
                date: d("2025-03-06"),
            },
        ],
        d("2025-03-07"),
    )
    .unwrap_err();
    assert!(matches!(err, DeadlineError::NoCorrectionRequested { .. }));
}

#[test]
fn art30_correction_lapsed_gives_the_application_up() {
    let events = [
        received(),
        CaseEvent::CorrectionRequested {
            date: d("2025-03-04"),
            applicant_deadline: Some(d("2025-03-14")),
        },
        CaseEvent::CorrectionLapsed {
            date: d("2025-03-17"),
        },
    ];
    let dl = run(&events, "2025-03-20");
    assert!(dl.reply_due.is_none());
    assert!(matches!(dl.clock, ClockState::GivenUp { .. }));
    // Nothing may follow.
    let mut more = events.to_vec();
    more.push(CaseEvent::Replied {
        date: d("2025-03-18"),
    });
    assert!(matches!(
        compute(&cal(), &more, d("2025-03-20")),
        Err(DeadlineError::GivenUp { .. })
    ));
}

#[test]
fn art30_consultation_while_awaiting_correction_is_rejected() {
    let events = [
        received(),
        CaseEvent::CorrectionRequested {
            date: d("2025-03-04"),
            applicant_deadline: None,
        },
        CaseEvent::ConsultationStarted {
            id: 1,
            date: d("2025-03-05"),
            party: ConsultParty::ThirdParty,
        },
    ];
    assert!(matches!(
        compute(&cal(), &events, d("2025-03-05")),
        Err(DeadlineError::AwaitingCorrection { .. })
    ));
}

#[test]
fn art33_extension_adds_20_working_days() {
    // 03-31 is day 20; then Apr 1-3 (23), 7-11 (28), 14-18 (33), 21-25 (38),
    // Sunday Apr 27 劳动节调休上班 (39), Monday Apr 28 (40).
    let events = [
        received(),
        CaseEvent::ExtensionApproved {
            date: d("2025-03-25"),
            days: 20,
        },
    ];
    let dl = run(&events, "2025-03-25");
    let due = dl.reply_due.unwrap();
    assert_eq!(due.date, d("2025-04-28"));
    assert_eq!(due.explanation.working_days, 40);
    assert_eq!(due.explanation.extension_days, 20);
    assert_eq!(dl.extension_days, 20);
    let apr27 = due
        .explanation
        .days
        .iter()
        .find(|t| t.date == d("2025-04-27"))
        .unwrap();
    assert!(matches!(apr27.status, TraceStatus::Counted { n: 39, .. }));
    // Two extensions of 10 reach the same date.
    let split = [
        received(),
        CaseEvent::ExtensionApproved {
            date: d("2025-03-25"),
            days: 10,
        },
        CaseEvent::ExtensionApproved {
            date: d("2025-03-26"),
            days: 10,
        },
    ];
    assert_eq!(reply(&split, "2025-03-26"), d("2025-04-28"));
}

#[test]
fn art33_extension_beyond_20_working_days_is_rejected() {
    let err = compute(
        &cal(),
        &[
            received(),
            CaseEvent::ExtensionApproved {
                date: d("2025-03-25"),
                days: 21,
            },
        ],
        d("2025-03-25"),
    )
    .unwrap_err();
    assert_eq!(err, DeadlineError::ExtensionTooLong { total: 21, max: 20 });
    assert!(err.to_string().contains("《条例》第三十三条"), "{err}");
    let err = compute(
        &cal(),
        &[
            received(),
            CaseEvent::ExtensionApproved {
                date: d("2025-03-25"),
                days: 15,
            },
            CaseEvent::ExtensionApproved {
                date: d("2025-03-26"),
                days: 10,
            },
        ],
        d("2025-03-26"),
    )
    .unwrap_err();
    assert_eq!(err, DeadlineError::ExtensionTooLong { total: 25, max: 20 });
}

#[test]
fn art42_fee_pause_is_not_counted_and_payment_due_is_20_working_days() {
    // Notice received Monday 03-10, paid Friday 03-14: 11,12,13,14 paused (4 days),
    // so the reply moves from 03-31 by 4 working days: Apr 1,2,3,(4-6 off),7.
    let events = [
        received(),
        CaseEvent::FeeNoticeSent {
            date: d("2025-03-10"),
        },
        CaseEvent::FeePaid {
            date: d("2025-03-14"),
        },
    ];
    let dl = run(&events, "2025-03-20");
    let due = dl.reply_due.as_ref().unwrap();
    assert_eq!(due.date, d("2025-04-07"));
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
        vec![
            d("2025-03-11"),
            d("2025-03-12"),
            d("2025-03-13"),
            d("2025-03-14")
        ]
    );
    // Payment: 03-10 + 20: 11-14 (4), 17-21 (9), 24-28 (14), 31 (15), Apr 1-3 (18),
    // Apr 7 (19), Apr 8 (20).
    let pay = dl.payment_due.unwrap();
    assert_eq!(pay.date, d("2025-04-08"));
    assert!(pay.basis.contains("第四十二条"));
}

#[test]
fn art42_fee_lapsed_gives_the_application_up() {
    let events = [
        received(),
        CaseEvent::FeeNoticeSent {
            date: d("2025-03-10"),
        },
        CaseEvent::FeeLapsed {
            date: d("2025-04-09"),
        },
    ];
    let dl = run(&events, "2025-04-09");
    assert!(dl.reply_due.is_none());
    assert!(matches!(dl.clock, ClockState::GivenUp { .. }));
}

#[test]
fn art33_open_consultation_pause_is_flagged_and_keeps_moving() {
    let events = [
        received(),
        CaseEvent::ConsultationStarted {
            id: 1,
            date: d("2025-03-10"),
            party: ConsultParty::ThirdParty,
        },
    ];
    // As of Thursday 03-13: 11,12,13 paused → 03-31 + 3 = 04-03.
    let dl = run(&events, "2025-03-13");
    let due = dl.reply_due.as_ref().unwrap();
    assert_eq!(due.date, d("2025-04-03"));
    assert!(due.open_pause);
    assert_eq!(dl.clock, ClockState::Paused);
    // One day later it has moved one more working day (Apr 4-6 are off).
    assert_eq!(reply(&events, "2025-03-14"), d("2025-04-07"));
    // The consultation's own period: 03-10 + 15 = 03-31 (Art. 32).
    let (id, c) = &dl.consultations[0];
    assert_eq!(*id, 1);
    assert_eq!(c.date, d("2025-03-31"));
    assert_eq!(c.basis, "《条例》第三十二条");
}

#[test]
fn art32_unanswered_consultation_pauses_at_most_15_working_days() {
    let events = [
        received(),
        CaseEvent::ConsultationStarted {
            id: 1,
            date: d("2025-03-10"),
            party: ConsultParty::CoProducingAgency,
        },
    ];
    // Period ends 03-31; pause (03-10, 03-31] = 15 working days; 03-31 + 15:
    // Apr 1,2,3,7,8,9,10,11,14,15,16,17,18,21,22.
    let dl = run(&events, "2025-04-15");
    let due = dl.reply_due.as_ref().unwrap();
    assert_eq!(due.date, d("2025-04-22"));
    assert!(!due.open_pause);
    assert!(!dl.notes.is_empty());
    assert_eq!(dl.consultations[0].1.basis, "《条例》第三十四条");
}

#[test]
fn art33_overlapping_consultations_pause_each_day_once() {
    let events = [
        received(),
        CaseEvent::ConsultationStarted {
            id: 1,
            date: d("2025-03-10"),
            party: ConsultParty::ThirdParty,
        },
        CaseEvent::ConsultationStarted {
            id: 2,
            date: d("2025-03-12"),
            party: ConsultParty::CoProducingAgency,
        },
        CaseEvent::ConsultationEnded {
            id: 1,
            date: d("2025-03-14"),
            how: ConsultationOutcome::Answered,
        },
        CaseEvent::ConsultationEnded {
            id: 2,
            date: d("2025-03-18"),
            how: ConsultationOutcome::TimedOut,
        },
    ];
    // Union (03-10, 03-18] = 11,12,13,14,17,18 = 6 days → 03-31 + 6 =
    // Apr 1,2,3,7,8,9.
    let dl = run(&events, "2025-03-20");
    assert_eq!(dl.reply_due.unwrap().date, d("2025-04-09"));
    assert_eq!(dl.clock, ClockState::Running);
}

#[test]
fn consultation_errors() {
    let start = |id| CaseEvent::ConsultationStarted {
        id,
        date: d("2025-03-10"),
        party: ConsultParty::ThirdParty,
    };
    let end = |id| CaseEvent::ConsultationEnded {
        id,
        date: d("2025-03-11"),
        how: ConsultationOutcome::Answered,
    };
    let c = cal();
    let as_of = d("2025-03-12");
    assert_eq!(
        compute(&c, &[received(), start(1), start(1)], as_of).unwrap_err(),
        DeadlineError::DuplicateConsultation { id: 1 }
    );
    assert_eq!(
        compute(&c, &[received(), end(2)], as_of).unwrap_err(),
        DeadlineError::UnknownConsultation { id: 2 }
    );
    assert_eq!(
        compute(&c, &[received(), start(1), end(1), end(1)], as_of).unwrap_err(),
        DeadlineError::ConsultationAlreadyEnded { id: 1 }
    );
}

#[test]
fn art35_agency_deadline_replaces_the_reply_due_date() {
    let events = [
        received(),
        CaseEvent::AgencyDeadlineSet {
            date: d("2025-03-20"),
            due: d("2025-06-30"),
            justification: "申请人一个月内提交200件申请".into(),
        },
        CaseEvent::Replied {
            date: d("2025-06-20"),
        },
    ];
    let dl = run(&events, "2025-06-20");
    let due = dl.reply_due.as_ref().unwrap();
    assert_eq!(due.date, d("2025-06-30"));
    assert_eq!(due.basis, "《条例》第三十五条");
    assert!(
        due.explanation
            .notes
            .iter()
            .any(|n| n.contains("申请人一个月内提交200件申请"))
    );
    // The statutory date it replaces is recorded too.
    assert!(
        due.explanation
            .notes
            .iter()
            .any(|n| n.contains("2025-03-31"))
    );
    assert_eq!(dl.replied_on_time, Some(true));
    assert_eq!(
        dl.clock,
        ClockState::Replied {
            date: d("2025-06-20")
        }
    );
}

#[test]
fn replied_on_time_compares_with_the_handover_day() {
    let on = [
        received(),
        CaseEvent::Replied {
            date: d("2025-03-31"),
        },
    ];
    assert_eq!(run(&on, "2025-04-10").replied_on_time, Some(true));
    let late = [
        received(),
        CaseEvent::Replied {
            date: d("2025-04-01"),
        },
    ];
    assert_eq!(run(&late, "2025-04-10").replied_on_time, Some(false));
}

#[test]
fn replied_closes_an_open_pause_at_the_reply_date() {
    let events = [
        received(),
        CaseEvent::ConsultationStarted {
            id: 1,
            date: d("2025-03-10"),
            party: ConsultParty::ThirdParty,
        },
        CaseEvent::Replied {
            date: d("2025-03-12"),
        },
    ];
    // Paused 11, 12 only (not up to as_of): 03-31 + 2 = 04-02.
    let dl = run(&events, "2025-05-01");
    let due = dl.reply_due.unwrap();
    assert_eq!(due.date, d("2025-04-02"));
    assert!(!due.open_pause);
    assert!(
        compute(
            &cal(),
            &[
                events[0].clone(),
                events[2].clone(),
                CaseEvent::FeeNoticeSent {
                    date: d("2025-03-13")
                }
            ],
            d("2025-05-01")
        )
        .is_err()
    );
}

#[test]
fn event_order_is_validated() {
    let c = cal();
    assert_eq!(
        compute(&c, &[], d("2025-03-03")).unwrap_err(),
        DeadlineError::NotReceivedFirst
    );
    assert_eq!(
        compute(
            &c,
            &[CaseEvent::Replied {
                date: d("2025-03-03")
            }],
            d("2025-03-03")
        )
        .unwrap_err(),
        DeadlineError::NotReceivedFirst
    );
    let err = compute(
        &c,
        &[
            received(),
            CaseEvent::FeeNoticeSent {
                date: d("2025-03-02"),
            },
        ],
        d("2025-03-10"),
    )
    .unwrap_err();
    assert!(matches!(err, DeadlineError::OutOfOrder { index: 2, .. }));
    assert!(err.to_string().contains("时间顺序"));
    assert!(matches!(
        compute(&c, &[received()], d("2025-03-02")),
        Err(DeadlineError::AfterAsOf { .. })
    ));
    assert_eq!(
        compute(&c, &[received(), received()], d("2025-03-03")).unwrap_err(),
        DeadlineError::DuplicateReceipt
    );
    assert!(matches!(
        compute(
            &c,
            &[
                received(),
                CaseEvent::FeePaid {
                    date: d("2025-03-04")
                }
            ],
            d("2025-03-04")
        ),
        Err(DeadlineError::NoFeeNotice { .. })
    ));
}

#[test]
fn provisional_reply_due_in_an_unpublished_year() {
    // 2027 has no notice in the vendored data.
    let events = [CaseEvent::Received {
        date: d("2026-12-21"),
        channel: Channel::Online,
    }];
    let due = run(&events, "2026-12-21").reply_due.unwrap();
    assert!(due.provisional);
    assert!(due.render_zh().contains("暂定"));
}

/// A request received in 2027 (no notice yet) meets 春节 by 《全国年节及纪念日
/// 放假办法》: received Wed 2027-01-20; Jan 21-22 (1-2), 25-29 (3-7), Feb 1-4
/// (8-11); Feb 5 除夕 – Feb 8 初三 off (Art. 2), Feb 9-10 补假 for 初一 and 初二 on
/// the weekend (Art. 6); Feb 11-12 (12-13), 15-19 (14-18), 22-23 (19-20).
#[test]
fn provisional_reply_due_counts_the_statutory_spring_festival() {
    let events = [CaseEvent::Received {
        date: d("2027-01-20"),
        channel: Channel::Online,
    }];
    let due = run(&events, "2027-01-20").reply_due.unwrap();
    assert_eq!(due.date, d("2027-02-23"));
    assert!(due.provisional);
    let text = due.render_zh();
    assert!(
        text.contains("2027-02-08 周一 跳过：春节（依《全国年节及纪念日放假办法》第二条）（暂定"),
        "{text}"
    );
}

#[test]
fn explanation_renders_in_chinese() {
    let events = [CaseEvent::Received {
        date: d("2025-01-20"),
        channel: Channel::InPerson,
    }];
    let dl = run(&events, "2025-01-20");
    let text = dl.reply_due.as_ref().unwrap().render_zh();
    assert!(text.starts_with("答复期限：2025-02-21（周五）"), "{text}");
    assert!(text.contains("依据：《条例》第三十三条第二款"), "{text}");
    assert!(text.contains("2025-01-21 周二 第1个工作日"), "{text}");
    assert!(text.contains("2025-01-25 周六 跳过：周末"), "{text}");
    assert!(
        text.contains("2025-01-26 周日 第5个工作日（春节调休上班）"),
        "{text}"
    );
    assert!(text.contains("2025-01-28 周二 跳过：春节"), "{text}");
    let all = dl.render_zh();
    assert!(all.contains("补正告知期限：2025-02-05（周三）"), "{all}");
}

#[test]
fn pause_renders_as_paused() {
    let events = [
        received(),
        CaseEvent::ConsultationStarted {
            id: 3,
            date: d("2025-03-10"),
            party: ConsultParty::ThirdParty,
        },
    ];
    let text = run(&events, "2025-03-11").reply_due.unwrap().render_zh();
    assert!(
        text.contains("2025-03-11 周二 暂停计算：征求第三方意见（第3号"),
        "{text}"
    );
    assert!(text.contains("期限还会后移"), "{text}");
}

#[test]
fn events_roundtrip_through_tagged_json() {
    let events = vec![
        received(),
        CaseEvent::ConsultationStarted {
            id: 1,
            date: d("2025-03-10"),
            party: ConsultParty::CoProducingAgency,
        },
        CaseEvent::ConsultationEnded {
            id: 1,
            date: d("2025-03-11"),
            how: ConsultationOutcome::TimedOut,
        },
    ];
    let json = serde_json::to_string(&events).unwrap();
    assert!(json.contains(r#""event":"received""#), "{json}");
    assert!(json.contains(r#""party":"co_producing_agency""#), "{json}");
    let back: Vec<CaseEvent> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, events);
    // applicant_deadline may be omitted.
    let e: CaseEvent =
        serde_json::from_str(r#"{"event":"correction_requested","date":"2025-03-04"}"#).unwrap();
    assert_eq!(
        e,
        CaseEvent::CorrectionRequested {
            date: d("2025-03-04"),
            applicant_deadline: None
        }
    );
}
