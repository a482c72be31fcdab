//! The access-matrix rows of the work plans' units page and JSON API
//! (issue 17), and the records their path parameters name: a plan of the
//! target agency whose one task is led by 办公室, the clerk's unit. The
//! matrix (`access_matrix.rs`) checks these rows with its own, against the
//! router's routes, with its personas; the test here checks their cells
//! alone, so that they are checked while other rows are being written.
//!
//! Reading plans and tasks: staff of the agency and of the agencies above
//! it (and below it), every role; the outsider (青山市财政局, beside the
//! county) nothing.
//! Steps on a task: the lead unit's members (the clerk) and the plan's
//! owner (the reviewer) — sent with an empty body, every authenticated
//! request is refused as invalid (422) before the step is looked at.

use gongkai_app::plans::import::{ImportOptions, import};
use gongkai_domain::staff::Username;
use gongkai_parse::plan::read_plan_text;

use crate::access_matrix::{TARGET, World, check_cells};
use crate::helpers::{DbKind, TestApp};

#[rustfmt::skip]
pub const ROWS: &[(&str, &str, &str)] = &[
    //                                                        anon adm sup clk rev edi out
    // Units: administrators of the agency or above it, like its staff.
    ("GET",  "/admin/agencies/{code}/units",                     "L O F F F F F"),
    ("POST", "/admin/agencies/{code}/units",                     "L A F F F F F"),
    ("GET",  "/api/v1/agencies/{code}/plans",                    "U O O O O O F"),
    ("GET",  "/api/v1/plans/{id}",                               "U O O O O O F"),
    ("GET",  "/api/v1/tasks/{id}",                               "U O O O O O F"),
    ("GET",  "/api/v1/tasks/{id}/files/{sha}",                   "U N N N N N F"),
    ("POST", "/api/v1/tasks/{id}/events",                        "U V V A A V V"),
    // Plan pages: any staff of the agency, above or below it; the upload
    // (sent without its multipart body) is refused as invalid; deriving
    // from the target's plan: its own plan managers only.
    ("GET",  "/workbench/plans",                                 "L O O O O O O"),
    ("POST", "/workbench/plans/import",                          "L V V V V V V"),
    ("GET",  "/workbench/plans/{id}",                            "L O O O O O F"),
    ("GET",  "/workbench/plans/{id}/ledger.xlsx",                "L O O O O O F"),
    ("GET",  "/workbench/plans/{id}/derive",                     "L F F F O F F"),
    ("POST", "/workbench/plans/{id}/derive",                     "L F F F A F F"),
    ("GET",  "/workbench/tasks/{id}",                            "L O O O O O F"),
    ("POST", "/workbench/tasks/{id}",                            "L V V A A V F"),
    // A task's file: whoever may read the task (the matrix's sha names
    // no file of it: not found), the outsider nothing.
    ("GET",  "/workbench/tasks/{id}/files/{sha}",                "L N N N N N F"),
];

/// A plan of the target with one task led by 办公室, the clerk's unit:
/// the values of `plans/{id}` and `tasks/{id}`.
pub async fn params(app: &TestApp) -> Vec<(&'static str, String)> {
    let store = app.store.as_ref();
    let target = store.agency_by_code(TARGET).await.unwrap().unwrap();
    let calendar = gongkai_store::calendar_in_force(store).await.unwrap();
    let opts = ImportOptions {
        year: 2025,
        title: "访问矩阵用工作要点".into(),
        document_number: String::new(),
        issued_on: None,
        create_units: true,
        dry_run: false,
    };
    let reading = read_plan_text("1.规范发布流程。(牵头单位:办公室;完成时限:2025年12月31日前)");
    let outcome = import(
        store,
        &calendar,
        &target,
        None,
        reading,
        &opts,
        app.clock.now(),
    )
    .await
    .expect("import the matrix's plan");
    let (plan, _) = outcome.stored.unwrap();
    let task = store.plan_tasks(plan).await.unwrap()[0].id;
    let office = store
        .units(target.id)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.name.as_str() == "办公室")
        .unwrap()
        .id;
    let clerk = store
        .staff_by_username(&Username::parse("clerk").unwrap())
        .await
        .unwrap()
        .unwrap();
    let mut units = store.staff_units(clerk.id).await.unwrap();
    if !units.contains(&office) {
        units.push(office);
    }
    store
        .set_staff_units(clerk.id, &units, clerk.id)
        .await
        .unwrap();
    vec![
        ("plans/{id}", format!("plans/{plan}")),
        ("tasks/{id}", format!("tasks/{task}")),
    ]
}

async fn plan_routes_have_their_decisions(kind: DbKind) {
    let Some(world) = World::start(kind).await else {
        return;
    };
    check_cells(&world, ROWS.to_vec()).await;
}

crate::on_both_backends!(plan_routes_have_their_decisions);
