//! What the supervising office reads of its scoring: its runs, a run's
//! ranking with the change since the previous run of the same template,
//! and one agency's scorecard line by line.

use std::collections::HashMap;

use gongkai_domain::policy::{Permission, Principal, may_here};
use gongkai_domain::scorecard::{Change, Indicator, Line, Scorecard, ScoredAgency, compare, rank};
use gongkai_store::{
    Agency, AgencyBrief, AgencyId, SCORECARD_RUNS_MAX, ScorecardResult, ScorecardRun,
    ScorecardRunId, StoredManualScore,
};

use super::{Scorer, Standing, run_for};
use crate::{App, Error};

/// The office's scoring page: its agency and its runs, newest first.
#[derive(Debug, Clone)]
pub struct Office {
    pub agency: Agency,
    pub runs: Vec<ScorecardRun>,
}

/// The scoring page of `reader`'s own office.
pub async fn office(app: &App, reader: &Principal<'_>) -> Result<Office, Error> {
    may_here(reader.roles, Permission::ScoreAgencies).map_err(|r| Error::forbidden(r.0))?;
    let agency = app
        .store
        .agency(reader.agency)
        .await?
        .ok_or_else(|| Error::not_found("本机关"))?;
    let runs = app
        .store
        .scorecard_runs(reader.agency, SCORECARD_RUNS_MAX)
        .await?;
    Ok(Office { agency, runs })
}

/// One agency's place in a run.
#[derive(Debug, Clone)]
pub struct RunRow {
    /// 1-based; equal standing shares a place.
    pub place: usize,
    pub agency: AgencyBrief,
    pub card: Scorecard,
    /// Against its card in the previous run (empty without one).
    pub change: Change,
}

/// A run as its page shows it.
#[derive(Debug, Clone)]
pub struct RunView {
    pub run: ScorecardRun,
    /// The office's agency (its full name).
    pub office: String,
    /// In the domain's ranking order (vetoed last).
    pub rows: Vec<RunRow>,
    /// The previous run of the same office and template.
    pub previous: Option<ScorecardRun>,
    /// How the reader stands to the run: an evaluator's rows are only its
    /// own agencies'.
    pub standing: Standing,
}

async fn office_name(app: &App, run: &ScorecardRun) -> Result<String, Error> {
    Ok(app
        .store
        .agency(run.root)
        .await?
        .map(|a| a.profile.full_name)
        .unwrap_or_default())
}

/// The previous run and its cards by agency.
async fn previous_cards(
    app: &App,
    run: &ScorecardRun,
) -> Result<(Option<ScorecardRun>, HashMap<AgencyId, Scorecard>), Error> {
    let Some(previous) = app.store.previous_scorecard_run(run).await? else {
        return Ok((None, HashMap::new()));
    };
    let cards = app
        .store
        .scorecard_results(previous.id)
        .await?
        .into_iter()
        .map(|r| (r.agency.id, r.card))
        .collect();
    Ok((Some(previous), cards))
}

/// The results in the domain's order, with places.
fn ranked(results: Vec<ScorecardResult>, before: &HashMap<AgencyId, Scorecard>) -> Vec<RunRow> {
    let scored: Vec<ScoredAgency> = results
        .iter()
        .map(|r| ScoredAgency {
            name: r.agency.name.clone(),
            card: r.card.clone(),
        })
        .collect();
    rank(&scored)
        .into_iter()
        .filter_map(|place| {
            // `rank` answers references into `scored`, which is in the
            // order of `results`: find the result by position.
            let at = scored.iter().position(|s| std::ptr::eq(s, place.agency))?;
            let r = &results[at];
            Some(RunRow {
                place: place.place,
                agency: r.agency.clone(),
                change: compare(&r.card, before.get(&r.agency.id)),
                card: r.card.clone(),
            })
        })
        .collect()
}

/// The ranking of run `id`; for an evaluator, its agencies' places in it.
pub async fn view_run(
    app: &App,
    reader: &Scorer<'_>,
    id: ScorecardRunId,
) -> Result<RunView, Error> {
    let (run, standing) = run_for(app, reader, id).await?;
    let results = app.store.scorecard_results(run.id).await?;
    let (previous, before) = previous_cards(app, &run).await?;
    let mut rows = ranked(results, &before);
    rows.retain(|r| standing.reaches(r.agency.id));
    Ok(RunView {
        office: office_name(app, &run).await?,
        rows,
        previous,
        standing,
        run,
    })
}

/// One line of a card with its template row and, for a manual leaf, who
/// scored it.
#[derive(Debug, Clone)]
pub struct CardLine {
    pub line: Line,
    pub indicator: &'static Indicator,
    pub scored: Option<StoredManualScore>,
}

/// One agency's scorecard in a run.
#[derive(Debug, Clone)]
pub struct CardView {
    pub run: ScorecardRun,
    pub office: String,
    pub result: ScorecardResult,
    /// Every line in the template's order.
    pub lines: Vec<CardLine>,
    pub change: Change,
    pub may_score: bool,
    /// The run's office reads all the run (an evaluator only its cards).
    pub office_reader: bool,
}

/// The card of the agency with `code` in run `id`.
pub async fn agency_card(
    app: &App,
    reader: &Scorer<'_>,
    id: ScorecardRunId,
    code: &str,
) -> Result<CardView, Error> {
    let (run, standing) = run_for(app, reader, id).await?;
    let result = result_by_code(app, &run, code).await?;
    if !standing.reaches(result.agency.id) {
        return Err(Error::forbidden(super::ASSIGNED_ONLY));
    }
    let manual = app.store.manual_scores(run.id, result.agency.id).await?;
    let template = run.kind.template();
    let lines = result
        .card
        .lines
        .iter()
        .filter_map(|l| {
            Some(CardLine {
                indicator: template.indicator(&l.code)?,
                scored: manual.iter().find(|m| m.score.code == l.code).cloned(),
                line: l.clone(),
            })
        })
        .collect();
    let (_, before) = previous_cards(app, &run).await?;
    Ok(CardView {
        office: office_name(app, &run).await?,
        change: compare(&result.card, before.get(&result.agency.id)),
        lines,
        may_score: standing.may_score(result.agency.id),
        office_reader: !matches!(standing, Standing::Evaluator(_)),
        result,
        run,
    })
}

/// The result of the agency with `code` in `run`, or why there is none.
pub(super) async fn result_by_code(
    app: &App,
    run: &ScorecardRun,
    code: &str,
) -> Result<ScorecardResult, Error> {
    let shown: String = code.trim().chars().take(30).collect();
    let missing = || Error::not_found(format!("本次考核评分中机构代码为{shown}的单位"));
    let agency = app
        .store
        .agency_by_code(code.trim())
        .await?
        .ok_or_else(missing)?;
    app.store
        .scorecard_result(run.id, agency.id)
        .await?
        .ok_or_else(missing)
}
