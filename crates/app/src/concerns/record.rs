//! 登记、回应、办结: what the agency records on its register of concerns —
//! a concern with its clocks (derived by the domain from its class and the
//! moment the agency learned of it), a response (its kind, when, the text,
//! whether public, the agency's published items it links or an address
//! elsewhere; the clocks it meets, as the domain says), the closing.
//! Each decision is audited by the store in its transaction.

use gongkai_domain::participation::clocks::{ConcernClass, ConcernClock, concern_clocks};
use gongkai_domain::participation::concern::{ResponseKind, check_happened, check_responded_at};
use gongkai_domain::policy::{Permission, Principal, may_here};
use gongkai_store::{
    ConcernId, ConcernResponseId, ConcernState, ItemId, LinkedItem, NewConcern, NewConcernResponse,
    StaffId,
};

use super::fields::{line, moment, text};
use super::{responded_by, stamp};
use crate::{App, Error};

pub const TITLE_MAX_CHARS: usize = 100;
pub const SUMMARY_MAX_CHARS: usize = 5_000;
pub const BODY_MIN_CHARS: usize = 10;
pub const BODY_MAX_CHARS: usize = 20_000;
/// Most published items one response links.
pub const ITEMS_MAX: usize = 10;
pub const URL_MAX_CHARS: usize = 500;

fn invalid(e: impl ToString) -> Error {
    Error::invalid(e.to_string())
}

/// A concern as the form (or the API) sends it.
#[derive(Debug, Clone, Default)]
pub struct ConcernInput {
    pub title: String,
    /// `major_incident` or `other`.
    pub class: String,
    /// `YYYY-MM-DD HH:MM`, Beijing time.
    pub learned_at: String,
    /// 来源/渠道.
    pub source: String,
    pub summary: String,
    /// 牵头回应单位; the agency itself when empty.
    pub lead_agency: String,
}

fn class_of(code: &str) -> Result<ConcernClass, Error> {
    ConcernClass::from_code(code.trim()).ok_or_else(|| {
        Error::invalid(format!(
            "请选择舆情类别：{}（{}），或{}（{}）。",
            ConcernClass::MajorIncident.label(),
            ConcernClass::MajorIncident.rule(),
            ConcernClass::Other.label(),
            ConcernClass::Other.rule()
        ))
    })
}

/// Register a concern of the reader's agency; its id.
pub async fn register(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    input: &ConcernInput,
) -> Result<ConcernId, Error> {
    may_here(reader.roles, Permission::RespondToConcerns).map_err(|r| Error::forbidden(r.0))?;
    let title = line("舆情标题", &input.title, (4, TITLE_MAX_CHARS))?.unwrap_or_default();
    let class = class_of(&input.class)?;
    let now = app.clock.now();
    let learned_at = moment("获知时间", &input.learned_at, now)?;
    check_happened("获知时间", learned_at, now).map_err(invalid)?;
    let source = line(
        "来源或渠道（如“网络媒体报道”“12345热线”）",
        &input.source,
        (2, 100),
    )?
    .unwrap_or_default();
    let summary = text("舆情概要", &input.summary, (4, SUMMARY_MAX_CHARS))?;
    let lead_agency = match line("牵头回应单位", &input.lead_agency, (0, 100))? {
        Some(l) => l,
        None => app
            .store
            .agency(reader.agency)
            .await?
            .map(|a| a.profile.full_name)
            .unwrap_or_default(),
    };
    let clocks = concern_clocks(class, learned_at);
    let first = clocks
        .first()
        .ok_or_else(|| Error::internal("舆情没有回应时限"))?;
    let c = NewConcern {
        agency_id: reader.agency,
        class,
        title,
        learned_at,
        source,
        summary,
        lead_agency,
        first_due_at: first.by,
        second_due_at: clocks.get(1).map(|d| d.by),
        created_by: by,
        created_at: now,
    };
    Ok(app.store.register_concern(&c).await?)
}

/// A response as the form (or the API) sends it.
#[derive(Debug, Clone, Default)]
pub struct ResponseInput {
    /// `authoritative_release`, `press_conference`, `statement`, `other`.
    pub kind: String,
    /// `YYYY-MM-DD HH:MM`, Beijing time.
    pub responded_at: String,
    pub body: String,
    /// Published in the agency's 回应关切 column (and counted for the clocks).
    pub public: bool,
    /// The agency's published items' numbers (信息编号), separated by
    /// spaces or commas.
    pub items: String,
    /// An address elsewhere (a press release on another site).
    pub url: String,
}

fn kind_of(code: &str) -> Result<ResponseKind, Error> {
    ResponseKind::from_code(code.trim()).ok_or_else(|| {
        let all: Vec<&str> = ResponseKind::ALL.iter().map(|k| k.label()).collect();
        Error::invalid(format!("请选择回应方式：{}。", all.join("、")))
    })
}

/// The items typed: each a published item of `agency`, with its title.
async fn linked_items(
    app: &App,
    agency: gongkai_store::AgencyId,
    typed: &str,
) -> Result<Vec<LinkedItem>, Error> {
    let mut out: Vec<LinkedItem> = Vec::new();
    for part in typed
        .split(|c: char| c.is_whitespace() || ",，、;；".contains(c))
        .filter(|p| !p.is_empty())
    {
        let id: ItemId = part.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
            let shown: String = part.chars().take(20).collect();
            Error::invalid(format!(
                "关联信息“{shown}”不是信息编号：请填写本机关已公开信息的编号（信息网址 /items/ 后的数字），多个编号用逗号或空格分开。"
            ))
        })?;
        if out.iter().any(|i| i.item_id == id) {
            continue;
        }
        match app.store.item(id).await? {
            Some(i) if i.agency_id == agency && i.snapshot.state.is_public() => {
                out.push(LinkedItem {
                    item_id: id,
                    title: i.snapshot.metadata.title,
                })
            }
            _ => {
                return Err(Error::invalid(format!(
                    "关联信息：编号为{id}的信息不是本机关已公开的信息。请先在主动公开中发布，再填写其信息编号。"
                )));
            }
        }
    }
    if out.len() > ITEMS_MAX {
        return Err(Error::invalid(format!(
            "一次回应最多关联{ITEMS_MAX}条已公开信息（现有{}条）。",
            out.len()
        )));
    }
    Ok(out)
}

fn url_of(typed: &str) -> Result<Option<String>, Error> {
    match line("网址", typed, (0, URL_MAX_CHARS))? {
        Some(u) if u.starts_with("https://") || u.starts_with("http://") => Ok(Some(u)),
        Some(_) => Err(Error::invalid(
            "网址应以 http:// 或 https:// 开头，请复制浏览器地址栏中的完整网址。",
        )),
        None => Ok(None),
    }
}

fn closed_already() -> Error {
    Error::invalid("该舆情已经办结，不能再记录回应。如有新情况，请另行登记。")
}

/// Record a response of concern `id`; the response's id.
pub async fn respond(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    id: ConcernId,
    input: &ResponseInput,
) -> Result<ConcernResponseId, Error> {
    let c = responded_by(app, reader, id).await?;
    if c.state != ConcernState::Open {
        return Err(closed_already());
    }
    let kind = kind_of(&input.kind)?;
    let now = app.clock.now();
    let at = moment("回应时间", &input.responded_at, now)?;
    check_happened("回应时间", at, now).map_err(invalid)?;
    check_responded_at(c.learned_at, at).map_err(invalid)?;
    let body = text("回应内容", &input.body, (BODY_MIN_CHARS, BODY_MAX_CHARS))?;
    let items = linked_items(app, c.agency_id, &input.items).await?;
    let external_url = url_of(&input.url)?;
    // The clocks this response meets: only a public one, of a kind that
    // answers them (the domain's rule); the first slot is the class's
    // first clock, the second the press conference.
    let clocks: Vec<ConcernClock> = concern_clocks(c.class, c.learned_at)
        .iter()
        .map(|d| d.clock)
        .collect();
    let meets =
        |slot: usize| input.public && clocks.get(slot).is_some_and(|clock| clock.met_by(kind));
    let r = NewConcernResponse {
        kind,
        responded_at: at,
        body,
        public: input.public,
        external_url,
        items,
        meets_first: meets(0),
        meets_second: meets(1),
    };
    app.store
        .record_concern_response(id, &r, stamp(app, by))
        .await?
        .ok_or_else(closed_already)
}

/// The closing as the form sends it.
#[derive(Debug, Clone, Default)]
pub struct CloseInput {
    /// 办结说明: how it was settled.
    pub note: String,
}

/// Close concern `id`.
pub async fn close(
    app: &App,
    reader: &Principal<'_>,
    by: Option<StaffId>,
    id: ConcernId,
    input: &CloseInput,
) -> Result<(), Error> {
    let c = responded_by(app, reader, id).await?;
    if c.state != ConcernState::Open {
        return Err(Error::invalid("该舆情已经办结。"));
    }
    let note = line(
        "办结说明（如“已发布权威信息并召开新闻发布会，舆情平息”）",
        &input.note,
        (4, 500),
    )?
    .unwrap_or_default();
    if !app.store.close_concern(id, &note, stamp(app, by)).await? {
        return Err(Error::invalid("该舆情已经办结。"));
    }
    Ok(())
}
