//! 归入标准目录: catalogue items filed under the rows of their agency's
//! 标准目录, and the sub-columns (子栏目) those rows make of the public
//! column. The editor chooses a row on the item form (`choices`; `file`
//! refuses a key that is not a row in force of the agency under the item's
//! Article 20 item); the public catalogue lists a sub-column
//! (`for_list`: its names as the navigation of an item, the keys of the
//! one asked for as the list's filter, done in SQL). What a deleted row
//! does to its items: `gongkai_domain::catalogue::standard::filing`.

use gongkai_domain::catalogue::ItemMetadata;
use gongkai_domain::catalogue::standard::CatalogueRow;
use gongkai_domain::catalogue::standard::filing::{self, sub_column, sub_columns, sub_columns_of};
use gongkai_domain::vocabulary::Article20Item;
use gongkai_store::AgencyId;

use crate::{App, Error};

/// The rows in force of the agency's 标准目录 (none without one).
pub async fn rows_in_force(app: &App, agency: AgencyId) -> Result<Vec<CatalogueRow>, Error> {
    Ok(app
        .store
        .standard_catalogue(agency)
        .await?
        .map(|c| c.in_force().cloned().collect())
        .unwrap_or_default())
}

/// Files `metadata` under the row it names, if any, among the agency's
/// rows in force: the Article 20 item filled in from the row when left
/// empty. A row that is not the agency's, not in force or under another
/// item is [`Error::Invalid`] with what to do (the form's `standard_row`).
pub async fn file(app: &App, agency: AgencyId, metadata: &mut ItemMetadata) -> Result<(), Error> {
    if metadata.standard_row.is_none() {
        return Ok(());
    }
    let rows = rows_in_force(app, agency).await?;
    filing::file(metadata, &rows).map_err(Error::invalid)
}

/// One row the editor may choose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowChoice {
    pub key: String,
    /// 二级事项.
    pub label: String,
}

/// The rows of one sub-column, under its Article 20 item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowGroup {
    /// `第二十条（十）/农村公路建设`.
    pub label: String,
    pub item: Article20Item,
    pub rows: Vec<RowChoice>,
}

/// What the item form offers: the agency's rows in force under Article 20
/// items, by sub-column, items in the Regulation's order.
pub async fn choices(app: &App, agency: AgencyId) -> Result<Vec<RowGroup>, Error> {
    let rows = rows_in_force(app, agency).await?;
    Ok(sub_columns(&rows)
        .into_iter()
        .map(|s| RowGroup {
            label: format!("第二十条{}/{}", s.item.ordinal_label(), s.name),
            item: s.item,
            rows: s
                .rows
                .iter()
                .map(|r| RowChoice {
                    key: r.key.clone(),
                    label: r.level2.clone(),
                })
                .collect(),
        })
        .collect())
}

/// The public catalogue's sub-columns: those of the item listed, and the
/// one asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListColumns {
    /// The sub-columns of the Article 20 item listed (its navigation).
    pub names: Vec<String>,
    /// The sub-column asked for: its name and its rows' keys (the filter).
    pub selected: Option<(String, Vec<String>)>,
}

/// The sub-columns of `item` in the agency's catalogue, and `sub` (as
/// typed; blank for none) checked to be one of them: a sub-column not in
/// the catalogue, or one without its item, is [`Error::Invalid`] saying
/// what to do.
pub async fn for_list(
    app: &App,
    agency: AgencyId,
    item: Option<Article20Item>,
    sub: &str,
) -> Result<ListColumns, Error> {
    if item.is_none() && sub.trim().is_empty() {
        return Ok(ListColumns::default());
    }
    let rows = rows_in_force(app, agency).await?;
    let names = item
        .map(|i| {
            sub_columns_of(&rows, i)
                .iter()
                .map(|s| s.name.to_string())
                .collect()
        })
        .unwrap_or_default();
    let selected = match sub.trim() {
        "" => None,
        name => {
            let s = sub_column(&rows, item, name).map_err(Error::invalid)?;
            Some((s.name.to_string(), s.keys()))
        }
    };
    Ok(ListColumns { names, selected })
}
