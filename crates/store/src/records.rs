//! The records the store reads and writes.

use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::agency::AgencyProfile;
use gongkai_domain::staff::{Role, Username};
use serde::Serialize;

pub type AgencyId = i64;
pub type StaffId = i64;

/// An agency in the tree, with its place and the editable column texts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agency {
    pub id: AgencyId,
    pub parent_id: Option<AgencyId>,
    pub profile: AgencyProfile,
    /// 政府信息公开指南 as edited by the agency; None: generated from its data.
    pub guide_text: Option<String>,
    /// 政府信息公开制度
    pub rules_text: Option<String>,
    /// 上线: the day its public column went online; None: a draft (未上线),
    /// whose public pages are not shown until its 指南 data is complete.
    pub online_on: Option<NaiveDate>,
}

impl Agency {
    /// Are the agency's public pages shown?
    pub fn is_online(&self) -> bool {
        self.online_on.is_some()
    }
}

/// An agency's place in the tree without its profile (a light row for
/// outlines of large subtrees).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyOutline {
    pub id: AgencyId,
    pub parent_id: Option<AgencyId>,
    /// The agencies from the top of the tree down to this one (itself last).
    pub lineage: Vec<AgencyId>,
    pub full_name: String,
    pub code: String,
    /// Government or department: which statutory dates apply (Art. 49/50).
    pub kind: gongkai_domain::agency::AgencyKind,
}

impl AgencyOutline {
    /// The agency directly below `ancestor` on the way to this one (None
    /// when this one is `ancestor` or not below it).
    pub fn child_of(&self, ancestor: AgencyId) -> Option<AgencyId> {
        let at = self.lineage.iter().position(|a| *a == ancestor)?;
        self.lineage.get(at + 1).copied()
    }
}

/// A staff account to create. The password is already hashed (argon2).
#[derive(Debug, Clone)]
pub struct NewStaff {
    pub agency_id: AgencyId,
    pub username: Username,
    pub display_name: String,
    pub password_hash: String,
    pub roles: Vec<Role>,
}

/// A staff account as stored.
#[derive(Debug, Clone)]
pub struct Staff {
    pub id: StaffId,
    pub agency_id: AgencyId,
    pub username: Username,
    pub display_name: String,
    pub password_hash: String,
    pub roles: Vec<Role>,
    pub active: bool,
    pub failed_logins: u32,
    pub last_failure_at: Option<DateTime<Utc>>,
    pub locked_until: Option<DateTime<Utc>>,
    /// An administrator reset the password: the next pages lead to changing it.
    pub must_change_password: bool,
}

impl Staff {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// A login session. Only a hash of the cookie's token is stored, so a leaked
/// database does not leak live sessions.
#[derive(Debug, Clone)]
pub struct Session {
    pub token_hash: String,
    pub staff_id: StaffId,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// What every authenticated request needs before its handler: the live
/// session, when it was last seen, its staff member with their roles, and
/// their agency — read in one query.
#[derive(Debug, Clone)]
pub struct SessionPrincipal {
    pub session: Session,
    pub last_seen: DateTime<Utc>,
    pub staff: Staff,
    pub agency: Agency,
}

/// One line of the audit trail.
#[derive(Debug, Clone)]
pub struct NewAuditEntry {
    pub at: DateTime<Utc>,
    pub staff_id: Option<StaffId>,
    pub agency_id: Option<AgencyId>,
    /// What was done, e.g. `agency.update`, `login.failure`.
    pub action: String,
    /// Details, free text (never an applicant's private data).
    pub detail: String,
}

#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub staff_id: Option<StaffId>,
    pub agency_id: Option<AgencyId>,
    pub action: String,
    pub detail: String,
}

/// An agency row as both databases return it, before parsing. Each backend
/// fills one from its own row type; the parsing is shared here.
#[derive(Debug, Clone)]
pub struct AgencyRow {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub full_name: String,
    pub short_name: String,
    pub code: String,
    pub level: String,
    pub kind: String,
    pub office_name: String,
    pub office_address: String,
    pub office_postcode: String,
    pub office_hours: String,
    pub office_phone: String,
    pub office_fax: String,
    pub office_email: String,
    pub channels: String,
    pub guide_text: Option<String>,
    pub rules_text: Option<String>,
    pub online_on: Option<NaiveDate>,
}

impl AgencyRow {
    pub fn into_agency(self) -> Result<Agency, crate::StoreError> {
        use gongkai_domain::agency::{AgencyKind, AgencyLevel, DisclosureOffice};
        use gongkai_domain::agency_code::AgencyCode;
        use gongkai_domain::vocabulary::Channel;
        let corrupt = |what: &str| crate::StoreError::Corrupt(format!("机构{}的{what}", self.id));
        let code = AgencyCode::parse_lenient(&self.code).map_err(|_| corrupt("代码"))?;
        let level = AgencyLevel::from_code(&self.level).ok_or_else(|| corrupt("层级"))?;
        let kind = AgencyKind::from_code(&self.kind).ok_or_else(|| corrupt("类型"))?;
        let channels = self
            .channels
            .split(',')
            .filter(|c| !c.is_empty())
            .map(|c| Channel::from_code(c).ok_or_else(|| corrupt("申请渠道")))
            .collect::<Result<_, _>>()?;
        Ok(Agency {
            id: self.id,
            parent_id: self.parent_id,
            profile: AgencyProfile {
                full_name: self.full_name,
                short_name: self.short_name,
                code,
                level,
                kind,
                office: DisclosureOffice {
                    name: self.office_name,
                    address: self.office_address,
                    postcode: self.office_postcode,
                    hours: self.office_hours,
                    phone: self.office_phone,
                    fax: self.office_fax,
                    email: self.office_email,
                },
                channels,
            },
            guide_text: self.guide_text,
            rules_text: self.rules_text,
            online_on: self.online_on,
        })
    }
}

/// Channels as stored: comma-separated codes in a fixed order.
pub fn channels_column(profile: &AgencyProfile) -> String {
    profile
        .channels
        .iter()
        .map(|c| c.code())
        .collect::<Vec<_>>()
        .join(",")
}

/// A staff row before parsing; roles come from the staff_roles table.
#[derive(Debug, Clone)]
pub struct StaffRow {
    pub id: i64,
    pub agency_id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub active: bool,
    pub failed_logins: i64,
    pub last_failure_at: Option<DateTime<Utc>>,
    pub locked_until: Option<DateTime<Utc>>,
    pub must_change_password: bool,
}

impl StaffRow {
    pub fn into_staff(self, role_codes: &[String]) -> Result<Staff, crate::StoreError> {
        let corrupt =
            |what: &str| crate::StoreError::Corrupt(format!("工作人员{}的{what}", self.id));
        let username = Username::parse(&self.username).map_err(|_| corrupt("用户名"))?;
        let mut roles = role_codes
            .iter()
            .map(|c| Role::from_code(c).ok_or_else(|| corrupt("角色")))
            .collect::<Result<Vec<_>, _>>()?;
        roles.sort();
        Ok(Staff {
            id: self.id,
            agency_id: self.agency_id,
            username,
            display_name: self.display_name,
            password_hash: self.password_hash,
            roles,
            active: self.active,
            failed_logins: u32::try_from(self.failed_logins).unwrap_or(u32::MAX),
            last_failure_at: self.last_failure_at,
            locked_until: self.locked_until,
            must_change_password: self.must_change_password,
        })
    }
}
