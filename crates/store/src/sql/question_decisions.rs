//! The staff's decisions on a question, each in one transaction with its
//! audit record, under the question's row lock: closed once (answered,
//! referred to another channel, converted into an application), and
//! published with the texts as moderated (the original kept; a change of
//! the texts audited as `question.redacted`).

use chrono::NaiveDate;
use gongkai_domain::participation::questions::OtherChannel;

use super::audit::append_chained;
use super::questions::{audit, number, state_of};
use super::{Db, Tx, query};
use crate::*;

/// How a question is closed.
pub(super) enum Closing<'a> {
    Answer(&'a str),
    Refer { channel: &'a str, text: &'a str },
    Convert { case: &'a CaseLink, notice: &'a str },
}

/// What a decision reads of the question under its lock.
struct Locked {
    agency: AgencyId,
    number: String,
    due_on: NaiveDate,
    state: QuestionState,
    consent: bool,
    subject: String,
    body: String,
    public_subject: Option<String>,
    public_body: Option<String>,
    published: bool,
}

async fn locked(tx: &mut Tx, id: QuestionId) -> StoreResult<Locked> {
    let lock = tx.dialect().for_update();
    let r = query(format!(
        "SELECT agency_id, asked_on, due_on, state, consent, subject, body, public_subject, \
         public_body, (published_at IS NOT NULL) AS published FROM questions WHERE id = $1{lock}"
    ))
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("留言（编号{id}）")))?;
    Ok(Locked {
        agency: r.get("agency_id")?,
        number: number(id, r.get("asked_on")?),
        due_on: r.get("due_on")?,
        state: state_of(&r.get::<String>("state")?)?,
        consent: r.get("consent")?,
        subject: r.get("subject")?,
        body: r.get("body")?,
        public_subject: r.get("public_subject")?,
        public_body: r.get("public_body")?,
        published: r.get("published")?,
    })
}

/// Close an open question as `closing` says; `false` when it is closed
/// already.
pub(super) async fn close(
    db: &Db,
    id: QuestionId,
    closing: Closing<'_>,
    closed_on: NaiveDate,
    stamp: Stamp,
) -> StoreResult<bool> {
    let mut tx = db.write_tx().await?;
    let l = locked(&mut tx, id).await?;
    if l.state != QuestionState::Open {
        tx.rollback().await?;
        return Ok(false);
    }
    let n = &l.number;
    let late = if closed_on > l.due_on {
        "，已逾期"
    } else {
        ""
    };
    let (state, answer, referred_to, case, action, detail) = match closing {
        Closing::Answer(text) => (
            QuestionState::Answered,
            text,
            None,
            None,
            "question.answered",
            format!("答复留言{n}（答复期限{}{late}）", l.due_on),
        ),
        Closing::Refer { channel, text } => {
            let label = OtherChannel::from_code(channel).map_or(channel, |c| c.label());
            (
                QuestionState::Referred,
                text,
                Some(channel),
                None,
                "question.referred",
                format!(
                    "留言{n}属于{label}，告知其他渠道（答复期限{}{late}）",
                    l.due_on
                ),
            )
        }
        Closing::Convert { case, notice } => (
            QuestionState::Converted,
            notice,
            None,
            Some(case),
            "question.converted",
            format!(
                "留言{n}属于申请获取政府信息，转为政府信息公开申请{}办理",
                case.number
            ),
        ),
    };
    query(
        "UPDATE questions SET state = $1, answer = $2, referred_to = $3, case_id = $4, \
         case_number = $5, case_query_code = $6, closed_at = $7, closed_on = $8, closed_by = $9 \
         WHERE id = $10",
    )
    .bind(state.code())
    .bind(answer)
    .bind(referred_to)
    .bind(case.map(|c| c.case_id))
    .bind(case.map(|c| c.number.as_str()))
    .bind(case.and_then(|c| c.query_code.as_deref()))
    .bind(stamp.at)
    .bind(closed_on)
    .bind(stamp.by)
    .bind(id)
    .execute(&mut tx)
    .await?;
    append_chained(&mut tx, &audit(l.agency, stamp, action, detail)).await?;
    tx.commit().await?;
    Ok(true)
}

/// Publish an answered question with consent (or change its public
/// texts); `None` when it may not be published.
pub(super) async fn publish(
    db: &Db,
    id: QuestionId,
    text: &PublicText,
    stamp: Stamp,
) -> StoreResult<Option<Publication>> {
    let mut tx = db.write_tx().await?;
    let l = locked(&mut tx, id).await?;
    if l.state != QuestionState::Answered || !l.consent {
        tx.rollback().await?;
        return Ok(None);
    }
    let before = (
        l.public_subject.as_deref().unwrap_or(&l.subject),
        l.public_body.as_deref().unwrap_or(&l.body),
    );
    let done = Publication {
        redacted: before != (text.subject.as_str(), text.body.as_str()),
        newly: !l.published,
    };
    if !done.redacted && !done.newly {
        tx.rollback().await?;
        return Ok(Some(done));
    }
    query(
        "UPDATE questions SET public_subject = $1, public_body = $2, \
         published_at = COALESCE(published_at, $3), published_by = COALESCE(published_by, $4) \
         WHERE id = $5",
    )
    .bind(text.subject.as_str())
    .bind(text.body.as_str())
    .bind(stamp.at)
    .bind(stamp.by)
    .bind(id)
    .execute(&mut tx)
    .await?;
    let n = &l.number;
    if done.redacted {
        let when = if done.newly { "公开前" } else { "公开后" };
        let what = match (
            before.0 != text.subject.as_str(),
            before.1 != text.body.as_str(),
        ) {
            (true, true) => "标题和内容",
            (true, false) => "标题",
            _ => "内容",
        };
        let detail = format!("留言{n}{when}删改了{what}（原文保留）");
        let entry = audit(l.agency, stamp, "question.redacted", detail);
        append_chained(&mut tx, &entry).await?;
    }
    if done.newly {
        let detail = format!("公开留言{n}及其答复（留言人同意公开，不含姓名和联系方式）");
        let entry = audit(l.agency, stamp, "question.published", detail);
        append_chained(&mut tx, &entry).await?;
    }
    tx.commit().await?;
    Ok(Some(done))
}
