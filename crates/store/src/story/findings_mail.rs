//! 检查结果邮件's storage: an agency without a setting is mailed after each
//! run; the weekly choice is saved (audited) with its marker; the due
//! agencies are those whose last digest is before the digest day; the
//! findings of the runs a digest covers come in run order; a digest moves
//! the marker with its mail in one transaction, once — a second attempt
//! from the same marker (a restart, another server) queues nothing.

use chrono::NaiveDate;
use gongkai_domain::health::{Finding, Rule, Severity};

use super::{Epoch, date};
use crate::*;

const EPOCH: Epoch = Epoch(1_970_100_000);

fn finding(rule: Rule, severity: Severity, subject: &str) -> Finding {
    Finding {
        rule,
        severity,
        subject: subject.into(),
        detail: format!("{subject}：情况"),
        fix_at: None,
    }
}

async fn run(store: &dyn Store, child: AgencyId, on: NaiveDate, findings: Vec<Finding>) -> i64 {
    store
        .record_health_run(&NewHealthRun {
            root: child,
            started_by: None,
            started_at: EPOCH.at(0),
            finished_at: EPOCH.at(1),
            checked_on: on,
            mails: vec![],
            agencies: vec![AgencyFindings {
                agency_id: child,
                findings,
            }],
        })
        .await
        .unwrap()
}

fn digest_mail() -> NewMail {
    NewMail {
        case_id: None,
        to_address: "weekly-digest@story.example.gov.cn".into(),
        subject: "【栏目检查周报】".into(),
        body: "本周新发现问题2项".into(),
        document_id: None,
    }
}

async fn digests_queued(store: &dyn Store) -> usize {
    store
        .pending_mail(5, 1_000)
        .await
        .unwrap()
        .iter()
        .filter(|m| m.to_address == "weekly-digest@story.example.gov.cn")
        .count()
}

pub async fn findings_mail(
    store: &dyn Store,
    (_root, child, admin): (AgencyId, AgencyId, StaffId),
) {
    assert_eq!(
        store.findings_mail(child).await.unwrap(),
        FindingsMail::default(),
        "never set: after each run"
    );
    assert_eq!(FindingsMail::default().mode, FindingsMailMode::Immediate);

    // Weekly from Thursday 3 June 2032, the child's latest run then being `before`.
    let before = run(store, child, date(2032, 6, 3), vec![]).await;
    let weekly = FindingsMail {
        mode: FindingsMailMode::Weekly,
        digest_on: Some(date(2032, 6, 3)),
        digest_run: Some(before),
    };
    store
        .put_findings_mail(child, &weekly, admin, EPOCH.at(2))
        .await
        .unwrap();
    assert_eq!(store.findings_mail(child).await.unwrap(), weekly);
    let audit = store.audit_entries(5).await.unwrap();
    let entry = audit
        .iter()
        .find(|e| e.action == "findings_mail.update")
        .expect("audited");
    assert_eq!(entry.detail, "栏目检查结果邮件：每周汇总");
    assert_eq!(entry.agency_id, Some(child));

    // Not due on the day it was chosen; due on the next Monday.
    assert!(
        store
            .weekly_digests_due(date(2032, 6, 3))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.weekly_digests_due(date(2032, 6, 7)).await.unwrap(),
        vec![(child, weekly)]
    );

    // Two runs in the week: their findings in run order, each with its day.
    let empty = finding(Rule::EmptyColumn, Severity::Problem, "政府信息公开制度");
    let warning = finding(Rule::SuspectLink, Severity::Warning, "通知");
    let veto = finding(Rule::EmptyColumn, Severity::Veto, "全部栏目");
    let three = run(
        store,
        child,
        date(2032, 6, 4),
        vec![empty.clone(), warning.clone()],
    )
    .await;
    let four = run(
        store,
        child,
        date(2032, 6, 5),
        vec![empty.clone(), veto.clone()],
    )
    .await;
    let got: Vec<(i64, NaiveDate, Finding)> = store
        .findings_between(child, Some(before), four)
        .await
        .unwrap()
        .into_iter()
        .map(|f| (f.run_id, f.checked_on, f.finding))
        .collect();
    assert_eq!(
        got,
        vec![
            (three, date(2032, 6, 4), empty.clone()),
            (three, date(2032, 6, 4), warning),
            (four, date(2032, 6, 5), empty),
            (four, date(2032, 6, 5), veto),
        ]
    );
    assert_eq!(
        store
            .findings_between(child, Some(before), three)
            .await
            .unwrap()
            .len(),
        2,
        "up to the run given"
    );

    // The digest: once, whoever tries again from the same marker.
    let digest = WeeklyDigest {
        agency: child,
        previous_on: date(2032, 6, 3),
        on: date(2032, 6, 7),
        run: Some(four),
        mail: Some(digest_mail()),
        at: EPOCH.at(3),
    };
    assert!(store.record_weekly_digest(&digest).await.unwrap());
    assert_eq!(digests_queued(store).await, 1);
    assert!(!store.record_weekly_digest(&digest).await.unwrap());
    assert_eq!(digests_queued(store).await, 1, "never twice");
    assert_eq!(
        store.findings_mail(child).await.unwrap(),
        FindingsMail {
            mode: FindingsMailMode::Weekly,
            digest_on: Some(date(2032, 6, 7)),
            digest_run: Some(four),
        }
    );
    assert!(
        store
            .weekly_digests_due(date(2032, 6, 7))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .weekly_digests_due(date(2032, 6, 14))
            .await
            .unwrap()
            .len(),
        1
    );

    // Back to after each run: no digest is due any more.
    store
        .put_findings_mail(child, &FindingsMail::default(), admin, EPOCH.at(4))
        .await
        .unwrap();
    assert!(
        store
            .weekly_digests_due(date(2032, 6, 14))
            .await
            .unwrap()
            .is_empty()
    );
    let stale = WeeklyDigest {
        previous_on: date(2032, 6, 7),
        on: date(2032, 6, 14),
        ..digest
    };
    assert!(
        !store.record_weekly_digest(&stale).await.unwrap(),
        "not weekly: no digest"
    );
}
