//! The demo's dates, relative to the day it is seeded (`today`), so that the
//! demo is alive on any date: last year's records are complete, this year's
//! are under way and the clerk's queue has cases in every mark.
//!
//! A record is placed on a month and day of a year counted back from
//! today's ([`Year::Ago`]), moved to a working day of that year, or — the
//! 2020 records, kept in the 2019 report format — on a fixed date. The
//! queue's open cases are placed by working days counted back from today
//! ([`back`], the inverse of `Calendar::add_working_days`), so that their
//! reply deadlines fall right across weekends, holidays and New Year.

use chrono::{Datelike, Days, NaiveDate};
use gongkai_domain::calendar::Calendar;

/// The year of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Year {
    /// `n` years before today's (0: this year, 1: last year).
    Ago(i32),
    /// A fixed year (the 2020 records).
    Fixed(i32),
}

/// A day of a [`Year`]: a relative one is moved to a working day.
#[derive(Debug, Clone, Copy)]
pub(super) struct At {
    pub year: Year,
    pub month: u32,
    pub day: u32,
}

/// `month`-`day` of `year`.
pub(super) const fn at(year: Year, month: u32, day: u32) -> At {
    At { year, month, day }
}

/// Today, the calendar in force, and the dates of the records.
pub(super) struct Today<'a> {
    pub day: NaiveDate,
    pub calendar: &'a Calendar,
}

impl Today<'_> {
    /// This year.
    pub fn year(&self) -> i32 {
        self.day.year()
    }

    /// The calendar year of `y`.
    pub fn year_of(&self, y: Year) -> i32 {
        match y {
            Year::Ago(n) => self.year() - n,
            Year::Fixed(y) => y,
        }
    }

    /// The day of `at`: a fixed year's as written; a relative one on the
    /// first working day from that month and day, or — where none is left in
    /// the year — the last working day before it, so that it stays in its
    /// year (the year decides which annual report counts it).
    pub fn date(&self, at: At) -> NaiveDate {
        let year = self.year_of(at.year);
        // 29 February of a year without one: the 28th.
        let written = NaiveDate::from_ymd_opt(year, at.month, at.day)
            .or_else(|| NaiveDate::from_ymd_opt(year, at.month, at.day - 1))
            .expect("a demo date");
        if let Year::Fixed(_) = at.year {
            return written;
        }
        working_on_or_after(self.calendar, written)
            .filter(|d| d.year() == year)
            .unwrap_or_else(|| back(self.calendar, written, 0))
    }

    /// The `n`th working day after today (today is day 0).
    pub fn ahead(&self, n: u32) -> NaiveDate {
        self.calendar
            .add_working_days(self.day, n)
            .map(|c| c.due)
            .expect("a working day ahead")
    }
}

/// The first working day on or after `d`, within a year.
fn working_on_or_after(calendar: &Calendar, d: NaiveDate) -> Option<NaiveDate> {
    (0..366)
        .map(|i| d + Days::new(i))
        .find(|d| calendar.is_working(*d))
}

/// The working day `n` working days before `to`; for `n = 0` the last
/// working day on or before `to`. The inverse of `add_working_days`: the
/// `n`th working day after `back(to, n)` is `back(to, 0)`.
pub(super) fn back(calendar: &Calendar, to: NaiveDate, n: u32) -> NaiveDate {
    let previous_working = |mut d: NaiveDate| {
        while !calendar.is_working(d) {
            d = d.pred_opt().expect("a date after year 1");
        }
        d
    };
    let mut d = previous_working(to);
    for _ in 0..n {
        d = previous_working(d.pred_opt().expect("a date after year 1"));
    }
    d
}

/// `text` with every `{y}`, `{y-N}` and `{y+N}` replaced by `year`, `year −
/// N` and `year + N`: the demo's texts name years relative to their own.
pub(super) fn fill(text: &str, year: i32) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{y") {
        out.push_str(&rest[..start]);
        let tail = &rest[start + 2..];
        let end = tail.find('}').expect("a closed {y…} in a demo text");
        let offset: i32 = match &tail[..end] {
            "" => 0,
            n => n
                .strip_prefix('+')
                .unwrap_or(n)
                .parse()
                .expect("{y-N} or {y+N} in a demo text"),
        };
        out.push_str(&(year + offset).to_string());
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn fill_names_the_years_around_its_own() {
        assert_eq!(
            fill("{y-5}年至{y-1}年；{y}年；《{y}年要点》；{y+1}年", 2026),
            "2021年至2025年；2026年；《2026年要点》；2027年"
        );
        assert_eq!(fill("白交〔2019〕12号", 2026), "白交〔2019〕12号");
    }

    #[test]
    fn back_is_the_inverse_of_counting_forward() {
        let cal = Calendar::vendored();
        // 国庆节 and 中秋节 2025: 10-01 … 10-08 off (the 2025 holiday notice).
        // From 10-09 (Thu), one working day back is 09-30, two 09-29.
        assert_eq!(back(&cal, d("2025-10-09"), 2), d("2025-09-29"));
        // On a day off, day 0 is the last working day before it.
        assert_eq!(back(&cal, d("2025-10-05"), 0), d("2025-09-30"));
        assert_eq!(back(&cal, d("2026-01-01"), 0), d("2025-12-31"));
        // Forward again lands on day 0, across holidays and New Year.
        let mut day = d("2024-12-01");
        while day < d("2027-03-01") {
            for n in [0, 1, 3, 20, 23] {
                let from = back(&cal, day, n);
                assert!(cal.is_working(from), "{day} {n}");
                assert_eq!(
                    cal.add_working_days(from, n).unwrap().due,
                    back(&cal, day, 0),
                    "{day} {n}"
                );
            }
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn a_relative_day_is_a_working_day_of_its_year() {
        let cal = Calendar::vendored();
        let today = Today {
            day: d("2026-12-03"),
            calendar: &cal,
        };
        // 2025-10-01 is 国庆节: the first working day after the holiday.
        assert_eq!(today.date(at(Year::Ago(1), 10, 1)), d("2025-10-09"));
        // 2025-12-27 is a Saturday, 28 a Sunday: Monday the 29th.
        assert_eq!(today.date(at(Year::Ago(1), 12, 27)), d("2025-12-29"));
        // 2022-12-31 is a Saturday: no working day is left in the year.
        let in_2023 = Today {
            day: d("2023-06-01"),
            calendar: &cal,
        };
        assert_eq!(in_2023.date(at(Year::Ago(1), 12, 31)), d("2022-12-30"));
        // A fixed day stays, even a holiday.
        assert_eq!(today.date(at(Year::Fixed(2020), 1, 26)), d("2020-01-26"));
        assert_eq!(today.year_of(Year::Ago(2)), 2024);
    }
}
