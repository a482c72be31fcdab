//! The catalogue (主动公开目录) story.

use super::catalogue_paging::{bulk_item, pages_of_bulk};
use super::*;

/// Every catalogue call on a migrated, empty database.
pub async fn catalogue(store: &dyn Store, raw_error: impl AsyncFn(&str) -> String) {
    store.migrate().await.unwrap();
    let county_profile = profile("11341702486344515H", "安徽省淮北市杜集区交通运输局");
    let county = store.create_agency(None, &county_profile).await.unwrap();
    let office = store
        .create_agency(
            Some(county),
            &profile("486344515", "杜集区交通运输局办公室"),
        )
        .await
        .unwrap();
    let admin = store
        .create_staff(&NewStaff {
            agency_id: county,
            username: Username::parse("zhangsan").expect("valid username"),
            display_name: "张三".into(),
            password_hash: "$argon2id$stub".into(),
            roles: vec![Role::Administrator],
        })
        .await
        .unwrap();
    let code = county_profile.code.clone();
    let number = |year: i32, serial: u32| IndexNumber::generate(&code, year, serial);

    // ---- create: new, a key seen before, a key twice in one slice ----
    let created = store
        .create_items(&[
            draft(county, None, "道路养护工作方案", 10),
            published(
                county,
                Some("索引号:A1"),
                "2029年道路养护招标公告",
                &number(2029, 1),
                date(2029, 3, 1),
                20,
            ),
            published(
                county,
                Some("索引号:A1"),
                "同一键的第二行",
                &number(2029, 99),
                date(2029, 3, 2),
                21,
            ),
            published(
                office,
                Some("索引号:A1"),
                "另一机构的同一键",
                &number(2029, 2),
                date(2029, 2, 1),
                22,
            ),
        ])
        .await
        .unwrap();
    assert_eq!(created.len(), 4);
    let (a, b, c) = (new_id(created[0]), new_id(created[1]), new_id(created[3]));
    assert_eq!(created[2], ItemCreated::AlreadyExists(b));
    assert!(a != b && b != c && a != c);
    assert_eq!(
        store
            .create_items(&[published(
                county,
                Some("索引号:A1"),
                "再次导入",
                &number(2029, 1),
                date(2029, 3, 1),
                20,
            )])
            .await
            .unwrap(),
        vec![ItemCreated::AlreadyExists(b)]
    );
    assert!(store.create_items(&[]).await.unwrap().is_empty());

    // A taken 索引号 refuses the whole slice.
    let err = store
        .create_items(&[
            draft(county, Some("新键"), "新信息", 30),
            published(
                county,
                Some("另一键"),
                "抢号",
                &number(2029, 1),
                date(2029, 4, 1),
                31,
            ),
        ])
        .await
        .expect_err("taken index number");
    assert!(
        matches!(&err, StoreError::Conflict(w) if w.to_string() == "索引号"),
        "{err:?}"
    );
    // Nothing of it was kept: the key is still free (two items with one time).
    let created = store
        .create_items(&[
            draft(county, Some("新键"), "新信息", 30),
            draft(county, None, "同时起草", 30),
        ])
        .await
        .unwrap();
    let (d, e) = (new_id(created[0]), new_id(created[1]));

    // Histories not numbered 1, 2, 3 … are refused before anything is written.
    let mut skipping = published(
        county,
        Some("坏键"),
        "序号跳跃",
        &number(2029, 50),
        date(2029, 4, 1),
        40,
    );
    skipping.events[2].seq = 4;
    let mut empty = draft(county, Some("空键"), "没有记录", 40);
    empty.events.clear();
    for bad in [skipping, empty] {
        let err = store
            .create_items(&[draft(county, Some("好键"), "好信息", 40), bad])
            .await
            .expect_err("bad history");
        assert!(matches!(err, StoreError::Corrupt(_)), "{err:?}");
    }
    assert!(matches!(
        store
            .create_items(&[draft(9_999, None, "无主信息", 1)])
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(store.items_of_agency(county).await.unwrap().len(), 4);

    // ---- read back ----
    let got = store.item(b).await.unwrap().expect("created");
    assert_eq!((got.id, got.agency_id, got.updated_at), (b, county, at(23)));
    let b_snapshot =
        published_snapshot("2029年道路养护招标公告", &number(2029, 1), date(2029, 3, 1));
    assert_eq!(got.snapshot, b_snapshot);
    let b_history = published(
        county,
        None,
        "2029年道路养护招标公告",
        &number(2029, 1),
        date(2029, 3, 1),
        20,
    )
    .events;
    assert_eq!(store.item_events(b).await.unwrap(), b_history);
    assert!(store.item(9_999).await.unwrap().is_none());
    assert!(store.item_events(9_999).await.unwrap().is_empty());
    let by_number = store
        .item_by_index_number(number(2029, 1).as_str())
        .await
        .unwrap();
    assert_eq!(by_number.map(|i| i.id), Some(b));
    assert!(
        store
            .item_by_index_number("000014349/2017-00110")
            .await
            .unwrap()
            .is_none()
    );

    // ---- append: out of order refused, in order replaces the snapshot ----
    let title = "道路养护工作方案";
    let submitted = ItemSnapshot {
        state: ItemState::Submitted,
        ..draft_snapshot(title)
    };
    let submit = |seq| {
        event(
            seq,
            100,
            ItemAction::Submitted {
                with_interpretation: None,
                no_interpretation_reason: None,
            },
        )
    };
    for seq in [1, 3] {
        assert!(matches!(
            store.append_item_event(a, &submit(seq), &submitted).await,
            Err(StoreError::Conflict(w)) if w.to_string() == EVENT_CONFLICT
        ));
    }
    store
        .append_item_event(a, &submit(2), &submitted)
        .await
        .unwrap();
    assert!(matches!(
        store.append_item_event(a, &submit(2), &submitted).await,
        Err(StoreError::Conflict(w)) if w.to_string() == EVENT_CONFLICT
    ));
    let got = store.item(a).await.unwrap().unwrap();
    assert_eq!((got.snapshot, got.updated_at), (submitted, at(100)));
    let approved = ItemSnapshot {
        state: ItemState::Approved,
        ..draft_snapshot(title)
    };
    let approve = event(
        3,
        110,
        ItemAction::Approved {
            review: "不涉密".into(),
        },
    );
    store
        .append_item_event(a, &approve, &approved)
        .await
        .unwrap();
    // Publishing with another item's number is refused and records nothing.
    let taken = published_snapshot(title, &number(2029, 1), date(2030, 1, 10));
    assert!(matches!(
        store
            .append_item_event(a, &publish(4, 120, &number(2029, 1), date(2030, 1, 10)), &taken)
            .await,
        Err(StoreError::Conflict(w)) if w.to_string() == "索引号"
    ));
    assert_eq!(store.item_events(a).await.unwrap().len(), 3);
    let got = store.item(a).await.unwrap().unwrap();
    assert_eq!((got.snapshot, got.updated_at), (approved, at(110)));

    // ---- 索引号 serials: 1, 2, … per agency and year ----
    let serial = store.next_index_serial(county, 2030).await.unwrap();
    assert_eq!(serial, 1);
    let a_number = number(2030, serial);
    let a_snapshot = published_snapshot(title, &a_number, date(2030, 1, 10));
    let a_publish = publish(4, 130, &a_number, date(2030, 1, 10));
    store
        .append_item_event(a, &a_publish, &a_snapshot)
        .await
        .unwrap();
    let got = store
        .item_by_index_number(a_number.as_str())
        .await
        .unwrap()
        .expect("published");
    assert_eq!(
        (got.id, got.snapshot, got.updated_at),
        (a, a_snapshot, at(130))
    );
    assert_eq!(store.item_events(a).await.unwrap()[3], a_publish);
    assert!(matches!(
        store
            .append_item_event(9_999, &submit(1), &draft_snapshot(title))
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(store.next_index_serial(county, 2030).await.unwrap(), 2);
    assert_eq!(store.next_index_serial(county, 2031).await.unwrap(), 1);
    assert_eq!(store.next_index_serial(office, 2030).await.unwrap(), 1);
    assert_eq!(store.next_index_serial(office, 2030).await.unwrap(), 2);
    assert_eq!(store.next_index_serial(county, 2030).await.unwrap(), 3);
    assert!(matches!(
        store.next_index_serial(9_999, 2030).await,
        Err(StoreError::NotFound(_))
    ));

    // ---- events are immutable ----
    for sql in [
        "UPDATE item_events SET note = 'changed'",
        "DELETE FROM item_events",
    ] {
        let err = raw_error(sql).await;
        assert!(err.contains("immutable"), "{sql}: {err}");
    }
    assert_eq!(store.item_events(b).await.unwrap(), b_history);

    // ---- published lists: newest publication first, withdrawn included ----
    let mut withdrawn = published(
        county,
        Some("撤回键"),
        "已撤回的通知",
        &number(2029, 3),
        date(2029, 3, 1),
        50,
    );
    withdrawn.events.push(event(
        5,
        60,
        ItemAction::Withdrawn {
            date: date(2029, 3, 5),
            note: "内容有误，已撤回。".into(),
        },
    ));
    withdrawn.snapshot.state = ItemState::Withdrawn;
    withdrawn.snapshot.withdrawal_note = Some("内容有误，已撤回。".into());
    let w = new_id(store.create_items(&[withdrawn]).await.unwrap()[0]);
    // a 2030-01-10; w and b 2029-03-01 (w the later id); c 2029-02-01.
    let all = store.published_items(None, -1).await.unwrap();
    assert_eq!(ids(&all), vec![a, w, b, c]);
    assert_eq!(all[1].snapshot.state, ItemState::Withdrawn);
    assert_eq!(
        ids(&store.published_items(Some(county), -1).await.unwrap()),
        vec![a, w, b]
    );
    assert_eq!(
        ids(&store.published_items(Some(office), -1).await.unwrap()),
        vec![c]
    );
    assert_eq!(
        ids(&store.published_items(None, 2).await.unwrap()),
        vec![a, w]
    );
    assert!(store.published_items(None, 0).await.unwrap().is_empty());
    assert!(
        store
            .published_items(Some(9_999), -1)
            .await
            .unwrap()
            .is_empty()
    );

    // ---- an agency's items: latest event first, then the later id ----
    // a 130, w 60, e and d 30, b 23.
    assert_eq!(
        ids(&store.items_of_agency(county).await.unwrap()),
        vec![a, w, e, d, b]
    );
    assert_eq!(ids(&store.items_of_agency(office).await.unwrap()), vec![c]);
    assert!(store.items_of_agency(9_999).await.unwrap().is_empty());
    // The same a page at a time: the editor's list (every state) and the
    // public catalogue (published and withdrawn, each agency its own).
    let listed = |rows: Vec<ItemListRow>| rows.iter().map(|r| r.id).collect::<Vec<_>>();
    let page1 = store.item_list_page(county, None, 2).await.unwrap();
    assert_eq!(listed(page1.clone()), vec![a, w]);
    let after = page1.last().map(ItemListRow::list_key);
    assert_eq!(
        listed(
            store
                .item_list_page(county, after.as_ref(), 9)
                .await
                .unwrap()
        ),
        vec![e, d, b]
    );
    let every = CatalogueFilter::default();
    let page1 = store.catalogue_page(county, &every, None, 2).await.unwrap();
    assert_eq!(listed(page1.clone()), vec![a, w]);
    assert_eq!(page1[1].state, ItemState::Withdrawn);
    let after = page1.last().and_then(ItemListRow::catalogue_key);
    assert_eq!(
        listed(
            store
                .catalogue_page(county, &every, after.as_ref(), 9)
                .await
                .unwrap()
        ),
        vec![b]
    );
    assert_eq!(
        listed(store.catalogue_page(office, &every, None, 9).await.unwrap()),
        vec![c]
    );
    assert!(
        store
            .catalogue_page(9_999, &every, None, 9)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.catalogue_years(county).await.unwrap(),
        vec![2030, 2029]
    );
    assert!(store.catalogue_years(9_999).await.unwrap().is_empty());

    // ---- attachments ----
    let attachment = |item_id, filename: &str| NewItemAttachment {
        item_id,
        sha256: format!("sha256-of-{filename}"),
        filename: filename.into(),
        content_type: "application/pdf".into(),
        size: 1_024,
    };
    let first = store
        .add_item_attachment(&attachment(a, "方案.pdf"))
        .await
        .unwrap();
    let second = store
        .add_item_attachment(&attachment(a, "附件2.pdf"))
        .await
        .unwrap();
    assert!(second > first);
    let got = store.item_attachments(a).await.unwrap();
    assert_eq!(
        got.iter()
            .map(|x| (x.id, x.item_id, x.filename.as_str(), x.sha256.as_str()))
            .collect::<Vec<_>>(),
        vec![
            (first, a, "方案.pdf", "sha256-of-方案.pdf"),
            (second, a, "附件2.pdf", "sha256-of-附件2.pdf"),
        ]
    );
    assert_eq!(
        (got[0].content_type.as_str(), got[0].size),
        ("application/pdf", 1_024)
    );
    assert!(store.item_attachments(b).await.unwrap().is_empty());
    // A public download finds the first attachment of a public item with
    // that hash and name: not the draft's (d), though added first.
    let on_draft = store
        .add_item_attachment(&attachment(d, "公告.pdf"))
        .await
        .unwrap();
    let on_public = store
        .add_item_attachment(&attachment(b, "公告.pdf"))
        .await
        .unwrap();
    assert!(on_draft < on_public);
    let public = async |sha: &str, name: &str| store.public_attachment(sha, name).await;
    let found = public("sha256-of-公告.pdf", "公告.pdf").await.unwrap();
    assert_eq!(found.map(|x| (x.id, x.item_id)), Some((on_public, b)));
    let found = public("sha256-of-方案.pdf", "方案.pdf").await.unwrap();
    assert_eq!(found.map(|x| x.id), Some(first));
    store
        .add_item_attachment(&attachment(d, "草稿.pdf"))
        .await
        .unwrap();
    assert!(
        public("sha256-of-草稿.pdf", "草稿.pdf")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        public("sha256-of-方案.pdf", "附件2.pdf")
            .await
            .unwrap()
            .is_none()
    );
    assert!(matches!(
        store.add_item_attachment(&attachment(9_999, "x.pdf")).await,
        Err(StoreError::NotFound(w)) if w == "附件所引用的记录"
    ));

    // ---- Article 20 figures: saved, replaced ----
    assert!(store.figures(county, 2029).await.unwrap().is_none());
    store
        .put_figures(county, &figures(2029, 10), Some(admin))
        .await
        .unwrap();
    let got = store.figures(county, 2029).await.unwrap().expect("saved");
    assert_eq!(
        (got.agency_id, got.figures, got.updated_by),
        (county, figures(2029, 10), Some(admin))
    );
    store
        .put_figures(county, &figures(2029, 12), None)
        .await
        .unwrap();
    let got = store.figures(county, 2029).await.unwrap().expect("saved");
    assert_eq!((got.figures, got.updated_by), (figures(2029, 12), None));
    assert!(got.updated_at <= Utc::now());
    store
        .put_figures(county, &figures(2030, 1), None)
        .await
        .unwrap();
    assert_eq!(
        store.figures(county, 2029).await.unwrap().unwrap().figures,
        figures(2029, 12)
    );
    assert!(store.figures(office, 2029).await.unwrap().is_none());
    assert!(matches!(
        store.put_figures(9_999, &figures(2029, 1), None).await,
        Err(StoreError::NotFound(_))
    ));
}

/// A bulk import of 10,000 published items in one call, then the same
/// import again (creating nothing). Prints the times.
pub async fn catalogue_bulk(store: &dyn Store) {
    store.migrate().await.unwrap();
    let p = profile("11341702486344515H", "安徽省淮北市杜集区交通运输局");
    let agency = store.create_agency(None, &p).await.unwrap();
    let items: Vec<NewItem> = (1..=10_000u32)
        .map(|i| bulk_item(agency, &IndexNumber::generate(&p.code, 2029, i), i))
        .collect();
    let started = Instant::now();
    let created = store.create_items(&items).await.unwrap();
    let first = started.elapsed();
    assert!(created.iter().all(|c| matches!(c, ItemCreated::New(_))));
    let started = Instant::now();
    let again = store.create_items(&items).await.unwrap();
    let second = started.elapsed();
    assert_eq!(
        again.iter().map(|c| c.id()).collect::<Vec<_>>(),
        created.iter().map(|c| c.id()).collect::<Vec<_>>()
    );
    assert!(
        again
            .iter()
            .all(|c| matches!(c, ItemCreated::AlreadyExists(_)))
    );
    println!(
        "{}: create_items of 10,000 items (40,000 events): {first:?}; the same again: {second:?}",
        store.backend().label()
    );
    assert_eq!(store.items_of_agency(agency).await.unwrap().len(), 10_000);
    assert_eq!(store.published_items(None, 10).await.unwrap().len(), 10);
    assert_eq!(
        store.item_events(created[9_999].id()).await.unwrap().len(),
        4
    );

    // One change per item, in the order created; none for the second import.
    let changes = store.item_changes_after(0, 20_000).await.unwrap();
    assert_eq!(
        changes.iter().map(|c| c.item_id).collect::<Vec<_>>(),
        created.iter().map(|c| c.id()).collect::<Vec<_>>()
    );
    assert_eq!(
        store.last_item_change().await.unwrap(),
        changes.last().unwrap().seq
    );
    let ids_of_all: Vec<ItemId> = created.iter().map(|c| c.id()).collect();
    let started = Instant::now();
    let all = store.items_by_ids(&ids_of_all).await.unwrap();
    println!(
        "{}: items_by_ids of 10,000 ids: {:?}",
        store.backend().label(),
        started.elapsed()
    );
    let mut got = ids(&all);
    got.sort_unstable();
    let mut want = ids_of_all.clone();
    want.sort_unstable();
    assert_eq!(got, want);

    let started = Instant::now();
    pages_of_bulk(store, agency, &ids_of_all).await;
    println!(
        "{}: every page of the catalogue under four filters and of the editor's list: {:?}",
        store.backend().label(),
        started.elapsed()
    );
}
