//! The access-matrix rows of the look-back (回头看) and of the plans in the
//! public column (issue 17, items 8 and 9). Their `plans/{id}` is the
//! target's plan of 2025 that `access_matrix_plans::params` imports; on the
//! matrix's day (2025-12-28) its look-back is not yet due and its report
//! not published. The matrix (`access_matrix.rs`) checks these rows with
//! its own; the test here checks their cells alone.
//!
//! The look-back and the report: the agency's plan managers (审核人; the
//! administrator and supervisor above read) — its clerk, its editor and the
//! outsider get 403. Recording and publishing: the agency's own managers
//! only; before 1 January their empty form is refused as invalid (422).
//! The column: everyone; the report downloads once published (404 before).

use crate::access_matrix::{World, check_cells};
use crate::helpers::DbKind;

#[rustfmt::skip]
pub const ROWS: &[(&str, &str, &str)] = &[
    //                                                        anon adm sup clk rev edi out
    ("GET",  "/agencies/{code}/plans",                           "O O O O O O O"),
    ("GET",  "/agencies/{code}/plans/{id}",                      "O O O O O O O"),
    ("GET",  "/agencies/{code}/plans/{id}/report.docx",          "N N N N N N N"),
    ("GET",  "/agencies/{code}/plans/{id}/report.pdf",           "N N N N N N N"),
    ("GET",  "/workbench/plans/{id}/lookback",                   "L O O F O F F"),
    ("POST", "/workbench/plans/{id}/lookback",                   "L F F F A F F"),
    ("POST", "/workbench/plans/{id}/lookback/publish",           "L F F F A F F"),
    ("GET",  "/workbench/plans/{id}/report.docx",                "L O O F O F F"),
    ("GET",  "/workbench/plans/{id}/report.pdf",                 "L O O F O F F"),
];

async fn lookback_routes_have_their_decisions(kind: DbKind) {
    let Some(world) = World::start(kind).await else {
        return;
    };
    check_cells(&world, ROWS.to_vec()).await;
}

crate::on_both_backends!(lookback_routes_have_their_decisions);
