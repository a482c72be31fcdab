//! 标准目录: an agency's standard catalogue — derived from a template that
//! ships with the platform, rows deleted with a reason, changed or added —
//! and what the public and the supervising office read of it. Who may:
//! `Permission::EditStandardCatalogue` to change it; the agency's staff
//! and those above it to read the deletions and changes; everyone the rows
//! in force. The store audits every change.

use gongkai_domain::catalogue::standard::{
    CATALOGUE_HEADER, CatalogueRow, Deletion, Difference, TemplateKind, deletion_reason,
    differences,
};
use gongkai_domain::policy::{Permission, may_in};
use gongkai_store::{
    Agency, CATALOGUE_ROWS_MAX, Conflict, Staff, StandardCatalogue, Store, StoreError,
};

use crate::plans::access::relation;
use crate::{App, Error};

/// The agency's catalogue as its staff and the supervising office read it.
pub struct CatalogueView {
    pub catalogue: Option<StandardCatalogue>,
    /// How the rows differ from the template (empty without a catalogue).
    pub differences: Vec<Difference>,
    /// `who` may change it.
    pub editable: bool,
}

/// `who` may change the agency's catalogue (403 with the reason otherwise).
pub async fn may_edit(store: &dyn Store, who: &Staff, agency: &Agency) -> Result<(), Error> {
    let r = relation(store, who, agency.id).await?;
    may_in(&who.roles, Permission::EditStandardCatalogue, r).map_err(|r| Error::forbidden(r.0))
}

/// The catalogue with its differences, for the agency's staff and those above.
pub async fn view(store: &dyn Store, who: &Staff, agency: &Agency) -> Result<CatalogueView, Error> {
    let r = relation(store, who, agency.id).await?;
    may_in(&who.roles, Permission::ReadStatistics, r).map_err(|r| Error::forbidden(r.0))?;
    let catalogue = store.standard_catalogue(agency.id).await?;
    let differences = catalogue.as_ref().map(diff).unwrap_or_default();
    Ok(CatalogueView {
        catalogue,
        differences,
        editable: may_edit(store, who, agency).await.is_ok(),
    })
}

/// The catalogue's differences from its template.
pub fn diff(c: &StandardCatalogue) -> Vec<Difference> {
    let Some(kind) = TemplateKind::from_code(&c.template) else {
        return Vec::new();
    };
    let kept: Vec<CatalogueRow> = c.in_force().cloned().collect();
    let deleted: Vec<Deletion> = c
        .rows
        .iter()
        .filter_map(|r| {
            r.deleted_reason.as_ref().map(|reason| Deletion {
                key: r.row.key.clone(),
                reason: reason.clone(),
            })
        })
        .collect();
    differences(&kind.template().rows, &kept, &deleted)
}

/// The rows in force of the agency's catalogue, for the public (none
/// until one is derived).
pub async fn public_rows(store: &dyn Store, agency: &Agency) -> Result<Vec<CatalogueRow>, Error> {
    Ok(store
        .standard_catalogue(agency.id)
        .await?
        .map(|c| c.in_force().cloned().collect())
        .unwrap_or_default())
}

/// Derive the agency's catalogue from the template `code`: how many rows.
pub async fn derive(app: &App, who: &Staff, agency: &Agency, code: &str) -> Result<usize, Error> {
    may_edit(app.store.as_ref(), who, agency).await?;
    let kind = TemplateKind::from_code(code)
        .ok_or_else(|| Error::invalid("请选择标准目录模板：交通运输领域或通用目录。"))?;
    let rows = &kind.template().rows;
    if rows.is_empty() {
        return Err(Error::internal(format!("模板“{}”无法读取", kind.label())));
    }
    let at = app.clock.now();
    match app
        .store
        .derive_standard_catalogue(agency.id, kind.code(), rows, who.id, at)
        .await
    {
        Ok(()) => Ok(rows.len()),
        Err(StoreError::Conflict(Conflict::StandardCatalogue)) => Err(Error::conflict(
            "已有标准目录",
            "本机关已经生成了标准目录：请在现有目录上删除、修改或新增事项。",
        )),
        Err(e) => Err(e.into()),
    }
}

/// Delete the row `key` with `reason` (shown to the supervising office):
/// how many items are filed under it.
///
/// Deleting is not refused while items are filed under the row: a
/// published item's metadata changes only through review, so a refusal
/// could never be lifted for a row with published items. Nothing is
/// orphaned silently either: the items keep the row's key and stay public
/// under their Article 20 item (only its sub-column no longer lists them;
/// restoring the row lists them there again), and the count returned is
/// said to whoever deletes it.
pub async fn delete(
    app: &App,
    who: &Staff,
    agency: &Agency,
    key: &str,
    reason: &str,
) -> Result<u64, Error> {
    may_edit(app.store.as_ref(), who, agency).await?;
    let reason = deletion_reason(reason).map_err(Error::invalid)?;
    app.store
        .mark_standard_catalogue_row(agency.id, key, Some(&reason), who.id, app.clock.now())
        .await
        .map_err(not_found(key))?;
    Ok(app.store.items_filed_under(agency.id, key).await?)
}

/// Put a deleted row back in force.
pub async fn restore(app: &App, who: &Staff, agency: &Agency, key: &str) -> Result<(), Error> {
    may_edit(app.store.as_ref(), who, agency).await?;
    app.store
        .mark_standard_catalogue_row(agency.id, key, None, who.id, app.clock.now())
        .await
        .map_err(not_found(key))
}

fn not_found(key: &str) -> impl Fn(StoreError) -> Error + '_ {
    move |e| match e {
        StoreError::NotFound(_) => Error::not_found(format!(
            "标准目录事项“{}”",
            key.chars().take(40).collect::<String>()
        )),
        e => e.into(),
    }
}

/// Save a row from its cells (the eleven after the key; `key` empty for a
/// new row of the agency's own): the key it is saved under.
pub async fn save(
    app: &App,
    who: &Staff,
    agency: &Agency,
    key: &str,
    cells: &[String],
) -> Result<String, Error> {
    may_edit(app.store.as_ref(), who, agency).await?;
    let catalogue = app
        .store
        .standard_catalogue(agency.id)
        .await?
        .ok_or_else(|| Error::invalid("请先由模板生成本机关的标准目录。"))?;
    let key = match key.trim() {
        "" => next_own_key(&catalogue)?,
        k if catalogue.rows.iter().any(|r| r.row.key == k) => k.to_string(),
        k => return Err(not_found(k)(StoreError::NotFound(String::new()))),
    };
    let mut all = vec![key.clone()];
    all.extend(cells.iter().cloned());
    let row = CatalogueRow::from_cells(&all, 0)
        .map_err(|e| Error::invalid(format!("“{}”：{}。请修改后重新保存。", e.column, e.reason)))?;
    app.store
        .save_standard_catalogue_row(agency.id, &row, who.id, app.clock.now())
        .await?;
    Ok(key)
}

/// `own.N`: the agency's own rows after the ones it has.
fn next_own_key(c: &StandardCatalogue) -> Result<String, Error> {
    if c.rows.len() >= CATALOGUE_ROWS_MAX {
        return Err(Error::invalid(format!(
            "标准目录最多{CATALOGUE_ROWS_MAX}项：请合并相近的事项。"
        )));
    }
    let n = c
        .rows
        .iter()
        .filter_map(|r| r.row.key.strip_prefix("own.")?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    Ok(format!("own.{}", n + 1))
}

/// The columns a row's form asks for, after the key.
pub fn form_columns() -> &'static [&'static str] {
    &CATALOGUE_HEADER[1..]
}
