//! The figures of one agency the checks read, each from its read model.

use chrono::{Datelike, Months, NaiveDate};
use gongkai_domain::catalogue::standard::{CatalogueRow, ColumnRef};
use gongkai_domain::health::{
    AgencyFigures, ColumnFigures, ColumnKind, PolicyFigures, default_kind, row_kind,
};
use gongkai_domain::vocabulary::Article20Item;
use gongkai_store::{Agency, DeadlineCounts, StandardCatalogue};

use crate::{App, Error};

/// The code of the 制度 column (its 无信息说明 is kept under it).
pub const RULES_COLUMN: &str = "rules";

/// Most policies of the last year read for their interpretations.
const POLICIES_MAX: u32 = 500;

/// The Article 20 items the agency's column has: those its 标准目录 names,
/// or all fifteen without one.
fn items_of(catalogue: Option<&StandardCatalogue>) -> Vec<Article20Item> {
    let Some(c) = catalogue else {
        return Article20Item::ALL.to_vec();
    };
    let mut items: Vec<Article20Item> = c
        .in_force()
        .filter_map(|r| match &r.column {
            ColumnRef::Item { item, .. } => Some(*item),
            _ => None,
        })
        .collect();
    items.sort();
    items.dedup();
    items
}

/// The sub-columns of the catalogue's rows in force whose 公开时限 is a
/// periodic rule (`health::row_kind`), each its own column judged by its
/// row's rule on the items filed under it; fixed by publishing an item
/// under the row (the new item form with the row chosen). A 无信息说明 of
/// its Article 20 item explains it too.
async fn row_columns(
    app: &App,
    catalogue: Option<&StandardCatalogue>,
    agency: &Agency,
    explained: impl Fn(&str) -> bool,
) -> Result<Vec<ColumnFigures>, Error> {
    let periodic: Vec<(&CatalogueRow, Article20Item, ColumnKind)> = catalogue
        .iter()
        .flat_map(|c| c.in_force())
        .filter_map(|r| match (&r.column, row_kind(&r.limit)) {
            (ColumnRef::Item { item, .. }, Some(kind)) => Some((r, *item, kind)),
            _ => None,
        })
        .collect();
    if periodic.is_empty() {
        return Ok(Vec::new());
    }
    let stats = app.store.row_stats(agency.id).await?;
    Ok(periodic
        .into_iter()
        .map(|(row, item, kind)| {
            let stat = stats.iter().find(|s| s.row_key == row.key);
            ColumnFigures {
                name: format!("{}·{}", row.column.label(), row.level2),
                kind,
                published: stat.map_or(0, |s| u32::try_from(s.published).unwrap_or(0)),
                last_published: stat.and_then(|s| s.last_published),
                undated: stat.map_or(0, |s| u32::try_from(s.undated).unwrap_or(0)),
                explained: explained(item.code()),
                fix_at: Some(format!("/items/new?row={}", row.key)),
            }
        })
        .collect())
}

/// The columns: the Article 20 items of the agency's catalogue, the
/// sub-columns of its rows with a periodic 公开时限, and its 制度.
pub async fn columns(app: &App, agency: &Agency) -> Result<Vec<ColumnFigures>, Error> {
    let catalogue = app.store.standard_catalogue(agency.id).await?;
    let stats = app.store.column_stats(agency.id).await?;
    let notes = app.store.column_notes(agency.id).await?;
    let explained = |code: &str| notes.iter().any(|n| n.column_code == code);
    let fix_at = Some(format!(
        "/admin/agencies/{}/standard-catalogue#column-notes",
        agency.profile.code
    ));
    let mut out = Vec::new();
    for item in items_of(catalogue.as_ref()) {
        let stat = stats
            .iter()
            .find(|s| s.article20.as_deref() == Some(item.code()));
        out.push(ColumnFigures {
            name: format!("法定主动公开内容{}{}", item.ordinal_label(), item.label()),
            kind: default_kind(item),
            published: stat.map_or(0, |s| u32::try_from(s.published).unwrap_or(0)),
            last_published: stat.and_then(|s| s.last_published),
            undated: stat.map_or(0, |s| u32::try_from(s.undated).unwrap_or(0)),
            explained: explained(item.code()),
            fix_at: fix_at.clone(),
        });
    }
    out.extend(row_columns(app, catalogue.as_ref(), agency, explained).await?);
    let has_rules = agency
        .rules_text
        .as_deref()
        .is_some_and(|t| !t.trim().is_empty());
    out.push(ColumnFigures {
        name: "政府信息公开制度".into(),
        kind: ColumnKind::Static,
        published: u32::from(has_rules),
        last_published: None,
        undated: 0,
        explained: explained(RULES_COLUMN),
        fix_at: Some(format!("/admin/agencies/{}/texts", agency.profile.code)),
    });
    Ok(out)
}

/// What a run reads once for its whole subtree: the deadline counts today
/// and last year's late replies.
pub struct SubtreeCounts {
    pub deadlines: Vec<DeadlineCounts>,
    pub late_replies: Vec<(gongkai_store::AgencyId, u64)>,
}

impl SubtreeCounts {
    pub async fn read(
        app: &App,
        root: gongkai_store::AgencyId,
        today: NaiveDate,
    ) -> Result<Self, Error> {
        Ok(SubtreeCounts {
            deadlines: app.store.deadline_counts(root, today).await?,
            late_replies: app.store.late_replies(root, today.year() - 1).await?,
        })
    }
}

/// The agency-wide figures (links are added by the caller); `subtree` is
/// read once for the run's whole subtree.
pub async fn agency(
    app: &App,
    agency: &Agency,
    today: NaiveDate,
    subtree: &SubtreeCounts,
) -> Result<AgencyFigures, Error> {
    let counts = subtree.deadlines.iter().find(|c| c.agency_id == agency.id);
    let late_replies = subtree
        .late_replies
        .iter()
        .find(|(id, _)| *id == agency.id)
        .map_or(0, |(_, n)| u32::try_from(*n).unwrap_or(u32::MAX));
    let last_year = app
        .store
        .report_versions(agency.id, today.year() - 1)
        .await?;
    Ok(AgencyFigures {
        code: agency.profile.code.to_string(),
        kind: agency.profile.kind,
        office: agency.profile.office.clone(),
        last_report_published: last_year.iter().map(|v| v.published_on).min(),
        late_items: counts.map_or(0, |c| u32::try_from(c.late_items).unwrap_or(0)),
        policies: policies(app, agency, today).await?,
        links: Vec::new(),
        overdue_requests: counts.map_or(0, |c| u32::try_from(c.overdue).unwrap_or(0)),
        late_replies_last_year: late_replies,
    })
}

/// The policies of the last 12 months with how many working days after
/// each its first published interpretation came out.
async fn policies(
    app: &App,
    agency: &Agency,
    today: NaiveDate,
) -> Result<Vec<PolicyFigures>, Error> {
    let since = today.checked_sub_months(Months::new(12)).unwrap_or(today);
    let rows = app
        .store
        .published_policies(agency.id, since, POLICIES_MAX)
        .await?;
    let ids: Vec<i64> = rows
        .iter()
        .flat_map(|r| r.interpretations.iter().copied())
        .collect();
    let linked = if ids.is_empty() {
        Vec::new()
    } else {
        app.store.items_by_ids(&ids).await?
    };
    let calendar = app.calendar_in_force().await?;
    Ok(rows
        .into_iter()
        .map(|p| {
            let first = linked
                .iter()
                .filter(|i| p.interpretations.contains(&i.id))
                .filter_map(|i| i.snapshot.published_on)
                .min();
            PolicyFigures {
                title: p.title,
                fix_at: format!("/items/{}/manage", p.item_id),
                interpretation_after: first.map(|on| {
                    calendar.working_days_between(p.published_on, on.max(p.published_on))
                }),
            }
        })
        .collect())
}
