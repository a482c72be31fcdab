//! The annual reports (年度报告) story.

use std::future::Future;
use std::pin::Pin;

use super::*;

/// A report's JSON as published: nested, Chinese, numbers of every kind.
fn report_json(year: i32, received: u64, note: &str) -> serde_json::Value {
    serde_json::json!({
        "year": year,
        "agency": "安徽省淮北市杜集区交通运输局",
        "parts": ["一、总体情况", "", "", "", "五、存在的主要问题及改进情况", note],
        "tables": {
            "三": { "rows": [{ "code": "1", "label": "本年新收政府信息公开申请数量", "natural": received, "total": received }] },
            "二": { "article20": { "permits": 12_345_678_901_u64, "fee_income_wan_yuan": 12.35 } }
        },
        "findings": [{ "rule": "AR-15", "level": "warning", "message": "“引号”与\\反斜杠\n换行" }],
        "members": [],
        "withdrawn": null,
        "final": true
    })
}

/// Drafts (saved, replaced, per agency and year) and published versions
/// (numbered 1, 2 … per agency and year, read back intact, never changed);
/// `raw_error` runs a statement of SQL and returns the error it must fail with.
pub async fn annual_reports(store: &dyn Store, raw_error: impl AsyncFn(&str) -> String) {
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

    // ---- drafts: none, saved, read back, replaced ----
    assert!(store.report_draft(county, 2029).await.unwrap().is_none());
    let first = ReportDraft {
        agency_id: county,
        year: 2029,
        parts: [
            "一、总体情况\n2029年，本局认真贯彻落实《条例》。".into(),
            "二、主动公开政府信息情况（导语）".into(),
            String::new(),
            "四、政府信息公开行政复议、行政诉讼情况".into(),
            "五、存在的主要问题及改进情况".into(),
            "六、其他需要报告的事项：“无”。".into(),
        ],
        members: vec![station, office],
        updated_by: Some(admin),
        updated_at: at(10),
    };
    store.put_report_draft(&first).await.unwrap();
    assert_eq!(
        store.report_draft(county, 2029).await.unwrap(),
        Some(first.clone())
    );
    let second = ReportDraft {
        parts: std::array::from_fn(|i| format!("第{}部分（修改后）", i + 1)),
        members: vec![],
        updated_by: None,
        updated_at: at(20),
        ..first.clone()
    };
    store.put_report_draft(&second).await.unwrap();
    assert_eq!(
        store.report_draft(county, 2029).await.unwrap(),
        Some(second.clone())
    );
    // Another agency's, another year's: none.
    assert!(store.report_draft(office, 2029).await.unwrap().is_none());
    assert!(store.report_draft(county, 2030).await.unwrap().is_none());
    assert!(store.report_draft(9_999, 2029).await.unwrap().is_none());
    // Each agency and year has its own draft.
    let office_draft = ReportDraft {
        agency_id: office,
        year: 2030,
        ..first.clone()
    };
    store.put_report_draft(&office_draft).await.unwrap();
    assert_eq!(
        store.report_draft(office, 2030).await.unwrap(),
        Some(office_draft)
    );
    assert_eq!(
        store.report_draft(county, 2029).await.unwrap(),
        Some(second.clone())
    );
    // An unknown agency, member or staff member is refused and changes nothing.
    let refused = [
        (
            ReportDraft {
                agency_id: 9_999,
                ..first.clone()
            },
            "机构9999",
        ),
        (
            ReportDraft {
                members: vec![office, 9_998],
                ..first.clone()
            },
            "机构9998",
        ),
        (
            ReportDraft {
                updated_by: Some(9_997),
                ..first.clone()
            },
            "工作人员9997",
        ),
    ];
    for (draft, what) in refused {
        let err = store.put_report_draft(&draft).await.expect_err(what);
        assert!(
            matches!(&err, StoreError::NotFound(w) if w == what),
            "{what}: {err:?}"
        );
    }
    assert_eq!(
        store.report_draft(county, 2029).await.unwrap(),
        Some(second.clone())
    );

    // ---- publishing: version 1, then a correction as version 2 ----
    assert!(
        store
            .report_versions(county, 2029)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.published_reports(county).await.unwrap().is_empty());
    let before = Utc::now();
    let v1 = store
        .publish_report(&NewReportVersion {
            agency_id: county,
            year: 2029,
            report: report_json(2029, 12, "无"),
            published_on: date(2030, 1, 20),
            note: None,
            published_by: Some(admin),
        })
        .await
        .unwrap();
    assert_eq!(
        (
            v1.agency_id,
            v1.year,
            v1.version,
            &v1.report,
            v1.published_on,
            &v1.note,
            v1.published_by
        ),
        (
            county,
            2029,
            1,
            &report_json(2029, 12, "无"),
            date(2030, 1, 20),
            &None,
            Some(admin)
        )
    );
    // PostgreSQL keeps microseconds.
    assert!(v1.published_at >= before - chrono::Duration::milliseconds(1));
    assert!(v1.published_at <= Utc::now());
    let correction = "更正：第三部分表格中“本年新收政府信息公开申请数量”由12件更正为13件。";
    let v2 = store
        .publish_report(&NewReportVersion {
            agency_id: county,
            year: 2029,
            report: report_json(2029, 13, correction),
            published_on: date(2030, 2, 3),
            note: Some(correction.into()),
            published_by: None,
        })
        .await
        .unwrap();
    assert_eq!((v2.version, v2.note.as_deref()), (2, Some(correction)));
    assert_eq!(v2.report, report_json(2029, 13, correction));
    assert!(v2.id != v1.id && v2.published_at >= v1.published_at);
    assert_eq!(
        store.report_versions(county, 2029).await.unwrap(),
        vec![v1.clone(), v2.clone()]
    );
    // The draft is the writer's; publishing leaves it as it was.
    assert_eq!(
        store.report_draft(county, 2029).await.unwrap(),
        Some(second)
    );

    // ---- other years and agencies: numbered on their own ----
    let publish = |agency_id, year, on| NewReportVersion {
        agency_id,
        year,
        report: report_json(year, 1, "无"),
        published_on: on,
        note: None,
        published_by: Some(admin),
    };
    let v2030 = store
        .publish_report(&publish(county, 2030, date(2031, 1, 15)))
        .await
        .unwrap();
    let v2028 = store
        .publish_report(&publish(county, 2028, date(2029, 1, 31)))
        .await
        .unwrap();
    let office_v = store
        .publish_report(&publish(office, 2029, date(2030, 1, 25)))
        .await
        .unwrap();
    assert_eq!((v2030.version, v2028.version, office_v.version), (1, 1, 1));
    assert_eq!(
        store.published_reports(county).await.unwrap(),
        vec![v2030.clone(), v1.clone(), v2.clone(), v2028.clone()]
    );
    assert_eq!(
        store.published_reports(office).await.unwrap(),
        vec![office_v.clone()]
    );
    assert!(store.published_reports(station).await.unwrap().is_empty());
    assert!(
        store
            .report_versions(county, 2027)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.report_versions(9_999, 2029).await.unwrap().is_empty());

    // An unknown agency or staff member is refused and records nothing.
    let err = store
        .publish_report(&publish(9_999, 2029, date(2030, 1, 20)))
        .await
        .expect_err("unknown agency");
    assert!(
        matches!(&err, StoreError::NotFound(w) if w == "机构9999"),
        "{err:?}"
    );
    let err = store
        .publish_report(&NewReportVersion {
            published_by: Some(9_997),
            ..publish(county, 2029, date(2030, 3, 1))
        })
        .await
        .expect_err("unknown staff");
    assert!(
        matches!(&err, StoreError::NotFound(w) if w == "工作人员9997"),
        "{err:?}"
    );
    // The refused publication took no version: the next one is 3.
    let v3 = store
        .publish_report(&publish(county, 2029, date(2030, 3, 2)))
        .await
        .unwrap();
    assert_eq!(v3.version, 3);

    // ---- published versions are immutable ----
    for sql in [
        "UPDATE annual_report_versions SET note = 'changed'",
        "UPDATE annual_report_versions SET version = version + 10 WHERE version = 3",
        "DELETE FROM annual_report_versions",
        "DELETE FROM annual_report_versions WHERE version = 3",
    ] {
        let err = raw_error(sql).await;
        assert!(err.contains("immutable"), "{sql}: {err}");
    }
    assert_eq!(
        store.report_versions(county, 2029).await.unwrap(),
        vec![v1, v2, v3]
    );
    report_records(store, county, [office, station]).await;
}

/// What the console reads: per agency and year of the subtree, the draft's
/// errors at its last save and the first version's day (v1 of the county's
/// 2029 report on 20 January 2030, not the corrections'); the station has
/// neither, so no row; a year not asked for is not read.
async fn report_records(store: &dyn Store, county: i64, [office, station]: [i64; 2]) {
    store
        .mark_report_draft_errors(county, 2029, 3)
        .await
        .unwrap();
    // No draft of the station: nothing to mark, nothing happens.
    store
        .mark_report_draft_errors(station, 2029, 1)
        .await
        .unwrap();
    let rows = store.report_records(county, &[2029, 2030]).await.unwrap();
    let row = |agency_id, year, draft_errors, first_published| ReportRecordRow {
        agency_id,
        year,
        draft_errors,
        first_published,
    };
    let mut expected = vec![
        row(county, 2029, Some(3), Some(date(2030, 1, 20))),
        row(county, 2030, None, Some(date(2031, 1, 15))),
        row(office, 2029, None, Some(date(2030, 1, 25))),
        // Saved before any errors were marked: read as none.
        row(office, 2030, Some(0), None),
    ];
    expected.sort_by_key(|r| (r.agency_id, r.year));
    assert_eq!(rows, expected);
    // Below the office: only its own.
    let under_office = store.report_records(office, &[2030]).await.unwrap();
    assert_eq!(under_office, vec![row(office, 2030, Some(0), None)]);
    assert!(store.report_records(county, &[]).await.unwrap().is_empty());
}

/// Publications of one report side by side (each on a connection of its own
/// where the pool has 8) take the versions 1 … 8, each once, and none fails;
/// without the lock several would read the same last version.
pub async fn concurrent_publications(store: &dyn Store) {
    store.migrate().await.unwrap();
    let agency = store
        .create_agency(
            None,
            &profile("11341702486344515H", "淮北市杜集区交通运输局"),
        )
        .await
        .unwrap();
    let publish = |n: usize| NewReportVersion {
        agency_id: agency,
        year: 2029,
        report: serde_json::json!({ "writer": n }),
        published_on: NaiveDate::from_ymd_opt(2030, 1, 20).unwrap(),
        note: (n > 0).then(|| format!("第{n}次更正")),
        published_by: None,
    };
    let tasks: Vec<Pin<Box<dyn Future<Output = StoreResult<ReportVersion>> + '_>>> = (0..8)
        .map(|n| {
            let v = publish(n);
            Box::pin(async move { store.publish_report(&v).await }) as Pin<Box<_>>
        })
        .collect();
    let mut versions: Vec<i32> = join_all(tasks)
        .await
        .into_iter()
        .map(|r| r.expect("every publication succeeds").version)
        .collect();
    versions.sort_unstable();
    assert_eq!(versions, (1..=8).collect::<Vec<_>>());
    let stored = store.report_versions(agency, 2029).await.unwrap();
    assert_eq!(
        stored.iter().map(|v| v.version).collect::<Vec<_>>(),
        (1..=8).collect::<Vec<_>>()
    );
}
