//! 建议提案's storage: sessions created once per agency, kind, year and
//! name; motions registered once per 编号 in their session with their
//! co-handling agencies; an extension, the reply, its publication and the
//! satisfaction each recorded only in the state that allows it; the lists
//! (a session, co-handled, published in a year, late) without contacts; the
//! agency's counts on a day — a reply unpublished the day after its
//! publication day is late, not on the day —, the subtree's late motions
//! per agency and a year's 办理情况 summed in SQL; every decision audited
//! without a proposer's contact.

use chrono::NaiveDate;
use gongkai_domain::participation::clocks::{MotionKind, ReplyGrade};
use gongkai_domain::participation::motions::{Proposer, PublishMode, Satisfaction};

use super::{Epoch, date};
use crate::sql::SqlBacked;
use crate::*;

const EPOCH: Epoch = Epoch(2_000_000_000);

const PHONE: &str = "13900139000";
const ADDRESS: &str = "白沙县城关镇北街1号";

fn session(agency: AgencyId, kind: MotionKind, name: &str, months: u32) -> NewMotionSession {
    NewMotionSession {
        agency_id: agency,
        kind,
        year: 2033,
        name: name.into(),
        reply_months: months,
        assigned_by: "县人大常委会选举任免联络工作委员会".into(),
        created_by: None,
        created_at: EPOCH.at(0),
    }
}

fn motion(
    (session, agency): (MotionSessionId, AgencyId),
    number: &str,
    (assigned, due): (NaiveDate, NaiveDate),
    co: Vec<AgencyId>,
) -> NewMotion {
    NewMotion {
        session_id: session,
        agency_id: agency,
        number: number.into(),
        title: format!("关于改善农村公路通行条件的建议（{number}）"),
        proposers: vec![
            Proposer {
                name: "王某某".into(),
                group: "城关镇代表团".into(),
                contact: Some(format!("{PHONE} {ADDRESS}")),
            },
            Proposer {
                name: "李某".into(),
                group: String::new(),
                contact: None,
            },
        ],
        co_agencies: co,
        assigned_on: assigned,
        due_on: due,
        created_by: None,
        created_at: EPOCH.at(10),
    }
}

fn reply(grade: ReplyGrade, answered: NaiveDate, publish_due: NaiveDate) -> MotionReply {
    MotionReply {
        text: format!("王某某代表：您提出的建议收悉。联系电话{PHONE}。现答复如下……"),
        grade,
        answered_on: answered,
        publish_due,
    }
}

fn numbers(rows: &[MotionRow]) -> Vec<&str> {
    rows.iter().map(|r| r.number.as_str()).collect()
}

pub async fn motions<S: Store + SqlBacked>(
    store: &S,
    (root, child, admin): (AgencyId, AgencyId, StaffId),
) {
    let today = date(2033, 10, 1);
    // ---- sessions: once per agency, kind, year and name ----
    let people = "白沙县第十八届人民代表大会第五次会议";
    let s1 = store
        .create_motion_session(&session(child, MotionKind::Suggestion, people, 3))
        .await
        .unwrap()
        .unwrap();
    let again = session(child, MotionKind::Suggestion, people, 3);
    assert_eq!(store.create_motion_session(&again).await.unwrap(), None);
    let cppcc = "政协白沙县第十二届委员会第四次会议";
    let s2 = store
        .create_motion_session(&session(child, MotionKind::Proposal, cppcc, 5))
        .await
        .unwrap()
        .unwrap();
    let sessions = store.motion_sessions(child, 10).await.unwrap();
    let ids: Vec<MotionSessionId> = sessions.iter().map(|s| s.id).collect();
    assert_eq!(ids, vec![s2, s1]);
    assert_eq!(
        (sessions[0].reply_months, sessions[0].kind),
        (5, MotionKind::Proposal)
    );
    assert_eq!(store.motion_years(child).await.unwrap(), vec![2033]);
    assert!(store.motion_sessions(root, 10).await.unwrap().is_empty());

    // ---- motions: once per 编号 in the session ----
    let april = (date(2033, 4, 1), date(2033, 7, 1));
    let m1 = motion((s1, child), "12", april, vec![root]);
    let m1 = store.register_motion(&m1).await.unwrap().unwrap();
    let taken = motion((s1, child), "12", april, vec![]);
    assert_eq!(store.register_motion(&taken).await.unwrap(), None);
    let elsewhere = store
        .register_motion(&motion((s1, root), "99", april, vec![]))
        .await;
    assert!(
        matches!(elsewhere, Err(StoreError::NotFound(_))),
        "{elsewhere:?}"
    );
    let m2 = store
        .register_motion(&motion((s1, child), "13", april, vec![]))
        .await
        .unwrap()
        .unwrap();
    let m3 = motion(
        (s2, child),
        "7",
        (date(2033, 4, 10), date(2033, 9, 10)),
        vec![],
    );
    let m3 = store.register_motion(&m3).await.unwrap().unwrap();
    let m4 = store
        .register_motion(&motion((s1, child), "14", april, vec![]))
        .await
        .unwrap()
        .unwrap();
    let m = store.motion(m1).await.unwrap().unwrap();
    assert_eq!(
        (m.state, m.due(), m.session.id, m.co_agencies[0].id),
        (MotionState::Handling, date(2033, 7, 1), s1, root)
    );
    assert_eq!(
        m.proposers[0].contact.as_deref(),
        Some("13900139000 白沙县城关镇北街1号")
    );
    assert!(store.motion(m1 + 1000).await.unwrap().is_none());

    decisions(store, admin, [m1, m2, m3, m4]).await;
    lists(store, (root, child), [m1, m2, m3, m4], today).await;

    // ---- counts on a day ----
    let counts = store.motion_counts(child, today).await.unwrap();
    assert_eq!(
        counts,
        MotionCounts {
            handling: 2,
            reply_overdue: 1,
            awaiting_publication: 1,
            publication_overdue: 1,
            co_handled_open: 0,
        }
    );
    // 7's reply is published by 29 September: late from the 30th.
    let on = |day| store.motion_counts(child, day);
    assert_eq!(on(date(2033, 9, 29)).await.unwrap().publication_overdue, 0);
    assert_eq!(on(date(2033, 9, 30)).await.unwrap().publication_overdue, 1);
    assert_eq!(
        store
            .motion_counts(root, today)
            .await
            .unwrap()
            .co_handled_open,
        1
    );
    let late = store.motions_overdue_by_agency(root, today).await.unwrap();
    assert_eq!(late.len(), 1);
    assert_eq!(
        (
            late[0].agency.id,
            late[0].reply_overdue,
            late[0].publication_overdue
        ),
        (child, 1, 1)
    );
    assert!(
        store
            .motions_overdue_by_agency(root, date(2033, 6, 1))
            .await
            .unwrap()
            .is_empty()
    );

    // ---- the year's 办理情况 ----
    let y = store.motion_year_summary(child, 2033).await.unwrap();
    assert_eq!(
        y,
        MotionYearSummary {
            suggestions: 3,
            proposals: 1,
            answered: 2,
            answered_on_time: 2,
            grades: [1, 1, 0, 0],
            satisfaction: [1, 1, 0],
            satisfaction_unknown: 0,
            published: 1,
            published_on_time: 1,
            summaries: 1,
        }
    );
    assert_eq!(
        store.motion_year_summary(child, 2032).await.unwrap(),
        MotionYearSummary::default()
    );
    let s = store.motion_session(s1).await.unwrap().unwrap();
    assert_eq!((s.motions, s.answered, s.published), (3, 1, 1));

    // ---- audited, never with a contact ----
    let entries = store.audit_entries(40).await.unwrap();
    let actions: Vec<&str> = entries
        .iter()
        .filter(|e| e.action.starts_with("motion."))
        .map(|e| e.action.as_str())
        .collect();
    for a in [
        "motion.session_created",
        "motion.registered",
        "motion.extended",
        "motion.answered",
        "motion.published",
        "motion.satisfaction",
    ] {
        assert!(actions.contains(&a), "{a}: {actions:?}");
    }
    assert!(
        entries
            .iter()
            .all(|e| !e.detail.contains(PHONE) && !e.detail.contains(ADDRESS)),
        "no contact in the audit trail"
    );
}

/// 12 extended; 13 answered (A), published as a summary on time, its
/// satisfaction recorded; 7 answered (B) and left unpublished; 14 left.
async fn decisions<S: Store + SqlBacked>(
    store: &S,
    admin: StaffId,
    [m1, m2, m3, _]: [MotionId; 4],
) {
    let consent = "县人大常委会选联工委2033年6月20日复函同意";
    let until = date(2033, 10, 1);
    assert!(
        store
            .extend_motion(m1, until, consent, EPOCH.stamp(admin, 20))
            .await
            .unwrap()
    );
    let m = store.motion(m1).await.unwrap().unwrap();
    assert_eq!(
        (m.due(), m.extension_consent.as_deref()),
        (until, Some(consent))
    );
    assert!(
        !store
            .record_motion_satisfaction(m1, Satisfaction::Satisfied, until, EPOCH.stamp(admin, 21))
            .await
            .unwrap(),
        "no satisfaction before the reply"
    );
    let publication = MotionPublication {
        mode: PublishMode::Summary,
        text: "答复摘要：已将该路段列入2034年养护计划。".into(),
        summary_reason: Some("答复涉及个人隐私".into()),
        published_on: date(2033, 7, 10),
    };
    assert!(
        !store
            .publish_motion_reply(m2, &publication, EPOCH.stamp(admin, 22))
            .await
            .unwrap(),
        "nothing to publish before the reply"
    );
    let answered = reply(ReplyGrade::A, date(2033, 6, 20), date(2033, 7, 18));
    assert!(
        store
            .record_motion_reply(m2, &answered, EPOCH.stamp(admin, 23))
            .await
            .unwrap()
    );
    assert!(
        !store
            .record_motion_reply(m2, &answered, EPOCH.stamp(admin, 24))
            .await
            .unwrap()
    );
    assert!(
        !store
            .extend_motion(m2, until, consent, EPOCH.stamp(admin, 25))
            .await
            .unwrap(),
        "no extension once answered"
    );
    assert!(
        store
            .publish_motion_reply(m2, &publication, EPOCH.stamp(admin, 26))
            .await
            .unwrap()
    );
    assert!(
        !store
            .publish_motion_reply(m2, &publication, EPOCH.stamp(admin, 27))
            .await
            .unwrap()
    );
    let satisfied = Satisfaction::BasicallySatisfied;
    assert!(
        store
            .record_motion_satisfaction(m2, satisfied, date(2033, 7, 20), EPOCH.stamp(admin, 28))
            .await
            .unwrap()
    );
    let m = store.motion(m2).await.unwrap().unwrap();
    assert_eq!(m.state, MotionState::Published);
    assert_eq!(m.reply, Some(answered));
    assert_eq!(m.publication, Some(publication));
    assert_eq!(m.satisfaction, Some((satisfied, date(2033, 7, 20))));
    let seven = reply(ReplyGrade::B, date(2033, 9, 1), date(2033, 9, 29));
    assert!(
        store
            .record_motion_reply(m3, &seven, EPOCH.stamp(admin, 29))
            .await
            .unwrap()
    );
    assert!(
        store
            .record_motion_satisfaction(
                m3,
                Satisfaction::Satisfied,
                date(2033, 9, 5),
                EPOCH.stamp(admin, 30)
            )
            .await
            .unwrap()
    );
}

async fn lists<S: Store + SqlBacked>(
    store: &S,
    (root, child): (AgencyId, AgencyId),
    [_, m2, m3, m4]: [MotionId; 4],
    today: NaiveDate,
) {
    let rows = |list| store.motion_rows(list, None, 50);
    let register = rows(MotionList::Session(
        store.motion(m2).await.unwrap().unwrap().session.id,
    ))
    .await
    .unwrap();
    assert_eq!(numbers(&register), vec!["14", "13", "12"]);
    assert_eq!(
        register[2].proposers,
        vec!["王某某（城关镇代表团）".to_string(), "李某".to_string()]
    );
    assert_eq!(register[2].due, date(2033, 10, 1), "as extended");
    let session = register[0].session_id;
    let page = store
        .motion_rows(MotionList::Session(session), Some(m4), 1)
        .await
        .unwrap();
    assert_eq!(numbers(&page), vec!["13"]);
    assert_eq!(
        numbers(&rows(MotionList::CoHandled(root)).await.unwrap()),
        vec!["12"]
    );
    let published = rows(MotionList::Published {
        agency: child,
        year: 2033,
    })
    .await
    .unwrap();
    assert_eq!(numbers(&published), vec!["13"]);
    assert_eq!(
        (published[0].grade, published[0].publish_mode),
        (Some(ReplyGrade::A), Some(PublishMode::Summary))
    );
    let late = rows(MotionList::Overdue {
        agency: child,
        today,
    })
    .await
    .unwrap();
    let ids: Vec<MotionId> = late.iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![m4, m3]);
}
