//! The report's participation figures (`engagement_year`): each register
//! counted by the year it concerns — consultations by the day they opened
//! (drafts not), comments hidden by moderation left out, feedback by the day
//! the consultation closed, questions by the day asked and closed, motions by
//! the day assigned, concerns by the Beijing hour they were learned of —
//! per agency, an agency with nothing left out. The year
//! 2041 is used by no other story; every figure below is counted by hand
//! from the records written here.

use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::participation::clocks::{ConcernClass, MotionKind, QuestionClock, ReplyGrade};
use gongkai_domain::participation::concern::ResponseKind;
use gongkai_domain::participation::consultation::{Adoption, DraftKind, FeedbackLine};
use gongkai_domain::participation::motions::PublishMode;
use gongkai_domain::report::engagement::{
    ConcernYear, ConsultationYear, EngagementFigures, MotionYear, QuestionYear,
};

use super::{Epoch, date};
use crate::sql::SqlBacked;
use crate::*;

const EPOCH: Epoch = Epoch(2_250_000_000);

/// A consultation of `agency` open from `opens` to `closes`, published
/// unless `draft`.
async fn consultation<S: Store>(
    store: &S,
    (agency, admin): (AgencyId, StaffId),
    (opens, closes): (NaiveDate, NaiveDate),
    draft: bool,
) -> ConsultationId {
    let id = store
        .create_consultation(&NewConsultation {
            agency_id: agency,
            kind: DraftKind::NormativeDocument,
            title: format!("征求意见稿（{opens}）"),
            draft_text: "第一条 为规范农村公路养护管理，制定本办法。".into(),
            explanation: "一、起草背景".into(),
            draft_item_id: None,
            interpretation_item_id: None,
            opens_on: opens,
            closes_on: closes,
            shortened_reason: None,
            comment_address: None,
            comment_email: Some("jtj@example.gov.cn".into()),
            name_required: false,
            created_by: None,
            created_at: EPOCH.at(0),
        })
        .await
        .unwrap();
    if !draft {
        assert!(
            store
                .publish_consultation(id, opens, None, EPOCH.stamp(admin, 0))
                .await
                .unwrap()
        );
    }
    id
}

async fn comment<S: Store>(store: &S, c: ConsultationId, key: &str) -> CommentId {
    store
        .add_comment(&NewComment {
            consultation_id: c,
            submit_key: key.into(),
            name: None,
            contact: None,
            body: "建议延长过渡期。".into(),
            received_at: EPOCH.at(1),
        })
        .await
        .unwrap()
        .id()
}

fn line(adoption: Adoption) -> FeedbackLine {
    FeedbackLine {
        opinion: "延长过渡期".into(),
        raised_by: 1,
        adoption,
        reason: "上位法另有规定".into(),
    }
}

/// Three consultations of 2041 (one a draft, which does not count) and one
/// of December 2040 whose feedback, published in January 2041, counts in
/// 2041 by its closing day.
async fn consultations<S: Store>(store: &S, (agency, admin): (AgencyId, StaffId)) {
    let who = (agency, admin);
    let a = consultation(store, who, (date(2041, 3, 1), date(2041, 3, 31)), false).await;
    let b = consultation(store, who, (date(2041, 11, 20), date(2042, 1, 10)), false).await;
    consultation(store, who, (date(2041, 5, 1), date(2041, 6, 1)), true).await;
    let old = consultation(store, who, (date(2040, 12, 10), date(2041, 1, 9)), false).await;
    // a: 3 comments, one hidden as abuse; b: 1; old: 2 (received in 2040's consultation).
    let hidden = comment(store, a, "a1").await;
    comment(store, a, "a2").await;
    comment(store, a, "a3").await;
    comment(store, b, "b1").await;
    comment(store, old, "o1").await;
    comment(store, old, "o2").await;
    store
        .moderate_comment(&NewModeration {
            consultation_id: a,
            comment_id: hidden,
            moderation: Moderation::Hidden,
            hidden_reason: Some("含侮辱性内容".into()),
            by: None,
            at: EPOCH.at(2),
        })
        .await
        .unwrap();
    let a_lines = [
        line(Adoption::Adopted),
        line(Adoption::Adopted),
        line(Adoption::NotAdopted),
    ];
    let old_lines = [line(Adoption::PartlyAdopted)];
    for (c, lines) in [(a, &a_lines[..]), (old, &old_lines[..])] {
        assert!(
            store
                .record_feedback(c, lines, EPOCH.stamp(admin, 0))
                .await
                .unwrap()
        );
        assert!(
            store
                .publish_feedback(c, None, EPOCH.stamp(admin, 0))
                .await
                .unwrap()
        );
    }
    // b's feedback is recorded but not published: it counts nowhere.
    assert!(
        store
            .record_feedback(b, &a_lines, EPOCH.stamp(admin, 0))
            .await
            .unwrap()
    );
}

/// A question of `agency` asked on `asked`, due a week later.
async fn question<S: Store>(
    store: &S,
    agency: AgencyId,
    key: &str,
    asked: NaiveDate,
) -> QuestionId {
    let received = store
        .add_question(&NewQuestion {
            agency_id: agency,
            submit_key: key.into(),
            query_code_hash: format!("hash-{key}"),
            name: "王公民".into(),
            contact: "13800138000".into(),
            subject: "农村客运班线".into(),
            body: "班线何时恢复？".into(),
            consent: true,
            asked_at: EPOCH.at(3),
            asked_on: asked,
            clock: QuestionClock {
                due: asked + chrono::Days::new(7),
                escalate_on: asked + chrono::Days::new(60),
                veto_line: asked + chrono::Days::new(90),
            },
        })
        .await
        .unwrap();
    match received {
        QuestionReceived::New(id) => id,
        again => panic!("a new question: {again:?}"),
    }
}

/// Six questions around 2041: received in 2041 are q1, q2, q3, q5, q6 (5);
/// answered in 2041 are q1 (on time), q2 (a week late) and q4 (asked in
/// 2040, on time) — 3, 2 on time; q5 referred; q1 published; q6 answered
/// in 2042 and q3 still open count only as received.
async fn questions<S: Store>(store: &S, (agency, admin): (AgencyId, StaffId)) {
    let answer = |id, on| async move {
        assert!(
            store
                .answer_question(id, "班线已于本月恢复。", on, EPOCH.stamp(admin, 0))
                .await
                .unwrap()
        );
    };
    let q1 = question(store, agency, "q1", date(2041, 2, 3)).await;
    answer(q1, date(2041, 2, 8)).await;
    let text = PublicText {
        subject: "农村客运班线".into(),
        body: "班线何时恢复？".into(),
    };
    assert!(
        store
            .publish_question(q1, &text, EPOCH.stamp(admin, 0))
            .await
            .unwrap()
            .is_some()
    );
    let q2 = question(store, agency, "q2", date(2041, 4, 1)).await;
    answer(q2, date(2041, 4, 15)).await;
    question(store, agency, "q3", date(2041, 12, 28)).await;
    let q4 = question(store, agency, "q4", date(2040, 12, 30)).await;
    answer(q4, date(2041, 1, 5)).await;
    let q5 = question(store, agency, "q5", date(2041, 6, 1)).await;
    assert!(
        store
            .refer_question(
                q5,
                "信访",
                "请向县信访局反映。",
                date(2041, 6, 2),
                EPOCH.stamp(admin, 0)
            )
            .await
            .unwrap()
    );
    let q6 = question(store, agency, "q6", date(2041, 7, 1)).await;
    answer(q6, date(2042, 1, 5)).await;
}

async fn session<S: Store>(store: &S, agency: AgencyId, kind: MotionKind) -> MotionSessionId {
    store
        .create_motion_session(&NewMotionSession {
            agency_id: agency,
            kind,
            year: 2041,
            name: format!("2041年会议（{kind:?}）"),
            reply_months: 3,
            assigned_by: "县人大常委会".into(),
            created_by: None,
            created_at: EPOCH.at(4),
        })
        .await
        .unwrap()
        .unwrap()
}

async fn motion<S: Store>(
    store: &S,
    (session, agency): (MotionSessionId, AgencyId),
    number: &str,
    (assigned, due): (NaiveDate, NaiveDate),
) -> MotionId {
    store
        .register_motion(&NewMotion {
            session_id: session,
            agency_id: agency,
            number: number.into(),
            title: format!("关于农村公路的建议（{number}）"),
            proposers: Vec::new(),
            co_agencies: Vec::new(),
            assigned_on: assigned,
            due_on: due,
            created_by: None,
            created_at: EPOCH.at(5),
        })
        .await
        .unwrap()
        .unwrap()
}

/// Two 建议 and two 提案 assigned in March 2041: m1 answered in time (A)
/// and published, m2 late (B), m3 in hand, m4 answered after its due day
/// but within the consented extension (D) — answered 3, on time 2.
async fn motions<S: Store>(store: &S, (agency, admin): (AgencyId, StaffId)) {
    let npc = session(store, agency, MotionKind::Suggestion).await;
    let cppcc = session(store, agency, MotionKind::Proposal).await;
    let spring = (date(2041, 3, 10), date(2041, 6, 10));
    let m1 = motion(store, (npc, agency), "1", spring).await;
    let m2 = motion(store, (npc, agency), "2", spring).await;
    motion(
        store,
        (cppcc, agency),
        "3",
        (date(2041, 3, 15), date(2041, 8, 15)),
    )
    .await;
    let m4 = motion(
        store,
        (cppcc, agency),
        "4",
        (date(2041, 3, 15), date(2041, 8, 15)),
    )
    .await;
    assert!(
        store
            .extend_motion(
                m4,
                date(2041, 9, 15),
                "县政协办公室同意延期",
                EPOCH.stamp(admin, 0)
            )
            .await
            .unwrap()
    );
    for (id, grade, on) in [
        (m1, ReplyGrade::A, date(2041, 5, 20)),
        (m2, ReplyGrade::B, date(2041, 7, 1)),
        (m4, ReplyGrade::D, date(2041, 9, 1)),
    ] {
        let reply = MotionReply {
            text: "现答复如下……".into(),
            grade,
            answered_on: on,
            publish_due: on + chrono::Days::new(28),
        };
        assert!(
            store
                .record_motion_reply(id, &reply, EPOCH.stamp(admin, 0))
                .await
                .unwrap()
        );
    }
    let published = MotionPublication {
        mode: PublishMode::Full,
        text: "现答复如下……".into(),
        summary_reason: None,
        published_on: date(2041, 6, 1),
    };
    assert!(
        store
            .publish_motion_reply(m1, &published, EPOCH.stamp(admin, 0))
            .await
            .unwrap()
    );
}

/// `h:m` on `day` of 2041 or 2042, Beijing time.
fn beijing(y: i32, m: u32, day: u32, (h, min): (u32, u32)) -> DateTime<Utc> {
    date(y, m, day).and_hms_opt(h, min, 0).unwrap().and_utc() - chrono::Duration::hours(8)
}

async fn concern<S: Store>(
    store: &S,
    (agency, admin): (AgencyId, StaffId),
    class: ConcernClass,
    learned: DateTime<Utc>,
    responses: &[(ResponseKind, i64, bool, bool)],
) {
    let hours = |n| learned + chrono::Duration::hours(n);
    let (first, second) = match class {
        ConcernClass::MajorIncident => (hours(5), Some(hours(24))),
        ConcernClass::Other => (hours(48), None),
    };
    let id = store
        .register_concern(&NewConcern {
            agency_id: agency,
            class,
            title: "城关大桥限行".into(),
            learned_at: learned,
            source: "网络舆情监测".into(),
            summary: "群众关注大桥限行时间。".into(),
            lead_agency: "白沙县交通运输局".into(),
            first_due_at: first,
            second_due_at: second,
            created_by: None,
            created_at: learned,
        })
        .await
        .unwrap();
    for &(kind, after, meets_first, meets_second) in responses {
        let r = NewConcernResponse {
            kind,
            responded_at: hours(after),
            body: "限行将于本周五结束。".into(),
            public: true,
            external_url: None,
            items: Vec::new(),
            meets_first,
            meets_second,
        };
        let recorded = store
            .record_concern_response(id, &r, EPOCH.stamp(admin, 0))
            .await;
        assert!(recorded.unwrap().is_some());
    }
}

/// Concerns learned of in 2041, Beijing time: two other concerns (answered
/// after 30 h, in time, and after 50 h, late) and an incident (权威信息 after
/// 3 h, in time; press conference after 26 h, late); one learned at 07:00 on
/// 1 January 2042 in Beijing — still 2041 in UTC — belongs to 2042.
async fn concerns<S: Store>(store: &S, who: (AgencyId, StaffId)) {
    use ResponseKind::{AuthoritativeRelease, PressConference, Statement};
    let other = ConcernClass::Other;
    let march = beijing(2041, 3, 1, (10, 0));
    concern(store, who, other, march, &[(Statement, 30, true, false)]).await;
    let may = beijing(2041, 5, 1, (9, 0));
    concern(store, who, other, may, &[(Statement, 50, true, false)]).await;
    let july = beijing(2041, 7, 3, (22, 30));
    let incident = [
        (AuthoritativeRelease, 3, true, false),
        (PressConference, 26, false, true),
    ];
    concern(store, who, ConcernClass::MajorIncident, july, &incident).await;
    let new_year = beijing(2042, 1, 1, (7, 0));
    concern(store, who, other, new_year, &[]).await;
}

pub async fn engagement<S: Store + SqlBacked>(
    store: &S,
    (root, child, admin): (AgencyId, AgencyId, StaffId),
) {
    consultations(store, (child, admin)).await;
    questions(store, (child, admin)).await;
    motions(store, (child, admin)).await;
    concerns(store, (child, admin)).await;
    let expected = EngagementFigures {
        consultations: ConsultationYear {
            opened: 2,
            comments: 3,
            feedback_published: 2,
            adopted: 2,
            partly_adopted: 1,
            not_adopted: 1,
        },
        questions: QuestionYear {
            received: 5,
            answered: 3,
            answered_on_time: 2,
            converted: 0,
            referred: 1,
            published: 1,
        },
        motions: MotionYear {
            suggestions: 2,
            proposals: 2,
            answered: 3,
            answered_on_time: 2,
            grades: [1, 1, 0, 1],
            published: 1,
        },
        concerns: ConcernYear {
            concerns: 2,
            concerns_on_time: 1,
            emergencies: 1,
            emergencies_informed_in_time: 1,
            emergencies_briefed_in_time: 0,
        },
    };
    assert_eq!(
        store.engagement_year(&[root, child], 2041).await.unwrap(),
        vec![(child, expected)],
        "the root has nothing in 2041 and is left out"
    );
    // 2040: the December consultation and its two comments, and q4 received.
    let before = store.engagement_year(&[child], 2040).await.unwrap();
    let f = before[0].1;
    assert_eq!(
        (
            f.consultations.opened,
            f.consultations.comments,
            f.consultations.feedback_published
        ),
        (1, 2, 0)
    );
    assert_eq!((f.questions.received, f.questions.answered), (1, 0));
    assert!(store.engagement_year(&[], 2041).await.unwrap().is_empty());
    let next = store.engagement_year(&[child], 2042).await.unwrap();
    assert_eq!(
        next[0].1.concerns.concerns, 1,
        "learned on 1 January 2042, Beijing time"
    );
}
