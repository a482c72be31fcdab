//! The command staff record actions with (the case page and the JSON API
//! both call it): who may record what ([`case::may_record_in`]), the
//! agency's approval rule (审核签发, [`case::check_signing`]) and the
//! recording itself. A decision that needs the reviewer's approval is
//! recorded as the clerk's draft (拟办); the reviewer signs (签发) or
//! returns (退回) it.

use gongkai_domain::access::Relation;
use gongkai_domain::case::{
    self, ApprovalRule, CaseAction, RecordRefusal, check_signing, may_record_in,
};
use gongkai_store::{AgencyId, Staff, Store};

use super::{CaseBundle, RecordError, record, with_fee_ordinal};
use crate::{App, Error};

/// What recording did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// The event was recorded; the ids of the documents it issued.
    Issued(Vec<i64>),
    /// The decision was recorded as a draft for the reviewer to sign.
    Drafted,
}

/// The agency's approval rule: its saved choice, or the default.
pub async fn approval_rule(store: &dyn Store, agency: AgencyId) -> Result<ApprovalRule, Error> {
    let saved = store.request_settings(agency).await?.approval_outcomes;
    match saved {
        None => Ok(ApprovalRule::default()),
        Some(codes) => ApprovalRule::from_codes(&codes).map_err(Error::internal),
    }
}

/// Record `action` on the case of `who`'s own agency as the event after
/// `expected_seq - 1`.
pub async fn act(
    state: &App,
    b: &CaseBundle,
    who: &Staff,
    expected_seq: u32,
    action: CaseAction,
    note: String,
) -> Result<Recorded, RecordError> {
    if expected_seq != b.next_seq() {
        return Err(RecordError::Stale);
    }
    let today = state.clock.today();
    let draft = b.view.pending_decision.as_ref();
    may_record_in(
        &action,
        draft.is_some(),
        &who.roles,
        Relation::OwnAgency,
        today,
    )
    .map_err(|r| match r {
        RecordRefusal::Forbidden(r) => RecordError::Other(Error::forbidden(r.0)),
        RecordRefusal::Invalid(m) => RecordError::Refused(m),
    })?;
    if let CaseAction::OutcomeDecided {
        outcome,
        reasoning,
        access_method,
        ..
    }
    | CaseAction::DecisionDrafted {
        outcome,
        reasoning,
        access_method,
        ..
    } = &action
        && let Some(what) = case::missing_text(*outcome, reasoning, access_method)
    {
        return Err(RecordError::Refused(format!(
            "“{}”的答复书须写明{what}：请填写“{what}”。",
            outcome.label()
        )));
    }
    let action = checked_provided(state, b, action)
        .await
        .map_err(|e| match e {
            Error::Invalid(m) => RecordError::Refused(m),
            other => RecordError::Other(other),
        })?;
    let action = with_fee_ordinal(state, b, action).await?;
    let rule = approval_rule(state.store.as_ref(), b.agency.id).await?;
    let action = as_draft_if_needed(&rule, b, action);
    check_signing(&rule, draft, &action, &who.roles)
        .map_err(|r| RecordError::Other(Error::forbidden(r.0)))?;
    let drafted = matches!(action, CaseAction::DecisionDrafted { .. });
    let actor = case::Actor::Staff {
        id: who.id,
        name: who.display_name.clone(),
    };
    let ids = record(state, b, expected_seq, actor, action, note).await?;
    Ok(if drafted {
        Recorded::Drafted
    } else {
        Recorded::Issued(ids)
    })
}

/// What a decision provides, as the command trusts it: released files of
/// this case and published catalogue items only, named as the platform
/// names them — whatever a client (the JSON API) sent. Anything else is
/// refused, so no reply can hand the applicant another file of the case
/// (an identity proof) or a link elsewhere.
async fn checked_provided(
    state: &App,
    b: &CaseBundle,
    mut action: CaseAction,
) -> Result<CaseAction, Error> {
    let (CaseAction::OutcomeDecided { provided, .. }
    | CaseAction::DecisionDrafted { provided, .. }) = &mut action
    else {
        return Ok(action);
    };
    if provided.is_empty() {
        return Ok(action);
    }
    let mut files = Vec::new();
    let mut items = Vec::new();
    for p in provided.iter() {
        let item = p
            .link
            .as_deref()
            .and_then(|l| l.strip_prefix("/items/"))
            .and_then(|n| n.parse::<i64>().ok());
        match (p.attachment, item) {
            (Some(id), None) if p.link.is_none() => files.push(id),
            (None, Some(id)) => items.push(id),
            _ => {
                return Err(Error::invalid(
                    "所提供的信息只能是本案件上传的拟提供文件（attachment）或已发布的主动公开信息（link 为 /items/编号），请核对后重新提交。",
                ));
            }
        }
    }
    *provided = super::release::provided(state, b, &files, &items).await?;
    Ok(action)
}

/// The clerk's decision becomes a draft when the agency has the reviewer
/// sign its outcome, or while an extension request waits (the letter cannot
/// be issued before the head of the office has decided it, Art. 33(2)).
fn as_draft_if_needed(rule: &ApprovalRule, b: &CaseBundle, action: CaseAction) -> CaseAction {
    let waiting = b.view.pending_extension.is_some();
    match action {
        CaseAction::OutcomeDecided {
            date,
            outcome,
            reasoning,
            referred_to,
            access_method,
            provided,
        } if b.view.pending_decision.is_none() && (rule.needs_approval(outcome) || waiting) => {
            CaseAction::DecisionDrafted {
                date,
                outcome,
                reasoning,
                referred_to,
                access_method,
                provided,
            }
        }
        other => other,
    }
}

/// 签发: the reviewer issues the pending draft today.
pub async fn sign(
    state: &App,
    b: &CaseBundle,
    who: &Staff,
    expected_seq: u32,
    note: String,
) -> Result<Recorded, RecordError> {
    let draft = b
        .view
        .pending_decision
        .as_ref()
        .ok_or_else(|| RecordError::Refused("本案件没有待签发的拟办答复。".into()))?;
    let action = draft.signed_on(state.clock.today());
    act(state, b, who, expected_seq, action, note).await
}
