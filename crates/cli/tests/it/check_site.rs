//! `gongkai check site --json` on the demo (issue 18, item 2): the county
//! and its departments checked, with a bureau item whose body links to a
//! page that does not exist and to two pages of a loopback server (one
//! answering 404, one 200), and a 规范性文件 published without its
//! interpretation. The empty 制度 columns are found without explanation;
//! the 财政局's report of last year is missing (a department's is due by
//! 31 January, Art. 49); publishing a 无信息说明 for the 制度 removes its
//! finding at the next run.

use chrono::{Datelike, Duration, NaiveDate, Utc};
use gongkai_app::demo::{self, BUREAU_CODE, GOVERNMENT_CODE};
use gongkai_domain::catalogue::ItemForm;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{DbKind, fresh_store_with_args, staff_named};

/// 白沙县财政局: a department of the county with no annual report.
const FINANCE: &str = "11990121518190937G";

/// A server on 127.0.0.1 that answers `/gone` with 404 and anything else
/// with 200 (HEAD and GET alike).
async fn loopback() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 4096];
                let n = socket.read(&mut buf).await.unwrap_or(0);
                let head = String::from_utf8_lossy(&buf[..n]);
                let status = if head.contains(" /gone ") {
                    "404 Not Found"
                } else {
                    "200 OK"
                };
                let answer =
                    format!("HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
                let _ = socket.write_all(answer.as_bytes()).await;
            });
        }
    });
    port
}

fn form(title: &str, kind: &str, body: &str, today: NaiveDate) -> ItemForm {
    ItemForm {
        title: title.into(),
        summary: "规定有关工作的责任分工、办理程序和时间要求。".into(),
        issuers: "白沙县交通运输局".into(),
        formed_on: today.to_string(),
        topic: "综合政务\\政务公开".into(),
        genre: "notice".into(),
        kind: kind.into(),
        attribute: "proactive".into(),
        scope: "public".into(),
        body: body.into(),
        ..ItemForm::default()
    }
}

/// Runs the CLI without blocking the runtime the loopback server runs on.
async fn check(args: &[String], code: &str) -> Value {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["check", "site", "--agency", code, "--json"])
        .args(args)
        .output()
        .await
        .expect("run gongkai check site");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.code().is_some_and(|c| c == 0 || c == 1),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn findings<'a>(v: &'a Value, code: &str) -> &'a Vec<Value> {
    let agency = v["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["agency"] == code)
        .unwrap_or_else(|| panic!("{code} in {v}"));
    agency["findings"].as_array().unwrap()
}

fn has(list: &[Value], rule: &str, subject: &str, detail: &str) -> bool {
    list.iter()
        .any(|f| f["rule"] == rule && f["subject"] == subject && f["detail"] == detail)
}

#[tokio::test]
async fn the_demo_is_checked_and_a_note_clears_its_column() {
    let Some((store, _dir, args)) = fresh_store_with_args(DbKind::Sqlite).await else {
        return;
    };
    // The CLI counts on Beijing's date.
    let today = (Utc::now() + Duration::hours(8)).date_naive();
    demo::seed(store.as_ref()).await.unwrap();
    demo::seed_content(store.as_ref(), today).await.unwrap();
    let port = loopback().await;
    let bureau = store.agency_by_code(BUREAU_CODE).await.unwrap().unwrap();
    let body = format!(
        "<p>详见<a href=\"/items/999999\">原通知</a>；<a href=\"http://127.0.0.1:{port}/gone\">旧网址</a>；<a href=\"http://127.0.0.1:{port}/fine\">国务院</a></p>"
    );
    let f = form("关于调整公交线路的通知", "other", &body, today);
    let item = demo::publish_item(
        store.as_ref(),
        &bureau,
        f.validate().unwrap(),
        today,
        "检查",
    )
    .await
    .unwrap();
    let f = form(
        "白沙县农村公路养护管理办法",
        "normative",
        "<p>第一条 为加强农村公路养护……</p>",
        today,
    );
    demo::publish_item(
        store.as_ref(),
        &bureau,
        f.validate().unwrap(),
        today,
        "检查",
    )
    .await
    .unwrap();

    let v = check(&args, GOVERNMENT_CODE).await;
    let ours = findings(&v, BUREAU_CODE);
    assert!(
        has(
            ours,
            "empty_column",
            "政府信息公开制度",
            "栏目没有公开任何信息，也没有发布无信息说明。"
        ),
        "{ours:#?}"
    );
    assert!(
        has(
            ours,
            "broken_link",
            "关于调整公交线路的通知",
            "/items/999999：失效（404）"
        ),
        "{ours:#?}"
    );
    let gone = format!("http://127.0.0.1:{port}/gone：失效（404）");
    assert!(
        has(ours, "broken_link", "关于调整公交线路的通知", &gone),
        "{ours:#?}"
    );
    assert!(
        !ours
            .iter()
            .any(|f| f["detail"].as_str().unwrap_or("").contains("/fine")),
        "{ours:#?}"
    );
    let broken = ours.iter().find(|f| f["rule"] == "broken_link").unwrap();
    assert_eq!(broken["fix_at"], format!("/items/{item}/manage"));
    assert!(
        broken["basis"]
            .as_str()
            .unwrap()
            .contains("国办秘函〔2019〕19号")
    );
    assert!(
        has(
            ours,
            "interpretation_missing",
            "白沙县农村公路养护管理办法",
            "已公开的规章、规范性文件没有关联的政策解读。"
        ),
        "{ours:#?}"
    );
    // Art. 49: a department's report of last year is due by 31 January.
    let finance = findings(&v, FINANCE);
    let last = today.year() - 1;
    let due = NaiveDate::from_ymd_opt(today.year(), 1, 31).unwrap();
    if today > due {
        let detail = format!("应于{due}前公开，至今未公开。");
        assert!(
            has(
                finance,
                "annual_report_missing",
                &format!("{last}年度报告"),
                &detail
            ),
            "{finance:#?}"
        );
    }

    // The bureau's office got the run's digest, with the 制度 among what is new.
    let to_bureau = |mails: Vec<gongkai_store::OutgoingMail>| -> Vec<gongkai_store::OutgoingMail> {
        mails
            .into_iter()
            .filter(|m| m.to_address == "jtj@baisha.example.gov.cn")
            .collect()
    };
    let mails = to_bureau(store.pending_mail(5, 100).await.unwrap());
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(
        mails[0]
            .subject
            .starts_with("【栏目检查】白沙县交通运输局：新发现问题"),
        "{}",
        mails[0].subject
    );
    assert!(
        mails[0].body.contains("（新）空白栏目：政府信息公开制度"),
        "{}",
        mails[0].body
    );

    // A 无信息说明 for the bureau's 制度: its finding is gone next time.
    let editor = staff_named(store.as_ref(), "editor").await;
    store
        .put_column_note(
            bureau.id,
            "rules",
            Some(("本局执行县政府统一制定的政府信息公开制度。", today)),
            editor.id,
            Utc::now(),
        )
        .await
        .unwrap();
    let v = check(&args, BUREAU_CODE).await;
    let ours = findings(&v, BUREAU_CODE);
    assert!(
        !ours
            .iter()
            .any(|f| f["rule"] == "empty_column" && f["subject"] == "政府信息公开制度"),
        "{ours:#?}"
    );
    // The run is kept: the bureau's latest is this one.
    let latest = store.latest_health(bureau.id).await.unwrap().unwrap();
    assert_eq!(latest.run_id, v["runs"][0]["id"].as_i64().unwrap());
    assert_eq!(latest.findings.len(), ours.len());
    // Nothing new at the bureau: no second digest.
    assert_eq!(
        to_bureau(store.pending_mail(5, 100).await.unwrap()).len(),
        1
    );
}
