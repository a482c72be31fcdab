//! Form fields of the participation registers (意见征集, 政民互动, 建议提案,
//! 回应关切, 听证) as typed: each refused with a Chinese message that names
//! the field and says what to do. One place for the wording, so every form
//! refuses alike.

use chrono::NaiveDate;
use gongkai_domain::dates;
use gongkai_domain::participation::comment::{one_line, plain_text};

use crate::Error;

/// A one-line text of `min..=max` characters (`min` 0: optional, `None`
/// when empty).
pub(crate) fn line(
    what: &str,
    text: &str,
    bounds: (usize, usize),
) -> Result<Option<String>, Error> {
    line_like(what, text, bounds, "")
}

/// [`line`], with `example` (e.g. `，如：第十八届人大第五次会议`) after the
/// request to fill it in.
pub(crate) fn line_like(
    what: &str,
    text: &str,
    (min, max): (usize, usize),
    example: &str,
) -> Result<Option<String>, Error> {
    let t = one_line(text);
    let n = t.chars().count();
    if n == 0 && min == 0 {
        return Ok(None);
    }
    if n < min.max(1) {
        return Err(Error::invalid(format!(
            "请填写{what}（至少{}个字）{example}。",
            min.max(1)
        )));
    }
    if n > max {
        return Err(too_long(what, max, n, "，请精简后重新提交。"));
    }
    Ok(Some(t))
}

/// A text of several lines, `min..=max` characters after cleaning.
pub(crate) fn text(what: &str, value: &str, bounds: (usize, usize)) -> Result<String, Error> {
    text_with(what, value, bounds, ("。", "，请精简后重新提交。"))
}

/// [`text`], with what to say after "至少N个字" and after "现有N个字".
pub(crate) fn text_with(
    what: &str,
    value: &str,
    (min, max): (usize, usize),
    (short, long): (&str, &str),
) -> Result<String, Error> {
    let t = plain_text(value);
    let n = t.chars().count();
    if n < min {
        return Err(Error::invalid(format!(
            "请填写{what}（至少{min}个字）{short}"
        )));
    }
    if n > max {
        return Err(too_long(what, max, n, long));
    }
    Ok(t)
}

fn too_long(what: &str, max: usize, n: usize, then: &str) -> Error {
    Error::invalid(format!("{what}不能超过{max}个字（现有{n}个字）{then}"))
}

/// A date typed as `YYYY-MM-DD`, plausible seen from `today`; `example`
/// is a date of the form's own kind, shown in the message.
pub(crate) fn date(
    what: &str,
    value: &str,
    today: NaiveDate,
    example: &str,
) -> Result<NaiveDate, Error> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::invalid(format!("请填写{what}，格式如 {example}。")));
    }
    let d = NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| {
        let shown: String = v.chars().take(20).collect();
        Error::invalid(format!(
            "{what}“{shown}”无法识别，请按 {example} 的格式填写。"
        ))
    })?;
    dates::plausible(what, d, today).map_err(Error::invalid)
}
