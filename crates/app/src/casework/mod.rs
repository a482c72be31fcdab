//! Recording actions on a case: check them against the law (domain), issue
//! the documents they call for from the agency's templates, queue the mail to
//! the applicant, and append all of it in one transaction.

mod act;
pub mod correction_files;
mod letters;
pub mod numbers;
pub mod proactive;
pub mod release;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use gongkai_domain::application::{Application, IdDocument};
use gongkai_domain::calendar::Calendar;
use gongkai_domain::case::{self, Actor, CaseAction, CaseEventRecord, CaseView};
use gongkai_domain::vocabulary::Channel;
use gongkai_store::{
    Agency, AgencyId, Case, CaseCreated, CaseId, Conflict, FirstDocuments, NewCase, Store,
    StoreError,
};

pub use act::{Recorded, act, approval_rule, sign};
use letters::{Templates, mail_for};
pub use letters::{draft_letter, lineage, redress_of, template_for};
use rand::Rng;
use sha2::{Digest, Sha256};

use crate::{App, Error};

pub use crate::error::RecordError;

/// A case with everything needed to show it or act on it.
pub struct CaseBundle {
    pub case: Case,
    pub agency: Agency,
    pub events: Vec<CaseEventRecord>,
    pub calendar: Calendar,
    pub view: CaseView,
}

impl CaseBundle {
    pub fn next_seq(&self) -> u32 {
        self.events.last().map_or(1, |e| e.seq + 1)
    }

    /// A case being created, as its first event's documents see it.
    fn first(
        new: &NewCase,
        id: CaseId,
        number: &str,
        agency: &Agency,
        calendar: &Calendar,
        today: NaiveDate,
    ) -> CaseBundle {
        let events = vec![new.first_event.clone()];
        CaseBundle {
            case: Case {
                id,
                agency_id: new.agency_id,
                number: number.to_string(),
                query_code_hash: new.query_code_hash.clone(),
                channel: new.channel,
                applicant_type: new.application.applicant.kind,
                application: new.application.clone(),
                applicant_key: new.applicant_key.clone(),
                submitted_at: new.submitted_at,
            },
            agency: agency.clone(),
            view: case::fold(&events, calendar, today),
            events,
            calendar: calendar.clone(),
        }
    }
}

/// The query code's alphabet: no 0/O, 1/I/L to avoid misreading.
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

pub fn new_query_code() -> String {
    let mut rng = rand::thread_rng();
    (0..8)
        .map(|_| CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())] as char)
        .collect()
}

pub fn code_hash(code: &str) -> String {
    hex::encode(Sha256::digest(code.trim().to_uppercase().as_bytes()))
}

/// One applicant across applications: their identity document and number.
pub fn applicant_key(id_document: IdDocument, id_number: &str) -> String {
    hex::encode(Sha256::digest(
        format!("{}:{}", id_document.code(), id_number).as_bytes(),
    ))
}

pub async fn load(state: &App, number: &str) -> Result<CaseBundle, Error> {
    let case = state
        .store
        .case_by_number(number)
        .await?
        .ok_or_else(|| Error::not_found(format!("编号为“{number}”的申请")))?;
    load_case(state, case).await
}

pub async fn load_case(state: &App, case: Case) -> Result<CaseBundle, Error> {
    let calendar = state.calendar_in_force().await?;
    load_in(state.store.as_ref(), case, calendar, state.clock.today()).await
}

/// A case with its agency and events, read on `today` with `calendar` (the
/// calendar in force, which the caller has read once).
pub async fn load_in(
    store: &dyn Store,
    case: Case,
    calendar: Calendar,
    today: NaiveDate,
) -> Result<CaseBundle, Error> {
    let agency = store
        .agency(case.agency_id)
        .await?
        .ok_or_else(|| Error::internal("case without agency"))?;
    let events = store.case_events(case.id).await?;
    let view = case::fold(&events, &calendar, today);
    Ok(CaseBundle {
        case,
        agency,
        events,
        calendar,
        view,
    })
}

/// When an event is recorded: the instant, the day the law counts from, and
/// whether the applicant is mailed its documents. A live request records
/// now and mails; history entered after the fact (the demo's past year)
/// records on its own dates and mails no one.
#[derive(Debug, Clone, Copy)]
pub struct Moment {
    pub at: DateTime<Utc>,
    pub today: NaiveDate,
    pub mail: bool,
}

impl Moment {
    fn now(state: &App) -> Moment {
        Moment {
            at: state.clock.now(),
            today: state.clock.today(),
            mail: true,
        }
    }
}

/// A case to open: where, how it came in, what is asked, and its first event
/// (an online submission, or a clerk's 确认收到 of an application received
/// on paper, by letter or fax).
pub struct Opening {
    pub agency_id: AgencyId,
    pub channel: Channel,
    pub application: Application,
    pub actor: Actor,
    pub first: CaseAction,
    pub idempotency_key: Option<String>,
}

/// Open a case with its first event; returns the creation result and the
/// applicant's query code (meaningful only for a new case).
pub async fn open_case(state: &App, opening: Opening) -> Result<(CaseCreated, String), Error> {
    let query_code = new_query_code();
    let moment = Moment::now(state);
    let calendar = state.calendar_in_force().await?;
    let code = code_hash(&query_code);
    let created = open_with_code(
        state.store.as_ref(),
        &calendar,
        opening,
        Some(&query_code),
        &code,
        moment,
    )
    .await?;
    if created.1 {
        state.mail_wake.notify_one();
    }
    Ok((created.0, query_code))
}

/// [`open_case`] on `store` at `moment`: the first event is checked against
/// the law, and the case, its first event and the documents that event
/// issues (the 登记回执 of a clerk-registered case) are stored in one
/// transaction. Also answers whether mail was queued.
pub async fn open_in(
    store: &dyn Store,
    calendar: &Calendar,
    o: Opening,
    query_code_hash: &str,
    moment: Moment,
) -> Result<(CaseCreated, bool), Error> {
    open_with_code(store, calendar, o, None, query_code_hash, moment).await
}

/// [`open_in`] with the query code itself, which the 登记回执 of a
/// clerk-registered case prints (the applicant tracks the case with it).
async fn open_with_code(
    store: &dyn Store,
    calendar: &Calendar,
    o: Opening,
    query_code: Option<&str>,
    query_code_hash: &str,
    moment: Moment,
) -> Result<(CaseCreated, bool), Error> {
    let agency = store
        .agency(o.agency_id)
        .await?
        .ok_or_else(|| Error::not_found("该机关"))?;
    case::check_action(&[], &o.first, calendar).map_err(|e| Error::invalid(e.to_string()))?;
    let mut templates = Templates::of(store, &agency, &o.first).await?;
    if let Some(code) = query_code {
        templates.set_var("query_code", code.to_string());
    }
    let first = CaseEventRecord {
        seq: 1,
        at: moment.at,
        actor: o.actor,
        action: o.first,
        note: String::new(),
    };
    let new = NewCase {
        agency_id: o.agency_id,
        query_code_hash: query_code_hash.to_string(),
        channel: o.channel,
        applicant_key: applicant_key(
            o.application.applicant.id_document,
            &o.application.applicant.id_number,
        ),
        application: o.application,
        submitted_at: moment.at,
        idempotency_key: o.idempotency_key,
        first_snapshot: case::CaseSnapshot::of(
            std::slice::from_ref(&first),
            calendar,
            moment.today,
        ),
        first_event: first,
    };
    // A template that cannot be written refuses the case before anything is
    // stored (the number is the only thing the documents learn later).
    let trial = CaseBundle::first(&new, 0, "GK0000-000000", &agency, calendar, moment.today);
    if let Err(e) = templates.render(&trial, &new.first_event, &trial.view, &[]) {
        return Err(Error::invalid(e));
    }
    let date = new.first_event.action.date();
    let numbers = numbers::take(store, &agency, &templates.kinds(), date).await?;
    let mailed = std::sync::atomic::AtomicBool::new(false);
    let issue = |id: CaseId, number: &str| {
        let bundle = CaseBundle::first(&new, id, number, &agency, calendar, moment.today);
        let event = &new.first_event;
        let documents = templates
            .render(&bundle, event, &bundle.view, &numbers)
            .map_err(StoreError::Corrupt)?;
        let mail = if moment.mail {
            mail_for(&bundle, &documents, &[], &[])
        } else {
            Vec::new()
        };
        mailed.store(!mail.is_empty(), std::sync::atomic::Ordering::Relaxed);
        Ok(FirstDocuments { documents, mail })
    };
    let created = store.create_case_issuing(&new, &issue).await?;
    Ok((created, mailed.into_inner()))
}

/// This application's place among the applicant's applications to this
/// agency in its calendar month (109号: fees by count).
pub async fn ordinal_in_month(state: &App, b: &CaseBundle) -> Result<u32, Error> {
    let key = |c: &Case| {
        let day = crate::clock::beijing(c.submitted_at).date_naive();
        (day, (c.submitted_at, c.id))
    };
    // Only the applications of the same month (Beijing time) can come before it.
    let day = key(&b.case).0;
    let first = day.with_day(1).unwrap_or(day);
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first);
    let month = crate::clock::start_of_day(first)..crate::clock::start_of_day(next);
    let register: Vec<_> = state
        .store
        .cases_of_applicant(b.case.agency_id, &b.case.applicant_key, month, u32::MAX)
        .await?
        .iter()
        .map(|e| key(&e.case))
        .collect();
    Ok(gongkai_domain::fees::ordinal_in_month(
        &key(&b.case),
        &register,
    ))
}

/// The queue mark as the code pages and the API use.
pub fn mark_code(m: case::QueueMark) -> &'static str {
    match m {
        case::QueueMark::Overdue => "overdue",
        case::QueueMark::DueSoon => "due_soon",
        case::QueueMark::Normal => "normal",
        case::QueueMark::Finished => "finished",
    }
}

/// Fees by count: the month's ordinal comes from the register (109号); any
/// other action is returned as it is.
pub async fn with_fee_ordinal(
    state: &App,
    b: &CaseBundle,
    action: CaseAction,
) -> Result<CaseAction, Error> {
    match action {
        CaseAction::FeeNoticeIssued {
            method: gongkai_domain::fees::FeeMethod::ByCount { .. },
            ..
        } => Ok(action.with_month_ordinal(ordinal_in_month(state, b).await?)),
        other => Ok(other),
    }
}

/// Documents the applicant receives: the domain's rule
/// ([`gongkai_domain::case::goes_to_applicant`]).
pub use gongkai_domain::case::goes_to_applicant as for_applicant;

/// Record `action` as the event after `expected_seq - 1`, now.
pub async fn record(
    state: &App,
    bundle: &CaseBundle,
    expected_seq: u32,
    actor: Actor,
    action: CaseAction,
    note: String,
) -> Result<Vec<i64>, RecordError> {
    let step = Step {
        expected_seq,
        actor,
        action,
        note,
    };
    let (ids, mailed) = record_in(state.store.as_ref(), bundle, step, Moment::now(state)).await?;
    if mailed {
        state.mail_wake.notify_one();
    }
    Ok(ids)
}

/// One action to record on a case, by whom, after which event.
pub struct Step {
    pub expected_seq: u32,
    pub actor: Actor,
    pub action: CaseAction,
    pub note: String,
}

/// [`record`] on `store` at `moment`: check the action against the law
/// (domain), write the documents it issues from the agency's templates, and
/// append the event, the documents and their mail in one transaction. Also
/// answers whether mail was queued.
pub async fn record_in(
    store: &dyn Store,
    bundle: &CaseBundle,
    step: Step,
    moment: Moment,
) -> Result<(Vec<i64>, bool), RecordError> {
    if step.expected_seq != bundle.next_seq() {
        return Err(RecordError::Stale);
    }
    case::check_action(&bundle.events, &step.action, &bundle.calendar)
        .map_err(|e| RecordError::Refused(e.to_string()))?;
    let templates = Templates::of(store, &bundle.agency, &step.action).await?;
    let event = CaseEventRecord {
        seq: step.expected_seq,
        at: moment.at,
        actor: step.actor,
        action: step.action,
        note: step.note,
    };
    let mut after = bundle.events.clone();
    after.push(event.clone());
    let view_after = case::fold(&after, &bundle.calendar, moment.today);
    let snapshot = case::CaseSnapshot::of(&after, &bundle.calendar, moment.today);
    templates
        .render(bundle, &event, &view_after, &[])
        .map_err(RecordError::Refused)?;
    let numbers = numbers::take(
        store,
        &bundle.agency,
        &templates.kinds(),
        event.action.date(),
    )
    .await?;
    let documents = templates
        .render(bundle, &event, &view_after, &numbers)
        .map_err(RecordError::Refused)?;
    let mail = if moment.mail {
        let provided = match &event.action {
            CaseAction::OutcomeDecided { provided, .. } => provided.as_slice(),
            _ => &[],
        };
        let files = release::files_of(store, bundle, provided).await?;
        mail_for(bundle, &documents, provided, &files)
    } else {
        Vec::new()
    };
    match store
        .append_case_event(bundle.case.id, &event, &snapshot, &documents, &mail)
        .await
    {
        Ok(ids) => Ok((ids, !mail.is_empty())),
        Err(StoreError::Conflict(Conflict::CaseEventSeq)) => Err(RecordError::Stale),
        Err(e) => Err(RecordError::Other(e.into())),
    }
}

/// 重新生成查询码: a clerk of the handling agency gives the applicant a new
/// query code (lost, or seen by someone else); the old one stops working at
/// once. Audited by the store; returns the new code to hand over.
pub async fn reissue_query_code(
    state: &App,
    b: &CaseBundle,
    who: &gongkai_store::Staff,
) -> Result<String, Error> {
    use gongkai_domain::access::Relation;
    use gongkai_domain::policy::{self, Permission};
    policy::may_in(
        &who.roles,
        Permission::RegisterApplication,
        Relation::OwnAgency,
    )
    .map_err(|r| Error::forbidden(r.0))?;
    if who.agency_id != b.case.agency_id {
        return Err(Error::forbidden("只有受理机关的承办人可以重新生成查询码。"));
    }
    let code = new_query_code();
    state
        .store
        .reissue_query_code(b.case.id, &code_hash(&code), who.id)
        .await?;
    Ok(code)
}
