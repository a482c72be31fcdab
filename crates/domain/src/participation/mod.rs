//! 政务公开 beyond requests (issue 20): the public's part in decisions and
//! the agency's answers, each register with its own clock, counted on the
//! platform calendar where the rule says working days.
//!
//! - [`consultation`]: 公开征求意见 on a draft (决策预公开) — the minimum
//!   period by the kind of draft and its statutory source, a shorter period
//!   only with a reason the notice shows; 听证 notice; the feedback on what
//!   was adopted (意见采纳情况), with a reason for every concentrated
//!   opinion not adopted.
//! - [`comment`]: a member of the public's opinion on a draft, checked
//!   (its length, a name where the notice asks for one, a private contact),
//!   taken from publication to the closing day.
//! - [`clocks`]: questions to the agency (政民互动), 人大代表建议 and
//!   政协委员提案, and responses to public concerns (回应关切).
//! - [`concern`]: 回应关切 — response kinds, which public response meets
//!   which clock, each clock's mark (按时, 超时, 未到期, 已超时未回应).
//! - [`hearing`]: 听证 on a draft — the notice with its materials 7 days
//!   ahead, the participants (names public, contacts private), the record.
//! - [`decisions`]: the yearly 重大行政决策事项目录, an entry's status and
//!   its adjustments with their reasons.
//! - [`motions`]: the register of 人大代表建议 and 政协委员提案 by session —
//!   a session's period, extensions with the assigning body's consent,
//!   the reply's publication (in full, or a summary with its reason), the
//!   proposer's satisfaction, where a motion stands on a day.
//! - [`redact`]: the contact data removed from a text before it is
//!   published (phone numbers, ID numbers, e-mail addresses, known texts).
//! - [`questions`]: a question to the agency (政民互动) checked (a name
//!   and a private contact required), the agency's days, the standard
//!   replies naming another channel (信访, 投诉举报: Art. 39, 51) and the
//!   Art. 31 receipt date of a question converted into an application.

pub mod clocks;
pub mod comment;
pub mod concern;
pub mod consultation;
pub mod decisions;
pub mod hearing;
pub mod motions;
pub mod questions;
pub mod redact;

#[cfg(test)]
mod concern_tests;
#[cfg(test)]
mod motion_tests;
#[cfg(test)]
mod tests;
