//! The papers with their expected text written by hand: the tasks are those
//! of corpus `004_…` (Ningde transport bureau's division table), the figures
//! chosen so that each sentence's branch shows.

use chrono::NaiveDate;

use super::*;
use crate::plan::LimitKind;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn p(s: &str) -> Block {
    Block::Paragraph(s.into())
}

fn h(s: &str) -> Block {
    Block::Heading(s.into())
}

fn units(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn row(cells: &[&str]) -> Vec<String> {
    units(cells)
}

#[test]
fn rates_have_one_decimal_rounded_half_up() {
    assert_eq!(rate_label(12, 14), "85.7%");
    assert_eq!(rate_label(14, 14), "100.0%");
    assert_eq!(rate_label(0, 5), "0.0%");
    assert_eq!(rate_label(2, 3), "66.7%");
    // 6.25% rounds up, 12.5% is exact.
    assert_eq!(rate_label(1, 16), "6.3%");
    assert_eq!(rate_label(1, 8), "12.5%");
    assert_eq!(rate_label(0, 0), "—");
}

fn bulletin() -> BulletinInput {
    BulletinInput {
        issuer: "白沙县人民政府办公室".into(),
        number: "白政办通〔2026〕5号".into(),
        date: d(2026, 12, 10),
        recipient: "各乡镇人民政府，县政府各部门：".into(),
        period_label: "2026年第四季度".into(),
        frozen_on: d(2026, 12, 3),
        figures: InspectionFigures {
            agencies: 3,
            tasks: 14,
            completed: 12,
            overdue: 2,
        },
        agencies: vec![
            AgencyFindings {
                agency: "县教育局".into(),
                findings: vec![],
            },
            AgencyFindings {
                agency: "县交通运输局".into(),
                findings: vec![
                    Finding {
                        problem: "“三公”经费未按时公开。".into(),
                        rectification: "在门户网站公开2026年“三公”经费预算".into(),
                        deadline: d(2026, 12, 31),
                    },
                    Finding {
                        problem: "政策解读与文件未同步发布".into(),
                        rectification: String::new(),
                        deadline: d(2027, 1, 15),
                    },
                ],
            },
        ],
        listed: vec![ListedTask {
            agency: "县交通运输局".into(),
            number: "8".into(),
            text: "“三公”经费公开".into(),
            lead: units(&["局财务科", "局办公室"]),
            limit: Some(TimeLimit::on(d(2026, 11, 30))),
            state: TaskState::InProgress,
        }],
        report_by: Some(d(2027, 1, 20)),
    }
}

#[test]
fn the_bulletin_states_figures_findings_listed_tasks_and_demands() {
    let doc = inspection_bulletin(&bulletin());
    assert_eq!(
        doc.title,
        "关于2026年第四季度政务公开工作要点落实情况督查的通报"
    );
    assert_eq!(doc.number, "白政办通〔2026〕5号");
    assert_eq!(doc.recipient, "各乡镇人民政府，县政府各部门：");
    assert_eq!(doc.issuer, "白沙县人民政府办公室");
    assert_eq!(doc.date, d(2026, 12, 10));
    let want = vec![
        p(
            "为推动政务公开工作要点各项任务落到实处，白沙县人民政府办公室对2026年第四季度政务公开工作要点落实情况开展了督查，以2026年12月3日各项任务的办理状态为准。现将有关情况通报如下：",
        ),
        h("一、总体情况"),
        p(
            "截至2026年12月3日，本次督查共涉及3个单位的14项任务，已完成12项，完成率85.7%；超过完成时限仍未完成（红灯）的2项；列入本次通报的1项。",
        ),
        h("二、存在的问题及整改要求"),
        h("（一）县交通运输局"),
        p(
            "1.“三公”经费未按时公开。整改要求：在门户网站公开2026年“三公”经费预算，于2026年12月31日前整改到位。",
        ),
        p("2.政策解读与文件未同步发布。请于2027年1月15日前整改到位。"),
        h("三、列入通报的任务"),
        p("以下1项任务超过完成时限仍未完成，经催办后仍未办结，列入本次通报："),
        Block::Table {
            columns: row(&["序号", "单位", "任务", "牵头单位", "完成时限", "状态"]),
            rows: vec![row(&[
                "1",
                "县交通运输局",
                "8.“三公”经费公开",
                "局财务科、局办公室",
                "2026年11月30日前",
                "办理中",
            ])],
        },
        h("四、工作要求"),
        p(
            "请被通报单位高度重视，对照上述问题和整改要求逐项整改，在整改期限内整改到位，于2027年1月20日前将整改情况书面报送白沙县人民政府办公室；列入通报的任务须明确完成时间，尽快办结。整改情况将纳入下次督查。",
        ),
        p("特此通报。"),
    ];
    assert_eq!(doc.body, want);
}

#[test]
fn a_bulletin_without_tasks_or_findings_says_so() {
    let mut input = bulletin();
    input.figures = InspectionFigures {
        agencies: 2,
        ..InspectionFigures::default()
    };
    input.agencies.clear();
    input.listed.clear();
    input.report_by = None;
    let doc = inspection_bulletin(&input);
    assert_eq!(
        doc.body[2],
        p("截至2026年12月3日，本次督查共涉及2个单位，各单位工作要点均未分解具体任务。")
    );
    assert_eq!(doc.body[4], p("本次督查未发现需要整改的问题。"));
    assert_eq!(
        doc.body[6],
        p("本次督查没有超过完成时限仍未完成、应列入通报的任务。")
    );
    assert_eq!(
        doc.body[8],
        p("请各单位继续按照工作要点明确的完成时限推进各项任务，按时报告进展。")
    );
    assert!(
        !doc.body.iter().any(|b| matches!(b, Block::Table { .. })),
        "no table without listed tasks"
    );
}

#[test]
fn without_a_reporting_date_the_bulletin_asks_for_a_report_when_done() {
    let mut input = bulletin();
    input.report_by = None;
    let doc = inspection_bulletin(&input);
    let Some(Block::Paragraph(demand)) = doc.body.iter().rev().nth(1) else {
        panic!("{:?}", doc.body);
    };
    assert!(
        demand.contains("整改到位，整改完成后及时将整改情况书面报送白沙县人民政府办公室；"),
        "{demand}"
    );
}

fn lookback() -> LookbackInput {
    LookbackInput {
        agency: "宁德市交通运输局".into(),
        recipient: "市政府办公室：".into(),
        number: "宁交〔2027〕2号".into(),
        date: d(2027, 1, 12),
        year: 2026,
        plan: PlanRef {
            title: "《宁德市交通运输系统2026年政务公开工作要点》".into(),
            number: "宁交办〔2026〕31号".into(),
        },
        superior: Some(PlanRef {
            title: "宁德市2026年政务公开工作要点".into(),
            number: "宁政办〔2026〕86号".into(),
        }),
        tasks: vec![
            LookbackTask {
                number: "1".into(),
                text: "继续深化政府信息主动公开".into(),
                lead: units(&["局办公室"]),
                outcome: TaskOutcome::Completed {
                    on: d(2026, 12, 3),
                    text: "全年主动公开政府信息162条。".into(),
                },
            },
            LookbackTask {
                number: "5.".into(),
                text: "行政许可审批信息公开。".into(),
                lead: units(&["局审批科"]),
                outcome: TaskOutcome::Completed {
                    on: d(2026, 11, 20),
                    text: String::new(),
                },
            },
            LookbackTask {
                number: "9".into(),
                text: "工程建设项目信息公开".into(),
                lead: vec![],
                outcome: TaskOutcome::Open {
                    progress: "已公开项目批准信息".into(),
                    problem: "招标投标信息公开不及时".into(),
                    rectification: "建立项目信息公开台账".into(),
                    deadline: Some(d(2027, 3, 31)),
                },
            },
        ],
        next_plan: Some(NextPlan {
            plan: PlanRef {
                title: "宁德市交通运输系统2027年政务公开工作要点".into(),
                number: String::new(),
            },
            rows: vec![
                DivisionRow {
                    chapter: "一、全面深化政府信息公开工作".into(),
                    number: "1".into(),
                    text: "继续深化政府信息主动公开".into(),
                    lead: units(&["局办公室"]),
                    partners: units(&["系统各科室", "各单位"]),
                    limit: Some(TimeLimit::term(LimitKind::Ongoing, 2027)),
                },
                DivisionRow {
                    chapter: "一、全面深化政府信息公开工作".into(),
                    number: "2".into(),
                    text: "强化热点难点解读".into(),
                    lead: vec![],
                    partners: vec![],
                    limit: None,
                },
                DivisionRow {
                    chapter: "三、继续推进财政资金信息公开".into(),
                    number: "8".into(),
                    text: "“三公”经费公开".into(),
                    lead: units(&["局财务科"]),
                    partners: units(&["局办公室"]),
                    limit: Some(TimeLimit::on(d(2027, 6, 30))),
                },
            ],
        }),
    }
}

#[test]
fn the_implementation_report_has_the_shape_of_the_ningde_report() {
    let doc = implementation_report(&lookback());
    assert_eq!(
        doc.title,
        "宁德市交通运输局关于2026年政务公开工作要点落实情况的报告"
    );
    assert_eq!(doc.recipient, "市政府办公室：");
    assert_eq!(doc.number, "宁交〔2027〕2号");
    assert_eq!(doc.issuer, "宁德市交通运输局");
    let want = vec![
        p(
            "按照《宁德市2026年政务公开工作要点》（宁政办〔2026〕86号）部署，本机关制定了《宁德市交通运输系统2026年政务公开工作要点》（宁交办〔2026〕31号），明确3项任务，逐项落实牵头单位和完成时限。对照工作要点开展回头看，3项任务中已完成2项，完成率66.7%。现将落实情况报告如下：",
        ),
        h("一、工作开展情况"),
        p(
            "1.继续深化政府信息主动公开（牵头单位：局办公室）。全年主动公开政府信息162条。该项任务于2026年12月3日完成。",
        ),
        // No completion text: the date alone.
        p("5.行政许可审批信息公开（牵头单位：局审批科）。该项任务于2026年11月20日完成。"),
        p("9.工程建设项目信息公开。已公开项目批准信息。该项任务尚未完成。"),
        h("二、存在的问题"),
        p("对照工作要点，尚有1项任务未完成："),
        p(
            "9.工程建设项目信息公开。存在问题：招标投标信息公开不及时。整改措施：建立项目信息公开台账，2027年3月31日前完成。",
        ),
        h("三、下一步工作安排"),
        p("对未完成的1项任务，按照明确的整改措施和时限继续跟踪督办，逐项销号。"),
        p(
            "2027年，本机关制定了《宁德市交通运输系统2027年政务公开工作要点》，明确3项任务。工作分工如下：",
        ),
        Block::Table {
            columns: row(&["任务", "牵头科室", "配合科室", "完成时限"]),
            rows: vec![
                row(&["一、全面深化政府信息公开工作", "", "", ""]),
                row(&[
                    "1.继续深化政府信息主动公开",
                    "局办公室",
                    "系统各科室、各单位",
                    "持续推进",
                ]),
                row(&["2.强化热点难点解读", "", "", "未定时限"]),
                row(&["三、继续推进财政资金信息公开", "", "", ""]),
                row(&[
                    "8.“三公”经费公开",
                    "局财务科",
                    "局办公室",
                    "2027年6月30日前",
                ]),
            ],
        },
        p("特此报告。"),
    ];
    assert_eq!(doc.body, want);
}

#[test]
fn a_report_with_every_task_done_and_no_next_plan() {
    let mut input = lookback();
    input.tasks.truncate(2);
    input.superior = None;
    input.next_plan = None;
    let doc = implementation_report(&input);
    assert_eq!(
        doc.body[0],
        p(
            "本机关制定了《宁德市交通运输系统2026年政务公开工作要点》（宁交办〔2026〕31号），明确2项任务，逐项落实牵头单位和完成时限。对照工作要点开展回头看，2项任务中已完成2项，完成率100.0%。现将落实情况报告如下："
        )
    );
    assert_eq!(
        doc.body[5],
        p("工作要点明确的2项任务已全部完成，没有逾期未完成的任务。")
    );
    assert_eq!(
        &doc.body[6..],
        &[
            h("三、下一步工作安排"),
            p(
                "2027年政务公开工作要点印发后，本机关将及时逐项分解任务，明确牵头单位、配合单位和完成时限。"
            ),
            p("特此报告。"),
        ]
    );
}

#[test]
fn a_report_on_a_plan_without_tasks() {
    let mut input = lookback();
    input.tasks.clear();
    input.next_plan.as_mut().unwrap().rows.clear();
    let doc = implementation_report(&input);
    assert_eq!(
        doc.body,
        vec![
            p(
                "按照《宁德市2026年政务公开工作要点》（宁政办〔2026〕86号）部署，本机关制定了《宁德市交通运输系统2026年政务公开工作要点》（宁交办〔2026〕31号），未分解具体任务。现将落实情况报告如下："
            ),
            h("一、工作开展情况"),
            p("本年度工作要点未分解具体任务。"),
            h("二、存在的问题"),
            p("工作要点未分解到具体任务和责任单位，难以逐项跟踪落实。"),
            h("三、下一步工作安排"),
            p(
                "2027年，本机关制定了《宁德市交通运输系统2027年政务公开工作要点》，任务尚未分解，将及时明确牵头单位、配合单位和完成时限。"
            ),
            p("特此报告。"),
        ]
    );
}

#[test]
fn an_open_task_without_problem_or_measure_says_the_measure_is_missing() {
    let mut input = lookback();
    input.tasks[2].outcome = TaskOutcome::Open {
        progress: String::new(),
        problem: String::new(),
        rectification: String::new(),
        deadline: None,
    };
    let doc = implementation_report(&input);
    assert_eq!(doc.body[4], p("9.工程建设项目信息公开。该项任务尚未完成。"));
    assert_eq!(doc.body[7], p("9.工程建设项目信息公开。整改措施尚未明确。"));
}

fn summary(tasks: usize, completed: usize, remaining: Vec<RemainingTask>) -> LookbackSummary {
    LookbackSummary {
        year: 2026,
        plan_title: "白沙县交通运输局2026年政务公开工作要点".into(),
        tasks,
        completed,
        remaining,
    }
}

fn remaining(task: &str, rectification: &str, deadline: Option<NaiveDate>) -> RemainingTask {
    RemainingTask {
        task: task.into(),
        rectification: rectification.into(),
        deadline,
    }
}

#[test]
fn annual_report_sentences_for_fourteen_tasks_two_open() {
    let s = summary(
        14,
        12,
        vec![
            remaining("3.重大建设项目信息公开", "建立台账", Some(d(2027, 3, 31))),
            remaining("7.政策解读。", "与文件同步起草解读", Some(d(2027, 2, 28))),
        ],
    );
    let out = annual_report_sentences(&s);
    assert_eq!(
        out.part_one,
        "2026年，本机关制定《白沙县交通运输局2026年政务公开工作要点》，明确14项任务，已完成12项（完成率85.7%），尚有2项未完成。"
    );
    assert_eq!(
        out.part_five,
        "对照2026年政务公开工作要点开展回头看，尚有2项任务未完成：3.重大建设项目信息公开；7.政策解读。针对上述任务，已逐项明确整改措施和完成时限，2027年继续跟踪落实。"
    );
}

#[test]
fn annual_report_sentences_when_a_measure_is_still_missing() {
    let s = summary(
        3,
        2,
        vec![remaining("3.重大建设项目信息公开", "建立台账", None)],
    );
    assert_eq!(
        annual_report_sentences(&s).part_five,
        "对照2026年政务公开工作要点开展回头看，尚有1项任务未完成：3.重大建设项目信息公开。针对上述任务，正在逐项明确整改措施和完成时限，2027年继续跟踪落实。"
    );
}

#[test]
fn annual_report_sentences_when_all_are_done_or_there_are_none() {
    let all = annual_report_sentences(&summary(14, 14, vec![]));
    assert_eq!(
        all.part_one,
        "2026年，本机关制定《白沙县交通运输局2026年政务公开工作要点》，明确14项任务，已全部完成。"
    );
    assert_eq!(
        all.part_five,
        "对照2026年政务公开工作要点开展回头看，明确的14项任务已全部完成。2027年将按照新一年工作要点逐项分解、跟踪落实。"
    );
    let none = annual_report_sentences(&summary(0, 0, vec![]));
    assert_eq!(
        none.part_one,
        "2026年，本机关制定《白沙县交通运输局2026年政务公开工作要点》，未分解具体任务。"
    );
    assert_eq!(
        none.part_five,
        "2026年政务公开工作要点未分解具体任务，2027年将把工作要点逐项分解到责任单位并明确完成时限。"
    );
}

#[test]
fn the_summary_counts_the_lookback() {
    let s = lookback().summary();
    assert_eq!(s.year, 2026);
    assert_eq!(s.plan_title, "宁德市交通运输系统2026年政务公开工作要点");
    assert_eq!((s.tasks, s.completed), (3, 2));
    assert_eq!(
        s.remaining,
        vec![remaining(
            "9.工程建设项目信息公开",
            "建立项目信息公开台账",
            Some(d(2027, 3, 31))
        )]
    );
}
