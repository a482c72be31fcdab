//! 听证 and the 重大行政决策事项目录 in storage, every method of
//! `HearingStore` and `DecisionCatalogueStore`: a hearing drafted, edited
//! while a draft and not after, published once (late flag kept), its
//! participants replaced until it is recorded, its record published once;
//! the consultation's hearings (all, or published only) by day. A year's
//! directory: entries added (an adjustment with its reason only once the
//! directory is published), changed, published once and never empty, its
//! years listed when published, its links' titles read. Every decision is
//! audited, never with a participant's contact.

use chrono::NaiveDate;
use gongkai_domain::catalogue::IndexNumber;
use gongkai_domain::participation::consultation::DraftKind;
use gongkai_domain::participation::decisions::DecisionStatus;
use gongkai_domain::participation::hearing::Participant;

use super::{Epoch, date};
use crate::sql::SqlBacked;
use crate::*;

const EPOCH: Epoch = Epoch(2_100_000_000);

fn notice(held_on: NaiveDate, place: &str) -> HearingNotice {
    HearingNotice {
        matter: "白沙县城区公交票价调整方案".into(),
        held_on,
        starts_at: "09:30".into(),
        place: place.into(),
        how_to_join: "按遴选办法报名，经遴选确定听证参加人。".into(),
        materials: "调价方案及成本监审报告".into(),
    }
}

fn person(name: &str, represents: &str, contact: Option<&str>) -> Participant {
    Participant {
        name: name.into(),
        represents: represents.into(),
        contact: contact.map(Into::into),
    }
}

async fn consultation<S: Store + SqlBacked>(store: &S, agency: AgencyId) -> ConsultationId {
    store
        .create_consultation(&NewConsultation {
            agency_id: agency,
            kind: DraftKind::MajorDecision,
            title: "白沙县城区公交票价调整方案（征求意见稿）".into(),
            draft_text: "一、调整范围\n二、票价标准".into(),
            explanation: "起草说明".into(),
            draft_item_id: None,
            interpretation_item_id: None,
            opens_on: date(2036, 5, 1),
            closes_on: date(2036, 5, 31),
            shortened_reason: None,
            comment_address: None,
            comment_email: Some("jtj@example.gov.cn".into()),
            name_required: false,
            created_by: None,
            created_at: EPOCH.at(0),
        })
        .await
        .unwrap()
}

pub(super) async fn hearings<S: Store + SqlBacked>(
    store: &S,
    (_root, child, admin): (AgencyId, AgencyId, StaffId),
) {
    let c = consultation(store, child).await;
    let new = |held_on, place: &str| NewHearing {
        consultation_id: c,
        agency_id: child,
        notice: notice(held_on, place),
        created_by: Some(admin),
        created_at: EPOCH.at(10),
    };
    // Two hearings, the later one stored first: listed by day.
    let late = store
        .create_hearing(&new(date(2036, 6, 20), "县政府第二会议室"))
        .await
        .unwrap();
    let h = store
        .create_hearing(&new(date(2036, 6, 10), "县政府第一会议室"))
        .await
        .unwrap();
    let got = store.hearing(h).await.unwrap().unwrap();
    assert_eq!(got.state, HearingState::Draft);
    assert_eq!((got.consultation_id, got.agency_id), (c, child));
    assert_eq!(got.published_on, None);
    assert!(got.participants.is_empty());
    assert!(store.hearing(9_999_999).await.unwrap().is_none());
    let ids = |v: Vec<Hearing>| v.into_iter().map(|h| h.id).collect::<Vec<_>>();
    assert_eq!(ids(store.hearings_of(c, false).await.unwrap()), [h, late]);
    assert!(store.hearings_of(c, true).await.unwrap().is_empty());

    // A draft is edited; a published one is not.
    let moved = notice(date(2036, 6, 12), "县政府第三会议室");
    assert!(
        store
            .edit_hearing(h, &moved, EPOCH.stamp(admin, 20))
            .await
            .unwrap()
    );
    // Published on 5 June for the 12th: 7 days ahead, in time.
    assert!(
        store
            .publish_hearing(h, date(2036, 6, 5), false, EPOCH.stamp(admin, 30))
            .await
            .unwrap()
    );
    assert!(
        !store
            .publish_hearing(h, date(2036, 6, 6), false, EPOCH.stamp(admin, 31))
            .await
            .unwrap(),
        "published once"
    );
    assert!(
        !store
            .edit_hearing(h, &notice(date(2036, 7, 1), "别处"), EPOCH.stamp(admin, 32))
            .await
            .unwrap()
    );
    // The other, announced after it was held: kept with its late flag.
    assert!(
        store
            .publish_hearing(late, date(2036, 6, 21), true, EPOCH.stamp(admin, 33))
            .await
            .unwrap()
    );
    let got = store.hearing(h).await.unwrap().unwrap();
    assert_eq!(got.state, HearingState::Published);
    assert_eq!(got.notice, moved);
    assert_eq!(got.published_on, Some(date(2036, 6, 5)));
    assert!(!got.notice_late);
    assert!(store.hearing(late).await.unwrap().unwrap().notice_late);
    assert_eq!(ids(store.hearings_of(c, true).await.unwrap()), [h, late]);

    // Participants replaced until the record is out.
    let first = [person("赵代表", "利害关系人代表", Some("13800138000"))];
    assert!(
        store
            .set_participants(h, &first, EPOCH.stamp(admin, 40))
            .await
            .unwrap()
    );
    let list = [
        person("赵代表", "利害关系人代表", Some("13800138000")),
        person("钱专家", "专家", None),
    ];
    assert!(
        store
            .set_participants(h, &list, EPOCH.stamp(admin, 41))
            .await
            .unwrap()
    );
    let got = store.hearing(h).await.unwrap().unwrap();
    assert_eq!(got.participants, list);
    assert_eq!(got.participants_at, Some(EPOCH.at(41)));

    // The record: only of a published hearing, once; then the list stays.
    let draft = store
        .create_hearing(&new(date(2036, 8, 1), "县政府第一会议室"))
        .await
        .unwrap();
    assert!(
        !store
            .record_hearing(draft, "报告", date(2036, 8, 2), EPOCH.stamp(admin, 50))
            .await
            .unwrap(),
        "a draft has no record"
    );
    let report = "听证会于2036年6月12日举行，听证参加人2人出席。";
    assert!(
        store
            .record_hearing(h, report, date(2036, 6, 15), EPOCH.stamp(admin, 51))
            .await
            .unwrap()
    );
    assert!(
        !store
            .record_hearing(h, "又一份", date(2036, 6, 16), EPOCH.stamp(admin, 52))
            .await
            .unwrap()
    );
    assert!(
        !store
            .set_participants(h, &first, EPOCH.stamp(admin, 53))
            .await
            .unwrap()
    );
    let got = store.hearing(h).await.unwrap().unwrap();
    assert_eq!(got.state, HearingState::Recorded);
    assert_eq!(got.record.as_deref(), Some(report));
    assert_eq!(got.recorded_on, Some(date(2036, 6, 15)));
    assert_eq!(got.participants, list);
    assert!(matches!(
        store
            .publish_hearing(9_999_999, date(2036, 1, 1), false, EPOCH.stamp(admin, 54))
            .await,
        Err(StoreError::NotFound(_))
    ));

    directory(store, (child, admin), c).await;

    let entries = store.audit_entries(60).await.unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    for a in [
        "hearing.created",
        "hearing.edited",
        "hearing.published",
        "hearing.participants",
        "hearing.recorded",
        "decision_catalogue.entry_added",
        "decision_catalogue.entry_changed",
        "decision_catalogue.published",
    ] {
        assert!(actions.contains(&a), "{a}: {actions:?}");
    }
    assert!(
        entries.iter().all(|e| !e.detail.contains("13800138000")),
        "no participant's contact in the audit trail"
    );
}

fn fields(title: &str, month: u32, status: DecisionStatus) -> DecisionEntryFields {
    DecisionEntryFields {
        title: title.into(),
        lead_unit: "县交通运输局综合规划股".into(),
        planned_month: month,
        status,
        consultation_id: None,
        decision_item_id: None,
    }
}

/// The 2036 directory of `agency`; `c` the consultation an entry links.
async fn directory<S: Store + SqlBacked>(
    store: &S,
    (agency, admin): (AgencyId, StaffId),
    c: ConsultationId,
) {
    assert_eq!(
        store.decision_catalogue(agency, 2036).await.unwrap(),
        DecisionCatalogue::default()
    );
    assert!(
        !store
            .publish_decision_catalogue(agency, 2036, EPOCH.stamp(admin, 100))
            .await
            .unwrap(),
        "no directory without entries"
    );
    let mut fares = fields("城区公交票价调整", 6, DecisionStatus::Consulting);
    fares.consultation_id = Some(c);
    let a = store
        .add_decision_entry(agency, 2036, &fares, None, EPOCH.stamp(admin, 101))
        .await
        .unwrap();
    let plan = fields("农村公路“十五五”规划", 9, DecisionStatus::Planned);
    let b = store
        .add_decision_entry(agency, 2036, &plan, Some("不记"), EPOCH.stamp(admin, 102))
        .await
        .unwrap();
    assert!(
        store
            .decision_catalogue(agency, 2036)
            .await
            .unwrap()
            .adjustments
            .is_empty()
    );
    assert!(
        store
            .decision_catalogue_years(agency)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .publish_decision_catalogue(agency, 2036, EPOCH.stamp(admin, 103))
            .await
            .unwrap()
    );
    assert!(
        !store
            .publish_decision_catalogue(agency, 2036, EPOCH.stamp(admin, 104))
            .await
            .unwrap()
    );
    assert_eq!(
        store.decision_catalogue_years(agency).await.unwrap(),
        [2036]
    );

    // After publication: an addition and a change each kept with a reason.
    let bus = fields("公交场站布局调整", 11, DecisionStatus::Planned);
    let c3 = store
        .add_decision_entry(
            agency,
            2036,
            &bus,
            Some("县政府常务会议增补"),
            EPOCH.stamp(admin, 105),
        )
        .await
        .unwrap();
    let number = IndexNumber::generate(
        &store.agency(agency).await.unwrap().unwrap().profile.code,
        2036,
        71,
    );
    let item = super::published(
        agency,
        Some("dc1"),
        "白沙县城区公交票价调整方案",
        &number,
        date(2036, 7, 1),
        1_000,
    );
    let item = store.create_items(&[item]).await.unwrap()[0].id();
    let mut decided = fares.clone();
    decided.status = DecisionStatus::Decided;
    decided.decision_item_id = Some(item);
    store
        .update_decision_entry(a, &decided, None, EPOCH.stamp(admin, 106))
        .await
        .unwrap();
    let mut deferred = plan.clone();
    deferred.status = DecisionStatus::Adjusted;
    store
        .update_decision_entry(
            b,
            &deferred,
            Some(("状态：计划 → 调整", "规划编制推迟至下一年度")),
            EPOCH.stamp(admin, 107),
        )
        .await
        .unwrap();
    assert!(matches!(
        store
            .update_decision_entry(9_999_999, &plan, None, EPOCH.stamp(admin, 108))
            .await,
        Err(StoreError::NotFound(_))
    ));

    let got = store.decision_catalogue(agency, 2036).await.unwrap();
    assert_eq!(got.published_at, Some(EPOCH.at(103)));
    let ids: Vec<DecisionEntryId> = got.entries.iter().map(|e| e.id).collect();
    assert_eq!(ids, [a, b, c3]);
    assert_eq!(got.entries[0].fields, decided);
    assert_eq!(
        got.entries[0].consultation_title.as_deref(),
        Some("白沙县城区公交票价调整方案（征求意见稿）")
    );
    assert_eq!(
        got.entries[0].decision_title.as_deref(),
        Some("白沙县城区公交票价调整方案")
    );
    assert_eq!(got.entries[1].fields.status, DecisionStatus::Adjusted);
    let changes: Vec<(DecisionEntryId, &str, &str)> = got
        .adjustments
        .iter()
        .map(|x| (x.entry_id, x.change.as_str(), x.reason.as_str()))
        .collect();
    assert_eq!(
        changes,
        [
            (c3, "新增事项", "县政府常务会议增补"),
            (b, "状态：计划 → 调整", "规划编制推迟至下一年度"),
        ]
    );
    let one = store.decision_entry(b).await.unwrap().unwrap();
    assert_eq!((one.agency_id, one.year), (agency, 2036));
    assert_eq!(one.fields, deferred);
    assert_eq!(one.decision_title, None);
    assert!(store.decision_entry(9_999_999).await.unwrap().is_none());
    // Another year is its own directory.
    assert_eq!(
        store.decision_catalogue(agency, 2037).await.unwrap(),
        DecisionCatalogue::default()
    );
}
