//! 意见征集 on the workbench (`gongkai_app::consultations`; thin: forms
//! in, pages out):
//!
//! - `GET /workbench/consultations`: the agency's consultations, newest
//!   first, with its counts (taking comments, awaiting moderation, closed
//!   without feedback — flagged); `?missing_feedback=1`: a supervisor's
//!   list of closed consultations without published feedback anywhere in
//!   its subtree; `?after=` the next page;
//! - `GET /workbench/consultations/new`, `POST …/new`: draft a notice; the
//!   period is refused below the statutory minimum of its kind (with the
//!   source) unless a reason is given.
//!
//! One consultation's page and its forms are `consultations_show`.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_app::consultations::draft::input_of;
use gongkai_app::consultations::view::{self, Line};
use gongkai_app::consultations::{self as app, Access, DraftInput, settings};
use gongkai_domain::participation::consultation::{CONCENTRATED_DEFAULT, DraftKind};
use gongkai_store::ConsultationCounts;
use serde::Deserialize;

use super::Csrf;
use super::scorecards::{reader, typed};
use crate::auth::CurrentStaff;
use crate::error::AppResult;
use crate::params::{Id, Query};
use crate::state::AppState;
use crate::views::{Chrome, Opt};

/// `?missing_feedback=1&after=ID`
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListParams {
    missing_feedback: Option<String>,
    after: Option<Id>,
}

#[derive(Template)]
#[template(path = "consultations.html")]
pub struct ListPage {
    pub chrome: Chrome,
    pub agency: String,
    /// The supervisor's list of the subtree (closed without feedback).
    pub missing: bool,
    pub may_manage: bool,
    pub lines: Vec<Line>,
    pub next: Option<String>,
    pub counts: ConsultationCounts,
    pub subtree_missing: Option<u64>,
    /// The threshold of 较为集中的意见 in force, and the agency's own.
    pub concentrated: u32,
    pub own_threshold: String,
    pub error: Option<String>,
}

/// `GET /workbench/consultations`
pub async fn list(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Query(p): Query<ListParams>,
) -> AppResult<Html<String>> {
    Ok(Html(list_page(&state, &who, &csrf.0.0, &p, None).await?))
}

/// The list page, with the refusal of the settings form if any.
async fn list_page(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    p: &ListParams,
    error: Option<String>,
) -> AppResult<String> {
    let r = reader(who);
    let after = p.after.map(|Id(id)| id);
    let missing = p.missing_feedback.as_deref().is_some_and(|v| !v.is_empty());
    let (lines, next, staff) = if missing {
        let (lines, next) = view::missing_list(state, &r, after).await?;
        (lines, next, None)
    } else {
        let l = view::staff_list(state, &r, after).await?;
        (l.lines.clone(), l.next, Some(l))
    };
    let base = if missing {
        "/workbench/consultations?missing_feedback=1&after="
    } else {
        "/workbench/consultations?after="
    };
    let own = settings::own(state, who.agency.id).await?;
    let page = ListPage {
        chrome: Chrome::new(Some(who), csrf),
        agency: who.agency.profile.full_name.clone(),
        missing,
        may_manage: staff.as_ref().is_some_and(|s| s.access == Access::Manage),
        lines,
        next: next.map(|id| format!("{base}{id}")),
        counts: staff.as_ref().map(|s| s.counts).unwrap_or_default(),
        subtree_missing: staff.and_then(|s| s.subtree_missing),
        concentrated: own.unwrap_or(CONCENTRATED_DEFAULT),
        own_threshold: own.map_or(String::new(), |n| n.to_string()),
        error,
    };
    Ok(page.render()?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SettingsForm {
    concentrated: String,
}

/// `POST /workbench/consultations/settings`: the agency's threshold of
/// 较为集中的意见 (empty: the platform default).
pub async fn settings(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Form(f): Form<SettingsForm>,
) -> AppResult<Response> {
    let done =
        settings::set_concentrated(&state, &reader(&who), Some(who.staff.id), &f.concentrated)
            .await;
    match done.map_err(typed) {
        Ok(()) => Ok(Redirect::to("/workbench/consultations").into_response()),
        Err(Err(e)) => Err(e),
        Err(Ok(message)) => {
            let p = ListParams::default();
            let html = list_page(&state, &who, &csrf.0.0, &p, Some(message)).await?;
            Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
        }
    }
}

/// The notice form as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct NoticeForm {
    pub kind: String,
    pub title: String,
    pub draft_text: String,
    pub explanation: String,
    pub draft_item: String,
    pub interpretation_item: String,
    pub opens_on: String,
    pub closes_on: String,
    pub shortened_reason: String,
    pub comment_address: String,
    pub comment_email: String,
    pub name_required: Option<String>,
}

impl NoticeForm {
    fn input(&self) -> DraftInput {
        DraftInput {
            kind: self.kind.clone(),
            title: self.title.clone(),
            draft_text: self.draft_text.clone(),
            explanation: self.explanation.clone(),
            draft_item: self.draft_item.clone(),
            interpretation_item: self.interpretation_item.clone(),
            opens_on: self.opens_on.clone(),
            closes_on: self.closes_on.clone(),
            shortened_reason: self.shortened_reason.clone(),
            comment_address: self.comment_address.clone(),
            comment_email: self.comment_email.clone(),
            name_required: self.name_required.is_some(),
        }
    }
}

/// A kind with its statutory minimum, as the form explains it.
pub struct KindRule {
    pub label: &'static str,
    pub rule: String,
}

#[derive(Template)]
#[template(path = "consultation_form.html")]
pub struct FormPage {
    pub chrome: Chrome,
    pub agency: String,
    pub kinds: Vec<Opt>,
    pub rules: Vec<KindRule>,
    pub form: NoticeForm,
    pub error: Option<String>,
    /// Where the form posts: `/workbench/consultations/new`, or a draft's
    /// `/edit`.
    pub action: String,
    pub editing: bool,
}

fn form_page(
    who: &CurrentStaff,
    csrf: &str,
    form: NoticeForm,
    (error, editing): (Option<String>, Option<i64>),
) -> AppResult<String> {
    let kinds = DraftKind::ALL
        .iter()
        .map(|k| Opt {
            value: k.code().into(),
            label: k.label().into(),
        })
        .collect();
    let rules = DraftKind::ALL
        .iter()
        .map(|k| KindRule {
            label: k.label(),
            rule: k.minimum().map_or("法律未规定最短期限".into(), |m| {
                format!("一般不少于{}（{}）", m.period.label(), m.source)
            }),
        })
        .collect();
    Ok(FormPage {
        chrome: Chrome::new(Some(who), csrf),
        agency: who.agency.profile.full_name.clone(),
        kinds,
        rules,
        form,
        error,
        action: editing.map_or("/workbench/consultations/new".into(), |id| {
            format!("/workbench/consultations/{id}/edit")
        }),
        editing: editing.is_some(),
    }
    .render()?)
}

/// `GET /workbench/consultations/new`
pub async fn new_form(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
) -> AppResult<Html<String>> {
    let r = reader(&who);
    gongkai_domain::policy::may_here(
        r.roles,
        gongkai_domain::policy::Permission::ManageConsultations,
    )
    .map_err(|e| crate::error::AppError::forbidden(e.0))?;
    let form = NoticeForm {
        kind: DraftKind::NormativeDocument.code().into(),
        opens_on: state.clock.today().to_string(),
        ..NoticeForm::default()
    };
    Ok(Html(form_page(&who, &csrf.0.0, form, (None, None))?))
}

/// `POST /workbench/consultations/new`
pub async fn create(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Form(f): Form<NoticeForm>,
) -> AppResult<Response> {
    let r = reader(&who);
    let created = app::create(&state, &r, Some(who.staff.id), &f.input()).await;
    match created.map_err(typed) {
        Ok(id) => Ok(Redirect::to(&format!("/workbench/consultations/{id}")).into_response()),
        Err(Err(e)) => Err(e),
        Err(Ok(message)) => {
            let html = form_page(&who, &csrf.0.0, f, (Some(message), None))?;
            Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
        }
    }
}

impl NoticeForm {
    fn of(i: DraftInput) -> NoticeForm {
        NoticeForm {
            kind: i.kind,
            title: i.title,
            draft_text: i.draft_text,
            explanation: i.explanation,
            draft_item: i.draft_item,
            interpretation_item: i.interpretation_item,
            opens_on: i.opens_on,
            closes_on: i.closes_on,
            shortened_reason: i.shortened_reason,
            comment_address: i.comment_address,
            comment_email: i.comment_email,
            name_required: i.name_required.then(|| "on".into()),
        }
    }
}

/// `GET /workbench/consultations/{id}/edit`: a draft's notice in its form.
pub async fn edit_form(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    crate::params::Path(Id(id)): crate::params::Path<Id>,
) -> AppResult<Html<String>> {
    let c = app::managed(&state, &reader(&who), id).await?;
    let form = NoticeForm::of(input_of(&c));
    Ok(Html(form_page(&who, &csrf.0.0, form, (None, Some(id)))?))
}

/// `POST /workbench/consultations/{id}/edit`: the same checks as a new
/// notice; refused once published.
pub async fn edit(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    crate::params::Path(Id(id)): crate::params::Path<Id>,
    Form(f): Form<NoticeForm>,
) -> AppResult<Response> {
    let done = app::edit(&state, &reader(&who), Some(who.staff.id), id, &f.input()).await;
    match done.map_err(typed) {
        Ok(()) => Ok(Redirect::to(&format!("/workbench/consultations/{id}")).into_response()),
        Err(Err(e)) => Err(e),
        Err(Ok(message)) => {
            let html = form_page(&who, &csrf.0.0, f, (Some(message), Some(id)))?;
            Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
        }
    }
}
