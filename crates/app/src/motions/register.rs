//! 建议提案台账: a register per year and session (届次) with the months a
//! reply is due in (建议 3 by statute; 提案 3 to 5 as the session is
//! configured), and a motion registered in it — its 编号, title,
//! proposers (contacts private), co-handling agencies of the platform and
//! assignment date, its due day computed from the session's rules.

use chrono::Datelike;
use gongkai_domain::participation::clocks::{MotionKind, MotionRules};
use gongkai_domain::participation::motions::{Proposer, check_session_name, session_rules};
use gongkai_domain::policy::{Permission, Principal, may_here};
use gongkai_store::{
    AgencyId, MotionId, MotionSession, MotionSessionId, NewMotion, NewMotionSession, StaffId,
};

use super::fields::{line, past_date, required};
use super::{Access, access_to_agency};
use crate::{App, Error};

/// Most proposers of one motion (a joint suggestion has a few dozen at most).
pub const PROPOSERS_MAX: usize = 50;
/// Most co-handling agencies of one motion.
pub const CO_AGENCIES_MAX: usize = 20;
pub const TITLE_MAX_CHARS: usize = 200;

/// A session's register as the form sends it.
#[derive(Debug, Clone, Default)]
pub struct SessionInput {
    /// `suggestion` or `proposal`.
    pub kind: String,
    pub year: String,
    /// 届次.
    pub name: String,
    /// Months a reply is due in (empty: 3).
    pub reply_months: String,
    /// 交办机关.
    pub assigned_by: String,
}

/// The kind a form names by its code.
pub fn kind_of(code: &str) -> Result<MotionKind, Error> {
    MotionKind::from_code(code.trim())
        .ok_or_else(|| Error::invalid("请选择类别：人大代表建议或政协委员提案。"))
}

/// The session's rules as checked (months typed, 3 when empty).
fn rules_of(kind: MotionKind, months: &str) -> Result<(u32, MotionRules), Error> {
    let months = match months.trim() {
        "" => MotionRules::default().suggestion_months,
        m => m
            .parse()
            .map_err(|_| Error::invalid("办理期限请填写月数（如3或5），自交办之日起计算。"))?,
    };
    let rules = session_rules(kind, months).map_err(|e| Error::invalid(e.to_string()))?;
    Ok((months, rules))
}

/// Create a session's register for `reader`'s own agency.
pub async fn create_session(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    input: &SessionInput,
) -> Result<MotionSessionId, Error> {
    may_here(reader.roles, Permission::HandleMotions).map_err(|r| Error::forbidden(r.0))?;
    let today = app.clock.today();
    let kind = kind_of(&input.kind)?;
    let last = today.year() + 1;
    let year: i32 = input
        .year
        .trim()
        .parse()
        .ok()
        .filter(|y| (1949..=last).contains(y))
        .ok_or_else(|| {
            Error::invalid(format!(
                "年度请填写会议召开的年份（1949至{last}年之间的四位数字），如{}。",
                today.year()
            ))
        })?;
    let example = "，如“白沙县第十八届人民代表大会第五次会议”";
    let name = required("届次", &input.name, (8, 60), example)?;
    check_session_name(kind, &name).map_err(|e| Error::invalid(e.to_string()))?;
    let (reply_months, _) = rules_of(kind, &input.reply_months)?;
    let assigned_by = required(
        "交办机关",
        &input.assigned_by,
        (2, 60),
        "，如“县人大常委会选举任免联络工作委员会”或“县政协提案委员会”",
    )?;
    let new = NewMotionSession {
        agency_id: reader.agency,
        kind,
        year,
        name,
        reply_months,
        assigned_by,
        created_by: by,
        created_at: app.clock.now(),
    };
    app.store.create_motion_session(&new).await?.ok_or_else(|| {
        Error::invalid(format!(
            "本机关已有{year}年{}的{}台账，请直接在该台账中登记。",
            new.name,
            kind.short()
        ))
    })
}

/// One proposer as typed.
#[derive(Debug, Clone, Default)]
pub struct ProposerRow {
    pub name: String,
    /// 代表团 or 界别.
    pub group: String,
    /// Private: a phone number or an address.
    pub contact: String,
}

impl ProposerRow {
    fn is_blank(&self) -> bool {
        [&self.name, &self.group, &self.contact]
            .iter()
            .all(|f| f.trim().is_empty())
    }
}

/// A motion as the form sends it.
#[derive(Debug, Clone, Default)]
pub struct MotionInput {
    /// 编号: `12` or `第12号`.
    pub number: String,
    pub title: String,
    pub proposers: Vec<ProposerRow>,
    /// The co-handling agencies' codes (统一社会信用代码), separated by
    /// spaces, commas or lines.
    pub co_agencies: String,
    /// 交办日期 (`YYYY-MM-DD`).
    pub assigned_on: String,
}

/// The 编号 as kept: without `第` and `号`, letters, digits and `-`.
pub fn number_of(typed: &str) -> Result<String, Error> {
    let t = typed.trim();
    let t = t.strip_prefix('第').unwrap_or(t);
    let t = t.strip_suffix('号').unwrap_or(t).trim();
    let ok = (1..=20).contains(&t.chars().count())
        && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !ok {
        return Err(Error::invalid(
            "编号请填写交办机关所编的号码，如“12”或“第12号”（数字、字母或“-”，不超过20位）。",
        ));
    }
    Ok(t.to_string())
}

/// The proposers as typed (blank rows left out), each named.
pub fn proposers_of(kind: MotionKind, rows: &[ProposerRow]) -> Result<Vec<Proposer>, Error> {
    let filled: Vec<&ProposerRow> = rows.iter().filter(|r| !r.is_blank()).collect();
    if filled.is_empty() {
        return Err(Error::invalid(format!(
            "请填写提出{}的{}姓名（联名提出的，逐一填写）。",
            kind.short(),
            kind.proposer()
        )));
    }
    if filled.len() > PROPOSERS_MAX {
        return Err(Error::invalid(format!(
            "提出人最多填写{PROPOSERS_MAX}人；联名人数更多的，请填写领衔人和前{PROPOSERS_MAX}名。"
        )));
    }
    let group = kind.group();
    filled
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let n = i + 1;
            Ok(Proposer {
                name: required(&format!("第{n}位提出人的姓名"), &r.name, (1, 20), "")?,
                group: line(&format!("第{n}位提出人的{group}"), &r.group, (0, 30), "")?
                    .unwrap_or_default(),
                contact: line(
                    &format!("第{n}位提出人的联系方式"),
                    &r.contact,
                    (0, 100),
                    "",
                )?,
            })
        })
        .collect()
}

/// The co-handling agencies named by their codes: agencies of the
/// platform other than the lead one, each once.
async fn co_agencies_of(app: &App, lead: AgencyId, typed: &str) -> Result<Vec<AgencyId>, Error> {
    let codes: Vec<&str> = typed
        .split(|c: char| c.is_whitespace() || ",，、;；".contains(c))
        .filter(|c| !c.is_empty())
        .collect();
    if codes.len() > CO_AGENCIES_MAX {
        return Err(Error::invalid(format!(
            "协办单位最多填写{CO_AGENCIES_MAX}个。"
        )));
    }
    let mut ids = Vec::new();
    for code in codes {
        let shown: String = code.chars().take(30).collect();
        let agency = app.store.agency_by_code(code).await?.ok_or_else(|| {
            Error::invalid(format!(
                "协办单位“{shown}”不是本平台的机关：请填写协办单位的统一社会信用代码（可在机关的政府信息公开栏目中查到）；不在本平台的协办单位可以不填。"
            ))
        })?;
        if agency.id == lead {
            return Err(Error::invalid("主办单位不必再填为协办单位。"));
        }
        if !ids.contains(&agency.id) {
            ids.push(agency.id);
        }
    }
    Ok(ids)
}

/// The session `id` for registering in it: the reader's own agency's.
pub async fn session_managed(
    app: &App,
    reader: &Principal<'_>,
    id: MotionSessionId,
) -> Result<MotionSession, Error> {
    let s = app
        .store
        .motion_session(id)
        .await?
        .ok_or_else(|| Error::not_found(format!("建议提案台账（编号{id}）")))?;
    match access_to_agency(app, reader, s.agency_id).await? {
        Access::Lead => Ok(s),
        _ => Err(Error::forbidden(
            "上级机关可以查看建议提案台账，由主办单位登记和办理。",
        )),
    }
}

/// Register a motion in session `session` of `reader`'s agency: answers
/// its id.
pub async fn register(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    session: MotionSessionId,
    input: &MotionInput,
) -> Result<MotionId, Error> {
    let s = session_managed(app, reader, session).await?;
    let today = app.clock.today();
    let number = number_of(&input.number)?;
    let title = required(
        "标题",
        &input.title,
        (5, TITLE_MAX_CHARS),
        "，如“关于加快农村公路提档升级的建议”",
    )?;
    let proposers = proposers_of(s.kind, &input.proposers)?;
    let co_agencies = co_agencies_of(app, s.agency_id, &input.co_agencies).await?;
    let assigned_on = past_date("交办日期", &input.assigned_on, today)?;
    let (_, rules) = rules_of(s.kind, &s.reply_months.to_string())?;
    let new = NewMotion {
        session_id: s.id,
        agency_id: s.agency_id,
        number,
        title,
        proposers,
        co_agencies,
        assigned_on,
        due_on: rules.reply_due(s.kind, assigned_on),
        created_by: by,
        created_at: app.clock.now(),
    };
    app.store.register_motion(&new).await?.ok_or_else(|| {
        Error::invalid(format!(
            "{}已登记第{}号{}，请核对编号。",
            s.name,
            new.number,
            s.kind.short()
        ))
    })
}
