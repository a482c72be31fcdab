//! The agency code (机构代码) that prefixes every 索引号 of an agency:
//!
//! * the 9-character organisation code (组织机构代码, GB 11714-1997): 8 body
//!   characters (digits or capital letters) and a check character (digit or `X`),
//!   often printed `XXXXXXXX-X`;
//! * or the 18-character unified social credit code (统一社会信用代码,
//!   GB 32100-2015): registration authority, organisation type, 6-digit region
//!   code, the 9-character organisation code, and a check character.
//!
//! [`AgencyCode::parse`] accepts only codes whose check character is right.
//! [`AgencyCode::parse_lenient`] accepts the prefixes of imported historical index
//! numbers, which keep the number they had even when it is not a valid code.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// The characters of GB 32100 in value order (no I, O, S, V, Z).
const USCC_CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// GB 32100 weights for positions 1..=17 (3^(i) mod 31).
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
/// GB 11714 weights for positions 1..=8.
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// Which standard an agency code follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgencyCodeKind {
    /// 组织机构代码 (GB 11714), 9 characters.
    OrgCode,
    /// 统一社会信用代码 (GB 32100-2015), 18 characters.
    Uscc,
    /// Only from [`AgencyCode::parse_lenient`]: a historical prefix of the right
    /// character set that has the length of neither standard (e.g. `0142768-8`).
    Nonstandard,
}

impl AgencyCodeKind {
    pub fn label(self) -> &'static str {
        match self {
            AgencyCodeKind::OrgCode => "组织机构代码",
            AgencyCodeKind::Uscc => "统一社会信用代码",
            AgencyCodeKind::Nonstandard => "非标准机构代码",
        }
    }
}

/// Why a text is not an agency code. Every message says what is wrong and what to
/// do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgencyCodeError {
    #[error("机构代码不能为空，请填写18位统一社会信用代码或9位组织机构代码。")]
    Empty,
    #[error(
        "这里只填写索引号中“/”之前的机构代码，例如填写“000014349”，而不是“000014349/2017-00110”，请删除“/”及其后的内容。"
    )]
    ContainsIndexSuffix,
    #[error(
        "机构代码第{position}位的“{}”不是有效字符：机构代码只能由数字和大写英文字母组成，请核对后重新填写。",
        shown(.found)
    )]
    InvalidChar { position: usize, found: char },
    #[error(
        "统一社会信用代码不使用字母I、O、S、V、Z，第{position}位的“{found}”{}请核对后重新填写。",
        uscc_letter_hint(.found)
    )]
    ForbiddenUsccLetter { position: usize, found: char },
    #[error(
        "机构代码中的“-”只能写在组织机构代码最后一位校验码之前（如“00001434-9”），请核对后重新填写。"
    )]
    MisplacedHyphen,
    #[error(
        "组织机构代码应为9位（8位本体代码加1位校验码，也可写作“XXXXXXXX-X”），您输入了{len}位，请核对后重新填写；如使用统一社会信用代码，应为18位。"
    )]
    OrgCodeLength { len: usize },
    #[error("统一社会信用代码应为18位，您输入了{len}位，请核对后重新填写。")]
    UsccLength { len: usize },
    #[error(
        "统一社会信用代码第3至8位是登记管理机关行政区划码，应为6位数字，您输入的是“{found}”，请核对后重新填写。"
    )]
    UsccRegion { found: String },
    #[error(
        "组织机构代码的最后一位校验码只能是数字或字母X，您输入的是“{found}”，请核对后重新填写。"
    )]
    OrgCodeCheckChar { found: char },
    #[error(
        "组织机构代码“{code}”未通过校验：最后一位校验码与前8位不符，可能有字符录入错误，请对照证书逐位核对后重新填写。"
    )]
    OrgCodeChecksum {
        code: String,
        expected: char,
        found: char,
    },
    #[error(
        "统一社会信用代码“{code}”未通过校验：第18位校验码与前17位不符，可能有字符录入错误，请对照证书逐位核对后重新填写。"
    )]
    UsccChecksum {
        code: String,
        expected: char,
        found: char,
    },
}

fn shown(c: &char) -> String {
    if c.is_whitespace() {
        "空格".to_string()
    } else {
        c.to_string()
    }
}

fn uscc_letter_hint(c: &char) -> &'static str {
    match c {
        'O' => "可能应为数字“0”，",
        'I' => "可能应为数字“1”，",
        'Z' => "可能应为数字“2”，",
        'S' => "可能应为数字“5”，",
        _ => "不是有效字符，",
    }
}

/// An agency code: the 索引号 prefix of an agency.
///
/// Stored normalised (trimmed, capitals, half-width, no hyphen: [`as_str`]);
/// the form as written, with its hyphen if it had one, is kept for display
/// ([`Display`](fmt::Display), [`as_written`]) so an index number is reproduced
/// exactly. Equality, ordering and hashing use the normalised code only.
///
/// Serialized as the written form; deserialized with
/// [`AgencyCode::parse_lenient`], so imported historical codes survive a round
/// trip (check [`is_verified`]).
///
/// [`as_str`]: AgencyCode::as_str
/// [`as_written`]: AgencyCode::as_written
/// [`is_verified`]: AgencyCode::is_verified
#[derive(Debug, Clone)]
pub struct AgencyCode {
    code: String,
    written: String,
    kind: AgencyCodeKind,
    verified: bool,
}

impl AgencyCode {
    /// Parses a code as entered: trims, converts full-width characters and dashes,
    /// upper-cases, and checks the character set, the length and the check
    /// character. A hyphen is accepted only before the check character of an
    /// organisation code (`00001434-9`).
    pub fn parse(input: &str) -> Result<AgencyCode, AgencyCodeError> {
        let written = normalise(input)?;
        let (code, hyphen) = split_hyphen(&written)?;
        let len = code.chars().count();
        match len {
            9 => {
                let body = &code[..8];
                let found = char::from(code.as_bytes()[8]);
                if !(found.is_ascii_digit() || found == 'X') {
                    return Err(AgencyCodeError::OrgCodeCheckChar { found });
                }
                let expected = org_code_check_char(body).expect("validated charset");
                if expected != found {
                    return Err(AgencyCodeError::OrgCodeChecksum {
                        code: written,
                        expected,
                        found,
                    });
                }
                Ok(AgencyCode {
                    code,
                    written,
                    kind: AgencyCodeKind::OrgCode,
                    verified: true,
                })
            }
            18 => {
                if hyphen.is_some() {
                    return Err(AgencyCodeError::MisplacedHyphen);
                }
                if let Some((i, c)) = code
                    .chars()
                    .enumerate()
                    .find(|(_, c)| !USCC_CHARSET.contains(&(*c as u8)))
                {
                    return Err(AgencyCodeError::ForbiddenUsccLetter {
                        position: i + 1,
                        found: c,
                    });
                }
                let region = &code[2..8];
                if !region.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(AgencyCodeError::UsccRegion {
                        found: region.to_string(),
                    });
                }
                let expected = uscc_check_char(&code[..17]).expect("validated charset");
                let found = char::from(code.as_bytes()[17]);
                if expected != found {
                    return Err(AgencyCodeError::UsccChecksum {
                        code: written,
                        expected,
                        found,
                    });
                }
                Ok(AgencyCode {
                    code,
                    written,
                    kind: AgencyCodeKind::Uscc,
                    verified: true,
                })
            }
            len if len < 9 || hyphen.is_some() => Err(AgencyCodeError::OrgCodeLength { len }),
            len => Err(AgencyCodeError::UsccLength { len }),
        }
    }

    /// Parses the agency part of an imported historical index number, checking
    /// the format only: the same normalisation and character set as
    /// [`parse`](AgencyCode::parse), at most one hyphen, not first or last, and 1
    /// to 18 characters besides it. The check character is computed but not
    /// required ([`is_verified`](AgencyCode::is_verified) says whether it was
    /// right). A 9-character code is an [`AgencyCodeKind::OrgCode`], an
    /// 18-character code in the GB 32100 character set with a numeric region an
    /// [`AgencyCodeKind::Uscc`], anything else [`AgencyCodeKind::Nonstandard`].
    ///
    /// Never use this for codes typed in for a new agency: use `parse`.
    pub fn parse_lenient(input: &str) -> Result<AgencyCode, AgencyCodeError> {
        if let Ok(code) = AgencyCode::parse(input) {
            return Ok(code);
        }
        let written = normalise(input)?;
        let (code, hyphen) = match written.matches('-').count() {
            0 => (written.clone(), None),
            1 if !written.starts_with('-') && !written.ends_with('-') => {
                (written.replace('-', ""), written.find('-'))
            }
            _ => return Err(AgencyCodeError::MisplacedHyphen),
        };
        let len = code.len();
        if len > 18 {
            return Err(AgencyCodeError::UsccLength { len });
        }
        let (kind, verified) = if len == 9 && hyphen.is_none_or(|h| h == 8) {
            let ok = org_code_check_char(&code[..8]) == Some(char::from(code.as_bytes()[8]));
            (AgencyCodeKind::OrgCode, ok)
        } else if len == 18
            && hyphen.is_none()
            && code.bytes().all(|b| USCC_CHARSET.contains(&b))
            && code[2..8].bytes().all(|b| b.is_ascii_digit())
        {
            let ok = uscc_check_char(&code[..17]) == Some(char::from(code.as_bytes()[17]));
            (AgencyCodeKind::Uscc, ok)
        } else {
            (AgencyCodeKind::Nonstandard, false)
        };
        Ok(AgencyCode {
            code,
            written,
            kind,
            verified,
        })
    }

    /// The normalised code: capitals, no hyphen, e.g. `000014349`.
    pub fn as_str(&self) -> &str {
        &self.code
    }

    /// The code as written (normalised, but with its hyphen if it had one), e.g.
    /// `0142768-8`; this is what [`Display`](fmt::Display) prints.
    pub fn as_written(&self) -> &str {
        &self.written
    }

    pub fn kind(&self) -> AgencyCodeKind {
        self.kind
    }

    /// Whether the check character is right. Always true for codes from
    /// [`parse`](AgencyCode::parse).
    pub fn is_verified(&self) -> bool {
        self.verified
    }

    /// An organisation code in the form printed on certificates, `XXXXXXXX-X`;
    /// `None` for other kinds.
    pub fn hyphenated(&self) -> Option<String> {
        (self.kind == AgencyCodeKind::OrgCode)
            .then(|| format!("{}-{}", &self.code[..8], &self.code[8..]))
    }

    /// The organisation code inside a unified social credit code (positions
    /// 9–17, the 主体标识码); `None` for other kinds.
    pub fn embedded_org_code(&self) -> Option<&str> {
        (self.kind == AgencyCodeKind::Uscc).then(|| &self.code[8..17])
    }
}

/// Trim, map full-width forms and dashes to ASCII, upper-case; refuse empty
/// input, index-number suffixes and characters outside `0-9 A-Z -`.
fn normalise(input: &str) -> Result<String, AgencyCodeError> {
    let text: String = input
        .trim()
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_ascii_uppercase();
    if text.is_empty() {
        return Err(AgencyCodeError::Empty);
    }
    if text.contains('/') {
        return Err(AgencyCodeError::ContainsIndexSuffix);
    }
    if let Some((i, c)) = text
        .chars()
        .enumerate()
        .find(|(_, c)| !(c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Err(AgencyCodeError::InvalidChar {
            position: i + 1,
            found: c,
        });
    }
    Ok(text)
}

/// Removes the one hyphen a strict code may have, which must stand right before
/// the last character. Returns the code and the hyphen's position.
fn split_hyphen(written: &str) -> Result<(String, Option<usize>), AgencyCodeError> {
    match written.matches('-').count() {
        0 => Ok((written.to_string(), None)),
        1 => {
            let at = written.find('-').expect("one hyphen");
            if at == 0 || at + 2 != written.len() {
                return Err(AgencyCodeError::MisplacedHyphen);
            }
            Ok((written.replace('-', ""), Some(at)))
        }
        _ => Err(AgencyCodeError::MisplacedHyphen),
    }
}

/// The GB 11714 check character of an 8-character organisation-code body
/// (digits and capital letters, A = 10 … Z = 35): `C9 = 11 − (Σ Ci·Wi mod 11)`,
/// weights 3 7 9 10 5 8 4 2; 10 is written `X` and 11 is written `0`.
/// `None` if `body` is not 8 such characters.
pub fn org_code_check_char(body: &str) -> Option<char> {
    if body.len() != 8 {
        return None;
    }
    let mut sum = 0;
    for (b, w) in body.bytes().zip(ORG_WEIGHTS) {
        let v = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'Z' => u32::from(b - b'A') + 10,
            _ => return None,
        };
        sum += v * w;
    }
    Some(match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        d => char::from_digit(d, 10).expect("digit"),
    })
}

/// The GB 32100-2015 check character of the first 17 characters of a unified
/// social credit code: `C18 = 31 − (Σ Ci·Wi mod 31)` over the 31-character set
/// `0-9 A-H J-N P-R T U W-Y` (values 0–30), weights `3^(i−1) mod 31`; 31 is
/// written `0`. `None` if `first17` is not 17 such characters.
pub fn uscc_check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (b, w) in first17.bytes().zip(USCC_WEIGHTS) {
        let v = USCC_CHARSET.iter().position(|c| *c == b)?;
        sum += v as u32 * w;
    }
    let check = (31 - sum % 31) % 31;
    Some(char::from(USCC_CHARSET[check as usize]))
}

impl fmt::Display for AgencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written)
    }
}

impl PartialEq for AgencyCode {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl Eq for AgencyCode {}

impl Hash for AgencyCode {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.code.hash(state);
    }
}

impl PartialOrd for AgencyCode {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for AgencyCode {
    fn cmp(&self, other: &Self) -> Ordering {
        self.code.cmp(&other.code)
    }
}

impl std::str::FromStr for AgencyCode {
    type Err = AgencyCodeError;

    /// Strict: the same as [`AgencyCode::parse`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AgencyCode::parse(s)
    }
}

impl serde::Serialize for AgencyCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.written)
    }
}

impl<'de> serde::Deserialize<'de> for AgencyCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        AgencyCode::parse_lenient(&text).map_err(serde::de::Error::custom)
    }
}
