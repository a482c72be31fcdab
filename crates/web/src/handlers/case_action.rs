//! `POST /cases/{number}/actions`: record one action on a case as an immutable
//! event. The form names the action and the sequence number it was shown
//! with, so two clerks cannot act on different versions of the case.

use std::collections::HashMap;

use crate::params::Path;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use gongkai_domain::access::Relation;
use gongkai_domain::application::DeliveryMethod;
use gongkai_domain::case::{ActionKind, CaseAction};
use gongkai_domain::deadline::{ConsultParty, ConsultationOutcome, ReceiptFacts};
use gongkai_domain::fees::FeeMethod;
use gongkai_domain::policy::{self, Permission};

use super::Csrf;
use super::case_show::render;
use crate::auth::CurrentStaff;
use crate::case_access::staff_case;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use gongkai_app::casework::{self, CaseBundle, RecordError, Recorded};
use gongkai_domain::access::CaseAccess;

type Fields = HashMap<String, String>;

fn text(f: &Fields, k: &str) -> String {
    f.get(k).map(|s| s.trim().to_string()).unwrap_or_default()
}

fn required(f: &Fields, k: &str, label: &str) -> Result<String, String> {
    let v = text(f, k);
    if v.is_empty() {
        Err(format!("请填写“{label}”。"))
    } else {
        Ok(v)
    }
}

/// A date of the form, plausible seen from `today` (`gongkai_domain::dates`;
/// the case rules then refuse one after today or before the receipt).
fn date(f: &Fields, k: &str, label: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let v = text(f, k);
    let d = NaiveDate::parse_from_str(&v, "%Y-%m-%d").map_err(|_| {
        if v.is_empty() {
            format!("请填写“{label}”。")
        } else {
            format!("“{label}”的日期“{v}”无效，请按 YYYY-MM-DD 填写。")
        }
    })?;
    gongkai_domain::dates::plausible(label, d, today)
}

fn number(f: &Fields, k: &str, label: &str) -> Result<u32, String> {
    let v = text(f, k);
    v.parse()
        .map_err(|_| format!("“{label}”应为整数，收到“{v}”。"))
}

/// Parse the form into an action, checking the staff member's role. The
/// error is a message for the page.
async fn parse(
    state: &AppState,
    b: &CaseBundle,
    who: &CurrentStaff,
    f: &Fields,
    today: NaiveDate,
) -> Result<(CaseAction, String), String> {
    let code = text(f, "action");
    // Who may record it (e.g. Art. 33(2): the reviewer decides an extension);
    // `act` has already refused staff outside the case's agency.
    if let Some(kind) = ActionKind::from_code(&code) {
        let p = Permission::RecordCaseAction(kind);
        policy::may_in(&who.staff.roles, p, Relation::OwnAgency).map_err(|r| r.0)?;
    }
    {
        let d = |k: &str, l: &str| date(f, k, l, today);
        let action = match code.as_str() {
            "confirm" => {
                let day = d("date", "日期")?;
                let facts = ReceiptFacts {
                    confirmed: Some(day),
                    ..Default::default()
                };
                let channel = b.case.channel;
                let receipt_date = gongkai_domain::deadline::receipt_date(channel, &facts)
                    .map_err(|e| e.to_string())?;
                CaseAction::ReceiptConfirmed {
                    channel,
                    receipt_date,
                    facts,
                }
            }
            "correction" => {
                let items: Vec<String> = text(f, "items")
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect();
                if items.is_empty() {
                    return Err(
                        "请逐行列明需要补正的事项（《条例》第三十条要求一次性告知）。".into(),
                    );
                }
                CaseAction::CorrectionRequested {
                    date: d("date", "日期")?,
                    items,
                    applicant_deadline: d("applicant_deadline", "补正期限")?,
                }
            }
            "correction_received" => CaseAction::CorrectionSubmitted {
                date: d("date", "日期")?,
                text: required(f, "text", "补正内容")?,
            },
            "correction_lapse" => CaseAction::CorrectionLapsed {
                date: d("date", "日期")?,
            },
            "consult" => {
                let party = match text(f, "party").as_str() {
                    "co_producing_agency" => ConsultParty::CoProducingAgency,
                    _ => ConsultParty::ThirdParty,
                };
                let id = b.view.consultations.iter().map(|c| c.id).max().unwrap_or(0) + 1;
                CaseAction::ConsultationStarted {
                    id,
                    date: d("date", "日期")?,
                    party,
                    party_name: required(f, "party_name", "第三方或机关名称")?,
                    matter: required(f, "matter", "征求意见的事项")?,
                }
            }
            "consult_end" => {
                let how = match text(f, "how").as_str() {
                    "timed_out" => ConsultationOutcome::TimedOut,
                    _ => ConsultationOutcome::Answered,
                };
                CaseAction::ConsultationEnded {
                    id: number(f, "id", "征求对象")?,
                    date: d("date", "日期")?,
                    how,
                    opinion: text(f, "opinion"),
                }
            }
            "extension_request" => CaseAction::ExtensionRequested {
                date: d("date", "日期")?,
                days: number(f, "days", "延长的工作日数")?,
                reason: required(f, "reason", "延期理由")?,
            },
            "extension_approve" => CaseAction::ExtensionApproved {
                date: d("date", "日期")?,
                days: number(f, "days", "批准的工作日数")?,
            },
            "extension_refuse" => CaseAction::ExtensionRefused {
                date: d("date", "日期")?,
                reason: required(f, "reason", "理由")?,
            },
            "fee_notice" => {
                let method = match text(f, "method").as_str() {
                    "by_volume" => FeeMethod::ByVolume {
                        pages: number(f, "pages", "页数")?,
                    },
                    _ => {
                        return Ok((
                            CaseAction::FeeNoticeIssued {
                                date: d("date", "日期")?,
                                method: FeeMethod::ByCount {
                                    ordinal_in_month: 0,
                                },
                                amount_yuan: 0,
                            },
                            text(f, "note"),
                        ));
                    }
                };
                CaseAction::FeeNoticeIssued {
                    date: d("date", "日期")?,
                    method,
                    amount_yuan: method.amount_yuan(),
                }
            }
            "fee_paid" => CaseAction::FeePaid {
                date: d("date", "日期")?,
            },
            "fee_lapse" => CaseAction::FeeLapsed {
                date: d("date", "日期")?,
            },
            "agency_deadline" => CaseAction::AgencyDeadlineSet {
                date: d("date", "日期")?,
                due: d("due", "答复期限")?,
                justification: required(f, "justification", "理由")?,
            },
            "decide" => {
                let date = d("date", "日期")?;
                return Ok((
                    super::case_decision::parse_decision(state, b, f, date).await?,
                    text(f, "note"),
                ));
            }
            "return_decision" => CaseAction::DecisionReturned {
                date: d("date", "日期")?,
                reason: required(f, "reason", "退回理由")?,
            },
            "withdraw" => CaseAction::Withdrawn {
                date: d("date", "日期")?,
                reason: text(f, "reason"),
            },
            "deliver" => {
                let method = DeliveryMethod::from_code(&text(f, "method"))
                    .ok_or_else(|| "请选择送达方式。".to_string())?;
                CaseAction::Delivered {
                    date: d("date", "日期")?,
                    method,
                }
            }
            "close" => CaseAction::Closed {
                date: d("date", "日期")?,
            },
            other => return Err(format!("未知的操作“{other}”。")),
        };
        Ok((action, text(f, "note")))
    }
}

pub async fn act(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(number): Path<String>,
    Form(f): Form<Fields>,
) -> AppResult<Response> {
    let (b, access) = staff_case(&state, &who, &number).await?;
    if access != CaseAccess::Full {
        return Err(AppError::forbidden(
            "只有受理机关的承办人、审核人可以办理该申请。",
        ));
    }
    let expected: u32 = text(&f, "seq").parse().unwrap_or(0);
    let today = state.clock.today();
    let outcome = if expected != b.next_seq() {
        // A form shown before the latest event: refuse it as stale.
        Err(RecordError::Stale)
    } else if text(&f, "action") == "sign_decision" {
        casework::sign(&state, &b, &who.staff, expected, text(&f, "note")).await
    } else {
        match parse(&state, &b, &who, &f, today).await {
            Ok((action, note)) => {
                casework::act(&state, &b, &who.staff, expected, action, note).await
            }
            Err(msg) => Err(RecordError::Refused(msg)),
        }
    };
    let (status, notice, error) = match outcome {
        Ok(Recorded::Drafted) => (
            StatusCode::OK,
            Some("已提交审核：该答复须经审核人签发后才生成答复书。".into()),
            None,
        ),
        Ok(Recorded::Issued(ids)) => {
            let docs = if ids.is_empty() {
                String::new()
            } else {
                format!("，生成文书{}份", ids.len())
            };
            (StatusCode::OK, Some(format!("已记录{docs}。")), None)
        }
        Err(RecordError::Refused(m)) => (StatusCode::UNPROCESSABLE_ENTITY, None, Some(m)),
        Err(RecordError::Stale) => (
            StatusCode::CONFLICT,
            None,
            Some("该案件刚刚被他人更新，本次操作未记录。请查看最新情况后重新操作。".into()),
        ),
        Err(RecordError::Other(gongkai_app::Error::Forbidden(m))) => {
            (StatusCode::FORBIDDEN, None, Some(m))
        }
        Err(RecordError::Other(e)) => return Err(e.into()),
    };
    let b = casework::load_case(&state, b.case).await?;
    let html = render(&state, &b, &who, &csrf.0.0, notice, error).await?;
    Ok((status, Html(html)).into_response())
}
