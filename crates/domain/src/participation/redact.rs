//! 去除联系方式: the text the platform publishes for a person (a reply to
//! a 人大代表建议 or 政协委员提案, an answered question) with their contact
//! data removed — mainland phone numbers (11-digit mobiles, with or without
//! +86, grouped 3-4-4 or not; landlines with their area code, in
//! parentheses or not, with an extension), 18-digit resident ID numbers and
//! e-mail addresses, and any text the caller knows to be private (the
//! proposer's recorded address or phone, exactly as recorded). Each is
//! replaced by a note saying what was removed, so the reader sees that
//! something was and the staff see, before publishing, what will be.
//!
//! Digits may be half- or full-width (Chinese documents use both). A number
//! is recognised only as a whole: a run of digits longer than the pattern
//! is left alone (a 19-digit account number is not a phone plus a digit).
//! An 18-digit number counts as an ID number only where its date of birth
//! (digits 7–14) is a date: a 统一社会信用代码 of 18 digits has none, and a
//! mistyped check character does not make an ID public.

use chrono::NaiveDate;

use super::comment::email;

/// What was removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContactKind {
    /// A mobile or a landline number.
    Phone,
    /// 居民身份证号码.
    IdNumber,
    Email,
    /// A text the caller named as private (an address as recorded).
    Known,
}

impl ContactKind {
    pub fn label(self) -> &'static str {
        match self {
            ContactKind::Phone => "电话号码",
            ContactKind::IdNumber => "身份证号码",
            ContactKind::Email => "电子邮箱",
            ContactKind::Known => "联系方式",
        }
    }

    /// What stands in the published text instead.
    pub fn placeholder(self) -> String {
        format!("（{}已隐去）", self.label())
    }
}

/// The text as it will be published, and what was taken out (in order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redacted {
    pub text: String,
    pub removed: Vec<ContactKind>,
}

impl Redacted {
    /// `电话号码2处、电子邮箱1处` (empty when nothing was removed).
    pub fn summary(&self) -> String {
        let kinds = [
            ContactKind::Phone,
            ContactKind::IdNumber,
            ContactKind::Email,
            ContactKind::Known,
        ];
        kinds
            .iter()
            .filter_map(|k| {
                let n = self.removed.iter().filter(|r| *r == k).count();
                (n > 0).then(|| format!("{}{n}处", k.label()))
            })
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// A private text shorter than this is not searched for: it would match
/// ordinary words.
pub const KNOWN_MIN_CHARS: usize = 4;

/// `text` with every phone number, ID number and e-mail address, and every
/// occurrence of each of `known`, replaced by its [`ContactKind::placeholder`].
pub fn redact_contacts(text: &str, known: &[&str]) -> Redacted {
    let cs: Vec<char> = text.chars().collect();
    let mut spans = Spans::default();
    for (start, end) in emails(&cs) {
        spans.add(start, end, ContactKind::Email);
    }
    let mut i = 0;
    while i < cs.len() {
        let found = if spans.covers(i) || !starts_number(&cs, i) {
            None
        } else {
            number_at(&cs, i)
        };
        match found {
            Some((end, kind)) if spans.add(i, end, kind) => i = end,
            _ => i += 1,
        }
    }
    // Last, what the patterns did not find (an address): a known phone is
    // named as a phone.
    for k in known {
        let k: Vec<char> = k.trim().chars().collect();
        if k.len() >= KNOWN_MIN_CHARS {
            for start in occurrences(&cs, &k) {
                spans.add(start, start + k.len(), ContactKind::Known);
            }
        }
    }
    spans.apply(&cs)
}

/// The spans found so far, none overlapping another.
#[derive(Default)]
struct Spans(Vec<(usize, usize, ContactKind)>);

impl Spans {
    fn covers(&self, i: usize) -> bool {
        self.0.iter().any(|(s, e, _)| (*s..*e).contains(&i))
    }

    /// Adds `start..end` unless it overlaps a span already found.
    fn add(&mut self, start: usize, end: usize, kind: ContactKind) -> bool {
        let free = self.0.iter().all(|(s, e, _)| end <= *s || start >= *e);
        if free {
            self.0.push((start, end, kind));
        }
        free
    }

    fn apply(mut self, cs: &[char]) -> Redacted {
        self.0.sort_by_key(|(s, _, _)| *s);
        let mut text = String::with_capacity(cs.len() * 3);
        let mut removed = Vec::new();
        let mut at = 0;
        for (s, e, kind) in self.0 {
            text.extend(&cs[at..s]);
            text.push_str(&kind.placeholder());
            removed.push(kind);
            at = e;
        }
        text.extend(&cs[at..]);
        Redacted { text, removed }
    }
}

fn occurrences(cs: &[char], k: &[char]) -> Vec<usize> {
    let mut found = Vec::new();
    let mut i = 0;
    while i + k.len() <= cs.len() {
        if cs[i..i + k.len()] == *k {
            found.push(i);
            i += k.len();
        } else {
            i += 1;
        }
    }
    found
}

/// The e-mail addresses: around each `@`, the longest run of address
/// characters either side, valid as [`email`] says.
fn emails(cs: &[char]) -> Vec<(usize, usize)> {
    let local = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let domain = |c: char| c.is_ascii_alphanumeric() || ".-".contains(c);
    let mut found = Vec::new();
    for (at, _) in cs.iter().enumerate().filter(|(_, c)| **c == '@') {
        let mut start = at;
        while start > 0 && local(cs[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < cs.len() && domain(cs[end]) {
            end += 1;
        }
        // A sentence may end right after the address.
        while end > at + 1 && matches!(cs[end - 1], '.' | '-') {
            end -= 1;
        }
        let candidate: String = cs[start..end].iter().collect();
        if start < at && email(&candidate).is_some() {
            found.push((start, end));
        }
    }
    found
}

/// A half- or full-width digit's value.
fn digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => u8::try_from(c as u32 - '０' as u32).ok(),
        _ => None,
    }
}

fn is_digit(cs: &[char], i: usize) -> bool {
    cs.get(i).and_then(|c| digit(*c)).is_some()
}

/// Separators a number may be grouped with: a hyphen or a space.
fn is_sep(c: char) -> bool {
    matches!(c, '-' | '－' | ' ')
}

/// Where a number may begin: a digit, `+` or an opening parenthesis, not
/// right after a digit (a number is matched only as a whole).
fn starts_number(cs: &[char], i: usize) -> bool {
    let opener = is_digit(cs, i) || matches!(cs[i], '+' | '(' | '（');
    opener && (i == 0 || !is_digit(cs, i - 1))
}

/// `n` digits from `i`, as values.
fn digits(cs: &[char], i: usize, n: usize) -> Option<Vec<u8>> {
    (i..i + n)
        .map(|j| cs.get(j).and_then(|c| digit(*c)))
        .collect()
}

/// After a separator followed by a digit, the digit's index; else `i`.
fn skip_sep(cs: &[char], i: usize) -> usize {
    match cs.get(i) {
        Some(c) if is_sep(*c) && is_digit(cs, i + 1) => i + 1,
        _ => i,
    }
}

/// The number starting at `i` (its end and kind), if any.
fn number_at(cs: &[char], i: usize) -> Option<(usize, ContactKind)> {
    if let Some(end) = id_number(cs, i) {
        return Some((end, ContactKind::IdNumber));
    }
    let phone = country_code(cs, i)
        .and_then(|j| mobile(cs, j))
        .or_else(|| mobile(cs, i))
        .or_else(|| landline(cs, i));
    phone.map(|end| (end, ContactKind::Phone))
}

/// 17 digits and a check character (a digit or X), with a date of birth.
fn id_number(cs: &[char], i: usize) -> Option<usize> {
    let d = digits(cs, i, 17)?;
    let check = *cs.get(i + 17)?;
    if digit(check).is_none() && !matches!(check, 'X' | 'x' | 'Ｘ') {
        return None;
    }
    if is_digit(cs, i + 18) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| d[r].iter().fold(0u32, |v, x| v * 10 + u32::from(*x));
    let year = i32::try_from(n(6..10)).ok()?;
    if !(1900..=2100).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, n(10..12), n(12..14))?;
    Some(i + 18)
}

/// `+86` or `86` and a separator before a mobile: where the mobile starts.
fn country_code(cs: &[char], i: usize) -> Option<usize> {
    let j = if cs[i] == '+' { i + 1 } else { i };
    let cc = digits(cs, j, 2)?;
    if cc != [8, 6] {
        return None;
    }
    match cs.get(j + 2) {
        Some(c) if is_sep(*c) => Some(j + 3),
        // `+8613800138000`: the plus says it is a country code.
        _ if cs[i] == '+' => Some(j + 2),
        _ => None,
    }
}

/// An 11-digit mobile from `i`: 1, then 3–9, grouped 3-4-4 or not.
fn mobile(cs: &[char], i: usize) -> Option<usize> {
    let head = digits(cs, i, 3)?;
    if head[0] != 1 || head[1] < 3 {
        return None;
    }
    let j = skip_sep(cs, i + 3);
    digits(cs, j, 4)?;
    let k = skip_sep(cs, j + 4);
    digits(cs, k, 4)?;
    (!is_digit(cs, k + 4)).then_some(k + 4)
}

/// A landline with its area code from `i`: `0991-6012345`, `010 62345678`,
/// `(0991)6012345`, `09916012345`; an extension (`-801`, `转801`) with it.
fn landline(cs: &[char], i: usize) -> Option<usize> {
    let paren = matches!(cs[i], '(' | '（');
    let a = if paren { i + 1 } else { i };
    let head = digits(cs, a, 2)?;
    if head[0] != 0 || head[1] == 0 {
        return None;
    }
    // 010 and 02X are the three-digit area codes; the others have four.
    let area = if head[1] <= 2 { 3 } else { 4 };
    digits(cs, a, area)?;
    let mut j = a + area;
    if paren {
        if !matches!(cs.get(j), Some(')' | '）')) {
            return None;
        }
        j += 1;
        if cs.get(j) == Some(&' ') {
            j += 1;
        }
    } else {
        j = skip_sep(cs, j);
    }
    let local = (j..).take_while(|k| is_digit(cs, *k)).count();
    let first = digits(cs, j, 1)?[0];
    if !(7..=8).contains(&local) || first <= 1 {
        return None;
    }
    let end = j + local;
    let ext = match cs.get(end) {
        Some('-' | '－' | '转') => (end + 1..).take_while(|k| is_digit(cs, *k)).count(),
        _ => 0,
    };
    Some(if (1..=5).contains(&ext) {
        end + 1 + ext
    } else {
        end
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str) -> String {
        redact_contacts(text, &[]).text
    }

    const PHONE: &str = "（电话号码已隐去）";

    #[test]
    fn mobiles_in_every_usual_writing_are_removed() {
        for written in [
            "13800138000",
            "138-0013-8000",
            "138 0013 8000",
            "+86 138 0013 8000",
            "+8613800138000",
            "86-13800138000",
            "１３８００１３８０００",
        ] {
            assert_eq!(
                r(&format!("请拨打{written}联系")),
                format!("请拨打{PHONE}联系"),
                "{written}"
            );
        }
    }

    #[test]
    fn landlines_with_their_area_code_are_removed() {
        for written in [
            "0991-6012345",
            "0991 6012345",
            "09916012345",
            "010-62345678",
            "(0991)6012345",
            "（0991）6012345",
            "0991-6012345-801",
            "0991-6012345转801",
        ] {
            assert_eq!(
                r(&format!("电话：{written}。")),
                format!("电话：{PHONE}。"),
                "{written}"
            );
        }
    }

    /// 110105199003071234: born 1990-03-07; its check character is not
    /// checked (a mistyped one is still someone's number).
    #[test]
    fn id_numbers_with_a_date_of_birth_are_removed() {
        let d = redact_contacts("身份证号110105199003071234，住址略", &[]);
        assert_eq!(d.text, "身份证号（身份证号码已隐去），住址略");
        assert_eq!(d.removed, vec![ContactKind::IdNumber]);
        assert_eq!(r("11010519900307123X"), "（身份证号码已隐去）");
        // 统一社会信用代码: no date of birth at digits 7–14 (2194-82-19),
        // or a letter inside.
        assert_eq!(r("代码119901219482199390"), "代码119901219482199390");
        assert_eq!(r("代码11990121082462814Y"), "代码11990121082462814Y");
    }

    #[test]
    fn e_mail_addresses_are_removed_to_the_end_of_the_address() {
        let d = redact_contacts("请发送至li.ming@Example.cn。或13800138000@qq.com", &[]);
        assert_eq!(d.text, "请发送至（电子邮箱已隐去）。或（电子邮箱已隐去）");
        assert_eq!(d.removed, vec![ContactKind::Email, ContactKind::Email]);
        assert_eq!(r("name@ 与 @example.cn"), "name@ 与 @example.cn");
    }

    /// Numbers that are not contacts stay: dates, 文号, amounts, a longer run.
    #[test]
    fn other_numbers_stay() {
        for kept in [
            "2025年10月11日",
            "2025-10-11",
            "白交〔2025〕12号",
            "第1380013800号",
            "1380013800012",
            "投资13800万元",
            "0.5公里",
            "0991-123456",
            "12345678901",
        ] {
            assert_eq!(r(kept), kept);
        }
    }

    #[test]
    fn known_private_texts_are_removed_and_counted() {
        let d = redact_contacts(
            "经与您（白沙县城关镇北街1号，电话13800138000）沟通，现答复如下。",
            &["白沙县城关镇北街1号", "13800138000", "北街", " "],
        );
        assert_eq!(
            d.text,
            "经与您（（联系方式已隐去），电话（电话号码已隐去））沟通，现答复如下。"
        );
        assert_eq!(d.summary(), "电话号码1处、联系方式1处");
        assert_eq!(redact_contacts("无", &[]).summary(), "");
    }
}
