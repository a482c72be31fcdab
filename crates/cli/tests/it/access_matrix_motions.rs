//! The access-matrix rows of 建议提案 and the records `{id}` names under
//! `motions/` and `motions/sessions/`: a register of the target
//! (白沙县交通运输局) and a motion in it, answered and published, with the
//! outsider's agency (青山市财政局) as its co-handling agency.
//!
//! The policy's `HandleMotions`: the agency's own 信息员, 审核人 and
//! 管理员 (the reviewer and editor of the target; the admin of the city and
//! the outsider, every role, for their own agencies' overview and new
//! registers). The supervising offices above read the target's register
//! and motion (督办: the admin of the city, also a 监督员, and the county's
//! supervisor) and change nothing; the outsider reads the motion as its
//! co-handler, not the register; the clerk holds no role for it. The late
//! motions per agency are the supervisors' (the outsider is one in its own
//! agency). Empty forms are refused as invalid (400) after the permission.
//! The public pages are everyone's.

use chrono::NaiveDate;
use gongkai_domain::participation::clocks::{MotionKind, ReplyGrade};
use gongkai_domain::participation::motions::{Proposer, PublishMode};
use gongkai_store::{MotionPublication, MotionReply, NewMotion, NewMotionSession, Stamp};

use crate::access_matrix::{TARGET, World, check_cells};
use crate::helpers::{DbKind, TestApp};

/// 青山市财政局, where the matrix's outsider works: the co-handler.
const CO_HANDLER: &str = "11990100390996033U";

#[rustfmt::skip]
pub const ROWS: &[(&str, &str, &str)] = &[
    //                                                          anon adm sup clk rev edi out
    ("GET",  "/workbench/motions",                                 "L O O F O O O"),
    ("POST", "/workbench/motions/sessions",                        "L A F F A A A"),
    ("GET",  "/workbench/motions/sessions/{id}",                   "L O O F O O F"),
    ("POST", "/workbench/motions/sessions/{id}",                   "L F F F A A F"),
    ("GET",  "/workbench/motions/overdue",                         "L O O F F F O"),
    ("GET",  "/workbench/motions/{id}",                            "L O O F O O O"),
    ("POST", "/workbench/motions/{id}/extend",                     "L F F F A A F"),
    ("POST", "/workbench/motions/{id}/reply",                      "L F F F A A F"),
    ("POST", "/workbench/motions/{id}/publish",                    "L F F F A A F"),
    ("POST", "/workbench/motions/{id}/satisfaction",               "L F F F A A F"),
    ("GET",  "/agencies/{code}/motions",                           "O O O O O O O"),
    ("GET",  "/agencies/{code}/motions/{id}",                      "O O O O O O O"),
    ("GET",  "/agencies/{code}/motions.atom",                      "O O O O O O O"),
    ("GET",  "/api/v1/agencies/{code}/motions",                    "O O O O O O O"),
    ("GET",  "/api/v1/agencies/{code}/motions/{id}",               "O O O O O O O"),
    ("GET",  "/api/v1/motions",                                    "U O O F O O O"),
    ("GET",  "/api/v1/motions/sessions/{id}",                      "U O O F O O F"),
    ("GET",  "/api/v1/motions/{id}",                               "U O O F O O O"),
    ("POST", "/api/v1/motions/{id}/reply",                         "U F F F A A F"),
    ("POST", "/api/v1/motions/{id}/publication",                   "U F F F A A F"),
];

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The target's register and its published motion: the values of
/// `motions/sessions/{id}` and `motions/{id}`.
pub async fn params(app: &TestApp) -> Vec<(&'static str, String)> {
    let store = app.store.as_ref();
    let target = store.agency_by_code(TARGET).await.unwrap().unwrap();
    let co = store.agency_by_code(CO_HANDLER).await.unwrap().unwrap();
    let at = chrono::Utc::now();
    let stamp = Stamp { by: None, at };
    let session = store
        .create_motion_session(&NewMotionSession {
            agency_id: target.id,
            kind: MotionKind::Suggestion,
            year: 2025,
            name: "白沙县第十八届人民代表大会第五次会议".into(),
            reply_months: 3,
            assigned_by: "县人大常委会选举任免联络工作委员会".into(),
            created_by: None,
            created_at: at,
        })
        .await
        .unwrap()
        .expect("the matrix's register");
    let motion = store
        .register_motion(&NewMotion {
            session_id: session,
            agency_id: target.id,
            number: "12".into(),
            title: "关于加快农村公路提档升级的建议".into(),
            proposers: vec![Proposer {
                name: "王某某".into(),
                group: "城关镇代表团".into(),
                contact: Some("13907712345".into()),
            }],
            co_agencies: vec![co.id],
            assigned_on: d("2025-06-02"),
            due_on: d("2025-09-02"),
            created_by: None,
            created_at: at,
        })
        .await
        .unwrap()
        .expect("the matrix's motion");
    let reply = MotionReply {
        text: "王某某代表：您的建议收悉，现答复如下：已列入明年计划。".into(),
        grade: ReplyGrade::B,
        answered_on: d("2025-08-29"),
        publish_due: d("2025-09-26"),
    };
    assert!(
        store
            .record_motion_reply(motion, &reply, stamp)
            .await
            .unwrap()
    );
    let publication = MotionPublication {
        mode: PublishMode::Full,
        text: reply.text.clone(),
        summary_reason: None,
        published_on: d("2025-09-05"),
    };
    assert!(
        store
            .publish_motion_reply(motion, &publication, stamp)
            .await
            .unwrap()
    );
    vec![
        (
            "motions/sessions/{id}",
            format!("motions/sessions/{session}"),
        ),
        ("motions/{id}", format!("motions/{motion}")),
    ]
}

async fn motion_routes_have_their_decisions(kind: DbKind) {
    let Some(world) = World::start(kind).await else {
        return;
    };
    check_cells(&world, ROWS.to_vec()).await;
}

crate::on_both_backends!(motion_routes_have_their_decisions);
