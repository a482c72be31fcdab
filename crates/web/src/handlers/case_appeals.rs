//! `POST /cases/{number}/appeals`: record an administrative reconsideration
//! or a lawsuit against a case, with its result (annual report part 四).

use std::collections::HashMap;

use crate::params::Id;
use crate::params::Path;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use gongkai_domain::case::register::{AppealKind, AppealResult, AppealSummary};
use gongkai_domain::policy::{self, Permission, Refusal};
use gongkai_store::NewAppeal;

use super::Csrf;
use super::case_show::render;
use crate::auth::CurrentStaff;
use crate::case_access::staff_case;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use gongkai_domain::access::CaseAccess;

/// The permission to record appeals (the case is of the own agency: access
/// is Full).
fn may_record_appeal(who: &CurrentStaff) -> Result<(), Refusal> {
    policy::may_here(&who.staff.roles, Permission::RecordAppeal)
}

fn parse(f: &HashMap<String, String>, today: NaiveDate) -> Result<(AppealSummary, String), String> {
    let get = |k: &str| f.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
    let kind = AppealKind::from_code(&get("kind")).ok_or("请选择行政复议或行政诉讼的类型。")?;
    let result = AppealResult::from_code(&get("result")).ok_or("请选择结果。")?;
    let body = get("body");
    if body.is_empty() {
        return Err("请填写复议机关或审理法院。".into());
    }
    let date = |k: &str, label: &str| -> Result<Option<NaiveDate>, String> {
        let v = get(k);
        if v.is_empty() {
            return Ok(None);
        }
        let d = NaiveDate::parse_from_str(&v, "%Y-%m-%d")
            .map_err(|_| format!("“{label}”的日期“{v}”无效，请按 YYYY-MM-DD 填写。"))?;
        gongkai_domain::dates::plausible(label, d, today).map(Some)
    };
    let filed_on = date("filed_on", "提起日期")?.ok_or("请填写提起日期。")?;
    let decided_on = date("decided_on", "结案日期")?;
    if filed_on > today {
        return Err("提起日期不能晚于今天。".into());
    }
    match (result, decided_on) {
        (AppealResult::Pending, Some(_)) => return Err("尚未审结的，请不要填写结案日期。".into()),
        (r, None) if r != AppealResult::Pending => return Err("已审结的，请填写结案日期。".into()),
        (_, Some(d)) if d < filed_on => return Err("结案日期不能早于提起日期。".into()),
        _ => {}
    }
    Ok((
        AppealSummary {
            kind,
            result,
            filed_on,
            decided_on,
        },
        body,
    ))
}

pub async fn create(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(number): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let (b, access) = staff_case(&state, &who, &number).await?;
    if access != CaseAccess::Full || may_record_appeal(&who).is_err() {
        return Err(AppError::forbidden(
            "只有受理机关的承办人或审核人可以记录复议、诉讼情况。",
        ));
    }
    let (status, notice, error) = match parse(&f, state.clock.today()) {
        Ok((summary, body)) => {
            state
                .store
                .add_appeal(&NewAppeal {
                    case_id: b.case.id,
                    summary,
                    body,
                    note: f.get("note").cloned().unwrap_or_default(),
                    recorded_by: Some(who.staff.id),
                })
                .await?;
            (StatusCode::OK, Some("已记录。".to_string()), None)
        }
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, None, Some(e)),
    };
    let html = render(&state, &b, &who, &csrf.0.0, notice, error).await?;
    Ok((status, Html(html)).into_response())
}

/// `POST /cases/{number}/appeals/{id}`: the result of a pending appeal.
pub async fn decide(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path((number, Id(id))): Path<(String, Id)>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let (b, access) = staff_case(&state, &who, &number).await?;
    if access != CaseAccess::Full || may_record_appeal(&who).is_err() {
        return Err(AppError::forbidden(
            "只有受理机关的承办人或审核人可以记录复议、诉讼结果。",
        ));
    }
    let appeal = state
        .store
        .appeals_of_case(b.case.id)
        .await?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or_else(|| AppError::not_found("该复议诉讼记录"))?;
    let get = |k: &str| f.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
    let checked = (|| -> Result<(AppealResult, NaiveDate), String> {
        let result = AppealResult::from_code(&get("result"))
            .filter(|r| *r != AppealResult::Pending)
            .ok_or("请选择维持、纠正或其他结果。")?;
        let decided = NaiveDate::parse_from_str(&get("decided_on"), "%Y-%m-%d")
            .map_err(|_| "请填写结案日期（YYYY-MM-DD）。".to_string())?;
        let decided = gongkai_domain::dates::plausible("结案日期", decided, state.clock.today())?;
        if decided < appeal.summary.filed_on || decided > state.clock.today() {
            return Err("结案日期应在提起日期之后、今天之前。".into());
        }
        if appeal.summary.result != AppealResult::Pending {
            return Err("该案已记录结果。".into());
        }
        Ok((result, decided))
    })();
    let (status, notice, error) = match checked {
        Ok((result, decided)) => {
            state
                .store
                .set_appeal_result(
                    id,
                    result,
                    Some(decided),
                    &format!("{}记录结果", who.staff.display_name),
                )
                .await?;
            (StatusCode::OK, Some("已记录结果。".to_string()), None)
        }
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, None, Some(e)),
    };
    let html = render(&state, &b, &who, &csrf.0.0, notice, error).await?;
    Ok((status, Html(html)).into_response())
}
