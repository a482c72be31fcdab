//! The supervisor's oversight (督办) of request deadlines: one level of the
//! tree at a time. A province's office sees its own agency and each agency
//! directly below it with everything under that summed, drills down one
//! level per click, and sees the agencies that need attention (overdue
//! cases, late items) of the whole subtree, the most first — a page whose
//! size does not grow with the number of agencies or of cases.
//!
//! Read: the deadline counts of the node's subtree (one `GROUP BY` over the
//! read model) and its outline (one indexed range of the path), summed here.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;

use gongkai_store::{AgencyId, AgencyOutline, DeadlineCounts};

use crate::version_cache::VersionCache;
use crate::{App, Error};

/// The deadline counts of a node's subtree on a day, per data version.
pub type OversightCache = VersionCache<(AgencyId, NaiveDate), Vec<DeadlineCounts>>;

/// Agencies listed as needing attention at most.
pub const ATTENTION_LIMIT: usize = 20;

/// One line: an agency with the counts of its own cases (the node) or of
/// everything from it down (an agency below the node).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OversightLine {
    pub agency_id: AgencyId,
    pub name: String,
    pub code: String,
    /// Agencies counted (the agency and those below it).
    pub agencies: u64,
    /// Agencies directly below it (0: nothing to drill into).
    pub below: u64,
    pub counts: DeadlineCounts,
}

/// What the page shows for one node of the tree.
#[derive(Debug)]
pub struct Oversight {
    /// From the supervisor's own agency down to the node: (name, code).
    pub trail: Vec<(String, String)>,
    /// The node itself, its own cases only.
    pub own: OversightLine,
    /// Each agency directly below the node, with its subtree summed.
    pub children: Vec<OversightLine>,
    /// The whole subtree of the node.
    pub total: OversightLine,
    /// Agencies of the subtree with overdue cases or late items, most first.
    pub attention: Vec<OversightLine>,
    /// How many more need attention than are listed.
    pub attention_more: usize,
}

/// One level of the tree as a supervisor of `root` sees it: `node` (a code;
/// None: the supervisor's own agency) and its outline. Refused for an
/// agency outside `root`'s subtree.
pub struct Level {
    pub node: AgencyId,
    /// From the supervisor's own agency down to the node: (name, code).
    pub trail: Vec<(String, String)>,
    /// The node and everything below it.
    pub outline: Vec<AgencyOutline>,
}

impl Level {
    pub async fn read(app: &App, root: AgencyId, node: Option<&str>) -> Result<Level, Error> {
        let node = match node {
            None => root,
            Some(code) => {
                app.store
                    .agency_by_code(code)
                    .await?
                    .ok_or_else(|| Error::not_found(format!("统一社会信用代码为 {code} 的机关")))?
                    .id
            }
        };
        let outline = app.store.outline_under(node).await?;
        let at = outline
            .iter()
            .find(|o| o.id == node)
            .ok_or_else(|| Error::not_found("该机关"))?;
        let Some(from_root) = at.lineage.iter().position(|a| *a == root) else {
            return Err(Error::forbidden(
                "只能查看本机关及下级机关：该机关不在您的管辖范围内。",
            ));
        };
        let mut trail = Vec::new();
        for id in &at.lineage[from_root..at.lineage.len() - 1] {
            if let Some(a) = app.store.agency(*id).await? {
                trail.push((a.profile.full_name, a.profile.code.as_str().to_string()));
            }
        }
        trail.push((at.full_name.clone(), at.code.clone()));
        Ok(Level {
            node,
            trail,
            outline,
        })
    }

    /// The agencies directly below the node, with how many are directly
    /// below each (0: nothing to drill into).
    pub fn children(&self) -> Vec<(&AgencyOutline, u64)> {
        let below = below_counts(&self.outline);
        self.outline
            .iter()
            .filter(|o| o.parent_id == Some(self.node))
            .map(|o| (o, below.get(&o.id).copied().unwrap_or(0)))
            .collect()
    }

    /// The deadline counts of the level (one `GROUP BY` over the read
    /// model), kept per data version and day.
    pub async fn oversight(self, app: &App) -> Result<Oversight, Error> {
        let counts = subtree_counts(app, self.node).await?;
        Ok(summed(self.node, &self.outline, &counts, self.trail))
    }
}

/// The deadline counts of `node` and every agency below it today (one
/// `GROUP BY` over the read model), kept per data version and day: the
/// oversight page and the supervisor's console share them.
pub async fn subtree_counts(app: &App, node: AgencyId) -> Result<Arc<Vec<DeadlineCounts>>, Error> {
    let today = app.clock.today();
    let version = app.store.data_version().await?;
    let key = (node, today);
    if let Some(c) = app.oversights.get(version, &key) {
        return Ok(c);
    }
    let c = Arc::new(app.store.deadline_counts(node, today).await?);
    app.oversights.put(version, key, c.clone());
    Ok(c)
}

/// How many agencies are directly below each agency of `outline`.
fn below_counts(outline: &[AgencyOutline]) -> HashMap<AgencyId, u64> {
    let mut below: HashMap<AgencyId, u64> = HashMap::new();
    for o in outline {
        if let Some(p) = o.parent_id {
            *below.entry(p).or_default() += 1;
        }
    }
    below
}

/// Sums the counts of `outline` (the subtree of `node`) per line.
fn summed(
    node: AgencyId,
    outline: &[AgencyOutline],
    counts: &[DeadlineCounts],
    trail: Vec<(String, String)>,
) -> Oversight {
    let by_id: HashMap<AgencyId, DeadlineCounts> =
        counts.iter().map(|c| (c.agency_id, *c)).collect();
    let below = below_counts(outline);
    let line = |o: &AgencyOutline| OversightLine {
        agency_id: o.id,
        name: o.full_name.clone(),
        code: o.code.clone(),
        agencies: 1,
        below: below.get(&o.id).copied().unwrap_or(0),
        counts: by_id.get(&o.id).copied().unwrap_or(DeadlineCounts {
            agency_id: o.id,
            ..DeadlineCounts::default()
        }),
    };
    let node_outline = outline.iter().find(|o| o.id == node);
    let own = node_outline.map(line).unwrap_or_else(|| OversightLine {
        agency_id: node,
        name: String::new(),
        code: String::new(),
        agencies: 1,
        below: 0,
        counts: DeadlineCounts::default(),
    });
    let mut total = own.clone();
    let mut children: Vec<OversightLine> = Vec::new();
    let mut slot: HashMap<AgencyId, usize> = HashMap::new();
    let mut attention: Vec<OversightLine> = Vec::new();
    for o in outline {
        let l = line(o);
        if l.counts.overdue > 0 || l.counts.late_items > 0 {
            attention.push(l.clone());
        }
        if o.id == node {
            continue;
        }
        add(&mut total, &l);
        let Some(child) = o.child_of(node) else {
            continue;
        };
        if child == o.id {
            slot.insert(o.id, children.len());
            children.push(l);
        } else if let Some(i) = slot.get(&child) {
            add(&mut children[*i], &l);
        }
    }
    attention.sort_by(|a, b| {
        (b.counts.overdue, b.counts.late_items, b.counts.due_soon)
            .cmp(&(a.counts.overdue, a.counts.late_items, a.counts.due_soon))
            .then(a.agency_id.cmp(&b.agency_id))
    });
    let attention_more = attention.len().saturating_sub(ATTENTION_LIMIT);
    attention.truncate(ATTENTION_LIMIT);
    total.below = own.below;
    Oversight {
        trail,
        own,
        children,
        total,
        attention,
        attention_more,
    }
}

/// Adds `l`'s counts (one agency) into `into`.
fn add(into: &mut OversightLine, l: &OversightLine) {
    into.agencies += l.agencies;
    into.counts.running += l.counts.running;
    into.counts.due_soon += l.counts.due_soon;
    into.counts.overdue += l.counts.overdue;
    into.counts.late_items += l.counts.late_items;
    into.counts.awaiting_head += l.counts.awaiting_head;
    into.counts.unconfirmed += l.counts.unconfirmed;
    into.counts.proactive_proposed += l.counts.proactive_proposed;
    into.counts.proactive_taken += l.counts.proactive_taken;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(id: i64, lineage: &[i64]) -> AgencyOutline {
        AgencyOutline {
            id,
            parent_id: lineage.len().checked_sub(2).map(|i| lineage[i]),
            lineage: lineage.to_vec(),
            full_name: format!("机关{id}"),
            code: format!("C{id}"),
            kind: gongkai_domain::agency::AgencyKind::Department,
        }
    }

    fn c(agency_id: i64, running: u64, overdue: u64, late_items: u64) -> DeadlineCounts {
        DeadlineCounts {
            agency_id,
            running,
            due_soon: 0,
            overdue,
            late_items,
            ..DeadlineCounts::default()
        }
    }

    /// Province 1 → city 2 → county 4 → bureau 5; province 1 → department 3.
    #[test]
    fn each_agency_below_carries_its_whole_subtree() {
        let outline = [
            o(1, &[1]),
            o(2, &[1, 2]),
            o(3, &[1, 3]),
            o(4, &[1, 2, 4]),
            o(5, &[1, 2, 4, 5]),
        ];
        let counts = [c(1, 2, 0, 0), c(2, 1, 0, 1), c(4, 3, 1, 0), c(5, 10, 4, 0)];
        let v = summed(1, &outline, &counts, Vec::new());
        assert_eq!((v.own.counts.running, v.own.below), (2, 2));
        let kids: Vec<_> = v
            .children
            .iter()
            .map(|l| {
                (
                    l.agency_id,
                    l.agencies,
                    l.below,
                    l.counts.running,
                    l.counts.overdue,
                    l.counts.late_items,
                )
            })
            .collect();
        // City 2: itself, county 4 and bureau 5 — 1 + 3 + 10 running, 1 + 4 overdue, 1 late item.
        assert_eq!(kids, vec![(2, 3, 1, 14, 5, 1), (3, 1, 0, 0, 0, 0)]);
        assert_eq!(
            (
                v.total.agencies,
                v.total.counts.running,
                v.total.counts.overdue
            ),
            (5, 16, 5)
        );
        // Bureau 5 (4 overdue), county 4 (1), city 2 (a late item).
        let attention: Vec<_> = v.attention.iter().map(|l| l.agency_id).collect();
        assert_eq!(attention, vec![5, 4, 2]);
        assert_eq!(v.attention_more, 0);
    }

    #[test]
    fn attention_lists_at_most_the_limit_and_says_how_many_more() {
        let mut outline = vec![o(1, &[1])];
        let mut counts = Vec::new();
        for id in 2..=31 {
            outline.push(o(id, &[1, id]));
            counts.push(c(id, 1, 1, 0));
        }
        let v = summed(1, &outline, &counts, Vec::new());
        assert_eq!(v.attention.len(), ATTENTION_LIMIT);
        assert_eq!(v.attention_more, 30 - ATTENTION_LIMIT);
        assert_eq!(v.children.len(), 30);
    }
}
