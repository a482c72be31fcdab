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
use gongkai_app::consultations::view::{self, Line};
use gongkai_app::consultations::{self as app, Access, DraftInput};
use gongkai_domain::participation::consultation::DraftKind;
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
}

/// `GET /workbench/consultations`
pub async fn list(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Query(p): Query<ListParams>,
) -> AppResult<Html<String>> {
    let r = reader(&who);
    let after = p.after.map(|Id(id)| id);
    let missing = p.missing_feedback.as_deref().is_some_and(|v| !v.is_empty());
    let (lines, next, staff) = if missing {
        let (lines, next) = view::missing_list(&state, &r, after).await?;
        (lines, next, None)
    } else {
        let l = view::staff_list(&state, &r, after).await?;
        (l.lines.clone(), l.next, Some(l))
    };
    let base = if missing {
        "/workbench/consultations?missing_feedback=1&after="
    } else {
        "/workbench/consultations?after="
    };
    let page = ListPage {
        chrome: Chrome::new(Some(&who), &csrf.0.0),
        agency: who.agency.profile.full_name.clone(),
        missing,
        may_manage: staff.as_ref().is_some_and(|s| s.access == Access::Manage),
        lines,
        next: next.map(|id| format!("{base}{id}")),
        counts: staff.as_ref().map(|s| s.counts).unwrap_or_default(),
        subtree_missing: staff.and_then(|s| s.subtree_missing),
    };
    Ok(Html(page.render()?))
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
}

fn form_page(
    who: &CurrentStaff,
    csrf: &str,
    form: NoticeForm,
    error: Option<String>,
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
    Ok(Html(form_page(&who, &csrf.0.0, form, None)?))
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
            let html = form_page(&who, &csrf.0.0, f, Some(message))?;
            Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
        }
    }
}
