use super::*;

fn figures() -> EngagementFigures {
    EngagementFigures {
        consultations: ConsultationYear {
            opened: 3,
            comments: 17,
            feedback_published: 2,
            adopted: 4,
            partly_adopted: 1,
            not_adopted: 2,
        },
        questions: QuestionYear {
            received: 25,
            answered: 20,
            answered_on_time: 19,
            converted: 2,
            referred: 1,
            published: 12,
        },
        motions: MotionYear {
            suggestions: 6,
            proposals: 4,
            answered: 9,
            answered_on_time: 9,
            grades: [5, 3, 0, 1],
            published: 8,
        },
        concerns: ConcernYear {
            concerns: 5,
            concerns_on_time: 4,
            emergencies: 1,
            emergencies_informed_in_time: 1,
            emergencies_briefed_in_time: 0,
        },
    }
}

#[test]
fn each_register_gives_one_sentence_with_its_figures() {
    assert_eq!(
        sentences(2025, &figures()),
        vec![
            "2025年，本机关公开征求意见3次，收到意见建议17条；公开意见采纳情况2次，归纳意见7条，其中采纳4条、部分采纳1条、不予采纳2条。",
            "通过政民互动渠道收到咨询25件，答复20件（按期答复19件），转为政府信息公开申请办理2件、告知通过其他渠道反映1件；经提问人同意公开答复12件。",
            "办理人大代表建议6件、政协委员提案4件，已答复9件（按期答复9件），其中A类5件、B类3件、D类1件；向社会公开办理复文8件。",
            "回应社会关切5件，其中48小时内回应4件；发生特别重大、重大突发事件1件，5小时内发布权威信息1件，24小时内举行新闻发布会0件。",
        ]
    );
}

#[test]
fn an_empty_register_says_nothing() {
    assert!(sentences(2025, &EngagementFigures::default()).is_empty());
    let only_questions = EngagementFigures {
        questions: QuestionYear {
            received: 2,
            ..QuestionYear::default()
        },
        ..EngagementFigures::default()
    };
    assert_eq!(
        sentences(2025, &only_questions),
        vec!["通过政民互动渠道收到咨询2件。"]
    );
}

#[test]
fn feedback_of_a_consultation_opened_last_year_stands_alone() {
    // Opened in December 2024, closed and answered in January 2025.
    let f = EngagementFigures {
        consultations: ConsultationYear {
            feedback_published: 1,
            not_adopted: 1,
            ..ConsultationYear::default()
        },
        ..EngagementFigures::default()
    };
    assert_eq!(
        sentences(2025, &f),
        vec!["本机关公开意见采纳情况1次，归纳意见1条，其中不予采纳1条。"]
    );
}

#[test]
fn a_roll_up_adds_every_figure() {
    let mut total = figures();
    total += figures();
    assert_eq!(total.consultations.comments, 34);
    assert_eq!(total.questions.published, 24);
    assert_eq!(total.motions.grades, [10, 6, 0, 2]);
    assert_eq!(total.concerns.emergencies_briefed_in_time, 0);
    assert_eq!(total.concerns.concerns, 10);
}
