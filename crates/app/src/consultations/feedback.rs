//! The agency's answers: each comment moderated (公开 or 不予公开 with a
//! reason) before it is shown; after closing, the feedback (意见采纳情况)
//! recorded line by line — an opinion or a group of like opinions, how many
//! raised it, 采纳 / 部分采纳 / 不予采纳, the reason (required for a
//! concentrated opinion not fully adopted, `check_feedback`) — and published
//! before or with the final decision, which is linked: a published item of
//! the agency or an address elsewhere.

use gongkai_domain::participation::comment::one_line;
use gongkai_domain::participation::consultation::{Adoption, FeedbackLine, check_feedback};
use gongkai_domain::policy::Principal;
use gongkai_store::{
    CommentId, Consultation, ConsultationId, ConsultationState, DecisionLink, Moderation,
    NewModeration, StaffId,
};

use super::draft::{line, public_item};
use super::{managed, stamp};
use crate::{App, Error};

/// Most lines a feedback holds.
pub const FEEDBACK_LINES_MAX: usize = 100;
pub const OPINION_MAX_CHARS: usize = 500;
pub const REASON_MAX_CHARS: usize = 1000;
pub const HIDDEN_REASON_MAX_CHARS: usize = 200;
pub const URL_MAX_CHARS: usize = 500;

/// A moderation as the queue's buttons send it.
#[derive(Debug, Clone, Default)]
pub struct ModerationInput {
    pub comment: String,
    /// `show` or `hide`.
    pub decision: String,
    /// Why a comment is not shown (required to hide).
    pub reason: String,
}

/// Show or hide a comment of consultation `id`.
pub async fn moderate(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    id: ConsultationId,
    input: &ModerationInput,
) -> Result<(), Error> {
    managed(app, reader, id).await?;
    let comment: CommentId = input
        .comment
        .trim()
        .parse()
        .map_err(|_| Error::invalid("请从待审核的意见旁的按钮提交审核。"))?;
    let (moderation, hidden_reason) = match input.decision.trim() {
        "show" => (Moderation::Shown, None),
        "hide" => {
            let why = line("不予公开的理由", &input.reason, (2, HIDDEN_REASON_MAX_CHARS))
                .map_err(|_| {
                    Error::invalid(format!(
                        "不予公开意见须说明理由（2至{HIDDEN_REASON_MAX_CHARS}个字），如“含有与征求意见稿无关的广告内容”。意见本身仍然保存，并计入收到的意见。"
                    ))
                })?;
            (Moderation::Hidden, why)
        }
        _ => return Err(Error::invalid("请选择“公开”或“不予公开”。")),
    };
    let m = NewModeration {
        consultation_id: id,
        comment_id: comment,
        moderation,
        hidden_reason,
        by,
        at: app.clock.now(),
    };
    Ok(app.store.moderate_comment(&m).await?)
}

/// One line of the feedback form, as typed.
#[derive(Debug, Clone, Default)]
pub struct FeedbackRow {
    pub opinion: String,
    pub raised_by: String,
    /// `adopted`, `partly_adopted` or `not_adopted`.
    pub adoption: String,
    pub reason: String,
}

impl FeedbackRow {
    fn is_blank(&self) -> bool {
        [&self.opinion, &self.raised_by, &self.reason]
            .iter()
            .all(|f| f.trim().is_empty())
    }
}

/// The adoption a form names by its code.
pub fn adoption_of(code: &str) -> Option<Adoption> {
    match code.trim() {
        "adopted" => Some(Adoption::Adopted),
        "partly_adopted" => Some(Adoption::PartlyAdopted),
        "not_adopted" => Some(Adoption::NotAdopted),
        _ => None,
    }
}

/// The code of an adoption, as the form sends it back.
pub fn adoption_code(a: Adoption) -> &'static str {
    match a {
        Adoption::Adopted => "adopted",
        Adoption::PartlyAdopted => "partly_adopted",
        Adoption::NotAdopted => "not_adopted",
    }
}

/// Line `n` (from 1) as typed, checked field by field.
fn line_of(n: usize, row: &FeedbackRow) -> Result<FeedbackLine, Error> {
    let opinion = line(
        &format!("第{n}条的意见内容"),
        &row.opinion,
        (1, OPINION_MAX_CHARS),
    )?
    .unwrap_or_default();
    let raised_by = row.raised_by.trim();
    let raised_by: u32 = raised_by.parse().ok().filter(|r| *r >= 1).ok_or_else(|| {
        Error::invalid(format!(
            "第{n}条的提出人数应为1或更大的整数（同类意见归并为一条的，填写提出该意见的人数）。"
        ))
    })?;
    let adoption = adoption_of(&row.adoption).ok_or_else(|| {
        Error::invalid(format!(
            "请为第{n}条选择采纳情况：采纳、部分采纳或不予采纳。"
        ))
    })?;
    let reason = line(
        &format!("第{n}条的理由"),
        &row.reason,
        (0, REASON_MAX_CHARS),
    )?;
    Ok(FeedbackLine {
        opinion,
        raised_by,
        adoption,
        reason: reason.unwrap_or_default(),
    })
}

/// The lines as typed (blank rows left out), checked by the law with the
/// agency's threshold of concentrated opinions (`concentrated`).
pub fn lines_of(rows: &[FeedbackRow], concentrated: u32) -> Result<Vec<FeedbackLine>, Error> {
    let filled: Vec<&FeedbackRow> = rows.iter().filter(|r| !r.is_blank()).collect();
    if filled.len() > FEEDBACK_LINES_MAX {
        return Err(Error::invalid(format!(
            "意见采纳情况最多{FEEDBACK_LINES_MAX}条：请将同类意见归并为一条，填写提出人数。"
        )));
    }
    let lines = filled
        .iter()
        .enumerate()
        .map(|(i, r)| line_of(i + 1, r))
        .collect::<Result<Vec<_>, _>>()?;
    let errors = check_feedback(&lines, concentrated);
    if !errors.is_empty() {
        let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
        return Err(Error::invalid(all.join("")));
    }
    Ok(lines)
}

/// The consultation `id` once it has closed (feedback comes after).
async fn closed(
    app: &App,
    reader: &Principal<'_>,
    id: ConsultationId,
) -> Result<Consultation, Error> {
    let c = managed(app, reader, id).await?;
    let today = app.clock.today();
    if c.state == ConsultationState::Draft || today <= c.closes_on {
        return Err(Error::invalid(format!(
            "征求意见截止（{}）后才能记录意见采纳情况和最终决定；今天是{today}。",
            c.closes_on
        )));
    }
    Ok(c)
}

/// Record (or replace) the feedback of consultation `id`.
pub async fn record_feedback(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    id: ConsultationId,
    rows: &[FeedbackRow],
) -> Result<(), Error> {
    let c = closed(app, reader, id).await?;
    let concentrated = super::settings::concentrated(app, c.agency_id).await?;
    let lines = lines_of(rows, concentrated)?;
    if !app
        .store
        .record_feedback(c.id, &lines, stamp(app, by))
        .await?
    {
        return Err(published_already());
    }
    Ok(())
}

fn published_already() -> Error {
    Error::invalid("意见采纳情况已经公开，不能再修改。如需补充说明，请另行发布。")
}

/// The final decision as the form sends it: a published item's 信息编号
/// or an address elsewhere (one of the two, or neither).
#[derive(Debug, Clone, Default)]
pub struct DecisionInput {
    pub item: String,
    pub url: String,
}

/// The decision typed for consultation `c` (None when both are empty).
async fn decision_of(
    app: &App,
    c: &Consultation,
    input: &DecisionInput,
) -> Result<Option<DecisionLink>, Error> {
    let item = public_item(app, c.agency_id, "最终决定", &input.item).await?;
    let url = line("最终决定的网址", &input.url, (0, URL_MAX_CHARS))?;
    match (item, url) {
        (Some(_), Some(_)) => Err(Error::invalid(
            "最终决定请只填一项：本机关已公开的信息编号，或其他网站上的网址。",
        )),
        (Some(i), None) => Ok(Some(DecisionLink::Item(i))),
        (None, Some(u)) if u.starts_with("https://") || u.starts_with("http://") => {
            Ok(Some(DecisionLink::Url(u)))
        }
        (None, Some(_)) => Err(Error::invalid(
            "最终决定的网址应以 http:// 或 https:// 开头，请复制浏览器地址栏中的完整网址。",
        )),
        (None, None) => Ok(None),
    }
}

/// Publish the recorded feedback of consultation `id`, with the final
/// decision if it is given (it may follow later).
pub async fn publish_feedback(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    id: ConsultationId,
    decision: &DecisionInput,
) -> Result<(), Error> {
    let c = closed(app, reader, id).await?;
    let decision = decision_of(app, &c, decision).await?;
    let Some(lines) = &c.feedback else {
        return Err(Error::invalid(
            "请先记录意见采纳情况（逐条或归类填写采纳情况和理由），再公开。",
        ));
    };
    let received = app.store.comment_counts(c.id).await?.total();
    if lines.is_empty() && received > 0 {
        return Err(Error::invalid(format!(
            "本次征求意见收到{received}条意见，请先记录意见采纳情况（可将同类意见归并为一条），再公开。"
        )));
    }
    let concentrated = super::settings::concentrated(app, c.agency_id).await?;
    if let Some(e) = check_feedback(lines, concentrated).first() {
        return Err(Error::invalid(e.to_string()));
    }
    let published = app
        .store
        .publish_feedback(c.id, decision.as_ref(), stamp(app, by))
        .await?;
    if !published {
        return Err(published_already());
    }
    Ok(())
}

/// Link (or replace) the final decision of consultation `id` after it
/// closed.
pub async fn link_decision(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    id: ConsultationId,
    input: &DecisionInput,
) -> Result<(), Error> {
    let c = closed(app, reader, id).await?;
    let decision = decision_of(app, &c, input).await?.ok_or_else(|| {
        Error::invalid("请填写最终决定：本机关已公开的信息编号，或其他网站上的网址。")
    })?;
    app.store
        .link_decision(c.id, &decision, stamp(app, by))
        .await?;
    Ok(())
}

/// The form's rows for `lines` (to edit them again).
pub fn rows_of(lines: &[FeedbackLine]) -> Vec<FeedbackRow> {
    lines
        .iter()
        .map(|l| FeedbackRow {
            opinion: l.opinion.clone(),
            raised_by: l.raised_by.to_string(),
            adoption: adoption_code(l.adoption).into(),
            reason: l.reason.clone(),
        })
        .collect()
}

/// A line's one-line summary for lists: `建议… （3人提出，部分采纳）`.
pub fn summary(l: &FeedbackLine) -> String {
    format!(
        "{}（{}人提出，{}）",
        one_line(&l.opinion),
        l.raised_by,
        l.adoption.label()
    )
}
