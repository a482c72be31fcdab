//! Reading a work plan (政务公开工作要点) with its division of work: for
//! each task (工作任务) its requirement, lead units (牵头单位), partner
//! units (配合单位) and time limit, from the layouts plans are published in:
//!
//! - **prose**, each task a numbered paragraph ending with its units in
//!   brackets: `(牵头单位:办公室、财务科)`, `(A牵头，B、C配合)`,
//!   `(责任单位:A;完成时限:2019年11月底前)` (corpus `001_…`);
//! - a **division table** one row per line (`|` or tabs, an HTML, DOCX or
//!   XLSX table), columns in any order under any of their usual headers;
//!   merged cells of a file (`rowspan`/`colspan`, Word's vertical merges and
//!   grid spans, Excel's merged regions) apply to every row and column they
//!   span;
//! - the same table **one cell per line**, as copied from a page (corpus
//!   `004_…`): a numbered task, then its unit cells; a task followed by no
//!   cell at all shares the cells of the task above (merged cells).
//!
//! Simplified or traditional characters (folded first, pinyin glosses of
//! converted copies dropped). Units are split
//! where the text lists them (`、，,；;`) and kept as written otherwise. The
//! reader never guesses: a line it cannot place, and a reading that rests
//! on a layout rule (merged cells, where lead ends and partners begin), is
//! reported beside the tasks.

mod cells;
mod docx;
mod prose;
mod spans;
mod table;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_layouts;
mod text;
mod units;
mod xlsx;

use std::io::Cursor;

use serde_json::{Value, json};
use thiserror::Error;

use crate::decode::ReadError;
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
    /// The source line the task starts on (1-based; in a workbook the
    /// sheet's row number).
    pub line: usize,
    /// 备注, when the table has the column and the cell is filled.
    pub remark: Option<String>,
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
                    "remark": t.remark,
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

/// A plan file that cannot be read at all.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PlanReadError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(
        "文件是 Excel（.xlsx）工作簿，但无法读取：{0}。请用 Excel 或 WPS 另存为 .xlsx 后再试。"
    )]
    BadWorkbook(String),
    #[error(
        "文件是 ZIP 压缩包，但不是 Word（.docx）或 Excel（.xlsx）文件{0}。请上传 .docx、.xlsx、网页或文本格式的工作要点。"
    )]
    NotAPlanZip(String),
}

/// Reads a plan from a file's bytes: text, HTML, DOCX or XLSX (a ZIP is a
/// workbook when it holds `xl/workbook.xml`, a Word file when it holds
/// `word/document.xml`).
pub fn read_plan_bytes(bytes: &[u8]) -> Result<PlanReading, PlanReadError> {
    if bytes.starts_with(b"PK\x03\x04") {
        let zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| PlanReadError::NotAPlanZip(format!("（{e}）")))?;
        let has = |name: &str| zip.index_for_name(name).is_some();
        return if has("xl/workbook.xml") {
            xlsx::read(bytes)
        } else if has("word/document.xml") {
            Ok(read_plan_lines(&docx::lines(bytes)?))
        } else {
            Err(PlanReadError::NotAPlanZip(String::new()))
        };
    }
    let bytes = spans::expand(bytes);
    let (_, lines) = crate::decode::decoded_lines(&bytes, false)?;
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
        p.text = fold(&text::strip_glosses(&p.text)).trim().to_string();
    }
    l
}
