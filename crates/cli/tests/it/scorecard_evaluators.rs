//! 评估人员 (issue 18, item 4): the county's 政务公开办 runs a 政府网站检查
//! on the demo (2026-03-02), gives 白沙县财政局 to its evaluator 孙评估 (the
//! demo's `evaluator`, of the county government, only that role), who
//! then sees that agency's card and scores it with an uploaded screenshot —
//! and nothing else: not the township's card, not the 通报, no case, no
//! catalogue draft, no console, no report. Withdrawing the task closes the
//! card to the evaluator; the score it gave stays. Both backends.

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

use crate::helpers::{DbKind, TestApp, staff_named, without_tags};
use crate::scorecards_web::run_health_check;

/// 白沙县财政局.
const FINANCE: &str = "11990121518190937G";
/// 白沙县城关镇人民政府.
const TOWNSHIP: &str = "11990121786579754J";

/// The first bytes of a PNG file: what the upload check reads.
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

/// POST a hand score as the card's form sends it (multipart, the token
/// first), with `file` as 佐证材料 when given.
pub async fn post_score(
    b: &TestApp,
    path: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> (StatusCode, String, String) {
    let mut form = Form::new().text("_csrf", b.csrf().await);
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    if let Some((name, bytes)) = file {
        form = form.part(
            "file",
            Part::bytes(bytes.to_vec()).file_name(name.to_string()),
        );
    }
    let r = b
        .client
        .post(b.url(path))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let location = r
        .headers()
        .get(reqwest::header::LOCATION)
        .map(|l| l.to_str().unwrap().to_string())
        .unwrap_or_default();
    (r.status(), location, r.text().await.unwrap())
}

async fn page(b: &TestApp, path: &str) -> (StatusCode, String) {
    let r = b.get(path).await;
    (r.status(), r.text().await.unwrap())
}

/// The run the supervisor starts after the health check: its id.
async fn start_run(supervisor: &TestApp) -> String {
    run_health_check(supervisor).await;
    let r = supervisor
        .post_form(
            "/workbench/scorecards",
            &[("kind", "website_inspection"), ("period", "2026年第一季度")],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()[reqwest::header::LOCATION].to_str().unwrap();
    to.strip_prefix("/workbench/scorecards/")
        .unwrap()
        .to_string()
}

async fn an_evaluator_scores_only_what_it_is_given(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2026-03-02").spawn().await else {
        return;
    };
    gongkai_app::demo::seed_content(app.store.as_ref(), app.clock.today())
        .await
        .unwrap();
    let supervisor = app.logged_in("supervisor").await;
    let run = start_run(&supervisor).await;
    let run_page = format!("/workbench/scorecards/{run}");
    let evaluator_id = staff_named(app.store.as_ref(), "evaluator").await.id;
    let (_, html) = page(&supervisor, &run_page).await;
    assert!(
        html.contains(&format!("<option value=\"{evaluator_id}\">孙评估</option>")),
        "{html}"
    );
    let assign = format!("{run_page}/assignments");
    // Only the office's evaluators can be given a task.
    let me = staff_named(app.store.as_ref(), "supervisor")
        .await
        .id
        .to_string();
    let r = supervisor
        .post_form(&assign, &[("code", FINANCE), ("evaluator", &me)], true)
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("请选择本单位的评估人员"));
    let id = evaluator_id.to_string();
    let r = supervisor
        .post_form(&assign, &[("evaluator", &id)], true)
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("请勾选要分配给评估人员的单位")
    );
    let r = supervisor
        .post_form(&assign, &[("code", FINANCE), ("evaluator", &id)], true)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("已分配1个单位的评分任务"), "{html}");
    let finance_row = html
        .split(&format!("<tr data-code=\"{FINANCE}\">"))
        .nth(1)
        .unwrap();
    let finance_row = finance_row.split("</tr>").next().unwrap();
    assert!(
        without_tags(finance_row).contains("孙评估"),
        "{finance_row}"
    );

    let evaluator = app.logged_in("evaluator").await;
    evaluators_view(&evaluator, &run).await;
    evaluator_scores(&app, &evaluator, &supervisor, &run, evaluator_id).await;

    // Withdrawn: the card is closed to the evaluator; its score stays.
    let task = format!("{FINANCE}:{evaluator_id}");
    let r = supervisor
        .post_form(&format!("{assign}/withdraw"), &[("task", &task)], true)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("已撤回该评分任务"));
    let card = format!("{run_page}/agencies/{FINANCE}");
    assert_eq!(evaluator.get(&card).await.status(), StatusCode::FORBIDDEN);
    let (_, html) = page(&supervisor, &card).await;
    assert!(
        html.contains("理由：财政局机构职能页负责人未更新"),
        "{html}"
    );
    let (_, html) = page(&evaluator, "/workbench/scorecards").await;
    assert!(html.contains("id=\"no-tasks\""), "{html}");
}

/// What the evaluator sees: its task on the workbench and the task list,
/// the run with its agency only, and nothing of the agencies' own work.
async fn evaluators_view(evaluator: &TestApp, run: &str) {
    let (_, html) = page(evaluator, "/workbench").await;
    assert!(html.contains("id=\"scoring-tasks\""), "{html}");
    assert!(
        html.contains(&format!("/workbench/scorecards/{run}/agencies/{FINANCE}")),
        "{html}"
    );
    assert!(!html.contains("id=\"queue-empty\""), "{html}");
    assert!(!html.contains("id=\"plan-section\""), "{html}");
    let (status, html) = page(evaluator, "/workbench/scorecards").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"scoring-tasks\""), "{html}");
    assert!(html.contains("白沙县财政局"), "{html}");

    let (status, html) = page(evaluator, &format!("/workbench/scorecards/{run}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("data-code=\"{FINANCE}\"")), "{html}");
    assert!(
        !html.contains(&format!("data-code=\"{TOWNSHIP}\"")),
        "{html}"
    );
    assert!(!html.contains("id=\"bulletin-docx\""), "{html}");
    assert!(!html.contains("id=\"assign-form\""), "{html}");
    for path in [
        format!("/workbench/scorecards/{run}/agencies/{TOWNSHIP}"),
        format!("/workbench/scorecards/{run}/bulletin.docx"),
        "/items".to_string(),
        "/workbench/cases".to_string(),
        "/workbench/supervision".to_string(),
        "/workbench/reports".to_string(),
        "/workbench/audit".to_string(),
    ] {
        let status = evaluator.get(&path).await.status();
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
}

/// The evaluator scores 2.1.7 of the finance bureau with a screenshot: the
/// card shows the file, which downloads as uploaded; the township refuses
/// the evaluator; the audit trail names who assigned and who scored.
async fn evaluator_scores(
    app: &TestApp,
    evaluator: &TestApp,
    supervisor: &TestApp,
    run: &str,
    evaluator_id: i64,
) {
    let card = format!("/workbench/scorecards/{run}/agencies/{FINANCE}");
    let (_, html) = page(evaluator, &card).await;
    assert!(html.contains("id=\"score-2-1-7\""), "{html}");
    let fields = [
        ("code", "2.1.7"),
        ("value", "1"),
        ("note", "财政局机构职能页负责人未更新"),
    ];
    let shot = Some(("负责人信息截图.png", PNG));
    let (status, location, _) = post_score(evaluator, &card, &fields, shot).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("{card}#line-2-1-7"));
    let (_, html) = page(evaluator, &card).await;
    let link = html
        .split("class=\"evidence-file\"")
        .next()
        .and_then(|h| h.rsplit("href=\"").next())
        .map(|h| h.trim_end_matches("\" ").to_string())
        .unwrap();
    assert!(link.starts_with(&format!("{card}/evidence/")), "{link}");
    let file = evaluator.get(&link).await;
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.bytes().await.unwrap().as_ref(), PNG);
    // The office reads the same file; the township's card is not the evaluator's.
    assert_eq!(supervisor.get(&link).await.status(), StatusCode::OK);
    let township = format!("/workbench/scorecards/{run}/agencies/{TOWNSHIP}");
    let (status, _, _) = post_score(evaluator, &township, &fields, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Scored again without a file: the screenshot stays.
    let (status, _, _) = post_score(evaluator, &card, &fields, None).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = page(evaluator, &card).await;
    assert!(
        html.contains("class=\"evidence-file\">负责人信息截图.png"),
        "{html}"
    );

    let audit = app.store.audit_entries(20).await.unwrap();
    let assigned = audit
        .iter()
        .find(|e| e.action == "scorecard.assigned")
        .unwrap();
    assert!(assigned.detail.contains("孙评估"), "{}", assigned.detail);
    let scored = audit
        .iter()
        .find(|e| e.action == "scorecard.scored")
        .unwrap();
    assert_eq!(scored.staff_id, Some(evaluator_id));
}

crate::on_both_backends!(an_evaluator_scores_only_what_it_is_given);
