//! 检查结果邮件 (issue 18): the city's administrator chooses 每周汇总 for
//! 白沙县林业局 on its edit page. Tuesday's run finds its fifteen empty
//! columns — a veto, mailed at once and alone — and its missing report;
//! Thursday's run also finds the guide's phone number gone, and mails
//! nothing. The scheduled job sends nothing on Friday and, on Monday,
//! exactly one digest holding what both runs found; run again that day
//! and the next, it sends nothing more.

use gongkai_app::App;
use gongkai_app::config::Settings;
use gongkai_app::demo::GOVERNMENT_CODE;
use gongkai_app::health::{self, weekly};
use gongkai_domain::agency::{AgencyDraft, AgencyProfile, DisclosureOffice};
use gongkai_domain::vocabulary::Channel;
use gongkai_store::{Agency, OutgoingMail, Store};
use gongkai_web::site_check::{RouterPages, link_options};
use reqwest::StatusCode;

use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;

/// 白沙县林业局 (check character valid).
const CODE: &str = "119901214323194888";
const ADDRESS: &str = "lyj@bs.example.gov.cn";

fn profile(phone: &str) -> AgencyProfile {
    AgencyDraft {
        full_name: "白沙县林业局".into(),
        code: CODE.into(),
        level: "county".into(),
        kind: "department".into(),
        office: DisclosureOffice {
            name: "白沙县林业局办公室".into(),
            address: "白沙县林场路8号".into(),
            hours: "工作日8:30-12:00，14:30-17:30".into(),
            phone: phone.into(),
            fax: "0898-2345679".into(),
            email: ADDRESS.into(),
            ..Default::default()
        },
        channels: vec![Channel::Online],
        ..Default::default()
    }
    .validate()
    .unwrap()
}

/// The bureau's mails in the outbox.
async fn mails(store: &dyn Store) -> Vec<OutgoingMail> {
    store
        .pending_mail(5, 1_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.to_address == ADDRESS)
        .collect()
}

/// A run over the bureau on the clock's day (no external links).
async fn check(platform: &App, forestry: &Agency) {
    let pages = RouterPages::for_app(platform.clone()).await.unwrap();
    let mut options = link_options(platform);
    options.external = false;
    health::run(platform, forestry, true, None, &pages, &options)
        .await
        .unwrap();
}

on_both_backends!(a_weekly_digest_holds_the_weeks_findings_and_a_veto_goes_at_once);

async fn a_weekly_digest_holds_the_weeks_findings_and_a_veto_goes_at_once(kind: DbKind) {
    // Tuesday 3 March 2026.
    let Some(web) = TestApp::builder(kind).on("2026-03-03").spawn().await else {
        return;
    };
    let store = web.store.clone();
    let county = store
        .agency_by_code(GOVERNMENT_CODE)
        .await
        .unwrap()
        .unwrap();
    let id = store
        .create_agency(Some(county.id), &profile("0898-2345678"))
        .await
        .unwrap();
    store
        .set_agency_texts(id, None, Some("本局政府信息公开工作制度……"))
        .await
        .unwrap();
    let forestry = store.agency(id).await.unwrap().unwrap();

    // The city's administrator chooses the weekly digest.
    let admin = web.logged_in("admin").await;
    let edit = format!("/admin/agencies/{CODE}/edit");
    let page = admin.get(&edit).await.text().await.unwrap();
    assert!(page.contains("id=\"findings-mail\""), "{page}");
    assert!(page.contains("value=\"immediate\" checked"), "{page}");
    assert!(page.contains("（lyj@bs.example.gov.cn）"), "{page}");
    let save = format!("/admin/agencies/{CODE}/findings-mail");
    let r = admin.post_form(&save, &[("mode", "monthly")], true).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("请选择检查结果邮件的发送方式")
    );
    let r = admin.post_form(&save, &[("mode", "weekly")], true).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()["location"],
        format!("{edit}#findings-mail").as_str()
    );
    let page = admin.get(&edit).await.text().await.unwrap();
    assert!(page.contains("value=\"weekly\" checked"), "{page}");
    let audit = store.audit_entries(5).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "findings_mail.update" && e.detail == "栏目检查结果邮件：每周汇总"),
        "{audit:?}"
    );
    // The bureau's clerk may not change it.
    let clerk = web.logged_in("clerk").await;
    let r = clerk.post_form(&save, &[("mode", "none")], true).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let scratch = tempfile::tempdir().unwrap();
    let settings = Settings {
        data_dir: scratch.path().to_path_buf(),
        ..Settings::default()
    };
    let platform = App::new(settings, store.clone(), web.clock.clone()).unwrap();

    // Tuesday: fifteen empty columns, a veto: mailed at once, alone.
    check(&platform, &forestry).await;
    let out = mails(store.as_ref()).await;
    assert_eq!(out.len(), 1, "{out:?}");
    assert_eq!(
        out[0].subject,
        "【栏目检查】白沙县林业局：新发现单项否决1项"
    );
    assert!(
        out[0]
            .body
            .contains("· [单项否决]（新）空白栏目：全部栏目——空白栏目15个，达到5个即单项否决。"),
        "{}",
        out[0].body
    );
    assert!(!out[0].body.contains("2025年度报告"), "{}", out[0].body);

    // Thursday: the office's phone number is gone — a new problem, no mail.
    web.today("2026-03-05");
    store.update_agency(id, &profile("")).await.unwrap();
    check(&platform, &forestry).await;
    assert_eq!(mails(store.as_ref()).await.len(), 1);

    // Friday: no digest yet.
    web.today("2026-03-06");
    assert_eq!(weekly::send_due(&platform).await.unwrap(), 0);
    assert_eq!(mails(store.as_ref()).await.len(), 1);

    // Monday: one digest, with what both runs found.
    web.today("2026-03-09");
    assert_eq!(weekly::send_due(&platform).await.unwrap(), 1);
    let out = mails(store.as_ref()).await;
    assert_eq!(out.len(), 2, "{out:?}");
    let digest = out
        .iter()
        .find(|m| m.subject.starts_with("【栏目检查周报】"))
        .unwrap_or_else(|| panic!("{out:?}"));
    // 15 empty columns, the veto, the report of 2025 (Tuesday); the guide (Thursday).
    assert_eq!(
        digest.subject,
        "【栏目检查周报】白沙县林业局：新发现问题18项"
    );
    let body = &digest.body;
    for line in [
        "自2026-03-03以来，政府信息公开专栏检查新发现问题18项，其中单项否决1项（发现时已另行通知，请立即整改）。",
        "· [问题]空白栏目：法定主动公开内容（一）行政法规、规章和规范性文件——栏目没有公开任何信息，也没有发布无信息说明。（2026-03-03发现）",
        "· [单项否决]空白栏目：全部栏目——空白栏目15个，达到5个即单项否决。（2026-03-03发现）",
        "· [问题]政府信息公开工作年度报告未按时公开：2025年度报告——应于2026-01-31前公开，至今未公开。（2026-03-03发现）",
        "· [问题]政府信息公开指南要素不全：政府信息公开指南——缺少：联系电话。（2026-03-05发现）",
    ] {
        assert!(body.contains(line), "{line}\n{body}");
    }
    assert_eq!(body.matches("\n· [").count(), 18, "{body}");

    // The same day again, and the next: nothing more.
    assert_eq!(weekly::send_due(&platform).await.unwrap(), 0);
    web.today("2026-03-10");
    assert_eq!(weekly::send_due(&platform).await.unwrap(), 0);
    assert_eq!(mails(store.as_ref()).await.len(), 2);
}
