//! Information-processing fees (信息处理费), Art. 42 and
//! 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号, from 2021-01-01).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// How one application's fee is computed: the agency chooses one method per
/// application, never both (109号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum FeeMethod {
    /// 按件计收: this application is the `ordinal_in_month`th of the same
    /// applicant to this agency in one calendar month.
    ByCount { ordinal_in_month: u32 },
    /// 按量计收: pages (or page equivalents) provided.
    ByVolume { pages: u32 },
}

// ---------------------------------------------------------------------------
// 按件计收 (by count), 国办函〔2020〕109号 第四条
// ---------------------------------------------------------------------------

/// 按件计收: the first this-many applications of the same applicant in one
/// calendar month are free (国办函〔2020〕109号 第四条（一）: 10 applications or
/// fewer in a natural month, no fee).
pub const FREE_APPLICATIONS_PER_MONTH: u32 = 10;

/// 按件计收: the last ordinal of the first charged band, 11–30 inclusive
/// (国办函〔2020〕109号 第四条（二）).
pub const FIRST_CHARGED_BAND_LAST: u32 = 30;

/// 按件计收: yuan per application in the first charged band, 11–30
/// (国办函〔2020〕109号 第四条（二）: 100 yuan per application).
pub const FIRST_CHARGED_BAND_YUAN: u64 = 100;

/// 按件计收: from the 31st application on, the width of each band
/// (国办函〔2020〕109号 第四条（三）: bands of 10).
pub const BAND_SIZE_AFTER_FIRST: u32 = 10;

/// 按件计收: how much each further band of 10 adds per application
/// (国办函〔2020〕109号 第四条（三）: each band adds 100 yuan per application):
/// 31–40 → 200, 41–50 → 300, …
pub const BAND_INCREMENT_YUAN: u64 = 100;

// ---------------------------------------------------------------------------
// 按量计收 (by volume), 国办函〔2020〕109号 第五条
// ---------------------------------------------------------------------------

/// 按量计收: pages (or page equivalents) free per application
/// (国办函〔2020〕109号 第五条（一）: 30 pages or fewer, no fee).
pub const FREE_PAGES: u32 = 30;

/// 按量计收: last page of the first charged tier, 31–100 inclusive
/// (国办函〔2020〕109号 第五条（二）).
pub const TIER1_LAST_PAGE: u32 = 100;

/// 按量计收: yuan per page, pages 31–100 (国办函〔2020〕109号 第五条（二）).
pub const TIER1_YUAN_PER_PAGE: u64 = 10;

/// 按量计收: last page of the second charged tier, 101–200 inclusive
/// (国办函〔2020〕109号 第五条（三）).
pub const TIER2_LAST_PAGE: u32 = 200;

/// 按量计收: yuan per page, pages 101–200 (国办函〔2020〕109号 第五条（三）).
pub const TIER2_YUAN_PER_PAGE: u64 = 20;

/// 按量计收: yuan per page from page 201 on (国办函〔2020〕109号 第五条（四）).
pub const TIER3_YUAN_PER_PAGE: u64 = 40;

// ---------------------------------------------------------------------------
// Dates and periods
// ---------------------------------------------------------------------------

/// Working days the applicant has to pay, counted from the day after receiving
/// the fee notice; unpaid means given up (国办函〔2020〕109号; report row （六）2).
pub const PAYMENT_PERIOD_WORKING_DAYS: u32 = crate::deadline::law::FEE_PAYMENT_WORKING_DAYS;

/// The fee of the `ordinal_in_month`th application of the same applicant in
/// one calendar month, in yuan (按件计收, 国办函〔2020〕109号): 1–10 free;
/// 11–30: 100; 31–40: 200; 41–50: 300; … Ordinal 0 (not an application) is 0.
pub fn fee_for_nth_application(ordinal_in_month: u32) -> u64 {
    let n = ordinal_in_month;
    if n <= FREE_APPLICATIONS_PER_MONTH {
        0
    } else if n <= FIRST_CHARGED_BAND_LAST {
        FIRST_CHARGED_BAND_YUAN
    } else {
        let band = u64::from((n - FIRST_CHARGED_BAND_LAST - 1) / BAND_SIZE_AFTER_FIRST);
        FIRST_CHARGED_BAND_YUAN + BAND_INCREMENT_YUAN * (band + 1)
    }
}

/// The fees of all `applications_in_month` applications of one applicant in
/// one calendar month, all charged by count: `Σ fee_for_nth_application(k)`
/// for k in 1..=n, computed in closed form (saturating at `u64::MAX`, which no
/// real month reaches).
pub fn total_fee_by_count(applications_in_month: u32) -> u64 {
    let n = u128::from(applications_in_month);
    let free = u128::from(FREE_APPLICATIONS_PER_MONTH);
    let first_last = u128::from(FIRST_CHARGED_BAND_LAST);
    let first_yuan = u128::from(FIRST_CHARGED_BAND_YUAN);
    let band = u128::from(BAND_SIZE_AFTER_FIRST);
    let inc = u128::from(BAND_INCREMENT_YUAN);
    let total = if n <= free {
        0
    } else if n <= first_last {
        (n - free) * first_yuan
    } else {
        let first = (first_last - free) * first_yuan;
        let beyond = n - first_last;
        let (full, rest) = (beyond / band, beyond % band);
        // Band j (0-based) costs first_yuan + inc·(j + 1) per application.
        let full_bands =
            band * (full * (first_yuan + inc) + inc * full * full.saturating_sub(1) / 2);
        let partial = rest * (first_yuan + inc * (full + 1));
        first + full_bands + partial
    };
    u64::try_from(total).unwrap_or(u64::MAX)
}

/// The fee for `pages` pages (or page equivalents) provided for one
/// application, in yuan (按量计收, 国办函〔2020〕109号), progressive: pages
/// 1–30 free, 31–100 at 10, 101–200 at 20, above 200 at 40 yuan a page.
pub fn fee_by_volume(pages: u32) -> u64 {
    volume_fee_bands(pages)
        .iter()
        .map(|b| b.subtotal_yuan)
        .sum()
}

/// One charged tier of a by-volume fee, for the fee notice (收费通知书).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolumeFeeBand {
    /// First and last page of the tier that were charged (inclusive).
    pub first_page: u32,
    pub last_page: u32,
    pub pages: u32,
    pub yuan_per_page: u64,
    pub subtotal_yuan: u64,
}

/// The charged tiers of a by-volume fee, in page order; empty when free.
/// `fee_by_volume(p)` is the sum of the subtotals.
pub fn volume_fee_bands(pages: u32) -> Vec<VolumeFeeBand> {
    let tiers = [
        (FREE_PAGES + 1, TIER1_LAST_PAGE, TIER1_YUAN_PER_PAGE),
        (TIER1_LAST_PAGE + 1, TIER2_LAST_PAGE, TIER2_YUAN_PER_PAGE),
        (TIER2_LAST_PAGE + 1, u32::MAX, TIER3_YUAN_PER_PAGE),
    ];
    tiers
        .into_iter()
        .filter(|(first, _, _)| pages >= *first)
        .map(|(first, last, rate)| {
            let last = last.min(pages);
            let n = last - first + 1;
            VolumeFeeBand {
                first_page: first,
                last_page: last,
                pages: n,
                yuan_per_page: rate,
                subtotal_yuan: u64::from(n) * rate,
            }
        })
        .collect()
}

impl FeeMethod {
    /// The fee of this application in yuan.
    pub fn amount_yuan(&self) -> u64 {
        match *self {
            FeeMethod::ByCount { ordinal_in_month } => fee_for_nth_application(ordinal_in_month),
            FeeMethod::ByVolume { pages } => fee_by_volume(pages),
        }
    }

    /// A one-line Chinese description for the fee notice and the case view:
    /// `按件计收：本月第45件，每件300元`, `按量计收：共2219页，计83460元`, or, when
    /// nothing is due, `按件计收：本月第5件，不收费（每月前10件免费）` /
    /// `按量计收：共30页，不收费（30页以内免费）`.
    pub fn describe_zh(&self) -> String {
        match *self {
            FeeMethod::ByCount { ordinal_in_month } => {
                let fee = fee_for_nth_application(ordinal_in_month);
                if fee == 0 {
                    format!(
                        "按件计收：本月第{ordinal_in_month}件，不收费（每月前{FREE_APPLICATIONS_PER_MONTH}件免费）"
                    )
                } else {
                    format!("按件计收：本月第{ordinal_in_month}件，每件{fee}元")
                }
            }
            FeeMethod::ByVolume { pages } => {
                let fee = fee_by_volume(pages);
                if fee == 0 {
                    format!("按量计收：共{pages}页，不收费（{FREE_PAGES}页以内免费）")
                } else {
                    format!("按量计收：共{pages}页，计{fee}元")
                }
            }
        }
    }
}

/// 按件计收的月序号: the place of an application among the same applicant's
/// applications to the same agency in its calendar month (自然月; 国办函〔2020〕
/// 109号 第四条: counted per applicant, per natural month). Every application
/// of that month submitted before it counts, whatever became of it, and it
/// counts itself: the result is at least 1. The first
/// [`FREE_APPLICATIONS_PER_MONTH`] are free; from the 11th a fee by count is
/// due ([`by_count_fee_due`]).
///
/// Each application is given as (the day it was submitted, Beijing time; a
/// key ordering applications, e.g. (submitted at, id)); `applications` may
/// include `this` or not, and may include other months.
pub fn ordinal_in_month<K: Ord>(this: &(NaiveDate, K), applications: &[(NaiveDate, K)]) -> u32 {
    let month = |d: NaiveDate| (d.year(), d.month());
    let before = applications
        .iter()
        .filter(|a| month(a.0) == month(this.0) && *a < this)
        .count();
    u32::try_from(before).map_or(u32::MAX, |n| n.saturating_add(1))
}

/// Whether the `ordinal_in_month`th application of the month is charged by
/// count: beyond the first [`FREE_APPLICATIONS_PER_MONTH`] (国办函〔2020〕109号
/// 第四条（一）、（二）).
pub fn by_count_fee_due(ordinal_in_month: u32) -> bool {
    ordinal_in_month > FREE_APPLICATIONS_PER_MONTH
}

/// The day the fee rules (国办函〔2020〕109号) took effect: 2021-01-01. No fee
/// may be charged for anything before it.
pub fn fee_applies_from() -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, 1, 1).expect("valid date")
}

/// Whether an information-processing fee may be charged on `date`
/// (国办函〔2020〕109号 applies from 2021-01-01).
pub fn fee_allowed_on(date: NaiveDate) -> bool {
    date >= fee_applies_from()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// An applicant's applications in March 2025: the 1st (two, ids 4 and 7),
    /// the 15th, the 31st; one on 28 February and one on 1 April.
    fn register() -> Vec<(NaiveDate, u32)> {
        vec![
            (d(2025, 2, 28), 1),
            (d(2025, 3, 1), 4),
            (d(2025, 3, 1), 7),
            (d(2025, 3, 15), 9),
            (d(2025, 3, 31), 12),
            (d(2025, 4, 1), 13),
        ]
    }

    #[test]
    fn the_ordinal_counts_the_same_calendar_month_only() {
        let r = register();
        assert_eq!(ordinal_in_month(&(d(2025, 3, 1), 4), &r), 1);
        assert_eq!(ordinal_in_month(&(d(2025, 3, 1), 7), &r), 2);
        assert_eq!(ordinal_in_month(&(d(2025, 3, 31), 12), &r), 4);
        // February's and April's applications start their own count.
        assert_eq!(ordinal_in_month(&(d(2025, 2, 28), 1), &r), 1);
        assert_eq!(ordinal_in_month(&(d(2025, 4, 1), 13), &r), 1);
        // Not yet in the register: counts itself after the earlier ones.
        assert_eq!(ordinal_in_month(&(d(2025, 3, 20), 99), &r), 4);
        assert_eq!(ordinal_in_month(&(d(2025, 3, 20), 99), &[]), 1);
    }

    #[test]
    fn the_eleventh_application_of_a_month_is_the_first_charged() {
        let month: Vec<(NaiveDate, u32)> = (1..=11).map(|i| (d(2025, 5, i), i)).collect();
        let tenth = ordinal_in_month(&month[9], &month);
        let eleventh = ordinal_in_month(&month[10], &month);
        assert_eq!((tenth, eleventh), (10, 11));
        assert!(!by_count_fee_due(tenth));
        assert!(by_count_fee_due(eleventh));
        assert_eq!(fee_for_nth_application(tenth), 0);
        assert_eq!(fee_for_nth_application(eleventh), 100);
    }
}
