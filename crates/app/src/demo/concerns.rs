//! The demo's 回应关切 of 白沙县交通运输局, placed by working days counted
//! back from today: a 重大突发事件 (a road cut by heavy rain, 10 working days
//! ago) answered in time — 权威信息 3 hours after the bureau learned of it,
//! linking a published item of its catalogue, and a 新闻发布会 after 20
//! hours — and closed; a 48-hour concern (6 working days ago) answered after
//! 60 hours (超时 by 12 hours) and closed; and one learned yesterday
//! afternoon, still open, with an internal note only (which meets no
//! clock: only a public response does). The clocks are the domain's
//! (`concern_clocks`), the clocks a response meets too (`met_by`).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use gongkai_domain::participation::clocks::{ConcernClass, concern_clocks};
use gongkai_domain::participation::concern::ResponseKind;
use gongkai_store::{
    Agency, ConcernId, ConcernList, ItemId, LinkedItem, NewConcern, NewConcernResponse, Stamp,
    Store, StoreResult,
};

use super::when::{Today, back};
use crate::clock::start_of_day;

/// The item the incident's authoritative information links, when out.
const LINKED_TITLE: &str = "关于印发《白沙县农村公路养护管理办法》的通知";

/// `h` o'clock on `d` (Beijing).
fn at(d: NaiveDate, h: i64) -> DateTime<Utc> {
    start_of_day(d) + Duration::hours(h)
}

fn stamp(at: DateTime<Utc>) -> Stamp {
    Stamp { by: None, at }
}

/// A concern of `class` the bureau learned of at `learned_at`.
struct Learned {
    class: ConcernClass,
    title: &'static str,
    source: &'static str,
    summary: &'static str,
}

const INCIDENT: Learned = Learned {
    class: ConcernClass::MajorIncident,
    title: "强降雨致县道X012线城关至北坡段路基塌方、交通中断",
    source: "网络媒体报道、12328交通运输服务监督电话",
    summary: "受持续强降雨影响，县道X012线城关至北坡段K8+300处路基塌方约40米，交通中断，沿线三个村约2000名群众出行受阻，网络上出现“北坡村被困”的不实信息。",
};

const CROWDED_BUSES: Learned = Learned {
    class: ConcernClass::Other,
    title: "网民反映城区公交3路车辆拥挤、班次间隔过长",
    source: "12345政务服务便民热线",
    summary: "多名市民反映早高峰时段城区公交3路车辆拥挤，候车时间超过30分钟，希望增加班次。",
};

const TAXIS: Learned = Learned {
    class: ConcernClass::Other,
    title: "网民反映白沙汽车站周边出租汽车拒载、议价",
    source: "网络论坛（白沙论坛）",
    summary: "有网民发帖称，晚间在白沙汽车站乘坐出租汽车时遇到拒载和不打表议价，帖子被大量转发。",
};

/// Register `c`, learned of at `learned_at`, with its clocks.
async fn register(
    store: &dyn Store,
    bureau: &Agency,
    c: &Learned,
    learned_at: DateTime<Utc>,
) -> StoreResult<ConcernId> {
    let clocks = concern_clocks(c.class, learned_at);
    let first = clocks
        .first()
        .ok_or_else(|| super::corrupt("舆情没有回应时限"))?;
    store
        .register_concern(&NewConcern {
            agency_id: bureau.id,
            class: c.class,
            title: c.title.into(),
            learned_at,
            source: c.source.into(),
            summary: c.summary.into(),
            lead_agency: bureau.profile.full_name.clone(),
            first_due_at: first.by,
            second_due_at: clocks.get(1).map(|d| d.by),
            created_by: None,
            created_at: learned_at + Duration::minutes(20),
        })
        .await
}

/// A response to `id` of `kind` at `at`: public ones meet the clocks their
/// kind answers.
async fn respond(
    store: &dyn Store,
    (id, c, learned_at): (ConcernId, &Learned, DateTime<Utc>),
    (kind, at, public): (ResponseKind, DateTime<Utc>, bool),
    body: &str,
    items: Vec<LinkedItem>,
) -> StoreResult<()> {
    let clocks = concern_clocks(c.class, learned_at);
    let meets = |slot: usize| public && clocks.get(slot).is_some_and(|d| d.clock.met_by(kind));
    let r = NewConcernResponse {
        kind,
        responded_at: at,
        body: body.into(),
        public,
        external_url: None,
        items,
        meets_first: meets(0),
        meets_second: meets(1),
    };
    store
        .record_concern_response(id, &r, stamp(at))
        .await?
        .ok_or_else(|| super::corrupt("舆情已办结"))?;
    Ok(())
}

/// The bureau's item titled [`LINKED_TITLE`], if published by `day`.
async fn linked_item(
    store: &dyn Store,
    bureau: &Agency,
    day: NaiveDate,
) -> StoreResult<Option<ItemId>> {
    Ok(store
        .items_of_agency(bureau.id)
        .await?
        .into_iter()
        .find(|i| {
            i.snapshot.state.is_public()
                && i.snapshot.metadata.title == LINKED_TITLE
                && i.snapshot.published_on.is_some_and(|on| on <= day)
        })
        .map(|i| i.id))
}

/// The incident: authoritative information after 3 hours, a press
/// conference after 20, closed 3 days later.
async fn incident(store: &dyn Store, today: &Today<'_>, bureau: &Agency) -> StoreResult<()> {
    let day = back(today.calendar, today.day, 10);
    let learned = at(day, 6);
    let id = register(store, bureau, &INCIDENT, learned).await?;
    let items = linked_item(store, bureau, day)
        .await?
        .map(|item_id| LinkedItem {
            item_id,
            title: LINKED_TITLE.into(),
        })
        .into_iter()
        .collect();
    let this = (id, &INCIDENT, learned);
    respond(
        store,
        this,
        (ResponseKind::AuthoritativeRelease, learned + Duration::hours(3), true),
        "县道X012线城关至北坡段K8+300处因强降雨路基塌方，交通暂时中断，无人员伤亡。县交通运输局已依照《白沙县农村公路养护管理办法》启动应急抢修，设置绕行标志，北坡方向车辆经乡道Y005线绕行。沿线群众生活物资供应正常，“北坡村被困”系不实信息。",
        items,
    )
    .await?;
    respond(
        store,
        this,
        (ResponseKind::PressConference, learned + Duration::hours(20), true),
        "县政府新闻办召开新闻发布会，县交通运输局通报塌方路段抢修进展：便道已于当日抢通，预计5日内恢复双向通行；公布24小时抢修值班电话0991-8823456。",
        Vec::new(),
    )
    .await?;
    let closed = learned + Duration::days(3);
    let note = "塌方路段已恢复双向通行，已发布权威信息并召开新闻发布会，舆情平息。";
    store.close_concern(id, note, stamp(closed)).await?;
    Ok(())
}

/// The 48-hour concern, answered after 60 hours (12 hours late), closed.
async fn answered_late(store: &dyn Store, today: &Today<'_>, bureau: &Agency) -> StoreResult<()> {
    let learned = at(back(today.calendar, today.day, 6), 10);
    let id = register(store, bureau, &CROWDED_BUSES, learned).await?;
    respond(
        store,
        (id, &CROWDED_BUSES, learned),
        (ResponseKind::Statement, learned + Duration::hours(60), true),
        "经调查，城区公交3路早高峰客流较大。自下周一起，3路早高峰（7:00—8:30）发车间隔由15分钟缩短至8分钟，并增开2辆区间车。",
        Vec::new(),
    )
    .await?;
    let note = "已调整3路早高峰班次并向社会说明，群众反映的问题已解决。";
    store
        .close_concern(id, note, stamp(learned + Duration::days(4)))
        .await?;
    Ok(())
}

/// Learned yesterday at four in the afternoon: its 48 hours run to
/// tomorrow afternoon; only an internal note so far.
async fn open(store: &dyn Store, today: &Today<'_>, bureau: &Agency) -> StoreResult<()> {
    let learned = at(today.day - chrono::Days::new(1), 16);
    let id = register(store, bureau, &TAXIS, learned).await?;
    respond(
        store,
        (id, &TAXIS, learned),
        (ResponseKind::Other, learned + Duration::hours(2), false),
        "已责成县道路运输服务中心调取汽车站周边出租汽车行车记录，核查网民反映的情况，核查结果出来后统一对外回应。",
        Vec::new(),
    )
    .await
}

/// Seeds the bureau's concerns, once.
pub(super) async fn seed_concerns(
    store: &dyn Store,
    today: &Today<'_>,
    bureau: &Agency,
) -> StoreResult<()> {
    if !store
        .concern_rows(ConcernList::Queue(bureau.id), 0, 1)
        .await?
        .is_empty()
    {
        return Ok(());
    }
    incident(store, today, bureau).await?;
    answered_late(store, today, bureau).await?;
    open(store, today, bureau).await
}
