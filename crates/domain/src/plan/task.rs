//! A task's work as an immutable history (like a case): assigned to its
//! units, signed for by the lead unit (领办), progress reported, more time
//! asked before the limit and granted or refused by the plan's owner,
//! completion reported, accepted (销号) or returned with a reason; the
//! platform records its reminders, 催办 and 通报 listing. The state and
//! everything lists show are folded from the events, never stored apart
//! from them (the store keeps the fold as a read model).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::TimeLimit;
use crate::case::Actor;

/// 附件: a file kept with a step, by the hash of its content (the store
/// keeps the bytes; the history keeps what the file was).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskFile {
    pub sha256: String,
    pub name: String,
    pub content_type: String,
    pub size: i64,
}

/// Most files one step carries.
pub const STEP_FILES_MAX: usize = 5;

/// One step of a task. Stored as JSON (tag `action`); never edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum TaskAction {
    /// 分工: the task given to its units with its time limit (the first
    /// event; again when the owner changes the division).
    Assigned {
        date: NaiveDate,
        lead: Vec<i64>,
        partners: Vec<i64>,
        /// None: the plan states no time limit.
        limit: Option<TimeLimit>,
    },
    /// 领办: the lead unit takes the task on.
    SignedFor {
        date: NaiveDate,
        unit: i64,
    },
    /// 进展: what was done; a percentage or a milestone; the catalogue items
    /// that fulfil it.
    ProgressReported {
        date: NaiveDate,
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        percent: Option<u8>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        items: Vec<i64>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        files: Vec<TaskFile>,
    },
    /// 申请延期, before the limit, with the reason.
    ExtensionRequested {
        date: NaiveDate,
        until: NaiveDate,
        reason: String,
    },
    ExtensionGranted {
        date: NaiveDate,
        until: NaiveDate,
    },
    ExtensionRefused {
        date: NaiveDate,
        reason: String,
    },
    /// 完成报告.
    CompletionReported {
        date: NaiveDate,
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        items: Vec<i64>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        files: Vec<TaskFile>,
    },
    /// 补充材料: files added to the task (a 实施方案 by its owner, evidence
    /// by the lead unit) with a note; the state does not change.
    FilesAdded {
        date: NaiveDate,
        note: String,
        files: Vec<TaskFile>,
    },
    /// 销号: the owner accepts the completion.
    Accepted {
        date: NaiveDate,
        note: String,
    },
    /// 退回: the owner returns the completion report with a reason.
    Returned {
        date: NaiveDate,
        reason: String,
    },
    /// The platform reminded the lead unit before the limit.
    Reminded {
        date: NaiveDate,
    },
    /// 催办: the first working day after the limit.
    Urged {
        date: NaiveDate,
    },
    /// Listed in the supervising office's 通报.
    Listed {
        date: NaiveDate,
    },
}

impl TaskAction {
    pub fn date(&self) -> NaiveDate {
        match self {
            TaskAction::Assigned { date, .. }
            | TaskAction::SignedFor { date, .. }
            | TaskAction::ProgressReported { date, .. }
            | TaskAction::ExtensionRequested { date, .. }
            | TaskAction::ExtensionGranted { date, .. }
            | TaskAction::ExtensionRefused { date, .. }
            | TaskAction::CompletionReported { date, .. }
            | TaskAction::FilesAdded { date, .. }
            | TaskAction::Accepted { date, .. }
            | TaskAction::Returned { date, .. }
            | TaskAction::Reminded { date }
            | TaskAction::Urged { date }
            | TaskAction::Listed { date } => *date,
        }
    }

    /// The files the step carries.
    pub fn files(&self) -> &[TaskFile] {
        match self {
            TaskAction::ProgressReported { files, .. }
            | TaskAction::CompletionReported { files, .. }
            | TaskAction::FilesAdded { files, .. } => files,
            _ => &[],
        }
    }

    /// What the step is called in the task's history.
    pub fn label(&self) -> &'static str {
        match self {
            TaskAction::Assigned { .. } => "分工",
            TaskAction::SignedFor { .. } => "领办",
            TaskAction::ProgressReported { .. } => "报告进展",
            TaskAction::ExtensionRequested { .. } => "申请延期",
            TaskAction::ExtensionGranted { .. } => "同意延期",
            TaskAction::ExtensionRefused { .. } => "不同意延期",
            TaskAction::CompletionReported { .. } => "报告完成",
            TaskAction::FilesAdded { .. } => "补充材料",
            TaskAction::Accepted { .. } => "销号",
            TaskAction::Returned { .. } => "退回",
            TaskAction::Reminded { .. } => "到期提醒",
            TaskAction::Urged { .. } => "催办",
            TaskAction::Listed { .. } => "列入通报",
        }
    }
}

/// A stored step: who, when, what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskEvent {
    pub seq: u32,
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub action: TaskAction,
}

/// Where a task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    /// 待领办.
    Assigned,
    /// 办理中.
    InProgress,
    /// 延期待批.
    AwaitingExtension,
    /// 待销号.
    AwaitingAcceptance,
    /// 已退回.
    Returned,
    /// 已销号.
    Completed,
}

impl TaskState {
    pub const ALL: [TaskState; 6] = [
        TaskState::Assigned,
        TaskState::InProgress,
        TaskState::AwaitingExtension,
        TaskState::AwaitingAcceptance,
        TaskState::Returned,
        TaskState::Completed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TaskState::Assigned => "assigned",
            TaskState::InProgress => "in_progress",
            TaskState::AwaitingExtension => "awaiting_extension",
            TaskState::AwaitingAcceptance => "awaiting_acceptance",
            TaskState::Returned => "returned",
            TaskState::Completed => "completed",
        }
    }

    pub fn from_code(code: &str) -> Option<TaskState> {
        TaskState::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            TaskState::Assigned => "待领办",
            TaskState::InProgress => "办理中",
            TaskState::AwaitingExtension => "延期待批",
            TaskState::AwaitingAcceptance => "待销号",
            TaskState::Returned => "已退回",
            TaskState::Completed => "已销号",
        }
    }

    pub fn is_open(self) -> bool {
        self != TaskState::Completed
    }
}

/// A task as its history makes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskView {
    pub state: TaskState,
    pub lead: Vec<i64>,
    pub partners: Vec<i64>,
    pub limit: Option<TimeLimit>,
    /// The date the task is due: the limit's, moved by a granted extension.
    pub due: Option<NaiveDate>,
    /// The day the task was (last) assigned.
    pub assigned_on: Option<NaiveDate>,
    /// The last report of the lead unit (signing, progress, completion).
    pub last_report: Option<NaiveDate>,
    pub percent: Option<u8>,
    /// Catalogue items reported as fulfilling the task.
    pub items: Vec<i64>,
    /// Every file of the history, in the order added.
    pub files: Vec<TaskFile>,
    /// The extension asked for and not yet decided: until, reason.
    pub pending_extension: Option<(NaiveDate, String)>,
    /// Why the owner returned the last completion report.
    pub returned_reason: Option<String>,
    pub completed_on: Option<NaiveDate>,
    /// Reminder, 催办 and 通报 recorded for the current due date.
    pub reminded: bool,
    pub urged: bool,
    pub listed: bool,
}

impl TaskView {
    fn new() -> TaskView {
        TaskView {
            state: TaskState::Assigned,
            lead: Vec::new(),
            partners: Vec::new(),
            limit: None,
            due: None,
            assigned_on: None,
            last_report: None,
            percent: None,
            items: Vec::new(),
            files: Vec::new(),
            pending_extension: None,
            returned_reason: None,
            completed_on: None,
            reminded: false,
            urged: false,
            listed: false,
        }
    }
}

/// Folds a history into the view. Events are trusted as stored (each was
/// checked with [`check`] before it was appended).
pub fn fold(events: &[TaskEvent]) -> TaskView {
    let mut v = TaskView::new();
    for e in events {
        apply(&mut v, &e.action);
    }
    v
}

fn apply(v: &mut TaskView, action: &TaskAction) {
    use TaskAction as A;
    match action {
        A::Assigned {
            date,
            lead,
            partners,
            limit,
        } => {
            v.lead = lead.clone();
            v.partners = partners.clone();
            v.limit = *limit;
            match limit {
                Some(l) => set_due(v, l.check_on),
                None => v.due = None,
            }
            v.assigned_on = Some(*date);
        }
        A::SignedFor { date, .. } => {
            v.state = TaskState::InProgress;
            v.last_report = Some(*date);
        }
        A::ProgressReported {
            date,
            percent,
            items,
            files,
            ..
        } => {
            v.state = TaskState::InProgress;
            v.last_report = Some(*date);
            v.percent = percent.or(v.percent);
            add_items(v, items);
            v.files.extend(files.iter().cloned());
        }
        A::ExtensionRequested { until, reason, .. } => {
            v.state = TaskState::AwaitingExtension;
            v.pending_extension = Some((*until, reason.clone()));
        }
        A::ExtensionGranted { until, .. } => {
            v.state = TaskState::InProgress;
            v.pending_extension = None;
            set_due(v, *until);
        }
        A::ExtensionRefused { .. } => {
            v.state = TaskState::InProgress;
            v.pending_extension = None;
        }
        A::CompletionReported {
            date, items, files, ..
        } => {
            v.state = TaskState::AwaitingAcceptance;
            v.last_report = Some(*date);
            v.percent = Some(100);
            add_items(v, items);
            v.files.extend(files.iter().cloned());
        }
        A::FilesAdded { files, .. } => v.files.extend(files.iter().cloned()),
        A::Accepted { date, .. } => {
            v.state = TaskState::Completed;
            v.completed_on = Some(*date);
            v.returned_reason = None;
        }
        A::Returned { reason, .. } => {
            v.state = TaskState::Returned;
            v.returned_reason = Some(reason.clone());
        }
        A::Reminded { .. } => v.reminded = true,
        A::Urged { .. } => v.urged = true,
        A::Listed { .. } => v.listed = true,
    }
}

/// A new due date starts the reminders over.
fn set_due(v: &mut TaskView, due: NaiveDate) {
    if v.due != Some(due) {
        v.reminded = false;
        v.urged = false;
        v.listed = false;
    }
    v.due = Some(due);
}

fn add_items(v: &mut TaskView, items: &[i64]) {
    for i in items {
        if !v.items.contains(i) {
            v.items.push(*i);
        }
    }
}

/// Why a step cannot be recorded now (in Chinese, for the person who asked).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TaskRefusal(pub String);

/// Whether `action` may follow the history folded into `v` on `today`.
pub fn check(v: &TaskView, action: &TaskAction, today: NaiveDate) -> Result<(), TaskRefusal> {
    use TaskAction as A;
    use TaskState as S;
    let refuse = |m: &str| Err(TaskRefusal(m.to_string()));
    if action.date() > today {
        return refuse("日期不能晚于今天。");
    }
    if action.files().len() > STEP_FILES_MAX {
        return Err(TaskRefusal(format!(
            "一次最多附{STEP_FILES_MAX}个文件：请合并或分次报送。"
        )));
    }
    // A task without a lead unit (a 整改 set by an inspection, a task a plan
    // leaves to its office) has no one to sign for it: its owner works it
    // from the start.
    let working = matches!(v.state, S::InProgress | S::Returned)
        || (v.state == S::Assigned && v.lead.is_empty());
    match action {
        A::Assigned { lead, .. } => {
            // A plan's text may name no lead unit (imported as written);
            // a division made on the platform names one.
            if lead.is_empty() && v.assigned_on.is_some() {
                return refuse("请至少指定一个牵头单位。");
            }
            if v.state == S::Completed {
                return refuse("该任务已销号，不能重新分工。");
            }
            Ok(())
        }
        A::SignedFor { unit, .. } => match v.state {
            S::Assigned if v.lead.contains(unit) => Ok(()),
            S::Assigned => refuse("只有牵头单位可以领办该任务。"),
            _ => refuse("该任务已领办。"),
        },
        A::ProgressReported { text, percent, .. } => {
            if !working {
                return refuse(match v.state {
                    S::Assigned => "请先领办该任务，再报告进展。",
                    S::AwaitingAcceptance => "已报告完成，等待销号，不能再报告进展。",
                    S::AwaitingExtension => "延期申请待批准期间可在批准后继续报告进展。",
                    _ => "该任务已销号。",
                });
            }
            if text.trim().is_empty() {
                return refuse("请填写进展情况。");
            }
            if percent.is_some_and(|p| p > 100) {
                return refuse("完成比例应在0到100之间。");
            }
            Ok(())
        }
        A::ExtensionRequested {
            date,
            until,
            reason,
        } => {
            if !working {
                return refuse("只有办理中的任务可以申请延期。");
            }
            let Some(due) = v.due else {
                return refuse("该任务没有完成时限，无需延期。");
            };
            if *date > due {
                return refuse("已超过完成时限：延期须在时限届满前申请。");
            }
            if *until <= due {
                return refuse("延期后的时限应晚于现在的时限。");
            }
            if reason.trim().is_empty() {
                return refuse("请写明延期理由。");
            }
            Ok(())
        }
        A::ExtensionGranted { until, .. } => match &v.pending_extension {
            Some((asked, _)) if until <= asked && Some(*until) > v.due => Ok(()),
            Some(_) => refuse("同意的时限应晚于原时限、不晚于申请的时限。"),
            None => refuse("没有待批准的延期申请。"),
        },
        A::ExtensionRefused { reason, .. } => match &v.pending_extension {
            Some(_) if !reason.trim().is_empty() => Ok(()),
            Some(_) => refuse("请写明不同意延期的理由。"),
            None => refuse("没有待批准的延期申请。"),
        },
        A::CompletionReported { text, .. } => {
            if !working {
                return refuse("只有办理中或被退回的任务可以报告完成。");
            }
            if text.trim().is_empty() {
                return refuse("请写明完成情况。");
            }
            Ok(())
        }
        A::FilesAdded { files, .. } => {
            if files.is_empty() {
                return refuse("请选择要补充的文件。");
            }
            if !v.state.is_open() {
                return refuse("该任务已销号，不能再补充材料。");
            }
            Ok(())
        }
        A::Accepted { .. } => match v.state {
            S::AwaitingAcceptance => Ok(()),
            _ => refuse("只有已报告完成的任务可以销号。"),
        },
        A::Returned { reason, .. } => match v.state {
            S::AwaitingAcceptance if !reason.trim().is_empty() => Ok(()),
            S::AwaitingAcceptance => refuse("请写明退回理由。"),
            _ => refuse("只有已报告完成的任务可以退回。"),
        },
        A::Reminded { .. } | A::Urged { .. } | A::Listed { .. } => {
            if v.state.is_open() {
                Ok(())
            } else {
                refuse("该任务已销号。")
            }
        }
    }
}
