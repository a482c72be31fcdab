//! The demo's records, seeded on fixed days: complete, valid and
//! publishable; nothing after today; alive on any date.

use chrono::{Datelike, NaiveDate, Utc};
use gongkai_domain::case::{validate_history, view};
use gongkai_domain::report::{AnnualReport, publication_blockers};
use gongkai_domain::vocabulary::ReportFormat;
use gongkai_store::{Agency, Store, calendar_in_force};
use gongkai_store_sqlite::SqliteStore;

use super::this_year::QUEUE;
use super::when::fill;
use super::{BUREAU_CODE, GOVERNMENT_CODE, seed_reports};
use crate::reporting::{self, Built};

mod filing;
mod participation;
mod plans;

fn day(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

struct TempStore {
    store: SqliteStore,
    dir: std::path::PathBuf,
}

impl Drop for TempStore {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn demo_store(name: &str) -> TempStore {
    let dir = std::env::temp_dir().join(format!(
        "gk-demo-reports-{name}-{}-{}",
        std::process::id(),
        Utc::now().timestamp_nanos_opt().unwrap_or(0)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let store = SqliteStore::open_file(&dir.join("gongkai.db"))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    assert!(crate::demo::seed(&store).await.unwrap());
    TempStore { store, dir }
}

async fn agency(store: &dyn Store, code: &str) -> Agency {
    store.agency_by_code(code).await.unwrap().unwrap()
}

async fn built(store: &dyn Store, code: &str, year: i32, today: NaiveDate) -> Built {
    let all = store.agencies().await.unwrap();
    let a = agency(store, code).await;
    reporting::build(store, &all, &a, year, today)
        .await
        .unwrap()
        .unwrap()
}

fn total(r: &AnnualReport, key: &str) -> i64 {
    r.table3_row(key).unwrap()[6].count().unwrap()
}

fn rules(b: &Built) -> Vec<&'static str> {
    b.findings.iter().map(|f| f.rule).collect()
}

async fn counts(store: &dyn Store) -> (usize, usize, usize, usize) {
    let (mut cases, mut items, mut appeals, mut versions) = (0, 0, 0, 0);
    for a in store.agencies().await.unwrap() {
        cases += store.cases_of_agency(a.id).await.unwrap().len();
        items += store.items_of_agency(a.id).await.unwrap().len();
        appeals += store.appeals_of_agency(a.id).await.unwrap().len();
        versions += store.published_reports(a.id).await.unwrap().len();
    }
    (cases, items, appeals, versions)
}

#[tokio::test]
async fn demo_reports_are_complete_and_publishable() {
    let t = demo_store("full").await;
    let store: &dyn Store = &t.store;
    let today = day("2026-02-15");
    seed_reports(store, today).await.unwrap();

    // Every history is valid; nothing after today; every reply was on
    // time; open are only the seven cases of the clerk's queue (last year's
    // last reply went out in January).
    let calendar = calendar_in_force(store).await.unwrap();
    let queue: Vec<String> = QUEUE.iter().map(|c| fill(c.request, 2026)).collect();
    let mut open = Vec::new();
    for code in [BUREAU_CODE, GOVERNMENT_CODE] {
        let a = agency(store, code).await;
        for c in store.cases_of_agency(a.id).await.unwrap() {
            let events = store.case_events(c.id).await.unwrap();
            validate_history(&events, &calendar).unwrap();
            assert!(events.iter().all(|e| e.action.date() <= today));
            let v = view(&events, &calendar, today).unwrap();
            if v.is_open {
                open.push((code, c.application.request.description.clone()));
            } else {
                assert_ne!(v.on_time, Some(false), "{} was answered late", c.number);
            }
        }
    }
    assert_eq!(open.len(), 7, "{open:?}");
    for (code, request) in &open {
        assert_eq!(*code, BUREAU_CODE);
        assert!(queue.contains(request), "{request} is open");
    }

    // The bureau's 2025 report: publishable, and the identities hold
    // (last year's report is published, so AR-09 is checked, not skipped).
    let b25 = built(store, BUREAU_CODE, 2025, today).await;
    assert!(b25.previous.is_some());
    assert!(
        publication_blockers(&b25.findings).is_empty(),
        "{:?}",
        b25.findings
    );
    for rule in ["AR-05", "AR-06", "AR-07", "AR-08", "AR-09"] {
        assert!(!rules(&b25).contains(&rule), "{rule}: {:?}", b25.findings);
    }
    // The texts quote the register, differ from last year and state the fees.
    for rule in [
        "AR-10", "AR-11", "AR-12", "AR-13", "AR-14", "AR-18", "AR-19",
    ] {
        assert!(!rules(&b25).contains(&rule), "{rule}: {:?}", b25.findings);
    }
    let r = &b25.report;
    assert_eq!(r.format, ReportFormat::Y2021);
    assert_eq!(total(r, "carried_over"), 3);
    assert_eq!(total(r, "new_received"), 19);
    assert_eq!(total(r, "carry_next"), 2);
    for key in [
        "r_open",
        "r_partial",
        "r_deny_secret",
        "r_deny_3rd",
        "r_deny_process",
        "r_deny_casefile",
        "r_cannot_nothold",
        "r_cannot_create",
        "r_cannot_unclear",
        "r_noproc_petition",
        "r_noproc_repeat",
        "r_other_nocorrect",
        "r_other_nofee",
        "r_other_other",
    ] {
        assert!(total(r, key) > 0, "row {key} is empty");
    }
    let columns = r.table3_row("new_received").unwrap();
    assert!(columns[..6].iter().all(|c| c.count().unwrap() > 0));
    let t4: Vec<i64> = r.table4.iter().map(|c| c.count().unwrap()).collect();
    assert_eq!(t4, [1, 0, 0, 1, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
    assert_eq!(b25.fees.amount_yuan, 100);
    assert!(r.parts[5].contains("100元"));
    assert_eq!(
        store
            .report_versions(agency(store, BUREAU_CODE).await.id, 2025)
            .await
            .unwrap()
            .len(),
        1
    );

    // 2020 in the 2019 format, every cell of table 二 a number, published.
    let b20 = built(store, BUREAU_CODE, 2020, today).await;
    let r = &b20.report;
    assert_eq!(r.format, ReportFormat::Y2019);
    assert_eq!(r.table3.len(), 23);
    assert!(
        r.table2
            .iter()
            .all(|row| row.cells.iter().all(|(_, c)| c.is_number()))
    );
    assert!(
        publication_blockers(&b20.findings).is_empty(),
        "{:?}",
        b20.findings
    );
    assert_eq!(
        (total(r, "carried_over"), total(r, "new_received")),
        (2, 10)
    );
    assert_eq!(total(r, "r_other"), 2);
    assert_eq!(total(r, "carry_next"), 2);
    let bureau = agency(store, BUREAU_CODE).await;
    let v2020 = store.report_versions(bureau.id, 2020).await.unwrap();
    assert_eq!(v2020.len(), 1);
    assert_eq!(v2020[0].published_on, day("2021-01-20"));
    let published = AnnualReport::from_json(&v2020[0].report).unwrap();
    assert_eq!(published.table3, r.table3);
    let v2024 = store.report_versions(bureau.id, 2024).await.unwrap();
    assert_eq!(v2024.len(), 1);
    let findings = v2024[0].report["findings"].as_array().unwrap();
    assert!(
        findings.iter().all(|f| f["severity"] != "E"),
        "{findings:?}"
    );

    // The government's roll-up includes the bureau and is publishable; it
    // was published on the last working day before today (its deadline is
    // 31 March): 2026-02-14, a Saturday worked for the Spring Festival
    // (the 2026 holiday notice of the State Council General Office).
    let government = agency(store, GOVERNMENT_CODE).await;
    let g2025 = store.report_versions(government.id, 2025).await.unwrap();
    assert_eq!(g2025.len(), 1);
    assert_eq!(g2025[0].published_on, day("2026-02-14"));
    let g25 = built(store, GOVERNMENT_CODE, 2025, today).await;
    assert_eq!(g25.members.len(), 1);
    assert_eq!(g25.members[0].id, bureau.id);
    assert!(
        publication_blockers(&g25.findings).is_empty(),
        "{:?}",
        g25.findings
    );
    assert_eq!(total(&g25.report, "new_received"), 19 + 8);
    for rule in ["AR-11", "AR-12", "AR-13", "AR-18"] {
        assert!(!rules(&g25).contains(&rule), "{rule}: {:?}", g25.findings);
    }

    // A second run creates nothing.
    let before = counts(store).await;
    seed_reports(store, today).await.unwrap();
    assert_eq!(counts(store).await, before);
}

#[tokio::test]
async fn nothing_is_dated_after_today() {
    let t = demo_store("early").await;
    let store: &dyn Store = &t.store;
    let today = day("2025-12-24");
    seed_reports(store, today).await.unwrap();
    let bureau = agency(store, BUREAU_CODE).await;
    for c in store.cases_of_agency(bureau.id).await.unwrap() {
        let events = store.case_events(c.id).await.unwrap();
        assert!(
            events.iter().all(|e| e.action.date() <= today),
            "{}",
            c.number
        );
    }
    for a in store.appeals_of_agency(bureau.id).await.unwrap() {
        assert!(a.summary.filed_on <= today);
        assert!(a.summary.decided_on.is_none_or(|d| d <= today));
    }
    // Last year's 2024 is published, on the 15th working day of January
    // (2025-01-01 off: 2, 3, 6…10, 13…17, 20, 21, 22), as is 2023 (2024-01-01
    // off: 2…5, 8…12, 15…19, 22); the county's 2024 on the 15th working day
    // of March (3…7, 10…14, 17…21). This year's 2025 is the writer's draft.
    let published_on = async |code: &str, year: i32| {
        let a = agency(store, code).await;
        let v = store.report_versions(a.id, year).await.unwrap();
        assert_eq!(v.len(), 1, "{code} {year}");
        v[0].published_on
    };
    assert_eq!(published_on(BUREAU_CODE, 2024).await, day("2025-01-22"));
    assert_eq!(published_on(BUREAU_CODE, 2023).await, day("2024-01-22"));
    assert_eq!(published_on(GOVERNMENT_CODE, 2024).await, day("2025-03-21"));
    assert!(
        store
            .report_versions(bureau.id, 2025)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.report_draft(bureau.id, 2025).await.unwrap().is_some());
    let b25 = built(store, BUREAU_CODE, 2025, today).await;
    assert!(
        publication_blockers(&b25.findings).is_empty(),
        "{:?}",
        b25.findings
    );
}

/// The demo's cases went through the commands, so each carries the
/// letters its events issued, in order: the titles are those of the
/// 登记回执 and the notices (示范文本), written out by hand.
#[tokio::test]
async fn demo_cases_carry_the_documents_their_events_issued() {
    let t = demo_store("letters").await;
    let store: &dyn Store = &t.store;
    seed_reports(store, day("2026-02-15")).await.unwrap();
    let bureau = agency(store, BUREAU_CODE).await;
    let cases = store.cases_of_agency(bureau.id).await.unwrap();
    let titles = |request: &'static str| {
        let case = cases
            .iter()
            .find(|c| c.application.request.description == request)
            .unwrap_or_else(|| panic!("no demo case {request}"));
        async move {
            let docs = store.case_documents(case.id).await.unwrap();
            docs.into_iter()
                .map(|d| d.document.title)
                .collect::<Vec<_>>()
        }
    };
    // By post in 2020, refused as process information (Art. 16(2)).
    assert_eq!(
        titles("城北客运站改造工程竣工验收会议纪要及参会单位意见").await,
        ["政府信息公开申请登记回执", "政府信息不予公开告知书"]
    );
    // Online in 2025; the bidder objected (Art. 32); refused (Art. 15).
    assert_eq!(
        titles("白沙县城北客运站改造工程中标单位的投标文件").await,
        [
            "政府信息公开申请登记回执",
            "政府信息公开征求第三方意见书",
            "征求第三方意见告知书",
            "政府信息不予公开告知书"
        ]
    );
    // Nothing was queued for mail: a past year entered after the fact.
    assert!(store.pending_mail(100, 1000).await.unwrap().is_empty());
}

/// On any date the clerk's queue holds the seven open cases with the marks
/// their places give them (received 23 working days ago: due 3 working days
/// ago; due in 2 and 3 working days: due soon; the others normal or without
/// a running deadline), and last year's reports are published by their
/// deadlines (31 January, 31 March), this year's are drafts. The days: a
/// holiday week, New Year's day, 29 February, the first year allowed.
#[tokio::test]
async fn the_demo_is_alive_on_any_date() {
    use gongkai_domain::case::{CaseState as S, QueueMark as M};
    let expected = [
        (M::Overdue, S::InProgress),
        (M::DueSoon, S::InProgress),
        (M::DueSoon, S::AwaitingExtensionDecision),
        (M::Normal, S::InProgress),
        (M::Normal, S::AwaitingCorrection),
        (M::Normal, S::InProgress),
        (M::Normal, S::AwaitingConfirmation),
    ];
    for today in ["2026-10-05", "2027-01-01", "2028-02-29", "2023-03-15"] {
        let today = day(today);
        let t = demo_store(&format!("alive-{today}")).await;
        let store: &dyn Store = &t.store;
        seed_reports(store, today).await.unwrap();
        let bureau = agency(store, BUREAU_CODE).await;
        let mut found = vec![None; QUEUE.len()];
        for c in store.cases_of_agency(bureau.id).await.unwrap() {
            let events = store.case_events(c.id).await.unwrap();
            assert!(events.iter().all(|e| e.action.date() <= today));
            let request = &c.application.request.description;
            let Some(i) = QUEUE.iter().position(|q| {
                [today.year(), today.year() - 1]
                    .map(|y| fill(q.request, y))
                    .contains(request)
            }) else {
                continue;
            };
            let row = store.case_snapshot(c.id).await.unwrap().unwrap();
            found[i] = Some((row.mark_on(today), row.state));
        }
        let found: Vec<_> = found
            .into_iter()
            .map(|f| f.expect("a queue case"))
            .collect();
        assert_eq!(found, expected, "{today}");

        let year = today.year();
        for (code, deadline) in [(BUREAU_CODE, (1, 31)), (GOVERNMENT_CODE, (3, 31))] {
            let a = agency(store, code).await;
            let last = store.report_versions(a.id, year - 1).await.unwrap();
            assert_eq!(last.len(), 1, "{today} {code}");
            let on = last[0].published_on;
            let deadline = NaiveDate::from_ymd_opt(year, deadline.0, deadline.1).unwrap();
            assert!(
                on.year() == year && on <= today && on <= deadline,
                "{today} {on}"
            );
            assert!(store.report_versions(a.id, year).await.unwrap().is_empty());
            assert!(store.report_draft(a.id, year).await.unwrap().is_some());
            // The draft's text quotes the register, names the fees, the
            // problems and the five topics, and is not last year's again.
            let draft = built(store, code, year, today).await;
            for rule in ["AR-11", "AR-12", "AR-13", "AR-14", "AR-18"] {
                assert!(!rules(&draft).contains(&rule), "{today} {code} {rule}");
            }
        }
    }
}

/// Before 2023 the year before last would be 2020 (seeded on its own dates)
/// or a year before fees existed: refused with what to check.
#[tokio::test]
async fn a_day_before_the_first_year_is_refused() {
    let t = demo_store("early-year").await;
    let store: &dyn Store = &t.store;
    let err = seed_reports(store, day("2022-12-31")).await.unwrap_err();
    assert!(err.to_string().contains("只能在2023年或以后生成"), "{err}");
    let bureau = agency(store, BUREAU_CODE).await;
    assert!(store.cases_of_agency(bureau.id).await.unwrap().is_empty());
}
