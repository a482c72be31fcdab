//! The receipt date (收到申请之日) of Art. 31 — the day the clock starts.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::vocabulary::{Channel, PostKind};

/// What is known about how an application arrived. Only the dates the channel
/// needs must be filled in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptFacts {
    /// In person: the day it was handed in. E-mail: the day the mail system
    /// received it. Post: the day the letter arrived (checked against the others).
    #[serde(default)]
    pub arrived: Option<NaiveDate>,
    /// Post needing a signature: the day the agency signed for it.
    #[serde(default)]
    pub signed: Option<NaiveDate>,
    /// Ordinary letter: the day the disclosure office confirmed with the applicant.
    /// Online / fax: the day both sides confirmed.
    #[serde(default)]
    pub confirmed: Option<NaiveDate>,
    /// The applicant could not be reached: the day contact was re-established
    /// (207号 practice, requests.md: registered, clock starts that day).
    #[serde(default)]
    pub contact_reestablished: Option<NaiveDate>,
    /// Post only: signed-for or ordinary letter.
    #[serde(default)]
    pub post_kind: Option<PostKind>,
}

/// Why no receipt date could be determined.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReceiptError {
    /// A date the channel needs is missing.
    #[error("无法确定收到申请之日：{channel}提交的申请需要填写{needed}（《条例》第三十一条）")]
    MissingDate {
        channel: &'static str,
        needed: &'static str,
    },
    /// A posted application without saying whether it was signed for.
    #[error(
        "无法确定收到申请之日：邮寄的申请需注明是需签收的邮件还是平信（《条例》第三十一条第二项）"
    )]
    MissingPostKind,
    /// Dates that contradict each other.
    #[error("日期矛盾：{later_name}（{later}）早于{earlier_name}（{earlier}）")]
    Inconsistent {
        earlier_name: &'static str,
        earlier: NaiveDate,
        later_name: &'static str,
        later: NaiveDate,
    },
}

const ARRIVED: &str = "到达日期";
const SIGNED: &str = "签收日期";
const CONFIRMED: &str = "确认日期";
const REESTABLISHED: &str = "恢复联系日期";

fn need(channel: Channel, needed: &'static str) -> ReceiptError {
    ReceiptError::MissingDate {
        channel: channel.label(),
        needed,
    }
}

/// `later` must not precede `earlier`.
fn not_before(
    earlier_name: &'static str,
    earlier: Option<NaiveDate>,
    later_name: &'static str,
    later: NaiveDate,
) -> Result<(), ReceiptError> {
    match earlier {
        Some(earlier) if later < earlier => Err(ReceiptError::Inconsistent {
            earlier_name,
            earlier,
            later_name,
            later,
        }),
        _ => Ok(()),
    }
}

/// The receipt date of Art. 31:
///
/// | channel | receipt date |
/// |---|---|
/// | in person | the day it is handed in (`arrived`) |
/// | post, signed for | the day the agency signs for it (`signed`) |
/// | ordinary letter | the day the office confirms with the applicant (`confirmed`) |
/// | online, fax | the day both sides confirm (`confirmed`) |
/// | e-mail | the day the mail system received it (`arrived`) |
///
/// Where the applicant could not be reached, the clock starts the day contact is
/// re-established: for the channels that need a confirmation, that date stands
/// in for a missing confirmation; for every channel, a later
/// `contact_reestablished` moves the receipt date to it.
pub fn receipt_date(channel: Channel, facts: &ReceiptFacts) -> Result<NaiveDate, ReceiptError> {
    let confirmation = |channel: Channel| -> Result<NaiveDate, ReceiptError> {
        let d = facts
            .confirmed
            .or(facts.contact_reestablished)
            .ok_or_else(|| {
                need(
                    channel,
                    "与申请人确认之日（无法联系申请人的，填写恢复联系之日）",
                )
            })?;
        not_before(ARRIVED, facts.arrived, CONFIRMED, d)?;
        Ok(d)
    };
    let base = match channel {
        Channel::InPerson => facts.arrived.ok_or_else(|| need(channel, "提交之日"))?,
        Channel::Email => facts
            .arrived
            .ok_or_else(|| need(channel, "邮件系统收到之日"))?,
        Channel::Online | Channel::Fax => confirmation(channel)?,
        Channel::Post => match facts.post_kind.ok_or(ReceiptError::MissingPostKind)? {
            PostKind::Signed => {
                let d = facts
                    .signed
                    .ok_or_else(|| need(channel, "行政机关签收之日"))?;
                not_before(ARRIVED, facts.arrived, SIGNED, d)?;
                d
            }
            PostKind::Ordinary => confirmation(channel)?,
        },
    };
    Ok(match facts.contact_reestablished {
        Some(r) if r > base => r,
        Some(r) => {
            // Contact re-established before the base date only makes sense for the
            // confirmation channels, where it already is the base date.
            not_before(ARRIVED, facts.arrived, REESTABLISHED, r)?;
            base
        }
        None => base,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn in_person_is_the_day_handed_in() {
        let f = ReceiptFacts {
            arrived: Some(d("2025-03-03")),
            ..Default::default()
        };
        assert_eq!(receipt_date(Channel::InPerson, &f), Ok(d("2025-03-03")));
    }

    #[test]
    fn in_person_without_date_names_the_missing_date() {
        let err = receipt_date(Channel::InPerson, &ReceiptFacts::default()).unwrap_err();
        assert!(err.to_string().contains("提交之日"), "{err}");
    }

    #[test]
    fn signed_post_is_the_signing_day_not_the_arrival() {
        let f = ReceiptFacts {
            arrived: Some(d("2025-03-03")),
            signed: Some(d("2025-03-04")),
            post_kind: Some(PostKind::Signed),
            ..Default::default()
        };
        assert_eq!(receipt_date(Channel::Post, &f), Ok(d("2025-03-04")));
    }

    #[test]
    fn signed_post_without_signing_date_is_an_error() {
        let f = ReceiptFacts {
            arrived: Some(d("2025-03-03")),
            post_kind: Some(PostKind::Signed),
            ..Default::default()
        };
        let err = receipt_date(Channel::Post, &f).unwrap_err();
        assert!(err.to_string().contains("签收之日"), "{err}");
    }

    #[test]
    fn post_needs_its_kind() {
        let f = ReceiptFacts {
            signed: Some(d("2025-03-04")),
            ..Default::default()
        };
        assert_eq!(
            receipt_date(Channel::Post, &f),
            Err(ReceiptError::MissingPostKind)
        );
    }

    #[test]
    fn ordinary_letter_is_the_confirmation_day() {
        let f = ReceiptFacts {
            arrived: Some(d("2025-03-03")),
            confirmed: Some(d("2025-03-05")),
            post_kind: Some(PostKind::Ordinary),
            ..Default::default()
        };
        assert_eq!(receipt_date(Channel::Post, &f), Ok(d("2025-03-05")));
    }

    #[test]
    fn ordinary_letter_unreachable_applicant_starts_on_contact() {
        let f = ReceiptFacts {
            arrived: Some(d("2025-03-03")),
            contact_reestablished: Some(d("2025-03-12")),
            post_kind: Some(PostKind::Ordinary),
            ..Default::default()
        };
        assert_eq!(receipt_date(Channel::Post, &f), Ok(d("2025-03-12")));
    }

    #[test]
    fn ordinary_letter_without_confirmation_is_an_error() {
        let f = ReceiptFacts {
            arrived: Some(d("2025-03-03")),
            post_kind: Some(PostKind::Ordinary),
            ..Default::default()
        };
        let err = receipt_date(Channel::Post, &f).unwrap_err();
        assert!(err.to_string().contains("确认之日"), "{err}");
    }

    #[test]
    fn online_and_fax_are_the_day_both_sides_confirm() {
        let f = ReceiptFacts {
            arrived: Some(d("2025-03-01")),
            confirmed: Some(d("2025-03-03")),
            ..Default::default()
        };
        assert_eq!(receipt_date(Channel::Online, &f), Ok(d("2025-03-03")));
        assert_eq!(receipt_date(Channel::Fax, &f), Ok(d("2025-03-03")));
    }

    #[test]
    fn confirmation_before_arrival_is_inconsistent() {
        let f = ReceiptFacts {
            arrived: Some(d("2025-03-03")),
            confirmed: Some(d("2025-03-01")),
            ..Default::default()
        };
        assert!(matches!(
            receipt_date(Channel::Online, &f),
            Err(ReceiptError::Inconsistent { .. })
        ));
    }

    #[test]
    fn email_is_the_day_the_mail_system_received_it() {
        let f = ReceiptFacts {
            arrived: Some(d("2025-03-01")),
            ..Default::default()
        };
        assert_eq!(receipt_date(Channel::Email, &f), Ok(d("2025-03-01")));
        let err = receipt_date(Channel::Email, &ReceiptFacts::default()).unwrap_err();
        assert!(err.to_string().contains("邮件系统收到之日"), "{err}");
    }

    #[test]
    fn email_unreachable_applicant_starts_on_contact() {
        let f = ReceiptFacts {
            arrived: Some(d("2025-03-01")),
            contact_reestablished: Some(d("2025-03-10")),
            ..Default::default()
        };
        assert_eq!(receipt_date(Channel::Email, &f), Ok(d("2025-03-10")));
    }
}
