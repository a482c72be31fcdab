//! The look-back's papers: the report on the implementation of a year's
//! plan (the shape of corpus `004_…`) and the annual report's sentences.

use chrono::NaiveDate;

use super::{
    Block, DIVISION_COLUMNS, DivisionRow, Document, LookbackInput, LookbackSummary, LookbackTask,
    PAPER_KIND, PlanSentences, TaskOutcome, bare, cite, date_cn, lead_note, limit_label, numbered,
    rate_label, sentence,
};

/// The report on the implementation of a year's plan (工作要点落实情况报告).
pub fn implementation_report(input: &LookbackInput) -> Document {
    let summary = input.summary();
    let mut body = vec![Block::Paragraph(opening(input, &summary))];
    body.push(Block::Heading("一、工作开展情况".into()));
    if input.tasks.is_empty() {
        body.push(Block::Paragraph("本年度工作要点未分解具体任务。".into()));
    }
    body.extend(
        input
            .tasks
            .iter()
            .map(|t| Block::Paragraph(done_sentence(t))),
    );
    body.push(Block::Heading("二、存在的问题".into()));
    body.extend(problem_blocks(input, &summary));
    body.push(Block::Heading("三、下一步工作安排".into()));
    body.extend(next_blocks(input, &summary));
    body.push(Block::Paragraph("特此报告。".into()));
    Document {
        kind: PAPER_KIND,
        title: format!(
            "{}关于{}年政务公开工作要点落实情况的报告",
            input.agency, input.year
        ),
        number: input.number.clone(),
        recipient: input.recipient.clone(),
        body,
        issuer: input.agency.clone(),
        date: input.date,
    }
}

fn opening(input: &LookbackInput, s: &LookbackSummary) -> String {
    let basis = match &input.superior {
        Some(sup) => format!("按照{}部署，", cite(sup)),
        None => String::new(),
    };
    let tasks = if s.tasks == 0 {
        "未分解具体任务".to_string()
    } else {
        format!(
            "明确{}项任务，逐项落实牵头单位和完成时限。对照工作要点开展回头看，{}项任务中已完成{}项，完成率{}",
            s.tasks,
            s.tasks,
            s.completed,
            rate_label(s.completed, s.tasks)
        )
    };
    format!(
        "{basis}本机关制定了{}，{tasks}。现将落实情况报告如下：",
        cite(&input.plan)
    )
}

/// What was done on a task, for part 一.
fn done_sentence(t: &LookbackTask) -> String {
    let head = format!("{}{}。", numbered(&t.number, &t.text), lead_note(&t.lead));
    match &t.outcome {
        TaskOutcome::Completed { on, text } => {
            format!("{head}{}该项任务于{}完成。", sentence(text), date_cn(*on))
        }
        TaskOutcome::Open { progress, .. } => {
            format!("{head}{}该项任务尚未完成。", sentence(progress))
        }
    }
}

fn problem_blocks(input: &LookbackInput, s: &LookbackSummary) -> Vec<Block> {
    if s.tasks == 0 {
        return vec![Block::Paragraph(
            "工作要点未分解到具体任务和责任单位，难以逐项跟踪落实。".into(),
        )];
    }
    if s.remaining.is_empty() {
        return vec![Block::Paragraph(format!(
            "工作要点明确的{}项任务已全部完成，没有逾期未完成的任务。",
            s.tasks
        ))];
    }
    let mut out = vec![Block::Paragraph(format!(
        "对照工作要点，尚有{}项任务未完成：",
        s.remaining.len()
    ))];
    for t in &input.tasks {
        if let TaskOutcome::Open {
            problem,
            rectification,
            deadline,
            ..
        } = &t.outcome
        {
            out.push(Block::Paragraph(open_sentence(
                t,
                problem,
                rectification,
                *deadline,
            )));
        }
    }
    out
}

fn open_sentence(
    t: &LookbackTask,
    problem: &str,
    rectification: &str,
    deadline: Option<NaiveDate>,
) -> String {
    let mut s = format!("{}{}。", numbered(&t.number, &t.text), lead_note(&t.lead));
    if !bare(problem).is_empty() {
        s.push_str(&format!("存在问题：{}", sentence(problem)));
    }
    match (bare(rectification), deadline) {
        ("", _) => s.push_str("整改措施尚未明确。"),
        (r, Some(d)) => s.push_str(&format!("整改措施：{r}，{}前完成。", date_cn(d))),
        (r, None) => s.push_str(&format!("整改措施：{r}。")),
    }
    s
}

fn next_blocks(input: &LookbackInput, s: &LookbackSummary) -> Vec<Block> {
    let next_year = input.year + 1;
    let mut out = Vec::new();
    if !s.remaining.is_empty() {
        out.push(Block::Paragraph(format!(
            "对未完成的{}项任务，按照明确的整改措施和时限继续跟踪督办，逐项销号。",
            s.remaining.len()
        )));
    }
    let Some(next) = &input.next_plan else {
        out.push(Block::Paragraph(format!(
            "{next_year}年政务公开工作要点印发后，本机关将及时逐项分解任务，明确牵头单位、配合单位和完成时限。"
        )));
        return out;
    };
    if next.rows.is_empty() {
        out.push(Block::Paragraph(format!(
            "{next_year}年，本机关制定了{}，任务尚未分解，将及时明确牵头单位、配合单位和完成时限。",
            cite(&next.plan)
        )));
        return out;
    }
    out.push(Block::Paragraph(format!(
        "{next_year}年，本机关制定了{}，明确{}项任务。工作分工如下：",
        cite(&next.plan),
        next.rows.len()
    )));
    out.push(division_table(&next.rows));
    out
}

/// The division table; a chapter gets a row of its own where it changes.
fn division_table(rows: &[DivisionRow]) -> Block {
    let mut out = Vec::new();
    let mut chapter = "";
    for r in rows {
        let c = r.chapter.trim();
        if !c.is_empty() && c != chapter {
            out.push(vec![
                c.to_string(),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
        chapter = c;
        out.push(vec![
            numbered(&r.number, &r.text),
            r.lead.join("、"),
            r.partners.join("、"),
            limit_label(r.limit),
        ]);
    }
    Block::Table {
        columns: DIVISION_COLUMNS.map(String::from).to_vec(),
        rows: out,
    }
}

/// The sentences for the annual report's parts 一 and 五.
pub fn annual_report_sentences(s: &LookbackSummary) -> PlanSentences {
    PlanSentences {
        part_one: part_one(s),
        part_five: part_five(s),
    }
}

fn part_one(s: &LookbackSummary) -> String {
    let plan = format!("{}年，本机关制定《{}》", s.year, s.plan_title);
    match (s.tasks, s.remaining.len()) {
        (0, _) => format!("{plan}，未分解具体任务。"),
        (n, 0) => format!("{plan}，明确{n}项任务，已全部完成。"),
        (n, k) => format!(
            "{plan}，明确{n}项任务，已完成{}项（完成率{}），尚有{k}项未完成。",
            s.completed,
            rate_label(s.completed, n)
        ),
    }
}

fn part_five(s: &LookbackSummary) -> String {
    let (year, next) = (s.year, s.year + 1);
    if s.tasks == 0 {
        return format!(
            "{year}年政务公开工作要点未分解具体任务，{next}年将把工作要点逐项分解到责任单位并明确完成时限。"
        );
    }
    if s.remaining.is_empty() {
        return format!(
            "对照{year}年政务公开工作要点开展回头看，明确的{}项任务已全部完成。{next}年将按照新一年工作要点逐项分解、跟踪落实。",
            s.tasks
        );
    }
    let list: Vec<&str> = s.remaining.iter().map(|t| bare(&t.task)).collect();
    let settled = s
        .remaining
        .iter()
        .all(|t| !bare(&t.rectification).is_empty() && t.deadline.is_some());
    let measures = if settled { "已" } else { "正在" };
    format!(
        "对照{year}年政务公开工作要点开展回头看，尚有{}项任务未完成：{}。针对上述任务，{measures}逐项明确整改措施和完成时限，{next}年继续跟踪落实。",
        s.remaining.len(),
        list.join("；")
    )
}
