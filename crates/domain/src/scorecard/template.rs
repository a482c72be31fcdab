//! 考核指标体系: a template's indicator tree, read from the data files
//! beside the crate (`data/scorecards/*.csv`; their sources are in the
//! README there), and the two templates that ship.

use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::check;
use super::{Measure, Points};
use crate::catalogue::import::parse_csv;

/// The columns of a template file, in order.
pub const TEMPLATE_HEADER: [&str; 8] = [
    "code",
    "name",
    "kind",
    "points",
    "per_unit",
    "threshold",
    "source",
    "basis",
];

/// Which part of a scorecard an indicator belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    /// 单项否决指标: any one hit fails the agency (不合格) whatever its score.
    Veto,
    /// 扣分指标: starts full and loses points, each indicator no more than
    /// its cap (“单项指标扣分之和不超过本项指标总分值”).
    Deduction,
    /// 加分指标: counted only when the base score is high enough.
    Bonus,
    /// 分值指标: points earned up to each indicator's weight; the weights of
    /// an indicator's children add up to its own.
    Weighted,
}

impl PartKind {
    pub const ALL: [PartKind; 4] = [
        PartKind::Veto,
        PartKind::Deduction,
        PartKind::Bonus,
        PartKind::Weighted,
    ];

    /// The word in a template's `kind` column.
    pub fn code(self) -> &'static str {
        match self {
            PartKind::Veto => "veto",
            PartKind::Deduction => "deduction",
            PartKind::Bonus => "bonus",
            PartKind::Weighted => "weighted",
        }
    }

    pub fn from_code(code: &str) -> Option<PartKind> {
        PartKind::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            PartKind::Veto => "单项否决指标",
            PartKind::Deduction => "扣分指标",
            PartKind::Bonus => "加分指标",
            PartKind::Weighted => "评分指标",
        }
    }
}

/// How a leaf indicator gets its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "source", content = "measure", rename_all = "snake_case")]
pub enum Source {
    /// 人工评分: the inspector scores it with evidence.
    Manual,
    /// 系统计算: from a [`Measure`]; a hand score for it is refused.
    Computed(Measure),
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::Manual => "人工评分",
            Source::Computed(_) => "系统计算",
        }
    }
}

/// One row of a template: a group (it has children) or a leaf (it is scored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// Dotted number, e.g. `2.1.3`; the parent is the code without its
    /// last part (`2.1`).
    pub code: String,
    pub name: String,
    pub kind: PartKind,
    /// The most a weighted or bonus indicator earns; the cap of a deduction
    /// indicator (group or leaf). `None` for veto rows.
    pub points: Option<Points>,
    /// Deduction leaves: points deducted per fault counted. Weighted leaves
    /// from a measure: points lost per fault (`None`: any fault loses all).
    pub per_unit: Option<Points>,
    /// Computed veto leaves: vetoed when the measure counts at least this
    /// many (besides the health check's own 单项否决 finding).
    pub threshold: Option<u64>,
    /// `None` for a group.
    pub source: Option<Source>,
    /// Where the indicator and its numbers are written.
    pub basis: String,
    /// The parent's position in [`Template::indicators`].
    pub parent: Option<usize>,
    pub leaf: bool,
}

impl Indicator {
    /// The code of the parent: `2.1` of `2.1.3`, `None` for a part's root.
    pub fn parent_code(&self) -> Option<&str> {
        self.code.rsplit_once('.').map(|(parent, _)| parent)
    }

    pub fn is_computed(&self) -> bool {
        matches!(self.source, Some(Source::Computed(_)))
    }
}

/// 优秀 and 良好, for an assessment that grades beyond 合格.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grades {
    pub excellent_at: Points,
    pub good_at: Points,
}

/// The lines a score is judged by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thresholds {
    /// A base score below this is 不合格 (“低于60分，判定为不合格”).
    pub pass_at: Points,
    /// The bonus part counts only when the base score is above this
    /// (“高于80分，则进入加分指标评分环节”): 80.0 does not, 80.5 does.
    pub bonus_above: Points,
    /// `None`: only 合格/不合格.
    pub grades: Option<Grades>,
}

/// The templates that ship with the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScorecardKind {
    /// 政府网站检查: 国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》 —
    /// 单项否决, a 100-point 扣分 part and a 30-point 加分 part; the result
    /// is 合格 or 不合格.
    WebsiteInspection,
    /// 政务公开工作考核: a 100-point weighted assessment (主动公开 40,
    /// 依申请公开 25, 政策解读与政民互动 15, 平台建设 10, 创新 10), graded
    /// 优秀/良好/合格/不合格.
    DisclosureAssessment,
}

impl ScorecardKind {
    pub const ALL: [ScorecardKind; 2] = [
        ScorecardKind::WebsiteInspection,
        ScorecardKind::DisclosureAssessment,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ScorecardKind::WebsiteInspection => "website_inspection",
            ScorecardKind::DisclosureAssessment => "disclosure_assessment",
        }
    }

    pub fn from_code(code: &str) -> Option<ScorecardKind> {
        ScorecardKind::ALL
            .into_iter()
            .find(|k| k.code() == code.trim())
    }

    /// What the exercise is called in a 通报's title: 关于{期间}{subject}情况的通报.
    pub fn subject(self) -> &'static str {
        match self {
            ScorecardKind::WebsiteInspection => "政府网站检查",
            ScorecardKind::DisclosureAssessment => "政务公开工作考核",
        }
    }

    /// The document the indicators come from, as a 通报 cites it.
    pub fn basis(self) -> &'static str {
        match self {
            ScorecardKind::WebsiteInspection => {
                "《国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知》（国办秘函〔2019〕19号）"
            }
            ScorecardKind::DisclosureAssessment => {
                "《中华人民共和国政府信息公开条例》和本地政务公开工作考核办法"
            }
        }
    }

    /// 19号: <60 不合格, >80 into the bonus part, no grades. The assessment's
    /// 90/80/60 bands are the common local choice (按本地考核办法配置（默认值））.
    pub fn thresholds(self) -> Thresholds {
        let grades = match self {
            ScorecardKind::WebsiteInspection => None,
            ScorecardKind::DisclosureAssessment => Some(Grades {
                excellent_at: Points::whole(90),
                good_at: Points::whole(80),
            }),
        };
        Thresholds {
            pass_at: Points::whole(60),
            bonus_above: Points::whole(80),
            grades,
        }
    }

    fn source(self) -> &'static str {
        match self {
            ScorecardKind::WebsiteInspection => {
                include_str!("../../data/scorecards/website_inspection.csv")
            }
            ScorecardKind::DisclosureAssessment => {
                include_str!("../../data/scorecards/disclosure_assessment.csv")
            }
        }
    }

    /// The shipped template (read and checked once; a shipped file that
    /// does not read is a build defect the tests catch, and reads here as
    /// an empty template with its errors).
    pub fn template(self) -> &'static Template {
        static WEBSITE: OnceLock<Template> = OnceLock::new();
        static DISCLOSURE: OnceLock<Template> = OnceLock::new();
        let cell = match self {
            ScorecardKind::WebsiteInspection => &WEBSITE,
            ScorecardKind::DisclosureAssessment => &DISCLOSURE,
        };
        cell.get_or_init(|| {
            Template::read(self, self.source()).unwrap_or_else(|errors| Template {
                kind: self,
                thresholds: self.thresholds(),
                indicators: Vec::new(),
                errors,
            })
        })
    }
}

/// What is wrong with a template file, by line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateError {
    /// 1-based line of the file (the header is line 1).
    pub line: usize,
    pub code: String,
    pub reason: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.code.as_str() {
            "" => write!(f, "第{}行：{}", self.line, self.reason),
            code => write!(f, "第{}行（指标{code}）：{}", self.line, self.reason),
        }
    }
}

/// A template: its indicators in file order (a parent before its children).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub kind: ScorecardKind,
    pub thresholds: Thresholds,
    pub indicators: Vec<Indicator>,
    /// What did not read (empty for the shipped files).
    pub errors: Vec<TemplateError>,
}

impl Template {
    /// Reads a template CSV with [`TEMPLATE_HEADER`] for `kind` (whose
    /// thresholds it takes): every row must read and the tree add up, or
    /// nothing is taken. A local office may read its own file this way.
    pub fn read(kind: ScorecardKind, text: &str) -> Result<Template, Vec<TemplateError>> {
        let rows = parse_csv(text);
        let header: Vec<&str> = rows
            .first()
            .map(|r| r.iter().map(|c| c.trim()).collect())
            .unwrap_or_default();
        if header != TEMPLATE_HEADER {
            return Err(vec![TemplateError {
                line: 1,
                code: String::new(),
                reason: format!("表头应为：{}", TEMPLATE_HEADER.join(",")),
            }]);
        }
        let mut errors = Vec::new();
        let mut read = Vec::new();
        for (i, cells) in rows.iter().enumerate().skip(1) {
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            match check::read_row(cells, i + 1) {
                Ok(ind) => read.push((i + 1, ind)),
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let indicators = check::build_tree(read)?;
        Ok(Template {
            kind,
            thresholds: kind.thresholds(),
            indicators,
            errors: Vec::new(),
        })
    }

    pub fn indicator(&self, code: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.code == code.trim())
    }

    /// The root row of a part (for weighted templates, the first part).
    pub fn root(&self, kind: PartKind) -> Option<&Indicator> {
        self.indicators
            .iter()
            .find(|i| i.kind == kind && i.parent.is_none())
    }

    /// The rows directly under the row at `index`.
    pub fn children(&self, index: usize) -> impl Iterator<Item = &Indicator> {
        self.indicators
            .iter()
            .filter(move |i| i.parent == Some(index))
    }

    /// The leaves, in file order.
    pub fn leaves(&self) -> impl Iterator<Item = &Indicator> {
        self.indicators.iter().filter(|i| i.leaf)
    }
}
