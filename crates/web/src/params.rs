//! Numbers in URLs, read in one place. Every handler takes its path and
//! query through [`Path`] and [`Query`] (axum's, with a Chinese 400 instead
//! of axum's English plain-text rejection), and every number in them through
//! one of the newtypes here, each with its allowed range said in the message:
//! a page, an offset, a limit, a year, an id. The catalogue's filters by
//! code (第二十条 item, topic, validity), shared by the search and the
//! public catalogue, are read here too.

use axum::extract::FromRequestParts;
use axum::extract::path::ErrorKind;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::de::{Deserialize, DeserializeOwned, Deserializer, Error as _};

use crate::api::ApiError;
use crate::error::AppError;

/// A refused path or query: a Chinese 400, as JSON on the API and as a page
/// elsewhere.
#[derive(Debug)]
pub struct ParamRejection {
    api: bool,
    message: String,
}

impl IntoResponse for ParamRejection {
    fn into_response(self) -> Response {
        if self.api {
            ApiError::new(StatusCode::BAD_REQUEST, self.message).into_response()
        } else {
            AppError::bad_request(self.message).into_response()
        }
    }
}

fn is_api(parts: &Parts) -> bool {
    parts.uri.path().starts_with("/api/")
}

/// Our own messages are Chinese; serde's and axum's are English and are
/// replaced by a general one.
fn chinese_or(message: String, general: &str) -> String {
    if message
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    {
        message
    } else {
        general.to_string()
    }
}

/// The path's parameters, deserialized.
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ParamRejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Path(v)),
            Err(rejection) => {
                use axum::extract::rejection::PathRejection;
                let message = match rejection {
                    PathRejection::FailedToDeserializePathParams(e) => match e.into_kind() {
                        ErrorKind::Message(m) => {
                            chinese_or(m, "网址中的参数格式不正确，请检查网址后重试。")
                        }
                        ErrorKind::ParseErrorAtKey { value, .. }
                        | ErrorKind::ParseErrorAtIndex { value, .. }
                        | ErrorKind::ParseError { value, .. } => {
                            format!("网址中的“{value}”格式不正确，请检查网址后重试。")
                        }
                        _ => "网址中的参数格式不正确，请检查网址后重试。".to_string(),
                    },
                    _ => "网址中的参数格式不正确，请检查网址后重试。".to_string(),
                };
                Err(ParamRejection {
                    api: is_api(parts),
                    message,
                })
            }
        }
    }
}

/// The query string, deserialized (absent: as if empty).
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ParamRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        serde_urlencoded::from_str(parts.uri.query().unwrap_or_default())
            .map(Query)
            .map_err(|e| ParamRejection {
                api: is_api(parts),
                message: chinese_or(
                    e.to_string(),
                    "网址中的查询参数格式不正确，请检查网址后重试。",
                ),
            })
    }
}

/// An integer in `min..=max`, or a message naming the parameter and the range.
pub fn bounded(name: &str, value: &str, min: i64, max: i64) -> Result<i64, String> {
    let v = value.trim();
    v.parse::<i64>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| {
            format!(
                "{name}须为 {min} 至 {max} 之间的整数（收到“{}”）。",
                shorten(v)
            )
        })
}

/// A long hostile value is not echoed whole.
fn shorten(v: &str) -> String {
    if v.chars().count() > 24 {
        format!("{}…", v.chars().take(24).collect::<String>())
    } else {
        v.to_string()
    }
}

/// Implements `Deserialize` from the string form through `parse`.
macro_rules! from_text {
    ($t:ty) => {
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                <$t>::parse(&s).map_err(D::Error::custom)
            }
        }
    };
}

/// A year in a URL (reports, figures, registers, search filters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Year(pub i32);

impl Year {
    /// The first year of the People's Republic; no record of this platform is older.
    pub const MIN: i32 = gongkai_domain::dates::EARLIEST.0;
    pub const MAX: i32 = 2100;

    pub fn parse(s: &str) -> Result<Year, String> {
        bounded("年份", s, Self::MIN.into(), Self::MAX.into())
            .map(|y| Year(y as i32))
            .map_err(|_| {
                format!(
                    "年份须为 {} 至 {} 之间的四位数字，例如 2025（收到“{}”）。",
                    Self::MIN,
                    Self::MAX,
                    shorten(s.trim())
                )
            })
    }
}
from_text!(Year);

/// A record's id in a URL (items, appeals, attachments).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Id(pub i64);

impl Id {
    pub fn parse(s: &str) -> Result<Id, String> {
        bounded("网址中的编号", s, 1, i64::MAX).map(Id)
    }
}
from_text!(Id);

/// A page number of a paged list (from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page(pub usize);

impl Page {
    pub fn parse(s: &str, last: usize) -> Result<Page, String> {
        bounded("页码", s, 1, last as i64).map(|p| Page(p as usize))
    }
}

/// Results to skip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offset(pub usize);

impl Offset {
    pub fn parse(s: &str, max: usize) -> Result<Offset, String> {
        bounded("跳过条数 offset ", s, 0, max as i64).map(|o| Offset(o as usize))
    }
}

/// Results per page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit(pub usize);

impl Limit {
    pub fn parse(s: &str, max: usize) -> Result<Limit, String> {
        bounded("每次返回条数 limit ", s, 1, max as i64).map(|l| Limit(l as usize))
    }
}

/// A small number in a query (a version, a column): `0..=max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Small(pub u16);

impl Small {
    pub fn parse(name: &str, s: &str, max: u16) -> Result<Small, String> {
        bounded(name, s, 0, max.into()).map(|v| Small(v as u16))
    }
}

/// A 第二十条 item by its code (`regulations`); blank is none.
pub fn article20(s: &str) -> Result<Option<gongkai_domain::vocabulary::Article20Item>, String> {
    let code = s.trim();
    if code.is_empty() {
        return Ok(None);
    }
    gongkai_domain::vocabulary::Article20Item::from_code(code)
        .map(Some)
        .ok_or_else(|| format!("“{}”不是第二十条的项目代码。", shorten(code)))
}

/// A top-level topic (一级主题分类) by its code (`general`); blank is none.
pub fn top_topic(s: &str) -> Result<Option<gongkai_domain::catalogue::TopTopic>, String> {
    let code = s.trim();
    if code.is_empty() {
        return Ok(None);
    }
    gongkai_domain::catalogue::TopTopic::from_code(code)
        .map(Some)
        .ok_or_else(|| format!("“{}”不是主题分类代码。", shorten(code)))
}

/// A kind of validity (有效性) by its code (`in_force`); blank is none.
pub fn validity(s: &str) -> Result<Option<gongkai_domain::catalogue::Validity>, String> {
    let code = s.trim();
    if code.is_empty() {
        return Ok(None);
    }
    gongkai_domain::catalogue::Validity::from_code(code)
        .map(Some)
        .ok_or_else(|| {
            format!(
                "有效性“{}”无法识别，可选：in_force（有效）、lapsed（失效）、repealed（废止）。",
                shorten(code)
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_out_of_range_say_the_range() {
        assert_eq!(
            Page::parse("99999999999", 500).unwrap_err(),
            "页码须为 1 至 500 之间的整数（收到“99999999999”）。"
        );
        assert_eq!(Page::parse(" 3 ", 500).unwrap(), Page(3));
        assert!(Page::parse("0", 500).is_err());
        assert!(Year::parse("1948").unwrap_err().contains("1949 至 2100"));
        assert_eq!(Year::parse("2025").unwrap(), Year(2025));
        assert!(
            Id::parse("99999999999999999999")
                .unwrap_err()
                .contains("1 至 9223372036854775807")
        );
        assert!(Id::parse("abc").is_err());
        assert!(Id::parse("-1").is_err());
        assert!(Offset::parse("9981", 9_980).is_err());
    }

    #[test]
    fn catalogue_codes_are_read_or_refused_in_chinese() {
        use gongkai_domain::catalogue::{TopTopic, Validity};
        use gongkai_domain::vocabulary::Article20Item;
        assert_eq!(article20(" ").unwrap(), None);
        assert_eq!(
            article20("regulations").unwrap(),
            Some(Article20Item::Regulations)
        );
        assert_eq!(
            article20("规章").unwrap_err(),
            "“规章”不是第二十条的项目代码。"
        );
        assert_eq!(top_topic("general").unwrap(), Some(TopTopic::General));
        assert!(top_topic("x").unwrap_err().contains("不是主题分类代码"));
        assert_eq!(validity("lapsed").unwrap(), Some(Validity::Lapsed));
        assert!(validity("有效").unwrap_err().contains("in_force（有效）"));
    }
}
