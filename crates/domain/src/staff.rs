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
    /// 评估人员: scores, by hand, the agencies a supervising office assigns
    /// to it in a scoring run (考核评分) — often a third party's evaluator
    /// given an account at the office. Reads nothing but the public output
    /// of those agencies and their scorecards: no case, no draft, no
    /// statistics, no audit trail.
    Evaluator,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::PlatformAdministrator,
        Role::Administrator,
        Role::Supervisor,
        Role::Reviewer,
        Role::Clerk,
        Role::Editor,
        Role::Evaluator,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Role::PlatformAdministrator => "平台管理员",
            Role::Administrator => "管理员",
            Role::Supervisor => "监督员（政务公开办）",
            Role::Reviewer => "审核人",
            Role::Clerk => "承办人",
            Role::Editor => "信息员",
            Role::Evaluator => "评估人员",
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
            Role::Evaluator => "evaluator",
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
    #[error("不能停用自己的账户。如确需停用，请由另一位管理员操作。")]
    DeactivateSelf,
    #[error("不能取消自己的管理员角色。如确需取消，请由另一位管理员操作。")]
    DropOwnAdministrator,
    #[error("不能在这里重置自己的密码，请在“修改密码”页面修改。")]
    ResetOwnPassword,
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

/// Login throttling. Every attempt is counted *before* its password is
/// checked (the store increments atomically and returns the count), so a burst
/// of concurrent guesses cannot get more checks than the limit. Attempts are
/// counted per (username, source address) and per username over all sources:
/// a guesser at one address is stopped after [`LoginThrottle::PER_SOURCE`]
/// attempts without locking the real user out elsewhere; only a much higher
/// [`LoginThrottle::PER_ACCOUNT`] from everywhere stops the name entirely.
/// Unknown usernames are counted the same way, so the answers do not tell
/// which names exist. Counts run in fixed windows of
/// [`LoginThrottle::WINDOW_SECONDS`] from a key's first attempt; attempts
/// refused while over the limit do not extend the window. Pure: the caller
/// supplies the clock (seconds since the epoch).
pub struct LoginThrottle;

/// One counter of login attempts as the store returned it after counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttemptCount {
    /// Attempts in the current window, this one included.
    pub attempts: u32,
    /// When the window began (seconds since the epoch).
    pub window_start: i64,
}

/// What the throttle says about a counted login attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginVerdict {
    /// Check the password.
    Allowed,
    /// Too many attempts: try again in this many seconds.
    Locked { seconds: i64 },
}

impl LoginThrottle {
    /// Attempts allowed per (username, source address) in a window.
    pub const PER_SOURCE: u32 = 5;
    /// Attempts allowed per username from all sources in a window.
    pub const PER_ACCOUNT: u32 = 50;
    /// Length of a counting window.
    pub const WINDOW_SECONDS: i64 = 15 * 60;
    /// The source name under which a username's attempts from all sources count.
    pub const ALL_SOURCES: &'static str = "*";

    /// A window that began at or before this instant has ended at `now`: the
    /// store starts a new one.
    pub fn window_ended_before(now: i64) -> i64 {
        now - Self::WINDOW_SECONDS
    }

    /// Decide from the counts that include this attempt.
    pub fn verdict(per_source: AttemptCount, per_account: AttemptCount, now: i64) -> LoginVerdict {
        let over = |c: AttemptCount, limit: u32| {
            (c.attempts > limit).then(|| (c.window_start + Self::WINDOW_SECONDS - now).max(1))
        };
        match (
            over(per_source, Self::PER_SOURCE),
            over(per_account, Self::PER_ACCOUNT),
        ) {
            (None, None) => LoginVerdict::Allowed,
            (a, b) => LoginVerdict::Locked {
                seconds: a.unwrap_or(0).max(b.unwrap_or(0)),
            },
        }
    }

    /// Whether a counter as stored at `now` stops further attempts (for the
    /// administrator's list); `limit` is [`Self::PER_SOURCE`] or [`Self::PER_ACCOUNT`].
    pub fn is_locked(count: AttemptCount, limit: u32, now: i64) -> bool {
        count.attempts >= limit && count.window_start + Self::WINDOW_SECONDS > now
    }
}

/// A session ends after this long without a request, and in any case at its
/// absolute expiry (kept by the store). Its last-seen time is written at most
/// once per [`SessionActivity::TOUCH_SECONDS`], so reading pages does not
/// turn into a write per request.
pub struct SessionActivity;

/// What to do with a session loaded at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionVerdict {
    /// Idle too long: end it.
    Idle,
    /// Alive; record `now` as its last-seen time when `touch`.
    Alive { touch: bool },
}

impl SessionActivity {
    pub const TOUCH_SECONDS: i64 = 60;

    pub fn verdict(last_seen: i64, idle_seconds: i64, now: i64) -> SessionVerdict {
        if now - last_seen >= idle_seconds {
            SessionVerdict::Idle
        } else {
            SessionVerdict::Alive {
                touch: now - last_seen >= Self::TOUCH_SECONDS,
            }
        }
    }
}

/// What an administrator can do to a staff account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffChange {
    ResetPassword,
    Deactivate,
    Reactivate,
    Unlock,
    Roles(Vec<Role>),
}

impl StaffChange {
    /// The audit action name.
    pub fn audit_action(&self) -> &'static str {
        match self {
            StaffChange::ResetPassword => "staff.reset_password",
            StaffChange::Deactivate => "staff.deactivate",
            StaffChange::Reactivate => "staff.reactivate",
            StaffChange::Unlock => "staff.unlock",
            StaffChange::Roles(_) => "staff.roles",
        }
    }

    /// Refuse changes an administrator may not make to their own account:
    /// without this an agency could be left with no administrator, or with
    /// one who cannot log in.
    pub fn check(&self, on_self: bool, had_roles: &[Role]) -> Result<(), StaffError> {
        if !on_self {
            return Ok(());
        }
        match self {
            StaffChange::Deactivate => Err(StaffError::DeactivateSelf),
            StaffChange::ResetPassword => Err(StaffError::ResetOwnPassword),
            StaffChange::Roles(roles)
                if had_roles.contains(&Role::Administrator)
                    && !roles.contains(&Role::Administrator) =>
            {
                Err(StaffError::DropOwnAdministrator)
            }
            StaffChange::Roles(roles) if roles.is_empty() => Err(StaffError::NoRole),
            _ => Ok(()),
        }
    }
}

/// The password policy in words, shown on every form that sets a password
/// (kept next to [`NewPassword::parse`], which enforces it).
pub fn password_policy() -> String {
    format!(
        "密码至少{}个字符，须同时包含字母和数字。",
        NewPassword::MIN_CHARS
    )
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

    fn count(attempts: u32, window_start: i64) -> AttemptCount {
        AttemptCount {
            attempts,
            window_start,
        }
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
    fn throttle_allows_five_per_source_then_locks_for_the_rest_of_the_window() {
        let start = 1_000_000;
        let fresh = count(1, start);
        assert_eq!(
            LoginThrottle::verdict(count(5, start), fresh, start + 10),
            LoginVerdict::Allowed
        );
        // the sixth attempt from one source waits for the window's end (900 s after its start)
        assert_eq!(
            LoginThrottle::verdict(count(6, start), count(6, start), start + 60),
            LoginVerdict::Locked { seconds: 840 }
        );
        // a fresh source is not stopped by another source's failures …
        assert_eq!(
            LoginThrottle::verdict(count(1, start + 60), count(7, start), start + 60),
            LoginVerdict::Allowed
        );
        // … until the name as a whole passes 50 attempts
        assert_eq!(
            LoginThrottle::verdict(count(1, start + 60), count(51, start), start + 300),
            LoginVerdict::Locked { seconds: 600 }
        );
        assert_eq!(LoginThrottle::window_ended_before(start + 900), start);
        assert!(LoginThrottle::is_locked(count(5, start), 5, start + 899));
        assert!(!LoginThrottle::is_locked(count(5, start), 5, start + 900));
        assert!(!LoginThrottle::is_locked(count(4, start), 5, start + 1));
    }

    #[test]
    fn sessions_end_when_idle_and_are_touched_once_a_minute() {
        let seen = 5_000;
        assert_eq!(
            SessionActivity::verdict(seen, 1800, seen + 30),
            SessionVerdict::Alive { touch: false }
        );
        assert_eq!(
            SessionActivity::verdict(seen, 1800, seen + 61),
            SessionVerdict::Alive { touch: true }
        );
        assert_eq!(
            SessionActivity::verdict(seen, 1800, seen + 1800),
            SessionVerdict::Idle
        );
    }

    #[test]
    fn administrators_cannot_lock_themselves_out() {
        let admin = [Role::Administrator, Role::Clerk];
        assert_eq!(
            StaffChange::Deactivate.check(true, &admin),
            Err(StaffError::DeactivateSelf)
        );
        assert_eq!(
            StaffChange::Roles(vec![Role::Clerk]).check(true, &admin),
            Err(StaffError::DropOwnAdministrator)
        );
        assert_eq!(
            StaffChange::ResetPassword.check(true, &admin),
            Err(StaffError::ResetOwnPassword)
        );
        assert_eq!(
            StaffChange::Roles(vec![Role::Administrator]).check(true, &admin),
            Ok(())
        );
        assert_eq!(StaffChange::Unlock.check(true, &admin), Ok(()));
        // on another account all of these are allowed
        assert_eq!(StaffChange::Deactivate.check(false, &admin), Ok(()));
        assert_eq!(
            StaffChange::Roles(vec![Role::Clerk]).check(false, &admin),
            Ok(())
        );
    }
}
