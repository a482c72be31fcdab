//! 每周汇总: for an agency that chose it, one mail a week, on
//! [`DIGEST_WEEKDAY`], of the problems and vetoes its runs found since the
//! last digest — however many runs there were — sent by the scheduled job
//! (`send_due`, after the night's runs and when the server starts). The
//! vetoes themselves went out when they were found (`notify`).
//!
//! The last digest is stored as a marker (its day and the latest run it
//! covered); a digest moves it from the value read in the transaction that
//! queues the mail, so a restart sends a missed digest late rather than
//! never, and two servers or two starts never send one twice.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use gongkai_domain::health::{Finding, Severity};
use gongkai_store::{Agency, AgencyId, FindingsMail, NewMail, RunFinding, WeeklyDigest};

use super::notify::{address, key, line, link, serious};
use crate::{App, Error};

/// The weekday of the digest: 每周一, so that the week starts with it.
pub const DIGEST_WEEKDAY: Weekday = Weekday::Mon;

/// The latest digest day on or before `today`.
pub fn digest_day(today: NaiveDate) -> NaiveDate {
    let back =
        (7 + today.weekday().num_days_from_monday() - DIGEST_WEEKDAY.num_days_from_monday()) % 7;
    today - Days::new(u64::from(back))
}

/// Is a digest due on `today` when the last was sent (or weekly chosen) on
/// `last`? Yes once a digest day has come after it.
pub fn is_due(today: NaiveDate, last: NaiveDate) -> bool {
    digest_day(today) > last
}

/// A finding new since the last digest.
#[derive(Debug, PartialEq, Eq)]
pub struct NewLine<'a> {
    pub finding: &'a Finding,
    /// The day of the first run that found it.
    pub found_on: NaiveDate,
    /// The latest run still finds it.
    pub open: bool,
}

/// What a digest lists.
#[derive(Debug, PartialEq, Eq)]
pub struct Selection<'a> {
    pub new: Vec<NewLine<'a>>,
    /// Problems and vetoes of the latest run that the last digest listed.
    pub still_open: usize,
}

/// The problems and vetoes of the runs since the last digest (`since`,
/// oldest first) that the run the last digest covered (`reported`) did
/// not have, each once with the day first found and whether the latest
/// run still finds it; and how many of the latest run's were reported.
pub fn select<'a>(
    reported: &[Finding],
    since: &'a [RunFinding],
    latest: &[Finding],
) -> Selection<'a> {
    let has = |list: &[Finding], f: &Finding| list.iter().any(|o| serious(o) && key(o) == key(f));
    let mut new: Vec<NewLine> = Vec::new();
    for r in since.iter().filter(|r| serious(&r.finding)) {
        let f = &r.finding;
        if has(reported, f) || new.iter().any(|n| key(n.finding) == key(f)) {
            continue;
        }
        new.push(NewLine {
            finding: f,
            found_on: r.checked_on,
            open: has(latest, f),
        });
    }
    let still_open = latest
        .iter()
        .filter(|f| serious(f) && has(reported, f))
        .count();
    Selection { new, still_open }
}

/// The digest mail for `agency` (none when nothing is new or the office
/// has no address); `since` is the day of the last digest.
pub fn compose(
    agency: &Agency,
    selection: &Selection,
    since: NaiveDate,
    public_url: Option<&str>,
) -> Option<NewMail> {
    let to = address(agency)?;
    let n = selection.new.len();
    if n == 0 {
        return None;
    }
    let vetoes = selection
        .new
        .iter()
        .filter(|l| l.finding.severity == Severity::Veto)
        .count();
    let vetoes = if vetoes > 0 {
        format!("，其中单项否决{vetoes}项（发现时已另行通知，请立即整改）")
    } else {
        String::new()
    };
    let lines: Vec<String> = selection
        .new
        .iter()
        .map(|l| {
            let fixed = if l.open {
                ""
            } else {
                "，最近一次检查已不再发现"
            };
            format!("{}（{}发现{fixed}）", line(l.finding, ""), l.found_on)
        })
        .collect();
    let older = match selection.still_open {
        0 => String::new(),
        m => format!("\n\n此前已通知的问题中仍有{m}项未整改。"),
    };
    Some(NewMail {
        case_id: None,
        to_address: to,
        subject: format!(
            "【栏目检查周报】{}：新发现问题{n}项",
            agency.profile.full_name
        ),
        body: format!(
            "{}：\n\n自{since}以来，政府信息公开专栏检查新发现问题{n}项{vetoes}。\n\n{}{older}{}\n\n本邮件由政务公开平台每周一汇总发送；如需改为每次检查后立即发送或不发送邮件，请本机关管理员在机构信息页设置。",
            agency.profile.office.name,
            lines.join("\n"),
            link(public_url)
        ),
        document_id: None,
    })
}

/// Sends every weekly digest due today (the scheduled job); how many
/// digests were recorded (each with its mail, if anything was new).
pub async fn send_due(app: &App) -> Result<usize, Error> {
    let today = app.clock.today();
    let mut sent = 0;
    for (agency, setting) in app.store.weekly_digests_due(digest_day(today)).await? {
        if send_one(app, agency, setting, today).await? {
            sent += 1;
        }
    }
    if sent > 0 {
        app.mail_wake.notify_one();
    }
    Ok(sent)
}

/// One agency's digest; false when another server sent it meanwhile.
async fn send_one(
    app: &App,
    id: AgencyId,
    setting: FindingsMail,
    today: NaiveDate,
) -> Result<bool, Error> {
    let (Some(previous_on), Some(agency)) = (setting.digest_on, app.store.agency(id).await?) else {
        return Ok(false);
    };
    // The latest run first: a run stored meanwhile waits for next week.
    let latest = app.store.latest_health(id).await?;
    let upto = latest.as_ref().map_or(0, |l| l.run_id);
    let covered = setting.digest_run;
    let runs = app
        .store
        .findings_between(id, covered.map(|r| r - 1), upto)
        .await?;
    let (reported, since): (Vec<RunFinding>, Vec<RunFinding>) =
        runs.into_iter().partition(|r| Some(r.run_id) == covered);
    let reported: Vec<Finding> = reported.into_iter().map(|r| r.finding).collect();
    let latest_findings = latest
        .as_ref()
        .map(|l| l.findings.as_slice())
        .unwrap_or(&[]);
    let selection = select(&reported, &since, latest_findings);
    let mail = compose(
        &agency,
        &selection,
        previous_on,
        app.settings.public_url.as_deref(),
    );
    let digest = WeeklyDigest {
        agency: id,
        previous_on,
        on: today,
        run: latest.map(|l| l.run_id).or(covered),
        mail,
        at: app.clock.now(),
    };
    Ok(app.store.record_weekly_digest(&digest).await?)
}

#[cfg(test)]
mod tests;
