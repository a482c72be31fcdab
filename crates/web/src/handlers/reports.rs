//! The annual report for staff: the list of reports within reach, the
//! writer's page (tables computed from the records, findings, editor with
//! last year's text and live similarity, roll-up members), saving the draft,
//! publishing a version, the drill-down behind each figure, and exports of
//! the draft.

use crate::params::Year;
use crate::params::{Path, Query};
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Datelike;
use gongkai_domain::policy::{self, Permission};
use gongkai_domain::report::rules::{SIMILARITY_LIMIT, part_similarity};
use gongkai_domain::report::{publication_blockers, publication_deadline};
use gongkai_domain::vocabulary::ReportFormat;
use gongkai_store::{Agency, ReportDraft};
use serde::{Deserialize, Serialize};

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::report_export;
use crate::report_view::grids;
use crate::state::AppState;
use crate::tree;
use crate::views::{Chrome, ReportAgencyRow, ReportCellsPage, ReportEditPage, ReportsIndexPage};
use gongkai_app::oversight::Level;
use gongkai_app::plans::lookback;
use gongkai_app::report_export::ExportFormat;
use gongkai_app::reporting::{self, Built, PublishError};

/// What a member of staff may do with an agency's report.
struct Access {
    agency: Agency,
    all: Vec<Agency>,
    can_publish: bool,
    can_choose_members: bool,
}

/// Staff of the agency (editor, reviewer, administrator, supervisor) write
/// and see its report; reviewers and administrators publish it; supervisors
/// and administrators of the agency or above may also do both, and choose
/// what a roll-up combines.
async fn access(state: &AppState, who: &CurrentStaff, code: &str) -> AppResult<Access> {
    let crate::tree::AgencyInTree { agency, all } =
        crate::tree::permitted(state, who, code, Permission::WriteReport).await?;
    let may = |p| crate::tree::may_at(&all, who, p, agency.id);
    Ok(Access {
        can_publish: may(Permission::PublishReport).is_ok(),
        can_choose_members: may(Permission::ChooseReportMembers).is_ok(),
        agency,
        all,
    })
}

fn check_year(state: &AppState, year: i32) -> AppResult<ReportFormat> {
    let format = ReportFormat::for_year(year).ok_or_else(|| {
        AppError::bad_request(format!(
            "{year}年没有全国统一的年度报告格式：年度报告格式自2019年度起施行，请选择2019年或以后的年度。"
        ))
    })?;
    if year > state.clock.today().year() {
        return Err(AppError::bad_request(format!(
            "{year}年度尚未开始，不能编写该年度的报告。"
        )));
    }
    Ok(format)
}

async fn built(state: &AppState, a: &Access, year: i32) -> AppResult<Built> {
    reporting::build_kept(
        state.store.as_ref(),
        Some(&state.rollups),
        &a.all,
        &a.agency,
        year,
        state.clock.today(),
    )
    .await?
    .ok_or_else(|| AppError::bad_request(format!("{year}年没有全国统一的年度报告格式。")))
}

fn similarity_line(now: &str, before: &str) -> (String, bool) {
    if before.trim().is_empty() {
        return ("没有上年度的文字可比较。".into(), false);
    }
    if now.trim().is_empty() {
        return ("尚未撰写。".into(), false);
    }
    let s = part_similarity(now, before);
    let over = s > SIMILARITY_LIMIT;
    (
        format!(
            "与上年度相似度 {:.0}%{}",
            s * 100.0,
            if over {
                "，超过50%，请按本年度实际情况撰写（AR-14）。"
            } else {
                "。"
            }
        ),
        over,
    )
}

struct Shown {
    notice: Option<String>,
    error: Option<String>,
    status: StatusCode,
}

async fn render_page(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    a: Access,
    year: i32,
    b: Built,
    shown: Shown,
) -> AppResult<Response> {
    let code = a.agency.profile.code.as_str().to_string();
    let base = format!("/workbench/reports/{code}/{year}");
    let previous_parts = b
        .previous
        .as_ref()
        .map(|p| p.parts.clone())
        .unwrap_or_default();
    let similarity: [String; 6] =
        std::array::from_fn(|i| similarity_line(&b.report.parts[i], &previous_parts[i]).0);
    let (mut sentences, fee_statement) = reporting::suggestions(&b);
    // What the year's work plan says, for parts 一 and 五 (issue 17).
    let today = state.clock.today();
    if let Some(p) =
        lookback::report_sentences(state.store.as_ref(), &a.agency, year, today).await?
    {
        sentences.push(format!("（第一部分，据工作要点）{}", p.part_one));
        sentences.push(format!("（第五部分，据工作要点）{}", p.part_five));
    }
    let member_choices = if a.can_choose_members {
        let below = tree::below(&a.all, a.agency.id);
        a.all
            .iter()
            .filter(|x| below.contains(&x.id))
            .map(|x| {
                (
                    x.id,
                    x.profile.full_name.clone(),
                    b.members.iter().any(|m| m.id == x.id),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let grids = grids(
        &b.report,
        &b.findings,
        Some(&format!("{base}/cells")),
        Some(&format!("/admin/agencies/{code}/figures?year={year}")),
    );
    let page = ReportEditPage {
        chrome: Chrome::new(Some(who), csrf),
        deadline: publication_deadline(reporting::agency_kind(&a.agency), year)
            .map_or_else(String::new, |d| d.format("%Y年%m月%d日").to_string()),
        blocked: !publication_blockers(&b.findings).is_empty(),
        grids,
        base,
        versions: b.versions,
        previous_parts,
        similarity,
        sentences,
        fee_statement,
        members: b.members,
        can_choose_members: a.can_choose_members,
        member_choices,
        can_publish: a.can_publish,
        agency: a.agency,
        report: b.report,
        findings: b.findings,
        notice: shown.notice,
        error: shown.error,
    };
    Ok((shown.status, Html(page.render()?)).into_response())
}

/// `?under=`: the agency whose level of the tree an overseer looks at.
#[derive(Deserialize)]
pub struct IndexParams {
    #[serde(default)]
    under: Option<String>,
}

/// `GET /workbench/reports?under=CODE`: the reports within reach — one's own
/// agency's; for overseers one level of the tree at a time (the agency and
/// those directly below it), with the years each has published (one query).
pub async fn index(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Query(params): Query<IndexParams>,
) -> AppResult<Html<String>> {
    // The agency's reports with their drafts: for its staff, not an evaluator.
    policy::may_here(&who.staff.roles, Permission::ReadStatistics)
        .map_err(|r| AppError::forbidden(r.0))?;
    let overseer = policy::may_here(&who.staff.roles, Permission::ChooseReportMembers).is_ok();
    let under = params
        .under
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    if under.is_some() && !overseer {
        return Err(AppError::forbidden(
            "只有督导人员和管理员可以查看下级机关的年度报告。",
        ));
    }
    let (trail, listed) = if overseer {
        let level = Level::read(&state, who.agency.id, under).await?;
        let mut listed: Vec<(i64, String, String, u64)> = level
            .outline
            .iter()
            .filter(|o| o.id == level.node)
            .map(|o| (o.id, o.full_name.clone(), o.code.clone(), 0))
            .collect();
        for (o, below) in level.children() {
            listed.push((o.id, o.full_name.clone(), o.code.clone(), below));
        }
        (level.trail.clone(), listed)
    } else {
        let a = &who.agency;
        let own = (
            a.id,
            a.profile.full_name.clone(),
            a.profile.code.as_str().to_string(),
            0,
        );
        (Vec::new(), vec![own])
    };
    let ids: Vec<i64> = listed.iter().map(|l| l.0).collect();
    let published = state.store.published_years(&ids).await?;
    // The current year too: writers start drafting before the year ends.
    let last = state.clock.today().year();
    let rows = listed
        .into_iter()
        .map(|(id, name, code, below)| ReportAgencyRow {
            years: (2019..=last.max(2019))
                .rev()
                .map(|y| (y, published.contains(&(id, y))))
                .collect(),
            code,
            name,
            below,
        })
        .collect();
    Ok(Html(
        ReportsIndexPage {
            chrome: Chrome::new(Some(&who), &csrf.0.0),
            trail,
            rows,
        }
        .render()?,
    ))
}

/// `GET /workbench/reports/{code}/{year}`
pub async fn show(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path((code, Year(year))): Path<(String, Year)>,
) -> AppResult<Response> {
    check_year(&state, year)?;
    let a = access(&state, &who, &code).await?;
    let mut b = built(&state, &a, year).await?;
    if b.report.parts[5].trim().is_empty() {
        // AR-12: part 六 starts from the fee records.
        b.report.parts[5] = reporting::suggestions(&b).1;
    }
    let shown = Shown {
        notice: None,
        error: None,
        status: StatusCode::OK,
    };
    render_page(&state, &who, &csrf.0.0, a, year, b, shown).await
}

fn field(form: &[(String, String)], name: &str) -> String {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.replace("\r\n", "\n"))
        .unwrap_or_default()
}

/// Most characters a part may hold (a whole report is rarely above 20,000).
const PART_MAX_CHARS: usize = 50_000;

/// `POST /workbench/reports/{code}/{year}`: saves the draft.
pub async fn save(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path((code, Year(year))): Path<(String, Year)>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    check_year(&state, year)?;
    let a = access(&state, &who, &code).await?;
    let old = state.store.report_draft(a.agency.id, year).await?;
    let mut parts = old.as_ref().map(|d| d.parts.clone()).unwrap_or_default();
    for (i, name) in [(0, "part1"), (4, "part5"), (5, "part6")] {
        if form.iter().any(|(k, _)| k == name) {
            let text = field(&form, name);
            if text.chars().count() > PART_MAX_CHARS {
                return Err(AppError::bad_request(format!(
                    "第{}部分超过{PART_MAX_CHARS}字，请精简后再保存。",
                    gongkai_domain::report::PART_NUMERALS[i]
                )));
            }
            parts[i] = text;
        }
    }
    let members = if a.can_choose_members {
        let below = tree::below(&a.all, a.agency.id);
        let mut ids = Vec::new();
        for (k, v) in &form {
            if k == "members" {
                let id: i64 = v.parse().map_err(|_| {
                    AppError::bad_request(format!("汇总范围中的“{v}”不是机构编号。"))
                })?;
                if !below.contains(&id) {
                    return Err(AppError::bad_request(
                        "汇总范围只能选择本机关的部门和下级单位。",
                    ));
                }
                ids.push(id);
            }
        }
        ids
    } else {
        old.as_ref().map(|d| d.members.clone()).unwrap_or_default()
    };
    state
        .store
        .put_report_draft(&ReportDraft {
            agency_id: a.agency.id,
            year,
            parts,
            members,
            updated_by: Some(who.staff.id),
            updated_at: state.clock.now(),
        })
        .await?;
    let b = built(&state, &a, year).await?;
    // Kept with the draft for the supervisor's console (the report status
    // of 2,000 agencies without building 2,000 reports).
    let errors = u32::try_from(publication_blockers(&b.findings).len()).unwrap_or(u32::MAX);
    state
        .store
        .mark_report_draft_errors(a.agency.id, year, errors)
        .await?;
    let shown = Shown {
        notice: Some("草稿已保存。".into()),
        error: None,
        status: StatusCode::OK,
    };
    render_page(&state, &who, &csrf.0.0, a, year, b, shown).await
}

#[derive(Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    note: String,
}

/// `POST /workbench/reports/{code}/{year}/publish`
pub async fn publish(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path((code, Year(year))): Path<(String, Year)>,
    Form(form): Form<PublishForm>,
) -> AppResult<Response> {
    check_year(&state, year)?;
    let a = access(&state, &who, &code).await?;
    if !a.can_publish {
        return Err(AppError::forbidden(
            "只有审核人、管理员或上级政务公开主管部门可以公布年度报告。",
        ));
    }
    let b = built(&state, &a, year).await?;
    let today = state.clock.today();
    let note = form.note.trim().to_string();
    let refuse = |message: String| Shown {
        notice: None,
        error: Some(message),
        status: StatusCode::UNPROCESSABLE_ENTITY,
    };
    let version = match reporting::publish(
        state.store.as_ref(),
        &a.agency,
        year,
        &b,
        &note,
        Some(who.staff.id),
        today,
    )
    .await
    {
        Ok(version) => version,
        Err(PublishError::Refused(message)) => {
            return render_page(&state, &who, &csrf.0.0, a, year, b, refuse(message)).await;
        }
        Err(PublishError::Other(e)) => return Err(e.into()),
    };
    Ok(Redirect::to(&format!(
        "/agencies/{}/reports/{year}?version={}",
        a.agency.profile.code.as_str(),
        version.version
    ))
    .into_response())
}

#[derive(Deserialize)]
pub struct SimilarityForm {
    part: usize,
    text: String,
}

#[derive(Serialize)]
pub struct SimilarityJson {
    percent: Option<f64>,
    over: bool,
    message: String,
}

/// `POST /workbench/reports/{code}/{year}/similarity`: AR-14 while typing.
pub async fn similarity(
    State(state): State<AppState>,
    who: CurrentStaff,
    Path((code, Year(year))): Path<(String, Year)>,
    Form(form): Form<SimilarityForm>,
) -> AppResult<axum::Json<SimilarityJson>> {
    check_year(&state, year)?;
    let a = access(&state, &who, &code).await?;
    if form.part >= 6 {
        return Err(AppError::bad_request("部分序号应为0到5。"));
    }
    let previous = reporting::published(state.store.as_ref(), a.agency.id, year - 1).await?;
    let before = previous
        .map(|p| p.parts[form.part].clone())
        .unwrap_or_default();
    let (message, over) = similarity_line(&form.text, &before);
    let percent = (!before.trim().is_empty() && !form.text.trim().is_empty())
        .then(|| (part_similarity(&form.text, &before) * 1000.0).round() / 10.0);
    Ok(axum::Json(SimilarityJson {
        percent,
        over,
        message,
    }))
}

#[derive(Deserialize)]
pub struct CellQuery {
    table: String,
    #[serde(default)]
    row: String,
    col: usize,
}

/// `GET /workbench/reports/{code}/{year}/cells?table=三&row=KEY&col=N`: the
/// cases, appeals or items behind a figure.
pub async fn cells(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path((code, Year(year))): Path<(String, Year)>,
    Query(q): Query<CellQuery>,
) -> AppResult<Html<String>> {
    let format = check_year(&state, year)?;
    let a = access(&state, &who, &code).await?;
    let draft = state.store.report_draft(a.agency.id, year).await?;
    let mut agencies = vec![a.agency.clone()];
    for id in draft.map(|d| d.members).unwrap_or_default() {
        if let Some(m) = a.all.iter().find(|x| x.id == id) {
            agencies.push(m.clone());
        }
    }
    let heading = match q.table.as_str() {
        "三" => {
            let row = format
                .table3_row(&q.row)
                .ok_or_else(|| AppError::bad_request(format!("表三没有“{}”这一行。", q.row)))?;
            let column = format
                .table3_columns()
                .get(q.col)
                .ok_or_else(|| AppError::bad_request("表三只有7列（0–6）。"))?;
            format!("表三 “{}” · “{}”", row.label, column)
        }
        "四" => {
            let col = format
                .table4_columns()
                .get(q.col)
                .ok_or_else(|| AppError::bad_request("表四只有15列（0–14）。"))?;
            format!("表四 “{}” · “{}”", col.group, col.result)
        }
        "二" => {
            let block = &format.table2_blocks()[0];
            if !block.rows.contains(&q.row.as_str()) || q.col >= block.columns.len() {
                return Err(AppError::bad_request(
                    "表二只有第二十条第（一）项由目录统计，可查看明细；其他数据来自业务系统。",
                ));
            }
            format!("表二 “{}” · “{}”", q.row, block.columns[q.col])
        }
        other => {
            return Err(AppError::bad_request(format!(
                "没有“表{other}”；可查看明细的是表二、表三、表四。"
            )));
        }
    };
    let sources = reporting::cell_sources(
        state.store.as_ref(),
        &agencies,
        reporting::CellRef {
            year,
            format,
            table: &q.table,
            row: &q.row,
            column: q.col,
        },
    )
    .await?;
    Ok(Html(
        ReportCellsPage {
            chrome: Chrome::new(Some(&who), &csrf.0.0),
            year,
            heading: format!("{}{}年度 {heading}", a.agency.profile.short_name, year),
            back: format!("/workbench/reports/{code}/{year}"),
            sources,
            limit: reporting::CELL_SOURCES_LIMIT as usize,
        }
        .render()?,
    ))
}

/// `GET /workbench/reports/{code}/{year}/export.{ext}`: the draft as a file.
pub async fn export(
    State(state): State<AppState>,
    who: CurrentStaff,
    Path((code, Year(year), file)): Path<(String, Year, String)>,
) -> AppResult<Response> {
    check_year(&state, year)?;
    let a = access(&state, &who, &code).await?;
    let format = file
        .strip_prefix("export.")
        .and_then(ExportFormat::from_extension)
        .ok_or_else(|| AppError::not_found(format!("文件“{file}”")))?;
    let b = built(&state, &a, year).await?;
    report_export::respond(&b.report, &b.findings, format, &a.agency.profile.full_name).await
}
