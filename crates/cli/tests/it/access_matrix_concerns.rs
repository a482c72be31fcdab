//! The access-matrix rows of 回应关切 and the record `{id}` names under
//! `concerns/`: a concern of the target (白沙县交通运输局) with a public
//! response, so it has a public page.
//!
//! The policy's `RespondToConcerns`: the agency's own 信息员 and 审核人 (the
//! target's reviewer and editor; the outsider, every role, for its own
//! agency's queue and new concerns). The supervising offices above read the
//! target's queue and concern (督办: the admin of the city, also a 监督员,
//! and the county's supervisor) and record nothing; the clerk holds no role
//! for it; the outsider's agency is not above the target. Empty forms are
//! refused as invalid (400) after the permission. The public column, a
//! concern's public page and the feed are everyone's.

use gongkai_domain::participation::clocks::{ConcernClass, concern_clocks};
use gongkai_domain::participation::concern::ResponseKind;
use gongkai_store::{NewConcern, NewConcernResponse, Stamp};

use crate::access_matrix::{TARGET, World, check_cells};
use crate::helpers::{DbKind, TestApp};

#[rustfmt::skip]
pub const ROWS: &[(&str, &str, &str)] = &[
    //                                                          anon adm sup clk rev edi out
    ("GET",  "/workbench/concerns",                                "L O O F O O O"),
    ("POST", "/workbench/concerns",                                "L F F F A A A"),
    ("GET",  "/workbench/concerns/{id}",                           "L O O F O O F"),
    ("POST", "/workbench/concerns/{id}/respond",                   "L F F F A A F"),
    ("POST", "/workbench/concerns/{id}/close",                     "L F F F A A F"),
    ("GET",  "/agencies/{code}/concerns",                          "O O O O O O O"),
    ("GET",  "/agencies/{code}/concerns.atom",                     "O O O O O O O"),
    ("GET",  "/agencies/{code}/concerns/{id}",                     "O O O O O O O"),
    ("GET",  "/api/v1/agencies/{code}/concerns",                   "O O O O O O O"),
    ("GET",  "/api/v1/agencies/{code}/concerns/{id}",              "O O O O O O O"),
    ("GET",  "/api/v1/concerns",                                   "U O O F O O O"),
    ("POST", "/api/v1/concerns",                                   "U F F F A A A"),
    ("GET",  "/api/v1/concerns/{id}",                              "U O O F O O F"),
    ("POST", "/api/v1/concerns/{id}/responses",                    "U F F F A A F"),
    ("POST", "/api/v1/concerns/{id}/close",                        "U F F F A A F"),
];

/// The target's concern with a public response: the value of
/// `concerns/{id}`.
pub async fn params(app: &TestApp) -> Vec<(&'static str, String)> {
    let store = app.store.as_ref();
    let target = store.agency_by_code(TARGET).await.unwrap().unwrap();
    let learned = "2025-12-27T02:00:00Z".parse().unwrap();
    let clocks = concern_clocks(ConcernClass::Other, learned);
    let id = store
        .register_concern(&NewConcern {
            agency_id: target.id,
            class: ConcernClass::Other,
            title: "农村客运班线停运引发关注".into(),
            learned_at: learned,
            source: "网络媒体报道".into(),
            summary: "网民反映白沙至城关班线停运。".into(),
            lead_agency: "白沙县交通运输局".into(),
            first_due_at: clocks[0].by,
            second_due_at: None,
            created_by: None,
            created_at: learned,
        })
        .await
        .expect("the matrix's concern");
    let response = NewConcernResponse {
        kind: ResponseKind::Statement,
        responded_at: "2025-12-27T08:00:00Z".parse().unwrap(),
        body: "班线因道路施工临时停运，已安排接驳车辆。".into(),
        public: true,
        external_url: None,
        items: Vec::new(),
        meets_first: true,
        meets_second: false,
    };
    let stamp = Stamp {
        by: None,
        at: chrono::Utc::now(),
    };
    store
        .record_concern_response(id, &response, stamp)
        .await
        .unwrap()
        .expect("open");
    vec![("concerns/{id}", format!("concerns/{id}"))]
}

async fn concern_routes_have_their_decisions(kind: DbKind) {
    let Some(world) = World::start(kind).await else {
        return;
    };
    check_cells(&world, ROWS.to_vec()).await;
}

crate::on_both_backends!(concern_routes_have_their_decisions);
