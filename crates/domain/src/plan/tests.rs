//! Worked examples, counted by hand on the 2025 calendar: National Day
//! 10-01…10-08 off, Sunday 09-28 and Saturday 10-11 working.

use chrono::{DateTime, NaiveDate, Utc};

use super::escalation::{Light, Step, light, steps_due};
use super::task::{TaskAction as A, TaskEvent, TaskState, check, fold};
use super::*;
use crate::calendar::Calendar;
use crate::case::Actor;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn cal() -> Calendar {
    Calendar::vendored()
}

/// A history of `actions`, checked one by one as the app would.
fn history(actions: Vec<A>, today: NaiveDate) -> Vec<TaskEvent> {
    let mut events: Vec<TaskEvent> = Vec::new();
    for (i, action) in actions.into_iter().enumerate() {
        let v = fold(&events);
        check(&v, &action, today).unwrap_or_else(|e| panic!("{action:?}: {e}"));
        events.push(TaskEvent {
            seq: i as u32 + 1,
            at: DateTime::<Utc>::UNIX_EPOCH,
            actor: Actor::System,
            action,
        });
    }
    events
}

fn assigned(limit: TimeLimit) -> A {
    A::Assigned {
        date: d(2025, 9, 1),
        lead: vec![1],
        partners: vec![2],
        limit: Some(limit),
    }
}

#[test]
fn the_steps_before_and_after_a_limit_at_national_day() {
    let e = Escalation::for_due(&cal(), d(2025, 9, 30));
    // Back from Tue 09-30: Mon 29 (1), Sun 28 working (2), Sat 27 off, Fri 26 (3).
    assert_eq!(e.remind_on, d(2025, 9, 26));
    // 10-01…10-08 off: the first working day after is Thu 10-09.
    assert_eq!(e.urge_on, d(2025, 10, 9));
    // 10 (1), Sat 11 working (2), 13 (3), 14 (4), 15 (5).
    assert_eq!(e.list_on, d(2025, 10, 15));
}

#[test]
fn time_limits_as_plans_write_them() {
    let p = |t: &str| TimeLimit::parse(t, 2026);
    assert_eq!(p("2019年11月底前"), Ok(TimeLimit::on(d(2019, 11, 30))));
    assert_eq!(p("6月30日前"), Ok(TimeLimit::on(d(2026, 6, 30))));
    assert_eq!(p("11月中旬前"), Ok(TimeLimit::on(d(2026, 11, 20))));
    assert_eq!(p("2月底前"), Ok(TimeLimit::on(d(2026, 2, 28))));
    assert_eq!(p("2019年底前"), Ok(TimeLimit::on(d(2019, 12, 31))));
    assert_eq!(p("年底前"), Ok(TimeLimit::term(LimitKind::YearEnd, 2026)));
    assert_eq!(p("年底前").unwrap().check_on, d(2026, 12, 31));
    assert_eq!(p("持续推进").unwrap().kind, LimitKind::Ongoing);
    assert_eq!(p("按市里统一安排").unwrap().kind, LimitKind::AsArranged);
    assert_eq!(p("按上级统一安排").unwrap().kind, LimitKind::AsArranged);
    assert_eq!(p("每季度").unwrap().kind, LimitKind::Quarterly);
    assert_eq!(p("长期坚持").unwrap().kind, LimitKind::LongTerm);
    assert_eq!(p("上半年"), Ok(TimeLimit::on(d(2026, 6, 30))));
    // Never a guessed date.
    assert!(
        p("6月前")
            .unwrap_err()
            .contains("不清楚是6月1日前还是6月底前")
    );
    assert!(p("2月30日前").unwrap_err().contains("不是有效的日期"));
    assert!(p("尽快").unwrap_err().contains("无法把“尽快”读成完成时限"));
    assert_eq!(TimeLimit::on(d(2019, 11, 30)).label(), "2019年11月30日前");
    assert_eq!(p("持续推进").unwrap().label(), "持续推进");
}

#[test]
fn a_task_from_assignment_to_acceptance() {
    let today = d(2025, 10, 20);
    let limit = TimeLimit::on(d(2025, 9, 30));
    let mut actions = vec![assigned(limit)];
    let v = fold(&history(actions.clone(), today));
    assert_eq!(v.state, TaskState::Assigned);
    assert_eq!(v.due, Some(d(2025, 9, 30)));
    // Only the lead unit signs for it.
    let partner = A::SignedFor {
        date: d(2025, 9, 2),
        unit: 2,
    };
    assert!(check(&v, &partner, today).is_err());
    actions.push(A::SignedFor {
        date: d(2025, 9, 2),
        unit: 1,
    });
    let v = fold(&history(actions.clone(), today));
    let too_much = A::ProgressReported {
        date: d(2025, 9, 10),
        text: "已完成一半。".into(),
        percent: Some(120),
        items: vec![],
        files: Vec::new(),
    };
    assert!(check(&v, &too_much, today).is_err());
    actions.push(A::ProgressReported {
        date: d(2025, 9, 10),
        text: "已梳理权力清单。".into(),
        percent: Some(50),
        items: vec![42],
        files: Vec::new(),
    });
    // More time is asked before the limit, not after it.
    let v = fold(&history(actions.clone(), today));
    let late = A::ExtensionRequested {
        date: d(2025, 10, 9),
        until: d(2025, 10, 31),
        reason: "等待上级部署。".into(),
    };
    assert!(
        check(&v, &late, today)
            .unwrap_err()
            .0
            .contains("时限届满前")
    );
    actions.push(A::ExtensionRequested {
        date: d(2025, 9, 25),
        until: d(2025, 10, 31),
        reason: "等待上级部署。".into(),
    });
    let v = fold(&history(actions.clone(), today));
    assert_eq!(v.state, TaskState::AwaitingExtension);
    let beyond = A::ExtensionGranted {
        date: d(2025, 9, 26),
        until: d(2025, 11, 30),
    };
    assert!(check(&v, &beyond, today).is_err());
    actions.push(A::ExtensionGranted {
        date: d(2025, 9, 26),
        until: d(2025, 10, 31),
    });
    actions.push(A::CompletionReported {
        date: d(2025, 10, 15),
        text: "权力清单已在专栏公开。".into(),
        items: vec![43],
        files: Vec::new(),
    });
    let v = fold(&history(actions.clone(), today));
    assert_eq!(v.state, TaskState::AwaitingAcceptance);
    assert_eq!(v.due, Some(d(2025, 10, 31)));
    assert_eq!(v.items, vec![42, 43]);
    let bare = A::Returned {
        date: d(2025, 10, 16),
        reason: " ".into(),
    };
    assert!(check(&v, &bare, today).is_err());
    actions.push(A::Returned {
        date: d(2025, 10, 16),
        reason: "未附责任清单。".into(),
    });
    let v = fold(&history(actions.clone(), today));
    assert_eq!(v.state, TaskState::Returned);
    assert_eq!(v.returned_reason.as_deref(), Some("未附责任清单。"));
    actions.push(A::CompletionReported {
        date: d(2025, 10, 17),
        text: "已补充责任清单。".into(),
        items: vec![],
        files: Vec::new(),
    });
    actions.push(A::Accepted {
        date: d(2025, 10, 20),
        note: String::new(),
    });
    let v = fold(&history(actions, today));
    assert_eq!(v.state, TaskState::Completed);
    assert_eq!(v.completed_on, Some(d(2025, 10, 20)));
    let after = A::ProgressReported {
        date: d(2025, 10, 20),
        text: "补充".into(),
        percent: None,
        items: vec![],
        files: Vec::new(),
    };
    assert!(check(&v, &after, today).is_err());
    // Nothing is dated after today.
    let future = A::Accepted {
        date: d(2025, 10, 21),
        note: String::new(),
    };
    assert!(check(&v, &future, today).is_err());
}

#[test]
fn lights_through_a_tasks_year() {
    let c = cal();
    let events = history(
        vec![
            assigned(TimeLimit::on(d(2025, 9, 30))),
            A::SignedFor {
                date: d(2025, 9, 1),
                unit: 1,
            },
        ],
        d(2025, 9, 1),
    );
    let v = fold(&events);
    assert_eq!(light(&c, &v, d(2025, 9, 20)), Light::None);
    assert_eq!(
        light(&c, &v, d(2025, 9, 26)),
        Light::Blue,
        "the reminder day"
    );
    assert_eq!(light(&c, &v, d(2025, 9, 30)), Light::Blue);
    assert_eq!(light(&c, &v, d(2025, 10, 1)), Light::Red);
    // A year-end task without a report for more than 30 days is behind.
    let v = fold(&history(
        vec![
            assigned(TimeLimit::term(LimitKind::YearEnd, 2025)),
            A::SignedFor {
                date: d(2025, 9, 1),
                unit: 1,
            },
        ],
        d(2025, 9, 1),
    ));
    assert_eq!(light(&c, &v, d(2025, 10, 1)), Light::None, "30 days");
    assert_eq!(light(&c, &v, d(2025, 10, 2)), Light::Yellow, "31 days");
}

#[test]
fn reminder_urge_and_listing_each_once_per_due_date() {
    let c = cal();
    let base = vec![
        assigned(TimeLimit::on(d(2025, 9, 30))),
        A::SignedFor {
            date: d(2025, 9, 1),
            unit: 1,
        },
    ];
    let v = fold(&history(base.clone(), d(2025, 9, 1)));
    assert!(steps_due(&c, &v, d(2025, 9, 25)).is_empty());
    assert_eq!(steps_due(&c, &v, d(2025, 9, 26)), vec![Step::Remind]);
    // Past the limit the reminder is no longer sent; the 催办 waits for 10-09.
    assert!(steps_due(&c, &v, d(2025, 10, 8)).is_empty());
    // Down over the holiday: the first run after catches up.
    assert_eq!(
        steps_due(&c, &v, d(2025, 10, 15)),
        vec![Step::Urge, Step::List]
    );
    let mut with = base.clone();
    with.push(A::Reminded {
        date: d(2025, 9, 26),
    });
    with.push(A::Urged {
        date: d(2025, 10, 9),
    });
    let v = fold(&history(with, d(2025, 10, 9)));
    assert!(steps_due(&c, &v, d(2025, 10, 14)).is_empty());
    assert_eq!(steps_due(&c, &v, d(2025, 10, 15)), vec![Step::List]);
    // An extension granted sets a new due date: the steps start over.
    let mut extended = base;
    extended.push(A::Reminded {
        date: d(2025, 9, 26),
    });
    extended.push(A::ExtensionRequested {
        date: d(2025, 9, 29),
        until: d(2025, 10, 31),
        reason: "等待上级部署。".into(),
    });
    extended.push(A::ExtensionGranted {
        date: d(2025, 9, 30),
        until: d(2025, 10, 31),
    });
    let v = fold(&history(extended, d(2025, 10, 9)));
    assert!(!v.reminded);
    assert!(steps_due(&c, &v, d(2025, 10, 15)).is_empty());
}

#[test]
fn unit_names_are_checked() {
    assert_eq!(UnitName::parse(" 办公室 ").unwrap().as_str(), "办公室");
    assert!(UnitName::parse("").is_err());
    assert!(UnitName::parse(&"科".repeat(41)).is_err());
    assert!(UnitName::parse("办公\n室").is_err());
    assert_eq!(
        UnitKind::from_code("subordinate"),
        Some(UnitKind::Subordinate)
    );
}

#[test]
fn the_marks_agree_with_the_lights_and_steps() {
    use super::escalation::marks;
    let c = cal();
    let v = fold(&history(
        vec![
            assigned(TimeLimit::on(d(2025, 9, 30))),
            A::SignedFor {
                date: d(2025, 9, 1),
                unit: 1,
            },
        ],
        d(2025, 9, 1),
    ));
    let m = marks(&c, &v);
    assert_eq!(m.blue_from, Some(d(2025, 9, 26)));
    assert_eq!(m.red_from, Some(d(2025, 10, 1)));
    // Signed for on 09-01: yellow after 30 days without a report.
    assert_eq!(m.yellow_from, Some(d(2025, 10, 2)));
    assert_eq!(m.step_on, Some(d(2025, 9, 26)));
    // Urged without a reminder (the platform was down): the listing is next.
    let urged = fold(&history(
        vec![
            assigned(TimeLimit::on(d(2025, 9, 30))),
            A::Urged {
                date: d(2025, 10, 9),
            },
        ],
        d(2025, 10, 9),
    ));
    assert_eq!(marks(&c, &urged).step_on, Some(d(2025, 10, 15)));
}

#[test]
fn a_task_without_a_lead_unit_is_worked_by_its_owner_from_the_start() {
    let today = d(2026, 1, 20);
    let rectify = A::Assigned {
        date: d(2026, 1, 5),
        lead: vec![],
        partners: vec![],
        limit: Some(TimeLimit::on(d(2026, 1, 30))),
    };
    let progress = A::ProgressReported {
        date: d(2026, 1, 10),
        text: "已补充发布2025年度预算信息。".into(),
        percent: Some(60),
        items: vec![],
        files: Vec::new(),
    };
    let done = A::CompletionReported {
        date: d(2026, 1, 15),
        text: "整改完成。".into(),
        items: vec![],
        files: Vec::new(),
    };
    let accepted = A::Accepted {
        date: d(2026, 1, 16),
        note: String::new(),
    };
    let v = fold(&history(
        vec![rectify, progress.clone(), done, accepted],
        today,
    ));
    assert_eq!(v.state, TaskState::Completed);
    // With a lead unit, progress waits for the unit to sign for it.
    let v = fold(&history(
        vec![assigned(TimeLimit::on(d(2026, 1, 30)))],
        today,
    ));
    assert_eq!(
        check(&v, &progress, today).unwrap_err().0,
        "请先领办该任务，再报告进展。"
    );
}

fn file(name: &str) -> super::TaskFile {
    super::TaskFile {
        sha256: format!("{:0>64}", name.len()),
        name: name.into(),
        content_type: "application/pdf".into(),
        size: 1024,
    }
}

#[test]
fn files_are_kept_with_their_steps_and_listed_on_the_task() {
    let today = d(2025, 9, 20);
    let plan = A::FilesAdded {
        date: d(2025, 9, 2),
        note: "任务实施方案".into(),
        files: vec![file("实施方案.pdf")],
    };
    let signed = A::SignedFor {
        date: d(2025, 9, 3),
        unit: 1,
    };
    let progress = A::ProgressReported {
        date: d(2025, 9, 10),
        text: "已完成专栏改版。".into(),
        percent: Some(50),
        items: vec![],
        files: vec![file("改版截图.pdf"), file("检查记录.pdf")],
    };
    let v = fold(&history(
        vec![
            assigned(TimeLimit::on(d(2025, 9, 30))),
            plan,
            signed,
            progress,
        ],
        today,
    ));
    let names: Vec<&str> = v.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["实施方案.pdf", "改版截图.pdf", "检查记录.pdf"]);
    // Adding files leaves the state as it was.
    assert_eq!(v.state, TaskState::InProgress);
    let six = A::CompletionReported {
        date: today,
        text: "完成。".into(),
        items: vec![],
        files: (0..6).map(|i| file(&format!("{i}.pdf"))).collect(),
    };
    assert_eq!(
        check(&v, &six, today).unwrap_err().0,
        "一次最多附5个文件：请合并或分次报送。"
    );
    let none = A::FilesAdded {
        date: today,
        note: "补充".into(),
        files: vec![],
    };
    assert_eq!(
        check(&v, &none, today).unwrap_err().0,
        "请选择要补充的文件。"
    );
}

#[test]
fn no_files_are_added_to_a_completed_task() {
    let today = d(2026, 1, 20);
    let v = fold(&history(
        vec![
            A::Assigned {
                date: d(2026, 1, 5),
                lead: vec![],
                partners: vec![],
                limit: None,
            },
            A::CompletionReported {
                date: d(2026, 1, 6),
                text: "完成。".into(),
                items: vec![],
                files: vec![file("a.pdf")],
            },
            A::Accepted {
                date: d(2026, 1, 7),
                note: String::new(),
            },
        ],
        today,
    ));
    let late = A::FilesAdded {
        date: today,
        note: "补充".into(),
        files: vec![file("b.pdf")],
    };
    assert_eq!(
        check(&v, &late, today).unwrap_err().0,
        "该任务已销号，不能再补充材料。"
    );
}

/// Corpus `001_…`: "对上一年度工作要点落实情况开展回头看，针对有明确责任主体和
/// 时限要求的工作任务，逐项检查落实情况".
#[test]
fn the_look_back_takes_tasks_with_a_responsible_unit_and_a_time_limit() {
    assert_eq!(lookback_due_from(2025), d(2026, 1, 1));
    assert_eq!(lookback_due_from(2024), d(2025, 1, 1));
    // Lead units linked, or a division as written (牵头单位:县政府办公室).
    assert!(is_looked_back(1, "", true));
    assert!(is_looked_back(0, "县政府办公室", true));
    // No one responsible, or no time limit: not looked back on.
    assert!(!is_looked_back(0, "  ", true));
    assert!(!is_looked_back(2, "办公室", false));
}
