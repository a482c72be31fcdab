//! The plan pages over HTTP: the county's supervising office uploads its
//! plan, the bureau derives its own taking two of three tasks, its unit
//! signs for and completes one, the reviewer returns and then accepts it;
//! the county plan names the task nobody took up; the ledger downloads.

use calamine::{Reader, Xlsx};
use gongkai_app::demo::{BUREAU_CODE, DEMO_PASSWORD, GOVERNMENT_CODE};
use gongkai_domain::plan::{UnitKind, UnitName};
use gongkai_domain::staff::{Role, Username};
use gongkai_store::NewStaff;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

use crate::helpers::{DbKind, TestApp};

/// 白沙县财政局: a department beside the bureau.
const FINANCE: &str = "11990121518190937G";

const COUNTY_PLAN: &str = "一、推进决策公开\n\
1.推进重大决策预公开。重大决策事项在决策前向社会公开征求意见。(牵头单位:县政府办公室;完成时限:2025年6月30日前)\n\
2.做好政策解读。政策文件与解读材料同步起草、同步审签。(牵头单位:县政府办公室;完成时限:2025年9月30日前)\n\
3.加强政务公开平台建设。整合政务新媒体。(牵头单位:信息中心;完成时限:年底前)\n";

async fn upload(app: &TestApp, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let mut form = Form::new().text("_csrf", app.csrf().await);
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    let form = form.part(
        "file",
        Part::bytes(COUNTY_PLAN.as_bytes().to_vec()).file_name("白沙县2025年政务公开工作要点.txt"),
    );
    let r = app
        .client
        .post(app.url("/workbench/plans/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

async fn step(app: &TestApp, task: i64, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let seq = crate::helpers::task_seq(app, task).await;
    let mut all: Vec<(&str, &str)> = fields.to_vec();
    all.push(("seq", &seq));
    let r = app
        .post_form(&format!("/workbench/tasks/{task}"), &all, true)
        .await;
    (r.status(), r.text().await.unwrap())
}

#[tokio::test]
async fn a_county_plan_is_uploaded_derived_worked_and_exported() {
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2025-03-03")
        .spawn()
        .await
    else {
        return;
    };
    let county = app
        .store
        .agency_by_code(GOVERNMENT_CODE)
        .await
        .unwrap()
        .unwrap();
    let bureau = app
        .store
        .agency_by_code(BUREAU_CODE)
        .await
        .unwrap()
        .unwrap();

    // The editor may not import the bureau's plan.
    let editor = app.logged_in("editor").await;
    let (s, _) = upload(&editor, &[("agency", BUREAU_CODE), ("year", "2025")]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // The supervising office checks first (nothing stored), then imports.
    let office = app.logged_in("supervisor").await;
    let (s, page) = upload(
        &office,
        &[("agency", GOVERNMENT_CODE), ("year", "二〇二五")],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("年份须为"), "{page}");
    let dry = [
        ("agency", GOVERNMENT_CODE),
        ("year", "2025"),
        ("dry_run", "on"),
    ];
    let (s, page) = upload(&office, &dry).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("核对结果（未保存）：读到3项任务"), "{page}");
    assert!(
        page.contains("县政府办公室、信息中心"),
        "unknown units listed: {page}"
    );
    assert!(app.store.plans(county.id, None).await.unwrap().is_empty());
    let create = [
        ("agency", GOVERNMENT_CODE),
        ("year", "2025"),
        ("create_units", "on"),
    ];
    let (s, page) = upload(&office, &create).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert!(page.contains("已导入3项任务"), "{page}");
    let plans = app.store.plans(county.id, Some(2025)).await.unwrap();
    assert_eq!(plans[0].title, "2025年白沙县政府政务公开工作要点");
    let county_plan = plans[0].id;

    // The bureau's reviewer derives the bureau's plan, taking tasks 1 and 3.
    let by = app
        .store
        .staff_by_username(&Username::parse("admin").unwrap())
        .await
        .unwrap()
        .unwrap();
    let office_unit = app
        .store
        .add_unit(
            bureau.id,
            &UnitName::parse("办公室").unwrap(),
            UnitKind::Internal,
            Some(by.id),
        )
        .await
        .unwrap();
    let clerk = app
        .store
        .staff_by_username(&Username::parse("clerk").unwrap())
        .await
        .unwrap()
        .unwrap();
    app.store
        .set_staff_units(clerk.id, &[office_unit], by.id)
        .await
        .unwrap();
    let reviewer = app.logged_in("reviewer").await;
    let list = reviewer.get("/workbench/plans").await.text().await.unwrap();
    assert!(
        list.contains(&format!("/workbench/plans/{county_plan}/derive")),
        "{list}"
    );
    let tasks = app.store.plan_tasks(county_plan).await.unwrap();
    let (t1, t3) = (tasks[0].id.to_string(), tasks[2].id.to_string());
    let unit = office_unit.to_string();
    let r = reviewer
        .post_form(
            &format!("/workbench/plans/{county_plan}/derive"),
            &[
                ("title", "白沙县交通运输局2025年政务公开工作要点"),
                ("take", &t1),
                (&format!("lead_{t1}"), &unit),
                (
                    &format!("requirement_{t1}"),
                    "重大交通建设项目决策前公开征求意见。",
                ),
                ("take", &t3),
                (&format!("lead_{t3}"), &unit),
                (&format!("limit_{t3}"), "2025-03-10"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let ours = app.store.plans(bureau.id, Some(2025)).await.unwrap();
    assert_eq!(ours[0].implements, Some(county_plan));
    let own_tasks = app.store.plan_tasks(ours[0].id).await.unwrap();
    assert_eq!(own_tasks.len(), 2);
    let task = own_tasks[1].id;

    // The office's unit member signs for it and reports completion; the
    // reviewer returns it, then accepts the corrected report.
    let member = app.logged_in("clerk").await;
    let unit_field = office_unit.to_string();
    let (s, page) = step(
        &member,
        task,
        &[("action", "sign_for"), ("unit", &unit_field)],
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let (s, page) = step(
        &member,
        task,
        &[
            ("action", "progress"),
            ("text", "已整合"),
            ("percent", "150"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("应是0到100之间的整数"), "{page}");
    let report = [
        ("action", "completion"),
        ("text", "局政务微信公众号并入县政务新媒体矩阵。"),
    ];
    let own = member.get("/workbench").await.text().await.unwrap();
    assert!(
        own.contains("id=\"plan-task-queue\""),
        "the unit's open tasks: {own}"
    );
    assert_eq!(step(&member, task, &report).await.0, StatusCode::OK);
    // Waiting for acceptance: on the reviewer's workbench.
    let desk = reviewer.get("/workbench").await.text().await.unwrap();
    let queue = desk
        .split("id=\"plan-task-queue\"")
        .nth(1)
        .unwrap_or_default();
    assert!(queue.contains("加强政务公开平台建设"), "{desk}");
    // Not the unit's step.
    assert_eq!(
        step(&member, task, &[("action", "accept")]).await.0,
        StatusCode::FORBIDDEN
    );
    let back = [("action", "return"), ("reason", "请补充整合后的账号清单。")];
    let (s, page) = step(&reviewer, task, &back).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert!(page.contains("请补充整合后的账号清单"), "{page}");
    assert_eq!(step(&member, task, &report).await.0, StatusCode::OK);
    let (s, page) = step(&reviewer, task, &[("action", "accept")]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("已销号"), "{page}");

    // The annual report's writer finds the plan's sentences for part 一.
    let report = reviewer
        .get(&format!("/workbench/reports/{BUREAU_CODE}/2025"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        report.contains(
            "（第一部分，据工作要点）2025年，本机关制定《白沙县交通运输局2025年政务公开工作要点》，\
             明确2项任务，已完成1项（完成率50.0%），尚有1项未完成。"
        ),
        "{report}"
    );

    // The county plan names the task nobody took up.
    let county_page = office
        .get(&format!("/workbench/plans/{county_plan}"))
        .await
        .text()
        .await
        .unwrap();
    let missing = county_page
        .split("id=\"not-taken-up\"")
        .nth(1)
        .unwrap_or_default();
    assert!(missing.contains("做好政策解读"), "{county_page}");
    assert!(!missing.contains("推进重大决策预公开"), "{county_page}");

    // The ledger of the bureau's plan.
    let r = reviewer
        .get(&format!("/workbench/plans/{}/ledger.xlsx", ours[0].id))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap().to_vec();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let cells: Vec<String> = sheet.rows().flatten().map(|c| c.to_string()).collect();
    assert!(
        cells
            .iter()
            .any(|c| c == "局政务微信公众号并入县政务新媒体矩阵。"),
        "{cells:?}"
    );
    assert!(cells.iter().any(|c| c == "办公室"), "{cells:?}");

    // The county's other departments see neither plan.
    let finance = app.store.agency_by_code(FINANCE).await.unwrap().unwrap();
    app.store
        .create_staff(&NewStaff {
            agency_id: finance.id,
            username: Username::parse("czj-reviewer").unwrap(),
            display_name: "财政审核".into(),
            password_hash: gongkai_app::password::hash_password(DEMO_PASSWORD).unwrap(),
            roles: vec![Role::Reviewer],
        })
        .await
        .unwrap();
    let outsider = app.logged_in("czj-reviewer").await;
    let r = outsider
        .get(&format!("/workbench/plans/{}", ours[0].id))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = outsider.get(&format!("/workbench/tasks/{task}")).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // The county's plan is the superior's: the bureau reads it.
    let r = member.get(&format!("/workbench/plans/{county_plan}")).await;
    assert_eq!(r.status(), StatusCode::OK);
}

/// A progress report names the published items that fulfil the task by
/// their 索引号; one that is not the agency's published item is refused.
#[tokio::test]
async fn a_progress_report_names_published_items() {
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2025-06-03")
        .spawn()
        .await
    else {
        return;
    };
    gongkai_app::demo::seed_content(app.store.as_ref(), app.clock.today())
        .await
        .unwrap();
    let bureau = app
        .store
        .agency_by_code(BUREAU_CODE)
        .await
        .unwrap()
        .unwrap();
    let item = app
        .store
        .items_of_agency(bureau.id)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.snapshot.index_number.is_some())
        .expect("a published item of the bureau");
    let number = item.snapshot.index_number.clone().unwrap();
    // The demo's bureau plan: a task in progress that the clerk's unit leads.
    let clerk = app
        .store
        .staff_by_username(&Username::parse("clerk").unwrap())
        .await
        .unwrap()
        .unwrap();
    let mine = app.store.staff_units(clerk.id).await.unwrap();
    let plan = app.store.plans(bureau.id, Some(2025)).await.unwrap()[0].id;
    let task = app
        .store
        .plan_tasks(plan)
        .await
        .unwrap()
        .into_iter()
        .find(|t| {
            t.row.state == gongkai_domain::plan::TaskState::InProgress
                && t.row.lead.iter().any(|u| mine.contains(u))
        })
        .expect("a task in progress led by the clerk's unit")
        .id;
    let member = app.logged_in("clerk").await;
    let wrong = [
        ("action", "progress"),
        ("text", "已公开。"),
        ("items", "000000/2025-99999"),
    ];
    let (s, page) = step(&member, task, &wrong).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("索引号“000000/2025-99999”不是本机关已公开的信息"),
        "{page}"
    );
    let right = [
        ("action", "progress"),
        ("text", "已公开部门预算。"),
        ("items", &number),
    ];
    let (s, page) = step(&member, task, &right).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let named = format!(
        "已公开部门预算。（相关信息：《{}》（{number}））",
        item.snapshot.metadata.title
    );
    assert!(page.contains(&named), "{page}");
}
