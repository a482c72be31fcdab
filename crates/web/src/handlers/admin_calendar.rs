//! `GET /admin/calendar`, `POST /admin/calendar/override`, `POST /admin/calendar/year`:
//! the working-day calendar every agency's deadlines are counted on. It is
//! platform-wide data: administrators see it with who entered each entry and
//! when; only platform administrators add a year's holiday notice or a
//! one-off change (both override the vendored calendar), and each change is
//! written to the audit trail.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use gongkai_app::calendar_admin;
use gongkai_domain::calendar::{Calendar, CalendarYear, DayOverride};
use gongkai_domain::policy::{self, Permission};
use gongkai_store::{CalendarEntry, CalendarEntryKind};
use serde::Deserialize;

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views::{CalendarPage, CalendarYearView, Chrome, OverrideView};

async fn render(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    error: Option<String>,
    notice: Option<String>,
) -> AppResult<String> {
    let entries = state.store.calendar_entries().await?;
    let entered_years: BTreeMap<i32, String> = entries
        .iter()
        .filter_map(|e| match e.kind {
            CalendarEntryKind::Year { year } => Some((year, entered(e))),
            CalendarEntryKind::Day { .. } => None,
        })
        .collect();
    let calendar = state.calendar_in_force().await?;
    let vendored = Calendar::vendored();
    let mut years: Vec<CalendarYearView> = calendar
        .published_years()
        .into_iter()
        .rev()
        .filter_map(|y| {
            let data = calendar.year(y)?;
            Some(CalendarYearView {
                year: y,
                source: if entered_years.contains_key(&y) {
                    "管理员录入"
                } else if vendored.is_published(y) {
                    "内置"
                } else {
                    "管理员录入"
                },
                off_days: data.off.len(),
                work_days: data.work.len(),
                notices: data.notices.join(" "),
                entered: entered_years.get(&y).cloned().unwrap_or_default(),
            })
        })
        .collect();
    years.truncate(30);
    let overrides = entries
        .iter()
        .filter_map(|e| match &e.kind {
            CalendarEntryKind::Day {
                date,
                working,
                name,
                notice,
            } => Some(OverrideView {
                date: date.to_string(),
                kind: if *working { "上班" } else { "放假" },
                name: name.clone(),
                notice: notice.clone(),
                entered: entered(e),
            }),
            CalendarEntryKind::Year { .. } => None,
        })
        .collect();
    Ok(CalendarPage {
        chrome: Chrome::new(Some(who), csrf),
        years,
        overrides,
        error,
        notice,
        can_edit: policy::may_here(&who.staff.roles, Permission::ChangeCalendar).is_ok(),
    }
    .render()?)
}

/// `陈管理（admin） 2025-03-01 10:00` (Beijing time).
fn entered(e: &CalendarEntry) -> String {
    let who = e
        .entered_by_name
        .clone()
        .unwrap_or_else(|| "（未记录）".into());
    let at = gongkai_app::clock::beijing(e.entered_at).format("%Y-%m-%d %H:%M");
    format!("{who} {at}")
}

pub async fn show(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
) -> AppResult<Html<String>> {
    policy::may_here(&who.staff.roles, Permission::ViewCalendar)
        .map_err(|r| AppError::forbidden(r.0))?;
    Ok(Html(render(&state, &who, &csrf.0.0, None, None).await?))
}

/// The calendar counts every agency's deadlines: only a platform
/// administrator may change it.
fn require_platform_admin(who: &CurrentStaff) -> AppResult<()> {
    policy::may_here(&who.staff.roles, Permission::ChangeCalendar)
        .map_err(|r| AppError::forbidden(r.0))
}

/// A date typed on the calendar page, plausible seen from `today`
/// (`gongkai_domain::dates`).
fn parse_date(raw: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let date = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| {
        format!(
            "日期“{}”无法识别，请按 YYYY-MM-DD 格式填写，如 2027-01-01。",
            raw.trim()
        )
    })?;
    gongkai_domain::dates::plausible("日期", date, today)
}

#[derive(Deserialize)]
pub struct OverrideForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    working: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    notice: String,
}

pub async fn add_override(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Form(form): Form<OverrideForm>,
) -> AppResult<Response> {
    require_platform_admin(&who)?;
    let parsed = parse_date(&form.date, state.clock.today()).and_then(|date| {
        if form.name.trim().is_empty() || form.notice.trim().is_empty() {
            return Err("请填写调整的名称和依据（通知文号或网址）。".to_string());
        }
        let working = match form.working.as_str() {
            "work" => true,
            "off" => false,
            other => return Err(format!("“调整为”只能是放假或上班，收到“{other}”。")),
        };
        Ok(DayOverride {
            date,
            working,
            name: form.name.trim().into(),
            notice: form.notice.trim().into(),
            entered_at: None,
        })
    });
    match parsed {
        Ok(day) => {
            let changed = calendar_admin::put_day(&state, &day, who.staff.id).await?;
            let msg = format!(
                "已保存：{} 调整为{}。已按新日历重新计算{}件办理中申请的期限。",
                day.date,
                if day.working { "上班" } else { "放假" },
                changed.reprojected
            );
            Ok(Html(render(&state, &who, &csrf.0.0, None, Some(msg)).await?).into_response())
        }
        Err(e) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(render(&state, &who, &csrf.0.0, Some(e), None).await?),
        )
            .into_response()),
    }
}

#[derive(Deserialize)]
pub struct YearForm {
    #[serde(default)]
    year: String,
    #[serde(default)]
    notice: String,
    #[serde(default)]
    off: String,
    #[serde(default)]
    work: String,
}

/// Lines of `YYYY-MM-DD 名称`.
fn parse_days(
    text: &str,
    year: i32,
    what: &str,
    today: NaiveDate,
) -> Result<Vec<(NaiveDate, String)>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (d, name) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let date = parse_date(d, today).map_err(|e| format!("{what}第{}行：{e}", i + 1))?;
        if (date.year() - year).abs() > 1 {
            return Err(format!(
                "{what}第{}行：{date} 与年份 {year} 相差过远，请核对。",
                i + 1
            ));
        }
        let name = name.trim();
        if name.is_empty() {
            return Err(format!(
                "{what}第{}行：请在日期后写明节日名称，如“{date} 春节”。",
                i + 1
            ));
        }
        out.push((date, name.to_string()));
    }
    Ok(out)
}

pub async fn add_year(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Form(form): Form<YearForm>,
) -> AppResult<Response> {
    require_platform_admin(&who)?;
    let parsed = (|| {
        let year: i32 = form
            .year
            .trim()
            .parse()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .ok_or_else(|| format!("年份“{}”无效，请填写如 2027 的四位年份。", form.year.trim()))?;
        if form.notice.trim().is_empty() {
            return Err("请填写该年放假通知的文号或网址。".to_string());
        }
        let today = state.clock.today();
        let off = parse_days(&form.off, year, "放假日期", today)?;
        let work = parse_days(&form.work, year, "调休上班日期", today)?;
        if off.is_empty() {
            return Err("请至少填写一个放假日期。".to_string());
        }
        let mut holiday_names = BTreeMap::new();
        for (d, n) in off.iter().chain(work.iter()) {
            holiday_names.insert(*d, n.clone());
        }
        Ok(CalendarYear {
            year,
            notices: vec![form.notice.trim().to_string()],
            off: off.iter().map(|(d, _)| *d).collect(),
            work: work.iter().map(|(d, _)| *d).collect(),
            holiday_names,
        })
    })();
    match parsed {
        Ok(y) => {
            let changed = calendar_admin::put_year(&state, &y, who.staff.id).await?;
            let msg = format!(
                "已保存 {} 年的放假安排：放假{}天，调休上班{}天。已按新日历重新计算{}件办理中申请的期限。",
                y.year,
                y.off.len(),
                y.work.len(),
                changed.reprojected
            );
            Ok(Html(render(&state, &who, &csrf.0.0, None, Some(msg)).await?).into_response())
        }
        Err(e) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(render(&state, &who, &csrf.0.0, Some(e), None).await?),
        )
            .into_response()),
    }
}
