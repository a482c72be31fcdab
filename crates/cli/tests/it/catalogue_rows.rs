//! 归入标准目录 over HTTP (issue 18, item 1, "the column is data"): the
//! bureau's editor files items under rows of its 标准目录 (a key that is
//! no row of the bureau, a row under another Article 20 item and a deleted
//! row are refused, saying what to do); the public navigation links each
//! sub-column to the catalogue narrowed to it, which lists the items filed
//! there and not those of another sub-column; a sub-column the catalogue
//! does not have is answered in Chinese; a row given a quarterly 公开时限 is
//! checked as its own column; a deleted row's items stay under their item.
//!
//! On 2026-03-16 a quarter reaches back to 2025-12-16:
//! an item published 2025-12-01 is more than three months old.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use gongkai_app::demo::{BUREAU_CODE, GOVERNMENT_CODE};
use gongkai_domain::catalogue::standard::TemplateKind;
use gongkai_domain::catalogue::{IndexNumber, ItemAction};
use gongkai_domain::vocabulary::Article20Item;
use gongkai_store::{Agency, NewItem, story};
use reqwest::StatusCode;

use crate::catalogue::id_of;
use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;

const ADMIN: &str = "/admin/agencies/119901219482199390/standard-catalogue";
const CATALOGUE: &str = "/agencies/119901219482199390/catalogue";

/// A draft of 重大建设项目 filed under `row` (`article20` may be blank).
fn filed(title: &str, article20: &str, row: &str) -> Vec<(&'static str, String)> {
    vec![
        ("title", title.to_string()),
        (
            "summary",
            "公布年度建设项目的名称、地点、规模和补助标准。".into(),
        ),
        ("issuers", "白沙县交通运输局".into()),
        ("formed_on", "2025-11-20".into()),
        ("topic", "工业、交通\\公路".into()),
        ("genre", "work_plan".into()),
        ("kind", "other".into()),
        ("article20", article20.into()),
        ("attribute", "proactive".into()),
        ("scope", "public".into()),
        ("body", format!("{title}\n（正文略）")),
        ("standard_row", row.into()),
        ("do", "submit".into()),
    ]
}

async fn post_item(editor: &TestApp, fields: &[(&'static str, String)]) -> reqwest::Response {
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    editor.post_form("/items/new", &refs, true).await
}

/// The field error of `standard_row` on a refused form.
async fn row_error(r: reqwest::Response) -> String {
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    html.split("id=\"standard_row\"")
        .nth(1)
        .and_then(|rest| rest.split("<span class=\"field-error\">").nth(1))
        .and_then(|e| e.split('<').next())
        .unwrap_or_else(|| panic!("no error under the row: {html}"))
        .to_string()
}

/// Files and publishes an item on `date` (the reviewer approves).
async fn publish(app: &TestApp, fields: &[(&'static str, String)], date: &str) -> String {
    let editor = app.logged_in("editor").await;
    let r = post_item(&editor, fields).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let id = id_of(&r);
    let reviewer = app.logged_in("reviewer").await;
    let approve = [
        ("action", "approve"),
        ("review", "不涉及国家秘密。"),
        ("date", date),
        ("channel_website", "1"),
    ];
    let (s, page) = reviewer.item_action(&id, &approve).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    id
}

async fn text(app: &TestApp, path: &str) -> (StatusCode, String) {
    let r = app.get(path).await;
    (r.status(), r.text().await.unwrap())
}

/// The part of `page` between `start` and the next `end`.
fn part<'a>(page: &'a str, start: &str, end: &str) -> &'a str {
    page.split(start)
        .nth(1)
        .and_then(|p| p.split(end).next())
        .unwrap_or_else(|| panic!("{start} in {page}"))
}

on_both_backends!(items_are_filed_under_rows_and_listed_in_their_sub_column);

async fn items_are_filed_under_rows_and_listed_in_their_sub_column(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2026-03-16").spawn().await else {
        return;
    };
    let editor = app.logged_in("editor").await;
    let derive = [("op", "derive"), ("template", "transport")];
    assert_eq!(
        editor.post_form(ADMIN, &derive, true).await.status(),
        StatusCode::OK
    );
    let port = [
        ("op", "delete"),
        ("key", "licensing.port-operation"),
        ("reason", "白沙县无港口，不涉及港口经营许可"),
    ];
    assert_eq!(
        editor.post_form(ADMIN, &port, true).await.status(),
        StatusCode::OK
    );

    // ---- the form offers the rows by sub-column ----
    let (_, form) = text(&editor, "/items/new").await;
    assert!(
        form.contains("<optgroup label=\"第二十条（十）/农村公路建设\"><option value=\"road.rural-plan\" >农村公路建设计划和补助政策</option>"),
        "{form}"
    );
    let (_, form) = text(&editor, "/items/new?row=road.rural-plan").await;
    assert!(
        form.contains(
            "<option value=\"road.rural-plan\" selected>农村公路建设计划和补助政策</option>"
        ),
        "{form}"
    );
    assert!(
        form.contains("<option value=\"major_projects\" selected>"),
        "{form}"
    );

    // ---- refused: no such row, another item's row, a deleted row ----
    let r = post_item(&editor, &filed("码头建设计划", "", "road.nothing")).await;
    assert_eq!(
        row_error(r).await,
        "本机关标准目录中没有“road.nothing”这一事项（或已删除）：请从列表中重新选择子栏目，或选择“不归入”。"
    );
    let r = post_item(
        &editor,
        &filed("公路建设计划", "licensing", "road.rural-plan"),
    )
    .await;
    assert_eq!(
        row_error(r).await,
        "标准目录事项“农村公路建设计划和补助政策”在第二十条（十）重大建设项目的批准和实施情况的“农村公路建设”子栏目下，与所选的第二十条（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果不一致：请改选第二十条事项，或选择该事项下的子栏目。"
    );
    let r = post_item(
        &editor,
        &filed("港口经营许可办理结果", "", "licensing.port-operation"),
    )
    .await;
    assert_eq!(
        row_error(r).await,
        "本机关标准目录中没有“licensing.port-operation”这一事项（或已删除）：请从列表中重新选择子栏目，或选择“不归入”。"
    );

    // ---- filed and published: the plan (its item taken from the row) and a tender ----
    let plan = publish(
        &app,
        &filed("白沙县2026年农村公路建设计划", "", "road.rural-plan"),
        "2025-12-01",
    )
    .await;
    let tender_fields = filed(
        "农村公路建设项目招标公告",
        "major_projects",
        "road.project-tendering",
    );
    let tender = publish(&app, &tender_fields, "2026-03-02").await;

    // ---- the public navigation links the sub-column; its list has the plan only ----
    let public = app.another_browser();
    let (_, page) = text(&public, "/agencies/119901219482199390/standard-catalogue").await;
    let nav = part(&page, "id=\"catalogue-nav\"", "</nav>");
    let link = nav
        .split("<a href=\"")
        .find(|a| a.contains("\">农村公路建设</a>") && a.contains("item=major_projects"))
        .and_then(|a| a.split('"').next())
        .unwrap_or_else(|| panic!("the sub-column's link in {nav}"))
        .replace("&#38;", "&");
    assert!(
        link.starts_with("/agencies/119901219482199390/catalogue?item=major_projects&sub="),
        "{link}"
    );
    let (s, list) = text(&public, &link).await;
    assert_eq!(s, StatusCode::OK, "{list}");
    let rows = part(&list, "id=\"catalogue\"", "</table>");
    assert!(
        rows.contains(&format!(
            "<a href=\"/items/{plan}\">白沙县2026年农村公路建设计划</a>"
        )),
        "{rows}"
    );
    assert!(!rows.contains("农村公路建设项目招标公告"), "{rows}");
    // The item's sub-columns as the list's navigation, this one current.
    let subs = part(&list, "id=\"catalogue-subs\"", "</nav>");
    assert!(
        subs.contains("aria-current=\"page\">农村公路建设</a>"),
        "{subs}"
    );
    assert!(subs.contains(">招标投标</a>"), "{subs}");
    // The whole item lists both.
    let (_, all) = text(&public, &format!("{CATALOGUE}?item=major_projects")).await;
    let rows = part(&all, "id=\"catalogue\"", "</table>");
    assert!(
        rows.contains(&format!("/items/{plan}\"")) && rows.contains(&format!("/items/{tender}\"")),
        "{rows}"
    );

    // ---- a sub-column the catalogue does not have, or without its item ----
    let (s, page) = text(
        &public,
        &format!("{CATALOGUE}?item=major_projects&sub=%E7%A0%81%E5%A4%B4%E5%BB%BA%E8%AE%BE"),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("本机关的标准目录中，第二十条（十）重大建设项目的批准和实施情况下没有“码头建设”子栏目：请从栏目导航中选择子栏目，或查看该事项下的全部信息。"),
        "{page}"
    );
    let (s, page) = text(
        &public,
        &format!("{CATALOGUE}?sub=%E6%8B%9B%E6%A0%87%E6%8A%95%E6%A0%87"),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("子栏目“招标投标”须与其所属的第二十条事项一同选择：请从栏目导航进入子栏目。"),
        "{page}"
    );

    quarterly_row_is_checked_as_its_own_column(&app, &editor).await;

    // ---- deleting the plan's row: said, and the plan stays under its item ----
    let gone = [
        ("op", "delete"),
        ("key", "road.rural-plan"),
        ("reason", "本年度农村公路建设计划并入重点项目计划公开"),
    ];
    let r = editor.post_form(ADMIN, &gone, true).await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("原归入该事项的1条信息不会隐藏，仍在其第二十条事项下公开，但不再列入该子栏目；恢复该事项即重新列入。"),
        "{page}"
    );
    let (_, all) = text(&public, &format!("{CATALOGUE}?item=major_projects")).await;
    assert!(all.contains(&format!("/items/{plan}\"")), "{all}");
    let (_, list) = text(&public, &link).await;
    assert!(!list.contains(&format!("/items/{plan}\"")), "{list}");
}

/// The plan's row given 每季度更新: the county's run finds its
/// sub-column not updated since 2025-12-01, with a link to publish under it.
async fn quarterly_row_is_checked_as_its_own_column(app: &TestApp, editor: &TestApp) {
    let row = TemplateKind::Transport
        .template()
        .row("road.rural-plan")
        .unwrap();
    let mut cells: Vec<(String, String)> = row.cells()[1..]
        .iter()
        .enumerate()
        .map(|(i, c)| (format!("c{}", i + 1), c.clone()))
        .collect();
    cells[4].1 = "每季度更新".into();
    let mut fields = vec![("op", "save"), ("key", "road.rural-plan")];
    fields.extend(cells.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let r = editor.post_form(ADMIN, &fields, true).await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());

    let supervisor = app.logged_in("supervisor").await;
    let run = [("agency", GOVERNMENT_CODE)];
    let r = supervisor
        .post_form("/workbench/health/run", &run, true)
        .await;
    assert!(
        r.status().is_success() || r.status().is_redirection(),
        "{}",
        r.status()
    );
    let bureau_page = format!("/workbench/health?agency={BUREAU_CODE}");
    let started = Instant::now();
    let page = loop {
        let page = supervisor.get(&bureau_page).await.text().await.unwrap();
        if page.contains("id=\"health-summary\"") {
            break page;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no run after 60 s: {page}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let row = page
        .split("<tr")
        .find(|r| {
            r.contains("<td>法定主动公开内容（十）/农村公路建设·农村公路建设计划和补助政策</td>")
        })
        .unwrap_or_else(|| panic!("the sub-column's finding in {page}"));
    assert!(row.contains("<td>应更新但长期未更新的栏目</td>"), "{row}");
    assert!(
        row.contains(
            "最近一次更新为2025-12-01，已超过3个月未更新（标准目录规定的公开时限：每季度更新）"
        ),
        "{row}"
    );
    assert!(
        row.contains("href=\"/items/new?row=road.rural-plan\""),
        "{row}"
    );
}

/// A published item of 第二十条（六） filed under `row`, the `i`th of the
/// year, published on 2026-01-01 plus `i` days.
fn enforcement(agency: &Agency, i: u32, row: &str) -> NewItem {
    let on = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(u64::from(i));
    let number = IndexNumber::generate(&agency.profile.code, 2026, i);
    let title = format!("行政执法信息第{i}号");
    let mut item = story::published(agency.id, Some(&title), &title, &number, on, i64::from(i));
    let m = &mut item.snapshot.metadata;
    m.article20 = Some(Article20Item::Enforcement);
    m.standard_row = Some(row.into());
    if let ItemAction::Drafted { metadata } = &mut item.events[0].action {
        *metadata = m.clone();
    }
    item
}

on_both_backends!(a_sub_column_is_paged_with_its_filter_kept);

/// 31 decisions under 行政处罚决定 (published 2 January … 1 February) and
/// two coercions under 行政强制 (9 and 10 February): the sub-column's first
/// page has the newest 30 decisions, its "下一页" keeps `sub` and holds the
/// first decision alone; no coercion on either.
async fn a_sub_column_is_paged_with_its_filter_kept(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2026-03-16").spawn().await else {
        return;
    };
    let editor = app.logged_in("editor").await;
    let derive = [("op", "derive"), ("template", "transport")];
    assert_eq!(
        editor.post_form(ADMIN, &derive, true).await.status(),
        StatusCode::OK
    );
    let bureau = app
        .store
        .agency_by_code(BUREAU_CODE)
        .await
        .unwrap()
        .unwrap();
    let mut items: Vec<NewItem> = (1..=31)
        .map(|i| enforcement(&bureau, i, "enforcement.penalty-decisions"))
        .collect();
    items.push(enforcement(&bureau, 39, "enforcement.coercion"));
    items.push(enforcement(&bureau, 40, "enforcement.coercion"));
    app.store.create_items(&items).await.unwrap();

    let public = app.another_browser();
    let first = format!(
        "{CATALOGUE}?item=enforcement&sub=%E8%A1%8C%E6%94%BF%E5%A4%84%E7%BD%9A%E5%86%B3%E5%AE%9A"
    );
    let (s, page) = text(&public, &first).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let rows = part(&page, "id=\"catalogue\"", "</table>");
    assert_eq!(rows.matches("<tr><td>").count(), 30, "{rows}");
    assert!(rows.contains(">行政执法信息第31号</a>") && rows.contains(">行政执法信息第2号</a>"));
    assert!(
        !rows.contains(">行政执法信息第1号</a>") && !rows.contains("第39号"),
        "{rows}"
    );
    let next = part(&page, "id=\"catalogue-pager\"", "</nav>")
        .split("href=\"")
        .find_map(|a| a.split_once("\" id=\"catalogue-next\"").map(|(h, _)| h))
        .unwrap_or_else(|| panic!("a next page in {page}"))
        .replace("&#38;", "&");
    // The second decision (published 2026-01-03) is the page's last: the
    // bureau had no items before, so the 2nd created has id 2.
    assert_eq!(
        next,
        "/agencies/119901219482199390/catalogue?item=enforcement&sub=%E8%A1%8C%E6%94%BF%E5%A4%84%E7%BD%9A%E5%86%B3%E5%AE%9A&after=2026-01-03_2"
    );
    let (_, page) = text(&public, &next).await;
    let rows = part(&page, "id=\"catalogue\"", "</table>");
    assert_eq!(rows.matches("<tr><td>").count(), 1, "{rows}");
    assert!(rows.contains(">行政执法信息第1号</a>"), "{rows}");
}
