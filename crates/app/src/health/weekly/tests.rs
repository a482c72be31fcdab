use chrono::NaiveDate;
use gongkai_domain::health::{Finding, Rule, Severity};
use gongkai_store::RunFinding;

use super::*;
use crate::health::notify::tests::{agency, f};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn found(run_id: i64, on: &str, finding: &Finding) -> RunFinding {
    RunFinding {
        run_id,
        checked_on: d(on),
        finding: finding.clone(),
    }
}

#[test]
fn the_digest_is_due_from_the_first_monday_after_the_last() {
    // 2 March 2026 is a Monday.
    assert_eq!(digest_day(d("2026-03-02")), d("2026-03-02"));
    assert_eq!(digest_day(d("2026-03-04")), d("2026-03-02"));
    assert_eq!(digest_day(d("2026-03-08")), d("2026-03-02"));
    assert_eq!(digest_day(d("2026-03-09")), d("2026-03-09"));
    // Chosen on a Tuesday: not that week, on the Monday after.
    assert!(!is_due(d("2026-03-03"), d("2026-03-03")));
    assert!(!is_due(d("2026-03-06"), d("2026-03-03")));
    assert!(!is_due(d("2026-03-08"), d("2026-03-03")));
    assert!(is_due(d("2026-03-09"), d("2026-03-03")));
    // Sent on the Monday: not again that day or that week.
    assert!(!is_due(d("2026-03-09"), d("2026-03-09")));
    assert!(!is_due(d("2026-03-15"), d("2026-03-09")));
    // The server was down on Monday: sent on Tuesday, not lost.
    assert!(is_due(d("2026-03-17"), d("2026-03-09")));
}

#[test]
fn the_digest_lists_what_every_run_of_the_week_found_new_once() {
    let rules = f(Rule::EmptyColumn, Severity::Problem, "政府信息公开制度");
    let guide = f(Rule::GuideIncomplete, Severity::Problem, "政府信息公开指南");
    let link = f(Rule::BrokenLink, Severity::Problem, "通知");
    let veto = f(Rule::EmptyColumn, Severity::Veto, "全部栏目");
    let warning = f(Rule::SuspectLink, Severity::Warning, "公告");
    // The last digest reported the 制度; Tuesday's run found the guide and
    // a broken link (and a warning), Thursday's the guide again and a veto;
    // the link was mended by Thursday.
    let reported = [rules.clone()];
    let since = [
        found(5, "2026-03-03", &rules),
        found(5, "2026-03-03", &guide),
        found(5, "2026-03-03", &link),
        found(5, "2026-03-03", &warning),
        found(6, "2026-03-05", &rules),
        found(6, "2026-03-05", &guide),
        found(6, "2026-03-05", &veto),
    ];
    let latest = [rules.clone(), guide.clone(), veto.clone()];
    let s = select(&reported, &since, &latest);
    assert_eq!(
        s,
        Selection {
            new: vec![
                NewLine {
                    finding: &guide,
                    found_on: d("2026-03-03"),
                    open: true
                },
                NewLine {
                    finding: &link,
                    found_on: d("2026-03-03"),
                    open: false
                },
                NewLine {
                    finding: &veto,
                    found_on: d("2026-03-05"),
                    open: true
                },
            ],
            still_open: 1,
        }
    );
    let mail = compose(
        &agency(),
        &s,
        d("2026-03-02"),
        Some("https://gk.example.gov.cn"),
    )
    .unwrap();
    assert_eq!(mail.to_address, "gk@jtj.example.gov.cn");
    assert_eq!(
        mail.subject,
        "【栏目检查周报】白沙县交通运输局：新发现问题3项"
    );
    assert_eq!(
        mail.body,
        "白沙县交通运输局办公室：\n\n\
         自2026-03-02以来，政府信息公开专栏检查新发现问题3项，其中单项否决1项（发现时已另行通知，请立即整改）。\n\n\
         · [问题]政府信息公开指南要素不全：政府信息公开指南——情况（2026-03-03发现）\n\
         · [问题]链接不可用：通知——情况（2026-03-03发现，最近一次检查已不再发现）\n\
         · [单项否决]空白栏目：全部栏目——情况（2026-03-05发现）\n\n\
         此前已通知的问题中仍有1项未整改。\n\n\
         查看和处理：https://gk.example.gov.cn/workbench/health\n\n\
         本邮件由政务公开平台每周一汇总发送；如需改为每次检查后立即发送或不发送邮件，请本机关管理员在机构信息页设置。"
    );
}

#[test]
fn a_week_with_nothing_new_sends_nothing() {
    let rules = f(Rule::EmptyColumn, Severity::Problem, "政府信息公开制度");
    let warning = f(Rule::SuspectLink, Severity::Warning, "公告");
    let since = [
        found(7, "2026-03-10", &rules),
        found(7, "2026-03-10", &warning),
    ];
    let reported = std::slice::from_ref(&rules);
    let s = select(reported, &since, reported);
    assert!(s.new.is_empty());
    assert_eq!(s.still_open, 1);
    assert!(compose(&agency(), &s, d("2026-03-09"), None).is_none());
    // No run at all since: nothing either.
    let s = select(reported, &[], reported);
    assert!(compose(&agency(), &s, d("2026-03-09"), None).is_none());
}
