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
pub(super) struct Templates(Vec<(DocumentKind, String)>, Vec<(&'static str, String)>);

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
        let redress = if all.is_empty() {
            Vec::new()
        } else {
            redress_vars(store, agency).await?
        };
        Ok(Templates(all, redress))
    }

    /// A value the case does not hold (the query code, known only when the
    /// case is opened).
    pub(super) fn set_var(&mut self, key: &'static str, value: String) {
        self.1.push((key, value));
    }

    /// The kinds of the documents, in order.
    pub(super) fn kinds(&self) -> Vec<DocumentKind> {
        self.0.iter().map(|(k, _)| *k).collect()
    }

    /// The documents of `event` (or why a template cannot be written),
    /// written from the templates with the case as it stands after the
    /// event (`view`); `numbers` are their 发文字号 (a trial rendering may
    /// pass none).
    pub(super) fn render(
        &self,
        bundle: &CaseBundle,
        event: &CaseEventRecord,
        view: &CaseView,
        numbers: &[String],
    ) -> Result<Vec<Document>, String> {
        let mut vars = vars_for(bundle, event, view);
        vars.extend(self.1.iter().map(|(k, v)| (k.to_string(), v.clone())));
        let agency = &bundle.agency.profile.full_name;
        let date = event.action.date();
        self.0
            .iter()
            .enumerate()
            .map(|(i, (kind, template))| {
                let number = numbers.get(i).map_or("", String::as_str);
                document::render_template(*kind, template, &vars, agency, date, number).map_err(
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

/// The redress sentence's bodies (救济途径): the 复议机关 from the agency
/// tree by 《行政复议法》第二十四条、第二十七条 or the agency's setting, and
/// the court (`document::redress`).
async fn redress_vars(
    store: &dyn Store,
    agency: &Agency,
) -> Result<Vec<(&'static str, String)>, Error> {
    let r = redress_of(store, &lineage(store, agency).await?, agency).await?;
    let mut out = vec![(document::COURT_VAR, r.court)];
    if let Some(body) = r.body {
        out.push((document::RECONSIDERATION_BODY_VAR, body));
    }
    Ok(out)
}

/// The profiles of `agency` and its ancestors, the agency first and its
/// parent next: the chain of `document::redress` and of the 指南's
/// `agency::supervision::oversight`.
pub async fn lineage(
    store: &dyn Store,
    agency: &Agency,
) -> Result<Vec<gongkai_domain::agency::AgencyProfile>, Error> {
    let mut profiles = Vec::new();
    for id in store.agency_lineage(agency.id).await?.into_iter().rev() {
        if let Some(a) = store.agency(id).await? {
            profiles.push(a.profile);
        }
    }
    Ok(profiles)
}

/// The 复议机关 and the court of `agency` whose [`lineage`] is `profiles`:
/// the rule of 《行政复议法》第二十四条、第二十七条 with the agency's own
/// settings over it — what its letters and its 指南 name.
pub async fn redress_of(
    store: &dyn Store,
    profiles: &[gongkai_domain::agency::AgencyProfile],
    agency: &Agency,
) -> Result<document::Redress, Error> {
    let settings = store.request_settings(agency.id).await?;
    let chain: Vec<document::ChainLink<'_>> = profiles.iter().map(Into::into).collect();
    let overrides = document::RedressOverrides {
        reconsideration_body: settings.reconsideration_body,
        court: settings.court,
    };
    Ok(document::redress(&chain, &overrides))
}

/// Largest total of released files mailed as attachments (many mail
/// servers refuse more); larger ones are downloaded from the tracking page.
pub const MAIL_FILES_LIMIT: i64 = 10 * 1024 * 1024;

/// The mail that sends the applicant the documents meant for them (none
/// without an e-mail address), and the files released with a reply when
/// the applicant chose e-mail and they are small enough (`files`: the case
/// attachments the reply provides).
pub(super) fn mail_for(
    bundle: &CaseBundle,
    documents: &[Document],
    provided: &[gongkai_domain::case::Provided],
    files: &[gongkai_store::CaseAttachment],
) -> Vec<MailForEvent> {
    let Some(email) = bundle.case.application.applicant.email.clone() else {
        return Vec::new();
    };
    let app = &bundle.case.application;
    let total: i64 = files.iter().map(|f| f.size).sum();
    let by_email = app.request.method == gongkai_domain::application::DeliveryMethod::Email;
    let attach = by_email && !files.is_empty() && total <= MAIL_FILES_LIMIT;
    let short = &bundle.agency.profile.short_name;
    let number = &bundle.case.number;
    let provided_text = provided_text(provided, attach, by_email && total > MAIL_FILES_LIMIT);
    let mut mail: Vec<MailForEvent> = documents
        .iter()
        .enumerate()
        .filter(|(_, d)| for_applicant(d.kind))
        .map(|(i, d)| MailForEvent {
            to_address: email.clone(),
            subject: format!("【{short}】{}（申请编号{number}）", d.title),
            body: format!(
                "{}：\n\n您的政府信息公开申请（编号{number}）有新的文书：{}，见附件。\n{}也可凭申请编号和查询码在政府信息公开平台查询办理进度、下载文书。\n\n{}\n",
                app.applicant.name,
                d.title,
                if d.kind.is_reply() { provided_text.as_str() } else { "" },
                bundle.agency.profile.full_name
            ),
            attach_document: Some(i),
            attach_file: None,
        })
        .collect();
    if attach {
        let n = files.len();
        mail.extend(files.iter().enumerate().map(|(k, f)| MailForEvent {
            to_address: email.clone(),
            subject: format!("【{short}】随答复提供的信息（{}/{n}）：{}（申请编号{number}）", k + 1, f.filename),
            body: format!(
                "{}：\n\n随本机关对您的政府信息公开申请（编号{number}）的答复，向您提供以下信息：{}，见附件。\n\n{}\n",
                app.applicant.name, f.filename, bundle.agency.profile.full_name
            ),
            attach_document: None,
            attach_file: Some(f.id),
        }));
    }
    mail
}

/// What the reply's mail says of the information provided: mailed as
/// attachments, or to be downloaded (too large for mail, or not chosen).
fn provided_text(
    provided: &[gongkai_domain::case::Provided],
    attached: bool,
    too_large: bool,
) -> String {
    if provided.is_empty() {
        return String::new();
    }
    let list = provided
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{}. {}", i + 1, p.name))
        .collect::<Vec<_>>()
        .join("\n");
    let how = if attached {
        "其中的文件另以电子邮件附件逐一发送；"
    } else if too_large {
        "文件超过电子邮件附件的大小限制，"
    } else {
        ""
    };
    format!(
        "\n随答复向您提供的政府信息：\n{list}\n{how}请凭申请编号和查询码在政府信息公开平台的“申请查询”页面下载。\n"
    )
}

fn fmt_date(d: Option<NaiveDate>) -> String {
    d.map(date_cn).unwrap_or_default()
}

/// A due date as letters print it: computed in a year whose holiday notice
/// is not yet published, it is provisional and says so (“（暂定）”).
fn fmt_due(cal: &gongkai_domain::calendar::Calendar, d: Option<NaiveDate>) -> String {
    match d {
        Some(d) if cal.day(d).provisional => format!("{}（暂定）", date_cn(d)),
        Some(d) => date_cn(d),
        None => String::new(),
    }
}

/// What the letter names as provided (Art. 40): `1. 名称；2. 名称`, each
/// released file or catalogue item once.
fn provided_list(provided: &[gongkai_domain::case::Provided]) -> String {
    provided
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{}. {}", i + 1, p.name))
        .collect::<Vec<_>>()
        .join("；")
}

/// The placeholder values for the documents of `event`.
fn vars_for(
    bundle: &CaseBundle,
    event: &CaseEventRecord,
    view: &CaseView,
) -> BTreeMap<String, String> {
    let app = &bundle.case.application;
    let cal = &bundle.calendar;
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
    put("reply_due", fmt_due(cal, view.reply_due));
    // What a lapse notice names (the correction's deadline, the fee and its
    // due date) is the case's, whichever event issues the notice: the lapse
    // itself, or the decision recorded after it with the same outcome.
    let before = &bundle.view;
    let correction = view.correction.as_ref().or(before.correction.as_ref());
    put(
        "correction_deadline",
        fmt_due(cal, correction.map(|c| c.applicant_deadline)),
    );
    if let Some(fee) = view.fee.as_ref().or(before.fee.as_ref()) {
        put("fee_amount", fee.amount_yuan.to_string());
        put("payment_due", fmt_due(cal, fee.due));
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
            put("consultation_due", fmt_due(cal, due));
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
            put("reply_due", fmt_due(cal, bundle.view.reply_due));
            put("extended_due", fmt_due(cal, view.reply_due));
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
            // The method is its own line: the detail without it.
            let detail = method.describe_zh();
            let detail = detail.split_once('：').map_or(detail.as_str(), |(_, d)| d);
            put("fee_detail", detail.to_string());
            put("fee_amount", amount_yuan.to_string());
            put(
                "payment_due",
                fmt_due(cal, view.fee.as_ref().and_then(|f| f.due)),
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
            access_method,
            provided,
            ..
        } => {
            put("reasoning", reasoning.clone());
            // Two texts, each printed once (a 部分公开 letter uses both).
            put("access_method", access_method.clone());
            put("provided", provided_list(provided));
            // Unknown: the optional line naming the agency is left out.
            put("referred_to", referred_to.clone().unwrap_or_default());
        }
        CaseAction::CorrectionLapsed { .. } => {
            let deadline = bundle
                .view
                .correction
                .as_ref()
                .map(|c| c.applicant_deadline);
            // The notice itself says the application is deemed given up.
            put("correction_deadline", fmt_due(cal, deadline));
        }
        CaseAction::FeeLapsed { .. } => {
            let fee = bundle.view.fee.as_ref();
            put(
                "fee_amount",
                fee.map(|f| f.amount_yuan.to_string()).unwrap_or_default(),
            );
            put("payment_due", fmt_due(cal, fee.and_then(|f| f.due)));
        }
        _ => {}
    }
    v
}

/// The letter the pending draft would issue if signed today, numbered
/// “（签发时编号）”: what the reviewer reads before approving it.
pub async fn draft_letter(state: &App, b: &CaseBundle) -> Result<Option<Document>, Error> {
    let Some(draft) = &b.view.pending_decision else {
        return Ok(None);
    };
    let today = state.clock.today();
    let event = CaseEventRecord {
        seq: b.next_seq(),
        at: state.clock.now(),
        actor: case::Actor::System,
        action: draft.signed_on(today.max(draft.drafted_on)),
        note: String::new(),
    };
    let templates = Templates::of(state.store.as_ref(), &b.agency, &event.action).await?;
    let mut after = b.events.clone();
    after.push(event.clone());
    let view = case::fold(&after, &b.calendar, today);
    let docs = templates
        .render(b, &event, &view, &["（签发时编号）".to_string()])
        .map_err(Error::invalid)?;
    Ok(docs.into_iter().next())
}
