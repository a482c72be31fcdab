//! The findings reach the agency by mail, as its administrator chose
//! (`FindingsMailMode`, see `mail_setting`): after each run that found
//! vetoes or problems its previous run did not (a night with nothing new
//! sends nothing); weekly, in one digest (`weekly`), with the vetoes still
//! mailed at once; or not at all (the workbench shows them). A run's mails
//! are queued with the run, so that a stored run is never without its mail.
//! They go to the agency's disclosure office: staff accounts have no e-mail
//! address of their own.

use gongkai_domain::health::{Finding, Severity};
use gongkai_store::{Agency, FindingsMailMode, NewMail};

/// What identifies a finding from one run to the next.
pub(super) fn key(f: &Finding) -> (&'static str, &str) {
    (f.rule.code(), f.subject.as_str())
}

/// A finding worth a mail: a problem or a veto (warnings are not mailed).
pub(super) fn serious(f: &Finding) -> bool {
    f.severity >= Severity::Problem
}

/// The office's address, if it has one.
pub(super) fn address(agency: &Agency) -> Option<String> {
    let to = agency.profile.office.email.trim();
    to.contains('@').then(|| to.to_string())
}

/// One finding as a line of a mail.
pub(super) fn line(f: &Finding, mark: &str) -> String {
    format!(
        "· [{}]{mark}{}：{}——{}",
        f.severity.label(),
        f.rule.label(),
        f.subject,
        f.detail
    )
}

/// Where the findings are dealt with, when the platform's address is known.
pub(super) fn link(public_url: Option<&str>) -> String {
    public_url
        .map(|u| {
            format!(
                "\n\n查看和处理：{}/workbench/health",
                u.trim_end_matches('/')
            )
        })
        .unwrap_or_default()
}

/// The findings a run's mail lists, each with whether it is new since
/// `before` (the agency's previous run); `None` when no mail goes out.
/// After each run: every problem and veto, when one of them is new.
/// Weekly: only the vetoes, when one is new — a veto fails the whole site
/// at an inspection (国办秘函〔2019〕19号 单项否决), which can come on any
/// day, so it cannot wait up to a week for the digest; the other problems
/// do. No mail: nothing.
pub fn selection<'a>(
    mode: FindingsMailMode,
    findings: &'a [Finding],
    before: &[Finding],
) -> Option<Vec<(&'a Finding, bool)>> {
    let listed = |f: &Finding| match mode {
        FindingsMailMode::Immediate => serious(f),
        FindingsMailMode::Weekly => f.severity == Severity::Veto,
        FindingsMailMode::Off => false,
    };
    let is_new = |f: &Finding| !before.iter().any(|b| listed(b) && key(b) == key(f));
    let lines: Vec<(&Finding, bool)> = findings
        .iter()
        .filter(|f| listed(f))
        .map(|f| (f, is_new(f)))
        .collect();
    lines.iter().any(|(_, new)| *new).then_some(lines)
}

/// The mail of a run for `agency`, if its choice and what is new call for one.
pub fn after_run(
    agency: &Agency,
    mode: FindingsMailMode,
    findings: &[Finding],
    before: &[Finding],
    public_url: Option<&str>,
) -> Option<NewMail> {
    let to = address(agency)?;
    let lines = selection(mode, findings, before)?;
    let new = lines.iter().filter(|(_, n)| *n).count();
    let vetoes = lines
        .iter()
        .filter(|(f, _)| f.severity == Severity::Veto)
        .count();
    let text: Vec<String> = lines
        .iter()
        .map(|(f, n)| line(f, if *n { "（新）" } else { "" }))
        .collect();
    let (subject, summary) = if mode == FindingsMailMode::Weekly {
        (
            format!("新发现单项否决{new}项"),
            format!(
                "政府信息公开专栏检查发现单项否决{vetoes}项（新发现{new}项），按国办秘函〔2019〕19号将判为不合格，请立即整改。其他问题在每周一的汇总邮件中列出。"
            ),
        )
    } else {
        let verdict = if vetoes > 0 {
            format!("存在单项否决{vetoes}项，按国办秘函〔2019〕19号将判为不合格，请立即整改。")
        } else {
            "未发现单项否决。".to_string()
        };
        (
            format!("新发现问题{new}项"),
            format!(
                "政府信息公开专栏检查发现问题{}项（新发现{new}项），{verdict}",
                lines.len()
            ),
        )
    };
    Some(NewMail {
        case_id: None,
        to_address: to,
        subject: format!("【栏目检查】{}：{subject}", agency.profile.full_name),
        body: format!(
            "{}：\n\n{summary}\n\n{}{}\n\n本邮件由政务公开平台自动发送。",
            agency.profile.office.name,
            text.join("\n"),
            link(public_url)
        ),
        document_id: None,
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use gongkai_domain::health::Rule;

    /// 白沙县交通运输局 with its office's address.
    pub(in crate::health) fn agency() -> Agency {
        let profile = gongkai_domain::agency::AgencyDraft {
            full_name: "白沙县交通运输局".into(),
            code: "119901219482199390".into(),
            level: "county".into(),
            kind: "department".into(),
            office: gongkai_domain::agency::DisclosureOffice {
                name: "白沙县交通运输局办公室".into(),
                email: "gk@jtj.example.gov.cn".into(),
                ..Default::default()
            },
            channels: vec![gongkai_domain::vocabulary::Channel::Online],
            ..Default::default()
        }
        .validate()
        .unwrap();
        Agency {
            id: 7,
            parent_id: None,
            profile,
            guide_text: None,
            rules_text: None,
            online_on: None,
        }
    }

    pub(in crate::health) fn f(rule: Rule, severity: Severity, subject: &str) -> Finding {
        Finding {
            rule,
            severity,
            subject: subject.into(),
            detail: "情况".into(),
            fix_at: None,
        }
    }

    const NOW: FindingsMailMode = FindingsMailMode::Immediate;

    #[test]
    fn after_each_run_only_what_is_new_sends_a_mail() {
        let a = agency();
        let empty = f(Rule::EmptyColumn, Severity::Problem, "政府信息公开制度");
        let veto = f(Rule::EmptyColumn, Severity::Veto, "全部栏目");
        let warning = f(Rule::SuspectLink, Severity::Warning, "通知");
        // The first run: both serious findings are new.
        let first = [empty.clone(), veto.clone(), warning.clone()];
        let mail = after_run(&a, NOW, &first, &[], None).unwrap();
        assert_eq!(mail.to_address, "gk@jtj.example.gov.cn");
        assert_eq!(mail.subject, "【栏目检查】白沙县交通运输局：新发现问题2项");
        assert!(mail.body.contains("存在单项否决1项"), "{}", mail.body);
        assert!(
            mail.body
                .contains("· [问题]（新）空白栏目：政府信息公开制度——情况"),
            "{}",
            mail.body
        );
        assert!(
            !mail.body.contains("通知"),
            "warnings are not mailed: {}",
            mail.body
        );
        // The same again: nothing new, no mail; a warning alone: none either.
        let again = [empty.clone(), veto.clone()];
        assert!(after_run(&a, NOW, &again, &again, None).is_none());
        assert!(after_run(&a, NOW, &[warning], &[], None).is_none());
        // One new problem among the old: mailed, marked.
        let broken = f(Rule::BrokenLink, Severity::Problem, "通知");
        let url = Some("https://gk.example.gov.cn/");
        let mail = after_run(&a, NOW, &[empty.clone(), broken], &[empty], url).unwrap();
        assert_eq!(mail.subject, "【栏目检查】白沙县交通运输局：新发现问题1项");
        assert!(mail.body.contains("· [问题]空白栏目"), "{}", mail.body);
        assert!(
            mail.body.contains("· [问题]（新）链接不可用：通知"),
            "{}",
            mail.body
        );
        assert!(
            mail.body
                .contains("https://gk.example.gov.cn/workbench/health"),
            "{}",
            mail.body
        );
    }

    #[test]
    fn weekly_only_a_new_veto_is_mailed_at_once() {
        let empty = f(Rule::EmptyColumn, Severity::Problem, "政府信息公开制度");
        let veto = f(Rule::EmptyColumn, Severity::Veto, "全部栏目");
        let stale = f(Rule::StaleFrequentColumn, Severity::Veto, "全部栏目");
        let weekly = FindingsMailMode::Weekly;
        // A new problem alone waits for the digest.
        assert_eq!(selection(weekly, std::slice::from_ref(&empty), &[]), None);
        // A new veto goes at once, and only the vetoes are listed.
        let run = [empty.clone(), veto.clone()];
        assert_eq!(selection(weekly, &run, &[]), Some(vec![(&veto, true)]));
        // The same veto the next night: nothing.
        assert_eq!(selection(weekly, &run, &run), None);
        // A second veto: both listed, the new one marked.
        let run2 = [empty, veto.clone(), stale.clone()];
        assert_eq!(
            selection(weekly, &run2, &run),
            Some(vec![(&veto, false), (&stale, true)])
        );
        let mail = after_run(&agency(), weekly, &run2, &run, None).unwrap();
        assert_eq!(
            mail.subject,
            "【栏目检查】白沙县交通运输局：新发现单项否决1项"
        );
        assert!(
            mail.body.contains(
                "发现单项否决2项（新发现1项），按国办秘函〔2019〕19号将判为不合格，请立即整改。其他问题在每周一的汇总邮件中列出。"
            ),
            "{}",
            mail.body
        );
        assert!(
            mail.body.contains(
                "· [单项否决]（新）动态要闻、通知公告、政策文件类栏目未更新：全部栏目——情况"
            ),
            "{}",
            mail.body
        );
        assert!(!mail.body.contains("政府信息公开制度"), "{}", mail.body);
    }

    #[test]
    fn no_mail_means_none_even_for_a_veto() {
        let veto = f(Rule::EmptyColumn, Severity::Veto, "全部栏目");
        let off = FindingsMailMode::Off;
        assert_eq!(selection(off, std::slice::from_ref(&veto), &[]), None);
        assert!(after_run(&agency(), FindingsMailMode::Off, &[veto], &[], None).is_none());
    }

    #[test]
    fn an_office_without_an_address_gets_nothing() {
        let mut a = agency();
        a.profile.office.email = " ".into();
        let veto = f(Rule::EmptyColumn, Severity::Veto, "全部栏目");
        assert!(after_run(&a, NOW, &[veto], &[], None).is_none());
    }
}
