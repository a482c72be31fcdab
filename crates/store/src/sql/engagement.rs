//! The year's figures of the participation registers for the report's
//! ready sentences ([`EngagementFigures`]): one grouped query per register,
//! bounded by the year, never by an agency's history. The feedback lines of
//! consultations are JSON and are summed here, but only for the
//! consultations that closed in the year.

use std::collections::HashMap;

use gongkai_domain::participation::consultation::{Adoption, FeedbackLine};
use gongkai_domain::report::engagement::EngagementFigures;

use super::register::year_query;
use super::{Row, SqlBacked, parse_json};
use crate::{AgencyId, StoreResult};

type ByAgency = HashMap<AgencyId, EngagementFigures>;

fn n(r: &Row, col: &str) -> StoreResult<u64> {
    // SUM over no rows is NULL; a grouped row always has one, but say so.
    Ok(u64::try_from(r.get::<Option<i64>>(col)?.unwrap_or(0)).unwrap_or(0))
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
    let mut q = year_query(
        "SELECT c.agency_id, COUNT(DISTINCT c.id) AS opened, COUNT(m.id) AS comments \
         FROM consultations c LEFT JOIN consultation_comments m \
         ON m.consultation_id = c.id AND m.moderation <> 'hidden' \
         WHERE c.opens_on >= $1 AND c.opens_on <= $2 AND c.state <> 'draft'"
            .into(),
        year,
        Vec::new(),
        (s.reads().dialect(), "c.agency_id"),
        agencies,
    )?;
    q.push(" GROUP BY c.agency_id");
    for r in q.fetch_all(s.reads()).await? {
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
    let q = year_query(
        "SELECT c.agency_id, c.feedback FROM consultations c \
         WHERE c.closes_on >= $1 AND c.closes_on <= $2 \
         AND c.feedback_published_at IS NOT NULL AND c.feedback IS NOT NULL"
            .into(),
        year,
        Vec::new(),
        (s.reads().dialect(), "c.agency_id"),
        agencies,
    )?;
    for r in q.fetch_all(s.reads()).await? {
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
    let mut q = year_query(
        format!(
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
        ),
        year,
        Vec::new(),
        (s.reads().dialect(), "agency_id"),
        agencies,
    )?;
    q.push(" GROUP BY agency_id");
    for r in q.fetch_all(s.reads()).await? {
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
    let mut q = year_query(
        format!(
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
        ),
        year,
        Vec::new(),
        (s.reads().dialect(), "m.agency_id"),
        agencies,
    )?;
    q.push(" GROUP BY m.agency_id, t.kind");
    for r in q.fetch_all(s.reads()).await? {
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
