//! The official working-day calendar (法定工作日).
//!
//! A working day is Monday–Friday unless a State Council General Office notice
//! (国务院办公厅关于部分节假日安排的通知) makes it an off day, plus every weekend day
//! a notice makes a working day (调休补班). The notices of 2007 onwards are vendored
//! in `data/holidays-cn.json` and compiled in; an administrator may enter a year
//! later ([`Calendar::with_year`], which replaces the vendored year) and one-off
//! changes such as the 2020 Spring Festival extension ([`Calendar::with_override`],
//! which wins over any year data).
//!
//! Counting convention (requests.md): the start day is day 0, day 1 is the next
//! working day, and a period of N working days ends on the Nth working day.
//! A date in a year without a published notice is *provisional* (暂定) until the
//! year's notice is loaded: from 2025 to 2100 the statutory holidays of
//! 《全国年节及纪念日放假办法》 and their substitute days apply (`statutory.rs`),
//! otherwise the plain weekday rule.

mod count;
mod lunar;
mod render;
mod statutory;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Serialize};

pub use render::{date_zh, weekday_zh};
pub use statutory::{
    FIRST_YEAR as STATUTORY_FIRST_YEAR, LAST_YEAR as STATUTORY_LAST_YEAR, MEASURES, StatutoryDay,
    statutory_days,
};

/// The vendored notices, compiled in (no file access at run time).
const VENDORED_JSON: &str = include_str!("../../../../data/holidays-cn.json");

/// Parsed once; [`Calendar::vendored`] hands out clones.
static VENDORED: LazyLock<Calendar> = LazyLock::new(|| {
    Calendar::from_json(VENDORED_JSON)
        .unwrap_or_else(|e| panic!("vendored data/holidays-cn.json is invalid: {e}"))
});

/// Longest period [`Calendar::add_working_days`] accepts (about 400 years).
pub const MAX_WORKING_DAYS: u32 = 100_000;

/// Most calendar days one count may scan (guards against endless pauses).
pub const MAX_SCAN_DAYS: usize = 300_000;

/// Name used for a listed off day that no holiday in the notice claims.
const FALLBACK_OFF_NAME: &str = "法定节假日";
/// Name used for a listed working day that no holiday in the notice claims.
const FALLBACK_WORK_NAME: &str = "调休";

/// Errors of the calendar. Messages are shown to staff, hence Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The result would lie outside the representable dates.
    #[error("日期超出可计算范围：无法自{from}起计算第{days}个工作日")]
    OutOfRange { from: NaiveDate, days: u32 },
    /// The period asked for is absurdly long.
    #[error("工作日数{days}过大，最多可计算{max}个工作日")]
    TooManyDays { days: u32, max: u32 },
    /// A count paused for so long that it never finished.
    #[error("自{from}起扫描{max}个日历日后仍未数满{days}个工作日，请检查暂停区间")]
    ScanLimit {
        from: NaiveDate,
        days: u32,
        max: usize,
    },
    /// The holiday data could not be read.
    #[error("放假安排数据无法解析：{0}")]
    Data(String),
    /// An administrator's year is inconsistent.
    #[error("{year}年放假安排有误：{problem}")]
    InvalidYear { year: i32, problem: String },
}

/// The content of one year's State Council notice(s).
///
/// `off` and `work` may contain dates of the neighbouring year (the 2007 notice
/// makes 2006-12-30 a working day); they are honoured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarYear {
    pub year: i32,
    /// Addresses of the notice(s) the year's data comes from.
    pub notices: Vec<String>,
    /// Days off (holidays, including weekend days that belong to a holiday).
    pub off: Vec<NaiveDate>,
    /// Make-up working days (调休上班).
    pub work: Vec<NaiveDate>,
    /// The holiday each listed date belongs to (off days and make-up days alike).
    pub holiday_names: BTreeMap<NaiveDate, String>,
}

impl CalendarYear {
    /// The holiday a listed date belongs to.
    pub fn holiday_name(&self, date: NaiveDate) -> Option<&str> {
        self.holiday_names.get(&date).map(String::as_str)
    }

    /// Sanity checks for a year entered by an administrator: no date both off and
    /// working, every date within a year of `year`, at least one notice.
    pub fn check(&self) -> Result<(), CalendarError> {
        let problem = |problem: String| CalendarError::InvalidYear {
            year: self.year,
            problem,
        };
        if self.notices.iter().all(|n| n.trim().is_empty()) {
            return Err(problem("须注明通知来源".to_owned()));
        }
        let off: BTreeSet<_> = self.off.iter().collect();
        if let Some(d) = self.work.iter().find(|d| off.contains(d)) {
            return Err(problem(format!("{d}同时列为放假和上班")));
        }
        if let Some(d) = self
            .off
            .iter()
            .chain(&self.work)
            .chain(self.holiday_names.keys())
            .find(|d| (d.year() - self.year).abs() > 1)
        {
            return Err(problem(format!("{d}不在该年度及相邻年度内")));
        }
        Ok(())
    }
}

/// A one-off change to one day (e.g. the 2020 Spring Festival extension,
/// 国办发明电〔2020〕1号). Overrides win over year data.
///
/// The calendar is a versioned input: an override changes counting from the
/// moment it is entered (`entered_at`), never what was decided before — see
/// [`Calendar::as_known_at`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayOverride {
    pub date: NaiveDate,
    pub working: bool,
    /// e.g. "春节延长假期".
    pub name: String,
    /// The notice that ordered it.
    pub notice: String,
    /// When an administrator entered it (`calendar_overrides.entered_at`);
    /// `None`: known since always (e.g. built in code or in tests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_at: Option<DateTime<Utc>>,
}

/// Why a day is or is not a working day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DayReason {
    /// Monday–Friday, not listed by any notice.
    Weekday,
    /// Saturday or Sunday, not listed by any notice.
    Weekend,
    /// Listed as a day off by a notice.
    Holiday { name: String },
    /// A weekend day a notice makes a working day (调休上班).
    MakeUpWorkday { name: String },
    /// A one-off change ([`DayOverride`]).
    Override { name: String, notice: String },
    /// A holiday of 《全国年节及纪念日放假办法》 Art. 2 in a year without a
    /// notice (provisional); `basis` names the article.
    StatutoryHoliday { name: String, basis: String },
    /// A substitute day off (补假, Art. 6 of the measures) for the holiday
    /// `name` that fell on a weekend, in a year without a notice (provisional).
    SubstituteHoliday { name: String, basis: String },
}

impl DayReason {
    /// Short Chinese label: 工作日 / 周末 / 春节 / 春节调休上班 / the override's name.
    pub fn label_zh(&self) -> String {
        match self {
            DayReason::Weekday => "工作日".to_owned(),
            DayReason::Weekend => "周末".to_owned(),
            DayReason::Holiday { name } => name.clone(),
            DayReason::MakeUpWorkday { name } => format!("{name}调休上班"),
            DayReason::Override { name, .. } => name.clone(),
            DayReason::StatutoryHoliday { name, .. } => name.clone(),
            DayReason::SubstituteHoliday { name, .. } => format!("{name}补假"),
        }
    }
}

/// One day of the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Day {
    pub date: NaiveDate,
    pub working: bool,
    pub reason: DayReason,
    /// The date's year has no published notice and neither a notice nor an
    /// override lists the date: the statutory holidays (2025–2100) or the plain
    /// weekday rule were assumed (暂定).
    pub provisional: bool,
}

/// What happened to one day of a count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TraceStatus {
    /// The `n`th working day of the period.
    Counted { n: u32, reason: DayReason },
    /// Not a working day.
    Skipped { reason: DayReason },
    /// A working day that does not count (consultation, fee notice …).
    Paused { why: String },
}

/// One day after the start day of a count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceDay {
    pub date: NaiveDate,
    pub status: TraceStatus,
    /// See [`Day::provisional`].
    pub provisional: bool,
}

/// The result of counting working days, with every day from the day after
/// `from` up to and including `due`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    /// Day 0 (not counted).
    pub from: NaiveDate,
    /// Working days required.
    pub days: u32,
    /// The `days`th working day (equal to `from` when `days` is 0).
    pub due: NaiveDate,
    /// Some day after `from`, up to `due`, lies in a year without a published
    /// notice (see [`Day::provisional`]): recompute when the notice is loaded.
    pub provisional: bool,
    pub trace: Vec<TraceDay>,
}

impl Count {
    /// Working days that did not count because of a pause.
    pub fn paused_days(&self) -> u32 {
        self.count_status(|s| matches!(s, TraceStatus::Paused { .. }))
    }

    /// Non-working days skipped.
    pub fn skipped_days(&self) -> u32 {
        self.count_status(|s| matches!(s, TraceStatus::Skipped { .. }))
    }

    /// Years without a published notice that the count relied on.
    pub fn provisional_years(&self) -> Vec<i32> {
        let years: BTreeSet<i32> = self
            .trace
            .iter()
            .filter(|t| t.provisional)
            .map(|t| t.date.year())
            .collect();
        years.into_iter().collect()
    }

    fn count_status(&self, f: impl Fn(&TraceStatus) -> bool) -> u32 {
        let n = self.trace.iter().filter(|t| f(&t.status)).count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }
}

/// A special day as derived from years and overrides.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    Off {
        name: String,
    },
    Work {
        name: String,
    },
    Override {
        working: bool,
        name: String,
        notice: String,
    },
}

impl Entry {
    fn working(&self) -> bool {
        match self {
            Entry::Off { .. } => false,
            Entry::Work { .. } => true,
            Entry::Override { working, .. } => *working,
        }
    }
}

/// The working-day calendar: published years, one-off overrides, the statutory
/// holidays for unpublished years and the plain weekday rule for everything else.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    years: BTreeMap<i32, CalendarYear>,
    overrides: BTreeMap<NaiveDate, DayOverride>,
    /// Every listed date with its effective status (derived from the above).
    index: BTreeMap<NaiveDate, Entry>,
}

#[derive(Deserialize)]
struct RawFile {
    years: BTreeMap<String, RawYear>,
}

#[derive(Deserialize)]
struct RawYear {
    #[serde(default)]
    notices: Vec<String>,
    #[serde(default)]
    off: Vec<NaiveDate>,
    #[serde(default)]
    work: Vec<NaiveDate>,
    #[serde(default)]
    by_holiday: BTreeMap<String, Vec<NaiveDate>>,
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

impl Calendar {
    /// A calendar with no published year: every date provisional, the statutory
    /// holidays in 2025–2100 and the plain weekday rule elsewhere.
    pub fn empty() -> Calendar {
        Calendar::default()
    }

    /// The vendored State Council notices (2007 onwards). Cheap: the data is
    /// parsed once per process and cloned.
    pub fn vendored() -> Calendar {
        VENDORED.clone()
    }

    /// The vendored calendar without cloning.
    pub fn vendored_ref() -> &'static Calendar {
        &VENDORED
    }

    /// Reads the `holidays-cn.json` format:
    /// `{"years": {"2020": {"notices": [..], "off": [..], "work": [..], "by_holiday": {name: [..]}}}}`.
    pub fn from_json(json: &str) -> Result<Calendar, CalendarError> {
        let raw: RawFile =
            serde_json::from_str(json).map_err(|e| CalendarError::Data(e.to_string()))?;
        let mut cal = Calendar::default();
        for (key, y) in raw.years {
            let year: i32 = key
                .parse()
                .map_err(|_| CalendarError::Data(format!("年份“{key}”不是数字")))?;
            let mut holiday_names = BTreeMap::new();
            for (name, dates) in y.by_holiday {
                for d in dates {
                    holiday_names.entry(d).or_insert_with(|| name.clone());
                }
            }
            cal.years.insert(
                year,
                CalendarYear {
                    year,
                    notices: y.notices,
                    off: y.off,
                    work: y.work,
                    holiday_names,
                },
            );
        }
        cal.rebuild_index();
        Ok(cal)
    }

    /// Adds a year, replacing any year with the same number (vendored or not).
    pub fn with_year(mut self, year: CalendarYear) -> Calendar {
        self.years.insert(year.year, year);
        self.rebuild_index();
        self
    }

    /// Adds a one-off change, replacing any earlier override of the same date.
    pub fn with_override(mut self, o: DayOverride) -> Calendar {
        self.overrides.insert(o.date, o);
        self.rebuild_index();
        self
    }

    /// Years with a notice, ascending.
    pub fn published_years(&self) -> Vec<i32> {
        self.years.keys().copied().collect()
    }

    /// A year is published iff it has a [`CalendarYear`].
    pub fn is_published(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    pub fn year(&self, y: i32) -> Option<&CalendarYear> {
        self.years.get(&y)
    }

    /// The one-off changes, by date.
    pub fn overrides(&self) -> impl Iterator<Item = &DayOverride> {
        self.overrides.values()
    }

    /// The calendar as it was known at `t`: without the one-off changes
    /// entered after `t` (an override without `entered_at` is known since
    /// always).
    ///
    /// The rule (issue 14): an administrator's override changes future
    /// counting explicitly and never rewrites what was already decided. Issued
    /// notices are frozen documents; a case closed at `t` keeps the deadlines it
    /// had, so it is folded with `as_known_at(t)`; an open case counts with
    /// today's calendar. A date overridden twice keeps only its latest entry
    /// (the store replaces it), so before that entry the date counts as the
    /// year data says. Borrows `self` when nothing was entered after `t`.
    pub fn as_known_at(&self, t: DateTime<Utc>) -> Cow<'_, Calendar> {
        let later = |o: &DayOverride| o.entered_at.is_some_and(|at| at > t);
        if !self.overrides.values().any(later) {
            return Cow::Borrowed(self);
        }
        let mut cal = self.clone();
        cal.overrides.retain(|_, o| !later(o));
        cal.rebuild_index();
        Cow::Owned(cal)
    }

    /// Years ascending, so that where two notices list the same date the later
    /// notice (issued later) wins; overrides win over everything.
    fn rebuild_index(&mut self) {
        let mut index = BTreeMap::new();
        for y in self.years.values() {
            for &d in &y.off {
                let name = y.holiday_name(d).unwrap_or(FALLBACK_OFF_NAME).to_owned();
                index.insert(d, Entry::Off { name });
            }
            for &d in &y.work {
                let name = y.holiday_name(d).unwrap_or(FALLBACK_WORK_NAME).to_owned();
                index.insert(d, Entry::Work { name });
            }
        }
        for o in self.overrides.values() {
            index.insert(
                o.date,
                Entry::Override {
                    working: o.working,
                    name: o.name.clone(),
                    notice: o.notice.clone(),
                },
            );
        }
        self.index = index;
    }

    /// Whether `date` is a working day (no allocation).
    pub fn is_working(&self, date: NaiveDate) -> bool {
        match self.index.get(&date) {
            Some(e) => e.working(),
            None => !is_weekend(date) && self.statutory(date).is_none(),
        }
    }

    /// Whether `date`'s status is an assumption (暂定) because its year has no
    /// notice and nothing lists the date — see [`Day::provisional`]. Cheap: no
    /// allocation.
    pub fn is_provisional(&self, date: NaiveDate) -> bool {
        !self.index.contains_key(&date) && !self.is_published(date.year())
    }

    /// The statutory day on an unlisted `date` of a year without a notice.
    fn statutory(&self, date: NaiveDate) -> Option<&'static StatutoryDay> {
        statutory::lookup(date).filter(|_| !self.is_published(date.year()))
    }

    /// The days of `year` that are off only by 《全国年节及纪念日放假办法》
    /// (holidays and 补假, all provisional), in date order; empty when the year
    /// has a notice. A day an override changed is left out.
    pub fn provisional_holidays(&self, year: i32) -> Vec<Day> {
        if self.is_published(year) {
            return Vec::new();
        }
        statutory_days(year)
            .into_iter()
            .filter(|s| !self.index.contains_key(&s.date))
            .map(|s| self.day(s.date))
            .collect()
    }

    /// One day, with the reason for its status.
    pub fn day(&self, date: NaiveDate) -> Day {
        let weekend = is_weekend(date);
        let (working, reason, provisional) = match self.index.get(&date) {
            Some(Entry::Override {
                working,
                name,
                notice,
            }) => (
                *working,
                DayReason::Override {
                    name: name.clone(),
                    notice: notice.clone(),
                },
                false,
            ),
            Some(Entry::Off { name }) => (false, DayReason::Holiday { name: name.clone() }, false),
            Some(Entry::Work { name }) => {
                let reason = if weekend {
                    DayReason::MakeUpWorkday { name: name.clone() }
                } else {
                    // A weekday listed as working (2020-02-03, the day work resumed
                    // after the extension) is an ordinary working day.
                    DayReason::Weekday
                };
                (true, reason, false)
            }
            None => match self.statutory(date) {
                Some(s) => (false, s.reason(), true),
                None => {
                    let reason = if weekend {
                        DayReason::Weekend
                    } else {
                        DayReason::Weekday
                    };
                    (!weekend, reason, !self.is_published(date.year()))
                }
            },
        };
        Day {
            date,
            working,
            reason,
            provisional,
        }
    }
}
