//! The one login check, shared by `POST /login` and `POST /api/v1/sessions`.
//!
//! 1. The attempt is counted (per username and source, and per username)
//!    before anything else, atomically in the store; the domain's
//!    `LoginThrottle` decides from the counts. A burst of concurrent guesses
//!    gets no more password checks than the limit.
//! 2. Known and unknown usernames (and deactivated accounts) take the same
//!    path: the same counting, one argon2 verification (against a dummy hash
//!    when there is no account), the same refusals. Nothing tells which
//!    usernames exist.
//! 3. Verification goes through the bounded [`Hashing`](super::password::Hashing).

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use gongkai_domain::staff::{LoginThrottle, LoginVerdict, Username};
use gongkai_store::{NewAuditEntry, Staff, StoreResult};

use crate::state::AppState;
use gongkai_app::password::Busy;

/// Why a login was refused. Each has one status and one message, the same
/// on the web page and in the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Wrong password, unknown or deactivated username.
    Wrong,
    /// Too many attempts for this username (from this source, or overall).
    Locked { seconds: i64 },
    /// Too many password checks at once.
    Busy(Busy),
}

impl Refusal {
    pub fn status(self) -> StatusCode {
        match self {
            Refusal::Wrong => StatusCode::UNAUTHORIZED,
            Refusal::Locked { .. } | Refusal::Busy(_) => StatusCode::TOO_MANY_REQUESTS,
        }
    }

    pub fn message(self) -> String {
        match self {
            Refusal::Wrong => "用户名或密码不正确，请重新输入。".into(),
            Refusal::Locked { seconds } => format!(
                "该用户名的登录尝试次数过多，已暂停登录，请在{}分钟后再试；\
                 如需立即登录，请联系本机关管理员解锁。",
                (seconds + 59) / 60
            ),
            Refusal::Busy(b) => b.message(),
        }
    }

    /// The `Retry-After` header's seconds, for refusals that end by waiting.
    pub fn retry_after(self) -> Option<u64> {
        match self {
            Refusal::Wrong => None,
            Refusal::Locked { seconds } => Some(u64::try_from(seconds.max(1)).unwrap_or(1)),
            Refusal::Busy(b) => Some(b.retry_after),
        }
    }
}

/// The throttling key of a typed username: what the login form would look
/// up, bounded so that junk names cannot fill the table with long keys.
fn name_key(raw: &str) -> String {
    raw.trim().to_lowercase().chars().take(64).collect()
}

/// Check a login. `Ok(Err(_))` is a refusal to show; `Err` a storage failure.
pub async fn authenticate(
    state: &AppState,
    username: &str,
    password: String,
    source: &str,
) -> StoreResult<Result<Staff, Refusal>> {
    let key = name_key(username);
    let now = Utc::now();
    let ended = DateTime::from_timestamp(LoginThrottle::window_ended_before(now.timestamp()), 0)
        .unwrap_or(now);
    let (per_source, per_name) = state
        .store
        .count_login_attempt(&key, source, now, ended)
        .await?;
    if let LoginVerdict::Locked { seconds } =
        LoginThrottle::verdict(per_source, per_name, now.timestamp())
    {
        return Ok(Err(Refusal::Locked { seconds }));
    }
    let staff = match Username::parse(&key) {
        Ok(u) => state.store.staff_by_username(&u).await?,
        Err(_) => None,
    }
    .filter(|s| s.active);
    let checked = match &staff {
        Some(s) => {
            state
                .hashing
                .verify(password, s.password_hash.clone())
                .await
        }
        None => state.hashing.verify_dummy(password).await.map(|()| false),
    };
    let ok = match checked {
        Ok(ok) => ok,
        Err(busy) => return Ok(Err(Refusal::Busy(busy))),
    };
    let Some(staff) = staff else {
        return Ok(Err(Refusal::Wrong));
    };
    let audit = |action: &str, detail: String| NewAuditEntry {
        at: now,
        staff_id: Some(staff.id),
        agency_id: Some(staff.agency_id),
        action: action.into(),
        detail,
    };
    if !ok {
        let detail = format!(
            "本来源{}分钟内第{}次尝试",
            LoginThrottle::WINDOW_SECONDS / 60,
            per_source.attempts
        );
        state
            .store
            .append_audit(&audit("login.failure", detail))
            .await?;
        return Ok(Err(Refusal::Wrong));
    }
    state.store.login_succeeded(&key, source).await?;
    // Keeps `last_login_at`.
    state.store.record_login_success(staff.id, now).await?;
    state
        .store
        .append_audit(&audit("login.success", String::new()))
        .await?;
    Ok(Ok(staff))
}

/// What a staff member whose password an administrator reset is told.
pub const MUST_CHANGE_PASSWORD: &str =
    "管理员已重置您的密码：请先登录网页，在“修改密码”页面设置新密码后再使用。";
