//! Who may see and manage an agency's plans: its own staff and the
//! supervising offices above it (the policy's `ManagePlan` for managing;
//! reading a plan needs only to be in the agency, above it or below it —
//! a plan is a published document that the agencies below implement;
//! its tasks' progress is for the government's own staff).

use gongkai_domain::access::Relation;
use gongkai_domain::policy::{Permission, may_here, may_in};
use gongkai_store::{AgencyId, Staff, Store};

use crate::Error;

/// Where `agency` sits for `who`: their own, below them, or elsewhere
/// (one indexed row: the agency's path down the tree).
pub async fn relation(store: &dyn Store, who: &Staff, agency: AgencyId) -> Result<Relation, Error> {
    if agency == who.agency_id {
        return Ok(Relation::OwnAgency);
    }
    Ok(
        if store.agency_lineage(agency).await?.contains(&who.agency_id) {
            Relation::Subtree
        } else {
            Relation::Outside
        },
    )
}

/// `who` may read the agency's plans and tasks — its own, those below it,
/// and its superiors' (the plans it implements): 403 otherwise.
pub async fn may_read(store: &dyn Store, who: &Staff, agency: AgencyId) -> Result<Relation, Error> {
    may_here(&who.roles, Permission::ReadPlans).map_err(|r| Error::forbidden(r.0))?;
    match relation(store, who, agency).await? {
        Relation::Outside if store.agency_lineage(who.agency_id).await?.contains(&agency) => {
            Ok(Relation::Outside)
        }
        Relation::Outside => Err(Error::forbidden(
            "只能查看本机关、上级机关和下级机关的工作要点：该机关不在此范围内。",
        )),
        r => Ok(r),
    }
}

/// `who` may manage the agency's plans (import, divide, accept, return).
pub async fn may_manage(store: &dyn Store, who: &Staff, agency: AgencyId) -> Result<(), Error> {
    let r = relation(store, who, agency).await?;
    may_in(&who.roles, Permission::ManagePlan, r).map_err(|r| Error::forbidden(r.0))
}
