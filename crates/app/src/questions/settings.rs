//! The agency's days of answering (政民互动设置): how many working days it
//! gives itself (default 5) and when the supervising office is told (after
//! 1 or 2 months, before the 3-month veto line), set by its administrator;
//! a question keeps the dates it was given when asked.

use gongkai_domain::participation::clocks::QuestionRules;
use gongkai_domain::participation::questions::rules_of;
use gongkai_domain::policy::{Permission, Principal, may_here};
use gongkai_store::StaffId;

use super::stamp;
use crate::{App, Error};

/// The settings form as typed.
#[derive(Debug, Clone, Default)]
pub struct RulesInput {
    pub answer_days: String,
    pub escalate_after_months: String,
}

fn administer(reader: &Principal<'_>) -> Result<(), Error> {
    may_here(reader.roles, Permission::AdministerAgency)
        .map_err(|r| Error::forbidden(format!("{}政民互动的答复期限由本机关管理员设置。", r.0)))
}

/// The reader's agency's days, for its administrator.
pub async fn rules(app: &App, reader: &Principal<'_>) -> Result<QuestionRules, Error> {
    administer(reader)?;
    super::ask::rules_of(app, reader.agency).await
}

/// Set the reader's agency's days.
pub async fn set_rules(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    input: &RulesInput,
) -> Result<QuestionRules, Error> {
    administer(reader)?;
    let number = |text: &str, what: &str| -> Result<u32, Error> {
        text.trim()
            .parse()
            .map_err(|_| Error::invalid(format!("{what}应填写整数，例如5。")))
    };
    let days = number(&input.answer_days, "答复期限（工作日）")?;
    let months = number(&input.escalate_after_months, "提请督办的月数")?;
    let rules = rules_of(days, months).map_err(|e| Error::invalid(e.to_string()))?;
    app.store
        .set_question_rules(reader.agency, rules, stamp(app, by))
        .await?;
    Ok(rules)
}
