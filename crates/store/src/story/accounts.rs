//! The accounts story: agencies, staff, sessions, calendar and audit, then
//! the cases story on the same database.

use std::collections::BTreeMap;

use gongkai_domain::calendar::{CalendarYear, DayOverride};

use super::*;
use crate::sql::SqlBacked;

fn username(s: &str) -> Username {
    Username::parse(s).expect("valid username")
}

fn staff(agency_id: AgencyId, name: &str, roles: Vec<Role>) -> NewStaff {
    NewStaff {
        agency_id,
        username: username(name),
        display_name: "张三".into(),
        password_hash: "$argon2id$stub".into(),
        roles,
    }
}

fn year(y: i32, notice: &str, off: NaiveDate) -> CalendarYear {
    CalendarYear {
        year: y,
        notices: vec![notice.into()],
        off: vec![off],
        work: vec![],
        holiday_names: BTreeMap::from([(off, "元旦".to_string())]),
    }
}

/// Every call on agencies (行政机关), staff (工作人员), sessions (会话), the calendar
/// (工作日历) and the audit trail (审计记录), then the cases story, on a fresh
/// database.
pub async fn accounts<S: Store + SqlBacked>(store: &S) {
    assert_eq!(store.backend(), store.db().dialect().backend());
    store.migrate().await.unwrap();
    store.migrate().await.expect("migrating twice is harmless");
    assert!(store.is_empty().await.unwrap());

    // ---- agencies ----
    let county = profile("11341702486344515H", "安徽省淮北市杜集区交通运输局");
    let root = store.create_agency(None, &county).await.unwrap();
    assert!(!store.is_empty().await.unwrap());
    let got = store.agency(root).await.unwrap().expect("created");
    assert_eq!(got.profile, county);
    assert_eq!(got.parent_id, None);
    assert_eq!((got.guide_text, got.rules_text), (None, None));
    assert!(matches!(
        store.create_agency(None, &county).await,
        Err(StoreError::Conflict(w)) if w.to_string() == "机构代码"
    ));
    let office = profile("486344515", "杜集区交通运输局办公室");
    assert!(matches!(
        store.create_agency(Some(9_999), &office).await,
        Err(StoreError::NotFound(w)) if w == "机构代码所引用的记录"
    ));
    let child = store.create_agency(Some(root), &office).await.unwrap();
    assert!(child > root);
    assert_eq!(
        store.agency(child).await.unwrap().unwrap().parent_id,
        Some(root)
    );
    assert!(store.agency(9_999).await.unwrap().is_none());

    let renamed = profile("11341702486344515H", "淮北市杜集区交通运输局");
    store.update_agency(root, &renamed).await.unwrap();
    assert_eq!(store.agency(root).await.unwrap().unwrap().profile, renamed);
    assert!(matches!(
        store.update_agency(child, &renamed).await,
        Err(StoreError::Conflict(w)) if w.to_string() == "机构代码"
    ));
    assert!(matches!(
        store.update_agency(9_999, &renamed).await,
        Err(StoreError::NotFound(w)) if w == "机构9999"
    ));
    let by_code = store.agency_by_code("11341702486344515H").await.unwrap();
    assert_eq!(by_code.map(|a| a.id), Some(root));
    assert!(store.agency_by_code("000000000").await.unwrap().is_none());
    let all: Vec<_> = store
        .agencies()
        .await
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(all, vec![root, child]);

    store
        .set_agency_texts(root, Some("指南全文"), Some("制度全文"))
        .await
        .unwrap();
    let got = store.agency(root).await.unwrap().unwrap();
    assert_eq!(got.guide_text.as_deref(), Some("指南全文"));
    assert_eq!(got.rules_text.as_deref(), Some("制度全文"));
    store
        .set_agency_texts(root, None, Some("制度"))
        .await
        .unwrap();
    let got = store.agency(root).await.unwrap().unwrap();
    assert_eq!(
        (got.guide_text, got.rules_text.as_deref()),
        (None, Some("制度"))
    );
    assert!(matches!(
        store.set_agency_texts(9_999, None, None).await,
        Err(StoreError::NotFound(w)) if w == "机构9999"
    ));

    // 上线: created online (the demo, imports); the administrators' form
    // creates drafts, which go online on a day and may go back. (A root of
    // its own: the later stories count the agencies below `root`.)
    assert!(store.agency(root).await.unwrap().unwrap().is_online());
    let station = profile("486344523", "杜集区公路管理站");
    let draft = store.create_draft_agency(None, &station).await.unwrap();
    assert_eq!(store.agency(draft).await.unwrap().unwrap().online_on, None);
    store
        .set_agency_online(draft, Some(date(2025, 3, 3)))
        .await
        .unwrap();
    let got = store.agency_by_code("486344523").await.unwrap().unwrap();
    assert_eq!(got.online_on, Some(date(2025, 3, 3)));
    store.set_agency_online(draft, None).await.unwrap();
    assert!(!store.agency(draft).await.unwrap().unwrap().is_online());
    assert!(matches!(
        store.set_agency_online(9_999, None).await,
        Err(StoreError::NotFound(w)) if w == "机构9999"
    ));

    // ---- staff ----
    let admin = store
        .create_staff(&staff(
            root,
            "zhangsan",
            vec![Role::Clerk, Role::Administrator],
        ))
        .await
        .unwrap();
    let clerk = store
        .create_staff(&staff(root, "lisi", vec![Role::Clerk]))
        .await
        .unwrap();
    assert!(matches!(
        store.create_staff(&staff(child, "zhangsan", vec![])).await,
        Err(StoreError::Conflict(w)) if w.to_string() == "用户名"
    ));
    assert!(matches!(
        store.create_staff(&staff(9_999, "wangwu", vec![])).await,
        Err(StoreError::NotFound(w)) if w == "用户名所引用的记录"
    ));
    let s = store.staff(admin).await.unwrap().expect("created");
    assert_eq!(s.username.as_str(), "zhangsan");
    assert_eq!(s.roles, vec![Role::Administrator, Role::Clerk]);
    assert!(s.active && s.has_role(Role::Administrator));
    assert_eq!(
        (s.failed_logins, s.last_failure_at, s.locked_until),
        (0, None, None)
    );
    let s = store.staff_by_username(&username("lisi")).await.unwrap();
    assert_eq!(s.map(|s| (s.id, s.roles)), Some((clerk, vec![Role::Clerk])));
    assert!(
        store
            .staff_by_username(&username("nobody"))
            .await
            .unwrap()
            .is_none()
    );
    assert!(store.staff(9_999).await.unwrap().is_none());
    let ids: Vec<_> = store
        .staff_of_agency(root)
        .await
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(ids, vec![admin, clerk]);
    assert!(store.staff_of_agency(child).await.unwrap().is_empty());

    assert_eq!(store.record_login_failure(admin, at(1)).await.unwrap(), 1);
    assert_eq!(store.record_login_failure(admin, at(2)).await.unwrap(), 2);
    assert!(matches!(
        store.record_login_failure(9_999, at(3)).await,
        Err(StoreError::NotFound(w)) if w == "工作人员9999"
    ));
    store.lock_staff(admin, at(900)).await.unwrap();
    let s = store.staff(admin).await.unwrap().unwrap();
    assert_eq!(
        (s.failed_logins, s.last_failure_at, s.locked_until),
        (2, Some(at(2)), Some(at(900)))
    );
    store.record_login_success(admin, at(901)).await.unwrap();
    let s = store.staff(admin).await.unwrap().unwrap();
    assert_eq!(
        (s.failed_logins, s.last_failure_at, s.locked_until),
        (0, None, None)
    );

    store
        .set_password_hash(admin, "$argon2id$new")
        .await
        .unwrap();
    assert_eq!(
        store.staff(admin).await.unwrap().unwrap().password_hash,
        "$argon2id$new"
    );
    assert!(matches!(
        store.set_password_hash(9_999, "x").await,
        Err(StoreError::NotFound(w)) if w == "工作人员9999"
    ));

    // ---- sessions ----
    let live = Session {
        token_hash: "live".into(),
        staff_id: admin,
        csrf_token: "csrf".into(),
        created_at: at(0),
        expires_at: at(3_600),
    };
    let stale = Session {
        token_hash: "stale".into(),
        expires_at: at(60),
        ..live.clone()
    };
    store.create_session(&live).await.unwrap();
    store.create_session(&stale).await.unwrap();
    assert!(matches!(
        store.create_session(&live).await,
        Err(StoreError::Conflict(w)) if w.to_string() == "会话"
    ));
    let orphan = Session {
        token_hash: "orphan".into(),
        staff_id: 9_999,
        ..live.clone()
    };
    assert!(matches!(
        store.create_session(&orphan).await,
        Err(StoreError::NotFound(w)) if w == "会话所引用的记录"
    ));
    let got = store.session("live", at(120)).await.unwrap().expect("live");
    assert_eq!(
        (
            got.staff_id,
            got.csrf_token.as_str(),
            got.created_at,
            got.expires_at
        ),
        (admin, "csrf", at(0), at(3_600))
    );
    assert!(store.session("stale", at(120)).await.unwrap().is_none());
    assert!(store.session("stale", at(59)).await.unwrap().is_some());
    assert!(store.session("live", at(3_600)).await.unwrap().is_none());
    // One query gives a request its session, staff member (with roles) and
    // agency: the same as reading each on its own.
    let p = store
        .session_principal("live", at(120))
        .await
        .unwrap()
        .expect("live");
    let (staff, agency) = (
        store.staff(admin).await.unwrap().unwrap(),
        store.agency(root).await.unwrap().unwrap(),
    );
    assert_eq!(
        (p.session.token_hash.as_str(), p.session.staff_id),
        ("live", admin)
    );
    assert_eq!(
        (p.session.created_at, p.session.expires_at),
        (at(0), at(3_600))
    );
    assert_eq!(p.session.csrf_token, "csrf");
    assert_eq!(p.last_seen, at(0), "never seen since: its creation");
    assert_eq!(
        (p.staff.id, &p.staff.roles, p.staff.active),
        (admin, &staff.roles, true)
    );
    assert!(!p.staff.roles.is_empty());
    assert_eq!((p.agency.id, &p.agency.profile), (root, &agency.profile));
    store.touch_session("live", at(300)).await.unwrap();
    let p = store
        .session_principal("live", at(301))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.last_seen, at(300));
    assert!(
        store
            .session_principal("stale", at(120))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .session_principal("live", at(3_600))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .session_principal("nobody", at(120))
            .await
            .unwrap()
            .is_none()
    );
    store.delete_session("live").await.unwrap();
    store.delete_session("never-existed").await.unwrap();
    assert!(store.session("live", at(120)).await.unwrap().is_none());

    // ---- calendar ----
    let first = year(2099, "https://example.gov.cn/a", date(2099, 1, 1));
    let second = year(2099, "https://example.gov.cn/b", date(2099, 1, 2));
    store.put_calendar_year(&first, Some(admin)).await.unwrap();
    store.put_calendar_year(&second, None).await.unwrap();
    let earlier = year(2098, "https://example.gov.cn/c", date(2098, 1, 1));
    store
        .put_calendar_year(&earlier, Some(admin))
        .await
        .unwrap();
    assert_eq!(store.calendar_years().await.unwrap(), vec![earlier, second]);

    let day = |working, name: &str| DayOverride {
        date: date(2099, 1, 5),
        working,
        name: name.into(),
        notice: "国办发明电".into(),
        entered_at: None,
    };
    store
        .put_day_override(&day(true, "补班"), Some(admin))
        .await
        .unwrap();
    store
        .put_day_override(&day(false, "延长假期"), None)
        .await
        .unwrap();
    let later = DayOverride {
        date: date(2099, 2, 1),
        ..day(true, "补班")
    };
    store.put_day_override(&later, Some(admin)).await.unwrap();
    let stored = store.day_overrides().await.unwrap();
    // Each override carries when it was entered (the store's clock), so a
    // closed case can be re-read with the calendar as it was known then.
    assert!(stored.iter().all(|o| o.entered_at.is_some()));
    let without_time = |o: &DayOverride| DayOverride {
        entered_at: None,
        ..o.clone()
    };
    assert_eq!(
        stored.iter().map(without_time).collect::<Vec<_>>(),
        vec![day(false, "延长假期"), later]
    );
    let calendar = calendar_in_force(store).await.unwrap();
    assert!(
        !calendar.is_working(date(2099, 1, 2)),
        "the replaced year is in force"
    );
    assert!(
        !calendar.is_working(date(2099, 1, 5)),
        "the override is in force"
    );
    assert!(calendar.is_working(date(2099, 2, 1)));
    // The cache of the calendar in force follows the stamp: a day replaced
    // later (same count, newer entry) is seen at the next use.
    let cache = CalendarCache::default();
    let stamp = store.calendar_stamp().await.unwrap();
    assert_eq!((stamp.years, stamp.days), (2, 2));
    assert!(cache.get(store).await.unwrap().is_working(date(2099, 2, 1)));
    assert_eq!(
        store.calendar_stamp().await.unwrap(),
        stamp,
        "nothing changed"
    );
    let closed = DayOverride {
        date: date(2099, 2, 1),
        working: false,
        name: "延长假期".into(),
        notice: "国办发明电".into(),
        entered_at: None,
    };
    store.put_day_override(&closed, None).await.unwrap();
    let changed = store.calendar_stamp().await.unwrap();
    assert_eq!((changed.years, changed.days), (2, 2));
    assert_ne!(changed, stamp);
    assert!(!cache.get(store).await.unwrap().is_working(date(2099, 2, 1)));

    // ---- audit ----
    for (i, action) in ["agency.create", "staff.create", "login.failure"]
        .iter()
        .enumerate()
    {
        store
            .append_audit(&NewAuditEntry {
                at: at(i as i64),
                staff_id: (i > 0).then_some(admin),
                agency_id: Some(root),
                action: (*action).into(),
                detail: format!("第{i}条"),
            })
            .await
            .unwrap();
    }
    let newest = store.audit_entries(2).await.unwrap();
    let actions: Vec<_> = newest.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["login.failure", "staff.create"]);
    assert!(newest[0].id > newest[1].id);
    assert_eq!(
        (
            newest[0].at,
            newest[0].staff_id,
            newest[0].agency_id,
            newest[0].detail.as_str()
        ),
        (at(2), Some(admin), Some(root), "第2条")
    );
    // Before them, the seven calendar changes above (3 years, 4 days).
    let all = store.audit_entries(-1).await.unwrap();
    assert_eq!(all.len(), 3 + 7);
    assert_eq!(all[2].staff_id, None);
    assert!(store.audit_entries(0).await.unwrap().is_empty());

    // ---- disclosure on request ----
    super::cases(store, root, child, admin).await;
}
