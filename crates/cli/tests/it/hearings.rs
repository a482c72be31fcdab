//! 听证 over HTTP on both backends, and three gaps of 意见征集 (a draft
//! edited before publication, the agency's threshold of 较为集中的意见, the
//! flag mail of a consultation closed without feedback).
//!
//! The hearing notice is counted in calendar days (《重大行政决策程序暂行
//! 条例》第十八条: materials to the participants 7 days before): a hearing on
//! Tuesday 10 June 2025 is announced by Tuesday 3 June (10 − 7); on 4 June it
//! is refused, and the earliest new day is 4 + 7 = 11 June. Moved to
//! Thursday 12 June, its latest notice day is 5 June: published on 4 June
//! in time.

use gongkai_app::{App, Settings};
use reqwest::StatusCode;

use crate::consultations::{BUREAU, location, notice};
use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;

on_both_backends!(
    a_hearing_from_its_notice_to_its_report,
    drafts_thresholds_and_the_flag_mail
);

const MAJOR: &str = "关于《白沙县城区公交票价调整方案（征求意见稿）》公开征求意见的公告";

/// The notice of a 重大行政决策 opening on 2 June 2025, closing on `closes`.
fn major(closes: &str) -> Vec<(&'static str, String)> {
    let mut f = notice(closes);
    for (k, v) in f.iter_mut() {
        match *k {
            "kind" => *v = "major_decision".into(),
            "title" => *v = MAJOR.into(),
            "opens_on" => *v = "2025-06-02".into(),
            _ => {}
        }
    }
    f
}

fn fields<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, s)| (*k, s.as_str())).collect()
}

fn hearing(day: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("matter", "白沙县城区公交票价调整方案"),
        ("held_on", day),
        ("starts_at", "9:30"),
        ("place", "白沙县政府第一会议室"),
        (
            "how_to_join",
            "6月6日前向县交通运输局报名，按利害关系人、专家分类随机遴选听证参加人。",
        ),
        ("materials", "票价调整方案、成本监审报告和需要听证的问题。"),
    ]
}

async fn text(r: reqwest::Response) -> String {
    r.text().await.unwrap()
}

async fn a_hearing_from_its_notice_to_its_report(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-06-02").spawn().await else {
        return;
    };
    let editor = app.logged_in("editor").await;
    let r = editor
        .post_form(
            "/workbench/consultations/new",
            &fields(&major("2025-07-02")),
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let staff_path = location(&r);
    let id: i64 = staff_path.rsplit('/').next().unwrap().parse().unwrap();
    let r = editor
        .post_form(&format!("{staff_path}/publish"), &[], true)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let hearings = format!("{staff_path}/hearings");
    let r = editor
        .post_form(&hearings, &hearing("2025-06-10"), true)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let hid = app.store.hearings_of(id, false).await.unwrap()[0].id;
    let clerk = app.logged_in("clerk").await;
    let r = clerk
        .post_form(&hearings, &hearing("2025-06-30"), true)
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // ---- 6 days ahead: refused with the source; moved, published ----
    app.today("2025-06-04");
    let publish = format!("/workbench/hearings/{hid}/publish");
    let r = editor.post_form(&publish, &[], true).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let page = text(r).await;
    for part in [
        "至迟于听证会7日前（2025-06-03）公布",
        "第十八条",
        "改为2025-06-11或以后",
    ] {
        assert!(page.contains(part), "{part}: {page}");
    }
    let edit = format!("/workbench/hearings/{hid}/edit");
    let r = editor.post_form(&edit, &hearing("2025-06-12"), true).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = editor.post_form(&publish, &[], true).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let h = app.store.hearing(hid).await.unwrap().unwrap();
    assert_eq!(h.notice.starts_at, "09:30");
    assert!(!h.notice_late);

    // ---- participants: names public, contacts private ----
    let people = format!("/workbench/hearings/{hid}/participants");
    let r = editor
        .post_form(
            &people,
            &[("text", "张三，利害关系人代表\n李四，专家，12345")],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(text(r).await.contains("第2行的联系方式"));
    let list = "张三，利害关系人代表，13800138000\n李四，专家";
    let r = editor.post_form(&people, &[("text", list)], true).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let citizen = app.another_browser();
    let public = format!("/agencies/{BUREAU}/consultations/{id}/hearings");
    let page = text(citizen.get(&public).await).await;
    assert!(
        page.contains("2025-06-12 09:30") && page.contains("张三"),
        "{page}"
    );
    assert!(page.contains("利害关系人代表") && !page.contains("13800138000"));
    // The API lists the same hearing and participants, without contacts.
    let api = format!("/api/v1/agencies/{BUREAU}/consultations/{id}/hearings");
    let json = text(citizen.get(&api).await).await;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let h = &v["hearings"][0];
    assert_eq!(
        (h["held_on"].as_str(), h["starts_at"].as_str()),
        (Some("2025-06-12"), Some("09:30"))
    );
    assert_eq!(
        h["participants"],
        serde_json::json!([
            {"name": "张三", "represents": "利害关系人代表"},
            {"name": "李四", "represents": "专家"}
        ])
    );
    assert!(!json.contains("13800138000"), "{json}");
    assert!(
        text(editor.get(&hearings).await)
            .await
            .contains("13800138000")
    );
    let supervisor = app.logged_in("supervisor").await;
    let read = text(supervisor.get(&hearings).await).await;
    assert!(
        read.contains("张三") && !read.contains("13800138000"),
        "{read}"
    );

    // ---- the report once held ----
    let record = format!("/workbench/hearings/{hid}/record");
    let report = [(
        "text",
        "听证会于6月12日举行，2名听证参加人发表意见，多数赞成分时段票价。",
    )];
    let r = editor.post_form(&record, &report, true).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(text(r).await.contains("举行后才能公开听证报告"));
    app.today("2025-06-12");
    let r = editor.post_form(&record, &report, true).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(
        text(citizen.get(&public).await)
            .await
            .contains("多数赞成分时段票价")
    );

    // ---- a hearing held on 5 June, announced on 12 June: taken, flagged ----
    let r = editor
        .post_form(&hearings, &hearing("2025-06-05"), true)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let late = app.store.hearings_of(id, false).await.unwrap()[0].id;
    let r = editor
        .post_form(&format!("/workbench/hearings/{late}/publish"), &[], true)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let h = app.store.hearing(late).await.unwrap().unwrap();
    assert!(h.notice_late);
    let page = text(citizen.get(&public).await).await;
    assert!(
        page.contains("听证公告于2025-06-12发布，晚于听证会7日前"),
        "{page}"
    );
    let audit = app.store.audit_entries(20).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "hearing.participants"
        && e.detail.contains("2人")
        && !e.detail.contains("13800138000")));
}

async fn drafts_thresholds_and_the_flag_mail(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-06-02").spawn().await else {
        return;
    };
    let editor = app.logged_in("editor").await;
    let r = editor
        .post_form(
            "/workbench/consultations/new",
            &fields(&major("2025-07-02")),
            true,
        )
        .await;
    let staff_path = location(&r);
    let id: i64 = staff_path.rsplit('/').next().unwrap().parse().unwrap();

    // ---- (a) the draft edited with the same checks ----
    let form = text(editor.get(&format!("{staff_path}/edit")).await).await;
    assert!(
        form.contains("修改意见征集草稿") && form.contains(MAJOR),
        "{form}"
    );
    let edit = format!("{staff_path}/edit");
    let r = editor
        .post_form(&edit, &fields(&major("2025-06-20")), true)
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // 2 June + 30 days = 2 July; 20 June is 18 days.
    let page = text(r).await;
    assert!(
        page.contains("重大行政决策事项公开征求意见的期限一般不少于30日")
            && page.contains("截止日期最早为2025-07-02"),
        "{page}"
    );
    let r = editor
        .post_form(&edit, &fields(&major("2025-07-10")), true)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let c = app.store.consultation(id).await.unwrap().unwrap();
    assert_eq!(c.closes_on.to_string(), "2025-07-10");
    let r = editor
        .post_form(&format!("{staff_path}/publish"), &[], true)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = editor
        .post_form(&edit, &fields(&major("2025-07-20")), true)
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(text(r).await.contains("征求意见公告不能再修改"));

    // ---- (b) the agency's threshold ----
    let save = "/workbench/consultations/settings";
    let r = editor.post_form(save, &[("concentrated", "1")], true).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(text(r).await.contains("应为2至100之间的整数"));
    let r = editor.post_form(save, &[("concentrated", "5")], true).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.store.concentrated_threshold(c.agency_id).await.unwrap(),
        Some(5)
    );
    let clerk = app.logged_in("clerk").await;
    let r = clerk.post_form(save, &[("concentrated", "4")], true).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // ---- (c) closed 10 July without feedback: mailed once ----
    app.today("2025-07-11");
    let scratch = tempfile::tempdir().unwrap();
    let settings = Settings {
        data_dir: scratch.path().to_path_buf(),
        ..Settings::default()
    };
    let platform = App::new(settings, app.store.clone(), app.clock.clone()).unwrap();
    let flag = gongkai_app::consultations::flag_mail::send_due;
    let before = app.store.pending_mail(5, 1_000).await.unwrap().len();
    assert_eq!(flag(&platform).await.unwrap(), 1);
    let bureau = app.store.agency(c.agency_id).await.unwrap().unwrap();
    let above = app
        .store
        .agency(bureau.parent_id.unwrap())
        .await
        .unwrap()
        .unwrap();
    let mut expected: Vec<String> = [&bureau, &above]
        .iter()
        .map(|a| a.profile.office.email.clone())
        .filter(|e| e.contains('@'))
        .collect();
    expected.dedup();
    let out = app.store.pending_mail(5, 1_000).await.unwrap();
    let new: Vec<_> = out.iter().skip(before).collect();
    let to: Vec<String> = new.iter().map(|m| m.to_address.clone()).collect();
    assert_eq!(to, expected);
    for m in &new {
        assert!(m.subject.contains("征求意见已截止，尚未公开意见采纳情况"));
        assert!(m.body.contains("已于2025-07-10截止"), "{}", m.body);
    }
    assert_eq!(flag(&platform).await.unwrap(), 0, "once per consultation");
    assert_eq!(
        app.store.pending_mail(5, 1_000).await.unwrap().len(),
        out.len()
    );
}
