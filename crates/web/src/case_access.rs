//! The case-access policy (`gongkai_domain::access`) applied to a request:
//! the staff member's roles and where the case's agency sits in the tree.
//! Case pages, downloads, the workbench queue and the API all come through here.

use gongkai_domain::access::{CaseAccess, Relation};
use gongkai_store::AgencyId;

use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use gongkai_app::casework::{self, CaseBundle};

/// The level `who` has on a case of agency `case_agency`, with the relation
/// it was decided on.
pub async fn level(
    state: &AppState,
    who: &CurrentStaff,
    case_agency: AgencyId,
) -> AppResult<(CaseAccess, Relation)> {
    // The case's agency's way down from the top of the tree (one row), not
    // the whole tree.
    let relation = if case_agency == who.agency.id {
        Relation::OwnAgency
    } else if state
        .store
        .agency_lineage(case_agency)
        .await?
        .contains(&who.agency.id)
    {
        Relation::Subtree
    } else {
        Relation::Outside
    };
    Ok((CaseAccess::for_staff(&who.staff.roles, relation), relation))
}

/// The case `number` with what `who` may see of it; 403 with the policy's
/// reason when nothing.
pub async fn staff_case(
    state: &AppState,
    who: &CurrentStaff,
    number: &str,
) -> AppResult<(CaseBundle, CaseAccess)> {
    let b = casework::load(state, number).await?;
    let (access, relation) = level(state, who, b.case.agency_id).await?;
    if !access.may_view() {
        return Err(AppError::forbidden(CaseAccess::refusal_zh(relation)));
    }
    Ok((b, access))
}
