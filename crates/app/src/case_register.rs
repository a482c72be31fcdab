//! 依申请公开台账: the case register — every case of the reader's agency
//! (and, for supervisors and administrators, of every agency below it), open
//! and closed, filtered, searched and paged in the database
//! ([`gongkai_store::CaseListStore::case_register`]), and exported as XLSX a
//! bounded number of pages at a time.
//!
//! Who reads it and how much of the applicant they see is the case-access
//! policy (`gongkai_domain::access`, asked through `gongkai_domain::policy`):
//! a clerk or reviewer their own agency's cases in full; a supervisor or
//! administrator their own agency's and those below it, masked; anyone else
//! nothing. Each row carries the applicant as the policy shows them to this
//! reader, never the stored application.

use chrono::NaiveDate;
use gongkai_domain::access::{ApplicantShown, CaseAccess, Relation};
use gongkai_domain::case::{CaseSnapshot, CaseState, QueueMark};
use gongkai_domain::policy::{self, Permission, Principal};
use gongkai_domain::vocabulary::{ApplicantType, Channel, Outcome};
use gongkai_render::{RegisterExport, RegisterLine};
use gongkai_store::{CASE_REGISTER_PAGE_MAX, CaseRegisterFilter, CaseRegisterQuery};

use crate::{App, Error};

/// Rows a page of the register shows.
pub const REGISTER_PAGE: u32 = 50;
/// Rows the export reads per query.
const EXPORT_BATCH: u32 = 500;
/// The most cases one export holds; past it the reader is asked to narrow
/// the filters.
pub const EXPORT_MAX: usize = 10_000;

/// Whose cases a reader's register lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegisterScope {
    /// 本机关: the reader's own agency.
    OwnAgency,
    /// 本机关及下级机关: the reader's agency and every agency below it.
    Subtree,
}

/// The scope of `reader`'s register, or the policy's refusal.
pub fn scope(reader: &Principal<'_>) -> Result<RegisterScope, Error> {
    if policy::may_in(reader.roles, Permission::ViewCase, Relation::Subtree).is_ok() {
        return Ok(RegisterScope::Subtree);
    }
    policy::may_in(reader.roles, Permission::ViewCase, Relation::OwnAgency)
        .map(|()| RegisterScope::OwnAgency)
        .map_err(|r| Error::forbidden(r.0))
}

/// One case of the register as its reader may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRow {
    /// 申请编号
    pub number: String,
    /// The short name of the agency handling it.
    pub agency_name: String,
    /// Handled by the reader's own agency (not one below it).
    pub own_agency: bool,
    /// The applicant, masked as the policy shows them to this reader.
    pub applicant: ApplicantShown,
    pub applicant_type: ApplicantType,
    /// 申请方式
    pub channel: Channel,
    /// 收到申请日期 (Art. 31); none while an online application waits.
    pub receipt_date: Option<NaiveDate>,
    /// 答复期限 as of today (moving while a pause lasts).
    pub due: Option<NaiveDate>,
    pub state: CaseState,
    /// 办理结果
    pub outcome: Option<Outcome>,
    /// 答复日期: the day the case was disposed of.
    pub decided_on: Option<NaiveDate>,
    /// 送达日期
    pub delivered_on: Option<NaiveDate>,
    /// 答复是否逾期 today ([`late_on`]).
    pub late: bool,
    /// 所申请信息
    pub description: String,
}

/// One page of the register and the cursor of the next one.
#[derive(Debug, Clone)]
pub struct RegisterPage {
    pub scope: RegisterScope,
    pub rows: Vec<RegisterRow>,
    /// The `after` of the next page, when there are more rows.
    pub next: Option<String>,
}

/// 答复是否逾期 on `today`: a finished case whose reply came after the reply
/// deadline (Art. 33; the deadline's `replied_on_time`), or a case still
/// running that is overdue today (`CaseSnapshot::mark_on`). What the
/// register's filter `late` selects in the database.
pub fn late_on(s: &CaseSnapshot, today: NaiveDate) -> bool {
    if s.finished {
        s.on_time == Some(false)
    } else {
        s.mark_on(today) == QueueMark::Overdue
    }
}

/// One page of `reader`'s register narrowed by `filter`, after the case
/// number `after`: at most `limit` rows (one query of `limit + 1`).
pub async fn register_page(
    app: &App,
    reader: &Principal<'_>,
    filter: &CaseRegisterFilter,
    after: Option<&str>,
    limit: u32,
) -> Result<RegisterPage, Error> {
    let scope = scope(reader)?;
    if let Some(agency) = filter.agency {
        within_reach(app, reader, scope, agency).await?;
    }
    let limit = limit.clamp(1, CASE_REGISTER_PAGE_MAX - 1);
    let today = app.clock.today();
    let mut entries = app
        .store
        .case_register(&CaseRegisterQuery {
            agency: reader.agency,
            subtree: scope == RegisterScope::Subtree,
            filter: filter.clone(),
            today,
            after: after.map(str::to_string),
            limit: limit + 1,
        })
        .await?;
    let more = entries.len() > limit as usize;
    entries.truncate(limit as usize);
    let next = more
        .then(|| entries.last().map(|e| e.case.number.clone()))
        .flatten();
    let calendar = app.calendar_in_force().await?;
    let rows = entries
        .into_iter()
        .filter_map(|e| {
            let own = e.case.agency_id == reader.agency;
            let relation = if own {
                Relation::OwnAgency
            } else {
                Relation::Subtree
            };
            let access = CaseAccess::for_staff(reader.roles, relation);
            let s = &e.snapshot;
            Some(RegisterRow {
                applicant: access.applicant(&e.case.application.applicant)?,
                number: e.case.number.clone(),
                agency_name: e.agency_name.clone(),
                own_agency: own,
                applicant_type: e.case.applicant_type,
                channel: e.case.channel,
                receipt_date: s.receipt_date,
                due: s.reply_due_on(&calendar, today),
                state: s.state,
                outcome: s.outcome,
                decided_on: s.decided_on,
                delivered_on: s.delivered_on,
                late: late_on(s, today),
                description: e.case.application.request.description.clone(),
            })
        })
        .collect();
    Ok(RegisterPage { scope, rows, next })
}

/// Refuses a register narrowed to an agency the reader's scope does not
/// reach (another agency for its own staff; one outside the subtree for a
/// supervisor) — the same answer as for an agency that does not exist, so
/// the filter tells nothing of agencies out of reach.
async fn within_reach(
    app: &App,
    reader: &Principal<'_>,
    scope: RegisterScope,
    agency: gongkai_store::AgencyId,
) -> Result<(), Error> {
    let reached = match scope {
        RegisterScope::OwnAgency => agency == reader.agency,
        RegisterScope::Subtree => {
            agency == reader.agency
                || app
                    .store
                    .agency_lineage(agency)
                    .await?
                    .contains(&reader.agency)
        }
    };
    if reached {
        Ok(())
    } else {
        Err(Error::forbidden(
            "只能查看本机关及下级机关的申请：所选机关不在您的管辖范围内。",
        ))
    }
}

/// The agency of `code` to narrow a register to, or what is wrong.
pub async fn agency_named(app: &App, code: &str) -> Result<gongkai_store::AgencyId, Error> {
    Ok(app
        .store
        .agency_by_code(code.trim())
        .await?
        .ok_or_else(|| Error::not_found(format!("统一社会信用代码为“{}”的机关", code.trim())))?
        .id)
}

/// Read a page cursor (a case number from the "下一页" link); anything else
/// is refused with what to do.
pub fn parse_after(text: &str) -> Result<String, Error> {
    let plausible = !text.is_empty()
        && text.len() <= 32
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if plausible {
        Ok(text.to_string())
    } else {
        Err(Error::invalid(
            "翻页参数 after 无效：请从台账的“下一页”链接翻页，或去掉该参数从第一页开始。",
        ))
    }
}

/// The filters in words, for the export's 说明 sheet (`全部` when none).
pub fn describe(f: &CaseRegisterFilter) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(y) = f.year {
        parts.push(format!("年度：{y}"));
    }
    if let Some(s) = f.state {
        parts.push(format!("状态：{}", s.label_zh()));
    }
    if let Some(c) = f.channel {
        parts.push(format!("申请方式：{}", c.label()));
    }
    if let Some(t) = f.applicant_type {
        parts.push(format!("申请人类型：{}", t.full_label()));
    }
    if let Some(o) = f.outcome {
        parts.push(format!("办理结果：{}", o.label()));
    }
    if let Some(late) = f.late {
        parts.push(format!("答复是否逾期：{}", if late { "是" } else { "否" }));
    }
    if let Some(m) = f.deadline {
        parts.push(format!("期限：{}", deadline_label(m)));
    }
    if let Some(q) = f.search.as_deref().filter(|q| !q.is_empty()) {
        parts.push(format!("搜索：{q}"));
    }
    if parts.is_empty() {
        "全部".into()
    } else {
        parts.join("；")
    }
}

/// The deadline filter in words: the console's column it comes from.
pub fn deadline_label(m: QueueMark) -> &'static str {
    match m {
        QueueMark::Normal => "办理中（计时）",
        other => other.label_zh(),
    }
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The register's row as a line of the XLSX sheet.
pub fn line(r: &RegisterRow) -> RegisterLine {
    RegisterLine {
        cells: [
            r.number.clone(),
            r.applicant.name.clone(),
            r.applicant_type.full_label(),
            r.channel.label().into(),
            date(r.receipt_date),
            date(r.due),
            r.state.label_zh().into(),
            r.outcome.map(|o| o.label().to_string()).unwrap_or_default(),
            date(r.decided_on),
            date(r.delivered_on),
            if r.late { "是" } else { "否" }.into(),
            r.description.clone(),
        ],
        agency: r.agency_name.clone(),
    }
}

/// `reader`'s register narrowed by `filter` as XLSX, titled `title`: read a
/// page of [`EXPORT_BATCH`] at a time, refused past [`EXPORT_MAX`] cases
/// with how to narrow the filters.
pub async fn export_xlsx(
    app: &App,
    reader: &Principal<'_>,
    filter: &CaseRegisterFilter,
    title: &str,
) -> Result<Vec<u8>, Error> {
    export_at_most(app, reader, filter, title, EXPORT_MAX).await
}

/// [`export_xlsx`] with at most `cap` cases.
pub async fn export_at_most(
    app: &App,
    reader: &Principal<'_>,
    filter: &CaseRegisterFilter,
    title: &str,
    cap: usize,
) -> Result<Vec<u8>, Error> {
    let mut rows: Vec<RegisterRow> = Vec::new();
    let mut after: Option<String> = None;
    let scope = loop {
        let page = register_page(app, reader, filter, after.as_deref(), EXPORT_BATCH).await?;
        rows.extend(page.rows);
        if rows.len() > cap {
            return Err(Error::invalid(format!(
                "符合条件的申请超过{cap}件，不能一次导出。请缩小筛选范围后再导出，\
                 例如选择年度、状态、申请方式或办理结果，或输入申请人姓名搜索；\
                 也可以按年度分别导出。"
            )));
        }
        match page.next {
            Some(n) => after = Some(n),
            None => break page.scope,
        }
    };
    let at = crate::clock::beijing(app.clock.now());
    let export = RegisterExport {
        title: title.to_string(),
        conditions: describe(filter),
        exported_at: at.format("%Y-%m-%d %H:%M").to_string(),
        with_agency: scope == RegisterScope::Subtree,
        lines: rows.iter().map(line).collect(),
    };
    tokio::task::spawn_blocking(move || gongkai_render::register_xlsx(&export))
        .await
        .map_err(Error::internal)?
        .map_err(Error::internal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_domain::staff::Role;

    #[test]
    fn who_reads_which_register() {
        let p = |roles: &'static [Role]| Principal { agency: 7, roles };
        assert_eq!(scope(&p(&[Role::Clerk])).unwrap(), RegisterScope::OwnAgency);
        assert_eq!(
            scope(&p(&[Role::Reviewer])).unwrap(),
            RegisterScope::OwnAgency
        );
        assert_eq!(
            scope(&p(&[Role::Supervisor])).unwrap(),
            RegisterScope::Subtree
        );
        assert_eq!(
            scope(&p(&[Role::Administrator])).unwrap(),
            RegisterScope::Subtree
        );
        let refused = scope(&p(&[Role::Editor])).unwrap_err().to_string();
        assert!(refused.contains("无权查看"), "{refused}");
    }

    #[test]
    fn a_cursor_is_a_case_number() {
        assert_eq!(parse_after("GK2025-000123").unwrap(), "GK2025-000123");
        for bad in ["", "GK1'; DROP", "甲", &"9".repeat(33)] {
            assert!(parse_after(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_filters_in_words() {
        assert_eq!(describe(&CaseRegisterFilter::default()), "全部");
        let f = CaseRegisterFilter {
            year: Some(2025),
            state: Some(CaseState::Closed),
            late: Some(true),
            search: Some("欧阳".into()),
            ..Default::default()
        };
        assert_eq!(
            describe(&f),
            "年度：2025；状态：已办结；答复是否逾期：是；搜索：欧阳"
        );
    }
}
