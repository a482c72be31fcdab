//! The public side of the catalogue: each agency's 法定主动公开内容 (browsable by
//! Article 20 item, topic, year and validity, a page at a time), the item
//! page with the portal-style metadata block, an Atom feed per agency (on
//! the one writer in [`crate::atom`]), and the attachments of public
//! items (`/files/…`).

use crate::params::Id;
use crate::params::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use gongkai_app::catalogue_list;
use gongkai_domain::catalogue::{ItemState, TopTopic, Validity, ValidityState};
use gongkai_domain::vocabulary::Article20Item;
use gongkai_store::{Agency, CatalogueFilter, ItemRecord};

use super::Csrf;
pub(super) use crate::atom::escape as xml_escape;
use crate::atom::{Entry, Feed, Stamp};
use crate::auth::MaybeStaff;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views::*;

async fn agency(state: &AppState, code: &str) -> AppResult<Agency> {
    crate::tree::public_agency(state, code).await
}

fn is_public(r: &ItemRecord) -> bool {
    r.snapshot.state.is_public() && r.snapshot.index_number.is_some()
}

/// The catalogue's link with `params`' filters (and cursor, if any): the
/// given codes, checked before any link is made of them.
fn catalogue_href(code: &str, params: &CatalogueParams, after: Option<String>) -> String {
    let mut pairs: Vec<(&str, String)> = [
        ("item", &params.item),
        ("topic", &params.topic),
        ("year", &params.year),
        ("validity", &params.validity),
        ("sub", &params.sub),
    ]
    .into_iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .map(|(k, v)| (k, v.trim().to_string()))
    .collect();
    pairs.extend(after.map(|a| ("after", a)));
    let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    let path = format!(
        "/agencies/{}/catalogue",
        crate::downloads::path_segment(code)
    );
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

/// `GET /agencies/{code}/catalogue`: the agency's 法定主动公开内容, by
/// Article 20 item, topic, year and validity, a page at a time (`?after=`,
/// the "下一页" link, which keeps the filters); filtered and paged in the
/// database (`gongkai_app::catalogue_list`).
pub async fn catalogue(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Path(code): Path<String>,
    Query(params): Query<CatalogueParams>,
) -> AppResult<Html<String>> {
    use crate::params;
    let year = match params.year.trim() {
        "" => None,
        y => Some(params::Year::parse(y).map_err(AppError::bad_request)?.0),
    };
    let mut filter = CatalogueFilter {
        article20: params::article20(&params.item).map_err(AppError::bad_request)?,
        topic: params::top_topic(&params.topic).map_err(AppError::bad_request)?,
        year,
        validity: params::validity(&params.validity).map_err(AppError::bad_request)?,
        rows: None,
    };
    let after = match params.after.trim() {
        "" => None,
        a => Some(catalogue_list::parse_catalogue_cursor(a)?),
    };
    let agency = crate::tree::column_agency(&state, who.as_ref(), &code).await?;
    let subs = super::catalogue_subs::narrow(&state, &agency, &mut filter, &params.sub).await?;
    let column_note = match filter.article20 {
        Some(item) => super::agency_column::note_of(&state, agency.id, item.code()).await?,
        // The whole column unfiltered: its 无信息说明, shown if it is empty.
        None if filter == CatalogueFilter::default() && after.is_none() => {
            let code = gongkai_app::health::notes::CATALOGUE_COLUMN;
            super::agency_column::note_of(&state, agency.id, code).await?
        }
        None => None,
    };
    let page = catalogue_list::catalogue_page(&state, agency.id, &filter, after.as_ref()).await?;
    let years = state.store.catalogue_years(agency.id).await?;
    let code = agency.profile.code.as_str();
    let next = page
        .next
        .map(|k| catalogue_href(code, &params, Some(catalogue_list::catalogue_cursor(&k))));
    let first = after.map(|_| catalogue_href(code, &params, None));
    let rows = page
        .rows
        .into_iter()
        .map(|r| CatalogueRow {
            id: r.id,
            index_number: r.index_number.unwrap_or_default(),
            title: r.title,
            document_number: r.document_number.unwrap_or_default(),
            published_on: r.published_on.map(|d| d.to_string()).unwrap_or_default(),
            validity: r.validity.label_zh(),
        })
        .collect();
    let o = |v: &str, l: String| Opt {
        value: v.into(),
        label: l,
    };
    let head = crate::portal::column_head(&state, &agency, Some(ColumnPart::Catalogue), Vec::new())
        .await?;
    Ok(Html(
        CataloguePublicPage {
            head,
            chrome: Chrome::new(who.as_ref(), &csrf.0.0).previewing(&agency),
            agency,
            filter: params,
            article20: Article20Item::ALL
                .iter()
                .map(|a| o(a.code(), format!("{}{}", a.ordinal_label(), a.label())))
                .collect(),
            topics: TopTopic::ALL
                .iter()
                .map(|t| o(t.code(), t.label().into()))
                .collect(),
            validities: Validity::ALL
                .iter()
                .map(|v| o(v.code(), v.label().into()))
                .collect(),
            years,
            subs,
            rows,
            next,
            first,
            column_note,
        }
        .render()?,
    ))
}

pub async fn item(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
) -> AppResult<Html<String>> {
    // A draft agency's item: 404, but for those who may preview its column.
    let staff = who.as_ref().map(|w| &w.staff);
    let gongkai_app::preview::ShownItem { record, agency } =
        gongkai_app::preview::item(&state, id, staff).await?;
    let attachments = state.store.item_attachments(id).await?;
    let events = state.store.item_events(id).await?;
    let view = gongkai_domain::catalogue::item_view(&events).ok();
    let links = interpretation_links(&state, &agency, view.as_ref()).await?;
    let shown = super::items_content::Shown::of(&record.snapshot);
    let mut it = super::items_content::public_item(shown, attachments, links);
    // A revision names the version it revises, if that one is public.
    if let Some(old) = record
        .snapshot
        .metadata
        .revision_of
        .as_deref()
        .and_then(|k| k.parse().ok())
        && let Some(r) = state.store.item(old).await?.filter(is_public)
        && r.agency_id == record.agency_id
    {
        it.revises = Some((r.id, r.snapshot.metadata.title.clone()));
    }
    // The policy an interpretation interprets, the replacing document.
    if let Some(v) = &view {
        (it.interprets, it.replaced_by) =
            super::items_interpretation::public_relations(&state, &agency, id, v).await?;
    }
    let trail = vec![crate::portal::Crumb::here(it.title.clone())];
    let head =
        crate::portal::column_head(&state, &agency, Some(ColumnPart::Catalogue), trail).await?;
    Ok(Html(
        ItemPublicPage {
            head,
            chrome: Chrome::new(who.as_ref(), &csrf.0.0).previewing(&agency),
            agency,
            it,
        }
        .render()?,
    ))
}

/// The base of absolute links, escaped for XML: from the settings only
/// (see [`gongkai_app::config::Settings::base_url`]).
pub(super) fn base_url(state: &AppState) -> String {
    xml_escape(&state.settings.base_url())
}

/// An entry's `<published>` (the item's publication date) and `<updated>`
/// (its last public change: 废止, 失效 or 撤回, else the publication);
/// `None` for an item without a publication date.
fn entry_dates(s: &gongkai_store::ItemSnapshot) -> Option<(Stamp, Stamp)> {
    let published = s.published_on?;
    let changed = s.changed_on.unwrap_or(published).max(published);
    Some((Stamp::day(published), Stamp::day(changed)))
}

/// `GET /agencies/{code}/feed.atom`: the agency's newest published items.
pub async fn feed(State(state): State<AppState>, Path(code): Path<String>) -> AppResult<Response> {
    let agency = agency(&state, &code).await?;
    // The feed writer escapes every value, the base URL and code included.
    let base = state.settings.base_url();
    let code = agency.profile.code.as_str();
    let items: Vec<ItemRecord> = state
        .store
        .published_items(Some(agency.id), 50)
        .await?
        .into_iter()
        .filter(is_public)
        .collect();
    // The feed's <updated> is the items' own newest date (the writer takes
    // it from the entries), not when their rows were written (an imported
    // or seeded history is stored long after it happened).
    let entries = items
        .iter()
        .filter_map(|r| {
            let s = &r.snapshot;
            let (published, changed) = entry_dates(s)?;
            let status = match (&s.validity, s.state) {
                (_, ItemState::Withdrawn) => "（已撤回）".to_string(),
                (ValidityState::InForce, _) => String::new(),
                (v, _) => format!("（{}）", v.label_zh()),
            };
            let href = format!("{base}/items/{}", r.id);
            Some(Entry {
                title: format!("{}{status}", s.metadata.title),
                id: href.clone(),
                href,
                published: Some(published),
                updated: changed,
                summary: format!(
                    "索引号：{}。{}",
                    s.index_number.clone().unwrap_or_default(),
                    s.metadata.summary
                ),
                content: None,
                categories: vec![s.metadata.topic.to_string()],
            })
        })
        .collect();
    Ok(Feed {
        title: format!("{} · 政府信息公开", agency.profile.full_name),
        id: format!("{base}/agencies/{code}"),
        self_href: format!("{base}/agencies/{code}/feed.atom"),
        page_href: format!("{base}/agencies/{code}/catalogue"),
        author: agency.profile.full_name.clone(),
        updated_when_empty: Stamp::day(state.clock.today()),
        entries,
    }
    .into_response())
}

/// `GET /files/{sha256}/{filename}`: an attachment of a public item; for
/// the agency's own staff, of any of its items (a draft's pictures and
/// files, which the editor and the reviewer see before publication).
pub async fn file(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    Path((sha, name)): Path<(String, String)>,
) -> AppResult<Response> {
    if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::not_found("该文件"));
    }
    // Only files attached to a public item of an online agency are served:
    // one indexed lookup of the attachment with its item and agency.
    let mut private = false;
    let mut found = state.store.online_attachment(&sha, &name).await?;
    if found.is_none()
        && let Some(w) = &who
    {
        found = state
            .store
            .agency_attachment(&sha, &name, w.agency.id)
            .await?;
        private = true;
    }
    let a = found.ok_or_else(|| AppError::not_found("该文件"))?;
    let bytes = tokio::fs::read(gongkai_app::uploads::path_for(
        &state.settings.data_dir,
        &a.sha256,
    ))
    .await
    .map_err(AppError::internal)?;
    let disposition =
        crate::downloads::content_disposition(crate::downloads::Disposition::Inline, &a.filename);
    let mut r = (
        [
            (header::CONTENT_TYPE, a.content_type),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response();
    // A PDF body is embedded in the item's own page.
    super::items_review::framed_by_self(&mut r);
    if private {
        r.headers_mut().insert(
            header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("private, no-store"),
        );
    }
    Ok(r)
}

/// (id, title) of the public interpretations linked to an item of
/// `agency` (another agency's only while it is online).
async fn interpretation_links(
    state: &AppState,
    agency: &Agency,
    view: Option<&gongkai_domain::catalogue::ItemView>,
) -> AppResult<Vec<(i64, String)>> {
    let Some(view) = view else {
        return Ok(Vec::new());
    };
    let mut links = Vec::new();
    for key in &view.interpretations {
        if let Ok(other) = key.parse::<i64>()
            && let Some(r) = state.store.item(other).await?.filter(is_public)
            && (r.agency_id == agency.id || online(state, r.agency_id).await?)
        {
            links.push((r.id, r.snapshot.metadata.title.clone()));
        }
    }
    Ok(links)
}

/// The agency `id` is online.
async fn online(state: &AppState, id: gongkai_store::AgencyId) -> AppResult<bool> {
    Ok(state.store.agency(id).await?.is_some_and(|a| a.is_online()))
}
