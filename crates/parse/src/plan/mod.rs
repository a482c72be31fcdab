//! Reading a work plan (政务公开工作要点) with its division of work: for
//! each task (工作任务) its requirement, lead units (牵头单位), partner
//! units (配合单位) and time limit, from the layouts plans are published in:
//!
//! - **prose**, each task a numbered paragraph ending with its units in
//!   brackets: `(牵头单位:办公室、财务科)`, `(A牵头，B、C配合)`,
//!   `(责任单位:A;完成时限:2019年11月底前)` (corpus `001_…`);
//! - a **division table** one row per line (`|` or tabs, an HTML or DOCX
//!   table), columns in any order under any of their usual headers;
//! - the same table **one cell per line**, as copied from a page (corpus
//!   `004_…`): a numbered task, then its unit cells; a task followed by no
//!   cell at all shares the cells of the task above (merged cells).
//!
//! Simplified or traditional characters (folded first). Units are split
//! where the text lists them (`、，,；;`) and kept as written otherwise. The
//! reader never guesses: a line it cannot place, and a reading that rests
//! on a layout rule (merged cells, where lead ends and partners begin), is
//! reported beside the tasks.

mod prose;
mod table;
#[cfg(test)]
mod tests;

use serde_json::{Value, json};

use crate::decode::{ReadError, lines_of};
use crate::lines::Line;
use crate::norm::fold;

/// One task of the plan as read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlanTask {
    /// The chapter (or table group) it stands under, without its numbering.
    pub group: Option<String>,
    /// Its number as written (`（一）`, `5`), if any.
    pub number: Option<String>,
    /// The task itself (工作任务): a short name.
    pub task: String,
    /// 具体要求 / 工作要求, if given apart from the task.
    pub requirement: Option<String>,
    pub lead: Vec<String>,
    pub partners: Vec<String>,
    /// The time limit as written (`2019年11月底前`, `持续推进`), if any.
    pub deadline: Option<String>,
    /// The source line the task starts on (1-based).
    pub line: usize,
}

/// Something the reader could not place, or a reading resting on a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanNote {
    pub line: usize,
    pub message: String,
}

/// How the division of work was laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanLayout {
    Prose,
    RowPerLine,
    CellPerLine,
}

impl PlanLayout {
    pub fn code(self) -> &'static str {
        match self {
            PlanLayout::Prose => "prose",
            PlanLayout::RowPerLine => "rows",
            PlanLayout::CellPerLine => "cells",
        }
    }
}

/// A plan as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanReading {
    pub layout: PlanLayout,
    pub tasks: Vec<PlanTask>,
    /// Lines not placed and readings to check, in source order.
    pub notes: Vec<PlanNote>,
}

impl PlanReading {
    /// `{"layout":…,"tasks":[{"group":…|null,"task":…,"requirement":…|null,
    /// "lead":[…],"partners":[…],"deadline":…|null}],"notes":[…]}`.
    pub fn to_json(&self) -> Value {
        let tasks: Vec<Value> = self
            .tasks
            .iter()
            .map(|t| {
                json!({
                    "group": t.group,
                    "number": t.number,
                    "task": t.task,
                    "requirement": t.requirement,
                    "lead": t.lead,
                    "partners": t.partners,
                    "deadline": t.deadline,
                    "line": t.line,
                })
            })
            .collect();
        let notes: Vec<Value> = self
            .notes
            .iter()
            .map(|n| json!({"line": n.line, "message": n.message}))
            .collect();
        json!({"layout": self.layout.code(), "tasks": tasks, "notes": notes})
    }
}

/// Reads a plan from a file's bytes (text, HTML or DOCX).
pub fn read_plan_bytes(bytes: &[u8]) -> Result<PlanReading, ReadError> {
    let (_, lines) = lines_of(bytes)?;
    Ok(read_plan_lines(&lines))
}

/// Reads a plan from plain text.
pub fn read_plan_text(text: &str) -> PlanReading {
    read_plan_lines(&crate::lines::text_lines(text))
}

/// Reads a plan from lines: a division table when there is one (a header
/// row naming the task and lead columns), prose otherwise.
pub fn read_plan_lines(lines: &[Line]) -> PlanReading {
    let folded: Vec<Line> = lines.iter().map(folded_line).collect();
    if let Some(reading) = table::read(&folded) {
        return reading;
    }
    prose::read(&folded)
}

fn folded_line(l: &Line) -> Line {
    let mut l = l.clone();
    for p in &mut l.pieces {
        p.text = fold(&p.text).trim().to_string();
    }
    l
}

/// A chapter heading `一、…` (Chinese numeral, then 、 or a full stop):
/// its text without the numbering.
fn chapter_heading(text: &str) -> Option<String> {
    let rest = text.trim_start_matches(|c: char| "一二三四五六七八九十".contains(c));
    if rest.len() == text.len() {
        return None;
    }
    let rest = rest.strip_prefix(['、', '.', '．'])?;
    let rest = rest.trim();
    (!rest.is_empty() && rest.chars().count() <= 60 && !rest.contains('。'))
        .then(|| rest.to_string())
}

/// A task number at the start: `(一)`, `（一）`, `1.`, `1、`, `(1)`, `1)`;
/// the number as written and the rest.
fn task_number(text: &str) -> Option<(String, &str)> {
    let t = text.trim_start();
    if let Some(inner) = t.strip_prefix(['(', '（']) {
        let end = inner.find([')', '）'])?;
        let n = &inner[..end];
        let numeral = !n.is_empty()
            && n.chars().count() <= 3
            && n.chars()
                .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
        let rest = &inner[end + inner[end..].chars().next()?.len_utf8()..];
        return numeral.then(|| (format!("（{n}）"), rest.trim_start()));
    }
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let rest = t[digits.len()..].strip_prefix(['.', '、', '．', ')', '）'])?;
    // `2019年…` is a date, not a number.
    (!rest.is_empty()).then(|| (digits, rest.trim_start()))
}

/// Units as listed: split at `、，,；;/`, each trimmed of spacing and a
/// final full stop; empty pieces dropped. `公交公司等有关单位` stays whole.
fn split_units(text: &str) -> Vec<String> {
    text.split(['、', '，', ',', '；', ';', '/'])
        .map(|u| u.trim().trim_end_matches(['。', '.']).trim())
        .filter(|u| !u.is_empty())
        .map(str::to_string)
        .collect()
}

/// Endings of the names of units (科室, 单位, 公司 …).
const UNIT_ENDINGS: &[&str] = &[
    "科", "室", "办", "处", "站", "队", "局", "厅", "委", "会", "所", "院", "中心", "公司", "单位",
    "部门", "部", "组", "馆", "社", "校", "团", "府", "街道", "镇", "乡", "区", "县", "市", "行",
];

/// Whether a cell reads as one or more unit names (`局办公室`,
/// `系统各科室、`, `局属各单位`): short, no sentence punctuation, each
/// listed name ending as units do.
fn is_unit_cell(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > 40 || t.contains(['。', '：', ':', '；']) {
        return false;
    }
    if task_number(t).is_some() || chapter_heading(t).is_some() {
        return false;
    }
    let names = split_units(t);
    !names.is_empty()
        && names.iter().all(|n| {
            let n = n.trim_end_matches('等');
            UNIT_ENDINGS.iter().any(|e| n.ends_with(e)) && n.chars().count() <= 25
        })
}

/// A time limit as plans write it: a date before which (`2019年11月底前`,
/// `6月30日前`, `年底前`), or a term (`持续推进`, `长期坚持`, `按市里统一
/// 安排`, `每季度`). The phrase found in `text`, if any.
fn deadline_in(text: &str) -> Option<String> {
    const TERMS: &[&str] = &[
        "持续推进",
        "长期坚持",
        "长期",
        "常态化推进",
        "每季度",
        "每月",
        "每年",
        "年底前",
        "年内",
        "上半年",
        "下半年",
    ];
    if let Some(p) = dated_limit(text) {
        return Some(p);
    }
    if let Some(i) = text.find("按").filter(|_| text.contains("统一安排")) {
        let tail = &text[i..];
        let end = tail.find("统一安排")? + "统一安排".len();
        let phrase = &tail[..end];
        if phrase.chars().count() <= 12 {
            return Some(phrase.to_string());
        }
    }
    let short = text.trim().chars().count() <= 12;
    TERMS
        .iter()
        .find(|t| {
            if short {
                text.contains(**t)
            } else {
                text.trim() == **t
            }
        })
        .map(|t| t.to_string())
}

/// `YYYY年M月(底|上旬|中旬|下旬|D日)?前` or `M月(…)前`: the phrase.
fn dated_limit(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c != '前' {
            continue;
        }
        // Walk back over the date: digits, 年, 月, 日, 底, 旬 and 上中下.
        let mut j = i;
        while j > 0 && (chars[j - 1].is_ascii_digit() || "年月日底旬上中下".contains(chars[j - 1]))
        {
            j -= 1;
        }
        let phrase: String = chars[j..=i].iter().collect();
        let has_month = phrase.contains('月');
        let starts_digit = chars.get(j).is_some_and(char::is_ascii_digit);
        if (has_month && starts_digit) || phrase.ends_with("年底前") {
            return Some(phrase);
        }
    }
    None
}

/// Lead and partner units from a bracket's content: `牵头单位:A、B`,
/// `责任单位:A;配合单位:B`, `A牵头，B、C配合`, `A负责`. None when the
/// content names no units.
fn units_in_bracket(content: &str) -> Option<(Vec<String>, Vec<String>, Option<String>)> {
    let c = content.trim();
    let mut lead = Vec::new();
    let mut partners = Vec::new();
    let mut deadline = None;
    let mut found = false;
    for part in c.split(['；', ';']) {
        let part = part.trim();
        let (label, value) = match part.split_once([':', '：']) {
            Some((l, v)) => (l.trim(), v.trim()),
            None => ("", part),
        };
        if label.contains("配合") || label.contains("协办") || label.contains("参与") {
            partners.extend(split_units(value));
            found = true;
        } else if label.contains("牵头") || label.contains("责任") || label.contains("主责") {
            lead.extend(split_units(value));
            found = true;
        } else if label.contains("时限") || label.contains("时间") {
            deadline = Some(value.to_string());
        } else if label.is_empty() {
            found |= inline_roles(value, &mut lead, &mut partners);
        }
    }
    found.then_some((lead, partners, deadline))
}

/// `A、B牵头，C、D配合` / `A负责` / `A牵头` written without labels.
fn inline_roles(text: &str, lead: &mut Vec<String>, partners: &mut Vec<String>) -> bool {
    let mut found = false;
    for clause in text.split(['，', ',']) {
        let clause = clause.trim();
        if let Some(units) = clause
            .strip_suffix("牵头")
            .or_else(|| clause.strip_suffix("负责"))
        {
            lead.extend(split_units(units));
            found = true;
        } else if let Some(units) = clause
            .strip_suffix("配合")
            .or_else(|| clause.strip_suffix("参与"))
        {
            partners.extend(split_units(units));
            found = true;
        }
    }
    found
}
