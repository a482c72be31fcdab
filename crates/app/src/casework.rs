//! Recording actions on a case: check them against the law (domain), issue
//! the documents they call for from the agency's templates, queue the mail to
//! the applicant, and append all of it in one transaction.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use gongkai_domain::application::IdDocument;
use gongkai_domain::calendar::Calendar;
use gongkai_domain::case::{self, Actor, CaseAction, CaseEventRecord, CaseView};
use gongkai_domain::document::{self, Document, DocumentKind, date_cn};
use gongkai_store::{Agency, Case, MailForEvent, StoreError};
use rand::Rng;
use sha2::{Digest, Sha256};

use crate::{App, Error};

pub use crate::error::RecordError;

/// A case with everything needed to show it or act on it.
pub struct CaseBundle {
    pub case: Case,
    pub agency: Agency,
    pub events: Vec<CaseEventRecord>,
    pub calendar: Calendar,
    pub view: CaseView,
}

impl CaseBundle {
    pub fn next_seq(&self) -> u32 {
        self.events.last().map_or(1, |e| e.seq + 1)
    }
}

/// The query code's alphabet: no 0/O, 1/I/L to avoid misreading.
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

pub fn new_query_code() -> String {
    let mut rng = rand::thread_rng();
    (0..8)
        .map(|_| CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())] as char)
        .collect()
}

pub fn code_hash(code: &str) -> String {
    hex::encode(Sha256::digest(code.trim().to_uppercase().as_bytes()))
}

/// One applicant across applications: their identity document and number.
pub fn applicant_key(id_document: IdDocument, id_number: &str) -> String {
    hex::encode(Sha256::digest(
        format!("{}:{}", id_document.code(), id_number).as_bytes(),
    ))
}

pub async fn load(state: &App, number: &str) -> Result<CaseBundle, Error> {
    let case = state
        .store
        .case_by_number(number)
        .await?
        .ok_or_else(|| Error::not_found(format!("编号为“{number}”的申请")))?;
    load_case(state, case).await
}

pub async fn load_case(state: &App, case: Case) -> Result<CaseBundle, Error> {
    let agency = state
        .store
        .agency(case.agency_id)
        .await?
        .ok_or_else(|| Error::internal("case without agency"))?;
    let events = state.store.case_events(case.id).await?;
    let calendar = gongkai_store::calendar_in_force(state.store.as_ref()).await?;
    let view = case::fold(&events, &calendar, state.clock.today());
    Ok(CaseBundle {
        case,
        agency,
        events,
        calendar,
        view,
    })
}

/// Open a case with its first event; returns the creation result and the
/// applicant's query code (meaningful only for a new case).
pub async fn open_case(
    state: &App,
    agency_id: gongkai_store::AgencyId,
    channel: gongkai_domain::vocabulary::Channel,
    application: gongkai_domain::application::Application,
    actor: Actor,
    first: CaseAction,
    idempotency_key: Option<String>,
) -> Result<(gongkai_store::CaseCreated, String), Error> {
    let query_code = new_query_code();
    let now = state.clock.now();
    let key = applicant_key(
        application.applicant.id_document,
        &application.applicant.id_number,
    );
    let created = state
        .store
        .create_case(&gongkai_store::NewCase {
            agency_id,
            query_code_hash: code_hash(&query_code),
            channel,
            application,
            applicant_key: key,
            submitted_at: now,
            idempotency_key,
            first_event: CaseEventRecord {
                seq: 1,
                at: now,
                actor,
                action: first,
                note: String::new(),
            },
        })
        .await?;
    if matches!(created, gongkai_store::CaseCreated::New { .. }) {
        let bundle = load(state, created.number()).await?;
        issue_for_recorded(state, &bundle, 1).await?;
    }
    Ok((created, query_code))
}

/// This application's place among the applicant's applications to this
/// agency in its calendar month (109号: fees by count).
pub async fn ordinal_in_month(state: &App, b: &CaseBundle) -> Result<u32, Error> {
    let key = |c: &Case| {
        let day = crate::clock::beijing(c.submitted_at).date_naive();
        (day, (c.submitted_at, c.id))
    };
    let register: Vec<_> = state
        .store
        .cases_of_applicant(b.case.agency_id, &b.case.applicant_key)
        .await?
        .iter()
        .map(key)
        .collect();
    Ok(gongkai_domain::fees::ordinal_in_month(
        &key(&b.case),
        &register,
    ))
}

/// The queue mark as the code pages and the API use.
pub fn mark_code(m: case::QueueMark) -> &'static str {
    match m {
        case::QueueMark::Overdue => "overdue",
        case::QueueMark::DueSoon => "due_soon",
        case::QueueMark::Normal => "normal",
        case::QueueMark::Finished => "finished",
    }
}

/// Fees by count: the month's ordinal comes from the register (109号); any
/// other action is returned as it is.
pub async fn with_fee_ordinal(
    state: &App,
    b: &CaseBundle,
    action: CaseAction,
) -> Result<CaseAction, Error> {
    match action {
        CaseAction::FeeNoticeIssued {
            method: gongkai_domain::fees::FeeMethod::ByCount { .. },
            ..
        } => Ok(action.with_month_ordinal(ordinal_in_month(state, b).await?)),
        other => Ok(other),
    }
}

/// Documents the applicant receives: the domain's rule
/// ([`gongkai_domain::case::goes_to_applicant`]).
pub use gongkai_domain::case::goes_to_applicant as for_applicant;

/// Record `action` as the event after `expected_seq - 1`.
pub async fn record(
    state: &App,
    bundle: &CaseBundle,
    expected_seq: u32,
    actor: Actor,
    action: CaseAction,
    note: String,
) -> Result<Vec<i64>, RecordError> {
    if expected_seq != bundle.next_seq() {
        return Err(RecordError::Stale);
    }
    case::check_action(&bundle.events, &action, &bundle.calendar)
        .map_err(|e| RecordError::Refused(e.to_string()))?;
    let event = CaseEventRecord {
        seq: expected_seq,
        at: state.clock.now(),
        actor,
        action,
        note,
    };
    let mut after = bundle.events.clone();
    after.push(event.clone());
    let today = state.clock.today();
    let view_after = case::fold(&after, &bundle.calendar, today);
    let documents = render_documents(state, bundle, &event, &view_after).await?;
    let mail = mail_for(bundle, &documents);
    match state
        .store
        .append_case_event(bundle.case.id, &event, &documents, &mail)
        .await
    {
        Ok(ids) => {
            if !mail.is_empty() {
                state.mail_wake.notify_one();
            }
            Ok(ids)
        }
        Err(StoreError::Conflict(gongkai_store::Conflict::CaseEventSeq)) => Err(RecordError::Stale),
        Err(e) => Err(RecordError::Other(e.into())),
    }
}

/// Issue the documents of an event already recorded (the first event of a
/// case registered by a clerk).
pub async fn issue_for_recorded(
    state: &App,
    bundle: &CaseBundle,
    seq: u32,
) -> Result<Vec<i64>, Error> {
    let Some(event) = bundle.events.iter().find(|e| e.seq == seq) else {
        return Ok(Vec::new());
    };
    let documents = match render_documents(state, bundle, event, &bundle.view).await {
        Ok(d) => d,
        Err(RecordError::Other(e)) => return Err(e),
        Err(RecordError::Refused(m)) => return Err(Error::internal(m)),
        Err(RecordError::Stale) => return Ok(Vec::new()),
    };
    let mail = mail_for(bundle, &documents);
    let ids = state
        .store
        .issue_documents(bundle.case.id, seq, &documents, &mail)
        .await?;
    if !mail.is_empty() {
        state.mail_wake.notify_one();
    }
    Ok(ids)
}

/// The template in force: the agency's edited one, or the default.
pub async fn template_for(
    state: &App,
    agency: &Agency,
    kind: DocumentKind,
) -> Result<String, Error> {
    Ok(state
        .store
        .document_template(agency.id, &kind.key())
        .await?
        .unwrap_or_else(|| document::default_template(kind).to_string()))
}

async fn render_documents(
    state: &App,
    bundle: &CaseBundle,
    event: &CaseEventRecord,
    view: &CaseView,
) -> Result<Vec<Document>, RecordError> {
    let mut docs = Vec::new();
    for kind in case::documents_for(&event.action)
        .into_iter()
        .map(|d| d.kind)
    {
        let template = template_for(state, &bundle.agency, kind).await?;
        let vars = vars_for(bundle, event, view);
        let date = event.action.date();
        let number = format!("{}-{:02}", bundle.case.number, event.seq);
        let doc = document::render_template(
            kind,
            &template,
            &vars,
            &bundle.agency.profile.full_name,
            date,
            &number,
        )
        .map_err(|e| {
            RecordError::Refused(format!(
                "文书“{}”无法生成：{e}。请管理员检查该文书模板。",
                kind.title_zh()
            ))
        })?;
        docs.push(doc);
    }
    Ok(docs)
}

fn mail_for(bundle: &CaseBundle, documents: &[Document]) -> Vec<MailForEvent> {
    let Some(email) = bundle.case.application.applicant.email.clone() else {
        return Vec::new();
    };
    documents
        .iter()
        .enumerate()
        .filter(|(_, d)| for_applicant(d.kind))
        .map(|(i, d)| MailForEvent {
            to_address: email.clone(),
            subject: format!("【{}】{}（申请编号{}）", bundle.agency.profile.short_name, d.title, bundle.case.number),
            body: format!(
                "{}：\n\n您的政府信息公开申请（编号{}）有新的文书：{}，见附件。\n也可凭申请编号和查询码在政府信息公开平台查询办理进度、下载文书。\n\n{}\n",
                bundle.case.application.applicant.name, bundle.case.number, d.title, bundle.agency.profile.full_name
            ),
            attach_document: Some(i),
        })
        .collect()
}

fn fmt_date(d: Option<NaiveDate>) -> String {
    d.map(date_cn).unwrap_or_default()
}

/// The placeholder values for the documents of `event`.
fn vars_for(
    bundle: &CaseBundle,
    event: &CaseEventRecord,
    view: &CaseView,
) -> BTreeMap<String, String> {
    let app = &bundle.case.application;
    let office = &bundle.agency.profile.office;
    let mut v = BTreeMap::new();
    let mut put = |k: &str, val: String| {
        v.insert(k.to_string(), val);
    };
    put("case_number", bundle.case.number.clone());
    put("applicant_name", app.applicant.name.clone());
    put("receipt_date", fmt_date(view.receipt_date));
    put("description", app.request.description.clone());
    put(
        "document_number",
        app.request.document_number.clone().unwrap_or_default(),
    );
    let contact = [office.name.as_str(), office.phone.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("，电话");
    put("contact", contact);
    put("channel", bundle.case.channel.label().to_string());
    put("reply_due", fmt_date(view.reply_due));
    match &event.action {
        CaseAction::CorrectionRequested {
            items,
            applicant_deadline,
            ..
        } => {
            put(
                "correction_items",
                items
                    .iter()
                    .enumerate()
                    .map(|(i, s)| format!("{}. {s}", i + 1))
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
            put("correction_deadline", date_cn(*applicant_deadline));
        }
        CaseAction::ConsultationStarted {
            id,
            party_name,
            matter,
            ..
        } => {
            let due = view
                .consultations
                .iter()
                .find(|c| c.id == *id)
                .and_then(|c| c.due);
            put("third_party_name", party_name.clone());
            put("co_producer_name", party_name.clone());
            put("consultation_due", fmt_date(due));
            put("reasoning", matter.clone());
        }
        CaseAction::ExtensionApproved { days, .. } => {
            let reason = bundle
                .view
                .pending_extension
                .as_ref()
                .map(|p| p.reason.clone())
                .unwrap_or_default();
            put("extension_days", days.to_string());
            put("reply_due", fmt_date(bundle.view.reply_due));
            put("extended_due", fmt_date(view.reply_due));
            put("reasoning", reason);
        }
        CaseAction::FeeNoticeIssued {
            method,
            amount_yuan,
            ..
        } => {
            put(
                "fee_method",
                match method {
                    gongkai_domain::fees::FeeMethod::ByCount { .. } => "按件计收".into(),
                    gongkai_domain::fees::FeeMethod::ByVolume { .. } => "按量计收".into(),
                },
            );
            put("fee_detail", method.describe_zh());
            put("fee_amount", amount_yuan.to_string());
            put(
                "payment_due",
                fmt_date(view.fee.as_ref().and_then(|f| f.due)),
            );
            put(
                "payment_channel",
                format!(
                    "请到{}或按本机关告知的账户缴纳",
                    if office.address.is_empty() {
                        "本机关"
                    } else {
                        office.address.as_str()
                    }
                ),
            );
        }
        CaseAction::OutcomeDecided {
            reasoning,
            referred_to,
            ..
        } => {
            put("reasoning", reasoning.clone());
            put("access_method", reasoning.clone());
            put(
                "referred_to",
                referred_to
                    .clone()
                    .unwrap_or_else(|| "（暂无法确定负责公开该信息的机关）".into()),
            );
        }
        CaseAction::CorrectionLapsed { .. } => {
            let deadline = bundle
                .view
                .correction
                .as_ref()
                .map(|c| c.applicant_deadline);
            put("correction_deadline", fmt_date(deadline));
            put(
                "reasoning",
                "申请人无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。"
                    .into(),
            );
        }
        CaseAction::FeeLapsed { .. } => {
            let fee = bundle.view.fee.as_ref();
            put(
                "fee_amount",
                fee.map(|f| f.amount_yuan.to_string()).unwrap_or_default(),
            );
            put("payment_due", fmt_date(fee.and_then(|f| f.due)));
            put("reasoning", "申请人逾期未按收费通知要求缴纳费用，视为放弃申请，本机关不再处理该政府信息公开申请。".into());
        }
        _ => {}
    }
    v
}
