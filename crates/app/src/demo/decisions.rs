//! The demo's 重大行政决策 of 白沙县交通运输局: a consultation on the
//! 《白沙县城区公交票价调整方案（征求意见稿）》 (a 重大行政决策事项, open
//! for the statutory 30 days from 12 working days before today), with a
//! hearing (听证) held 8 working days after it opened — its notice
//! published the day the consultation opened (at least 7 days ahead, as
//! `participation::hearing` checks), its participant list 3 working days
//! after, before the hearing, and its report 2 working days after it —;
//! and this year's 重大行政决策事项目录 with 3 entries: the 《白沙县农村公路
//! 养护管理办法》 linking its consultation (seeded by `consultations`) and,
//! once out, the published decision (已决策; before that 征求意见中), the
//! fare plan linking its consultation (征求意见中), and a plan listed, then
//! adjusted after the directory was published, with its reason.

use chrono::{Datelike, NaiveDate};
use gongkai_domain::participation::consultation::DraftKind;
use gongkai_domain::participation::decisions::DecisionStatus;
use gongkai_domain::participation::hearing::{NoticeTiming, check_notice, parse_participants};
use gongkai_store::{
    Agency, ConsultationId, ConsultationList, DecisionEntryFields, DecisionLink, HearingNotice,
    ItemId, NewConsultation, NewHearing, Stamp, Store, StoreResult,
};

use super::when::{Today, Year, at, back};
use crate::clock::start_of_day;

/// The consultation `consultations` seeds with its decision.
const MAINTENANCE_TITLE: &str =
    "关于《白沙县农村公路养护管理办法（征求意见稿）》公开征求意见的公告";
const FARES_TITLE: &str = "关于《白沙县城区公交票价调整方案（征求意见稿）》公开征求意见的公告";

/// `h` o'clock on `d` (Beijing).
fn o_clock(d: NaiveDate, h: i64) -> Stamp {
    Stamp {
        by: None,
        at: start_of_day(d) + chrono::Duration::hours(h),
    }
}

/// `n` working days after `d` on the demo's calendar.
fn add(today: &Today<'_>, d: NaiveDate, n: u32) -> NaiveDate {
    today
        .calendar
        .add_working_days(d, n)
        .map_or(d + chrono::Days::new(u64::from(n) * 2), |c| c.due)
}

fn fares_notice(bureau: &Agency, (opens, closes): (NaiveDate, NaiveDate)) -> NewConsultation {
    NewConsultation {
        agency_id: bureau.id,
        kind: DraftKind::MajorDecision,
        title: FARES_TITLE.into(),
        draft_text: "一、城区公交普通线路实行一票制，票价由1元调整为1.5元。\n二、使用公交卡、移动支付乘车的，按1.2元收费；60周岁以上老年人、残疾人、现役军人免费乘车，学生乘车半价。\n三、换乘优惠：90分钟内换乘的，第二次乘车免费。\n四、本方案自公布之日起30日后施行。".into(),
        explanation: "一、调整必要性：城区公交现行票价自2012年执行至今，运营成本上涨，财政补贴压力逐年加大。\n二、成本监审：县发展和改革局已完成城区公交运营成本监审。\n三、主要内容：适度调整基础票价，扩大优惠范围，保障老年人、学生等群体出行。\n四、社会稳定风险评估：经评估，风险等级为低风险。".into(),
        draft_item_id: None,
        interpretation_item_id: None,
        opens_on: opens,
        closes_on: closes,
        shortened_reason: None,
        comment_address: Some("白沙县城关镇交通路8号 白沙县交通运输局运输管理股（邮编990100）".into()),
        comment_email: Some(bureau.profile.office.email.clone()),
        name_required: false,
        created_by: None,
        created_at: o_clock(opens, 9).at,
    }
}

const PARTICIPANTS: &str = "张建国，城区公交乘客代表，13900001111
李秀英，老年人乘客代表
王明，学生家长代表
赵志强，白沙县公共交通有限公司
孙丽，县人大代表
周文，价格专家（青山学院经济管理系），13900002222";

const RECORD: &str = "听证会于公告时间在白沙县人民政府第一会议室举行，听证参加人6人全部到会，旁听群众12人。\n一、乘客代表、老年人乘客代表同意调整方案，建议保留老年人免费乘车政策，并延长换乘优惠时间。\n二、学生家长代表建议学生乘车全年享受半价，不限于上学日。\n三、公交企业代表介绍了运营成本和服务改进计划。\n四、价格专家认为调整幅度在合理区间，建议建立票价与成本联动的定期评估机制。\n处理建议：换乘优惠时间由60分钟延长至90分钟（已在方案中修改），学生半价全年适用；其他意见在政策解读中说明。";

/// The fare consultation and its hearing; the consultation's id.
async fn fares(
    store: &dyn Store,
    today: &Today<'_>,
    bureau: &Agency,
) -> StoreResult<ConsultationId> {
    let opens = back(today.calendar, today.day, 12);
    // The statutory minimum of a 重大行政决策事项 (30 days), from the domain.
    let closes = DraftKind::MajorDecision
        .minimum()
        .map(|m| m.period.end(opens, today.calendar))
        .transpose()
        .map_err(super::corrupt)?
        .unwrap_or(opens + chrono::Days::new(30));
    let id = store
        .create_consultation(&fares_notice(bureau, (opens, closes)))
        .await?;
    store
        .publish_consultation(id, opens, None, o_clock(opens, 10))
        .await?;
    let held_on = add(today, opens, 8);
    let hearing = store
        .create_hearing(&NewHearing {
            consultation_id: id,
            agency_id: bureau.id,
            notice: HearingNotice {
                matter: "白沙县城区公交票价调整方案".into(),
                held_on,
                starts_at: "09:30".into(),
                place: "白沙县人民政府第一会议室（城关镇府前街1号）".into(),
                how_to_join: "听证参加人由乘客、老年人、学生家长代表和公交企业、人大代表、专家组成，报名截止至听证会5日前，经报名人数较多时随机抽取确定。旁听群众可于听证会当日凭身份证件入场，限20人。".into(),
                materials: "听证材料包括《白沙县城区公交票价调整方案（征求意见稿）》及起草说明、城区公交运营成本监审报告、社会稳定风险评估报告。决策草案全文见本意见征集公告。".into(),
            },
            created_by: None,
            created_at: o_clock(opens, 9).at,
        })
        .await?;
    let late = check_notice(opens, held_on).map_err(super::corrupt)? == NoticeTiming::AfterTheFact;
    store
        .publish_hearing(hearing, opens, late, o_clock(opens, 11))
        .await?;
    let list = parse_participants(PARTICIPANTS).map_err(|e| super::corrupt(format!("{e:?}")))?;
    store
        .set_participants(hearing, &list, o_clock(add(today, opens, 3), 15))
        .await?;
    let recorded = add(today, held_on, 2);
    store
        .record_hearing(hearing, RECORD, recorded, o_clock(recorded, 16))
        .await?;
    Ok(id)
}

/// The maintenance consultation and its published decision, if seeded.
async fn maintenance(
    store: &dyn Store,
    bureau: &Agency,
) -> StoreResult<(Option<ConsultationId>, Option<ItemId>)> {
    let rows = store
        .consultation_rows(ConsultationList::Agency(bureau.id), None, 50)
        .await?;
    let Some(row) = rows.iter().find(|r| r.title == MAINTENANCE_TITLE) else {
        return Ok((None, None));
    };
    let decision = match store.consultation(row.id).await?.and_then(|c| c.decision) {
        Some(DecisionLink::Item(item)) => Some(item),
        _ => None,
    };
    Ok((Some(row.id), decision))
}

fn entry(
    title: &str,
    planned_month: u32,
    status: DecisionStatus,
    (consultation_id, decision_item_id): (Option<ConsultationId>, Option<ItemId>),
) -> DecisionEntryFields {
    DecisionEntryFields {
        title: title.into(),
        lead_unit: "白沙县交通运输局".into(),
        planned_month,
        status,
        consultation_id,
        decision_item_id,
    }
}

/// The month of `d` within `year`, or `or` for a day of another year.
fn month_in(d: NaiveDate, year: i32, or: u32) -> u32 {
    if d.year() == year { d.month() } else { or }
}

/// This year's directory: listed and published in January (or today, if
/// earlier), one entry adjusted 5 working days ago (or then).
async fn directory(
    store: &dyn Store,
    today: &Today<'_>,
    bureau: &Agency,
    fares: ConsultationId,
) -> StoreResult<()> {
    let year = today.year();
    let listed = today.date(at(Year::Ago(0), 1, 20)).min(today.day);
    let stamp = o_clock(listed, 10);
    let (consulted, decided) = maintenance(store, bureau).await?;
    let status = match (consulted, decided) {
        (_, Some(_)) => DecisionStatus::Decided,
        (Some(_), None) => DecisionStatus::Consulting,
        (None, None) => DecisionStatus::Planned,
    };
    let rows = [
        entry(
            "白沙县农村公路养护管理办法",
            3,
            status,
            (consulted, decided),
        ),
        entry(
            "白沙县城区公交票价调整方案",
            month_in(add(today, today.day, 20), year, 12),
            DecisionStatus::Consulting,
            (Some(fares), None),
        ),
        entry(
            "白沙县综合交通运输体系规划",
            10,
            DecisionStatus::Planned,
            (None, None),
        ),
    ];
    let mut ids = Vec::new();
    for e in &rows {
        ids.push(
            store
                .add_decision_entry(bureau.id, year, e, None, stamp)
                .await?,
        );
    }
    store
        .publish_decision_catalogue(bureau.id, year, o_clock(listed, 16))
        .await?;
    let adjusted_on = back(today.calendar, today.day, 5).max(listed);
    let plan = entry(
        "白沙县综合交通运输体系规划",
        12,
        DecisionStatus::Adjusted,
        (None, None),
    );
    let reason = "国土空间总体规划尚未批复，规划编制依据不足，推迟至下一年度决策。";
    // Described as the command describes a change of the form.
    let changed = crate::decision_catalogue::change(&rows[2], &plan);
    store
        .update_decision_entry(
            ids[2],
            &plan,
            Some((&changed, reason)),
            o_clock(adjusted_on, 17),
        )
        .await
}

/// Seeds the fare consultation with its hearing and this year's
/// directory, once.
pub(super) async fn seed_decisions(
    store: &dyn Store,
    today: &Today<'_>,
    bureau: &Agency,
) -> StoreResult<()> {
    let seeded = store.decision_catalogue(bureau.id, today.year()).await?;
    if !seeded.entries.is_empty() {
        return Ok(());
    }
    let id = fares(store, today, bureau).await?;
    directory(store, today, bureau, id).await
}
