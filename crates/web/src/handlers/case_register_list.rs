//! `GET /workbench/cases`: the case register (依申请公开台账) — every case
//! of the reader's agency (supervisors: and of the agencies below it), open
//! and closed, filtered by year, state, channel, applicant type, outcome and
//! lateness, searched by number, applicant and description, a page at a
//! time (`?after=`); `&format=xlsx` downloads the same selection. The use
//! case is `gongkai_app::case_register`; this reads the query string and
//! renders.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use gongkai_app::case_register::{self, REGISTER_PAGE, RegisterRow, RegisterScope};
use gongkai_domain::case::{CaseState, QueueMark};
use gongkai_domain::policy::Principal;
use gongkai_domain::vocabulary::{ApplicantType, Channel, Outcome, OutcomeCategory};
use gongkai_store::CaseRegisterFilter;
use serde::{Deserialize, Serialize};

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::downloads::{XLSX, attachment};
use crate::error::{AppError, AppResult};
use crate::params::{Query, Year};
use crate::state::AppState;
use crate::views::{Chrome, Opt};

/// The longest search text, in characters.
const SEARCH_MAX: usize = 50;

/// The query string, as typed (kept to fill the form again).
#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct RegisterParams {
    pub year: String,
    pub state: String,
    pub channel: String,
    pub applicant_type: String,
    pub outcome: String,
    /// `yes` 已逾期 or `no` 未逾期.
    pub late: String,
    pub q: String,
    /// `running` 办理中, `due_soon` 即将到期 or `overdue` 已逾期 (the
    /// console's counts).
    pub due: String,
    /// One agency of the subtree, by its 统一社会信用代码 (a supervisor's).
    pub agency: String,
    #[serde(skip_serializing)]
    pub after: String,
    #[serde(skip_serializing)]
    pub format: String,
}

/// A long hostile value is not echoed whole.
fn shown(v: &str) -> String {
    let v = v.trim();
    match v.char_indices().nth(24) {
        Some((at, _)) => format!("{}…", &v[..at]),
        None => v.to_string(),
    }
}

/// A code from `from_code`, blank for none, or what the choices are.
fn code<T>(
    what: &str,
    raw: &str,
    from_code: fn(&str) -> Option<T>,
    choices: &str,
) -> Result<Option<T>, String> {
    match raw.trim() {
        "" => Ok(None),
        c => from_code(c)
            .map(Some)
            .ok_or_else(|| format!("{what}“{}”无法识别，{choices}", shown(c))),
    }
}

/// `code（label）、…` of a vocabulary, for a refusal.
fn listed<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: fn(T) -> String) -> String {
    let items: Vec<String> = all
        .iter()
        .map(|t| format!("{}（{}）", code(*t), label(*t)))
        .collect();
    format!("可选：{}。", items.join("、"))
}

/// The filters of the query string, or what is wrong with one of them.
pub fn read_filter(p: &RegisterParams) -> Result<CaseRegisterFilter, String> {
    let year = match p.year.trim() {
        "" => None,
        y => Some(Year::parse(y)?.0),
    };
    let late = match p.late.trim() {
        "" => None,
        "yes" => Some(true),
        "no" => Some(false),
        other => {
            return Err(format!(
                "是否逾期“{}”无法识别，可选：yes（已逾期）、no（未逾期），或留空表示全部。",
                shown(other)
            ));
        }
    };
    let deadline = match p.due.trim() {
        "" => None,
        "running" => Some(QueueMark::Normal),
        "due_soon" => Some(QueueMark::DueSoon),
        "overdue" => Some(QueueMark::Overdue),
        other => {
            return Err(format!(
                "期限“{}”无法识别，可选：running（办理中）、due_soon（即将到期）、overdue（已逾期），或留空表示全部。",
                shown(other)
            ));
        }
    };
    let q = p.q.trim();
    if q.chars().count() > SEARCH_MAX {
        return Err(format!(
            "搜索内容不能超过{SEARCH_MAX}个字：请输入申请编号、申请人姓名（名称）或所申请信息中的一段文字。"
        ));
    }
    if q.chars().any(char::is_control) {
        return Err("搜索内容含有控制字符，请删除后重新搜索。".into());
    }
    Ok(CaseRegisterFilter {
        year,
        state: code(
            "状态",
            &p.state,
            CaseState::from_code,
            &listed(&CaseState::ALL, CaseState::code, |s| s.label_zh().into()),
        )?,
        channel: code(
            "申请方式",
            &p.channel,
            Channel::from_code,
            &listed(&Channel::ALL, Channel::code, |c| c.label().into()),
        )?,
        applicant_type: code(
            "申请人类型",
            &p.applicant_type,
            ApplicantType::from_code,
            &listed(&ApplicantType::ALL, ApplicantType::code, |t| t.full_label()),
        )?,
        outcome: code(
            "办理结果",
            &p.outcome,
            Outcome::from_code,
            "请从“办理结果”列表中选择，或留空表示全部。",
        )?,
        late,
        search: (!q.is_empty()).then(|| q.to_string()),
        deadline,
        agency: None,
    })
}

/// A row of the register as the page shows it.
pub struct RowView {
    pub number: String,
    pub agency: String,
    pub applicant: String,
    pub applicant_type: String,
    pub channel: String,
    pub receipt_date: String,
    pub due: String,
    pub state: String,
    pub outcome: String,
    pub decided_on: String,
    pub delivered_on: String,
    pub late: bool,
    pub description: String,
}

fn row_view(r: &RegisterRow) -> RowView {
    let line = case_register::line(r);
    let [
        number,
        applicant,
        applicant_type,
        channel,
        receipt,
        due,
        state,
        outcome,
        decided,
        delivered,
        _,
        _,
    ] = line.cells;
    RowView {
        number,
        agency: r.agency_name.clone(),
        applicant,
        applicant_type,
        channel,
        receipt_date: if receipt.is_empty() {
            "待确认".into()
        } else {
            receipt
        },
        due,
        state,
        outcome,
        decided_on: decided,
        delivered_on: delivered,
        late: r.late,
        description: r.description.chars().take(60).collect(),
    }
}

#[derive(Template)]
#[template(path = "case_register_list.html")]
pub struct RegisterListPage {
    pub chrome: Chrome,
    pub agency_name: String,
    pub subtree: bool,
    pub form: RegisterParams,
    pub states: Vec<Opt>,
    pub channels: Vec<Opt>,
    pub applicant_types: Vec<Opt>,
    /// The outcomes grouped as table 三 groups them.
    pub outcomes: Vec<(String, Vec<Opt>)>,
    pub rows: Vec<RowView>,
    /// The one agency the list is narrowed to (`?agency=`), by name.
    pub narrowed_to: Option<String>,
    pub first: Option<String>,
    pub next: Option<String>,
    /// The same selection as XLSX.
    pub export: String,
    pub error: Option<String>,
}

fn opts<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: fn(T) -> String) -> Vec<Opt> {
    all.iter()
        .map(|t| Opt {
            value: code(*t).into(),
            label: label(*t),
        })
        .collect()
}

/// The register's URL with the filters of `p` (and `extra` pairs).
fn url(p: &RegisterParams, extra: &[(&str, &str)]) -> String {
    url_at("/workbench/cases", p, extra)
}

/// `base` with the filters of `p` (and `extra` pairs): the page's links and
/// the API's next page.
pub fn url_at(base: &str, p: &RegisterParams, extra: &[(&str, &str)]) -> String {
    let mut pairs: Vec<(&str, &str)> = [
        ("year", p.year.as_str()),
        ("state", &p.state),
        ("channel", &p.channel),
        ("applicant_type", &p.applicant_type),
        ("outcome", &p.outcome),
        ("late", &p.late),
        ("q", &p.q),
        ("due", &p.due),
        ("agency", &p.agency),
    ]
    .into_iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .collect();
    pairs.extend_from_slice(extra);
    match serde_urlencoded::to_string(&pairs).unwrap_or_default() {
        q if q.is_empty() => base.into(),
        q => format!("{base}?{q}"),
    }
}

fn page(who: &CurrentStaff, csrf: &str, form: RegisterParams) -> RegisterListPage {
    RegisterListPage {
        chrome: Chrome::new(Some(who), csrf),
        agency_name: who.agency.profile.full_name.clone(),
        subtree: false,
        states: opts(&CaseState::ALL, CaseState::code, |s| s.label_zh().into()),
        channels: opts(&Channel::ALL, Channel::code, |c| c.label().into()),
        applicant_types: opts(&ApplicantType::ALL, ApplicantType::code, |t| t.full_label()),
        outcomes: OutcomeCategory::ALL
            .iter()
            .map(|c| {
                let group: Vec<Outcome> = c.outcomes().collect();
                (
                    c.label().to_string(),
                    opts(&group, Outcome::code, |o| o.label().into()),
                )
            })
            .collect(),
        rows: Vec::new(),
        narrowed_to: None,
        first: None,
        next: None,
        export: url(&form, &[("format", "xlsx")]),
        error: None,
        form,
    }
}

pub async fn list(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Query(params): Query<RegisterParams>,
) -> AppResult<Response> {
    let reader = Principal {
        agency: who.agency.id,
        roles: &who.staff.roles,
    };
    let scope = case_register::scope(&reader)?;
    let mut view = page(&who, &csrf.0.0, params.clone());
    view.subtree = scope == RegisterScope::Subtree;
    let mut filter = match read_filter(&params) {
        Ok(f) => f,
        Err(message) => {
            view.error = Some(message);
            return Ok((StatusCode::BAD_REQUEST, Html(view.render()?)).into_response());
        }
    };
    if !params.agency.trim().is_empty() {
        let agency = case_register::agency_named(&state, &params.agency).await?;
        filter.agency = Some(agency);
        if let Some(a) = state.store.agency(agency).await? {
            view.narrowed_to = Some(a.profile.full_name);
        }
    }
    match params.format.trim() {
        "" | "html" => {}
        "xlsx" => return export(&state, &who, &reader, &filter).await,
        other => {
            return Err(AppError::bad_request(format!(
                "导出格式“{}”无法识别：导出请用 format=xlsx，查看台账请去掉该参数。",
                shown(other)
            )));
        }
    }
    let after = match params.after.trim() {
        "" => None,
        a => Some(case_register::parse_after(a)?),
    };
    let p = case_register::register_page(&state, &reader, &filter, after.as_deref(), REGISTER_PAGE)
        .await?;
    view.rows = p.rows.iter().map(row_view).collect();
    view.next = p.next.map(|n| url(&params, &[("after", &n)]));
    view.first = after.map(|_| url(&params, &[]));
    Ok(Html(view.render()?).into_response())
}

async fn export(
    state: &AppState,
    who: &CurrentStaff,
    reader: &Principal<'_>,
    filter: &CaseRegisterFilter,
) -> AppResult<Response> {
    let title = format!("{}依申请公开台账", who.agency.profile.full_name);
    let bytes = case_register::export_xlsx(state, reader, filter, &title).await?;
    let year = filter.year.map(|y| format!("{y}年")).unwrap_or_default();
    let filename = format!("{}{year}依申请公开台账.xlsx", who.agency.profile.full_name);
    Ok(attachment(bytes, &filename, XLSX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(set: impl FnOnce(&mut RegisterParams)) -> Result<CaseRegisterFilter, String> {
        let mut p = RegisterParams::default();
        set(&mut p);
        read_filter(&p)
    }

    #[test]
    fn each_filter_is_read_or_refused_in_chinese() {
        assert_eq!(with(|_| {}).unwrap(), CaseRegisterFilter::default());
        let f = with(|p| {
            p.year = "2025".into();
            p.state = "closed".into();
            p.late = "no".into();
            p.q = " 欧阳 ".into();
        })
        .unwrap();
        assert_eq!(f.year, Some(2025));
        assert_eq!(f.state, Some(CaseState::Closed));
        assert_eq!(f.late, Some(false));
        assert_eq!(f.search.as_deref(), Some("欧阳"));
        let e = with(|p| p.year = "20x5".into()).unwrap_err();
        assert!(e.contains("1949 至 2100"), "{e}");
        let e = with(|p| p.state = "open".into()).unwrap_err();
        assert!(
            e.starts_with("状态“open”无法识别，可选：awaiting_confirmation（待确认）"),
            "{e}"
        );
        let e = with(|p| p.channel = "phone".into()).unwrap_err();
        assert!(e.contains("in_person（当面提交）"), "{e}");
        let e = with(|p| p.applicant_type = "person".into()).unwrap_err();
        assert!(e.contains("natural_person（自然人）"), "{e}");
        let e = with(|p| p.outcome = "ok".into()).unwrap_err();
        assert!(e.contains("办理结果“ok”无法识别"), "{e}");
        let e = with(|p| p.late = "maybe".into()).unwrap_err();
        assert!(e.contains("yes（已逾期）"), "{e}");
        let e = with(|p| p.q = "字".repeat(51)).unwrap_err();
        assert!(e.contains("不能超过50个字"), "{e}");
    }

    #[test]
    fn links_keep_the_filters() {
        let p = RegisterParams {
            year: "2025".into(),
            q: "欧阳".into(),
            after: "GK2025-000002".into(),
            ..Default::default()
        };
        assert_eq!(
            url(&p, &[("format", "xlsx")]),
            "/workbench/cases?year=2025&q=%E6%AC%A7%E9%98%B3&format=xlsx"
        );
        assert_eq!(url(&RegisterParams::default(), &[]), "/workbench/cases");
    }
}
