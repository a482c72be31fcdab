//! A question that is in substance an application for disclosure
//! (申请获取政府信息) is handled as one: the clerk completes the Art. 29
//! application from the question (the asker's name and contact, the
//! question as the description; the identity from what the asker gave) and
//! the case is registered by the platform's one case registration
//! ([`crate::casework::open_case`]), online, received on the day the
//! question was asked (Art. 31, `conversion_receipt`), with every deadline
//! of a case. The question is closed with the case linked and a notice
//! the asker reads on the query page, with the case's number and query
//! code. Registering needs the 承办人 role (`RegisterApplication`).

use chrono::NaiveDate;
use gongkai_domain::application::{ApplicationForm, DeliveryForm, DeliveryMethod, FieldErrors};
use gongkai_domain::case::{Actor, CaseAction};
use gongkai_domain::participation::questions::{conversion_notice, conversion_receipt};
use gongkai_domain::policy::{Permission, Principal, may_here};
use gongkai_domain::vocabulary::Channel;
use gongkai_store::{CaseCreated, CaseLink, QuestionId, QuestionState, Staff, StoredQuestion};

use super::{answered_by, stamp};
use crate::casework::{self, Opening};
use crate::{App, Error};

/// Why a conversion did not happen: the application's fields (shown
/// beside each field), or anything else.
#[derive(Debug)]
pub enum ConvertError {
    Form(FieldErrors),
    Other(Error),
}

impl From<Error> for ConvertError {
    fn from(e: Error) -> Self {
        ConvertError::Other(e)
    }
}

impl From<gongkai_store::StoreError> for ConvertError {
    fn from(e: gongkai_store::StoreError) -> Self {
        ConvertError::Other(e.into())
    }
}

/// The case a question became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    pub case_number: String,
    /// The case's query code (None when the case was registered before,
    /// by a conversion sent twice).
    pub query_code: Option<String>,
    /// 收到申请之日 (Art. 31): the day the question was asked.
    pub received: NaiveDate,
    pub reply_due: Option<NaiveDate>,
}

/// The application form filled in from question `q`: the asker's name, the
/// contact as phone or e-mail, the question as the description, the
/// information delivered electronically on the platform. The identity is
/// left to the clerk.
pub fn form_from(q: &StoredQuestion) -> ApplicationForm {
    let (phone, email) = if q.contact.contains('@') {
        (String::new(), q.contact.clone())
    } else {
        (q.contact.clone(), String::new())
    };
    ApplicationForm {
        name: q.name.clone(),
        phone,
        email,
        description: format!("{}：{}", q.subject, q.body),
        delivery_form: DeliveryForm::Electronic.code().into(),
        delivery_method: DeliveryMethod::Online.code().into(),
        ..ApplicationForm::default()
    }
}

/// The open question `id` a clerk of its agency may convert.
pub async fn convertible(
    app: &App,
    reader: &Principal<'_>,
    id: QuestionId,
) -> Result<StoredQuestion, Error> {
    let q = answered_by(app, reader, id).await?;
    may_here(reader.roles, Permission::RegisterApplication).map_err(|r| {
        Error::forbidden(format!(
            "{}转为政府信息公开申请即登记申请，请由承办人办理。",
            r.0
        ))
    })?;
    if q.state != QuestionState::Open {
        return Err(Error::invalid(
            "该留言已办结，不能再转为政府信息公开申请。请刷新页面查看。",
        ));
    }
    Ok(q)
}

/// Convert question `id` into an application registered as `form` says.
pub async fn convert(
    app: &App,
    reader: &Principal<'_>,
    who: &Staff,
    id: QuestionId,
    form: &ApplicationForm,
) -> Result<Converted, ConvertError> {
    let q = convertible(app, reader, id).await?;
    let application = form.validate().map_err(ConvertError::Form)?;
    let (facts, received) = conversion_receipt(q.asked_on).map_err(Error::internal)?;
    let opening = Opening {
        agency_id: q.agency_id,
        channel: Channel::Online,
        application,
        actor: Actor::Staff {
            id: who.id,
            name: who.display_name.clone(),
        },
        first: CaseAction::ReceiptConfirmed {
            channel: Channel::Online,
            receipt_date: received,
            facts,
        },
        // A conversion sent twice finds its case.
        idempotency_key: Some(format!("question:{id}")),
    };
    let (created, code) = casework::open_case(app, opening).await?;
    let query_code = matches!(created, CaseCreated::New { .. }).then_some(code);
    let bundle = casework::load(app, created.number()).await?;
    let reply_due = bundle.view.reply_due;
    let notice = conversion_notice(created.number(), received, reply_due);
    let link = CaseLink {
        case_id: created.id(),
        number: created.number().to_string(),
        query_code: query_code.clone(),
    };
    let today = app.clock.today();
    let done = app
        .store
        .convert_question(id, &link, &notice, today, stamp(app, Some(who.id)))
        .await?;
    if !done {
        return Err(Error::invalid(format!(
            "该留言已办结；政府信息公开申请{}已登记。请刷新页面查看。",
            created.number()
        ))
        .into());
    }
    Ok(Converted {
        case_number: created.number().to_string(),
        query_code,
        received,
        reply_due,
    })
}
