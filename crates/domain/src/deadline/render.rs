//! Chinese rendering of deadlines and their explanations.

use chrono::Datelike;

use crate::calendar::{TraceDay, date_zh, weekday_zh};

use super::{ClockState, Deadlines, Due, Explanation};

impl Explanation {
    /// The base date, the days required, one line per day, and the notes.
    pub fn render_zh(&self) -> String {
        let mut lines = Vec::new();
        if self.working_days > 0 {
            let mut head = format!(
                "自{}（{}，{}，当日不计入）次日起算{}个工作日",
                self.base_date,
                weekday_zh(self.base_date.weekday()),
                self.base_label,
                self.working_days
            );
            if self.extension_days > 0 {
                head.push_str(&format!("（含延长的{}个工作日）", self.extension_days));
            }
            head.push('：');
            lines.push(head);
        } else {
            lines.push(format!("{}：{}", self.base_label, date_zh(self.base_date)));
        }
        lines.extend(self.days.iter().map(TraceDay::render_zh));
        lines.extend(self.notes.iter().map(|n| format!("说明：{n}")));
        lines.join("\n")
    }
}

impl Due {
    /// Header line (title, date, flags), basis and explanation.
    pub fn render_zh(&self) -> String {
        let mut head = format!("{}：{}", self.title, date_zh(self.date));
        if self.provisional {
            head.push_str("（暂定：涉及尚未公布放假安排的年份，公布后重新计算）");
        }
        if self.open_pause {
            head.push_str("（暂停尚未结束，期限还会后移）");
        }
        format!(
            "{head}\n依据：{}\n{}",
            self.basis,
            self.explanation.render_zh()
        )
    }

    /// The header line only, e.g. `答复期限：2025-02-21（周五）`.
    pub fn headline_zh(&self) -> String {
        let mut s = format!("{}：{}", self.title, date_zh(self.date));
        if self.provisional {
            s.push_str("（暂定）");
        }
        if self.open_pause {
            s.push_str("（暂停中，还会后移）");
        }
        s
    }
}

impl ClockState {
    pub fn label_zh(&self) -> String {
        match self {
            ClockState::Running => "计时中".to_owned(),
            ClockState::Paused => "暂停计时（征求意见或等待缴费）".to_owned(),
            ClockState::AwaitingCorrection { applicant_deadline } => match applicant_deadline {
                Some(d) => format!("等待申请人补正（补正期限{}）", date_zh(*d)),
                None => "等待申请人补正".to_owned(),
            },
            ClockState::GivenUp { date, reason } => format!("{}：{reason}", date_zh(*date)),
            ClockState::Replied { date } => format!("已于{}答复", date_zh(*date)),
        }
    }
}

impl Deadlines {
    /// Every deadline with its explanation, for the case page.
    pub fn render_zh(&self) -> String {
        let mut parts = vec![format!(
            "截至{}：{}。收到申请之日：{}（{}）",
            date_zh(self.as_of),
            self.clock.label_zh(),
            date_zh(self.received),
            self.channel.label()
        )];
        if let Some(due) = &self.reply_due {
            parts.push(due.render_zh());
        }
        if let Some(ok) = self.replied_on_time {
            parts.push(if ok {
                "按期答复".to_owned()
            } else {
                "逾期答复".to_owned()
            });
        }
        if let Some(due) = &self.correction_notice_due {
            parts.push(due.render_zh());
        }
        for (_, due) in &self.consultations {
            parts.push(due.render_zh());
        }
        if let Some(due) = &self.payment_due {
            parts.push(due.render_zh());
        }
        parts.extend(self.notes.iter().map(|n| format!("提示：{n}")));
        parts.join("\n\n")
    }
}
