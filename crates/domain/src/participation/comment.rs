//! 公众意见: what a member of the public sends on a draft under
//! consultation, checked before it is kept — the opinion itself (5 to 2,000
//! characters), a name where the notice asks for one, and a way to reach
//! the commenter if given (a phone number or an e-mail address, kept
//! private: only the agency's staff see it). Comments are taken from the
//! day of publication to the closing day, both included.
//!
//! Also the plain text the platform keeps of a draft, its 起草说明 and a
//! comment: line ends unified, control characters dropped, trimmed; shown
//! escaped, never as markup.

use chrono::NaiveDate;

/// The shortest opinion, in characters.
pub const BODY_MIN_CHARS: usize = 5;
/// The longest opinion, in characters.
pub const BODY_MAX_CHARS: usize = 2000;
/// The longest name.
pub const NAME_MAX_CHARS: usize = 50;
/// The longest contact (a phone number or an e-mail address).
pub const CONTACT_MAX_CHARS: usize = 100;

/// Text as kept: `\r\n` and `\r` become `\n`, control characters other than
/// the line end and the tab are dropped, the ends trimmed.
pub fn plain_text(text: &str) -> String {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    let kept: String = unified
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    kept.trim().to_string()
}

/// One line of text as kept: [`plain_text`] with the line ends made spaces.
pub fn one_line(text: &str) -> String {
    plain_text(text)
        .split(['\n', '\t'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A comment as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommentForm {
    pub name: String,
    pub contact: String,
    pub body: String,
}

/// A comment as checked: what is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub name: Option<String>,
    /// A phone number (digits and hyphens) or an e-mail address; private.
    pub contact: Option<String>,
    pub body: String,
}

/// What is wrong with a comment, for the person sending it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommentError {
    #[error(
        "意见内容太短（{chars}个字）：请至少写{BODY_MIN_CHARS}个字，说明您对征求意见稿的具体意见和理由。"
    )]
    BodyTooShort { chars: usize },
    #[error("意见内容不能超过{BODY_MAX_CHARS}个字（您写了{chars}个字）：请精简，或分几条提交。")]
    BodyTooLong { chars: usize },
    #[error("本次征求意见要求署名：请填写您的姓名或单位名称。")]
    NameRequired,
    #[error("姓名或单位名称不能超过{NAME_MAX_CHARS}个字，请简要填写。")]
    NameTooLong,
    #[error(
        "联系方式应为手机号码（如13800138000）、带区号的固定电话（如0991-6012345）或电子邮箱（如name@example.cn）；不愿留联系方式的，可以不填。"
    )]
    ContactInvalid,
    #[error("本次意见征集自{opens}起接收意见，尚未开始，请在{opens}以后提交。")]
    NotYetOpen { opens: NaiveDate },
    #[error("本次意见征集已于{closes}截止，不再接收意见。如有意见，可以通过该机关的其他渠道反映。")]
    Closed { closes: NaiveDate },
}

/// Are comments taken on `today` (from `opens` to `closes`, both included)?
pub fn check_open(
    opens: NaiveDate,
    closes: NaiveDate,
    today: NaiveDate,
) -> Result<(), CommentError> {
    if today < opens {
        return Err(CommentError::NotYetOpen { opens });
    }
    if today > closes {
        return Err(CommentError::Closed { closes });
    }
    Ok(())
}

/// A mobile number (11 digits from 13 to 19) or a landline with its area
/// code (0 + 2 or 3 digits, then 7 or 8), spaces and hyphens allowed:
/// answers the digits as kept (`13800138000`, `0991-6012345`).
fn phone(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let b = digits.as_bytes();
    if b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) {
        return Some(digits);
    }
    if b.len() < 10 || b.len() > 12 || b[0] != b'0' || b[1] == b'0' {
        return None;
    }
    let area = if matches!(b[1], b'1' | b'2') { 3 } else { 4 };
    let local = &digits[area..];
    let local_ok = (7..=8).contains(&local.len()) && !local.starts_with(['0', '1']);
    local_ok.then(|| format!("{}-{local}", &digits[..area]))
}

/// An e-mail address: one `@`, a local part of printable ASCII, a domain of
/// dot-separated labels ending in a top-level domain of two letters or more;
/// the domain lower-cased (also the notice's address for comments).
pub fn email(text: &str) -> Option<String> {
    let (local, domain) = text.split_once('@')?;
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local.chars().all(|c| c.is_ascii_graphic() && c != '@');
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    let tld_ok = labels
        .last()
        .is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()));
    (local_ok && labels.len() >= 2 && labels.iter().all(label_ok) && tld_ok)
        .then(|| format!("{local}@{}", domain.to_ascii_lowercase()))
}

/// The contact as kept (a phone number or an e-mail address; `None` when
/// empty), or why it cannot be.
pub fn contact(text: &str) -> Result<Option<String>, CommentError> {
    let t = one_line(text);
    if t.is_empty() {
        return Ok(None);
    }
    if t.chars().count() > CONTACT_MAX_CHARS {
        return Err(CommentError::ContactInvalid);
    }
    let found = if t.contains('@') {
        email(&t)
    } else {
        phone(&t)
    };
    found.map(Some).ok_or(CommentError::ContactInvalid)
}

/// Checks a comment: every problem, in the form's order (name, contact,
/// opinion), so the person fixes them at once.
pub fn check_comment(
    form: &CommentForm,
    name_required: bool,
) -> Result<Comment, Vec<CommentError>> {
    let mut errors = Vec::new();
    let name = one_line(&form.name);
    if name.is_empty() && name_required {
        errors.push(CommentError::NameRequired);
    } else if name.chars().count() > NAME_MAX_CHARS {
        errors.push(CommentError::NameTooLong);
    }
    let contact = contact(&form.contact).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    let body = plain_text(&form.body);
    let chars = body.chars().count();
    if chars < BODY_MIN_CHARS {
        errors.push(CommentError::BodyTooShort { chars });
    } else if chars > BODY_MAX_CHARS {
        errors.push(CommentError::BodyTooLong { chars });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Comment {
        name: (!name.is_empty()).then_some(name),
        contact,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str, contact: &str, body: &str) -> CommentForm {
        CommentForm {
            name: name.into(),
            contact: contact.into(),
            body: body.into(),
        }
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_comment_is_kept_as_plain_text_with_its_contact_normalised() {
        let c = check_comment(
            &form(
                " 王公民 ",
                "0991 6012345",
                "建议将过渡期\r\n延长至6个月。\u{7}",
            ),
            false,
        )
        .unwrap();
        assert_eq!(c.name.as_deref(), Some("王公民"));
        assert_eq!(c.contact.as_deref(), Some("0991-6012345"));
        assert_eq!(c.body, "建议将过渡期\n延长至6个月。");
        let c = check_comment(&form("", "Li@Example.CN", "同意征求意见稿。"), false).unwrap();
        assert_eq!(
            (c.name, c.contact.as_deref()),
            (None, Some("Li@example.cn"))
        );
        let c = check_comment(&form("", "138-0013-8000", "同意征求意见稿。"), false).unwrap();
        assert_eq!(c.contact.as_deref(), Some("13800138000"));
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let e = check_comment(&form("", "12345", "同意"), true).unwrap_err();
        assert_eq!(
            e,
            vec![
                CommentError::NameRequired,
                CommentError::ContactInvalid,
                CommentError::BodyTooShort { chars: 2 },
            ]
        );
        assert!(e[2].to_string().contains("至少写5个字"));
        let long = "意".repeat(2001);
        let e = check_comment(&form("", "", &long), false).unwrap_err();
        assert_eq!(e, vec![CommentError::BodyTooLong { chars: 2001 }]);
        assert!(check_comment(&form("", "", &"意".repeat(2000)), false).is_ok());
        for bad in ["a@b", "@example.cn", "010-0123456", "1380013800", "电话"] {
            let e = check_comment(&form("", bad, "同意征求意见稿。"), false).unwrap_err();
            assert_eq!(e, vec![CommentError::ContactInvalid], "{bad}");
        }
    }

    /// Open from the day of publication to the closing day, both included.
    #[test]
    fn comments_are_taken_until_the_closing_day() {
        let (opens, closes) = (d("2025-09-25"), d("2025-10-11"));
        assert!(check_open(opens, closes, opens).is_ok());
        assert!(check_open(opens, closes, closes).is_ok());
        let e = check_open(opens, closes, d("2025-10-12")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "本次意见征集已于2025-10-11截止，不再接收意见。如有意见，可以通过该机关的其他渠道反映。"
        );
        assert!(matches!(
            check_open(opens, closes, d("2025-09-24")),
            Err(CommentError::NotYetOpen { .. })
        ));
    }

    #[test]
    fn one_line_joins_lines() {
        assert_eq!(one_line(" 白沙县\n\t交通运输局 "), "白沙县 交通运输局");
        assert_eq!(plain_text("\u{0}起草说明\r"), "起草说明");
    }
}
