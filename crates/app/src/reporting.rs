//! The annual report of an agency, built from its records: the store is read
//! here, the law is applied by `gongkai_domain::report`. Shared by the
//! report pages, the JSON API and `gongkai report generate`.
//!
//! A report of year N is: tables computed from the agency's cases, appeals,
//! catalogue and Article 20 figures (plus those of the members a supervisor
//! chose, for a roll-up), the parts written in the draft, and the findings
//! of the validation catalogue against last year's published report.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use gongkai_domain::agency::AgencyKind;
use gongkai_domain::case::register::{AppealSummary, CaseSummary, table3_rows_of, table4_cells_of};
use gongkai_domain::case::{CaseAction, fold};
use gongkai_domain::catalogue::{
    ItemKind, ItemState, ItemSummary, RegulationCounts, item_counts, regulation_counts,
};
use gongkai_domain::report::narrative::{self, NarrativeFigures};
use gongkai_domain::report::rules::FeeTotals;
use gongkai_domain::report::{
    AnnualReport, Finding, ReportInputs, RuleContext, combine, compute, publication_blockers,
    validate,
};
use gongkai_domain::vocabulary::ReportFormat;
use gongkai_store::{
    Agency, ItemRecord, NewReportVersion, ReportVersion, StaffId, Store, StoreResult,
    calendar_in_force,
};

use crate::Error;

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

/// One case as the report reads it.
pub struct CaseFacts {
    pub number: String,
    pub summary: CaseSummary,
    pub channel_label: &'static str,
    /// Fee paid in `year`: (year of payment, amount in 元).
    pub fee_paid: Option<(i32, u64)>,
    /// The day the reply was delivered and whether on time.
    pub answered: Option<(NaiveDate, bool)>,
}

/// The records of one agency the report is made from.
pub struct Records {
    pub cases: Vec<CaseFacts>,
    pub appeals: Vec<(String, AppealSummary)>,
    pub items: Vec<ItemRecord>,
}

/// Reads the records of `agency`.
pub async fn records(store: &dyn Store, agency: i64, today: NaiveDate) -> StoreResult<Records> {
    let calendar = calendar_in_force(store).await?;
    let mut cases = Vec::new();
    let mut numbers = BTreeMap::new();
    for case in store.cases_of_agency(agency).await? {
        let events = store.case_events(case.id).await?;
        let summary = CaseSummary::from_history(case.applicant_type, &events);
        let mut notice_amount = 0;
        let mut fee_paid = None;
        for e in &events {
            match &e.action {
                CaseAction::FeeNoticeIssued { amount_yuan, .. } => notice_amount = *amount_yuan,
                CaseAction::FeePaid { date } => fee_paid = Some((date.year(), notice_amount)),
                _ => {}
            }
        }
        let v = fold(&events, &calendar, today);
        let answered = v.delivered.map(|(d, _)| (d, v.on_time.unwrap_or(true)));
        numbers.insert(case.id, case.number.clone());
        cases.push(CaseFacts {
            number: case.number,
            summary,
            channel_label: case.channel.label(),
            fee_paid,
            answered,
        });
    }
    let appeals = store
        .appeals_of_agency(agency)
        .await?
        .into_iter()
        .map(|a| {
            (
                numbers.get(&a.case_id).cloned().unwrap_or_default(),
                a.summary,
            )
        })
        .collect();
    let items = store.items_of_agency(agency).await?;
    Ok(Records {
        cases,
        appeals,
        items,
    })
}

pub fn item_summary(r: &ItemRecord) -> ItemSummary {
    ItemSummary {
        kind: r.snapshot.metadata.kind,
        published_on: r.snapshot.published_on,
        formed_on: r.snapshot.metadata.formed_on,
        validity: r.snapshot.validity.clone(),
    }
}

impl Records {
    fn inputs(&self, figures: Option<gongkai_domain::catalogue::Article20Figures>) -> ReportInputs {
        ReportInputs {
            cases: self.cases.iter().map(|c| c.summary.clone()).collect(),
            appeals: self.appeals.iter().map(|(_, a)| a.clone()).collect(),
            items: self.items.iter().map(item_summary).collect(),
            figures,
        }
    }

    fn fees(&self, year: i32) -> FeeTotals {
        let mut t = FeeTotals::default();
        for (y, amount) in self.cases.iter().filter_map(|c| c.fee_paid) {
            if y == year {
                t.cases += 1;
                t.amount_yuan += amount;
            }
        }
        t
    }

    fn narrative(&self, year: i32) -> NarrativeFigures {
        let mut by_channel: BTreeMap<&'static str, u64> = BTreeMap::new();
        let mut by_category: BTreeMap<&'static str, u64> = BTreeMap::new();
        let mut published = 0;
        for item in &self.items {
            let s = &item.snapshot;
            if s.state != ItemState::Published || s.published_on.map(|d| d.year()) != Some(year) {
                continue;
            }
            published += 1;
            for c in &s.channels {
                *by_channel.entry(c.label()).or_default() += 1;
            }
            let category = match (s.metadata.kind, s.metadata.article20) {
                (ItemKind::Regulation, _) => "规章",
                (ItemKind::NormativeDocument, _) => "规范性文件",
                (_, Some(a)) => a.label(),
                _ => s.metadata.genre.label(),
            };
            *by_category.entry(category).or_default() += 1;
        }
        let mut apps: BTreeMap<&'static str, u64> = BTreeMap::new();
        let (mut answered, mut on_time) = (0, 0);
        for c in &self.cases {
            if c.summary.receipt_date.map(|d| d.year()) == Some(year) {
                *apps.entry(c.channel_label).or_default() += 1;
            }
            if let Some((day, ok)) = c.answered.filter(|(d, _)| d.year() == year) {
                let _ = day;
                answered += 1;
                on_time += u64::from(ok);
            }
        }
        let sorted = |m: BTreeMap<&'static str, u64>| {
            let mut v: Vec<(String, u64)> =
                m.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
            v.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
            v
        };
        NarrativeFigures {
            year,
            items_published: published,
            items_by_channel: sorted(by_channel),
            items_by_category: sorted(by_category),
            applications_by_channel: sorted(apps),
            answered,
            answered_on_time: on_time,
            fees: self.fees(year),
        }
    }
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
        .items_of_agency(agency)
        .await?
        .iter()
        .map(item_summary)
        .collect();
    Ok(regulation_counts(&items, year))
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

/// The tables of `agency` alone for `year`, from its records.
pub async fn tables_of(
    store: &dyn Store,
    agency: &Agency,
    year: i32,
    today: NaiveDate,
) -> StoreResult<Option<(AnnualReport, Records)>> {
    let records = records(store, agency.id, today).await?;
    let figures = store.figures(agency.id, year).await?.map(|f| f.figures);
    Ok(compute(&agency.profile.full_name, year, &records.inputs(figures)).map(|r| (r, records)))
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
    let Some((own, records)) = tables_of(store, agency, year, today).await? else {
        return Ok(None);
    };
    let draft = store.report_draft(agency.id, year).await?;
    let member_ids: Vec<i64> = draft
        .as_ref()
        .map(|d| d.members.clone())
        .unwrap_or_default();
    let members: Vec<Agency> = all
        .iter()
        .filter(|a| member_ids.contains(&a.id) && a.id != agency.id)
        .cloned()
        .collect();
    let mut fees = records.fees(year);
    let mut narrative = records.narrative(year);
    let mut member_reports = Vec::new();
    for m in &members {
        if let Some((r, rec)) = tables_of(store, m, year, today).await? {
            let f = rec.fees(year);
            fees.cases += f.cases;
            fees.amount_yuan += f.amount_yuan;
            merge_narrative(&mut narrative, &rec.narrative(year));
            member_reports.push(r);
        }
    }
    narrative.fees = fees;
    let mut report = combine(&own, &member_reports);
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

fn merge_narrative(into: &mut NarrativeFigures, other: &NarrativeFigures) {
    fn add(into: &mut Vec<(String, u64)>, other: &[(String, u64)]) {
        for (k, n) in other {
            match into.iter_mut().find(|(x, _)| x == k) {
                Some(slot) => slot.1 += n,
                None => into.push((k.clone(), *n)),
            }
        }
        into.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    }
    into.items_published += other.items_published;
    add(&mut into.items_by_channel, &other.items_by_channel);
    add(&mut into.items_by_category, &other.items_by_category);
    add(
        &mut into.applications_by_channel,
        &other.applications_by_channel,
    );
    into.answered += other.answered;
    into.answered_on_time += other.answered_on_time;
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

pub async fn cell_sources(
    store: &dyn Store,
    agencies: &[Agency],
    cell: CellRef<'_>,
    today: NaiveDate,
) -> StoreResult<Vec<CellSource>> {
    let CellRef {
        year,
        format,
        table,
        row,
        column,
    } = cell;
    let mut out = Vec::new();
    for agency in agencies {
        let records = records(store, agency.id, today).await?;
        match table {
            "三" => {
                for c in &records.cases {
                    let in_row = table3_rows_of(&c.summary, year, format).contains(&row);
                    let in_column =
                        column == 6 || c.summary.applicant_type.column_index() == column;
                    if in_row && in_column {
                        out.push(CellSource {
                            label: c.number.clone(),
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
                        });
                    }
                }
            }
            "四" => {
                for (number, a) in &records.appeals {
                    if table4_cells_of(a, year).contains(&column) {
                        out.push(CellSource {
                            label: number.clone(),
                            detail: format!(
                                "{}，{} 提起，{}",
                                a.kind.label_zh(),
                                a.filed_on,
                                a.result_in(year).label_zh()
                            ),
                            url: format!("/cases/{number}"),
                        });
                    }
                }
            }
            _ => {
                let kind = match row {
                    "规章" => ItemKind::Regulation,
                    _ => ItemKind::NormativeDocument,
                };
                for item in &records.items {
                    let s = item_summary(item);
                    let Some(start) = s.published_on.filter(|_| s.kind == kind) else {
                        continue;
                    };
                    // The column's cell of this item, in the format's order.
                    let cells = item_counts(&s, year).cells(format);
                    let counted = cells.get(column).is_some_and(|n| *n > 0);
                    if counted {
                        out.push(CellSource {
                            label: item
                                .snapshot
                                .index_number
                                .clone()
                                .unwrap_or_else(|| format!("#{}", item.id)),
                            detail: format!("{}（发布 {}）", item.snapshot.metadata.title, start),
                            url: format!("/items/{}/manage", item.id),
                        });
                    }
                }
            }
        }
    }
    Ok(out)
}
