//! The access-matrix rows of the 标准目录, the health checks and the
//! supervisor's console (issue 18). The matrix
//! (`access_matrix.rs`) checks these rows with its own; the test here
//! checks their cells alone.
//!
//! The staff page: the agency's staff and those above it read (every role:
//! what was deleted and why is for the supervising office too); changing
//! it is for the agency's editors and administrators and the
//! administrators above (an empty form is refused as invalid, 400); the
//! outsider nothing. The public page: everyone; its XLSX is not found
//! while the target has no catalogue.

use crate::access_matrix::{World, check_cells};
use crate::helpers::DbKind;

#[rustfmt::skip]
pub const ROWS: &[(&str, &str, &str)] = &[
    //                                                        anon adm sup clk rev edi out
    ("GET",  "/admin/agencies/{code}/standard-catalogue",        "L O O O O O F"),
    ("POST", "/admin/agencies/{code}/standard-catalogue",        "L A F F F A F"),
    ("GET",  "/agencies/{code}/standard-catalogue",              "O O O O O O O"),
    ("GET",  "/agencies/{code}/standard-catalogue.xlsx",         "N N N N N N N"),
    // The health page of one's own agency: every staff member; starting a
    // run over it (the form names no agency: one's own) — its
    // administrators and supervisors (the outsider is its own agency's).
    ("GET",  "/workbench/health",                                "L O O O O O O"),
    ("POST", "/workbench/health/run",                            "L R R F F F R"),
    // The supervising office's console over its own subtree: the
    // supervisor role (the demo's admin has it too; the outsider has every
    // role at its own agency).
    ("GET",  "/workbench/supervision",                           "L O O F F F O"),
    // The late items of one's own agency (no agency named): every staff member.
    ("GET",  "/workbench/items/late",                            "L O O O O O O"),
];

async fn catalogue_routes_have_their_decisions(kind: DbKind) {
    let Some(world) = World::start(kind).await else {
        return;
    };
    check_cells(&world, ROWS.to_vec()).await;
}

crate::on_both_backends!(catalogue_routes_have_their_decisions);
