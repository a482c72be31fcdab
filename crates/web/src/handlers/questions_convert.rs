//! `GET|POST /workbench/questions/{id}/convert`: a clerk converts a question
//! that is in substance an application for disclosure
//! (`gongkai_app::questions::convert`): the Art. 29 form filled in from the
//! question, completed by the clerk, registered as an online application
//! received on the day the question was asked (Art. 31); then back to the
//! question (303), which links the case.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_app::questions::convert::{ConvertError, convertible, form_from};
use gongkai_app::questions::{self as app, number_of};
use gongkai_domain::application::{ApplicationForm, FieldErrors};
use gongkai_domain::participation::questions::conversion_receipt;
use gongkai_store::StoredQuestion;

use super::Csrf;
use super::apply::{choices, form_from as fields_form};
use super::scorecards::reader;
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::params::{Id, Path};
use crate::state::AppState;
use crate::views::{Chrome, Opt};

#[derive(Template)]
#[template(path = "question_convert.html")]
pub struct ConvertPage {
    pub chrome: Chrome,
    pub id: i64,
    pub number: String,
    pub subject: String,
    pub body: String,
    pub asked_on: String,
    /// 收到申请之日 (Art. 31).
    pub received: String,
    pub form: ApplicationForm,
    pub errors: FieldErrors,
    pub error: Option<String>,
    pub show_upload: bool,
    pub applicant_kinds: Vec<Opt>,
    pub id_documents: Vec<Opt>,
    pub delivery_forms: Vec<Opt>,
    pub delivery_methods: Vec<Opt>,
}

fn page(
    who: &CurrentStaff,
    csrf: &str,
    q: &StoredQuestion,
    form: ApplicationForm,
    (errors, error): (FieldErrors, Option<String>),
) -> AppResult<String> {
    let (applicant_kinds, id_documents, delivery_forms, delivery_methods) = choices();
    let received =
        conversion_receipt(q.asked_on).map_or_else(|e| e.to_string(), |(_, d)| d.to_string());
    Ok(ConvertPage {
        chrome: Chrome::new(Some(who), csrf),
        id: q.id,
        number: number_of(q),
        subject: q.subject.clone(),
        body: q.body.clone(),
        asked_on: q.asked_on.to_string(),
        received,
        form,
        errors,
        error,
        show_upload: false,
        applicant_kinds,
        id_documents,
        delivery_forms,
        delivery_methods,
    }
    .render()?)
}

/// `GET /workbench/questions/{id}/convert`
pub async fn form(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
) -> AppResult<Html<String>> {
    let q = convertible(&state, &reader(&who), id).await?;
    let form = form_from(&q);
    let html = page(&who, &csrf.0.0, &q, form, (FieldErrors::default(), None))?;
    Ok(Html(html))
}

/// `POST /workbench/questions/{id}/convert`
pub async fn convert(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(fields): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let r = reader(&who);
    let form = fields_form(&fields);
    let refused = match app::convert(&state, &r, &who.staff, id, &form).await {
        Ok(_) => {
            return Ok(Redirect::to(&format!("/workbench/questions/{id}")).into_response());
        }
        Err(ConvertError::Form(errors)) => (errors, None),
        Err(ConvertError::Other(gongkai_app::Error::Invalid(m))) => {
            (FieldErrors::default(), Some(m))
        }
        Err(ConvertError::Other(e)) => return Err(AppError::from(e)),
    };
    let q = convertible(&state, &r, id).await?;
    let html = page(&who, &csrf.0.0, &q, form, refused)?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}
