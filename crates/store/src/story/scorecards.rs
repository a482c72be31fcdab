//! 考核评分's storage: a run written with its results in one transaction,
//! listed newest first, compared with the previous run of its root and
//! template; results ordered by total in SQL; a hand score put (and put
//! again) replaces the agency's result in its transaction, audited with
//! the value it replaced; a failed re-score writes nothing.
//!
//! Expected totals by hand from `data/scorecards/website_inspection.csv`:
//! six empty columns deduct min(5, 6 × 1) = 5 (2.1.3), a report not
//! published on time 3 (2.1.9): 100 − 8 = 92; a hand deduction of 2 on
//! 2.1.7 makes it 90, replaced by 1 it is 91.

use chrono::NaiveDate;
use gongkai_domain::health::Rule;
use gongkai_domain::scorecard::{
    Evidence, ManualScore, ManualValue, Measures, Points, RuleCount, ScorecardKind, Verdict, score,
};

use super::Epoch;
use crate::sql::SqlBacked;
use crate::*;

const EPOCH: Epoch = Epoch(1_980_000_000);

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2032, 10, 8).unwrap()
}

/// Six empty columns with the health check's veto, the report late.
fn faulty() -> Measures {
    Measures {
        rules: vec![RuleCount {
            rule: Rule::EmptyColumn,
            problems: 6,
            veto: true,
        }],
        report_on_time: Some(false),
        ..Measures::default()
    }
}

fn clean() -> Measures {
    Measures {
        report_on_time: Some(true),
        ..Measures::default()
    }
}

fn result(kind: ScorecardKind, agency_id: AgencyId, measures: Measures) -> NewScorecardResult {
    let card = score(kind.template(), &measures, &[]).unwrap();
    NewScorecardResult {
        agency_id,
        measures,
        health_checked_on: Some(day()),
        card,
    }
}

fn new_run(kind: ScorecardKind, root: AgencyId, child: AgencyId, by: StaffId) -> NewScorecardRun {
    NewScorecardRun {
        root,
        kind,
        period: "2032年第三季度".into(),
        scored_on: day(),
        started_by: Some(by),
        started_at: EPOCH.at(0),
        results: vec![result(kind, child, faulty()), result(kind, root, clean())],
    }
}

fn hand(code: &str, points: i32, note: &str) -> ManualScore {
    ManualScore {
        code: code.into(),
        value: ManualValue::Points(Points::whole(points)),
        evidence: Evidence {
            url: Some("https://example.gov.cn/gk/jgzn".into()),
            file_name: None,
            note: note.into(),
        },
    }
}

fn rescore_website(
    m: &Measures,
    manual: &[ManualScore],
) -> StoreResult<gongkai_domain::scorecard::Scorecard> {
    score(ScorecardKind::WebsiteInspection.template(), m, manual)
        .map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub async fn scorecards<S: Store + SqlBacked>(
    store: &S,
    (root, child, admin): (AgencyId, AgencyId, StaffId),
) {
    let web = ScorecardKind::WebsiteInspection;
    let first = store
        .create_scorecard_run(&new_run(web, root, child, admin))
        .await
        .unwrap();
    let run = store.scorecard_run(first).await.unwrap().unwrap();
    assert_eq!(
        (
            run.root,
            run.kind,
            run.period.as_str(),
            run.scored_on,
            run.agencies
        ),
        (root, web, "2032年第三季度", day(), 2)
    );
    assert_eq!((run.started_by, run.started_at), (Some(admin), EPOCH.at(0)));
    assert!(store.scorecard_run(first + 1000).await.unwrap().is_none());
    assert!(store.previous_scorecard_run(&run).await.unwrap().is_none());

    // ---- results, highest total first ----
    let results = store.scorecard_results(first).await.unwrap();
    let got: Vec<(AgencyId, i32, Verdict, bool)> = results
        .iter()
        .map(|r| {
            (
                r.agency.id,
                r.card.total.tenths(),
                r.card.verdict,
                r.card.vetoed(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (root, 1000, Verdict::Pass, false),
            (child, 920, Verdict::Fail, true)
        ]
    );
    let one = store.scorecard_result(first, child).await.unwrap().unwrap();
    assert_eq!(
        (one.measures.clone(), one.health_checked_on),
        (faulty(), Some(day()))
    );
    assert_eq!(one.card.line("2.1.3").unwrap().measured, Some(6));

    // ---- a later run of the same template compares with the first; another template's does not ----
    let second = store
        .create_scorecard_run(&new_run(web, root, child, admin))
        .await
        .unwrap();
    let assessment = ScorecardKind::DisclosureAssessment;
    let other = store
        .create_scorecard_run(&new_run(assessment, root, child, admin))
        .await
        .unwrap();
    let second_run = store.scorecard_run(second).await.unwrap().unwrap();
    let prev = store.previous_scorecard_run(&second_run).await.unwrap();
    assert_eq!(prev.map(|p| p.id), Some(first));
    let other_run = store.scorecard_run(other).await.unwrap().unwrap();
    assert!(
        store
            .previous_scorecard_run(&other_run)
            .await
            .unwrap()
            .is_none()
    );
    let ids: Vec<ScorecardRunId> = store
        .scorecard_runs(root, 10)
        .await
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids, vec![other, second, first]);
    assert_eq!(store.scorecard_runs(root, 1).await.unwrap().len(), 1);
    assert!(store.scorecard_runs(child, 10).await.unwrap().is_empty());

    hand_scores(store, first, (root, child, admin)).await;
}

async fn hand_scores<S: Store + SqlBacked>(
    store: &S,
    run: ScorecardRunId,
    (root, child, admin): (AgencyId, AgencyId, StaffId),
) {
    let put = |score: ManualScore, secs: i64| NewManualScore {
        run_id: run,
        agency_id: child,
        score,
        file: None,
        by: Some(admin),
        at: EPOCH.at(secs),
    };
    let card = store
        .put_manual_score(
            &put(hand("2.1.7", 2, "负责人信息未更新"), 10),
            &rescore_website,
        )
        .await
        .unwrap();
    assert_eq!(card.total, Points::whole(90));
    let stored = store.scorecard_result(run, child).await.unwrap().unwrap();
    assert_eq!(stored.card, card);
    // Put again: replaced, not added.
    let card = store
        .put_manual_score(
            &put(hand("2.1.7", 1, "负责人信息未更新一处"), 20),
            &rescore_website,
        )
        .await
        .unwrap();
    assert_eq!(card.total, Points::whole(91));
    let scores = store.manual_scores(run, child).await.unwrap();
    assert_eq!(scores.len(), 1);
    assert_eq!(scores[0].score, hand("2.1.7", 1, "负责人信息未更新一处"));
    assert_eq!(
        (scores[0].scored_by, scores[0].scored_at),
        (Some(admin), EPOCH.at(20))
    );
    assert!(store.manual_scores(run, root).await.unwrap().is_empty());
    // The order follows the new totals (100, 91).
    let totals: Vec<i32> = store
        .scorecard_results(run)
        .await
        .unwrap()
        .iter()
        .map(|r| r.card.total.tenths())
        .collect();
    assert_eq!(totals, vec![1000, 910]);
    let audit = store.audit_entries(5).await.unwrap();
    let last = audit
        .iter()
        .find(|e| e.action == "scorecard.scored")
        .unwrap();
    assert!(
        last.detail.contains("指标2.1.7评为1分（原为2分）"),
        "{}",
        last.detail
    );
    assert!(audit.iter().any(|e| e.action == "scorecard.run_started"));

    // A failed re-score writes nothing.
    let refused = store
        .put_manual_score(&put(hand("2.4.3", 1, "搜索不可用"), 30), &|_, _| {
            Err(StoreError::Corrupt("评分".into()))
        })
        .await;
    assert!(matches!(refused, Err(StoreError::Corrupt(w)) if w == "评分"));
    assert_eq!(store.manual_scores(run, child).await.unwrap().len(), 1);
    // An agency the run did not score.
    let mut elsewhere = put(hand("2.1.7", 1, "无"), 40);
    elsewhere.agency_id = child + 10_000;
    let missing = store.put_manual_score(&elsewhere, &rescore_website).await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );

    // 佐证材料 as a file: kept with the score, replaced with it.
    let mut with_file = put(hand("2.1.7", 1, "负责人信息未更新一处"), 50);
    let screenshot = EvidenceFile {
        sha256: "ab".repeat(32),
        content_type: "image/png".into(),
        size: 2048,
    };
    with_file.file = Some(screenshot.clone());
    with_file.score.evidence.file_name = Some("负责人信息截图.png".into());
    store
        .put_manual_score(&with_file, &rescore_website)
        .await
        .unwrap();
    let kept = store.manual_scores(run, child).await.unwrap();
    assert_eq!(kept[0].file, Some(screenshot));
    assert_eq!(
        kept[0].score.evidence.file_name.as_deref(),
        Some("负责人信息截图.png")
    );
    store
        .put_manual_score(&put(hand("2.1.7", 1, "复核"), 60), &rescore_website)
        .await
        .unwrap();
    assert_eq!(store.manual_scores(run, child).await.unwrap()[0].file, None);

    assignments(store, run, (root, child, admin)).await;
}

/// 评分任务: assigned once (again is no change), listed for the run and as
/// the evaluator's tasks with the leaves still unscored, withdrawn; every
/// change audited; an agency the run did not score refused.
async fn assignments<S: Store + SqlBacked>(
    store: &S,
    run: ScorecardRunId,
    (root, child, evaluator): (AgencyId, AgencyId, StaffId),
) {
    let a = ScorerAssignment {
        run_id: run,
        agency_id: child,
        staff_id: evaluator,
    };
    assert!(store.assign_scorer(&a, None, EPOCH.at(70)).await.unwrap());
    assert!(!store.assign_scorer(&a, None, EPOCH.at(71)).await.unwrap());
    assert_eq!(
        store.assigned_agencies(run, evaluator).await.unwrap(),
        vec![child]
    );
    assert!(
        store
            .assigned_agencies(run + 1, evaluator)
            .await
            .unwrap()
            .is_empty()
    );
    let listed = store.scorer_assignments(run).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].agency_id, listed[0].staff_id),
        (child, evaluator)
    );
    let tasks = store.scoring_tasks(evaluator, 10).await.unwrap();
    assert_eq!(tasks.len(), 1);
    assert_eq!((tasks[0].run.id, tasks[0].agency.id), (run, child));
    assert_eq!(tasks[0].assigned_at, EPOCH.at(70));
    // The website template has manual leaves besides 2.1.7: still unscored.
    let result = store.scorecard_result(run, child).await.unwrap().unwrap();
    assert_eq!(tasks[0].unscored as usize, result.card.unscored.len());
    assert!(tasks[0].unscored > 0);
    let audit = store.audit_entries(3).await.unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.action == "scorecard.assigned")
            .count(),
        1
    );
    let outside = ScorerAssignment {
        agency_id: root + 10_000,
        ..a.clone()
    };
    let refused = store.assign_scorer(&outside, None, EPOCH.at(72)).await;
    assert!(
        matches!(refused, Err(StoreError::NotFound(_))),
        "{refused:?}"
    );
    assert!(store.unassign_scorer(&a, None, EPOCH.at(80)).await.unwrap());
    assert!(!store.unassign_scorer(&a, None, EPOCH.at(81)).await.unwrap());
    assert!(store.scoring_tasks(evaluator, 10).await.unwrap().is_empty());
    let audit = store.audit_entries(1).await.unwrap();
    assert_eq!(audit[0].action, "scorecard.unassigned");
}
