//! Staff of an agency, their roles, and the login-throttling policy.

use serde::{Deserialize, Serialize};

/// What a staff member may do in their agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 平台管理员: keeps the platform-wide data every agency's deadlines depend
    /// on (the national working-day calendar) and grants this role. A role of
    /// its own, above agency administrators: it gives no power inside an
    /// agency, so a platform operator is usually also an administrator.
    PlatformAdministrator,
    /// 管理员: manages the agency's data, staff and templates; sees the calendar.
    Administrator,
    /// 监督员（政务公开办）: sees every agency below its own.
    Supervisor,
    /// 审核人: approves extensions, replies and the confidentiality review.
    Reviewer,
    /// 承办人: handles applications.
    Clerk,
    /// 信息员: publishes catalogue items.
    Editor,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::PlatformAdministrator,
        Role::Administrator,
        Role::Supervisor,
        Role::Reviewer,
        Role::Clerk,
        Role::Editor,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Role::PlatformAdministrator => "平台管理员",
            Role::Administrator => "管理员",
            Role::Supervisor => "监督员（政务公开办）",
            Role::Reviewer => "审核人",
            Role::Clerk => "承办人",
            Role::Editor => "信息员",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Role::PlatformAdministrator => "platform_administrator",
            Role::Administrator => "administrator",
            Role::Supervisor => "supervisor",
            Role::Reviewer => "reviewer",
            Role::Clerk => "clerk",
            Role::Editor => "editor",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// May a staff member holding `granter` give this role to someone? The
    /// platform administrator role only by a platform administrator (else an
    /// agency administrator could make themselves one); every other role by
    /// an administrator of either kind. Where in the agency tree they may do
    /// it is checked separately (an administrator of the agency or above).
    pub fn may_be_granted_by(self, granter: &[Role]) -> bool {
        match self {
            Role::PlatformAdministrator => granter.contains(&Role::PlatformAdministrator),
            _ => granter
                .iter()
                .any(|r| matches!(r, Role::Administrator | Role::PlatformAdministrator)),
        }
    }
}

/// The working-day calendar is platform-wide: every agency's deadlines are
/// counted on it. Administrators see it; only platform administrators change it.
pub struct CalendarRights;

impl CalendarRights {
    pub fn may_view(roles: &[Role]) -> bool {
        roles
            .iter()
            .any(|r| matches!(r, Role::Administrator | Role::PlatformAdministrator))
    }

    pub fn may_change(roles: &[Role]) -> bool {
        roles.contains(&Role::PlatformAdministrator)
    }
}

/// A login name: 3–32 characters of lower-case ASCII letters, digits, `.`, `_`, `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StaffError {
    #[error("用户名应为3至32个字符，您输入了{0}个。")]
    UsernameLength(usize),
    #[error("用户名只能包含小写英文字母、数字和“._-”，请去掉“{0}”。")]
    UsernameChar(char),
    #[error("密码至少需要{min}个字符，您输入了{got}个。")]
    PasswordTooShort { min: usize, got: usize },
    #[error("密码需同时包含字母和数字。")]
    PasswordTooSimple,
    #[error("请填写姓名。")]
    MissingName,
    #[error(
        "未知的角色“{0}”。可选：platform_administrator、administrator、supervisor、reviewer、clerk、editor。"
    )]
    UnknownRole(String),
    #[error("请至少选择一个角色。")]
    NoRole,
}

impl Username {
    pub fn parse(raw: &str) -> Result<Username, StaffError> {
        let s = raw.trim().to_lowercase();
        let n = s.chars().count();
        if !(3..=32).contains(&n) {
            return Err(StaffError::UsernameLength(n));
        }
        if let Some(c) = s
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(*c)))
        {
            return Err(StaffError::UsernameChar(c));
        }
        Ok(Username(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Username {
    type Error = StaffError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Username::parse(&s)
    }
}

impl From<Username> for String {
    fn from(u: Username) -> String {
        u.0
    }
}

impl std::fmt::Display for Username {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password that meets the policy; never stored, only hashed.
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 10;

    pub fn parse(raw: &str) -> Result<NewPassword, StaffError> {
        let got = raw.chars().count();
        if got < Self::MIN_CHARS {
            return Err(StaffError::PasswordTooShort {
                min: Self::MIN_CHARS,
                got,
            });
        }
        let has_letter = raw.chars().any(|c| c.is_alphabetic());
        let has_digit = raw.chars().any(|c| c.is_ascii_digit());
        if !(has_letter && has_digit) {
            return Err(StaffError::PasswordTooSimple);
        }
        Ok(NewPassword(raw.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// Parses a comma-separated list of role codes, e.g. `clerk,reviewer`.
pub fn parse_roles(raw: &str) -> Result<Vec<Role>, StaffError> {
    let mut roles = Vec::new();
    for part in raw
        .split([',', '，', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let role = Role::from_code(part).ok_or_else(|| StaffError::UnknownRole(part.into()))?;
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    if roles.is_empty() {
        return Err(StaffError::NoRole);
    }
    roles.sort();
    Ok(roles)
}

/// Login throttling: after a few failures each further attempt waits longer,
/// and after [`LoginThrottle::LOCK_AFTER`] failures the account locks for
/// [`LoginThrottle::LOCK_SECONDS`]. Pure: the caller supplies the clock.
pub struct LoginThrottle;

/// What the throttle says about a login attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginVerdict {
    /// Check the password.
    Allowed,
    /// Too soon after the last failure: try again in this many seconds.
    Wait { seconds: i64 },
    /// Locked: try again in this many seconds.
    Locked { seconds: i64 },
}

impl LoginThrottle {
    /// Failures tolerated before attempts are slowed.
    pub const FREE_FAILURES: u32 = 2;
    /// Failures after which the account locks.
    pub const LOCK_AFTER: u32 = 5;
    /// How long a lock lasts.
    pub const LOCK_SECONDS: i64 = 15 * 60;

    /// The wait required after `failures` consecutive failures (0 for the first few,
    /// then 2, 4, 8 … seconds).
    pub fn delay_after(failures: u32) -> i64 {
        if failures <= Self::FREE_FAILURES {
            0
        } else {
            1i64 << (failures - Self::FREE_FAILURES).min(10)
        }
    }

    /// Decide whether an attempt at `now` (seconds since the epoch) may proceed,
    /// given the consecutive failures so far, the time of the last failure and any lock.
    pub fn verdict(
        failures: u32,
        last_failure_at: Option<i64>,
        locked_until: Option<i64>,
        now: i64,
    ) -> LoginVerdict {
        if let Some(until) = locked_until
            && until > now
        {
            return LoginVerdict::Locked {
                seconds: until - now,
            };
        }
        if let Some(last) = last_failure_at {
            let ready = last + Self::delay_after(failures);
            if ready > now {
                return LoginVerdict::Wait {
                    seconds: ready - now,
                };
            }
        }
        LoginVerdict::Allowed
    }

    /// After a failed attempt that brought the count to `failures`: the lock's end, if any.
    pub fn lock_after_failure(failures: u32, now: i64) -> Option<i64> {
        (failures >= Self::LOCK_AFTER).then_some(now + Self::LOCK_SECONDS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_normalised_and_checked() {
        assert_eq!(Username::parse(" Clerk01 ").unwrap().as_str(), "clerk01");
        assert_eq!(Username::parse("ab"), Err(StaffError::UsernameLength(2)));
        assert_eq!(
            Username::parse("张三abc"),
            Err(StaffError::UsernameChar('张'))
        );
    }

    #[test]
    fn passwords_need_length_letters_and_digits() {
        assert!(NewPassword::parse("short1").is_err());
        assert_eq!(
            NewPassword::parse("abcdefghijk").unwrap_err(),
            StaffError::PasswordTooSimple
        );
        assert!(NewPassword::parse("gongkai-2025x").is_ok());
    }

    #[test]
    fn roles_parse_from_codes() {
        assert_eq!(
            parse_roles("reviewer, clerk").unwrap(),
            vec![Role::Reviewer, Role::Clerk]
        );
        assert!(matches!(
            parse_roles("boss"),
            Err(StaffError::UnknownRole(_))
        ));
        assert_eq!(parse_roles(""), Err(StaffError::NoRole));
    }

    #[test]
    fn platform_administrator_role_round_trips_and_existing_codes_still_parse() {
        assert_eq!(
            Role::from_code("platform_administrator"),
            Some(Role::PlatformAdministrator)
        );
        assert_eq!(Role::PlatformAdministrator.label(), "平台管理员");
        // Codes stored before the role existed keep their meaning.
        assert_eq!(Role::from_code("administrator"), Some(Role::Administrator));
        assert_eq!(Role::from_code("editor"), Some(Role::Editor));
    }

    #[test]
    fn only_a_platform_administrator_grants_the_platform_role() {
        use Role::*;
        // (role to grant, granter's roles, allowed)
        let table: &[(Role, &[Role], bool)] = &[
            (PlatformAdministrator, &[PlatformAdministrator], true),
            (PlatformAdministrator, &[Administrator], false),
            (PlatformAdministrator, &[Administrator, Supervisor], false),
            (PlatformAdministrator, &[Clerk], false),
            (Administrator, &[Administrator], true),
            (Clerk, &[Administrator], true),
            (Clerk, &[PlatformAdministrator], true),
            (Editor, &[Supervisor], false),
            (Clerk, &[Clerk, Reviewer], false),
        ];
        for (role, granter, allowed) in table {
            assert_eq!(
                role.may_be_granted_by(granter),
                *allowed,
                "{role:?} granted by {granter:?}"
            );
        }
    }

    #[test]
    fn administrators_see_the_calendar_and_only_platform_administrators_change_it() {
        use Role::*;
        // (roles, may view, may change)
        let table: &[(&[Role], bool, bool)] = &[
            (&[Administrator], true, false),
            (&[Administrator, Supervisor], true, false),
            (&[PlatformAdministrator], true, true),
            (&[Administrator, PlatformAdministrator], true, true),
            (&[Supervisor], false, false),
            (&[Clerk, Reviewer, Editor], false, false),
        ];
        for (roles, view, change) in table {
            assert_eq!(CalendarRights::may_view(roles), *view, "{roles:?}");
            assert_eq!(CalendarRights::may_change(roles), *change, "{roles:?}");
        }
    }

    #[test]
    fn throttle_slows_then_locks() {
        let now = 1_000_000;
        assert_eq!(
            LoginThrottle::verdict(0, None, None, now),
            LoginVerdict::Allowed
        );
        // two failures are free
        assert_eq!(
            LoginThrottle::verdict(2, Some(now), None, now),
            LoginVerdict::Allowed
        );
        // the third failure imposes 2 s, the fourth 4 s
        assert_eq!(
            LoginThrottle::verdict(3, Some(now), None, now + 1),
            LoginVerdict::Wait { seconds: 1 }
        );
        assert_eq!(
            LoginThrottle::verdict(4, Some(now), None, now + 4),
            LoginVerdict::Allowed
        );
        assert_eq!(LoginThrottle::lock_after_failure(4, now), None);
        let until = LoginThrottle::lock_after_failure(5, now).unwrap();
        assert_eq!(until, now + 900);
        assert_eq!(
            LoginThrottle::verdict(5, Some(now), Some(until), now + 60),
            LoginVerdict::Locked { seconds: 840 }
        );
    }
}
