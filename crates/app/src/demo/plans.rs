//! The demo's work plans (政务公开工作要点, issue 17): 白沙县人民政府 imports
//! its plan of the year, 白沙县交通运输局 derives its own from it
//! ([`crate::plans::derive`]), and their units work on the tasks — the
//! texts and steps are in [`table`].
//!
//! Dated from the day the demo is seeded, so that it is alive on any date:
//! the county's plan is issued on 10 March, or 45 working days before
//! that day when 10 March is not that far back, so that every step fits
//! (seeded in January, February or early March, the plan is last year's,
//! still being looked back on); the bureau derives its plan five working
//! days later. The plan's year is the
//! year it is issued in. The platform's own steps (reminders, 催办, 通报)
//! are recorded on the mornings they fell due, as the ticker
//! ([`crate::plans::work::tick`]) would have, so that on the seeding day
//! nothing is left for it to do. No one is mailed.

mod table;

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use gongkai_domain::case::Actor;
use gongkai_domain::plan::escalation::{Step as Platform, steps_due};
use gongkai_domain::plan::task::{check, fold};
use gongkai_domain::plan::{TaskAction, TaskEvent, UnitKind, UnitName};
use gongkai_domain::staff::Username;
use gongkai_parse::plan::{PlanLayout, PlanReading, PlanTask};
use gongkai_store::{Agency, PlanId, Staff, Store, StoreResult, TaskRecord, UnitId};

use self::table::{BUREAU, BUREAU_UNITS, COUNTY, COUNTY_UNITS, DemoTask, Due, Step, When};
use super::when::{Today, Year, at, back, fill};
use super::{BUREAU_CODE, GOVERNMENT_CODE, corrupt};
use crate::clock::start_of_day;
use crate::plans::derive::{DeriveChoice, DerivedTask, derive_in};
use crate::plans::import::{ImportOptions, import};
use crate::plans::row_of;

/// Who belongs to which unit: the demo accounts of each agency.
const MEMBERS: &[(&str, &[&str])] = &[
    ("supervisor", &["政务公开办", "办公室"]),
    ("clerk", &["办公室"]),
    ("reviewer", &["办公室"]),
    ("editor", &["行政审批股"]),
];

/// One agency's side of the demo: its units by name, the members of
/// each, and the account that owns its plan.
struct Side {
    agency: Agency,
    units: BTreeMap<String, UnitId>,
    members: Vec<(Staff, Vec<UnitId>)>,
    owner: Staff,
}

impl Side {
    fn unit(&self, name: &str) -> StoreResult<UnitId> {
        self.units
            .get(name)
            .copied()
            .ok_or_else(|| corrupt(format!("{}没有单位“{name}”", self.agency.profile.full_name)))
    }

    fn units(&self, names: &[&str]) -> StoreResult<Vec<UnitId>> {
        names.iter().map(|n| self.unit(n)).collect()
    }
}

/// The days of the plans.
struct Days<'a> {
    today: &'a Today<'a>,
    issued: NaiveDate,
    derived: NaiveDate,
}

impl Days<'_> {
    fn new<'a>(today: &'a Today<'a>) -> Days<'a> {
        let march = today.date(at(Year::Ago(0), 3, 10));
        let issued = march.min(back(today.calendar, today.day, 45));
        let derived = today
            .calendar
            .add_working_days(issued, 5)
            .map_or(issued, |c| c.due);
        Days {
            today,
            issued,
            derived,
        }
    }

    fn year(&self) -> i32 {
        self.issued.year()
    }

    fn of(&self, when: When, plan_day: NaiveDate) -> NaiveDate {
        match when {
            When::AfterPlan(n) => self
                .today
                .calendar
                .add_working_days(plan_day, n)
                .map_or(plan_day, |c| c.due),
            When::Back(n) => back(self.today.calendar, self.today.day, n),
        }
    }

    fn limit_text(&self, due: Due) -> String {
        let date = match due {
            Due::Written(text) => return text.to_string(),
            Due::Ahead(n) => self.today.ahead(n),
            Due::Ago(n) => back(self.today.calendar, self.today.day, n),
        };
        format!("{}年{}月{}日前", date.year(), date.month(), date.day())
    }
}

/// The instant a person recorded the `seq`th event of `date`: office hours.
fn office_hours(date: NaiveDate, seq: u32) -> DateTime<Utc> {
    start_of_day(date) + Duration::hours(9) + Duration::minutes(i64::from(seq) * 17)
}

/// Seeds the plans of 白沙县人民政府 and 白沙县交通运输局 as they stand on
/// `today`. Does nothing when either agency is missing or the county
/// already has a plan.
pub(super) async fn seed_plans(store: &dyn Store, today: &Today<'_>) -> StoreResult<()> {
    let (Some(government), Some(bureau)) = (
        store.agency_by_code(GOVERNMENT_CODE).await?,
        store.agency_by_code(BUREAU_CODE).await?,
    ) else {
        return Ok(());
    };
    if !store.plans(government.id, None).await?.is_empty() {
        return Ok(());
    }
    let county = side(store, government, COUNTY_UNITS, "supervisor").await?;
    let bureau = side(store, bureau, BUREAU_UNITS, "reviewer").await?;
    let days = Days::new(today);
    let county_plan = import_county(store, today, &days, &county).await?;
    let bureau_plan = derive_bureau(store, today, &days, &bureau, county_plan).await?;
    work(
        store,
        today,
        &days,
        &county,
        county_plan,
        COUNTY,
        days.issued,
    )
    .await?;
    work(
        store,
        today,
        &days,
        &bureau,
        bureau_plan,
        BUREAU,
        days.derived,
    )
    .await
}

/// The agency's units (added where missing) and the demo accounts in them.
async fn side(
    store: &dyn Store,
    agency: Agency,
    (internal, subordinate): (&[&str], &[&str]),
    owner: &str,
) -> StoreResult<Side> {
    let existing = store.units(agency.id).await?;
    let kinds = (internal.iter().map(|n| (n, UnitKind::Internal)))
        .chain(subordinate.iter().map(|n| (n, UnitKind::Subordinate)));
    for (name, kind) in kinds {
        if !existing.iter().any(|u| u.name.as_str() == *name) {
            let n = UnitName::parse(name).map_err(corrupt)?;
            store.add_unit(agency.id, &n, kind, None).await?;
        }
    }
    let units: BTreeMap<String, UnitId> = (store.units(agency.id).await?.into_iter())
        .map(|u| (u.name.as_str().to_string(), u.id))
        .collect();
    let admin = account(store, "admin").await?;
    let mut members = Vec::new();
    let mut owner_account = None;
    for (username, names) in MEMBERS {
        let Some(staff) = account(store, username).await? else {
            continue;
        };
        if staff.agency_id != agency.id {
            continue;
        }
        let ids: Vec<UnitId> = names
            .iter()
            .filter_map(|n| units.get(*n).copied())
            .collect();
        let by = admin.as_ref().map_or(staff.id, |a| a.id);
        store.set_staff_units(staff.id, &ids, by).await?;
        if *username == owner {
            owner_account = Some(staff.clone());
        }
        members.push((staff, ids));
    }
    let owner = owner_account.ok_or_else(|| corrupt(format!("没有演示账号{owner}")))?;
    Ok(Side {
        agency,
        units,
        members,
        owner,
    })
}

async fn account(store: &dyn Store, username: &str) -> StoreResult<Option<Staff>> {
    let u = Username::parse(username).map_err(corrupt)?;
    store.staff_by_username(&u).await
}

/// 白沙县{year}年政务公开工作要点, imported by the county's supervising
/// office on the day it was issued.
async fn import_county(
    store: &dyn Store,
    today: &Today<'_>,
    days: &Days<'_>,
    county: &Side,
) -> StoreResult<PlanId> {
    let year = days.year();
    let tasks = COUNTY
        .iter()
        .enumerate()
        .map(|(i, t)| PlanTask {
            group: Some(t.chapter.to_string()),
            number: Some(t.number.to_string()),
            task: t.task.to_string(),
            requirement: Some(fill(t.requirement, year)),
            lead: t.lead.iter().map(|s| s.to_string()).collect(),
            partners: t.partners.iter().map(|s| s.to_string()).collect(),
            deadline: Some(days.limit_text(t.due)),
            line: i + 2,
            ..PlanTask::default()
        })
        .collect();
    let reading = PlanReading {
        layout: PlanLayout::Prose,
        tasks,
        notes: Vec::new(),
    };
    let opts = ImportOptions {
        year,
        title: format!("白沙县{year}年政务公开工作要点"),
        document_number: format!("白政办发〔{year}〕8号"),
        issued_on: Some(days.issued),
        create_units: false,
        dry_run: false,
    };
    let at = office_hours(days.issued, 0);
    let outcome = import(
        store,
        today.calendar,
        &county.agency,
        Some(county.owner.id),
        reading,
        &opts,
        at,
    )
    .await
    .map_err(corrupt)?;
    if !outcome.limit_problems.is_empty() || !outcome.unknown.is_empty() {
        return Err(corrupt(format!(
            "县政府工作要点：{:?} {:?}",
            outcome.limit_problems, outcome.unknown
        )));
    }
    let (id, _) = outcome
        .stored
        .ok_or_else(|| corrupt("县政府工作要点未保存"))?;
    Ok(id)
}

/// 白沙县交通运输局{year}年政务公开工作要点, derived by its reviewer.
async fn derive_bureau(
    store: &dyn Store,
    today: &Today<'_>,
    days: &Days<'_>,
    bureau: &Side,
    county_plan: PlanId,
) -> StoreResult<PlanId> {
    let year = days.year();
    let county_tasks = store.plan_tasks(county_plan).await?;
    let mut tasks = Vec::new();
    for t in BUREAU {
        let cites = match t.cites {
            Some(i) => Some(
                county_tasks
                    .get(i)
                    .map(|c| c.id)
                    .ok_or_else(|| corrupt(i))?,
            ),
            None => None,
        };
        tasks.push(DerivedTask {
            superior_task: cites,
            chapter: Some(t.chapter.to_string()).filter(|c| !c.is_empty()),
            number: Some(t.number.to_string()),
            task: Some(t.task.to_string()),
            requirement: Some(fill(t.requirement, year)),
            lead: bureau.units(t.lead)?,
            partners: bureau.units(t.partners)?,
            limit: Some(days.limit_text(t.due)),
            major: t.major,
        });
    }
    let choice = DeriveChoice {
        agency: bureau.agency.id,
        year,
        title: format!("白沙县交通运输局{year}年政务公开工作要点"),
        document_number: format!("白交发〔{year}〕15号"),
        issued_on: Some(days.derived),
        tasks,
    };
    let at = office_hours(days.derived, 0);
    derive_in(
        store,
        today.calendar,
        &bureau.owner,
        county_plan,
        choice,
        at,
    )
    .await
    .map_err(corrupt)
}

/// Every task's steps, with the platform's on the days they fell due.
async fn work(
    store: &dyn Store,
    today: &Today<'_>,
    days: &Days<'_>,
    side: &Side,
    plan: PlanId,
    table: &[DemoTask],
    plan_day: NaiveDate,
) -> StoreResult<()> {
    let records = store.plan_tasks(plan).await?;
    for (record, demo) in records.iter().zip(table) {
        let mut steps = Vec::new();
        for (when, step) in demo.steps {
            steps.push((days.of(*when, plan_day), *step));
        }
        // Kept in the order written within a day.
        steps.sort_by_key(|(d, _)| *d);
        Replay::new(store, today, side, record)
            .await?
            .run(&steps)
            .await?;
    }
    Ok(())
}

/// One task's history as it is written out day by day.
struct Replay<'a> {
    store: &'a dyn Store,
    today: &'a Today<'a>,
    side: &'a Side,
    record: &'a TaskRecord,
    events: Vec<TaskEvent>,
}

impl<'a> Replay<'a> {
    async fn new(
        store: &'a dyn Store,
        today: &'a Today<'a>,
        side: &'a Side,
        record: &'a TaskRecord,
    ) -> StoreResult<Replay<'a>> {
        let events = store.task_events(record.id).await?;
        Ok(Replay {
            store,
            today,
            side,
            record,
            events,
        })
    }

    /// Each day from the division to today: the platform's steps due that
    /// morning, then the people's.
    async fn run(mut self, steps: &[(NaiveDate, Step)]) -> StoreResult<()> {
        let first = self
            .events
            .first()
            .ok_or_else(|| corrupt("任务没有分工记录"))?;
        let mut day = first.action.date();
        let mut next = steps.iter().peekable();
        while day <= self.today.day {
            let view = fold(&self.events);
            for due in steps_due(self.today.calendar, &view, day) {
                let action = match due {
                    Platform::Remind => TaskAction::Reminded { date: day },
                    Platform::Urge => TaskAction::Urged { date: day },
                    Platform::List => TaskAction::Listed { date: day },
                };
                let at = start_of_day(day) + Duration::minutes(1);
                self.append(Actor::System, action, at).await?;
            }
            while let Some((_, step)) = next.next_if(|(d, _)| *d == day) {
                let (actor, action) = self.action(*step, day)?;
                let at = office_hours(day, self.events.len() as u32);
                self.append(actor, action, at).await?;
            }
            day = day.succ_opt().ok_or_else(|| corrupt(day))?;
        }
        match next.next() {
            Some((d, _)) => Err(corrupt(format!(
                "{}：{d}的步骤不在分工之日与今天之间",
                self.record.task
            ))),
            None => Ok(()),
        }
    }

    /// The action a step is and who took it.
    fn action(&self, step: Step, date: NaiveDate) -> StoreResult<(Actor, TaskAction)> {
        let view = fold(&self.events);
        let owner = staff_actor(&self.side.owner);
        let text = |s: &str| s.to_string();
        let action = match step {
            Step::Accept(note) => TaskAction::Accepted {
                date,
                note: text(note),
            },
            Step::Return(reason) => TaskAction::Returned {
                date,
                reason: text(reason),
            },
            Step::Redivide(lead, partners) => TaskAction::Assigned {
                date,
                lead: self.side.units(lead)?,
                partners: self.side.units(partners)?,
                limit: view.limit,
            },
            Step::Sign | Step::Progress(..) | Step::AskMore(..) | Step::Complete(..) => {
                let (member, unit) = self.lead_member(&view.lead)?;
                let action = unit_action(step, date, unit, view.due);
                return Ok((staff_actor(member), action));
            }
        };
        Ok((owner, action))
    }

    /// A demo account in one of the lead units, and that unit.
    fn lead_member(&self, lead: &[UnitId]) -> StoreResult<(&Staff, UnitId)> {
        self.side
            .members
            .iter()
            .find_map(|(s, units)| lead.iter().find(|u| units.contains(u)).map(|u| (s, *u)))
            .ok_or_else(|| corrupt(format!("任务“{}”的牵头单位没有演示账号", self.record.task)))
    }

    /// Checks and stores the next event with the read model it gives.
    async fn append(
        &mut self,
        actor: Actor,
        action: TaskAction,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let view = fold(&self.events);
        let refused = |why: String| corrupt(format!("任务“{}”：{why}", self.record.task));
        check(&view, &action, action.date()).map_err(|r| refused(r.0))?;
        let last = self.events.last().map(|e| e.at);
        let at = last.map_or(at, |l| at.max(l + Duration::minutes(1)));
        let detail = format!(
            "任务{}“{}”：{}",
            self.record.number.as_deref().unwrap_or(""),
            self.record.task,
            action.label()
        );
        let event = TaskEvent {
            seq: self.events.len() as u32 + 1,
            at,
            actor,
            action,
        };
        self.events.push(event.clone());
        let row = row_of(self.today.calendar, &fold(&self.events));
        self.store
            .append_task_event(self.record.id, &event, &row, &detail, &[])
            .await
    }
}

fn staff_actor(s: &Staff) -> Actor {
    Actor::Staff {
        id: s.id,
        name: s.display_name.clone(),
    }
}

/// A step of the lead unit (signed for by `unit`) as the action it records.
fn unit_action(step: Step, date: NaiveDate, unit: UnitId, due: Option<NaiveDate>) -> TaskAction {
    let text = |s: &str| s.to_string();
    match step {
        Step::Progress(t, percent) => TaskAction::ProgressReported {
            date,
            text: text(t),
            percent: Some(percent),
            items: Vec::new(),
            files: Vec::new(),
        },
        Step::AskMore(days, reason) => TaskAction::ExtensionRequested {
            date,
            until: due.unwrap_or(date) + Duration::days(days),
            reason: text(reason),
        },
        Step::Complete(t) => TaskAction::CompletionReported {
            date,
            text: text(t),
            items: Vec::new(),
            files: Vec::new(),
        },
        // The owner's steps never come here (see `Replay::action`).
        Step::Sign | Step::Accept(_) | Step::Return(_) | Step::Redivide(..) => {
            TaskAction::SignedFor { date, unit }
        }
    }
}
