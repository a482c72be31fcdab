//! 政务公开督查台: the supervising office's console — for every agency of
//! its subtree one row with the requests whose deadline runs, due soon and
//! overdue, the items published late (Art. 26), last and this year's annual
//! report (Art. 49/50), the work plan's tasks, the latest health check and
//! the questions to it (政民互动: answered in time, the oldest open one).
//!
//! Read (a query object, as Alaveteli's dashboards): the subtree's outline
//! and four `GROUP BY`s over the read models (deadline counts kept per data
//! version and day, shared with the oversight page; report records; task
//! counts; the latest health tallies), never the records themselves. The
//! rows are as many as the agencies of the subtree (2,000 for a province),
//! whatever the history; they are sorted, filtered and cut to a page here.

use std::collections::HashMap;

use chrono::Datelike;

use gongkai_domain::health::Tally;
use gongkai_domain::policy::{self, Permission, Principal};
use gongkai_domain::report::{ReportRecord, ReportStatus};
use gongkai_store::{
    AgencyId, AgencyOutline, ConcernCounts, DeadlineCounts, QuestionCounts, TaskCounts,
};

use crate::{App, Error};

mod export;
mod params;

pub use export::console_xlsx;
pub use params::{ConsoleQuery, Only, SortKey};

/// Rows a page of the console shows.
pub const CONSOLE_PAGE: usize = 100;

/// One agency of the subtree.
#[derive(Debug, Clone)]
pub struct ConsoleRow {
    pub agency_id: AgencyId,
    pub name: String,
    pub code: String,
    /// Levels below the supervisor's agency (0: its own).
    pub depth: usize,
    pub counts: DeadlineCounts,
    /// Last year's report (the one Art. 49/50 date in force this year).
    pub report_last: ReportStatus,
    /// This year's report, being written.
    pub report_this: ReportStatus,
    /// This year's work plan (None: the agency has none).
    pub plan: Option<TaskCounts>,
    /// The latest health check (None: never checked).
    pub health: Option<Tally>,
    /// 政民互动: answered in time of all due, the oldest open question
    /// (None: no question asked).
    pub questions: Option<QuestionCounts>,
    /// 回应关切: this year's concerns and those 超时 (a clock met late or
    /// missed; None: no concern this year).
    pub concerns: Option<ConcernCounts>,
}

impl ConsoleRow {
    /// Completed tasks in per cent of the plan's tasks (None: no plan or
    /// no tasks).
    pub fn plan_percent(&self) -> Option<u64> {
        self.plan
            .filter(|p| p.tasks > 0)
            .map(|p| p.completed * 100 / p.tasks)
    }

    /// Needs the supervisor's attention: overdue requests, late items, a
    /// report missing, late or with errors, a veto.
    pub fn needs_attention(&self) -> bool {
        self.counts.overdue > 0
            || self.counts.late_items > 0
            || self.report_last.is_problem()
            || self.health.is_some_and(|t| t.vetoes > 0)
            || self.questions.is_some_and(|q| q.vetoed > 0)
    }
}

/// The subtree's sums.
#[derive(Debug, Clone, Copy, Default)]
pub struct ConsoleTotals {
    pub agencies: usize,
    pub running: u64,
    pub due_soon: u64,
    pub overdue: u64,
    pub late_items: u64,
    /// Last year's reports missing (not published after the date).
    pub reports_missing: usize,
    pub reports_late: usize,
    pub vetoed: usize,
    pub unchecked: usize,
    /// 意见征集 closed without published feedback (意见采纳情况).
    pub consultations_missing: u64,
    /// 政民互动 questions unanswered past the 3-month veto line.
    pub questions_vetoed: u64,
    /// 建议提案 unanswered past their due day, and replies unpublished
    /// 20 working days after answering (summed from the per-agency counts).
    pub motions_reply_overdue: u64,
    pub motions_publication_overdue: u64,
}

/// One page of the console.
#[derive(Debug)]
pub struct Console {
    /// The day the console is read (the questions' ages count to it).
    pub today: chrono::NaiveDate,
    /// Last year: the year of the report whose date falls this year.
    pub last_year: i32,
    pub this_year: i32,
    /// The rows of this page, sorted and filtered.
    pub rows: Vec<ConsoleRow>,
    /// Rows the filter selects (all pages).
    pub selected: usize,
    pub page: usize,
    pub pages: usize,
    pub totals: ConsoleTotals,
}

/// The console is the supervising office's (督办: the supervisor role), over
/// its own agency and every agency below it.
pub fn may_open(reader: &Principal<'_>) -> Result<AgencyId, Error> {
    policy::may_here(reader.roles, Permission::OverseeDeadlines)
        .map_err(|r| Error::forbidden(r.0))?;
    Ok(reader.agency)
}

/// Every row of the reader's subtree the query selects, in its order.
pub async fn selected_rows(
    app: &App,
    reader: &Principal<'_>,
    q: &ConsoleQuery,
) -> Result<(Vec<ConsoleRow>, ConsoleTotals), Error> {
    let root = may_open(reader)?;
    let mut rows = rows_of(app, root).await?;
    let totals = totals(&rows);
    rows.retain(|r| q.selects(r));
    q.sort(&mut rows);
    Ok((rows, totals))
}

/// The page of the console `q` asks for.
pub async fn read(app: &App, reader: &Principal<'_>, q: &ConsoleQuery) -> Result<Console, Error> {
    let today = app.clock.today();
    let (rows, mut totals) = selected_rows(app, reader, q).await?;
    totals.consultations_missing = app
        .store
        .consultations_missing_feedback(reader.agency, today)
        .await?;
    for m in app
        .store
        .motions_overdue_by_agency(reader.agency, today)
        .await?
    {
        totals.motions_reply_overdue += m.reply_overdue;
        totals.motions_publication_overdue += m.publication_overdue;
    }
    let selected = rows.len();
    let pages = selected.div_ceil(CONSOLE_PAGE).max(1);
    let page = q.page.clamp(1, pages);
    let rows = rows
        .into_iter()
        .skip((page - 1) * CONSOLE_PAGE)
        .take(CONSOLE_PAGE)
        .collect();
    Ok(Console {
        today,
        last_year: today.year() - 1,
        this_year: today.year(),
        rows,
        selected,
        page,
        pages,
        totals,
    })
}

/// The rows of every agency of the subtree, in the tree's order.
async fn rows_of(app: &App, root: AgencyId) -> Result<Vec<ConsoleRow>, Error> {
    let today = app.clock.today();
    let (last, this) = (today.year() - 1, today.year());
    let outline = app.store.outline_under(root).await?;
    let counts = crate::oversight::subtree_counts(app, root).await?;
    let counts: HashMap<AgencyId, DeadlineCounts> =
        counts.iter().map(|c| (c.agency_id, *c)).collect();
    let reports: HashMap<(AgencyId, i32), ReportRecord> = app
        .store
        .report_records(root, &[last, this])
        .await?
        .into_iter()
        .map(|r| {
            let record = ReportRecord {
                draft_errors: r.draft_errors,
                first_published: r.first_published,
            };
            ((r.agency_id, r.year), record)
        })
        .collect();
    let plans: HashMap<AgencyId, TaskCounts> = app
        .store
        .task_counts(root, this, today)
        .await?
        .into_iter()
        .map(|t| (t.agency_id, t))
        .collect();
    // One GROUP BY over the subtree's questions.
    let questions: HashMap<AgencyId, QuestionCounts> = app
        .store
        .question_counts(root, today)
        .await?
        .into_iter()
        .map(|q| (q.agency_id, q))
        .collect();
    // One GROUP BY over the subtree's concerns learned this year.
    let since =
        crate::clock::start_of_day(chrono::NaiveDate::from_ymd_opt(this, 1, 1).unwrap_or(today));
    let concerns: HashMap<AgencyId, ConcernCounts> = app
        .store
        .concern_counts(root, since, app.clock.now())
        .await?
        .into_iter()
        .map(|c| (c.agency_id, c))
        .collect();
    let health: HashMap<AgencyId, Tally> = app
        .store
        .health_tallies(root)
        .await?
        .into_iter()
        .map(|h| (h.agency_id, h.tally))
        .collect();
    let root_depth = outline
        .iter()
        .find(|o| o.id == root)
        .map_or(0, |o| o.lineage.len());
    let status = |o: &AgencyOutline, year: i32| {
        let record = reports.get(&(o.id, year)).copied().unwrap_or_default();
        ReportStatus::of(o.kind, year, record, today)
    };
    let mut rows: Vec<ConsoleRow> = outline
        .iter()
        .map(|o| ConsoleRow {
            agency_id: o.id,
            name: o.full_name.clone(),
            code: o.code.clone(),
            depth: o.lineage.len().saturating_sub(root_depth),
            counts: counts.get(&o.id).copied().unwrap_or(DeadlineCounts {
                agency_id: o.id,
                ..DeadlineCounts::default()
            }),
            report_last: status(o, last),
            report_this: status(o, this),
            plan: plans.get(&o.id).copied(),
            health: health.get(&o.id).copied(),
            questions: questions.get(&o.id).copied(),
            concerns: concerns.get(&o.id).copied(),
        })
        .collect();
    tree_order(&mut rows, &outline);
    Ok(rows)
}

/// Depth first, each agency's children by name: the order of the tree
/// pages (`path` orders by id, which is the order of creation).
fn tree_order(rows: &mut [ConsoleRow], outline: &[AgencyOutline]) {
    let name: HashMap<AgencyId, &str> = outline
        .iter()
        .map(|o| (o.id, o.full_name.as_str()))
        .collect();
    let keys: HashMap<AgencyId, Vec<&str>> = outline
        .iter()
        .map(|o| {
            let path = o.lineage.iter().map(|a| name.get(a).copied().unwrap_or(""));
            (o.id, path.collect())
        })
        .collect();
    rows.sort_by(|a, b| keys.get(&a.agency_id).cmp(&keys.get(&b.agency_id)));
}

fn totals(rows: &[ConsoleRow]) -> ConsoleTotals {
    let mut t = ConsoleTotals {
        agencies: rows.len(),
        ..ConsoleTotals::default()
    };
    for r in rows {
        t.running += r.counts.running;
        t.due_soon += r.counts.due_soon;
        t.overdue += r.counts.overdue;
        t.late_items += r.counts.late_items;
        match r.report_last {
            ReportStatus::Missing { .. } => t.reports_missing += 1,
            ReportStatus::PublishedLate { .. } => t.reports_late += 1,
            _ => {}
        }
        t.questions_vetoed += r.questions.map_or(0, |q| q.vetoed);
        match r.health {
            Some(h) if h.vetoes > 0 => t.vetoed += 1,
            None => t.unchecked += 1,
            _ => {}
        }
    }
    t
}
