//! Counting working days: the Nth working day after a date, with its trace,
//! and the number of working days between two dates.

use std::ops::Bound;

use chrono::{Datelike, NaiveDate};

use super::{
    Calendar, CalendarError, Count, MAX_SCAN_DAYS, MAX_WORKING_DAYS, TraceDay, TraceStatus,
    is_weekend, statutory,
};

impl Calendar {
    /// The `n`th working day after `from` (day 0), with the full trace.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> Result<Count, CalendarError> {
        self.add_working_days_pausing(from, n, |_| None)
    }

    /// Like [`Calendar::add_working_days`], but a working day for which `paused`
    /// returns a reason does not count (recorded as [`TraceStatus::Paused`]).
    pub fn add_working_days_pausing<F>(
        &self,
        from: NaiveDate,
        n: u32,
        paused: F,
    ) -> Result<Count, CalendarError>
    where
        F: Fn(NaiveDate) -> Option<String>,
    {
        if n > MAX_WORKING_DAYS {
            return Err(CalendarError::TooManyDays {
                days: n,
                max: MAX_WORKING_DAYS,
            });
        }
        let mut trace = Vec::new();
        let mut counted = 0;
        let mut date = from;
        let mut provisional = false;
        while counted < n {
            if trace.len() >= MAX_SCAN_DAYS {
                return Err(CalendarError::ScanLimit {
                    from,
                    days: n,
                    max: MAX_SCAN_DAYS,
                });
            }
            date = date
                .succ_opt()
                .ok_or(CalendarError::OutOfRange { from, days: n })?;
            let day = self.day(date);
            provisional |= day.provisional;
            let status = if !day.working {
                TraceStatus::Skipped { reason: day.reason }
            } else if let Some(why) = paused(date) {
                TraceStatus::Paused { why }
            } else {
                counted += 1;
                TraceStatus::Counted {
                    n: counted,
                    reason: day.reason,
                }
            };
            trace.push(TraceDay {
                date,
                status,
                provisional: day.provisional,
            });
        }
        Ok(Count {
            from,
            days: n,
            due: date,
            provisional,
            trace,
        })
    }

    /// Working days `d` with `from < d <= to` (0 when `to <= from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        if to <= from {
            return 0;
        }
        let mut n = weekdays_through(to) - weekdays_through(from);
        for (d, e) in self
            .index
            .range((Bound::Excluded(from), Bound::Included(to)))
        {
            n += i64::from(e.working()) - i64::from(!is_weekend(*d));
        }
        // Statutory days off in years without a notice, unless listed: only
        // those on a weekday remove a working day (a weekend was off anyway).
        n -= statutory::between(from, to)
            .filter(|s| !is_weekend(s.date) && !self.index.contains_key(&s.date))
            .filter(|s| !self.is_published(s.date.year()))
            .count() as i64;
        u32::try_from(n.max(0)).unwrap_or(u32::MAX)
    }
}

/// Mondays–Fridays from 0001-01-01 (a Monday) through `d` (negative before).
pub(super) fn weekdays_through(d: NaiveDate) -> i64 {
    let x = i64::from(d.num_days_from_ce()) - 1; // 0 = 0001-01-01
    let weeks = x.div_euclid(7);
    let rem = x.rem_euclid(7); // 0 = Monday
    weeks * 5 + (rem + 1).min(5)
}
