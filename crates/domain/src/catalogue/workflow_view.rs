//! The derived view of an item: its state, metadata, index number,
//! validity and channels folded from its records, never stored.

use super::*;

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
