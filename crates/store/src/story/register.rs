//! 年报取数: the annual report's records summed in the database. Tables are
//! counted by hand from the rule of table 三 (国办公开办函〔2021〕30号: 一
//! received in the year, 二 carried over from last year, the result rows
//! disposed of in the year, 四 carried into next year); every case is a
//! natural person's (column 0; 总计 is column 6).
//!
//! - P: received 2024-12-20, disclosed 2025-01-08 (2024: 一 and 四; 2025: 二, 予以公开).
//! - Q: received 2024-11-04, disclosed 2024-11-20 (2024 only); appeal filed 2024-12-01.
//! - R: received 2025-03-03, not held 2025-03-20, delivered 2025-03-21 (on time);
//!   appeal (reconsideration) filed 2025-05-06, upheld 2025-07-01.
//! - S: received 2025-12-29, open (2025: 一 and 四).
//! - T: received 2026-01-05 (not in 2025).
//! - W: received 2025-06-02, fee of 100 元 notified 2025-06-10 and paid
//!   2025-06-20, disclosed 2025-07-01.
//! - X (another bureau): received 2025-04-01, open — never in the first bureau's rows.
//! - Y (an office below the other bureau): answered late (see `late_replies`).

use gongkai_domain::case::CaseAction;
use gongkai_domain::case::register::{AppealKind, AppealResult, AppealSummary, Table3Tally};
use gongkai_domain::fees::FeeMethod;
use gongkai_domain::vocabulary::{ApplicantType, Channel, Outcome};

use super::case_list::{d, history, received, store_case};
use super::*;

fn decided(day: &str, outcome: Outcome) -> CaseAction {
    CaseAction::OutcomeDecided {
        date: d(day),
        outcome,
        reasoning: "依法答复".into(),
        referred_to: None,
        access_method: String::new(),
        provided: Vec::new(),
    }
}

fn tally(carried_over: bool, disposed: Option<Outcome>) -> Table3Tally {
    Table3Tally {
        applicant_type: ApplicantType::NaturalPerson,
        carried_over,
        disposed,
    }
}

fn appeal(case_id: CaseId, filed: &str, decided: Option<&str>) -> NewAppeal {
    NewAppeal {
        case_id,
        summary: AppealSummary {
            kind: AppealKind::Reconsideration,
            result: AppealResult::Upheld,
            filed_on: d(filed),
            decided_on: decided.map(d),
        },
        body: "白沙县人民政府".into(),
        note: String::new(),
        recorded_by: None,
    }
}

pub async fn register<S: Store>(store: &S) {
    store.migrate().await.unwrap();
    let bureau = store
        .create_agency(None, &profile("11341702486344515H", "白沙县交通运输局"))
        .await
        .unwrap();
    let other = store
        .create_agency(None, &profile("486344523", "白沙县教育局"))
        .await
        .unwrap();
    use Outcome::{Disclosed, NotHeld};
    let p = history(vec![
        received("2024-12-20"),
        decided("2025-01-08", Disclosed),
    ]);
    let q = history(vec![
        received("2024-11-04"),
        decided("2024-11-20", Disclosed),
    ]);
    let r = history(vec![
        received("2025-03-03"),
        decided("2025-03-20", NotHeld),
        CaseAction::Delivered {
            date: d("2025-03-21"),
            method: gongkai_domain::application::DeliveryMethod::Post,
        },
    ]);
    let w = history(vec![
        received("2025-06-02"),
        CaseAction::FeeNoticeIssued {
            date: d("2025-06-10"),
            method: FeeMethod::ByVolume { pages: 150 },
            amount_yuan: 100,
        },
        CaseAction::FeePaid {
            date: d("2025-06-20"),
        },
        decided("2025-07-01", Disclosed),
    ]);
    let (_, p_no) = store_case(store, bureau, &p).await;
    let (q_id, _) = store_case(store, bureau, &q).await;
    let (r_id, r_no) = store_case(store, bureau, &r).await;
    let (_, s_no) = store_case(store, bureau, &history(vec![received("2025-12-29")])).await;
    store_case(store, bureau, &history(vec![received("2026-01-05")])).await;
    let (_, w_no) = store_case(store, bureau, &w).await;
    store_case(store, other, &history(vec![received("2025-04-01")])).await;
    store
        .add_appeal(&appeal(q_id, "2024-12-01", None))
        .await
        .unwrap();
    store
        .add_appeal(&appeal(r_id, "2025-05-06", Some("2025-07-01")))
        .await
        .unwrap();

    // ---- table 三 by tally ----
    let tallies = |year| async move {
        let mut v: Vec<(Table3Tally, u64)> = store
            .case_tallies(&[bureau], year)
            .await
            .unwrap()
            .into_iter()
            .inspect(|t| assert_eq!(t.agency_id, bureau))
            .map(|t| (t.tally, t.cases))
            .collect();
        v.sort_by_key(|(t, _)| (t.carried_over, t.disposed.map(Outcome::code)));
        v
    };
    // 2025: R and W received and disposed of, S received and open, P carried
    // over and disclosed; Q finished in 2024, T received in 2026.
    assert_eq!(
        tallies(2025).await,
        vec![
            (tally(false, None), 1),            // S
            (tally(false, Some(Disclosed)), 1), // W
            (tally(false, Some(NotHeld)), 1),   // R
            (tally(true, Some(Disclosed)), 1),  // P
        ]
    );
    // 2024: P received and open at the year's end, Q received and disclosed.
    assert_eq!(
        tallies(2024).await,
        vec![(tally(false, None), 1), (tally(false, Some(Disclosed)), 1)]
    );
    // 2026: S carried over and still open; T received.
    assert_eq!(
        tallies(2026).await,
        vec![(tally(false, None), 1), (tally(true, None), 1)]
    );
    // Both bureaus at once: X counts in the other's rows only.
    let both = store.case_tallies(&[bureau, other], 2025).await.unwrap();
    assert_eq!(
        both.iter()
            .filter(|t| t.agency_id == other)
            .map(|t| t.cases)
            .sum::<u64>(),
        1
    );

    // ---- the cases behind figures ----
    let numbers =
        |cases: Vec<TalliedCase>| -> Vec<String> { cases.into_iter().map(|c| c.number).collect() };
    let disclosed = store
        .cases_of_tallies(
            &[bureau],
            2025,
            &[tally(false, Some(Disclosed)), tally(true, Some(Disclosed))],
            10,
        )
        .await
        .unwrap();
    let mut expected = vec![p_no.clone(), w_no.clone()];
    expected.sort();
    assert_eq!(numbers(disclosed), expected);
    let open = store
        .cases_of_tallies(&[bureau], 2025, &[tally(false, None)], 10)
        .await
        .unwrap();
    assert_eq!(numbers(open), vec![s_no.clone()]);
    let limited = store
        .cases_of_tallies(
            &[bureau],
            2025,
            &[tally(false, None), tally(false, Some(NotHeld))],
            1,
        )
        .await
        .unwrap();
    assert_eq!(limited.len(), 1);

    // ---- the year's figures for the text ----
    let figures = store.case_year_figures(&[bureau], 2025).await.unwrap();
    assert_eq!(
        figures,
        vec![CaseYearFigures {
            agency_id: bureau,
            // R, S and W were received in person in 2025.
            received_by_channel: vec![(Channel::InPerson, 3)],
            // R's reply was delivered on time.
            answered: 1,
            answered_on_time: 1,
            // W paid 100 元.
            fees_paid: 1,
            fee_amount_yuan: 100,
        }]
    );
    assert!(
        store
            .case_year_figures(&[bureau], 2023)
            .await
            .unwrap()
            .is_empty()
    );

    // ---- appeals of the year ----
    let appeals = store
        .appeals_filed_in(&[bureau, other], 2025)
        .await
        .unwrap();
    assert_eq!(appeals.len(), 1);
    assert_eq!(appeals[0].case_number, r_no);
    assert_eq!(appeals[0].summary.filed_on, d("2025-05-06"));
    assert_eq!(
        store.appeals_filed_in(&[bureau], 2024).await.unwrap().len(),
        1
    );
    assert!(
        store
            .appeals_filed_in(&[other], 2025)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.case_tallies(&[], 2025).await.unwrap().is_empty());
    late_replies(store, bureau, other).await;
}

/// Y (an office below the other bureau): received Monday 3 February 2025,
/// due 20 working days later on 3 March; answered 30 April, delivered 6
/// May — late (Art. 33). R, answered on time, is not counted; nor is Y in
/// 2024, nor in the first bureau's subtree.
async fn late_replies<S: Store>(store: &S, bureau: AgencyId, other: AgencyId) {
    let office = store
        .create_agency(Some(other), &profile("486344531", "白沙县教育局办公室"))
        .await
        .unwrap();
    let y = history(vec![
        received("2025-02-03"),
        decided("2025-04-30", Outcome::Disclosed),
        CaseAction::Delivered {
            date: d("2025-05-06"),
            method: gongkai_domain::application::DeliveryMethod::Post,
        },
    ]);
    store_case(store, office, &y).await;
    assert_eq!(
        store.late_replies(other, 2025).await.unwrap(),
        vec![(office, 1)]
    );
    assert!(store.late_replies(other, 2024).await.unwrap().is_empty());
    assert!(store.late_replies(bureau, 2025).await.unwrap().is_empty());
}
