//! Cases loaded in bulk with their histories and read-model rows
//! ([`CaseListStore::import_cases`]): multi-row inserts in one transaction,
//! so a million cases load in minutes (`gongkai bench province`).

use std::collections::{BTreeMap, HashMap};

use chrono::Datelike;

use super::snapshots::{SNAPSHOT_COLUMNS, values};
use super::{Arg, Query, Tx, json, query, seq_column};
use crate::event_schema::{encode_actor, encode_case_action};
use crate::*;

/// Rows per statement: well under SQLite's 32,766 and PostgreSQL's 65,535
/// bound parameters at the widest row (the snapshot's 27 columns).
const ROWS: usize = 1000;

/// Reserve `n` serials of `year`'s case numbers; the first of them.
async fn reserve_serials(tx: &mut Tx, year: i32, n: usize) -> StoreResult<i64> {
    let n = i64::try_from(n).map_err(super::backend)?;
    let last: i64 = query(
        "INSERT INTO case_number_counters (year, last) VALUES ($1, $2) \
         ON CONFLICT (year) DO UPDATE SET last = case_number_counters.last + $2 \
         RETURNING last",
    )
    .bind(year)
    .bind(n)
    .scalar(&mut *tx)
    .await?;
    Ok(last - n + 1)
}

/// The numbers of `cases` in order, drawn per year of submission.
async fn numbers(tx: &mut Tx, cases: &[ImportedCase]) -> StoreResult<Vec<String>> {
    let mut per_year: BTreeMap<i32, usize> = BTreeMap::new();
    for c in cases {
        *per_year.entry(c.submitted_at.year()).or_default() += 1;
    }
    let mut next: BTreeMap<i32, i64> = BTreeMap::new();
    for (year, n) in per_year {
        next.insert(year, reserve_serials(tx, year, n).await?);
    }
    Ok(cases
        .iter()
        .map(|c| {
            let year = c.submitted_at.year();
            let serial = next.entry(year).or_default();
            *serial += 1;
            format!("GK{year}-{:06}", *serial - 1)
        })
        .collect())
}

async fn insert_rows(
    tx: &mut Tx,
    head: &str,
    width: usize,
    rows: Vec<Vec<Arg>>,
) -> StoreResult<()> {
    for chunk in rows.chunks(ROWS) {
        let mut q: Query = query(head);
        q.push_rows(chunk.len(), width);
        let q = q.bind_all(chunk.iter().flatten().cloned().collect());
        q.execute(&mut *tx).await?;
    }
    Ok(())
}

pub(super) async fn import(
    tx: &mut Tx,
    cases: &[ImportedCase],
) -> StoreResult<Vec<(CaseId, String)>> {
    let numbers = numbers(tx, cases).await?;
    let mut ids: HashMap<String, CaseId> = HashMap::with_capacity(cases.len());
    for (chunk, nums) in cases.chunks(ROWS).zip(numbers.chunks(ROWS)) {
        let mut q = query(
            "INSERT INTO cases (agency_id, number, query_code_hash, channel, application, \
             applicant_key, applicant_type, submitted_at) VALUES ",
        );
        q.push_rows(chunk.len(), 8);
        let mut args = Vec::with_capacity(chunk.len() * 8);
        for (c, number) in chunk.iter().zip(nums) {
            args.extend([
                c.agency_id.into(),
                number.into(),
                (&c.query_code_hash).into(),
                c.channel.code().into(),
                json(&c.application)?,
                (&c.applicant_key).into(),
                c.application.applicant.kind.code().into(),
                c.submitted_at.into(),
            ]);
        }
        q.push(" RETURNING id, number");
        for r in q.bind_all(args).fetch_all(&mut *tx).await? {
            ids.insert(r.get("number")?, r.get("id")?);
        }
    }
    let id_of = |n: &String| {
        ids.get(n)
            .copied()
            .ok_or_else(|| StoreError::Backend(format!("案件{n}未写入")))
    };
    let mut events = Vec::new();
    let mut snapshots = Vec::with_capacity(cases.len());
    for (c, number) in cases.iter().zip(&numbers) {
        let id = id_of(number)?;
        for e in &c.events {
            events.push(vec![
                id.into(),
                seq_column(e.seq)?.into(),
                e.at.into(),
                Arg::json(encode_actor(&e.actor)?),
                Arg::json(encode_case_action(&e.action)?),
                (&e.note).into(),
            ]);
        }
        let mut row: Vec<Arg> = vec![
            id.into(),
            c.agency_id.into(),
            number.into(),
            c.application.applicant.kind.code().into(),
            c.channel.code().into(),
        ];
        row.extend(values(&c.snapshot)?);
        snapshots.push(row);
    }
    insert_rows(
        tx,
        "INSERT INTO case_events (case_id, seq, at, actor, action, note) VALUES ",
        6,
        events,
    )
    .await?;
    let width = 5 + SNAPSHOT_COLUMNS.split(", ").count();
    let head = format!(
        "INSERT INTO case_snapshots (case_id, agency_id, number, applicant_type, channel, \
         {SNAPSHOT_COLUMNS}) VALUES "
    );
    insert_rows(tx, &head, width, snapshots).await?;
    numbers.into_iter().map(|n| Ok((id_of(&n)?, n))).collect()
}
