//! The console as XLSX: every row the query selects (not only the page), in
//! its order, numbers as numbers.

use gongkai_domain::policy::Principal;
use gongkai_render::{TableCell, TableExport};

use super::{ConsoleQuery, ConsoleRow, selected_rows};
use crate::{App, Error};

fn number(n: u64) -> TableCell {
    TableCell::Number(n as f64)
}

fn text(s: impl Into<String>) -> TableCell {
    TableCell::Text(s.into())
}

fn cells(r: &ConsoleRow, today: chrono::NaiveDate) -> Vec<TableCell> {
    let (plan_tasks, plan_done, plan_red) = match r.plan {
        Some(p) => (number(p.tasks), number(p.completed), number(p.red)),
        None => (TableCell::Blank, TableCell::Blank, TableCell::Blank),
    };
    let (vetoes, problems) = match r.health {
        Some(t) => (number(t.vetoes.into()), number(t.problems.into())),
        None => (text("未检查"), TableCell::Blank),
    };
    let (in_time, oldest) = match r.questions {
        Some(q) => (
            q.in_time_percent().map_or(TableCell::Blank, number),
            q.oldest_open_days(today)
                .map_or(TableCell::Blank, |d| number(u64::try_from(d).unwrap_or(0))),
        ),
        None => (TableCell::Blank, TableCell::Blank),
    };
    vec![
        text(format!("{}{}", "　".repeat(r.depth), r.name)),
        text(&r.code),
        number(r.counts.running),
        number(r.counts.due_soon),
        number(r.counts.overdue),
        number(r.counts.late_items),
        text(r.report_last.label()),
        text(r.report_this.label()),
        plan_tasks,
        plan_done,
        plan_red,
        vetoes,
        problems,
        in_time,
        oldest,
        number(r.concerns.map_or(0, |c| c.concerns)),
        number(r.concerns.map_or(0, |c| c.late)),
    ]
}

/// The selected rows of the reader's subtree as a workbook; `title` names
/// the office, `conditions` what was selected and when.
pub async fn console_xlsx(
    app: &App,
    reader: &Principal<'_>,
    q: &ConsoleQuery,
    title: String,
    conditions: String,
) -> Result<Vec<u8>, Error> {
    let (rows, _) = selected_rows(app, reader, q).await?;
    let today = app.clock.today();
    let (last, this) = (
        chrono::Datelike::year(&today) - 1,
        chrono::Datelike::year(&today),
    );
    let columns: Vec<(String, f64)> = [
        ("机关".to_string(), 36.0),
        ("统一社会信用代码".into(), 22.0),
        ("办理中的申请".into(), 10.0),
        ("即将到期".into(), 9.0),
        ("已逾期".into(), 9.0),
        ("逾期公开的信息".into(), 10.0),
        (format!("{last}年度年报"), 26.0),
        (format!("{this}年度年报"), 18.0),
        (format!("{this}年工作要点任务"), 10.0),
        ("已完成".into(), 9.0),
        ("红灯（逾期未完成）".into(), 10.0),
        ("网站检查单项否决".into(), 10.0),
        ("网站检查问题".into(), 10.0),
        ("政民互动留言按期答复率（%）".into(), 12.0),
        ("最久未答复留言（天）".into(), 12.0),
        (format!("{this}年回应关切（件）"), 10.0),
        ("回应关切超时（件）".into(), 10.0),
    ]
    .into_iter()
    .collect();
    let export = TableExport {
        sheet: "政务公开督查".into(),
        title,
        subtitle: conditions,
        columns,
        rows: rows.iter().map(|r| cells(r, today)).collect(),
    };
    tokio::task::spawn_blocking(move || gongkai_render::table_xlsx(&export))
        .await
        .map_err(Error::internal)?
        .map_err(Error::internal)
}
