//! A plan's division table (工作分工表): found by its header (a task column
//! and a lead column under any of their usual names), then read one row per
//! line (cells known) or one cell per line (as copied from a page).

use super::{
    PlanLayout, PlanNote, PlanReading, PlanTask, chapter_heading, deadline_in, is_unit_cell,
    split_units, task_number,
};
use crate::lines::Line;
use crate::norm::key;

/// What a column of the table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
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
    } else if has(&["任务", "工作内容", "事项"]) {
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
                return Some(rows(&lines[i + 1..], &columns, line.no));
            }
        } else if column_of(&line.text()) == Some(Column::Task) {
            let (columns, used) = cell_header(&lines[i..]);
            if has_task_and_lead(&columns) {
                return Some(cells(&lines[i + used..], &columns, line.no));
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

fn note(line: usize, message: String) -> PlanNote {
    PlanNote { line, message }
}

/// A task from its first cell: number, name and, after a full stop, the
/// requirement.
fn task_cell(text: &str, group: &Option<String>, line: usize) -> PlanTask {
    let (number, rest) = match task_number(text) {
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
fn rows(lines: &[Line], header: &[Option<Column>], header_line: usize) -> PlanReading {
    let mut tasks: Vec<PlanTask> = Vec::new();
    let mut notes = vec![note(
        header_line,
        format!("按第{header_line}行起的分工表读取；表前后的正文未作为任务读取。"),
    )];
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
        let filled: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
        if filled.is_empty() {
            continue;
        }
        if filled.len() == 1 && chapter_heading(filled[0]).is_some() {
            group = chapter_heading(filled[0]);
            continue;
        }
        if cells.iter().filter_map(|c| column_of(c)).count() >= 2 {
            continue; // the header repeated on a new page
        }
        let merged_first = matches!(header.first(), Some(Some(Column::Group | Column::Number)));
        if cells.len() + 1 == header.len() && merged_first {
            cells.insert(0, String::new());
        }
        match row_task(&cells, header, &mut group, line.no) {
            Ok(t) => tasks.push(t),
            Err(m) => notes.push(note(line.no, m)),
        }
    }
    PlanReading {
        layout: PlanLayout::RowPerLine,
        tasks,
        notes,
    }
}

fn row_task(
    cells: &[String],
    header: &[Option<Column>],
    group: &mut Option<String>,
    line: usize,
) -> Result<PlanTask, String> {
    let cell = |c: Column| {
        header
            .iter()
            .position(|h| *h == Some(c))
            .and_then(|i| cells.get(i))
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    };
    if let Some(g) = cell(Column::Group) {
        *group = Some(chapter_heading(g).unwrap_or_else(|| g.to_string()));
    }
    let Some(text) = cell(Column::Task) else {
        return Err(format!(
            "第{line}行没有工作任务（任务列为空），未读取：{}",
            cells.join(" | ")
        ));
    };
    let mut t = task_cell(text, group, line);
    if t.number.is_none() {
        t.number = cell(Column::Number).map(str::to_string);
    }
    if let Some(r) = cell(Column::Requirement) {
        t.requirement = Some(r.to_string());
    }
    t.lead = cell(Column::Lead).map(split_units).unwrap_or_default();
    t.partners = cell(Column::Partners).map(split_units).unwrap_or_default();
    t.deadline = cell(Column::Deadline).map(str::to_string);
    Ok(t)
}

/// One cell per line: a numbered task, then its cells — unit names (the
/// first the lead's when the table has both unit columns), a time limit, a
/// longer text as the requirement. A task followed by no cell at all shares
/// the cells of the task above (a merged cell); a chapter heading followed
/// directly by units is a task of its own. The table ends at the first line
/// that is none of these.
fn cells(lines: &[Line], header: &[Option<Column>], header_line: usize) -> PlanReading {
    let mut reader = CellReader {
        both: header.contains(&Some(Column::Partners)),
        tasks: Vec::new(),
        notes: vec![note(
            header_line,
            format!("按第{header_line}行起的分工表（每格一行）读取；表前的正文未作为任务读取。"),
        )],
        group: None,
        heading: None,
        open: None,
    };
    let mut pending = String::new();
    for line in lines {
        let text = line.text();
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if !pending.is_empty() || (is_unit_cell(text) && reader.takes_units()) {
            pending.push_str(text);
            if !text.ends_with(['、', '，', ',']) {
                let cell = std::mem::take(&mut pending);
                reader.unit_cell(cell, line.no);
            }
            continue;
        }
        if let Some(h) = chapter_heading(text) {
            reader.flush();
            reader.group = Some(h.clone());
            reader.heading = Some((h, line.no));
        } else if task_number(text).is_some() {
            reader.flush();
            reader.open = Some((task_cell(text, &reader.group, line.no), Vec::new()));
        } else if reader.open.is_some() && deadline_in(text).is_some_and(|d| d == text) {
            if let Some((t, _)) = &mut reader.open {
                t.deadline = Some(text.to_string());
            }
        } else if reader.open.is_some() && text.chars().count() > 20 {
            if let Some((t, _)) = &mut reader.open {
                t.requirement = Some(text.to_string());
            }
        } else {
            reader.notes.push(note(
                line.no,
                format!(
                    "第{}行“{}”不是分工表的单元格，分工表到此结束。",
                    line.no,
                    short(text)
                ),
            ));
            break;
        }
    }
    reader.flush();
    PlanReading {
        layout: PlanLayout::CellPerLine,
        tasks: reader.tasks,
        notes: reader.notes,
    }
}

struct CellReader {
    /// The table has a lead and a partner column.
    both: bool,
    tasks: Vec<PlanTask>,
    notes: Vec<PlanNote>,
    group: Option<String>,
    /// A chapter heading just read (with its line), no task under it yet.
    heading: Option<(String, usize)>,
    /// The task being read and its unit cells.
    open: Option<(PlanTask, Vec<String>)>,
}

impl CellReader {
    fn takes_units(&self) -> bool {
        self.open.is_some() || self.heading.is_some()
    }

    fn unit_cell(&mut self, cell: String, line: usize) {
        if self.open.is_none()
            && let Some((h, at)) = self.heading.take()
        {
            self.notes.push(note(
                at,
                format!("第{at}行的标题“{h}”下直接列出了单位，作为一项任务读取。"),
            ));
            let task = PlanTask {
                group: Some(h.clone()),
                task: h,
                line: at,
                ..PlanTask::default()
            };
            self.open = Some((task, Vec::new()));
        }
        if let Some((_, cells)) = &mut self.open {
            cells.push(cell);
        } else {
            self.notes.push(note(
                line,
                format!("第{line}行的单位“{cell}”不属于任何任务，未读取。"),
            ));
        }
    }

    fn flush(&mut self) {
        let Some((mut task, cells)) = self.open.take() else {
            return;
        };
        self.heading = None;
        let name = task.number.clone().unwrap_or_else(|| task.task.clone());
        if cells.is_empty() {
            match self.tasks.last() {
                Some(above) => {
                    task.lead = above.lead.clone();
                    task.partners = above.partners.clone();
                    self.notes.push(note(
                        task.line,
                        format!(
                            "任务{name}后没有单元格：按合并单元格读取，沿用上一项任务的牵头、配合单位，请核对。"
                        ),
                    ));
                }
                None => self
                    .notes
                    .push(note(task.line, format!("任务{name}未写明牵头单位。"))),
            }
        } else if self.both {
            task.lead = split_units(&cells[0]);
            task.partners = cells[1..].iter().flat_map(|c| split_units(c)).collect();
            if cells.len() > 2 {
                self.notes.push(note(
                    task.line,
                    format!(
                        "任务{name}的单位有{}格，牵头与配合之间没有分隔：按第一格“{}”为牵头单位、其余为配合单位读取，请核对。",
                        cells.len(),
                        cells[0]
                    ),
                ));
            }
        } else {
            task.lead = cells.iter().flat_map(|c| split_units(c)).collect();
        }
        self.tasks.push(task);
    }
}

fn short(text: &str) -> String {
    let s: String = text.chars().take(20).collect();
    if s.len() < text.len() {
        format!("{s}…")
    } else {
        s
    }
}
