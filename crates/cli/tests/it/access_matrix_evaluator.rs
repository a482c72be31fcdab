//! The 评估人员 across every route: the demo's `evaluator`, of 白沙县人民政府
//! (above the matrix's target), holding only the evaluator role, with no
//! task assigned.
//! It reads what the public reads; of the staff routes (those that send the
//! anonymous visitor to the login page or answer the API's 401) it may open
//! only its workbench, its task list, its password and its session — every
//! other page is refused (403, or 404 where the record is hidden), and a
//! write is refused or, sent empty, rejected as invalid (400/422) before
//! anything is written, as the main matrix accepts of the other personas.
//! So a page added later that forgets its permission check fails here, not
//! in an evaluator's hands.

use reqwest::{Method, StatusCode};

use crate::access_matrix::{Persona, World, all_rows, minimal_body};
use crate::helpers::DbKind;

/// (method, path) an evaluator may use among the staff routes.
const ITS_OWN: &[(&str, &str)] = &[
    ("GET", "/workbench"),
    ("GET", "/workbench/scorecards"),
    ("GET", "/account/password"),
    ("POST", "/account/password"),
    ("POST", "/logout"),
    ("DELETE", "/api/v1/sessions"),
];

async fn an_evaluator_reaches_no_staff_route_but_its_own(kind: DbKind) {
    let Some(world) = World::start(kind).await else {
        return;
    };
    let evaluator = Persona::log_in(&world.app, "evaluator").await;
    let mut rows = all_rows();
    rows.sort_by_key(|(m, p, _)| *p == "/logout" || (*m == "DELETE" && *p == "/api/v1/sessions"));
    let mut wrong = Vec::new();
    for (method, pattern, cells) in rows {
        // Routes that answer everyone alike (the applicant's tracking) are public.
        let mut each = cells.split_whitespace();
        let anonymous = each.next();
        let staff_only = matches!(anonymous, Some("L" | "U")) && each.any(|c| Some(c) != anonymous);
        if !staff_only || ITS_OWN.contains(&(method, pattern)) {
            continue;
        }
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let path = world.fill(pattern);
        let r = evaluator
            .send(&method, &path, minimal_body(&method, &path))
            .await;
        let status = r.status();
        let refused = [StatusCode::FORBIDDEN, StatusCode::NOT_FOUND];
        let invalid = [StatusCode::BAD_REQUEST, StatusCode::UNPROCESSABLE_ENTITY];
        if !refused.contains(&status) && (method == Method::GET || !invalid.contains(&status)) {
            wrong.push(format!("{method} {pattern}: {status}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "an evaluator reaches staff routes:\n{}",
        wrong.join("\n")
    );
}

crate::on_both_backends!(an_evaluator_reaches_no_staff_route_but_its_own);
