//! 上线: a new agency's 政府信息公开 column is not shown to the public until
//! its 指南 data is complete — otherwise the public reads a guide full of
//! “（未填写）” and cannot reach the office. The checklist is law: Art. 12 of
//! the Regulation (what the guide states) and 国办公开办函〔2019〕61号 (the
//! column's four parts: 指南、制度、法定主动公开内容、年报; the last two fill
//! up with work, the first two must be written before the column opens).

use serde::Serialize;

use super::AgencyProfile;
use crate::health::Rule;
use crate::health::guide_gaps;

/// What a generated guide shows in place of a blank field; a written guide
/// that still holds it was copied before the data was complete.
pub const UNFILLED: &str = "（未填写）";

/// Art. 12 on what the guide states, including how to obtain information
/// (获取方式: the application channels).
const GUIDE_BASIS: &str = "《中华人民共和国政府信息公开条例》第十二条：指南包括政府信息的分类、编排体系、获取方式和政府信息公开工作机构的名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式等";

const RULES_BASIS: &str = "国办公开办函〔2019〕61号：政府信息公开专栏包括政府信息公开指南、政府信息公开制度、法定主动公开内容和政府信息公开工作年度报告";

/// What the checklist reads of an agency.
#[derive(Debug, Clone, Copy)]
pub struct LaunchFacts<'a> {
    pub profile: &'a AgencyProfile,
    /// The written 指南; None: generated from the profile.
    pub guide_text: Option<&'a str>,
    /// The written 制度.
    pub rules_text: Option<&'a str>,
}

/// Where an item is filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FixAt {
    /// The agency's data (`/admin/agencies/{code}/edit`).
    Profile,
    /// The column's texts (`/admin/agencies/{code}/texts`).
    Texts,
}

/// One item of the checklist, met or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub label: &'static str,
    /// None: met; otherwise what is missing, in words for the administrator.
    pub missing: Option<String>,
    pub basis: &'static str,
    pub fix_at: FixAt,
}

/// An unmet item: why the agency may not go online yet.
pub type Blocker = Check;

/// Every item, in the order the guide reads.
pub fn checklist(f: &LaunchFacts<'_>) -> Vec<Check> {
    vec![
        office_check(f),
        channels_check(f),
        guide_check(f),
        rules_check(f),
    ]
}

/// The unmet items; empty: the agency may go online.
pub fn launch_blockers(f: &LaunchFacts<'_>) -> Vec<Blocker> {
    checklist(f)
        .into_iter()
        .filter(|c| c.missing.is_some())
        .collect()
}

/// The blockers as one sentence for a refusal.
pub fn refusal(blockers: &[Blocker]) -> String {
    let items: Vec<String> = blockers
        .iter()
        .map(|b| {
            format!(
                "{}（{}）",
                b.label,
                b.missing.as_deref().unwrap_or_default()
            )
        })
        .collect();
    format!(
        "政府信息公开专栏暂不能上线，尚缺：{}。请补全后再上线。",
        items.join("；")
    )
}

fn check(
    label: &'static str,
    missing: Option<String>,
    basis: &'static str,
    fix_at: FixAt,
) -> Check {
    Check {
        label,
        missing,
        basis,
        fix_at,
    }
}

fn office_check(f: &LaunchFacts<'_>) -> Check {
    // The same list the health check reads, so the two never disagree.
    let gaps = guide_gaps(&f.profile.office);
    let missing = (!gaps.is_empty()).then(|| format!("请填写{}", gaps.join("、")));
    check(
        "指南所列政府信息公开工作机构信息",
        missing,
        Rule::GuideIncomplete.basis(),
        FixAt::Profile,
    )
}

fn channels_check(f: &LaunchFacts<'_>) -> Check {
    let missing = f
        .profile
        .channels
        .is_empty()
        .then(|| "请至少开通一种申请渠道".to_string());
    check("申请渠道（获取方式）", missing, GUIDE_BASIS, FixAt::Profile)
}

fn guide_check(f: &LaunchFacts<'_>) -> Check {
    // None is fine: the guide is then generated from the (checked) data.
    let missing = f
        .guide_text
        .filter(|t| t.contains(UNFILLED))
        .map(|_| format!("已编写的指南中仍有“{UNFILLED}”，请补全或清空以使用自动生成的指南"));
    check("政府信息公开指南正文", missing, GUIDE_BASIS, FixAt::Texts)
}

fn rules_check(f: &LaunchFacts<'_>) -> Check {
    let written = f.rules_text.is_some_and(|t| !t.trim().is_empty());
    let missing = (!written).then(|| "请编写政府信息公开制度".to_string());
    check("政府信息公开制度", missing, RULES_BASIS, FixAt::Texts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agency::{AgencyDraft, DisclosureOffice};

    /// 杜集区交通运输局 as an administrator first creates it: a name, a code,
    /// the office's name and e-mail, nothing else.
    fn new_bureau(office: DisclosureOffice) -> AgencyProfile {
        AgencyDraft {
            full_name: "淮北市杜集区交通运输局".into(),
            code: "119901219482199390".into(),
            level: "county".into(),
            kind: "department".into(),
            office,
            ..Default::default()
        }
        .validate()
        .expect("valid")
    }

    fn full_office() -> DisclosureOffice {
        DisclosureOffice {
            name: "杜集区交通运输局办公室".into(),
            address: "淮北市杜集区高岳街道长山路1号".into(),
            postcode: "235000".into(),
            hours: "工作日8:00-12:00，14:30-17:30".into(),
            phone: "0561-1234567".into(),
            fax: "0561-1234568".into(),
            email: "jtj@dj.example.gov.cn".into(),
        }
    }

    fn labels(b: &[Blocker]) -> Vec<&str> {
        b.iter().map(|b| b.label).collect()
    }

    #[test]
    fn a_new_agency_lists_the_missing_office_data_and_its_rules() {
        let p = new_bureau(DisclosureOffice {
            name: "杜集区交通运输局办公室".into(),
            email: "jtj@dj.example.gov.cn".into(),
            ..Default::default()
        });
        let facts = LaunchFacts {
            profile: &p,
            guide_text: None,
            rules_text: None,
        };
        let b = launch_blockers(&facts);
        assert_eq!(
            labels(&b),
            ["指南所列政府信息公开工作机构信息", "政府信息公开制度"]
        );
        assert_eq!(
            b[0].missing.as_deref(),
            Some("请填写办公地址、办公时间、联系电话、传真号码")
        );
        assert!(b[0].basis.contains("第十二条"));
        assert_eq!(b[0].fix_at, FixAt::Profile);
        assert_eq!(b[1].fix_at, FixAt::Texts);
        let msg = refusal(&b);
        assert!(
            msg.contains("办公地址") && msg.contains("政府信息公开制度"),
            "{msg}"
        );
        // Channels: 当面 and 邮寄 are always open, so never a blocker.
        assert_eq!(checklist(&facts).len(), 4);
    }

    #[test]
    fn complete_data_and_written_rules_may_go_online() {
        let p = new_bureau(full_office());
        let facts = LaunchFacts {
            profile: &p,
            guide_text: None,
            rules_text: Some("第一条 为了规范本局政府信息公开工作……"),
        };
        assert!(launch_blockers(&facts).is_empty());
    }

    #[test]
    fn blank_rules_or_a_guide_copied_with_blanks_block() {
        let p = new_bureau(full_office());
        let facts = LaunchFacts {
            profile: &p,
            guide_text: Some("办公地址：（未填写）"),
            rules_text: Some("  \n"),
        };
        assert_eq!(
            labels(&launch_blockers(&facts)),
            ["政府信息公开指南正文", "政府信息公开制度"]
        );
    }
}
