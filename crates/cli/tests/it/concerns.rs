//! 回应关切 over HTTP on both backends. The clocks run in clock hours from
//! the moment the agency learned of the event, in Beijing time: a 重大突发
//! 事件 learned of at 22:30 on Thursday 3 July 2025 is due authoritative
//! information by 03:30 on the 4th (5 h) and a press conference by 22:30 on
//! the 4th (24 h). The release at 03:10 is in time; the press conference at
//! 10:00 on the 5th is 11 h 30 min late. Another concern learned of at
//! 09:00 on the 4th is due a response by 09:00 on Sunday 6 July (48 h,
//! the weekend counted); unanswered, on 7 July it is missed.
//!
//! The test's clock is a fixed day with the real time of day, so every
//! moment typed lies on an earlier day than the one the clock is set to.

use reqwest::StatusCode;

use crate::helpers::{DbKind, TestApp};
use crate::motions::{BUREAU, location};
use crate::on_both_backends;

fn id_in(r: &reqwest::Response) -> i64 {
    location(r).rsplit('/').next().unwrap().parse().unwrap()
}

async fn text(app: &TestApp, path: &str) -> String {
    let r = app.get(path).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.text().await.unwrap()
}

async fn register(editor: &TestApp, title: &str, class: &str, learned: &str) -> i64 {
    let fields = [
        ("title", title),
        ("class", class),
        ("learned_at", learned),
        ("source", "网络媒体报道"),
        ("summary", "网民集中关注，转发量较大。"),
        ("lead_agency", ""),
    ];
    let r = editor.post_form("/workbench/concerns", &fields, true).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{title}");
    id_in(&r)
}

async fn respond(editor: &TestApp, id: i64, fields: &[(&str, &str)]) -> reqwest::Response {
    editor
        .post_form(&format!("/workbench/concerns/{id}/respond"), fields, true)
        .await
}

on_both_backends!(
    an_incident_release_in_time_and_a_late_press_conference_show_on_both_pages,
    a_concern_needs_its_class_and_a_response_follows_the_concern
);

async fn an_incident_release_in_time_and_a_late_press_conference_show_on_both_pages(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-07-07").spawn().await else {
        return;
    };
    let editor = app.logged_in("editor").await;
    let incident = register(
        &editor,
        "白沙大桥临时封闭",
        "major_incident",
        "2025-07-03T22:30",
    )
    .await;
    let other = register(&editor, "公交线路调整引发关注", "other", "2025-07-04 09:00").await;
    let page = text(&editor, &format!("/workbench/concerns/{incident}")).await;
    assert!(
        page.contains("获知后5小时内（2025-07-04 03:30前）"),
        "{page}"
    );
    assert!(
        page.contains("获知后24小时内（2025-07-04 22:30前）"),
        "{page}"
    );

    let release = [
        ("kind", "authoritative_release"),
        ("responded_at", "2025-07-04T03:10"),
        ("body", "白沙大桥因桥墩受损临时封闭，绕行线路如下。"),
        ("public", "1"),
        ("items", ""),
        ("url", "https://www.example.gov.cn/notice/1"),
    ];
    assert_eq!(
        respond(&editor, incident, &release).await.status(),
        StatusCode::SEE_OTHER
    );
    let internal = [
        ("kind", "other"),
        ("responded_at", "2025-07-04T05:00"),
        ("body", "内部研判：舆情热度持续上升，需召开发布会。"),
        ("items", ""),
        ("url", ""),
    ];
    assert_eq!(
        respond(&editor, incident, &internal).await.status(),
        StatusCode::SEE_OTHER
    );
    let press = [
        ("kind", "press_conference"),
        ("responded_at", "2025-07-05 10:00"),
        (
            "body",
            "县政府新闻办召开新闻发布会，通报大桥检测和抢修进展。",
        ),
        ("public", "1"),
    ];
    assert_eq!(
        respond(&editor, incident, &press).await.status(),
        StatusCode::SEE_OTHER
    );

    let page = text(&editor, &format!("/workbench/concerns/{incident}")).await;
    assert!(
        page.contains("2025-07-04 03:10</td><td><span class=\"clock-on-time\">按时"),
        "{page}"
    );
    assert!(page.contains("超时（晚11小时30分钟）"), "{page}");
    assert!(page.contains("（不公开，不计入时限）"), "{page}");
    // The queue: the unanswered concern (missed) first, its mark shown.
    let queue = text(&editor, "/workbench/concerns").await;
    let first = queue.find(&format!("concern-row-{other}")).unwrap();
    let second = queue.find(&format!("concern-row-{incident}")).unwrap();
    assert!(first < second, "{queue}");
    // Due 09:00 on 6 July, unanswered on the 7th: missed.
    assert!(queue.contains("已超时未回应"), "{queue}");

    // ---- the public column: the incident only, its internal note never ----
    let citizen = app.another_browser();
    let column = text(&citizen, &format!("/agencies/{BUREAU}/concerns")).await;
    assert!(column.contains("白沙大桥临时封闭"), "{column}");
    assert!(
        !column.contains("公交线路调整引发关注"),
        "no public response: {column}"
    );
    assert!(
        column.contains(
            "召开新闻发布会（获知后24小时内）：<span class=\"clock-late\">超时（晚11小时30分钟）"
        ),
        "{column}"
    );
    let public = text(&citizen, &format!("/agencies/{BUREAU}/concerns/{incident}")).await;
    assert!(
        public.contains("按时</span>（2025-07-04 03:10）"),
        "{public}"
    );
    assert!(!public.contains("内部研判"), "{public}");
    assert!(
        !public.contains("网民集中关注"),
        "the summary is internal: {public}"
    );
    assert_eq!(
        citizen
            .get(&format!("/agencies/{BUREAU}/concerns/{other}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let feed = text(&citizen, &format!("/agencies/{BUREAU}/concerns.atom")).await;
    assert!(feed.contains("<title>白沙大桥临时封闭</title>"), "{feed}");
    assert!(
        feed.contains("<published>2025-07-04T03:10:00+08:00</published>"),
        "{feed}"
    );
    assert!(!feed.contains("内部研判"), "{feed}");

    // ---- the supervisor's console: 2 concerns this year, both 超时 (the
    // press conference late, the other concern missed) ----
    let supervisor = app.logged_in("supervisor").await;
    let console = text(&supervisor, "/workbench/supervision?sort=concerns_late").await;
    let row = console
        .split(&format!("<tr data-code=\"{BUREAU}\">"))
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(
        row.contains("<td class=\"num concerns\"><a href=\"/workbench/concerns\">2</a>"),
        "{row}"
    );
    assert!(
        row.contains("<td class=\"num concerns-late\"><strong class=\"mark-overdue\">2</strong>"),
        "{row}"
    );
    assert!(
        console.contains("回应关切超时"),
        "the column sorts: {console}"
    );

    // ---- closed: nothing more is recorded ----
    let close = [("note", "已发布权威信息并召开新闻发布会，舆情平息")];
    let r = editor
        .post_form(
            &format!("/workbench/concerns/{incident}/close"),
            &close,
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = respond(&editor, incident, &press).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("该舆情已经办结，不能再记录回应")
    );
}

async fn a_concern_needs_its_class_and_a_response_follows_the_concern(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-07-07").spawn().await else {
        return;
    };
    let editor = app.logged_in("editor").await;
    let fields = [
        ("title", "出租车涨价"),
        ("class", ""),
        ("learned_at", "2025-07-04 09:00"),
        ("source", "12345热线"),
        ("summary", "市民反映出租车价格上涨。"),
    ];
    let r = editor.post_form("/workbench/concerns", &fields, true).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let page = r.text().await.unwrap();
    assert!(page.contains("请选择舆情类别"), "{page}");
    assert!(
        page.contains("出租车涨价"),
        "what was typed is kept: {page}"
    );
    let mut future = fields;
    future[1].1 = "other";
    future[2].1 = "2025-07-08 09:00";
    let r = editor.post_form("/workbench/concerns", &future, true).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("获知时间（2025-07-08 09:00）不能晚于现在")
    );

    let id = register(&editor, "出租车涨价", "other", "2025-07-04 09:00").await;
    let early = [
        ("kind", "statement"),
        ("responded_at", "2025-07-04 08:59"),
        ("body", "出租车价格按物价部门核定标准执行。"),
        ("public", "1"),
    ];
    let r = respond(&editor, id, &early).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("回应时间（2025-07-04 08:59）不能早于获知舆情的时间（2025-07-04 09:00）"),
        "{page}"
    );
    let mut wrong_item = early;
    wrong_item[1].1 = "2025-07-06 08:00";
    let with_item = [wrong_item.as_slice(), &[("items", "999999")]].concat();
    let r = respond(&editor, id, &with_item).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("编号为999999的信息不是本机关已公开的信息")
    );
    // 08:00 on 6 July is within 48 hours of 09:00 on the 4th (due 09:00 on the 6th).
    assert_eq!(
        respond(&editor, id, &wrong_item).await.status(),
        StatusCode::SEE_OTHER
    );
    let page = text(&editor, &format!("/workbench/concerns/{id}")).await;
    assert!(page.contains("2025-07-06 09:00前"), "{page}");
    assert!(
        page.contains("<span class=\"clock-on-time\">按时"),
        "{page}"
    );

    // A supervisor above reads and records nothing.
    let supervisor = app.logged_in("supervisor").await;
    let _ = text(&supervisor, &format!("/workbench/concerns/{id}")).await;
    let r = respond(&supervisor, id, &wrong_item).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}
