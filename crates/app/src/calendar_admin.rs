//! 工作日历管理: the platform administrator enters a year's holiday notice or
//! a one-off change of a day. Every deadline still running is counted on the
//! calendar, so the case read model of those cases is re-projected with the
//! new calendar right after the change (and audited with its reason); cases
//! whose deadline no longer runs keep the calendar as it was when they closed.

use gongkai_domain::calendar::{CalendarYear, DayOverride};
use gongkai_store::{Reprojection, StaffId};

use crate::case_list::{ReprojectionReason, reproject};
use crate::{App, Error};

/// What a calendar change did: how many cases were re-projected.
pub struct CalendarChanged {
    pub reprojected: u64,
}

/// Store `year` (replacing an earlier entry of that year) and re-project.
pub async fn put_year(
    app: &App,
    year: &CalendarYear,
    by: StaffId,
) -> Result<CalendarChanged, Error> {
    app.store.put_calendar_year(year, Some(by)).await?;
    let why = format!("日历调整：{}年放假安排", year.year);
    after_change(app, by, &why).await
}

/// Store the one-off change `day` and re-project.
pub async fn put_day(app: &App, day: &DayOverride, by: StaffId) -> Result<CalendarChanged, Error> {
    app.store.put_day_override(day, Some(by)).await?;
    let to = if day.working { "上班" } else { "放假" };
    let why = format!("日历调整：{}调整为{to}", day.date);
    after_change(app, by, &why).await
}

async fn after_change(app: &App, by: StaffId, why: &str) -> Result<CalendarChanged, Error> {
    let reason = ReprojectionReason { by: Some(by), why };
    let reprojected = reproject(app, Reprojection::Running, reason, &|_| {}).await?;
    Ok(CalendarChanged { reprojected })
}
