//! 政民互动 (咨询, issue 20): anyone asks an agency a question on its
//! column (a name and a contact, private; a subject; the question; whether
//! question and answer may be published) and gets a receipt with the
//! question's number and a query code to read the answer with. The agency
//! answers within its days (default 5 working days, counted on the platform
//! calendar; escalated to the supervising office before the 3-month veto
//! line of 国办秘函〔2019〕19号), publishes an answered question when the asker
//! consented (the staff remove personal data first; the original is kept),
//! converts a question that is in substance an application for disclosure
//! into a case received on the day it was asked (Art. 31), or tells where a
//! petition or complaint belongs (Art. 39, 51) — each decision audited.
//!
//! - [`ask`]: the public's question and the asker's page (number + code);
//! - [`decide`]: answer, publish (with redaction), refer to another channel;
//! - [`convert`]: into an application for disclosure, through the case
//!   registration of [`crate::casework`];
//! - [`view`]: the staff's queue with due dates and marks, one question's
//!   staff page, the public list and page;
//! - [`settings`]: the agency's days of answering.
//!
//! Who: `Permission::AnswerQuestions` (the agency's 承办人, 信息员, 审核人)
//! answers and sees the askers' names and contacts; converting also needs
//! `Permission::RegisterApplication`; the supervising offices above read
//! (`Permission::OverseeDeadlines`) without the asker; the agency's
//! administrators set its days (`Permission::AdministerAgency`).

use chrono::NaiveDate;
use gongkai_domain::access::Relation;
use gongkai_domain::calendar::Calendar;
use gongkai_domain::participation::clocks::{QuestionClock, QuestionMark};
use gongkai_domain::participation::questions::{public_suggestion, question_number};
use gongkai_domain::policy::{AgencyPath, Permission, Principal, may_in};
use gongkai_store::{QuestionId, StaffId, Stamp, StoredQuestion};

use crate::{App, Error};

pub mod ask;
pub mod convert;
pub mod decide;
pub mod settings;
pub mod view;

#[cfg(test)]
mod tests;

pub use ask::{AskInput, Receipt, ask, track};
pub use convert::{ConvertError, Converted, convert};
pub use decide::{PublishInput, ReferInput, answer, publish, refer};

/// How a reader stands to an agency's questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The agency's own clerks, editors and reviewers: answer, and see the
    /// askers' names and contacts.
    Answer,
    /// A supervising office above (or the agency's own 监督员): read,
    /// without the asker.
    Read,
}

/// How `reader` stands to the questions of the agency at `relation`: 403
/// with the policy's words when neither answering nor overseeing.
pub fn access_at(reader: &Principal<'_>, relation: Relation) -> Result<Access, Error> {
    match may_in(reader.roles, Permission::AnswerQuestions, relation) {
        Ok(()) => Ok(Access::Answer),
        Err(_) if may_in(reader.roles, Permission::OverseeDeadlines, relation).is_ok() => {
            Ok(Access::Read)
        }
        Err(refused) => Err(Error::forbidden(refused.0)),
    }
}

/// The question `id` and how `reader` stands to it; for a reader who does
/// not answer it, the asker's name and contact removed, and taken out of
/// the texts as they would be for publication.
pub async fn question_for(
    app: &App,
    reader: &Principal<'_>,
    id: QuestionId,
) -> Result<(StoredQuestion, Access), Error> {
    let mut q = app
        .store
        .question(id)
        .await?
        .ok_or_else(|| Error::not_found(format!("留言（编号{id}）")))?;
    let lineage = app.store.agency_lineage(q.agency_id).await?;
    let relation = AgencyPath::new(lineage).relation_to(reader.agency);
    let access = access_at(reader, relation)?;
    if access == Access::Read {
        q.subject = public_suggestion(&q.subject, &q.name, &q.contact);
        q.body = public_suggestion(&q.body, &q.name, &q.contact);
        q.name = String::new();
        q.contact = String::new();
    }
    Ok((q, access))
}

/// The question `id` for a decision: by its agency's own staff only.
pub async fn answered_by(
    app: &App,
    reader: &Principal<'_>,
    id: QuestionId,
) -> Result<StoredQuestion, Error> {
    match question_for(app, reader, id).await? {
        (q, Access::Answer) => Ok(q),
        (_, Access::Read) => Err(Error::forbidden(
            "上级机关可以查看留言的办理情况，由收到留言的机关答复。",
        )),
    }
}

/// Who did it, now.
pub(crate) fn stamp(app: &App, by: Option<StaffId>) -> Stamp {
    Stamp {
        by,
        at: app.clock.now(),
    }
}

/// 留言编号 of a stored question.
pub fn number_of(q: &StoredQuestion) -> String {
    use chrono::Datelike;
    question_number(q.asked_on.year(), q.id)
}

/// An open question on `today` as the queue says it: the mark, and the
/// working days left (until the due date) or overdue (after it), counted
/// on the platform calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub mark: QuestionMark,
    /// Working days after today up to the due date (0: due today).
    pub days_left: u32,
    /// Working days after the due date up to today.
    pub days_overdue: u32,
}

impl Standing {
    pub fn of(clock: &QuestionClock, today: NaiveDate, calendar: &Calendar) -> Standing {
        Standing {
            mark: clock.mark(today),
            days_left: calendar.working_days_between(today, clock.due),
            days_overdue: calendar.working_days_between(clock.due, today),
        }
    }

    pub fn label(self) -> String {
        let overdue = self.days_overdue;
        match self.mark {
            QuestionMark::Running if self.days_left == 0 => "今日到期".into(),
            QuestionMark::Running => format!("剩余{}个工作日", self.days_left),
            QuestionMark::Overdue => format!("逾期{overdue}个工作日"),
            QuestionMark::Escalated => format!("逾期{overdue}个工作日，已提请督办"),
            QuestionMark::Vetoed => {
                format!("超过3个月未答复（网站检查单项否决），逾期{overdue}个工作日")
            }
        }
    }

    /// A CSS code, as the case queue's marks: `running`, `due_soon`
    /// (today), `overdue`.
    pub fn code(self) -> &'static str {
        match self.mark {
            QuestionMark::Running if self.days_left == 0 => "due_soon",
            QuestionMark::Running => "running",
            _ => "overdue",
        }
    }
}
