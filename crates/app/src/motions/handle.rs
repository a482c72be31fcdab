//! 办理: what the lead agency records on a motion — an extension with the
//! assigning body's consent (at most 6 months from assignment), the reply
//! with its grade (its publication day counted on the platform calendar),
//! the publication (the reply in full or a summary with the reason, the
//! proposers' contact data removed, as the preview showed it), and the
//! proposer's satisfaction after the reply.

use gongkai_domain::participation::clocks::{MotionRules, ReplyGrade};
use gongkai_domain::participation::comment::plain_text;
use gongkai_domain::participation::motions::{
    PublishMode, Satisfaction, check_answered_on, check_extension, check_publication,
    check_satisfaction_on, session_rules,
};
use gongkai_domain::participation::redact::{KNOWN_MIN_CHARS, Redacted, redact_contacts};
use gongkai_domain::policy::Principal;
use gongkai_store::{Motion, MotionId, MotionPublication, MotionReply, MotionState, StaffId};

use super::fields::{date, line, past_date, text};
use super::{managed, stamp};
use crate::{App, Error};

/// The longest reply kept, in characters.
pub const REPLY_MAX_CHARS: usize = 50_000;
pub const REPLY_MIN_CHARS: usize = 10;

fn invalid(e: impl ToString) -> Error {
    Error::invalid(e.to_string())
}

/// An extension as the form sends it.
#[derive(Debug, Clone, Default)]
pub struct ExtensionInput {
    /// The new due day (`YYYY-MM-DD`).
    pub until: String,
    /// The assigning body's consent: its reference.
    pub consent: String,
}

fn answered_already() -> Error {
    Error::invalid("该建议提案已经答复：答复后不能再延期或修改答复。如需补充答复，请另行办理。")
}

/// Extend motion `id` with the assigning body's consent.
pub async fn extend(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    id: MotionId,
    input: &ExtensionInput,
) -> Result<(), Error> {
    let m = managed(app, reader, id).await?;
    if m.state != MotionState::Handling {
        return Err(answered_already());
    }
    let until = date("延期后的办理期限", &input.until, app.clock.today())?;
    let consent = line("交办机关同意延期的依据", &input.consent, (0, 200), "")?.unwrap_or_default();
    let rules = session_rules(m.session.kind, m.session.reply_months).map_err(invalid)?;
    check_extension(&rules, m.assigned_on, m.due(), until, &consent).map_err(invalid)?;
    if !app
        .store
        .extend_motion(id, until, &consent, stamp(app, by))
        .await?
    {
        return Err(answered_already());
    }
    Ok(())
}

/// A reply as the form sends it.
#[derive(Debug, Clone, Default)]
pub struct ReplyInput {
    pub text: String,
    /// `A` to `D`.
    pub grade: String,
    pub answered_on: String,
}

/// Record the reply of motion `id`.
pub async fn reply(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    id: MotionId,
    input: &ReplyInput,
) -> Result<(), Error> {
    let m = managed(app, reader, id).await?;
    if m.state != MotionState::Handling {
        return Err(answered_already());
    }
    let body = text("答复全文", &input.text, (REPLY_MIN_CHARS, REPLY_MAX_CHARS))?;
    let grade = ReplyGrade::from_code(input.grade.trim()).ok_or_else(|| {
        let all: Vec<&str> = ReplyGrade::ALL.iter().map(|g| g.label()).collect();
        Error::invalid(format!("请选择办理结果：{}。", all.join("、")))
    })?;
    let answered_on = past_date("答复日期", &input.answered_on, app.clock.today())?;
    check_answered_on(m.assigned_on, answered_on).map_err(invalid)?;
    let calendar = app.calendar_in_force().await?;
    let publish_due = MotionRules::default()
        .publish_due(answered_on, &calendar)
        .map_err(|e| Error::invalid(format!("无法按工作日历计算公开期限：{e}")))?;
    let reply = MotionReply {
        text: body,
        grade,
        answered_on,
        publish_due,
    };
    if !app
        .store
        .record_motion_reply(id, &reply, stamp(app, by))
        .await?
    {
        return Err(answered_already());
    }
    Ok(())
}

/// A publication as the form sends it.
#[derive(Debug, Clone, Default)]
pub struct PublishInput {
    /// `full` or `summary`.
    pub mode: String,
    /// The summary published instead of the reply.
    pub summary: String,
    /// Why only a summary (涉及国家秘密、个人隐私 …).
    pub reason: String,
}

/// The texts known to be private: each proposer's contact as recorded,
/// and each of its parts (a phone and an address typed together).
fn known_contacts(m: &Motion) -> Vec<String> {
    let mut known = Vec::new();
    for c in m.proposers.iter().filter_map(|p| p.contact.as_deref()) {
        known.push(c.trim().to_string());
        known.extend(
            c.split(|ch: char| ch.is_whitespace() || ",，;；、".contains(ch))
                .filter(|p| p.chars().count() >= KNOWN_MIN_CHARS)
                .map(str::to_string),
        );
    }
    // Longer texts first, so an address is removed whole, not a part.
    known.sort_by_key(|k| std::cmp::Reverse(k.chars().count()));
    known
}

fn mode_of(code: &str) -> Result<PublishMode, Error> {
    PublishMode::from_code(code.trim())
        .ok_or_else(|| Error::invalid("请选择公开方式：全文公开或摘要公开。"))
}

/// What publishing motion `m` as asked would publish: its reply (or the
/// summary) with the contact data removed.
pub fn published_text(m: &Motion, mode: PublishMode, summary: &str) -> Redacted {
    let source = match mode {
        PublishMode::Full => m.reply.as_ref().map_or(String::new(), |r| r.text.clone()),
        PublishMode::Summary => plain_text(summary),
    };
    let known = known_contacts(m);
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    redact_contacts(&source, &known)
}

/// The answered motion `id` for its publication.
async fn answered(app: &App, reader: &Principal<'_>, id: MotionId) -> Result<Motion, Error> {
    let m = managed(app, reader, id).await?;
    match m.state {
        MotionState::Handling => Err(Error::invalid("请先记录答复，再公开答复。")),
        MotionState::Published => Err(Error::invalid("该答复已经公开。")),
        MotionState::Answered => Ok(m),
    }
}

/// What publishing motion `id` as `input` asks would publish.
pub async fn preview(
    app: &App,
    reader: &Principal<'_>,
    id: MotionId,
    input: &PublishInput,
) -> Result<Redacted, Error> {
    let m = answered(app, reader, id).await?;
    Ok(published_text(&m, mode_of(&input.mode)?, &input.summary))
}

/// Publish the reply of motion `id` today, as the preview showed it.
pub async fn publish(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    id: MotionId,
    input: &PublishInput,
) -> Result<(), Error> {
    let m = answered(app, reader, id).await?;
    let mode = mode_of(&input.mode)?;
    check_publication(mode, &plain_text(&input.summary), &input.reason).map_err(invalid)?;
    let reason = match mode {
        PublishMode::Full => None,
        PublishMode::Summary => line("只公开摘要的理由", &input.reason, (0, 200), "")?,
    };
    let publication = MotionPublication {
        mode,
        text: published_text(&m, mode, &input.summary).text,
        summary_reason: reason,
        published_on: app.clock.today(),
    };
    if !app
        .store
        .publish_motion_reply(id, &publication, stamp(app, by))
        .await?
    {
        return Err(Error::invalid("该答复已经公开。"));
    }
    Ok(())
}

/// The satisfaction as the form sends it.
#[derive(Debug, Clone, Default)]
pub struct SatisfactionInput {
    /// `satisfied`, `basically_satisfied` or `dissatisfied`.
    pub satisfaction: String,
    /// The day the proposer was asked.
    pub asked_on: String,
}

/// Record (or correct) the proposer's satisfaction with the reply of
/// motion `id`.
pub async fn satisfaction(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    id: MotionId,
    input: &SatisfactionInput,
) -> Result<(), Error> {
    let m = managed(app, reader, id).await?;
    let Some(reply) = &m.reply else {
        return Err(Error::invalid("答复后才能记录提出人对答复的满意度。"));
    };
    let s = Satisfaction::from_code(input.satisfaction.trim())
        .ok_or_else(|| Error::invalid("请选择提出人对答复的意见：满意、基本满意或不满意。"))?;
    let asked_on = past_date("征询意见日期", &input.asked_on, app.clock.today())?;
    check_satisfaction_on(reply.answered_on, asked_on).map_err(invalid)?;
    app.store
        .record_motion_satisfaction(id, s, asked_on, stamp(app, by))
        .await?;
    Ok(())
}

/// A one-line summary of what will be removed: `将隐去电话号码1处`.
pub fn removed_note(r: &Redacted) -> String {
    match r.summary() {
        s if s.is_empty() => "未发现需要隐去的联系方式。".into(),
        s => format!("将隐去{s}。"),
    }
}
