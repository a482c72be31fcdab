//! 意见征集's storage: a notice drafted and published once; the agency's
//! lists (all newest first, open by closing day, closed) and the subtree's
//! count of closed consultations without published feedback; comments kept
//! once per form (a second submission finds the first), paged by
//! moderation, shown or hidden with a reason; the feedback recorded and
//! published with the decision; every decision in the audit trail without
//! a commenter's contact.

use chrono::NaiveDate;
use gongkai_domain::catalogue::IndexNumber;
use gongkai_domain::participation::consultation::{Adoption, DraftKind, FeedbackLine};

use super::{Epoch, date};
use crate::sql::SqlBacked;
use crate::*;

const EPOCH: Epoch = Epoch(2_000_000_000);

fn notice(agency: AgencyId, title: &str, opens: NaiveDate, closes: NaiveDate) -> NewConsultation {
    NewConsultation {
        agency_id: agency,
        kind: DraftKind::NormativeDocument,
        title: title.into(),
        draft_text: "第一条 为规范农村公路养护管理，制定本办法。".into(),
        explanation: "一、起草背景\n二、主要内容".into(),
        draft_item_id: None,
        interpretation_item_id: None,
        opens_on: opens,
        closes_on: closes,
        shortened_reason: None,
        comment_address: Some("白沙县城关镇北街1号".into()),
        comment_email: Some("jtj@example.gov.cn".into()),
        name_required: false,
        created_by: None,
        created_at: EPOCH.at(0),
    }
}

fn comment(consultation: ConsultationId, key: &str, contact: &str, secs: i64) -> NewComment {
    NewComment {
        consultation_id: consultation,
        submit_key: key.into(),
        name: Some("王公民".into()),
        contact: Some(contact.into()),
        body: "建议将过渡期延长至6个月。".into(),
        received_at: EPOCH.at(secs),
    }
}

fn moderation(
    c: ConsultationId,
    comment: CommentId,
    m: Moderation,
    why: Option<&str>,
) -> NewModeration {
    NewModeration {
        consultation_id: c,
        comment_id: comment,
        moderation: m,
        hidden_reason: why.map(Into::into),
        by: None,
        at: EPOCH.at(500),
    }
}

fn titles(rows: &[ConsultationRow]) -> Vec<&str> {
    rows.iter().map(|r| r.title.as_str()).collect()
}

pub async fn consultations<S: Store + SqlBacked>(
    store: &S,
    (root, child, admin): (AgencyId, AgencyId, StaffId),
) {
    let today = date(2033, 10, 1);
    // ---- drafted, then published once ----
    let mut open = notice(
        child,
        "养护办法（征求意见稿）",
        date(2033, 9, 20),
        date(2033, 10, 11),
    );
    open.created_by = Some(admin);
    let id = store.create_consultation(&open).await.unwrap();
    let c = store.consultation(id).await.unwrap().unwrap();
    assert_eq!(
        (c.state, c.kind, c.opens_on, c.name_required, c.feedback),
        (
            ConsultationState::Draft,
            DraftKind::NormativeDocument,
            date(2033, 9, 20),
            false,
            None
        )
    );
    assert_eq!(c.explanation, "一、起草背景\n二、主要内容");
    assert_eq!(
        (c.created_by, c.created_at, c.published_at),
        (Some(admin), EPOCH.at(0), None)
    );
    assert!(store.consultation(id + 1000).await.unwrap().is_none());
    let published = store
        .publish_consultation(id, date(2033, 9, 25), None, EPOCH.stamp(admin, 10))
        .await
        .unwrap();
    assert!(published);
    assert!(
        !store
            .publish_consultation(id, date(2033, 9, 26), None, EPOCH.stamp(admin, 11))
            .await
            .unwrap(),
        "published once"
    );
    let c = store.consultation(id).await.unwrap().unwrap();
    assert_eq!(
        (c.state, c.opens_on, c.published_at),
        (
            ConsultationState::Published,
            date(2033, 9, 25),
            Some(EPOCH.at(10))
        )
    );

    // ---- the lists ----
    let closed = store
        .create_consultation(&notice(
            child,
            "收费办法（征求意见稿）",
            date(2033, 8, 1),
            date(2033, 9, 1),
        ))
        .await
        .unwrap();
    let shortened = Some("汛期临近，防汛应急需要");
    store
        .publish_consultation(closed, date(2033, 8, 1), shortened, EPOCH.stamp(admin, 20))
        .await
        .unwrap();
    let draft = store
        .create_consultation(&notice(
            child,
            "未发布的草稿",
            date(2033, 10, 5),
            date(2033, 11, 5),
        ))
        .await
        .unwrap();
    let rows = |list| store.consultation_rows(list, None, 50);
    let all = rows(ConsultationList::Agency(child)).await.unwrap();
    assert_eq!(
        titles(&all),
        vec![
            "未发布的草稿",
            "收费办法（征求意见稿）",
            "养护办法（征求意见稿）"
        ]
    );
    let page = store
        .consultation_rows(ConsultationList::Agency(child), Some(draft), 1)
        .await
        .unwrap();
    assert_eq!(titles(&page), vec!["收费办法（征求意见稿）"]);
    let open_rows = rows(ConsultationList::Open {
        agency: child,
        today,
    })
    .await
    .unwrap();
    assert_eq!(titles(&open_rows), vec!["养护办法（征求意见稿）"]);
    let closed_rows = rows(ConsultationList::Closed {
        agency: child,
        today,
    })
    .await
    .unwrap();
    assert_eq!(titles(&closed_rows), vec!["收费办法（征求意见稿）"]);
    assert_eq!(
        store
            .consultation(closed)
            .await
            .unwrap()
            .unwrap()
            .shortened_reason
            .as_deref(),
        shortened
    );
    assert!(
        rows(ConsultationList::Agency(root))
            .await
            .unwrap()
            .is_empty()
    );

    comments(store, id, closed).await;

    // ---- flagged: closed without feedback, in the subtree ----
    let missing = ConsultationList::MissingFeedback { root, today };
    assert_eq!(
        titles(&rows(missing).await.unwrap()),
        vec!["收费办法（征求意见稿）"]
    );
    assert_eq!(
        store
            .consultations_missing_feedback(root, today)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .consultations_missing_feedback(child, date(2033, 9, 1))
            .await
            .unwrap(),
        0
    );
    let counts = store.consultation_counts(child, today).await.unwrap();
    assert_eq!(
        counts,
        ConsultationCounts {
            open: 1,
            pending: 1,
            missing_feedback: 1
        }
    );

    feedback(store, (child, admin), (closed, draft)).await;
    assert_eq!(
        store
            .consultations_missing_feedback(root, today)
            .await
            .unwrap(),
        0
    );
    assert!(rows(missing).await.unwrap().is_empty());
    let closed_rows = rows(ConsultationList::Closed {
        agency: child,
        today,
    })
    .await
    .unwrap();
    assert_eq!(closed_rows[0].state, ConsultationState::Closed);
    assert!(closed_rows[0].has_decision);
    assert_eq!((closed_rows[0].comments, closed_rows[0].pending), (1, 1));

    // ---- audited, never with a contact ----
    let entries = store.audit_entries(30).await.unwrap();
    let actions: Vec<&str> = entries
        .iter()
        .filter(|e| e.action.starts_with("consultation."))
        .map(|e| e.action.as_str())
        .collect();
    for a in [
        "consultation.created",
        "consultation.published",
        "consultation.comment_received",
        "consultation.comment_shown",
        "consultation.comment_hidden",
        "consultation.feedback_recorded",
        "consultation.feedback_published",
        "consultation.decision_linked",
    ] {
        assert!(actions.contains(&a), "{a}: {actions:?}");
    }
    assert!(
        entries
            .iter()
            .all(|e| !e.detail.contains("13800138000") && !e.detail.contains("王公民")),
        "no personal data in the audit trail"
    );
}

/// Two comments on `id` and the same form sent again; one on `other`.
async fn comments<S: Store + SqlBacked>(store: &S, id: ConsultationId, other: ConsultationId) {
    let first = store
        .add_comment(&comment(id, "k1", "13800138000", 100))
        .await
        .unwrap();
    let CommentReceived::New(first) = first else {
        panic!("a new comment: {first:?}");
    };
    let again = store
        .add_comment(&comment(id, "k1", "13800138000", 101))
        .await
        .unwrap();
    assert_eq!(again, CommentReceived::Again(first));
    let second = store
        .add_comment(&comment(id, "k2", "li@example.cn", 102))
        .await
        .unwrap()
        .id();
    // The same key on another consultation is another comment.
    let elsewhere = store
        .add_comment(&comment(other, "k1", "13800138000", 103))
        .await
        .unwrap();
    assert!(matches!(elsewhere, CommentReceived::New(_)));
    let pending = store
        .comments(id, Some(Moderation::Pending), None, 10)
        .await
        .unwrap();
    let ids: Vec<CommentId> = pending.iter().map(|c| c.id).collect();
    assert_eq!(ids, vec![first, second]);
    assert_eq!(pending[0].contact.as_deref(), Some("13800138000"));
    assert_eq!(
        (pending[0].received_at, pending[0].moderated_at),
        (EPOCH.at(100), None)
    );
    let after = store.comments(id, None, Some(first), 10).await.unwrap();
    assert_eq!(after.len(), 1);

    // ---- moderated: shown, hidden with its reason ----
    store
        .moderate_comment(&moderation(id, first, Moderation::Shown, None))
        .await
        .unwrap();
    let why = "含有与征求意见稿无关的广告内容";
    store
        .moderate_comment(&moderation(id, second, Moderation::Hidden, Some(why)))
        .await
        .unwrap();
    let missing = store
        .moderate_comment(&moderation(other, first, Moderation::Shown, None))
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );
    let shown = store
        .comments(id, Some(Moderation::Shown), None, 10)
        .await
        .unwrap();
    assert_eq!(shown.len(), 1);
    assert_eq!(
        (shown[0].id, shown[0].moderated_at),
        (first, Some(EPOCH.at(500)))
    );
    let hidden = store
        .comments(id, Some(Moderation::Hidden), None, 10)
        .await
        .unwrap();
    assert_eq!(hidden[0].hidden_reason.as_deref(), Some(why));
    assert_eq!(
        store.comment_counts(id).await.unwrap(),
        CommentCounts {
            pending: 0,
            shown: 1,
            hidden: 1
        }
    );
}

/// The feedback of the closed consultation recorded and published with a
/// published item as the decision; refused on a draft.
async fn feedback<S: Store + SqlBacked>(
    store: &S,
    (child, admin): (AgencyId, StaffId),
    (closed, draft): (ConsultationId, ConsultationId),
) {
    let lines = vec![FeedbackLine {
        opinion: "建议延长过渡期".into(),
        raised_by: 3,
        adoption: Adoption::PartlyAdopted,
        reason: "过渡期延长至6个月：上位法另有规定".into(),
    }];
    assert!(
        !store
            .record_feedback(draft, &lines, EPOCH.stamp(admin, 600))
            .await
            .unwrap()
    );
    assert!(
        !store
            .publish_feedback(closed, None, EPOCH.stamp(admin, 601))
            .await
            .unwrap(),
        "nothing recorded yet"
    );
    assert!(
        store
            .record_feedback(closed, &lines, EPOCH.stamp(admin, 602))
            .await
            .unwrap()
    );
    let code = store.agency(child).await.unwrap().unwrap().profile.code;
    let number = IndexNumber::generate(&code, 2033, 71);
    let item = super::published(
        child,
        Some("cs1"),
        "收费办法",
        &number,
        date(2033, 9, 20),
        700,
    );
    let item = store.create_items(&[item]).await.unwrap()[0].id();
    let decision = DecisionLink::Item(item);
    assert!(
        store
            .publish_feedback(closed, Some(&decision), EPOCH.stamp(admin, 603))
            .await
            .unwrap()
    );
    assert!(
        !store
            .publish_feedback(closed, None, EPOCH.stamp(admin, 604))
            .await
            .unwrap()
    );
    assert!(
        !store
            .record_feedback(closed, &[], EPOCH.stamp(admin, 605))
            .await
            .unwrap()
    );
    let c = store.consultation(closed).await.unwrap().unwrap();
    assert_eq!(
        (c.state, c.feedback, c.feedback_published_at, c.decision),
        (
            ConsultationState::Closed,
            Some(lines),
            Some(EPOCH.at(603)),
            Some(decision)
        )
    );
    let elsewhere = DecisionLink::Url("https://www.example.gov.cn/zcwj/1.html".into());
    assert!(
        store
            .link_decision(closed, &elsewhere, EPOCH.stamp(admin, 606))
            .await
            .unwrap()
    );
    assert!(
        !store
            .link_decision(draft, &elsewhere, EPOCH.stamp(admin, 607))
            .await
            .unwrap()
    );
    let c = store.consultation(closed).await.unwrap().unwrap();
    assert_eq!(c.decision, Some(elsewhere));
}
