//! 公开时限 as a rule, not a sentence: the seven forms standard catalogues
//! write it in, each with the day by which information must be out.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::catalogue::timeliness::PUBLICATION_WORKING_DAYS;

/// 依申请: Art. 33's period (`deadline::law::REPLY_WORKING_DAYS`), as a
/// catalogue row states it.
pub const ON_REQUEST_WORKING_DAYS: u16 = crate::deadline::law::REPLY_WORKING_DAYS as u16;

/// 《公共交通企业信息公开规定》 (交通运输部令2022年第11号): changes of lines or
/// stops that affect travel are published 3 days before they take effect.
pub const PUBLIC_TRANSPORT_DAYS_BEFORE: u16 = 3;

/// The 公开时限 of a 标准目录 row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DisclosureLimit {
    /// 信息形成或者变更之日起N个工作日内 (Art. 26: 20 unless a law sets another).
    WorkingDaysAfterChange { days: u16 },
    /// 信息形成或者变更之日起N日内: calendar days, where a law says so
    /// (《预算法》第十四条: budgets and final accounts within 20 days of approval).
    DaysAfterChange { days: u16 },
    /// 实施前N日: calendar days before the information takes effect.
    DaysBeforeEffect { days: u16 },
    /// 实时 / 及时: the day it is formed.
    SameDay,
    /// 每年M月D日前 (the annual report: 1月31日, Art. 49).
    FixedDate { month: u32, day: u32 },
    /// 依申请：收到申请之日起N个工作日内 (Art. 33: 20).
    OnRequest { days: u16 },
    /// 每月 / 每季度 / 每半年 / 每年更新 (每N个月): a periodic rule — the
    /// sub-column must be updated at least once in every such period (the
    /// health checks read it, `health::row_kind`).
    Periodic { months: u16 },
}

impl Default for DisclosureLimit {
    /// Art. 26.
    fn default() -> Self {
        DisclosureLimit::WorkingDaysAfterChange {
            days: PUBLICATION_WORKING_DAYS as u16,
        }
    }
}

impl DisclosureLimit {
    /// Reads the forms catalogues write: `信息形成或者变更之日起20个工作日内`
    /// (also `自…`, `形成或变更`), `实施前3日` (`…3日前`), `实时`/`及时`,
    /// `每年1月31日前`, `依申请：收到申请之日起20个工作日内`, `每季度更新`
    /// (`每月`, `每半年`, `每年`, `每3个月`, with or without `更新`/`公开`
    /// /`一次`). Anything else is refused with what was expected.
    pub fn parse(text: &str) -> Result<DisclosureLimit, String> {
        let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let refuse = || {
            format!(
                "公开时限“{}”无法识别：请写“信息形成或者变更之日起20个工作日内”“实施前3日”“实时”“每年1月31日前”“每季度更新”或“依申请：收到申请之日起20个工作日内”。",
                text.trim()
            )
        };
        if t == "实时" || t == "及时" || t == "即时" {
            return Ok(DisclosureLimit::SameDay);
        }
        if t.starts_with("依申请") {
            let days = number_before(&t, "个工作日").ok_or_else(refuse)?;
            return Ok(DisclosureLimit::OnRequest { days });
        }
        if t.contains("形成") && t.contains("工作日") {
            let days = number_before(&t, "个工作日").ok_or_else(refuse)?;
            return Ok(DisclosureLimit::WorkingDaysAfterChange { days });
        }
        if t.contains("形成") && t.ends_with("日内") {
            let days = number_before(&t, "日内").ok_or_else(refuse)?;
            return Ok(DisclosureLimit::DaysAfterChange { days });
        }
        if let Some(rest) = t.strip_prefix("实施前") {
            let days = rest
                .strip_suffix('日')
                .or_else(|| rest.strip_suffix('天'))
                .and_then(|n| n.parse().ok())
                .ok_or_else(refuse)?;
            return Ok(DisclosureLimit::DaysBeforeEffect { days });
        }
        if let Some(months) = periodic_months(&t) {
            return Ok(DisclosureLimit::Periodic { months });
        }
        if let Some(rest) = t.strip_prefix("每年") {
            let (month, day) = month_day(rest.trim_end_matches('前')).ok_or_else(refuse)?;
            return Ok(DisclosureLimit::FixedDate { month, day });
        }
        Err(refuse())
    }

    /// The row's text, as the catalogue table shows it.
    pub fn label(&self) -> String {
        match self {
            DisclosureLimit::WorkingDaysAfterChange { days } => {
                format!("信息形成或者变更之日起{days}个工作日内")
            }
            DisclosureLimit::DaysAfterChange { days } => {
                format!("信息形成或者变更之日起{days}日内")
            }
            DisclosureLimit::DaysBeforeEffect { days } => format!("实施前{days}日"),
            DisclosureLimit::SameDay => "实时".into(),
            DisclosureLimit::FixedDate { month, day } => format!("每年{month}月{day}日前"),
            DisclosureLimit::OnRequest { days } => {
                format!("依申请：收到申请之日起{days}个工作日内")
            }
            DisclosureLimit::Periodic { months } => match months {
                1 => "每月更新".into(),
                3 => "每季度更新".into(),
                6 => "每半年更新".into(),
                12 => "每年更新".into(),
                n => format!("每{n}个月更新"),
            },
        }
    }

    /// The last day to publish information formed or changed on `formed`
    /// (or received on it, for a request) that takes effect on `effective`:
    /// `None` where the rule needs an effective date that is not given.
    /// A fixed date is the next such day on or after `formed`; a periodic
    /// rule's next update is due one period after `formed`.
    pub fn due(
        &self,
        calendar: &Calendar,
        formed: NaiveDate,
        effective: Option<NaiveDate>,
    ) -> Option<NaiveDate> {
        match *self {
            DisclosureLimit::WorkingDaysAfterChange { days }
            | DisclosureLimit::OnRequest { days } => calendar
                .add_working_days(formed, u32::from(days))
                .ok()
                .map(|c| c.due),
            DisclosureLimit::DaysAfterChange { days } => {
                formed.checked_add_days(chrono::Days::new(days.into()))
            }
            DisclosureLimit::DaysBeforeEffect { days } => {
                effective.and_then(|e| e.checked_sub_days(chrono::Days::new(days.into())))
            }
            DisclosureLimit::SameDay => Some(formed),
            DisclosureLimit::Periodic { months } => {
                formed.checked_add_months(chrono::Months::new(months.into()))
            }
            DisclosureLimit::FixedDate { month, day } => {
                let this = NaiveDate::from_ymd_opt(formed.year(), month, day)?;
                if this >= formed {
                    Some(this)
                } else {
                    NaiveDate::from_ymd_opt(formed.year() + 1, month, day)
                }
            }
        }
    }
}

/// The months of a periodic rule: `每月`, `每季度`/`每季`, `每半年`, `每年`,
/// `每N个月`, followed by nothing or `更新`, `公开`, `一次`
/// (`每季度至少更新一次`).
fn periodic_months(t: &str) -> Option<u16> {
    let rest = t.strip_prefix('每')?;
    let mut tail = rest;
    for word in ["一次", "更新", "公开", "至少"] {
        tail = tail.strip_suffix(word).unwrap_or(tail);
    }
    match tail {
        "月" => Some(1),
        "季度" | "季" => Some(3),
        "半年" => Some(6),
        "年" => Some(12),
        n => n
            .strip_suffix("个月")
            .and_then(|n| n.parse::<u16>().ok())
            .filter(|n| (1..=60).contains(n)),
    }
}

/// The Arabic number right before `marker` (`…之日起20个工作日内`).
fn number_before(t: &str, marker: &str) -> Option<u16> {
    let head = &t[..t.find(marker)?];
    let digits: String = head
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits.parse().ok().filter(|n| *n > 0)
}

/// `1月31日` → (1, 31), a real day of a leap year.
fn month_day(t: &str) -> Option<(u32, u32)> {
    let (m, rest) = t.split_once('月')?;
    let d = rest.strip_suffix('日')?;
    let (month, day) = (m.parse().ok()?, d.parse().ok()?);
    NaiveDate::from_ymd_opt(2024, month, day).map(|_| (month, day))
}
