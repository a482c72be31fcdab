//! Agencies (行政机关): the tree of governments and their departments that
//! operate disclosure (Art. 27: every level of people's government, and the
//! departments of governments at county level and above acting in their own name).

pub mod launch;
pub mod supervision;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::agency_code::AgencyCode;
use crate::vocabulary::Channel;

/// Administrative level (行政层级) of an agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgencyLevel {
    /// 省级
    Province,
    /// 市级（地级）
    City,
    /// 县级
    County,
    /// 乡镇（街道）级
    Township,
}

impl AgencyLevel {
    pub const ALL: [AgencyLevel; 4] = [
        AgencyLevel::Province,
        AgencyLevel::City,
        AgencyLevel::County,
        AgencyLevel::Township,
    ];

    pub fn label(self) -> &'static str {
        match self {
            AgencyLevel::Province => "省级",
            AgencyLevel::City => "市级",
            AgencyLevel::County => "县级",
            AgencyLevel::Township => "乡镇（街道）级",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            AgencyLevel::Province => "province",
            AgencyLevel::City => "city",
            AgencyLevel::County => "county",
            AgencyLevel::Township => "township",
        }
    }

    pub fn from_code(code: &str) -> Option<AgencyLevel> {
        AgencyLevel::ALL.into_iter().find(|l| l.code() == code)
    }
}

/// What kind of body an agency is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    /// 人民政府（含其办公厅/室作为政务公开主管部门）
    Government,
    /// 政府工作部门
    Department,
    /// 派出机构、内设机构（以自己名义履行职能的）
    DispatchedBody,
}

impl AgencyKind {
    pub const ALL: [AgencyKind; 3] = [
        AgencyKind::Government,
        AgencyKind::Department,
        AgencyKind::DispatchedBody,
    ];

    pub fn label(self) -> &'static str {
        match self {
            AgencyKind::Government => "人民政府",
            AgencyKind::Department => "政府工作部门",
            AgencyKind::DispatchedBody => "派出机构",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            AgencyKind::Government => "government",
            AgencyKind::Department => "department",
            AgencyKind::DispatchedBody => "dispatched",
        }
    }

    pub fn from_code(code: &str) -> Option<AgencyKind> {
        AgencyKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The annual report is due by 31 January for departments and by 31 March for
    /// governments (Art. 49).
    pub fn is_government(self) -> bool {
        matches!(self, AgencyKind::Government)
    }
}

/// The disclosure office (政府信息公开工作机构) and how to reach it; the guide
/// must state all of this (Art. 12).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisclosureOffice {
    /// 机构名称, e.g. 某某县人民政府办公室政务公开科
    pub name: String,
    /// 办公地址
    pub address: String,
    /// 邮政编码
    pub postcode: String,
    /// 办公时间
    pub hours: String,
    /// 联系电话
    pub phone: String,
    /// 传真
    pub fax: String,
    /// 电子邮箱
    pub email: String,
}

/// An agency as entered or edited, validated. Construct with [`AgencyDraft::validate`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyProfile {
    /// 机构全称 (full official name), e.g. 安徽省淮北市杜集区交通运输局
    pub full_name: String,
    /// 简称
    pub short_name: String,
    /// 组织机构代码 or 统一社会信用代码: the 索引号 prefix.
    pub code: AgencyCode,
    pub level: AgencyLevel,
    pub kind: AgencyKind,
    pub office: DisclosureOffice,
    /// Application channels opened; always contains 当面 and 邮寄.
    pub channels: BTreeSet<Channel>,
}

/// Raw agency fields as a form or file gives them.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AgencyDraft {
    pub full_name: String,
    pub short_name: String,
    pub code: String,
    pub level: String,
    pub kind: String,
    pub office: DisclosureOffice,
    pub channels: Vec<Channel>,
}

/// Why an agency's data was refused; every message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgencyError {
    #[error("请填写机构全称。")]
    MissingFullName,
    #[error("机构全称过长（{0}个字），请控制在100字以内。")]
    FullNameTooLong(usize),
    #[error("{0}")]
    Code(String),
    #[error("未知的行政层级“{0}”，请选择省级、市级、县级或乡镇（街道）级。")]
    UnknownLevel(String),
    #[error("未知的机构类型“{0}”，请选择人民政府、政府工作部门或派出机构。")]
    UnknownKind(String),
    #[error("电子邮箱“{0}”格式不正确，请填写如 gkb@example.gov.cn 的地址。")]
    BadEmail(String),
    #[error("上级机构的层级不能低于下级：{parent}下不能设立{child}机构。")]
    LevelOrder {
        parent: &'static str,
        child: &'static str,
    },
}

impl AgencyDraft {
    pub fn validate(self) -> Result<AgencyProfile, AgencyError> {
        let full_name = self.full_name.trim().to_string();
        if full_name.is_empty() {
            return Err(AgencyError::MissingFullName);
        }
        let len = full_name.chars().count();
        if len > 100 {
            return Err(AgencyError::FullNameTooLong(len));
        }
        let short_name = match self.short_name.trim() {
            "" => full_name.clone(),
            s => s.to_string(),
        };
        let code = AgencyCode::parse(&self.code).map_err(|e| AgencyError::Code(e.to_string()))?;
        let level = AgencyLevel::from_code(self.level.trim())
            .ok_or_else(|| AgencyError::UnknownLevel(self.level.clone()))?;
        let kind = AgencyKind::from_code(self.kind.trim())
            .ok_or_else(|| AgencyError::UnknownKind(self.kind.clone()))?;
        let mut office = self.office;
        for field in [
            &mut office.name,
            &mut office.address,
            &mut office.postcode,
            &mut office.hours,
            &mut office.phone,
            &mut office.fax,
            &mut office.email,
        ] {
            *field = field.trim().to_string();
        }
        if !office.email.is_empty() && !looks_like_email(&office.email) {
            return Err(AgencyError::BadEmail(office.email));
        }
        let mut channels: BTreeSet<Channel> = self.channels.into_iter().collect();
        // The basic channels may never be refused (国办公开办函〔2017〕19号).
        channels.extend(Channel::ALL.into_iter().filter(|c| c.is_mandatory()));
        Ok(AgencyProfile {
            full_name,
            short_name,
            code,
            level,
            kind,
            office,
            channels,
        })
    }
}

/// A child agency may sit at its parent's level (a department of a government)
/// or below it, never above.
pub fn check_level_order(parent: AgencyLevel, child: AgencyLevel) -> Result<(), AgencyError> {
    if child < parent {
        return Err(AgencyError::LevelOrder {
            parent: parent.label(),
            child: child.label(),
        });
    }
    Ok(())
}

fn looks_like_email(s: &str) -> bool {
    let mut parts = s.split('@');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(local), Some(domain), None) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(char::is_whitespace)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> AgencyDraft {
        AgencyDraft {
            full_name: " 安徽省淮北市杜集区交通运输局 ".into(),
            short_name: "".into(),
            code: "11341702486344515H".into(),
            level: "county".into(),
            kind: "department".into(),
            office: DisclosureOffice {
                email: "jtj@example.gov.cn".into(),
                ..Default::default()
            },
            channels: vec![Channel::Online],
        }
    }

    #[test]
    fn mandatory_channels_are_always_open() {
        let p = draft().validate().unwrap();
        assert!(p.channels.contains(&Channel::InPerson));
        assert!(p.channels.contains(&Channel::Post));
        assert!(p.channels.contains(&Channel::Online));
        assert!(!p.channels.contains(&Channel::Fax));
        assert_eq!(p.short_name, "安徽省淮北市杜集区交通运输局");
    }

    #[test]
    fn bad_fields_are_refused_in_chinese() {
        let mut d = draft();
        d.full_name = "  ".into();
        assert_eq!(d.validate(), Err(AgencyError::MissingFullName));
        let mut d = draft();
        d.office.email = "not an email".into();
        let err = d.validate().unwrap_err().to_string();
        assert!(err.contains("电子邮箱"), "{err}");
        let mut d = draft();
        d.level = "village".into();
        assert!(matches!(d.validate(), Err(AgencyError::UnknownLevel(_))));
    }

    #[test]
    fn a_department_may_sit_at_its_governments_level_but_not_above() {
        assert!(check_level_order(AgencyLevel::County, AgencyLevel::County).is_ok());
        assert!(check_level_order(AgencyLevel::City, AgencyLevel::Township).is_ok());
        assert!(check_level_order(AgencyLevel::County, AgencyLevel::City).is_err());
    }
}
