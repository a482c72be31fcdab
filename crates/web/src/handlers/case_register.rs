//! `GET|POST /cases/new`: a clerk registers an application that came in
//! person, by post, fax or e-mail; the receipt date follows Art. 31.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use gongkai_domain::application::{ApplicationForm, FieldErrors};
use gongkai_domain::case::{Actor, CaseAction};
use gongkai_domain::dates;
use gongkai_domain::deadline::{ReceiptFacts, receipt_date};
use gongkai_domain::policy::{self, Permission};
use gongkai_domain::vocabulary::{Channel, PostKind};
use gongkai_store::CaseCreated;

use super::apply::{choices, form_from};
use super::{Csrf, case_show};
use crate::auth::CurrentStaff;
use crate::auth::session::random_token;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views::{CaseNewPage, Chrome, Opt, ReceiptForm};
use gongkai_app::casework;

fn page(
    who: &CurrentStaff,
    csrf: &str,
    form: ApplicationForm,
    receipt: ReceiptForm,
    errors: FieldErrors,
) -> AppResult<String> {
    let (applicant_kinds, id_documents, delivery_forms, delivery_methods) = choices();
    Ok(CaseNewPage {
        chrome: Chrome::new(Some(who), csrf),
        agency: who.agency.clone(),
        form,
        receipt,
        errors,
        submission_id: random_token(),
        show_upload: false,
        channels: Channel::ALL
            .iter()
            .filter(|c| **c != Channel::Online)
            .map(|c| Opt {
                value: c.code().into(),
                label: c.label().into(),
            })
            .collect(),
        applicant_kinds,
        id_documents,
        delivery_forms,
        delivery_methods,
    }
    .render()?)
}

fn require_clerk(who: &CurrentStaff) -> AppResult<()> {
    policy::may_here(&who.staff.roles, Permission::RegisterApplication)
        .map_err(|r| AppError::forbidden(r.0))
}

pub async fn form(who: CurrentStaff, csrf: Csrf) -> AppResult<Html<String>> {
    require_clerk(&who)?;
    let receipt = ReceiptForm {
        channel: "in_person".into(),
        post_kind: "signed".into(),
        ..Default::default()
    };
    let form = ApplicationForm {
        delivery_form: "paper".into(),
        delivery_method: "post".into(),
        ..Default::default()
    };
    Ok(Html(page(
        &who,
        &csrf.0.0,
        form,
        receipt,
        FieldErrors::default(),
    )?))
}

/// A receipt date, plausible seen from `today` (`gongkai_domain::dates`).
fn opt_date(
    raw: &str,
    label: &str,
    errors: &mut FieldErrors,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let parsed = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| format!("“{label}”的日期“{raw}”无效，请按 YYYY-MM-DD 填写。"))
        .and_then(|d| gongkai_domain::dates::plausible(label, d, today));
    match parsed {
        Ok(d) => Some(d),
        Err(message) => {
            errors.push("receipt", message);
            None
        }
    }
}

/// The reply due date, when an application received on `received` is
/// already past it on `today` (a paper application found late).
async fn already_late(
    state: &AppState,
    received: chrono::NaiveDate,
    today: chrono::NaiveDate,
) -> AppResult<Option<chrono::NaiveDate>> {
    let calendar = state.calendar_in_force().await?;
    let days = gongkai_domain::deadline::law::REPLY_WORKING_DAYS;
    Ok(calendar
        .add_working_days(received, days)
        .ok()
        .map(|c| c.due)
        .filter(|due| *due < today))
}

pub async fn create(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Form(fields): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    require_clerk(&who)?;
    let form = form_from(&fields);
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let receipt = ReceiptForm {
        channel: get("channel"),
        post_kind: get("post_kind"),
        arrived: get("arrived"),
        signed: get("signed"),
        confirmed: get("confirmed"),
        contact_reestablished: get("contact_reestablished"),
        confirm_late: get("confirm_late"),
    };
    let mut errors = FieldErrors::default();
    let today = state.clock.today();
    let channel = Channel::from_code(&receipt.channel).filter(|c| *c != Channel::Online);
    if channel.is_none() {
        errors.push(
            "channel",
            "请选择当面提交、邮寄、传真或电子邮件。在线申请由申请人在网上提交。",
        );
    }
    let facts = ReceiptFacts {
        arrived: opt_date(&receipt.arrived, "到达日期", &mut errors, today),
        signed: opt_date(&receipt.signed, "签收日期", &mut errors, today),
        confirmed: opt_date(&receipt.confirmed, "确认日期", &mut errors, today),
        contact_reestablished: opt_date(
            &receipt.contact_reestablished,
            "重新取得联系日期",
            &mut errors,
            today,
        ),
        post_kind: match receipt.post_kind.as_str() {
            "ordinary" => Some(PostKind::Ordinary),
            _ => Some(PostKind::Signed),
        },
    };
    let received = channel.and_then(|c| match receipt_date(c, &facts) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push("receipt", e.to_string());
            None
        }
    });
    if let Some(d) = received
        && let Err(e) = dates::not_after_today("收到申请之日", d, state.clock.today())
    {
        errors.push("receipt", e);
    }
    if let Some(d) = received
        && receipt.confirm_late.is_empty()
        && let Some(due) = already_late(&state, d, today).await?
    {
        errors.push(
            "receipt",
            format!(
                "按收到申请之日{d}计算，答复期限已于{due}届满（《条例》第三十三条，20个工作日），登记后本申请即为逾期。\
                 请核对收到日期；确属实情的，请勾选“收到日期无误，登记为逾期申请”后再次提交。"
            ),
        );
    }
    let application = match form.validate() {
        Ok(a) => Some(a),
        Err(e) => {
            errors.0.extend(e.0);
            None
        }
    };
    let (Some(channel), Some(received), Some(application)) = (channel, received, application)
    else {
        let body = page(&who, &csrf.0.0, form, receipt, errors)?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(body)).into_response());
    };
    if !errors.is_empty() {
        let body = page(&who, &csrf.0.0, form, receipt, errors)?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(body)).into_response());
    }
    let actor = Actor::Staff {
        id: who.staff.id,
        name: who.staff.display_name.clone(),
    };
    let first = CaseAction::ReceiptConfirmed {
        channel,
        receipt_date: received,
        facts,
    };
    let idempotency_key = fields
        .get("submission_id")
        .filter(|s| s.len() == 64)
        .map(|s| format!("clerk:{s}"));
    let (created, query_code) = casework::open_case(
        &state,
        casework::Opening {
            agency_id: who.agency.id,
            channel,
            application,
            actor,
            first,
            idempotency_key,
        },
    )
    .await?;
    if !matches!(created, CaseCreated::New { .. }) {
        return Ok(Redirect::to(&format!("/cases/{}", created.number())).into_response());
    }
    let bundle = casework::load(&state, created.number()).await?;
    // The applicant's query code is shown once, to be handed over with the receipt.
    let notice = format!(
        "已登记，申请编号 {}，查询码 {}（仅显示一次，请告知申请人，凭二者可在网上查询办理进度）。",
        created.number(),
        query_code
    );
    let html = case_show::render(&state, &bundle, &who, &csrf.0.0, Some(notice), None).await?;
    Ok(Html(html).into_response())
}
