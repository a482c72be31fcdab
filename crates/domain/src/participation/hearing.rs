//! 听证 (a hearing on a draft under consultation, most often a 重大行政决策
//! 事项): the notice — matter, time, place, how to take part, the draft and
//! its materials — is published at least [`NOTICE_DAYS`] days before the
//! hearing; the participants (representatives chosen, 听证参加人) are
//! published before it, their names public and their contacts private; a
//! record (听证笔录摘要 or 听证报告) follows the hearing.
//!
//! The rule (《重大行政决策程序暂行条例》（国务院令第713号）第十八条至第
//! 二十一条, as the platform reads them): the body holding the hearing
//! “应当提前公布决策草案及其说明等材料，明确听证时间、地点等信息”, “听证
//! 参加人名单应当提前向社会公布”, and “听证会材料应当于召开听证会7日前送达
//! 听证参加人”. Materials the participants must have 7 days before cannot be
//! published later than that, so the notice with its materials is due 7
//! calendar days (日, not 工作日) before the hearing day: a hearing on 10
//! June is announced on 3 June at the latest.

use chrono::NaiveDate;

use super::comment::{self, one_line};

/// Calendar days between the notice (with its materials) and the hearing.
pub const NOTICE_DAYS: u32 = 7;

/// Where the law says it, as refusals cite it.
pub const NOTICE_SOURCE: &str = "《重大行政决策程序暂行条例》（国务院令第713号）第十八条";

/// The latest day a hearing held on `held_on` may be announced.
pub fn notice_by(held_on: NaiveDate) -> NaiveDate {
    held_on - chrono::Days::new(u64::from(NOTICE_DAYS))
}

/// How a notice published on a day stands to the hearing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeTiming {
    /// At least [`NOTICE_DAYS`] days ahead.
    InTime,
    /// Published on or after the hearing day (a hearing held before it was
    /// put on the platform): kept for the record, and flagged as late.
    AfterTheFact,
}

/// Why a hearing's notice or participants cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HearingError {
    #[error(
        "听证会定于{held_on}举行，听证公告及听证材料应当至迟于听证会7日前（{latest}）公布（{NOTICE_SOURCE}：听证会材料应当于召开听证会7日前送达听证参加人）。今天（{today}）发布已不足7日，请将听证日期改为{earliest}或以后，再发布公告。"
    )]
    TooLate {
        held_on: NaiveDate,
        latest: NaiveDate,
        today: NaiveDate,
        earliest: NaiveDate,
    },
    #[error("第{line}行听证参加人的姓名为空：请按“姓名，代表类别或单位，联系方式”每行填写一人。")]
    NameMissing { line: usize },
    #[error("第{line}行听证参加人的姓名不能超过{max}个字。", max = comment::NAME_MAX_CHARS)]
    NameTooLong { line: usize },
    #[error(
        "第{line}行请填写听证参加人所代表的类别或单位（如“利害关系人代表”“专家”“人大代表”），不超过50个字。"
    )]
    RepresentsMissing { line: usize },
    #[error(
        "第{line}行的联系方式应为手机号码、带区号的固定电话或电子邮箱；联系方式不公开，只供组织听证的工作人员联系。"
    )]
    ContactInvalid { line: usize },
    #[error("听证参加人最多{PARTICIPANTS_MAX}人，请精简后再保存。")]
    TooMany,
}

/// Checks the notice published on `today` for a hearing on `held_on`:
/// in time, or (held already) after the fact; refused in between.
pub fn check_notice(today: NaiveDate, held_on: NaiveDate) -> Result<NoticeTiming, HearingError> {
    let latest = notice_by(held_on);
    if today <= latest {
        return Ok(NoticeTiming::InTime);
    }
    if today >= held_on {
        return Ok(NoticeTiming::AfterTheFact);
    }
    Err(HearingError::TooLate {
        held_on,
        latest,
        today,
        earliest: today + chrono::Days::new(u64::from(NOTICE_DAYS)),
    })
}

/// Whether a notice published on `published_on` was late for a hearing on
/// `held_on` (the flag a hearing keeps).
pub fn notice_late(published_on: NaiveDate, held_on: NaiveDate) -> bool {
    published_on > notice_by(held_on)
}

/// 听证参加人: the name and whom the person represents are public; the
/// contact is for the organisers only.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Participant {
    pub name: String,
    /// 代表类别或单位, e.g. 利害关系人代表, 专家, 人大代表.
    pub represents: String,
    pub contact: Option<String>,
}

/// Most participants a hearing lists.
pub const PARTICIPANTS_MAX: usize = 100;
/// The longest 代表类别或单位.
pub const REPRESENTS_MAX_CHARS: usize = 50;

/// One participant from a line `姓名，代表类别或单位[，联系方式]`
/// (full-width or ASCII commas).
fn participant(n: usize, text: &str) -> Result<Participant, HearingError> {
    let parts: Vec<String> = text.split(['，', ',']).map(one_line).collect();
    let name = parts.first().cloned().unwrap_or_default();
    if name.is_empty() {
        return Err(HearingError::NameMissing { line: n });
    }
    if name.chars().count() > comment::NAME_MAX_CHARS {
        return Err(HearingError::NameTooLong { line: n });
    }
    let represents = parts.get(1).cloned().unwrap_or_default();
    let len = represents.chars().count();
    if len == 0 || len > REPRESENTS_MAX_CHARS || parts.len() > 3 {
        return Err(HearingError::RepresentsMissing { line: n });
    }
    let contact = parts.get(2).map_or("", String::as_str);
    let contact =
        comment::contact(contact).map_err(|_| HearingError::ContactInvalid { line: n })?;
    Ok(Participant {
        name,
        represents,
        contact,
    })
}

/// The participants typed one a line (blank lines skipped); every line's
/// problem at once.
pub fn parse_participants(text: &str) -> Result<Vec<Participant>, Vec<HearingError>> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.len() > PARTICIPANTS_MAX {
        return Err(vec![HearingError::TooMany]);
    }
    let mut errors = Vec::new();
    let mut found = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        match participant(i + 1, l) {
            Ok(p) => found.push(p),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(errors)
    }
}

/// The participants as the form shows them again, one a line.
pub fn participants_text(list: &[Participant]) -> String {
    list.iter()
        .map(|p| match &p.contact {
            Some(c) => format!("{}，{}，{c}", p.name, p.represents),
            None => format!("{}，{}", p.name, p.represents),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// 7 calendar days before Tuesday 10 June 2025: 9 (1), 8 (2), 7 (3),
    /// 6 (4), 5 (5), 4 (6), 3 (7) — Tuesday 3 June, weekends counted.
    #[test]
    fn the_notice_is_due_seven_calendar_days_ahead() {
        assert_eq!(notice_by(d("2025-06-10")), d("2025-06-03"));
        assert_eq!(
            check_notice(d("2025-06-03"), d("2025-06-10")),
            Ok(NoticeTiming::InTime)
        );
        assert_eq!(
            check_notice(d("2025-05-20"), d("2025-06-10")),
            Ok(NoticeTiming::InTime)
        );
        assert!(!notice_late(d("2025-06-03"), d("2025-06-10")));
        assert!(notice_late(d("2025-06-04"), d("2025-06-10")));
    }

    /// Over the National Day holiday the count does not skip days off: a
    /// hearing on Thursday 9 October 2025 is announced by Thursday 2 October.
    #[test]
    fn holidays_are_counted_as_days() {
        assert_eq!(notice_by(d("2025-10-09")), d("2025-10-02"));
    }

    /// Published on 4 June for 10 June: 6 days ahead, refused, naming the
    /// latest day (3 June) and the earliest new date (4 + 7 = 11 June).
    #[test]
    fn a_late_notice_is_refused_with_the_source() {
        let e = check_notice(d("2025-06-04"), d("2025-06-10")).unwrap_err();
        assert_eq!(
            e,
            HearingError::TooLate {
                held_on: d("2025-06-10"),
                latest: d("2025-06-03"),
                today: d("2025-06-04"),
                earliest: d("2025-06-11"),
            }
        );
        let text = e.to_string();
        assert!(
            text.contains("至迟于听证会7日前（2025-06-03）公布"),
            "{text}"
        );
        assert!(text.contains("第十八条"), "{text}");
        assert!(text.contains("改为2025-06-11或以后"), "{text}");
        assert!(check_notice(d("2025-06-09"), d("2025-06-10")).is_err());
    }

    /// A hearing already held (its day today or past) is put on record and
    /// flagged, not refused: refusing would only hide it.
    #[test]
    fn a_hearing_already_held_is_taken_and_flagged() {
        assert_eq!(
            check_notice(d("2025-06-10"), d("2025-06-10")),
            Ok(NoticeTiming::AfterTheFact)
        );
        assert_eq!(
            check_notice(d("2025-06-20"), d("2025-06-10")),
            Ok(NoticeTiming::AfterTheFact)
        );
        assert!(notice_late(d("2025-06-20"), d("2025-06-10")));
    }

    #[test]
    fn participants_are_read_one_a_line_with_a_private_contact() {
        let list = parse_participants(
            "张三，利害关系人代表，13800138000\n\n李四,专家\n 王五 ，人大代表， 0991 6012345 ",
        )
        .unwrap();
        assert_eq!(list.len(), 3);
        assert_eq!(list[0].contact.as_deref(), Some("13800138000"));
        assert_eq!(
            (list[1].name.as_str(), list[1].represents.as_str()),
            ("李四", "专家")
        );
        assert_eq!(list[1].contact, None);
        assert_eq!(list[2].name, "王五");
        assert_eq!(list[2].contact.as_deref(), Some("0991-6012345"));
        assert_eq!(
            participants_text(&list[..2]),
            "张三，利害关系人代表，13800138000\n李四，专家"
        );
    }

    #[test]
    fn every_bad_participant_line_is_named() {
        let e = parse_participants("张三\n，专家\n李四，专家，12345").unwrap_err();
        assert_eq!(
            e,
            vec![
                HearingError::RepresentsMissing { line: 1 },
                HearingError::NameMissing { line: 2 },
                HearingError::ContactInvalid { line: 3 },
            ]
        );
        let many = "张三，专家\n".repeat(PARTICIPANTS_MAX + 1);
        assert_eq!(
            parse_participants(&many).unwrap_err(),
            vec![HearingError::TooMany]
        );
    }
}
