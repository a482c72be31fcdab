//! `GET /agencies/{code}/apply`, `POST /agencies/{code}/apply`: the public
//! online application form (Art. 29). The receipt date is set when the agency
//! confirms (Art. 31), so the case starts as 待确认.

use std::collections::HashMap;

use crate::params::Path;
use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use gongkai_domain::application::{
    ApplicationForm, DeliveryForm, DeliveryMethod, FieldErrors, IdDocument,
};
use gongkai_domain::case::{Actor, CaseAction};
use gongkai_domain::vocabulary::{ApplicantType, Channel};
use gongkai_store::{Agency, CaseCreated, NewAttachment};

use super::Csrf;
use crate::auth::MaybeStaff;
use crate::auth::session::random_token;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views::{ApplyDonePage, ApplyPage, Chrome, Opt, PublishedMatch};
use gongkai_app::casework;
use gongkai_app::clock::beijing;
use gongkai_app::uploads;

pub fn choices() -> (Vec<Opt>, Vec<Opt>, Vec<Opt>, Vec<Opt>) {
    let o = |value: &str, label: &str| Opt {
        value: value.to_string(),
        label: label.to_string(),
    };
    (
        ApplicantType::ALL
            .iter()
            .map(|t| o(t.code(), &t.full_label()))
            .collect(),
        IdDocument::ALL
            .iter()
            .map(|t| o(t.code(), t.label()))
            .collect(),
        DeliveryForm::ALL
            .iter()
            .map(|t| o(t.code(), t.label()))
            .collect(),
        DeliveryMethod::ALL
            .iter()
            .map(|t| o(t.code(), t.label()))
            .collect(),
    )
}

async fn agency_with_online(state: &AppState, code: &str) -> AppResult<Agency> {
    let agency = crate::tree::public_agency(state, code).await?;
    if !agency.profile.channels.contains(&Channel::Online) {
        return Err(AppError {
            status: StatusCode::NOT_FOUND,
            title: "未开通在线申请",
            message: format!(
                "{}未开通在线申请渠道。您可以当面提交或邮寄申请（地址：{}），详见该机关的政府信息公开指南。",
                agency.profile.full_name, agency.profile.office.address
            ),
        });
    }
    Ok(agency)
}

/// At most this many published items are shown beside the form.
const MATCHES: usize = 5;

/// Published items matching `description`, across the platform (Art. 44:
/// information already public is read, not applied for). A search failure
/// only leaves the list empty: applying never depends on it.
pub(crate) async fn published_matches(state: &AppState, description: &str) -> Vec<PublishedMatch> {
    let text: String = description.trim().chars().take(100).collect();
    if text.chars().count() < 2 {
        return Vec::new();
    }
    let request = gongkai_search::SearchRequest {
        text,
        agency_path: None,
        article20: None,
        topic: None,
        year: None,
        validity: None,
        sort: gongkai_search::Sort::Relevance,
        offset: 0,
        limit: MATCHES,
        after: None,
        facets: false,
    };
    match crate::search::run(&state.search, request).await {
        Ok(r) => r
            .hits
            .into_iter()
            .map(|h| PublishedMatch {
                id: h.id,
                title: h.title,
                agency_name: h.agency_name,
                published_on: h.published_on.to_string(),
            })
            .collect(),
        Err(e) => {
            tracing::warn!(error = %e, "search for published matches failed");
            Vec::new()
        }
    }
}

fn page(
    chrome: Chrome,
    agency: Agency,
    form: ApplicationForm,
    errors: FieldErrors,
    matches: Vec<PublishedMatch>,
) -> AppResult<String> {
    let (applicant_kinds, id_documents, delivery_forms, delivery_methods) = choices();
    Ok(ApplyPage {
        chrome,
        agency,
        form,
        errors,
        submission_id: random_token(),
        show_upload: true,
        applicant_kinds,
        id_documents,
        delivery_forms,
        delivery_methods,
        matches,
    }
    .render()?)
}

/// `?describe=`: what the applicant is looking for, searched before applying.
#[derive(serde::Deserialize)]
pub struct Describe {
    #[serde(default)]
    describe: String,
}

pub async fn form(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Path(code): Path<String>,
    crate::params::Query(q): crate::params::Query<Describe>,
) -> AppResult<Html<String>> {
    let agency = agency_with_online(&state, &code).await?;
    let describe: String = q.describe.trim().chars().take(500).collect();
    let form = ApplicationForm {
        delivery_form: DeliveryForm::Electronic.code().into(),
        delivery_method: DeliveryMethod::Online.code().into(),
        description: describe.clone(),
        ..Default::default()
    };
    let matches = published_matches(&state, &describe).await;
    Ok(Html(page(
        Chrome::new(who.as_ref(), &csrf.0.0),
        agency,
        form,
        FieldErrors::default(),
        matches,
    )?))
}

pub fn form_from(fields: &HashMap<String, String>) -> ApplicationForm {
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    ApplicationForm {
        applicant_kind: get("applicant_kind"),
        name: get("name"),
        id_document: get("id_document"),
        id_number: get("id_number"),
        contact_person: get("contact_person"),
        phone: get("phone"),
        email: get("email"),
        address: get("address"),
        postcode: get("postcode"),
        description: get("description"),
        document_number: get("document_number"),
        delivery_form: get("delivery_form"),
        delivery_method: get("delivery_method"),
    }
}

pub async fn submit(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Path(code): Path<String>,
    mut multipart: Multipart,
) -> AppResult<Response> {
    let agency = agency_with_online(&state, &code).await?;
    let mut fields = HashMap::new();
    let mut upload: Option<(String, Vec<u8>)> = None;
    let mut upload_error: Option<String> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                return Err(AppError::bad_request(format!(
                    "提交的内容无法读取（{e}）。附件不能超过10MB，请重新提交。"
                )));
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        if name == "id_proof" {
            let filename = field.file_name().unwrap_or_default().to_string();
            match field.bytes().await {
                Ok(b) if !b.is_empty() => upload = Some((filename, b.to_vec())),
                Ok(_) => {}
                Err(_) => upload_error = Some("身份证明文件超过10MB，请压缩后重新上传。".into()),
            }
        } else {
            let value = field.text().await.unwrap_or_default();
            fields.insert(name, value);
        }
    }
    let form = form_from(&fields);
    let chrome = Chrome::new(who.as_ref(), &csrf.0.0);
    let mut stored = None;
    let mut errors = FieldErrors::default();
    if let Some(msg) = upload_error {
        errors.push("id_proof", msg);
    }
    let application = match form.validate() {
        Ok(a) => Some(a),
        Err(e) => {
            errors.0.extend(e.0);
            None
        }
    };
    if let Some((filename, bytes)) = &upload
        && errors.is_empty()
    {
        match uploads::store(&state.settings.data_dir, filename, bytes).await {
            Ok(s) => stored = Some(s),
            Err(e) => errors.push("id_proof", e.to_string()),
        }
    }
    let Some(application) = application.filter(|_| errors.is_empty()) else {
        let matches = published_matches(&state, &form.description).await;
        let body = page(chrome, agency, form, errors, matches)?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(body)).into_response());
    };
    let idempotency_key = fields
        .get("submission_id")
        .filter(|s| s.len() == 64)
        .map(|s| format!("online:{s}"));
    let now = state.clock.now();
    let action = CaseAction::SubmittedOnline {
        date: state.clock.today(),
    };
    let (created, query_code) = casework::open_case(
        &state,
        casework::Opening {
            agency_id: agency.id,
            channel: Channel::Online,
            application,
            actor: Actor::Applicant,
            first: action,
            idempotency_key,
        },
    )
    .await?;
    let fresh = matches!(created, CaseCreated::New { .. });
    if fresh && let Some(s) = stored {
        state
            .store
            .add_case_attachment(&NewAttachment {
                case_id: created.id(),
                purpose: "身份证明".into(),
                sha256: s.sha256,
                filename: s.filename,
                content_type: s.content_type.into(),
                size: s.size,
            })
            .await?;
    }
    let done = ApplyDonePage {
        chrome,
        agency_name: agency.profile.full_name,
        number: created.number().to_string(),
        query_code: fresh.then_some(query_code),
        submitted: beijing(now).format("%Y-%m-%d %H:%M").to_string(),
    };
    Ok(Html(done.render()?).into_response())
}
