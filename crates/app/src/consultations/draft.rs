//! 征求意见公告: a consultation drafted (every field checked, the period
//! against the statutory minimum of its kind on the platform calendar from
//! the planned day of publication) and published (the period checked again
//! from the day it is published: a late publication shortens it).

use chrono::NaiveDate;
use gongkai_domain::participation::comment::{email, one_line};
use gongkai_domain::participation::consultation::{DraftKind, PeriodVerdict, check_period};
use gongkai_domain::policy::{Permission, Principal, may_here};
use gongkai_store::{
    AgencyId, ConsultationId, ConsultationState, ItemId, NewConsultation, StaffId,
};

use super::{managed, stamp};
use crate::{App, Error};

pub const TITLE_MIN_CHARS: usize = 5;
pub const TITLE_MAX_CHARS: usize = 100;
/// The longest draft kept as text (a long 规章 is some 30,000 characters).
pub const DRAFT_MAX_CHARS: usize = 100_000;
pub const EXPLANATION_MIN_CHARS: usize = 10;
pub const EXPLANATION_MAX_CHARS: usize = 20_000;
pub const ADDRESS_MAX_CHARS: usize = 200;

/// A notice as the form sends it.
#[derive(Debug, Clone, Default)]
pub struct DraftInput {
    /// The domain's `DraftKind` code.
    pub kind: String,
    pub title: String,
    pub draft_text: String,
    /// 起草说明.
    pub explanation: String,
    /// 信息编号 of a published item of the agency: the draft, its 解读.
    pub draft_item: String,
    pub interpretation_item: String,
    /// `YYYY-MM-DD`: the planned day of publication, and the closing day.
    pub opens_on: String,
    pub closes_on: String,
    pub shortened_reason: String,
    pub comment_address: String,
    pub comment_email: String,
    pub name_required: bool,
}

/// The kind a form names by its code.
pub fn kind_of(code: &str) -> Result<DraftKind, Error> {
    DraftKind::from_code(code.trim()).ok_or_else(|| {
        let names: Vec<&str> = DraftKind::ALL.iter().map(|k| k.label()).collect();
        Error::invalid(format!(
            "请选择征求意见稿的类别：{}。类别决定法定的最短征求意见期限。",
            names.join("、")
        ))
    })
}

pub(crate) use crate::fields::line;

/// A text of several lines; `how` says what it should hold.
pub(crate) fn text(
    what: &str,
    value: &str,
    bounds: (usize, usize),
    how: &str,
) -> Result<String, Error> {
    let long = "。篇幅过长的，请作为主动公开信息发布后填写其信息编号。";
    crate::fields::text_with(what, value, bounds, (&format!("：{how}"), long))
}

/// A date typed as `YYYY-MM-DD`, plausible seen from `today`.
pub(crate) fn date(what: &str, value: &str, today: NaiveDate) -> Result<NaiveDate, Error> {
    crate::fields::date(what, value, today, "2025-10-11")
}

/// A published item of `agency` named by its 信息编号 (optional).
pub(crate) async fn public_item(
    app: &App,
    agency: AgencyId,
    what: &str,
    value: &str,
) -> Result<Option<ItemId>, Error> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let id: ItemId = v.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
        Error::invalid(format!(
            "{what}应填写信息编号（信息网址 /items/ 后的数字），或留空。"
        ))
    })?;
    match app.store.item(id).await? {
        Some(i) if i.agency_id == agency && i.snapshot.state.is_public() => Ok(Some(id)),
        _ => Err(Error::invalid(format!(
            "{what}：编号为{id}的信息不是本机关已公开的信息。请先在主动公开中发布，再填写其信息编号。"
        ))),
    }
}

/// The period's verdict on the platform calendar: the domain's refusal
/// names the statutory minimum and its source.
async fn period(
    app: &App,
    kind: DraftKind,
    (opens, closes): (NaiveDate, NaiveDate),
    reason: Option<&str>,
) -> Result<PeriodVerdict, Error> {
    let calendar = app.calendar_in_force().await?;
    check_period(kind, opens, closes, &calendar, reason).map_err(|e| Error::invalid(e.to_string()))
}

/// The notice as checked, for `agency`.
async fn checked(
    app: &App,
    agency: AgencyId,
    input: &DraftInput,
    by: Option<StaffId>,
) -> Result<NewConsultation, Error> {
    let today = app.clock.today();
    let kind = kind_of(&input.kind)?;
    let example = "如“关于《白沙县农村公路养护管理办法（征求意见稿）》公开征求意见的公告”";
    let title = line(
        &format!("标题，{example}"),
        &input.title,
        (TITLE_MIN_CHARS, TITLE_MAX_CHARS),
    )?
    .unwrap_or_default();
    let draft_item_id = public_item(app, agency, "征求意见稿", &input.draft_item).await?;
    let min_draft = if draft_item_id.is_some() { 0 } else { 1 };
    let draft_text = text(
        "征求意见稿全文",
        &input.draft_text,
        (min_draft, DRAFT_MAX_CHARS),
        "粘贴征求意见稿的全文，或填写已公开的征求意见稿的信息编号。",
    )?;
    let explanation = text(
        "起草说明",
        &input.explanation,
        (EXPLANATION_MIN_CHARS, EXPLANATION_MAX_CHARS),
        "说明制定的必要性、起草过程、主要内容和需要说明的问题。",
    )?;
    let opens_on = date("发布日期", &input.opens_on, today)?;
    if opens_on < today {
        return Err(Error::invalid(format!(
            "发布日期（{opens_on}）不能早于今天（{today}）：征求意见期限从发布之日起计算。"
        )));
    }
    let closes_on = date("截止日期", &input.closes_on, today)?;
    let reason = one_line(&input.shortened_reason);
    let verdict = period(app, kind, (opens_on, closes_on), Some(&reason)).await?;
    let comment_email = match line("接收意见的电子邮箱", &input.comment_email, (0, 100))? {
        Some(e) => Some(email(&e).ok_or_else(|| {
            Error::invalid("接收意见的电子邮箱格式不正确，应如 gk@example.gov.cn；不通过电子邮件接收的，请留空。")
        })?),
        None => None,
    };
    Ok(NewConsultation {
        agency_id: agency,
        kind,
        title,
        draft_text,
        explanation,
        draft_item_id,
        interpretation_item_id: public_item(app, agency, "政策解读", &input.interpretation_item)
            .await?,
        opens_on,
        closes_on,
        shortened_reason: verdict.shortened_because,
        comment_address: line(
            "接收意见的通信地址",
            &input.comment_address,
            (0, ADDRESS_MAX_CHARS),
        )?,
        comment_email,
        name_required: input.name_required,
        created_by: by,
        created_at: app.clock.now(),
    })
}

/// Draft a consultation of `reader`'s own agency; answers its id.
pub async fn create(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    input: &DraftInput,
) -> Result<ConsultationId, Error> {
    may_here(reader.roles, Permission::ManageConsultations).map_err(|r| Error::forbidden(r.0))?;
    let new = checked(app, reader.agency, input, by).await?;
    Ok(app.store.create_consultation(&new).await?)
}

/// Publish the draft `id` today: the period is checked again from today
/// (the day it opens), with `reason` for a shortened period if given (the
/// one drafted otherwise).
pub async fn publish(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    id: ConsultationId,
    reason: &str,
) -> Result<(), Error> {
    let c = managed(app, reader, id).await?;
    if c.state != ConsultationState::Draft {
        return Err(Error::invalid("该意见征集已经发布，无需再次发布。"));
    }
    let today = app.clock.today();
    let typed = one_line(reason);
    let reason = Some(typed.as_str())
        .filter(|r| !r.is_empty())
        .or(c.shortened_reason.as_deref());
    let calendar = app.calendar_in_force().await?;
    let verdict = check_period(c.kind, today, c.closes_on, &calendar, reason)
        .map_err(|e| Error::invalid(format!("按今天（{today}）发布计算：{e}")))?;
    let published = app
        .store
        .publish_consultation(
            id,
            today,
            verdict.shortened_because.as_deref(),
            stamp(app, by),
        )
        .await?;
    if !published {
        return Err(Error::invalid("该意见征集已经发布，无需再次发布。"));
    }
    Ok(())
}

fn published_already() -> Error {
    Error::invalid(
        "该意见征集已经发布，征求意见公告不能再修改。如需更正，请在公告中另行说明或重新发布征求意见。",
    )
}

/// Change the draft `id` before it is published: the same checks as
/// [`create`].
pub async fn edit(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    id: ConsultationId,
    input: &DraftInput,
) -> Result<(), Error> {
    let c = managed(app, reader, id).await?;
    if c.state != ConsultationState::Draft {
        return Err(published_already());
    }
    let new = checked(app, c.agency_id, input, by).await?;
    if !app
        .store
        .edit_consultation(id, &new, stamp(app, by))
        .await?
    {
        return Err(published_already());
    }
    Ok(())
}

/// The form's fields of a stored notice (to edit the draft).
pub fn input_of(c: &gongkai_store::Consultation) -> DraftInput {
    let id = |i: Option<ItemId>| i.map_or(String::new(), |i| i.to_string());
    DraftInput {
        kind: c.kind.code().into(),
        title: c.title.clone(),
        draft_text: c.draft_text.clone(),
        explanation: c.explanation.clone(),
        draft_item: id(c.draft_item_id),
        interpretation_item: id(c.interpretation_item_id),
        opens_on: c.opens_on.to_string(),
        closes_on: c.closes_on.to_string(),
        shortened_reason: c.shortened_reason.clone().unwrap_or_default(),
        comment_address: c.comment_address.clone().unwrap_or_default(),
        comment_email: c.comment_email.clone().unwrap_or_default(),
        name_required: c.name_required,
    }
}
