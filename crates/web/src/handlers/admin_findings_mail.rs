//! `POST /admin/agencies/{code}/findings-mail`: how the column health
//! checks' findings are mailed to the agency (检查结果邮件: after each run,
//! a weekly digest, or none), chosen on the agency's edit page
//! (`gongkai_app::health::mail_setting`).

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_app::health::mail_setting;
use gongkai_domain::policy::Permission;
use gongkai_store::{Agency, FindingsMailMode};
use serde::Deserialize;

use super::Csrf;
use super::admin_agency::edit_page;
use crate::auth::CurrentStaff;
use crate::error::AppResult;
use crate::params::Path;
use crate::state::AppState;

/// One choice of the form.
pub struct MailChoice {
    pub code: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub checked: bool,
}

/// The edit page's section: the choices and where the mail goes.
pub struct MailView {
    pub choices: Vec<MailChoice>,
    /// The office's address, or what to do without one.
    pub address: String,
}

fn hint(mode: FindingsMailMode) -> &'static str {
    match mode {
        FindingsMailMode::Immediate => "检查发现新问题后当即发送。",
        FindingsMailMode::Weekly => {
            "每周一汇总发送上次汇总以来新发现的问题；单项否决将导致网站检查不合格，仍在发现时立即发送。"
        }
        FindingsMailMode::Off => "问题只在工作台和栏目健康检查页提示。",
    }
}

pub async fn view_of(state: &AppState, agency: &Agency) -> AppResult<MailView> {
    let current = mail_setting::mode(&state.app, agency).await?;
    let email = agency.profile.office.email.trim();
    Ok(MailView {
        choices: FindingsMailMode::ALL
            .into_iter()
            .map(|m| MailChoice {
                code: m.code(),
                label: m.label(),
                hint: hint(m),
                checked: m == current,
            })
            .collect(),
        address: if email.is_empty() {
            "未填写：请先在下方“电子邮箱”中填写政府信息公开工作机构的邮箱，否则无法发送".into()
        } else {
            email.to_string()
        },
    })
}

#[derive(Deserialize)]
pub struct MailForm {
    #[serde(default)]
    mode: String,
}

pub async fn save(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(code): Path<String>,
    Form(form): Form<MailForm>,
) -> AppResult<Response> {
    let agency = crate::tree::permitted(&state, &who, &code, Permission::AdministerAgency)
        .await?
        .agency;
    let saved = match mail_setting::parse_mode(&form.mode) {
        Ok(mode) => mail_setting::set_mode(&state.app, &who.staff, &agency, mode).await,
        Err(e) => Err(e),
    };
    match saved {
        Ok(()) => {
            let to = format!("/admin/agencies/{code}/edit#findings-mail");
            Ok(Redirect::to(&to).into_response())
        }
        Err(gongkai_app::Error::Invalid(m)) => {
            let body = edit_page(&state, &who, &csrf.0.0, agency, Some(m)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(body)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
