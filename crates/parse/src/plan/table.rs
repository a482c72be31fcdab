//! A plan's division table (工作分工表): found by its header (a task column
//! and a lead column under any of their usual names), then read one row per
//! line (cells known) or one cell per line (as copied from a page).
//!
//! A table read from a file with its merges (DOCX, XLSX, an HTML table with
//! `rowspan`) has every cell of a merged region filled with its text, so a
//! label spanning two columns names both (`工作任务` over the task and its
//! number) and a group spanning rows applies to each; a column so named twice
//! is read as one, its number cell as the row's number and a chapter heading
//! in it as the group.

use super::cells;
use super::text::{bare_number, chapter_heading, heading_cell, numeral_prefix, short, task_number};
use super::units::{Division, lead_cell, partner_cell};
use super::{PlanLayout, PlanNote, PlanReading, PlanTask};
use crate::lines::Line;
use crate::norm::key;

/// What a column of the table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    Number,
    Group,
    Task,
    Requirement,
    Lead,
    Partners,
    Deadline,
    Note,
}

/// The column a header cell names (`牵头科室（单位）`, `完成时限`, …).
fn column_of(text: &str) -> Option<Column> {
    let k = key(text);
    if k.is_empty() || k.chars().count() > 12 {
        return None;
    }
    let has = |w: &[&str]| w.iter().any(|w| k.contains(w));
    Some(if has(&["序号", "编号"]) {
        Column::Number
    } else if has(&["配合", "协办", "参与"]) {
        Column::Partners
    } else if has(&["牵头", "责任", "主责", "承办"]) {
        Column::Lead
    } else if has(&["时限", "完成时间", "时间安排", "完成期限", "时间节点"]) {
        Column::Deadline
    } else if has(&["要求", "措施", "标准"]) {
        Column::Requirement
    } else if has(&["任务", "工作内容", "事项", "重点工作", "主要内容"]) {
        Column::Task
    } else if has(&["备注"]) {
        Column::Note
    } else if has(&["类别", "板块", "领域"]) {
        Column::Group
    } else {
        return None;
    })
}

/// The plan's table, if it has one.
pub(super) fn read(lines: &[Line]) -> Option<PlanReading> {
    for (i, line) in lines.iter().enumerate() {
        if line.delimited {
            let columns: Vec<Option<Column>> =
                line.pieces.iter().map(|p| column_of(&p.text)).collect();
            if has_task_and_lead(&columns) {
                return Some(rows(&lines[i + 1..], line));
            }
        } else if column_of(&line.text()) == Some(Column::Task) {
            let (columns, used) = cell_header(&lines[i..]);
            if has_task_and_lead(&columns) {
                return Some(cells::read(&lines[i + used..], &columns, line.no));
            }
        }
    }
    None
}

fn has_task_and_lead(columns: &[Option<Column>]) -> bool {
    columns.contains(&Some(Column::Task)) && columns.contains(&Some(Column::Lead))
}

/// The header of a table one cell per line: the column cells from the
/// task's on, with continuation lines such as `(单位)`; how many lines.
fn cell_header(lines: &[Line]) -> (Vec<Option<Column>>, usize) {
    let mut columns = Vec::new();
    let mut used = 0;
    for line in lines.iter().take(12) {
        let text = line.text();
        if let Some(c) = column_of(&text) {
            columns.push(Some(c));
        } else if !(text.starts_with(['(', '（']) && text.chars().count() <= 8) {
            break;
        }
        used += 1;
    }
    (columns, used)
}

pub(super) fn note(line: usize, message: String) -> PlanNote {
    PlanNote { line, message }
}

/// The columns of a header row, with what it says about them: a label no
/// division table uses is reported (its cells are not read); a table naming
/// both 牵头单位 and 责任单位 reads the second as the units that carry the
/// task out under the lead, i.e. its partners, and says so.
pub(super) fn header_columns(header: &Line, notes: &mut Vec<PlanNote>) -> Vec<Option<Column>> {
    let texts: Vec<&str> = header.pieces.iter().map(|p| p.text.as_str()).collect();
    let mut columns: Vec<Option<Column>> = texts.iter().map(|t| column_of(t)).collect();
    let leads_named = texts
        .iter()
        .zip(&columns)
        .any(|(t, c)| *c == Some(Column::Lead) && key(t).contains("牵头"));
    let mut said: Vec<&str> = Vec::new();
    for (t, c) in texts.iter().zip(columns.iter_mut()) {
        if t.is_empty() || said.contains(t) {
            continue;
        }
        if leads_named && *c == Some(Column::Lead) && !key(t).contains("牵头") {
            *c = Some(Column::Partners);
            notes.push(note(
                header.no,
                format!("表头同时有牵头单位和“{t}”两列：“{t}”按配合单位读取，请核对。"),
            ));
        } else if c.is_none() {
            notes.push(note(
                header.no,
                format!(
                    "第{}行表头“{t}”不是分工表的列（工作任务、具体要求、牵头单位、配合单位、完成时限、备注），该列未读取。",
                    header.no
                ),
            ));
        }
        said.push(t);
    }
    columns
}

/// A task from its first cell: number, name and, after a full stop, the
/// requirement.
pub(super) fn task_cell(text: &str, group: &Option<String>, line: usize) -> PlanTask {
    let (number, rest) = match task_number(text).or_else(|| numeral_prefix(text)) {
        Some((n, r)) => (Some(n), r),
        None => (None, text),
    };
    let (task, requirement) = match rest.split_once('。') {
        Some((t, r)) if !r.trim().is_empty() => (t.to_string(), Some(r.trim().to_string())),
        _ => (rest.trim_end_matches('。').to_string(), None),
    };
    PlanTask {
        group: group.clone(),
        number,
        task: task.trim().to_string(),
        requirement,
        line,
        ..PlanTask::default()
    }
}

/// One row per line: each cell in its column; a row one cell short of the
/// header whose first column is a group or number column lost that cell to
/// a merge (the group spans several rows).
fn rows(lines: &[Line], header: &Line) -> PlanReading {
    let header_line = header.no;
    let mut notes = vec![note(
        header_line,
        format!("按第{header_line}行起的分工表读取；表前后的正文未作为任务读取。"),
    )];
    let columns = header_columns(header, &mut notes);
    let mut tasks: Vec<PlanTask> = Vec::new();
    let mut group: Option<String> = None;
    for line in lines {
        if !line.delimited {
            match chapter_heading(&line.text()) {
                Some(h) => group = Some(h),
                None if !tasks.is_empty() => break,
                None => {}
            }
            continue;
        }
        let mut cells: Vec<String> = line.pieces.iter().map(|p| p.text.clone()).collect();
        let mut filled: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
        let spread = filled.len();
        filled.dedup();
        if let [one] = filled.as_slice() {
            if let Some(h) = heading_cell(one) {
                group = Some(h);
                continue;
            }
            if spread > 1 {
                // One text over the whole row (a merged note row).
                notes.push(note(
                    line.no,
                    format!("第{}行“{}”不是任务行，未读取。", line.no, short(one, 30)),
                ));
                continue;
            }
        }
        if filled.is_empty() {
            continue;
        }
        let labels = cells
            .iter()
            .filter(|c| column_of(c).is_some() && key(c).chars().count() <= 8)
            .count();
        if labels >= 2 {
            continue; // the header repeated on a new page
        }
        if cells.len() + 1 == columns.len() && lost_first(columns.first(), &cells) {
            cells.insert(0, String::new());
            notes.push(note(
                line.no,
                format!("第{}行比表头少一格：按首列（类别或序号）合并单元格读取，其余各格右移一列，请核对。", line.no),
            ));
        }
        let row = Row {
            cells: &cells,
            columns: &columns,
            line: line.no,
        };
        match row.task(&mut group) {
            Ok((t, problems)) => {
                let name = t.number.clone().unwrap_or_else(|| short(&t.task, 12));
                notes.extend(
                    problems
                        .into_iter()
                        .map(|p| note(line.no, format!("第{}行任务{name}：{p}", line.no))),
                );
                tasks.push(t);
            }
            Err(m) => notes.push(note(line.no, m)),
        }
    }
    PlanReading {
        layout: PlanLayout::RowPerLine,
        tasks,
        notes,
    }
}

/// Whether a row one cell short of the header lost its first cell to a
/// merge (a group or number column merged down over it): its first cell is
/// not what that column holds — a number where the group should be, a text
/// where the number should be. Otherwise the missing cell is the last.
fn lost_first(first: Option<&Option<Column>>, cells: &[String]) -> bool {
    let head = cells.first().map_or("", |c| c.trim());
    match first {
        Some(Some(Column::Number)) => !head.is_empty() && !bare_number(head),
        Some(Some(Column::Group)) => bare_number(head) || task_number(head).is_some(),
        _ => false,
    }
}

/// A row of the table with its header.
struct Row<'a> {
    cells: &'a [String],
    columns: &'a [Option<Column>],
    line: usize,
}

impl Row<'_> {
    /// The filled cells of column `c`, in order, a text repeated in the next
    /// cell (a merge over two columns) counted once.
    fn values(&self, c: Column) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .columns
            .iter()
            .zip(self.cells)
            .filter(|(h, _)| **h == Some(c))
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
            .collect();
        out.dedup();
        out
    }

    /// The task of the row and the problems with its cells.
    fn task(&self, group: &mut Option<String>) -> Result<(PlanTask, Vec<String>), String> {
        if let Some(g) = self.values(Column::Group).first() {
            *group = Some(heading_cell(g).unwrap_or_else(|| g.trim_end_matches('。').to_string()));
        }
        let mut number = self.values(Column::Number).first().map(|n| n.to_string());
        let mut texts = Vec::new();
        for v in self.values(Column::Task) {
            if bare_number(v) {
                number.get_or_insert_with(|| v.trim_end_matches(['.', '、']).to_string());
            } else {
                texts.push(v);
            }
        }
        // Over two task columns, a chapter heading first is the group.
        if texts.len() > 1
            && let Some(h) = heading_cell(texts[0])
        {
            *group = Some(h);
            texts.remove(0);
        }
        let Some(text) = texts.first() else {
            return Err(format!(
                "第{}行没有工作任务（任务列为空），未读取：{}",
                self.line,
                self.cells.join(" | ")
            ));
        };
        let mut t = task_cell(text, group, self.line);
        let mut problems = Vec::new();
        if texts.len() > 1 {
            problems.push(format!(
                "工作任务列有{}段文字，按第一段“{}”读取，其余未读取。",
                texts.len(),
                short(text, 20)
            ));
        }
        let (req_number, requirement) = self.requirement();
        number = number.or(req_number);
        if number.is_some() {
            t.number = number;
        }
        if requirement.is_some() {
            t.requirement = requirement;
        }
        self.units(&mut t, &mut problems);
        t.deadline = self.values(Column::Deadline).first().map(|s| s.to_string());
        t.remark = self.values(Column::Note).first().map(|s| s.to_string());
        Ok((t, problems))
    }

    /// The requirement cell(s): a number cell or a number before the text
    /// (`2.及时更新…`) is the row's number, the rest the requirement.
    fn requirement(&self) -> (Option<String>, Option<String>) {
        let mut number = None;
        let mut texts = Vec::new();
        for v in self.values(Column::Requirement) {
            if bare_number(v) {
                number.get_or_insert_with(|| v.trim_end_matches(['.', '、']).to_string());
            } else if let Some((n, rest)) = task_number(v).filter(|(n, _)| bare_number(n)) {
                number.get_or_insert(n);
                texts.push(rest.to_string());
            } else {
                texts.push(v.to_string());
            }
        }
        (number, (!texts.is_empty()).then(|| texts.join("")))
    }

    /// Lead and partner units; an empty lead cell is reported.
    fn units(&self, t: &mut PlanTask, problems: &mut Vec<String>) {
        let mut d = Division::default();
        for v in self.values(Column::Lead) {
            let c = lead_cell(v);
            d.lead.extend(c.lead);
            d.partners.extend(c.partners);
            d.problems.extend(c.problems);
        }
        for v in self.values(Column::Partners) {
            let c = partner_cell(v);
            d.partners.extend(c.partners);
            d.problems.extend(c.problems);
        }
        if d.lead.is_empty() {
            problems.push("牵头单位一格为空，未写明牵头单位，请补充。".to_string());
        }
        problems.extend(d.problems);
        t.lead = d.lead;
        t.partners = d.partners;
    }
}
