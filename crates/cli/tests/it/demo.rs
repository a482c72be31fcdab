//! `serve --demo` is alive on any date (issue 16, item 10): seeded on
//! 2026-12-03 and on 2027-01-04 (the first working day after 元旦), the
//! clerk's queue on the workbench shows open cases normal, due soon and
//! overdue — one awaiting confirmation, one the applicant's correction, one
//! the reviewer's decision on an extension — last year's annual reports are
//! published by their deadlines and this year's are drafts.
//!
//! Expected values, by hand from the demo's rule (crates/app/src/demo):
//! the queue is seven cases, received 23 working days before today (reply
//! due 20 working days after receipt, Art. 33: 3 working days ago, overdue),
//! due 2 and 3 working days after today (due soon: within 3 working days),
//! 9 and 2 working days ago (normal), one waiting for a correction and one
//! online application not yet confirmed (no reply deadline: normal). On
//! 2026-12-03 every other case is closed. On 2027-01-04 two of last year's
//! December applications are still being answered: received 2026-12-22 and
//! 12-29 and answered after 14 and 8 working days — not before 2027-01-08
//! even if no day of 2027 were off — both normal. Working days are counted
//! on the calendar in force (2027 has no holiday notice yet), not written
//! out.

use chrono::{Datelike, NaiveDate};
use gongkai_app::demo::{self, BUREAU_CODE, DEMO_PASSWORD, GOVERNMENT_CODE};
use reqwest::StatusCode;

use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;

/// One row of the workbench queue: its mark, state and reply due date.
#[derive(Debug)]
struct Row {
    mark: String,
    state: String,
    due: String,
}

/// The queue rows of the workbench page (`<tr class="row-{mark}">` with
/// the cells number, applicant, request, state, receipt, due, mark; the
/// text of each cell before any mark-up in it).
fn queue_rows(html: &str) -> Vec<Row> {
    html.split("<tr class=\"row-")
        .skip(1)
        .map(|row| {
            let mark = row.split('"').next().unwrap().to_string();
            let cells: Vec<String> = row
                .split("</tr>")
                .next()
                .unwrap()
                .split("<td>")
                .skip(1)
                // The cell's own text, before any mark-up inside it.
                .map(|c| c.split('<').next().unwrap().trim().to_string())
                .collect();
            Row {
                mark,
                state: cells[3].clone(),
                due: cells[5].clone(),
            }
        })
        .collect()
}

async fn the_demo_is_alive_on(kind: DbKind, on: &str, normal: usize) {
    let Some(app) = TestApp::builder(kind).on(on).spawn().await else {
        return;
    };
    let today = app.clock.today();
    let store = app.store.as_ref();
    demo::seed_content(store, today).await.unwrap();
    demo::seed_reports(store, today).await.unwrap();
    let calendar = gongkai_store::calendar_in_force(store).await.unwrap();
    let ahead = |n| calendar.add_working_days(today, n).unwrap().due.to_string();

    let r = app.login("clerk", DEMO_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = app.get("/workbench").await.text().await.unwrap();
    let rows = queue_rows(&html);
    let marked = |mark: &str| rows.iter().filter(|r| r.mark == mark).collect::<Vec<_>>();
    let overdue = marked("overdue");
    assert_eq!(overdue.len(), 1, "{on}: {rows:?}");
    let due = NaiveDate::parse_from_str(&overdue[0].due, "%Y-%m-%d").unwrap();
    assert_eq!(
        calendar.working_days_between(due, today),
        3,
        "{on}: due 3 working days ago"
    );
    let due_soon: Vec<&str> = marked("due_soon").iter().map(|r| r.due.as_str()).collect();
    assert_eq!(due_soon, [ahead(2), ahead(3)], "{on}: {rows:?}");
    assert_eq!(marked("normal").len(), normal, "{on}: {rows:?}");
    assert_eq!(rows.len(), 3 + normal, "{on}: only these marks");
    for state in ["待确认", "待补正", "延期待审批"] {
        let n = rows.iter().filter(|r| r.state == state).count();
        assert_eq!(n, 1, "{on}: {state} in {rows:?}");
    }

    // Last year's reports published by the deadline (departments 31
    // January, governments 31 March, Art. 49–50) and by today; this year's
    // are drafts.
    let year = today.year();
    for (code, deadline) in [(BUREAU_CODE, (1, 31)), (GOVERNMENT_CODE, (3, 31))] {
        let agency = store.agency_by_code(code).await.unwrap().unwrap();
        let last = store.report_versions(agency.id, year - 1).await.unwrap();
        assert_eq!(last.len(), 1, "{on}: {code} {}", year - 1);
        let deadline = NaiveDate::from_ymd_opt(year, deadline.0, deadline.1).unwrap();
        let published = last[0].published_on;
        assert!(published.year() == year && published <= today.min(deadline));
        assert!(
            store
                .report_versions(agency.id, year)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(store.report_draft(agency.id, year).await.unwrap().is_some());
        // The agency's public 年报 column lists last year's, not this year's.
        let page = app.get(&format!("/agencies/{code}/reports")).await;
        let page = page.text().await.unwrap();
        let link = |y: i32| format!("href=\"/agencies/{code}/reports/{y}\"");
        assert!(page.contains(&link(year - 1)), "{on}: {code}");
        assert!(!page.contains(&link(year)), "{on}: {code}");
    }

    // The work plans (issue 17): the bureau's, derived from the county's
    // and taking up all but one of its tasks, holds a task in every state;
    // on the supervisor's table it has ten tasks, one completed, two red
    // (one urged, one listed in the 通报), one yellow, one returned.
    let county = store
        .agency_by_code(GOVERNMENT_CODE)
        .await
        .unwrap()
        .unwrap();
    let bureau = store.agency_by_code(BUREAU_CODE).await.unwrap().unwrap();
    let county_plan = store.plans(county.id, None).await.unwrap().remove(0);
    let plan = store.plans(bureau.id, None).await.unwrap().remove(0);
    assert_eq!(plan.implements, Some(county_plan.id), "{on}");
    let open = store
        .superior_tasks_not_taken_up(county_plan.id)
        .await
        .unwrap();
    assert_eq!(open.len(), 1, "{on}");
    let tasks = store.plan_tasks(plan.id).await.unwrap();
    for state in gongkai_domain::plan::TaskState::ALL {
        assert!(
            tasks.iter().any(|t| t.row.state == state),
            "{on}: {state:?}"
        );
    }
    let counts = store
        .task_counts(county.id, plan.year, today)
        .await
        .unwrap();
    let c = counts.iter().find(|c| c.agency_id == bureau.id).unwrap();
    let got = (c.tasks, c.completed, c.red, c.yellow, c.returned, c.listed);
    assert_eq!(got, (10, 1, 2, 1, 1, 1), "{on}");

    // 回应关切 and 重大行政决策 (issue 20): the column lists the two concerns
    // answered in public, not the open one (an internal note only); this
    // year's directory its three entries and the adjustment's reason; the
    // fare consultation's hearing its participants, without contacts.
    let web = &app;
    let page = |path: String| async move { web.get(&path).await.text().await.unwrap() };
    let concerns = page(format!("/agencies/{BUREAU_CODE}/concerns")).await;
    assert!(
        concerns.contains("县道X012线城关至北坡段"),
        "{on}: {concerns}"
    );
    assert!(concerns.contains("公交3路"), "{on}");
    assert!(!concerns.contains("出租汽车拒载"), "{on}");
    let directory = page(format!("/agencies/{BUREAU_CODE}/decisions")).await;
    for title in [
        "白沙县农村公路养护管理办法",
        "白沙县城区公交票价调整方案",
        "白沙县综合交通运输体系规划",
        "国土空间总体规划尚未批复",
    ] {
        assert!(directory.contains(title), "{on}: {title} in {directory}");
    }
    let open = gongkai_store::ConsultationList::Open {
        agency: bureau.id,
        today,
    };
    let rows = store.consultation_rows(open, None, 50).await.unwrap();
    let fares = rows
        .iter()
        .find(|r| r.kind == gongkai_domain::participation::consultation::DraftKind::MajorDecision)
        .expect("the fare consultation is open");
    let hearing = page(format!(
        "/agencies/{BUREAU_CODE}/consultations/{}/hearings",
        fares.id
    ))
    .await;
    assert!(hearing.contains("张建国"), "{on}: {hearing}");
    assert!(!hearing.contains("13900001111"), "{on}: no contact");
}

on_both_backends!(
    the_demo_is_alive_in_december,
    the_demo_is_alive_after_new_year
);

async fn the_demo_is_alive_in_december(kind: DbKind) {
    the_demo_is_alive_on(kind, "2026-12-03", 4).await;
}

async fn the_demo_is_alive_after_new_year(kind: DbKind) {
    the_demo_is_alive_on(kind, "2027-01-04", 4 + 2).await;
}
