//! 依申请公开设置 of an agency, as its administrator edits them: which
//! replies the reviewer signs (审核签发), the document number patterns per
//! series (发文字号), and the redress bodies when the agency tree does not
//! give them (垂直管理). Checked here; stored by `CaseOfficeStore`.

use std::collections::BTreeSet;

use gongkai_domain::case::ApprovalRule;
use gongkai_domain::case::numbering::{NumberPattern, Series};
use gongkai_domain::vocabulary::Outcome;
use gongkai_store::{Agency, RequestSettings, StaffId};

use crate::casework::{approval_rule, numbers};
use crate::{App, Error};

/// The settings as the form shows them: every value in force (defaults
/// filled in) and whether it is the agency's own.
pub struct SettingsInForce {
    pub approval: ApprovalRule,
    /// (series, pattern in force, the agency's own).
    pub patterns: Vec<(Series, String, bool)>,
    pub reconsideration_body: String,
    pub court: String,
}

pub async fn in_force(app: &App, agency: &Agency) -> Result<SettingsInForce, Error> {
    let saved = app.store.request_settings(agency.id).await?;
    let approval = approval_rule(app.store.as_ref(), agency.id).await?;
    let patterns = Series::ALL
        .into_iter()
        .map(|s| {
            let own = own_pattern(&saved, s).is_some();
            (
                s,
                numbers::pattern(&saved, agency, s).as_str().to_string(),
                own,
            )
        })
        .collect();
    Ok(SettingsInForce {
        approval,
        patterns,
        reconsideration_body: saved.reconsideration_body.unwrap_or_default(),
        court: saved.court.unwrap_or_default(),
    })
}

fn own_pattern(s: &RequestSettings, series: Series) -> Option<&String> {
    match series {
        Series::Receipt => s.receipt_pattern.as_ref(),
        Series::Notice => s.notice_pattern.as_ref(),
        Series::Reply => s.reply_pattern.as_ref(),
    }
}

/// What the administrator submitted.
pub struct SettingsForm {
    pub approval: BTreeSet<Outcome>,
    /// Pattern per series as typed; empty means the default.
    pub receipt_pattern: String,
    pub notice_pattern: String,
    pub reply_pattern: String,
    pub reconsideration_body: String,
    pub court: String,
}

fn pattern(raw: &str) -> Result<Option<String>, Error> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    NumberPattern::parse(raw)
        .map(|p| Some(p.as_str().to_string()))
        .map_err(Error::invalid)
}

fn name(raw: &str, label: &str) -> Result<Option<String>, Error> {
    let raw = raw.trim();
    if raw.chars().count() > 60 {
        return Err(Error::invalid(format!(
            "“{label}”过长，请填写机关或法院的全称（60字以内）。"
        )));
    }
    Ok(Some(raw.to_string()).filter(|s| !s.is_empty()))
}

/// Check and save; audited by the store.
pub async fn save(app: &App, agency: &Agency, by: StaffId, f: SettingsForm) -> Result<(), Error> {
    let rule = ApprovalRule {
        outcomes: f.approval,
    };
    let default = rule == ApprovalRule::default();
    let settings = RequestSettings {
        approval_outcomes: (!default).then(|| rule.to_codes()),
        receipt_pattern: pattern(&f.receipt_pattern)?,
        notice_pattern: pattern(&f.notice_pattern)?,
        reply_pattern: pattern(&f.reply_pattern)?,
        reconsideration_body: name(&f.reconsideration_body, "行政复议机关")?,
        court: name(&f.court, "人民法院")?,
    };
    app.store
        .put_request_settings(agency.id, &settings, by)
        .await?;
    Ok(())
}
