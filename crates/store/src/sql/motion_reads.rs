//! The reads of [`MotionStore`]: a session, a motion with its co-handling
//! agencies, the lists a page at a time, and the counts — the agency's on
//! a day, the subtree's late motions per agency and a year's 办理情况 —
//! each one statement summed in the database.

use chrono::NaiveDate;
use gongkai_domain::participation::clocks::ReplyGrade;
use gongkai_domain::participation::motions::{Proposer, PublishMode, Satisfaction};

use super::consultations::count;
use super::motions::kind_of;
use super::snapshots::{agency_path, subtree_bounds};
use super::{Db, Row, parse_json, query};
use crate::*;

const SESSION_SELECT: &str = "SELECT s.id, s.agency_id, s.kind, s.year, s.name, \
     s.reply_months, s.assigned_by, s.created_at, \
     (SELECT COUNT(*) FROM motions m WHERE m.session_id = s.id) AS motions, \
     (SELECT COUNT(*) FROM motions m WHERE m.session_id = s.id AND m.state <> 'handling') \
      AS answered, \
     (SELECT COUNT(*) FROM motions m WHERE m.session_id = s.id AND m.state = 'published') \
      AS published \
     FROM motion_sessions s";

fn session_row(r: &Row) -> StoreResult<MotionSession> {
    let months: i32 = r.get("reply_months")?;
    Ok(MotionSession {
        id: r.get("id")?,
        agency_id: r.get("agency_id")?,
        kind: kind_of(&r.get::<String>("kind")?)?,
        year: r.get("year")?,
        name: r.get("name")?,
        reply_months: u32::try_from(months).unwrap_or(0),
        assigned_by: r.get("assigned_by")?,
        created_at: r.get("created_at")?,
        motions: count(r, "motions")?,
        answered: count(r, "answered")?,
        published: count(r, "published")?,
    })
}

pub(super) async fn session(db: &Db, id: MotionSessionId) -> StoreResult<Option<MotionSession>> {
    let row = query(format!("{SESSION_SELECT} WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    row.as_ref().map(session_row).transpose()
}

pub(super) async fn sessions(
    db: &Db,
    agency: AgencyId,
    limit: u32,
) -> StoreResult<Vec<MotionSession>> {
    query(format!(
        "{SESSION_SELECT} WHERE s.agency_id = $1 ORDER BY s.year DESC, s.id DESC LIMIT $2"
    ))
    .bind(agency)
    .bind(i64::from(limit.min(MOTION_ROWS_MAX)))
    .fetch_as(db, session_row)
    .await
}

fn coded<T>(r: &Row, col: &str, of: fn(&str) -> Option<T>, what: &str) -> StoreResult<Option<T>> {
    let code: Option<String> = r.get(col)?;
    code.map(|c| of(&c).ok_or_else(|| StoreError::Corrupt(format!("{what}“{c}”"))))
        .transpose()
}

fn state_of(r: &Row) -> StoreResult<MotionState> {
    coded(r, "state", MotionState::from_code, "建议提案状态")?
        .ok_or_else(|| StoreError::Corrupt("建议提案状态".into()))
}

fn proposers_of(r: &Row) -> StoreResult<Vec<Proposer>> {
    parse_json(&r.json("proposers")?, "提出人")
}

const MOTION_COLUMNS: &str = "id, session_id, agency_id, number, title, proposers, \
     assigned_on, due_on, extended_until, extension_consent, state, reply_text, grade, \
     answered_on, publish_due, publish_mode, published_text, summary_reason, published_on, \
     satisfaction, satisfaction_on, created_by, created_at";

/// The motion of a row, with its session and co-handling agencies.
fn motion_row(
    r: &Row,
    session: MotionSession,
    co_agencies: Vec<AgencyBrief>,
) -> StoreResult<Motion> {
    let grade = coded(r, "grade", ReplyGrade::from_code, "办理结果")?;
    let reply = match (r.get::<Option<String>>("reply_text")?, grade) {
        (Some(text), Some(grade)) => Some(MotionReply {
            text,
            grade,
            answered_on: r.get("answered_on")?,
            publish_due: r.get("publish_due")?,
        }),
        _ => None,
    };
    let mode = coded(r, "publish_mode", PublishMode::from_code, "公开方式")?;
    let publication = match (mode, r.get::<Option<String>>("published_text")?) {
        (Some(mode), Some(text)) => Some(MotionPublication {
            mode,
            text,
            summary_reason: r.get("summary_reason")?,
            published_on: r.get("published_on")?,
        }),
        _ => None,
    };
    let satisfaction = coded(r, "satisfaction", Satisfaction::from_code, "满意度")?;
    let satisfaction_on: Option<NaiveDate> = r.get("satisfaction_on")?;
    Ok(Motion {
        id: r.get("id")?,
        session,
        agency_id: r.get("agency_id")?,
        number: r.get("number")?,
        title: r.get("title")?,
        proposers: proposers_of(r)?,
        co_agencies,
        assigned_on: r.get("assigned_on")?,
        due_on: r.get("due_on")?,
        extended_until: r.get("extended_until")?,
        extension_consent: r.get("extension_consent")?,
        state: state_of(r)?,
        reply,
        publication,
        satisfaction: satisfaction.zip(satisfaction_on),
        created_by: r.get("created_by")?,
        created_at: r.get("created_at")?,
    })
}

fn brief(r: &Row) -> StoreResult<AgencyBrief> {
    Ok(AgencyBrief {
        id: r.get("agency_id")?,
        name: r.get("agency_name")?,
        code: r.get("agency_code")?,
    })
}

pub(super) async fn motion(db: &Db, id: MotionId) -> StoreResult<Option<Motion>> {
    let Some(r) = query(format!(
        "SELECT {MOTION_COLUMNS} FROM motions WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?
    else {
        return Ok(None);
    };
    let session_id: MotionSessionId = r.get("session_id")?;
    let session = session(db, session_id)
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("建议提案台账{session_id}")))?;
    let co = query(
        "SELECT a.id AS agency_id, a.full_name AS agency_name, a.code AS agency_code \
         FROM motion_co_agencies c JOIN agencies a ON a.id = c.agency_id \
         WHERE c.motion_id = $1 ORDER BY a.path",
    )
    .bind(id)
    .fetch_as(db, brief)
    .await?;
    motion_row(&r, session, co).map(Some)
}

const ROW_SELECT: &str = "SELECT m.id, m.session_id, s.kind, s.year, s.name AS session_name, \
     m.agency_id, a.full_name AS agency_name, a.code AS agency_code, m.number, m.title, \
     m.proposers, m.assigned_on, COALESCE(m.extended_until, m.due_on) AS due, m.state, \
     m.grade, m.answered_on, m.publish_due, m.published_on, m.publish_mode, m.satisfaction \
     FROM motions m JOIN motion_sessions s ON s.id = m.session_id \
     JOIN agencies a ON a.id = m.agency_id";

fn list_row(r: &Row) -> StoreResult<MotionRow> {
    Ok(MotionRow {
        id: r.get("id")?,
        session_id: r.get("session_id")?,
        kind: kind_of(&r.get::<String>("kind")?)?,
        year: r.get("year")?,
        session_name: r.get("session_name")?,
        agency: brief(r)?,
        number: r.get("number")?,
        title: r.get("title")?,
        // A list never carries a contact.
        proposers: proposers_of(r)?.iter().map(Proposer::shown).collect(),
        assigned_on: r.get("assigned_on")?,
        due: r.get("due")?,
        state: state_of(r)?,
        grade: coded(r, "grade", ReplyGrade::from_code, "办理结果")?,
        answered_on: r.get("answered_on")?,
        publish_due: r.get("publish_due")?,
        published_on: r.get("published_on")?,
        publish_mode: coded(r, "publish_mode", PublishMode::from_code, "公开方式")?,
        satisfaction: coded(r, "satisfaction", Satisfaction::from_code, "满意度")?,
    })
}

/// Late on `$t`: unanswered past the due day, or unpublished past the
/// publication day.
fn late(t: &str) -> String {
    format!(
        "((m.state = 'handling' AND COALESCE(m.extended_until, m.due_on) < {t}) \
         OR (m.state = 'answered' AND m.publish_due < {t}))"
    )
}

pub(super) async fn rows(
    db: &Db,
    list: MotionList,
    after: Option<MotionId>,
    limit: u32,
) -> StoreResult<Vec<MotionRow>> {
    let mut q = query(ROW_SELECT);
    match list {
        MotionList::Session(id) => {
            let s = q.arg(id);
            q.push(&format!(" WHERE m.session_id = {s}"));
        }
        MotionList::CoHandled(agency) => {
            let a = q.arg(agency);
            q.push(&format!(
                " WHERE m.id IN (SELECT motion_id FROM motion_co_agencies WHERE agency_id = {a})"
            ));
        }
        MotionList::Published { agency, year } => {
            let (a, y) = (q.arg(agency), q.arg(year));
            q.push(&format!(
                " WHERE m.agency_id = {a} AND s.year = {y} AND m.state = 'published'"
            ));
        }
        MotionList::Overdue { agency, today } => {
            let (a, t) = (q.arg(agency), q.arg(today));
            q.push(&format!(" WHERE m.agency_id = {a} AND {}", late(&t)));
        }
    }
    if let Some(after) = after {
        let a = q.arg(after);
        q.push(&format!(" AND m.id < {a}"));
    }
    let l = q.arg(i64::from(limit.min(MOTION_ROWS_MAX)));
    q.push(&format!(" ORDER BY m.id DESC LIMIT {l}"));
    q.fetch_as(db, list_row).await
}

/// `COALESCE(SUM(CASE WHEN cond THEN 1 ELSE 0 END), 0) AS alias`.
fn sum(cond: &str, alias: &str) -> String {
    format!("COALESCE(SUM(CASE WHEN {cond} THEN 1 ELSE 0 END), 0) AS {alias}")
}

pub(super) async fn counts(
    db: &Db,
    agency: AgencyId,
    today: NaiveDate,
) -> StoreResult<MotionCounts> {
    let overdue = "COALESCE(m.extended_until, m.due_on) < $2";
    let columns = [
        sum("m.state = 'handling'", "handling"),
        sum(
            &format!("m.state = 'handling' AND {overdue}"),
            "reply_overdue",
        ),
        sum("m.state = 'answered'", "awaiting"),
        sum(
            "m.state = 'answered' AND m.publish_due < $2",
            "publication_overdue",
        ),
    ];
    let r = query(format!(
        "SELECT {}, (SELECT COUNT(*) FROM motion_co_agencies c JOIN motions k \
         ON k.id = c.motion_id WHERE c.agency_id = $1 AND k.state = 'handling') AS co_open \
         FROM motions m WHERE m.agency_id = $1 AND m.state IN ('handling', 'answered')",
        columns.join(", ")
    ))
    .bind(agency)
    .bind(today)
    .fetch_one(db)
    .await?;
    Ok(MotionCounts {
        handling: count(&r, "handling")?,
        reply_overdue: count(&r, "reply_overdue")?,
        awaiting_publication: count(&r, "awaiting")?,
        publication_overdue: count(&r, "publication_overdue")?,
        co_handled_open: count(&r, "co_open")?,
    })
}

pub(super) async fn overdue_by_agency(
    db: &Db,
    root: AgencyId,
    today: NaiveDate,
) -> StoreResult<Vec<MotionsOverdue>> {
    let (from, to) = subtree_bounds(&agency_path(db, root).await?);
    let columns = [
        sum(
            "m.state = 'handling' AND COALESCE(m.extended_until, m.due_on) < $3",
            "reply_overdue",
        ),
        sum(
            "m.state = 'answered' AND m.publish_due < $3",
            "publication_overdue",
        ),
    ];
    let rows = query(format!(
        "SELECT a.id AS agency_id, a.full_name AS agency_name, a.code AS agency_code, {} \
         FROM motions m JOIN agencies a ON a.id = m.agency_id \
         WHERE a.path >= $1 AND a.path < $2 AND {} \
         GROUP BY a.id, a.full_name, a.code, a.path \
         ORDER BY publication_overdue DESC, reply_overdue DESC, a.path",
        columns.join(", "),
        late("$3")
    ))
    .bind(from)
    .bind(to)
    .bind(today)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(MotionsOverdue {
                agency: brief(r)?,
                reply_overdue: count(r, "reply_overdue")?,
                publication_overdue: count(r, "publication_overdue")?,
            })
        })
        .collect()
}

/// A grade's column: lower case, as PostgreSQL folds unquoted names.
fn grade_alias(g: ReplyGrade) -> String {
    format!("grade_{}", g.code().to_ascii_lowercase())
}

pub(super) async fn year_summary(
    db: &Db,
    agency: AgencyId,
    year: i32,
) -> StoreResult<MotionYearSummary> {
    let answered = "m.state <> 'handling'";
    let published = "m.state = 'published'";
    let mut columns = vec![
        sum("s.kind = 'suggestion'", "suggestions"),
        sum("s.kind = 'proposal'", "proposals"),
        sum(answered, "answered"),
        sum(
            &format!("{answered} AND m.answered_on <= COALESCE(m.extended_until, m.due_on)"),
            "answered_on_time",
        ),
        sum(
            &format!("{answered} AND m.satisfaction IS NULL"),
            "satisfaction_unknown",
        ),
        sum(published, "published"),
        sum(
            &format!("{published} AND m.published_on <= m.publish_due"),
            "published_on_time",
        ),
        sum(
            &format!("{published} AND m.publish_mode = 'summary'"),
            "summaries",
        ),
    ];
    for g in ReplyGrade::ALL {
        columns.push(sum(&format!("m.grade = '{}'", g.code()), &grade_alias(g)));
    }
    for s in Satisfaction::ALL {
        columns.push(sum(&format!("m.satisfaction = '{}'", s.code()), s.code()));
    }
    let r = query(format!(
        "SELECT {} FROM motions m JOIN motion_sessions s ON s.id = m.session_id \
         WHERE m.agency_id = $1 AND s.year = $2",
        columns.join(", ")
    ))
    .bind(agency)
    .bind(year)
    .fetch_one(db)
    .await?;
    let grade = |g: ReplyGrade| count(&r, &grade_alias(g));
    let satisfied = |s: Satisfaction| count(&r, s.code());
    Ok(MotionYearSummary {
        suggestions: count(&r, "suggestions")?,
        proposals: count(&r, "proposals")?,
        answered: count(&r, "answered")?,
        answered_on_time: count(&r, "answered_on_time")?,
        grades: [
            grade(ReplyGrade::A)?,
            grade(ReplyGrade::B)?,
            grade(ReplyGrade::C)?,
            grade(ReplyGrade::D)?,
        ],
        satisfaction: [
            satisfied(Satisfaction::Satisfied)?,
            satisfied(Satisfaction::BasicallySatisfied)?,
            satisfied(Satisfaction::Dissatisfied)?,
        ],
        satisfaction_unknown: count(&r, "satisfaction_unknown")?,
        published: count(&r, "published")?,
        published_on_time: count(&r, "published_on_time")?,
        summaries: count(&r, "summaries")?,
    })
}
