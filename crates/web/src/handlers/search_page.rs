//! `GET /search`: the public search page (政府信息检索) with facets by agency
//! (down the tree), Article 20 item, topic, year and validity, and paging
//! through every result.

use crate::params::Query;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use gongkai_domain::catalogue::{TopTopic, Validity};
use gongkai_domain::vocabulary::Article20Item;
use gongkai_search::Sort;

use super::Csrf;
use crate::auth::MaybeStaff;
use crate::error::{AppError, AppResult};
use crate::search::{self, PAGE_SIZE, SearchParams};
use crate::state::AppState;
use crate::views::{Chrome, FacetLink, SearchHitRow, SearchPage};
use gongkai_app::search::AgencyPaths;

/// The page's URL with some parameters changed (and the page reset unless
/// it is the one changed).
fn url_with(params: &SearchParams, changes: &[(&str, &str)]) -> String {
    let mut p = params.clone();
    p.offset.clear();
    p.limit.clear();
    if !changes.iter().any(|(k, _)| *k == "page") {
        p.page.clear();
    }
    if !changes.iter().any(|(k, _)| *k == "cursor") {
        p.cursor.clear();
    }
    for (key, value) in changes {
        let v = value.to_string();
        match *key {
            "q" => p.q = v,
            "agency" => p.agency = v,
            "item" => p.item = v,
            "topic" => p.topic = v,
            "year" => p.year = v,
            "validity" => p.validity = v,
            "sort" => p.sort = v,
            "page" => p.page = v,
            "cursor" => p.cursor = v,
            _ => {}
        }
    }
    let pairs: Vec<(&str, &str)> = [
        ("q", p.q.as_str()),
        ("agency", &p.agency),
        ("item", &p.item),
        ("topic", &p.topic),
        ("year", &p.year),
        ("validity", &p.validity),
        ("sort", &p.sort),
        ("page", &p.page),
        ("cursor", &p.cursor),
    ]
    .into_iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .collect();
    match serde_urlencoded::to_string(pairs) {
        Ok(q) if !q.is_empty() => format!("/search?{q}"),
        _ => "/search".to_string(),
    }
}

pub async fn search_page(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Query(params): Query<SearchParams>,
) -> AppResult<Response> {
    let chrome = Chrome::new(who.as_ref(), &csrf.0.0);
    let all = state.store.agencies().await?;
    let paths = AgencyPaths::new(all.clone());
    let mut page = SearchPage {
        chrome,
        params: params.clone(),
        error: None,
        searched: false,
        total: 0,
        total_exact: true,
        hits: Vec::new(),
        expanded: String::new(),
        agency_own: 0,
        agency: None,
        agency_up: None,
        facet_agencies: Vec::new(),
        facet_items: Vec::new(),
        facet_topics: Vec::new(),
        facet_years: Vec::new(),
        facet_validity: Vec::new(),
        by_date: false,
        relevance_url: url_with(&params, &[("sort", "")]),
        date_url: url_with(&params, &[("sort", "date")]),
        page: 1,
        pages: 0,
        first_rank: 1,
        prev_url: None,
        first_url: url_with(&params, &[]),
        next_url: None,
        clear_url: url_with(
            &SearchParams {
                q: params.q.clone(),
                ..SearchParams::default()
            },
            &[],
        ),
    };
    let mut parsed = match search::parse_params(&params, &paths, &all, PAGE_SIZE) {
        Ok(p) => p,
        Err(message) => {
            page.error = Some(message);
            return Ok((StatusCode::BAD_REQUEST, Html(page.render()?)).into_response());
        }
    };
    page.searched = !parsed.request.text.is_empty()
        || parsed.agency.is_some()
        || parsed.request.article20.is_some()
        || parsed.request.topic.is_some()
        || parsed.request.year.is_some()
        || parsed.request.validity.is_some();
    if !page.searched {
        return Ok(Html(page.render()?).into_response());
    }
    parsed.request.facets = true;
    page.by_date = parsed.request.sort == Sort::Newest;
    let number = parsed.page;
    let results = search::run_public(&state, parsed.request.clone())
        .await
        .map_err(AppError::internal)?;
    page.total = results.total;
    page.expanded = results.expanded.join("、");
    page.total_exact = results.total_exact;
    page.page = number;
    page.first_rank = (number - 1) * PAGE_SIZE + 1;
    page.pages = results.total.div_ceil(PAGE_SIZE).max(number);
    // Pages up to LAST_NUMBERED_PAGE go by number (and back); past it
    // "下一页" follows the cursor after this page's last result, so every
    // result stays reachable.
    // A cursor only goes forward: a cursor page has no "上一页" link (the
    // browser's back button returns).
    let prev = number - 1;
    if (1..=search::LAST_NUMBERED_PAGE).contains(&prev) {
        page.prev_url = Some(url_with(&params, &[("page", &prev.to_string())]));
    }
    if let Some(cursor) = &results.next_cursor {
        let next = number + 1;
        page.next_url = Some(
            if next <= search::LAST_NUMBERED_PAGE && parsed.request.after.is_none() {
                url_with(&params, &[("page", &next.to_string())])
            } else {
                url_with(&params, &[("page", &next.to_string()), ("cursor", cursor)])
            },
        );
    }
    page.hits = results
        .hits
        .into_iter()
        .map(|h| SearchHitRow {
            url: h.url,
            title_html: h.title_html,
            snippet_html: h.snippet_html,
            agency_name: h.agency_name,
            index_number: h.index_number.unwrap_or_default(),
            document_number: h.document_number.unwrap_or_default(),
            published_on: h.published_on.to_string(),
            validity: Validity::from_code(&h.validity)
                .map(|v| v.label().to_string())
                .unwrap_or_default(),
        })
        .collect();
    if let Some(agency) = &parsed.agency {
        let parent_code = agency
            .parent_id
            .and_then(|p| paths.get(p))
            .map(|p| p.profile.code.as_str().to_string())
            .unwrap_or_default();
        page.agency_up = Some(url_with(&params, &[("agency", &parent_code)]));
    }
    page.agency = parsed.agency;
    if let Some(f) = results.facets {
        page.agency_own = f.agency_own;
        page.facet_agencies = f
            .agencies
            .iter()
            .filter_map(|(id, n)| {
                let a = paths.get(*id)?;
                Some(FacetLink {
                    label: a.profile.full_name.clone(),
                    count: *n,
                    url: url_with(&params, &[("agency", a.profile.code.as_str())]),
                    active: false,
                })
            })
            .collect();
        let link = |key: &str, value: &str, label: String, n: u64, current: &str| FacetLink {
            label,
            count: n,
            active: value == current,
            url: url_with(&params, &[(key, if value == current { "" } else { value })]),
        };
        page.facet_items = f
            .article20
            .iter()
            .filter_map(|(code, n)| {
                let a = Article20Item::from_code(code)?;
                Some(link(
                    "item",
                    code,
                    format!("{}{}", a.ordinal_label(), a.label()),
                    *n,
                    &params.item,
                ))
            })
            .collect();
        page.facet_topics = f
            .topics
            .iter()
            .filter_map(|(code, n)| {
                let t = TopTopic::from_code(code)?;
                Some(link(
                    "topic",
                    code,
                    t.label().to_string(),
                    *n,
                    &params.topic,
                ))
            })
            .collect();
        page.facet_years = f
            .years
            .iter()
            .map(|(y, n)| {
                link(
                    "year",
                    &y.to_string(),
                    format!("{y}年"),
                    *n,
                    params.year.trim(),
                )
            })
            .collect();
        page.facet_validity = f
            .validity
            .iter()
            .filter_map(|(code, n)| {
                let v = Validity::from_code(code)?;
                Some(link(
                    "validity",
                    code,
                    v.label().to_string(),
                    *n,
                    &params.validity,
                ))
            })
            .collect();
    }
    Ok(Html(page.render()?).into_response())
}
