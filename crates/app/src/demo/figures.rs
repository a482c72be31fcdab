//! The demo agencies' Article 20 figures (permits, penalties, …) of 2020,
//! the year before last, last year and this year so far.

use chrono::Datelike;
use gongkai_domain::catalogue::{Article20Figures, ListCount, ListCounts2019};

use super::Who;
use super::when::Today;

fn figures_2021(
    year: i32,
    permits: u64,
    penalties: u64,
    compulsory: u64,
    fees: &str,
) -> Article20Figures {
    Article20Figures {
        year,
        permits,
        penalties,
        compulsory_measures: compulsory,
        fee_income_wan_yuan: fees.into(),
        other_services: None,
        procurement_items: None,
        procurement_amount: None,
        list_counts_2019: None,
    }
}

fn list(last_year: u64, change: i64) -> ListCount {
    ListCount { last_year, change }
}

/// Of a whole year's `n`, the part up to `today` (this year's figures grow
/// through the year).
fn so_far(n: u64, today: &Today) -> u64 {
    n * u64::from(today.day.ordinal()) / 365
}

pub(super) fn figures_of(who: Who, today: &Today) -> Vec<Article20Figures> {
    let year = today.year();
    let this = |permits, penalties, compulsory, fee: &str| {
        let (p, n, c) = (permits, penalties, compulsory);
        figures_2021(
            year,
            so_far(p, today),
            so_far(n, today),
            so_far(c, today),
            fee,
        )
    };
    match who {
        Who::Bureau => vec![
            figures_2020(
                figures_2021(2020, 286, 143, 12, "0"),
                (1520, 6, "386.52"),
                ListCounts2019 {
                    permits: list(32, -3),
                    other_services: list(18, 2),
                    penalties: list(156, -12),
                    compulsory_measures: list(9, 0),
                    fees: list(2, -1),
                },
            ),
            figures_2021(year - 2, 312, 118, 7, "0"),
            figures_2021(year - 1, 335, 104, 6, "0"),
            this(341, 97, 5, "0"),
        ],
        Who::Government => {
            // 8.2 万元 over the whole year, in hundredths.
            let fee = so_far(820, today);
            vec![
                figures_2020(
                    figures_2021(2020, 45, 0, 0, "12.6"),
                    (210, 14, "1268.3"),
                    ListCounts2019 {
                        permits: list(12, 1),
                        other_services: list(25, -2),
                        penalties: list(3, 0),
                        compulsory_measures: list(1, 0),
                        fees: list(4, -1),
                    },
                ),
                figures_2021(year - 2, 52, 3, 0, "8.45"),
                figures_2021(year - 1, 58, 2, 1, "7.9"),
                this(61, 2, 1, &format!("{}.{:02}", fee / 100, fee % 100)),
            ]
        }
    }
}

/// 2020's figures in the 2019 format: with other services, procurement
/// (items, amount) and the lists' counts.
fn figures_2020(
    base: Article20Figures,
    (services, items, amount): (u64, u64, &str),
    lists: ListCounts2019,
) -> Article20Figures {
    Article20Figures {
        other_services: Some(services),
        procurement_items: Some(items),
        procurement_amount: Some(amount.into()),
        list_counts_2019: Some(lists),
        ..base
    }
}
