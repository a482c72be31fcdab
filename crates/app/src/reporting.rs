//! The annual report of an agency, built from its records: the store is read
//! here, the law is applied by `gongkai_domain::report`. Shared by the
//! report pages, the JSON API and `gongkai report generate`.
//!
//! A report of year N is: tables computed from the agency's cases, appeals,
//! catalogue and Article 20 figures (plus those of the members a supervisor
//! chose, for a roll-up) — read as rows the database selected by date and
//! summed ([`YearRecords`]), never by replaying histories — the parts
//! written in the draft, and the findings of the validation catalogue
//! against last year's published report.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;
use gongkai_domain::agency::AgencyKind;
use gongkai_domain::case::register::{
    AppealSummary, RegisterTallies, Table3, Table3Tally, table3_of_tallies, table4, table4_cells_of,
};
use gongkai_domain::catalogue::{
    ItemKind, ItemSummary, PublicationChannel, RegulationCounts, item_counts, regulation_counts,
};
use gongkai_domain::report::narrative::{self, NarrativeFigures};
use gongkai_domain::report::rules::FeeTotals;
use gongkai_domain::report::{
    AnnualReport, Finding, RuleContext, combine, compute, publication_blockers, validate,
};
use gongkai_domain::vocabulary::ReportFormat;
use gongkai_store::{Agency, NewReportVersion, ReportVersion, StaffId, Store, StoreResult};

use crate::Error;
use crate::report_records::YearRecords;
use crate::version_cache::{Computed, RollupCache, RollupKey};

/// Everything the report pages show for one agency and year.
pub struct Built {
    pub report: AnnualReport,
    pub findings: Vec<Finding>,
    /// Last year's published report, if any (AR-09, AR-10, AR-14, AR-19).
    pub previous: Option<AnnualReport>,
    pub fees: FeeTotals,
    pub narrative: NarrativeFigures,
    /// The agencies combined with this one (roll-up), in tree order.
    pub members: Vec<Agency>,
    /// Published versions of this year, oldest first.
    pub versions: Vec<ReportVersion>,
}

/// The kind of agency that decides the deadline (AR-15).
pub fn agency_kind(a: &Agency) -> AgencyKind {
    a.profile.kind
}

/// Why a report was not published.
#[derive(Debug)]
pub enum PublishError {
    /// A finding blocks publication, or a correction lacks its note; the
    /// message says which.
    Refused(String),
    Other(Error),
}

/// Publishes the built report as a new version: refused (with the message
/// the writer reads) while a finding blocks publication, or when a
/// correction of a published report has no note. The findings as of the
/// publication day go with the version; AR-15 is judged on the first
/// publication (a correction does not make a report late).
pub async fn publish(
    store: &dyn Store,
    agency: &Agency,
    year: i32,
    b: &Built,
    note: &str,
    published_by: Option<StaffId>,
    today: NaiveDate,
) -> Result<ReportVersion, PublishError> {
    let blockers: Vec<String> = publication_blockers(&b.findings)
        .iter()
        .map(|f| format!("{} {}", f.rule, f.message))
        .collect();
    if !blockers.is_empty() {
        return Err(PublishError::Refused(format!(
            "未公布：存在{}处错误。{}",
            blockers.len(),
            blockers.join("；")
        )));
    }
    if !b.versions.is_empty() && note.is_empty() {
        return Err(PublishError::Refused(
            "未公布：更正已公布的报告须写明更正说明（公开显示），请填写后再公布。".to_string(),
        ));
    }
    let first_published = b.versions.first().map_or(today, |v| v.published_on);
    let findings = validate(
        &b.report,
        &RuleContext {
            previous: b.previous.as_ref(),
            agency_kind: Some(agency_kind(agency)),
            published_on: Some(first_published),
            fees: Some(b.fees),
            ..RuleContext::default()
        },
    );
    store
        .publish_report(&NewReportVersion {
            agency_id: agency.id,
            year,
            report: b.report.to_json(&findings),
            published_on: today,
            note: (!note.is_empty()).then(|| note.to_string()),
            published_by,
        })
        .await
        .map_err(|e| PublishError::Other(e.into()))
}

/// 规章 / 规范性文件 counts of an agency's catalogue for a year.
pub async fn derived_counts(
    store: &dyn Store,
    agency: i64,
    year: i32,
) -> StoreResult<RegulationCounts> {
    let items: Vec<ItemSummary> = store
        .regulation_items(&[agency])
        .await?
        .into_iter()
        .map(|i| i.summary)
        .collect();
    Ok(regulation_counts(&items, year))
}

/// The items `agency` published in `year` per channel (every channel
/// listed, by label).
pub async fn published_by_channel(
    store: &dyn Store,
    agency: i64,
    year: i32,
) -> StoreResult<BTreeMap<String, u64>> {
    let mut counts: BTreeMap<String, u64> = PublicationChannel::ALL
        .iter()
        .map(|c| (c.label().to_string(), 0))
        .collect();
    for g in store.published_item_groups(&[agency], year).await? {
        for c in &g.channels {
            *counts.entry(c.label().to_string()).or_default() += g.items;
        }
    }
    Ok(counts)
}

/// The register's tables 三 and 四 of `agency` for `year` (the register API).
pub async fn register_tables(
    store: &dyn Store,
    agency: i64,
    year: i32,
    format: ReportFormat,
) -> StoreResult<(Table3, [u64; 15])> {
    let mut register = RegisterTallies {
        year,
        tallies: Vec::new(),
    };
    for t in store.case_tallies(&[agency], year).await? {
        register.add(t.tally, t.cases);
    }
    let appeals: Vec<AppealSummary> = store
        .appeals_filed_in(&[agency], year)
        .await?
        .into_iter()
        .map(|a| a.summary)
        .collect();
    Ok((
        table3_of_tallies(register.tallies, year, format),
        table4(&appeals, year),
    ))
}

/// The latest published version of `year`, as a report.
pub async fn published(
    store: &dyn Store,
    agency: i64,
    year: i32,
) -> StoreResult<Option<AnnualReport>> {
    Ok(store
        .report_versions(agency, year)
        .await?
        .last()
        .and_then(|v| AnnualReport::from_json(&v.report).ok()))
}

/// Builds the report of `agency` for `year` with its draft, members and
/// findings. `None` before 2019 (no national format).
pub async fn build(
    store: &dyn Store,
    all: &[Agency],
    agency: &Agency,
    year: i32,
    today: NaiveDate,
) -> StoreResult<Option<Built>> {
    build_kept(store, None, all, agency, year, today).await
}

/// [`build`], with the tables kept in `kept` per data version (the pages).
pub async fn build_kept(
    store: &dyn Store,
    kept: Option<&RollupCache>,
    all: &[Agency],
    agency: &Agency,
    year: i32,
    today: NaiveDate,
) -> StoreResult<Option<Built>> {
    if ReportFormat::for_year(year).is_none() {
        return Ok(None);
    }
    let draft = store.report_draft(agency.id, year).await?;
    let chosen: HashSet<i64> = draft
        .as_ref()
        .map(|d| d.members.iter().copied().collect())
        .unwrap_or_default();
    let members: Vec<Agency> = all
        .iter()
        .filter(|a| chosen.contains(&a.id) && a.id != agency.id)
        .cloned()
        .collect();
    let key = RollupKey {
        agency: agency.id,
        year,
        members: members.iter().map(|m| m.id).collect(),
    };
    let Some(computed) = computed(store, kept, agency, &members, key).await? else {
        return Ok(None);
    };
    let narrative = computed.narrative.clone();
    let fees = narrative.fees;
    let mut report = computed.report.clone();
    if let Some(d) = &draft {
        report.parts = d.parts.clone();
    }
    let previous = published(store, agency.id, year - 1).await?;
    let versions = store.report_versions(agency.id, year).await?;
    let findings = validate(
        &report,
        &RuleContext {
            previous: previous.as_ref(),
            agency_kind: Some(agency_kind(agency)),
            // A year already published is judged on its first publication (AR-15).
            published_on: versions.first().map(|v| v.published_on),
            today: Some(today),
            title: None,
            fees: Some(fees),
            // Tables 三 and 四 are computed from the register here, so AR-20
            // holds by construction; it is for reports read from elsewhere.
            register: None,
            part_titles: None,
        },
    );
    Ok(Some(Built {
        report,
        findings,
        previous,
        fees,
        narrative,
        members,
        versions,
    }))
}

/// The tables and figures of `agency` with `members` combined: from `kept`
/// when computed at the current data version, else read and summed.
async fn computed(
    store: &dyn Store,
    kept: Option<&RollupCache>,
    agency: &Agency,
    members: &[Agency],
    key: RollupKey,
) -> StoreResult<Option<Arc<Computed>>> {
    // Read before the records: a change landing in between makes the entry
    // older than its version says, never newer (it is recomputed next time).
    let version = match kept {
        Some(_) => Some(store.data_version().await?),
        None => None,
    };
    if let (Some(kept), Some(v)) = (kept, version)
        && let Some(c) = kept.get(v, &key)
    {
        return Ok(Some(c));
    }
    let year = key.year;
    let ids: Vec<i64> = std::iter::once(agency.id)
        .chain(key.members.iter().copied())
        .collect();
    let records = YearRecords::read(store, &ids, year).await?;
    let Some(own) = compute(&agency.profile.full_name, year, &records.inputs(agency.id)) else {
        return Ok(None);
    };
    let member_reports: Vec<AnnualReport> = members
        .iter()
        .filter_map(|m| compute(&m.profile.full_name, year, &records.inputs(m.id)))
        .collect();
    let c = Arc::new(Computed {
        report: combine(&own, &member_reports),
        narrative: records.narrative(&ids),
    });
    if let (Some(kept), Some(v)) = (kept, version) {
        kept.put(v, key, c.clone());
    }
    Ok(Some(c))
}

/// The ready sentences and the fee statement for the writer.
pub fn suggestions(b: &Built) -> (Vec<String>, String) {
    (
        narrative::sentences(&b.narrative),
        narrative::fee_statement(b.report.year, b.fees),
    )
}

/// What a figure of the report stands for: the cases, appeals or items
/// behind it (drill-down). `table` is `三`, `四` or `二`; for 三 `row` is a
/// row key and `column` 0..=6; for 四 `column` is 0..15; for 二 `row` is the
/// row label of block （一） and `column` its column index.
pub struct CellSource {
    pub label: String,
    pub detail: String,
    pub url: String,
}

/// Which figure of which report (drill-down).
pub struct CellRef<'a> {
    pub year: i32,
    pub format: ReportFormat,
    /// `二`, `三` or `四`.
    pub table: &'a str,
    pub row: &'a str,
    pub column: usize,
}

/// At most this many sources are listed for one figure (the page says so
/// when the figure is larger).
pub const CELL_SOURCES_LIMIT: u32 = 1000;

/// The cases, appeals or items behind one figure of the report of
/// `agencies` together (the drill-down), read by date from the database.
pub async fn cell_sources(
    store: &dyn Store,
    agencies: &[Agency],
    cell: CellRef<'_>,
) -> StoreResult<Vec<CellSource>> {
    let ids: Vec<i64> = agencies.iter().map(|a| a.id).collect();
    match cell.table {
        "三" => table3_sources(store, &ids, &cell).await,
        "四" => {
            let appeals = store.appeals_filed_in(&ids, cell.year).await?;
            Ok(appeals
                .into_iter()
                .filter(|a| table4_cells_of(&a.summary, cell.year).contains(&cell.column))
                .map(|a| CellSource {
                    detail: format!(
                        "{}，{} 提起，{}",
                        a.summary.kind.label_zh(),
                        a.summary.filed_on,
                        a.summary.result_in(cell.year).label_zh()
                    ),
                    url: format!("/cases/{}", a.case_number),
                    label: a.case_number,
                })
                .collect())
        }
        _ => table2_sources(store, &ids, &cell).await,
    }
}

/// The cases of the tallies counted in the figure: its row, and its
/// applicant-type column (or every column for 总计).
async fn table3_sources(
    store: &dyn Store,
    ids: &[i64],
    cell: &CellRef<'_>,
) -> StoreResult<Vec<CellSource>> {
    let mut tallies: Vec<Table3Tally> = Vec::new();
    for t in store.case_tallies(ids, cell.year).await? {
        let in_row = t.tally.rows(cell.format).contains(&cell.row);
        let in_column = cell.column == 6 || t.tally.applicant_type.column_index() == cell.column;
        if in_row && in_column && !tallies.contains(&t.tally) {
            tallies.push(t.tally);
        }
    }
    let cases = store
        .cases_of_tallies(ids, cell.year, &tallies, CELL_SOURCES_LIMIT)
        .await?;
    Ok(cases
        .into_iter()
        .map(|c| CellSource {
            detail: format!(
                "{}，收到 {}，{}",
                c.summary.applicant_type.label(),
                c.summary.receipt_date.map_or("—".into(), |d| d.to_string()),
                match (c.summary.outcome, c.summary.decided_on) {
                    (Some(o), Some(d)) => format!("{}（{}）", o.label(), d),
                    _ => "尚未办结".into(),
                }
            ),
            url: format!("/cases/{}", c.number),
            label: c.number,
        })
        .collect())
}

/// The 规章 or 规范性文件 counted in a figure of table 二 block （一）.
async fn table2_sources(
    store: &dyn Store,
    ids: &[i64],
    cell: &CellRef<'_>,
) -> StoreResult<Vec<CellSource>> {
    let kind = match cell.row {
        "规章" => ItemKind::Regulation,
        _ => ItemKind::NormativeDocument,
    };
    let mut out = Vec::new();
    for item in store.regulation_items(ids).await? {
        let s = &item.summary;
        let Some(start) = s.published_on.filter(|_| s.kind == kind) else {
            continue;
        };
        // The column's cell of this item, in the format's order.
        let cells = item_counts(s, cell.year).cells(cell.format);
        if cells.get(cell.column).is_some_and(|n| *n > 0) {
            out.push(CellSource {
                label: item
                    .index_number
                    .clone()
                    .unwrap_or_else(|| format!("#{}", item.item_id)),
                detail: format!("{}（发布 {}）", item.title, start),
                url: format!("/items/{}/manage", item.item_id),
            });
        }
    }
    Ok(out)
}
