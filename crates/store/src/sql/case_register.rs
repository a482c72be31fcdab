//! 依申请公开台账: the case register over the read model (see
//! [`crate::CaseListStore::case_register`]). One statement a page: the
//! snapshot rows of the agency (or of its subtree, one range of the
//! materialised path) that the filters select, joined with their cases, newest
//! case number first, after the previous page's last number. The applicant's
//! name and the description asked for are the generated columns of migration
//! 0016; a search is a substring match on them and on the number.

use chrono::{FixedOffset, NaiveDate, TimeZone, Utc};

use gongkai_domain::case::QueueMark;

use super::cases::{CASE_COLUMNS_OF_C, case_row};
use super::snapshots::{
    SNAPSHOT_COLUMNS, agency_path, due_soon_sql, overdue_sql, snapshot_row, subtree_bounds,
};
use super::{Db, Query, Row, query};
use crate::*;

fn register_row(r: &Row) -> StoreResult<CaseRegisterRow> {
    Ok(CaseRegisterRow {
        case: case_row(r)?,
        snapshot: snapshot_row(r)?,
        agency_name: r.get("agency_name")?,
    })
}

/// The page of `q`, filtered, ordered and cut in the database.
pub(super) async fn page(db: &Db, q: &CaseRegisterQuery) -> StoreResult<Vec<CaseRegisterRow>> {
    let mut sql = query(format!(
        "SELECT {CASE_COLUMNS_OF_C}, s.{}, a.short_name AS agency_name \
         FROM case_snapshots s JOIN cases c ON c.id = s.case_id \
         JOIN agencies a ON a.id = s.agency_id WHERE ",
        SNAPSHOT_COLUMNS.replace(", ", ", s.")
    ));
    if q.subtree {
        let (from, to) = subtree_bounds(&agency_path(db, q.agency).await?);
        sql.push("a.path >= ");
        sql.push_bind(from);
        sql.push(" AND a.path < ");
        sql.push_bind(to);
    } else {
        sql.push("s.agency_id = ");
        sql.push_bind(q.agency);
    }
    push_filter(&mut sql, &q.filter, q.today)?;
    if let Some(after) = &q.after {
        sql.push(" AND s.number < ");
        sql.push_bind(after.as_str());
    }
    sql.push(" ORDER BY s.number DESC LIMIT ");
    sql.push_bind(i64::from(q.limit.min(CASE_REGISTER_PAGE_MAX)));
    sql.fetch_as(db, register_row).await
}

/// ` AND …` for each filter given.
fn push_filter(q: &mut Query, f: &CaseRegisterFilter, today: NaiveDate) -> StoreResult<()> {
    if let Some(year) = f.year {
        push_year(q, year)?;
    }
    let codes = [
        ("s.state", f.state.map(|s| s.code())),
        ("s.channel", f.channel.map(|c| c.code())),
        ("s.applicant_type", f.applicant_type.map(|t| t.code())),
        ("s.outcome", f.outcome.map(|o| o.code())),
    ];
    for (column, code) in codes {
        if let Some(code) = code {
            q.push(&format!(" AND {column} = "));
            q.push_bind(code);
        }
    }
    if let Some(late) = f.late {
        q.push(" AND ");
        push_late(q, today);
        q.push(if late { " = 1" } else { " = 0" });
    }
    if let Some(agency) = f.agency {
        q.push(" AND s.agency_id = ");
        q.push_bind(agency);
    }
    if let Some(mark) = f.deadline {
        push_deadline(q, mark, today);
    }
    if let Some(text) = f.search.as_deref().filter(|t| !t.is_empty()) {
        let pattern = format!("%{}%", escape_like(&text.to_lowercase()));
        q.push(" AND (");
        for (i, column) in ["s.number", "c.applicant_name", "c.request_description"]
            .iter()
            .enumerate()
        {
            if i > 0 {
                q.push(" OR ");
            }
            q.push(&format!("LOWER({column}) LIKE "));
            q.push_bind(pattern.as_str());
            q.push(" ESCAPE '\\'");
        }
        q.push(")");
    }
    Ok(())
}

/// Received in `year`, or — an online application not yet confirmed has no
/// receipt date — submitted in it, by the Beijing calendar.
fn push_year(q: &mut Query, year: i32) -> StoreResult<()> {
    let bad = || StoreError::Backend(format!("年度{year}超出范围"));
    let first = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(bad)?;
    let last = NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(bad)?;
    let beijing = FixedOffset::east_opt(8 * 3600).ok_or_else(bad)?;
    let instant = |d: NaiveDate| {
        beijing
            .from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default())
            .single()
            .map(|t| t.with_timezone(&Utc))
            .ok_or_else(bad)
    };
    let next = NaiveDate::from_ymd_opt(year + 1, 1, 1).ok_or_else(bad)?;
    q.push(" AND ((s.receipt_date >= ");
    q.push_bind(first);
    q.push(" AND s.receipt_date <= ");
    q.push_bind(last);
    q.push(") OR (s.receipt_date IS NULL AND c.submitted_at >= ");
    q.push_bind(instant(first)?);
    q.push(" AND c.submitted_at < ");
    q.push_bind(instant(next)?);
    q.push("))");
    Ok(())
}

/// `(CASE … END)`, 1 when the case is late on `today`: finished with its
/// reply after the reply deadline (`on_time` false: `deadline`'s
/// `replied_on_time`, Art. 33), or still running and overdue today — the
/// comparison `CaseSnapshot::mark_on` makes (an open pause that still moves
/// the due date keeps it from being overdue). A NULL anywhere is "not late".
fn push_late(q: &mut Query, today: NaiveDate) {
    q.push("(CASE WHEN (s.finished = ");
    q.push_bind(true);
    q.push(" AND s.on_time = ");
    q.push_bind(false);
    q.push(") OR (s.finished = ");
    q.push_bind(false);
    q.push(" AND (s.moving_until IS NULL OR s.moving_until <= ");
    q.push_bind(today);
    q.push(") AND s.overdue_from <= ");
    q.push_bind(today);
    q.push(") THEN 1 ELSE 0 END)");
}

/// ` AND …` of the cases marked `mark` on `today`, as the queue and the
/// oversight counts judge them (`CaseSnapshot::mark_on`; `Normal`: every
/// case whose deadline runs, the count called "running").
fn push_deadline(q: &mut Query, mark: QueueMark, today: NaiveDate) {
    q.push(" AND s.finished = ");
    q.push_bind(mark == QueueMark::Finished);
    let today = q.arg(today);
    match mark {
        QueueMark::Finished | QueueMark::Normal => {}
        QueueMark::Overdue => {
            q.push(&format!(" AND ({})", overdue_sql(&today)));
        }
        QueueMark::DueSoon => {
            q.push(&format!(" AND ({})", due_soon_sql(&today)));
        }
    }
}

/// `text` matched literally by `LIKE … ESCAPE '\'`: its `%`, `_` and `\`
/// escaped.
pub(super) fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_like;

    #[test]
    fn like_wildcards_are_matched_literally() {
        assert_eq!(escape_like("张三"), "张三");
        assert_eq!(escape_like("100%_a\\b"), "100\\%\\_a\\\\b");
    }
}
