//! The public check of annual reports published elsewhere: `GET
//! /reports/check` (the upload form) and `POST /reports/check` (one section
//! per report: what was detected, the tables with failing cells marked, the
//! findings, what could not be read; for supervisors and administrators the
//! import form). Evaluators need no account; nothing is stored.

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use gongkai_domain::policy::{self, Permission};
use gongkai_domain::report::{Finding, PART_NUMERALS};
use gongkai_parse::{CheckedReport, InputKind, Layout, Unread};

use super::Csrf;
use crate::auth::{CurrentStaff, MaybeStaff};
use crate::error::AppResult;
use crate::report_check::{self, Checked};
use crate::report_view::grids;
use crate::state::AppState;
use crate::tree;
use crate::views::{CheckResult, Chrome, FigureRow, FindingRow, ReportCheckPage, UnreadRow};

/// The agencies a supervisor or administrator may import reports for: their
/// own and every one below it, as (code, full name). Nobody else imports.
pub async fn importable(
    state: &AppState,
    who: Option<&CurrentStaff>,
) -> AppResult<Vec<(String, String)>> {
    let Some(who) =
        who.filter(|w| policy::may_here(&w.staff.roles, Permission::ImportReport).is_ok())
    else {
        return Ok(Vec::new());
    };
    let all = state.store.agencies().await?;
    Ok(tree::rows(&all, Some(who.agency.id))
        .into_iter()
        .map(|r| {
            (
                r.agency.profile.code.as_str().to_string(),
                r.agency.profile.full_name,
            )
        })
        .collect())
}

fn input_label(kind: InputKind) -> &'static str {
    kind.label_zh()
}

/// Where a finding points, in words.
pub fn finding_place(f: &Finding) -> String {
    match (&f.table, &f.row) {
        (Some(t), row) => {
            let mut s = format!("表{t}");
            if let Some(r) = row {
                s.push_str(&format!(" “{r}”行"));
            }
            if let Some(c) = &f.column {
                s.push_str(&format!(" “{c}”列"));
            }
            s
        }
        (None, Some(part)) if PART_NUMERALS.contains(&part.as_str()) => format!("第{part}部分"),
        (None, Some(other)) => other.clone(),
        (None, None) => "全文".into(),
    }
}

fn unread_place(u: &Unread) -> String {
    let c = &u.cell;
    if c.table.is_empty() {
        return c.row.clone();
    }
    let mut s = format!("表{}", c.table);
    if !c.block.is_empty() {
        s.push_str(&format!(" {}", c.block));
    }
    if !c.row.is_empty() {
        s.push_str(&format!(" “{}”行", c.row));
    }
    if !c.column.is_empty() {
        s.push_str(&format!(" “{}”列", c.column));
    }
    s
}

fn unread_row(u: &Unread) -> UnreadRow {
    UnreadRow {
        place: unread_place(u),
        found: u.found.join("、"),
        location: u.location.map(|l| l.to_string()).unwrap_or_default(),
        message: u.message.clone(),
    }
}

fn compact(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

fn report_result(index: usize, r: &CheckedReport, importable: &[(String, String)]) -> CheckResult {
    let p = &r.parsed;
    let (format, grids, parts, import) = match p.layout {
        Layout::Format(f) => (
            format!("《{}》（{}）", f.label(), f.document()),
            Some(grids(&p.report, &r.findings, None, None)),
            (0..6)
                .filter(|i| !p.report.parts[*i].trim().is_empty())
                .map(|i| (p.report.part_title(i).to_string(), p.report.parts[i].clone()))
                .collect(),
            serde_json::to_string(&p.report.to_json(&[])).map_err(|e| e.to_string()),
        ),
        Layout::FreeText => (
            "2019年以前的自由文本（没有全国统一格式的表格）".to_string(),
            None,
            Vec::new(),
            Err("这是没有全国统一格式表格的自由文本报告（2019年度以前），不能导入为机关的年度报告；只能导入按国办公开办函〔2019〕60号或〔2021〕30号格式编制的报告。".to_string()),
        ),
    };
    let figures: Vec<FigureRow> = p
        .figures
        .as_ref()
        .map(|f| {
            f.entries()
                .into_iter()
                .map(|(key, name, fig)| FigureRow {
                    key,
                    name,
                    value: fig.as_ref().map(|x| x.value),
                    location: fig
                        .as_ref()
                        .map(|x| x.location.to_string())
                        .unwrap_or_default(),
                    quote: fig.as_ref().map(|x| x.quote.clone()).unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    let import_agency = p.agency.as_deref().map(compact).and_then(|name| {
        importable
            .iter()
            .find(|(_, full)| compact(full) == name)
            .map(|(code, _)| code.clone())
    });
    CheckResult {
        index,
        source: p.source.clone(),
        error: None,
        input: input_label(p.input),
        format,
        format_code: p.layout.code(),
        format_short: match p.layout {
            Layout::Format(f) if f.first_year() == 2019 => "2019年格式",
            Layout::Format(_) => "2021年格式",
            Layout::FreeText => "自由文本",
        },
        year: p.year,
        agency: p.agency.clone(),
        title: p.title.clone(),
        errors: r.findings.iter().filter(|f| f.is_error()).count(),
        warnings: r.findings.iter().filter(|f| !f.is_error()).count(),
        findings: r
            .findings
            .iter()
            .map(|f| FindingRow {
                rule: f.rule,
                error: f.is_error(),
                severity: f.severity.label_zh(),
                place: finding_place(f),
                expected: f.expected.clone().unwrap_or_default(),
                found: f.found.clone().unwrap_or_default(),
                message: f.message.clone(),
                location: f.location.clone().unwrap_or_default(),
            })
            .collect(),
        grids,
        table_ids: Default::default(),
        figures_found: figures.iter().filter(|f| f.value.is_some()).count(),
        figures,
        missing: p.missing.iter().map(unread_row).collect(),
        ambiguous: p.ambiguous.iter().map(unread_row).collect(),
        notes: p.notes.clone(),
        parts,
        import,
        import_agency,
        key_figures: key_figures(p),
    }
    .with_ids()
}

/// The key figures as the page lists them: a whole number without a
/// decimal point, nothing where the report states none.
fn key_figures(p: &gongkai_parse::ParsedReport) -> Vec<(&'static str, String)> {
    gongkai_app::report_summary::key_figures(p)
        .entries()
        .map(|(name, v)| (name, v.map(|x| x.to_string()).unwrap_or_default()))
        .collect()
}

impl CheckResult {
    fn unreadable(index: usize, source: String, error: String) -> CheckResult {
        CheckResult {
            index,
            source,
            error: Some(error),
            input: "",
            format: String::new(),
            format_code: "",
            format_short: "",
            year: None,
            agency: None,
            title: None,
            errors: 0,
            warnings: 0,
            findings: Vec::new(),
            grids: None,
            table_ids: Default::default(),
            figures: Vec::new(),
            figures_found: 0,
            missing: Vec::new(),
            ambiguous: Vec::new(),
            notes: Vec::new(),
            parts: Vec::new(),
            import: Err(String::new()),
            import_agency: None,
            key_figures: Vec::new(),
        }
        .with_ids()
    }

    fn with_ids(mut self) -> CheckResult {
        let i = self.index;
        self.table_ids = [2, 3, 4].map(|t| format!("report-{i}-table{t}"));
        self
    }
}

/// The results of an upload as the page shows them.
pub fn results(checked: &[Checked], importable: &[(String, String)]) -> Vec<CheckResult> {
    checked
        .iter()
        .enumerate()
        .map(|(i, c)| match c {
            Checked::Report(r) => report_result(i + 1, r, importable),
            Checked::Unreadable { source, error } => {
                CheckResult::unreadable(i + 1, source.clone(), error.clone())
            }
        })
        .collect()
}

async fn render(
    state: &AppState,
    staff: &MaybeStaff,
    csrf: &str,
    error: Option<String>,
    checked: &[Checked],
    status: StatusCode,
) -> AppResult<Response> {
    let import_agencies = importable(state, staff.0.as_ref()).await?;
    let page = ReportCheckPage {
        chrome: Chrome::new(staff.0.as_ref(), csrf),
        limits: report_check::limits_text(),
        error,
        results: results(checked, &import_agencies),
        import_agencies,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// `GET /reports/check`
pub async fn form(
    State(state): State<AppState>,
    staff: MaybeStaff,
    csrf: Csrf,
) -> AppResult<Response> {
    render(&state, &staff, &csrf.0.0, None, &[], StatusCode::OK).await
}

/// `POST /reports/check` (multipart: `files`, `text`; the CSRF token in the
/// query string): checks, stores nothing. A refused upload shows the form
/// again with the reason; when no report could be read the status is 422.
pub async fn check(
    State(state): State<AppState>,
    staff: MaybeStaff,
    csrf: Csrf,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let outcome = read_and_compare(&state, multipart).await;
    match outcome {
        Ok(checked) => {
            let none_read = checked
                .iter()
                .all(|c| matches!(c, Checked::Unreadable { .. }));
            let status = if none_read {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::OK
            };
            render(&state, &staff, &csrf.0.0, None, &checked, status).await
        }
        Err(e) if e.status == StatusCode::BAD_REQUEST => {
            render(&state, &staff, &csrf.0.0, Some(e.message), &[], e.status).await
        }
        Err(e) => Err(e),
    }
}

/// Reads an upload and checks it, the cross-year rules also against the
/// platform's published reports of the year before (AR-09).
async fn read_and_compare(
    state: &AppState,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Vec<Checked>> {
    match multipart {
        Ok(mut m) => report_check::read_upload(state.store.as_ref(), &mut m).await,
        Err(e) => Err(report_check::rejection(e)),
    }
}

/// `POST /reports/check/summary.xlsx` (the same upload as `POST
/// /reports/check`, e.g. a ZIP of reports): the summary workbook (汇总,
/// 问题明细, 年度对比) as a download. A refused upload shows the form again
/// with the reason.
pub async fn summary(
    State(state): State<AppState>,
    staff: MaybeStaff,
    csrf: Csrf,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    match read_and_compare(&state, multipart).await {
        Ok(checked) => {
            let bytes = tokio::task::spawn_blocking(move || {
                gongkai_app::report_summary::summarise(&checked).to_xlsx()
            })
            .await
            .map_err(|e| gongkai_app::Error::internal(e.to_string()))??;
            Ok(crate::downloads::attachment(
                bytes,
                "年度报告检查汇总.xlsx",
                crate::downloads::XLSX,
            ))
        }
        Err(e) if e.status == StatusCode::BAD_REQUEST => {
            render(&state, &staff, &csrf.0.0, Some(e.message), &[], e.status).await
        }
        Err(e) => Err(e),
    }
}
