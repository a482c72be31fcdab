//! The letters of a case (登记回执, notices, replies): the templates they are
//! written from, their placeholder values, and the mail that sends them.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use gongkai_domain::case::{self, CaseAction, CaseEventRecord, CaseView};
use gongkai_domain::document::{self, Document, DocumentKind, date_cn};
use gongkai_store::{Agency, MailForEvent, Store};

use super::{CaseBundle, for_applicant};
use crate::{App, Error};

/// The template in force: the agency's edited one, or the default.
pub async fn template_for(
    state: &App,
    agency: &Agency,
    kind: DocumentKind,
) -> Result<String, Error> {
    template_in(state.store.as_ref(), agency, kind).await
}

async fn template_in(
    store: &dyn Store,
    agency: &Agency,
    kind: DocumentKind,
) -> Result<String, Error> {
    Ok(store
        .document_template(agency.id, &kind.key())
        .await?
        .unwrap_or_else(|| document::default_template(kind).to_string()))
}

/// The templates of the documents `action` issues
/// ([`case::documents_for`]), read before the transaction that stores them.
pub(super) struct Templates(Vec<(DocumentKind, String)>);

impl Templates {
    pub(super) async fn of(
        store: &dyn Store,
        agency: &Agency,
        action: &CaseAction,
    ) -> Result<Templates, Error> {
        let mut all = Vec::new();
        for issued in case::documents_for(action) {
            all.push((issued.kind, template_in(store, agency, issued.kind).await?));
        }
        Ok(Templates(all))
    }

    /// The documents of `event` (or why a template cannot be written), written from the templates with the case as
    /// it stands after the event (`view`).
    pub(super) fn render(
        &self,
        bundle: &CaseBundle,
        event: &CaseEventRecord,
        view: &CaseView,
    ) -> Result<Vec<Document>, String> {
        let vars = vars_for(bundle, event, view);
        let number = format!("{}-{:02}", bundle.case.number, event.seq);
        let agency = &bundle.agency.profile.full_name;
        let date = event.action.date();
        self.0
            .iter()
            .map(|(kind, template)| {
                document::render_template(*kind, template, &vars, agency, date, &number).map_err(
                    |e| {
                        format!(
                            "文书“{}”无法生成：{e}。请管理员检查该文书模板。",
                            kind.title_zh()
                        )
                    },
                )
            })
            .collect()
    }
}

/// The mail that sends the applicant the documents meant for them (none
/// without an e-mail address).
pub(super) fn mail_for(bundle: &CaseBundle, documents: &[Document]) -> Vec<MailForEvent> {
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
    // What a lapse notice names (the correction's deadline, the fee and its
    // due date) is the case's, whichever event issues the notice: the lapse
    // itself, or the decision recorded after it with the same outcome.
    let before = &bundle.view;
    let correction = view.correction.as_ref().or(before.correction.as_ref());
    put(
        "correction_deadline",
        fmt_date(correction.map(|c| c.applicant_deadline)),
    );
    if let Some(fee) = view.fee.as_ref().or(before.fee.as_ref()) {
        put("fee_amount", fee.amount_yuan.to_string());
        put("payment_due", fmt_date(fee.due));
    }
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
