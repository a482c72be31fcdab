//! The rules of 政民互动 worked by hand on the 2025 calendar
//! (国办发明电〔2024〕12号: 1–8 October off, Sunday 28 September and Saturday
//! 11 October worked).

use super::*;
use crate::calendar::Calendar;
use crate::participation::clocks::{QuestionClock, QuestionMark};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn form(name: &str, contact: &str, subject: &str, body: &str) -> QuestionForm {
    QuestionForm {
        name: name.into(),
        contact: contact.into(),
        subject: subject.into(),
        body: body.into(),
        consent: true,
    }
}

#[test]
fn a_question_is_kept_with_its_contact_normalised() {
    let q = check_question(&form(
        " 王公民 ",
        "138-0013-8000",
        " 农村客运\n班线 ",
        "请问白沙至城关的班线\r\n何时恢复？",
    ))
    .unwrap();
    assert_eq!(
        (q.name.as_str(), q.contact.as_str(), q.subject.as_str()),
        ("王公民", "13800138000", "农村客运 班线")
    );
    assert_eq!(q.body, "请问白沙至城关的班线\n何时恢复？");
    assert!(q.consent);
    let q = check_question(&form("李四", "Li@Example.CN", "班线时间", "班线几点发车？")).unwrap();
    assert_eq!(q.contact, "Li@example.cn");
}

/// Name and contact are required, and every problem is named at once in
/// the form's order.
#[test]
fn every_problem_is_named_in_the_forms_order() {
    let e = check_question(&form("", "", "问", "请问")).unwrap_err();
    assert_eq!(
        e,
        vec![
            QuestionError::NameRequired,
            QuestionError::ContactRequired,
            QuestionError::SubjectTooShort { chars: 1 },
            QuestionError::BodyTooShort { chars: 2 },
        ]
    );
    assert!(e[0].to_string().contains("姓名不会公开"));
    assert!(e[1].to_string().contains("联系方式不会公开"));
    let e = check_question(&form("王公民", "12345", "班线时间", "班线几点发车？")).unwrap_err();
    assert_eq!(e, vec![QuestionError::ContactInvalid]);
    assert!(!e[0].to_string().contains("可以不填"), "required here");
    let long = "问".repeat(51);
    let e = check_question(&form("王公民", "13800138000", &long, "班线几点发车？")).unwrap_err();
    assert_eq!(e, vec![QuestionError::SubjectTooLong { chars: 51 }]);
    let body = "问".repeat(2001);
    let e = check_question(&form("王公民", "13800138000", "班线时间", &body)).unwrap_err();
    assert_eq!(e, vec![QuestionError::BodyTooLong { chars: 2001 }]);
}

#[test]
fn an_agency_answers_in_one_to_twenty_working_days_and_escalates_before_the_veto() {
    assert_eq!(
        rules_of(5, 2),
        Ok(QuestionRules {
            answer_days: 5,
            escalate_after_months: 2
        })
    );
    assert_eq!(rules_of(20, 1).map(|r| r.answer_days), Ok(20));
    assert_eq!(rules_of(0, 2), Err(RulesError::AnswerDays));
    assert_eq!(rules_of(21, 2), Err(RulesError::AnswerDays));
    assert_eq!(rules_of(5, 3), Err(RulesError::Escalation));
    assert_eq!(rules_of(5, 0), Err(RulesError::Escalation));
}

/// An agency of 3 working days: a question of Thursday 25 September
/// 2025: 26/9 (1), Sunday 28/9 worked (2), 29/9 (3) — due Monday 29
/// September, overdue from the 30th.
#[test]
fn an_agencys_own_days_are_counted_on_the_calendar() {
    let rules = rules_of(3, 2).unwrap();
    let c = QuestionClock::of(d("2025-09-25"), rules, Calendar::vendored_ref()).unwrap();
    assert_eq!(c.due, d("2025-09-29"));
    assert_eq!(c.mark(d("2025-09-29")), QuestionMark::Running);
    assert_eq!(c.mark(d("2025-09-30")), QuestionMark::Overdue);
}

#[test]
fn the_asker_is_taken_out_of_the_text_to_publish() {
    let text = "我是王公民，电话138 0013 8000，住城关镇北街3号。请问班线何时恢复？";
    let s = public_suggestion(text, "王公民", "13800138000");
    assert_eq!(
        s,
        "我是（姓名已隐去），电话（电话号码已隐去），住城关镇北街3号。请问班线何时恢复？"
    );
    assert!(!names_asker(&s, "王公民", "13800138000"));
    assert!(names_asker(text, "王公民", "li@example.cn"));
    assert!(names_asker("请回电13800138000", "李", "13800138000"));
    // A one-character name is not searched for.
    assert!(!names_asker("李子园站何时恢复？", "李", "13800138000"));
}

#[test]
fn a_number_names_the_year_and_the_question() {
    assert_eq!(question_number(2025, 12), "ZX2025-000012");
    assert_eq!(parse_question_number(" zx2025-000012 "), Some((2025, 12)));
    assert_eq!(
        parse_question_number("ZX2025-1234567"),
        Some((2025, 1_234_567))
    );
    for bad in [
        "GK2025-000012",
        "ZX25-000012",
        "ZX2025-",
        "ZX2025-12a",
        "ZX2025000012",
    ] {
        assert_eq!(parse_question_number(bad), None, "{bad}");
    }
}

#[test]
fn an_answer_says_something() {
    assert!(
        check_answer("已收到。")
            .unwrap_err()
            .contains("至少写10个字")
    );
    assert_eq!(
        check_answer(" 白沙至城关班线已于10月9日恢复运行。\r\n").unwrap(),
        "白沙至城关班线已于10月9日恢复运行。"
    );
    assert!(check_answer(&"答".repeat(5001)).is_err());
}

#[test]
fn a_petition_is_told_where_to_go_by_its_standard_text() {
    let text = referral_notice(
        OtherChannel::Petition,
        " 白沙县信访局（城关镇人民路8号，电话0991-6012300）。",
    )
    .unwrap();
    assert_eq!(
        text,
        "您的留言反映的是信访事项。本栏目用于解答与本机关职责有关的咨询，不作为信访事项处理（参照《中华人民共和国政府信息公开条例》第三十九条）。请依照《信访工作条例》的规定，向白沙县信访局（城关镇人民路8号，电话0991-6012300）提出。"
    );
    let text = referral_notice(OtherChannel::DisclosureComplaint, "白沙县人民政府办公室").unwrap();
    assert!(
        text.contains("第五十一条，可以向白沙县人民政府办公室投诉、举报"),
        "{text}"
    );
    let e = referral_notice(OtherChannel::Complaint, "县局").unwrap_err();
    assert!(
        e.contains("有权处理该投诉、举报的机关的名称和联系方式"),
        "{e}"
    );
    assert_eq!(
        OtherChannel::from_code("disclosure_complaint"),
        Some(OtherChannel::DisclosureComplaint)
    );
    assert_eq!(OtherChannel::from_code("other"), None);
}

/// Art. 31(三): asked online on Monday 29 September 2025 and
/// acknowledged by the platform that day — received that day.
#[test]
fn a_converted_question_is_received_the_day_it_was_asked() {
    let (facts, received) = conversion_receipt(d("2025-09-29")).unwrap();
    assert_eq!(received, d("2025-09-29"));
    assert_eq!(facts.confirmed, Some(d("2025-09-29")));
    let notice = conversion_notice("GK2025-000007", received, Some(d("2025-11-03")));
    assert!(notice.contains("申请编号GK2025-000007"));
    assert!(notice.contains("收到申请之日为您提交留言之日（2025-09-29）。本机关"));
    assert!(notice.contains("将在2025-11-03前作出答复"));
}
