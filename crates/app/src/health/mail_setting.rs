//! 检查结果邮件: how the health checks' findings are mailed to an agency —
//! after each run (the default), in a weekly digest (vetoes still at once),
//! or not at all — chosen by its administrator or an administrator above
//! it (`Permission::AdministerAgency`); audited by the store.

use gongkai_domain::policy::{Permission, may_in};
use gongkai_store::{Agency, FindingsMail, FindingsMailMode, Staff};

use crate::plans::access::relation;
use crate::{App, Error};

/// The mode as a form sends it (its code); a Chinese message otherwise.
pub fn parse_mode(raw: &str) -> Result<FindingsMailMode, Error> {
    FindingsMailMode::from_code(raw.trim()).ok_or_else(|| {
        Error::invalid(
            "请选择检查结果邮件的发送方式：每次检查后立即发送、每周汇总，或不发送邮件（仅在工作台提示）。",
        )
    })
}

/// The agency's choice.
pub async fn mode(app: &App, agency: &Agency) -> Result<FindingsMailMode, Error> {
    Ok(app.store.findings_mail(agency.id).await?.mode)
}

/// `who` chooses `mode` for `agency`. Choosing weekly starts the week
/// today from the agency's latest run: what it found was mailed or shown
/// already; the first digest lists what is found after it.
pub async fn set_mode(
    app: &App,
    who: &Staff,
    agency: &Agency,
    mode: FindingsMailMode,
) -> Result<(), Error> {
    let r = relation(app.store.as_ref(), who, agency.id).await?;
    may_in(&who.roles, Permission::AdministerAgency, r).map_err(|r| Error::forbidden(r.0))?;
    let current = app.store.findings_mail(agency.id).await?;
    if current.mode == mode {
        return Ok(());
    }
    let setting = match mode {
        FindingsMailMode::Weekly => FindingsMail {
            mode,
            digest_on: Some(app.clock.today()),
            digest_run: app.store.latest_health(agency.id).await?.map(|l| l.run_id),
        },
        _ => FindingsMail {
            mode,
            ..FindingsMail::default()
        },
    };
    app.store
        .put_findings_mail(agency.id, &setting, who.id, app.clock.now())
        .await?;
    Ok(())
}
