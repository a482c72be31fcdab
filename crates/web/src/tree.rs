//! The agency tree: ordering, ancestry, and who may administer or supervise what.

use std::collections::HashMap;

use axum::http::StatusCode;
use gongkai_domain::access::Relation;
use gongkai_domain::policy::{self, AgencyPath, Permission, Principal, Refusal};
use gongkai_store::{Agency, AgencyId};

use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views::TreeRow;

/// The agency-tree permission (`gongkai_domain::policy::may`): may `who` do
/// `permission` on agency `target` — their own agency or one below it, per
/// role? The refusal's message is Chinese, for the page.
pub fn may_at(
    all: &[Agency],
    who: &CurrentStaff,
    permission: Permission,
    target: AgencyId,
) -> Result<(), Refusal> {
    let mut path: Vec<_> = ancestors(all, target).iter().map(|a| a.id).collect();
    path.push(target);
    let actor = Principal {
        agency: who.agency.id,
        roles: &who.staff.roles,
    };
    policy::may(&actor, permission, &AgencyPath::new(path))
}

/// An agency found by its code together with the whole tree.
pub struct AgencyInTree {
    pub agency: Agency,
    pub all: Vec<Agency>,
}

/// The agency with `code`, where `who` may do `permission`: "not found" for
/// an unknown code, "forbidden" with the policy's reason otherwise. Every
/// page and API call on an agency named in its path goes through here.
pub async fn permitted(
    state: &AppState,
    who: &CurrentStaff,
    code: &str,
    permission: Permission,
) -> AppResult<AgencyInTree> {
    let found = by_code(state, code).await?;
    may_at(&found.all, who, permission, found.agency.id)
        .map_err(|refusal| AppError::forbidden(refusal.0))?;
    Ok(found)
}

/// The agency with `code` (not found otherwise), with the whole tree.
pub async fn by_code(state: &AppState, code: &str) -> AppResult<AgencyInTree> {
    let all = state.store.agencies().await?;
    let agency = all
        .iter()
        .find(|a| a.profile.code.as_str() == code)
        .cloned()
        .ok_or_else(|| AppError::not_found(format!("代码为“{code}”的机构")))?;
    Ok(AgencyInTree { agency, all })
}

/// The agency with `code` as the public may see it: not found for an
/// unknown code or a draft (未上线) agency. Every public page and API call
/// under `/agencies/{code}` goes through here, or through
/// [`column_agency`] when its administrators may preview the draft; staff
/// pages do not.
pub async fn public_agency(state: &AppState, code: &str) -> AppResult<Agency> {
    let agency = state
        .store
        .agency_by_code(code)
        .await?
        .ok_or_else(|| AppError::not_found(format!("代码为“{code}”的机构")))?;
    shown(agency)
}

/// The agency with `code` as `who` may see its column: online for
/// everyone; a draft (未上线) only for its administrators and the
/// supervisors above it, as a preview (`gongkai_app::preview`; the page
/// says so through `Chrome::previewing`), 404 for anyone else. The
/// column's pages go through here or [`column_in_tree`]; feeds, downloads
/// and applying through [`public_agency`].
pub async fn column_agency(
    state: &AppState,
    who: Option<&CurrentStaff>,
    code: &str,
) -> AppResult<Agency> {
    let agency = state
        .store
        .agency_by_code(code)
        .await?
        .ok_or_else(|| AppError::not_found(format!("代码为“{code}”的机构")))?;
    previewed(state, who, agency).await
}

/// [`column_agency`] with the whole tree (for pages that show neighbours).
pub async fn column_in_tree(
    state: &AppState,
    who: Option<&CurrentStaff>,
    code: &str,
) -> AppResult<AgencyInTree> {
    let found = by_code(state, code).await?;
    Ok(AgencyInTree {
        agency: previewed(state, who, found.agency).await?,
        all: found.all,
    })
}

/// The agency if it is online or `who` may preview it.
async fn previewed(
    state: &AppState,
    who: Option<&CurrentStaff>,
    agency: Agency,
) -> AppResult<Agency> {
    let staff = who.map(|w| &w.staff);
    match gongkai_app::preview::shown_as(state, staff, &agency).await? {
        Some(_) => Ok(agency),
        None => Err(not_online()),
    }
}

/// The agency if it is online; a draft answers 404 with why.
fn shown(agency: Agency) -> AppResult<Agency> {
    if agency.is_online() {
        Ok(agency)
    } else {
        Err(not_online())
    }
}

/// A draft's column, to the public.
fn not_online() -> AppError {
    AppError {
        status: StatusCode::NOT_FOUND,
        title: "专栏尚未上线",
        // Not the draft's name: it may still change before it goes online.
        message: "该机关的政府信息公开专栏尚未上线（政府信息公开指南等内容仍在编写中）。\
                  请稍后再访问，或从首页进入其上级机关的专栏查询。"
            .into(),
    }
}

/// Depth-first rows under `root` (None: the whole forest), root included.
pub fn rows(all: &[Agency], root: Option<AgencyId>) -> Vec<TreeRow> {
    // Children by parent, once: the walk is linear in the tree's size.
    let mut children: HashMap<Option<AgencyId>, Vec<&Agency>> = HashMap::new();
    for a in all {
        children.entry(a.parent_id).or_default().push(a);
    }
    let mut out = Vec::new();
    let mut stack: Vec<(&Agency, usize)> = match root {
        None => children.get(&None).cloned().unwrap_or_default(),
        Some(id) => all.iter().filter(|a| a.id == id).collect(),
    }
    .into_iter()
    .rev()
    .map(|a| (a, 0))
    .collect();
    while let Some((node, depth)) = stack.pop() {
        out.push(TreeRow {
            agency: node.clone(),
            depth,
        });
        if let Some(kids) = children.get(&Some(node.id)) {
            stack.extend(kids.iter().rev().map(|c| (*c, depth + 1)));
        }
    }
    out
}

/// Ancestors from the root down to the parent of `id`.
pub fn ancestors(all: &[Agency], id: AgencyId) -> Vec<Agency> {
    let mut chain = Vec::new();
    let mut cur = all.iter().find(|a| a.id == id).and_then(|a| a.parent_id);
    while let Some(pid) = cur {
        match all.iter().find(|a| a.id == pid) {
            Some(p) if !chain.iter().any(|c: &Agency| c.id == p.id) => {
                chain.push(p.clone());
                cur = p.parent_id;
            }
            _ => break,
        }
    }
    chain.reverse();
    chain
}

/// The ids of the agencies below `root` (not `root` itself), in one walk.
pub fn below(all: &[Agency], root: AgencyId) -> std::collections::HashSet<AgencyId> {
    rows(all, Some(root))
        .into_iter()
        .map(|r| r.agency.id)
        .filter(|id| *id != root)
        .collect()
}

/// True when `id` is `root` or lies below it.
pub fn is_within(all: &[Agency], root: AgencyId, id: AgencyId) -> bool {
    id == root || ancestors(all, id).iter().any(|a| a.id == root)
}

/// Where agency `id` sits relative to `own` (for the case-access policy).
pub fn relation(all: &[Agency], own: AgencyId, id: AgencyId) -> Relation {
    if id == own {
        Relation::OwnAgency
    } else if is_within(all, own, id) {
        Relation::Subtree
    } else {
        Relation::Outside
    }
}
