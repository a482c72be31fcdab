//! 年度报告状态: where an agency's annual report of a year stands, as the
//! supervising office's console shows it — from the draft (and its errors
//! as of its last save), the first published version and the statutory
//! date of Art. 49 / Art. 50 ([`publication_deadline`]).

use chrono::NaiveDate;
use serde::Serialize;

use crate::agency::AgencyKind;

/// Art. 49: a department publishes last year's report by 31 January; Art. 50
/// read with Art. 49: the government's disclosure authority publishes the
/// government's report by 31 March. (Calendar days: the Regulation fixes
/// dates, not working-day periods.)
pub fn publication_deadline(kind: AgencyKind, year: i32) -> Option<NaiveDate> {
    let next = year.checked_add(1)?;
    if kind.is_government() {
        NaiveDate::from_ymd_opt(next, 3, 31)
    } else {
        NaiveDate::from_ymd_opt(next, 1, 31)
    }
}

/// The status of one agency's report of one year on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ReportStatus {
    /// 未开始: no draft, nothing published, and the date not yet passed.
    NotStarted,
    /// 草稿: a draft without errors at its last save.
    Draft,
    /// 草稿有误: a draft whose last save found errors that keep it from
    /// being published (`publication_blockers`).
    DraftWithErrors { errors: u32 },
    /// 按时公开: first published on or before the statutory date.
    PublishedOnTime { on: NaiveDate },
    /// 逾期公开: first published after the statutory date.
    PublishedLate { on: NaiveDate, days_late: i64 },
    /// 逾期未公开: the statutory date has passed and nothing is published
    /// (whatever the draft's state).
    Missing { due: NaiveDate },
}

/// What is known of the report: the draft's errors at its last save (None:
/// no draft) and the day its first version was published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReportRecord {
    pub draft_errors: Option<u32>,
    pub first_published: Option<NaiveDate>,
}

impl ReportStatus {
    /// Art. 49 (departments: 31 January) and Art. 50 (governments: 31
    /// March) applied to `record` of `year`'s report on `today`.
    pub fn of(kind: AgencyKind, year: i32, record: ReportRecord, today: NaiveDate) -> Self {
        let due = publication_deadline(kind, year);
        if let Some(on) = record.first_published {
            return match due {
                Some(due) if on > due => ReportStatus::PublishedLate {
                    on,
                    days_late: (on - due).num_days(),
                },
                _ => ReportStatus::PublishedOnTime { on },
            };
        }
        if let Some(due) = due.filter(|d| today > *d) {
            return ReportStatus::Missing { due };
        }
        match record.draft_errors {
            None => ReportStatus::NotStarted,
            Some(0) => ReportStatus::Draft,
            Some(errors) => ReportStatus::DraftWithErrors { errors },
        }
    }

    /// The status in words.
    pub fn label(&self) -> String {
        match self {
            ReportStatus::NotStarted => "未开始".into(),
            ReportStatus::Draft => "草稿".into(),
            ReportStatus::DraftWithErrors { errors } => format!("草稿有{errors}处错误"),
            ReportStatus::PublishedOnTime { on } => format!("{}按时公开", on.format("%-m月%-d日")),
            ReportStatus::PublishedLate { on, days_late } => {
                format!("{}公开，逾期{days_late}天", on.format("%Y年%-m月%-d日"))
            }
            ReportStatus::Missing { due } => {
                format!("逾期未公开（应于{}前）", due.format("%Y年%-m月%-d日"))
            }
        }
    }

    /// A short code for filters and the JSON API.
    pub fn code(&self) -> &'static str {
        match self {
            ReportStatus::NotStarted => "not_started",
            ReportStatus::Draft => "draft",
            ReportStatus::DraftWithErrors { .. } => "errors",
            ReportStatus::PublishedOnTime { .. } => "on_time",
            ReportStatus::PublishedLate { .. } => "late",
            ReportStatus::Missing { .. } => "missing",
        }
    }

    /// Needs the supervisor's attention: missing, late or with errors.
    pub fn is_problem(&self) -> bool {
        matches!(
            self,
            ReportStatus::Missing { .. }
                | ReportStatus::PublishedLate { .. }
                | ReportStatus::DraftWithErrors { .. }
        )
    }

    /// The order the console sorts by: the worst first when descending
    /// (missing, published late, errors, not started, draft, on time).
    pub fn severity(&self) -> u8 {
        match self {
            ReportStatus::Missing { .. } => 5,
            ReportStatus::PublishedLate { .. } => 4,
            ReportStatus::DraftWithErrors { .. } => 3,
            ReportStatus::NotStarted => 2,
            ReportStatus::Draft => 1,
            ReportStatus::PublishedOnTime { .. } => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn rec(draft_errors: Option<u32>, first_published: Option<NaiveDate>) -> ReportRecord {
        ReportRecord {
            draft_errors,
            first_published,
        }
    }

    #[test]
    fn a_department_misses_31_january_and_a_government_31_march() {
        // Art. 49: a department's 2025 report is due by 31 January 2026.
        let dept = AgencyKind::Department;
        assert_eq!(
            ReportStatus::of(dept, 2025, rec(None, None), d(2026, 1, 31)),
            ReportStatus::NotStarted
        );
        assert_eq!(
            ReportStatus::of(dept, 2025, rec(Some(0), None), d(2026, 2, 1)),
            ReportStatus::Missing {
                due: d(2026, 1, 31)
            }
        );
        // Art. 50: the government's is due by 31 March; on 1 February a
        // draft with 2 errors is still only a draft with errors.
        let gov = AgencyKind::Government;
        assert_eq!(
            ReportStatus::of(gov, 2025, rec(Some(2), None), d(2026, 2, 1)),
            ReportStatus::DraftWithErrors { errors: 2 }
        );
        assert_eq!(
            ReportStatus::of(gov, 2025, rec(Some(2), None), d(2026, 4, 1)).label(),
            "逾期未公开（应于2026年3月31日前）"
        );
    }

    #[test]
    fn published_on_the_last_day_is_on_time_and_the_next_day_late() {
        let dept = AgencyKind::Department;
        let on_time = ReportStatus::of(dept, 2025, rec(None, Some(d(2026, 1, 31))), d(2026, 6, 1));
        assert_eq!(on_time.code(), "on_time");
        assert_eq!(on_time.label(), "1月31日按时公开");
        // 1 February to 10 February: 10 days after 31 January.
        let late = ReportStatus::of(
            dept,
            2025,
            rec(Some(0), Some(d(2026, 2, 10))),
            d(2026, 6, 1),
        );
        assert_eq!(
            late,
            ReportStatus::PublishedLate {
                on: d(2026, 2, 10),
                days_late: 10
            }
        );
        assert!(late.is_problem());
        assert!(!on_time.is_problem());
    }

    #[test]
    fn the_current_years_report_is_never_missing() {
        let s = ReportStatus::of(
            AgencyKind::Department,
            2026,
            rec(None, None),
            d(2026, 12, 4),
        );
        assert_eq!(s.label(), "未开始");
        assert!(
            ReportStatus::Missing {
                due: d(2026, 1, 31)
            }
            .severity()
                > s.severity()
        );
    }
}
