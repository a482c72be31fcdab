//! `GET /cases/{number}`: the case page for staff — facts, every deadline
//! with its explanation, the timeline, documents, similar earlier
//! applications, appeals, and the actions the state allows.

use crate::params::Path;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use gongkai_app::casework::mark_code;
use gongkai_domain::application::DeliveryMethod;
use gongkai_domain::case::register::{AppealKind, AppealResult};
use gongkai_domain::case::{ActionKind, decidable_outcomes, next_actions, timeline_zh};
use gongkai_domain::deadline::ConsultParty;
use gongkai_domain::policy::{self, Permission};
use gongkai_domain::similarity::similarity;

/// How many of the applicant's latest earlier applications a case page
/// compares with this one.
const RELATED_CASES: u32 = 200;

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::case_access::{self, staff_case};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views::*;
use gongkai_app::casework::CaseBundle;
use gongkai_domain::access::{CaseAccess, Relation};

fn opt(value: &str, label: &str) -> Opt {
    Opt {
        value: value.into(),
        label: label.into(),
    }
}

fn date_field(name: &'static str, label: &'static str, value: String) -> ActionField {
    ActionField {
        name,
        label,
        kind: FieldKind::Date,
        value,
        options: Vec::new(),
    }
}

fn field(name: &'static str, label: &'static str, kind: FieldKind, value: String) -> ActionField {
    ActionField {
        name,
        label,
        kind,
        value,
        options: Vec::new(),
    }
}

fn select(name: &'static str, label: &'static str, options: Vec<Opt>) -> ActionField {
    ActionField {
        name,
        label,
        kind: FieldKind::Select,
        value: String::new(),
        options,
    }
}

fn form(
    code: &'static str,
    title: &'static str,
    button: &'static str,
    fields: Vec<ActionField>,
) -> ActionForm {
    ActionForm {
        code,
        title,
        button,
        fields,
    }
}

/// The forms of the actions the law allows next that this staff member may
/// record (`gongkai_domain::case::next_actions`, the rule the recording
/// command applies too).
fn actions(
    b: &CaseBundle,
    who: &CurrentStaff,
    relation: Relation,
    today: &str,
    choices: &Provisions,
) -> Vec<ActionForm> {
    next_actions(&b.events, &who.staff.roles, relation)
        .into_iter()
        .filter(|n| n.permitted.is_ok())
        .map(|n| action_form(n.kind, b, today, choices))
        .collect()
}

/// What a reply can provide, offered on the decision form: the files
/// uploaded for release and published items that match the request.
struct Provisions {
    files: Vec<gongkai_store::CaseAttachment>,
    matches: Vec<crate::views::PublishedMatch>,
}

fn action_form(kind: ActionKind, b: &CaseBundle, today: &str, choices: &Provisions) -> ActionForm {
    let d = || date_field("date", "日期", today.to_string());
    let area = |name, label| field(name, label, FieldKind::Area, String::new());
    match kind {
        ActionKind::Confirm => form(
            "confirm",
            "确认收到申请（第三十一条：以双方确认之日为收到申请之日）",
            "确认",
            vec![d()],
        ),
        ActionKind::Correction => form(
            "correction",
            "告知补正（第三十条，只能一次）",
            "发出补正告知书",
            vec![
                d(),
                area("items", "需要补正的事项（每行一项）"),
                date_field("applicant_deadline", "补正期限", String::new()),
            ],
        ),
        ActionKind::Consult => consult_form(today),
        ActionKind::ExtensionRequest => form(
            "extension_request",
            "申请延长答复期限（第三十三条，最长20个工作日，需审核人批准）",
            "提交延期申请",
            vec![
                d(),
                field("days", "延长的工作日数", FieldKind::Number, "20".into()),
                area("reason", "延期理由"),
            ],
        ),
        ActionKind::FeeNotice => fee_form(today),
        ActionKind::AgencyDeadline => form(
            "agency_deadline",
            "确定答复期限（第三十五条：大量、频繁申请）",
            "确定期限",
            vec![
                d(),
                date_field("due", "答复期限", String::new()),
                area("justification", "理由"),
            ],
        ),
        ActionKind::Decide => super::case_decision::decide_form(
            outcome_options(b),
            today,
            &choices.files,
            &choices.matches,
        ),
        ActionKind::SignDecision => super::case_decision::sign_form(),
        ActionKind::ReturnDecision => super::case_decision::return_form(today),
        ActionKind::CorrectionReceived => form(
            "correction_received",
            "收到补正后的申请（答复期限重新计算）",
            "记录",
            vec![d(), area("text", "补正内容")],
        ),
        ActionKind::CorrectionLapse => form(
            "correction_lapse",
            "逾期未补正（视为放弃申请，第三十条）",
            "记录",
            vec![d()],
        ),
        ActionKind::ConsultEnd => consult_end_form(b, today),
        ActionKind::ExtensionApprove => {
            let days = b.view.pending_extension.as_ref().map_or(20, |p| p.days);
            form(
                "extension_approve",
                "批准延期（审核人）",
                "批准",
                vec![
                    d(),
                    field(
                        "days",
                        "批准的工作日数",
                        FieldKind::Number,
                        days.to_string(),
                    ),
                ],
            )
        }
        ActionKind::ExtensionRefuse => form(
            "extension_refuse",
            "不予批准延期（审核人）",
            "不予批准",
            vec![d(), area("reason", "理由")],
        ),
        ActionKind::FeePaid => form("fee_paid", "已缴费", "记录", vec![d()]),
        ActionKind::FeeLapse => form("fee_lapse", "逾期未缴费（视为放弃申请）", "记录", vec![d()]),
        ActionKind::Deliver => form(
            "deliver",
            "送达答复（当面签收之日或交邮之日）",
            "记录送达",
            vec![
                d(),
                // The way the applicant asked for comes first (Art. 40).
                ActionField {
                    value: b.case.application.request.method.code().to_string(),
                    ..select(
                        "method",
                        "送达方式（默认为申请人选择的方式）",
                        DeliveryMethod::ALL
                            .iter()
                            .map(|m| opt(m.code(), m.label()))
                            .collect(),
                    )
                },
            ],
        ),
        ActionKind::Close => form("close", "办结", "办结", vec![d()]),
        ActionKind::Withdraw => form(
            "withdraw",
            "申请人撤回申请",
            "记录撤回",
            vec![d(), field("reason", "说明", FieldKind::Text, String::new())],
        ),
    }
}

fn consult_form(today: &str) -> ActionForm {
    form(
        "consult",
        "征求意见（第三十二条、第三十四条，期间不计入答复期限）",
        "发出征求意见函",
        vec![
            date_field("date", "日期", today.to_string()),
            select(
                "party",
                "征求对象",
                vec![
                    opt("third_party", ConsultParty::ThirdParty.label_zh()),
                    opt(
                        "co_producing_agency",
                        ConsultParty::CoProducingAgency.label_zh(),
                    ),
                ],
            ),
            field(
                "party_name",
                "第三方或机关名称",
                FieldKind::Text,
                String::new(),
            ),
            field("matter", "征求意见的事项", FieldKind::Area, String::new()),
        ],
    )
}

fn fee_form(today: &str) -> ActionForm {
    form(
        "fee_notice",
        "收取信息处理费（第四十二条、国办函〔2020〕109号，按件或按量择一）",
        "发出收费通知书",
        vec![
            date_field("date", "申请人收到通知之日", today.to_string()),
            select(
                "method",
                "计收方式",
                vec![
                    opt("by_count", "按件计收（按本月申请件数）"),
                    opt("by_volume", "按量计收（按页数）"),
                ],
            ),
            field(
                "pages",
                "页数（按量计收时填写）",
                FieldKind::Number,
                String::new(),
            ),
        ],
    )
}

/// The outcomes the clerk may choose now, with their article.
fn outcome_options(b: &CaseBundle) -> Vec<Opt> {
    decidable_outcomes(&b.events)
        .into_iter()
        .map(|o| {
            opt(
                o.code(),
                &format!("{}（{}）", o.label(), o.article().unwrap_or("—")),
            )
        })
        .collect()
}

fn consult_end_form(b: &CaseBundle, today: &str) -> ActionForm {
    let open: Vec<Opt> = b
        .view
        .consultations
        .iter()
        .filter(|c| c.ended.is_none())
        .map(|c| {
            opt(
                &c.id.to_string(),
                &format!("{}（{}）", c.party_name, c.party.label_zh()),
            )
        })
        .collect();
    form(
        "consult_end",
        "征求意见结束",
        "记录",
        vec![
            date_field("date", "日期", today.to_string()),
            select("id", "征求对象", open),
            select(
                "how",
                "结果",
                vec![opt("answered", "已答复"), opt("timed_out", "逾期未答复")],
            ),
            field("opinion", "意见", FieldKind::Area, String::new()),
        ],
    )
}

pub async fn staff_view(
    state: &AppState,
    b: &CaseBundle,
    who: &CurrentStaff,
) -> AppResult<(StaffCaseView, Relation)> {
    let v = &b.view;
    let app = &b.case.application;
    let (access, relation) = case_access::level(state, who, b.case.agency_id).await?;
    let Some(shown) = access.applicant(&app.applicant) else {
        return Err(AppError::forbidden(CaseAccess::refusal_zh(relation)));
    };
    let mut deadlines = Vec::new();
    if let Some(d) = &v.deadlines {
        for due in [&d.reply_due, &d.correction_notice_due, &d.payment_due]
            .into_iter()
            .flatten()
        {
            deadlines.push(DueView {
                title: due.title.to_string(),
                date: due.date.to_string(),
                provisional: due.provisional,
                basis: due.basis.clone(),
                explanation: due.render_zh(),
            });
        }
        for (_, due) in &d.consultations {
            deadlines.push(DueView {
                title: due.title.to_string(),
                date: due.date.to_string(),
                provisional: due.provisional,
                basis: due.basis.clone(),
                explanation: due.render_zh(),
            });
        }
    }
    let notes = v
        .deadlines
        .as_ref()
        .map(|d| d.notes.clone())
        .unwrap_or_default();
    // Similar earlier applications of the same applicant, for the （五）2
    // decision: the latest ones, with their outcome from the read model.
    let related = if access.may_see_related_cases() {
        let earlier = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH..b.case.submitted_at;
        state
            .store
            .cases_of_applicant(
                b.case.agency_id,
                &b.case.applicant_key,
                earlier,
                RELATED_CASES,
            )
            .await?
    } else {
        Vec::new()
    };
    let mut repeats = Vec::new();
    let mut identity_flags = Vec::new();
    for other in related {
        // One ID number under two names: a mistyped number, or someone
        // applying in another's name — the clerk checks the identity proof.
        let other_name = &other.case.application.applicant.name;
        if other_name != &app.applicant.name && identity_flags.len() < 3 {
            identity_flags.push(format!(
                "同一证件号码曾以“{other_name}”的名义提出申请（{}），与本申请的申请人姓名不同，请核对身份证明。",
                other.case.number
            ));
        }
        let s = similarity(
            &app.request.description,
            &other.case.application.request.description,
        );
        if s >= 0.3 {
            repeats.push(RepeatView {
                number: other.case.number.clone(),
                date: gongkai_app::clock::beijing(other.case.submitted_at)
                    .date_naive()
                    .to_string(),
                similarity: (s * 100.0).round() as u32,
                description: other
                    .case
                    .application
                    .request
                    .description
                    .chars()
                    .take(80)
                    .collect(),
                outcome: other.snapshot.outcome.map(|o| o.label().to_string()),
            });
        }
    }
    let documents = if access.may_download_documents() {
        state.store.case_documents(b.case.id).await?
    } else {
        Vec::new()
    }
    .into_iter()
    .map(|d| DocLink {
        id: d.id,
        title: d.document.title,
        date: d.document.date.to_string(),
    })
    .collect();
    let all_attachments = if access.may_download_id_proof() {
        state.store.case_attachments(b.case.id).await?
    } else {
        Vec::new()
    };
    let may_release = access == CaseAccess::Full && b.view.outcome.is_none() && b.view.is_open;
    let choices = Provisions {
        files: all_attachments
            .iter()
            .filter(|a| a.purpose == gongkai_app::casework::release::RELEASED)
            .cloned()
            .collect(),
        // Art. 36(一): information already public is pointed to, not sent.
        matches: if may_release {
            super::apply::published_matches(state, &app.request.description).await
        } else {
            Vec::new()
        },
    };
    let attachments = if access.may_download_id_proof() {
        all_attachments
            .into_iter()
            .map(|a| AttachmentView {
                id: a.id,
                purpose: a.purpose,
                filename: a.filename,
                size_kb: (a.size + 1023) / 1024,
            })
            .collect()
    } else {
        Vec::new()
    };
    let appeals = state
        .store
        .appeals_of_case(b.case.id)
        .await?
        .into_iter()
        .map(|a| AppealView {
            id: a.id,
            pending: a.summary.result == AppealResult::Pending,
            kind: a.summary.kind.label_zh().into(),
            body: a.body,
            filed_on: a.summary.filed_on.to_string(),
            result: a.summary.result.label_zh().into(),
            decided_on: a
                .summary
                .decided_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
        })
        .collect();
    // Personal data as the access policy shows it (masked for supervisors).
    let id_text = format!(
        "{} {}",
        shown.id_document,
        shown.id_number.as_deref().unwrap_or("（不显示）")
    );
    let contact = [shown.phone, shown.email, shown.address]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("；");
    let view = StaffCaseView {
        number: b.case.number.clone(),
        mark: v.mark.label_zh().into(),
        mark_code: mark_code(v.mark),
        state: v.state.label_zh().into(),
        channel: b.case.channel.label().into(),
        receipt_date: v.receipt_date.map_or("待确认".into(), |d| d.to_string()),
        reply_due: v.reply_due.map_or("—".into(), |d| d.to_string()),
        outcome: v
            .outcome
            .map(|o| format!("{}（{}）", o.label(), o.article().unwrap_or("—"))),
        applicant_name: shown.name,
        applicant_type: app.applicant.kind.full_label(),
        applicant_id: id_text,
        applicant_contact: contact,
        description: app.request.description.clone(),
        document_number: app.request.document_number.clone(),
        delivery: format!(
            "{}，{}",
            app.request.form.label(),
            app.request.method.label()
        ),
        deadlines,
        notes,
        anomalies: v.anomalies.iter().map(|a| a.message.clone()).collect(),
        repeats,
        timeline: timeline_zh(&b.events),
        documents,
        attachments,
        actions: actions(b, who, relation, &state.clock.today().to_string(), &choices),
        draft: super::case_decision::draft_view(state, b).await?,
        identity_flags,
        may_release,
        may_reissue_code: access == CaseAccess::Full
            && policy::may_in(&who.staff.roles, Permission::RegisterApplication, relation).is_ok(),
        appeals,
        proactive: super::case_proactive::view(state, b, who, relation).await?,
        next_seq: b.next_seq(),
    };
    Ok((view, relation))
}

pub async fn render(
    state: &AppState,
    b: &CaseBundle,
    who: &CurrentStaff,
    csrf: &str,
    notice: Option<String>,
    error: Option<String>,
) -> AppResult<String> {
    let (c, relation) = staff_view(state, b, who).await?;
    Ok(CasePage {
        chrome: Chrome::new(Some(who), csrf),
        c,
        notice,
        error,
        can_record_appeal: policy::may_in(&who.staff.roles, Permission::RecordAppeal, relation)
            .is_ok(),
        appeal_kinds: AppealKind::ALL
            .iter()
            .map(|k| opt(k.code(), k.label_zh()))
            .collect(),
        appeal_results: AppealResult::ALL
            .iter()
            .map(|r| opt(r.code(), r.label_zh()))
            .collect(),
    }
    .render()?)
}

pub async fn show(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(number): Path<String>,
) -> AppResult<Html<String>> {
    let (b, _) = staff_case(&state, &who, &number).await?;
    Ok(Html(render(&state, &b, &who, &csrf.0.0, None, None).await?))
}
