//! The papers of supervision and look-back, as [`Document`]s for
//! `gongkai-render`: the supervising office's 督查通报 of a quarterly
//! inspection ([`inspection_bulletin`]), an agency's report on how it carried
//! out its plan (工作要点落实情况报告, [`implementation_report`], the shape of
//! corpus `004_…`: what was done, the problems, next year's plan with its
//! division table) and the sentences the annual report's parts 一 and 五 take
//! from the look-back ([`annual_report_sentences`]).
//!
//! The inputs are what the lists already show (units as names, the state as
//! folded); the builders only write. Task text and reports are the agency's
//! own words: their trailing punctuation is dropped and the sentence closed
//! here, so that no paragraph ends in "。。".

use chrono::NaiveDate;

use super::{TaskState, TimeLimit};
use crate::document::{Block, Document, DocumentKind, date_cn};

/// The kind the plan papers carry. [`DocumentKind`] names the letters of a
/// case and has no kind for them yet; nothing reads a paper's kind (the
/// renderer does not), so this stands in until the papers are stored as
/// documents of their own kind.
pub const PAPER_KIND: DocumentKind = DocumentKind::Receipt;

/// The columns of the table of tasks listed in a 通报.
pub const LISTED_COLUMNS: [&str; 6] = ["序号", "单位", "任务", "牵头单位", "完成时限", "状态"];

/// The columns of next year's division table in the implementation report
/// (as corpus `004_…` heads it, with the time limit the plans now carry).
pub const DIVISION_COLUMNS: [&str; 4] = ["任务", "牵头科室", "配合科室", "完成时限"];

/// The input of a quarterly inspection's 督查通报.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulletinInput {
    /// The supervising office's agency, printed at the end (落款).
    pub issuer: String,
    /// e.g. 白政办通〔2026〕5号 (may be empty).
    pub number: String,
    pub date: NaiveDate,
    /// 主送, e.g. `各乡镇人民政府，县政府各部门：`.
    pub recipient: String,
    /// The period inspected, e.g. `2026年第四季度`.
    pub period_label: String,
    /// The date the state of every task was frozen on (截至X月X日).
    pub frozen_on: NaiveDate,
    pub figures: InspectionFigures,
    /// The findings per agency; agencies without findings are not named.
    pub agencies: Vec<AgencyFindings>,
    /// The tasks in the 通报 list (overdue past the grace of the 催办).
    pub listed: Vec<ListedTask>,
    /// By when the agencies report their rectification back; `None`: as
    /// soon as it is done.
    pub report_by: Option<NaiveDate>,
}

/// The counts of an inspection on its frozen date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InspectionFigures {
    /// Agencies inspected.
    pub agencies: usize,
    pub tasks: usize,
    /// Accepted (已销号).
    pub completed: usize,
    /// Past the time limit and open (红灯).
    pub overdue: usize,
}

/// One agency's findings (督查发现的问题).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyFindings {
    pub agency: String,
    pub findings: Vec<Finding>,
}

/// A problem found and the rectification (整改) required, with its deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub problem: String,
    /// 整改要求 (may be empty: then only the deadline is set).
    pub rectification: String,
    pub deadline: NaiveDate,
}

/// A task in the 通报 list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedTask {
    pub agency: String,
    /// The task's number in its plan, e.g. `3` or `（二）3`.
    pub number: String,
    pub text: String,
    pub lead: Vec<String>,
    pub limit: Option<TimeLimit>,
    pub state: TaskState,
}

/// A plan as a report cites it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanRef {
    /// e.g. 白沙县交通运输局2026年政务公开工作要点 (with or without 《》).
    pub title: String,
    /// e.g. 白交办〔2026〕3号 (may be empty).
    pub number: String,
}

/// The input of the report on the implementation of a year's plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookbackInput {
    /// The reporting agency, printed at the end.
    pub agency: String,
    /// 主送, e.g. `县人民政府办公室：`.
    pub recipient: String,
    pub number: String,
    pub date: NaiveDate,
    /// The plan's year.
    pub year: i32,
    pub plan: PlanRef,
    /// The superior's plan this one implements.
    pub superior: Option<PlanRef>,
    /// Every task with a responsible unit and a time limit (回头看).
    pub tasks: Vec<LookbackTask>,
    /// Next year's plan, when issued.
    pub next_plan: Option<NextPlan>,
}

/// A task as the look-back finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookbackTask {
    pub number: String,
    pub text: String,
    pub lead: Vec<String>,
    pub outcome: TaskOutcome,
}

/// How a task ended the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskOutcome {
    /// 已销号: on the day accepted, with the completion (or last progress)
    /// report's text, which may be empty.
    Completed { on: NaiveDate, text: String },
    /// Not completed: the last progress report (may be empty), the problem
    /// and the rectification with its deadline, as far as stated.
    Open {
        progress: String,
        problem: String,
        rectification: String,
        deadline: Option<NaiveDate>,
    },
}

/// Next year's plan with its division of work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextPlan {
    pub plan: PlanRef,
    pub rows: Vec<DivisionRow>,
}

/// One task of a division table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DivisionRow {
    /// The chapter the task stands under (一、…), printed as a row of its
    /// own where it changes; empty for none.
    pub chapter: String,
    pub number: String,
    pub text: String,
    pub lead: Vec<String>,
    pub partners: Vec<String>,
    pub limit: Option<TimeLimit>,
}

/// What the annual report takes from the look-back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookbackSummary {
    pub year: i32,
    pub plan_title: String,
    pub tasks: usize,
    pub completed: usize,
    /// The tasks not completed, in plan order.
    pub remaining: Vec<RemainingTask>,
}

/// A task not completed at the look-back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemainingTask {
    /// Number and text, e.g. `3.重大建设项目信息公开`.
    pub task: String,
    pub rectification: String,
    pub deadline: Option<NaiveDate>,
}

/// Ready sentences for the annual report: part 一 (总体情况) and part 五
/// (存在的主要问题及改进情况).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanSentences {
    pub part_one: String,
    pub part_five: String,
}

impl LookbackInput {
    pub fn summary(&self) -> LookbackSummary {
        let remaining = self
            .tasks
            .iter()
            .filter_map(|t| match &t.outcome {
                TaskOutcome::Completed { .. } => None,
                TaskOutcome::Open {
                    rectification,
                    deadline,
                    ..
                } => Some(RemainingTask {
                    task: numbered(&t.number, &t.text),
                    rectification: rectification.clone(),
                    deadline: *deadline,
                }),
            })
            .collect::<Vec<_>>();
        LookbackSummary {
            year: self.year,
            plan_title: bare_title(&self.plan.title),
            tasks: self.tasks.len(),
            completed: self.tasks.len() - remaining.len(),
            remaining,
        }
    }
}

/// A completion rate with one decimal, rounded half up: 12 of 14 →
/// `85.7%`; `—` when there are no tasks.
pub fn rate_label(completed: usize, total: usize) -> String {
    if total == 0 {
        return "—".into();
    }
    // Per mille, rounded half up, in integers (no binary fractions).
    let permille = (completed * 2000 + total) / (2 * total);
    format!("{}.{}%", permille / 10, permille % 10)
}

/// The supervising office's 通报 of a quarterly inspection.
pub fn inspection_bulletin(input: &BulletinInput) -> Document {
    let period = input.period_label.trim();
    let mut body = vec![Block::Paragraph(format!(
        "为推动政务公开工作要点各项任务落到实处，{}对{period}政务公开工作要点落实情况开展了督查，以{}各项任务的办理状态为准。现将有关情况通报如下：",
        input.issuer,
        date_cn(input.frozen_on)
    ))];
    body.push(Block::Heading("一、总体情况".into()));
    body.push(Block::Paragraph(figures_sentence(input)));
    body.push(Block::Heading("二、存在的问题及整改要求".into()));
    body.extend(findings_blocks(&input.agencies));
    body.push(Block::Heading("三、列入通报的任务".into()));
    body.extend(listed_blocks(&input.listed));
    body.push(Block::Heading("四、工作要求".into()));
    body.push(Block::Paragraph(requirements_sentence(input)));
    body.push(Block::Paragraph("特此通报。".into()));
    Document {
        kind: PAPER_KIND,
        title: format!("关于{period}政务公开工作要点落实情况督查的通报"),
        number: input.number.clone(),
        recipient: input.recipient.clone(),
        body,
        issuer: input.issuer.clone(),
        date: input.date,
    }
}

fn figures_sentence(input: &BulletinInput) -> String {
    let f = input.figures;
    let frozen = date_cn(input.frozen_on);
    if f.tasks == 0 {
        return format!(
            "截至{frozen}，本次督查共涉及{}个单位，各单位工作要点均未分解具体任务。",
            f.agencies
        );
    }
    format!(
        "截至{frozen}，本次督查共涉及{}个单位的{}项任务，已完成{}项，完成率{}；超过完成时限仍未完成（红灯）的{}项；列入本次通报的{}项。",
        f.agencies,
        f.tasks,
        f.completed,
        rate_label(f.completed, f.tasks),
        f.overdue,
        input.listed.len()
    )
}

fn findings_blocks(agencies: &[AgencyFindings]) -> Vec<Block> {
    let named: Vec<&AgencyFindings> = agencies.iter().filter(|a| !a.findings.is_empty()).collect();
    if named.is_empty() {
        return vec![Block::Paragraph("本次督查未发现需要整改的问题。".into())];
    }
    let mut out = Vec::new();
    for (i, a) in named.iter().enumerate() {
        out.push(Block::Heading(format!(
            "（{}）{}",
            numeral(i + 1),
            a.agency
        )));
        for (j, f) in a.findings.iter().enumerate() {
            let deadline = date_cn(f.deadline);
            let demand = match bare(&f.rectification) {
                "" => format!("请于{deadline}前整改到位。"),
                r => format!("整改要求：{r}，于{deadline}前整改到位。"),
            };
            out.push(Block::Paragraph(format!(
                "{}.{}{demand}",
                j + 1,
                sentence(&f.problem)
            )));
        }
    }
    out
}

fn listed_blocks(listed: &[ListedTask]) -> Vec<Block> {
    if listed.is_empty() {
        return vec![Block::Paragraph(
            "本次督查没有超过完成时限仍未完成、应列入通报的任务。".into(),
        )];
    }
    let rows = listed
        .iter()
        .enumerate()
        .map(|(i, t)| {
            vec![
                (i + 1).to_string(),
                t.agency.clone(),
                numbered(&t.number, &t.text),
                t.lead.join("、"),
                limit_label(t.limit),
                t.state.label().to_string(),
            ]
        })
        .collect();
    vec![
        Block::Paragraph(format!(
            "以下{}项任务超过完成时限仍未完成，经催办后仍未办结，列入本次通报：",
            listed.len()
        )),
        Block::Table {
            columns: LISTED_COLUMNS.map(String::from).to_vec(),
            rows,
        },
    ]
}

fn requirements_sentence(input: &BulletinInput) -> String {
    let nothing = input.listed.is_empty() && input.agencies.iter().all(|a| a.findings.is_empty());
    if nothing {
        return "请各单位继续按照工作要点明确的完成时限推进各项任务，按时报告进展。".into();
    }
    let report = match input.report_by {
        Some(d) => format!("于{}前将整改情况书面报送{}", date_cn(d), input.issuer),
        None => format!("整改完成后及时将整改情况书面报送{}", input.issuer),
    };
    format!(
        "请被通报单位高度重视，对照上述问题和整改要求逐项整改，在整改期限内整改到位，{report}；列入通报的任务须明确完成时间，尽快办结。整改情况将纳入下次督查。"
    )
}

/// `《title》（number）`, the number left out when there is none.
fn cite(p: &PlanRef) -> String {
    let title = bare_title(&p.title);
    match p.number.trim() {
        "" => format!("《{title}》"),
        n => format!("《{title}》（{n}）"),
    }
}

fn bare_title(title: &str) -> String {
    title.trim().trim_matches(['《', '》']).trim().to_string()
}

/// `（牵头单位：A、B）`, or nothing without a lead unit.
fn lead_note(lead: &[String]) -> String {
    if lead.is_empty() {
        return String::new();
    }
    format!("（牵头单位：{}）", lead.join("、"))
}

fn limit_label(limit: Option<TimeLimit>) -> String {
    limit.map_or_else(|| "未定时限".to_string(), |l| l.label())
}

/// A task as its plan numbers it: `3.继续深化…` after an Arabic number (as
/// corpus `004_…` writes them), the number as it is otherwise (`（三）…`).
fn numbered(number: &str, text: &str) -> String {
    let n = number.trim().trim_end_matches(['.', '．', '、']);
    let text = bare(text);
    match n.chars().last() {
        None => text.to_string(),
        Some(c) if c.is_ascii_digit() => format!("{n}.{text}"),
        Some(_) => format!("{n}{text}"),
    }
}

/// Text without surrounding blanks and trailing punctuation.
fn bare(text: &str) -> &str {
    text.trim()
        .trim_end_matches(['。', '；', ';', '，', ',', '.', '：', ':'])
        .trim_end()
}

/// The text as one closed sentence (`…。`), or nothing for empty text.
fn sentence(text: &str) -> String {
    match bare(text) {
        "" => String::new(),
        t if t.ends_with(['！', '？']) => t.to_string(),
        t => format!("{t}。"),
    }
}

/// 1 → 一, 12 → 十二, 20 → 二十 (up to 99; beyond, the Arabic number).
fn numeral(n: usize) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => DIGITS[n].to_string(),
        10..=19 => format!("十{}", DIGITS[n % 10]),
        20..=99 => format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10]),
        _ => n.to_string(),
    }
}

#[path = "paper_lookback.rs"]
mod lookback;

pub use lookback::{annual_report_sentences, implementation_report};

#[cfg(test)]
#[path = "paper_tests.rs"]
mod tests;
