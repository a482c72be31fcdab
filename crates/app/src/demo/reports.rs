//! The demo's records behind complete annual reports, and the reports:
//! 白沙县交通运输局's 2020 (in the 2019 format), the year before last and
//! last year published, this year's a draft; 白沙县人民政府's roll-up of
//! itself and the bureau, last year's published, this year's a draft.
//! Last year's reports are published by their deadline (Art. 49–50:
//! departments by 31 January, governments by 31 March) — on the day the
//! demo is seeded when it is seeded earlier in the year.
//!
//! Kept apart from [`super::seed`] and [`super::seed_content`] (tests start
//! from empty registers). Nothing is dated after `today`: later events are
//! left out, later appeals are pending, later items unpublished.

use chrono::{Datelike, NaiveDate, Utc};
use gongkai_domain::report::{RuleContext, publication_blockers, publication_deadline, validate};
use gongkai_store::{
    Agency, AgencyId, NewReportVersion, ReportDraft, StaffId, Store, StoreResult, calendar_in_force,
};

use super::appeals::seed_appeals;
use super::cases::{Hands, seed_cases};
use super::facts::{Facts, facts};
use super::figures::figures_of;
use super::items::seed_items;
use super::texts::*;
use super::when::{Today, back};
use super::{BUREAU_CODE, GOVERNMENT_CODE, Who, corrupt, item_table, past, this_year};
use crate::reporting;

/// The first year the demo can be seeded in: the year before last must
/// come after 2020 (a year of the 2019 report format, seeded on its own
/// dates) and allow fees (国办函〔2020〕109号, from 2021).
pub const FIRST_YEAR: i32 = 2023;

/// Fills the records of 白沙县交通运输局 and 白沙县人民政府 as they stand on
/// `today` — cases, appeals, catalogue items and Article 20 figures of
/// 2020, the year before last, last year and this year, with the clerk's
/// queue of open cases — and writes their annual reports: last year's and
/// earlier published, this year's drafts. Does nothing when the bureau
/// already has cases, or when the demo agencies do not exist; refuses a
/// `today` before [`FIRST_YEAR`].
pub async fn seed_reports(store: &dyn Store, today: NaiveDate) -> StoreResult<()> {
    if today.year() < FIRST_YEAR {
        return Err(corrupt(format!(
            "只能在{FIRST_YEAR}年或以后生成（今天是{today}）：请检查系统时钟是否正确"
        )));
    }
    let (Some(bureau), Some(government)) = (
        store.agency_by_code(BUREAU_CODE).await?,
        store.agency_by_code(GOVERNMENT_CODE).await?,
    ) else {
        return Ok(());
    };
    if !store.cases_of_agency(bureau.id).await?.is_empty() {
        return Ok(());
    }
    let calendar = calendar_in_force(store).await?;
    let today = Today {
        day: today,
        calendar: &calendar,
    };
    let bureau_hands = Hands::of(store, &bureau).await?;
    let government_hands = Hands::of(store, &government).await?;
    let agencies = [
        (Who::Bureau, &bureau, &bureau_hands),
        (Who::Government, &government, &government_hands),
    ];
    seed_records(store, &today, &agencies).await?;
    write_reports(
        store,
        &today,
        (&bureau, &bureau_hands),
        (&government, &government_hands),
    )
    .await
}

/// The catalogue items, Article 20 figures, cases and appeals.
async fn seed_records(
    store: &dyn Store,
    today: &Today<'_>,
    agencies: &[(Who, &Agency, &Hands)],
) -> StoreResult<()> {
    let publishers: Vec<(Who, &Agency)> = agencies.iter().map(|(w, a, _)| (*w, *a)).collect();
    for items in [item_table::PAST, item_table::THIS_YEAR] {
        seed_items(store, today, &publishers, items).await?;
    }
    for (who, agency) in &publishers {
        for f in figures_of(*who, today) {
            store.put_figures(agency.id, &f, None).await?;
        }
    }
    let tables = [past::PAST, this_year::CLOSED, this_year::QUEUE];
    let by_tag = seed_cases(store, agencies, &tables, today).await?;
    seed_appeals(store, &by_tag, today.day).await
}

/// The bureau's reports (2020, the year before last, last year, this year)
/// and the government's roll-up of itself and the bureau (last year, this
/// year).
async fn write_reports(
    store: &dyn Store,
    today: &Today<'_>,
    (bureau, bureau_hands): (&Agency, &Hands),
    (government, government_hands): (&Agency, &Hands),
) -> StoreResult<()> {
    let year = today.year();
    let published = |agency: &Agency, year: i32| Some(published_on(today, agency, year));
    let reports = [
        (bureau, 2020, bureau_2020 as Text, Some(on_day(2021, 1, 20))),
        (bureau, year - 2, bureau_older, published(bureau, year - 2)),
        (bureau, year - 1, bureau_last, published(bureau, year - 1)),
        (bureau, year, bureau_this, None),
        (
            government,
            year - 1,
            government_last,
            published(government, year - 1),
        ),
        (government, year, government_this, None),
    ];
    for (agency, year, text, publish_on) in reports {
        let is_bureau = agency.id == bureau.id;
        let report = Report {
            agency,
            year,
            members: if is_bureau {
                Vec::new()
            } else {
                vec![bureau.id]
            },
            text,
            by: if is_bureau {
                bureau_hands
            } else {
                government_hands
            }
            .reviewer_id,
            publish_on,
        };
        write_report(store, &report, today.day).await?;
    }
    Ok(())
}

type Text = fn(&Facts) -> [String; 6];

fn on_day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a demo date")
}

/// When the report of `year` is published: the 15th working day of the
/// month its deadline falls in (31 January for a department, 31 March for
/// a government, Art. 49–50) — or, if that is still ahead, on the last
/// working day up to today (today itself on a holiday at New Year).
fn published_on(today: &Today, agency: &Agency, year: i32) -> NaiveDate {
    let deadline = publication_deadline(reporting::agency_kind(agency), year)
        .expect("a deadline of a demo year");
    let before_month = deadline
        .with_day(1)
        .and_then(|d| d.pred_opt())
        .expect("a date");
    let target = today
        .calendar
        .add_working_days(before_month, 15)
        .map(|c| c.due)
        .expect("a working day in the deadline's month");
    if target <= today.day {
        return target;
    }
    let last_working = back(today.calendar, today.day, 0);
    if last_working.year() > year {
        last_working
    } else {
        today.day
    }
}

/// One report the demo writes: whose, which year, its text and whether it
/// is published.
struct Report<'a> {
    agency: &'a Agency,
    year: i32,
    /// The agencies a government's report combines with its own.
    members: Vec<AgencyId>,
    text: Text,
    by: Option<StaffId>,
    publish_on: Option<NaiveDate>,
}

async fn put_draft(store: &dyn Store, r: &Report<'_>, parts: [String; 6]) -> StoreResult<()> {
    store
        .put_report_draft(&ReportDraft {
            agency_id: r.agency.id,
            year: r.year,
            parts,
            members: r.members.clone(),
            updated_by: r.by,
            updated_at: Utc::now(),
        })
        .await
}

/// Writes the draft of the report (figures quoted from the records) and, if
/// it has a day of publication by today, publishes it as version 1 that day.
async fn write_report(store: &dyn Store, r: &Report<'_>, today: NaiveDate) -> StoreResult<()> {
    let (agency, year) = (r.agency, r.year);
    let all = store.agencies().await?;
    let build = async |on: NaiveDate| {
        reporting::build(store, &all, agency, year, on)
            .await?
            .ok_or_else(|| corrupt(format!("{year}年没有年报格式")))
    };
    // The members decide the figures: store them before reading the figures.
    put_draft(store, r, Default::default()).await?;
    let built = build(today).await?;
    put_draft(store, r, (r.text)(&facts(&built))).await?;
    let Some(on) = r.publish_on.filter(|d| *d <= today) else {
        return Ok(());
    };
    // As published on `on`: the records as they stood, findings judged that day.
    let built = build(on).await?;
    let blockers = publication_blockers(&built.findings);
    if !blockers.is_empty() {
        let list: Vec<String> = blockers
            .iter()
            .map(|f| format!("{} {}", f.rule, f.message))
            .collect();
        return Err(corrupt(format!(
            "{}{year}年度报告无法公布：{}",
            agency.profile.full_name,
            list.join("；")
        )));
    }
    let findings = validate(
        &built.report,
        &RuleContext {
            previous: built.previous.as_ref(),
            agency_kind: Some(reporting::agency_kind(agency)),
            published_on: Some(on),
            fees: Some(built.fees),
            ..RuleContext::default()
        },
    );
    store
        .publish_report(&NewReportVersion {
            agency_id: agency.id,
            year,
            report: built.report.to_json(&findings),
            published_on: on,
            note: None,
            published_by: r.by,
        })
        .await?;
    Ok(())
}
