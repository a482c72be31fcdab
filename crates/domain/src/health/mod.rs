//! 栏目健康检查: what a supervising office's checks of an agency's
//! 政府信息公开 column find, each finding under the rule that names it and
//! the numbers it is measured by — the national inspection indicators
//! (国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》, whose 单项否决
//! fail a site outright) and the 2015 survey rules (《全国政府网站普查评分
//! 表》: "未注明信息发布时间的视为不更新").
//!
//! Pure: the application gathers the figures (from the read models, in SQL)
//! and the link checker's results; this decides what they amount to.

mod columns;
mod rules;

#[cfg(test)]
mod tests;

pub use columns::{
    ColumnFigures, ColumnKind, ColumnVerdicts, column_findings, default_kind, row_kind,
};
pub use rules::{
    AgencyFigures, EMPTY_COLUMNS_VETO, EMPTY_COLUMNS_WARNING, FREQUENT_STALE_VETO,
    INTERPRETATION_WORKING_DAYS, LinkFigures, OTHER_STALE_VETO, PolicyFigures, agency_findings,
    guide_gaps,
};

use serde::{Deserialize, Serialize};

/// How much a finding weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// 提醒: not yet a fault, about to become one.
    Warning,
    /// 问题: a fault the agency must correct.
    Problem,
    /// 单项否决: the site fails the inspection.
    Veto,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Warning => "提醒",
            Severity::Problem => "问题",
            Severity::Veto => "单项否决",
        }
    }
}

/// The rules a finding can come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// 空白栏目.
    EmptyColumn,
    /// 动态要闻、通知公告、政策文件类栏目不更新.
    StaleFrequentColumn,
    /// 应更新但长期未更新的栏目.
    StaleColumn,
    /// 未注明发布日期的信息.
    UndatedItem,
    /// 超过20个工作日公开 (Art. 26).
    LateItem,
    /// 规章、规范性文件未同步解读.
    InterpretationMissing,
    /// 解读晚于文件3个工作日以上.
    InterpretationLate,
    /// 失效链接.
    BrokenLink,
    /// 存疑链接 (could not be checked).
    SuspectLink,
    /// 指南缺少机构信息.
    GuideIncomplete,
    /// 年度报告未按时公开.
    AnnualReportMissing,
    /// 逾期未答复的申请.
    OverdueRequests,
    /// 上一年度逾期答复的申请.
    LateReplies,
}

impl Rule {
    pub const ALL: [Rule; 13] = [
        Rule::EmptyColumn,
        Rule::StaleFrequentColumn,
        Rule::StaleColumn,
        Rule::UndatedItem,
        Rule::LateItem,
        Rule::InterpretationMissing,
        Rule::InterpretationLate,
        Rule::BrokenLink,
        Rule::SuspectLink,
        Rule::GuideIncomplete,
        Rule::AnnualReportMissing,
        Rule::OverdueRequests,
        Rule::LateReplies,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Rule::EmptyColumn => "empty_column",
            Rule::StaleFrequentColumn => "stale_frequent_column",
            Rule::StaleColumn => "stale_column",
            Rule::UndatedItem => "undated_item",
            Rule::LateItem => "late_item",
            Rule::InterpretationMissing => "interpretation_missing",
            Rule::InterpretationLate => "interpretation_late",
            Rule::BrokenLink => "broken_link",
            Rule::SuspectLink => "suspect_link",
            Rule::GuideIncomplete => "guide_incomplete",
            Rule::AnnualReportMissing => "annual_report_missing",
            Rule::OverdueRequests => "overdue_requests",
            Rule::LateReplies => "late_replies",
        }
    }

    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Rule::EmptyColumn => "空白栏目",
            Rule::StaleFrequentColumn => "动态要闻、通知公告、政策文件类栏目未更新",
            Rule::StaleColumn => "应更新但长期未更新的栏目",
            Rule::UndatedItem => "信息未注明发布日期",
            Rule::LateItem => "信息未在20个工作日内公开",
            Rule::InterpretationMissing => "规章、规范性文件未发布解读",
            Rule::InterpretationLate => "解读未与文件同步发布",
            Rule::BrokenLink => "链接不可用",
            Rule::SuspectLink => "链接无法确认",
            Rule::GuideIncomplete => "政府信息公开指南要素不全",
            Rule::AnnualReportMissing => "政府信息公开工作年度报告未按时公开",
            Rule::OverdueRequests => "依申请公开逾期未答复",
            Rule::LateReplies => "上一年度依申请公开逾期答复",
        }
    }

    /// Where the rule is written.
    pub fn basis(self) -> &'static str {
        match self {
            Rule::EmptyColumn => {
                "国办秘函〔2019〕19号 单项否决指标“栏目不更新”第3项：空白栏目数量超过（含）5个；政府信息公开专栏的指南、制度、法定主动公开内容、年报四部分（国办公开办函〔2019〕61号）"
            }
            Rule::StaleFrequentColumn => {
                "国办秘函〔2019〕19号 单项否决指标“栏目不更新”第1项：监测时间点前2周内的动态、要闻类栏目，以及前6个月内的通知公告、政策文件类栏目，累计超过（含）5个未更新"
            }
            Rule::StaleColumn => {
                "国办秘函〔2019〕19号 单项否决指标“栏目不更新”第2项：应更新但长期未更新的栏目数量超过（含）10个"
            }
            Rule::UndatedItem => {
                "《全国政府网站普查评分表》（2015年）：未注明信息发布时间的视为不更新"
            }
            Rule::LateItem => {
                "《中华人民共和国政府信息公开条例》第二十六条：自形成或者变更之日起20个工作日内及时公开"
            }
            Rule::InterpretationMissing | Rule::InterpretationLate => {
                "国办发〔2016〕19号：政策解读与文件同步起草、同步审签、同步发布，最迟不超过文件公开后3个工作日"
            }
            Rule::BrokenLink | Rule::SuspectLink => {
                "国办秘函〔2019〕19号 扣分指标“链接可用性”：页面上的链接（含图片、附件、外部链接）打不开或错误"
            }
            Rule::GuideIncomplete => {
                "《中华人民共和国政府信息公开条例》第十二条：指南包括政府信息公开工作机构的名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式等"
            }
            Rule::AnnualReportMissing => {
                "《中华人民共和国政府信息公开条例》第四十九条、第五十条：部门于每年1月31日前、县级以上人民政府于3月31日前公开上一年度报告"
            }
            Rule::OverdueRequests | Rule::LateReplies => {
                "《中华人民共和国政府信息公开条例》第三十三条：收到申请之日起20个工作日内答复"
            }
        }
    }
}

/// One finding of a check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    /// What it is about: a column, an item, a link.
    pub subject: String,
    /// What was found, in words for the agency.
    pub detail: String,
    /// The page where it is fixed (a path of the platform), if any.
    pub fix_at: Option<String>,
}

/// A check's findings summed up: vetoes decide the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Tally {
    pub vetoes: u32,
    pub problems: u32,
    pub warnings: u32,
}

impl Tally {
    pub fn of(findings: &[Finding]) -> Tally {
        let mut t = Tally::default();
        for f in findings {
            match f.severity {
                Severity::Veto => t.vetoes += 1,
                Severity::Problem => t.problems += 1,
                Severity::Warning => t.warnings += 1,
            }
        }
        t
    }

    /// 不合格 on any veto.
    pub fn fails(&self) -> bool {
        self.vetoes > 0
    }
}
