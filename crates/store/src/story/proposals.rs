//! Proposals to publish proactively what was released on request (Art.
//! 44(1)): one per case, taken once by an item, counted per agency of a
//! subtree, every decision audited.

use super::draft;
use crate::*;

pub async fn proposals<S: Store>(
    store: &S,
    (root, child, admin): (AgencyId, AgencyId, StaffId),
    [case1, case2, case3]: [CaseId; 3],
) {
    let new = |agency_id, case_id, title: &str| NewProposal {
        agency_id,
        case_id,
        title: title.into(),
        summary: "因多个申请人申请相同信息，纳入主动公开范围。".into(),
        same_cases: vec!["GK-甲".into(), "GK-乙".into()],
        proposed_by: admin,
    };
    let audit_before = store.audit_entries(-1).await.unwrap().len();
    let first = store
        .propose_proactive(&new(root, case1, "农村公路养护资金分配表"))
        .await
        .unwrap();
    // One proposal per case.
    let again = store.propose_proactive(&new(root, case1, "再次建议")).await;
    assert!(
        matches!(again, Err(StoreError::Conflict(Conflict::Proposal))),
        "{again:?}"
    );
    let second = store
        .propose_proactive(&new(root, case2, "公交线路调整方案"))
        .await
        .unwrap();
    store
        .propose_proactive(&new(child, case3, "下级机关的建议"))
        .await
        .unwrap();

    let stored = store.proposal(first).await.unwrap().unwrap();
    assert_eq!(stored.case_id, case1);
    assert_eq!(stored.title, "农村公路养护资金分配表");
    assert_eq!(stored.same_cases, vec!["GK-甲", "GK-乙"]);
    assert_eq!(stored.item_id, None);
    assert_eq!(
        store.proposal_of_case(case2).await.unwrap().unwrap().id,
        second
    );
    assert!(store.proposal(-1).await.unwrap().is_none());

    // Open proposals of the agency, oldest first; the child's are its own.
    let open: Vec<i64> = store
        .open_proposals(root, 10)
        .await
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(open, vec![first, second]);
    assert_eq!(store.open_proposals(root, 1).await.unwrap().len(), 1);

    // Taken once by an item; a second take is refused.
    let item = store
        .create_items(&[draft(root, None, "农村公路养护资金分配表", 900)])
        .await
        .unwrap()[0]
        .id();
    store.take_proposal(first, item, admin).await.unwrap();
    let twice = store.take_proposal(first, item, admin).await;
    assert!(
        matches!(twice, Err(StoreError::Conflict(Conflict::Proposal))),
        "{twice:?}"
    );
    assert_eq!(
        store.proposal(first).await.unwrap().unwrap().item_id,
        Some(item)
    );
    let open = store.open_proposals(root, 10).await.unwrap();
    assert_eq!(open.iter().map(|p| p.id).collect::<Vec<_>>(), vec![second]);

    // The supervisor's counts: per agency of the subtree.
    let today = chrono::NaiveDate::from_ymd_opt(2030, 1, 2).unwrap();
    let counts = store.deadline_counts(root, today).await.unwrap();
    let of = |agency| {
        let c = counts.iter().find(|c| c.agency_id == agency).unwrap();
        (c.proactive_proposed, c.proactive_taken)
    };
    assert_eq!(of(root), (2, 1));
    assert_eq!(of(child), (1, 0));

    // Three proposals and one take: four audit entries, chained (the
    // item's creation writes its own).
    let audit = store.audit_entries(-1).await.unwrap();
    let actions: Vec<&str> = audit[..audit.len() - audit_before]
        .iter()
        .map(|e| e.action.as_str())
        .filter(|a| a.contains("proactive"))
        .collect();
    assert_eq!(
        actions,
        vec![
            "proactive.taken",
            "case.proactive_proposed",
            "case.proactive_proposed",
            "case.proactive_proposed"
        ]
    );
    let (records, head) = store.audit_chain().await.unwrap();
    assert!(audit::verify(&records, &head).is_ok());
}
