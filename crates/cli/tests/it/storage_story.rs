//! One story of the storage layer, told to SQLite and to PostgreSQL alike.

use chrono::{Duration, NaiveDate, Utc};
use gongkai_domain::agency::{AgencyDraft, DisclosureOffice};
use gongkai_domain::calendar::{CalendarYear, DayOverride};
use gongkai_domain::staff::{Role, Username};
use gongkai_domain::vocabulary::Channel;
use gongkai_store::{NewAuditEntry, NewStaff, Session, StoreError, calendar_in_force};

use crate::helpers::{DbKind, fresh_store};
use crate::on_both_backends;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn draft(name: &str, code: &str, level: &str, kind: &str) -> AgencyDraft {
    AgencyDraft {
        full_name: name.into(),
        short_name: String::new(),
        code: code.into(),
        level: level.into(),
        kind: kind.into(),
        office: DisclosureOffice {
            address: "青山市人民路88号".into(),
            phone: "0991-6012345".into(),
            email: "gk@example.gov.cn".into(),
            ..Default::default()
        },
        channels: vec![Channel::Online],
    }
}

on_both_backends!(agencies_staff_sessions_calendar_audit);

async fn agencies_staff_sessions_calendar_audit(kind: DbKind) {
    let Some((store, _dir)) = fresh_store(kind).await else {
        return;
    };
    assert!(store.is_empty().await.unwrap());

    // The tree: a city government and a department below it.
    let city = draft(
        "江南省青山市人民政府",
        "11990100908301663T",
        "city",
        "government",
    )
    .validate()
    .unwrap();
    let city_id = store.create_agency(None, &city).await.unwrap();
    let dept = draft(
        "青山市交通运输局",
        "119901001318609164",
        "city",
        "department",
    )
    .validate()
    .unwrap();
    let dept_id = store.create_agency(Some(city_id), &dept).await.unwrap();
    assert!(!store.is_empty().await.unwrap());

    // A second agency with the same code is refused as a conflict.
    let dup = draft("重复机构", "11990100908301663T", "county", "department")
        .validate()
        .unwrap();
    assert!(matches!(
        store.create_agency(Some(city_id), &dup).await,
        Err(StoreError::Conflict(_))
    ));
    // A parent that does not exist is refused.
    let orphan = draft("无上级机构", "11990121082462814Y", "county", "government")
        .validate()
        .unwrap();
    assert!(store.create_agency(Some(999_999), &orphan).await.is_err());

    let all = store.agencies().await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].parent_id, Some(city_id));
    let read = store.agency(dept_id).await.unwrap().unwrap();
    assert_eq!(read.profile, dept, "every field survives the round trip");
    assert!(
        read.profile.channels.contains(&Channel::InPerson),
        "basic channels are kept"
    );

    let mut changed = dept.clone();
    changed.office.hours = "工作日 9:00—17:00".into();
    changed.channels.insert(Channel::Fax);
    store.update_agency(dept_id, &changed).await.unwrap();
    let by_code = store
        .agency_by_code("119901001318609164")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_code.profile, changed);
    assert!(store.agency_by_code("000000000").await.unwrap().is_none());
    assert!(matches!(
        store.update_agency(424_242, &changed).await,
        Err(StoreError::NotFound(_))
    ));

    store
        .set_agency_texts(dept_id, Some("本机关的指南"), None)
        .await
        .unwrap();
    let read = store.agency(dept_id).await.unwrap().unwrap();
    assert_eq!(read.guide_text.as_deref(), Some("本机关的指南"));
    assert_eq!(read.rules_text, None);

    // Staff with roles.
    let clerk = NewStaff {
        agency_id: dept_id,
        username: Username::parse("clerk").unwrap(),
        display_name: "李承办".into(),
        password_hash: "$argon2id$placeholder".into(),
        roles: vec![Role::Reviewer, Role::Clerk],
    };
    let clerk_id = store.create_staff(&clerk).await.unwrap();
    assert!(matches!(
        store.create_staff(&clerk).await,
        Err(StoreError::Conflict(_))
    ));
    let s = store
        .staff_by_username(&clerk.username)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.id, clerk_id);
    assert_eq!(s.roles, vec![Role::Reviewer, Role::Clerk]);
    assert!(s.has_role(Role::Clerk) && !s.has_role(Role::Administrator));
    assert_eq!(store.staff_of_agency(dept_id).await.unwrap().len(), 1);
    assert!(store.staff_of_agency(city_id).await.unwrap().is_empty());

    // Failed logins count up, lock, and a success clears them.
    let now = Utc::now();
    assert_eq!(store.record_login_failure(clerk_id, now).await.unwrap(), 1);
    assert_eq!(store.record_login_failure(clerk_id, now).await.unwrap(), 2);
    store
        .lock_staff(clerk_id, now + Duration::minutes(15))
        .await
        .unwrap();
    let s = store.staff(clerk_id).await.unwrap().unwrap();
    assert_eq!(s.failed_logins, 2);
    assert!(s.locked_until.unwrap() > now);
    store.record_login_success(clerk_id, now).await.unwrap();
    let s = store.staff(clerk_id).await.unwrap().unwrap();
    assert_eq!(
        (s.failed_logins, s.locked_until, s.last_failure_at),
        (0, None, None)
    );
    store
        .set_password_hash(clerk_id, "$argon2id$other")
        .await
        .unwrap();
    assert_eq!(
        store.staff(clerk_id).await.unwrap().unwrap().password_hash,
        "$argon2id$other"
    );

    // Sessions: found until they expire, gone after logout.
    let live = Session {
        token_hash: "a".repeat(64),
        staff_id: clerk_id,
        csrf_token: "c".repeat(64),
        created_at: now,
        expires_at: now + Duration::hours(1),
    };
    let expired = Session {
        token_hash: "b".repeat(64),
        expires_at: now - Duration::seconds(1),
        ..live.clone()
    };
    store.create_session(&live).await.unwrap();
    store.create_session(&expired).await.unwrap();
    assert_eq!(
        store
            .session(&live.token_hash, now)
            .await
            .unwrap()
            .unwrap()
            .staff_id,
        clerk_id
    );
    assert!(
        store
            .session(&expired.token_hash, now)
            .await
            .unwrap()
            .is_none()
    );
    store.delete_session(&live.token_hash).await.unwrap();
    assert!(
        store
            .session(&live.token_hash, now)
            .await
            .unwrap()
            .is_none()
    );

    // The calendar: 2027 has no notice yet, so its dates are provisional
    // until an administrator enters one; a one-off change overrides both.
    let vendored = calendar_in_force(store.as_ref()).await.unwrap();
    assert!(vendored.day(d("2027-01-04")).provisional);
    let y2027 = CalendarYear {
        year: 2027,
        notices: vec!["国办发明电〔2026〕X号（测试）".into()],
        off: vec![d("2027-01-01"), d("2027-01-04")],
        work: vec![d("2027-01-09")],
        holiday_names: [
            (d("2027-01-01"), "元旦".to_string()),
            (d("2027-01-04"), "元旦".to_string()),
        ]
        .into_iter()
        .collect(),
    };
    store
        .put_calendar_year(&y2027, Some(clerk_id))
        .await
        .unwrap();
    let mut replaced = y2027.clone();
    replaced.notices = vec!["更正后的通知".into()];
    store.put_calendar_year(&replaced, None).await.unwrap();
    let years = store.calendar_years().await.unwrap();
    assert_eq!(
        years,
        vec![replaced.clone()],
        "a year entered twice is replaced, not duplicated"
    );
    store
        .put_day_override(
            &DayOverride {
                date: d("2025-03-03"),
                working: false,
                name: "临时停工".into(),
                notice: "测试通知".into(),
                entered_at: None,
            },
            Some(clerk_id),
        )
        .await
        .unwrap();
    assert_eq!(store.day_overrides().await.unwrap().len(), 1);
    let cal = calendar_in_force(store.as_ref()).await.unwrap();
    let jan4 = cal.day(d("2027-01-04"));
    assert!(
        !jan4.provisional && !jan4.working,
        "2027-01-04 is now an official day off"
    );
    assert!(
        cal.day(d("2027-01-09")).working,
        "the make-up Saturday works"
    );
    assert!(
        !cal.day(d("2025-03-03")).working,
        "the one-off change applies"
    );
    assert!(
        vendored.day(d("2025-03-03")).working,
        "a Monday works in the vendored calendar"
    );

    // The audit trail is append-only and newest first.
    for action in ["one", "two"] {
        store
            .append_audit(&NewAuditEntry {
                at: now,
                staff_id: Some(clerk_id),
                agency_id: Some(dept_id),
                action: action.into(),
                detail: "测试".into(),
            })
            .await
            .unwrap();
    }
    // (The calendar changes above are on the trail too, older.)
    let log = store.audit_entries(10).await.unwrap();
    assert_eq!(
        log.iter()
            .take(2)
            .map(|e| e.action.as_str())
            .collect::<Vec<_>>(),
        vec!["two", "one"]
    );
    assert!(
        log.iter().any(|e| e.action == "calendar.override"),
        "{log:?}"
    );
}
