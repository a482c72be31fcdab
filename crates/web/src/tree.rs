//! The agency tree: ordering, ancestry, and who may administer or supervise what.

use gongkai_domain::access::Relation;
use gongkai_store::{Agency, AgencyId};

use crate::views::TreeRow;

/// Depth-first rows under `root` (None: the whole forest), root included.
pub fn rows(all: &[Agency], root: Option<AgencyId>) -> Vec<TreeRow> {
    let mut out = Vec::new();
    match root {
        None => {
            for a in all.iter().filter(|a| a.parent_id.is_none()) {
                walk(all, a, 0, &mut out);
            }
        }
        Some(id) => {
            if let Some(a) = all.iter().find(|a| a.id == id) {
                walk(all, a, 0, &mut out);
            }
        }
    }
    out
}

fn walk(all: &[Agency], node: &Agency, depth: usize, out: &mut Vec<TreeRow>) {
    out.push(TreeRow {
        agency: node.clone(),
        depth,
    });
    for child in all.iter().filter(|c| c.parent_id == Some(node.id)) {
        walk(all, child, depth + 1, out);
    }
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
