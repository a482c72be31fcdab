//! The 检查情况通报 of a run (`gongkai_domain::scorecard::bulletin`): the
//! run's cards, the previous run of the same office and template for the
//! 合格率 trend and the repeat failures, the office as issuer.

use chrono::NaiveDate;
use gongkai_domain::document::Document;
use gongkai_domain::scorecard::{
    BulletinInput, DEFAULT_METHOD, PreviousPeriod, PreviousResult, ScoredAgency,
};
use gongkai_store::ScorecardRunId;

use super::{Scorer, Standing, view_run};
use crate::{App, Error};

/// Whom the 通报 is addressed to.
pub const RECIPIENT: &str = "各有关单位：";

/// The previous run's results as the 通报 compares them.
async fn previous_period(
    app: &App,
    previous: Option<&gongkai_store::ScorecardRun>,
) -> Result<Option<PreviousPeriod>, Error> {
    let Some(p) = previous else {
        return Ok(None);
    };
    let results = app
        .store
        .scorecard_results(p.id)
        .await?
        .into_iter()
        .map(|r| PreviousResult {
            agency: r.agency.name,
            total: r.card.total,
            passed: r.card.verdict.passed(),
        })
        .collect();
    Ok(Some(PreviousPeriod {
        label: p.period.clone(),
        results,
    }))
}

/// The 通报 of run `id`, dated `date` (today when `None`).
pub async fn bulletin(
    app: &App,
    reader: &Scorer<'_>,
    id: ScorecardRunId,
    date: Option<NaiveDate>,
) -> Result<Document, Error> {
    let view = view_run(app, reader, id).await?;
    // The 通报 is the office's, over every agency: not an evaluator's.
    if matches!(view.standing, Standing::Evaluator(_)) {
        return Err(Error::forbidden(
            "检查情况通报由开展评分的政务公开办印发，评估人员不能下载。",
        ));
    }
    let previous = previous_period(app, view.previous.as_ref()).await?;
    let input = BulletinInput {
        issuer: view.office.clone(),
        number: String::new(),
        recipient: RECIPIENT.into(),
        kind: view.run.kind,
        period_label: view.run.period.clone(),
        date: date.unwrap_or_else(|| app.clock.today()),
        scope: format!("{}本级及下级机关", view.office),
        method: DEFAULT_METHOD.into(),
        agencies: view
            .rows
            .into_iter()
            .map(|r| ScoredAgency {
                name: r.agency.name,
                card: r.card,
            })
            .collect(),
        previous,
        rectify_by: None,
    };
    Ok(gongkai_domain::scorecard::bulletin(&input))
}
