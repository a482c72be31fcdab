//! The notices the platform's own steps send by mail (through the outbox,
//! queued with the step): a reminder and a 催办 to the agency's disclosure
//! office, which runs the plan and passes them to the lead unit and its
//! leader; a 通报 listing also to the supervising office above it.

use gongkai_domain::document::date_cn;
use gongkai_domain::plan::escalation::Step;
use gongkai_store::{Agency, NewMail};

use super::work::TaskBundle;
use crate::{App, Error};

/// The mails for `step` on the task: none where no office has an address.
pub async fn for_step(state: &App, b: &TaskBundle, step: Step) -> Result<Vec<NewMail>, Error> {
    let Some(agency) = state.store.agency(b.record.agency_id).await? else {
        return Ok(Vec::new());
    };
    let (subject, body) = text(state, b, &agency, step);
    let mut to = vec![agency.profile.office.email.clone()];
    if step == Step::List
        && let Some(parent) = agency.parent_id
        && let Some(above) = state.store.agency(parent).await?
    {
        to.push(above.profile.office.email.clone());
    }
    Ok(to
        .into_iter()
        .filter(|a| a.contains('@'))
        .map(|to_address| NewMail {
            case_id: None,
            to_address,
            subject: subject.clone(),
            body: body.clone(),
            document_id: None,
        })
        .collect())
}

fn text(state: &App, b: &TaskBundle, agency: &Agency, step: Step) -> (String, String) {
    let r = &b.record;
    let name = format!("{}“{}”", r.number.as_deref().unwrap_or("任务"), r.task);
    let due = b.view.due.map(date_cn).unwrap_or_else(|| "（未定）".into());
    let (tag, what) = match step {
        Step::Remind => (
            "提醒",
            format!("将于{due}到期，请牵头单位抓紧办理并按时报告完成情况。"),
        ),
        Step::Urge => (
            "催办",
            format!(
                "已超过完成时限（{due}），请牵头单位立即办理，报告进展和完成时间；5个工作日内仍未办结的，将列入督查通报。"
            ),
        ),
        Step::List => (
            "通报",
            format!(
                "完成时限为{due}，催办后5个工作日内仍未办结，已列入上级政务公开主管部门的督查通报名单。"
            ),
        ),
    };
    let link = state
        .settings
        .public_url
        .as_deref()
        .map(|u| {
            format!(
                "\n\n办理：{}/workbench/tasks/{}",
                u.trim_end_matches('/'),
                r.id
            )
        })
        .unwrap_or_default();
    let subject = format!(
        "【{tag}】{}政务公开工作任务{}",
        agency.profile.full_name, name
    );
    let body = format!(
        "{}：\n\n政务公开工作任务{name}（{}）{what}{link}\n\n本邮件由政务公开平台自动发送。",
        agency.profile.office.name, r.division
    );
    (subject, body)
}
