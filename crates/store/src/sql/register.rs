//! 年报取数 over the read model (see [`crate::RegisterStore`]). The year's
//! window of table 三 is the SQL mirror of `CaseSummary::tally_in`: a case
//! counts when received by 31 December and not disposed of before 1 January
//! (a disposal dated before the receipt counts on the receipt day, so "before
//! 1 January" needs both dates before it); it is carried over when received
//! before 1 January; it is disposed of in the year when its disposal date is
//! on or before 31 December. The store story checks these sums against
//! hand-counted tables.

use std::collections::HashMap;

use async_trait::async_trait;
use gongkai_domain::case::register::{CaseSummary, Table3Tally};
use gongkai_domain::catalogue::{Article20Figures, Genre, ItemKind, ItemState, ItemSummary};
use gongkai_domain::report::engagement::EngagementFigures;
use gongkai_domain::vocabulary::{ApplicantType, Article20Item, Channel, Outcome};

use super::items::state_code;
use super::{Arg, Dialect, Query, Row, SqlBacked, parse_json, query};
use crate::*;

/// `$1` is 1 January and `$2` 31 December of the year.
const WINDOW: &str = "s.receipt_date IS NOT NULL AND s.receipt_date <= $2 \
    AND NOT (s.outcome IS NOT NULL AND s.decided_on IS NOT NULL \
    AND s.decided_on < $1 AND s.receipt_date < $1)";

/// The outcome of a case disposed of in the year, else NULL.
const DISPOSED: &str = "CASE WHEN s.outcome IS NOT NULL AND s.decided_on <= $2 THEN s.outcome END";

/// ` AND {column} IN (…)` with the agencies bound as one JSON array (a
/// roll-up names hundreds of members: one parameter, not one each).
pub(super) fn push_agencies(q: &mut Query, dialect: Dialect, column: &str, agencies: &[AgencyId]) {
    let list = serde_json::to_string(agencies).unwrap_or_else(|_| "[]".into());
    let (open, close) = dialect.ids_of_json();
    q.push(&format!(" AND {column} IN ({open}"));
    q.push_bind(Arg::json(list));
    q.push(&format!("{close})"));
}

/// A query over the year `year` (`$1`, `$2` bound, then `extra` as `$3` …)
/// restricted to `agencies`.
pub(super) fn year_query(
    sql: String,
    year: i32,
    extra: Vec<Arg>,
    (dialect, column): (Dialect, &str),
    agencies: &[AgencyId],
) -> StoreResult<Query> {
    let (start, end) =
        year_days(year).ok_or_else(|| StoreError::Backend(format!("年度{year}超出范围")))?;
    let mut q = query(sql).bind(start).bind(end).bind_all(extra);
    push_agencies(&mut q, dialect, column, agencies);
    Ok(q)
}

fn code<T>(r: &Row, col: &str, what: &str, parse: fn(&str) -> Option<T>) -> StoreResult<T> {
    let c: String = r.get(col)?;
    parse(&c).ok_or_else(|| StoreError::Corrupt(format!("{what}“{c}”")))
}

fn opt_code<T>(
    r: &Row,
    col: &str,
    what: &str,
    parse: fn(&str) -> Option<T>,
) -> StoreResult<Option<T>> {
    r.get::<Option<String>>(col)?
        .map(|c| parse(&c).ok_or_else(|| StoreError::Corrupt(format!("{what}“{c}”"))))
        .transpose()
}

fn count(r: &Row, col: &str) -> StoreResult<u64> {
    Ok(u64::try_from(r.get::<i64>(col)?).unwrap_or(0))
}

fn tally_row(r: &Row) -> StoreResult<TallyCount> {
    Ok(TallyCount {
        agency_id: r.get("agency_id")?,
        tally: Table3Tally {
            applicant_type: code(r, "applicant_type", "申请人类型", ApplicantType::from_code)?,
            carried_over: r.get::<i64>("carried")? == 1,
            disposed: opt_code(r, "disposed", "答复结果", Outcome::from_code)?,
        },
        cases: count(r, "cases")?,
    })
}

/// The condition of one tally on a snapshot row `s` (in the year window).
fn push_tally(q: &mut Query, t: &Table3Tally) {
    q.push("(s.applicant_type = ");
    q.push_bind(t.applicant_type.code());
    q.push(if t.carried_over {
        " AND s.receipt_date < $1"
    } else {
        " AND s.receipt_date >= $1"
    });
    match t.disposed {
        Some(o) => {
            q.push(" AND s.decided_on <= $2 AND s.outcome = ");
            q.push_bind(o.code());
        }
        None => {
            q.push(" AND NOT (s.outcome IS NOT NULL AND s.decided_on IS NOT NULL AND s.decided_on <= $2)");
        }
    }
    q.push(")");
}

/// The columns of an item's snapshot the report reads.
fn item_json(d: Dialect, path: &[&str]) -> String {
    d.json_text("snapshot", path)
}

#[async_trait]
impl<S: SqlBacked> RegisterStore for S {
    async fn engagement_year(
        &self,
        agencies: &[AgencyId],
        year: i32,
    ) -> StoreResult<Vec<(AgencyId, EngagementFigures)>> {
        super::engagement::year_figures(self, agencies, year).await
    }

    async fn case_tallies(&self, agencies: &[AgencyId], year: i32) -> StoreResult<Vec<TallyCount>> {
        if agencies.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = year_query(
            format!(
                "SELECT s.agency_id, s.applicant_type, \
                 CAST(CASE WHEN s.receipt_date < $1 THEN 1 ELSE 0 END AS BIGINT) AS carried, \
                 {DISPOSED} AS disposed, COUNT(*) AS cases FROM case_snapshots s WHERE {WINDOW}"
            ),
            year,
            Vec::new(),
            (self.reads().dialect(), "s.agency_id"),
            agencies,
        )?;
        q.push(" GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4");
        q.fetch_as(self.reads(), tally_row).await
    }

    async fn case_year_figures(
        &self,
        agencies: &[AgencyId],
        year: i32,
    ) -> StoreResult<Vec<CaseYearFigures>> {
        if agencies.is_empty() {
            return Ok(Vec::new());
        }
        let mut out: HashMap<AgencyId, CaseYearFigures> = HashMap::new();
        fn of(
            out: &mut HashMap<AgencyId, CaseYearFigures>,
            agency: AgencyId,
        ) -> &mut CaseYearFigures {
            out.entry(agency).or_insert_with(|| CaseYearFigures {
                agency_id: agency,
                ..CaseYearFigures::default()
            })
        }
        // Cases whose `date` column falls in the year, by agency (and `group`).
        let by = |date: &str, columns: &str, extra: Vec<Arg>, group: &str| {
            let mut q = year_query(
                format!(
                    "SELECT s.agency_id{columns}, COUNT(*) AS n FROM case_snapshots s \
                     WHERE s.{date} >= $1 AND s.{date} <= $2"
                ),
                year,
                extra,
                (self.reads().dialect(), "s.agency_id"),
                agencies,
            )?;
            q.push(&format!(" GROUP BY s.agency_id{group} ORDER BY 1"));
            StoreResult::Ok(q)
        };
        let q = by("receipt_date", ", s.channel", Vec::new(), ", s.channel")?;
        for r in q.fetch_all(self.reads()).await? {
            let channel = code(&r, "channel", "申请渠道", Channel::from_code)?;
            of(&mut out, r.get("agency_id")?)
                .received_by_channel
                .push((channel, count(&r, "n")?));
        }
        // On time unless known to be late (as the case page shows it).
        let on_time = ", SUM(CASE WHEN s.on_time = $3 THEN 0 ELSE 1 END) AS on_time";
        let q = by("delivered_on", on_time, vec![false.into()], "")?;
        for r in q.fetch_all(self.reads()).await? {
            let f = of(&mut out, r.get("agency_id")?);
            f.answered = count(&r, "n")?;
            f.answered_on_time = count(&r, "on_time")?;
        }
        let amount = ", CAST(COALESCE(SUM(s.fee_yuan), 0) AS BIGINT) AS amount";
        let q = by("fee_paid_on", amount, Vec::new(), "")?;
        for r in q.fetch_all(self.reads()).await? {
            let f = of(&mut out, r.get("agency_id")?);
            f.fees_paid = count(&r, "n")?;
            f.fee_amount_yuan = count(&r, "amount")?;
        }
        let mut out: Vec<CaseYearFigures> = out.into_values().collect();
        out.sort_by_key(|f| f.agency_id);
        Ok(out)
    }

    async fn appeals_filed_in(
        &self,
        agencies: &[AgencyId],
        year: i32,
    ) -> StoreResult<Vec<YearAppeal>> {
        if agencies.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = year_query(
            "SELECT c.agency_id, c.number, a.summary FROM appeals a JOIN cases c \
             ON c.id = a.case_id WHERE a.filed_on >= $1 AND a.filed_on <= $2"
                .into(),
            year,
            Vec::new(),
            (self.reads().dialect(), "c.agency_id"),
            agencies,
        )?;
        q.push(" ORDER BY a.id");
        q.fetch_as(self.reads(), |r| {
            Ok(YearAppeal {
                agency_id: r.get("agency_id")?,
                case_number: r.get("number")?,
                summary: parse_json(&r.json("summary")?, "复议诉讼摘要")?,
            })
        })
        .await
    }

    async fn regulation_items(&self, agencies: &[AgencyId]) -> StoreResult<Vec<RegulationItem>> {
        if agencies.is_empty() {
            return Ok(Vec::new());
        }
        let d = self.reads().dialect();
        let mut q = query(format!(
            "SELECT id, agency_id, index_number, kind, published_on, {} AS formed_on, \
             {} AS validity, {} AS title FROM catalogue_items \
             WHERE kind IN ($1, $2) AND published_on IS NOT NULL",
            item_json(d, &["metadata", "formed_on"]),
            item_json(d, &["validity"]),
            item_json(d, &["metadata", "title"]),
        ))
        .bind(ItemKind::Regulation.code())
        .bind(ItemKind::NormativeDocument.code());
        push_agencies(&mut q, self.reads().dialect(), "agency_id", agencies);
        q.push(" ORDER BY agency_id, id");
        q.fetch_as(self.reads(), |r| {
            let formed: String = r.get("formed_on")?;
            let validity: String = r.get("validity")?;
            Ok(RegulationItem {
                agency_id: r.get("agency_id")?,
                item_id: r.get("id")?,
                index_number: r.get("index_number")?,
                title: r.get::<Option<String>>("title")?.unwrap_or_default(),
                summary: ItemSummary {
                    kind: code(r, "kind", "文件类别", ItemKind::from_code)?,
                    published_on: r.get("published_on")?,
                    formed_on: formed
                        .parse()
                        .map_err(|_| StoreError::Corrupt(format!("成文日期“{formed}”")))?,
                    validity: parse_json(&validity, "有效性")?,
                },
            })
        })
        .await
    }

    async fn published_item_groups(
        &self,
        agencies: &[AgencyId],
        year: i32,
    ) -> StoreResult<Vec<PublishedItemGroup>> {
        if agencies.is_empty() {
            return Ok(Vec::new());
        }
        let d = self.reads().dialect();
        let mut q = year_query(
            format!(
                "SELECT agency_id, kind, {} AS article20, {} AS genre, {} AS channels, \
                 COUNT(*) AS n FROM catalogue_items \
                 WHERE published_on >= $1 AND published_on <= $2 AND state = $3",
                item_json(d, &["metadata", "article20"]),
                item_json(d, &["metadata", "genre"]),
                item_json(d, &["channels"]),
            ),
            year,
            vec![state_code(ItemState::Published)?.into()],
            (d, "agency_id"),
            agencies,
        )?;
        q.push(" GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5");
        q.fetch_as(self.reads(), |r| {
            let channels: Option<String> = r.get("channels")?;
            Ok(PublishedItemGroup {
                agency_id: r.get("agency_id")?,
                kind: code(r, "kind", "文件类别", ItemKind::from_code)?,
                article20: opt_code(r, "article20", "第二十条事项", Article20Item::from_code)?,
                genre: code(r, "genre", "体裁", Genre::from_code)?,
                channels: match channels {
                    Some(c) => parse_json(&c, "发布渠道")?,
                    None => Vec::new(),
                },
                items: count(r, "n")?,
            })
        })
        .await
    }

    async fn figures_of(
        &self,
        agencies: &[AgencyId],
        year: i32,
    ) -> StoreResult<Vec<(AgencyId, Article20Figures)>> {
        if agencies.is_empty() {
            return Ok(Vec::new());
        }
        let mut q =
            query("SELECT agency_id, data FROM article20_figures WHERE year = $1").bind(year);
        push_agencies(&mut q, self.reads().dialect(), "agency_id", agencies);
        q.push(" ORDER BY agency_id");
        q.fetch_as(self.reads(), |r| {
            Ok((
                r.get("agency_id")?,
                parse_json(&r.json("data")?, "第二十条数据")?,
            ))
        })
        .await
    }

    async fn cases_of_tallies(
        &self,
        agencies: &[AgencyId],
        year: i32,
        tallies: &[Table3Tally],
        limit: u32,
    ) -> StoreResult<Vec<TalliedCase>> {
        if agencies.is_empty() || tallies.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = year_query(
            format!(
                "SELECT s.agency_id, s.number, s.applicant_type, s.receipt_date, s.outcome, \
                 s.decided_on FROM case_snapshots s WHERE {WINDOW}"
            ),
            year,
            Vec::new(),
            (self.reads().dialect(), "s.agency_id"),
            agencies,
        )?;
        q.push(" AND (");
        for (i, t) in tallies.iter().enumerate() {
            if i > 0 {
                q.push(" OR ");
            }
            push_tally(&mut q, t);
        }
        q.push(") ORDER BY s.agency_id, s.number LIMIT ");
        q.push_bind(i64::from(limit));
        q.fetch_as(self.reads(), |r| {
            Ok(TalliedCase {
                agency_id: r.get("agency_id")?,
                number: r.get("number")?,
                summary: CaseSummary {
                    applicant_type: code(
                        r,
                        "applicant_type",
                        "申请人类型",
                        ApplicantType::from_code,
                    )?,
                    receipt_date: r.get("receipt_date")?,
                    outcome: opt_code(r, "outcome", "答复结果", Outcome::from_code)?,
                    decided_on: r.get("decided_on")?,
                },
            })
        })
        .await
    }
}
