//! The fields of the motions' forms as typed: one line or several, a
//! date, each refused with a Chinese message naming the field.

use chrono::NaiveDate;
use gongkai_domain::dates;

use crate::Error;
pub(super) use crate::fields::{line_like as line, text};

/// A date typed as `YYYY-MM-DD`, plausible seen from `today`.
pub(super) fn date(what: &str, value: &str, today: NaiveDate) -> Result<NaiveDate, Error> {
    crate::fields::date(what, value, today, "2025-04-10")
}

/// A required one-line text.
pub(super) fn required(
    what: &str,
    text: &str,
    range: (usize, usize),
    example: &str,
) -> Result<String, Error> {
    Ok(line(what, text, range, example)?.unwrap_or_default())
}

/// A date of something that has happened: plausible and not after today.
pub(super) fn past_date(what: &str, value: &str, today: NaiveDate) -> Result<NaiveDate, Error> {
    let d = date(what, value, today)?;
    dates::not_after_today(what, d, today).map_err(Error::invalid)
}
