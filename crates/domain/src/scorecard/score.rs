//! 评分: one agency's scorecard from a template, the computed measures and
//! the inspector's hand scores.
//!
//! How each leaf gets its value:
//! - a **computed veto** leaf is vetoed when the health check found a
//!   单项否决 of the measure's rule, or the measure counts at least the
//!   row's `threshold`;
//! - a **computed deduction** leaf deducts `min(cap, count × per_unit)`;
//! - a **computed weighted** leaf earns its full points at a count of 0
//!   (for the report: published on time), else its points less
//!   `count × per_unit`, not below 0 — or 0 at once when it has no
//!   `per_unit`;
//! - a **manual** leaf takes the hand score; without one it is 未评分:
//!   listed in [`Scorecard::unscored`], deducting 0 (deduction part),
//!   earning 0 (weighted and bonus parts), not vetoing. A computed leaf whose
//!   measure is unknown (the report's date, `None`) is 未评分 the same way.
//!
//! Groups add up their children: a deduction group deducts no more than its
//! cap (“单项指标扣分之和不超过本项指标总分值”), a weighted group earns no
//! more than its weight, a veto group is hit when any child is.

use serde::{Deserialize, Serialize};

use super::template::{Indicator, PartKind, Source, Template};
use super::{Measures, Points};

/// 佐证材料: where the inspector saw it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The page checked.
    pub url: Option<String>,
    /// An uploaded screenshot or document.
    pub file_name: Option<String>,
    /// 理由: what was found. Required whenever the score is not the neutral
    /// one (see [`ManualScore`]).
    pub note: String,
}

/// The value of a hand score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum ManualValue {
    /// Weighted and bonus leaves: points earned, 0..=max. Deduction
    /// leaves: points deducted, 0..=cap.
    Points(Points),
    /// Veto leaves: whether the item is hit.
    Vetoed(bool),
}

/// 人工评分 of one manual leaf. A reason (`evidence.note`) is required
/// unless the score is the neutral one: nothing deducted, not vetoed, the
/// full weight, no bonus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualScore {
    pub code: String,
    pub value: ManualValue,
    pub evidence: Evidence,
}

/// Why hand scores (or a template) cannot be scored; the message says
/// what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoreError {
    #[error("指标体系《{template}》读取失败：{detail}。请联系平台管理员修正指标文件")]
    BrokenTemplate { template: String, detail: String },
    #[error("指标编号“{code}”不在《{template}》中，请核对编号后重新填写")]
    UnknownCode { code: String, template: String },
    #[error("“{code} {name}”是分组指标，得分由下级指标汇总，请对其下的具体指标评分")]
    NotALeaf { code: String, name: String },
    #[error(
        "“{code} {name}”由系统根据“{measure}”自动计算，不能人工评分；如计算结果有误，请先更正平台中的数据再重新计算"
    )]
    Computed {
        code: String,
        name: String,
        measure: String,
    },
    #[error("“{code} {name}”评了不止一次，请只保留一条评分")]
    Duplicate { code: String, name: String },
    #[error("“{code} {name}”是单项否决指标，请填写“是否否决”，不要填写分数")]
    ExpectsVeto { code: String, name: String },
    #[error("“{code} {name}”是{part}，请填写{what}，不能填写“否决”")]
    ExpectsPoints {
        code: String,
        name: String,
        part: String,
        what: String,
    },
    #[error("“{code} {name}”的{what}应在0至{max}分之间，填写的是{given}分，请修改后重新提交")]
    OutOfRange {
        code: String,
        name: String,
        what: String,
        given: Points,
        max: Points,
    },
    #[error("“{code} {name}”扣分、否决、未得满分或加分时须填写理由（佐证说明），请补充后重新提交")]
    MissingEvidence { code: String, name: String },
}

/// What a line came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum LineValue {
    /// Points earned (weighted and bonus).
    Given(Points),
    /// Points deducted (deduction part).
    Deducted(Points),
    /// Hit or not (veto part).
    Vetoed(bool),
    /// 未评分: a manual leaf without a score, or a measure not known.
    Unscored,
}

impl LineValue {
    /// `得8分`, `扣3分`, `否决`, `未否决`, `未评分`.
    pub fn label(self) -> String {
        match self {
            LineValue::Given(p) => format!("得{p}分"),
            LineValue::Deducted(p) => format!("扣{p}分"),
            LineValue::Vetoed(true) => "否决".into(),
            LineValue::Vetoed(false) => "未否决".into(),
            LineValue::Unscored => "未评分".into(),
        }
    }

    /// How good the value is, to compare two periods of one line: points
    /// earned, minus points deducted, −1 for a veto. `None` when unscored.
    pub(super) fn standing(self) -> Option<i32> {
        match self {
            LineValue::Given(p) => Some(p.tenths()),
            LineValue::Deducted(p) => Some(-p.tenths()),
            LineValue::Vetoed(hit) => Some(-i32::from(hit)),
            LineValue::Unscored => None,
        }
    }
}

/// One indicator of a scorecard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub code: String,
    pub name: String,
    pub kind: PartKind,
    pub leaf: bool,
    /// 0 for a part's root.
    pub depth: usize,
    /// The weight (weighted, bonus) or cap (deduction); `None` for vetoes.
    pub max: Option<Points>,
    pub value: LineValue,
    /// `None` for a group.
    pub source: Option<Source>,
    /// The measure's count, for a computed leaf.
    pub measured: Option<u64>,
    /// The hand score's evidence.
    pub evidence: Option<Evidence>,
}

impl Line {
    /// Whether the line cost the agency: points deducted, points short of
    /// the weight, a veto.
    pub fn adverse(&self) -> bool {
        match (self.value, self.kind) {
            (LineValue::Deducted(p), _) => p > Points::ZERO,
            (LineValue::Vetoed(hit), _) => hit,
            (LineValue::Given(p), PartKind::Weighted) => self.max.is_some_and(|m| p < m),
            _ => false,
        }
    }
}

/// A veto item that was hit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VetoHit {
    pub code: String,
    /// The item with its group when it has one, e.g.
    /// `栏目不更新：空白栏目数量超过（含）5个`.
    pub title: String,
}

/// 评定结果.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// 优秀 (graded assessments only).
    Excellent,
    /// 良好 (graded assessments only).
    Good,
    /// 合格.
    Pass,
    /// 不合格: a veto, or a base score below the pass mark.
    Fail,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Excellent => "优秀",
            Verdict::Good => "良好",
            Verdict::Pass => "合格",
            Verdict::Fail => "不合格",
        }
    }

    pub fn passed(self) -> bool {
        self != Verdict::Fail
    }
}

/// One agency's result.
///
/// A vetoed agency is 不合格 and gets no bonus (19号: 不再对其他指标进行
/// 评分); its lines and base score are still worked out, so that the agency
/// sees everything else to correct, but a 通报 prints no score for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scorecard {
    pub template: super::ScorecardKind,
    /// Every indicator in template order, groups with their sums.
    pub lines: Vec<Line>,
    pub vetoes: Vec<VetoHit>,
    /// 100 less the capped deductions, or the sum of the weighted parts.
    pub base: Points,
    /// The bonus part's points, when the agency qualified for it.
    pub bonus: Option<Points>,
    pub total: Points,
    pub verdict: Verdict,
    /// Codes of the leaves not scored yet: while any remain, the result is
    /// provisional (暂计).
    pub unscored: Vec<String>,
}

impl Scorecard {
    pub fn vetoed(&self) -> bool {
        !self.vetoes.is_empty()
    }

    /// Every leaf is scored.
    pub fn complete(&self) -> bool {
        self.unscored.is_empty()
    }

    pub fn line(&self, code: &str) -> Option<&Line> {
        self.lines.iter().find(|l| l.code == code)
    }

    /// The leaves that cost points or vetoed, in template order.
    pub fn problems(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(|l| l.leaf && l.adverse())
    }
}

/// Every problem of the hand scores against `template`, in input order.
pub fn check_scores(template: &Template, manual: &[ManualScore]) -> Vec<ScoreError> {
    let mut errors = Vec::new();
    for (i, s) in manual.iter().enumerate() {
        if let Err(e) = check_score(template, s) {
            errors.push(e);
        } else if manual[..i].iter().any(|o| o.code.trim() == s.code.trim()) {
            let ind = template.indicator(&s.code).expect("checked above");
            errors.push(ScoreError::Duplicate {
                code: ind.code.clone(),
                name: ind.name.clone(),
            });
        }
    }
    errors
}

fn check_score(template: &Template, s: &ManualScore) -> Result<(), ScoreError> {
    let ind = template
        .indicator(&s.code)
        .ok_or_else(|| ScoreError::UnknownCode {
            code: s.code.trim().to_string(),
            template: template.kind.subject().to_string(),
        })?;
    let (code, name) = (ind.code.clone(), ind.name.clone());
    if !ind.leaf {
        return Err(ScoreError::NotALeaf { code, name });
    }
    if let Some(Source::Computed(m)) = ind.source {
        let measure = m.label().to_string();
        return Err(ScoreError::Computed {
            code,
            name,
            measure,
        });
    }
    check_value(ind, s.value)?;
    if !neutral(ind, s.value) && s.evidence.note.trim().is_empty() {
        return Err(ScoreError::MissingEvidence { code, name });
    }
    Ok(())
}

fn check_value(ind: &Indicator, value: ManualValue) -> Result<(), ScoreError> {
    let (code, name) = (ind.code.clone(), ind.name.clone());
    match (ind.kind, value) {
        (PartKind::Veto, ManualValue::Vetoed(_)) => Ok(()),
        (PartKind::Veto, ManualValue::Points(_)) => Err(ScoreError::ExpectsVeto { code, name }),
        (kind, ManualValue::Vetoed(_)) => Err(ScoreError::ExpectsPoints {
            code,
            name,
            part: kind.label().to_string(),
            what: what(kind).to_string(),
        }),
        (kind, ManualValue::Points(given)) => {
            let max = ind.points.unwrap_or(Points::ZERO);
            if given < Points::ZERO || given > max {
                return Err(ScoreError::OutOfRange {
                    code,
                    name,
                    what: what(kind).to_string(),
                    given,
                    max,
                });
            }
            Ok(())
        }
    }
}

fn what(kind: PartKind) -> &'static str {
    match kind {
        PartKind::Deduction => "扣分",
        _ => "得分",
    }
}

/// The score that needs no reason.
fn neutral(ind: &Indicator, value: ManualValue) -> bool {
    match (ind.kind, value) {
        (_, ManualValue::Vetoed(hit)) => !hit,
        (PartKind::Weighted, ManualValue::Points(p)) => Some(p) == ind.points,
        (_, ManualValue::Points(p)) => p == Points::ZERO,
    }
}

/// Scores one agency. Refuses hand scores that [`check_scores`] finds
/// wrong (the first of them) and a template that did not read.
pub fn score(
    template: &Template,
    measures: &Measures,
    manual: &[ManualScore],
) -> Result<Scorecard, ScoreError> {
    if template.indicators.is_empty() {
        let detail = template
            .errors
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>();
        return Err(ScoreError::BrokenTemplate {
            template: template.kind.subject().to_string(),
            detail: detail.join("；"),
        });
    }
    if let Some(e) = check_scores(template, manual).into_iter().next() {
        return Err(e);
    }
    let mut lines: Vec<Line> = template
        .indicators
        .iter()
        .map(|ind| leaf_line(template, ind, measures, manual))
        .collect();
    add_up_groups(template, &mut lines);
    Ok(summarise(template, lines))
}

fn depth(template: &Template, ind: &Indicator) -> usize {
    std::iter::successors(ind.parent, |&p| template.indicators[p].parent).count()
}

/// The line of a leaf with its value; a group's line with a placeholder
/// value, filled in by [`add_up_groups`].
fn leaf_line(template: &Template, ind: &Indicator, m: &Measures, manual: &[ManualScore]) -> Line {
    let hand = manual.iter().find(|s| s.code.trim() == ind.code);
    let (value, measured) = match ind.source {
        None => (LineValue::Unscored, None),
        Some(Source::Manual) => (
            hand.map_or(LineValue::Unscored, |s| hand_value(ind, s.value)),
            None,
        ),
        Some(Source::Computed(measure)) => computed_value(ind, measure, m),
    };
    Line {
        code: ind.code.clone(),
        name: ind.name.clone(),
        kind: ind.kind,
        leaf: ind.leaf,
        depth: depth(template, ind),
        max: ind.points,
        value,
        source: ind.source,
        measured,
        evidence: hand.map(|s| s.evidence.clone()),
    }
}

fn hand_value(ind: &Indicator, value: ManualValue) -> LineValue {
    match (ind.kind, value) {
        (_, ManualValue::Vetoed(hit)) => LineValue::Vetoed(hit),
        (PartKind::Deduction, ManualValue::Points(p)) => LineValue::Deducted(p),
        (_, ManualValue::Points(p)) => LineValue::Given(p),
    }
}

fn computed_value(
    ind: &Indicator,
    measure: super::Measure,
    m: &Measures,
) -> (LineValue, Option<u64>) {
    let count = m.count(measure);
    let cap = ind.points.unwrap_or(Points::ZERO);
    let value = match (ind.kind, count) {
        (PartKind::Veto, _) => {
            let flagged = measure.rule().is_some_and(|r| m.vetoed(r));
            let over = ind.threshold.zip(count).is_some_and(|(t, c)| c >= t);
            if count.is_none() && !flagged {
                LineValue::Unscored
            } else {
                LineValue::Vetoed(flagged || over)
            }
        }
        (_, None) => LineValue::Unscored,
        (PartKind::Deduction, Some(c)) => {
            let unit = ind.per_unit.unwrap_or(cap);
            LineValue::Deducted(unit.times(c).min(cap))
        }
        (_, Some(0)) => LineValue::Given(cap),
        (_, Some(c)) => match ind.per_unit {
            Some(unit) => LineValue::Given((cap - unit.times(c)).floor_zero()),
            None => LineValue::Given(Points::ZERO),
        },
    };
    (value, count)
}

/// Fills in the groups from their children: the children come after their
/// parent, so walking backwards every child is final before it is added.
fn add_up_groups(template: &Template, lines: &mut [Line]) {
    let mut sums = vec![(Points::ZERO, false); lines.len()];
    for i in (0..lines.len()).rev() {
        let ind = &template.indicators[i];
        if !ind.leaf {
            let (sum, hit) = sums[i];
            let cap = ind.points.unwrap_or(Points::ZERO);
            lines[i].value = match ind.kind {
                PartKind::Veto => LineValue::Vetoed(hit),
                PartKind::Deduction => LineValue::Deducted(sum.min(cap)),
                PartKind::Bonus | PartKind::Weighted => LineValue::Given(sum.min(cap)),
            };
        }
        if let Some(p) = ind.parent {
            match lines[i].value {
                LineValue::Given(x) | LineValue::Deducted(x) => sums[p].0 = sums[p].0 + x,
                LineValue::Vetoed(hit) => sums[p].1 |= hit,
                LineValue::Unscored => {}
            }
        }
    }
}

fn points_of(value: LineValue) -> Points {
    match value {
        LineValue::Given(p) | LineValue::Deducted(p) => p,
        _ => Points::ZERO,
    }
}

fn vetoes(template: &Template, lines: &[Line]) -> Vec<VetoHit> {
    lines
        .iter()
        .zip(&template.indicators)
        .filter(|(l, _)| l.leaf && l.value == LineValue::Vetoed(true))
        .map(|(l, ind)| {
            // The group's name where the item is one of several (栏目不更新).
            let group = ind
                .parent
                .map(|p| &template.indicators[p])
                .filter(|g| g.parent.is_some());
            VetoHit {
                code: l.code.clone(),
                title: group.map_or_else(|| l.name.clone(), |g| format!("{}：{}", g.name, l.name)),
            }
        })
        .collect()
}

fn base_score(template: &Template, lines: &[Line]) -> Points {
    if let Some(root) = template.root(PartKind::Deduction) {
        let deducted = lines
            .iter()
            .find(|l| l.code == root.code)
            .map_or(Points::ZERO, |l| points_of(l.value));
        return root.points.unwrap_or(Points::ZERO) - deducted;
    }
    lines
        .iter()
        .filter(|l| l.kind == PartKind::Weighted && l.depth == 0)
        .map(|l| points_of(l.value))
        .sum()
}

fn summarise(template: &Template, lines: Vec<Line>) -> Scorecard {
    let t = template.thresholds;
    let vetoes = vetoes(template, &lines);
    let base = base_score(template, &lines);
    let bonus = template
        .root(PartKind::Bonus)
        .filter(|_| vetoes.is_empty() && base > t.bonus_above)
        .and_then(|root| lines.iter().find(|l| l.code == root.code))
        .map(|l| points_of(l.value));
    let total = base + bonus.unwrap_or(Points::ZERO);
    let verdict = match t.grades {
        _ if !vetoes.is_empty() || base < t.pass_at => Verdict::Fail,
        Some(g) if total >= g.excellent_at => Verdict::Excellent,
        Some(g) if total >= g.good_at => Verdict::Good,
        _ => Verdict::Pass,
    };
    let unscored = lines
        .iter()
        .filter(|l| l.leaf && l.value == LineValue::Unscored)
        .map(|l| l.code.clone())
        .collect();
    Scorecard {
        template: template.kind,
        lines,
        vetoes,
        base,
        bonus,
        total,
        verdict,
        unscored,
    }
}
