//! A division table copied one cell per line (corpus `004_…`): a numbered
//! task, then its cells.

use super::table::{Column, note, task_cell};
use super::text::{chapter_heading, deadline_in, short, task_number};
use super::units::{is_unit_cell, split_units};
use super::{PlanLayout, PlanNote, PlanReading, PlanTask};
use crate::lines::Line;

/// One cell per line: a numbered task, then its cells — unit names (the
/// first the lead's when the table has both unit columns), a time limit, a
/// longer text as the requirement. A task followed by no cell at all shares
/// the cells of the task above (a merged cell); a chapter heading followed
/// directly by units is a task of its own. The table ends at the first line
/// that is none of these.
pub(super) fn read(lines: &[Line], header: &[Option<Column>], header_line: usize) -> PlanReading {
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
                    short(text, 20)
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
