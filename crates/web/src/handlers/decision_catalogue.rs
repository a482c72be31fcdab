//! 重大行政决策事项目录 (`gongkai_app::decision_catalogue`; thin):
//!
//! - `GET /workbench/decisions?year=`: the agency's directory of the year
//!   with a form per entry and one to add; `POST /workbench/decisions/entries`
//!   adds (`year` in the form), `POST /workbench/decisions/entries/{id}`
//!   changes an entry (a reason once published, and for 调整),
//!   `POST /workbench/decisions/publish` publishes the year's directory;
//! - `GET /agencies/{code}/decisions?year=`: the published directory, each
//!   entry linking its consultation and its decision, the adjustments with
//!   their reasons.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_app::consultations::Access;
use gongkai_app::decision_catalogue::{self as app, EntryInput, public_view, staff_view, year_of};
use gongkai_domain::participation::decisions::DecisionStatus;
use gongkai_store::{Agency, DecisionAdjustment, DecisionCatalogue, DecisionEntry};
use serde::Deserialize;

use super::Csrf;
use super::scorecards::{reader, typed};
use crate::auth::{CurrentStaff, MaybeStaff};
use crate::error::AppResult;
use crate::params::{Id, Path, Query};
use crate::state::AppState;
use crate::views::{Chrome, Opt};

/// `?year=2025`
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct YearParams {
    year: Option<String>,
}

/// The entry form as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct EntryForm {
    pub year: String,
    pub title: String,
    pub lead_unit: String,
    pub planned_month: String,
    pub status: String,
    pub consultation: String,
    pub decision_item: String,
    pub reason: String,
}

impl EntryForm {
    fn of(year: i32, i: EntryInput) -> EntryForm {
        EntryForm {
            year: year.to_string(),
            title: i.title,
            lead_unit: i.lead_unit,
            planned_month: i.planned_month,
            status: i.status,
            consultation: i.consultation,
            decision_item: i.decision_item,
            reason: i.reason,
        }
    }

    fn input(&self) -> EntryInput {
        EntryInput {
            title: self.title.clone(),
            lead_unit: self.lead_unit.clone(),
            planned_month: self.planned_month.clone(),
            status: self.status.clone(),
            consultation: self.consultation.clone(),
            decision_item: self.decision_item.clone(),
            reason: self.reason.clone(),
        }
    }
}

/// An entry as the pages show it.
pub struct EntryView {
    pub id: i64,
    pub title: String,
    pub lead_unit: String,
    pub planned: String,
    pub status: &'static str,
    pub status_code: &'static str,
    pub consultation: Option<(i64, String)>,
    pub decision: Option<(i64, String)>,
    pub adjustments: Vec<(String, String, String)>,
    pub form: EntryForm,
}

fn views(year: i32, c: DecisionCatalogue) -> Vec<EntryView> {
    let adj = |e: &DecisionEntry, all: &[DecisionAdjustment]| {
        all.iter()
            .filter(|a| a.entry_id == e.id)
            .map(|a| {
                let on = gongkai_app::clock::beijing(a.at).date_naive().to_string();
                (on, a.change.clone(), a.reason.clone())
            })
            .collect()
    };
    c.entries
        .iter()
        .map(|e| EntryView {
            id: e.id,
            title: e.fields.title.clone(),
            lead_unit: e.fields.lead_unit.clone(),
            planned: format!("{year}年{}月", e.fields.planned_month),
            status: e.fields.status.label(),
            status_code: e.fields.status.code(),
            consultation: e.fields.consultation_id.zip(e.consultation_title.clone()),
            decision: e.fields.decision_item_id.zip(e.decision_title.clone()),
            adjustments: adj(e, &c.adjustments),
            form: EntryForm::of(year, EntryInput::of(e)),
        })
        .collect()
}

fn statuses() -> Vec<Opt> {
    DecisionStatus::ALL
        .iter()
        .map(|s| Opt {
            value: s.code().into(),
            label: s.label().into(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "decision_catalogue_staff.html")]
pub struct StaffPage {
    pub chrome: Chrome,
    pub agency: String,
    pub code: String,
    pub year: i32,
    pub published: Option<String>,
    pub manage: bool,
    pub entries: Vec<EntryView>,
    pub statuses: Vec<Opt>,
    pub months: Vec<u32>,
    pub new_form: EntryForm,
    pub error: Option<String>,
}

async fn staff_page(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    year: i32,
    (new_form, error): (Option<EntryForm>, Option<String>),
) -> AppResult<String> {
    let (c, access) = staff_view(state, &reader(who), year).await?;
    let published = c
        .published_at
        .map(|t| gongkai_app::clock::beijing(t).date_naive().to_string());
    let new_form = new_form.unwrap_or_else(|| EntryForm {
        year: year.to_string(),
        status: DecisionStatus::Planned.code().into(),
        ..EntryForm::default()
    });
    Ok(StaffPage {
        chrome: Chrome::new(Some(who), csrf),
        agency: who.agency.profile.full_name.clone(),
        code: who.agency.profile.code.to_string(),
        year,
        published,
        manage: access == Access::Manage,
        entries: views(year, c),
        statuses: statuses(),
        months: (1..=12).collect(),
        new_form,
        error,
    }
    .render()?)
}

/// `GET /workbench/decisions?year=`
pub async fn staff(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Query(q): Query<YearParams>,
) -> AppResult<Html<String>> {
    let year = year_of(&state, q.year.as_deref())?;
    Ok(Html(
        staff_page(&state, &who, &csrf.0.0, year, (None, None)).await?,
    ))
}

async fn answer(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    year: i32,
    done: Result<(), gongkai_app::Error>,
    typed_form: Option<EntryForm>,
) -> AppResult<Response> {
    match done.map_err(typed) {
        Ok(()) => Ok(Redirect::to(&format!("/workbench/decisions?year={year}")).into_response()),
        Err(Err(e)) => Err(e),
        Err(Ok(message)) => {
            let html = staff_page(state, who, csrf, year, (typed_form, Some(message))).await?;
            Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
        }
    }
}

/// `POST /workbench/decisions/entries`
pub async fn add(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Form(f): Form<EntryForm>,
) -> AppResult<Response> {
    let year = year_of(&state, Some(&f.year))?;
    let r = reader(&who);
    let done = app::add_entry(&state, &r, Some(who.staff.id), year, &f.input()).await;
    answer(&state, &who, &csrf.0.0, year, done.map(|_| ()), Some(f)).await
}

/// `POST /workbench/decisions/entries/{id}`
pub async fn update(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(f): Form<EntryForm>,
) -> AppResult<Response> {
    let year = year_of(&state, Some(&f.year))?;
    let r = reader(&who);
    let done = app::update_entry(&state, &r, Some(who.staff.id), id, &f.input()).await;
    answer(&state, &who, &csrf.0.0, year, done, None).await
}

/// `POST /workbench/decisions/publish`
pub async fn publish(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Form(f): Form<YearParams>,
) -> AppResult<Response> {
    let year = year_of(&state, f.year.as_deref())?;
    let done = app::publish(&state, &reader(&who), Some(who.staff.id), year).await;
    answer(&state, &who, &csrf.0.0, year, done, None).await
}

#[derive(Template)]
#[template(path = "decision_catalogue_public.html")]
pub struct PublicPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub year: i32,
    pub years: Vec<i32>,
    pub published: Option<String>,
    pub entries: Vec<EntryView>,
}

/// `GET /agencies/{code}/decisions?year=`
pub async fn public(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Path(code): Path<String>,
    Query(q): Query<YearParams>,
) -> AppResult<Html<String>> {
    let agency = crate::tree::column_agency(&state, who.as_ref(), &code).await?;
    let year = year_of(&state, q.year.as_deref())?;
    let (c, years) = public_view(&state, agency.id, year).await?;
    Ok(Html(
        PublicPage {
            chrome: Chrome::new(who.as_ref(), &csrf.0.0).previewing(&agency),
            agency,
            year,
            years,
            published: c
                .published_at
                .map(|t| gongkai_app::clock::beijing(t).date_naive().to_string()),
            entries: views(year, c),
        }
        .render()?,
    ))
}
