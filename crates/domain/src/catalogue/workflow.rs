//! The publishing workflow of a catalogue item, event-sourced like a case:
//! every action is an immutable record (who, when, what, why); the state, the
//! current metadata, the index number, the validity and the channels are
//! derived from the records, never stored.
//!
//! ```text
//! 起草 Drafted ─(修改 Edited)*─▶ 提交审核 Submitted ─▶ 退回 Refused ─(修改)*─▶ 提交审核 …
//!                                                 └─▶ 审核通过 Approved ─▶ 发布 Published
//! Published ─▶ 补记渠道 ChannelsRecorded | 废止 Repealed | 失效 Lapsed | 撤回 Withdrawn
//! ```
//!
//! The rules ("谁主管、谁负责，谁发布、谁负责"; 《条例》第十七条 保密审查):
//!
//! - The first record is the draft, and only the first.
//! - The metadata may be edited only while the item is a draft or was refused.
//! - Submission only from draft or refused; refusal and approval only of a
//!   submitted item. A refusal states its reason (it goes back to the editor);
//!   an approval records the confidentiality review (保密审查意见).
//! - Nothing is published without an approval recorded after the last
//!   submission: 未经保密审查不得公开.
//! - Only 主动公开 items are published; the publication date is not before the
//!   date formed; the channels include the government website (the catalogue
//!   is the website's disclosure column).
//! - An item is published once: its index number is given then and never
//!   changes, and it never gets a second one.
//! - Repeal and lapse only of a published item that is in force, dated not
//!   before the publication, with a reason; the item stays published
//!   (visible) with its new validity.
//! - Withdrawal (for an error) only of a published item, with a public note; the
//!   item stays visible with the note and nothing more may happen to it except
//!   linking an interpretation.
//! - An interpretation (解读) is linked by its item key; a policy document and
//!   its interpretation are submitted, approved and published together
//!   ("同步组织、同步审签、同步部署"), which `Submitted::with_interpretation`
//!   records. A 规章 or 规范性文件 is submitted with its interpretation or
//!   with the reason none is needed (`interpretation::check_submission`, a
//!   rule of new submissions: stored histories are not re-judged by it).
//! - Attachments are frozen while the item waits for review or publication:
//!   the reviewer approves the files he saw.
//! - A repealed or lapsed item may name the document that replaces it.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::figures::ItemSummary;
use super::index_number::IndexNumber;
use super::interpretation::{SubmissionError, check_submission};
use super::item::{DisclosureAttribute, ItemMetadata, PublicationChannel, ValidityState};
use super::pending::{PendingTimeliness, pending_timeliness};
use super::replacement::Replacement;
use super::timeliness::{Timeliness, timeliness};
use crate::calendar::Calendar;
use crate::case::Actor;

/// One action on a catalogue item. Stored as JSON (tag `action`); never edited
/// or deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ItemAction {
    /// The editor created the item.
    Drafted { metadata: ItemMetadata },
    /// The editor changed the metadata (draft or refused only).
    Edited { metadata: ItemMetadata },
    /// Submitted for review; with the key of its interpretation (解读) when
    /// both go to review together, or for a 规章/规范性文件 without one, the
    /// reason none is needed (absent from events stored before it).
    Submitted {
        with_interpretation: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        no_interpretation_reason: Option<String>,
    },
    /// The reviewer sent it back to the editor.
    Refused { reason: String },
    /// The reviewer approved it after the confidentiality review.
    Approved {
        /// 保密审查意见.
        review: String,
    },
    /// Published on `date` in the catalogue with its (new) index number.
    Published {
        date: NaiveDate,
        index_number: IndexNumber,
        channels: Vec<PublicationChannel>,
    },
    /// More channels it went out on after publication (e.g. 政务微信 the next day).
    ChannelsRecorded { channels: Vec<PublicationChannel> },
    /// 废止 on `date`.
    Repealed { date: NaiveDate, reason: String },
    /// 失效 on `date`.
    Lapsed { date: NaiveDate, reason: String },
    /// Withdrawn for an error: stays visible with the public `note`.
    Withdrawn { date: NaiveDate, note: String },
    /// Links the interpretation (解读) with item key `item`.
    InterpretationLinked { item: String },
    /// The editor attached a file (draft or refused only, like any edit:
    /// a published item's files change only through review).
    AttachmentAdded { sha256: String, filename: String },
    /// 替代文件: the document that replaces this repealed or lapsed one (a
    /// later record corrects an earlier one).
    ReplacedBy { replacement: Replacement },
}

/// A stored record of an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemEventRecord {
    /// 1, 2, 3 … in order of recording.
    pub seq: u32,
    /// When it was recorded.
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub action: ItemAction,
    /// Why (free text).
    pub note: String,
}

impl ItemAction {
    /// The short Chinese name, e.g. `提交审核`.
    pub fn label_zh(&self) -> &'static str {
        match self {
            ItemAction::Drafted { .. } => "起草",
            ItemAction::Edited { .. } => "修改",
            ItemAction::Submitted { .. } => "提交审核",
            ItemAction::Refused { .. } => "退回修改",
            ItemAction::Approved { .. } => "审核通过",
            ItemAction::Published { .. } => "发布",
            ItemAction::ChannelsRecorded { .. } => "补记发布渠道",
            ItemAction::Repealed { .. } => "废止",
            ItemAction::Lapsed { .. } => "失效",
            ItemAction::Withdrawn { .. } => "撤回",
            ItemAction::InterpretationLinked { .. } => "关联解读",
            ItemAction::AttachmentAdded { .. } => "添加附件",
            ItemAction::ReplacedBy { .. } => "记录替代文件",
        }
    }

    /// The date the action states, if it states one.
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            ItemAction::Published { date, .. }
            | ItemAction::Repealed { date, .. }
            | ItemAction::Lapsed { date, .. }
            | ItemAction::Withdrawn { date, .. } => Some(*date),
            _ => None,
        }
    }
}

/// Where an item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    /// 草稿: being written.
    Draft,
    /// 待审核: waiting for the reviewer.
    Submitted,
    /// 已退回: back with the editor, with the reviewer's reason.
    Refused,
    /// 待发布: approved, not yet published.
    Approved,
    /// 已发布 (whatever its validity).
    Published,
    /// 已撤回: withdrawn for an error, still visible with the note.
    Withdrawn,
}

impl ItemState {
    pub const ALL: [ItemState; 6] = [
        ItemState::Draft,
        ItemState::Submitted,
        ItemState::Refused,
        ItemState::Approved,
        ItemState::Published,
        ItemState::Withdrawn,
    ];

    pub fn label_zh(self) -> &'static str {
        match self {
            ItemState::Draft => "草稿",
            ItemState::Submitted => "待审核",
            ItemState::Refused => "已退回",
            ItemState::Approved => "已审核待发布",
            ItemState::Published => "已发布",
            ItemState::Withdrawn => "已撤回",
        }
    }

    /// Whether the public sees the item (published or withdrawn with its note).
    pub fn is_public(self) -> bool {
        matches!(self, ItemState::Published | ItemState::Withdrawn)
    }

    /// Whether the editor may change the metadata.
    pub fn is_editable(self) -> bool {
        matches!(self, ItemState::Draft | ItemState::Refused)
    }

    /// Whether its attachments are frozen for the review: submitted, or
    /// approved and not yet published.
    pub fn attachments_frozen(self) -> bool {
        matches!(self, ItemState::Submitted | ItemState::Approved)
    }

    /// The stable code stored and used in URLs (`refused`).
    pub fn code(self) -> &'static str {
        match self {
            ItemState::Draft => "draft",
            ItemState::Submitted => "submitted",
            ItemState::Refused => "refused",
            ItemState::Approved => "approved",
            ItemState::Published => "published",
            ItemState::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<ItemState> {
        ItemState::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Folded facts of a history.
#[derive(Debug, Clone, Default)]
struct Replay {
    state: Option<ItemState>,
    metadata: Option<ItemMetadata>,
    published: Option<(NaiveDate, IndexNumber)>,
    validity: ValidityState,
    channels: Vec<PublicationChannel>,
    refusal: Option<String>,
    review: Option<Review>,
    withdrawal: Option<Withdrawal>,
    interpretations: Vec<String>,
    submitted_with_interpretation: Option<String>,
    no_interpretation_reason: Option<String>,
    replaced_by: Option<Replacement>,
    approved_after_submit: bool,
}

impl Replay {
    fn state_label(&self) -> &'static str {
        self.state.map_or("未起草", ItemState::label_zh)
    }

    fn check(&self, action: &ItemAction) -> Result<(), ItemError> {
        let Some(state) = self.state else {
            return match action {
                ItemAction::Drafted { .. } => Ok(()),
                other => Err(ItemError::NotDrafted {
                    action: other.label_zh(),
                }),
            };
        };
        let withdrawn = |action: &ItemAction| -> Result<(), ItemError> {
            match &self.withdrawal {
                Some(w) => Err(ItemError::AlreadyWithdrawn {
                    action: action.label_zh(),
                    date: w.date,
                }),
                None => Ok(()),
            }
        };
        match action {
            ItemAction::Drafted { .. } => Err(ItemError::AlreadyDrafted),
            ItemAction::AttachmentAdded { .. } if state.attachments_frozen() => {
                Err(ItemError::AttachmentsFrozen {
                    state: state.label_zh(),
                })
            }
            ItemAction::Edited { .. } | ItemAction::AttachmentAdded { .. } => {
                if state.is_editable() {
                    Ok(())
                } else {
                    Err(ItemError::NotEditable {
                        state: state.label_zh(),
                    })
                }
            }
            ItemAction::Submitted {
                with_interpretation,
                ..
            } => {
                if !state.is_editable() {
                    return Err(ItemError::NotSubmittable {
                        state: state.label_zh(),
                    });
                }
                if with_interpretation
                    .as_ref()
                    .is_some_and(|k| k.trim().is_empty())
                {
                    return Err(ItemError::InterpretationMissing);
                }
                Ok(())
            }
            ItemAction::Refused { reason } => {
                if state != ItemState::Submitted {
                    return Err(ItemError::NotSubmitted {
                        action: action.label_zh(),
                        state: state.label_zh(),
                    });
                }
                if reason.trim().is_empty() {
                    return Err(ItemError::RefusalReasonMissing);
                }
                Ok(())
            }
            ItemAction::Approved { review } => {
                if state != ItemState::Submitted {
                    return Err(ItemError::NotSubmitted {
                        action: action.label_zh(),
                        state: state.label_zh(),
                    });
                }
                if review.trim().is_empty() {
                    return Err(ItemError::ReviewMissing);
                }
                Ok(())
            }
            ItemAction::Published { date, channels, .. } => {
                // Checked before anything else: a withdrawn item was published too.
                if let Some((date, index_number)) = &self.published {
                    return Err(ItemError::AlreadyPublished {
                        date: *date,
                        index_number: index_number.clone(),
                    });
                }
                if state != ItemState::Approved || !self.approved_after_submit {
                    return Err(ItemError::NotApproved {
                        state: state.label_zh(),
                    });
                }
                let metadata = self.metadata.as_ref().expect("drafted");
                if metadata.attribute != DisclosureAttribute::Proactive {
                    return Err(ItemError::NotProactive {
                        attribute: metadata.attribute.label(),
                    });
                }
                if *date < metadata.formed_on {
                    return Err(ItemError::PublishedBeforeFormed {
                        published: *date,
                        formed: metadata.formed_on,
                    });
                }
                if channels.is_empty() {
                    return Err(ItemError::NoChannels);
                }
                if !channels.contains(&PublicationChannel::Website) {
                    return Err(ItemError::WebsiteMissing);
                }
                Ok(())
            }
            ItemAction::ChannelsRecorded { channels } => {
                withdrawn(action)?;
                if self.published.is_none() {
                    return Err(ItemError::NotPublished {
                        action: action.label_zh(),
                        state: self.state_label(),
                    });
                }
                if channels.iter().all(|c| self.channels.contains(c)) {
                    return Err(ItemError::NoNewChannels);
                }
                Ok(())
            }
            ItemAction::Repealed { date, reason } | ItemAction::Lapsed { date, reason } => {
                withdrawn(action)?;
                let Some((published, _)) = &self.published else {
                    return Err(ItemError::NotPublished {
                        action: action.label_zh(),
                        state: self.state_label(),
                    });
                };
                if !self.validity.is_in_force() {
                    return Err(ItemError::NotInForce {
                        action: action.label_zh(),
                        validity: self.validity.label_zh(),
                    });
                }
                if date < published {
                    return Err(ItemError::DateBeforePublication {
                        action: action.label_zh(),
                        date: *date,
                        published: *published,
                    });
                }
                if reason.trim().is_empty() {
                    return Err(ItemError::ValidityReasonMissing {
                        action: action.label_zh(),
                    });
                }
                Ok(())
            }
            ItemAction::Withdrawn { date, note } => {
                withdrawn(action)?;
                let Some((published, _)) = &self.published else {
                    return Err(ItemError::NotPublished {
                        action: action.label_zh(),
                        state: self.state_label(),
                    });
                };
                if date < published {
                    return Err(ItemError::DateBeforePublication {
                        action: action.label_zh(),
                        date: *date,
                        published: *published,
                    });
                }
                if note.trim().is_empty() {
                    return Err(ItemError::WithdrawalNoteMissing);
                }
                Ok(())
            }
            ItemAction::ReplacedBy { replacement } => {
                withdrawn(action)?;
                if self.published.is_none() {
                    return Err(ItemError::NotPublished {
                        action: action.label_zh(),
                        state: self.state_label(),
                    });
                }
                if self.validity.is_in_force() {
                    return Err(ItemError::ReplacementWhileInForce);
                }
                if replacement.title.trim().is_empty() {
                    return Err(ItemError::ReplacementMissing);
                }
                Ok(())
            }
            ItemAction::InterpretationLinked { item } => {
                let item = item.trim();
                if item.is_empty() {
                    return Err(ItemError::InterpretationMissing);
                }
                if self.interpretations.iter().any(|i| i == item) {
                    return Err(ItemError::InterpretationDuplicate {
                        item: item.to_string(),
                    });
                }
                Ok(())
            }
        }
    }

    fn apply(&mut self, record: &ItemEventRecord) {
        match &record.action {
            ItemAction::Drafted { metadata } | ItemAction::Edited { metadata } => {
                self.metadata = Some(metadata.clone());
                if self.state.is_none() {
                    self.state = Some(ItemState::Draft);
                }
            }
            // The file itself is a row of its own; the event is its history.
            ItemAction::AttachmentAdded { .. } => {}
            ItemAction::Submitted {
                with_interpretation,
                no_interpretation_reason,
            } => {
                self.no_interpretation_reason = no_interpretation_reason
                    .as_deref()
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .map(str::to_string);
                self.state = Some(ItemState::Submitted);
                self.approved_after_submit = false;
                self.review = None;
                self.submitted_with_interpretation =
                    with_interpretation.as_ref().map(|k| k.trim().to_string());
                if let Some(k) = &self.submitted_with_interpretation
                    && !self.interpretations.contains(k)
                {
                    self.interpretations.push(k.clone());
                }
            }
            ItemAction::Refused { reason } => {
                self.state = Some(ItemState::Refused);
                self.refusal = Some(reason.trim().to_string());
            }
            ItemAction::Approved { review } => {
                self.state = Some(ItemState::Approved);
                self.approved_after_submit = true;
                self.refusal = None;
                self.review = Some(Review {
                    reviewer: record.actor.clone(),
                    at: record.at,
                    opinion: review.trim().to_string(),
                });
            }
            ItemAction::Published {
                date,
                index_number,
                channels,
            } => {
                self.state = Some(ItemState::Published);
                self.published = Some((*date, index_number.clone()));
                add_channels(&mut self.channels, channels);
            }
            ItemAction::ChannelsRecorded { channels } => add_channels(&mut self.channels, channels),
            ItemAction::Repealed { date, reason } => {
                self.validity = ValidityState::Repealed {
                    date: *date,
                    reason: reason.trim().to_string(),
                };
            }
            ItemAction::Lapsed { date, reason } => {
                self.validity = ValidityState::Lapsed {
                    date: *date,
                    reason: reason.trim().to_string(),
                };
            }
            ItemAction::Withdrawn { date, note } => {
                self.state = Some(ItemState::Withdrawn);
                self.withdrawal = Some(Withdrawal {
                    date: *date,
                    note: note.trim().to_string(),
                });
            }
            ItemAction::InterpretationLinked { item } => {
                self.interpretations.push(item.trim().to_string());
            }
            ItemAction::ReplacedBy { replacement } => {
                self.replaced_by = Some(replacement.clone());
            }
        }
    }
}

fn add_channels(into: &mut Vec<PublicationChannel>, channels: &[PublicationChannel]) {
    for c in channels {
        if !into.contains(c) {
            into.push(*c);
        }
    }
    into.sort();
}

fn replay_checked(history: &[ItemEventRecord]) -> Result<Replay, ItemError> {
    let mut replay = Replay::default();
    for record in history {
        replay.check(&record.action)?;
        replay.apply(record);
    }
    Ok(replay)
}

/// Whether `action` may be appended to `history` (which must itself be valid;
/// see [`validate_item_history`]).
pub fn check_item_action(
    history: &[ItemEventRecord],
    action: &ItemAction,
) -> Result<(), ItemError> {
    let replay = replay_checked(history)?;
    replay.check(action)?;
    // Rules of new records only: a history stored before them still reads.
    if let ItemAction::Submitted {
        with_interpretation,
        no_interpretation_reason,
    } = action
        && let Some(metadata) = &replay.metadata
    {
        check_submission(
            metadata,
            with_interpretation.as_deref(),
            no_interpretation_reason.as_deref(),
        )?;
    }
    Ok(())
}

/// Checks a whole history: each record must have been allowed after the ones
/// before it.
pub fn validate_item_history(history: &[ItemEventRecord]) -> Result<(), ItemError> {
    replay_checked(history).map(|_| ())
}

#[path = "workflow_view.rs"]
mod view;
pub use view::{ItemView, Review, Withdrawal, item_view};
#[path = "workflow_history.rs"]
mod history;
pub use history::item_history_zh;
#[path = "workflow_error.rs"]
mod error;
pub use error::ItemError;
