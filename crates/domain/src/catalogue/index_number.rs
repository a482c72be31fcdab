//! The index number (索引号) of a catalogue item: `{agency code}/{year}-{serial}`.
//!
//! * New numbers are generated once, when the item is published, and never
//!   change, not even when the issuing agency changes
//!   ([`IndexNumber::generate`]): the agency code is the 9-character
//!   organisation code or the 18-character unified social credit code (without
//!   hyphen), the year is the year of publication's numbering, the serial is 5
//!   digits, per agency and year (`000014349/2017-00110`,
//!   `11341702486344515H/2021-00013`).
//! * Imported items keep the number they had, in any form seen in practice
//!   ([`IndexNumber::parse`]): a hyphenated organisation code
//!   (`0142768-8/2022-00185`), year and month (`11341702486344515H/202110-00013`),
//!   serials of other lengths. The agency part is read with
//!   [`AgencyCode::parse_lenient`], so a historical prefix with a wrong check
//!   character is kept ([`IndexNumber::is_standard`] says whether the number has
//!   the generated form with a verified code).

use std::fmt;

use crate::agency_code::{AgencyCode, AgencyCodeError, AgencyCodeKind};

/// Lowest year accepted in an index number.
pub const INDEX_YEAR_MIN: i32 = 1900;
/// Highest year accepted in an index number.
pub const INDEX_YEAR_MAX: i32 = 2099;
/// Digits of a generated serial.
pub const SERIAL_DIGITS: usize = 5;
/// Most digits accepted in an imported serial.
pub const SERIAL_MAX_DIGITS: usize = 8;

/// Why a text is not an index number. Every message shows the expected form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndexNumberError {
    #[error("索引号不能为空，格式为“机构代码/年份-流水号”，例如“000014349/2017-00110”。")]
    Empty,
    #[error(
        "索引号“{text}”缺少“/”：索引号的格式为“机构代码/年份-流水号”，例如“000014349/2017-00110”或“11341702486344515H/2021-00013”。"
    )]
    MissingSlash { text: String },
    #[error(
        "索引号“{text}”中有多个“/”：索引号只在机构代码和年份之间有一个“/”，例如“000014349/2017-00110”。"
    )]
    TooManySlashes { text: String },
    #[error("索引号中“/”之前的机构代码有误：{0}")]
    Agency(AgencyCodeError),
    #[error(
        "索引号“/”之后应为“年份-流水号”（例如“2017-00110”），您填写的是“{found}”，请核对后重新填写。"
    )]
    Suffix { found: String },
    #[error(
        "索引号中的年份“{found}”无效：应为4位年份（如“2017”），或年份加两位月份（如“202110”），年份在1900至2099之间。"
    )]
    Year { found: String },
    #[error("索引号中的流水号“{found}”无效：流水号应为数字，通常为5位，例如“00110”。")]
    Serial { found: String },
}

/// An index number (索引号), stored normalised: trimmed, half-width, upper
/// case, without spaces, the agency code as written (with its hyphen if it had
/// one) and the serial with its digits as written. Serialized as that string;
/// deserialized with [`IndexNumber::parse`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IndexNumber {
    text: String,
    /// Byte length of the agency part (before `/`).
    agency_len: usize,
    year: i32,
    month: Option<u32>,
    serial: u32,
}

impl IndexNumber {
    /// A new index number: `{code}/{year}-{serial:05}`, the code without hyphen
    /// (e.g. `000014349/2017-00110`). Serials above 99999 get more digits.
    /// Serials start at 1 per agency and year ([`IndexNumber::next_serial`]).
    pub fn generate(code: &AgencyCode, year: i32, serial: u32) -> IndexNumber {
        let agency = code.as_str();
        IndexNumber {
            text: format!("{agency}/{year}-{serial:0width$}", width = SERIAL_DIGITS),
            agency_len: agency.len(),
            year,
            month: None,
            serial,
        }
    }

    /// The serial to give the next item of `code` in `year`: one more than the
    /// highest serial among `existing` numbers of that agency code and year (1
    /// if there is none). Imported numbers count too, so a generated number
    /// never collides with one kept from before.
    pub fn next_serial<'a>(
        existing: impl IntoIterator<Item = &'a IndexNumber>,
        code: &AgencyCode,
        year: i32,
    ) -> u32 {
        existing
            .into_iter()
            .filter(|n| n.year == year && n.agency_code().is_ok_and(|c| &c == code))
            .map(|n| n.serial)
            .max()
            .map_or(1, |s| s.saturating_add(1))
    }

    /// Reads an index number in any form of the specification: 9-character
    /// organisation code, 18-character unified social credit code, hyphenated
    /// organisation code (`0142768-8/2022-00185`), year and month
    /// (`11341702486344515H/202110-00013`). Trims, removes spaces, converts
    /// full-width characters and dashes to half-width and upper-cases.
    pub fn parse(input: &str) -> Result<IndexNumber, IndexNumberError> {
        let text: String = crate::identity::to_half_width(input)
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' => '-',
                c => c.to_ascii_uppercase(),
            })
            .collect();
        if text.is_empty() {
            return Err(IndexNumberError::Empty);
        }
        let (agency, suffix) = match text.matches('/').count() {
            0 => return Err(IndexNumberError::MissingSlash { text }),
            1 => text.split_once('/').expect("one slash"),
            _ => return Err(IndexNumberError::TooManySlashes { text }),
        };
        let code = AgencyCode::parse_lenient(agency).map_err(IndexNumberError::Agency)?;
        let Some((year_part, serial_part)) = suffix.split_once('-') else {
            return Err(IndexNumberError::Suffix {
                found: suffix.to_string(),
            });
        };
        if serial_part.contains('-') || year_part.is_empty() || serial_part.is_empty() {
            return Err(IndexNumberError::Suffix {
                found: suffix.to_string(),
            });
        }
        let year_err = || IndexNumberError::Year {
            found: year_part.to_string(),
        };
        if !year_part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(year_err());
        }
        let (year, month) = match year_part.len() {
            4 => (year_part.parse::<i32>().map_err(|_| year_err())?, None),
            6 => {
                let year = year_part[..4].parse::<i32>().map_err(|_| year_err())?;
                let month = year_part[4..].parse::<u32>().map_err(|_| year_err())?;
                if !(1..=12).contains(&month) {
                    return Err(year_err());
                }
                (year, Some(month))
            }
            _ => return Err(year_err()),
        };
        if !(INDEX_YEAR_MIN..=INDEX_YEAR_MAX).contains(&year) {
            return Err(year_err());
        }
        if serial_part.len() > SERIAL_MAX_DIGITS || !serial_part.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(IndexNumberError::Serial {
                found: serial_part.to_string(),
            });
        }
        let serial = serial_part
            .parse::<u32>()
            .map_err(|_| IndexNumberError::Serial {
                found: serial_part.to_string(),
            })?;
        let written = code.as_written().to_string();
        Ok(IndexNumber {
            agency_len: written.len(),
            text: format!("{written}/{year_part}-{serial_part}"),
            year,
            month,
            serial,
        })
    }

    /// The whole number, e.g. `000014349/2017-00110`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The agency part as written, e.g. `000014349` or `0142768-8`.
    pub fn agency_part(&self) -> &str {
        &self.text[..self.agency_len]
    }

    /// The agency part as an [`AgencyCode`] (read leniently, see
    /// [`AgencyCode::is_verified`]).
    pub fn agency_code(&self) -> Result<AgencyCode, AgencyCodeError> {
        AgencyCode::parse_lenient(self.agency_part())
    }

    /// The year, e.g. 2017 (also for the year-and-month form).
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month of the year-and-month form (`…/202110-00013` → 10).
    pub fn month(&self) -> Option<u32> {
        self.month
    }

    /// The serial as a number, e.g. 110.
    pub fn serial(&self) -> u32 {
        self.serial
    }

    /// Whether the number has the form [`IndexNumber::generate`] produces: a
    /// verified 9- or 18-character code without hyphen, a 4-digit year and a
    /// 5-digit serial.
    pub fn is_standard(&self) -> bool {
        let agency = self.agency_part();
        let code_ok = !agency.contains('-')
            && AgencyCode::parse_lenient(agency).is_ok_and(|c| {
                c.is_verified()
                    && matches!(c.kind(), AgencyCodeKind::OrgCode | AgencyCodeKind::Uscc)
            });
        let serial_len = self.text.len() - self.text.rfind('-').map_or(0, |i| i + 1);
        code_ok && self.month.is_none() && serial_len == SERIAL_DIGITS
    }
}

impl fmt::Display for IndexNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl AsRef<str> for IndexNumber {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl std::str::FromStr for IndexNumber {
    type Err = IndexNumberError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        IndexNumber::parse(s)
    }
}

impl serde::Serialize for IndexNumber {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for IndexNumber {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        IndexNumber::parse(&text).map_err(serde::de::Error::custom)
    }
}
