//! The demo's cases, entered as a clerk would have: opened and acted on
//! through the commands of [`crate::casework`] on the dates of their events,
//! so that they carry the documents those events issued.
//!
//! Which cases there are on `today`: past years' as far as today reaches
//! (a case of December may still be open in January); this year's closed
//! ones once their reply is delivered; and the queue's open ones.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, Utc};
use gongkai_domain::application::Application;
use gongkai_domain::case::{Actor, CaseAction, CaseEventRecord, check_action};
use gongkai_domain::deadline::law::REPLY_WORKING_DAYS;
use gongkai_domain::staff::Role;
use gongkai_store::{Agency, CaseCreated, CaseId, StaffId, Store, StoreResult};

use super::flows::{Arrival, By, Flow, actions};
use super::people::{PEOPLE, Via, application};
use super::when::{At, Today, Year, back, fill};
use super::{Who, corrupt};
use crate::clock::start_of_day;

/// When an application was received.
#[derive(Debug, Clone, Copy)]
pub(super) enum Received {
    /// On a day of a year (see [`Today::date`]).
    On(At),
    /// `n` working days before today.
    WorkingDaysAgo(u32),
    /// So that the reply falls due `n` working days after today.
    DueIn(u32),
}

pub(super) struct DemoCase {
    pub who: Who,
    pub received: Received,
    pub via: Via,
    pub applicant: usize,
    /// The request; `{y}` is the year it was received in.
    pub request: &'static str,
    pub flow: Flow,
    /// Referred to by the demo's appeals; empty when no appeal.
    pub tag: &'static str,
}

pub(super) const fn case(
    who: Who,
    received: At,
    via: Via,
    applicant: usize,
    request: &'static str,
    flow: Flow,
) -> DemoCase {
    DemoCase {
        who,
        received: Received::On(received),
        via,
        applicant,
        request,
        flow,
        tag: "",
    }
}

pub(super) const fn tagged(c: DemoCase, tag: &'static str) -> DemoCase {
    DemoCase { tag, ..c }
}

/// A case of the bureau's queue, open today.
pub(super) const fn open(
    received: Received,
    via: Via,
    applicant: usize,
    request: &'static str,
    flow: Flow,
) -> DemoCase {
    DemoCase {
        who: Who::Bureau,
        received,
        via,
        applicant,
        request,
        flow,
        tag: "",
    }
}

impl DemoCase {
    /// The receipt date on `today`.
    fn received_on(&self, today: &Today) -> NaiveDate {
        let cal = today.calendar;
        match self.received {
            Received::On(at) => today.date(at),
            Received::WorkingDaysAgo(n) => back(cal, today.day, n),
            Received::DueIn(n) => back(cal, today.ahead(n), REPLY_WORKING_DAYS),
        }
    }

    /// A case of this year that is not one of the queue's is shown only
    /// once closed: the queue alone decides what is open this year.
    fn closed_only(&self) -> bool {
        matches!(self.received, Received::On(at) if at.year == Year::Ago(0)) && !self.flow.is_open()
    }
}

/// The staff who record the demo actions of one agency.
pub(super) struct Hands {
    clerk: Actor,
    reviewer: Actor,
    pub reviewer_id: Option<StaffId>,
}

impl Hands {
    pub(super) async fn of(store: &dyn Store, agency: &Agency) -> StoreResult<Hands> {
        let staff = store.staff_of_agency(agency.id).await?;
        let find = |role: Role| {
            staff
                .iter()
                .find(|s| s.active && s.has_role(role))
                .map(|s| (s.id, s.display_name.clone()))
        };
        let clerk = find(Role::Clerk);
        let reviewer = find(Role::Reviewer).or_else(|| clerk.clone());
        let actor = |who: &Option<(StaffId, String)>| match who {
            Some((id, name)) => Actor::Staff {
                id: *id,
                name: name.clone(),
            },
            None => Actor::System,
        };
        Ok(Hands {
            clerk: actor(&clerk),
            reviewer: actor(&reviewer),
            reviewer_id: reviewer.map(|(id, _)| id),
        })
    }

    fn actor(&self, by: By) -> Actor {
        match by {
            By::Applicant => Actor::Applicant,
            By::Clerk => self.clerk.clone(),
            By::Reviewer => self.reviewer.clone(),
        }
    }
}

/// The instant an action of `date` is recorded: office hours in Beijing.
fn recorded_at(date: NaiveDate, seq: u32) -> chrono::DateTime<Utc> {
    start_of_day(date) + Duration::hours(9) + Duration::minutes(i64::from(seq) * 17)
}

/// A created case: its id and the day its reply (or notice) was delivered.
pub(super) struct Created {
    pub id: CaseId,
    pub delivered: Option<NaiveDate>,
}

/// A case as it stands on `today`: its application and actions so far.
struct Planned<'a> {
    case: &'a DemoCase,
    /// Its place in the tables (part of its query code).
    index: usize,
    received: NaiveDate,
    application: Application,
    steps: Vec<(CaseAction, By)>,
}

/// The case as far as `today` reaches; `None` when nothing of it happened
/// yet, or when it is one of this year's closed cases and not closed yet.
fn plan<'a>(c: &'a DemoCase, index: usize, today: &Today) -> StoreResult<Option<Planned<'a>>> {
    let received = c.received_on(today);
    let request = fill(c.request, chrono::Datelike::year(&received));
    let application = application(&PEOPLE[c.applicant], c.via, &request)?;
    let arrival = Arrival {
        via: c.via,
        received,
        request: &request,
        method: application.request.method,
    };
    let mut steps = actions(&arrival, c.flow, today)?;
    let all = steps.len();
    steps.retain(|(a, _)| a.date() <= today.day);
    if steps.is_empty() || (c.closed_only() && steps.len() < all) {
        return Ok(None);
    }
    // Every step must be allowed after the ones before it.
    let mut history: Vec<CaseEventRecord> = Vec::new();
    for (i, (action, _)) in steps.iter().enumerate() {
        check_action(&history, action, today.calendar)
            .map_err(|e| corrupt(format!("{received} {request}：{e}")))?;
        history.push(record(i, action.clone(), Actor::System));
    }
    Ok(Some(Planned {
        case: c,
        index,
        received,
        application,
        steps,
    }))
}

fn record(i: usize, action: CaseAction, actor: Actor) -> CaseEventRecord {
    let seq = i as u32 + 1;
    CaseEventRecord {
        seq,
        at: recorded_at(action.date(), seq - 1),
        actor,
        action,
        note: String::new(),
    }
}

/// Enters the cases of `tables` as they stand on `today`; returns the
/// tagged ones (for the appeals).
pub(super) async fn seed_cases(
    store: &dyn Store,
    agencies: &[(Who, &Agency, &Hands)],
    tables: &[&[DemoCase]],
    today: &Today<'_>,
) -> StoreResult<BTreeMap<&'static str, Created>> {
    let mut planned = Vec::new();
    for (index, c) in tables.iter().flat_map(|t| t.iter()).enumerate() {
        planned.extend(plan(c, index, today)?);
    }
    // Numbers are given in the order the applications arrived.
    planned.sort_by_key(|p| (p.steps[0].0.date(), p.index));
    let mut by_tag = BTreeMap::new();
    for p in planned {
        let Some((_, agency, hands)) = agencies.iter().find(|(w, _, _)| *w == p.case.who) else {
            continue;
        };
        let tag = p.case.tag;
        let events: Vec<CaseEventRecord> = (p.steps.iter().enumerate())
            .map(|(i, (action, by))| record(i, action.clone(), hands.actor(*by)))
            .collect();
        let created = through_commands(store, today, agency, p, &events).await?;
        if !tag.is_empty() {
            let delivered = events.iter().find_map(|e| match e.action {
                CaseAction::Delivered { date, .. } => Some(date),
                _ => None,
            });
            let id = created.id();
            by_tag.insert(tag, Created { id, delivered });
        }
    }
    Ok(by_tag)
}

/// A demo case opened and acted on through the commands on the dates of its
/// events (each read with the calendar in force). No one is mailed: the
/// applicants are fictional.
async fn through_commands(
    store: &dyn Store,
    today: &Today<'_>,
    agency: &Agency,
    p: Planned<'_>,
    events: &[CaseEventRecord],
) -> StoreResult<CaseCreated> {
    use crate::casework::{self, Moment, Opening, Step};
    let c = p.case;
    let label = format!("{} {}", p.received, p.application.request.description);
    let failed = |e: &dyn std::fmt::Display| corrupt(format!("{label}：{e}"));
    let moment = |e: &CaseEventRecord| Moment {
        at: e.at,
        today: e.action.date(),
        mail: false,
    };
    let first = &events[0];
    let opening = Opening {
        agency_id: agency.id,
        channel: c.via.channel(),
        application: p.application,
        actor: first.actor.clone(),
        first: first.action.clone(),
        idempotency_key: None,
    };
    let code = casework::code_hash(&format!(
        "DEMO{}{}-{}",
        p.received.format("%Y%m%d"),
        c.applicant,
        p.index
    ));
    let calendar = today.calendar;
    let (created, _) = casework::open_in(store, calendar, opening, &code, moment(first))
        .await
        .map_err(|e| failed(&e))?;
    let Some(mut case) = store.case(created.id()).await? else {
        return Err(corrupt(created.number()));
    };
    for e in &events[1..] {
        let bundle = casework::load_in(store, case, calendar.clone(), e.action.date())
            .await
            .map_err(|e| failed(&e))?;
        let step = Step {
            expected_seq: e.seq,
            actor: e.actor.clone(),
            action: e.action.clone(),
            note: e.note.clone(),
        };
        match casework::record_in(store, &bundle, step, moment(e)).await {
            Ok(_) => {}
            Err(casework::RecordError::Refused(why)) => return Err(failed(&why)),
            Err(casework::RecordError::Stale) => return Err(failed(&"记录序号不连续")),
            Err(casework::RecordError::Other(e)) => return Err(failed(&e)),
        }
        case = bundle.case;
    }
    Ok(created)
}
