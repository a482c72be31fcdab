//! The public's side: a question asked on an agency's column — checked by
//! the domain, its clock computed with the agency's days on the platform
//! calendar, kept before anything is answered (a form sent twice is one
//! question) — and the asker's page, opened with the question's number and
//! the query code the receipt showed once. The asker's name and contact
//! are never logged.

use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::participation::clocks::QuestionClock;
use gongkai_domain::participation::questions::{
    OtherChannel, QuestionForm, check_question, parse_question_number,
};
use gongkai_store::{AgencyId, NewQuestion, QuestionId, QuestionReceived, QuestionState};

use super::number_of;
use crate::casework::{code_hash, new_query_code};
use crate::{App, Error};

/// The longest form key accepted (the web's keys are 64 hex digits; the
/// same bound as a comment's).
pub const SUBMIT_KEY_MAX: usize = crate::consultations::comment::SUBMIT_KEY_MAX;

/// A question as the form sends it.
#[derive(Debug, Clone, Default)]
pub struct AskInput {
    pub name: String,
    pub contact: String,
    pub subject: String,
    pub body: String,
    pub consent: bool,
    /// The form's one-time key.
    pub submit_key: String,
}

/// What the asker is told once the question is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub id: QuestionId,
    /// 留言编号.
    pub number: String,
    /// The query code, shown once (None: the same form sent again).
    pub query_code: Option<String>,
    pub asked_at: DateTime<Utc>,
    /// The agency answers by this day.
    pub due: NaiveDate,
}

/// The form key as kept: letters, digits, `-` and `_`.
fn key_of(key: &str) -> Result<String, Error> {
    let k = key.trim();
    let ok = !k.is_empty()
        && k.len() <= SUBMIT_KEY_MAX
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !ok {
        return Err(Error::invalid(
            "表单已失效，请刷新页面后重新填写提交（您填写的内容请先复制保存）。",
        ));
    }
    Ok(k.to_string())
}

/// The agency's days of answering (the platform's default without its own).
pub async fn rules_of(
    app: &App,
    agency: AgencyId,
) -> Result<gongkai_domain::participation::clocks::QuestionRules, Error> {
    Ok(app.store.question_rules(agency).await?.unwrap_or_default())
}

/// Keep a question to `agency` (as its public column names it).
pub async fn ask(app: &App, agency: AgencyId, input: &AskInput) -> Result<Receipt, Error> {
    let submit_key = key_of(&input.submit_key)?;
    let form = QuestionForm {
        name: input.name.clone(),
        contact: input.contact.clone(),
        subject: input.subject.clone(),
        body: input.body.clone(),
        consent: input.consent,
    };
    let q = check_question(&form).map_err(|errors| {
        let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
        Error::invalid(all.join(""))
    })?;
    let today = app.clock.today();
    let calendar = app.calendar_in_force().await?;
    let clock = QuestionClock::of(today, rules_of(app, agency).await?, &calendar)
        .map_err(Error::internal)?;
    let code = new_query_code();
    let new = NewQuestion {
        agency_id: agency,
        submit_key,
        query_code_hash: code_hash(&code),
        name: q.name,
        contact: q.contact,
        subject: q.subject,
        body: q.body,
        consent: q.consent,
        asked_at: app.clock.now(),
        asked_on: today,
        clock,
    };
    let (id, fresh) = match app.store.add_question(&new).await? {
        QuestionReceived::New(id) => (id, true),
        QuestionReceived::Again(id) => (id, false),
    };
    let kept = app
        .store
        .question(id)
        .await?
        .ok_or_else(|| Error::internal(format!("question {id} kept but not found")))?;
    Ok(Receipt {
        id,
        number: number_of(&kept),
        query_code: fresh.then_some(code),
        asked_at: kept.asked_at,
        due: kept.clock.due,
    })
}

/// The application a question became, as its asker reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseForAsker {
    pub number: String,
    /// The case's query code (None when it is not known here: the agency
    /// gives it).
    pub query_code: Option<String>,
}

/// The asker's page.
#[derive(Debug, Clone)]
pub struct AskerView {
    pub number: String,
    pub subject: String,
    pub body: String,
    pub asked_on: NaiveDate,
    pub due: NaiveDate,
    pub state: QuestionState,
    /// The answer, the referral or the conversion's notice.
    pub answer: Option<String>,
    pub closed_on: Option<NaiveDate>,
    pub referred: Option<&'static str>,
    pub case: Option<CaseForAsker>,
    pub consent: bool,
    /// Where it is published (its public page), once it is.
    pub published: Option<String>,
}

/// The question of `agency` that `number` and `code` open, or `None` when
/// they do not match (the same answer for a number that does not exist).
pub async fn track(
    app: &App,
    agency: (AgencyId, &str),
    number: &str,
    code: &str,
) -> Result<Option<AskerView>, Error> {
    let Some((year, id)) = parse_question_number(number) else {
        return Ok(None);
    };
    let Some(q) = app.store.question(id).await? else {
        return Ok(None);
    };
    use chrono::Datelike;
    let matches = q.agency_id == agency.0
        && q.asked_on.year() == year
        && q.query_code_hash == code_hash(code);
    if !matches {
        return Ok(None);
    }
    Ok(Some(AskerView {
        number: number_of(&q),
        published: q
            .published_at
            .map(|_| format!("/agencies/{}/questions/{}", agency.1, q.id)),
        referred: q
            .referred_to
            .as_deref()
            .and_then(OtherChannel::from_code)
            .map(OtherChannel::label),
        case: q.case.map(|c| CaseForAsker {
            number: c.number,
            query_code: c.query_code,
        }),
        subject: q.subject,
        body: q.body,
        asked_on: q.asked_on,
        due: q.clock.due,
        state: q.state,
        answer: q.answer,
        closed_on: q.closed_on,
        consent: q.consent,
    }))
}
