//! `GET|POST /admin/agencies/{code}/staff`: staff accounts and their roles.

use std::collections::HashMap;

use crate::params::Path;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::Utc;
use gongkai_domain::staff::{NewPassword, Role, StaffError, Username};
use gongkai_store::{Agency, NewStaff, StoreError};

use super::Csrf;
use super::admin_agency::audit;
use crate::auth::CurrentStaff;
use crate::auth::password::hash_password;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::tree;
use crate::views::{Choice, Chrome, StaffPage, StaffRowView};

async fn load(state: &AppState, who: &CurrentStaff, code: &str) -> AppResult<Agency> {
    let all = state.store.agencies().await?;
    let agency = all
        .iter()
        .find(|a| a.profile.code.as_str() == code)
        .cloned()
        .ok_or_else(|| AppError::not_found(format!("代码为“{code}”的机构")))?;
    if !tree::can_administer(&all, who, agency.id) {
        return Err(AppError::forbidden(
            "只有本机关或上级机构的管理员可以管理工作人员。",
        ));
    }
    Ok(agency)
}

async fn render(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    agency: Agency,
    error: Option<String>,
    notice: Option<String>,
) -> AppResult<String> {
    let now = Utc::now();
    let staff = state
        .store
        .staff_of_agency(agency.id)
        .await?
        .into_iter()
        .map(|s| StaffRowView {
            state: match (s.active, s.locked_until) {
                (false, _) => "停用".into(),
                (true, Some(t)) if t > now => format!("锁定至 {}", t.format("%H:%M")),
                _ => "正常".into(),
            },
            roles: s
                .roles
                .iter()
                .map(|r| r.label())
                .collect::<Vec<_>>()
                .join("、"),
            username: s.username.to_string(),
            display_name: s.display_name,
        })
        .collect();
    Ok(StaffPage {
        chrome: Chrome::new(Some(who), csrf),
        agency,
        staff,
        roles: Role::ALL
            .iter()
            .map(|r| Choice {
                value: r.code(),
                label: r.label(),
            })
            .collect(),
        error,
        notice,
    }
    .render()?)
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
    let hash = hash_password(password.expose()).map_err(AppError::internal)?;
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
