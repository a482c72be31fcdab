//! `GET /workbench/health[?agency=CODE]`: the column health checks of an
//! agency — its latest run's findings, each with its rule, where the rule
//! is written and a link to the page to fix it — and, for a supervising
//! office, the latest tally of every agency below it. `POST
//! /workbench/health/run` starts a run over the agency and those below it
//! in the background (external links take time); the page shows it when
//! it is done.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_app::health::{self, view::HealthView};
use gongkai_domain::health::{Finding, Tally};
use gongkai_store::Agency;

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::params::Query;
use crate::site_check::{RouterPages, link_options};
use crate::state::AppState;
use crate::views::Chrome;

#[derive(Template)]
#[template(path = "health.html")]
pub struct HealthPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub v: HealthView,
    pub tally: Tally,
    pub started: bool,
}

impl HealthPage {
    pub fn findings(&self) -> &[Finding] {
        self.v
            .latest
            .as_ref()
            .map_or(&[], |l| l.findings.as_slice())
    }
}

async fn agency_of(
    state: &AppState,
    who: &CurrentStaff,
    code: Option<&String>,
) -> AppResult<Agency> {
    match code.map(|c| c.trim()).filter(|c| !c.is_empty()) {
        None => Ok(who.agency.clone()),
        Some(c) => state
            .store
            .agency_by_code(c)
            .await?
            .ok_or_else(|| AppError::not_found(format!("代码为“{c}”的机构"))),
    }
}

pub async fn show(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Html<String>> {
    let agency = agency_of(&state, &who, q.get("agency")).await?;
    let v = health::view::view(&state.app, &who.staff, &agency).await?;
    let tally = v
        .latest
        .as_ref()
        .map(|l| Tally::of(&l.findings))
        .unwrap_or_default();
    Ok(Html(
        HealthPage {
            chrome: Chrome::new(Some(&who), &csrf.0.0),
            agency,
            v,
            tally,
            started: q.contains_key("started"),
        }
        .render()?,
    ))
}

/// `POST /workbench/health/run` (agency): start a run, back to the page.
pub async fn run(
    State(state): State<AppState>,
    who: CurrentStaff,
    Form(form): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let agency = agency_of(&state, &who, form.get("agency")).await?;
    health::view::may_run(&state.app, &who.staff, &agency).await?;
    let pages = RouterPages::new(crate::startup::router(state.clone()));
    let options = link_options(&state.app);
    let app = state.app.clone();
    let (root, by) = (agency.clone(), who.staff.id);
    tokio::spawn(async move {
        if let Err(e) = health::run(&app, &root, true, Some(by), &pages, &options).await {
            tracing::error!(error = %e, "health check run failed");
        }
    });
    let to = format!("/workbench/health?agency={}&started=1", agency.profile.code);
    Ok(Redirect::to(&to).into_response())
}
