//! The demo's 政民互动 of 白沙县交通运输局, placed by working days counted
//! back from today: one question asked yesterday (running), one asked 8
//! working days ago and still open (overdue), one answered and published
//! with the asker's consent (its texts without the asker), one answered to
//! the asker only, and a petition told where to go (信访). The askers are
//! invented; their query codes are thrown away.

use chrono::NaiveDate;
use gongkai_domain::participation::clocks::{QuestionClock, QuestionRules};
use gongkai_domain::participation::questions::{OtherChannel, referral_notice};
use gongkai_store::{
    Agency, NewQuestion, PublicText, QuestionId, QuestionList, QuestionReceived, Stamp, Store,
    StoreResult,
};

use super::when::{Today, back};
use crate::casework::{code_hash, new_query_code};
use crate::clock::start_of_day;

/// `h` o'clock on `d` (Beijing).
fn at(d: NaiveDate, h: i64) -> Stamp {
    Stamp {
        by: None,
        at: start_of_day(d) + chrono::Duration::hours(h),
    }
}

/// A question asked `ago` working days before today.
struct Asked {
    key: &'static str,
    ago: u32,
    name: &'static str,
    contact: &'static str,
    subject: &'static str,
    body: &'static str,
    consent: bool,
}

const RUNNING: Asked = Asked {
    key: "running",
    ago: 1,
    name: "刘女士",
    contact: "13900139001",
    subject: "春运期间农村客运班线是否加密班次",
    body: "春节前后返乡人多，请问白沙至各乡镇的农村客运班线是否加密班次？在哪里可以查到时刻表？",
    consent: true,
};

const OVERDUE: Asked = Asked {
    key: "overdue",
    ago: 8,
    name: "陈先生",
    contact: "chen@example.cn",
    subject: "道路运输从业资格证换证办理地点",
    body: "我的道路运输从业资格证明年到期，请问换证需要带哪些材料，到哪里办理？",
    consent: false,
};

const PUBLISHED: Asked = Asked {
    key: "published",
    ago: 20,
    name: "王公民",
    contact: "13800138000",
    subject: "城关至北坡村公路何时完成修复",
    body: "我是北坡村村民王公民，电话13800138000。汛期冲毁的城关至北坡村公路何时能修好？",
    consent: true,
};

const PRIVATE: Asked = Asked {
    key: "private",
    ago: 15,
    name: "李先生",
    contact: "0991-6012345",
    subject: "出租汽车投诉处理进度",
    body: "我上月投诉的出租汽车拒载问题，请问处理结果何时告知？",
    consent: false,
};

const PETITION: Asked = Asked {
    key: "petition",
    ago: 12,
    name: "赵先生",
    contact: "13700137000",
    subject: "反映征地补偿问题",
    body: "我家承包地被公路建设占用，补偿款至今未足额发放，请求帮助解决。",
    consent: true,
};

/// Keep `q` as asked on its day; its id.
async fn ask(
    store: &dyn Store,
    today: &Today<'_>,
    bureau: &Agency,
    q: &Asked,
) -> StoreResult<(QuestionId, NaiveDate)> {
    let on = back(today.calendar, today.day, q.ago);
    let clock = QuestionClock::of(on, QuestionRules::default(), today.calendar)
        .map_err(|e| gongkai_store::StoreError::Corrupt(e.to_string()))?;
    let new = NewQuestion {
        agency_id: bureau.id,
        submit_key: format!("demo-{}", q.key),
        query_code_hash: code_hash(&new_query_code()),
        name: q.name.into(),
        contact: q.contact.into(),
        subject: q.subject.into(),
        body: q.body.into(),
        consent: q.consent,
        asked_at: at(on, 9).at,
        asked_on: on,
        clock,
    };
    let id = match store.add_question(&new).await? {
        QuestionReceived::New(id) | QuestionReceived::Again(id) => id,
    };
    Ok((id, on))
}

/// Seeds the bureau's questions, once.
pub(super) async fn seed_questions(
    store: &dyn Store,
    today: &Today<'_>,
    bureau: &Agency,
) -> StoreResult<()> {
    let seeded = !store
        .question_rows(QuestionList::Closed(bureau.id), None, 1)
        .await?
        .is_empty()
        || !store
            .question_rows(QuestionList::Open(bureau.id), None, 1)
            .await?
            .is_empty();
    if seeded {
        return Ok(());
    }
    ask(store, today, bureau, &RUNNING).await?;
    ask(store, today, bureau, &OVERDUE).await?;
    let add = |d: NaiveDate, n: u32| today.calendar.add_working_days(d, n).map_or(d, |c| c.due);
    let (id, on) = ask(store, today, bureau, &PUBLISHED).await?;
    let answered = add(on, 3);
    let answer = "城关至北坡村公路水毁修复工程已完成招标，计划于本月底前完工通车。施工期间请绕行北坡大桥，注意安全。";
    store
        .answer_question(id, answer, answered, at(answered, 15))
        .await?;
    let public = PublicText {
        subject: PUBLISHED.subject.into(),
        body: "汛期冲毁的城关至北坡村公路何时能修好？".into(),
    };
    store
        .publish_question(id, &public, at(answered, 16))
        .await?;
    let (id, on) = ask(store, today, bureau, &PRIVATE).await?;
    let answered = add(on, 4);
    let answer = "您反映的出租汽车拒载问题，我局已调查核实并依法处理，处理结果已于近日电话告知。如有异议，可拨打12328交通运输服务监督电话。";
    store
        .answer_question(id, answer, answered, at(answered, 15))
        .await?;
    let (id, on) = ask(store, today, bureau, &PETITION).await?;
    let referred = add(on, 2);
    let channel = OtherChannel::Petition;
    let text = referral_notice(
        channel,
        "白沙县信访局（白沙县城关镇人民路8号，电话0991-6012300）",
    )
    .map_err(gongkai_store::StoreError::Corrupt)?;
    store
        .refer_question(id, channel.code(), &text, referred, at(referred, 11))
        .await?;
    Ok(())
}
