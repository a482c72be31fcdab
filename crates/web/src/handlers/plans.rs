//! `GET /workbench/plans[?agency=CODE]`: an agency's work plans (工作要点)
//! with their completion, the superior's plans it may derive its own from,
//! and for its plan managers the upload `POST /workbench/plans/import`
//! (`gongkai_app::plans::import::upload`, the command the CLI's
//! `gongkai plan import` also runs).

use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::Datelike;
use gongkai_app::plans::access;
use gongkai_app::plans::import::{ImportOptions, ImportOutcome, upload};
use gongkai_store::{Agency, PlanRecord};
use serde::Deserialize;

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::params::Query;
use crate::state::AppState;
use crate::views::Chrome;

/// The largest plan file accepted (a plan with its annex tables).
const MAX_PLAN_BYTES: usize = 10 * 1024 * 1024;
/// The upload's body: the file and the form's few fields.
pub const MAX_BODY_BYTES: usize = MAX_PLAN_BYTES + 64 * 1024;

#[derive(Deserialize, Default)]
pub struct PlansQuery {
    #[serde(default)]
    agency: String,
}

/// A plan as the list shows it.
pub struct PlanLine {
    pub plan: PlanRecord,
    /// 完成率, e.g. "85.7%" ("—" without tasks).
    pub rate: String,
}

impl PlanLine {
    fn of(plan: PlanRecord) -> PlanLine {
        let rate = match plan.tasks {
            0 => "—".into(),
            n => format!("{:.1}%", plan.completed as f64 * 100.0 / n as f64),
        };
        PlanLine { plan, rate }
    }
}

#[derive(Template)]
#[template(path = "plans.html")]
pub struct PlansPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub own: bool,
    pub plans: Vec<PlanLine>,
    /// The superior's plans of this year and last (to derive from).
    pub superior: Vec<PlanLine>,
    pub superior_name: String,
    pub may_manage: bool,
    pub year: i32,
    pub outcome: Option<ImportOutcome>,
    pub error: Option<String>,
}

async fn agency_of(state: &AppState, who: &CurrentStaff, code: &str) -> AppResult<Agency> {
    let code = code.trim();
    let agency = if code.is_empty() || code == who.agency.profile.code.as_str() {
        who.agency.clone()
    } else {
        crate::tree::by_code(state, code).await?.agency
    };
    access::may_read(state.store.as_ref(), &who.staff, agency.id).await?;
    Ok(agency)
}

async fn page(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    agency: Agency,
    outcome: Option<ImportOutcome>,
    error: Option<String>,
) -> AppResult<String> {
    let store = state.store.as_ref();
    let year = state.clock.today().year();
    let plans = store.plans(agency.id, None).await?;
    let (superior, superior_name) = match agency.parent_id {
        Some(parent) => {
            let name = store
                .agency(parent)
                .await?
                .map(|a| a.profile.full_name)
                .unwrap_or_default();
            let mut above = store.plans(parent, Some(year)).await?;
            above.extend(store.plans(parent, Some(year + 1)).await?);
            (above, name)
        }
        None => (Vec::new(), String::new()),
    };
    let may_manage = access::may_manage(store, &who.staff, agency.id)
        .await
        .is_ok();
    Ok(PlansPage {
        chrome: Chrome::new(Some(who), csrf),
        own: agency.id == who.agency.id,
        agency,
        plans: plans.into_iter().map(PlanLine::of).collect(),
        superior: superior.into_iter().map(PlanLine::of).collect(),
        superior_name,
        may_manage,
        year,
        outcome,
        error,
    }
    .render()?)
}

pub async fn list(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Query(q): Query<PlansQuery>,
) -> AppResult<Html<String>> {
    let agency = agency_of(&state, &who, &q.agency).await?;
    Ok(Html(
        page(&state, &who, &csrf.0.0, agency, None, None).await?,
    ))
}

/// The upload form's fields.
#[derive(Default)]
struct UploadForm {
    agency: String,
    year: String,
    title: String,
    document_number: String,
    create_units: bool,
    dry_run: bool,
    file: Vec<u8>,
}

async fn read_form(mut multipart: Multipart) -> AppResult<UploadForm> {
    let broken = || AppError::bad_request("上传中断或文件超过10MB：请重新选择文件上传。");
    let mut f = UploadForm::default();
    while let Some(field) = multipart.next_field().await.map_err(|_| broken())? {
        let name = field.name().unwrap_or_default().to_string();
        let bytes = field.bytes().await.map_err(|_| broken())?;
        if bytes.len() > MAX_PLAN_BYTES {
            return Err(broken());
        }
        let text = || String::from_utf8_lossy(&bytes).trim().to_string();
        match name.as_str() {
            "file" => f.file = bytes.to_vec(),
            "agency" => f.agency = text(),
            "year" => f.year = text(),
            "title" => f.title = text(),
            "document_number" => f.document_number = text(),
            "create_units" => f.create_units = true,
            "dry_run" => f.dry_run = true,
            _ => {}
        }
    }
    Ok(f)
}

fn options(f: &UploadForm, agency: &Agency) -> Result<ImportOptions, String> {
    let year = crate::params::Year::parse(&f.year)
        .map_err(|e| format!("年度：{e}"))?
        .0;
    let title = if f.title.is_empty() {
        format!("{year}年{}政务公开工作要点", agency.profile.short_name)
    } else {
        f.title.clone()
    };
    Ok(ImportOptions {
        year,
        title,
        document_number: f.document_number.clone(),
        issued_on: None,
        create_units: f.create_units,
        dry_run: f.dry_run,
    })
}

/// `POST /workbench/plans/import` (multipart: file, agency, year, title,
/// document_number, create_units, dry_run): what was read, matched and
/// stored, or why nothing was.
pub async fn import(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    multipart: Multipart,
) -> AppResult<Response> {
    let form = read_form(multipart).await?;
    let agency = agency_of(&state, &who, &form.agency).await?;
    let result = match options(&form, &agency) {
        Err(e) => Err(e),
        Ok(_) if form.file.is_empty() => {
            Err("请选择工作要点文件（Word、Excel、网页或文本）。".to_string())
        }
        Ok(opts) => match upload(&state, &who.staff, &agency, form.file, &opts).await {
            Ok(outcome) => Ok(outcome),
            Err(gongkai_app::Error::Invalid(m)) => Err(m),
            Err(e) => return Err(e.into()),
        },
    };
    let (status, outcome, error) = match result {
        Ok(o) => (StatusCode::OK, Some(o), None),
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, None, Some(e)),
    };
    let html = page(&state, &who, &csrf.0.0, agency, outcome, error).await?;
    Ok((status, Html(html)).into_response())
}
