//! The case records story: attachments (附件), appeals (复议诉讼), document
//! templates (文书模板) and the mail outbox (邮件发件箱).

use gongkai_domain::case::register::{AppealKind, AppealResult, AppealSummary};

use super::cases::both;
use super::*;
use crate::sql::{SqlBacked, query};

/// Every call on a case's attachments, appeals, templates and mail, on the
/// cases the cases story created (`doc_ids`: the documents of `case1`).
pub(super) async fn records<S: Store + SqlBacked>(
    store: &S,
    (root, child, admin): (AgencyId, AgencyId, StaffId),
    [case1, case2, case3]: [CaseId; 3],
    doc_ids: &[i64],
) {
    // ---- attachments ----
    let attachment = |case_id, purpose: &str| NewAttachment {
        case_id,
        purpose: purpose.into(),
        sha256: "ab".repeat(32),
        filename: "身份证.jpg".into(),
        content_type: "image/jpeg".into(),
        size: 5_000_000_000,
    };
    let before = Utc::now() - chrono::Duration::seconds(60);
    let a1 = store
        .add_case_attachment(&attachment(case1, "身份证明"))
        .await
        .unwrap();
    let a2 = store
        .add_case_attachment(&attachment(case1, "委托书"))
        .await
        .unwrap();
    assert!(matches!(
        store.add_case_attachment(&attachment(9_999, "x")).await,
        Err(StoreError::NotFound(w)) if w == "附件所引用的记录"
    ));
    let got = store.case_attachments(case1).await.unwrap();
    let summary: Vec<_> = got.iter().map(|a| (a.id, a.purpose.as_str())).collect();
    assert_eq!(summary, vec![(a1, "身份证明"), (a2, "委托书")]);
    let a = &got[0];
    assert_eq!(
        (
            a.case_id,
            a.sha256.as_str(),
            a.filename.as_str(),
            a.content_type.as_str(),
            a.size
        ),
        (
            case1,
            "ab".repeat(32).as_str(),
            "身份证.jpg",
            "image/jpeg",
            5_000_000_000
        )
    );
    assert!(a.uploaded_at > before);
    assert!(store.case_attachments(case2).await.unwrap().is_empty());

    // ---- appeals ----
    let filed = AppealSummary {
        kind: AppealKind::Reconsideration,
        result: AppealResult::Pending,
        filed_on: date(2030, 5, 1),
        decided_on: None,
    };
    let appeal = store
        .add_appeal(&NewAppeal {
            case_id: case1,
            summary: filed.clone(),
            body: "淮北市人民政府".into(),
            note: "申请人不服答复".into(),
            recorded_by: Some(admin),
        })
        .await
        .unwrap();
    let other_appeal = store
        .add_appeal(&NewAppeal {
            case_id: case3,
            summary: filed.clone(),
            body: "淮北市中级人民法院".into(),
            note: String::new(),
            recorded_by: None,
        })
        .await
        .unwrap();
    assert!(matches!(
        store
            .add_appeal(&NewAppeal {
                case_id: 9_999,
                summary: filed.clone(),
                body: String::new(),
                note: String::new(),
                recorded_by: None,
            })
            .await,
        Err(StoreError::NotFound(w)) if w == "复议诉讼记录所引用的记录"
    ));
    let got = store.appeals_of_case(case1).await.unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(
        (
            got[0].id,
            got[0].case_id,
            &got[0].summary,
            got[0].body.as_str(),
            got[0].note.as_str(),
            got[0].recorded_by
        ),
        (
            appeal,
            case1,
            &filed,
            "淮北市人民政府",
            "申请人不服答复",
            Some(admin)
        )
    );
    assert!(got[0].recorded_at > before);
    store
        .set_appeal_result(
            appeal,
            AppealResult::Upheld,
            Some(date(2030, 7, 1)),
            "维持原答复",
        )
        .await
        .unwrap();
    store
        .set_appeal_result(other_appeal, AppealResult::Corrected, None, "")
        .await
        .unwrap();
    let got = store.appeals_of_agency(root).await.unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(
        (got[0].summary.result, got[0].summary.decided_on),
        (AppealResult::Upheld, Some(date(2030, 7, 1)))
    );
    assert_eq!(
        (got[0].summary.kind, got[0].summary.filed_on),
        (filed.kind, filed.filed_on)
    );
    assert_eq!(got[0].note, "申请人不服答复\n维持原答复");
    let got = store.appeals_of_agency(child).await.unwrap();
    assert_eq!(
        got.iter()
            .map(|a| (a.id, a.summary.result, a.note.as_str()))
            .collect::<Vec<_>>(),
        vec![(other_appeal, AppealResult::Corrected, "")]
    );
    store
        .set_appeal_result(other_appeal, AppealResult::Other, None, "和解")
        .await
        .unwrap();
    assert_eq!(store.appeals_of_case(case3).await.unwrap()[0].note, "和解");
    assert!(store.appeals_of_case(case2).await.unwrap().is_empty());
    assert!(matches!(
        store
            .set_appeal_result(9_999, AppealResult::Upheld, None, "")
            .await,
        Err(StoreError::NotFound(w)) if w == "复议诉讼记录9999"
    ));

    // ---- templates ----
    assert!(
        store
            .document_template(root, "receipt")
            .await
            .unwrap()
            .is_none()
    );
    store
        .put_document_template(root, "receipt", "第一版", Some(admin))
        .await
        .unwrap();
    store
        .put_document_template(root, "receipt", "第二版", None)
        .await
        .unwrap();
    store
        .put_document_template(child, "receipt", "下级", None)
        .await
        .unwrap();
    assert_eq!(
        store
            .document_template(root, "receipt")
            .await
            .unwrap()
            .as_deref(),
        Some("第二版")
    );
    assert_eq!(
        store
            .document_template(child, "receipt")
            .await
            .unwrap()
            .as_deref(),
        Some("下级")
    );
    assert!(
        store
            .document_template(root, "fee_notice")
            .await
            .unwrap()
            .is_none()
    );
    assert!(matches!(
        store.put_document_template(9_999, "receipt", "x", None).await,
        Err(StoreError::NotFound(w)) if w == "文书模板所引用的记录"
    ));

    // ---- the outbox ----
    let queued = store.pending_mail(5, -1).await.unwrap();
    assert_eq!(queued.len(), 4);
    let loose = store
        .enqueue_mail(&NewMail {
            case_id: None,
            to_address: "admin@example.gov.cn".into(),
            subject: "测试".into(),
            body: "测试邮件".into(),
            document_id: None,
        })
        .await
        .unwrap();
    let with_doc = store
        .enqueue_mail(&NewMail {
            case_id: Some(case1),
            to_address: "zhangsan@example.cn".into(),
            subject: "答复书".into(),
            body: "见附件".into(),
            document_id: Some(doc_ids[0]),
        })
        .await
        .unwrap();
    assert!(matches!(
        store
            .enqueue_mail(&NewMail {
                case_id: Some(9_999),
                to_address: "x@example.cn".into(),
                subject: String::new(),
                body: String::new(),
                document_id: None,
            })
            .await,
        Err(StoreError::NotFound(w)) if w == "邮件所引用的记录"
    ));
    let all = store.pending_mail(5, -1).await.unwrap();
    let ids: Vec<_> = all.iter().map(|m| m.id).collect();
    assert_eq!(ids.len(), 6);
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "oldest first");
    assert_eq!(&ids[4..], &[loose, with_doc]);
    assert_eq!(all[4].case_id, None);
    assert_eq!(all[5].document_id, Some(doc_ids[0]));
    assert!(all[4].created_at > before);
    assert_eq!(
        store
            .pending_mail(5, 2)
            .await
            .unwrap()
            .iter()
            .map(|m| m.id)
            .collect::<Vec<_>>(),
        ids[..2].to_vec()
    );
    assert!(store.pending_mail(5, 0).await.unwrap().is_empty());

    let failing = ids[0];
    store.mark_mail_failed(failing, "连接超时").await.unwrap();
    let m = store.pending_mail(5, 1).await.unwrap().remove(0);
    assert_eq!(
        (m.id, m.attempts, m.last_error.as_deref(), m.sent_at),
        (failing, 1, Some("连接超时"), None)
    );
    store.mark_mail_failed(failing, "拒绝连接").await.unwrap();
    let m = store.pending_mail(5, 1).await.unwrap().remove(0);
    assert_eq!((m.attempts, m.last_error.as_deref()), (2, Some("拒绝连接")));
    assert_eq!(
        store.pending_mail(2, 1).await.unwrap()[0].id,
        ids[1],
        "given up after max_attempts"
    );
    store.mark_mail_sent(failing, at(500)).await.unwrap();
    store.mark_mail_sent(loose, at(501)).await.unwrap();
    // Failing after sending changes nothing.
    store.mark_mail_failed(loose, "迟到的错误").await.unwrap();
    let left: Vec<_> = store
        .pending_mail(5, -1)
        .await
        .unwrap()
        .iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(left, vec![ids[1], ids[2], ids[3], with_doc]);
    let sent = query(
        "SELECT id, attempts, last_error, sent_at FROM mail_outbox \
         WHERE sent_at IS NOT NULL ORDER BY id",
    )
    .fetch_all(store.db())
    .await
    .unwrap();
    let sent: Vec<_> = sent
        .iter()
        .map(|r| {
            (
                r.get::<i64>("id").unwrap(),
                r.get::<i32>("attempts").unwrap(),
                r.get::<Option<String>>("last_error").unwrap(),
                r.get::<Option<DateTime<Utc>>>("sent_at").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        sent,
        vec![
            (failing, 3, None, Some(at(500))),
            (loose, 1, None, Some(at(501)))
        ]
    );
    // Marking an unknown id is not an error (as in SQLite).
    store.mark_mail_sent(9_999, at(502)).await.unwrap();
    store.mark_mail_failed(9_999, "x").await.unwrap();
    claims(store, [ids[1], ids[2], ids[3], with_doc]).await;
}

/// Claims (issue 15, two servers on one database): the four unsent mails
/// `left`, oldest first, are each taken by one sender while its claim runs.
async fn claims<S: Store + SqlBacked>(store: &S, left: [i64; 4]) {
    let ids = |m: Vec<OutgoingMail>| m.iter().map(|m| m.id).collect::<Vec<_>>();
    let (t, until) = (at(600), at(1200));
    let first = store.claim_mail(5, 2, t, until).await.unwrap();
    assert_eq!(ids(first), left[..2]);
    // Two senders at the same moment get one mail each, never the same.
    let (a, b) = both(
        store.claim_mail(5, 1, t, until),
        store.claim_mail(5, 1, t, until),
    )
    .await;
    let mut got = [ids(a.unwrap()), ids(b.unwrap())].concat();
    got.sort_unstable();
    assert_eq!(got, left[2..]);
    let none = store.claim_mail(5, 10, at(700), until).await.unwrap();
    assert!(none.is_empty(), "every mail is claimed");
    // Sent, a mail is done; failed, its claim ends and it is taken again.
    store.mark_mail_sent(left[0], at(701)).await.unwrap();
    store.mark_mail_failed(left[1], "超时").await.unwrap();
    let again = store.claim_mail(5, 10, at(702), until).await.unwrap();
    assert_eq!(ids(again), [left[1]]);
    // Claims that ran out (their sender died) are taken by another.
    let expired = store.claim_mail(5, 10, at(1201), at(1800)).await.unwrap();
    assert_eq!(ids(expired), left[1..]);
}
