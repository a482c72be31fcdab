//! 计算指标: what the platform itself counts for a scorecard — the health
//! checks' findings per rule and the console's figures — so that an
//! indicator the data can decide is not scored by hand.

use serde::{Deserialize, Serialize};

use crate::health::{Finding, Rule, Severity};

/// A measure a template row may be computed from (its `source` column
/// holds the [`code`](Measure::code)). Every count is "how many faults", so
/// that 0 is always the clean state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// 空白栏目数: columns with nothing published and no 无信息说明 (one
    /// [`Rule::EmptyColumn`] 问题 finding each).
    EmptyColumns,
    /// 未按时更新的动态要闻、通知公告、政策文件类栏目数: news columns not
    /// updated within 2 weeks, notice/policy columns within 6 months
    /// ([`Rule::StaleFrequentColumn`] 问题 findings; the 提醒 of a news
    /// column about to go stale is not counted).
    StaleFrequentColumns,
    /// 其他应更新但长期未更新的栏目数: periodic columns past their interval
    /// ([`Rule::StaleColumn`] 问题 findings). 19号's veto “超过（含）10个”
    /// counts these and the frequent ones together; the health check's own
    /// veto does, and is read through the veto flag.
    StaleColumns,
    /// 含未注明发布日期信息的栏目数 ([`Rule::UndatedItem`] findings, one per
    /// column, whatever the number of undated items in it).
    UndatedColumns,
    /// 未在20个工作日内公开的信息条数 (Art. 26): the console's figure, not
    /// the number of findings (the check writes one finding for all of them).
    LateItems,
    /// 未发布解读的规章、规范性文件件数 ([`Rule::InterpretationMissing`]).
    InterpretationsMissing,
    /// 解读晚于文件3个工作日以上发布的件数 ([`Rule::InterpretationLate`]).
    InterpretationsLate,
    /// 不可用的链接数 ([`Rule::BrokenLink`]; links that could not be checked,
    /// [`Rule::SuspectLink`], are warnings and not counted).
    BrokenLinks,
    /// 政府信息公开指南要素不全: 1 if the guide lacks office data, else 0
    /// ([`Rule::GuideIncomplete`]).
    GuideIncomplete,
    /// 上一年度报告逾期未公开: 1 if last year's annual report is missing
    /// after its date, else 0 ([`Rule::AnnualReportMissing`] 问题; published
    /// late is only a 提醒 there — see [`Measure::ReportOnTime`]).
    AnnualReportMissing,
    /// 逾期未答复的申请件数: the console's figure of requests past their
    /// answer limit.
    OverdueRequests,
    /// 上一年度报告按时公开 (Art. 49/50): yes counts 0 faults, no (late or
    /// missing) counts 1; unknown leaves the indicator unscored.
    ReportOnTime,
}

impl Measure {
    pub const ALL: [Measure; 12] = [
        Measure::EmptyColumns,
        Measure::StaleFrequentColumns,
        Measure::StaleColumns,
        Measure::UndatedColumns,
        Measure::LateItems,
        Measure::InterpretationsMissing,
        Measure::InterpretationsLate,
        Measure::BrokenLinks,
        Measure::GuideIncomplete,
        Measure::AnnualReportMissing,
        Measure::OverdueRequests,
        Measure::ReportOnTime,
    ];

    /// The name in a template's `source` column.
    pub fn code(self) -> &'static str {
        match self {
            Measure::EmptyColumns => "empty_columns",
            Measure::StaleFrequentColumns => "stale_frequent_columns",
            Measure::StaleColumns => "stale_columns",
            Measure::UndatedColumns => "undated_columns",
            Measure::LateItems => "late_items",
            Measure::InterpretationsMissing => "interpretations_missing",
            Measure::InterpretationsLate => "interpretations_late",
            Measure::BrokenLinks => "broken_links",
            Measure::GuideIncomplete => "guide_incomplete",
            Measure::AnnualReportMissing => "annual_report_missing",
            Measure::OverdueRequests => "overdue_requests",
            Measure::ReportOnTime => "report_on_time",
        }
    }

    pub fn from_code(code: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.code() == code.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Measure::EmptyColumns => "空白栏目数",
            Measure::StaleFrequentColumns => "未按时更新的动态要闻、通知公告、政策文件类栏目数",
            Measure::StaleColumns => "应更新但长期未更新的栏目数",
            Measure::UndatedColumns => "含未注明发布日期信息的栏目数",
            Measure::LateItems => "未在20个工作日内公开的信息条数",
            Measure::InterpretationsMissing => "未发布解读的规章、规范性文件件数",
            Measure::InterpretationsLate => "解读未同步发布的文件件数",
            Measure::BrokenLinks => "不可用链接数",
            Measure::GuideIncomplete => "政府信息公开指南要素不全",
            Measure::AnnualReportMissing => "上一年度报告逾期未公开",
            Measure::OverdueRequests => "逾期未答复的申请件数",
            Measure::ReportOnTime => "上一年度报告按时公开",
        }
    }

    /// The health rule whose findings the measure counts, or whose
    /// 单项否决 finding vetoes a row computed from it. `None` for the report
    /// figure, which no finding decides alone.
    pub fn rule(self) -> Option<Rule> {
        match self {
            Measure::EmptyColumns => Some(Rule::EmptyColumn),
            Measure::StaleFrequentColumns => Some(Rule::StaleFrequentColumn),
            Measure::StaleColumns => Some(Rule::StaleColumn),
            Measure::UndatedColumns => Some(Rule::UndatedItem),
            Measure::LateItems => Some(Rule::LateItem),
            Measure::InterpretationsMissing => Some(Rule::InterpretationMissing),
            Measure::InterpretationsLate => Some(Rule::InterpretationLate),
            Measure::BrokenLinks => Some(Rule::BrokenLink),
            Measure::GuideIncomplete => Some(Rule::GuideIncomplete),
            Measure::AnnualReportMissing => Some(Rule::AnnualReportMissing),
            Measure::OverdueRequests => Some(Rule::OverdueRequests),
            Measure::ReportOnTime => None,
        }
    }
}

/// What one rule's findings amount to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleCount {
    pub rule: Rule,
    /// 问题 findings (提醒 are not faults yet; the 单项否决 finding is a
    /// tally over all columns, not one more column).
    pub problems: u64,
    /// A 单项否决 finding of the rule was among them.
    pub veto: bool,
}

/// The computed side of a scorecard: plain data, gathered by the
/// application from the latest health run and the console's figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measures {
    /// One entry per rule that had findings (a rule not listed counts 0).
    pub rules: Vec<RuleCount>,
    /// Requests past their answer limit and not answered.
    pub overdue_requests: u64,
    /// Published items that came out later than Art. 26 allows.
    pub late_items: u64,
    /// Last year's annual report published by its date (Art. 49/50);
    /// `None`: not known, or none was due yet.
    pub report_on_time: Option<bool>,
}

impl Measures {
    /// The measures of a health run's findings and the console's figures.
    pub fn from_findings(
        findings: &[Finding],
        overdue_requests: u64,
        late_items: u64,
        report_on_time: Option<bool>,
    ) -> Measures {
        let rules = Rule::ALL
            .into_iter()
            .filter_map(|rule| {
                let of_rule = findings.iter().filter(|f| f.rule == rule);
                let mut count = RuleCount {
                    rule,
                    problems: 0,
                    veto: false,
                };
                let mut any = false;
                for f in of_rule {
                    any = true;
                    match f.severity {
                        Severity::Problem => count.problems += 1,
                        Severity::Veto => count.veto = true,
                        Severity::Warning => {}
                    }
                }
                any.then_some(count)
            })
            .collect();
        Measures {
            rules,
            overdue_requests,
            late_items,
            report_on_time,
        }
    }

    fn rule_count(&self, rule: Rule) -> Option<&RuleCount> {
        self.rules.iter().find(|r| r.rule == rule)
    }

    /// 问题 findings of `rule`.
    pub fn problems(&self, rule: Rule) -> u64 {
        self.rule_count(rule).map_or(0, |r| r.problems)
    }

    /// Whether the health check found a 单项否决 of `rule`.
    pub fn vetoed(&self, rule: Rule) -> bool {
        self.rule_count(rule).is_some_and(|r| r.veto)
    }

    /// The number of faults `measure` counts; `None` when it is not known
    /// (only [`Measure::ReportOnTime`] can be unknown).
    pub fn count(&self, measure: Measure) -> Option<u64> {
        match measure {
            Measure::LateItems => Some(self.late_items),
            Measure::OverdueRequests => Some(self.overdue_requests),
            Measure::ReportOnTime => self.report_on_time.map(|on_time| u64::from(!on_time)),
            other => other.rule().map(|rule| self.problems(rule)),
        }
    }
}
