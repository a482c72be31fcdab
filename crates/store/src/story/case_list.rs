//! The case read model story (案件台账): a snapshot row is written with each
//! event; the work queue pages by due date; the oversight counts of a
//! subtree come from one query; a re-projection never undoes a later event.
//!
//! Due dates are counted by hand from the State Council's 2025 notice (the
//! receipt day is day 0; 4–6 April 2025 off for 清明节):
//!
//! - A: received Monday 3 March → due Monday 31 March (4–7, 10–14, 17–21,
//!   24–28, 31); due soon from 26 March (27, 28, 31 left); overdue from 1 April.
//! - B: received 3 March, a third party consulted on 24 March (15 working
//!   days counted, 5 left), not answered: the due date moves until the
//!   consultation's own period ends on 15 April, then is 22 April.
//! - C: received Monday 10 March → due Tuesday 8 April (11–14, 17–21, 24–28,
//!   31 March–3 April, 7, 8); due soon from 2 April (3, 7, 8 left).
//! - D: received 3 March, decided 20 March, delivered 21 March: still to close.
//! - E: as D, then closed.
//! - F (at the county, above the office): received Wednesday 5 March → due
//!   Wednesday 2 April; due soon from 28 March (31 March, 1, 2 April left).

use chrono::NaiveDate;
use gongkai_domain::application::DeliveryMethod;
use gongkai_domain::calendar::Calendar;
use gongkai_domain::case::{
    Actor, CaseAction, CaseEventRecord, CaseSnapshot, CaseState, QueueMark,
};
use gongkai_domain::deadline::{ConsultParty, ReceiptFacts};
use gongkai_domain::vocabulary::{Channel, Outcome};

use super::cases::application;
use super::*;
use crate::sql::{SqlBacked, query};

pub(super) fn d(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

pub(super) fn received(day: &str) -> CaseAction {
    CaseAction::ReceiptConfirmed {
        channel: Channel::InPerson,
        receipt_date: d(day),
        facts: ReceiptFacts {
            arrived: Some(d(day)),
            ..Default::default()
        },
    }
}

pub(super) fn history(actions: Vec<CaseAction>) -> Vec<CaseEventRecord> {
    actions
        .into_iter()
        .enumerate()
        .map(|(i, action)| CaseEventRecord {
            seq: u32::try_from(i).unwrap() + 1,
            at: at(i64::try_from(i).unwrap()),
            actor: Actor::System,
            action,
            note: String::new(),
        })
        .collect()
}

fn snapshot(h: &[CaseEventRecord]) -> CaseSnapshot {
    let day = h.last().unwrap().action.date();
    CaseSnapshot::of(h, &Calendar::vendored(), day)
}

/// Store the case with its events one by one, each with its snapshot.
pub(super) async fn store_case<S: Store>(
    store: &S,
    agency: AgencyId,
    h: &[CaseEventRecord],
) -> (CaseId, String) {
    let created = store
        .create_case(&NewCase {
            agency_id: agency,
            query_code_hash: "x".into(),
            channel: Channel::InPerson,
            application: application("张三"),
            applicant_key: "k".into(),
            submitted_at: h[0].at,
            idempotency_key: None,
            first_event: h[0].clone(),
            first_snapshot: snapshot(&h[..1]),
        })
        .await
        .unwrap();
    let CaseCreated::New { id, number } = created else {
        panic!("a new case")
    };
    for n in 2..=h.len() {
        store
            .append_case_event(id, &h[n - 1], &snapshot(&h[..n]), &[], &[])
            .await
            .unwrap();
    }
    (id, number)
}

fn delivered(closed: bool) -> Vec<CaseEventRecord> {
    let mut actions = vec![
        received("2025-03-03"),
        CaseAction::OutcomeDecided {
            date: d("2025-03-20"),
            outcome: Outcome::Disclosed,
            reasoning: "予以公开".into(),
            referred_to: None,
            access_method: String::new(),
            provided: Vec::new(),
        },
        CaseAction::Delivered {
            date: d("2025-03-21"),
            method: DeliveryMethod::Post,
        },
    ];
    if closed {
        actions.push(CaseAction::Closed {
            date: d("2025-03-24"),
        });
    }
    history(actions)
}

pub async fn case_list<S: Store + SqlBacked>(store: &S) {
    store.migrate().await.unwrap();
    let county = store
        .create_agency(
            None,
            &profile("11341702486344515H", "安徽省淮北市杜集区交通运输局"),
        )
        .await
        .unwrap();
    let office = store
        .create_agency(
            Some(county),
            &profile("486344515", "杜集区交通运输局办公室"),
        )
        .await
        .unwrap();
    let station = store
        .create_agency(Some(county), &profile("486344523", "杜集区公路管理站"))
        .await
        .unwrap();

    let a = history(vec![received("2025-03-03")]);
    let b = history(vec![
        received("2025-03-03"),
        CaseAction::ConsultationStarted {
            id: 1,
            date: d("2025-03-24"),
            party: ConsultParty::ThirdParty,
            party_name: "某公司".into(),
            matter: String::new(),
        },
    ]);
    let c = history(vec![received("2025-03-10")]);
    let f = history(vec![received("2025-03-05")]);
    let (a_id, a_no) = store_case(store, office, &a).await;
    let (b_id, b_no) = store_case(store, office, &b).await;
    let (_, c_no) = store_case(store, office, &c).await;
    let (_, d_no) = store_case(store, office, &delivered(false)).await;
    let (_, e_no) = store_case(store, office, &delivered(true)).await;
    let (_, f_no) = store_case(store, county, &f).await;

    // ---- the row written with the events reads back as computed ----
    let stored_b = store.case_snapshot(b_id).await.unwrap().unwrap();
    assert_eq!(stored_b, snapshot(&b));
    assert_eq!(stored_b.state, CaseState::Consulting);
    assert_eq!(stored_b.fixed_due, Some(d("2025-04-22")));
    let moving = stored_b.moving.unwrap();
    assert_eq!(
        (moving.until, moving.working_days_left),
        (d("2025-04-15"), 5)
    );
    assert_eq!(
        store.case_snapshot(a_id).await.unwrap().unwrap().fixed_due,
        Some(d("2025-03-31"))
    );

    // ---- the work queue, by due date, in pages ----
    let numbers = |page: &[QueueEntry]| -> Vec<String> {
        page.iter().map(|e| e.case.number.clone()).collect()
    };
    let first = store
        .case_queue(office, QueueScope::Work, None, 2)
        .await
        .unwrap();
    assert_eq!(numbers(&first), vec![a_no.clone(), c_no.clone()]);
    let key = first[1].key();
    assert_eq!(key.due, Some(d("2025-04-08")));
    let second = store
        .case_queue(office, QueueScope::Work, Some(&key), 2)
        .await
        .unwrap();
    // D is delivered: no deadline runs, but it still has to be closed.
    assert_eq!(numbers(&second), vec![b_no.clone(), d_no.clone()]);
    let third = store
        .case_queue(office, QueueScope::Work, Some(&second[1].key()), 2)
        .await
        .unwrap();
    assert!(third.is_empty());
    let all = store
        .case_queue(office, QueueScope::All, None, 10)
        .await
        .unwrap();
    assert_eq!(numbers(&all), vec![a_no.clone(), c_no, b_no, d_no, e_no]);
    assert_eq!(
        numbers(
            &store
                .case_queue(county, QueueScope::All, None, 10)
                .await
                .unwrap()
        ),
        vec![f_no]
    );

    // ---- oversight counts of a subtree, on a day ----
    let on = async |root, day: &str| -> Vec<(AgencyId, u64, u64, u64)> {
        let mut rows: Vec<_> = store
            .deadline_counts(root, d(day))
            .await
            .unwrap()
            .iter()
            .map(|c| (c.agency_id, c.running, c.due_soon, c.overdue))
            .collect();
        rows.sort_unstable();
        rows
    };
    // 27 March: A due soon; B paused with 5 days left; C and F not yet.
    assert_eq!(
        on(county, "2025-03-27").await,
        vec![(county, 1, 0, 0), (office, 3, 1, 0), (station, 0, 0, 0)]
    );
    // 2 April: A overdue, C due soon, F due today.
    assert_eq!(
        on(county, "2025-04-02").await,
        vec![(county, 1, 1, 0), (office, 3, 1, 1), (station, 0, 0, 0)]
    );
    // 16 April: B's consultation period is over and its due date fixed (22 April).
    // A (from 1 April) and C (from 9 April) are overdue.
    assert_eq!(on(office, "2025-04-16").await, vec![(office, 3, 0, 2)]);
    assert_eq!(on(office, "2025-04-17").await, vec![(office, 3, 1, 2)]);
    assert_eq!(snapshot(&b).mark_on(d("2025-04-17")), QueueMark::DueSoon);

    // ---- re-projection ----
    // A snapshot of an earlier event never replaces the stored one.
    let written = store
        .put_case_snapshots(&[(b_id, snapshot(&b[..1]))])
        .await
        .unwrap();
    assert_eq!(written, 0);
    assert_eq!(
        store.case_snapshot(b_id).await.unwrap().unwrap(),
        snapshot(&b)
    );
    // The cases whose deadline runs, in id order, with their histories.
    let running = store
        .histories_to_project(Reprojection::Running, 0, 10)
        .await
        .unwrap();
    let ids: Vec<CaseId> = running.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids.len(), 4);
    assert_eq!(&running[1].1, &b);
    assert_eq!(ids[0], a_id);
    // A database from before the read model: a case without its row.
    assert_eq!(store.cases_without_snapshot().await.unwrap(), 0);
    query("DELETE FROM case_snapshots WHERE case_id = $1")
        .bind(a_id)
        .execute(store.db())
        .await
        .unwrap();
    assert_eq!(store.cases_without_snapshot().await.unwrap(), 1);
    let missing = store
        .histories_to_project(Reprojection::Missing, 0, 10)
        .await
        .unwrap();
    assert_eq!(missing, vec![(a_id, a.clone())]);
    assert_eq!(
        store
            .put_case_snapshots(&[(a_id, snapshot(&a))])
            .await
            .unwrap(),
        1
    );
    assert_eq!(store.cases_without_snapshot().await.unwrap(), 0);
    let after_b = store
        .histories_to_project(Reprojection::All, b_id, 2)
        .await
        .unwrap();
    assert_eq!(after_b.len(), 2);
    assert!(after_b.iter().all(|(id, _)| *id > b_id));
}
