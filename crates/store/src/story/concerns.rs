//! 回应关切's storage: a concern registered with its clocks; responses
//! recorded with their linked items, each clock keeping its earliest
//! meeting whatever the order they are recorded in; nothing recorded once
//! closed; the queue sorted by the nearest clock not met, closed last; the
//! public column only with a public response; the subtree's counts per
//! agency (registered and 超时) in one `GROUP BY`; every decision audited.
//! Times are UTC instants, counted by hand.

use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::catalogue::IndexNumber;
use gongkai_domain::participation::clocks::ConcernClass;
use gongkai_domain::participation::concern::ResponseKind;

use crate::sql::SqlBacked;
use crate::*;

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn stamp(by: StaffId, at: &str) -> Stamp {
    Stamp {
        by: Some(by),
        at: t(at),
    }
}

fn concern(
    agency: AgencyId,
    class: ConcernClass,
    title: &str,
    learned: &str,
    (first, second): (&str, Option<&str>),
) -> NewConcern {
    NewConcern {
        agency_id: agency,
        class,
        title: title.into(),
        learned_at: t(learned),
        source: "网络媒体报道".into(),
        summary: "网民关注。".into(),
        lead_agency: "白沙县交通运输局".into(),
        first_due_at: t(first),
        second_due_at: second.map(t),
        created_by: None,
        created_at: t(learned),
    }
}

fn response(kind: ResponseKind, at: &str, public: bool, meets: (bool, bool)) -> NewConcernResponse {
    NewConcernResponse {
        kind,
        responded_at: t(at),
        body: format!("{}的内容。", kind.label()),
        public,
        external_url: None,
        items: Vec::new(),
        meets_first: meets.0,
        meets_second: meets.1,
    }
}

pub(super) async fn concerns<S: Store + SqlBacked>(
    store: &S,
    (root, child, admin): (AgencyId, AgencyId, StaffId),
) {
    // An incident learned of at 14:30 UTC on 3 July: 5 h → 19:30, 24 h →
    // 14:30 on the 4th. Two other concerns: 48 h each.
    let a = store
        .register_concern(&concern(
            child,
            ConcernClass::MajorIncident,
            "白沙大桥垮塌",
            "2033-07-03T14:30:00Z",
            ("2033-07-03T19:30:00Z", Some("2033-07-04T14:30:00Z")),
        ))
        .await
        .unwrap();
    let b = store
        .register_concern(&concern(
            child,
            ConcernClass::Other,
            "公交线路调整",
            "2033-07-05T00:00:00Z",
            ("2033-07-07T00:00:00Z", None),
        ))
        .await
        .unwrap();
    let c = store
        .register_concern(&concern(
            root,
            ConcernClass::Other,
            "出租车涨价",
            "2033-07-06T00:00:00Z",
            ("2033-07-08T00:00:00Z", None),
        ))
        .await
        .unwrap();
    let got = store.concern(a).await.unwrap().unwrap();
    assert_eq!(got.state, ConcernState::Open);
    assert_eq!(got.class, ConcernClass::MajorIncident);
    assert_eq!(got.clocks.first_met_at, None);
    assert_eq!(got.clocks.second_due_at, Some(t("2033-07-04T14:30:00Z")));
    assert!(store.concern(9_999_999).await.unwrap().is_none());

    // ---- responses: an internal statement meets nothing ----
    let internal = response(
        ResponseKind::Statement,
        "2033-07-03T15:00:00Z",
        false,
        (false, false),
    );
    store
        .record_concern_response(a, &internal, stamp(admin, "2033-07-03T15:05:00Z"))
        .await
        .unwrap()
        .expect("open");
    // A public release at 19:10 linking a published item.
    let code = store.agency(child).await.unwrap().unwrap().profile.code;
    let number = IndexNumber::generate(&code, 2033, 91);
    let item = super::published(
        child,
        Some("cc1"),
        "大桥抢险通报",
        &number,
        NaiveDate::from_ymd_opt(2033, 7, 3).unwrap(),
        900,
    );
    let item = store.create_items(&[item]).await.unwrap()[0].id();
    let mut release = response(
        ResponseKind::AuthoritativeRelease,
        "2033-07-03T19:10:00Z",
        true,
        (true, false),
    );
    release.items = vec![LinkedItem {
        item_id: item,
        title: "大桥抢险通报".into(),
    }];
    release.external_url = Some("https://www.example.gov.cn/a".into());
    store
        .record_concern_response(a, &release, stamp(admin, "2033-07-03T19:12:00Z"))
        .await
        .unwrap()
        .expect("open");
    // The press conference at 16:00 on the 4th: 1 h 30 min late.
    let press = response(
        ResponseKind::PressConference,
        "2033-07-04T16:00:00Z",
        true,
        (true, true),
    );
    store
        .record_concern_response(a, &press, stamp(admin, "2033-07-04T16:30:00Z"))
        .await
        .unwrap()
        .expect("open");
    // An earlier release recorded afterwards moves the first meeting back.
    let earlier = response(
        ResponseKind::AuthoritativeRelease,
        "2033-07-03T18:00:00Z",
        true,
        (true, false),
    );
    store
        .record_concern_response(a, &earlier, stamp(admin, "2033-07-04T17:00:00Z"))
        .await
        .unwrap()
        .expect("open");
    let got = store.concern(a).await.unwrap().unwrap();
    assert_eq!(got.clocks.first_met_at, Some(t("2033-07-03T18:00:00Z")));
    assert_eq!(got.clocks.second_met_at, Some(t("2033-07-04T16:00:00Z")));
    let kinds: Vec<(ResponseKind, bool)> =
        got.responses.iter().map(|r| (r.kind, r.public)).collect();
    assert_eq!(
        kinds,
        vec![
            (ResponseKind::Statement, false),
            (ResponseKind::AuthoritativeRelease, true),
            (ResponseKind::AuthoritativeRelease, true),
            (ResponseKind::PressConference, true),
        ],
        "by the time responded"
    );
    assert_eq!(got.responses[2].items, release.items);
    assert_eq!(
        got.responses[2].external_url.as_deref(),
        Some("https://www.example.gov.cn/a")
    );

    // ---- the queue: B's clock not met (due 7 July) before A, all met ----
    let queue = |rows: Vec<ConcernRow>| rows.iter().map(|r| r.id).collect::<Vec<_>>();
    let rows = store
        .concern_rows(ConcernList::Queue(child), 0, 50)
        .await
        .unwrap();
    assert_eq!(queue(rows.clone()), vec![b, a]);
    assert_eq!(rows[1].public_responses, 3);
    // Closed: nothing more is recorded, and it goes last.
    assert!(
        store
            .close_concern(a, "已妥善处置", stamp(admin, "2033-07-06T00:00:00Z"))
            .await
            .unwrap()
    );
    assert!(
        !store
            .close_concern(a, "再次办结", stamp(admin, "2033-07-06T00:00:00Z"))
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .record_concern_response(a, &press, stamp(admin, "2033-07-06T01:00:00Z"))
            .await
            .unwrap(),
        None
    );
    let closed = store.concern(a).await.unwrap().unwrap();
    assert_eq!(closed.state, ConcernState::Closed);
    assert_eq!(closed.closing_note.as_deref(), Some("已妥善处置"));
    assert_eq!(closed.responses.len(), 4);
    let b2 = store
        .register_concern(&concern(
            child,
            ConcernClass::Other,
            "学校周边拥堵",
            "2033-07-04T00:00:00Z",
            ("2033-07-06T00:00:00Z", None),
        ))
        .await
        .unwrap();
    let rows = store
        .concern_rows(ConcernList::Queue(child), 0, 50)
        .await
        .unwrap();
    assert_eq!(
        queue(rows),
        vec![b2, b, a],
        "the nearest clock first, closed last"
    );
    let rows = store
        .concern_rows(ConcernList::Queue(child), 1, 1)
        .await
        .unwrap();
    assert_eq!(queue(rows), vec![b], "a page from an offset");
    // The public column: A alone has public responses.
    let rows = store
        .concern_rows(ConcernList::Public(child), 0, 50)
        .await
        .unwrap();
    assert_eq!(queue(rows), vec![a]);
    assert!(
        store
            .concern_rows(ConcernList::Public(root), 0, 50)
            .await
            .unwrap()
            .is_empty()
    );

    // ---- the subtree's counts at midnight UTC on 8 July ----
    // child: A (press conference late), B (due 7 July, unmet), B2 (due 6
    // July, unmet) — 3 of 3 late; root: C due exactly now — not late.
    let now = t("2033-07-08T00:00:00Z");
    let mut counts = store
        .concern_counts(root, t("2033-01-01T00:00:00Z"), now)
        .await
        .unwrap();
    counts.sort_by_key(|c| c.agency_id);
    let mut want = vec![
        ConcernCounts {
            agency_id: root,
            concerns: 1,
            late: 0,
        },
        ConcernCounts {
            agency_id: child,
            concerns: 3,
            late: 3,
        },
    ];
    want.sort_by_key(|c| c.agency_id);
    assert_eq!(counts, want);
    // Since 5 July: B and C only.
    let mut counts = store
        .concern_counts(root, t("2033-07-05T00:00:00Z"), now)
        .await
        .unwrap();
    counts.sort_by_key(|c| c.agency_id);
    let mut want = vec![
        ConcernCounts {
            agency_id: root,
            concerns: 1,
            late: 0,
        },
        ConcernCounts {
            agency_id: child,
            concerns: 1,
            late: 1,
        },
    ];
    want.sort_by_key(|c| c.agency_id);
    assert_eq!(counts, want);
    // Seen from the child: its own only.
    let counts = store
        .concern_counts(child, t("2033-01-01T00:00:00Z"), now)
        .await
        .unwrap();
    assert_eq!(counts.len(), 1);
    let _ = c;

    // ---- audited ----
    let entries = store.audit_entries(60).await.unwrap();
    for action in ["concern.registered", "concern.responded", "concern.closed"] {
        assert!(
            entries
                .iter()
                .any(|e| e.action == action && e.agency_id == Some(child)),
            "{action}"
        );
    }
    assert!(entries.iter().any(|e| e.action == "concern.responded"
        && e.detail.contains("权威信息发布")
        && e.detail.contains("关联已公开信息1条")));
}
