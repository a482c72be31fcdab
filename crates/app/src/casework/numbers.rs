//! 发文字号 of the documents an event issues: the agency's pattern per
//! series ([`gongkai_domain::case::numbering`]) and the next numbers of its
//! sequence, taken from the store (never reused).

use chrono::{Datelike, NaiveDate};
use gongkai_domain::case::numbering::{NumberPattern, Series};
use gongkai_domain::document::DocumentKind;
use gongkai_store::{Agency, RequestSettings, Store};

use crate::Error;

/// The agency's pattern for `series`: its own, or the default.
pub fn pattern(settings: &RequestSettings, agency: &Agency, series: Series) -> NumberPattern {
    let own = match series {
        Series::Receipt => &settings.receipt_pattern,
        Series::Notice => &settings.notice_pattern,
        Series::Reply => &settings.reply_pattern,
    };
    own.as_deref()
        .and_then(|p| NumberPattern::parse(p).ok())
        .unwrap_or_else(|| {
            let default = series.default_pattern(&agency.profile.short_name);
            NumberPattern::parse(&default).expect("the default pattern is valid")
        })
}

/// The numbers of documents of `kinds` issued on `date`, in order.
pub async fn take(
    store: &dyn Store,
    agency: &Agency,
    kinds: &[DocumentKind],
    date: NaiveDate,
) -> Result<Vec<String>, Error> {
    if kinds.is_empty() {
        return Ok(Vec::new());
    }
    let settings = store.request_settings(agency.id).await?;
    let mut out = vec![String::new(); kinds.len()];
    for series in Series::ALL {
        let mine: Vec<usize> = (0..kinds.len())
            .filter(|&i| Series::of(kinds[i]) == series)
            .collect();
        if mine.is_empty() {
            continue;
        }
        let count = u32::try_from(mine.len()).unwrap_or(u32::MAX);
        let first = store
            .take_document_numbers(agency.id, series.code(), date.year(), count)
            .await?;
        let p = pattern(&settings, agency, series);
        for (k, i) in mine.into_iter().enumerate() {
            out[i] = p.format(date.year(), first + k as u32);
        }
    }
    Ok(out)
}
