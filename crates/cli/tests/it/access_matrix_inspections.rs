//! The access-matrix rows of the supervising office's plan supervision and
//! inspections (督查, issue 17 item 7), and the record `{inspection}` names:
//! an inspection the county (the supervisor's agency, above the target)
//! opened on the matrix's day. The matrix (`access_matrix.rs`) checks these
//! rows with its own; the test here checks their cells alone.
//!
//! The policy's `OverseeDeadlines`: the 监督员 role, at its own agency and
//! below. The supervision page is one's own subtree: the admin (city), the
//! supervisor (county) and the outsider (青山市财政局, every role) each see
//! theirs; clerk, reviewer and editor hold no 监督员 role. An inspection is
//! read by its office and the offices above it (admin, supervisor) and
//! written only by its office (the supervisor); sent empty, the forms are
//! refused as invalid (400) after the permission.

use chrono::NaiveDate;
use gongkai_store::NewInspection;

use crate::access_matrix::{World, check_cells};
use crate::helpers::{DbKind, TestApp};

/// 青山市白沙县人民政府: the supervisor's agency.
const COUNTY: &str = "11990121082462814Y";

#[rustfmt::skip]
pub const ROWS: &[(&str, &str, &str)] = &[
    //                                                               anon adm sup clk rev edi out
    ("GET",  "/workbench/supervision/plans",                            "L O O F F F O"),
    ("POST", "/workbench/supervision/inspections",                      "L A A F F F A"),
    ("GET",  "/workbench/supervision/inspections/{inspection}",         "L O O F F F F"),
    ("POST", "/workbench/supervision/inspections/{inspection}/findings", "L F A F F F F"),
    ("POST", "/workbench/supervision/inspections/{inspection}/issue",   "L F A F F F F"),
    ("GET",  "/workbench/supervision/inspections/{inspection}/bulletin.docx", "L O O F F F F"),
    ("GET",  "/workbench/supervision/inspections/{inspection}/bulletin.pdf",  "L O O F F F F"),
];

/// The county's inspection of the year: the value of `{inspection}`.
pub async fn params(app: &TestApp) -> Vec<(&'static str, String)> {
    let store = app.store.as_ref();
    let county = store.agency_by_code(COUNTY).await.unwrap().unwrap();
    let id = store
        .open_inspection(&NewInspection {
            agency_id: county.id,
            year: 2025,
            period: "2025年第四季度".into(),
            frozen_on: NaiveDate::from_ymd_opt(2025, 12, 28).unwrap(),
            by: None,
        })
        .await
        .expect("open the matrix's inspection");
    vec![("{inspection}", id.to_string())]
}

async fn inspection_routes_have_their_decisions(kind: DbKind) {
    let Some(world) = World::start(kind).await else {
        return;
    };
    check_cells(&world, ROWS.to_vec()).await;
}

crate::on_both_backends!(inspection_routes_have_their_decisions);
