//! 完成时限: a task's time limit — a date, or a term that is checked on a
//! date (年底前, 持续推进, 按上级统一安排, 每季度, 长期) — read from how
//! plans write it.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// What kind of time limit a task has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitKind {
    /// A date before which (`2019年11月底前`, `6月30日前`).
    Date,
    /// 年底前 / 年内.
    YearEnd,
    /// 持续推进: ongoing all year, looked back on at the year's end.
    Ongoing,
    /// 按上级统一安排: when the superior arranges; checked at the year's end
    /// unless a date is set when the arrangement is known.
    AsArranged,
    /// 每季度: reported every quarter, checked at the year's end.
    Quarterly,
    /// 长期 / 长期坚持.
    LongTerm,
}

impl LimitKind {
    pub fn code(self) -> &'static str {
        match self {
            LimitKind::Date => "date",
            LimitKind::YearEnd => "year_end",
            LimitKind::Ongoing => "ongoing",
            LimitKind::AsArranged => "as_arranged",
            LimitKind::Quarterly => "quarterly",
            LimitKind::LongTerm => "long_term",
        }
    }

    pub fn from_code(code: &str) -> Option<LimitKind> {
        [
            LimitKind::Date,
            LimitKind::YearEnd,
            LimitKind::Ongoing,
            LimitKind::AsArranged,
            LimitKind::Quarterly,
            LimitKind::LongTerm,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            LimitKind::Date => "限期完成",
            LimitKind::YearEnd => "年底前",
            LimitKind::Ongoing => "持续推进",
            LimitKind::AsArranged => "按上级统一安排",
            LimitKind::Quarterly => "每季度",
            LimitKind::LongTerm => "长期",
        }
    }
}

/// A task's time limit: its kind and the date it is checked on (the date
/// itself for [`LimitKind::Date`]; the plan year's 31 December for the
/// terms, unless set otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeLimit {
    pub kind: LimitKind,
    pub check_on: NaiveDate,
}

impl TimeLimit {
    /// A term checked at the end of `year`.
    pub fn term(kind: LimitKind, year: i32) -> TimeLimit {
        TimeLimit {
            kind,
            check_on: year_end(year),
        }
    }

    pub fn on(date: NaiveDate) -> TimeLimit {
        TimeLimit {
            kind: LimitKind::Date,
            check_on: date,
        }
    }

    /// Reads a time limit as a plan of `year` writes it. What cannot be
    /// read as one date is refused with why (never a guessed date).
    pub fn parse(text: &str, year: i32) -> Result<TimeLimit, String> {
        let t: String = text.split_whitespace().collect();
        let t = t.trim_end_matches(['。', '.']);
        if t.is_empty() {
            return Err("完成时限为空。".into());
        }
        if let Some(kind) = term_of(t) {
            return Ok(TimeLimit::term(kind, year));
        }
        if t == "上半年" || t == "上半年前" {
            return Ok(TimeLimit::on(date(year, 6, 30)?));
        }
        if t == "下半年" {
            return Ok(TimeLimit::term(LimitKind::YearEnd, year));
        }
        dated(t, year).map(TimeLimit::on)
    }

    /// How the limit reads in lists and letters.
    pub fn label(&self) -> String {
        match self.kind {
            LimitKind::Date => format!(
                "{}年{}月{}日前",
                self.check_on.year(),
                self.check_on.month(),
                self.check_on.day()
            ),
            kind => kind.label().to_string(),
        }
    }
}

fn term_of(t: &str) -> Option<LimitKind> {
    Some(match t {
        "年底前" | "年内" | "年底" | "本年度内" | "年底前完成" => {
            LimitKind::YearEnd
        }
        "持续推进" | "持续开展" | "常态化推进" | "全年" => LimitKind::Ongoing,
        "每季度" | "按季度" => LimitKind::Quarterly,
        "长期" | "长期坚持" | "长期推进" => LimitKind::LongTerm,
        _ if t.starts_with('按') && t.ends_with("统一安排") => LimitKind::AsArranged,
        _ if t.starts_with('按') && t.ends_with("要求") && t.chars().count() <= 10 => {
            LimitKind::AsArranged
        }
        _ => return None,
    })
}

fn year_end(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
}

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate, String> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("{y}年{m}月{d}日不是有效的日期。"))
}

fn last_day(y: i32, m: u32) -> Result<NaiveDate, String> {
    let next = if m == 12 {
        date(y + 1, 1, 1)
    } else {
        date(y, m + 1, 1)
    }?;
    next.pred_opt().ok_or_else(|| "日期超出范围。".into())
}

/// `[YYYY年]M月(底|上旬|中旬|下旬|D日)前`, also `YYYY-MM-DD`.
fn dated(t: &str, year: i32) -> Result<NaiveDate, String> {
    if let Ok(d) = NaiveDate::parse_from_str(t.trim_end_matches('前'), "%Y-%m-%d") {
        return Ok(d);
    }
    let unreadable = || {
        format!(
            "无法把“{t}”读成完成时限：请写成日期（如“2026年11月底前”“6月30日前”）或“年底前”“持续推进”“按上级统一安排”“每季度”“长期”。"
        )
    };
    let body = t
        .strip_suffix('前')
        .or_else(|| t.strip_suffix("以前"))
        .or_else(|| t.strip_suffix("完成"))
        .unwrap_or(t);
    let body = body.strip_suffix("之").unwrap_or(body);
    let (y, rest) = match body.split_once('年') {
        Some((y, rest)) => (y.parse::<i32>().map_err(|_| unreadable())?, rest),
        None => (year, body),
    };
    if rest == "底" || rest == "内" {
        return Ok(year_end(y));
    }
    let (m, day) = rest.split_once('月').ok_or_else(unreadable)?;
    let m: u32 = m.parse().map_err(|_| unreadable())?;
    if !(1..=12).contains(&m) {
        return Err(unreadable());
    }
    match day {
        "底" | "下旬" | "末" => last_day(y, m),
        "中旬" => date(y, m, 20),
        "上旬" => date(y, m, 10),
        "" => Err(format!(
            "“{t}”不清楚是{m}月1日前还是{m}月底前：请写明日期，如“{m}月底前”或“{m}月1日前”。"
        )),
        d => {
            let d: u32 = d
                .strip_suffix('日')
                .unwrap_or(d)
                .parse()
                .map_err(|_| unreadable())?;
            date(y, m, d)
        }
    }
}
