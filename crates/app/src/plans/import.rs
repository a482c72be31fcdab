//! Importing a plan (`gongkai plan import`, and the upload on the plan page):
//! the reading of `gongkai_parse::plan`, the units it names matched to the
//! agency's units, the time limits read by the domain, then one transaction
//! that stores the plan with each task's 分工.
//!
//! A unit is matched by its name as the agency has it, or with the bureau's
//! own prefix 局 left off (`局办公室` → `办公室`). Phrases that are not one
//! unit (`其他有关科室和单位`, `公交公司等有关科室和单位`, `系统各科室`) are kept
//! in the task's division text and never become units. Names the agency
//! does not have are listed; with `create_units` they are created (a name
//! beginning with 市, 县, 区 or 省, or ending with 支队, 大队, 公司 or 中心, as a
//! 直属单位; any other as a 内设机构), otherwise nothing is stored.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::calendar::Calendar;
use gongkai_domain::case::Actor;
use gongkai_domain::plan::{TaskAction, TaskEvent, TimeLimit, UnitKind, UnitName};
use gongkai_parse::plan::{PlanReading, PlanTask};
use gongkai_store::{Agency, NewPlan, NewTask, PLAN_TASKS_MAX, PlanId, StaffId, Store, Unit};

use crate::Error;

/// What the importer is told besides the file.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub year: i32,
    pub title: String,
    pub document_number: String,
    pub issued_on: Option<NaiveDate>,
    /// Create the units the agency does not have yet.
    pub create_units: bool,
    /// Read and match only; store nothing.
    pub dry_run: bool,
}

/// What an import read, matched and stored.
#[derive(Debug, Clone)]
pub struct ImportOutcome {
    pub reading: PlanReading,
    /// Unit names found among the agency's units.
    pub matched: Vec<String>,
    /// Unit names the agency does not have (created when asked).
    pub unknown: Vec<String>,
    /// Phrases kept as written, not units.
    pub phrases: Vec<String>,
    /// Time limits that could not be read (task, why): stored without one.
    pub limit_problems: Vec<String>,
    /// The stored plan and its number of tasks (None on a dry run).
    pub stored: Option<(PlanId, usize)>,
}

/// Whether a listed name is a phrase for several units, not one unit.
fn is_phrase(name: &str) -> bool {
    ["有关", "相关", "其他", "各", "等", "所属", "全体"]
        .iter()
        .any(|w| name.contains(w))
}

fn kind_of(name: &str) -> UnitKind {
    let subordinate = name.starts_with(['市', '县', '区', '省'])
        || ["支队", "大队", "公司", "中心"]
            .iter()
            .any(|e| name.ends_with(e));
    if subordinate {
        UnitKind::Subordinate
    } else {
        UnitKind::Internal
    }
}

/// The agency's unit a listed name means, if any.
fn find<'u>(units: &'u [Unit], name: &str) -> Option<&'u Unit> {
    let short = name.strip_prefix('局').unwrap_or(name);
    units
        .iter()
        .find(|u| u.name.as_str() == name)
        .or_else(|| units.iter().find(|u| u.name.as_str() == short))
}

/// Import `reading` as `agency`'s plan.
pub async fn import(
    store: &dyn Store,
    calendar: &Calendar,
    agency: &Agency,
    by: Option<StaffId>,
    reading: PlanReading,
    opts: &ImportOptions,
    now: DateTime<Utc>,
) -> Result<ImportOutcome, Error> {
    if reading.tasks.is_empty() {
        return Err(Error::invalid(
            "没有读到任何工作任务：请确认文件是工作要点或分工方案（任务带“(牵头单位:…)”或有“工作任务/牵头单位”表头）。",
        ));
    }
    if reading.tasks.len() > PLAN_TASKS_MAX {
        return Err(Error::invalid(format!(
            "一个工作要点最多{PLAN_TASKS_MAX}项任务，读到{}项：请分拆后导入。",
            reading.tasks.len()
        )));
    }
    let title = opts.title.trim();
    if title.is_empty() || title.chars().count() > 100 {
        return Err(Error::invalid("请填写工作要点的标题（100字以内）。"));
    }
    let mut units = store.units(agency.id).await?;
    let (matched, unknown, phrases) = sort_names(&units, &reading.tasks);
    let mut outcome = ImportOutcome {
        reading,
        matched,
        unknown,
        phrases,
        limit_problems: Vec::new(),
        stored: None,
    };
    let limits = limits(
        &outcome.reading.tasks,
        opts.year,
        &mut outcome.limit_problems,
    );
    if opts.dry_run {
        return Ok(outcome);
    }
    if !outcome.unknown.is_empty() {
        if !opts.create_units {
            return Err(Error::invalid(format!(
                "以下单位不是本机关的内设机构或直属单位：{}。请先在机构管理中添加，或选择一并创建后重新导入。",
                outcome.unknown.join("、")
            )));
        }
        for name in &outcome.unknown {
            let n = UnitName::parse(name).map_err(Error::invalid)?;
            store.add_unit(agency.id, &n, kind_of(name), by).await?;
        }
        units = store.units(agency.id).await?;
    }
    let tasks = new_tasks(calendar, &units, &outcome.reading.tasks, &limits, by, now);
    let count = tasks.len();
    let (id, _) = store
        .create_plan(&NewPlan {
            agency_id: agency.id,
            year: opts.year,
            title: title.to_string(),
            document_number: opts.document_number.trim().to_string(),
            issued_on: opts.issued_on,
            implements: None,
            created_by: by,
            tasks,
        })
        .await?;
    outcome.stored = Some((id, count));
    Ok(outcome)
}

/// Every listed name, sorted into the agency's units, unknown names and
/// phrases (each once, in order of first appearance within its kind).
fn sort_names(units: &[Unit], tasks: &[PlanTask]) -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut seen = BTreeSet::new();
    let (mut matched, mut unknown, mut phrases) = (Vec::new(), Vec::new(), Vec::new());
    for name in tasks.iter().flat_map(|t| t.lead.iter().chain(&t.partners)) {
        if !seen.insert(name.clone()) {
            continue;
        }
        if is_phrase(name) {
            phrases.push(name.clone());
        } else if find(units, name).is_some() {
            matched.push(name.clone());
        } else {
            unknown.push(name.clone());
        }
    }
    (matched, unknown, phrases)
}

/// Each task's time limit, read by the domain; what cannot be read is
/// said and the task stored without a limit.
fn limits(tasks: &[PlanTask], year: i32, problems: &mut Vec<String>) -> Vec<Option<TimeLimit>> {
    tasks
        .iter()
        .map(|t| {
            let text = t.deadline.as_deref()?;
            match TimeLimit::parse(text, year) {
                Ok(l) => Some(l),
                Err(why) => {
                    problems.push(format!("任务“{}”：{why}", t.task));
                    None
                }
            }
        })
        .collect()
}

fn division_text(t: &PlanTask) -> String {
    let mut parts = Vec::new();
    if !t.lead.is_empty() {
        parts.push(format!("牵头：{}", t.lead.join("、")));
    }
    if !t.partners.is_empty() {
        parts.push(format!("配合：{}", t.partners.join("、")));
    }
    parts.join("；")
}

fn new_tasks(
    calendar: &Calendar,
    units: &[Unit],
    tasks: &[PlanTask],
    limits: &[Option<TimeLimit>],
    by: Option<StaffId>,
    now: DateTime<Utc>,
) -> Vec<NewTask> {
    let ids = |names: &[String]| -> Vec<i64> {
        let mut out = Vec::new();
        for id in names.iter().filter_map(|n| find(units, n)).map(|u| u.id) {
            if !out.contains(&id) {
                out.push(id);
            }
        }
        out
    };
    let actor = match by {
        Some(id) => Actor::Staff {
            id,
            name: String::new(),
        },
        None => Actor::System,
    };
    tasks
        .iter()
        .zip(limits)
        .map(|(t, limit)| {
            let first = TaskEvent {
                seq: 1,
                at: now,
                actor: actor.clone(),
                action: TaskAction::Assigned {
                    date: crate::clock::beijing(now).date_naive(),
                    lead: ids(&t.lead),
                    partners: ids(&t.partners),
                    limit: *limit,
                },
            };
            NewTask {
                chapter: t.group.clone(),
                number: t.number.clone(),
                task: t.task.clone(),
                requirement: t.requirement.clone(),
                division: division_text(t),
                major: false,
                superior_task: None,
                row: super::first_row(calendar, &first),
                first,
            }
        })
        .collect()
}

/// The upload on the plans page: `who` must manage the agency's plans;
/// the file is read off the async threads (a large DOCX takes a while).
pub async fn upload(
    state: &crate::App,
    who: &gongkai_store::Staff,
    agency: &Agency,
    bytes: Vec<u8>,
    opts: &ImportOptions,
) -> Result<ImportOutcome, Error> {
    super::access::may_manage(state.store.as_ref(), who, agency.id).await?;
    let reading = tokio::task::spawn_blocking(move || gongkai_parse::plan::read_plan_bytes(&bytes))
        .await
        .map_err(|e| Error::internal(e.to_string()))?
        // The reader's messages say what to upload instead.
        .map_err(|e| Error::invalid(e.to_string()))?;
    let calendar = state.calendar_in_force().await?;
    import(
        state.store.as_ref(),
        &calendar,
        agency,
        Some(who.id),
        reading,
        opts,
        state.clock.now(),
    )
    .await
}
