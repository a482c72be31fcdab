//! `GET|POST /admin/agencies/{code}/units`: the agency's internal units
//! (内设机构) and subordinate units (直属单位), which lead or partner in the
//! tasks of its work plans, and the units each staff member belongs to
//! (whoever belongs to a task's lead unit works on it). Adding and
//! assigning are `gongkai_app::plans::units`; the store audits both.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use gongkai_app::plans::units;
use gongkai_domain::plan::UnitKind;
use gongkai_domain::policy::Permission;
use gongkai_domain::staff::Username;
use gongkai_store::{Agency, Unit, UnitId};

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::params::Path;
use crate::state::AppState;
use crate::views::{Choice, Chrome};

/// One unit with who belongs to it.
pub struct UnitRow {
    pub name: String,
    pub kind: &'static str,
    pub members: String,
}

/// A unit's checkbox in a staff member's form.
pub struct UnitCheck {
    pub id: UnitId,
    pub name: String,
    pub checked: bool,
}

/// A staff member with their units.
pub struct MemberRow {
    pub username: String,
    pub display_name: String,
    pub active: bool,
    pub units: String,
    pub checks: Vec<UnitCheck>,
}

#[derive(Template)]
#[template(path = "units.html")]
pub struct UnitsPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub units: Vec<UnitRow>,
    pub staff: Vec<MemberRow>,
    pub kinds: Vec<Choice>,
    /// The add form as submitted, kept when it was refused.
    pub form_name: String,
    pub form_kind: String,
    pub notice: Option<String>,
    pub error: Option<String>,
}

/// What a page shows besides the records: a notice, or an error with the
/// add form as submitted.
#[derive(Default)]
struct Outcome {
    notice: Option<String>,
    error: Option<String>,
    name: String,
    kind: String,
}

async fn render(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    agency: Agency,
    outcome: Outcome,
) -> AppResult<String> {
    let all = state.store.units(agency.id).await?;
    let mut staff = Vec::new();
    let mut members: HashMap<UnitId, Vec<String>> = HashMap::new();
    for s in state.store.staff_of_agency(agency.id).await? {
        let mine = state.store.staff_units(s.id).await?;
        for u in &mine {
            members.entry(*u).or_default().push(s.display_name.clone());
        }
        staff.push(member_row(&all, &mine, s));
    }
    let units = all
        .iter()
        .map(|u| UnitRow {
            name: u.name.to_string(),
            kind: u.kind.label(),
            members: members.get(&u.id).map(|m| m.join("、")).unwrap_or_default(),
        })
        .collect();
    Ok(UnitsPage {
        chrome: Chrome::new(Some(who), csrf),
        agency,
        units,
        staff,
        kinds: UnitKind::ALL
            .iter()
            .map(|k| Choice {
                value: k.code(),
                label: k.label(),
            })
            .collect(),
        form_name: outcome.name,
        form_kind: outcome.kind,
        notice: outcome.notice,
        error: outcome.error,
    }
    .render()?)
}

fn member_row(all: &[Unit], mine: &[UnitId], s: gongkai_store::Staff) -> MemberRow {
    let names: Vec<String> = mine.iter().map(|u| units::name_of(all, *u)).collect();
    MemberRow {
        username: s.username.to_string(),
        display_name: s.display_name,
        active: s.active,
        units: names.join("、"),
        checks: all
            .iter()
            .map(|u| UnitCheck {
                id: u.id,
                name: u.name.to_string(),
                checked: mine.contains(&u.id),
            })
            .collect(),
    }
}

async fn load(state: &AppState, who: &CurrentStaff, code: &str) -> AppResult<Agency> {
    let found = crate::tree::permitted(state, who, code, Permission::AdministerAgency).await?;
    Ok(found.agency)
}

pub async fn list(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(code): Path<String>,
) -> AppResult<Html<String>> {
    let agency = load(&state, &who, &code).await?;
    let html = render(&state, &who, &csrf.0.0, agency, Outcome::default()).await?;
    Ok(Html(html))
}

/// `op=add` (name, kind) or `op=assign` (staff: a username; `unit_{id}`
/// for each unit they belong to).
pub async fn save(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(code): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let agency = load(&state, &who, &code).await?;
    let field = |k: &str| form.get(k).cloned().unwrap_or_default();
    let done = match form.get("op").map(String::as_str) {
        Some("add") => add(&state, &who, &agency, &field("name"), &field("kind")).await,
        Some("assign") => assign(&state, &who, &agency, &form).await,
        _ => {
            return Err(AppError::bad_request(
                "请使用页面上的表单提交：新增单位，或保存工作人员所属的单位。",
            ));
        }
    };
    let (status, outcome) = match done {
        Ok(notice) => (
            StatusCode::OK,
            Outcome {
                notice: Some(notice),
                ..Outcome::default()
            },
        ),
        Err(e) => {
            let (status, message) = refused(e)?;
            let outcome = Outcome {
                error: Some(message),
                name: field("name"),
                kind: field("kind"),
                ..Outcome::default()
            };
            (status, outcome)
        }
    };
    let html = render(&state, &who, &csrf.0.0, agency, outcome).await?;
    Ok((status, Html(html)).into_response())
}

/// A refusal shown on the page with its form (422: what to correct; 409:
/// a duplicate); anything else is the error page.
fn refused(e: gongkai_app::Error) -> AppResult<(StatusCode, String)> {
    match e {
        gongkai_app::Error::Invalid(m) => Ok((StatusCode::UNPROCESSABLE_ENTITY, m)),
        gongkai_app::Error::Conflict { message, .. } => Ok((StatusCode::CONFLICT, message)),
        other => Err(other.into()),
    }
}

async fn add(
    state: &AppState,
    who: &CurrentStaff,
    agency: &Agency,
    name: &str,
    kind: &str,
) -> Result<String, gongkai_app::Error> {
    units::add(state.store.as_ref(), agency.id, name, kind, who.staff.id).await?;
    let label = UnitKind::from_code(kind).map_or("单位", |k| k.label());
    Ok(format!("已添加{label}“{}”。", name.trim()))
}

async fn assign(
    state: &AppState,
    who: &CurrentStaff,
    agency: &Agency,
    form: &HashMap<String, String>,
) -> Result<String, gongkai_app::Error> {
    let username = form.get("staff").map(String::as_str).unwrap_or("");
    let member = match Username::parse(username) {
        Ok(u) => state.store.staff_by_username(&u).await?,
        Err(_) => None,
    }
    .ok_or_else(|| gongkai_app::Error::not_found("本机关的该工作人员"))?;
    let chosen = chosen_units(form)?;
    units::assign(
        state.store.as_ref(),
        agency.id,
        member.id,
        &chosen,
        who.staff.id,
    )
    .await?;
    let all = state.store.units(agency.id).await?;
    let names: Vec<String> = chosen.iter().map(|u| units::name_of(&all, *u)).collect();
    Ok(if names.is_empty() {
        format!("已保存：{}不属于任何单位。", member.display_name)
    } else {
        format!("已保存：{}属于{}。", member.display_name, names.join("、"))
    })
}

/// The units ticked (`unit_{id}`), in id order.
fn chosen_units(form: &HashMap<String, String>) -> Result<Vec<UnitId>, gongkai_app::Error> {
    let mut ids = Vec::new();
    for key in form.keys() {
        if let Some(id) = key.strip_prefix("unit_") {
            let id = id.parse::<UnitId>().map_err(|_| {
                gongkai_app::Error::invalid("所选的单位有误：请刷新页面后重新选择。")
            })?;
            ids.push(id);
        }
    }
    ids.sort_unstable();
    Ok(ids)
}
