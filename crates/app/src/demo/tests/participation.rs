//! The demo's 回应关切, hearing and 重大行政决策事项目录, seeded on Monday
//! 15 December 2025 (no day off in December 2025). Expected values by hand
//! from `demo/concerns.rs` and `demo/decisions.rs`, counting working days
//! back from the 15th: 1 the 12th (Fri), 2 the 11th, … 5 the 8th (Mon), 6
//! the 5th (Fri), … 10 the 1st (Mon), 11 28 November (Fri), 12 the 27th.

use chrono::{DateTime, Utc};
use gongkai_domain::participation::clocks::ConcernClass;
use gongkai_domain::participation::concern::{ClockMark, ResponseKind};
use gongkai_domain::participation::consultation::DraftKind;
use gongkai_domain::participation::decisions::DecisionStatus;
use gongkai_store::{
    ConcernList, ConcernState, ConsultationList, HearingState, Store, calendar_in_force,
};

use super::{agency, day, demo_store};
use crate::concerns::clock_lines;
use crate::demo::BUREAU_CODE;

/// `s` (`YYYY-MM-DD HH:MM`, Beijing) as an instant.
fn beijing(s: &str) -> DateTime<Utc> {
    let naive = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    naive.and_utc() - chrono::Duration::hours(8)
}

fn marks(c: &gongkai_store::Concern, now: DateTime<Utc>) -> Vec<ClockMark> {
    clock_lines(c.class, c.learned_at, &c.clocks, now)
        .into_iter()
        .map(|l| l.mark)
        .collect()
}

#[tokio::test]
async fn demo_concerns_are_answered_in_time_late_and_not_yet() {
    let today = day("2025-12-15");
    let t = demo_store("concerns").await;
    let store: &dyn Store = &t.store;
    crate::demo::seed_content(store, today).await.unwrap();
    // Seeding again adds nothing.
    crate::demo::seed_content(store, today).await.unwrap();
    let bureau = agency(store, BUREAU_CODE).await;
    let rows = store
        .concern_rows(ConcernList::Queue(bureau.id), 0, 50)
        .await
        .unwrap();
    assert_eq!(rows.len(), 3, "{rows:?}");
    let mut all = Vec::new();
    for r in &rows {
        all.push(store.concern(r.id).await.unwrap().unwrap());
    }
    let find = |part: &str| all.iter().find(|c| c.title.contains(part)).unwrap();
    let now = beijing("2025-12-15 12:00");

    // The incident: learned 06:00 on the 1st (10 working days back);
    // authoritative information at 09:00 (due 11:00), the press
    // conference at 02:00 on the 2nd (due 06:00).
    let incident = find("县道X012线");
    assert_eq!(incident.class, ConcernClass::MajorIncident);
    assert_eq!(incident.learned_at, beijing("2025-12-01 06:00"));
    assert_eq!(incident.state, ConcernState::Closed);
    assert_eq!(incident.clocks.first_due_at, beijing("2025-12-01 11:00"));
    assert_eq!(
        incident.clocks.first_met_at,
        Some(beijing("2025-12-01 09:00"))
    );
    assert_eq!(
        incident.clocks.second_due_at,
        Some(beijing("2025-12-02 06:00"))
    );
    assert_eq!(
        incident.clocks.second_met_at,
        Some(beijing("2025-12-02 02:00"))
    );
    assert_eq!(marks(incident, now), [ClockMark::OnTime, ClockMark::OnTime]);
    let kinds: Vec<ResponseKind> = incident.responses.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        [
            ResponseKind::AuthoritativeRelease,
            ResponseKind::PressConference
        ]
    );
    // It links the catalogue's 养护管理办法, published 2025-03-05.
    let linked = &incident.responses[0].items;
    assert_eq!(linked.len(), 1);
    assert_eq!(
        linked[0].title,
        "关于印发《白沙县农村公路养护管理办法》的通知"
    );
    let item = store.item(linked[0].item_id).await.unwrap().unwrap();
    assert!(item.snapshot.state.is_public());
    assert_eq!(item.agency_id, bureau.id);

    // 48 hours from 10:00 on the 5th: due 10:00 on the 7th, answered at
    // 22:00 (60 hours): 12 hours late.
    let late = find("公交3路");
    assert_eq!(late.class, ConcernClass::Other);
    assert_eq!(late.state, ConcernState::Closed);
    assert_eq!(late.clocks.first_due_at, beijing("2025-12-07 10:00"));
    assert_eq!(late.clocks.first_met_at, Some(beijing("2025-12-07 22:00")));
    assert_eq!(
        marks(late, now),
        [ClockMark::Late(chrono::Duration::hours(12))]
    );

    // Learned 16:00 yesterday (the 14th): due 16:00 on the 16th; its only
    // response is internal and meets nothing; 28 hours left at noon.
    let open = find("出租汽车");
    assert_eq!(open.state, ConcernState::Open);
    assert_eq!(open.clocks.first_due_at, beijing("2025-12-16 16:00"));
    assert_eq!(open.clocks.first_met_at, None);
    assert_eq!(open.responses.len(), 1);
    assert!(!open.responses[0].public);
    assert_eq!(
        marks(open, now),
        [ClockMark::Pending(chrono::Duration::hours(28))]
    );

    // The public column: the two with a public response.
    let public = store
        .concern_rows(ConcernList::Public(bureau.id), 0, 50)
        .await
        .unwrap();
    assert_eq!(public.len(), 2);
    assert!(public.iter().all(|r| r.state == ConcernState::Closed));
}

#[tokio::test]
async fn demo_major_decision_has_a_hearing_and_a_directory() {
    let today = day("2025-12-15");
    let t = demo_store("decisions").await;
    let store: &dyn Store = &t.store;
    crate::demo::seed_content(store, today).await.unwrap();
    crate::demo::seed_content(store, today).await.unwrap();
    let bureau = agency(store, BUREAU_CODE).await;

    // The fare consultation: opened 12 working days back (27 November),
    // open 30 days (to 27 December): still open today.
    let open = store
        .consultation_rows(
            ConsultationList::Open {
                agency: bureau.id,
                today,
            },
            None,
            50,
        )
        .await
        .unwrap();
    let fares = open
        .iter()
        .find(|r| r.kind == DraftKind::MajorDecision)
        .expect("the fare consultation is open");
    assert!(fares.title.contains("白沙县城区公交票价调整方案"));
    assert_eq!(fares.opens_on, day("2025-11-27"));
    assert_eq!(fares.closes_on, day("2025-12-27"));

    // Its hearing: 8 working days after it opened (9 December), announced
    // the day it opened (7 days ahead would be 2 December at the latest),
    // participants listed on the 2nd (3 working days after), the report
    // public on the 11th (2 working days after the hearing).
    let hearings = store.hearings_of(fares.id, true).await.unwrap();
    assert_eq!(hearings.len(), 1);
    let h = &hearings[0];
    assert_eq!(h.state, HearingState::Recorded);
    assert_eq!(h.notice.held_on, day("2025-12-09"));
    assert_eq!(h.published_on, Some(day("2025-11-27")));
    assert!(!h.notice_late);
    assert_eq!(h.participants.len(), 6);
    assert_eq!(h.participants[0].name, "张建国");
    assert_eq!(h.participants[0].represents, "城区公交乘客代表");
    let listed_on = h
        .participants_at
        .map(|t| crate::clock::beijing(t).date_naive());
    assert_eq!(listed_on, Some(day("2025-12-02")));
    assert_eq!(h.recorded_on, Some(day("2025-12-11")));
    assert!(
        crate::hearings::flags(h).is_empty(),
        "{:?}",
        crate::hearings::flags(h)
    );

    // This year's directory: published on 20 January, 3 entries.
    let d = store.decision_catalogue(bureau.id, 2025).await.unwrap();
    assert_eq!(d.published_at, Some(beijing("2025-01-20 16:00")));
    assert_eq!(
        store.decision_catalogue_years(bureau.id).await.unwrap(),
        [2025]
    );
    let titles: Vec<&str> = d.entries.iter().map(|e| e.fields.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "白沙县农村公路养护管理办法",
            "白沙县城区公交票价调整方案",
            "白沙县综合交通运输体系规划"
        ]
    );
    // The first: decided, linking its consultation and the decision
    // published on 5 March.
    let first = &d.entries[0];
    assert_eq!(first.fields.status, DecisionStatus::Decided);
    assert_eq!(
        first.consultation_title.as_deref(),
        Some("关于《白沙县农村公路养护管理办法（征求意见稿）》公开征求意见的公告")
    );
    assert_eq!(
        first.decision_title.as_deref(),
        Some("关于印发《白沙县农村公路养护管理办法》的通知")
    );
    let decision = store
        .item(first.fields.decision_item_id.unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(decision.snapshot.published_on, Some(day("2025-03-05")));
    // The second: consulting, linking the fare consultation.
    assert_eq!(d.entries[1].fields.status, DecisionStatus::Consulting);
    assert_eq!(d.entries[1].fields.consultation_id, Some(fares.id));
    // The third: adjusted on 8 December (5 working days back), with its
    // reason, public.
    assert_eq!(d.entries[2].fields.status, DecisionStatus::Adjusted);
    assert_eq!(d.adjustments.len(), 1);
    let a = &d.adjustments[0];
    assert_eq!(a.entry_id, d.entries[2].id);
    assert_eq!(a.at, beijing("2025-12-08 17:00"));
    assert!(a.reason.contains("国土空间总体规划尚未批复"));
}

/// Seeded on the first working day of a year, the directory is listed that
/// day, and nothing is dated after today.
#[tokio::test]
async fn demo_registers_are_alive_on_new_year() {
    let today = day("2026-01-05");
    let t = demo_store("participation-new-year").await;
    let store: &dyn Store = &t.store;
    crate::demo::seed_content(store, today).await.unwrap();
    let calendar = calendar_in_force(store).await.unwrap();
    assert!(calendar.is_working(today));
    let bureau = agency(store, BUREAU_CODE).await;
    let d = store.decision_catalogue(bureau.id, 2026).await.unwrap();
    assert_eq!(d.entries.len(), 3);
    // 5 January 2026 is before the day (20 January) the directory is
    // listed on in other years: it is listed today.
    assert_eq!(d.published_at, Some(beijing("2026-01-05 16:00")));
    let end_of_today = beijing("2026-01-06 00:00");
    assert!(d.adjustments.iter().all(|a| a.at < end_of_today));
    // The 2026 decision is not out yet: the first entry is being consulted on.
    assert_eq!(d.entries[0].fields.status, DecisionStatus::Consulting);
    let rows = store
        .concern_rows(ConcernList::Queue(bureau.id), 0, 50)
        .await
        .unwrap();
    for r in rows {
        let c = store.concern(r.id).await.unwrap().unwrap();
        assert!(c.learned_at < end_of_today, "{}", c.title);
        assert!(c.responses.iter().all(|r| r.responded_at < end_of_today));
    }
}
