//! 考核评分: a supervising office (政务公开办) scores every agency below it
//! against an indicator tree with weights, and publishes the result as a
//! 通报.
//!
//! Two templates ship as data (`data/scorecards/*.csv`, sources in the
//! README there): the national website inspection (国办秘函〔2019〕19号
//! 《政府网站与政务新媒体检查指标》: 单项否决, a 100-point 扣分 part, a
//! 30-point 加分 part counted above 80) and a weighted 政务公开工作考核
//! (主动公开 40, 依申请公开 25, 政策解读与政民互动 15, 平台建设 10,
//! 创新 10).
//!
//! | module | what |
//! |---|---|
//! | [`points`] | [`Points`]: tenths of a point, exact, printed `87.5` |
//! | [`measure`] | [`Measure`], [`Measures`]: what the health checks and the console count |
//! | [`template`] | [`Template`], [`Indicator`], [`ScorecardKind`] (the shipped templates), [`TEMPLATE_HEADER`] |
//! | `check` | reading a template file: rows, tree, sums |
//! | [`score`](mod@score) | [`score()`], [`ManualScore`], [`Scorecard`], [`Verdict`], [`ScoreError`] |
//! | [`compare`](mod@compare) | [`compare()`] two periods, [`rank`] a run |
//! | [`bulletin`](mod@bulletin) | [`bulletin()`]: the 检查情况通报 as a [`crate::document::Document`] |
//!
//! Pure: the application gathers the findings and figures and stores the
//! hand scores; this decides what they add up to.

mod check;
pub mod measure;
pub mod points;
pub mod template;

pub mod bulletin;
pub mod compare;
pub mod score;

#[cfg(test)]
mod bulletin_tests;
#[cfg(test)]
mod tests;

pub use bulletin::{
    BulletinInput, DEFAULT_METHOD, PreviousPeriod, PreviousResult, RESULT_COLUMNS, bulletin,
};
pub use compare::{Change, LineChange, Ranked, ScoredAgency, compare, rank};
pub use measure::{Measure, Measures, RuleCount};
pub use points::Points;
pub use score::{
    Evidence, Line, LineValue, ManualScore, ManualValue, ScoreError, Scorecard, Verdict, VetoHit,
    check_scores, score,
};
pub use template::{
    Grades, Indicator, PartKind, ScorecardKind, Source, TEMPLATE_HEADER, Template, TemplateError,
    Thresholds,
};
