//! `GET /workbench/audit`: the audit trail of the reader's agency subtree, for
//! administrators and supervisors, filtered by agency, action kind, staff
//! member and dates, paged in the database.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use chrono::NaiveDate;
use gongkai_domain::policy::{self, Permission};
use gongkai_domain::staff::Username;
use gongkai_store::audit::{AUDIT_PAGE_MAX, AuditQuery};
use gongkai_store::{AgencyId, StaffId};
use serde::Deserialize;

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::tree;
use crate::views::{Chrome, TreeRow};
use gongkai_app::clock::beijing;

/// Records on one page (the store never returns more than [`AUDIT_PAGE_MAX`]).
const PER_PAGE: i64 = 50;
/// The furthest page one can ask for; older records are reached by dates.
const MAX_PAGE: i64 = 1000;

#[derive(Deserialize, Default)]
pub struct AuditFilter {
    #[serde(default)]
    agency: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    staff: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    page: String,
}

pub struct AuditRow {
    pub at: String,
    pub agency: String,
    pub staff: String,
    pub action: String,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
pub struct AuditTrailPage {
    pub chrome: Chrome,
    pub agencies: Vec<TreeRow>,
    pub agency: String,
    pub action: String,
    pub staff: String,
    pub from: String,
    pub to: String,
    pub rows: Vec<AuditRow>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    /// The query string of the filters, for the page links.
    pub filters: String,
    pub error: Option<String>,
}

fn date(text: &str, what: &str) -> Result<Option<NaiveDate>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| format!("{what}应为“年-月-日”格式的日期，例如 2025-03-01。"))
}

fn page_number(text: &str) -> Result<i64, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(1);
    }
    match text.parse::<i64>() {
        Ok(n) if (1..=MAX_PAGE).contains(&n) => Ok(n),
        _ => Err(format!("页码须为1至{MAX_PAGE}之间的整数。")),
    }
}

/// The filters read into a store query (scoped to `subtree`), or what is wrong.
async fn read_filter(
    state: &AppState,
    f: &AuditFilter,
    subtree: &[TreeRow],
) -> Result<AuditQuery, String> {
    let agencies: Vec<AgencyId> = match f.agency.trim() {
        "" => subtree.iter().map(|r| r.agency.id).collect(),
        code => match subtree
            .iter()
            .find(|r| r.agency.profile.code.as_str() == code)
        {
            Some(r) => vec![r.agency.id],
            None => {
                return Err(format!(
                    "机构“{code}”不在您可查看的范围内，请从列表中选择。"
                ));
            }
        },
    };
    let staff_id: Option<StaffId> = match f.staff.trim() {
        "" => None,
        name => {
            let username =
                Username::parse(name).map_err(|_| format!("工作人员用户名“{name}”格式不正确。"))?;
            let found = state
                .store
                .staff_by_username(&username)
                .await
                .map_err(|e| e.to_string())?;
            match found {
                Some(s) if agencies.contains(&s.agency_id) => Some(s.id),
                _ => return Err(format!("在所选机构中未找到用户名为“{name}”的工作人员。")),
            }
        }
    };
    let action = f.action.trim();
    if action.chars().count() > 64 || action.chars().any(char::is_control) {
        return Err("操作类型过长或含有控制字符，请从记录中复制，例如 case.reply_sent。".into());
    }
    let from = date(&f.from, "起始日期")?;
    let to = date(&f.to, "截止日期")?;
    if let (Some(a), Some(b)) = (from, to)
        && a > b
    {
        return Err("起始日期不能晚于截止日期。".into());
    }
    let page = page_number(&f.page)?;
    Ok(AuditQuery {
        agencies,
        action: (!action.is_empty()).then(|| action.to_string()),
        staff_id,
        from,
        to,
        offset: (page - 1) * PER_PAGE,
        limit: PER_PAGE.min(AUDIT_PAGE_MAX),
    })
}

fn query_string(f: &AuditFilter) -> String {
    let pairs = [
        ("agency", &f.agency),
        ("action", &f.action),
        ("staff", &f.staff),
        ("from", &f.from),
        ("to", &f.to),
    ];
    pairs
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", crate::report_view::percent_encode(v.trim())))
        .collect::<Vec<_>>()
        .join("&")
}

/// `GET /workbench/audit?agency=&action=&staff=&from=&to=&page=`
pub async fn trail(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Query(f): Query<AuditFilter>,
) -> AppResult<(axum::http::StatusCode, Html<String>)> {
    policy::may_here(&who.staff.roles, Permission::SeeSubtree)
        .map_err(|r| AppError::forbidden(r.0))?;
    let all = state.store.agencies().await?;
    let subtree = tree::rows(&all, Some(who.agency.id));
    let (rows, total, page, error) = match read_filter(&state, &f, &subtree).await {
        Ok(q) => {
            let found = state.store.audit_search(&q).await?;
            let rows = view_rows(&state, &all, found.entries).await?;
            (rows, found.total, q.offset / PER_PAGE + 1, None)
        }
        Err(message) => (Vec::new(), 0, 1, Some(message)),
    };
    let status = if error.is_some() {
        axum::http::StatusCode::BAD_REQUEST
    } else {
        axum::http::StatusCode::OK
    };
    let page_view = AuditTrailPage {
        chrome: Chrome::new(Some(&who), &csrf.0.0),
        agencies: subtree,
        filters: query_string(&f),
        agency: f.agency.trim().into(),
        action: f.action.trim().into(),
        staff: f.staff.trim().into(),
        from: f.from.trim().into(),
        to: f.to.trim().into(),
        rows,
        total,
        page,
        pages: ((total + PER_PAGE - 1) / PER_PAGE).max(1),
        error,
    };
    Ok((status, Html(page_view.render()?)))
}

async fn view_rows(
    state: &AppState,
    all: &[gongkai_store::Agency],
    entries: Vec<gongkai_store::AuditEntry>,
) -> AppResult<Vec<AuditRow>> {
    let mut names: HashMap<StaffId, String> = HashMap::new();
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let staff = match e.staff_id {
            None => "—".to_string(),
            Some(id) => match names.get(&id) {
                Some(n) => n.clone(),
                None => {
                    let n = match state.store.staff(id).await? {
                        Some(s) => format!("{}（{}）", s.display_name, s.username.as_str()),
                        None => format!("工作人员{id}"),
                    };
                    names.insert(id, n.clone());
                    n
                }
            },
        };
        let agency = e
            .agency_id
            .and_then(|id| all.iter().find(|a| a.id == id))
            .map_or_else(|| "—".to_string(), |a| a.profile.full_name.clone());
        out.push(AuditRow {
            at: beijing(e.at).format("%Y-%m-%d %H:%M:%S").to_string(),
            agency,
            staff,
            action: e.action,
            detail: e.detail,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_are_checked() {
        assert_eq!(page_number(""), Ok(1));
        assert_eq!(page_number("3"), Ok(3));
        for bad in ["0", "-1", "1001", "x", "1.5"] {
            assert_eq!(
                page_number(bad),
                Err("页码须为1至1000之间的整数。".to_string()),
                "{bad}"
            );
        }
    }

    #[test]
    fn dates_are_checked() {
        assert_eq!(date("", "起始日期"), Ok(None));
        assert_eq!(
            date("2025-03-01", "起始日期"),
            Ok(NaiveDate::from_ymd_opt(2025, 3, 1))
        );
        assert_eq!(
            date("2025/3/1", "起始日期"),
            Err("起始日期应为“年-月-日”格式的日期，例如 2025-03-01。".to_string())
        );
    }

    #[test]
    fn filters_are_kept_in_page_links() {
        let f = AuditFilter {
            action: "case.reply_sent".into(),
            staff: "li.si".into(),
            from: "2025-01-01".into(),
            agency: "甲 乙".into(),
            ..AuditFilter::default()
        };
        assert_eq!(
            query_string(&f),
            "agency=%E7%94%B2%20%E4%B9%99&action=case.reply_sent&staff=li.si&from=2025-01-01"
        );
    }
}
