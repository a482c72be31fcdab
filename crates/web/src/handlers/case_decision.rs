//! The reply decision on the case page: the clerk's form (with the files
//! released and the catalogue items pointed to), the reviewer's 签发 and
//! 退回 with the draft letter in front of him, and `POST
//! /cases/{number}/released` to upload a file for release. The rules are
//! the app's (`casework::act`, `casework::release`).

use std::collections::HashMap;

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use gongkai_app::casework::{self, CaseBundle, release};
use gongkai_domain::access::CaseAccess;
use gongkai_domain::case::CaseAction;
use gongkai_domain::document::Block;
use gongkai_domain::vocabulary::Outcome;
use gongkai_store::CaseAttachment;

use super::Csrf;
use super::case_show::render;
use crate::auth::CurrentStaff;
use crate::case_access::staff_case;
use crate::error::{AppError, AppResult};
use crate::params::Path;
use crate::state::AppState;
use crate::views::{ActionField, ActionForm, DraftView, FieldKind, Opt, PublishedMatch};

type Fields = HashMap<String, String>;

fn text(f: &Fields, k: &str) -> String {
    f.get(k).map(|s| s.trim().to_string()).unwrap_or_default()
}

fn field(name: &'static str, label: &'static str, kind: FieldKind) -> ActionField {
    ActionField {
        name,
        label,
        kind,
        value: String::new(),
        options: Vec::new(),
    }
}

fn date_field(today: &str) -> ActionField {
    ActionField {
        value: today.to_string(),
        ..field("date", "日期", FieldKind::Date)
    }
}

/// The clerk's decision form: one statutory outcome, the 获取方式 and the
/// reasons as two texts (a 部分公开 letter prints both), the released files
/// to choose, the published items that match the request to tick and
/// others by number.
pub(super) fn decide_form(
    outcomes: Vec<Opt>,
    today: &str,
    files: &[CaseAttachment],
    matches: &[PublishedMatch],
) -> ActionForm {
    let mut fields = vec![
        date_field(today),
        ActionField {
            options: outcomes,
            ..field("outcome", "答复类型", FieldKind::Select)
        },
        field(
            "access_method",
            "获取方式（予以公开、部分公开、已主动公开时填写，如：随本告知书提供电子文件）",
            FieldKind::Area,
        ),
        field(
            "reasoning",
            "理由（不予公开部分或不予公开、无法提供、不予处理的理由及依据）",
            FieldKind::Area,
        ),
        field(
            "referred_to",
            "负责公开的机关（不属于本机关时填写）",
            FieldKind::Text,
        ),
        field(
            "items",
            "已主动公开的信息（目录中的信息编号，每行一个；信息页网址 /items/ 后的数字）",
            FieldKind::Area,
        ),
    ];
    if !matches.is_empty() {
        fields.push(ActionField {
            options: matches
                .iter()
                .map(|m| Opt {
                    value: m.id.to_string(),
                    label: format!(
                        "{}（{}，{}发布，编号{}）",
                        m.title, m.agency_name, m.published_on, m.id
                    ),
                })
                .collect(),
            ..field(
                "item",
                "与本申请相符的已公开信息（已主动公开的，勾选后答复书列明）",
                FieldKind::Checks,
            )
        });
    }
    if !files.is_empty() {
        fields.push(ActionField {
            options: files
                .iter()
                .map(|a| Opt {
                    value: a.id.to_string(),
                    label: a.filename.clone(),
                })
                .collect(),
            ..field("file", "随答复提供的文件", FieldKind::Checks)
        });
    }
    ActionForm {
        code: "decide",
        title: "作出答复决定（只能选择一种法定情形；须审核签发的答复先提交审核）",
        button: "提交答复决定",
        fields,
    }
}

pub(super) fn sign_form() -> ActionForm {
    ActionForm {
        code: "sign_decision",
        title: "审核签发拟办答复（审核人）",
        button: "审核通过并签发",
        fields: vec![field("note", "签发意见（可不填）", FieldKind::Text)],
    }
}

pub(super) fn return_form(today: &str) -> ActionForm {
    ActionForm {
        code: "return_decision",
        title: "退回拟办答复（审核人）",
        button: "退回修改",
        fields: vec![
            date_field(today),
            field("reason", "退回理由", FieldKind::Area),
        ],
    }
}

fn ids(raw: &str, what: &str) -> Result<Vec<i64>, String> {
    raw.split(|c: char| c.is_whitespace() || c == ',' || c == '，')
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<i64>()
                .map_err(|_| format!("{what}“{s}”不是编号：请每行填写一个数字编号，如 42。"))
        })
        .collect()
}

/// The clerk's decision from the form (the command decides whether it is
/// issued or drafted for approval).
pub(super) async fn parse_decision(
    state: &AppState,
    b: &CaseBundle,
    f: &Fields,
    date: NaiveDate,
) -> Result<CaseAction, String> {
    let outcome = Outcome::from_code(&text(f, "outcome"))
        .ok_or_else(|| "请选择一种答复类型。".to_string())?;
    let reasoning = text(f, "reasoning");
    let access_method = text(f, "access_method");
    if reasoning.is_empty() && access_method.is_empty() {
        return Err(
            "请填写获取方式或理由：答复书须写明获取方式，或不予公开、无法提供的理由。".into(),
        );
    }
    let files: Vec<i64> = f
        .keys()
        .filter_map(|k| k.strip_prefix("file_"))
        .map(|id| {
            id.parse()
                .map_err(|_| "所选文件无效，请刷新页面后重新选择。".to_string())
        })
        .collect::<Result<_, _>>()?;
    let mut items = ids(&text(f, "items"), "已主动公开信息的编号")?;
    let mut ticked = f
        .keys()
        .filter_map(|k| k.strip_prefix("item_"))
        .map(|id| {
            id.parse::<i64>()
                .map_err(|_| "所选的已公开信息无效，请刷新页面后重新选择。".to_string())
        })
        .collect::<Result<Vec<_>, _>>()?;
    ticked.sort_unstable();
    for id in ticked {
        if !items.contains(&id) {
            items.push(id);
        }
    }
    let provided = release::provided(state, b, &files, &items)
        .await
        .map_err(|e| e.to_string())?;
    Ok(CaseAction::OutcomeDecided {
        date,
        outcome,
        reasoning,
        referred_to: Some(text(f, "referred_to")).filter(|s| !s.is_empty()),
        access_method,
        provided,
    })
}

/// The pending draft as the reviewer reads it: the letter's text and how
/// long it has waited (in working days).
pub(super) async fn draft_view(state: &AppState, b: &CaseBundle) -> AppResult<Option<DraftView>> {
    let Some(d) = &b.view.pending_decision else {
        return Ok(None);
    };
    let Some(letter) = casework::draft_letter(state, b).await? else {
        return Ok(None);
    };
    let today = state.clock.today();
    let drafter = b
        .events
        .iter()
        .rev()
        .find(|e| matches!(e.action, CaseAction::DecisionDrafted { .. }))
        .map(|e| e.actor.label_zh().to_string())
        .unwrap_or_default();
    let paragraphs = letter.body.iter().map(Block::plain_text).collect();
    Ok(Some(DraftView {
        outcome: d.outcome.label().to_string(),
        drafter,
        drafted_on: d.drafted_on.to_string(),
        waited: b.calendar.working_days_between(d.drafted_on, today),
        title: letter.title,
        recipient: letter.recipient,
        paragraphs,
        issuer: letter.issuer,
    }))
}

/// `POST /cases/{number}/released`: upload a file to release with the reply.
pub async fn upload(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(number): Path<String>,
    mut multipart: Multipart,
) -> AppResult<Response> {
    let (b, access) = staff_case(&state, &who, &number).await?;
    if access != CaseAccess::Full {
        return Err(AppError::forbidden(
            "只有受理机关的承办人、审核人可以办理该申请。",
        ));
    }
    let mut result: Result<String, String> = Err("请选择要上传的文件。".into());
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_string();
        result = match field.bytes().await {
            Err(_) => Err("文件超过10MB或上传中断，请压缩后重新上传。".into()),
            Ok(bytes) => release::upload_released(&state, &b, &who.staff, &name, &bytes)
                .await
                .map(|n| format!("已上传拟提供的信息“{n}”，作出答复决定时勾选即可随答复提供。"))
                .map_err(|e| e.to_string()),
        };
    }
    let (status, notice, error) = match result {
        Ok(n) => (StatusCode::OK, Some(n), None),
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, None, Some(e)),
    };
    let b = casework::load_case(&state, b.case).await?;
    let html = render(&state, &b, &who, &csrf.0.0, notice, error).await?;
    Ok((status, Html(html)).into_response())
}
