//! The tamper-evident audit trail: every record carries the hash of the one
//! before it, so a record changed, removed or slipped in afterwards breaks the
//! chain at that place. The canonical form and the walk are defined here once;
//! both backends store what [`link`] computes and `gongkai audit verify` runs
//! [`verify`] over what they read back.
//!
//! What a chain proves: that nobody edited the table without recomputing every
//! hash after the edit (and the chain head). It is an alarm for casual or
//! partial tampering, not a signature.

use chrono::{DateTime, NaiveDate, SecondsFormat, SubsecRound, Utc};
use sha2::{Digest, Sha256};

use gongkai_domain::case::{Actor, CaseEventRecord};
use gongkai_domain::catalogue::{ItemAction, ItemEventRecord};

use crate::{AgencyId, NewAuditEntry, StaffId};

/// The `prev_hash` of the first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The stored time of a record: microseconds, which both databases keep exactly.
pub fn stored_time(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

/// The canonical serialization of a record: a JSON array
/// `[seq, at, staff|null, agency|null, action, detail, prev_hash]` with `at` in
/// RFC 3339, UTC, exactly six decimals (`2025-01-02T03:04:05.000006Z`).
/// JSON escaping makes it unambiguous whatever the texts contain.
pub fn canonical(
    seq: i64,
    at: DateTime<Utc>,
    staff: Option<StaffId>,
    agency: Option<AgencyId>,
    action: &str,
    detail: &str,
    prev_hash: &str,
) -> String {
    let at = stored_time(at).to_rfc3339_opts(SecondsFormat::Micros, true);
    serde_json::json!([seq, at, staff, agency, action, detail, prev_hash]).to_string()
}

/// SHA-256 (lowercase hex) of the canonical serialization.
pub fn chain_hash(
    seq: i64,
    at: DateTime<Utc>,
    staff: Option<StaffId>,
    agency: Option<AgencyId>,
    action: &str,
    detail: &str,
    prev_hash: &str,
) -> String {
    let text = canonical(seq, at, staff, agency, action, detail, prev_hash);
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The newest record of the chain (seq 0 and [`GENESIS`] while it is empty).
/// Kept in its own row so a removed last record is noticed too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    pub seq: i64,
    pub hash: String,
}

impl ChainHead {
    pub fn empty() -> ChainHead {
        ChainHead {
            seq: 0,
            hash: GENESIS.into(),
        }
    }
}

/// What to store for a new record appended after `head`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub prev_hash: String,
    pub hash: String,
}

/// Link a new record to the chain whose newest record is `head`. The caller
/// stores the record with these values and moves the head to (seq, hash), in
/// one transaction holding the chain's lock.
pub fn link(entry: &NewAuditEntry, head: &ChainHead) -> Link {
    let seq = head.seq + 1;
    let at = stored_time(entry.at);
    let hash = chain_hash(
        seq,
        at,
        entry.staff_id,
        entry.agency_id,
        &entry.action,
        &entry.detail,
        &head.hash,
    );
    Link {
        seq,
        at,
        prev_hash: head.hash.clone(),
        hash,
    }
}

/// A stored record as the verification reads it (chain columns may be empty
/// for a row someone inserted by hand).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainedRecord {
    pub id: i64,
    pub seq: Option<i64>,
    pub at: DateTime<Utc>,
    pub staff_id: Option<StaffId>,
    pub agency_id: Option<AgencyId>,
    pub action: String,
    pub detail: String,
    pub prev_hash: Option<String>,
    pub hash: Option<String>,
}

impl ChainedRecord {
    fn recomputed(&self, seq: i64, prev_hash: &str) -> String {
        chain_hash(
            seq,
            self.at,
            self.staff_id,
            self.agency_id,
            &self.action,
            &self.detail,
            prev_hash,
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakKind {
    /// The record's content (or hash) is not what was sealed.
    Changed,
    /// A record of this sequence number is missing.
    Removed,
    /// A record that was never appended through the chain.
    Inserted,
}

/// The first place where the chain does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    /// The sequence number concerned (of the missing record for `Removed`).
    pub seq: Option<i64>,
    /// The row's id, when a row is concerned.
    pub id: Option<i64>,
    pub kind: BreakKind,
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let place = match (self.seq, self.id) {
            (Some(seq), Some(id)) => format!("第{seq}条审计记录（编号{id}）"),
            (Some(seq), None) => format!("第{seq}条审计记录"),
            (None, Some(id)) => format!("编号{id}的审计记录"),
            (None, None) => "审计记录".into(),
        };
        match self.kind {
            BreakKind::Changed => write!(f, "{place}已被修改：内容与链上的哈希不符"),
            BreakKind::Removed => write!(f, "{place}已被删除：链在此处缺失"),
            BreakKind::Inserted => write!(f, "{place}是事后插入的：它不在链上"),
        }
    }
}

/// The summary of an intact chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Intact {
    /// Records on the chain.
    pub records: u64,
}

/// Walk the chain in sequence order and name the first break. `records` may be
/// in any order; `head` is the stored chain head. Rows written before the
/// chain existed are chained when the store migrates, so a row without a seq
/// was inserted by hand.
pub fn verify(records: &[ChainedRecord], head: &ChainHead) -> Result<Intact, Break> {
    let mut sorted: Vec<&ChainedRecord> = records.iter().collect();
    // Rows without a seq last, so the chained ones are walked first.
    sorted.sort_by_key(|r| (r.seq.is_none(), r.seq, r.id));
    let mut prev_hash = GENESIS.to_string();
    let mut expected = 1_i64;
    for r in sorted {
        let brk = |seq: Option<i64>, kind| Break {
            seq,
            id: Some(r.id),
            kind,
        };
        let Some(seq) = r.seq else {
            return Err(brk(None, BreakKind::Inserted));
        };
        if seq < expected {
            // A second record claiming a number already walked.
            return Err(brk(Some(seq), BreakKind::Inserted));
        }
        if seq > expected {
            return Err(Break {
                seq: Some(expected),
                id: None,
                kind: BreakKind::Removed,
            });
        }
        if r.prev_hash.as_deref() != Some(prev_hash.as_str()) {
            // Sealed to another predecessor. If the record agrees with its own
            // stored prev_hash, the predecessor was changed and rehashed;
            // otherwise this record itself was altered.
            let self_consistent = r
                .prev_hash
                .as_deref()
                .is_some_and(|p| r.hash.as_deref() == Some(r.recomputed(seq, p).as_str()));
            return Err(if self_consistent && seq > 1 {
                Break {
                    seq: Some(seq - 1),
                    id: None,
                    kind: BreakKind::Changed,
                }
            } else {
                brk(Some(seq), BreakKind::Changed)
            });
        }
        let hash = r.recomputed(seq, &prev_hash);
        if r.hash.as_deref() != Some(hash.as_str()) {
            return Err(brk(Some(seq), BreakKind::Changed));
        }
        prev_hash = hash;
        expected += 1;
    }
    let last = expected - 1;
    if head.seq > last {
        return Err(Break {
            seq: Some(last + 1),
            id: None,
            kind: BreakKind::Removed,
        });
    }
    if head.seq < last {
        return Err(Break {
            seq: Some(head.seq + 1),
            id: None,
            kind: BreakKind::Inserted,
        });
    }
    if head.hash != prev_hash {
        return Err(Break {
            seq: Some(last),
            id: None,
            kind: BreakKind::Changed,
        });
    }
    Ok(Intact {
        records: u64::try_from(last).unwrap_or(0),
    })
}

/// Filters of the audit page; `limit` at most [`AUDIT_PAGE_MAX`].
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Only records of these agencies (the reader's subtree); never empty in
    /// practice: an empty list matches nothing.
    pub agencies: Vec<AgencyId>,
    /// An action kind, e.g. `case.event` (records whose action is this or
    /// starts with it and a dot).
    pub action: Option<String>,
    pub staff_id: Option<StaffId>,
    /// Beijing dates, inclusive; the backends compare UTC instants from
    /// [`day_start`].
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub offset: i64,
    pub limit: i64,
}

/// The most records one page of the audit trail shows.
pub const AUDIT_PAGE_MAX: i64 = 100;

/// The UTC instant a Beijing day starts (UTC+8, no daylight saving).
pub fn day_start(day: NaiveDate) -> DateTime<Utc> {
    let local = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    DateTime::<Utc>::from_naive_utc_and_offset(local, Utc) - chrono::Duration::hours(8)
}

/// One page of the filtered trail, newest first, and how many match in all.
#[derive(Debug, Clone)]
pub struct AuditPage {
    pub entries: Vec<crate::AuditEntry>,
    pub total: i64,
}

// ---- the records of decisions, built once for both backends ----
//
// Details name records (ids, case numbers, index numbers, years, keys) and
// kinds of action only: never an applicant's name, ID number, phone or address.

/// The staff member behind an actor, if it is one.
pub fn actor_staff(actor: &Actor) -> Option<StaffId> {
    match actor {
        Actor::Staff { id, .. } => Some(*id),
        Actor::Applicant | Actor::System => None,
    }
}

/// The serde tag of an action (`"action"` field), e.g. `reply_sent`.
fn action_tag(action: &impl serde::Serialize) -> String {
    serde_json::to_value(action)
        .ok()
        .and_then(|v| v.get("action").and_then(|t| t.as_str()).map(str::to_owned))
        .unwrap_or_else(|| "unknown".into())
}

/// A decision on a case: `case.<action>`, detail `GK2025-000001 #3`.
pub fn case_event(agency: AgencyId, number: &str, event: &CaseEventRecord) -> NewAuditEntry {
    NewAuditEntry {
        at: event.at,
        staff_id: actor_staff(&event.actor),
        agency_id: Some(agency),
        action: format!("case.{}", action_tag(&event.action)),
        detail: format!("{number} #{}", event.seq),
    }
}

/// Documents issued for an event already recorded.
pub fn case_documents(
    agency: AgencyId,
    number: &str,
    event_seq: u32,
    at: DateTime<Utc>,
    count: usize,
) -> NewAuditEntry {
    decision(
        at,
        None,
        Some(agency),
        "case.documents_issued",
        format!("{number} #{event_seq} 文书{count}件"),
    )
}

/// A decision on a catalogue item: `item.<action>`, detail `item 12 #2`.
pub fn item_event(agency: AgencyId, item: i64, event: &ItemEventRecord) -> NewAuditEntry {
    let mut detail = format!("item {item} #{}", event.seq);
    if let ItemAction::Published { index_number, .. } = &event.action {
        detail.push(' ');
        detail.push_str(index_number.as_str());
    }
    NewAuditEntry {
        at: event.at,
        staff_id: actor_staff(&event.actor),
        agency_id: Some(agency),
        action: format!("item.{}", action_tag(&event.action)),
        detail,
    }
}

/// Any other decision (report publication, figures, calendar, templates, staff).
pub fn decision(
    at: DateTime<Utc>,
    staff: Option<StaffId>,
    agency: Option<AgencyId>,
    action: &str,
    detail: String,
) -> NewAuditEntry {
    NewAuditEntry {
        at,
        staff_id: staff,
        agency_id: agency,
        action: action.into(),
        detail,
    }
}

#[cfg(test)]
mod tests;
