//! 听证 of a consultation (`gongkai_app::hearings`; thin: forms in, pages
//! out):
//!
//! - `GET /workbench/consultations/{id}/hearings`: the consultation's
//!   hearings with their forms (contacts for the agency's own staff only);
//!   `POST` the same path drafts one;
//! - `POST /workbench/hearings/{id}/edit|publish|participants|record`: a
//!   draft's notice changed, the notice published (refused fewer than 7
//!   days ahead, with the statutory reason), the participants (one a line:
//!   `姓名，代表类别或单位，联系方式`), the record once held;
//! - `GET /agencies/{code}/consultations/{id}/hearings`: the published
//!   hearings for the public, names without contacts.
//!
//! A refusal of what was typed shows the page again with the message (400).

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_app::consultations::Access;
use gongkai_app::hearings::{
    self as app, HearingInput, flags, notice_by, participants_text, public_hearings,
    staff_hearings, when,
};
use gongkai_domain::participation::hearing::Participant;
use gongkai_store::{Agency, Hearing, HearingState};
use serde::Deserialize;

use super::Csrf;
use super::scorecards::{reader, typed};
use crate::auth::{CurrentStaff, MaybeStaff};
use crate::error::AppResult;
use crate::params::{Id, Path};
use crate::state::AppState;
use crate::views::{Chrome, ColumnPart};

/// A hearing as both pages show it.
pub struct HearingView {
    pub id: i64,
    pub draft: bool,
    pub recorded: bool,
    pub matter: String,
    pub when: String,
    pub place: String,
    pub how_to_join: String,
    pub materials: String,
    pub published_on: Option<String>,
    pub notice_by: String,
    pub flags: Vec<String>,
    pub participants: Vec<Participant>,
    pub participants_text: String,
    pub record: Option<String>,
    pub recorded_on: Option<String>,
    pub form: HearingForm,
}

fn view(h: Hearing) -> HearingView {
    HearingView {
        id: h.id,
        draft: h.state == HearingState::Draft,
        recorded: h.state == HearingState::Recorded,
        when: when(&h),
        notice_by: notice_by(h.notice.held_on).to_string(),
        flags: flags(&h),
        participants_text: participants_text(&h),
        form: HearingForm::of(&HearingInput::of(&h.notice)),
        matter: h.notice.matter,
        place: h.notice.place,
        how_to_join: h.notice.how_to_join,
        materials: h.notice.materials,
        published_on: h.published_on.map(|d| d.to_string()),
        participants: h.participants,
        record: h.record,
        recorded_on: h.recorded_on.map(|d| d.to_string()),
    }
}

/// The notice form as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct HearingForm {
    pub matter: String,
    pub held_on: String,
    pub starts_at: String,
    pub place: String,
    pub how_to_join: String,
    pub materials: String,
}

impl HearingForm {
    fn of(i: &HearingInput) -> HearingForm {
        HearingForm {
            matter: i.matter.clone(),
            held_on: i.held_on.clone(),
            starts_at: i.starts_at.clone(),
            place: i.place.clone(),
            how_to_join: i.how_to_join.clone(),
            materials: i.materials.clone(),
        }
    }

    fn input(&self) -> HearingInput {
        HearingInput {
            matter: self.matter.clone(),
            held_on: self.held_on.clone(),
            starts_at: self.starts_at.clone(),
            place: self.place.clone(),
            how_to_join: self.how_to_join.clone(),
            materials: self.materials.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "hearings_staff.html")]
pub struct StaffPage {
    pub chrome: Chrome,
    pub id: i64,
    pub title: String,
    pub manage: bool,
    pub hearings: Vec<HearingView>,
    pub new_form: HearingForm,
    pub error: Option<String>,
}

async fn staff_page(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    id: i64,
    (new_form, error): (HearingForm, Option<String>),
) -> AppResult<String> {
    let s = staff_hearings(state, &reader(who), id).await?;
    Ok(StaffPage {
        chrome: Chrome::new(Some(who), csrf),
        id,
        title: s.consultation.title,
        manage: s.access == Access::Manage,
        hearings: s.hearings.into_iter().map(view).collect(),
        new_form,
        error,
    }
    .render()?)
}

/// `GET /workbench/consultations/{id}/hearings`
pub async fn staff(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
) -> AppResult<Html<String>> {
    let form = HearingForm {
        starts_at: "09:30".into(),
        ..HearingForm::default()
    };
    Ok(Html(
        staff_page(&state, &who, &csrf.0.0, id, (form, None)).await?,
    ))
}

/// Back to the consultation's hearings (303), or the page again with the
/// refusal (400).
async fn answer(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    consultation: i64,
    done: Result<(), gongkai_app::Error>,
    typed_form: Option<HearingForm>,
) -> AppResult<Response> {
    match done.map_err(typed) {
        Ok(()) => Ok(
            Redirect::to(&format!("/workbench/consultations/{consultation}/hearings"))
                .into_response(),
        ),
        Err(Err(e)) => Err(e),
        Err(Ok(message)) => {
            let form = typed_form.unwrap_or_default();
            let html = staff_page(state, who, csrf, consultation, (form, Some(message))).await?;
            Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
        }
    }
}

/// `POST /workbench/consultations/{id}/hearings`
pub async fn create(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(f): Form<HearingForm>,
) -> AppResult<Response> {
    let done = app::create(&state, &reader(&who), Some(who.staff.id), id, &f.input()).await;
    answer(&state, &who, &csrf.0.0, id, done.map(|_| ()), Some(f)).await
}

/// `POST /workbench/hearings/{id}/edit`
pub async fn edit(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(f): Form<HearingForm>,
) -> AppResult<Response> {
    let c = app::consultation_of(&state, &reader(&who), id).await?;
    let done = app::edit(&state, &reader(&who), Some(who.staff.id), id, &f.input()).await;
    answer(&state, &who, &csrf.0.0, c, done, None).await
}

/// `POST /workbench/hearings/{id}/publish`
pub async fn publish(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
) -> AppResult<Response> {
    let c = app::consultation_of(&state, &reader(&who), id).await?;
    let done = app::publish(&state, &reader(&who), Some(who.staff.id), id).await;
    answer(&state, &who, &csrf.0.0, c, done, None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TextForm {
    text: String,
}

/// `POST /workbench/hearings/{id}/participants`
pub async fn participants(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(f): Form<TextForm>,
) -> AppResult<Response> {
    let c = app::consultation_of(&state, &reader(&who), id).await?;
    let by = Some(who.staff.id);
    let done = app::set_participants(&state, &reader(&who), by, id, &f.text).await;
    answer(&state, &who, &csrf.0.0, c, done, None).await
}

/// `POST /workbench/hearings/{id}/record`
pub async fn record(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(f): Form<TextForm>,
) -> AppResult<Response> {
    let c = app::consultation_of(&state, &reader(&who), id).await?;
    let done = app::record(&state, &reader(&who), Some(who.staff.id), id, &f.text).await;
    answer(&state, &who, &csrf.0.0, c, done, None).await
}

#[derive(Template)]
#[template(path = "hearings_public.html")]
pub struct PublicPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub parts: [ColumnPart; 4],
    pub id: i64,
    pub title: String,
    pub hearings: Vec<HearingView>,
}

/// `GET /agencies/{code}/consultations/{id}/hearings`
pub async fn public(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Path((code, Id(id))): Path<(String, Id)>,
) -> AppResult<Html<String>> {
    let agency = crate::tree::column_agency(&state, who.as_ref(), &code).await?;
    let (c, hearings) = public_hearings(&state, agency.id, id).await?;
    Ok(Html(
        PublicPage {
            chrome: Chrome::new(who.as_ref(), &csrf.0.0).previewing(&agency),
            agency,
            parts: ColumnPart::ALL,
            id,
            title: c.title,
            hearings: hearings.into_iter().map(view).collect(),
        }
        .render()?,
    ))
}
