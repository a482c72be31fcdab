//! The applicant's view (`/track`): with the application number and the
//! private query code, the state, the deadline and how it was computed, the
//! notices, what is expected of the applicant, and the reply to download.

use crate::params::Path;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_domain::case::ApplicantTodo;
use serde::Deserialize;

use super::Csrf;
use super::case_documents::download;
use crate::auth::session::{cookie_name, cookie_value, set_cookie};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views::{
    ApplicantCaseView, Chrome, CorrectionAsk, DocLink, ReleasedLink, TrackCasePage, TrackLoginPage,
};
use gongkai_app::casework::{self, CaseBundle, RecordError};
use gongkai_app::casework::{code_hash, for_applicant};

const TRACK_COOKIE: &str = "gk_track";

#[derive(Deserialize)]
pub struct TrackForm {
    #[serde(default)]
    number: String,
    #[serde(default)]
    code: String,
}

pub async fn login_page(csrf: Csrf) -> AppResult<Html<String>> {
    Ok(Html(
        TrackLoginPage {
            chrome: Chrome::new(None, &csrf.0.0),
            number: String::new(),
            error: None,
        }
        .render()?,
    ))
}

/// The case whose number and code match, if any.
async fn verify(
    state: &AppState,
    number: &str,
    code: &str,
) -> AppResult<Option<gongkai_store::Case>> {
    let number = number.trim().to_uppercase();
    let Some(case) = state.store.case_by_number(&number).await? else {
        return Ok(None);
    };
    Ok((case.query_code_hash == code_hash(code)).then_some(case))
}

pub async fn login(
    State(state): State<AppState>,
    csrf: Csrf,
    Form(f): Form<TrackForm>,
) -> AppResult<Response> {
    match verify(&state, &f.number, &f.code).await? {
        Some(case) => {
            let value = format!("{}:{}", case.number, f.code.trim().to_uppercase());
            let cookie = set_cookie(
                &cookie_name(TRACK_COOKIE, state.settings.secure_cookies),
                &value,
                Some(4 * 3600),
                "Strict",
                state.settings.secure_cookies,
            );
            Ok((
                StatusCode::SEE_OTHER,
                [
                    (header::SET_COOKIE, cookie),
                    (header::LOCATION, "/track/case".to_string()),
                ],
            )
                .into_response())
        }
        None => {
            let page = TrackLoginPage {
                chrome: Chrome::new(None, &csrf.0.0),
                number: f.number.trim().to_string(),
                error: Some(
                    "申请编号或查询码不正确，请核对后重新输入（查询码不区分大小写）。".into(),
                ),
            };
            Ok((StatusCode::UNAUTHORIZED, Html(page.render()?)).into_response())
        }
    }
}

pub async fn logout(State(state): State<AppState>) -> Response {
    let clear = set_cookie(
        &cookie_name(TRACK_COOKIE, state.settings.secure_cookies),
        "",
        Some(0),
        "Strict",
        state.settings.secure_cookies,
    );
    (
        StatusCode::SEE_OTHER,
        [
            (header::SET_COOKIE, clear),
            (header::LOCATION, "/track".to_string()),
        ],
    )
        .into_response()
}

/// The case of the tracking cookie, or a redirect to the form.
pub(super) async fn tracked(state: &AppState, headers: &HeaderMap) -> Result<CaseBundle, Response> {
    let to_form = || Redirect::to("/track").into_response();
    let name = cookie_name(TRACK_COOKIE, state.settings.secure_cookies);
    let Some(value) = cookie_value(headers, &name) else {
        return Err(to_form());
    };
    let Some((number, code)) = value.split_once(':') else {
        return Err(to_form());
    };
    match verify(state, number, code).await {
        Ok(Some(case)) => casework::load_case(state, case)
            .await
            .map_err(|e| AppError::from(e).into_response()),
        Ok(None) => Err(to_form()),
        Err(e) => Err(e.into_response()),
    }
}

async fn applicant_view(state: &AppState, b: &CaseBundle) -> AppResult<ApplicantCaseView> {
    let v = &b.view;
    let docs = state.store.case_documents(b.case.id).await?;
    let explanation = v
        .deadlines
        .as_ref()
        .and_then(|d| d.reply_due.as_ref())
        .map(|d| d.render_zh().lines().map(str::to_string).collect())
        .unwrap_or_default();
    let correction = v.applicant_todo.iter().find_map(|t| match t {
        ApplicantTodo::AnswerCorrection { items, deadline } => Some(CorrectionAsk {
            items: items.clone(),
            deadline: deadline.to_string(),
        }),
        _ => None,
    });
    Ok(ApplicantCaseView {
        number: b.case.number.clone(),
        agency_name: b.agency.profile.full_name.clone(),
        state: v.state.applicant_label_zh().to_string(),
        asked: app_asked(b),
        released: gongkai_app::casework::release::released_to_applicant(b)
            .into_iter()
            .map(|p| ReleasedLink {
                href: match (p.attachment, &p.link) {
                    (Some(id), _) => format!("/track/files/{id}"),
                    (None, Some(link)) => link.clone(),
                    (None, None) => String::new(),
                },
                name: p.name,
            })
            .collect(),
        may_withdraw: v.outcome.is_none() && v.is_open && v.receipt_date.is_some()
            || v.state == gongkai_domain::case::CaseState::AwaitingConfirmation,
        receipt_date: v
            .receipt_date
            .map_or("待本机关确认".into(), |d| d.to_string()),
        reply_due: v.reply_due.map_or("—".into(), |d| {
            let provisional = v
                .deadlines
                .as_ref()
                .and_then(|x| x.reply_due.as_ref())
                .is_some_and(|x| x.provisional);
            if provisional {
                format!("{d}（暂定）")
            } else {
                d.to_string()
            }
        }),
        due_explanation: explanation,
        outcome: v.outcome.map(|o| o.label().to_string()),
        todos: v
            .applicant_todo
            .iter()
            .map(ApplicantTodo::describe_zh)
            .collect(),
        correction,
        documents: docs
            .into_iter()
            .filter(|d| for_applicant(d.document.kind))
            .map(|d| DocLink {
                id: d.id,
                title: d.document.title,
                date: d.document.date.to_string(),
            })
            .collect(),
        timeline: b
            .events
            .iter()
            .filter(|e| !e.action.is_internal())
            .map(|e| format!("{} {}", e.action.date(), e.action.label_zh()))
            .collect(),
    })
}

/// What the applicant asked, as the office received it: the information,
/// the form and the way of delivery chosen, the channel.
fn app_asked(b: &CaseBundle) -> Vec<(String, String)> {
    let r = &b.case.application.request;
    let mut rows = vec![
        ("所需信息".to_string(), r.description.clone()),
        ("提供形式".to_string(), r.form.label().to_string()),
        ("获取方式".to_string(), r.method.label().to_string()),
        ("申请渠道".to_string(), b.case.channel.label().to_string()),
    ];
    if let Some(n) = &r.document_number {
        rows.insert(1, ("文号".to_string(), n.clone()));
    }
    rows
}

pub(super) async fn render(
    state: &AppState,
    b: &CaseBundle,
    csrf: &str,
    notice: Option<String>,
    error: Option<String>,
) -> AppResult<String> {
    Ok(TrackCasePage {
        chrome: Chrome::new(None, csrf),
        v: applicant_view(state, b).await?,
        notice,
        error,
    }
    .render()?)
}

pub async fn show(State(state): State<AppState>, csrf: Csrf, headers: HeaderMap) -> Response {
    let b = match tracked(&state, &headers).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    match render(&state, &b, &csrf.0.0, None, None).await {
        Ok(html) => Html(html).into_response(),
        Err(e) => e.into_response(),
    }
}

/// The tracking page again after the applicant's action: `done` when it
/// was recorded, else why not (422, or 409 when the case moved meanwhile).
pub(super) async fn after_action(
    state: &AppState,
    b: CaseBundle,
    csrf: &str,
    result: Result<Vec<i64>, RecordError>,
    done: &str,
) -> Response {
    let (status, notice, error) = match result {
        Ok(_) => (StatusCode::OK, Some(done.to_string()), None),
        Err(RecordError::Refused(m)) => (StatusCode::UNPROCESSABLE_ENTITY, None, Some(m)),
        Err(RecordError::Stale) => (
            StatusCode::CONFLICT,
            None,
            Some("案件状态刚刚发生变化，请刷新后重试。".to_string()),
        ),
        Err(RecordError::Other(e)) => return AppError::from(e).into_response(),
    };
    let b = match casework::load_case(state, b.case).await {
        Ok(b) => b,
        Err(e) => return AppError::from(e).into_response(),
    };
    match render(state, &b, csrf, notice, error).await {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => e.into_response(),
    }
}

pub async fn document(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Response {
    let b = match tracked(&state, &headers).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    match download(&state, b.case.id, &file, true).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}
