//! The findings reach the agency: one digest mail per agency and run, to
//! its disclosure office, when the run found vetoes or problems that the
//! agency's previous run did not (a night with nothing new sends nothing),
//! queued with the run so that a stored run is never without its mail.

use gongkai_domain::health::{Finding, Severity};
use gongkai_store::{Agency, NewMail};

/// What identifies a finding from one run to the next.
fn key(f: &Finding) -> (&'static str, &str) {
    (f.rule.code(), f.subject.as_str())
}

fn counts(f: &Finding) -> bool {
    f.severity >= Severity::Problem
}

/// The digest for `agency`, if `findings` hold something `before` did not.
pub fn digest(
    agency: &Agency,
    findings: &[Finding],
    before: &[Finding],
    public_url: Option<&str>,
) -> Option<NewMail> {
    let to = agency.profile.office.email.trim();
    if !to.contains('@') {
        return None;
    }
    let is_new = |f: &Finding| !before.iter().any(|b| counts(b) && key(b) == key(f));
    let serious: Vec<&Finding> = findings.iter().filter(|f| counts(f)).collect();
    let new = serious.iter().filter(|f| is_new(f)).count();
    if new == 0 {
        return None;
    }
    let vetoes = serious
        .iter()
        .filter(|f| f.severity == Severity::Veto)
        .count();
    let mut lines = Vec::new();
    for f in &serious {
        let mark = if is_new(f) { "（新）" } else { "" };
        lines.push(format!(
            "· [{}]{mark}{}：{}——{}",
            f.severity.label(),
            f.rule.label(),
            f.subject,
            f.detail
        ));
    }
    let link = public_url
        .map(|u| {
            format!(
                "\n\n查看和处理：{}/workbench/health",
                u.trim_end_matches('/')
            )
        })
        .unwrap_or_default();
    let verdict = if vetoes > 0 {
        format!("存在单项否决{vetoes}项，按国办秘函〔2019〕19号将判为不合格，请立即整改。")
    } else {
        "未发现单项否决。".to_string()
    };
    Some(NewMail {
        case_id: None,
        to_address: to.to_string(),
        subject: format!(
            "【栏目检查】{}：新发现问题{new}项",
            agency.profile.full_name
        ),
        body: format!(
            "{}：\n\n政府信息公开专栏检查发现问题{}项（新发现{new}项），{verdict}\n\n{}{link}\n\n本邮件由政务公开平台自动发送。",
            agency.profile.office.name,
            serious.len(),
            lines.join("\n")
        ),
        document_id: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_domain::health::Rule;

    fn agency() -> Agency {
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

    fn f(rule: Rule, severity: Severity, subject: &str) -> Finding {
        Finding {
            rule,
            severity,
            subject: subject.into(),
            detail: "情况".into(),
            fix_at: None,
        }
    }

    #[test]
    fn only_what_is_new_sends_a_digest() {
        let a = agency();
        let empty = f(Rule::EmptyColumn, Severity::Problem, "政府信息公开制度");
        let veto = f(Rule::EmptyColumn, Severity::Veto, "全部栏目");
        let warning = f(Rule::SuspectLink, Severity::Warning, "通知");
        // The first run: both serious findings are new.
        let mail = digest(
            &a,
            &[empty.clone(), veto.clone(), warning.clone()],
            &[],
            None,
        )
        .unwrap();
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
        assert!(
            digest(
                &a,
                &[empty.clone(), veto.clone()],
                &[empty.clone(), veto.clone()],
                None
            )
            .is_none()
        );
        assert!(digest(&a, &[warning], &[], None).is_none());
        // One new problem among the old: mailed, marked.
        let broken = f(Rule::BrokenLink, Severity::Problem, "通知");
        let mail = digest(
            &a,
            &[empty.clone(), broken],
            &[empty],
            Some("https://gk.example.gov.cn/"),
        )
        .unwrap();
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
}
