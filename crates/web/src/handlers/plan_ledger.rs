//! `GET /workbench/plans/{id}/ledger.xlsx[?unit=ID]`: the task ledger (任务台账)
//! of a plan, or of the tasks one unit leads or partners in, with each
//! task's last report quoted from its history (one query for the plan).

use std::collections::HashMap;

use axum::extract::State;
use axum::response::Response;
use gongkai_domain::plan::{Light, TaskAction};
use gongkai_render::{LedgerLine, TaskLedger};

use super::plan_show::{PlanFilter, TaskLine, lines, load};
use crate::auth::CurrentStaff;
use crate::downloads::{XLSX, attachment};
use crate::error::{AppError, AppResult};
use crate::params::{Id, Path, Query};
use crate::state::AppState;

fn ledger_line(l: TaskLine, last: Option<&String>) -> LedgerLine {
    LedgerLine {
        number: l.number,
        task: l.task,
        requirement: l.requirement,
        lead: l.lead,
        partners: l.partners,
        limit: l.limit,
        state: l.state,
        percent: l.percent.trim_end_matches('%').parse().ok(),
        last_progress: last.cloned().unwrap_or_default(),
        completed_on: l.completed_on,
        light: match l.light {
            Light::Red => "红",
            Light::Yellow => "黄",
            Light::Blue => "蓝",
            Light::None => "—",
        }
        .into(),
    }
}

pub async fn ledger(
    State(state): State<AppState>,
    who: CurrentStaff,
    Path(id): Path<Id>,
    Query(filter): Query<PlanFilter>,
) -> AppResult<Response> {
    let data = load(&state, &who, id.0).await?;
    let today = state.clock.today();
    let shown = lines(&data, &filter, today)?;
    let mut last: HashMap<i64, String> = HashMap::new();
    for (task, e) in state.store.plan_events(id.0).await? {
        if let TaskAction::ProgressReported { text, .. }
        | TaskAction::CompletionReported { text, .. } = e.action
        {
            last.insert(task, text);
        }
    }
    let unit = data
        .units
        .iter()
        .find(|u| u.id.to_string() == filter.unit.trim())
        .map(|u| u.name.as_str().to_string())
        .unwrap_or_default();
    let exported = gongkai_app::clock::beijing(state.clock.now());
    let ledger = TaskLedger {
        plan: data.plan.title.clone(),
        unit,
        exported_at: exported.format("%Y-%m-%d %H:%M").to_string(),
        lines: shown
            .into_iter()
            .map(|l| {
                let q = last.get(&l.id);
                ledger_line(l, q)
            })
            .collect(),
    };
    let filename = format!("{}.xlsx", ledger.title());
    let bytes = tokio::task::spawn_blocking(move || gongkai_render::task_ledger_xlsx(&ledger))
        .await
        .map_err(|e| AppError::internal(e.to_string()))?
        .map_err(|e| AppError::internal(e.to_string()))?;
    Ok(attachment(bytes, &filename, XLSX))
}
