//! `POST /admin/agencies/{code}/staff/{username}/{action}`: an administrator
//! resets a password, deactivates or reactivates an account, unlocks its
//! logins or changes its roles. Administrators act on the staff of their own
//! agency and the agencies below it; the domain's `StaffChange::check`
//! refuses what they may not do to themselves. Every change is audited.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use gongkai_domain::policy::{self, Permission};
use gongkai_domain::staff::{NewPassword, Role, StaffChange, Username};
use gongkai_store::Staff;
use rand::Rng;

use super::Csrf;
use super::admin_agency::audit;
use super::admin_staff::{load, render};
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

fn parse_change(action: &str, form: &HashMap<String, String>) -> AppResult<StaffChange> {
    Ok(match action {
        "reset_password" => StaffChange::ResetPassword,
        "deactivate" => StaffChange::Deactivate,
        "reactivate" => StaffChange::Reactivate,
        "unlock" => StaffChange::Unlock,
        "roles" => StaffChange::Roles(
            Role::ALL
                .into_iter()
                .filter(|r| form.contains_key(&format!("role_{}", r.code())))
                .collect(),
        ),
        _ => return Err(AppError::not_found(format!("操作“{action}”"))),
    })
}

/// A one-time password meeting the policy: 12 characters without look-alikes
/// (0/O, 1/l/I), at least one letter and one digit.
pub fn temporary_password() -> String {
    const LETTERS: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
    const DIGITS: &[u8] = b"23456789";
    let mut rng = rand::thread_rng();
    loop {
        let pw: String = (0..12)
            .map(|_| {
                let set = if rng.gen_bool(0.3) { DIGITS } else { LETTERS };
                set[rng.gen_range(0..set.len())] as char
            })
            .collect();
        if NewPassword::parse(&pw).is_ok() {
            return pw;
        }
    }
}

pub async fn act(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path((code, username, action)): Path<(String, String, String)>,
    Form(form): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let agency = load(&state, &who, &code).await?;
    let change = parse_change(&action, &form)?;
    let target = match Username::parse(&username) {
        Ok(u) => state.store.staff_by_username(&u).await?,
        Err(_) => None,
    }
    .filter(|s| s.agency_id == agency.id)
    .ok_or_else(|| AppError::not_found(format!("本机构的工作人员“{username}”")))?;
    let outcome = match change.check(target.id == who.staff.id, &target.roles) {
        Err(e) => Err((StatusCode::UNPROCESSABLE_ENTITY, e.to_string())),
        Ok(()) => match ungrantable(&change, &target, &who) {
            Some(role) => Err((
                StatusCode::FORBIDDEN,
                format!(
                    "您不能授予或收回“{}”角色：平台管理员角色只能由平台管理员授予或收回。",
                    role.label()
                ),
            )),
            None => apply(&state, &target, &change).await?,
        },
    };
    let notice = match outcome {
        Ok(notice) => notice,
        Err((status, message)) => {
            let body = render(&state, &who, &csrf.0.0, agency, Some(message), None).await?;
            return Ok((status, Html(body)).into_response());
        }
    };
    let detail = match &change {
        StaffChange::Roles(roles) => format!(
            "{}：{}",
            target.username,
            roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")
        ),
        _ => target.username.to_string(),
    };
    audit(&state, &who, agency.id, change.audit_action(), &detail).await?;
    let body = render(&state, &who, &csrf.0.0, agency, None, Some(notice)).await?;
    Ok(Html(body).into_response())
}

/// A role that the change would add or remove and that `who` may not grant
/// (`Permission::GrantRole`: only a platform administrator grants its role).
fn ungrantable(change: &StaffChange, target: &Staff, who: &CurrentStaff) -> Option<Role> {
    let StaffChange::Roles(roles) = change else {
        return None;
    };
    Role::ALL
        .into_iter()
        .filter(|r| roles.contains(r) != target.roles.contains(r))
        .find(|r| policy::may_here(&who.staff.roles, Permission::GrantRole(*r)).is_err())
}

/// Make the change; the notice to show, or a refusal (status and message).
async fn apply(
    state: &AppState,
    target: &Staff,
    change: &StaffChange,
) -> AppResult<Result<String, (StatusCode, String)>> {
    let name = target.username.as_str();
    let store = &state.store;
    let notice = match change {
        StaffChange::ResetPassword => {
            let password = temporary_password();
            let hash = match state.hashing.hash(password.clone()).await {
                Ok(hash) => hash.map_err(AppError::internal)?,
                Err(busy) => return Ok(Err((StatusCode::TOO_MANY_REQUESTS, busy.message()))),
            };
            store.change_password(target.id, &hash, true, None).await?;
            store.clear_login_attempts(name).await?;
            format!(
                "已重置“{name}”的密码，临时密码为 {password} （只显示这一次，请通过安全渠道告知本人）。\
                 本人用它登录后须先设置新密码；其原有的登录和 API 令牌已全部结束。"
            )
        }
        StaffChange::Deactivate => {
            store.set_staff_active(target.id, false).await?;
            format!("已停用“{name}”，其所有登录和 API 令牌已立即结束。")
        }
        StaffChange::Reactivate => {
            store.set_staff_active(target.id, true).await?;
            store.clear_login_attempts(name).await?;
            format!("已重新启用“{name}”，本人可以用原密码登录。")
        }
        StaffChange::Unlock => {
            store.clear_login_attempts(name).await?;
            format!("已解锁“{name}”的登录，失败次数已清零。")
        }
        StaffChange::Roles(roles) if roles.is_empty() => {
            return Ok(Err((
                StatusCode::UNPROCESSABLE_ENTITY,
                "请至少选择一个角色；如要停止某人使用系统，请停用其账户。".into(),
            )));
        }
        StaffChange::Roles(roles) => {
            store.set_staff_roles(target.id, roles).await?;
            let labels: Vec<_> = roles.iter().map(|r| r.label()).collect();
            format!("已将“{name}”的角色改为：{}。", labels.join("、"))
        }
    };
    Ok(Ok(notice))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_passwords_meet_the_policy_and_differ() {
        let a = temporary_password();
        assert_eq!(a.chars().count(), 12);
        assert!(NewPassword::parse(&a).is_ok());
        assert_ne!(a, temporary_password());
    }
}
