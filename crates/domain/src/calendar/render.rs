//! Chinese rendering of counts: one line per day and a summary line.

use chrono::{Datelike, NaiveDate, Weekday};

use super::statutory::{ART_2, ART_6, FIRST_YEAR, LAST_YEAR, MEASURES};
use super::{Count, DayReason, TraceDay, TraceStatus};

/// 周一 … 周日.
pub fn weekday_zh(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "周一",
        Weekday::Tue => "周二",
        Weekday::Wed => "周三",
        Weekday::Thu => "周四",
        Weekday::Fri => "周五",
        Weekday::Sat => "周六",
        Weekday::Sun => "周日",
    }
}

/// `2025-01-21（周二）`.
pub fn date_zh(d: NaiveDate) -> String {
    format!("{d}（{}）", weekday_zh(d.weekday()))
}

fn years_zh(years: &[i32]) -> String {
    years
        .iter()
        .map(|y| format!("{y}年"))
        .collect::<Vec<_>>()
        .join("、")
}

impl TraceDay {
    /// e.g. `2025-01-21 周二 第1个工作日`, `2025-01-25 周六 跳过：周末`,
    /// `2025-01-26 周日 第4个工作日（春节调休上班）`, `… 暂停计算：征求第三方意见`,
    /// `2027-02-09 周二 跳过：春节补假（依《全国年节及纪念日放假办法》第六条）（暂定：该年放假安排未公布）`.
    pub fn render_zh(&self) -> String {
        let what = match &self.status {
            TraceStatus::Counted { n, reason } => match reason {
                DayReason::Weekday | DayReason::Weekend => format!("第{n}个工作日"),
                DayReason::MakeUpWorkday { name } => format!("第{n}个工作日（{name}调休上班）"),
                DayReason::Override { name, notice } => {
                    format!("第{n}个工作日（{name}，依据：{notice}）")
                }
                other => format!("第{n}个工作日（{}）", other.label_zh()),
            },
            TraceStatus::Skipped { reason } => match reason {
                DayReason::Override { name, notice } => format!("跳过：{name}（依据：{notice}）"),
                DayReason::StatutoryHoliday { basis, .. }
                | DayReason::SubstituteHoliday { basis, .. } => {
                    format!("跳过：{}（依{basis}）", reason.label_zh())
                }
                other => format!("跳过：{}", other.label_zh()),
            },
            TraceStatus::Paused { why } => format!("暂停计算：{why}"),
        };
        let provisional = if self.provisional {
            "（暂定：该年放假安排未公布）"
        } else {
            ""
        };
        format!(
            "{} {} {what}{provisional}",
            self.date,
            weekday_zh(self.date.weekday())
        )
    }
}

impl Count {
    /// One line per day after `from`.
    pub fn lines_zh(&self) -> Vec<String> {
        self.trace.iter().map(TraceDay::render_zh).collect()
    }

    /// e.g. `自2025-01-20（周一）次日起算，第20个工作日为2025-02-21（周五）；跳过非工作日9天。`
    pub fn summary_zh(&self) -> String {
        let mut s = format!(
            "自{}次日起算，第{}个工作日为{}",
            date_zh(self.from),
            self.days,
            date_zh(self.due)
        );
        let skipped = self.skipped_days();
        let paused = self.paused_days();
        if skipped > 0 {
            s.push_str(&format!("；跳过非工作日{skipped}天"));
        }
        if paused > 0 {
            s.push_str(&format!("；暂停计算{paused}个工作日"));
        }
        s.push('。');
        if self.provisional {
            s.push_str(&provisional_note_zh(&self.provisional_years()));
        }
        s
    }

    /// The day lines followed by the summary line.
    pub fn render_zh(&self) -> String {
        let mut lines = self.lines_zh();
        lines.push(self.summary_zh());
        lines.join("\n")
    }
}

/// Why a count is provisional and what was assumed, e.g.
/// `2027年放假安排尚未公布，暂按……第二条、第六条确定节假日和补假，结果为暂定，公布后须重新计算。`
fn provisional_note_zh(years: &[i32]) -> String {
    let (statutory, plain): (Vec<i32>, Vec<i32>) = years
        .iter()
        .partition(|y| (FIRST_YEAR..=LAST_YEAR).contains(*y));
    // Name the years of each assumption only when both apply.
    let which = |ys: &[i32]| {
        if statutory.is_empty() || plain.is_empty() {
            String::new()
        } else {
            years_zh(ys)
        }
    };
    let mut assumed = Vec::new();
    if !statutory.is_empty() {
        let art_6 = ART_6.trim_start_matches(MEASURES);
        assumed.push(format!(
            "{}暂按{ART_2}、{art_6}确定节假日和补假",
            which(&statutory)
        ));
    }
    if !plain.is_empty() {
        assumed.push(format!("{}暂按周一至周五为工作日", which(&plain)));
    }
    format!(
        "{}放假安排尚未公布，{}，结果为暂定，公布后须重新计算。",
        years_zh(years),
        assumed.join("，")
    )
}
