//! What was computed from the records, kept per data version (issue 15: a
//! province government's roll-up of 2,000 members reads and sums every
//! member's year; a province supervisor's workbench counts the running
//! cases of 2,000 agencies; both are opened again and again while nothing
//! changed).
//!
//! Invalidation: every change these count (case events, appeals, catalogue
//! items, Article 20 figures, the members chosen, the agencies) is a
//! decision recorded in the audit trail in the same transaction, so the
//! trail's head (`audit_chain_head.seq`, one indexed row) is the data's
//! version. It is read on each use, so a change is counted at once, on
//! every server sharing the database; an entry of another version is never
//! served.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use gongkai_domain::report::AnnualReport;
use gongkai_domain::report::narrative::NarrativeFigures;

/// Entries kept at most (each a few kilobytes): beyond, the cache is emptied.
const MAX_ENTRIES: usize = 256;

/// Values of one data version, by key.
pub struct VersionCache<K, V> {
    inner: Mutex<Kept<K, V>>,
}

struct Kept<K, V> {
    version: i64,
    entries: HashMap<K, Arc<V>>,
}

impl<K, V> Default for VersionCache<K, V> {
    fn default() -> Self {
        VersionCache {
            inner: Mutex::new(Kept {
                version: 0,
                entries: HashMap::new(),
            }),
        }
    }
}

impl<K: Eq + Hash, V> VersionCache<K, V> {
    /// The value kept for `key` at `version`, if any.
    pub fn get(&self, version: i64, key: &K) -> Option<Arc<V>> {
        let kept = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        (kept.version == version)
            .then(|| kept.entries.get(key).cloned())
            .flatten()
    }

    /// Keeps `value` for `key` at `version` (entries of other versions go).
    pub fn put(&self, version: i64, key: K, value: Arc<V>) {
        let mut kept = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if kept.version != version {
            if version < kept.version {
                // Computed from an older read than what is kept: not kept.
                return;
            }
            kept.version = version;
            kept.entries.clear();
        }
        if kept.entries.len() >= MAX_ENTRIES {
            kept.entries.clear();
        }
        kept.entries.insert(key, value);
    }
}

/// What a report's records give: the combined tables (without the draft's
/// text) and the figures the ready sentences quote.
#[derive(Clone)]
pub struct Computed {
    pub report: AnnualReport,
    pub narrative: NarrativeFigures,
}

/// Which report computation: the agency, the year and the members combined.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RollupKey {
    pub agency: i64,
    pub year: i32,
    pub members: Vec<i64>,
}

/// The reports' tables, per data version.
pub type RollupCache = VersionCache<RollupKey, Computed>;

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_domain::vocabulary::ReportFormat;

    fn computed(name: &str) -> Arc<Computed> {
        Arc::new(Computed {
            report: AnnualReport::blank(ReportFormat::Y2021, 2025, name),
            narrative: NarrativeFigures::default(),
        })
    }

    fn key(agency: i64, members: &[i64]) -> RollupKey {
        RollupKey {
            agency,
            year: 2025,
            members: members.to_vec(),
        }
    }

    #[test]
    fn an_entry_is_served_only_at_its_version_and_for_its_members() {
        let c = RollupCache::default();
        c.put(7, key(1, &[2, 3]), computed("甲"));
        assert_eq!(c.get(7, &key(1, &[2, 3])).unwrap().report.agency, "甲");
        assert!(c.get(8, &key(1, &[2, 3])).is_none(), "数据已变更");
        assert!(c.get(7, &key(1, &[2])).is_none(), "成员不同");
        assert!(c.get(7, &key(2, &[2, 3])).is_none(), "机关不同");
    }

    #[test]
    fn a_newer_version_empties_and_an_older_one_is_not_kept() {
        let c = RollupCache::default();
        c.put(7, key(1, &[]), computed("甲"));
        c.put(9, key(2, &[]), computed("乙"));
        assert!(c.get(7, &key(1, &[])).is_none());
        assert!(c.get(9, &key(1, &[])).is_none());
        c.put(8, key(1, &[]), computed("甲"));
        assert!(c.get(8, &key(1, &[])).is_none(), "旧版本的计算不保留");
        assert_eq!(c.get(9, &key(2, &[])).unwrap().report.agency, "乙");
    }
}
