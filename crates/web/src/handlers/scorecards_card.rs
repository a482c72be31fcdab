//! One agency's scorecard in a run (`GET
//! /workbench/scorecards/{run}/agencies/{code}`): the indicator lines as a
//! tree — code, name, points or cap, what the line came to, computed (with
//! the count it was computed from) or by hand (with its evidence) — and,
//! for the run's office and the evaluators assigned to the agency, a form
//! per manual leaf; `POST` of that form (multipart, with an optional
//! evidence file) scores the leaf (`gongkai_app::scorecards::score_by_hand`);
//! `GET …/evidence/{sha256}` serves a file a score of the card names.

use askama::Template;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_app::scorecards::{self as app, CardLine, CardView, HandInput, Upload};
use gongkai_domain::scorecard::{LineValue, ManualValue, PartKind, Source};

use super::Csrf;
use super::scorecards::{change_label, score_label, scorer, typed};
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::form_files::{self, Submitted};
use crate::params::{Id, Path};
use crate::state::AppState;
use crate::views::Chrome;

/// A hand score's evidence as the page prints it.
pub struct EvidenceView {
    pub url: String,
    pub file_name: String,
    /// The uploaded file, when there is one.
    pub file_sha256: Option<String>,
    pub note: String,
    pub scored_at: String,
}

/// One line of the card.
pub struct LineView {
    pub code: String,
    /// The code as an element id (`2-1-7`).
    pub slug: String,
    pub name: String,
    pub depth: usize,
    pub leaf: bool,
    pub part: &'static str,
    /// 满分 or 扣分上限; empty for vetoes.
    pub max: String,
    /// 得8分, 扣3分, 否决, 未评分.
    pub value: String,
    pub adverse: bool,
    pub unscored: bool,
    /// 系统计算 / 人工评分; empty for a group.
    pub source: &'static str,
    /// What a computed leaf counted, e.g. `空白栏目数：16`.
    pub measured: String,
    pub basis: String,
    pub evidence: Option<EvidenceView>,
    /// A manual leaf: the form scores it.
    pub manual: bool,
    pub veto: bool,
    /// The value the form shows (the hand score, or empty).
    pub current: String,
}

fn value_text(v: ManualValue) -> String {
    match v {
        ManualValue::Points(p) => p.to_string(),
        ManualValue::Vetoed(true) => "是".into(),
        ManualValue::Vetoed(false) => "否".into(),
    }
}

fn line_view(c: &CardLine) -> LineView {
    let l = &c.line;
    let measured = match (l.source, l.measured) {
        (Some(Source::Computed(m)), Some(n)) => format!("{}：{n}", m.label()),
        (Some(Source::Computed(m)), None) => format!("{}：尚无数据", m.label()),
        _ => String::new(),
    };
    let evidence = c.scored.as_ref().map(|s| EvidenceView {
        url: s.score.evidence.url.clone().unwrap_or_default(),
        file_name: s.score.evidence.file_name.clone().unwrap_or_default(),
        file_sha256: s.file.as_ref().map(|f| f.sha256.clone()),
        note: s.score.evidence.note.clone(),
        scored_at: gongkai_app::clock::beijing(s.scored_at)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
    });
    LineView {
        code: l.code.clone(),
        slug: l.code.replace('.', "-"),
        name: l.name.clone(),
        depth: l.depth,
        leaf: l.leaf,
        part: l.kind.label(),
        max: l.max.map(|m| format!("{m}分")).unwrap_or_default(),
        value: l.value.label(),
        adverse: l.adverse(),
        unscored: l.value == LineValue::Unscored,
        source: l.source.map_or("", Source::label),
        measured,
        basis: c.indicator.basis.clone(),
        evidence,
        manual: l.source == Some(Source::Manual),
        veto: l.kind == PartKind::Veto,
        current: c
            .scored
            .as_ref()
            .map(|s| value_text(s.score.value))
            .unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "scorecard_card.html")]
pub struct CardPage {
    pub chrome: Chrome,
    pub run_id: i64,
    pub title: String,
    pub office: String,
    pub name: String,
    pub code: String,
    pub score: String,
    pub base: String,
    pub bonus: Option<String>,
    pub verdict: &'static str,
    pub failed: bool,
    pub vetoes: Vec<String>,
    pub unscored: usize,
    pub checked_on: String,
    pub change: String,
    pub lines: Vec<LineView>,
    pub may_score: bool,
    /// The run's office (an evaluator reads its own cards only).
    pub office_reader: bool,
    pub error: Option<String>,
    /// The form sent when it was refused: its leaf's form shows it again.
    pub form: HandForm,
}

/// The form as sent, shown again when refused (the file is not: a
/// browser cannot be given it back).
#[derive(Default, Clone)]
pub struct HandForm {
    pub code: String,
    pub value: String,
    pub url: String,
    pub note: String,
}

impl HandForm {
    fn of(f: &Submitted) -> HandForm {
        HandForm {
            code: f.value("code"),
            value: f.value("value"),
            url: f.value("url"),
            note: f.value("note"),
        }
    }

    /// What the app is given: the fields and at most the first file.
    fn input(&self, f: Submitted) -> HandInput {
        HandInput {
            code: self.code.clone(),
            value: self.value.clone(),
            url: self.url.clone(),
            note: self.note.clone(),
            remove_file: !f.value("remove_file").is_empty(),
            file: f
                .files
                .into_iter()
                .next()
                .map(|(name, bytes)| Upload { name, bytes }),
        }
    }
}

fn card_page(
    who: &CurrentStaff,
    csrf: &str,
    v: CardView,
    error: Option<String>,
    form: HandForm,
) -> AppResult<String> {
    let card = &v.result.card;
    Ok(CardPage {
        chrome: Chrome::new(Some(who), csrf),
        run_id: v.run.id,
        title: format!("{}{}", v.run.period, v.run.kind.subject()),
        office: v.office.clone(),
        name: v.result.agency.name.clone(),
        code: v.result.agency.code.clone(),
        score: score_label(card),
        base: card.base.to_string(),
        bonus: card.bonus.map(|b| b.to_string()),
        verdict: card.verdict.label(),
        failed: !card.verdict.passed(),
        vetoes: card.vetoes.iter().map(|h| h.title.clone()).collect(),
        unscored: card.unscored.len(),
        checked_on: v
            .result
            .health_checked_on
            .map_or_else(|| "—".into(), |d| d.to_string()),
        change: change_label(card, &v.change),
        lines: v.lines.iter().map(line_view).collect(),
        may_score: v.may_score,
        office_reader: v.office_reader,
        error,
        form,
    }
    .render()?)
}

/// `GET /workbench/scorecards/{run}/agencies/{code}`
pub async fn show(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path((Id(id), code)): Path<(Id, String)>,
) -> AppResult<Html<String>> {
    let v = app::agency_card(&state, &scorer(&who), id, &code).await?;
    Ok(Html(card_page(
        &who,
        &csrf.0.0,
        v,
        None,
        HandForm::default(),
    )?))
}

/// `POST /workbench/scorecards/{run}/agencies/{code}` (code, value, url,
/// note, file, remove_file): back to the line, or the card with the
/// refusal (400).
pub async fn score(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path((Id(id), code)): Path<(Id, String)>,
    req: Request,
) -> AppResult<Response> {
    let r = scorer(&who);
    let (form, done) = match form_files::read(&state, req, "file").await {
        Err(m) => (HandForm::default(), Err(Ok(m))),
        Ok(sent) => {
            let form = HandForm::of(&sent);
            let input = form.input(sent);
            let done = app::score_by_hand(&state, &r, id, &code, &input).await;
            (form, done.map_err(typed))
        }
    };
    match done {
        Ok(_) => {
            let to = format!(
                "/workbench/scorecards/{id}/agencies/{}#line-{}",
                code.trim(),
                form.code.trim().replace('.', "-")
            );
            Ok(Redirect::to(&to).into_response())
        }
        Err(Err(e)) => Err(e),
        Err(Ok(message)) => {
            let v = app::agency_card(&state, &r, id, &code).await?;
            let html = card_page(&who, &csrf.0.0, v, Some(message), form)?;
            Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
        }
    }
}

/// `GET /workbench/scorecards/{run}/agencies/{code}/evidence/{sha256}`: an
/// evidence file of the card, for whoever may read the card.
pub async fn evidence(
    State(state): State<AppState>,
    who: CurrentStaff,
    Path((Id(id), code, sha)): Path<(Id, String, String)>,
) -> AppResult<Response> {
    if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::not_found("该评分的佐证材料"));
    }
    let (name, file, bytes) = app::evidence::open(&state, &scorer(&who), id, &code, &sha).await?;
    Ok(crate::downloads::attachment(
        bytes,
        &name,
        &file.content_type,
    ))
}
