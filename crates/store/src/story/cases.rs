//! The cases story (依申请公开): creation, numbering and idempotency, events,
//! documents and their immutability.

use std::future::Future;
use std::pin::pin;
use std::task::Poll;

use chrono::{DateTime, Datelike, Utc};
use gongkai_domain::application::ApplicationForm;
use gongkai_domain::case::CaseEventRecord;
use gongkai_domain::case::{Actor, CaseAction};
use gongkai_domain::document::{Block, Document, DocumentKind};
use gongkai_domain::vocabulary::ApplicantType;
use gongkai_domain::vocabulary::Outcome;

use super::*;
use crate::sql::{SqlBacked, query};

/// A snapshot stored with `e` (this story is about storage, not about the
/// read model's content: see the case-list story for that).
fn lone(e: &CaseEventRecord) -> gongkai_domain::case::CaseSnapshot {
    let cal = gongkai_domain::calendar::Calendar::vendored();
    gongkai_domain::case::CaseSnapshot::of(std::slice::from_ref(e), &cal, e.action.date())
}

/// The conflict both backends report for a stale case event.
const CASE_EVENT_CONFLICT: &str = "该案件的新记录（其他人刚刚更新了此案件，请刷新后重试）";

pub(super) fn application(name: &str) -> gongkai_domain::application::Application {
    ApplicationForm {
        applicant_kind: "natural_person".into(),
        name: name.into(),
        id_document: "resident_id_card".into(),
        id_number: "11010519491231002X".into(),
        phone: "13800138000".into(),
        email: "zhangsan@example.cn".into(),
        address: "北京市西城区府右街2号".into(),
        postcode: "100017".into(),
        description: "2029年本区道路养护工程的招标文件和中标结果".into(),
        delivery_form: "electronic".into(),
        delivery_method: "email".into(),
        ..Default::default()
    }
    .validate()
    .expect("valid application")
}

fn event(seq: u32, secs: i64, actor: Actor, action: CaseAction) -> CaseEventRecord {
    CaseEventRecord {
        seq,
        at: at(secs),
        actor,
        action,
        note: format!("第{seq}条"),
    }
}

fn new_case(
    agency: AgencyId,
    applicant_key: &str,
    submitted_at: DateTime<Utc>,
    idempotency_key: Option<&str>,
) -> NewCase {
    let first = CaseEventRecord {
        seq: 1,
        at: submitted_at,
        actor: Actor::Applicant,
        action: CaseAction::SubmittedOnline {
            date: submitted_at.date_naive(),
        },
        note: String::new(),
    };
    NewCase {
        agency_id: agency,
        query_code_hash: "hash-of-query-code".into(),
        channel: Channel::Online,
        application: application("张三"),
        applicant_key: applicant_key.into(),
        submitted_at,
        idempotency_key: idempotency_key.map(Into::into),
        first_snapshot: lone(&first),
        first_event: first,
    }
}

fn document(kind: DocumentKind, title: &str) -> Document {
    Document {
        kind,
        title: title.into(),
        number: "杜交公开〔2030〕第1号".into(),
        recipient: "张三：".into(),
        body: vec![
            Block::Heading("一、".into()),
            Block::Paragraph(format!("{title}正文")),
        ],
        issuer: "淮北市杜集区交通运输局".into(),
        date: date(2030, 3, 18),
    }
}

pub(super) fn mail(to: &str, attach_document: Option<usize>) -> MailForEvent {
    MailForEvent {
        attach_file: None,
        to_address: to.into(),
        subject: format!("致{to}"),
        body: "正文".into(),
        attach_document,
    }
}

/// Both futures, polled together on this task (no runtime crate needed).
pub(super) async fn both<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output) {
    let (mut a, mut b) = (pin!(a), pin!(b));
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(|cx| {
        if ra.is_none()
            && let Poll::Ready(v) = a.as_mut().poll(cx)
        {
            ra = Some(v);
        }
        if rb.is_none()
            && let Poll::Ready(v) = b.as_mut().poll(cx)
        {
            rb = Some(v);
        }
        if ra.is_some() && rb.is_some() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
    (ra.expect("ready"), rb.expect("ready"))
}

fn is_event_conflict<T>(r: &StoreResult<T>) -> bool {
    matches!(r, Err(StoreError::Conflict(w)) if w.to_string() == CASE_EVENT_CONFLICT)
}

/// Every call on cases (依申请公开) and their events and documents, then the
/// records story, after the accounts story made the agencies and staff.
pub async fn cases<S: Store + SqlBacked>(
    store: &S,
    root: AgencyId,
    child: AgencyId,
    admin: StaffId,
) {
    let year = at(0).year();
    let clerk = || Actor::Staff {
        id: admin,
        name: "张三".into(),
    };

    // ---- creation, numbers, idempotency ----
    let first = new_case(root, "applicant-a", at(0), Some("form-1"));
    let created = store.create_case(&first).await.unwrap();
    let one = format!("GK{year}-000001");
    assert!(matches!(&created, CaseCreated::New { number, .. } if *number == one));
    let case1 = created.id();
    assert_eq!(
        store.create_case(&first).await.unwrap(),
        CaseCreated::AlreadyExists {
            id: case1,
            number: one.clone()
        }
    );
    let second = new_case(root, "applicant-b", at(10), None);
    let created = store.create_case(&second).await.unwrap();
    let two = format!("GK{year}-000002");
    assert!(matches!(&created, CaseCreated::New { number, .. } if *number == two));
    let case2 = created.id();
    assert!(case2 > case1);
    // Another year starts its own serials.
    let next_year = new_case(child, "applicant-a", at(366 * 86_400), None);
    let created = store.create_case(&next_year).await.unwrap();
    assert_eq!(created.number(), format!("GK{}-000001", year + 1));
    let case3 = created.id();
    // Two submissions of one form at once make one case.
    let racing = new_case(root, "applicant-c", at(20), Some("form-2"));
    let (a, b) = both(store.create_case(&racing), store.create_case(&racing)).await;
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!((a.id(), a.number()), (b.id(), b.number()));
    assert_eq!(a.number(), format!("GK{year}-000003"));
    assert!(
        matches!(
            (&a, &b),
            (CaseCreated::New { .. }, CaseCreated::AlreadyExists { .. })
                | (CaseCreated::AlreadyExists { .. }, CaseCreated::New { .. })
        ),
        "{a:?} {b:?}"
    );
    let case4 = a.id();
    // Two different forms at once get two consecutive numbers.
    let (a, b) = both(
        store.create_case(&new_case(root, "applicant-d", at(30), None)),
        store.create_case(&new_case(root, "applicant-e", at(31), None)),
    )
    .await;
    let mut numbers = [
        a.unwrap().number().to_string(),
        b.unwrap().number().to_string(),
    ];
    numbers.sort();
    assert_eq!(
        numbers,
        [format!("GK{year}-000004"), format!("GK{year}-000005")]
    );
    assert!(matches!(
        store.create_case(&new_case(9_999, "x", at(40), None)).await,
        Err(StoreError::NotFound(w)) if w == "申请所引用的记录"
    ));

    // ---- reading cases ----
    let got = store.case(case1).await.unwrap().expect("created");
    assert_eq!(
        (got.id, got.agency_id, got.number.as_str(), got.channel),
        (case1, root, one.as_str(), Channel::Online)
    );
    assert_eq!(got.application, first.application);
    assert_eq!(got.query_code_hash, "hash-of-query-code");
    assert_eq!(got.applicant_key, "applicant-a");
    assert_eq!(got.applicant_type, ApplicantType::NaturalPerson);
    assert_eq!(got.submitted_at, at(0));
    assert!(store.case(9_999).await.unwrap().is_none());
    assert_eq!(
        store.case_by_number(&two).await.unwrap().map(|c| c.id),
        Some(case2)
    );
    assert!(
        store
            .case_by_number("GK1999-000001")
            .await
            .unwrap()
            .is_none()
    );
    let ids = |cases: Vec<Case>| cases.iter().map(|c| c.id).collect::<Vec<_>>();
    let of_root = ids(store.cases_of_agency(root).await.unwrap());
    assert_eq!(of_root.len(), 5);
    assert_eq!(&of_root[..3], &[case1, case2, case4]);
    assert_eq!(
        ids(store.cases_of_agency(child).await.unwrap()),
        vec![case3]
    );
    let of_applicant = async |agency, key: &str, until: DateTime<Utc>| {
        let all = DateTime::<Utc>::UNIX_EPOCH..until;
        let rows = store
            .cases_of_applicant(agency, key, all, 10)
            .await
            .unwrap();
        rows.into_iter().map(|e| e.case.id).collect::<Vec<_>>()
    };
    let forever = DateTime::<Utc>::from_timestamp(4_102_444_800, 0).unwrap(); // 2100
    assert_eq!(
        of_applicant(root, "applicant-a", forever).await,
        vec![case1]
    );
    assert_eq!(
        of_applicant(child, "applicant-a", forever).await,
        vec![case3]
    );
    assert!(of_applicant(root, "nobody", forever).await.is_empty());
    // Submitted before case 1: none (the range's end is excluded).
    let submitted = store.case(case1).await.unwrap().unwrap().submitted_at;
    assert!(
        of_applicant(root, "applicant-a", submitted)
            .await
            .is_empty()
    );

    // ---- events ----
    assert_eq!(
        store.case_events(case1).await.unwrap(),
        vec![first.first_event.clone()]
    );
    assert!(store.case_events(9_999).await.unwrap().is_empty());
    let correction = event(
        2,
        100,
        clerk(),
        CaseAction::CorrectionRequested {
            date: date(2030, 3, 18),
            items: vec!["请说明所需信息的年份".into()],
            applicant_deadline: date(2030, 4, 1),
        },
    );
    for wrong in [1, 3] {
        let e = CaseEventRecord {
            seq: wrong,
            ..correction.clone()
        };
        assert!(is_event_conflict(
            &store
                .append_case_event(case1, &e, &lone(&e), &[], &[])
                .await
        ));
    }
    let docs = [
        document(DocumentKind::CorrectionNotice, "补正申请告知书"),
        document(DocumentKind::Receipt, "政府信息公开申请登记回执"),
    ];
    let mails = [
        mail("zhangsan@example.cn", Some(1)),
        mail("archive@example.gov.cn", None),
        mail("nobody@example.cn", Some(7)),
    ];
    let doc_ids = store
        .append_case_event(case1, &correction, &lone(&correction), &docs, &mails)
        .await
        .unwrap();
    assert_eq!(doc_ids.len(), 2);
    assert!(doc_ids[1] > doc_ids[0]);
    assert_eq!(
        store.case_events(case1).await.unwrap(),
        vec![first.first_event.clone(), correction.clone()]
    );
    // A second append of seq 2 is refused and leaves nothing behind.
    assert!(is_event_conflict(
        &store
            .append_case_event(case1, &correction, &lone(&correction), &docs, &mails)
            .await
    ));
    let issued = store.case_documents(case1).await.unwrap();
    assert_eq!(issued.len(), 2);
    for (got, (id, doc)) in issued.iter().zip(doc_ids.iter().zip(&docs)) {
        assert_eq!(
            (got.id, got.case_id, got.event_seq, got.issued_at),
            (*id, case1, 2, at(100))
        );
        assert_eq!(&got.document, doc);
    }
    let pending = store.pending_mail(5, -1).await.unwrap();
    let summary: Vec<_> = pending
        .iter()
        .map(|m| (m.case_id, m.to_address.as_str(), m.document_id))
        .collect();
    assert_eq!(
        summary,
        vec![
            (Some(case1), "zhangsan@example.cn", Some(doc_ids[1])),
            (Some(case1), "archive@example.gov.cn", None),
            (Some(case1), "nobody@example.cn", None),
        ]
    );
    assert!(pending.iter().all(|m| m.created_at == at(100)
        && m.attempts == 0
        && m.last_error.is_none()
        && m.sent_at.is_none()
        && m.subject == format!("致{}", m.to_address)
        && m.body == "正文"));

    // Two clerks record the next event at once: one wins.
    let decided = event(
        3,
        200,
        clerk(),
        CaseAction::OutcomeDecided {
            date: date(2030, 3, 20),
            outcome: Outcome::Disclosed,
            reasoning: "予以公开".into(),
            referred_to: None,
            access_method: String::new(),
            provided: Vec::new(),
        },
    );
    let other = CaseEventRecord {
        note: "另一人".into(),
        ..decided.clone()
    };
    let (a, b) = both(
        store.append_case_event(case1, &decided, &lone(&decided), &[], &[]),
        store.append_case_event(case1, &other, &lone(&other), &[], &[]),
    )
    .await;
    assert!(
        (a.is_ok() && is_event_conflict(&b)) || (b.is_ok() && is_event_conflict(&a)),
        "{a:?} {b:?}"
    );
    assert_eq!(store.case_events(case1).await.unwrap().len(), 3);
    assert!(matches!(
        store
            .append_case_event(
                9_999,
                &first.first_event,
                &lone(&first.first_event),
                &[],
                &[]
            )
            .await,
        Err(StoreError::NotFound(_))
    ));

    // ---- documents for an event already recorded ----
    let receipt = [document(DocumentKind::Receipt, "登记回执")];
    let ids1 = store
        .issue_documents(case1, 1, &receipt, &[mail("zhangsan@example.cn", Some(0))])
        .await
        .unwrap();
    assert_eq!(ids1.len(), 1);
    let got = store
        .issued_document(ids1[0])
        .await
        .unwrap()
        .expect("issued");
    assert_eq!(
        (got.case_id, got.event_seq, got.issued_at),
        (case1, 1, at(0))
    );
    assert_eq!(got.document, receipt[0]);
    assert!(store.issued_document(9_999).await.unwrap().is_none());
    assert_eq!(store.case_documents(case1).await.unwrap().len(), 3);
    assert!(store.case_documents(case2).await.unwrap().is_empty());
    let newest = store
        .pending_mail(5, -1)
        .await
        .unwrap()
        .pop()
        .expect("mail");
    assert_eq!(
        (newest.document_id, newest.created_at),
        (Some(ids1[0]), at(0))
    );
    assert!(matches!(
        store.issue_documents(case1, 99, &receipt, &[]).await,
        Err(StoreError::NotFound(w)) if w == format!("案件{case1}的第99条记录")
    ));
    assert!(
        store
            .issue_documents(case2, 1, &[], &[])
            .await
            .unwrap()
            .is_empty()
    );

    // ---- events and issued documents are immutable ----
    for sql in [
        "UPDATE case_events SET note = 'changed'",
        "DELETE FROM case_events",
        "UPDATE case_documents SET event_seq = 9",
        "DELETE FROM case_documents",
    ] {
        let err = query(sql).execute(store.db()).await.expect_err(sql).0;
        assert!(err.to_string().contains("immutable"), "{sql}: {err}");
    }
    assert_eq!(store.case_events(case1).await.unwrap()[1], correction);

    created_with_its_receipt(store, child).await;
    super::mail::records(store, (root, child, admin), [case1, case2, case3], &doc_ids).await;
    super::proposals::proposals(store, (root, child, admin), [case1, case2, case3]).await;
    super::plans::plans(store, (root, child, admin)).await;
    super::inspections::inspections(store, (root, child, admin)).await;
    super::lookback::lookback(store, (root, child, admin)).await;
    super::standard::standard_catalogues(store, (root, child, admin)).await;
    super::health::health(store, (root, child, admin)).await;
    super::scorecards::scorecards(store, (root, child, admin)).await;
    super::catalogue_rows::catalogue_rows(store, (root, child, admin)).await;
    super::consultations::consultations(store, (root, child, admin)).await;
    super::questions::questions(store, (root, child, admin), case1).await;
    super::motions::motions(store, (root, child, admin)).await;
    super::concerns::concerns(store, (root, child, admin)).await;
    super::hearings::hearings(store, (root, child, admin)).await;
    super::portal::portal(store).await;
    // Last: its records of `child` (in 2041) would show in the lists above.
    super::engagement::engagement(store, (root, child, admin)).await;
}

/// `create_case_issuing`: the case and its first event's documents are one
/// transaction. The documents carry the number the case was given; when they
/// cannot be written, no case is stored and the number is not used up.
async fn created_with_its_receipt<S: Store + SqlBacked>(store: &S, agency: AgencyId) {
    let later = at(5 * 366 * 86_400);
    let year = later.year();
    let new = new_case(agency, "applicant-r", later, None);
    let refused = store
        .create_case_issuing(&new, &|_, _| Err(StoreError::Corrupt("模板".into())))
        .await;
    assert!(matches!(refused, Err(StoreError::Corrupt(w)) if w == "模板"));
    assert!(
        store
            .case_by_number(&format!("GK{year}-000001"))
            .await
            .unwrap()
            .is_none()
    );
    let created = store
        .create_case_issuing(&new, &|id, number| {
            assert!(id > 0);
            Ok(FirstDocuments {
                documents: vec![document(DocumentKind::Receipt, &format!("{number}的回执"))],
                mail: Vec::new(),
            })
        })
        .await
        .unwrap();
    assert_eq!(created.number(), format!("GK{year}-000001"));
    let issued = store.case_documents(created.id()).await.unwrap();
    assert_eq!(issued.len(), 1);
    assert_eq!(issued[0].event_seq, 1);
    assert_eq!(issued[0].issued_at, later);
    assert_eq!(issued[0].document.title, format!("GK{year}-000001的回执"));
}
