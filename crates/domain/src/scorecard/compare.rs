//! 对比与排名: an agency's scorecard against its previous one, and the
//! order of a run over many agencies.

use std::cmp::Reverse;

use serde::{Deserialize, Serialize};

use super::{LineValue, Points, Scorecard, Verdict};

/// A leaf that changed between two periods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineChange {
    pub code: String,
    pub name: String,
    pub before: LineValue,
    pub after: LineValue,
}

/// What changed since the previous scorecard.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// This total less the previous one; `None` without a previous card.
    pub total: Option<Points>,
    pub verdict_before: Option<Verdict>,
    /// Leaves that lost points, lost more, or became vetoed.
    pub worse: Vec<LineChange>,
    /// Leaves that gained points, lost fewer, or are no longer vetoed.
    pub better: Vec<LineChange>,
}

/// Compares `current` with `previous`. Leaves are matched by code, and only
/// when both cards come from the same template (the codes of two templates
/// mean different things); a leaf unscored in either period is left out.
pub fn compare(current: &Scorecard, previous: Option<&Scorecard>) -> Change {
    let Some(prev) = previous else {
        return Change::default();
    };
    let mut change = Change {
        total: Some(current.total - prev.total),
        verdict_before: Some(prev.verdict),
        ..Change::default()
    };
    if current.template != prev.template {
        return change;
    }
    for line in current.lines.iter().filter(|l| l.leaf) {
        let Some(before) = prev.line(&line.code).map(|l| l.value) else {
            continue;
        };
        let (Some(was), Some(is)) = (before.standing(), line.value.standing()) else {
            continue;
        };
        let entry = LineChange {
            code: line.code.clone(),
            name: line.name.clone(),
            before,
            after: line.value,
        };
        match is.cmp(&was) {
            std::cmp::Ordering::Less => change.worse.push(entry),
            std::cmp::Ordering::Greater => change.better.push(entry),
            std::cmp::Ordering::Equal => {}
        }
    }
    change
}

/// An agency's name and its scorecard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoredAgency {
    pub name: String,
    pub card: Scorecard,
}

/// A place in a ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranked<'a> {
    /// 1-based; equal standing shares a place (1, 2, 2, 4).
    pub place: usize,
    pub agency: &'a ScoredAgency,
}

/// Where an agency stands: those that passed by total, then those below
/// the pass mark by total, then the vetoed (whose score does not count, 19号:
/// 不再对其他指标进行评分) all level.
fn standing(card: &Scorecard) -> (u8, Reverse<Points>) {
    match (card.vetoed(), card.verdict.passed()) {
        (true, _) => (2, Reverse(Points::ZERO)),
        (false, false) => (1, Reverse(card.total)),
        (false, true) => (0, Reverse(card.total)),
    }
}

/// The agencies in order: total descending, 不合格 after every 合格, the
/// vetoed last; equal standing in name order (by code point, not pinyin).
pub fn rank(agencies: &[ScoredAgency]) -> Vec<Ranked<'_>> {
    let mut sorted: Vec<&ScoredAgency> = agencies.iter().collect();
    sorted.sort_by(|a, b| {
        standing(&a.card)
            .cmp(&standing(&b.card))
            .then_with(|| a.name.cmp(&b.name))
    });
    sorted
        .iter()
        .map(|a| {
            let key = standing(&a.card);
            let ahead = sorted.iter().filter(|o| standing(&o.card) < key).count();
            Ranked {
                place: ahead + 1,
                agency: a,
            }
        })
        .collect()
}
