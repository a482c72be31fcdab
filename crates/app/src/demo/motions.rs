//! The demo's 建议提案 of 白沙县交通运输局, dated back from today: a
//! register of the county 人大's session (建议, 3 months) and one of the
//! 政协's (提案, configured 5 months), with a motion in each state — one
//! being handled, one extended with the assigning body's consent, one
//! unanswered past its due day, one answered and awaiting publication, one
//! answered and unpublished past its 20 working days, one published in
//! full (the proposer's phone removed) with the proposer satisfied, and
//! one published as a summary with its reason.

use chrono::{Datelike, Months, NaiveDate};
use gongkai_domain::participation::clocks::{MotionKind, MotionRules, ReplyGrade};
use gongkai_domain::participation::motions::{Proposer, PublishMode, Satisfaction};
use gongkai_domain::participation::redact::redact_contacts;
use gongkai_store::{
    Agency, MotionId, MotionPublication, MotionReply, MotionSessionId, NewMotion, NewMotionSession,
    Stamp, Store, StoreError, StoreResult,
};

use super::when::{Today, back};
use crate::clock::start_of_day;

/// Ten in the morning of `d` (Beijing).
fn morning(d: NaiveDate) -> Stamp {
    Stamp {
        by: None,
        at: start_of_day(d) + chrono::Duration::hours(10),
    }
}

/// The working day on or before `months` months before today.
fn months_back(today: &Today<'_>, months: u32) -> NaiveDate {
    let d = today
        .day
        .checked_sub_months(Months::new(months))
        .unwrap_or(today.day);
    back(today.calendar, d, 0)
}

/// What a motion of the demo is, and how far it has come.
enum Step {
    Handling,
    Extended,
    /// Answered `n` working days ago with a grade; published `k` working
    /// days later (in full or as a summary) or not; the satisfaction.
    Answered {
        ago: u32,
        grade: ReplyGrade,
        published: Option<(u32, PublishMode)>,
        satisfaction: Option<Satisfaction>,
    },
}

struct Demo {
    number: &'static str,
    title: &'static str,
    proposer: (&'static str, &'static str),
    /// Months before today it was assigned.
    assigned: u32,
    step: Step,
}

const PHONE: &str = "13907712345";

fn reply_text(d: &Demo, kind: MotionKind) -> String {
    format!(
        "{name}{who}：\n您提出的《{title}》收悉。经研究，现答复如下：\n一、我局高度重视，已组织对相关路段开展实地调查。\n二、下一步将结合年度养护计划统筹安排实施。\n办理过程中，我局通过电话（{PHONE}）与您进行了沟通。\n感谢您对交通运输工作的关心和支持。\n联系单位：白沙县交通运输局公路股，联系电话：0991-6012345。",
        name = d.proposer.0,
        who = kind.proposer(),
        title = d.title,
    )
}

async fn record(
    store: &dyn Store,
    today: &Today<'_>,
    (session, kind, agency): (MotionSessionId, MotionKind, &Agency),
    rules: MotionRules,
    d: &Demo,
) -> StoreResult<MotionId> {
    let assigned_on = months_back(today, d.assigned);
    let proposer = Proposer {
        name: d.proposer.0.into(),
        group: d.proposer.1.into(),
        contact: Some(PHONE.into()),
    };
    let new = NewMotion {
        session_id: session,
        agency_id: agency.id,
        number: d.number.into(),
        title: d.title.into(),
        proposers: vec![proposer],
        co_agencies: Vec::new(),
        assigned_on,
        due_on: rules.reply_due(kind, assigned_on),
        created_by: None,
        created_at: morning(assigned_on).at,
    };
    let id = store
        .register_motion(&new)
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("演示数据：第{}号", d.number)))?;
    match &d.step {
        Step::Handling => {}
        Step::Extended => {
            // Five months from assignment: within the six the law allows.
            let five = assigned_on.checked_add_months(Months::new(5));
            let until = five
                .and_then(|u| rules.extend(assigned_on, u).ok())
                .unwrap_or(new.due_on);
            let consent = "县人大常委会选举任免联络工作委员会复函同意延期";
            store
                .extend_motion(id, until, consent, morning(new.due_on))
                .await?;
        }
        Step::Answered {
            ago,
            grade,
            published,
            satisfaction,
        } => {
            answered(
                store,
                today,
                (id, kind),
                d,
                (*ago, *grade, *published, *satisfaction),
            )
            .await?
        }
    }
    Ok(id)
}

async fn answered(
    store: &dyn Store,
    today: &Today<'_>,
    (id, kind): (MotionId, MotionKind),
    d: &Demo,
    (ago, grade, published, satisfaction): (
        u32,
        ReplyGrade,
        Option<(u32, PublishMode)>,
        Option<Satisfaction>,
    ),
) -> StoreResult<()> {
    let answered_on = back(today.calendar, today.day, ago);
    let publish_due = MotionRules::default()
        .publish_due(answered_on, today.calendar)
        .map_err(|e| StoreError::Corrupt(format!("演示数据：{e}")))?;
    let text = reply_text(d, kind);
    let reply = MotionReply {
        text: text.clone(),
        grade,
        answered_on,
        publish_due,
    };
    store
        .record_motion_reply(id, &reply, morning(answered_on))
        .await?;
    if let Some((after, mode)) = published {
        let on = today
            .calendar
            .add_working_days(answered_on, after)
            .map_or(answered_on, |c| c.due);
        let (source, reason) = match mode {
            PublishMode::Full => (text, None),
            PublishMode::Summary => (
                "已将该路段纳入下一年度农村公路养护计划，完成后向代表反馈。".to_string(),
                Some("答复涉及沿线群众个人信息".to_string()),
            ),
        };
        let publication = MotionPublication {
            mode,
            text: redact_contacts(&source, &[PHONE]).text,
            summary_reason: reason,
            published_on: on,
        };
        store
            .publish_motion_reply(id, &publication, morning(on))
            .await?;
    }
    if let Some(s) = satisfaction {
        let on = today
            .calendar
            .add_working_days(answered_on, 3)
            .map_or(answered_on, |c| c.due)
            .min(today.day);
        store
            .record_motion_satisfaction(id, s, on, morning(on))
            .await?;
    }
    Ok(())
}

fn suggestions() -> Vec<Demo> {
    let answered = |ago, grade, published, satisfaction| Step::Answered {
        ago,
        grade,
        published,
        satisfaction,
    };
    vec![
        Demo {
            number: "3",
            title: "关于增设城关镇至石门乡农村客运班线的建议",
            proposer: ("王某某", "城关镇代表团"),
            assigned: 0,
            step: Step::Handling,
        },
        Demo {
            number: "5",
            title: "关于改造县道X012线危桥的建议",
            proposer: ("李某", "石门乡代表团"),
            assigned: 4,
            step: Step::Extended,
        },
        Demo {
            number: "8",
            title: "关于完善农村公路安全防护设施的建议",
            proposer: ("赵某某", "东坪镇代表团"),
            assigned: 4,
            step: Step::Handling,
        },
        Demo {
            number: "12",
            title: "关于加快农村公路提档升级的建议",
            proposer: ("孙某", "城关镇代表团"),
            assigned: 3,
            step: answered(10, ReplyGrade::B, None, None),
        },
        Demo {
            number: "15",
            title: "关于规范道路运输驾驶员培训收费的建议",
            proposer: ("周某某", "西河镇代表团"),
            assigned: 4,
            step: answered(30, ReplyGrade::A, None, Some(Satisfaction::Satisfied)),
        },
    ]
}

fn proposals() -> Vec<Demo> {
    vec![
        Demo {
            number: "2",
            title: "关于推进城乡公交一体化的提案",
            proposer: ("吴某某", "经济界"),
            assigned: 5,
            step: Step::Answered {
                ago: 40,
                grade: ReplyGrade::A,
                published: Some((5, PublishMode::Full)),
                satisfaction: Some(Satisfaction::Satisfied),
            },
        },
        Demo {
            number: "9",
            title: "关于加强农村公路路域环境整治的提案",
            proposer: ("郑某", "农业和农村界"),
            assigned: 5,
            step: Step::Answered {
                ago: 35,
                grade: ReplyGrade::C,
                published: Some((8, PublishMode::Summary)),
                satisfaction: Some(Satisfaction::BasicallySatisfied),
            },
        },
    ]
}

/// A register of `kind` in `year`, with `months` to reply.
async fn session(
    store: &dyn Store,
    agency: &Agency,
    (kind, year, name, months): (MotionKind, i32, &str, u32),
    on: NaiveDate,
) -> StoreResult<Option<MotionSessionId>> {
    let assigned_by = match kind {
        MotionKind::Suggestion => "县人大常委会选举任免联络工作委员会",
        MotionKind::Proposal => "县政协提案委员会",
    };
    store
        .create_motion_session(&NewMotionSession {
            agency_id: agency.id,
            kind,
            year,
            name: name.into(),
            reply_months: months,
            assigned_by: assigned_by.into(),
            created_by: None,
            created_at: morning(on).at,
        })
        .await
}

/// Seeds both registers of the bureau, once.
pub(super) async fn seed_motions(
    store: &dyn Store,
    today: &Today<'_>,
    bureau: &Agency,
) -> StoreResult<()> {
    if !store.motion_sessions(bureau.id, 1).await?.is_empty() {
        return Ok(());
    }
    let year = months_back(today, 6).year();
    let opened = months_back(today, 6);
    let people = (
        MotionKind::Suggestion,
        year,
        "白沙县第十八届人民代表大会第五次会议",
        3,
    );
    let cppcc = (
        MotionKind::Proposal,
        year,
        "政协白沙县第十二届委员会第四次会议",
        5,
    );
    for ((kind, y, name, months), demos) in [(people, suggestions()), (cppcc, proposals())] {
        let Some(id) = session(store, bureau, (kind, y, name, months), opened).await? else {
            continue;
        };
        let rules = MotionRules {
            proposal_months: months,
            ..MotionRules::default()
        };
        for d in &demos {
            record(store, today, (id, kind, bureau), rules, d).await?;
        }
    }
    Ok(())
}
