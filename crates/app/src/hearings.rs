//! 听证 on a consultation (issue 20): the agency drafts a hearing (matter,
//! day and hour, place, how to take part, materials), publishes its notice
//! — refused when fewer than 7 days remain before the hearing, with the
//! statutory reason; a hearing already held is put on record and flagged
//! (`gongkai_domain::participation::hearing`) —, lists its participants
//! (names public, contacts for the agency's own staff only) and publishes
//! its record (听证笔录摘要 / 听证报告) once held.
//!
//! Who: as for the consultation (`Permission::ManageConsultations` manages;
//! the supervising offices above read, without contacts). The public sees
//! the published hearings of a published consultation.

use chrono::NaiveDate;
use gongkai_domain::participation::hearing::{
    NoticeTiming, Participant, check_notice, parse_participants,
};
use gongkai_domain::policy::Principal;
use gongkai_store::{
    AgencyId, Consultation, ConsultationId, ConsultationState, Hearing, HearingId, HearingNotice,
    HearingState, NewHearing, StaffId,
};

use crate::consultations::draft::{date, line, text};
use crate::consultations::{Access, consultation_for, managed, stamp};
use crate::{App, Error};

pub const MATTER_MAX_CHARS: usize = 200;
pub const PLACE_MAX_CHARS: usize = 200;
pub const JOIN_MAX_CHARS: usize = 2000;
pub const MATERIALS_MAX_CHARS: usize = 50_000;
pub const RECORD_MIN_CHARS: usize = 20;
pub const RECORD_MAX_CHARS: usize = 50_000;

/// A notice as the form sends it.
#[derive(Debug, Clone, Default)]
pub struct HearingInput {
    pub matter: String,
    /// `YYYY-MM-DD`.
    pub held_on: String,
    /// `HH:MM`.
    pub starts_at: String,
    pub place: String,
    pub how_to_join: String,
    pub materials: String,
}

impl HearingInput {
    /// The form's fields of a stored notice.
    pub fn of(n: &HearingNotice) -> HearingInput {
        HearingInput {
            matter: n.matter.clone(),
            held_on: n.held_on.to_string(),
            starts_at: n.starts_at.clone(),
            place: n.place.clone(),
            how_to_join: n.how_to_join.clone(),
            materials: n.materials.clone(),
        }
    }
}

/// An hour typed as `HH:MM` (or `H:MM`), kept as `HH:MM`.
fn hour(typed: &str) -> Result<String, Error> {
    chrono::NaiveTime::parse_from_str(typed.trim(), "%H:%M")
        .map(|t| t.format("%H:%M").to_string())
        .map_err(|_| Error::invalid("请填写听证会开始的时间，格式如 09:30。"))
}

/// The notice as checked.
fn checked(app: &App, input: &HearingInput) -> Result<HearingNotice, Error> {
    let today = app.clock.today();
    Ok(HearingNotice {
        matter: line(
            "听证事项（如“白沙县城区公交票价调整方案”）",
            &input.matter,
            (4, MATTER_MAX_CHARS),
        )?
        .unwrap_or_default(),
        held_on: date("听证日期", &input.held_on, today)?,
        starts_at: hour(&input.starts_at)?,
        place: line("听证地点", &input.place, (4, PLACE_MAX_CHARS))?.unwrap_or_default(),
        how_to_join: text(
            "参加办法",
            &input.how_to_join,
            (10, JOIN_MAX_CHARS),
            "说明报名方式和截止时间、听证参加人的遴选办法、旁听办法。",
        )?,
        materials: text(
            "听证材料",
            &input.materials,
            (10, MATERIALS_MAX_CHARS),
            "说明决策草案的主要内容、依据和需要听证的问题；决策草案全文见意见征集公告。",
        )?,
    })
}

/// The hearing `id` with its consultation, for a change by its agency's
/// own staff.
async fn managed_hearing(
    app: &App,
    reader: &Principal<'_>,
    id: HearingId,
) -> Result<(Hearing, Consultation), Error> {
    let h = app
        .store
        .hearing(id)
        .await?
        .ok_or_else(|| Error::not_found(format!("听证（编号{id}）")))?;
    let c = managed(app, reader, h.consultation_id).await?;
    Ok((h, c))
}

/// The consultation of hearing `id`, for a page about it: read by whom
/// may read the consultation (the commands check who may change it).
pub async fn consultation_of(
    app: &App,
    reader: &Principal<'_>,
    id: HearingId,
) -> Result<ConsultationId, Error> {
    let h = app
        .store
        .hearing(id)
        .await?
        .ok_or_else(|| Error::not_found(format!("听证（编号{id}）")))?;
    let (c, _) = consultation_for(app, reader, h.consultation_id).await?;
    Ok(c.id)
}

/// Draft a hearing on consultation `consultation`; answers its id.
pub async fn create(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    consultation: ConsultationId,
    input: &HearingInput,
) -> Result<HearingId, Error> {
    let c = managed(app, reader, consultation).await?;
    let notice = checked(app, input)?;
    let new = NewHearing {
        consultation_id: c.id,
        agency_id: c.agency_id,
        notice,
        created_by: by,
        created_at: app.clock.now(),
    };
    Ok(app.store.create_hearing(&new).await?)
}

/// Change a hearing's notice before it is published.
pub async fn edit(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    id: HearingId,
    input: &HearingInput,
) -> Result<(), Error> {
    managed_hearing(app, reader, id).await?;
    let notice = checked(app, input)?;
    if !app.store.edit_hearing(id, &notice, stamp(app, by)).await? {
        return Err(Error::invalid(
            "听证公告已经发布，不能再修改。听证时间、地点确需变更的，请另行发布听证公告。",
        ));
    }
    Ok(())
}

/// Publish a hearing's notice today: refused fewer than 7 days before the
/// hearing; a hearing already held is taken and flagged.
pub async fn publish(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    id: HearingId,
) -> Result<(), Error> {
    let (h, c) = managed_hearing(app, reader, id).await?;
    if c.state == ConsultationState::Draft {
        return Err(Error::invalid(
            "请先发布意见征集公告，再发布听证公告：听证公告在意见征集的公开页面上公布。",
        ));
    }
    let today = app.clock.today();
    let timing =
        check_notice(today, h.notice.held_on).map_err(|e| Error::invalid(e.to_string()))?;
    let late = timing == NoticeTiming::AfterTheFact;
    if !app
        .store
        .publish_hearing(id, today, late, stamp(app, by))
        .await?
    {
        return Err(Error::invalid("该听证公告已经发布，无需再次发布。"));
    }
    Ok(())
}

/// Replace the participants with those typed one a line.
pub async fn set_participants(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    id: HearingId,
    typed: &str,
) -> Result<(), Error> {
    managed_hearing(app, reader, id).await?;
    let list = parse_participants(typed).map_err(|errors| {
        let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
        Error::invalid(all.join(""))
    })?;
    if !app
        .store
        .set_participants(id, &list, stamp(app, by))
        .await?
    {
        return Err(Error::invalid(
            "听证报告已经公开，听证参加人名单不能再修改。",
        ));
    }
    Ok(())
}

/// Publish the record of a hearing held (today on or after its day).
pub async fn record(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    id: HearingId,
    typed: &str,
) -> Result<(), Error> {
    let (h, _) = managed_hearing(app, reader, id).await?;
    let today = app.clock.today();
    if h.state == HearingState::Draft {
        return Err(Error::invalid(
            "请先发布听证公告，听证会举行后再公开听证报告。",
        ));
    }
    if today < h.notice.held_on {
        return Err(Error::invalid(format!(
            "听证会定于{}举行，举行后才能公开听证报告；今天是{today}。",
            h.notice.held_on
        )));
    }
    let record = text(
        "听证报告（或听证笔录摘要）",
        typed,
        (RECORD_MIN_CHARS, RECORD_MAX_CHARS),
        "写明听证会的基本情况、听证参加人的主要意见和理由、对意见的处理建议。",
    )?;
    if !app
        .store
        .record_hearing(id, &record, today, stamp(app, by))
        .await?
    {
        return Err(Error::invalid("该听证报告已经公开，不能再修改。"));
    }
    Ok(())
}

/// What a page flags about a hearing.
pub fn flags(h: &Hearing) -> Vec<String> {
    let mut out = Vec::new();
    if h.notice_late {
        out.push(format!(
            "听证公告于{}发布，晚于听证会7日前（《重大行政决策程序暂行条例》第十八条）",
            h.published_on.map_or("—".into(), |d| d.to_string())
        ));
    }
    let listed_on = h
        .participants_at
        .map(|t| crate::clock::beijing(t).date_naive());
    match listed_on {
        Some(on) if on >= h.notice.held_on => {
            out.push(format!("听证参加人名单于{on}公布，未在听证会前向社会公布"))
        }
        None if h.state != HearingState::Draft => out.push("听证参加人名单尚未公布".to_string()),
        _ => {}
    }
    out
}

/// The participants as a reader may see them: contacts only for managers.
fn shown(list: &[Participant], access: Access) -> Vec<Participant> {
    list.iter()
        .map(|p| Participant {
            contact: p.contact.clone().filter(|_| access == Access::Manage),
            ..p.clone()
        })
        .collect()
}

/// A consultation's hearings on the workbench.
#[derive(Debug)]
pub struct StaffHearings {
    pub consultation: Consultation,
    pub access: Access,
    pub hearings: Vec<Hearing>,
}

pub async fn staff_hearings(
    app: &App,
    reader: &Principal<'_>,
    consultation: ConsultationId,
) -> Result<StaffHearings, Error> {
    let (c, access) = consultation_for(app, reader, consultation).await?;
    let mut hearings = app.store.hearings_of(c.id, false).await?;
    for h in &mut hearings {
        h.participants = shown(&h.participants, access);
    }
    Ok(StaffHearings {
        consultation: c,
        access,
        hearings,
    })
}

/// The published hearings of a published consultation of `agency`, for the
/// public (no contacts); `NotFound` for a draft or another agency's.
pub async fn public_hearings(
    app: &App,
    agency: AgencyId,
    consultation: ConsultationId,
) -> Result<(Consultation, Vec<Hearing>), Error> {
    let c = app
        .store
        .consultation(consultation)
        .await?
        .filter(|c| c.agency_id == agency && c.state != ConsultationState::Draft)
        .ok_or_else(|| Error::not_found(format!("意见征集（编号{consultation}）")))?;
    let mut hearings = app.store.hearings_of(c.id, true).await?;
    for h in &mut hearings {
        h.participants = shown(&h.participants, Access::Read);
    }
    Ok((c, hearings))
}

/// `2025-06-10 09:30`.
pub fn when(h: &Hearing) -> String {
    format!("{} {}", h.notice.held_on, h.notice.starts_at)
}

/// The latest day the notice of a hearing on `held_on` may be published.
pub fn notice_by(held_on: NaiveDate) -> NaiveDate {
    gongkai_domain::participation::hearing::notice_by(held_on)
}

/// The participants' form text (contacts included: for managers).
pub fn participants_text(h: &Hearing) -> String {
    gongkai_domain::participation::hearing::participants_text(&h.participants)
}
