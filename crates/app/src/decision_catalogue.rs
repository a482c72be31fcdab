//! 重大行政决策事项目录 (issue 20): an agency keeps its yearly directory of
//! major decisions — each entry's matter, 承办单位, planned month and status
//! (计划 / 征求意见中 / 已决策 / 调整), linking its consultation and its
//! published decision — and publishes it; after publication every change is
//! an adjustment with its reason, public beside the entry
//! (`gongkai_domain::participation::decisions`).
//!
//! Who: `Permission::ManageConsultations` (the agency's 信息员, 审核人,
//! 管理员); the supervising offices above read. The public sees a
//! published directory in the agency's column.

use chrono::Datelike;
use gongkai_domain::access::Relation;
use gongkai_domain::participation::decisions::{DecisionStatus, check_entry};
use gongkai_domain::policy::{Permission, Principal, may_here};
use gongkai_store::{
    AgencyId, ConsultationId, ConsultationState, DecisionCatalogue, DecisionEntry,
    DecisionEntryFields, DecisionEntryId, StaffId,
};

use crate::consultations::draft::{line, public_item};
use crate::consultations::{Access, access_at, stamp};
use crate::{App, Error};

pub const TITLE_MAX_CHARS: usize = 100;
pub const UNIT_MAX_CHARS: usize = 50;
pub const REASON_MAX_CHARS: usize = 500;

/// An entry as the form sends it.
#[derive(Debug, Clone, Default)]
pub struct EntryInput {
    pub title: String,
    pub lead_unit: String,
    /// 1–12.
    pub planned_month: String,
    /// The domain's status code.
    pub status: String,
    /// The consultation's number, or empty.
    pub consultation: String,
    /// The decision's 信息编号, or empty.
    pub decision_item: String,
    /// Why (an adjustment, or any change once published).
    pub reason: String,
}

impl EntryInput {
    /// The form's fields of a stored entry (the reason left empty).
    pub fn of(e: &DecisionEntry) -> EntryInput {
        let f = &e.fields;
        let id = |i: Option<i64>| i.map_or(String::new(), |i| i.to_string());
        EntryInput {
            title: f.title.clone(),
            lead_unit: f.lead_unit.clone(),
            planned_month: f.planned_month.to_string(),
            status: f.status.code().into(),
            consultation: id(f.consultation_id),
            decision_item: id(f.decision_item_id),
            reason: String::new(),
        }
    }
}

/// A year typed or asked for: 2000 to next year.
pub fn year_of(app: &App, typed: Option<&str>) -> Result<i32, Error> {
    let this = app.clock.today().year();
    let Some(t) = typed.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(this);
    };
    t.parse::<i32>()
        .ok()
        .filter(|y| (2000..=this + 1).contains(y))
        .ok_or_else(|| Error::invalid(format!("年度应为2000至{}之间的年份，如{this}。", this + 1)))
}

/// A consultation of `agency` already published, by its number.
async fn consultation_of(
    app: &App,
    agency: AgencyId,
    typed: &str,
) -> Result<Option<ConsultationId>, Error> {
    let t = typed.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let found = match t.parse::<i64>() {
        Ok(id) => app.store.consultation(id).await?,
        Err(_) => None,
    };
    match found {
        Some(c) if c.agency_id == agency && c.state != ConsultationState::Draft => Ok(Some(c.id)),
        _ => Err(Error::invalid(format!(
            "意见征集“{}”不是本机关已发布的意见征集：请填写意见征集的编号（意见征集网址中的数字），或留空。",
            t.chars().take(20).collect::<String>()
        ))),
    }
}

/// The entry as checked, with the reason it carries (if any).
async fn checked(
    app: &App,
    agency: AgencyId,
    input: &EntryInput,
    published: bool,
) -> Result<(DecisionEntryFields, Option<String>), Error> {
    let title = line(
        "决策事项名称（如“白沙县城区公交线网优化方案”）",
        &input.title,
        (4, TITLE_MAX_CHARS),
    )?
    .unwrap_or_default();
    let lead_unit = line("承办单位", &input.lead_unit, (2, UNIT_MAX_CHARS))?.unwrap_or_default();
    let planned_month = input
        .planned_month
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|m| (1..=12).contains(m))
        .ok_or_else(|| Error::invalid("请选择计划完成决策的月份（1至12月）。"))?;
    let status = DecisionStatus::from_code(&input.status)
        .ok_or_else(|| Error::invalid("请选择事项状态：计划、征求意见中、已决策或调整。"))?;
    let consultation_id = consultation_of(app, agency, &input.consultation).await?;
    let decision_item_id = public_item(app, agency, "决策文件", &input.decision_item).await?;
    let reason = line("调整理由", &input.reason, (0, REASON_MAX_CHARS))?;
    let why = reason.as_deref().unwrap_or("");
    check_entry(
        status,
        consultation_id.is_some(),
        decision_item_id.is_some(),
        (published, why),
    )
    .map_err(|e| Error::invalid(e.to_string()))?;
    let fields = DecisionEntryFields {
        title,
        lead_unit,
        planned_month,
        status,
        consultation_id,
        decision_item_id,
    };
    Ok((fields, reason))
}

fn may_manage(reader: &Principal<'_>) -> Result<(), Error> {
    may_here(reader.roles, Permission::ManageConsultations).map_err(|r| Error::forbidden(r.0))
}

/// Add an entry to `reader`'s agency's directory of `year`.
pub async fn add_entry(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    year: i32,
    input: &EntryInput,
) -> Result<DecisionEntryId, Error> {
    may_manage(reader)?;
    let agency = reader.agency;
    let published = app
        .store
        .decision_catalogue(agency, year)
        .await?
        .published_at
        .is_some();
    let (fields, reason) = checked(app, agency, input, published).await?;
    Ok(app
        .store
        .add_decision_entry(agency, year, &fields, reason.as_deref(), stamp(app, by))
        .await?)
}

/// What changed between two versions of an entry, for the adjustment
/// (the demo's adjustment is described by it too).
pub(crate) fn change(before: &DecisionEntryFields, after: &DecisionEntryFields) -> String {
    let mut parts = Vec::new();
    if before.title != after.title {
        parts.push(format!("名称：{} → {}", before.title, after.title));
    }
    if before.lead_unit != after.lead_unit {
        parts.push(format!(
            "承办单位：{} → {}",
            before.lead_unit, after.lead_unit
        ));
    }
    if before.planned_month != after.planned_month {
        parts.push(format!(
            "计划时间：{}月 → {}月",
            before.planned_month, after.planned_month
        ));
    }
    if before.status != after.status {
        parts.push(format!(
            "状态：{} → {}",
            before.status.label(),
            after.status.label()
        ));
    }
    if before.consultation_id != after.consultation_id
        || before.decision_item_id != after.decision_item_id
    {
        parts.push("关联的意见征集或决策文件".into());
    }
    if parts.is_empty() {
        "说明".into()
    } else {
        parts.join("；")
    }
}

/// Change the entry `id` of `reader`'s agency.
pub async fn update_entry(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    id: DecisionEntryId,
    input: &EntryInput,
) -> Result<(), Error> {
    may_manage(reader)?;
    let entry = app
        .store
        .decision_entry(id)
        .await?
        .filter(|e| e.agency_id == reader.agency)
        .ok_or_else(|| Error::not_found(format!("本机关的决策事项（编号{id}）")))?;
    let published = app
        .store
        .decision_catalogue(entry.agency_id, entry.year)
        .await?
        .published_at
        .is_some();
    let (fields, reason) = checked(app, entry.agency_id, input, published).await?;
    let what = change(&entry.fields, &fields);
    let adjustment = reason.as_deref().map(|r| (what.as_str(), r));
    app.store
        .update_decision_entry(id, &fields, adjustment, stamp(app, by))
        .await?;
    Ok(())
}

/// Publish `reader`'s agency's directory of `year`.
pub async fn publish(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    year: i32,
) -> Result<(), Error> {
    may_manage(reader)?;
    if !app
        .store
        .publish_decision_catalogue(reader.agency, year, stamp(app, by))
        .await?
    {
        return Err(Error::invalid(format!(
            "{year}年的目录已经公布，或尚无事项：请先添加事项再公布；公布后的变更请逐项填写调整理由。"
        )));
    }
    Ok(())
}

/// The staff's directory of `year` (the reader's own agency).
pub async fn staff_view(
    app: &App,
    reader: &Principal<'_>,
    year: i32,
) -> Result<(DecisionCatalogue, Access), Error> {
    let access = access_at(reader, Relation::OwnAgency)?;
    let c = app.store.decision_catalogue(reader.agency, year).await?;
    Ok((c, access))
}

/// The public directory of `agency` for `year`: empty until published; and
/// the years published.
pub async fn public_view(
    app: &App,
    agency: AgencyId,
    year: i32,
) -> Result<(DecisionCatalogue, Vec<i32>), Error> {
    let c = app.store.decision_catalogue(agency, year).await?;
    let years = app.store.decision_catalogue_years(agency).await?;
    if c.published_at.is_none() {
        return Ok((DecisionCatalogue::default(), years));
    }
    Ok((c, years))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(status: DecisionStatus, month: u32) -> DecisionEntryFields {
        DecisionEntryFields {
            title: "白沙县城区公交线网优化方案".into(),
            lead_unit: "县交通运输局".into(),
            planned_month: month,
            status,
            consultation_id: None,
            decision_item_id: None,
        }
    }

    #[test]
    fn an_adjustment_says_what_changed() {
        let a = fields(DecisionStatus::Planned, 6);
        let b = fields(DecisionStatus::Adjusted, 9);
        assert_eq!(change(&a, &b), "计划时间：6月 → 9月；状态：计划 → 调整");
        assert_eq!(change(&a, &a), "说明");
    }
}
