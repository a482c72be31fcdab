//! Who oversees an agency's disclosure work (监督), as the 指南 names them:
//! the agency above it in the tree (上一级行政机关) and the 政府信息公开工作
//! 主管部门, to either of which a complaint may go (《中华人民共和国政府信息公开
//! 条例》第五十一条) and whom one may ask to press the agency to put a failure
//! right (第四十七条第二款).
//!
//! 第三条: 国务院办公厅是全国政府信息公开工作主管部门；县级以上地方人民政府办公厅
//! （室）是本行政区域的政府信息公开工作主管部门. A department (or a body set up
//! under one) answers to the office of the government it belongs to; a
//! government to the office of the government above (a province's to the
//! State Council's); a township has no such office of its own, so it, like
//! a county department, answers to the county's.
//!
//! The chain is that of the reconsideration body
//! ([`crate::document::ChainLink`], the agency first, nearest ancestor next).

use crate::agency::{AgencyKind, AgencyLevel};
use crate::document::ChainLink;

/// 国务院办公厅, the national 主管部门 (第三条第一款).
pub const STATE_COUNCIL_OFFICE: &str = "国务院办公厅";

/// The bodies that oversee an agency's disclosure work; `None` where the
/// tree does not reach them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Oversight {
    /// 上一级行政机关: the agency's parent in the tree.
    pub superior: Option<String>,
    /// 政府信息公开工作主管部门: a government's 办公厅 (a province's) or
    /// 办公室 (the others').
    pub competent_office: Option<String>,
}

/// The office (办公厅/办公室) of a government: 办公厅 for a province's,
/// 办公室 below.
fn office_of(government: &ChainLink<'_>) -> String {
    let office = if government.level == AgencyLevel::Province {
        "办公厅"
    } else {
        "办公室"
    };
    format!("{}{office}", government.name)
}

/// The oversight of the agency `chain[0]` (its ancestors after it, nearest
/// first).
pub fn oversight(chain: &[ChainLink<'_>]) -> Oversight {
    let Some((agency, ancestors)) = chain.split_first() else {
        return Oversight {
            superior: None,
            competent_office: None,
        };
    };
    // The government whose office oversees: the nearest one above the
    // agency at county level or higher (a township's office is none).
    let government = ancestors
        .iter()
        .find(|a| a.kind == AgencyKind::Government && a.level != AgencyLevel::Township);
    let competent_office = match government {
        Some(g) => Some(office_of(g)),
        None if agency.kind == AgencyKind::Government && agency.level == AgencyLevel::Province => {
            Some(STATE_COUNCIL_OFFICE.to_string())
        }
        None => None,
    };
    Oversight {
        superior: ancestors.first().map(|a| a.name.to_string()),
        competent_office,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(name: &'static str, level: AgencyLevel, kind: AgencyKind) -> ChainLink<'static> {
        ChainLink { name, level, kind }
    }

    use crate::document::chain_fixtures::{CITY, COUNTY, PROVINCE};

    #[test]
    fn a_county_department_answers_to_its_county() {
        let bureau = link(
            "白沙县交通运输局",
            AgencyLevel::County,
            AgencyKind::Department,
        );
        assert_eq!(
            oversight(&[bureau, COUNTY, CITY]),
            Oversight {
                superior: Some("白沙县人民政府".into()),
                competent_office: Some("白沙县人民政府办公室".into()),
            }
        );
        // A unit under the bureau: its superior is the bureau, the office
        // still the county's.
        let unit = link(
            "白沙县公路管理站",
            AgencyLevel::County,
            AgencyKind::DispatchedBody,
        );
        assert_eq!(
            oversight(&[unit, bureau, COUNTY]),
            Oversight {
                superior: Some("白沙县交通运输局".into()),
                competent_office: Some("白沙县人民政府办公室".into()),
            }
        );
    }

    #[test]
    fn a_government_answers_to_the_office_above() {
        assert_eq!(
            oversight(&[COUNTY, CITY, PROVINCE])
                .competent_office
                .as_deref(),
            Some("青山市人民政府办公室")
        );
        assert_eq!(
            oversight(&[CITY, PROVINCE]).competent_office.as_deref(),
            Some("江南省人民政府办公厅")
        );
        assert_eq!(
            oversight(&[PROVINCE]),
            Oversight {
                superior: None,
                competent_office: Some("国务院办公厅".into()),
            }
        );
        // A township's office is not a 主管部门: the county's is.
        let town = link(
            "白沙县城关镇人民政府",
            AgencyLevel::Township,
            AgencyKind::Government,
        );
        let street = link(
            "城关镇综合办",
            AgencyLevel::Township,
            AgencyKind::DispatchedBody,
        );
        assert_eq!(
            oversight(&[street, town, COUNTY])
                .competent_office
                .as_deref(),
            Some("白沙县人民政府办公室")
        );
    }

    #[test]
    fn a_tree_that_does_not_reach_a_government_names_none() {
        let bureau = link(
            "白沙县交通运输局",
            AgencyLevel::County,
            AgencyKind::Department,
        );
        assert_eq!(
            oversight(&[bureau]),
            Oversight {
                superior: None,
                competent_office: None,
            }
        );
        assert_eq!(oversight(&[]).superior, None);
    }
}
