//! A plan written as prose: chapters `一、…`, tasks as numbered paragraphs
//! (`(一)做好…。具体要求…。(牵头单位:办公室、财务科)`), and unnumbered
//! paragraphs that end with their units in brackets. A paragraph with
//! neither a number nor units (the preamble, a chapter's introduction) is
//! not a task.

use super::text::{chapter_heading, deadline_in, short, task_number};
use super::units::{Division, units_in_bracket};
use super::{PlanLayout, PlanNote, PlanReading, PlanTask};
use crate::lines::Line;

pub(super) fn read(lines: &[Line]) -> PlanReading {
    let mut group: Option<String> = None;
    let mut tasks = Vec::new();
    let mut notes = Vec::new();
    for line in lines {
        let text = line.text();
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if let Some(h) = chapter_heading(text) {
            group = Some(h);
            continue;
        }
        let (number, body) = match task_number(text) {
            Some((n, rest)) => (Some(n), rest),
            None => (None, text),
        };
        let (body, units) = split_bracket(body);
        if number.is_none() && units.is_none() {
            if mentions_units(body) {
                notes.push(PlanNote {
                    line: line.no,
                    message: format!(
                        "第{}行提到牵头或配合单位，但不是“(牵头单位:…)”的写法，未作为任务读取：{}",
                        line.no,
                        short(body, 30)
                    ),
                });
            }
            continue;
        }
        let task = task_of(line.no, group.clone(), number, body, units, &mut notes);
        tasks.push(task);
    }
    PlanReading {
        layout: PlanLayout::Prose,
        tasks,
        notes,
    }
}

fn task_of(
    line: usize,
    group: Option<String>,
    number: Option<String>,
    body: &str,
    units: Option<Division>,
    notes: &mut Vec<PlanNote>,
) -> PlanTask {
    let (task, requirement) = match body.split_once('。') {
        Some((t, r)) if !r.trim().is_empty() => (t.trim().to_string(), Some(r.trim().to_string())),
        Some((t, _)) => (t.trim().to_string(), None),
        None => (body.trim().to_string(), None),
    };
    let d = units.unwrap_or_default();
    let name = number.clone().unwrap_or_else(|| short(&task, 12));
    notes.extend(d.problems.into_iter().map(|p| PlanNote {
        line,
        message: format!("第{line}行任务{name}：{p}"),
    }));
    let (lead, partners) = (d.lead, d.partners);
    let deadline = d.deadline.or_else(|| deadline_in(body));
    PlanTask {
        group,
        number,
        task,
        requirement,
        lead,
        partners,
        deadline,
        line,
        remark: None,
    }
}

/// The paragraph without its final bracket of units, and the units; the
/// paragraph unchanged when it ends with no such bracket.
fn split_bracket(body: &str) -> (&str, Option<Division>) {
    let trimmed = body.trim_end().trim_end_matches(['。', '.']).trim_end();
    let Some(inner_end) = trimmed.strip_suffix([')', '）']) else {
        return (body, None);
    };
    let Some(open) = inner_end.rfind(['(', '（']) else {
        return (body, None);
    };
    let content = &inner_end[open + inner_end[open..].chars().next().map_or(1, char::len_utf8)..];
    match units_in_bracket(content) {
        Some(units) => (inner_end[..open].trim_end(), Some(units)),
        None => (body, None),
    }
}

fn mentions_units(text: &str) -> bool {
    ["牵头单位", "责任单位", "配合单位"]
        .iter()
        .any(|w| text.contains(w))
}
