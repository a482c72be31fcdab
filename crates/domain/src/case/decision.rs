//! 审核签发: a reply decision drafted by the clerk (拟办), approved and
//! issued (签发) or returned (退回) by the reviewer.
//!
//! Which outcomes need approval is the agency's choice ([`ApprovalRule`]);
//! the default follows common practice in disclosure offices: every reply
//! other than 予以公开 and 已主动公开 — a refusal, a partial release, a
//! 无法提供 or 不予处理 answer limits what the applicant gets and is the
//! letter that is appealed (Art. 51), so the head of the office signs it.
//! While a draft waits the clerk keeps working on the case (the reply clock
//! runs on; nothing is paused by an approval).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Serialize;

use super::ActionKind;
use super::workflow::{CaseError, Replay};
use super::{CaseAction, Provided};
use crate::access::Relation;
use crate::policy::{self, Permission, Refusal};
use crate::staff::Role;
use crate::vocabulary::Outcome;

/// A draft decision awaiting approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PendingDecision {
    pub drafted_on: NaiveDate,
    pub outcome: Outcome,
    pub reasoning: String,
    pub referred_to: Option<String>,
    pub access_method: String,
    pub provided: Vec<Provided>,
}

/// The last draft returned, with the reviewer's reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReturnedDecision {
    pub date: NaiveDate,
    pub reason: String,
}

impl PendingDecision {
    /// The decision that signing this draft on `date` records.
    pub fn signed_on(&self, date: NaiveDate) -> CaseAction {
        CaseAction::OutcomeDecided {
            date,
            outcome: self.outcome,
            reasoning: self.reasoning.clone(),
            referred_to: self.referred_to.clone(),
            access_method: self.access_method.clone(),
            provided: self.provided.clone(),
        }
    }
}

impl Replay {
    pub(super) fn apply_draft(&mut self, action: &CaseAction) {
        match action {
            CaseAction::DecisionDrafted {
                date,
                outcome,
                reasoning,
                referred_to,
                access_method,
                provided,
            } => {
                self.returned = None;
                self.draft = Some(PendingDecision {
                    drafted_on: *date,
                    outcome: *outcome,
                    reasoning: reasoning.clone(),
                    referred_to: referred_to.clone(),
                    access_method: access_method.clone(),
                    provided: provided.clone(),
                });
            }
            CaseAction::DecisionReturned { date, reason } => {
                self.draft = None;
                self.returned = Some(ReturnedDecision {
                    date: *date,
                    reason: reason.clone(),
                });
            }
            _ => {}
        }
    }

    /// One draft at a time.
    pub(super) fn check_draft(&self) -> Result<(), CaseError> {
        match &self.draft {
            Some(d) => Err(CaseError::DraftPending { date: d.drafted_on }),
            None => Ok(()),
        }
    }

    pub(super) fn check_return(&self, action: &'static str, reason: &str) -> Result<(), CaseError> {
        if self.draft.is_none() {
            return Err(CaseError::NoDraft { action });
        }
        if reason.trim().is_empty() {
            return Err(CaseError::ReturnReasonMissing);
        }
        Ok(())
    }

    /// A decision recorded while a draft waits is its signing: it issues the
    /// draft as drafted (a change goes back to the clerk).
    pub(super) fn check_signed(&self, action: &CaseAction) -> Result<(), CaseError> {
        let (Some(d), CaseAction::OutcomeDecided { date, .. }) = (&self.draft, action) else {
            return Ok(());
        };
        let signed = d.signed_on(*date);
        let same_outcome =
            matches!(action, CaseAction::OutcomeDecided { outcome, .. } if *outcome == d.outcome);
        if !same_outcome {
            Err(CaseError::DraftMismatch {
                what: "答复类型"
            })
        } else if *action != signed {
            Err(CaseError::DraftMismatch {
                what: "理由、获取方式或提供的信息",
            })
        } else {
            Ok(())
        }
    }
}

/// What a reply of `outcome` must state besides its article, as the
/// Regulation asks: how to obtain the information — 已主动公开 (Art. 36(一)),
/// 予以公开 and 部分公开 (Art. 36(二)(三)), and the channel a 咨询, 信访 or
/// 出版物 request belongs to (Art. 39) — and, for 部分公开 and 其他处理, the
/// reasons (Art. 36(三), 37). Returns the missing text's name, if any.
pub fn missing_text(
    outcome: Outcome,
    reasoning: &str,
    access_method: &str,
) -> Option<&'static str> {
    let needs_access = matches!(
        outcome,
        Outcome::AlreadyPublished
            | Outcome::Disclosed
            | Outcome::Partial
            | Outcome::DenyQueryMatter
            | Outcome::Petition
            | Outcome::PublicPublication
    );
    let needs_reason = matches!(outcome, Outcome::Partial | Outcome::OtherHandling);
    if needs_access && access_method.trim().is_empty() {
        Some("获取方式")
    } else if needs_reason && reasoning.trim().is_empty() {
        Some("理由")
    } else {
        None
    }
}

/// Which outcomes an agency has signed by its reviewer before the letter
/// is issued (审核签发). See the module for the default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApprovalRule {
    pub outcomes: BTreeSet<Outcome>,
}

impl Default for ApprovalRule {
    fn default() -> Self {
        ApprovalRule {
            outcomes: Outcome::ALL
                .into_iter()
                .filter(|o| !matches!(o, Outcome::Disclosed | Outcome::AlreadyPublished))
                .collect(),
        }
    }
}

impl ApprovalRule {
    pub fn needs_approval(&self, outcome: Outcome) -> bool {
        self.outcomes.contains(&outcome)
    }

    /// The stored form: outcome codes joined by commas.
    pub fn to_codes(&self) -> String {
        self.outcomes
            .iter()
            .map(|o| o.code())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Reads [`Self::to_codes`]; unknown codes are an error naming them.
    pub fn from_codes(codes: &str) -> Result<ApprovalRule, String> {
        let mut outcomes = BTreeSet::new();
        for code in codes.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            let o = Outcome::from_code(code)
                .ok_or_else(|| format!("未知的答复类型“{code}”，请从列表中选择。"))?;
            outcomes.insert(o);
        }
        Ok(ApprovalRule { outcomes })
    }
}

/// Whether a staff member holding `roles` may record `action` as the
/// decision of a case whose pending draft is `draft`, under the agency's
/// `rule`: an outcome that needs approval is issued only by a reviewer
/// signing a draft (the clerk drafts it first); other outcomes the clerk
/// issues directly. Drafting an outcome that needs no approval is allowed
/// too (the clerk may ask for a second look).
pub fn check_signing(
    rule: &ApprovalRule,
    draft: Option<&PendingDecision>,
    action: &CaseAction,
    roles: &[Role],
) -> Result<(), Refusal> {
    let CaseAction::OutcomeDecided { outcome, .. } = action else {
        return Ok(());
    };
    // Who signs is the policy's rule (审核人), written once there.
    let sign = Permission::RecordCaseAction(ActionKind::SignDecision);
    let reviewer = policy::may_in(roles, sign, Relation::OwnAgency).is_ok();
    if !rule.needs_approval(*outcome) {
        return Ok(());
    }
    match draft {
        None => Err(Refusal(format!(
            "本机关规定“{}”答复须经审核签发：请先提交拟办答复，由审核人审核签发。",
            outcome.label()
        ))),
        Some(_) if !reviewer => Err(Refusal(
            "拟办答复须由审核人签发；承办人不能签发自己提交审核的答复。".into(),
        )),
        Some(_) => Ok(()),
    }
}
