//! What a console page asks for: the column it is sorted by and which way,
//! which agencies it shows, and the page — parsed from the query string's
//! texts once, with what is wrong and what to do in Chinese.

use std::cmp::Ordering;

use super::ConsoleRow;
use crate::Error;

/// The column the console is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// 按机构层级: the tree's order.
    #[default]
    Tree,
    Name,
    /// 办理中
    Running,
    /// 即将到期
    DueSoon,
    /// 已逾期
    Overdue,
    /// 逾期公开的信息
    LateItems,
    /// 上年度年报: the worst status first when descending.
    ReportLast,
    ReportThis,
    /// 工作要点完成率
    Plan,
    /// 单项否决
    Vetoes,
    /// 问题
    Problems,
    /// 政民互动按期答复率
    QuestionsInTime,
    /// 最久未答复留言（天）
    QuestionsOldest,
    /// 本年回应关切
    Concerns,
    /// 回应关切超时
    ConcernsLate,
}

impl SortKey {
    pub const ALL: [SortKey; 15] = [
        SortKey::Tree,
        SortKey::Name,
        SortKey::Running,
        SortKey::DueSoon,
        SortKey::Overdue,
        SortKey::LateItems,
        SortKey::ReportLast,
        SortKey::ReportThis,
        SortKey::Plan,
        SortKey::Vetoes,
        SortKey::Problems,
        SortKey::QuestionsInTime,
        SortKey::QuestionsOldest,
        SortKey::Concerns,
        SortKey::ConcernsLate,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SortKey::Tree => "tree",
            SortKey::Name => "name",
            SortKey::Running => "running",
            SortKey::DueSoon => "due_soon",
            SortKey::Overdue => "overdue",
            SortKey::LateItems => "late_items",
            SortKey::ReportLast => "report_last",
            SortKey::ReportThis => "report_this",
            SortKey::Plan => "plan",
            SortKey::Vetoes => "vetoes",
            SortKey::Problems => "problems",
            SortKey::QuestionsInTime => "questions_in_time",
            SortKey::QuestionsOldest => "questions_oldest",
            SortKey::Concerns => "concerns",
            SortKey::ConcernsLate => "concerns_late",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Tree => "机构层级",
            SortKey::Name => "机关名称",
            SortKey::Running => "办理中的申请",
            SortKey::DueSoon => "即将到期",
            SortKey::Overdue => "已逾期",
            SortKey::LateItems => "逾期公开的信息",
            SortKey::ReportLast => "上年度年报",
            SortKey::ReportThis => "本年度年报",
            SortKey::Plan => "工作要点完成率",
            SortKey::Vetoes => "单项否决",
            SortKey::Problems => "问题",
            SortKey::QuestionsInTime => "留言按期答复率",
            SortKey::QuestionsOldest => "最久未答复留言",
            SortKey::Concerns => "本年回应关切",
            SortKey::ConcernsLate => "回应关切超时",
        }
    }

    /// Names and the tree read from the top; numbers from the largest.
    pub fn descends_by_default(self) -> bool {
        !matches!(self, SortKey::Tree | SortKey::Name)
    }

    fn compare(self, a: &ConsoleRow, b: &ConsoleRow) -> Ordering {
        let health = |r: &ConsoleRow, f: fn(&gongkai_domain::health::Tally) -> u32| {
            r.health.as_ref().map_or(0, f)
        };
        match self {
            SortKey::Tree => Ordering::Equal,
            SortKey::Name => a.name.cmp(&b.name),
            SortKey::Running => a.counts.running.cmp(&b.counts.running),
            SortKey::DueSoon => a.counts.due_soon.cmp(&b.counts.due_soon),
            SortKey::Overdue => a.counts.overdue.cmp(&b.counts.overdue),
            SortKey::LateItems => a.counts.late_items.cmp(&b.counts.late_items),
            SortKey::ReportLast => a.report_last.severity().cmp(&b.report_last.severity()),
            SortKey::ReportThis => a.report_this.severity().cmp(&b.report_this.severity()),
            SortKey::Plan => a.plan_percent().cmp(&b.plan_percent()),
            SortKey::Vetoes => health(a, |t| t.vetoes).cmp(&health(b, |t| t.vetoes)),
            SortKey::Problems => health(a, |t| t.problems).cmp(&health(b, |t| t.problems)),
            // Oldest first when descending: an earlier day is the older.
            SortKey::QuestionsInTime => in_time(a).cmp(&in_time(b)),
            SortKey::QuestionsOldest => oldest(b).cmp(&oldest(a)),
            SortKey::Concerns => concerns(a).0.cmp(&concerns(b).0),
            SortKey::ConcernsLate => concerns(a).1.cmp(&concerns(b).1),
        }
    }
}

/// 回应关切 this year and 超时 (none: 0 and 0).
fn concerns(r: &ConsoleRow) -> (u64, u64) {
    r.concerns.map_or((0, 0), |c| (c.concerns, c.late))
}

/// 按期答复率 in per cent; an agency without questions due sorts as if all
/// were answered in time (it owes nothing).
fn in_time(r: &ConsoleRow) -> u64 {
    r.questions.and_then(|q| q.in_time_percent()).unwrap_or(100)
}

/// The day the oldest open question was asked; without one, none is older.
fn oldest(r: &ConsoleRow) -> chrono::NaiveDate {
    r.questions
        .and_then(|q| q.oldest_open_on)
        .unwrap_or(chrono::NaiveDate::MAX)
}

/// Which agencies the console shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Only {
    /// 需要关注: any of the others.
    Attention,
    /// 有逾期未答复的申请
    Overdue,
    /// 有逾期公开的信息
    LateItems,
    /// 上年度年报逾期未公开、逾期公开或草稿有误
    Report,
    /// 检查有单项否决
    Vetoed,
}

impl Only {
    pub const ALL: [Only; 5] = [
        Only::Attention,
        Only::Overdue,
        Only::LateItems,
        Only::Report,
        Only::Vetoed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Only::Attention => "attention",
            Only::Overdue => "overdue",
            Only::LateItems => "late_items",
            Only::Report => "report",
            Only::Vetoed => "vetoed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Only::Attention => "需要关注的机关",
            Only::Overdue => "有逾期未答复的申请",
            Only::LateItems => "有逾期公开的信息",
            Only::Report => "上年度年报有问题（逾期未公开、逾期公开、草稿有误）",
            Only::Vetoed => "网站检查有单项否决",
        }
    }

    fn selects(self, r: &ConsoleRow) -> bool {
        match self {
            Only::Attention => r.needs_attention(),
            Only::Overdue => r.counts.overdue > 0,
            Only::LateItems => r.counts.late_items > 0,
            Only::Report => r.report_last.is_problem(),
            Only::Vetoed => r.health.is_some_and(|t| t.vetoes > 0),
        }
    }
}

/// The longest name searched for, in characters.
pub const SEARCH_MAX: usize = 30;

/// One request of the console, parsed.
#[derive(Debug, Clone, Default)]
pub struct ConsoleQuery {
    pub sort: SortKey,
    pub descending: bool,
    pub only: Option<Only>,
    /// A piece of the agency's name or its code.
    pub search: Option<String>,
    /// 1-based.
    pub page: usize,
}

fn shown(v: &str) -> String {
    v.chars().take(20).collect()
}

impl ConsoleQuery {
    /// From the query string's texts (blank: the default), or what is wrong.
    pub fn parse(sort: &str, dir: &str, only: &str, q: &str, page: &str) -> Result<Self, Error> {
        let sort = match sort.trim() {
            "" => SortKey::default(),
            s => SortKey::ALL
                .into_iter()
                .find(|k| k.code() == s)
                .ok_or_else(|| {
                    let codes: Vec<String> = SortKey::ALL
                        .iter()
                        .map(|k| format!("{}（{}）", k.code(), k.label()))
                        .collect();
                    Error::invalid(format!(
                        "排序列“{}”无法识别，可选：{}。",
                        shown(s),
                        codes.join("、")
                    ))
                })?,
        };
        let descending = match dir.trim() {
            "" => sort.descends_by_default(),
            "desc" => true,
            "asc" => false,
            d => {
                return Err(Error::invalid(format!(
                    "排序方向“{}”无法识别，可选：asc（从小到大）、desc（从大到小）。",
                    shown(d)
                )));
            }
        };
        let only = match only.trim() {
            "" => None,
            o => Some(Only::ALL.into_iter().find(|x| x.code() == o).ok_or_else(|| {
                Error::invalid(format!(
                    "筛选条件“{}”无法识别，可选：attention（需要关注）、overdue（有逾期申请）、late_items（有逾期公开的信息）、report（年报有问题）、vetoed（有单项否决），或留空表示全部机关。",
                    shown(o)
                ))
            })?),
        };
        let q = q.trim();
        if q.chars().count() > SEARCH_MAX || q.chars().any(char::is_control) {
            return Err(Error::invalid(format!(
                "机关名称的搜索内容不能超过{SEARCH_MAX}个字，也不能含控制字符：请输入机关名称中的一段文字或统一社会信用代码。"
            )));
        }
        let page = match page.trim() {
            "" => 1,
            p => p
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=100_000).contains(n))
                .ok_or_else(|| {
                    Error::invalid(format!("页码“{}”无效：请输入从1开始的页码。", shown(p)))
                })?,
        };
        Ok(ConsoleQuery {
            sort,
            descending,
            only,
            search: (!q.is_empty()).then(|| q.to_string()),
            page,
        })
    }

    /// The filter and the name search.
    pub fn selects(&self, r: &ConsoleRow) -> bool {
        self.only.is_none_or(|o| o.selects(r))
            && self
                .search
                .as_deref()
                .is_none_or(|s| r.name.contains(s) || r.code.eq_ignore_ascii_case(s))
    }

    /// Sorted by the key (stable: equal rows keep the tree's order).
    pub fn sort(&self, rows: &mut [ConsoleRow]) {
        let key = self.sort;
        if self.descending {
            rows.sort_by(|a, b| key.compare(b, a));
        } else {
            rows.sort_by(|a, b| key.compare(a, b));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_the_tree_order_and_numbers_sort_from_the_largest() {
        let q = ConsoleQuery::parse("", "", "", "", "").unwrap();
        assert_eq!((q.sort, q.descending, q.page), (SortKey::Tree, false, 1));
        let q = ConsoleQuery::parse("overdue", "", "report", "财政", "2").unwrap();
        assert_eq!(
            (q.sort, q.descending, q.only),
            (SortKey::Overdue, true, Some(Only::Report))
        );
        assert_eq!((q.search.as_deref(), q.page), (Some("财政"), 2));
    }

    #[test]
    fn unknown_values_say_what_is_allowed() {
        let e = ConsoleQuery::parse("x", "", "", "", "")
            .unwrap_err()
            .to_string();
        assert!(e.contains("overdue（已逾期）"), "{e}");
        let e = ConsoleQuery::parse("", "up", "", "", "")
            .unwrap_err()
            .to_string();
        assert!(e.contains("asc（从小到大）"), "{e}");
        let e = ConsoleQuery::parse("", "", "", "", "0")
            .unwrap_err()
            .to_string();
        assert!(e.contains("从1开始"), "{e}");
        assert!(ConsoleQuery::parse("", "", "", &"长".repeat(31), "").is_err());
    }
}
