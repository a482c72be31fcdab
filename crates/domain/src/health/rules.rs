//! The thresholds of the national indicators and the agency-wide findings:
//! the guide's office data, last year's annual report, policies and their
//! interpretations, links, requests past their limit. (The 制度 is a column:
//! empty, it is found with the other columns.)

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Finding, Rule, Severity};
use crate::agency::{AgencyKind, DisclosureOffice};
use crate::report::publication_deadline;

/// 国办秘函〔2019〕19号: 空白栏目数量超过（含）5个 → 单项否决.
pub const EMPTY_COLUMNS_VETO: u32 = 5;
/// Warned of from the second empty column (before the veto comes).
pub const EMPTY_COLUMNS_WARNING: u32 = 2;
/// 国办秘函〔2019〕19号: 动态要闻、通知公告、政策文件类栏目累计超过（含）5个未更新.
pub const FREQUENT_STALE_VETO: u32 = 5;
/// 国办秘函〔2019〕19号: 应更新但长期未更新的栏目数量超过（含）10个.
pub const OTHER_STALE_VETO: u32 = 10;
/// 国办发〔2016〕19号: an interpretation at the latest 3 working days after
/// its policy (the catalogue's rule, written once there).
pub const INTERPRETATION_WORKING_DAYS: u32 = crate::catalogue::INTERPRETATION_WORKING_DAYS;

/// A published policy (规章、规范性文件) and its interpretation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyFigures {
    pub title: String,
    pub fix_at: String,
    /// Working days from the policy's publication to its interpretation's;
    /// `None` without a published interpretation.
    pub interpretation_after: Option<u32>,
}

/// A link that did not answer as it should.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkFigures {
    /// The page that holds the link (its title) and where it is edited.
    pub page: String,
    pub fix_at: String,
    pub href: String,
    /// The checker's words (失效（404）, 存疑：连接超时 …).
    pub state: String,
    /// Broken (else suspect: it could not be checked).
    pub broken: bool,
}

/// What the check reads of the agency as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyFigures {
    pub code: String,
    pub kind: AgencyKind,
    pub office: DisclosureOffice,
    /// When last year's annual report was published, if it was.
    pub last_report_published: Option<NaiveDate>,
    /// Published items that came out later than Art. 26 allows.
    pub late_items: u32,
    pub policies: Vec<PolicyFigures>,
    pub links: Vec<LinkFigures>,
    /// Requests past their answer limit and not answered.
    pub overdue_requests: u32,
    /// Requests received last year that were answered after their limit
    /// (Art. 33), as the annual report of that year will show them.
    pub late_replies_last_year: u32,
}

fn finding(
    rule: Rule,
    severity: Severity,
    subject: &str,
    detail: String,
    fix_at: Option<String>,
) -> Finding {
    Finding {
        rule,
        severity,
        subject: subject.to_string(),
        detail,
        fix_at,
    }
}

/// The office data the guide must state (Art. 12) that is missing.
pub fn guide_gaps(o: &DisclosureOffice) -> Vec<&'static str> {
    [
        ("机构名称", &o.name),
        ("办公地址", &o.address),
        ("办公时间", &o.hours),
        ("联系电话", &o.phone),
        ("传真号码", &o.fax),
        ("电子邮箱", &o.email),
    ]
    .into_iter()
    .filter(|(_, v)| v.trim().is_empty())
    .map(|(name, _)| name)
    .collect()
}

/// The agency-wide findings on `today`.
pub fn agency_findings(a: &AgencyFigures, today: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    let edit = Some(format!("/admin/agencies/{}/edit", a.code));
    let gaps = guide_gaps(&a.office);
    if !gaps.is_empty() {
        out.push(finding(
            Rule::GuideIncomplete,
            Severity::Problem,
            "政府信息公开指南",
            format!("缺少：{}。", gaps.join("、")),
            edit,
        ));
    }
    if let Some(f) = report_finding(a, today) {
        out.push(f);
    }
    if a.late_items > 0 {
        out.push(finding(
            Rule::LateItem,
            Severity::Problem,
            "法定主动公开内容",
            format!(
                "有{}条信息在形成或变更后超过20个工作日才公开。",
                a.late_items
            ),
            Some("/items".into()),
        ));
    }
    for p in &a.policies {
        match p.interpretation_after {
            None => out.push(finding(
                Rule::InterpretationMissing,
                Severity::Problem,
                &p.title,
                "已公开的规章、规范性文件没有关联的政策解读。".into(),
                Some(p.fix_at.clone()),
            )),
            Some(days) if days > INTERPRETATION_WORKING_DAYS => out.push(finding(
                Rule::InterpretationLate,
                Severity::Problem,
                &p.title,
                format!("解读在文件公开后第{days}个工作日才公开（最迟3个工作日）。"),
                Some(p.fix_at.clone()),
            )),
            Some(_) => {}
        }
    }
    for l in &a.links {
        let (rule, severity) = if l.broken {
            (Rule::BrokenLink, Severity::Problem)
        } else {
            (Rule::SuspectLink, Severity::Warning)
        };
        out.push(finding(
            rule,
            severity,
            &l.page,
            format!("{}：{}", l.href, l.state),
            Some(l.fix_at.clone()),
        ));
    }
    if a.overdue_requests > 0 {
        out.push(finding(
            Rule::OverdueRequests,
            Severity::Problem,
            "依申请公开",
            format!("{}件申请已超过答复期限仍未答复。", a.overdue_requests),
            Some("/workbench".into()),
        ));
    }
    if a.late_replies_last_year > 0 {
        use chrono::Datelike;
        let year = today.year() - 1;
        out.push(finding(
            Rule::LateReplies,
            Severity::Problem,
            "依申请公开",
            format!(
                "{year}年收到的申请中有{}件在答复期限届满后才答复。",
                a.late_replies_last_year
            ),
            Some(format!("/workbench/cases?year={year}&late=yes")),
        ));
    }
    out
}

/// Last year's report: missing after its date (Art. 49: departments 1月31日;
/// Art. 50: governments 3月31日), or published late.
fn report_finding(a: &AgencyFigures, today: NaiveDate) -> Option<Finding> {
    use crate::report::{ReportRecord, ReportStatus};
    use chrono::Datelike;
    let year = today.year() - 1;
    // Where the report stands is decided once, by `ReportStatus` (Art. 49/50).
    let record = ReportRecord {
        draft_errors: None,
        first_published: a.last_report_published,
    };
    let (severity, detail) = match ReportStatus::of(a.kind, year, record, today) {
        ReportStatus::Missing { due } => {
            (Severity::Problem, format!("应于{due}前公开，至今未公开。"))
        }
        ReportStatus::PublishedLate { on, .. } => {
            let due = publication_deadline(a.kind, year)?;
            (Severity::Warning, format!("应于{due}前公开，{on}才公开。"))
        }
        _ => return None,
    };
    Some(finding(
        Rule::AnnualReportMissing,
        severity,
        &format!("{year}年度报告"),
        detail,
        Some("/workbench/reports".to_string()),
    ))
}
