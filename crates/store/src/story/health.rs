//! 栏目健康检查's storage: published items counted per Article 20 item in
//! SQL, the policies of a period with the interpretations their own events
//! link, 无信息说明 published and withdrawn (audited), runs with their
//! findings in order, each agency's latest and the subtree's tallies, and
//! findings that cannot be changed.

use gongkai_domain::catalogue::{IndexNumber, ItemAction, ItemKind};
use gongkai_domain::health::{Finding, Rule, Severity, Tally};
use gongkai_domain::vocabulary::Article20Item;

use super::{Epoch, date};
use crate::sql::{SqlBacked, query};
use crate::*;

const EPOCH: Epoch = Epoch(1_970_000_000);

fn finding(rule: Rule, severity: Severity, subject: &str) -> Finding {
    Finding {
        rule,
        severity,
        subject: subject.into(),
        detail: format!("{subject}的情况"),
        fix_at: Some("/items".into()),
    }
}

pub async fn health<S: Store + SqlBacked>(
    store: &S,
    (root, child, admin): (AgencyId, AgencyId, StaffId),
) {
    let code = store.agency(child).await.unwrap().unwrap().profile.code;
    let number = |serial: u32| IndexNumber::generate(&code, 2032, serial);
    // The interpretation first (its id is what the policy's event links),
    // then two policies of 2032 (one linking it) and a notice.
    let mut reading = super::published(
        child,
        Some("h3"),
        "养护管理办法解读",
        &number(3),
        date(2032, 3, 4),
        30,
    );
    reading.snapshot.metadata.article20 = Some(Article20Item::Regulations);
    let reading = store.create_items(&[reading]).await.unwrap()[0].id();
    let mut linked = super::published(
        child,
        Some("h1"),
        "养护管理办法",
        &number(1),
        date(2032, 3, 2),
        10,
    );
    linked.snapshot.metadata.kind = ItemKind::NormativeDocument;
    linked.snapshot.metadata.article20 = Some(Article20Item::Regulations);
    linked.events.push(super::event(
        5,
        14,
        ItemAction::InterpretationLinked {
            item: reading.to_string(),
        },
    ));
    let mut alone = super::published(
        child,
        Some("h2"),
        "超限运输管理规定",
        &number(2),
        date(2032, 4, 1),
        20,
    );
    alone.snapshot.metadata.kind = ItemKind::NormativeDocument;
    alone.snapshot.metadata.article20 = Some(Article20Item::Regulations);
    let notice = super::published(
        child,
        Some("h4"),
        "停电通知",
        &number(4),
        date(2032, 5, 6),
        40,
    );
    store.create_items(&[linked, alone, notice]).await.unwrap();

    // ---- per column, in SQL ----
    let mut stats = store.column_stats(child).await.unwrap();
    stats.sort_by(|a, b| a.article20.cmp(&b.article20));
    assert_eq!(stats.len(), 2, "{stats:?}");
    let none = stats.iter().find(|s| s.article20.is_none()).unwrap();
    assert_eq!(
        (none.published, none.last_published, none.undated),
        (1, Some(date(2032, 5, 6)), 0)
    );
    let regs = stats
        .iter()
        .find(|s| s.article20.as_deref() == Some("regulations"))
        .unwrap();
    assert_eq!(
        (regs.published, regs.last_published),
        (3, Some(date(2032, 4, 1)))
    );

    // ---- the policies since 1 March 2032 with their links, newest first ----
    let policies = store
        .published_policies(child, date(2032, 3, 1), 10)
        .await
        .unwrap();
    let got: Vec<(&str, Vec<i64>)> = policies
        .iter()
        .map(|p| (p.title.as_str(), p.interpretations.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("超限运输管理规定", vec![]),
            ("养护管理办法", vec![reading])
        ]
    );
    assert!(
        store
            .published_policies(child, date(2032, 3, 3), 10)
            .await
            .unwrap()
            .len()
            == 1
    );

    // ---- 无信息说明: published, changed, withdrawn ----
    store
        .put_column_note(
            child,
            "fees",
            Some(("本机关无行政事业性收费项目。", date(2032, 6, 1))),
            admin,
            EPOCH.at(1),
        )
        .await
        .unwrap();
    store
        .put_column_note(
            child,
            "fees",
            Some(("本局无收费项目。", date(2032, 6, 2))),
            admin,
            EPOCH.at(2),
        )
        .await
        .unwrap();
    let notes = store.column_notes(child).await.unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(
        (notes[0].note.as_str(), notes[0].published_on),
        ("本局无收费项目。", date(2032, 6, 2))
    );
    store
        .put_column_note(child, "fees", None, admin, EPOCH.at(3))
        .await
        .unwrap();
    assert!(store.column_notes(child).await.unwrap().is_empty());

    // ---- runs: findings in order, each agency's latest, the tallies ----
    let run = |findings_child: Vec<Finding>| NewHealthRun {
        root,
        started_by: Some(admin),
        started_at: EPOCH.at(10),
        finished_at: EPOCH.at(11),
        checked_on: date(2032, 6, 3),
        mails: vec![],
        agencies: vec![
            AgencyFindings {
                agency_id: root,
                findings: vec![],
            },
            AgencyFindings {
                agency_id: child,
                findings: findings_child,
            },
        ],
    };
    let first = vec![
        finding(Rule::EmptyColumn, Severity::Veto, "全部栏目"),
        finding(Rule::BrokenLink, Severity::Problem, "停电通知"),
        finding(Rule::SuspectLink, Severity::Warning, "停电通知"),
    ];
    let one = store.record_health_run(&run(first.clone())).await.unwrap();
    let latest = store.latest_health(child).await.unwrap().unwrap();
    assert_eq!((latest.run_id, latest.checked_on), (one, date(2032, 6, 3)));
    assert_eq!(latest.findings, first);
    let tallies = store.health_tallies(root).await.unwrap();
    let ours = tallies.iter().find(|t| t.agency_id == child).unwrap();
    assert_eq!(
        ours.tally,
        Tally {
            vetoes: 1,
            problems: 1,
            warnings: 1
        }
    );
    assert_eq!(tallies.len(), 2);
    assert_eq!(
        store.health_tallies(child).await.unwrap().len(),
        1,
        "the child sees itself only"
    );
    let two = store.record_health_run(&run(vec![])).await.unwrap();
    let latest = store.latest_health(child).await.unwrap().unwrap();
    assert_eq!((latest.run_id, latest.findings.len()), (two, 0));
    // The first run's findings are kept and cannot be changed.
    let err = query("UPDATE health_findings SET detail = 'changed'")
        .execute(store.db())
        .await
        .expect_err("findings are immutable")
        .0;
    assert!(err.to_string().contains("immutable"), "{err}");

    let audit = store.audit_entries(10).await.unwrap();
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"column_note.published"), "{actions:?}");
    assert!(actions.contains(&"column_note.withdrawn"), "{actions:?}");

    super::findings_mail::findings_mail(store, (root, child, admin)).await;
}
