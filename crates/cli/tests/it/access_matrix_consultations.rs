//! The access-matrix rows of 意见征集 and the record `{id}` names under
//! `consultations/`: a consultation of the target (白沙县交通运输局),
//! published and taking comments on the matrix's day.
//!
//! The policy's `ManageConsultations`: the agency's own 信息员, 审核人 and
//! 管理员 (the reviewer and editor of the target; the admin of the city and
//! the outsider, every role, for their own agencies' lists and new
//! notices). The supervising offices above read a consultation (督办: the
//! admin of the city, also a 监督员, and the county's supervisor) and
//! change nothing; the clerk holds no role for it; the outsider's agency is
//! not above the target. Empty forms are refused as invalid (400) after the
//! permission. The public pages and the comment form are everyone's (an
//! empty comment is refused as invalid).

use chrono::NaiveDate;
use gongkai_domain::participation::consultation::DraftKind;
use gongkai_domain::participation::decisions::DecisionStatus;
use gongkai_store::{DecisionEntryFields, HearingNotice, NewConsultation, NewHearing, Stamp};

use crate::access_matrix::{TARGET, World, check_cells};
use crate::helpers::{DbKind, TestApp};

#[rustfmt::skip]
pub const ROWS: &[(&str, &str, &str)] = &[
    //                                                          anon adm sup clk rev edi out
    ("GET",  "/workbench/consultations",                           "L O O F O O O"),
    ("GET",  "/workbench/consultations/new",                       "L O F F O O O"),
    ("POST", "/workbench/consultations/new",                       "L A F F A A A"),
    ("GET",  "/workbench/consultations/{id}",                      "L O O F O O F"),
    ("POST", "/workbench/consultations/{id}/publish",              "L F F F A A F"),
    ("POST", "/workbench/consultations/{id}/moderate",             "L F F F A A F"),
    ("POST", "/workbench/consultations/{id}/feedback",             "L F F F A A F"),
    ("POST", "/workbench/consultations/{id}/decision",             "L F F F A A F"),
    ("GET",  "/agencies/{code}/consultations",                     "O O O O O O O"),
    ("GET",  "/agencies/{code}/consultations/{id}",                "O O O O O O O"),
    ("POST", "/agencies/{code}/consultations/{id}/comments",       "A A A A A A A"),
    ("GET",  "/workbench/consultations/{id}/edit",                 "L F F F O O F"),
    ("POST", "/workbench/consultations/{id}/edit",                 "L F F F A A F"),
    ("POST", "/workbench/consultations/settings",                  "L A F F A A A"),
    ("GET",  "/workbench/consultations/{id}/hearings",             "L O O F O O F"),
    ("POST", "/workbench/consultations/{id}/hearings",             "L F F F A A F"),
    ("POST", "/workbench/hearings/{id}/edit",                      "L F F F A A F"),
    ("POST", "/workbench/hearings/{id}/publish",                   "L F F F A A F"),
    ("POST", "/workbench/hearings/{id}/participants",              "L F F F A A F"),
    ("POST", "/workbench/hearings/{id}/record",                    "L F F F A A F"),
    ("GET",  "/agencies/{code}/consultations/{id}/hearings",       "O O O O O O O"),
    ("GET",  "/workbench/decisions",                               "L O O F O O O"),
    ("POST", "/workbench/decisions/entries",                       "L A F F A A A"),
    ("POST", "/workbench/decisions/entries/{id}",                  "L D F F A A D"),
    ("POST", "/workbench/decisions/publish",                       "L A F F A A A"),
    ("GET",  "/agencies/{code}/decisions",                         "O O O O O O O"),
    ("GET",  "/api/v1/agencies/{code}/decisions",                  "O O O O O O O"),
    ("GET",  "/api/v1/agencies/{code}/consultations/{id}/hearings", "O O O O O O O"),
    ("GET",  "/agencies/{code}/consultations.atom",                "O O O O O O O"),
    ("GET",  "/api/v1/agencies/{code}/consultations",              "O O O O O O O"),
    ("GET",  "/api/v1/agencies/{code}/consultations/{id}",         "O O O O O O O"),
    ("POST", "/api/v1/agencies/{code}/consultations/{id}/comments", "A A A A A A A"),
    ("GET",  "/api/v1/consultations",                              "U O O F O O O"),
    ("GET",  "/api/v1/consultations/{id}",                         "U O O F O O F"),
    ("POST", "/api/v1/consultations/{id}/feedback",                "U F F F A A F"),
];

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The target's open consultation: the value of `consultations/{id}`.
pub async fn params(app: &TestApp) -> Vec<(&'static str, String)> {
    let store = app.store.as_ref();
    let target = store.agency_by_code(TARGET).await.unwrap().unwrap();
    let at = chrono::Utc::now();
    let id = store
        .create_consultation(&NewConsultation {
            agency_id: target.id,
            kind: DraftKind::NormativeDocument,
            title: "关于《白沙县农村公路养护管理办法（征求意见稿）》公开征求意见的公告".into(),
            draft_text: "第一条 为规范农村公路养护管理，制定本办法。".into(),
            explanation: "一、起草背景\n二、主要内容".into(),
            draft_item_id: None,
            interpretation_item_id: None,
            opens_on: d("2025-12-20"),
            closes_on: d("2026-01-20"),
            shortened_reason: None,
            comment_address: None,
            comment_email: None,
            name_required: false,
            created_by: None,
            created_at: at,
        })
        .await
        .expect("store the matrix's consultation");
    let stamp = Stamp { by: None, at };
    store
        .publish_consultation(id, d("2025-12-20"), None, stamp)
        .await
        .expect("publish the matrix's consultation");
    let hearing = store
        .create_hearing(&NewHearing {
            consultation_id: id,
            agency_id: target.id,
            notice: HearingNotice {
                matter: "白沙县城区公交票价调整方案".into(),
                held_on: d("2026-01-15"),
                starts_at: "09:30".into(),
                place: "白沙县政府第一会议室".into(),
                how_to_join: "向县交通运输局报名，随机遴选。".into(),
                materials: "票价调整方案和成本监审报告。".into(),
            },
            created_by: None,
            created_at: at,
        })
        .await
        .expect("store the matrix's hearing");
    let fields = DecisionEntryFields {
        title: "城区公交线网优化方案".into(),
        lead_unit: "县交通运输局".into(),
        planned_month: 6,
        status: DecisionStatus::Planned,
        consultation_id: None,
        decision_item_id: None,
    };
    let entry = store
        .add_decision_entry(target.id, 2025, &fields, None, stamp)
        .await
        .expect("store the matrix's decision entry");
    vec![
        ("consultations/{id}", format!("consultations/{id}")),
        ("hearings/{id}", format!("hearings/{hearing}")),
        ("entries/{id}", format!("entries/{entry}")),
    ]
}

async fn consultation_routes_have_their_decisions(kind: DbKind) {
    let Some(world) = World::start(kind).await else {
        return;
    };
    check_cells(&world, ROWS.to_vec()).await;
}

crate::on_both_backends!(consultation_routes_have_their_decisions);
