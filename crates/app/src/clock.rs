//! Today's date in China (UTC+8), which every legal date is counted from.
//! Tests fix and advance it to replay a case on the dates of a worked example.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};

#[derive(Clone, Default)]
pub struct Clock {
    fixed: Option<Arc<Mutex<NaiveDate>>>,
}

impl Clock {
    /// The real clock.
    pub fn system() -> Clock {
        Clock { fixed: None }
    }

    /// A clock that says `date` until told otherwise.
    pub fn fixed(date: NaiveDate) -> Clock {
        Clock {
            fixed: Some(Arc::new(Mutex::new(date))),
        }
    }

    /// Move a fixed clock to `date` (no effect on the real clock).
    pub fn set(&self, date: NaiveDate) {
        if let Some(f) = &self.fixed {
            *f.lock().expect("clock lock") = date;
        }
    }

    /// Now. A fixed clock keeps the real time of day on its fixed date, so
    /// records made on a replayed date carry that date.
    pub fn now(&self) -> DateTime<Utc> {
        match &self.fixed {
            Some(_) => {
                let real = beijing(Utc::now());
                let since_midnight = real.time() - chrono::NaiveTime::MIN;
                start_of_day(self.today()) + since_midnight
            }
            None => Utc::now(),
        }
    }

    /// Today in Beijing time.
    pub fn today(&self) -> NaiveDate {
        match &self.fixed {
            Some(f) => *f.lock().expect("clock lock"),
            None => beijing(Utc::now()).date_naive(),
        }
    }
}

/// A UTC instant in Beijing time.
pub fn beijing(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(8 * 3600).expect("UTC+8");
    t.with_timezone(&offset)
}

/// The first instant of a Beijing date, in UTC.
pub fn start_of_day(d: NaiveDate) -> DateTime<Utc> {
    let naive = d.and_hms_opt(0, 0, 0).expect("midnight");
    DateTime::<Utc>::from_naive_utc_and_offset(naive, Utc) - Duration::hours(8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beijing_is_eight_hours_ahead() {
        let t = DateTime::parse_from_rfc3339("2025-01-31T17:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            beijing(t).date_naive(),
            NaiveDate::from_ymd_opt(2025, 2, 1).unwrap()
        );
        let c = Clock::fixed(NaiveDate::from_ymd_opt(2025, 3, 3).unwrap());
        c.set(NaiveDate::from_ymd_opt(2025, 3, 4).unwrap());
        assert_eq!(c.today(), NaiveDate::from_ymd_opt(2025, 3, 4).unwrap());
    }
}
