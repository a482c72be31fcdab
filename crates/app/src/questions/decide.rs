//! The agency's decisions on a question (its own 承办人, 信息员, 审核人):
//! the answer, which goes to the asker on their query page; publication,
//! only with the asker's consent and as the staff moderated the question
//! (personal data removed; the original kept); and 告知其他渠道, the
//! standard reply that sends a petition or a complaint where it belongs.
//! Each closes or changes the question once, in the audit trail.

use gongkai_domain::participation::comment::plain_text;
use gongkai_domain::participation::comment::{BODY_MAX_CHARS, BODY_MIN_CHARS};
use gongkai_domain::participation::questions::{
    OtherChannel, QuestionError, check_answer, check_subject, names_asker, referral_notice,
};
use gongkai_domain::policy::Principal;
use gongkai_store::{PublicText, Publication, QuestionId, QuestionState, StaffId};

use super::{answered_by, stamp};
use crate::{App, Error};

/// Said when a question was closed meanwhile (by a colleague).
const CLOSED: &str = "该留言已办结（可能其他工作人员刚刚办理），请刷新页面查看。";

/// Answer question `id` with `text`.
pub async fn answer(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    id: QuestionId,
    text: &str,
) -> Result<(), Error> {
    answered_by(app, reader, id).await?;
    let text = check_answer(text).map_err(Error::invalid)?;
    let done = app
        .store
        .answer_question(id, &text, app.clock.today(), stamp(app, by))
        .await?;
    if !done {
        return Err(Error::invalid(CLOSED));
    }
    Ok(())
}

/// The texts a question is published with, as the staff edited them.
#[derive(Debug, Clone, Default)]
pub struct PublishInput {
    pub subject: String,
    pub body: String,
}

/// Publish an answered question (or change its public texts): only with
/// the asker's consent; the name and the contact are never published, the
/// staff remove any other personal data from the texts.
pub async fn publish(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    id: QuestionId,
    input: &PublishInput,
) -> Result<Publication, Error> {
    let q = answered_by(app, reader, id).await?;
    if !q.consent {
        return Err(Error::invalid(
            "留言人未同意公开，该留言和答复不能公开，答复只通过查询页面告知留言人。",
        ));
    }
    if q.state != QuestionState::Answered {
        return Err(Error::invalid(
            "只有已答复的留言可以公开：请先答复。转为申请办理或告知其他渠道的留言不公开。",
        ));
    }
    let subject =
        check_subject(&input.subject).map_err(|e| Error::invalid(format!("公开的{e}")))?;
    let body = plain_text(&input.body);
    let chars = body.chars().count();
    if !(BODY_MIN_CHARS..=BODY_MAX_CHARS).contains(&chars) {
        let e = if chars < BODY_MIN_CHARS {
            QuestionError::BodyTooShort { chars }
        } else {
            QuestionError::BodyTooLong { chars }
        };
        return Err(Error::invalid(format!("公开的{e}")));
    }
    if names_asker(&subject, &q.name, &q.contact) || names_asker(&body, &q.name, &q.contact) {
        return Err(Error::invalid(
            "公开的标题或内容中含有留言人的姓名或联系方式，请删去后再公开。",
        ));
    }
    let text = PublicText { subject, body };
    app.store
        .publish_question(id, &text, stamp(app, by))
        .await?
        .ok_or_else(|| Error::invalid(CLOSED))
}

/// 告知其他渠道 as the form sends it.
#[derive(Debug, Clone, Default)]
pub struct ReferInput {
    /// The domain's `OtherChannel` code.
    pub channel: String,
    /// The body to turn to and how to reach it.
    pub to: String,
}

/// Close question `id` with the standard text naming the proper channel.
pub async fn refer(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    id: QuestionId,
    input: &ReferInput,
) -> Result<(), Error> {
    answered_by(app, reader, id).await?;
    let channel = OtherChannel::from_code(input.channel.trim()).ok_or_else(|| {
        Error::invalid("请选择留言所属的渠道：信访事项、投诉举报，或对政府信息公开工作的投诉举报。")
    })?;
    let text = referral_notice(channel, &input.to).map_err(Error::invalid)?;
    let done = app
        .store
        .refer_question(id, channel.code(), &text, app.clock.today(), stamp(app, by))
        .await?;
    if !done {
        return Err(Error::invalid(CLOSED));
    }
    Ok(())
}
