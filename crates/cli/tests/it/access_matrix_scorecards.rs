//! The access-matrix rows of 考核评分 and the record `{run}` names: a
//! 政府网站检查 run of the county (the supervisor's agency, above the
//! target) over the county and the target, stored on the matrix's day.
//! The matrix (`access_matrix.rs`) checks these rows with its own; the
//! test here checks their cells alone.
//!
//! The policy's `ScoreAgencies`: the 监督员 role, at its own agency and
//! below. The office's list and starting a run are one's own office: the
//! admin (city, supervisor too), the supervisor (county) and the outsider
//! (青山市财政局, every role) each have theirs — sent empty, the start is
//! refused as invalid (400) after the permission. A run is read by its
//! office and the offices above it (admin, supervisor) and scored only by
//! its office (the supervisor; an empty form is refused as invalid);
//! clerk, reviewer and editor hold no 监督员 role. The evidence file of a
//! card (`{sha256}`: a hand score of the target with a screenshot) is read
//! as the card is; evaluators are given tasks by the office only (the
//! supervisor; an empty form is refused as invalid).

use chrono::NaiveDate;
use gongkai_domain::scorecard::{
    Evidence, ManualScore, ManualValue, Measures, Points, ScorecardKind, score,
};
use gongkai_store::{EvidenceFile, NewManualScore, NewScorecardResult, NewScorecardRun};

use crate::access_matrix::{TARGET, World, check_cells};
use crate::helpers::{DbKind, TestApp};

/// 青山市白沙县人民政府: the supervisor's agency.
const COUNTY: &str = "11990121082462814Y";

#[rustfmt::skip]
pub const ROWS: &[(&str, &str, &str)] = &[
    //                                                          anon adm sup clk rev edi out
    ("GET",  "/workbench/scorecards",                              "L O O F F F O"),
    ("POST", "/workbench/scorecards",                              "L A A F F F A"),
    ("GET",  "/workbench/scorecards/{run}",                        "L O O F F F F"),
    ("GET",  "/workbench/scorecards/{run}/agencies/{code}",        "L O O F F F F"),
    ("POST", "/workbench/scorecards/{run}/agencies/{code}",        "L F A F F F F"),
    ("GET",  "/workbench/scorecards/{run}/agencies/{code}/evidence/{sha256}", "L O O F F F F"),
    ("POST", "/workbench/scorecards/{run}/assignments",            "L F A F F F F"),
    ("POST", "/workbench/scorecards/{run}/assignments/withdraw",   "L F A F F F F"),
    ("GET",  "/workbench/scorecards/{run}/bulletin.docx",          "L O O F F F F"),
    ("GET",  "/workbench/scorecards/{run}/bulletin.pdf",           "L O O F F F F"),
];

/// The county's run: the value of `{run}`.
pub async fn params(app: &TestApp) -> Vec<(&'static str, String)> {
    let store = app.store.as_ref();
    let county = store.agency_by_code(COUNTY).await.unwrap().unwrap();
    let target = store.agency_by_code(TARGET).await.unwrap().unwrap();
    let kind = ScorecardKind::WebsiteInspection;
    let result = |agency_id| {
        let measures = Measures::default();
        NewScorecardResult {
            agency_id,
            card: score(kind.template(), &measures, &[]).unwrap(),
            measures,
            health_checked_on: None,
        }
    };
    let id = store
        .create_scorecard_run(&NewScorecardRun {
            root: county.id,
            kind,
            period: "2025年第四季度".into(),
            scored_on: NaiveDate::from_ymd_opt(2025, 12, 28).unwrap(),
            started_by: None,
            started_at: chrono::Utc::now(),
            results: vec![result(county.id), result(target.id)],
        })
        .await
        .expect("store the matrix's scorecard run");
    let sha256 = evidence(app, id, target.id).await;
    vec![("{run}", id.to_string()), ("{sha256}", sha256)]
}

/// A hand score of the target in the run with a screenshot kept under the
/// data directory: the value of `{sha256}`.
async fn evidence(app: &TestApp, run: i64, target: gongkai_store::AgencyId) -> String {
    let kept = gongkai_app::uploads::store_document(
        app.data_dir(),
        "负责人信息截图.png",
        crate::scorecard_evaluators::PNG,
    )
    .await
    .unwrap();
    let hand = ManualScore {
        code: "2.1.7".into(),
        value: ManualValue::Points(Points::whole(1)),
        evidence: Evidence {
            url: None,
            file_name: Some(kept.filename.clone()),
            note: "负责人信息未更新".into(),
        },
    };
    let new = NewManualScore {
        run_id: run,
        agency_id: target,
        score: hand,
        file: Some(EvidenceFile {
            sha256: kept.sha256.clone(),
            content_type: kept.content_type.into(),
            size: kept.size,
        }),
        by: None,
        at: chrono::Utc::now(),
    };
    let kind = ScorecardKind::WebsiteInspection;
    app.store
        .put_manual_score(&new, &|m, manual| {
            score(kind.template(), m, manual)
                .map_err(|e| gongkai_store::StoreError::Corrupt(e.to_string()))
        })
        .await
        .expect("store the matrix's hand score");
    kept.sha256
}

async fn scorecard_routes_have_their_decisions(kind: DbKind) {
    let Some(world) = World::start(kind).await else {
        return;
    };
    check_cells(&world, ROWS.to_vec()).await;
}

crate::on_both_backends!(scorecard_routes_have_their_decisions);
