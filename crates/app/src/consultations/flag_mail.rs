//! 意见征集未公开采纳情况的提示邮件: a consultation closed without published
//! feedback is mailed once to the agency's disclosure office and to the
//! office of the agency above it (its supervisor), through the outbox the
//! findings mail uses. The mark and the mails are one transaction
//! (`queue_flag_mail`), so a job run twice, or on two servers, mails once.
//! An office without an address gets no mail; the workbench and the
//! supervisor's console show the flag all the same.

use gongkai_store::{Agency, FlagToMail, NewMail};

use crate::{App, Error};

/// Most consultations one run mails about (the rest on the next run).
pub const PER_RUN: u32 = 200;

/// The office address of `agency`, if it has one.
fn address(agency: &Agency) -> Option<String> {
    let to = agency.profile.office.email.trim();
    to.contains('@').then(|| to.to_string())
}

/// The mail to `to` about `f` of `agency`.
fn mail(f: &FlagToMail, agency: &Agency, to: (&Agency, String), url: Option<&str>) -> NewMail {
    let link = url.map_or(String::new(), |u| {
        format!(
            "\n\n查看和办理：{}/workbench/consultations/{}",
            u.trim_end_matches('/'),
            f.id
        )
    });
    NewMail {
        case_id: None,
        to_address: to.1,
        subject: format!(
            "【意见征集】{}：征求意见已截止，尚未公开意见采纳情况",
            agency.profile.full_name
        ),
        body: format!(
            "{}：\n\n{}的意见征集“{}”已于{}截止，尚未公开意见采纳情况。意见采纳情况应在作出最终决定前或同时向社会公开，请及时办理。{link}\n\n本邮件由政务公开平台自动发送，每次意见征集只提示一次。",
            to.0.profile.office.name, agency.profile.full_name, f.title, f.closes_on
        ),
        document_id: None,
    }
}

/// The mails about `f`: to the agency's office and its supervisor's.
async fn mails_for(app: &App, f: &FlagToMail) -> Result<Vec<NewMail>, Error> {
    let Some(agency) = app.store.agency(f.agency_id).await? else {
        return Ok(Vec::new());
    };
    let above = match agency.parent_id {
        Some(p) => app.store.agency(p).await?,
        None => None,
    };
    let url = app.settings.public_url.as_deref();
    let mut mails: Vec<NewMail> = Vec::new();
    for office in std::iter::once(&agency).chain(above.as_ref()) {
        if let Some(to) = address(office)
            && !mails.iter().any(|m| m.to_address == to)
        {
            mails.push(mail(f, &agency, (office, to), url));
        }
    }
    Ok(mails)
}

/// Queue the flag mails due today; answers how many consultations were
/// mailed about.
pub async fn send_due(app: &App) -> Result<usize, Error> {
    let due = app.store.flags_unmailed(app.clock.today(), PER_RUN).await?;
    let mut sent = 0;
    for f in &due {
        let mails = mails_for(app, f).await?;
        if app
            .store
            .queue_flag_mail(f.id, &mails, app.clock.now())
            .await?
        {
            sent += 1;
        }
    }
    if sent > 0 {
        app.mail_wake.notify_one();
    }
    Ok(sent)
}
