//! Dates a person enters. A date typed by hand (an item's date of making or
//! publication, an application's date of receipt, a decision's date, a
//! calendar day) must be plausible: not before the People's Republic was
//! founded, and not far in the future. A mistyped year (0001, 9999, 2205)
//! is refused with the rule in the message instead of being stored.

use chrono::{Datelike, NaiveDate};

/// The earliest date a record of this platform can carry: the founding of
/// the People's Republic, 1949-10-01 (as (year, month, day), usable in
/// constants).
pub const EARLIEST: (i32, u32, u32) = (1949, 10, 1);

/// How many years after today a date may lie (an item may take effect, a
/// calendar may be entered, some years ahead; never centuries).
pub const MAX_YEARS_AHEAD: i32 = 10;

/// The earliest plausible date.
pub const fn earliest() -> NaiveDate {
    match NaiveDate::from_ymd_opt(EARLIEST.0, EARLIEST.1, EARLIEST.2) {
        Some(d) => d,
        None => panic!("1949-10-01 is a date"),
    }
}

/// The latest plausible date seen from `today`: the same day
/// [`MAX_YEARS_AHEAD`] years later (28 February for 29 February).
pub fn latest(today: NaiveDate) -> NaiveDate {
    let year = today.year() + MAX_YEARS_AHEAD;
    today
        .with_year(year)
        .or_else(|| NaiveDate::from_ymd_opt(year, 2, 28))
        .unwrap_or(NaiveDate::MAX)
}

/// The rule, as said to the person who typed the date.
pub fn rule(today: NaiveDate) -> String {
    format!(
        "日期须在 {} 至 {} 之间（不早于1949年10月1日，不晚于今后{MAX_YEARS_AHEAD}年）",
        earliest(),
        latest(today)
    )
}

/// `date` if it is plausible seen from `today`; otherwise a Chinese message
/// naming `what` (e.g. "成文日期"), the date and the rule.
pub fn plausible(what: &str, date: NaiveDate, today: NaiveDate) -> Result<NaiveDate, String> {
    if date < earliest() || date > latest(today) {
        Err(format!(
            "{what}“{date}”不合理：{}，请核对后重新填写。",
            rule(today)
        ))
    } else {
        Ok(date)
    }
}

/// `date` if it is not after `today`: what happened (an action on a case, the
/// receipt of an application) is recorded when it has happened, never in
/// advance. Otherwise a Chinese message naming `what`.
pub fn not_after_today(what: &str, date: NaiveDate, today: NaiveDate) -> Result<NaiveDate, String> {
    if date > today {
        Err(format!(
            "{what} {date} 晚于今天（{today}），不能预先记录，请核对日期。"
        ))
    } else {
        Ok(date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_founding_day_is_the_first_plausible_date() {
        let today = d(2026, 12, 2);
        assert!(plausible("成文日期", d(1949, 10, 1), today).is_ok());
        let e = plausible("成文日期", d(1949, 9, 30), today).unwrap_err();
        assert!(e.contains("成文日期“1949-09-30”"), "{e}");
        assert!(e.contains("不早于1949年10月1日"), "{e}");
        assert!(plausible("成文日期", d(1, 1, 1), today).is_err());
    }

    #[test]
    fn ten_years_ahead_is_the_last_plausible_date() {
        let today = d(2026, 12, 2);
        assert!(plausible("施行日期", d(2036, 12, 2), today).is_ok());
        let e = plausible("施行日期", d(2036, 12, 3), today).unwrap_err();
        assert!(e.contains("2036-12-02"), "{e}");
        assert!(plausible("施行日期", d(9999, 12, 31), today).is_err());
        // 29 February ten years on is not a date: the 28th is the bound.
        assert_eq!(latest(d(2024, 2, 29)), d(2034, 2, 28));
    }

    #[test]
    fn nothing_is_recorded_in_advance() {
        let today = d(2026, 12, 2);
        assert_eq!(not_after_today("日期", today, today), Ok(today));
        assert_eq!(
            not_after_today("收到申请之日", d(2026, 12, 3), today),
            Err(
                "收到申请之日 2026-12-03 晚于今天（2026-12-02），不能预先记录，请核对日期。".into()
            )
        );
    }
}
