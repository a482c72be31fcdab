//! The persisted form of events (case events, catalogue item events): the JSON
//! written to `case_events.action` / `item_events.action` and read back.
//!
//! Every backend encodes and decodes events through these functions only, so
//! the stored form is defined once. (Interface fixed for issue 14; the
//! versioned schema with upcasting replaces the bodies.)

use gongkai_domain::case::{Actor, CaseAction};
use gongkai_domain::catalogue::ItemAction;

use crate::{StoreError, StoreResult};

fn encode<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Backend(e.to_string()))
}

fn decode<T: serde::de::DeserializeOwned>(s: &str, what: &str) -> StoreResult<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(format!("{what}：{e}")))
}

/// A case event's action as stored.
pub fn encode_case_action(a: &CaseAction) -> StoreResult<String> {
    encode(a)
}

/// A stored case event's action.
pub fn decode_case_action(s: &str) -> StoreResult<CaseAction> {
    decode(s, "事件内容")
}

/// A catalogue item event's action as stored.
pub fn encode_item_action(a: &ItemAction) -> StoreResult<String> {
    encode(a)
}

/// A stored catalogue item event's action.
pub fn decode_item_action(s: &str) -> StoreResult<ItemAction> {
    decode(s, "信息记录内容")
}

/// The actor of an event (case or item) as stored.
pub fn encode_actor(a: &Actor) -> StoreResult<String> {
    encode(a)
}

/// A stored event's actor.
pub fn decode_actor(s: &str) -> StoreResult<Actor> {
    decode(s, "事件执行人")
}
