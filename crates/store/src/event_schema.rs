//! The persisted form of events (case events, catalogue item events): the JSON
//! written to `case_events.action` / `item_events.action` (and `actor`) and
//! read back.
//!
//! Every backend encodes and decodes events through these functions only, so
//! the stored form is defined once, here, and apart from the domain and API
//! types: renaming a [`CaseAction`] variant or field is a compile error in the
//! conversions below, never a silent change of what is stored.
//!
//! Schema (issue 14):
//!
//! - Version 1 is the form stored before versioning, frozen in the `Stored…V1`
//!   types: a JSON object tagged by `action` (`kind` for the actor) in
//!   snake_case, with the fields of the variant. The nested value types
//!   (channel, receipt facts, fee method, outcome, item metadata, …) keep
//!   their own serde form; the golden tests in `event_schema/golden.rs` pin it.
//! - New writes carry the version first: `{"v":1,"action":"closed",…}`.
//! - Reads accept the legacy form without `v` (version 0, the same layout as
//!   version 1: upcast as is) and version 1; any other version is
//!   [`StoreError::Corrupt`]. A future version 2 adds `Stored…V2` types and an
//!   upcast from version 1; stored rows are never rewritten.
//! - Within version 1 a field may be added only as optional with a default
//!   (rows written before read as the default) and a variant only as new
//!   (issue 16: `access_method`, `provided`, `decision_drafted`,
//!   `decision_returned`); nothing stored changes meaning.
//! - Readers of version 1 ignore the `v` key, so the previous release still
//!   reads what this one writes.

use chrono::NaiveDate;
use gongkai_domain::application::DeliveryMethod;
use gongkai_domain::case::{Actor, CaseAction, Provided};
use gongkai_domain::catalogue::{
    IndexNumber, ItemAction, ItemMetadata, PublicationChannel, Replacement,
};
use gongkai_domain::deadline::{ConsultParty, ConsultationOutcome, ReceiptFacts};
use gongkai_domain::fees::FeeMethod;
use gongkai_domain::vocabulary::{Channel, Outcome};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::{StoreError, StoreResult};

#[cfg(test)]
mod golden;

/// The version new writes carry in `v`.
pub const SCHEMA_VERSION: u64 = 1;

/// The stored JSON: the version, then the tagged body.
#[derive(Serialize)]
struct Versioned<'a, T> {
    v: u64,
    #[serde(flatten)]
    body: &'a T,
}

fn encode<T: Serialize>(body: &T) -> StoreResult<String> {
    serde_json::to_string(&Versioned {
        v: SCHEMA_VERSION,
        body,
    })
    .map_err(|e| StoreError::Backend(e.to_string()))
}

/// The body of a stored object of version 0 (no `v`) or 1.
fn decode<T: DeserializeOwned>(s: &str, what: &str) -> StoreResult<T> {
    let corrupt = |e: String| StoreError::Corrupt(format!("{what}：{e}"));
    let mut value: serde_json::Value =
        serde_json::from_str(s).map_err(|e| corrupt(e.to_string()))?;
    let version = match value.as_object_mut().and_then(|o| o.remove("v")) {
        None => 0,
        Some(v) => v
            .as_u64()
            .ok_or_else(|| corrupt(format!("存储格式版本“{v}”不是数字")))?,
    };
    match version {
        // Version 0 (legacy, unversioned) has the layout of version 1.
        0 | 1 => serde_json::from_value(value).map_err(|e| corrupt(e.to_string())),
        v => Err(corrupt(format!(
            "不支持的存储格式版本{v}（本程序可读取至版本{SCHEMA_VERSION}）"
        ))),
    }
}

/// A case event's action as stored.
pub fn encode_case_action(a: &CaseAction) -> StoreResult<String> {
    encode(&StoredCaseActionV1::from(a.clone()))
}

/// A stored case event's action.
pub fn decode_case_action(s: &str) -> StoreResult<CaseAction> {
    decode::<StoredCaseActionV1>(s, "事件内容").map(CaseAction::from)
}

/// A catalogue item event's action as stored.
pub fn encode_item_action(a: &ItemAction) -> StoreResult<String> {
    encode(&StoredItemActionV1::from(a.clone()))
}

/// A stored catalogue item event's action.
pub fn decode_item_action(s: &str) -> StoreResult<ItemAction> {
    decode::<StoredItemActionV1>(s, "信息记录内容").map(ItemAction::from)
}

/// The actor of an event (case or item) as stored.
pub fn encode_actor(a: &Actor) -> StoreResult<String> {
    encode(&StoredActorV1::from(a.clone()))
}

/// A stored event's actor.
pub fn decode_actor(s: &str) -> StoreResult<Actor> {
    decode::<StoredActorV1>(s, "事件执行人").map(Actor::from)
}

/// The stored actor, version 1. Frozen: never rename a variant or field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum StoredActorV1 {
    Staff { id: i64, name: String },
    Applicant,
    System,
}

impl From<Actor> for StoredActorV1 {
    fn from(a: Actor) -> Self {
        match a {
            Actor::Staff { id, name } => StoredActorV1::Staff { id, name },
            Actor::Applicant => StoredActorV1::Applicant,
            Actor::System => StoredActorV1::System,
        }
    }
}

impl From<StoredActorV1> for Actor {
    fn from(a: StoredActorV1) -> Self {
        match a {
            StoredActorV1::Staff { id, name } => Actor::Staff { id, name },
            StoredActorV1::Applicant => Actor::Applicant,
            StoredActorV1::System => Actor::System,
        }
    }
}

/// Writes the two conversions between a domain enum and its stored enum whose
/// variants have the same names and fields.
macro_rules! mirror {
    ($domain:ident <=> $stored:ident { $($variant:ident { $($field:ident),* }),* $(,)? }) => {
        impl From<$domain> for $stored {
            fn from(a: $domain) -> Self {
                match a {
                    $($domain::$variant { $($field),* } => $stored::$variant { $($field),* },)*
                }
            }
        }

        impl From<$stored> for $domain {
            fn from(a: $stored) -> Self {
                match a {
                    $($stored::$variant { $($field),* } => $domain::$variant { $($field),* },)*
                }
            }
        }
    };
}

/// The stored case action, version 1. Frozen: never rename a variant or
/// field; a change is a new version with an upcast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
enum StoredCaseActionV1 {
    SubmittedOnline {
        date: NaiveDate,
    },
    ReceiptConfirmed {
        channel: Channel,
        receipt_date: NaiveDate,
        facts: ReceiptFacts,
    },
    CorrectionRequested {
        date: NaiveDate,
        items: Vec<String>,
        applicant_deadline: NaiveDate,
    },
    CorrectionSubmitted {
        date: NaiveDate,
        text: String,
    },
    CorrectionLapsed {
        date: NaiveDate,
    },
    ConsultationStarted {
        id: u32,
        date: NaiveDate,
        party: ConsultParty,
        party_name: String,
        matter: String,
    },
    ConsultationEnded {
        id: u32,
        date: NaiveDate,
        how: ConsultationOutcome,
        opinion: String,
    },
    ExtensionRequested {
        date: NaiveDate,
        days: u32,
        reason: String,
    },
    ExtensionApproved {
        date: NaiveDate,
        days: u32,
    },
    ExtensionRefused {
        date: NaiveDate,
        reason: String,
    },
    FeeNoticeIssued {
        date: NaiveDate,
        method: FeeMethod,
        amount_yuan: u64,
    },
    FeePaid {
        date: NaiveDate,
    },
    FeeLapsed {
        date: NaiveDate,
    },
    AgencyDeadlineSet {
        date: NaiveDate,
        due: NaiveDate,
        justification: String,
    },
    OutcomeDecided {
        date: NaiveDate,
        outcome: Outcome,
        reasoning: String,
        referred_to: Option<String>,
        // Added in issue 16, optional: rows written before read as empty.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        access_method: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        provided: Vec<Provided>,
    },
    DecisionDrafted {
        date: NaiveDate,
        outcome: Outcome,
        reasoning: String,
        referred_to: Option<String>,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        access_method: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        provided: Vec<Provided>,
    },
    DecisionReturned {
        date: NaiveDate,
        reason: String,
    },
    Withdrawn {
        date: NaiveDate,
        reason: String,
    },
    Delivered {
        date: NaiveDate,
        method: DeliveryMethod,
    },
    Closed {
        date: NaiveDate,
    },
}

mirror!(CaseAction <=> StoredCaseActionV1 {
    SubmittedOnline { date },
    ReceiptConfirmed { channel, receipt_date, facts },
    CorrectionRequested { date, items, applicant_deadline },
    CorrectionSubmitted { date, text },
    CorrectionLapsed { date },
    ConsultationStarted { id, date, party, party_name, matter },
    ConsultationEnded { id, date, how, opinion },
    ExtensionRequested { date, days, reason },
    ExtensionApproved { date, days },
    ExtensionRefused { date, reason },
    FeeNoticeIssued { date, method, amount_yuan },
    FeePaid { date },
    FeeLapsed { date },
    AgencyDeadlineSet { date, due, justification },
    OutcomeDecided { date, outcome, reasoning, referred_to, access_method, provided },
    DecisionDrafted { date, outcome, reasoning, referred_to, access_method, provided },
    DecisionReturned { date, reason },
    Withdrawn { date, reason },
    Delivered { date, method },
    Closed { date },
});

/// The stored catalogue item action, version 1. Frozen like
/// [`StoredCaseActionV1`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
enum StoredItemActionV1 {
    Drafted {
        metadata: ItemMetadata,
    },
    Edited {
        metadata: ItemMetadata,
    },
    Submitted {
        with_interpretation: Option<String>,
        /// Added in issue 19: absent from older rows.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        no_interpretation_reason: Option<String>,
    },
    Refused {
        reason: String,
    },
    Approved {
        review: String,
    },
    Published {
        date: NaiveDate,
        index_number: IndexNumber,
        channels: Vec<PublicationChannel>,
    },
    ChannelsRecorded {
        channels: Vec<PublicationChannel>,
    },
    Repealed {
        date: NaiveDate,
        reason: String,
    },
    Lapsed {
        date: NaiveDate,
        reason: String,
    },
    Withdrawn {
        date: NaiveDate,
        note: String,
    },
    InterpretationLinked {
        item: String,
    },
    AttachmentAdded {
        sha256: String,
        filename: String,
    },
    /// Added in issue 19.
    ReplacedBy {
        replacement: Replacement,
    },
}

mirror!(ItemAction <=> StoredItemActionV1 {
    Drafted { metadata },
    Edited { metadata },
    Submitted { with_interpretation, no_interpretation_reason },
    Refused { reason },
    Approved { review },
    Published { date, index_number, channels },
    ChannelsRecorded { channels },
    Repealed { date, reason },
    Lapsed { date, reason },
    Withdrawn { date, note },
    InterpretationLinked { item },
    AttachmentAdded { sha256, filename },
    ReplacedBy { replacement },
});
