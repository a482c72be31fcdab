//! Counting results by agency, one level of the tree at a time.
//!
//! Each document carries its agency's path from the root as numbers
//! `depth << 56 | agency id` in one multi-valued fast field; the count of
//! the level below a filtered agency (or of the roots) reads, for every
//! match, the value of that depth. A result below the agency is counted
//! under exactly one child, and a result of the agency itself under none,
//! so the children's counts and the agency's own add up to the total, and
//! each child's count is what filtering by that child finds.
//!
//! Why not tantivy's `FacetCollector` on the agency facet: asked for the
//! root, it collapses `/1` and `/1/2` into two counters that both come out
//! as `/1`, the second overwriting the first (tantivy 0.27,
//! `compute_collapse_mapping_one` with an empty parent and one-character
//! ids), so the top level undercounted: `农村公路` found 6 items and the
//! province showed 5.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// The fast field holding the agency path.
pub(crate) const AGENCY_LEVELS: &str = "agency_levels";

const DEPTH_SHIFT: u32 = 56;
const ID_MASK: u64 = (1 << DEPTH_SHIFT) - 1;

/// The value for the agency `id` at `depth` (0: a root); None for an id
/// that does not fit in 56 bits or a tree deeper than 255 levels (neither
/// occurs: ids are database row ids, trees a handful of levels).
pub(crate) fn level_value(depth: usize, id: i64) -> Option<u64> {
    let id = u64::try_from(id).ok().filter(|id| *id <= ID_MASK)?;
    let depth = u64::try_from(depth).ok().filter(|d| *d < 256)?;
    Some(depth << DEPTH_SHIFT | id)
}

/// Matches counted by the agency at `depth` of their path.
pub(crate) struct AgencyCounts {
    pub depth: usize,
}

/// What [`AgencyCounts`] found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct AgencyTally {
    /// Agency at the depth → matches under it.
    pub children: HashMap<i64, u64>,
    /// Matches whose path ends above the depth (the filtered agency's own).
    pub own: u64,
}

/// Agencies counted in a list before a hash map takes the others.
const SHORT_LIST: usize = 32;

pub(crate) struct AgencyCountsSegment {
    column: Column<u64>,
    depth: u64,
    tally: AgencyTally,
    /// The first [`SHORT_LIST`] agencies seen and their counts.
    counts: Vec<(i64, u64)>,
}

impl Collector for AgencyCounts {
    type Fruit = AgencyTally;
    type Child = AgencyCountsSegment;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<AgencyCountsSegment> {
        Ok(AgencyCountsSegment {
            column: reader.fast_fields().u64(AGENCY_LEVELS)?,
            depth: self.depth as u64,
            tally: AgencyTally::default(),
            counts: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<AgencyTally>) -> tantivy::Result<AgencyTally> {
        let mut all = AgencyTally::default();
        for f in fruits {
            all.own += f.own;
            for (id, n) in f.children {
                *all.children.entry(id).or_default() += n;
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for AgencyCountsSegment {
    type Fruit = AgencyTally;

    fn collect(&mut self, doc: DocId, _: Score) {
        let at_depth = self
            .column
            .values_for_doc(doc)
            .find(|v| v >> DEPTH_SHIFT == self.depth);
        match at_depth {
            Some(v) => {
                let id = (v & ID_MASK) as i64;
                // A level has few agencies: a short list is searched faster
                // than a hash map (which takes the rest, if there are many).
                let listed = self.counts.len();
                match self.counts.iter_mut().find(|(i, _)| *i == id) {
                    Some((_, n)) => *n += 1,
                    None if listed < SHORT_LIST => self.counts.push((id, 1)),
                    None => *self.tally.children.entry(id).or_default() += 1,
                }
            }
            None => self.tally.own += 1,
        }
    }

    fn harvest(mut self) -> AgencyTally {
        for (id, n) in self.counts {
            *self.tally.children.entry(id).or_default() += n;
        }
        self.tally
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_level_value_keeps_depth_and_id_apart() {
        let v = level_value(3, 42).unwrap();
        assert_eq!(v >> DEPTH_SHIFT, 3);
        assert_eq!(v & ID_MASK, 42);
        assert_eq!(level_value(0, -1), None);
        assert_eq!(level_value(0, 1 << 56), None);
        assert_eq!(level_value(256, 1), None);
    }
}
