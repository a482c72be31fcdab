//! The Chinese lunisolar calendar (农历) for 2000–2100, as far as the statutory
//! holidays need it: the first day of each lunar year (正月初一), the lengths of
//! its months and its leap month (闰月), plus the day of the 清明 solar term.
//!
//! A table rather than an astronomical computation or a crate: the official
//! calendar (GB/T 33661-2017, compiled by the Purple Mountain Observatory)
//! depends on new moons and solar terms to the minute, which a short formula
//! cannot reproduce near midnight, whereas a table of 101 rows is small, needs
//! no dependency and can be checked line by line. The rows were generated from
//! the 寿星天文历 ephemeris (Python `sxtwl`) and cross-checked year by year
//! against independent implementations: 正月初一, 五月初五 and 八月十五 agree
//! with `zhdate` and `lunar_python` for 2000–2100 and with `lunardate` for
//! 2000–2099 (its range); 清明 agrees with `lunar_python` and with PyEphem (the
//! Sun's apparent longitude reaching 15°, Beijing time; closest call 2071-04-05
//! 00:02). The tests in `tests.rs` check that the rows chain (each year's months
//! end the day before the next 正月初一), 清明 against the 寿星 formula, and
//! the lunar holidays of every vendored notice.

use chrono::{Days, NaiveDate};

/// First and last Gregorian year the table covers.
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2100;

/// One lunar year, starting in the Gregorian year of its row.
#[derive(Debug, Clone, Copy)]
pub(super) struct LunarYear {
    /// 正月初一 (Gregorian month, day).
    pub new_year: (u32, u32),
    /// The month after which the leap month falls (闰N月); 0: none.
    pub leap_month: u32,
    /// Month lengths in order, leap month included: `1` = 30 days (大月),
    /// `0` = 29 days (小月).
    pub months: &'static str,
    /// Day of April on which the 清明 solar term falls.
    pub qingming: u32,
}

const fn ly(
    month: u32,
    day: u32,
    leap_month: u32,
    months: &'static str,
    qingming: u32,
) -> LunarYear {
    LunarYear {
        new_year: (month, day),
        leap_month,
        months,
        qingming,
    }
}

/// Rows for [`FIRST_YEAR`]..=[`LAST_YEAR`].
#[rustfmt::skip]
const YEARS: [LunarYear; 101] = [
    /* 2000 */ ly(2,  5,  0, "110010010110", 4),
    /* 2001 */ ly(1, 24,  4, "1101010010101", 5),
    /* 2002 */ ly(2, 12,  0, "110101001010", 5),
    /* 2003 */ ly(2,  1,  0, "110110100101", 5),
    /* 2004 */ ly(1, 22,  2, "0101101010101", 4),
    /* 2005 */ ly(2,  9,  0, "010101101010", 5),
    /* 2006 */ ly(1, 29,  7, "1010101011011", 5),
    /* 2007 */ ly(2, 18,  0, "001001011101", 5),
    /* 2008 */ ly(2,  7,  0, "100100101101", 4),
    /* 2009 */ ly(1, 26,  5, "1100100101011", 4),
    /* 2010 */ ly(2, 14,  0, "101010010101", 5),
    /* 2011 */ ly(2,  3,  0, "101101001010", 5),
    /* 2012 */ ly(1, 23,  4, "1011010101010", 4),
    /* 2013 */ ly(2, 10,  0, "101011010101", 4),
    /* 2014 */ ly(1, 31,  9, "0101010110101", 5),
    /* 2015 */ ly(2, 19,  0, "010010111010", 5),
    /* 2016 */ ly(2,  8,  0, "101001011011", 4),
    /* 2017 */ ly(1, 28,  6, "0101001010111", 4),
    /* 2018 */ ly(2, 16,  0, "010100101011", 5),
    /* 2019 */ ly(2,  5,  0, "101010010011", 5),
    /* 2020 */ ly(1, 25,  4, "0111010010101", 4),
    /* 2021 */ ly(2, 12,  0, "011010101010", 4),
    /* 2022 */ ly(2,  1,  0, "101011010101", 5),
    /* 2023 */ ly(1, 22,  2, "0100110110101", 5),
    /* 2024 */ ly(2, 10,  0, "010010110110", 4),
    /* 2025 */ ly(1, 29,  6, "1010010101110", 4),
    /* 2026 */ ly(2, 17,  0, "101001001110", 5),
    /* 2027 */ ly(2,  6,  0, "110100100110", 5),
    /* 2028 */ ly(1, 26,  5, "1110100100110", 4),
    /* 2029 */ ly(2, 13,  0, "110101010011", 4),
    /* 2030 */ ly(2,  3,  0, "010110101010", 5),
    /* 2031 */ ly(1, 23,  3, "0110101101010", 5),
    /* 2032 */ ly(2, 11,  0, "100101101101", 4),
    /* 2033 */ ly(1, 31, 11, "0100101011101", 4),
    /* 2034 */ ly(2, 19,  0, "010010101101", 5),
    /* 2035 */ ly(2,  8,  0, "101001001101", 5),
    /* 2036 */ ly(1, 28,  6, "1101001001011", 4),
    /* 2037 */ ly(2, 15,  0, "110100100101", 4),
    /* 2038 */ ly(2,  4,  0, "110101010010", 5),
    /* 2039 */ ly(1, 24,  5, "1101101010100", 5),
    /* 2040 */ ly(2, 12,  0, "101101011010", 4),
    /* 2041 */ ly(2,  1,  0, "010101101101", 4),
    /* 2042 */ ly(1, 22,  2, "0100101011011", 4),
    /* 2043 */ ly(2, 10,  0, "010010011011", 5),
    /* 2044 */ ly(1, 30,  7, "1010010010111", 4),
    /* 2045 */ ly(2, 17,  0, "101001001011", 4),
    /* 2046 */ ly(2,  6,  0, "101010100101", 4),
    /* 2047 */ ly(1, 26,  5, "1011010100101", 5),
    /* 2048 */ ly(2, 14,  0, "011011010010", 4),
    /* 2049 */ ly(2,  2,  0, "101011011010", 4),
    /* 2050 */ ly(1, 23,  3, "0101010110110", 4),
    /* 2051 */ ly(2, 11,  0, "100100110111", 5),
    /* 2052 */ ly(2,  1,  8, "0100100101111", 4),
    /* 2053 */ ly(2, 19,  0, "010010010111", 4),
    /* 2054 */ ly(2,  8,  0, "011001001011", 4),
    /* 2055 */ ly(1, 28,  6, "0110101001010", 5),
    /* 2056 */ ly(2, 15,  0, "111010100101", 4),
    /* 2057 */ ly(2,  4,  0, "011010101010", 4),
    /* 2058 */ ly(1, 24,  4, "1010101101100", 4),
    /* 2059 */ ly(2, 12,  0, "101010101110", 5),
    /* 2060 */ ly(2,  2,  0, "100100101110", 4),
    /* 2061 */ ly(1, 21,  3, "1100100101110", 4),
    /* 2062 */ ly(2,  9,  0, "110010010110", 4),
    /* 2063 */ ly(1, 29,  7, "1101010010101", 5),
    /* 2064 */ ly(2, 17,  0, "110101001010", 4),
    /* 2065 */ ly(2,  5,  0, "110110100101", 4),
    /* 2066 */ ly(1, 26,  5, "0101101010101", 4),
    /* 2067 */ ly(2, 14,  0, "010101101010", 5),
    /* 2068 */ ly(2,  3,  0, "101001101101", 4),
    /* 2069 */ ly(1, 23,  4, "0101001011101", 4),
    /* 2070 */ ly(2, 11,  0, "010100101101", 4),
    /* 2071 */ ly(1, 31,  8, "1010100101011", 5),
    /* 2072 */ ly(2, 19,  0, "101010010101", 4),
    /* 2073 */ ly(2,  7,  0, "101101001010", 4),
    /* 2074 */ ly(1, 27,  6, "1011010101010", 4),
    /* 2075 */ ly(2, 15,  0, "101011010101", 4),
    /* 2076 */ ly(2,  5,  0, "010101011010", 4),
    /* 2077 */ ly(1, 24,  4, "1010010111010", 4),
    /* 2078 */ ly(2, 12,  0, "101001011011", 4),
    /* 2079 */ ly(2,  2,  0, "010100101011", 4),
    /* 2080 */ ly(1, 22,  3, "1010100100111", 4),
    /* 2081 */ ly(2,  9,  0, "011010010011", 4),
    /* 2082 */ ly(1, 29,  7, "0111001010011", 4),
    /* 2083 */ ly(2, 17,  0, "011010101010", 4),
    /* 2084 */ ly(2,  6,  0, "101011010101", 4),
    /* 2085 */ ly(1, 26,  5, "0100110110101", 4),
    /* 2086 */ ly(2, 14,  0, "010010110110", 4),
    /* 2087 */ ly(2,  3,  0, "101001010111", 4),
    /* 2088 */ ly(1, 24,  4, "0101001001110", 4),
    /* 2089 */ ly(2, 10,  0, "110100010110", 4),
    /* 2090 */ ly(1, 30,  8, "1110100100110", 4),
    /* 2091 */ ly(2, 18,  0, "110101010010", 4),
    /* 2092 */ ly(2,  7,  0, "110110101010", 4),
    /* 2093 */ ly(1, 27,  6, "0110101101010", 4),
    /* 2094 */ ly(2, 15,  0, "010101101101", 4),
    /* 2095 */ ly(2,  5,  0, "010010101110", 4),
    /* 2096 */ ly(1, 25,  4, "1010010011101", 4),
    /* 2097 */ ly(2, 12,  0, "101000101101", 4),
    /* 2098 */ ly(2,  1,  0, "110100010101", 4),
    /* 2099 */ ly(1, 21,  2, "1101100100101", 4),
    /* 2100 */ ly(2,  9,  0, "110101010010", 5),
];

pub(super) fn row(year: i32) -> Option<&'static LunarYear> {
    let i = usize::try_from(year.checked_sub(FIRST_YEAR)?).ok()?;
    YEARS.get(i)
}

/// 正月初一 of the lunar year that starts in `year`.
pub fn new_year(year: i32) -> Option<NaiveDate> {
    let (m, d) = row(year)?.new_year;
    NaiveDate::from_ymd_opt(year, m, d)
}

/// The Gregorian date of day `day` of the ordinary (non-leap) month `month` of
/// the lunar year that starts in `year`; `None` outside the table or for a day
/// the month does not have.
pub fn to_solar(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    let r = row(year)?;
    if !(1..=12).contains(&month) {
        return None;
    }
    // The leap month follows its namesake, so it precedes every later month.
    let index = if r.leap_month != 0 && month > r.leap_month {
        month
    } else {
        month - 1
    };
    let lengths = month_lengths(r);
    let length = *lengths.get(usize::try_from(index).ok()?)?;
    if !(1..=length).contains(&day) {
        return None;
    }
    let before: u32 = lengths.iter().take(index as usize).sum();
    new_year(year)?.checked_add_days(Days::new(u64::from(before + day - 1)))
}

/// 29 or 30 for each month of the row, in order.
pub(super) fn month_lengths(r: &LunarYear) -> Vec<u32> {
    r.months
        .bytes()
        .map(|b| if b == b'1' { 30 } else { 29 })
        .collect()
}

/// The day of the 清明 solar term in `year`.
pub fn qingming(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 4, row(year)?.qingming)
}
