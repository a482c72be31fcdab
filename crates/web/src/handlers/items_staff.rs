//! The publishing workflow for staff: editors draft, edit and submit items;
//! reviewers approve after the confidentiality review (and publish) or refuse
//! with a reason; published items can be repealed, lapse or be withdrawn.

use std::collections::HashMap;

use super::items_proposal::NewItemParams;
use crate::params::Id;
use crate::params::Path;
use crate::params::Query;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use gongkai_domain::application::FieldErrors;
use gongkai_domain::case::Actor;
use gongkai_domain::catalogue::{
    DisclosureAttribute, DisclosureScope, Genre, ItemAction, ItemForm, ItemKind, PublicationChannel,
};
use gongkai_domain::policy::{self, Permission};
use gongkai_domain::vocabulary::Article20Item;

use super::Csrf;
pub(super) use super::items_manage::render_manage;
use super::items_notice::Notice;
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views::*;
use gongkai_app::casework::RecordError;
use gongkai_app::catalogue_work::{self, ItemBundle, ItemCommand};

pub(super) fn opt(value: &str, label: &str) -> Opt {
    Opt {
        value: value.into(),
        label: label.into(),
    }
}

pub(super) fn actor(who: &CurrentStaff) -> Actor {
    Actor::Staff {
        id: who.staff.id,
        name: who.staff.display_name.clone(),
    }
}

/// 403 with the policy's reason unless `who` may do `p` in the own agency.
fn require(who: &CurrentStaff, p: Permission) -> AppResult<()> {
    policy::may_here(&who.staff.roles, p).map_err(|r| AppError::forbidden(r.0))
}

/// The editor's permission (编辑主动公开信息), for the item pages beside this one.
pub(super) fn require_edit(who: &CurrentStaff) -> AppResult<()> {
    require(who, Permission::EditCatalogueItem)
}

pub(super) fn may(who: &CurrentStaff, p: Permission) -> bool {
    policy::may_here(&who.staff.roles, p).is_ok()
}

/// What the form is for: a new item (from a proposal, perhaps) or the
/// item being edited (with the reviewer's refusal, if any).
#[derive(Default)]
struct FormFor {
    editing: Option<i64>,
    proposal: Option<i64>,
    refusal: Option<String>,
    /// The reason typed for submitting a policy without an interpretation.
    reason: String,
}

async fn form_page(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    target: FormFor,
    form: ItemForm,
    errors: FieldErrors,
) -> AppResult<String> {
    let standard_rows = super::items_filing::groups(state, who.agency.id, &form).await?;
    let topics = super::items_interpretation::topic_groups(&form.topic);
    let images = match target.editing {
        Some(id) => state
            .store
            .item_attachments(id)
            .await?
            .into_iter()
            .filter(|a| a.content_type.starts_with("image/"))
            .map(|a| {
                (
                    super::items_content::file_href(&a.sha256, &a.filename),
                    a.filename,
                )
            })
            .collect(),
        None => Vec::new(),
    };
    Ok(ItemFormPage {
        chrome: Chrome::new(Some(who), csrf),
        agency_name: who.agency.profile.full_name.clone(),
        editing: target.editing,
        proposal: target.proposal,
        refusal: target.refusal,
        no_interpretation_reason: target.reason,
        standard_rows,
        form,
        images,
        errors,
        topics,
        interpretation_forms: super::items_interpretation::form_options(),
        genres: Genre::ALL
            .iter()
            .map(|g| opt(g.code(), g.label()))
            .collect(),
        kinds: ItemKind::ALL
            .iter()
            .map(|k| opt(k.code(), k.label()))
            .collect(),
        article20: Article20Item::ALL
            .iter()
            .map(|a| opt(a.code(), &format!("{}{}", a.ordinal_label(), a.label())))
            .collect(),
        attributes: DisclosureAttribute::ALL
            .iter()
            .map(|a| opt(a.code(), a.label()))
            .collect(),
        scopes: DisclosureScope::ALL
            .iter()
            .map(|s| opt(s.code(), s.label()))
            .collect(),
    }
    .render()?)
}

pub async fn new_form(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Query(params): Query<NewItemParams>,
) -> AppResult<Html<String>> {
    require(&who, Permission::EditCatalogueItem)?;
    let mut form = ItemForm {
        issuers: who.agency.profile.full_name.clone(),
        // No genre chosen for the editor: a default would be a guess.
        kind: ItemKind::Other.code().into(),
        attribute: DisclosureAttribute::ALL[0].code().into(),
        scope: DisclosureScope::ALL[0].code().into(),
        ..Default::default()
    };
    let proposal = params.proposal.map(|Id(id)| id);
    if let Some(id) = proposal {
        super::items_proposal::prefill(&state, &who, id, &mut form).await?;
    }
    if let Some(key) = params.row.as_deref() {
        super::items_filing::prefill(&state, who.agency.id, key, &mut form).await?;
    }
    if let Some(Id(id)) = params.revise {
        form = super::items_revision::prefill(&state, &who, id).await?;
    }
    let target = FormFor {
        proposal,
        ..FormFor::default()
    };
    let page = form_page(
        &state,
        &who,
        &csrf.0.0,
        target,
        form,
        FieldErrors::default(),
    );
    Ok(Html(page.await?))
}

pub(super) fn form_of(f: &HashMap<String, String>) -> ItemForm {
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    ItemForm {
        title: get("title"),
        summary: get("summary"),
        issuers: get("issuers"),
        document_number: get("document_number"),
        formed_on: get("formed_on"),
        topic: get("topic"),
        genre: get("genre"),
        kind: get("kind"),
        article20: get("article20"),
        article21: get("article21"),
        attribute: get("attribute"),
        attribute_reason: get("attribute_reason"),
        scope: get("scope"),
        keywords: get("keywords"),
        body: get("body"),
        body_format: get("body_format"),
        revision_of: get("revision_of"),
        normative_registration: get("normative_registration"),
        changed_on: get("changed_on"),
        standard_row: get("standard_row"),
        interpretation: super::items_interpretation::fields_of(f),
    }
}

pub async fn create(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    require(&who, Permission::EditCatalogueItem)?;
    let proposal = super::items_proposal::named(&state, &who, &f).await?;
    let form = form_of(&f);
    let submit = f.get("do").map(String::as_str) == Some("submit");
    let checked = super::items_filing::validate(&state, who.agency.id, &form).await?;
    let refused = match &checked {
        Ok(m) if submit => super::items_interpretation::submission_refused(m, &f),
        _ => None,
    };
    let metadata = match (checked, refused) {
        (Ok(m), None) => m,
        (Err(errors), _) | (_, Some(errors)) => {
            let target = FormFor {
                proposal,
                reason: super::items_interpretation::reason_of(&f).unwrap_or_default(),
                ..FormFor::default()
            };
            let html = form_page(&state, &who, &csrf.0.0, target, form, errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
        }
    };
    let id = catalogue_work::draft(&state, who.agency.id, actor(&who), metadata).await?;
    if let Some(p) = proposal {
        super::items_proposal::take(&state, &who, p, id).await?;
    }
    if submit {
        let b = catalogue_work::load(&state, id).await?;
        let submit = super::items_interpretation::submitted(&f);
        if let Err(e) = catalogue_work::record(
            &state,
            &b,
            b.next_seq(),
            actor(&who),
            vec![submit],
            String::new(),
        )
        .await
        {
            return Err(record_error(e));
        }
    }
    Ok(Redirect::to(&format!("/items/{id}/manage")).into_response())
}

fn record_error(e: RecordError) -> AppError {
    match e {
        RecordError::Refused(m) => AppError::bad_request(m),
        RecordError::Stale => AppError::bad_request("该信息刚刚被他人更新，请刷新后重试。"),
        RecordError::Other(e) => e.into(),
    }
}

pub(super) async fn own_item(
    state: &AppState,
    who: &CurrentStaff,
    id: i64,
) -> AppResult<ItemBundle> {
    let b = catalogue_work::load(state, id).await?;
    if b.record.agency_id != who.agency.id {
        return Err(AppError::forbidden("该信息不属于本机关。"));
    }
    Ok(b)
}

pub async fn edit_form(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
) -> AppResult<Html<String>> {
    require(&who, Permission::EditCatalogueItem)?;
    let b = own_item(&state, &who, id).await?;
    let form = ItemForm::from(&b.view.metadata);
    let target = FormFor {
        editing: Some(id),
        proposal: None,
        refusal: b.view.refusal.clone(),
        reason: b.view.no_interpretation_reason.clone().unwrap_or_default(),
    };
    let page = form_page(
        &state,
        &who,
        &csrf.0.0,
        target,
        form,
        FieldErrors::default(),
    );
    Ok(Html(page.await?))
}

pub async fn update(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    require(&who, Permission::EditCatalogueItem)?;
    let b = own_item(&state, &who, id).await?;
    let form = form_of(&f);
    let submit = f.get("do").map(String::as_str) == Some("submit");
    let checked = super::items_filing::validate(&state, who.agency.id, &form).await?;
    let refused = match &checked {
        Ok(m) if submit => super::items_interpretation::submission_refused(m, &f),
        _ => None,
    };
    let mut metadata = match (checked, refused) {
        (Ok(m), None) => m,
        (Err(errors), _) | (_, Some(errors)) => {
            let target = FormFor {
                editing: Some(id),
                proposal: None,
                refusal: b.view.refusal.clone(),
                reason: super::items_interpretation::reason_of(&f).unwrap_or_default(),
            };
            let html = form_page(&state, &who, &csrf.0.0, target, form, errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
        }
    };
    // The file the body came from stays its source (changed only by
    // uploading another, `items_body`).
    metadata.body_source = b.view.metadata.body_source.clone();
    let mut actions = vec![ItemAction::Edited { metadata }];
    if submit {
        actions.push(super::items_interpretation::submitted(&f));
    }
    catalogue_work::record(
        &state,
        &b,
        b.next_seq(),
        actor(&who),
        actions,
        String::new(),
    )
    .await
    .map_err(record_error)?;
    Ok(Redirect::to(&format!("/items/{id}/manage")).into_response())
}

fn channels_in(f: &HashMap<String, String>) -> Vec<PublicationChannel> {
    PublicationChannel::ALL
        .into_iter()
        .filter(|c| f.contains_key(&format!("channel_{}", c.code())))
        .collect()
}

fn date_in(
    f: &HashMap<String, String>,
    label: &str,
    today: NaiveDate,
) -> Result<NaiveDate, String> {
    let v = f.get("date").map(|s| s.trim()).unwrap_or("");
    let d = NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map_err(|_| format!("请按 YYYY-MM-DD 填写{label}。"))?;
    gongkai_domain::dates::plausible(label, d, today)
}

pub async fn act(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let b = own_item(&state, &who, id).await?;
    let text = |k: &str| f.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
    let code = text("action");
    let permission = if matches!(code.as_str(), "approve" | "refuse") {
        Permission::ReviewCatalogueItem
    } else {
        Permission::HandleCatalogueItem
    };
    let parsed: Result<ItemCommand, String> = if let Err(refusal) =
        policy::may_here(&who.staff.roles, permission)
    {
        Err(refusal.0)
    } else {
        let record = |a: ItemAction| ItemCommand::Record(vec![a]);
        match code.as_str() {
            "submit" => Ok(ItemCommand::Submit {
                with_interpretation: Some(text("with_interpretation")).filter(|k| !k.is_empty()),
                no_interpretation_reason: super::items_interpretation::reason_of(&f),
            }),
            "link" => match text("item") {
                k if k.is_empty() => Err("请选择要关联的解读。".into()),
                k => Ok(ItemCommand::Link { item: k }),
            },
            "refuse" => Ok(record(ItemAction::Refused {
                reason: text("reason"),
            })),
            "approve" => match date_in(&f, "发布日期", state.clock.today()) {
                Ok(date) if date > state.clock.today() => Err("发布日期不能晚于今天。".into()),
                Ok(date) => Ok(ItemCommand::ApproveAndPublish {
                    review: text("review"),
                    date,
                    channels: channels_in(&f),
                }),
                Err(e) => Err(e),
            },
            "channels" => Ok(record(ItemAction::ChannelsRecorded {
                channels: channels_in(&f),
            })),
            "repeal" | "lapse" => {
                let repeal = code == "repeal";
                let label = if repeal {
                    "废止日期"
                } else {
                    "失效日期"
                };
                date_in(&f, label, state.clock.today()).map(|date| ItemCommand::EndValidity {
                    repeal,
                    date,
                    reason: text("reason"),
                    replaced_by_item: Some(text("replaced_by_item")).filter(|k| !k.is_empty()),
                    replaced_by_text: text("replaced_by_text"),
                })
            }
            "withdraw" => date_in(&f, "撤回日期", state.clock.today()).map(|date| {
                record(ItemAction::Withdrawn {
                    date,
                    note: text("note"),
                })
            }),
            other => Err(format!("未知的操作“{other}”。")),
        }
    };
    let expected: u32 = text("seq").parse().unwrap_or(0);
    let result = match parsed {
        Ok(command) => catalogue_work::execute(&state, &b, expected, actor(&who), command).await,
        Err(m) => Err(RecordError::Refused(m)),
    };
    let (status, notice, error) = match result {
        Ok(()) => (StatusCode::OK, Some(Notice::after(&code)), None),
        Err(RecordError::Refused(m)) => (StatusCode::UNPROCESSABLE_ENTITY, None, Some(m)),
        Err(RecordError::Stale) => (
            StatusCode::CONFLICT,
            None,
            Some("该信息刚刚被他人更新，本次操作未记录，请查看后重试。".to_string()),
        ),
        Err(RecordError::Other(e)) => return Err(e.into()),
    };
    let b = catalogue_work::load(&state, id).await?;
    let html = render_manage(&state, &b, &who, &csrf.0.0, notice, error).await?;
    Ok((status, Html(html)).into_response())
}

/// `POST /items/{id}/attachments`: attach a file (PDF, DOCX, XLSX, image).
pub async fn attach(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    mut multipart: axum::extract::Multipart,
) -> AppResult<Response> {
    require(&who, Permission::EditCatalogueItem)?;
    let b = own_item(&state, &who, id).await?;
    // Frozen in review: refused before the file is read or stored.
    if b.view.state.attachments_frozen() {
        let state_zh = b.view.state.label_zh();
        let why = gongkai_domain::catalogue::ItemError::AttachmentsFrozen { state: state_zh };
        let html = render_manage(&state, &b, &who, &csrf.0.0, None, Some(why.to_string())).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    }
    let mut result: Result<String, String> = Err("请选择要上传的附件。".into());
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_string();
        result = match field.bytes().await {
            Err(_) => Err("附件超过10MB或上传中断，请压缩后重新上传。".into()),
            Ok(bytes) => {
                match gongkai_app::uploads::store_document(&state.settings.data_dir, &name, &bytes)
                    .await
                {
                    Ok(f) => {
                        let name = f.filename.clone();
                        let file = gongkai_store::NewItemAttachment {
                            item_id: id,
                            sha256: f.sha256,
                            filename: f.filename,
                            content_type: f.content_type.into(),
                            size: f.size,
                        };
                        let nothing_else = (Vec::new(), String::new());
                        catalogue_work::attach(
                            &state,
                            &b,
                            b.next_seq(),
                            actor(&who),
                            vec![file],
                            nothing_else,
                        )
                        .await
                        .map(|()| format!("已上传附件“{name}”。"))
                        .map_err(|e| record_error(e).message)
                    }
                    Err(e) => Err(e.to_string()),
                }
            }
        };
    }
    super::items_manage::after_upload(&state, &who, &csrf.0.0, id, result).await
}
