//! `GET|POST /admin/agencies/{code}/staff`: staff accounts and their roles.

use gongkai_domain::policy::{self, Permission};
use std::collections::HashMap;

use crate::params::Path;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::Utc;
use gongkai_domain::staff::{
    LoginThrottle, NewPassword, Role, StaffError, Username, password_policy,
};
use gongkai_store::{Agency, NewStaff, Staff, StoreError};

use super::Csrf;
use super::admin_agency::audit;
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views::{Choice, Chrome, RoleCheck, StaffPage, StaffRowView};

pub(crate) async fn load(state: &AppState, who: &CurrentStaff, code: &str) -> AppResult<Agency> {
    let found = crate::tree::permitted(state, who, code, Permission::AdministerAgency).await?;
    Ok(found.agency)
}

pub(crate) async fn render(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    agency: Agency,
    error: Option<String>,
    notice: Option<String>,
) -> AppResult<String> {
    let now = Utc::now();
    let mut staff = Vec::new();
    for s in state.store.staff_of_agency(agency.id).await? {
        let locked = is_locked(state, &s, now.timestamp()).await?;
        staff.push(StaffRowView {
            state: match (s.active, locked, s.must_change_password) {
                (false, _, _) => "停用".into(),
                (true, true, _) => "登录已暂停（可解锁）".into(),
                (true, false, true) => "待本人修改密码".into(),
                _ => "正常".into(),
            },
            active: s.active,
            locked,
            path: format!(
                "/admin/agencies/{}/staff/{}",
                agency.profile.code, s.username
            ),
            roles: s
                .roles
                .iter()
                .map(|r| r.label())
                .collect::<Vec<_>>()
                .join("、"),
            role_checks: Role::ALL
                .iter()
                .map(|r| RoleCheck {
                    value: r.code(),
                    label: r.label(),
                    checked: s.has_role(*r),
                })
                .collect(),
            username: s.username.to_string(),
            display_name: s.display_name,
        });
    }
    Ok(StaffPage {
        chrome: Chrome::new(Some(who), csrf),
        agency,
        staff,
        roles: Role::ALL
            .iter()
            .filter(|r| policy::may_here(&who.staff.roles, Permission::GrantRole(**r)).is_ok())
            .map(|r| Choice {
                value: r.code(),
                label: r.label(),
            })
            .collect(),
        policy: password_policy(),
        error,
        notice,
    }
    .render()?)
}

/// Whether logins of `s` are stopped now, from some source or from all.
async fn is_locked(state: &AppState, s: &Staff, now: i64) -> AppResult<bool> {
    let counts = state.store.login_counts(s.username.as_str()).await?;
    Ok(counts.iter().any(|(source, c)| {
        let limit = if source == LoginThrottle::ALL_SOURCES {
            LoginThrottle::PER_ACCOUNT
        } else {
            LoginThrottle::PER_SOURCE
        };
        LoginThrottle::is_locked(*c, limit, now)
    }))
}

pub async fn list(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(code): Path<String>,
) -> AppResult<Html<String>> {
    let agency = load(&state, &who, &code).await?;
    Ok(Html(
        render(&state, &who, &csrf.0.0, agency, None, None).await?,
    ))
}

fn parse(
    form: &HashMap<String, String>,
) -> Result<(Username, String, NewPassword, Vec<Role>), StaffError> {
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let username = Username::parse(get("username"))?;
    let name = get("display_name").trim().to_string();
    if name.is_empty() {
        return Err(StaffError::MissingName);
    }
    let password = NewPassword::parse(get("password"))?;
    let roles: Vec<Role> = Role::ALL
        .into_iter()
        .filter(|r| form.contains_key(&format!("role_{}", r.code())))
        .collect();
    if roles.is_empty() {
        return Err(StaffError::NoRole);
    }
    Ok((username, name, password, roles))
}

pub async fn create(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(code): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let agency = load(&state, &who, &code).await?;
    let (username, display_name, password, roles) = match parse(&form) {
        Ok(v) => v,
        Err(e) => {
            let body = render(&state, &who, &csrf.0.0, agency, Some(e.to_string()), None).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(body)).into_response());
        }
    };
    for role in &roles {
        policy::may_here(&who.staff.roles, Permission::GrantRole(*role))
            .map_err(|refusal| AppError::forbidden(refusal.0))?;
    }
    let hash = match state.hashing.hash(password.expose().to_string()).await {
        Ok(hash) => hash.map_err(AppError::internal)?,
        Err(busy) => {
            let body = render(&state, &who, &csrf.0.0, agency, Some(busy.message()), None).await?;
            return Ok((StatusCode::TOO_MANY_REQUESTS, Html(body)).into_response());
        }
    };
    let created = state
        .store
        .create_staff(&NewStaff {
            agency_id: agency.id,
            username: username.clone(),
            display_name,
            password_hash: hash,
            roles,
        })
        .await;
    match created {
        Ok(_) => {
            audit(&state, &who, agency.id, "staff.create", username.as_str()).await?;
            let body = render(
                &state,
                &who,
                &csrf.0.0,
                agency,
                None,
                Some(format!("已创建工作人员账户“{username}”。")),
            )
            .await?;
            Ok(Html(body).into_response())
        }
        Err(StoreError::Conflict(_)) => {
            let msg = format!("用户名“{username}”已被使用，请换一个。");
            let body = render(&state, &who, &csrf.0.0, agency, Some(msg), None).await?;
            Ok((StatusCode::CONFLICT, Html(body)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
