//! The fixed statutory holidays (全体公民放假的节日) of 《全国年节及纪念日放假办法》
//! as revised in 2024 (国务院令第795号, in force from 2025-01-01), for a year
//! that has no State Council holiday notice.
//!
//! Art. 2: 元旦 (1月1日); 春节 4 days (农历除夕、正月初一至初三); 清明节 1 day
//! (农历清明当日); 劳动节 2 days (5月1日、2日); 端午节 (农历端午当日); 中秋节
//! (农历中秋当日); 国庆节 3 days (10月1日至3日).
//! Art. 6: 全体公民放假的假日，如果适逢星期六、星期日，应当在工作日补假 — a holiday
//! on a weekend gives a substitute day off (补假) on the next working day that is
//! neither a holiday nor already a substitute day.
//!
//! Only the notice can move days (调休) and bridge gaps; without it these days
//! are the best statement of the law, hence provisional (暂定).

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::LazyLock;

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{DayReason, is_weekend, lunar};

/// 《全国年节及纪念日放假办法》.
pub const MEASURES: &str = "《全国年节及纪念日放假办法》";
/// Basis of a holiday day.
pub const ART_2: &str = "《全国年节及纪念日放假办法》第二条";
/// Basis of a substitute day (补假).
pub const ART_6: &str = "《全国年节及纪念日放假办法》第六条";

/// The first year the 2024 revision governs (it took effect on 2025-01-01).
/// Earlier years followed earlier versions of the measures and, from 2007 on,
/// have notices; a year before this keeps the plain weekday rule.
pub const FIRST_YEAR: i32 = 2025;
/// The last year the lunar table covers; later years keep the plain weekday
/// rule.
pub const LAST_YEAR: i32 = lunar::LAST_YEAR;

/// One day off under the measures in a year without a notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatutoryDay {
    pub date: NaiveDate,
    /// 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节; two names joined by
    /// “、” in the order of Art. 2 when two holidays fall on one day
    /// (中秋节、国庆节 on 2028-10-03). For a
    /// substitute day: the holiday it makes up for.
    pub name: String,
    /// A substitute day (补假, Art. 6) rather than the holiday itself (Art. 2).
    pub substitute: bool,
}

impl StatutoryDay {
    /// The reason a calendar gives for this day.
    pub fn reason(&self) -> DayReason {
        let name = self.name.clone();
        if self.substitute {
            DayReason::SubstituteHoliday {
                name,
                basis: ART_6.to_owned(),
            }
        } else {
            DayReason::StatutoryHoliday {
                name,
                basis: ART_2.to_owned(),
            }
        }
    }
}

/// Every statutory day of [`FIRST_YEAR`]..=[`LAST_YEAR`], computed once.
static ALL: LazyLock<BTreeMap<NaiveDate, StatutoryDay>> = LazyLock::new(|| {
    (FIRST_YEAR..=LAST_YEAR)
        .flat_map(statutory_days)
        .map(|s| (s.date, s))
        .collect()
});

/// The statutory day on `date`, whether or not its year has a notice.
pub(super) fn lookup(date: NaiveDate) -> Option<&'static StatutoryDay> {
    ALL.get(&date)
}

/// Statutory days `d` with `from < d <= to`.
pub(super) fn between(
    from: NaiveDate,
    to: NaiveDate,
) -> impl Iterator<Item = &'static StatutoryDay> {
    ALL.range((Bound::Excluded(from), Bound::Included(to)))
        .map(|(_, s)| s)
}

/// The holidays of Art. 2 and the substitute days of Art. 6 for `year`, in
/// date order; empty outside [`FIRST_YEAR`]..=[`LAST_YEAR`].
pub fn statutory_days(year: i32) -> Vec<StatutoryDay> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Vec::new();
    }
    let Some(festivals) = festival_days(year) else {
        return Vec::new();
    };
    let mut days: BTreeMap<NaiveDate, StatutoryDay> = festivals
        .iter()
        .map(|(&date, names)| {
            let day = StatutoryDay {
                date,
                name: names.join("、"),
                substitute: false,
            };
            (date, day)
        })
        .collect();
    // Art. 6, in date order so that an earlier weekend holiday takes the
    // earlier free working day.
    for (&date, names) in festivals.iter().filter(|(d, _)| is_weekend(**d)) {
        let mut sub = date;
        while is_weekend(sub) || days.contains_key(&sub) {
            match sub.succ_opt() {
                Some(next) => sub = next,
                None => break,
            }
        }
        let day = StatutoryDay {
            date: sub,
            name: names.join("、"),
            substitute: true,
        };
        days.insert(sub, day);
    }
    days.into_values().collect()
}

/// Art. 2 (一): each holiday day of `year` with the holidays on it, or `None`
/// when the lunar table does not cover the year.
fn festival_days(year: i32) -> Option<BTreeMap<NaiveDate, Vec<&'static str>>> {
    let ymd = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d);
    let spring = lunar::new_year(year)?;
    let eve = spring.checked_sub_days(Days::new(1))?;
    let mut listed: Vec<(&'static str, NaiveDate)> = vec![("元旦", ymd(1, 1)?), ("春节", eve)];
    for k in 0..3 {
        listed.push(("春节", spring.checked_add_days(Days::new(k))?));
    }
    listed.extend([
        ("清明节", lunar::qingming(year)?),
        ("劳动节", ymd(5, 1)?),
        ("劳动节", ymd(5, 2)?),
        ("端午节", lunar::to_solar(year, 5, 5)?),
        ("中秋节", lunar::to_solar(year, 8, 15)?),
        ("国庆节", ymd(10, 1)?),
        ("国庆节", ymd(10, 2)?),
        ("国庆节", ymd(10, 3)?),
    ]);
    let mut days: BTreeMap<NaiveDate, Vec<&'static str>> = BTreeMap::new();
    for (name, date) in listed {
        debug_assert_eq!(date.year(), year, "{name} lies in its own year");
        let names = days.entry(date).or_default();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    Some(days)
}
