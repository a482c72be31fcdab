//! The year's figures of the participation registers for the report's
//! ready sentences ([`EngagementFigures`]): one grouped query per register,
//! bounded by the year, never by an agency's history (回应关切 by the Beijing
//! hour a concern was learned of). The feedback lines of
//! consultations are JSON and are summed here, but only for the
//! consultations that closed in the year.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use gongkai_domain::participation::consultation::{Adoption, FeedbackLine};
use gongkai_domain::report::engagement::EngagementFigures;

use super::register::{push_agencies, year_query};
use super::{Row, SqlBacked, parse_json, query};
use crate::{AgencyId, StoreResult};

type ByAgency = HashMap<AgencyId, EngagementFigures>;

fn n(r: &Row, col: &str) -> StoreResult<u64> {
    // SUM over no rows is NULL; a grouped row always has one, but say so.
    Ok(u64::try_from(r.get::<Option<i64>>(col)?.unwrap_or(0)).unwrap_or(0))
}

/// The rows of one grouped query over `year` (`$1`, `$2` its first and
/// last day) for `agencies` (`column` names the query's agency column),
/// then `tail` (its `GROUP BY`, if any).
async fn rows<S: SqlBacked + ?Sized>(
    s: &S,
    (agencies, year): (&[AgencyId], i32),
    sql: String,
    column: &str,
    tail: &str,
) -> StoreResult<Vec<Row>> {
    let dialect = s.reads().dialect();
    let mut q = year_query(sql, year, Vec::new(), (dialect, column), agencies)?;
    q.push(tail);
    Ok(q.fetch_all(s.reads()).await?)
}

/// The figures of `year` per agency (agencies without any left out).
pub(super) async fn year_figures<S: SqlBacked + ?Sized>(
    s: &S,
    agencies: &[AgencyId],
    year: i32,
) -> StoreResult<Vec<(AgencyId, EngagementFigures)>> {
    let mut out = ByAgency::new();
    if agencies.is_empty() {
        return Ok(Vec::new());
    }
    consultations(s, agencies, year, &mut out).await?;
    feedback(s, agencies, year, &mut out).await?;
    questions(s, agencies, year, &mut out).await?;
    motions(s, agencies, year, &mut out).await?;
    concerns(s, agencies, year, &mut out).await?;
    let mut v: Vec<_> = out.into_iter().collect();
    v.sort_by_key(|(id, _)| *id);
    Ok(v)
}

/// Consultations opened in the year and the comments on them (not those
/// hidden by moderation).
async fn consultations<S: SqlBacked + ?Sized>(
    s: &S,
    agencies: &[AgencyId],
    year: i32,
    out: &mut ByAgency,
) -> StoreResult<()> {
    let sql = "SELECT c.agency_id, COUNT(DISTINCT c.id) AS opened, COUNT(m.id) AS comments \
         FROM consultations c LEFT JOIN consultation_comments m \
         ON m.consultation_id = c.id AND m.moderation <> 'hidden' \
         WHERE c.opens_on >= $1 AND c.opens_on <= $2 AND c.state <> 'draft'";
    for r in rows(
        s,
        (agencies, year),
        sql.into(),
        "c.agency_id",
        " GROUP BY c.agency_id",
    )
    .await?
    {
        let c = &mut out.entry(r.get("agency_id")?).or_default().consultations;
        c.opened = n(&r, "opened")?;
        c.comments = n(&r, "comments")?;
    }
    Ok(())
}

/// The published feedback of consultations that closed in the year.
async fn feedback<S: SqlBacked + ?Sized>(
    s: &S,
    agencies: &[AgencyId],
    year: i32,
    out: &mut ByAgency,
) -> StoreResult<()> {
    let sql = "SELECT c.agency_id, c.feedback FROM consultations c \
         WHERE c.closes_on >= $1 AND c.closes_on <= $2 \
         AND c.feedback_published_at IS NOT NULL AND c.feedback IS NOT NULL";
    for r in rows(s, (agencies, year), sql.into(), "c.agency_id", "").await? {
        let lines: Vec<FeedbackLine> = parse_json(&r.json("feedback")?, "意见采纳情况")?;
        let c = &mut out.entry(r.get("agency_id")?).or_default().consultations;
        c.feedback_published += 1;
        for l in lines {
            *match l.adoption {
                Adoption::Adopted => &mut c.adopted,
                Adoption::PartlyAdopted => &mut c.partly_adopted,
                Adoption::NotAdopted => &mut c.not_adopted,
            } += 1;
        }
    }
    Ok(())
}

/// Questions asked in the year, and those closed in it by outcome.
async fn questions<S: SqlBacked + ?Sized>(
    s: &S,
    agencies: &[AgencyId],
    year: i32,
    out: &mut ByAgency,
) -> StoreResult<()> {
    const CLOSED: &str = "closed_on >= $1 AND closed_on <= $2";
    let sql = format!(
        "SELECT agency_id, \
             SUM(CASE WHEN asked_on >= $1 AND asked_on <= $2 THEN 1 ELSE 0 END) AS received, \
             SUM(CASE WHEN state = 'answered' AND {CLOSED} THEN 1 ELSE 0 END) AS answered, \
             SUM(CASE WHEN state = 'answered' AND {CLOSED} AND closed_on <= due_on \
                 THEN 1 ELSE 0 END) AS on_time, \
             SUM(CASE WHEN state = 'converted' AND {CLOSED} THEN 1 ELSE 0 END) AS converted, \
             SUM(CASE WHEN state = 'referred' AND {CLOSED} THEN 1 ELSE 0 END) AS referred, \
             SUM(CASE WHEN state = 'answered' AND {CLOSED} AND published_at IS NOT NULL \
                 THEN 1 ELSE 0 END) AS published \
             FROM questions WHERE ((asked_on >= $1 AND asked_on <= $2) OR ({CLOSED}))"
    );
    for r in rows(s, (agencies, year), sql, "agency_id", " GROUP BY agency_id").await? {
        let f = &mut out.entry(r.get("agency_id")?).or_default().questions;
        f.received = n(&r, "received")?;
        f.answered = n(&r, "answered")?;
        f.answered_on_time = n(&r, "on_time")?;
        f.converted = n(&r, "converted")?;
        f.referred = n(&r, "referred")?;
        f.published = n(&r, "published")?;
    }
    Ok(())
}

/// Motions assigned to the agency (as lead) in the year.
async fn motions<S: SqlBacked + ?Sized>(
    s: &S,
    agencies: &[AgencyId],
    year: i32,
    out: &mut ByAgency,
) -> StoreResult<()> {
    // Unquoted names are lower case in PostgreSQL.
    let grade = |g: char| {
        format!(
            "SUM(CASE WHEN m.grade = '{g}' THEN 1 ELSE 0 END) AS grade_{}",
            g.to_ascii_lowercase()
        )
    };
    let sql = format!(
        "SELECT m.agency_id, t.kind, COUNT(*) AS handled, \
             SUM(CASE WHEN m.answered_on IS NOT NULL THEN 1 ELSE 0 END) AS answered, \
             SUM(CASE WHEN m.answered_on IS NOT NULL \
                 AND m.answered_on <= COALESCE(m.extended_until, m.due_on) \
                 THEN 1 ELSE 0 END) AS on_time, \
             {}, {}, {}, {}, \
             SUM(CASE WHEN m.state = 'published' THEN 1 ELSE 0 END) AS published \
             FROM motions m JOIN motion_sessions t ON t.id = m.session_id \
             WHERE m.assigned_on >= $1 AND m.assigned_on <= $2",
        grade('A'),
        grade('B'),
        grade('C'),
        grade('D')
    );
    let tail = " GROUP BY m.agency_id, t.kind";
    for r in rows(s, (agencies, year), sql, "m.agency_id", tail).await? {
        let kind: String = r.get("kind")?;
        let m = &mut out.entry(r.get("agency_id")?).or_default().motions;
        let handled = n(&r, "handled")?;
        match kind.as_str() {
            "suggestion" => m.suggestions += handled,
            _ => m.proposals += handled,
        }
        m.answered += n(&r, "answered")?;
        m.answered_on_time += n(&r, "on_time")?;
        for (i, g) in ['A', 'B', 'C', 'D'].into_iter().enumerate() {
            m.grades[i] += n(&r, &format!("grade_{}", g.to_ascii_lowercase()))?;
        }
        m.published += n(&r, "published")?;
    }
    Ok(())
}

/// The first moment of `year` in Beijing time (concerns are timed to the
/// hour; the year is the agency's, UTC+8).
fn beijing_new_year(year: i32) -> Option<DateTime<Utc>> {
    let east8 = FixedOffset::east_opt(8 * 3600)?;
    NaiveDate::from_ymd_opt(year, 1, 1)?
        .and_hms_opt(0, 0, 0)?
        .and_local_timezone(east8)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

/// Concerns learned of in the year, by class, with the clocks met in time:
/// the stored due and met moments (the first clock is 5 h for an incident,
/// 48 h otherwise; the second the incident's 24-hour press conference).
async fn concerns<S: SqlBacked + ?Sized>(
    s: &S,
    agencies: &[AgencyId],
    year: i32,
    out: &mut ByAgency,
) -> StoreResult<()> {
    let (Some(from), Some(to)) = (beijing_new_year(year), beijing_new_year(year + 1)) else {
        return Ok(());
    };
    let mut q = query(
        "SELECT agency_id, \
         SUM(CASE WHEN class = 'other' THEN 1 ELSE 0 END) AS concerns, \
         SUM(CASE WHEN class = 'other' AND first_met_at <= first_due_at \
             THEN 1 ELSE 0 END) AS concerns_on_time, \
         SUM(CASE WHEN class = 'major_incident' THEN 1 ELSE 0 END) AS emergencies, \
         SUM(CASE WHEN class = 'major_incident' AND first_met_at <= first_due_at \
             THEN 1 ELSE 0 END) AS informed, \
         SUM(CASE WHEN class = 'major_incident' AND second_met_at <= second_due_at \
             THEN 1 ELSE 0 END) AS briefed \
         FROM concerns WHERE learned_at >= $1 AND learned_at < $2",
    )
    .bind(from)
    .bind(to);
    push_agencies(&mut q, s.reads().dialect(), "agency_id", agencies);
    q.push(" GROUP BY agency_id");
    for r in q.fetch_all(s.reads()).await? {
        let k = &mut out.entry(r.get("agency_id")?).or_default().concerns;
        k.concerns = n(&r, "concerns")?;
        k.concerns_on_time = n(&r, "concerns_on_time")?;
        k.emergencies = n(&r, "emergencies")?;
        k.emergencies_informed_in_time = n(&r, "informed")?;
        k.emergencies_briefed_in_time = n(&r, "briefed")?;
    }
    Ok(())
}
