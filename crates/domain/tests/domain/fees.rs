//! Information-processing fees: Art. 42 (第四十二条) of the Regulation and
//! 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号). Expected values are the
//! spec's test values, each recomputed by hand in a comment.

use chrono::NaiveDate;
use gongkai_domain::fees::{
    FeeMethod, fee_allowed_on, fee_applies_from, fee_by_volume, fee_for_nth_application,
    total_fee_by_count, volume_fee_bands,
};
use proptest::prelude::*;

// ---------------------------------------------------------------- by volume

#[test]
fn art42_109_by_volume_2219_pages_is_83460_yuan() {
    // 31–100:  70 pages × 10 =    700
    // 101–200: 100 pages × 20 =  2,000
    // 201–2219: 2,019 pages × 40 = 80,760
    // 700 + 2,000 + 80,760 = 83,460
    assert_eq!(fee_by_volume(2219), 83_460);
}

#[test]
fn art42_109_by_volume_30_pages_is_free() {
    // 1–30 free.
    assert_eq!(fee_by_volume(30), 0);
    assert_eq!(fee_by_volume(0), 0);
    assert_eq!(fee_by_volume(1), 0);
}

#[test]
fn art42_109_by_volume_31_pages_is_10_yuan() {
    // 1 page × 10 = 10
    assert_eq!(fee_by_volume(31), 10);
}

#[test]
fn art42_109_by_volume_100_pages_is_700_yuan() {
    // 70 pages (31–100) × 10 = 700
    assert_eq!(fee_by_volume(100), 700);
}

#[test]
fn art42_109_by_volume_101_pages_is_720_yuan() {
    // 700 + 1 page × 20 = 720
    assert_eq!(fee_by_volume(101), 720);
}

#[test]
fn art42_109_by_volume_200_pages_is_2700_yuan() {
    // 700 + 100 pages × 20 = 700 + 2,000 = 2,700
    assert_eq!(fee_by_volume(200), 2_700);
}

#[test]
fn art42_109_by_volume_201_pages_is_2740_yuan() {
    // 2,700 + 1 page × 40 = 2,740
    assert_eq!(fee_by_volume(201), 2_740);
}

#[test]
fn art42_109_by_volume_bands_explain_the_fee() {
    let bands = volume_fee_bands(2219);
    assert_eq!(bands.len(), 3);
    assert_eq!(
        (bands[0].first_page, bands[0].last_page, bands[0].pages),
        (31, 100, 70)
    );
    assert_eq!(
        (bands[1].first_page, bands[1].last_page, bands[1].pages),
        (101, 200, 100)
    );
    assert_eq!(
        (bands[2].first_page, bands[2].last_page, bands[2].pages),
        (201, 2219, 2019)
    );
    let subtotals: Vec<u64> = bands.iter().map(|b| b.subtotal_yuan).collect();
    assert_eq!(subtotals, [700, 2_000, 80_760]);
    assert!(volume_fee_bands(30).is_empty());
}

// ----------------------------------------------------------------- by count

#[test]
fn art42_109_by_count_10th_free_11th_costs_100() {
    assert_eq!(fee_for_nth_application(1), 0);
    assert_eq!(fee_for_nth_application(10), 0);
    assert_eq!(fee_for_nth_application(11), 100);
    assert_eq!(fee_for_nth_application(30), 100);
}

#[test]
fn art42_109_by_count_31st_costs_200() {
    // 31–40 is the first band after 30: 100 + 100 = 200.
    assert_eq!(fee_for_nth_application(31), 200);
    assert_eq!(fee_for_nth_application(40), 200);
    assert_eq!(fee_for_nth_application(41), 300);
    assert_eq!(fee_for_nth_application(51), 400);
}

#[test]
fn art42_109_by_count_45th_application_costs_300() {
    // 41–50 is the second band after 30: 100 + 2 × 100 = 300.
    assert_eq!(fee_for_nth_application(45), 300);
}

#[test]
fn art42_109_by_count_45_applications_total_5500_yuan() {
    // 1–10:  10 × 0   =     0
    // 11–30: 20 × 100 = 2,000
    // 31–40: 10 × 200 = 2,000
    // 41–45:  5 × 300 = 1,500
    // total             5,500
    assert_eq!(total_fee_by_count(45), 5_500);
    assert_eq!(total_fee_by_count(10), 0);
    assert_eq!(total_fee_by_count(11), 100);
    // 20 × 100 = 2,000
    assert_eq!(total_fee_by_count(30), 2_000);
    // 2,000 + 10 × 200 + 10 × 300 = 7,000
    assert_eq!(total_fee_by_count(50), 7_000);
}

#[test]
fn art42_109_by_count_huge_month_does_not_panic() {
    assert!(total_fee_by_count(u32::MAX) > 0);
    assert!(fee_for_nth_application(u32::MAX) > 0);
}

// --------------------------------------------------------------- FeeMethod

#[test]
fn art42_109_fee_method_amount_and_description() {
    let by_count = FeeMethod::ByCount {
        ordinal_in_month: 45,
    };
    assert_eq!(by_count.amount_yuan(), 300);
    assert_eq!(by_count.describe_zh(), "按件计收：本月第45件，每件300元");

    let by_volume = FeeMethod::ByVolume { pages: 2219 };
    assert_eq!(by_volume.amount_yuan(), 83_460);
    assert!(by_volume.describe_zh().starts_with("按量计收：共2219页"));
    assert!(by_volume.describe_zh().contains("83460元"));

    let free = FeeMethod::ByCount {
        ordinal_in_month: 3,
    };
    assert_eq!(free.amount_yuan(), 0);
    assert!(free.describe_zh().contains("不收费"));
    assert!(
        FeeMethod::ByVolume { pages: 30 }
            .describe_zh()
            .contains("不收费")
    );
}

#[test]
fn art42_109_fees_apply_from_2021_01_01() {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    assert_eq!(fee_applies_from(), d(2021, 1, 1));
    assert!(!fee_allowed_on(d(2020, 12, 31)));
    assert!(fee_allowed_on(d(2021, 1, 1)));
    assert!(fee_allowed_on(d(2025, 6, 30)));
}

// --------------------------------------------------------------- properties

proptest! {
    #[test]
    fn art42_109_by_volume_is_monotone(pages in 0u32..100_000) {
        prop_assert!(fee_by_volume(pages) <= fee_by_volume(pages + 1));
    }

    #[test]
    fn art42_109_by_volume_marginal_page_matches_its_tier(pages in 1u32..100_000) {
        let marginal = fee_by_volume(pages) - fee_by_volume(pages - 1);
        let expected = match pages {
            0..=30 => 0,
            31..=100 => 10,
            101..=200 => 20,
            _ => 40,
        };
        prop_assert_eq!(marginal, expected);
    }

    #[test]
    fn art42_109_total_by_count_steps_by_the_nth_fee(n in 1u32..100_000) {
        prop_assert_eq!(
            total_fee_by_count(n) - total_fee_by_count(n - 1),
            fee_for_nth_application(n)
        );
    }

    #[test]
    fn art42_109_nth_fee_is_monotone(n in 0u32..1_000_000) {
        prop_assert!(fee_for_nth_application(n) <= fee_for_nth_application(n + 1));
    }
}
