//! Columns that are empty or not updated (国办秘函〔2019〕19号, 单项否决
//! “栏目不更新”): each such column is a problem; five empty columns, five
//! news/notice columns not updated in time, or ten columns not updated as
//! they should be fail the site.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::rules::{
    EMPTY_COLUMNS_VETO, EMPTY_COLUMNS_WARNING, FREQUENT_STALE_VETO, OTHER_STALE_VETO,
};
use super::{Finding, Rule, Severity};
use crate::catalogue::standard::DisclosureLimit;
use crate::vocabulary::Article20Item;

/// How often a column must be updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ColumnKind {
    /// 动态、要闻类: within 2 weeks of the check.
    News,
    /// 通知公告、政策文件类: within 6 months.
    Notices,
    /// Other columns that must be updated: within `days`.
    Periodic { days: u32 },
    /// A 标准目录 row's periodic 公开时限 (每月, 每季度 …): updated within
    /// the last `months` calendar months.
    EveryMonths { months: u32 },
    /// A row's 每年M月D日前: something published in the year up to the
    /// latest such day.
    YearlyBy { month: u32, day: u32 },
    /// Not updated on a schedule (机构概况, 招考): only an empty column counts.
    Static,
}

/// A news column is warned of this many days after its last update (the
/// veto comes at 14).
pub const NEWS_WARNING_DAYS: i64 = 10;
const NEWS_DAYS: i64 = 14;
const NOTICE_MONTHS: u32 = 6;

/// The default kind of the column of an Article 20 item (an agency may
/// configure others): 政策文件 as notices; 统计信息 every 90 days; 规划计划
/// and 预决算 every year; the results of licensing, enforcement and checks
/// every 180 days; organisation, fees, recruitment and emergencies only
/// when there is something to publish.
pub fn default_kind(item: Article20Item) -> ColumnKind {
    use Article20Item as I;
    match item {
        I::Regulations => ColumnKind::Notices,
        I::Statistics => ColumnKind::Periodic { days: 90 },
        I::Plans | I::Budget => ColumnKind::Periodic { days: 365 },
        I::Licensing
        | I::Enforcement
        | I::Procurement
        | I::MajorProjects
        | I::SocialPolicies
        | I::Inspections
        | I::OtherStatutory => ColumnKind::Periodic { days: 180 },
        I::Organisation | I::Fees | I::Emergencies | I::CivilServiceRecruitment => {
            ColumnKind::Static
        }
    }
}

/// The kind of the sub-column of a 标准目录 row, where the row's own
/// 公开时限 is a periodic rule (每季度更新, 每年3月31日前); `None` where it
/// is a time after each piece of information is formed (then the column is
/// judged by its Article 20 item's [`default_kind`]).
pub fn row_kind(limit: &DisclosureLimit) -> Option<ColumnKind> {
    match *limit {
        DisclosureLimit::Periodic { months } => Some(ColumnKind::EveryMonths {
            months: u32::from(months),
        }),
        DisclosureLimit::FixedDate { month, day } => Some(ColumnKind::YearlyBy { month, day }),
        _ => None,
    }
}

/// The latest `month`-`day` on or before `today` (29 February in a common
/// year: 28 February).
fn latest_yearly(today: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let on = |year: i32| {
        NaiveDate::from_ymd_opt(year, month, day)
            .or_else(|| NaiveDate::from_ymd_opt(year, month, day.saturating_sub(1)))
    };
    let this = on(today.year())?;
    if this <= today {
        Some(this)
    } else {
        on(today.year() - 1)
    }
}

/// What the check reads of one column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnFigures {
    /// The column's name as the public sees it.
    pub name: String,
    pub kind: ColumnKind,
    /// Published items (or texts) in the column.
    pub published: u32,
    /// The newest publication date.
    pub last_published: Option<NaiveDate>,
    /// Published items without a publication date.
    pub undated: u32,
    /// A published 无信息说明 says why the column is empty.
    pub explained: bool,
    /// Where the column is filled.
    pub fix_at: Option<String>,
}

/// The counts the vetoes are decided on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ColumnVerdicts {
    pub empty: u32,
    pub frequent_stale: u32,
    pub stale: u32,
}

/// Whether the column was not updated when it should have been, on `today`.
fn stale(c: &ColumnFigures, today: NaiveDate) -> Option<String> {
    let last = c.last_published?;
    let days = (today - last).num_days();
    match c.kind {
        ColumnKind::News if days > NEWS_DAYS => Some(format!(
            "最近一次更新为{last}，已{days}天未更新（动态要闻类栏目应2周内更新）"
        )),
        ColumnKind::Notices
            if today
                .checked_sub_months(Months::new(NOTICE_MONTHS))
                .is_some_and(|d| last < d) =>
        {
            Some(format!(
                "最近一次更新为{last}，已超过6个月未更新（通知公告、政策文件类栏目）"
            ))
        }
        ColumnKind::Periodic { days: every } if days > i64::from(every) => Some(format!(
            "最近一次更新为{last}，已{days}天未更新（应每{every}天内更新）"
        )),
        ColumnKind::EveryMonths { months }
            if today
                .checked_sub_months(Months::new(months))
                .is_some_and(|d| last < d) =>
        {
            Some(format!(
                "最近一次更新为{last}，已超过{months}个月未更新（标准目录规定的公开时限：{}）",
                DisclosureLimit::Periodic {
                    months: u16::try_from(months).unwrap_or(u16::MAX)
                }
                .label()
            ))
        }
        ColumnKind::YearlyBy { month, day } => {
            let due = latest_yearly(today, month, day)?;
            let year_before = due.checked_sub_months(Months::new(12))?;
            (last <= year_before).then(|| {
                format!(
                    "最近一次更新为{last}，{due}前一年内未更新（标准目录规定的公开时限：每年{month}月{day}日前）"
                )
            })
        }
        _ => None,
    }
}

fn finding(c: &ColumnFigures, rule: Rule, severity: Severity, detail: String) -> Finding {
    Finding {
        rule,
        severity,
        subject: c.name.clone(),
        detail,
        fix_at: c.fix_at.clone(),
    }
}

fn tally(rule: Rule, severity: Severity, detail: String) -> Finding {
    Finding {
        rule,
        severity,
        subject: "全部栏目".into(),
        detail,
        fix_at: None,
    }
}

/// The findings of the columns on `today`, and the counts behind them.
pub fn column_findings(
    columns: &[ColumnFigures],
    today: NaiveDate,
) -> (Vec<Finding>, ColumnVerdicts) {
    let mut out = Vec::new();
    let mut v = ColumnVerdicts::default();
    for c in columns {
        if c.published == 0 {
            if !c.explained {
                v.empty += 1;
                out.push(finding(
                    c,
                    Rule::EmptyColumn,
                    Severity::Problem,
                    "栏目没有公开任何信息，也没有发布无信息说明。".into(),
                ));
            }
            continue;
        }
        if let Some(why) = stale(c, today) {
            let frequent = matches!(c.kind, ColumnKind::News | ColumnKind::Notices);
            v.stale += 1;
            if frequent {
                v.frequent_stale += 1;
            }
            let rule = if frequent {
                Rule::StaleFrequentColumn
            } else {
                Rule::StaleColumn
            };
            out.push(finding(c, rule, Severity::Problem, why));
        } else if let (ColumnKind::News, Some(last)) = (c.kind, c.last_published) {
            let days = (today - last).num_days();
            if days >= NEWS_WARNING_DAYS {
                out.push(finding(
                    c,
                    Rule::StaleFrequentColumn,
                    Severity::Warning,
                    format!("已{days}天未更新，满2周即计为未更新栏目。"),
                ));
            }
        }
        if c.undated > 0 {
            out.push(finding(
                c,
                Rule::UndatedItem,
                Severity::Problem,
                format!("{}条信息未注明发布日期，视为未更新。", c.undated),
            ));
        }
    }
    if v.empty >= EMPTY_COLUMNS_VETO {
        out.push(tally(
            Rule::EmptyColumn,
            Severity::Veto,
            format!(
                "空白栏目{}个，达到{EMPTY_COLUMNS_VETO}个即单项否决。",
                v.empty
            ),
        ));
    } else if v.empty >= EMPTY_COLUMNS_WARNING {
        out.push(tally(
            Rule::EmptyColumn,
            Severity::Warning,
            format!(
                "空白栏目{}个，达到{EMPTY_COLUMNS_VETO}个将单项否决。",
                v.empty
            ),
        ));
    }
    if v.frequent_stale >= FREQUENT_STALE_VETO {
        out.push(tally(Rule::StaleFrequentColumn, Severity::Veto, format!("动态要闻、通知公告、政策文件类栏目{}个未按时更新，达到{FREQUENT_STALE_VETO}个即单项否决。", v.frequent_stale)));
    }
    if v.stale >= OTHER_STALE_VETO {
        out.push(tally(
            Rule::StaleColumn,
            Severity::Veto,
            format!(
                "应更新但长期未更新的栏目{}个，达到{OTHER_STALE_VETO}个即单项否决。",
                v.stale
            ),
        ));
    }
    (out, v)
}
