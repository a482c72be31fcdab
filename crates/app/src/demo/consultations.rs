//! The demo's 意见征集 of 白沙县交通运输局: one open consultation on a
//! 规范性文件 draft (published 3 working days before today, open 10
//! working days, two comments — one shown, one awaiting moderation) and one
//! closed with its feedback published and the final decision linked: the
//! 《白沙县农村公路养护管理办法》 of the demo's catalogue, consulted on 25
//! working days before it was published (relative to today while that
//! item is not out yet this year, without a decision).

use chrono::NaiveDate;
use gongkai_domain::participation::consultation::{Adoption, DraftKind, FeedbackLine};
use gongkai_store::{
    Agency, ConsultationId, ConsultationList, DecisionLink, ItemId, Moderation, NewComment,
    NewConsultation, NewModeration, Stamp, Store, StoreResult,
};

use super::when::{Today, back};
use crate::clock::start_of_day;

/// The decision of the closed consultation, in the demo's catalogue.
const DECISION_TITLE: &str = "关于印发《白沙县农村公路养护管理办法》的通知";

/// Ten in the morning of `d` (Beijing).
fn morning(d: NaiveDate) -> Stamp {
    Stamp {
        by: None,
        at: start_of_day(d) + chrono::Duration::hours(10),
    }
}

fn notice(
    agency: &Agency,
    title: &str,
    (opens, closes): (NaiveDate, NaiveDate),
) -> NewConsultation {
    NewConsultation {
        agency_id: agency.id,
        kind: DraftKind::NormativeDocument,
        title: title.into(),
        draft_text: "第一条 为规范本县农村公路管理，保障农村公路安全畅通，根据有关法律法规，结合本县实际，制定本办法。\n第二条 本办法适用于本县行政区域内县道、乡道和村道的管理。\n第三条 县交通运输局负责全县农村公路的行业管理，乡镇人民政府负责本辖区乡道、村道的管理。".into(),
        explanation: "一、起草背景：现行制度制定时间较早，部分内容已不适应农村公路“建管养运”一体化发展的要求。\n二、起草过程：在调研各乡镇农村公路管理情况的基础上形成征求意见稿。\n三、主要内容：明确县乡村三级管理责任、资金保障和考核办法。".into(),
        draft_item_id: None,
        interpretation_item_id: None,
        opens_on: opens,
        closes_on: closes,
        shortened_reason: None,
        comment_address: Some("白沙县城关镇北街1号 白沙县交通运输局政策法规股（邮编990100）".into()),
        comment_email: Some(agency.profile.office.email.clone()),
        name_required: false,
        created_by: None,
        created_at: morning(opens).at,
    }
}

/// A published consultation of `title` from `opens` to `closes`.
async fn published(
    store: &dyn Store,
    agency: &Agency,
    title: &str,
    period: (NaiveDate, NaiveDate),
) -> StoreResult<ConsultationId> {
    let id = store
        .create_consultation(&notice(agency, title, period))
        .await?;
    store
        .publish_consultation(id, period.0, None, morning(period.0))
        .await?;
    Ok(id)
}

/// A comment received on `on` with the key `key`, moderated as `m`.
async fn comment(
    store: &dyn Store,
    id: ConsultationId,
    (key, on): (&str, NaiveDate),
    (name, body): (Option<&str>, &str),
    m: Option<(Moderation, Option<&str>)>,
) -> StoreResult<()> {
    let received = store
        .add_comment(&NewComment {
            consultation_id: id,
            submit_key: format!("demo-{key}"),
            name: name.map(Into::into),
            contact: Some("13800138000".into()),
            body: body.into(),
            received_at: morning(on).at,
        })
        .await?;
    let Some((moderation, reason)) = m else {
        return Ok(());
    };
    store
        .moderate_comment(&NewModeration {
            consultation_id: id,
            comment_id: received.id(),
            moderation,
            hidden_reason: reason.map(Into::into),
            by: None,
            at: morning(on).at + chrono::Duration::hours(4),
        })
        .await
}

fn feedback() -> Vec<FeedbackLine> {
    let line = |opinion: &str, raised_by, adoption, reason: &str| FeedbackLine {
        opinion: opinion.into(),
        raised_by,
        adoption,
        reason: reason.into(),
    };
    vec![
        line(
            "建议将村道日常养护责任由村民委员会调整为乡镇人民政府",
            3,
            Adoption::PartlyAdopted,
            "乡镇人民政府负责组织村道养护，村民委员会协助开展日常巡查，已在第三条中明确。",
        ),
        line("建议明确县级养护资金的拨付时限", 1, Adoption::Adopted, ""),
        line(
            "建议取消农村公路超限运输车辆通行费",
            1,
            Adoption::NotAdopted,
            "通行费的设定和调整依照上位法规定，不属于本办法规定的事项。",
        ),
    ]
}

/// The demo's published decision, when it is out on `today`.
async fn decision(store: &dyn Store, agency: &Agency) -> StoreResult<Option<(ItemId, NaiveDate)>> {
    Ok(store
        .items_of_agency(agency.id)
        .await?
        .into_iter()
        .filter(|i| i.snapshot.state.is_public() && i.snapshot.metadata.title == DECISION_TITLE)
        .find_map(|i| i.snapshot.published_on.map(|on| (i.id, on))))
}

/// The closed consultation, its comments and its feedback.
async fn closed(store: &dyn Store, agency: &Agency, today: &Today<'_>) -> StoreResult<()> {
    let found = decision(store, agency).await?;
    let before = found.map_or(today.day, |(_, on)| on);
    let opens = back(today.calendar, before, 25);
    let closes = add(today, opens, 10);
    let title = "关于《白沙县农村公路养护管理办法（征求意见稿）》公开征求意见的公告";
    let id = published(store, agency, title, (opens, closes)).await?;
    let texts = [
        (
            Some("城关镇村民"),
            "建议将村道日常养护责任由村民委员会调整为乡镇人民政府，村委会缺乏养护力量。",
        ),
        (None, "村道养护主要靠乡镇，建议由乡镇统一负责，村里协助。"),
        (
            Some("白沙县某运输公司"),
            "建议明确县级养护资金的拨付时限，避免养护工程拖欠款项。",
        ),
        (None, "出售二手挖掘机，价格优惠，欢迎来电。"),
    ];
    for (n, (name, body)) in texts.into_iter().enumerate() {
        let shown = if n == 3 {
            (Moderation::Hidden, Some("与征求意见稿无关的广告内容"))
        } else {
            (Moderation::Shown, None)
        };
        let key = format!("closed-{n}");
        comment(
            store,
            id,
            (&key, add(today, opens, 2)),
            (name, body),
            Some(shown),
        )
        .await?;
    }
    let answered = add(today, closes, 3);
    store
        .record_feedback(id, &feedback(), morning(answered))
        .await?;
    let link = found.map(|(item, _)| DecisionLink::Item(item));
    store
        .publish_feedback(id, link.as_ref(), morning(answered))
        .await?;
    Ok(())
}

/// `n` working days after `d` on the demo's calendar.
fn add(today: &Today<'_>, d: NaiveDate, n: u32) -> NaiveDate {
    today
        .calendar
        .add_working_days(d, n)
        .map_or(d + chrono::Days::new(u64::from(n) * 2), |c| c.due)
}

/// Seeds both consultations of the bureau, once.
pub(super) async fn seed_consultations(
    store: &dyn Store,
    today: &Today<'_>,
    bureau: &Agency,
) -> StoreResult<()> {
    let list = ConsultationList::Agency(bureau.id);
    if !store.consultation_rows(list, None, 1).await?.is_empty() {
        return Ok(());
    }
    closed(store, bureau, today).await?;
    let opens = back(today.calendar, today.day, 3);
    let closes = add(today, opens, 10);
    let title = "关于《白沙县农村客运班线运营管理办法（征求意见稿）》公开征求意见的公告";
    let id = published(store, bureau, title, (opens, closes)).await?;
    let first = "建议增加早晚通学时段的班次，方便学生上下学。";
    let shown = Some((Moderation::Shown, None));
    comment(store, id, ("open-1", opens), (Some("王公民"), first), shown).await?;
    let second = "建议在办法中写明班线停运前的公告时间。";
    comment(store, id, ("open-2", today.day), (None, second), None).await
}
