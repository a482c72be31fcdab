//! The resident identity number (公民身份号码) of a natural person, GB 11643-1999:
//! a 6-digit address code, the 8-digit birth date `YYYYMMDD`, a 3-digit
//! sequence code (odd for men, even for women) and a check character.
//!
//! The check character is ISO 7064 MOD 11-2: `Σ aᵢ·Wᵢ mod 11` over the first 17
//! digits with the weights [`RESIDENT_ID_WEIGHTS`], mapped through
//! [`RESIDENT_ID_CHECK_CHARS`] (`0 → 1, 1 → 0, 2 → X, 3 → 9, … 10 → 2`).
//!
//! An identity number is personal data: show it in full only to the handling
//! agency's staff and the applicant; everywhere else use
//! [`ResidentId::masked`].

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// GB 11643-1999 weights for positions 1..=17 (`2^(18−i) mod 11`).
pub const RESIDENT_ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// GB 11643-1999 check characters, indexed by `Σ aᵢ·Wᵢ mod 11`.
pub const RESIDENT_ID_CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// Length of a (second-generation) resident identity number.
pub const RESIDENT_ID_LEN: usize = 18;

/// Length of the first-generation numbers (no century, no check character),
/// replaced by 18-digit numbers; refused with a message saying so.
const OLD_RESIDENT_ID_LEN: usize = 15;

/// The earliest birth year accepted. The crate has no clock, so a birth date
/// in the future cannot be refused here; a real calendar date from 1900 on is
/// required.
pub const MIN_BIRTH_YEAR: i32 = 1900;

/// Why a text is not a resident identity number. Every message says what is
/// wrong and what to do. The messages never reveal the correct check
/// character: that would help anyone completing a made-up number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    #[error("请填写18位居民身份证号码。")]
    Empty,
    #[error("您输入的是15位的第一代身份证号码，已停止使用，请填写现行居民身份证上的18位号码。")]
    OldFifteenDigit,
    #[error("身份证号码应为18位，您输入了{len}位，请核对。")]
    Length { len: usize },
    #[error("身份证号码第{position}位的“{found}”不是数字：前17位只能是数字，请核对。")]
    NotDigit { position: usize, found: char },
    #[error("身份证号码最后一位只能是数字或字母X，您输入的是“{found}”，请核对。")]
    CheckCharInvalid { found: char },
    #[error("身份证号码第7至14位应为出生日期（年月日），“{found}”不是有效的日期，请核对。")]
    BirthDate { found: String },
    #[error("身份证号码最后一位校验码与前17位不符，请核对是否输错。")]
    Checksum,
}

/// A verified 18-character resident identity number, normalised: half-width,
/// no spaces, check character `X` in upper case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResidentId(String);

impl ResidentId {
    /// Parses a number as typed: trims, converts full-width digits and letters
    /// to half-width, removes spaces inside (`110105 19491231 002X`), accepts a
    /// lower-case `x`. Then checks, in order: the length, that the first 17
    /// characters are digits and the last a digit or `X`, the embedded birth
    /// date, and the check character.
    pub fn parse(input: &str) -> Result<ResidentId, IdNumberError> {
        let text: String = to_half_width(input)
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let len = text.chars().count();
        if len == 0 {
            return Err(IdNumberError::Empty);
        }
        if len == OLD_RESIDENT_ID_LEN && text.chars().all(|c| c.is_ascii_digit()) {
            return Err(IdNumberError::OldFifteenDigit);
        }
        if len != RESIDENT_ID_LEN {
            return Err(IdNumberError::Length { len });
        }
        let chars: Vec<char> = text.chars().collect();
        if let Some((i, c)) = chars[..17]
            .iter()
            .enumerate()
            .find(|(_, c)| !c.is_ascii_digit())
        {
            return Err(IdNumberError::NotDigit {
                position: i + 1,
                found: *c,
            });
        }
        let last = chars[17];
        if !(last.is_ascii_digit() || last == 'X') {
            return Err(IdNumberError::CheckCharInvalid { found: last });
        }
        // All ASCII from here on: byte indexing is safe.
        let birth = &text[6..14];
        if parse_birth_date(birth).is_none() {
            return Err(IdNumberError::BirthDate {
                found: birth.to_string(),
            });
        }
        let expected = resident_id_check_char(&text[..17]).expect("17 digits");
        if expected != last {
            return Err(IdNumberError::Checksum);
        }
        Ok(ResidentId(text))
    }

    /// The normalised 18 characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For staff who may see only partial data (other agencies, lists): the
    /// first 6 characters (address code) and the last 4, the 8 in between as
    /// `*`: `110105********002X`.
    pub fn masked(&self) -> String {
        format!("{}{}{}", &self.0[..6], "*".repeat(8), &self.0[14..])
    }

    /// The address code (positions 1–6): the county where the number was
    /// first issued.
    pub fn address_code(&self) -> &str {
        &self.0[..6]
    }

    /// The birth date (positions 7–14).
    pub fn birth_date(&self) -> NaiveDate {
        parse_birth_date(&self.0[6..14]).expect("validated on parse")
    }
}

/// `YYYYMMDD` as a real calendar date with year ≥ [`MIN_BIRTH_YEAR`].
fn parse_birth_date(digits: &str) -> Option<NaiveDate> {
    if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = digits[..4].parse().ok()?;
    let month: u32 = digits[4..6].parse().ok()?;
    let day: u32 = digits[6..8].parse().ok()?;
    if year < MIN_BIRTH_YEAR {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The GB 11643-1999 check character of the first 17 digits of a resident
/// identity number: `"10X98765432"[Σ aᵢ·Wᵢ mod 11]`. `None` if `first17` is
/// not 17 ASCII digits.
pub fn resident_id_check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(RESIDENT_ID_WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(char::from(RESIDENT_ID_CHECK_CHARS[(sum % 11) as usize]))
}

/// Converts full-width ASCII forms (`０-９`, `Ａ-Ｚ`, `ａ-ｚ`, `＠`, `－` …,
/// U+FF01–U+FF5E) to their half-width forms and the ideographic space U+3000
/// to a space. People type identity numbers, phone numbers and postcodes with
/// a Chinese input method on; everything else is left as it is.
pub fn to_half_width(text: &str) -> String {
    text.chars().map(half_width).collect()
}

/// One character of [`to_half_width`]: the full-width ASCII forms to their
/// half-width ones, the ideographic space to a space.
pub fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    }
}

impl fmt::Display for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for ResidentId {
    type Err = IdNumberError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ResidentId::parse(s)
    }
}

impl AsRef<str> for ResidentId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Serialize for ResidentId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ResidentId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        ResidentId::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_powers_of_two_mod_11() {
        for (i, w) in RESIDENT_ID_WEIGHTS.iter().enumerate() {
            assert_eq!(*w, (1u32 << (17 - i)) % 11, "position {}", i + 1);
        }
    }

    #[test]
    fn public_sample_is_valid() {
        // 1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0·8+0·4+2·2
        // = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 → 'X'.
        assert_eq!(resident_id_check_char("11010519491231002"), Some('X'));
        let id = ResidentId::parse("11010519491231002x").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id.masked(), "110105********002X");
        assert_eq!(id.address_code(), "110105");
        assert_eq!(
            id.birth_date(),
            NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
        );
    }

    #[test]
    fn serde_round_trip_and_refusal() {
        let id = ResidentId::parse("11010519491231002X").unwrap();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"11010519491231002X\"");
        assert_eq!(serde_json::from_str::<ResidentId>(&json).unwrap(), id);
        assert!(serde_json::from_str::<ResidentId>("\"110105194912310021\"").is_err());
    }
}
