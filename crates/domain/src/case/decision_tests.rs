//! Worked examples of 审核签发: a county bureau's clerk drafts a 不予公开
//! reply on Mon 2025-03-10 (received in person Mon 2025-03-03); the reviewer
//! returns it, the clerk drafts again, the reviewer signs.

use chrono::{DateTime, NaiveDate};

use super::*;
use crate::access::Relation;
use crate::calendar::Calendar;
use crate::deadline::ReceiptFacts;
use crate::staff::Role;
use crate::vocabulary::{Channel, Outcome};

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

/// Appends `a` after checking it, or panics with the refusal.
fn then(h: &mut Vec<CaseEventRecord>, a: CaseAction) {
    if let Err(e) = check_action(h, &a, &Calendar::vendored()) {
        panic!("{} refused: {e}", a.label_zh());
    }
    h.push(rec(u32::try_from(h.len()).unwrap() + 1, a));
}

fn received() -> Vec<CaseEventRecord> {
    let mut h = Vec::new();
    then(
        &mut h,
        CaseAction::ReceiptConfirmed {
            channel: Channel::InPerson,
            receipt_date: d("2025-03-03"),
            facts: ReceiptFacts {
                arrived: Some(d("2025-03-03")),
                ..Default::default()
            },
        },
    );
    h
}

fn draft(date: &str, reasoning: &str) -> CaseAction {
    CaseAction::DecisionDrafted {
        date: d(date),
        outcome: Outcome::DenyThirdParty,
        reasoning: reasoning.into(),
        referred_to: None,
        access_method: String::new(),
        provided: Vec::new(),
    }
}

fn signed(date: &str, reasoning: &str) -> CaseAction {
    CaseAction::OutcomeDecided {
        date: d(date),
        outcome: Outcome::DenyThirdParty,
        reasoning: reasoning.into(),
        referred_to: None,
        access_method: String::new(),
        provided: Vec::new(),
    }
}

const FIRST: &str = "涉及商业秘密。";
const SECOND: &str = "合同单价属于第三方商业秘密，第三方不同意公开（《条例》第十五条）。";

#[test]
fn a_draft_is_returned_redrafted_and_signed() {
    let cal = Calendar::vendored();
    let mut h = received();
    then(&mut h, draft("2025-03-10", FIRST));
    let v = fold(&h, &cal, d("2025-03-10"));
    assert_eq!(v.state, CaseState::AwaitingApproval);
    assert_eq!(v.state.applicant_label_zh(), "办理中");
    assert_eq!(v.pending_decision.as_ref().unwrap().reasoning, FIRST);
    // The clock runs on: the reply is still due 20 working days after 03-03.
    assert_eq!(v.reply_due, Some(d("2025-03-31")));
    // One draft at a time.
    let e = check_action(&h, &draft("2025-03-10", SECOND), &cal).unwrap_err();
    assert_eq!(
        e,
        CaseError::DraftPending {
            date: d("2025-03-10")
        }
    );
    // A return needs its reason.
    let bare = CaseAction::DecisionReturned {
        date: d("2025-03-11"),
        reason: " ".into(),
    };
    assert_eq!(
        check_action(&h, &bare, &cal),
        Err(CaseError::ReturnReasonMissing)
    );
    then(
        &mut h,
        CaseAction::DecisionReturned {
            date: d("2025-03-11"),
            reason: "请写明依据的条款和第三方意见".into(),
        },
    );
    let v = fold(&h, &cal, d("2025-03-11"));
    assert_eq!(v.state, CaseState::InProgress);
    assert_eq!(
        v.returned_decision.as_ref().unwrap().reason,
        "请写明依据的条款和第三方意见"
    );
    then(&mut h, draft("2025-03-12", SECOND));
    // The reviewer signs the draft as drafted, never another text.
    let e = check_action(&h, &signed("2025-03-13", FIRST), &cal).unwrap_err();
    assert!(matches!(e, CaseError::DraftMismatch { .. }), "{e}");
    let mut other = signed("2025-03-13", SECOND);
    if let CaseAction::OutcomeDecided { outcome, .. } = &mut other {
        *outcome = Outcome::DenyStateSecret;
    }
    assert_eq!(
        check_action(&h, &other, &cal),
        Err(CaseError::DraftMismatch {
            what: "答复类型"
        })
    );
    then(&mut h, signed("2025-03-13", SECOND));
    let v = fold(&h, &cal, d("2025-03-13"));
    assert_eq!(v.state, CaseState::Decided);
    assert_eq!(v.outcome, Some(Outcome::DenyThirdParty));
    assert!(v.pending_decision.is_none() && v.returned_decision.is_none());
    // Drafts and returns issue no document; the signing issues the reply.
    assert!(documents_for(&draft("2025-03-12", SECOND)).is_empty());
    assert_eq!(documents_for(&signed("2025-03-13", SECOND)).len(), 1);
}

#[test]
fn a_draft_may_wait_for_an_extension_but_is_not_signed_before_it() {
    let cal = Calendar::vendored();
    let mut h = received();
    then(
        &mut h,
        CaseAction::ExtensionRequested {
            date: d("2025-03-10"),
            days: 10,
            reason: "需调档".into(),
        },
    );
    then(&mut h, draft("2025-03-11", SECOND));
    let e = check_action(&h, &signed("2025-03-11", SECOND), &cal).unwrap_err();
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
    // Both waits are internal: the applicant's timeline leaves them out.
    assert!(h[1].action.is_internal() && h[2].action.is_internal());
    assert!(!h[0].action.is_internal());
}

#[test]
fn the_default_rule_has_refusals_signed_and_releases_issued_by_the_clerk() {
    let rule = ApprovalRule::default();
    assert!(!rule.needs_approval(Outcome::Disclosed));
    assert!(!rule.needs_approval(Outcome::AlreadyPublished));
    for o in [
        Outcome::Partial,
        Outcome::DenyStateSecret,
        Outcome::NotHeld,
        Outcome::Petition,
    ] {
        assert!(rule.needs_approval(o), "{o:?}");
    }
    let deny = signed("2025-03-13", SECOND);
    let e = check_signing(&rule, None, &deny, &[Role::Clerk, Role::Reviewer]).unwrap_err();
    assert!(e.0.contains("须经审核签发"), "{e}");
    let h = {
        let mut h = received();
        then(&mut h, draft("2025-03-12", SECOND));
        h
    };
    let pending = fold(&h, &Calendar::vendored(), d("2025-03-13")).pending_decision;
    let e = check_signing(&rule, pending.as_ref(), &deny, &[Role::Clerk]).unwrap_err();
    assert!(e.0.contains("审核人签发"), "{e}");
    assert_eq!(
        check_signing(&rule, pending.as_ref(), &deny, &[Role::Reviewer]),
        Ok(())
    );
    let mut disclose = signed("2025-03-13", "");
    if let CaseAction::OutcomeDecided { outcome, .. } = &mut disclose {
        *outcome = Outcome::Disclosed;
    }
    assert_eq!(
        check_signing(&rule, None, &disclose, &[Role::Clerk]),
        Ok(())
    );
    // The signing is the reviewer's permission, the draft the clerk's.
    let today = d("2025-03-13");
    assert!(may_record_in(&deny, true, &[Role::Clerk], Relation::OwnAgency, today).is_err());
    assert!(may_record_in(&deny, true, &[Role::Reviewer], Relation::OwnAgency, today).is_ok());
    assert!(
        may_record_in(
            &draft("2025-03-13", SECOND),
            false,
            &[Role::Clerk],
            Relation::OwnAgency,
            today
        )
        .is_ok()
    );
}

#[test]
fn an_agency_stores_its_rule_as_outcome_codes() {
    let rule = ApprovalRule::from_codes("partial, deny_state_secret").unwrap();
    assert!(rule.needs_approval(Outcome::Partial));
    assert!(!rule.needs_approval(Outcome::NotHeld));
    assert_eq!(ApprovalRule::from_codes(&rule.to_codes()).unwrap(), rule);
    let e = ApprovalRule::from_codes("partial,secret").unwrap_err();
    assert!(e.contains("“secret”"), "{e}");
}
