//! Worked examples of the next actions: the list each state offers (written
//! from the case page as it stood and the workflow's rules), who may record
//! them, and that the workflow accepts every action offered.

use chrono::{DateTime, NaiveDate};

use super::*;
use crate::access::Relation;
use crate::application::DeliveryMethod;
use crate::calendar::Calendar;
use crate::deadline::{ConsultParty, ConsultationOutcome, ReceiptFacts};
use crate::fees::{FeeMethod, fee_by_volume};
use crate::staff::Role;
use crate::vocabulary::{Channel, Outcome};
use ActionKind as K;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
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

/// A history built without the workflow's checks.
fn raw(actions: Vec<CaseAction>) -> Vec<CaseEventRecord> {
    (1..).zip(actions).map(|(seq, a)| rec(seq, a)).collect()
}

/// A history every action of which the workflow accepted.
fn checked(actions: Vec<CaseAction>) -> Vec<CaseEventRecord> {
    let mut h = Vec::new();
    for a in actions {
        if let Err(e) = check_action(&h, &a, &Calendar::vendored()) {
            panic!("{} refused: {e}", a.label_zh());
        }
        h.push(rec(u32::try_from(h.len()).unwrap() + 1, a));
    }
    h
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

fn correction(date: &str, deadline: &str) -> CaseAction {
    CaseAction::CorrectionRequested {
        date: d(date),
        items: vec!["请说明所需信息的名称".into()],
        applicant_deadline: d(deadline),
    }
}

fn consult(id: u32, date: &str) -> CaseAction {
    CaseAction::ConsultationStarted {
        id,
        date: d(date),
        party: ConsultParty::ThirdParty,
        party_name: "某建设有限公司".into(),
        matter: "是否同意公开合同".into(),
    }
}

fn fee_notice(date: &str) -> CaseAction {
    let method = FeeMethod::ByVolume { pages: 100 };
    CaseAction::FeeNoticeIssued {
        date: d(date),
        method,
        amount_yuan: fee_by_volume(100),
    }
}

fn decided(date: &str) -> CaseAction {
    CaseAction::OutcomeDecided {
        date: d(date),
        outcome: Outcome::Disclosed,
        reasoning: "予以公开".into(),
        referred_to: None,
        access_method: String::new(),
        provided: Vec::new(),
    }
}

/// The clerk's draft of a 不予公开 reply (拟办) on `date`.
fn drafted(date: &str) -> CaseAction {
    CaseAction::DecisionDrafted {
        date: d(date),
        outcome: Outcome::DenyThirdParty,
        reasoning: "公开会损害第三方合法权益".into(),
        referred_to: None,
        access_method: String::new(),
        provided: Vec::new(),
    }
}

/// One action of `kind` on `date`, as a clerk or reviewer would record it
/// after the scenarios below (consultation 1 open, 5 days requested).
fn sample(kind: ActionKind, date: NaiveDate) -> CaseAction {
    match kind {
        K::Confirm => CaseAction::ReceiptConfirmed {
            channel: Channel::Online,
            receipt_date: date,
            facts: ReceiptFacts {
                arrived: Some(d("2025-03-03")),
                confirmed: Some(date),
                ..Default::default()
            },
        },
        K::Correction => CaseAction::CorrectionRequested {
            date,
            items: vec!["申请内容".into()],
            applicant_deadline: date + chrono::Days::new(14),
        },
        K::CorrectionReceived => CaseAction::CorrectionSubmitted {
            date,
            text: "补正后的申请".into(),
        },
        K::CorrectionLapse => CaseAction::CorrectionLapsed { date },
        K::Consult => CaseAction::ConsultationStarted {
            id: 99,
            date,
            party: ConsultParty::CoProducingAgency,
            party_name: "市财政局".into(),
            matter: "共同制作的文件".into(),
        },
        K::ConsultEnd => CaseAction::ConsultationEnded {
            id: 1,
            date,
            how: ConsultationOutcome::Answered,
            opinion: "同意公开".into(),
        },
        K::ExtensionRequest => CaseAction::ExtensionRequested {
            date,
            days: 5,
            reason: "需要调档".into(),
        },
        K::ExtensionApprove => CaseAction::ExtensionApproved { date, days: 5 },
        K::ExtensionRefuse => CaseAction::ExtensionRefused {
            date,
            reason: "无需延期".into(),
        },
        K::FeeNotice => fee_notice(&date.to_string()),
        K::FeePaid => CaseAction::FeePaid { date },
        K::FeeLapse => CaseAction::FeeLapsed { date },
        K::AgencyDeadline => CaseAction::AgencyDeadlineSet {
            date,
            due: d("2025-06-30"),
            justification: "申请数量明显超过合理范围".into(),
        },
        // The form's decision is a draft where a draft may be made (the
        // command records it directly when no approval is needed).
        K::Decide => drafted(&date.to_string()),
        K::SignDecision => match drafted(&date.to_string()) {
            CaseAction::DecisionDrafted {
                date,
                outcome,
                reasoning,
                referred_to,
                access_method,
                provided,
            } => CaseAction::OutcomeDecided {
                date,
                outcome,
                reasoning,
                referred_to,
                access_method,
                provided,
            },
            other => other,
        },
        K::ReturnDecision => CaseAction::DecisionReturned {
            date,
            reason: "理由未写明依据的条款".into(),
        },
        K::Deliver => CaseAction::Delivered {
            date,
            method: DeliveryMethod::Post,
        },
        K::Close => CaseAction::Closed { date },
        K::Withdraw => CaseAction::Withdrawn {
            date,
            reason: "申请人书面撤回".into(),
        },
    }
}

/// (name, history, a day to act on, the actions expected next).
fn scenarios() -> Vec<(
    &'static str,
    Vec<CaseEventRecord>,
    NaiveDate,
    Vec<ActionKind>,
)> {
    let received = || in_person("2025-03-03");
    let all_in_progress = vec![
        K::Correction,
        K::Consult,
        K::ExtensionRequest,
        K::FeeNotice,
        K::AgencyDeadline,
        K::Decide,
        K::Withdraw,
    ];
    vec![
        (
            "online, unconfirmed",
            checked(vec![CaseAction::SubmittedOnline {
                date: d("2025-03-03"),
            }]),
            d("2025-03-04"),
            vec![K::Confirm, K::Withdraw],
        ),
        (
            "received",
            checked(vec![received()]),
            d("2025-03-05"),
            all_in_progress,
        ),
        (
            // Art. 30: no correction once a consultation was made.
            "consulted and answered",
            checked(vec![
                received(),
                consult(1, "2025-03-04"),
                CaseAction::ConsultationEnded {
                    id: 1,
                    date: d("2025-03-06"),
                    how: ConsultationOutcome::Answered,
                    opinion: String::new(),
                },
            ]),
            d("2025-03-07"),
            vec![
                K::Consult,
                K::ExtensionRequest,
                K::FeeNotice,
                K::AgencyDeadline,
                K::Decide,
                K::Withdraw,
            ],
        ),
        (
            "awaiting correction",
            checked(vec![received(), correction("2025-03-05", "2025-03-14")]),
            d("2025-03-17"),
            vec![K::CorrectionReceived, K::CorrectionLapse, K::Withdraw],
        ),
        (
            "consulting",
            checked(vec![received(), consult(1, "2025-03-04")]),
            d("2025-03-06"),
            vec![K::ConsultEnd, K::Withdraw],
        ),
        (
            "extension requested",
            checked(vec![
                received(),
                CaseAction::ExtensionRequested {
                    date: d("2025-03-10"),
                    days: 5,
                    reason: "需要调档".into(),
                },
            ]),
            d("2025-03-11"),
            // The clerk works on while the head of the office decides.
            vec![
                K::ExtensionApprove,
                K::ExtensionRefuse,
                K::Consult,
                K::FeeNotice,
                K::AgencyDeadline,
                K::Decide,
                K::Withdraw,
            ],
        ),
        (
            "reply drafted, awaiting approval",
            checked(vec![received(), drafted("2025-03-10")]),
            d("2025-03-11"),
            vec![
                K::SignDecision,
                K::ReturnDecision,
                K::Correction,
                K::Consult,
                K::ExtensionRequest,
                K::FeeNotice,
                K::AgencyDeadline,
                K::Withdraw,
            ],
        ),
        (
            "draft returned",
            checked(vec![
                received(),
                drafted("2025-03-10"),
                CaseAction::DecisionReturned {
                    date: d("2025-03-11"),
                    reason: "理由未写明依据的条款".into(),
                },
            ]),
            d("2025-03-12"),
            vec![
                K::Correction,
                K::Consult,
                K::ExtensionRequest,
                K::FeeNotice,
                K::AgencyDeadline,
                K::Decide,
                K::Withdraw,
            ],
        ),
        (
            // Notice received 03-05: payment due 04-02 (20 working days).
            "awaiting payment",
            checked(vec![received(), fee_notice("2025-03-05")]),
            d("2025-04-10"),
            vec![K::FeePaid, K::FeeLapse, K::Withdraw],
        ),
        (
            "decided",
            checked(vec![received(), decided("2025-03-10")]),
            d("2025-03-11"),
            vec![K::Deliver, K::Withdraw],
        ),
        (
            "delivered",
            checked(vec![
                received(),
                decided("2025-03-10"),
                sample(K::Deliver, d("2025-03-12")),
            ]),
            d("2025-03-13"),
            vec![K::Close],
        ),
        (
            "withdrawn",
            checked(vec![received(), sample(K::Withdraw, d("2025-03-05"))]),
            d("2025-03-06"),
            vec![K::Close],
        ),
        (
            // Given up (Art. 30): the notice is delivered; no withdrawal.
            "correction lapsed",
            checked(vec![
                received(),
                correction("2025-03-05", "2025-03-14"),
                CaseAction::CorrectionLapsed {
                    date: d("2025-03-17"),
                },
            ]),
            d("2025-03-18"),
            vec![K::Deliver],
        ),
        (
            "closed",
            checked(vec![
                received(),
                sample(K::Withdraw, d("2025-03-05")),
                CaseAction::Closed {
                    date: d("2025-03-06"),
                },
            ]),
            d("2025-03-07"),
            vec![],
        ),
        (
            // Art. 33(2): 20 working days approved, none left to request.
            "extended by the maximum",
            checked(vec![
                received(),
                CaseAction::ExtensionRequested {
                    date: d("2025-03-10"),
                    days: 20,
                    reason: "需要调档".into(),
                },
                CaseAction::ExtensionApproved {
                    date: d("2025-03-11"),
                    days: 20,
                },
            ]),
            d("2025-03-12"),
            vec![
                K::Consult,
                K::FeeNotice,
                K::AgencyDeadline,
                K::Decide,
                K::Withdraw,
            ],
        ),
    ]
}

fn kinds(h: &[CaseEventRecord]) -> Vec<ActionKind> {
    next_actions(h, &[Role::Clerk, Role::Reviewer], Relation::OwnAgency)
        .into_iter()
        .map(|n| n.kind)
        .collect()
}

#[test]
fn each_state_offers_its_next_actions() {
    for (name, h, _, expected) in scenarios() {
        assert_eq!(kinds(&h), expected, "{name}");
    }
}

#[test]
fn the_workflow_accepts_every_action_offered() {
    let cal = Calendar::vendored();
    for (name, h, day, expected) in scenarios() {
        for kind in expected {
            let a = sample(kind, day);
            if let Err(e) = check_action(&h, &a, &cal) {
                panic!("{name}: {kind:?} offered but refused: {e}");
            }
        }
    }
}

#[test]
fn no_fee_notice_for_an_application_received_before_2021_109() {
    let h = raw(vec![in_person("2020-12-01")]);
    assert!(!kinds(&h).contains(&K::FeeNotice));
    let h = raw(vec![in_person("2021-01-04")]);
    assert!(kinds(&h).contains(&K::FeeNotice));
}

#[test]
fn the_extension_is_decided_by_the_reviewer_the_rest_by_the_clerk() {
    let (_, h, _, _) = scenarios().remove(5);
    let permitted = |roles: &[Role]| -> Vec<ActionKind> {
        next_actions(&h, roles, Relation::OwnAgency)
            .into_iter()
            .filter(|n| n.permitted.is_ok())
            .map(|n| n.kind)
            .collect()
    };
    assert_eq!(
        permitted(&[Role::Clerk]),
        vec![
            K::Consult,
            K::FeeNotice,
            K::AgencyDeadline,
            K::Decide,
            K::Withdraw
        ]
    );
    assert_eq!(
        permitted(&[Role::Reviewer]),
        vec![K::ExtensionApprove, K::ExtensionRefuse]
    );
    assert_eq!(permitted(&[Role::Supervisor, Role::Administrator]), vec![]);
    // The agency above watches: nothing is permitted there.
    let above = next_actions(&h, &[Role::Clerk, Role::Reviewer], Relation::Subtree);
    assert!(above.iter().all(|n| n.permitted.is_err()));
}

#[test]
fn may_record_checks_the_role_and_the_dates() {
    let today = d("2025-03-10");
    let roles = [Role::Clerk];
    let ok = sample(K::Consult, today);
    assert_eq!(may_record(&ok, &roles, Relation::OwnAgency, today), Ok(()));
    let approve = sample(K::ExtensionApprove, today);
    let e = may_record(&approve, &roles, Relation::OwnAgency, today).unwrap_err();
    assert!(matches!(e, RecordRefusal::Forbidden(_)), "{e}");
    let tomorrow = sample(K::Consult, d("2025-03-11"));
    assert_eq!(
        may_record(&tomorrow, &roles, Relation::OwnAgency, today),
        Err(RecordRefusal::Invalid(
            "日期 2025-03-11 晚于今天（2025-03-10），不能预先记录，请核对日期。".into()
        ))
    );
    let online = CaseAction::SubmittedOnline { date: today };
    assert!(matches!(
        may_record(&online, &roles, Relation::OwnAgency, today),
        Err(RecordRefusal::Forbidden(_))
    ));
}

#[test]
fn action_dates_must_be_plausible() {
    let today = d("2025-03-10");
    assert!(check_action_dates(&sample(K::Withdraw, d("1949-09-30")), today).is_err());
    // A correction deadline lies ahead, but not in 2205.
    assert!(check_action_dates(&correction("2025-03-10", "2025-03-24"), today).is_ok());
    let e = check_action_dates(&correction("2025-03-10", "2205-03-24"), today).unwrap_err();
    assert!(e.contains("补正期限“2205-03-24”"), "{e}");
}

#[test]
fn decidable_outcomes_leave_out_those_reached_by_an_event() {
    let h = checked(vec![in_person("2025-03-03")]);
    let outcomes = decidable_outcomes(&h);
    assert_eq!(outcomes.len(), Outcome::ALL.len() - 4);
    assert!(!outcomes.contains(&Outcome::UnclearAfterCorrection));
    assert!(!outcomes.contains(&Outcome::OtherHandling));
    let cal = Calendar::vendored();
    for o in outcomes {
        let a = CaseAction::OutcomeDecided {
            date: d("2025-03-10"),
            outcome: o,
            reasoning: "说明".into(),
            referred_to: None,
            access_method: String::new(),
            provided: Vec::new(),
        };
        assert!(check_action(&h, &a, &cal).is_ok(), "{o:?}");
    }
    // After an answered correction 补正后申请内容仍不明确 may be chosen.
    let h = checked(vec![
        in_person("2025-03-03"),
        correction("2025-03-05", "2025-03-14"),
        CaseAction::CorrectionSubmitted {
            date: d("2025-03-10"),
            text: "补正".into(),
        },
    ]);
    assert!(decidable_outcomes(&h).contains(&Outcome::UnclearAfterCorrection));
}

#[test]
fn documents_and_who_receives_them() {
    let third = documents_for(&consult(1, "2025-03-04"));
    assert_eq!(
        third,
        vec![
            Issued {
                kind: crate::document::DocumentKind::ThirdPartyConsultation,
                to_applicant: false
            },
            Issued {
                kind: crate::document::DocumentKind::ThirdPartyApplicantNotice,
                to_applicant: true
            },
        ]
    );
    let co = documents_for(&sample(K::Consult, d("2025-03-04")));
    assert_eq!(co.len(), 1);
    assert!(!co[0].to_applicant);
    let lapse = documents_for(&CaseAction::FeeLapsed {
        date: d("2025-04-10"),
    });
    assert_eq!(
        lapse[0].kind,
        crate::document::DocumentKind::Reply(Outcome::FeeUnpaid)
    );
    assert!(lapse[0].to_applicant);
    assert!(documents_for(&sample(K::ExtensionRequest, d("2025-03-04"))).is_empty());
    assert!(documents_for(&sample(K::Close, d("2025-03-04"))).is_empty());
}

#[test]
fn kinds_round_trip_their_codes_and_actions() {
    for k in ActionKind::ALL {
        assert_eq!(ActionKind::from_code(k.code()), Some(k));
        // Signing records the decision itself: the action is a 答复决定;
        // `may_record_in` knows it as a signing from the pending draft.
        let recorded = if k == K::SignDecision { K::Decide } else { k };
        assert_eq!(ActionKind::of(&sample(k, d("2025-03-04"))), Some(recorded));
    }
}

#[test]
fn a_fee_by_count_takes_the_registers_ordinal() {
    let a = CaseAction::FeeNoticeIssued {
        date: d("2025-03-05"),
        method: FeeMethod::ByCount {
            ordinal_in_month: 0,
        },
        amount_yuan: 0,
    };
    assert_eq!(
        a.with_month_ordinal(31),
        CaseAction::FeeNoticeIssued {
            date: d("2025-03-05"),
            method: FeeMethod::ByCount {
                ordinal_in_month: 31
            },
            amount_yuan: 200,
        }
    );
    let by_volume = fee_notice("2025-03-05");
    assert_eq!(by_volume.clone().with_month_ordinal(31), by_volume);
}
