//! 考核评分: the supervising office (政务公开办, the policy's
//! `ScoreAgencies`: the 监督员 role) scores every agency of its subtree
//! against a shipped template (`gongkai_domain::scorecard`), by hand where
//! the template says so, ranks them and issues the 通报.
//!
//! - [`start_run`]: every agency of the office's subtree (its own
//!   included) scored at once — the computed leaves from each agency's
//!   latest health check and the console's figures (requests overdue, items
//!   published late, last year's report), the manual leaves 未评分 — and
//!   stored in one transaction with the measures, so a hand score later
//!   re-scores against the figures as they were when the run started.
//! - [`view::view_run`], [`view::agency_card`]: the ranking with the change
//!   since the previous run of the same office and template; one agency's
//!   indicator lines, computed and hand-scored, with their evidence.
//! - [`hand::score_by_hand`]: a manual leaf scored with its evidence,
//!   checked by the template's rules, the agency re-scored in the store's
//!   transaction.
//! - [`bulletin::bulletin`]: the 检查情况通报 of a run.
//!
//! - [`assign::assign`], [`assign::tasks`]: the office gives agencies of a
//!   run to its 评估人员 (evaluators), who then read and score those cards
//!   only.
//!
//! Reading is open to the office and the offices above it; starting a run,
//! scoring and assigning to the office itself; an evaluator of the office
//! reads and scores the agencies assigned to it ([`Standing`]).

use gongkai_domain::access::Relation;
use gongkai_domain::policy::{AgencyPath, Permission, Principal, may_here, may_in};
use gongkai_domain::report::ReportStatus;
use gongkai_domain::scorecard::{Measures, ScorecardKind, score};
use gongkai_domain::staff::Role;
use gongkai_store::{
    AgencyId, NewScorecardResult, NewScorecardRun, ScorecardRun, ScorecardRunId, StaffId,
};

use crate::supervision::{ConsoleQuery, ConsoleRow, selected_rows};
use crate::{App, Error};

pub mod assign;
pub mod bulletin;
pub mod evidence;
pub mod hand;
pub mod view;

#[cfg(test)]
mod tests;

pub use assign::{Assignments, ScorerChoice, assign, assignments, tasks, unassign};
pub use bulletin::bulletin;
pub use evidence::Upload;
pub use hand::{HandInput, score_by_hand};
pub use view::{CardLine, CardView, Office, RunRow, RunView, agency_card, office, view_run};

/// The longest period label, in characters (`2026年第四季度` is 9).
pub const PERIOD_MAX_CHARS: usize = 30;
/// Unchecked agencies named in the refusal to start a run.
const UNCHECKED_NAMED: usize = 5;

/// May `reader` score at `relation`? 403 with the policy's words.
fn permitted(reader: &Principal<'_>, relation: Relation) -> Result<(), Error> {
    may_in(reader.roles, Permission::ScoreAgencies, relation).map_err(|r| Error::forbidden(r.0))
}

/// Who reads or scores a run: the policy's principal and the staff member
/// (an evaluator's assignments are its own).
#[derive(Debug, Clone, Copy)]
pub struct Scorer<'a> {
    pub principal: Principal<'a>,
    pub staff: StaffId,
}

/// How a reader stands to a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// The office that ran it: reads all, scores, assigns.
    Office,
    /// An office above it: reads all.
    Above,
    /// A 评估人员 of the office: reads and scores these agencies only.
    Evaluator(Vec<AgencyId>),
}

impl Standing {
    /// May the reader see (and, unless `Above`, score) `agency`'s card?
    pub fn reaches(&self, agency: AgencyId) -> bool {
        match self {
            Standing::Office | Standing::Above => true,
            Standing::Evaluator(assigned) => assigned.contains(&agency),
        }
    }

    /// May the reader score `agency` by hand?
    pub fn may_score(&self, agency: AgencyId) -> bool {
        !matches!(self, Standing::Above) && self.reaches(agency)
    }
}

pub(super) const ASSIGNED_ONLY: &str = "您是评估人员，只能查看和评分分配给您的单位。如需评分其他单位，请联系开展评分的政务公开办分配。";

/// An evaluator's standing in `run`: only in its own office's runs, only
/// with agencies assigned.
async fn evaluator_standing(
    app: &App,
    reader: &Scorer<'_>,
    run: &ScorecardRun,
    relation: Relation,
) -> Result<Standing, Error> {
    may_in(reader.principal.roles, Permission::ScoreAssigned, relation)
        .map_err(|r| Error::forbidden(r.0))?;
    let assigned = app.store.assigned_agencies(run.id, reader.staff).await?;
    if assigned.is_empty() {
        return Err(Error::forbidden(ASSIGNED_ONLY));
    }
    Ok(Standing::Evaluator(assigned))
}

/// The run `id` and how `reader` stands to it: read by its office and the
/// offices above it, and by the office's evaluators for their agencies.
async fn run_for(
    app: &App,
    reader: &Scorer<'_>,
    id: ScorecardRunId,
) -> Result<(ScorecardRun, Standing), Error> {
    let run = app
        .store
        .scorecard_run(id)
        .await?
        .ok_or_else(|| Error::not_found(format!("考核评分（编号{id}）")))?;
    let lineage = app.store.agency_lineage(run.root).await?;
    let relation = AgencyPath::new(lineage).relation_to(reader.principal.agency);
    let standing = match permitted(&reader.principal, relation) {
        Ok(()) if relation == Relation::OwnAgency => Standing::Office,
        Ok(()) => Standing::Above,
        // An evaluator is not the office: its own permission decides.
        Err(_) if reader.principal.roles.contains(&Role::Evaluator) => {
            evaluator_standing(app, reader, &run, relation).await?
        }
        Err(refused) => return Err(refused),
    };
    Ok((run, standing))
}

/// The run `id` for scoring `agency`: by its office, or by an evaluator
/// assigned to the agency.
async fn run_to_score(
    app: &App,
    reader: &Scorer<'_>,
    id: ScorecardRunId,
) -> Result<(ScorecardRun, Standing), Error> {
    let (run, standing) = run_for(app, reader, id).await?;
    if standing == Standing::Above {
        return Err(Error::forbidden(
            "只有开展本次评分的政务公开办可以评分；上级机关可以查看评分结果和下载通报。",
        ));
    }
    Ok((run, standing))
}

/// The template a form names by its code.
pub fn kind_of(code: &str) -> Result<ScorecardKind, Error> {
    ScorecardKind::from_code(code).ok_or_else(|| {
        let names: Vec<&str> = ScorecardKind::ALL.iter().map(|k| k.subject()).collect();
        Error::invalid(format!("请选择考核模板：{}。", names.join("或")))
    })
}

/// The period label as stored: trimmed, not empty, at most
/// [`PERIOD_MAX_CHARS`] characters, one line.
pub fn period_label(text: &str) -> Result<String, Error> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Error::invalid(
            "请填写考核期间，如“2026年第四季度”或“2026年度”。",
        ));
    }
    if t.chars().count() > PERIOD_MAX_CHARS {
        return Err(Error::invalid(format!(
            "考核期间不能超过{PERIOD_MAX_CHARS}个字，请简要填写，如“2026年第四季度”。"
        )));
    }
    if t.chars().any(char::is_control) {
        return Err(Error::invalid(
            "考核期间不能含有换行或控制字符，请写在一行内。",
        ));
    }
    Ok(t.to_string())
}

/// Art. 49/50 as a measure: published by its date (yes), late or missing
/// after it (no), not known yet (not due, or being written).
pub fn report_on_time(status: &ReportStatus) -> Option<bool> {
    match status {
        ReportStatus::PublishedOnTime { .. } => Some(true),
        ReportStatus::PublishedLate { .. } | ReportStatus::Missing { .. } => Some(false),
        ReportStatus::NotStarted | ReportStatus::Draft | ReportStatus::DraftWithErrors { .. } => {
            None
        }
    }
}

/// One agency's result as a run starts; `None` when it was never checked.
async fn result_of(
    app: &App,
    kind: ScorecardKind,
    row: &ConsoleRow,
) -> Result<Option<NewScorecardResult>, Error> {
    let Some(health) = app.store.latest_health(row.agency_id).await? else {
        return Ok(None);
    };
    let measures = Measures::from_findings(
        &health.findings,
        row.counts.overdue,
        row.counts.late_items,
        report_on_time(&row.report_last),
    );
    // No hand scores yet: only a template that does not read can fail,
    // a build defect the domain's tests catch.
    let card = score(kind.template(), &measures, &[]).map_err(Error::internal)?;
    Ok(Some(NewScorecardResult {
        agency_id: row.agency_id,
        measures,
        health_checked_on: Some(health.checked_on),
        card,
    }))
}

/// Refuses a run over agencies the health check never saw: their computed
/// leaves would read as faultless.
fn unchecked_refusal(names: &[String]) -> Error {
    let shown: Vec<&str> = names
        .iter()
        .take(UNCHECKED_NAMED)
        .map(String::as_str)
        .collect();
    let more = if names.len() > UNCHECKED_NAMED {
        format!("等{}个单位", names.len())
    } else {
        String::new()
    };
    Error::invalid(format!(
        "{}{}尚未进行栏目健康检查，系统计算的指标无从评分。请先在“栏目健康检查”页对本机关及下级机关运行检查，完成后再开展评分。",
        shown.join("、"),
        more
    ))
}

/// Start a run of template `kind` (its code, as a form sends it) over
/// `reader`'s subtree for `period`; `by` is who started it.
pub async fn start_run(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    kind: &str,
    period: &str,
) -> Result<ScorecardRunId, Error> {
    may_here(reader.roles, Permission::ScoreAgencies).map_err(|r| Error::forbidden(r.0))?;
    let kind = kind_of(kind)?;
    let period = period_label(period)?;
    let (rows, _) = selected_rows(app, reader, &ConsoleQuery::default()).await?;
    let mut results = Vec::with_capacity(rows.len());
    let mut unchecked = Vec::new();
    for row in &rows {
        match result_of(app, kind, row).await? {
            Some(r) => results.push(r),
            None => unchecked.push(row.name.clone()),
        }
    }
    if !unchecked.is_empty() {
        return Err(unchecked_refusal(&unchecked));
    }
    let run = NewScorecardRun {
        root: reader.agency,
        kind,
        period,
        scored_on: app.clock.today(),
        started_by: by,
        started_at: app.clock.now(),
        results,
    };
    Ok(app.store.create_scorecard_run(&run).await?)
}
