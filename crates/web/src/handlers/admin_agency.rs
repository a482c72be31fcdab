//! `GET|POST /admin/agencies/new?parent=CODE` and `/admin/agencies/{code}/edit`:
//! administrators create and edit agencies in their subtree.

use crate::params::{Path, Query};
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use gongkai_domain::agency::{
    AgencyDraft, AgencyKind, AgencyLevel, DisclosureOffice, check_level_order,
};
use gongkai_domain::policy::Permission;
use gongkai_domain::vocabulary::Channel;
use gongkai_store::{Agency, NewAuditEntry};
use serde::Deserialize;

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views::{AgencyForm, AgencyFormPage, Choice, Chrome};

#[derive(Deserialize)]
pub struct ParentQuery {
    #[serde(default)]
    parent: String,
}

fn levels() -> Vec<Choice> {
    AgencyLevel::ALL
        .iter()
        .map(|l| Choice {
            value: l.code(),
            label: l.label(),
        })
        .collect()
}

fn kinds() -> Vec<Choice> {
    AgencyKind::ALL
        .iter()
        .map(|k| Choice {
            value: k.code(),
            label: k.label(),
        })
        .collect()
}

fn form_of(a: &Agency, parent: &str) -> AgencyForm {
    let p = &a.profile;
    let on = |c: Channel| p.channels.contains(&c).then(|| "1".to_string());
    AgencyForm {
        parent: parent.to_string(),
        full_name: p.full_name.clone(),
        short_name: p.short_name.clone(),
        code: p.code.as_str().to_string(),
        level: p.level.code().into(),
        kind: p.kind.code().into(),
        office_name: p.office.name.clone(),
        office_address: p.office.address.clone(),
        office_postcode: p.office.postcode.clone(),
        office_hours: p.office.hours.clone(),
        office_phone: p.office.phone.clone(),
        office_fax: p.office.fax.clone(),
        office_email: p.office.email.clone(),
        ch_online: on(Channel::Online),
        ch_fax: on(Channel::Fax),
        ch_email: on(Channel::Email),
    }
}

fn draft_of(f: &AgencyForm) -> AgencyDraft {
    let mut channels = Vec::new();
    if f.ch_online.is_some() {
        channels.push(Channel::Online);
    }
    if f.ch_fax.is_some() {
        channels.push(Channel::Fax);
    }
    if f.ch_email.is_some() {
        channels.push(Channel::Email);
    }
    AgencyDraft {
        full_name: f.full_name.clone(),
        short_name: f.short_name.clone(),
        code: f.code.clone(),
        level: f.level.clone(),
        kind: f.kind.clone(),
        office: DisclosureOffice {
            name: f.office_name.clone(),
            address: f.office_address.clone(),
            postcode: f.office_postcode.clone(),
            hours: f.office_hours.clone(),
            phone: f.office_phone.clone(),
            fax: f.office_fax.clone(),
            email: f.office_email.clone(),
        },
        channels,
    }
}

fn find<'a>(all: &'a [Agency], code: &str) -> AppResult<&'a Agency> {
    all.iter()
        .find(|a| a.profile.code.as_str() == code)
        .ok_or_else(|| AppError::not_found(format!("代码为“{code}”的机构")))
}

fn require_admin(all: &[Agency], who: &CurrentStaff, agency: &Agency) -> AppResult<()> {
    if crate::tree::may_at(all, who, Permission::AdministerAgency, agency.id).is_ok() {
        Ok(())
    } else {
        Err(AppError::forbidden(format!(
            "只有{}或其上级机构的管理员可以管理该机构。",
            agency.profile.full_name
        )))
    }
}

/// The form; editing an agency, with its 上线 checklist and its
/// 检查结果邮件 section.
async fn page(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    editing: Option<Agency>,
    parent_name: String,
    form: AgencyForm,
    error: Option<String>,
) -> AppResult<String> {
    let findings_mail = match &editing {
        Some(a) => Some(super::admin_findings_mail::view_of(state, a).await?),
        None => None,
    };
    Ok(AgencyFormPage {
        chrome: Chrome::new(Some(who), csrf),
        launch: editing.as_ref().map(super::admin_launch::view_of),
        findings_mail,
        editing,
        parent_name,
        form,
        levels: levels(),
        kinds: kinds(),
        error,
    }
    .render()?)
}

pub async fn new_form(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Query(q): Query<ParentQuery>,
) -> AppResult<Html<String>> {
    let all = state.store.agencies().await?;
    let parent = find(&all, &q.parent)?;
    require_admin(&all, &who, parent)?;
    let form = AgencyForm {
        parent: q.parent.clone(),
        level: parent.profile.level.code().into(),
        kind: AgencyKind::Department.code().into(),
        ..Default::default()
    };
    Ok(Html(
        page(
            &state,
            &who,
            &csrf.0.0,
            None,
            parent.profile.full_name.clone(),
            form,
            None,
        )
        .await?,
    ))
}

pub async fn create(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Form(form): Form<AgencyForm>,
) -> AppResult<Response> {
    let all = state.store.agencies().await?;
    let parent = find(&all, &form.parent)?.clone();
    require_admin(&all, &who, &parent)?;
    let result = draft_of(&form)
        .validate()
        .and_then(|p| check_level_order(parent.profile.level, p.level).map(|_| p));
    let profile = match result {
        Ok(p) => p,
        Err(e) => {
            let body = page(
                &state,
                &who,
                &csrf.0.0,
                None,
                parent.profile.full_name.clone(),
                form,
                Some(e.to_string()),
            )
            .await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(body)).into_response());
        }
    };
    // A draft: its public column opens (上线) once its 指南 data is complete.
    let id = match state
        .store
        .create_draft_agency(Some(parent.id), &profile)
        .await
    {
        Ok(id) => id,
        Err(gongkai_store::StoreError::Conflict(_)) => {
            let msg = format!("代码“{}”已被其他机构使用，请核对。", profile.code);
            let body = page(
                &state,
                &who,
                &csrf.0.0,
                None,
                parent.profile.full_name.clone(),
                form,
                Some(msg),
            )
            .await?;
            return Ok((StatusCode::CONFLICT, Html(body)).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    audit(&state, &who, id, "agency.create", &profile.full_name).await?;
    Ok(Redirect::to(&format!("/admin/agencies/{}/edit", profile.code)).into_response())
}

pub async fn edit_form(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(code): Path<String>,
) -> AppResult<Html<String>> {
    let all = state.store.agencies().await?;
    let agency = find(&all, &code)?.clone();
    require_admin(&all, &who, &agency)?;
    Ok(Html(
        edit_page(&state, &who, &csrf.0.0, agency, None).await?,
    ))
}

/// The edit page of `agency` as stored, with `error` above the form.
pub(crate) async fn edit_page(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    agency: Agency,
    error: Option<String>,
) -> AppResult<String> {
    let form = form_of(&agency, "");
    page(state, who, csrf, Some(agency), String::new(), form, error).await
}

pub async fn update(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(code): Path<String>,
    Form(form): Form<AgencyForm>,
) -> AppResult<Response> {
    let all = state.store.agencies().await?;
    let agency = find(&all, &code)?.clone();
    require_admin(&all, &who, &agency)?;
    let parent_level = agency
        .parent_id
        .and_then(|pid| all.iter().find(|a| a.id == pid))
        .map(|p| p.profile.level);
    let result = draft_of(&form).validate().and_then(|p| match parent_level {
        Some(level) => check_level_order(level, p.level).map(|_| p),
        None => Ok(p),
    });
    let profile = match result {
        Ok(p) => p,
        Err(e) => {
            let body = page(
                &state,
                &who,
                &csrf.0.0,
                Some(agency),
                String::new(),
                form,
                Some(e.to_string()),
            )
            .await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(body)).into_response());
        }
    };
    state.store.update_agency(agency.id, &profile).await?;
    audit(&state, &who, agency.id, "agency.update", &profile.full_name).await?;
    // A draft has no public column yet: back to its checklist.
    let to = if agency.is_online() {
        format!("/agencies/{}", profile.code)
    } else {
        format!("/admin/agencies/{}/edit", profile.code)
    };
    Ok(Redirect::to(&to).into_response())
}

pub(crate) async fn audit(
    state: &AppState,
    who: &CurrentStaff,
    agency: i64,
    action: &str,
    detail: &str,
) -> AppResult<()> {
    state
        .store
        .append_audit(&NewAuditEntry {
            at: Utc::now(),
            staff_id: Some(who.staff.id),
            agency_id: Some(agency),
            action: action.into(),
            detail: detail.into(),
        })
        .await?;
    Ok(())
}
