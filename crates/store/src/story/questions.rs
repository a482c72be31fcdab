//! 政民互动's storage: a question kept once per form (a second submission
//! finds the first); the lists (open by due date with paging after a
//! question, closed and published newest first); each question closed once
//! — answered, referred, converted with its case —; published only when
//! answered with consent, the moderated texts kept beside the original;
//! the workbench's counts and the console's counts per agency of a subtree
//! (one `GROUP BY`), worked out by hand below; the agency's days; every
//! decision in the audit trail without the asker's name, contact or text.

use chrono::NaiveDate;
use gongkai_domain::participation::clocks::{QuestionClock, QuestionRules};

use super::{Epoch, date};
use crate::sql::SqlBacked;
use crate::*;

const EPOCH: Epoch = Epoch(2_010_000_000);

const BODY: &str = "请问白沙至城关的农村客运班线何时恢复？我住城关镇北街3号。";

/// A question of `agency` asked on `asked` (due a week later, escalated
/// two months and vetoed three months after).
fn asked(agency: AgencyId, key: &str, asked: NaiveDate, consent: bool) -> NewQuestion {
    let months = |n| asked.checked_add_months(chrono::Months::new(n)).unwrap();
    NewQuestion {
        agency_id: agency,
        submit_key: key.into(),
        query_code_hash: format!("hash-{key}"),
        name: "王公民".into(),
        contact: "13800138000".into(),
        subject: "农村客运班线恢复时间".into(),
        body: BODY.into(),
        consent,
        asked_at: EPOCH.at(0),
        asked_on: asked,
        clock: QuestionClock {
            due: asked + chrono::Days::new(7),
            escalate_on: months(2),
            veto_line: months(3),
        },
    }
}

async fn add<S: Store>(store: &S, q: &NewQuestion) -> QuestionId {
    match store.add_question(q).await.unwrap() {
        QuestionReceived::New(id) => id,
        again => panic!("a new question: {again:?}"),
    }
}

fn ids(rows: &[QuestionRow]) -> Vec<QuestionId> {
    rows.iter().map(|r| r.id).collect()
}

pub async fn questions<S: Store + SqlBacked>(
    store: &S,
    (root, child, admin): (AgencyId, AgencyId, StaffId),
    case: CaseId,
) {
    // ---- kept once per form ----
    let q1 = add(store, &asked(child, "k1", date(2033, 9, 1), true)).await;
    let again = store
        .add_question(&asked(child, "k1", date(2033, 9, 1), true))
        .await
        .unwrap();
    assert_eq!(again, QuestionReceived::Again(q1));
    let q2 = add(store, &asked(child, "k2", date(2033, 11, 20), true)).await;
    let q3 = add(store, &asked(child, "k3", date(2033, 11, 21), true)).await;
    let q4 = add(store, &asked(child, "k4", date(2033, 12, 1), true)).await;
    let q5 = add(store, &asked(child, "k5", date(2033, 11, 10), true)).await;
    // The same key at another agency is another question.
    let q6 = add(store, &asked(root, "k1", date(2033, 12, 2), true)).await;
    let q7 = add(store, &asked(root, "k7", date(2033, 11, 1), false)).await;
    let q = store.question(q1).await.unwrap().unwrap();
    assert_eq!(
        (
            q.agency_id,
            q.name.as_str(),
            q.contact.as_str(),
            q.body.as_str()
        ),
        (child, "王公民", "13800138000", BODY)
    );
    assert_eq!(
        (q.asked_on, q.clock.due, q.clock.veto_line, q.state),
        (
            date(2033, 9, 1),
            date(2033, 9, 8),
            date(2033, 12, 1),
            QuestionState::Open
        )
    );
    assert_eq!((q.answer, q.case, q.published_at), (None, None, None));
    assert!(store.question(q7 + 1000).await.unwrap().is_none());

    // ---- closed once each ----
    let answer = "白沙至城关班线已于11月24日恢复运行，每日6班。";
    assert!(
        store
            .answer_question(q2, answer, date(2033, 11, 25), EPOCH.stamp(admin, 10))
            .await
            .unwrap()
    );
    assert!(
        !store
            .answer_question(q2, "再次答复", date(2033, 11, 26), EPOCH.stamp(admin, 11))
            .await
            .unwrap(),
        "answered once"
    );
    let referral = "您的留言反映的是信访事项。";
    assert!(
        store
            .refer_question(
                q3,
                "petition",
                referral,
                date(2033, 12, 1),
                EPOCH.stamp(admin, 12)
            )
            .await
            .unwrap()
    );
    let link = CaseLink {
        case_id: case,
        number: "GK2033-000001".into(),
        query_code: Some("ABCD2345".into()),
    };
    assert!(
        store
            .convert_question(
                q5,
                &link,
                "已转为申请办理。",
                date(2033, 11, 12),
                EPOCH.stamp(admin, 13)
            )
            .await
            .unwrap()
    );
    assert!(
        !store
            .refer_question(
                q5,
                "complaint",
                referral,
                date(2033, 11, 13),
                EPOCH.stamp(admin, 14)
            )
            .await
            .unwrap()
    );
    store
        .answer_question(q7, answer, date(2033, 11, 2), EPOCH.stamp(admin, 15))
        .await
        .unwrap();
    let q = store.question(q2).await.unwrap().unwrap();
    assert_eq!(
        (q.state, q.answer.as_deref(), q.closed_on, q.closed_by),
        (
            QuestionState::Answered,
            Some(answer),
            Some(date(2033, 11, 25)),
            Some(admin)
        )
    );
    let q = store.question(q3).await.unwrap().unwrap();
    assert_eq!(
        (q.state, q.referred_to.as_deref()),
        (QuestionState::Referred, Some("petition"))
    );
    let q = store.question(q5).await.unwrap().unwrap();
    assert_eq!((q.state, q.case), (QuestionState::Converted, Some(link)));
    let missing = store
        .answer_question(q7 + 1000, answer, date(2033, 11, 2), EPOCH.stamp(admin, 16))
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );

    published(store, (child, admin), (q2, q3, q7)).await;
    lists(store, (root, child), [q1, q2, q3, q4, q5, q6]).await;
    counts(store, (root, child)).await;

    // ---- the agency's days ----
    assert_eq!(store.question_rules(child).await.unwrap(), None);
    let rules = QuestionRules {
        answer_days: 3,
        escalate_after_months: 1,
    };
    store
        .set_question_rules(child, rules, EPOCH.stamp(admin, 40))
        .await
        .unwrap();
    store
        .set_question_rules(child, rules, EPOCH.stamp(admin, 41))
        .await
        .unwrap();
    assert_eq!(store.question_rules(child).await.unwrap(), Some(rules));
    assert_eq!(store.question_rules(root).await.unwrap(), None);

    // ---- audited, never with the asker ----
    let entries = store.audit_entries(40).await.unwrap();
    let actions: Vec<&str> = entries
        .iter()
        .filter(|e| e.action.starts_with("question."))
        .map(|e| e.action.as_str())
        .collect();
    for a in [
        "question.received",
        "question.answered",
        "question.referred",
        "question.converted",
        "question.redacted",
        "question.published",
        "question.settings_changed",
    ] {
        assert!(actions.contains(&a), "{a}: {actions:?}");
    }
    let converted = entries
        .iter()
        .find(|e| e.action == "question.converted")
        .unwrap();
    assert!(
        converted.detail.contains("GK2033-000001"),
        "{}",
        converted.detail
    );
    assert!(
        entries.iter().all(|e| !e.detail.contains("13800138000")
            && !e.detail.contains("王公民")
            && !e.detail.contains("北街3号")),
        "no personal data in the audit trail"
    );
}

/// Published only when answered with consent; the texts as moderated
/// beside the original; a change after publishing is a redaction only.
async fn published<S: Store + SqlBacked>(
    store: &S,
    (child, admin): (AgencyId, StaffId),
    (answered, referred, no_consent): (QuestionId, QuestionId, QuestionId),
) {
    let moderated = PublicText {
        subject: "农村客运班线恢复时间".into(),
        body: "请问白沙至城关的农村客运班线何时恢复？".into(),
    };
    for q in [referred, no_consent] {
        let refused = store
            .publish_question(q, &moderated, EPOCH.stamp(admin, 20))
            .await
            .unwrap();
        assert_eq!(refused, None, "question {q}");
    }
    let done = store
        .publish_question(answered, &moderated, EPOCH.stamp(admin, 21))
        .await
        .unwrap();
    assert_eq!(
        done,
        Some(Publication {
            redacted: true,
            newly: true
        })
    );
    let q = store.question(answered).await.unwrap().unwrap();
    assert_eq!(q.body, BODY, "the original is kept");
    assert_eq!(q.public_body.as_deref(), Some(moderated.body.as_str()));
    assert_eq!(
        (q.published_at, q.published_by),
        (Some(EPOCH.at(21)), Some(admin))
    );
    let same = store
        .publish_question(answered, &moderated, EPOCH.stamp(admin, 22))
        .await
        .unwrap();
    assert_eq!(
        same,
        Some(Publication {
            redacted: false,
            newly: false
        })
    );
    let retitled = PublicText {
        subject: "班线恢复时间".into(),
        ..moderated
    };
    let done = store
        .publish_question(answered, &retitled, EPOCH.stamp(admin, 23))
        .await
        .unwrap();
    assert_eq!(
        done,
        Some(Publication {
            redacted: true,
            newly: false
        })
    );
    let q = store.question(answered).await.unwrap().unwrap();
    assert_eq!(q.published_at, Some(EPOCH.at(21)), "published once");
    let entries = store.audit_entries(10).await.unwrap();
    let redactions: Vec<&str> = entries
        .iter()
        .filter(|e| e.action == "question.redacted" && e.agency_id == Some(child))
        .map(|e| e.detail.as_str())
        .collect();
    assert_eq!(redactions.len(), 2, "{redactions:?}");
    assert!(
        redactions
            .iter()
            .any(|d| d.ends_with("公开后删改了标题（原文保留）"))
    );
    assert!(
        redactions
            .iter()
            .any(|d| d.ends_with("公开前删改了内容（原文保留）"))
    );
}

/// q1 open due 9/8, q4 open due 12/8; closed q2, q3, q5; published q2.
async fn lists<S: Store + SqlBacked>(
    store: &S,
    (root, child): (AgencyId, AgencyId),
    [q1, q2, q3, q4, q5, q6]: [QuestionId; 6],
) {
    let rows = |list, after| store.question_rows(list, after, 50);
    let open = rows(QuestionList::Open(child), None).await.unwrap();
    assert_eq!(ids(&open), vec![q1, q4], "soonest due first");
    let page = store
        .question_rows(QuestionList::Open(child), None, 1)
        .await
        .unwrap();
    assert_eq!(ids(&page), vec![q1]);
    let next = rows(QuestionList::Open(child), Some(q1)).await.unwrap();
    assert_eq!(ids(&next), vec![q4]);
    let closed = rows(QuestionList::Closed(child), None).await.unwrap();
    assert_eq!(ids(&closed), vec![q5, q3, q2], "newest first");
    let after = rows(QuestionList::Closed(child), Some(q5)).await.unwrap();
    assert_eq!(ids(&after), vec![q3, q2]);
    let public = rows(QuestionList::Published(child), None).await.unwrap();
    assert_eq!(ids(&public), vec![q2]);
    assert_eq!(public[0].subject, "班线恢复时间", "the published subject");
    assert!(public[0].published && public[0].consent);
    assert_eq!(
        ids(&rows(QuestionList::Open(root), None).await.unwrap()),
        vec![q6]
    );
}

/// On 5 December: child — due: q1 (open, due 9/8), q2, q3, q5 (closed);
/// q4 (due 12/8) not yet: 4; in time: q2 (11/25 ≤ 11/27), q5 (11/12 ≤
/// 11/17), not q3 (12/1 > 11/28): 2; open q1, q4, the oldest asked 9/1;
/// past the veto line (12/1): q1. Root — q7 answered 11/2 (due 11/8) in
/// time; q6 open, asked 12/2.
async fn counts<S: Store + SqlBacked>(store: &S, (root, child): (AgencyId, AgencyId)) {
    let today = date(2033, 12, 5);
    let child_counts = QuestionCounts {
        agency_id: child,
        due: 4,
        in_time: 2,
        open: 2,
        oldest_open_on: Some(date(2033, 9, 1)),
        vetoed: 1,
    };
    let root_counts = QuestionCounts {
        agency_id: root,
        due: 1,
        in_time: 1,
        open: 1,
        oldest_open_on: Some(date(2033, 12, 2)),
        vetoed: 0,
    };
    let mut all = store.question_counts(root, today).await.unwrap();
    all.sort_by_key(|c| c.agency_id);
    let mut expected = vec![root_counts, child_counts];
    expected.sort_by_key(|c| c.agency_id);
    assert_eq!(all, expected);
    assert_eq!(
        store.question_counts(child, today).await.unwrap(),
        vec![child_counts]
    );
    assert_eq!(child_counts.in_time_percent(), Some(50));
    assert_eq!(child_counts.oldest_open_days(today), Some(95));
    assert_eq!(
        store.question_queue_counts(child, today).await.unwrap(),
        QuestionQueueCounts {
            open: 2,
            overdue: 1,
            escalated: 1,
            vetoed: 1
        }
    );
}
