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
use super::replacement::Replacement;
use super::timeliness::{Timeliness, timeliness};
use crate::calendar::Calendar;
use crate::case::Actor;

/// Art. 26 seen before publication ([`ItemView::timeliness_pending`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingTimeliness {
    /// Published on the day asked about: the working days so far.
    pub so_far: Timeliness,
    /// The last day within 20 working days; `None` past the calendar's range.
    pub due: Option<NaiveDate>,
}

/// Information formed or changed on `start`, not yet published on `day`.
pub fn pending_timeliness(
    calendar: &Calendar,
    start: NaiveDate,
    day: NaiveDate,
) -> PendingTimeliness {
    PendingTimeliness {
        so_far: timeliness(calendar, start, day),
        due: super::timeliness::publication_due(calendar, start)
            .ok()
            .map(|c| c.due),
    }
}

impl PendingTimeliness {
    /// E.g. `成文或变更后已过第4个工作日；按《条例》第二十六条，应于2025-10-30前公开。`
    pub fn describe_zh(&self) -> String {
        let n = self.so_far.working_days;
        let mut s = match (self.so_far.late, self.due) {
            (true, Some(due)) => format!(
                "成文或变更后已过{n}个工作日，超过《条例》第二十六条规定的20个工作日（最迟应于{due}公开）：现在发布将计为逾期公开。"
            ),
            (true, None) => format!(
                "成文或变更后已过{n}个工作日，超过《条例》第二十六条规定的20个工作日：现在发布将计为逾期公开。"
            ),
            (false, Some(due)) => format!(
                "成文或变更后已过{n}个工作日；按《条例》第二十六条，应于{due}前（含当日）公开。"
            ),
            (false, None) => format!("成文或变更后已过{n}个工作日，未超过20个工作日。"),
        };
        if self.so_far.provisional {
            s.push_str("（部分年度放假安排尚未公布，暂按法定节假日计算）");
        }
        s
    }
}

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

/// Why an action may not be recorded. Messages are shown to staff and cite the
/// principle.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ItemError {
    #[error("第一条记录必须是“起草”，不能是“{action}”：请先起草信息。")]
    NotDrafted { action: &'static str },
    #[error("“起草”只能是第一条记录：该信息已经起草，请使用“修改”。")]
    AlreadyDrafted,
    #[error(
        "信息处于“{state}”状态，不能修改：只有草稿或被退回的信息可以修改；已提交的请等待审核结果，已发布的信息不得擅自更改，如有错误请撤回并公开说明。"
    )]
    NotEditable { state: &'static str },
    #[error("信息处于“{state}”状态，不能提交审核：只有草稿或被退回修改后的信息可以提交。")]
    NotSubmittable { state: &'static str },
    #[error("信息处于“{state}”状态，不能“{action}”：只能审核已提交审核的信息。")]
    NotSubmitted {
        action: &'static str,
        state: &'static str,
    },
    #[error("退回时请写明理由，以便起草人修改。")]
    RefusalReasonMissing,
    #[error(
        "请填写保密审查意见：拟公开的政府信息应当依法进行保密审查，未经保密审查不得公开（《条例》第十七条）。"
    )]
    ReviewMissing,
    #[error(
        "信息处于“{state}”状态，不能发布：未经保密审查不得公开，最后一次提交审核之后须有“审核通过”记录（《条例》第十七条；谁公开、谁审查，谁发布、谁负责）。"
    )]
    NotApproved { state: &'static str },
    #[error(
        "该信息已于{date}发布，索引号{index_number}：索引号一经生成不得更改，同一信息不能再次发布或取得第二个索引号。"
    )]
    AlreadyPublished {
        date: NaiveDate,
        index_number: IndexNumber,
    },
    #[error(
        "该信息的公开方式为“{attribute}”，不能主动公开：公开属性在信息形成时确定（谁制作、谁负责），如需主动公开，请退回修改公开方式后重新审核。"
    )]
    NotProactive { attribute: &'static str },
    #[error("发布日期{published}早于成文日期{formed}，请核对日期。")]
    PublishedBeforeFormed {
        published: NaiveDate,
        formed: NaiveDate,
    },
    #[error("请选择发布渠道。")]
    NoChannels,
    #[error(
        "发布渠道须包含“政府网站”：政府信息公开目录是政府网站政府信息公开专栏的法定主动公开内容（国办公开办函〔2019〕61号），政务微博、微信等渠道是其补充。"
    )]
    WebsiteMissing,
    #[error("信息处于“{state}”状态，不能“{action}”：只有已发布的信息可以{action}。")]
    NotPublished {
        action: &'static str,
        state: &'static str,
    },
    #[error("该信息已{validity}，不能再“{action}”：只有现行有效的信息可以废止或宣布失效。")]
    NotInForce {
        action: &'static str,
        validity: String,
    },
    #[error("“{action}”的日期{date}早于发布日期{published}，请核对日期。")]
    DateBeforePublication {
        action: &'static str,
        date: NaiveDate,
        published: NaiveDate,
    },
    #[error("请写明{action}的理由：废止或失效的信息仍保留在目录中，并向公众显示其有效性和理由。")]
    ValidityReasonMissing { action: &'static str },
    #[error("请填写撤回说明：撤回的信息仍在目录中显示，并向公众公开撤回的日期和说明。")]
    WithdrawalNoteMissing,
    #[error("该信息已于{date}撤回，不能再“{action}”。")]
    AlreadyWithdrawn {
        action: &'static str,
        date: NaiveDate,
    },
    #[error("请选择要补记的发布渠道。")]
    NoNewChannels,
    #[error("请填写关联解读的信息编号。")]
    InterpretationMissing,
    #[error("解读“{item}”已关联，不能重复关联。")]
    InterpretationDuplicate { item: String },
    #[error(
        "信息处于“{state}”状态，附件已冻结：审核人审核的就是将要发布的附件，审核期间不能添加或删除附件。如需修改附件，请联系审核人退回后再修改。"
    )]
    AttachmentsFrozen { state: &'static str },
    #[error(transparent)]
    Submission(#[from] SubmissionError),
    #[error("该信息现行有效，不能记录替代文件：请先废止或宣布失效，并在废止或失效时选择替代文件。")]
    ReplacementWhileInForce,
    #[error("请选择本平台的替代文件，或填写替代文件的名称或文号。")]
    ReplacementMissing,
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

/// The confidentiality review that approved the item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub reviewer: Actor,
    pub at: DateTime<Utc>,
    /// 保密审查意见.
    pub opinion: String,
}

/// A withdrawal for an error, shown to the public.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withdrawal {
    pub date: NaiveDate,
    pub note: String,
}

/// An item as derived from its records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemView {
    pub state: ItemState,
    /// The current metadata (the last draft or edit).
    pub metadata: ItemMetadata,
    /// Given at publication, never changed.
    pub index_number: Option<IndexNumber>,
    pub published_on: Option<NaiveDate>,
    pub validity: ValidityState,
    /// Every channel it went out on, in the vocabulary's order.
    pub channels: Vec<PublicationChannel>,
    /// The reviewer's reason while the item is back with the editor (cleared
    /// by an approval).
    pub refusal: Option<String>,
    /// The confidentiality review of the current approval.
    pub review: Option<Review>,
    pub withdrawal: Option<Withdrawal>,
    /// Keys of the linked interpretations (解读), in the order linked.
    pub interpretations: Vec<String>,
    /// The interpretation submitted together with the item at its last
    /// submission ("同步审签").
    pub submitted_with_interpretation: Option<String>,
    /// Why a 规章/规范性文件 went to review without an interpretation, as
    /// its last submission says.
    pub no_interpretation_reason: Option<String>,
    /// The document that replaces it, once repealed or lapsed.
    pub replaced_by: Option<Replacement>,
    /// One Chinese line per record ([`item_history_zh`]).
    pub history: Vec<String>,
}

impl ItemView {
    /// One Chinese line per record, oldest first.
    pub fn history_zh(&self) -> &[String] {
        &self.history
    }

    /// Art. 26 measure of a published item (from the change date if any, else
    /// the date formed); `None` before publication.
    pub fn timeliness(&self, calendar: &Calendar) -> Option<Timeliness> {
        self.published_on
            .map(|p| timeliness(calendar, self.metadata.timeliness_start(), p))
    }

    /// Art. 26 before publication, for the editor and the reviewer: where
    /// the item would stand if published on `day`, and the last day it is
    /// still on time (the 20th working day after it was formed or changed).
    pub fn timeliness_pending(&self, calendar: &Calendar, day: NaiveDate) -> PendingTimeliness {
        pending_timeliness(calendar, self.metadata.timeliness_start(), day)
    }

    /// What table 二 needs. A withdrawn item that was in force counts as lapsed
    /// on its withdrawal date (it was published, then taken out of effect).
    pub fn summary(&self) -> ItemSummary {
        let validity = match (&self.withdrawal, &self.validity) {
            (Some(w), ValidityState::InForce) => ValidityState::Lapsed {
                date: w.date,
                reason: w.note.clone(),
            },
            (_, v) => v.clone(),
        };
        ItemSummary {
            kind: self.metadata.kind,
            published_on: self.published_on,
            formed_on: self.metadata.formed_on,
            validity,
        }
    }
}

/// Derives the item from its records (checking every record).
pub fn item_view(history: &[ItemEventRecord]) -> Result<ItemView, ItemError> {
    let replay = replay_checked(history)?;
    let (Some(state), Some(metadata)) = (replay.state, replay.metadata) else {
        return Err(ItemError::NotDrafted { action: "查看" });
    };
    let (published_on, index_number) = match replay.published {
        Some((d, n)) => (Some(d), Some(n)),
        None => (None, None),
    };
    Ok(ItemView {
        state,
        metadata,
        index_number,
        published_on,
        validity: replay.validity,
        channels: replay.channels,
        refusal: if state == ItemState::Refused {
            replay.refusal
        } else {
            None
        },
        review: replay.review,
        withdrawal: replay.withdrawal,
        interpretations: replay.interpretations,
        submitted_with_interpretation: replay.submitted_with_interpretation,
        no_interpretation_reason: replay.no_interpretation_reason,
        replaced_by: replay.replaced_by,
        history: item_history_zh(history),
    })
}

/// China Standard Time, for the date of records that state none.
fn beijing(at: DateTime<Utc>) -> NaiveDate {
    let offset = FixedOffset::east_opt(8 * 3600).expect("valid offset");
    at.with_timezone(&offset).date_naive()
}

fn channels_zh(channels: &[PublicationChannel]) -> String {
    channels
        .iter()
        .map(|c| c.label())
        .collect::<Vec<_>>()
        .join("、")
}

fn describe_zh(action: &ItemAction) -> String {
    match action {
        ItemAction::Drafted { metadata } => format!("起草《{}》", metadata.title),
        ItemAction::Edited { metadata } => format!("修改《{}》", metadata.title),
        ItemAction::AttachmentAdded { filename, .. } => format!("添加附件“{filename}”"),
        ItemAction::Submitted {
            with_interpretation,
            no_interpretation_reason,
        } => match (with_interpretation, no_interpretation_reason) {
            (Some(k), _) => format!("提交审核（同步提交解读{k}）"),
            (None, Some(r)) if !r.trim().is_empty() => {
                format!("提交审核（未同步提交解读，理由：{}）", r.trim())
            }
            _ => "提交审核".to_string(),
        },
        ItemAction::Refused { reason } => format!("退回修改：{}", reason.trim()),
        ItemAction::Approved { review } => format!("保密审查通过：{}", review.trim()),
        ItemAction::Published {
            index_number,
            channels,
            ..
        } => format!("发布，索引号{index_number}（{}）", channels_zh(channels)),
        ItemAction::ChannelsRecorded { channels } => {
            format!("补记发布渠道：{}", channels_zh(channels))
        }
        ItemAction::Repealed { reason, .. } => format!("废止：{}", reason.trim()),
        ItemAction::Lapsed { reason, .. } => format!("宣布失效：{}", reason.trim()),
        ItemAction::Withdrawn { note, .. } => format!("撤回：{}", note.trim()),
        ItemAction::InterpretationLinked { item } => format!("关联解读{}", item.trim()),
        ItemAction::ReplacedBy { replacement } => {
            format!("记录替代文件：{}", replacement.cited_zh())
        }
    }
}

/// One Chinese line per record, e.g.
/// `2025-03-04 王审核：保密审查通过：不涉及国家秘密`. The date is the one the
/// action states, else the recording time in Beijing time; a non-empty note is
/// appended as `（备注：…）`.
pub fn item_history_zh(history: &[ItemEventRecord]) -> Vec<String> {
    history
        .iter()
        .map(|r| {
            let date = r.action.date().unwrap_or_else(|| beijing(r.at));
            let mut line = format!("{date} {}：{}", r.actor.label_zh(), describe_zh(&r.action));
            if !r.note.trim().is_empty() {
                line.push_str(&format!("（备注：{}）", r.note.trim()));
            }
            line
        })
        .collect()
}
