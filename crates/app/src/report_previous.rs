//! The cross-year rules (AR-09 上年结转, and AR-10, AR-14, AR-19) for reports
//! checked from elsewhere, against the platform's own published report:
//! when a checked report names an agency the platform has, and the upload
//! holds no report of that agency for the year before, the agency's
//! published report of that year (its latest version, as
//! [`crate::reporting::published`] gives it to a generated report) is last
//! year's report, and the report says which one it was compared with.

use gongkai_domain::report::AnnualReport;
use gongkai_parse::check::check_one;
use gongkai_parse::{CheckedReport, Layout};
use gongkai_store::{Agency, Store};

use crate::Error;
use crate::report_check::Checked;

/// An agency's name as compared: without spaces.
fn compact(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether the upload itself holds a report in a national format of
/// `agency` (compact) for `year`: that one was compared with already.
fn given(checked: &[Checked], agency: &str, year: i32) -> bool {
    checked.iter().any(|c| match c {
        Checked::Report(r) => {
            matches!(r.parsed.layout, Layout::Format(_))
                && r.parsed.year == Some(year)
                && r.parsed.agency.as_deref().map(compact).as_deref() == Some(agency)
        }
        Checked::Unreadable { .. } => false,
    })
}

/// The platform's published report of the year before `r`'s, with the
/// sentence saying which it is, when the upload does not hold one.
async fn published_previous(
    store: &dyn Store,
    agencies: &[Agency],
    checked: &[Checked],
    r: &CheckedReport,
) -> Result<Option<(AnnualReport, String)>, Error> {
    let p = &r.parsed;
    let (Layout::Format(_), Some(name), Some(year)) =
        (p.layout, p.agency.as_deref().map(compact), p.year)
    else {
        return Ok(None);
    };
    if given(checked, &name, year - 1) {
        return Ok(None);
    }
    let Some(agency) = agencies
        .iter()
        .find(|a| compact(&a.profile.full_name) == name)
    else {
        return Ok(None);
    };
    let versions = store.report_versions(agency.id, year - 1).await?;
    let Some(v) = versions.last() else {
        return Ok(None);
    };
    let Ok(previous) = AnnualReport::from_json(&v.report) else {
        tracing::warn!(
            agency = agency.id,
            year = year - 1,
            "a published report does not read back"
        );
        return Ok(None);
    };
    let edition = if v.version > 1 {
        format!("，第{}版", v.version)
    } else {
        String::new()
    };
    let note = format!(
        "跨年度核对（AR-09 上年结转等）使用了本平台已公布的《{}》（{}公布{edition}）。",
        previous.title(),
        v.published_on.format("%Y年%-m月%-d日"),
    );
    Ok(Some((previous, note)))
}

/// Checks again, against the platform's published report of the year
/// before, each report of an agency the platform has whose previous year
/// is not in the upload; the others are returned as they were.
pub async fn compare_with_published(
    store: &dyn Store,
    checked: Vec<Checked>,
) -> Result<Vec<Checked>, Error> {
    let agencies = store.agencies().await?;
    let mut previous = Vec::with_capacity(checked.len());
    for c in &checked {
        previous.push(match c {
            Checked::Report(r) => published_previous(store, &agencies, &checked, r).await?,
            Checked::Unreadable { .. } => None,
        });
    }
    Ok(checked
        .into_iter()
        .zip(previous)
        .map(|(c, prev)| match (c, prev) {
            (Checked::Report(r), Some((last, note))) => {
                let mut parsed = r.parsed;
                parsed.notes.push(note);
                Checked::Report(Box::new(check_one(parsed, Some(&last))))
            }
            (c, _) => c,
        })
        .collect())
}
