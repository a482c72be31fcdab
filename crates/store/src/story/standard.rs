//! 标准目录: a catalogue derived once per agency from a template's rows, a
//! row deleted with its reason and restored, one changed and one added;
//! the subtree's counts in one query; every change audited.

use gongkai_domain::catalogue::standard::{DisclosureLimit, TemplateKind};

use super::Epoch;
use crate::*;

const EPOCH: Epoch = Epoch(1_960_000_000);

pub async fn standard_catalogues<S: Store>(
    store: &S,
    (root, child, admin): (AgencyId, AgencyId, StaffId),
) {
    let template = &TemplateKind::Transport.template().rows;
    assert!(template.len() > 3, "the shipped transport template reads");
    assert!(store.standard_catalogue(child).await.unwrap().is_none());
    // Saving a row before there is a catalogue: not found.
    let refused = store
        .save_standard_catalogue_row(child, &template[0], admin, EPOCH.at(0))
        .await;
    assert!(
        matches!(refused, Err(StoreError::NotFound(_))),
        "{refused:?}"
    );

    store
        .derive_standard_catalogue(child, "transport", template, admin, EPOCH.at(1))
        .await
        .unwrap();
    let again = store
        .derive_standard_catalogue(child, "generic", template, admin, EPOCH.at(2))
        .await;
    assert!(
        matches!(
            again,
            Err(StoreError::Conflict(Conflict::StandardCatalogue))
        ),
        "{again:?}"
    );
    let c = store.standard_catalogue(child).await.unwrap().unwrap();
    assert_eq!(c.template, "transport");
    assert_eq!(c.derived_at, EPOCH.at(1));
    let keys: Vec<&str> = c.rows.iter().map(|r| r.row.key.as_str()).collect();
    let want: Vec<&str> = template.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, want, "the template's rows in its order");
    assert_eq!(c.rows[0].row, template[0], "a row reads back as stored");

    // ---- deleted with a reason, restored; a key not in the catalogue ----
    let port = "licensing.port-operation";
    store
        .mark_standard_catalogue_row(child, port, Some("本县无港口"), admin, EPOCH.at(3))
        .await
        .unwrap();
    let c = store.standard_catalogue(child).await.unwrap().unwrap();
    let row = c.rows.iter().find(|r| r.row.key == port).unwrap();
    assert_eq!(row.deleted_reason.as_deref(), Some("本县无港口"));
    assert_eq!(c.in_force().count(), template.len() - 1);
    let missing = store
        .mark_standard_catalogue_row(child, "no.such-row", Some("理由"), admin, EPOCH.at(4))
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );

    // ---- a template row changed, an own row added at the end ----
    let mut changed = template[0].clone();
    changed.limit = DisclosureLimit::WorkingDaysAfterChange { days: 10 };
    store
        .save_standard_catalogue_row(child, &changed, admin, EPOCH.at(5))
        .await
        .unwrap();
    let mut own = template[1].clone();
    own.key = "own.1".into();
    own.level2 = "城乡公交一体化".into();
    store
        .save_standard_catalogue_row(child, &own, admin, EPOCH.at(6))
        .await
        .unwrap();
    let c = store.standard_catalogue(child).await.unwrap().unwrap();
    assert_eq!(
        c.rows[0].row.limit,
        DisclosureLimit::WorkingDaysAfterChange { days: 10 }
    );
    assert_eq!(c.rows.last().unwrap().row.key, "own.1");
    assert_eq!(c.rows.len(), template.len() + 1);

    // ---- the subtree's counts: the root sees its child ----
    store
        .derive_standard_catalogue(
            root,
            "generic",
            &TemplateKind::Generic.template().rows,
            admin,
            EPOCH.at(7),
        )
        .await
        .unwrap();
    let counts = store.standard_catalogue_counts(root).await.unwrap();
    let child_counts = counts.iter().find(|c| c.agency_id == child).unwrap();
    assert_eq!(child_counts.template, "transport");
    assert_eq!(child_counts.in_force, template.len() as i64);
    assert_eq!(child_counts.deleted, 1);
    assert_eq!(counts.len(), 2);
    let below: Vec<AgencyId> = store
        .standard_catalogue_counts(child)
        .await
        .unwrap()
        .iter()
        .map(|c| c.agency_id)
        .collect();
    assert_eq!(below, vec![child], "the child does not see its parent");

    // Restored: in force again, its reason gone.
    store
        .mark_standard_catalogue_row(child, port, None, admin, EPOCH.at(8))
        .await
        .unwrap();
    let c = store.standard_catalogue(child).await.unwrap().unwrap();
    assert_eq!(c.in_force().count(), template.len() + 1);
    assert!(c.rows.iter().all(|r| r.deleted_reason.is_none()));

    // Every change is in the audit trail.
    let audit = store.audit_entries(10).await.unwrap();
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    for a in [
        "standard_catalogue.derived",
        "standard_catalogue.row_deleted",
        "standard_catalogue.row_saved",
        "standard_catalogue.row_restored",
    ] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
    let deletion = audit
        .iter()
        .find(|e| e.action == "standard_catalogue.row_deleted")
        .unwrap();
    assert!(
        deletion.detail.contains("本县无港口"),
        "{}",
        deletion.detail
    );
}
