//! 归入标准目录: a catalogue item is filed under one row of its agency's
//! 标准目录 by the row's key (`ItemMetadata::standard_row`), and the rows
//! whose 网站对应栏目 is under an Article 20 item are that item's
//! sub-columns (子栏目): the navigation of the public column and what its
//! list is narrowed to.
//!
//! An item is filed only under a row in force whose column is under the
//! item's own Article 20 item (an item without one takes the row's). A row
//! later deleted (with its reason) or moved to another column keeps the
//! items filed under its key: they are not hidden — they stay listed under
//! their Article 20 item, only no longer in a sub-column; restoring the row
//! brings them back into it.

use super::{CatalogueRow, ColumnRef};
use crate::catalogue::ItemMetadata;
use crate::vocabulary::Article20Item;

/// A sub-column of an Article 20 item's column, with the rows that name
/// it in the catalogue's order (several rows may share one: the transport
/// template files five rows under 农村公路建设).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubColumn<'a> {
    pub item: Article20Item,
    pub name: &'a str,
    pub rows: Vec<&'a CatalogueRow>,
}

impl SubColumn<'_> {
    /// The keys of its rows: the items filed under any of them are its list.
    pub fn keys(&self) -> Vec<String> {
        self.rows.iter().map(|r| r.key.clone()).collect()
    }
}

/// The row's Article 20 item and sub-column, if its column is one.
fn item_column(row: &CatalogueRow) -> Option<(Article20Item, &str)> {
    match &row.column {
        ColumnRef::Item { item, sub } => Some((*item, sub.as_str())),
        _ => None,
    }
}

/// The sub-columns of every Article 20 item the rows name: items in the
/// Regulation's order, each item's sub-columns in the order of their first
/// row.
pub fn sub_columns(rows: &[CatalogueRow]) -> Vec<SubColumn<'_>> {
    let mut out: Vec<SubColumn<'_>> = Vec::new();
    for row in rows {
        let Some((item, name)) = item_column(row) else {
            continue;
        };
        match out.iter_mut().find(|s| s.item == item && s.name == name) {
            Some(s) => s.rows.push(row),
            None => out.push(SubColumn {
                item,
                name,
                rows: vec![row],
            }),
        }
    }
    // Stable: within an item the first-row order stays.
    out.sort_by_key(|s| s.item);
    out
}

/// The sub-columns of `item`.
pub fn sub_columns_of(rows: &[CatalogueRow], item: Article20Item) -> Vec<SubColumn<'_>> {
    let mut all = sub_columns(rows);
    all.retain(|s| s.item == item);
    all
}

/// `（十）重大建设项目的批准和实施情况`.
fn item_name(item: Article20Item) -> String {
    format!("第二十条{}{}", item.ordinal_label(), item.label())
}

/// The sub-column `name` of `item` among `rows` (the catalogue's rows in
/// force), or why it cannot be shown, for the visitor who asked.
pub fn sub_column<'a>(
    rows: &'a [CatalogueRow],
    item: Option<Article20Item>,
    name: &str,
) -> Result<SubColumn<'a>, String> {
    let name = name.trim();
    let shown: String = name.chars().take(40).collect();
    let Some(item) = item else {
        return Err(format!(
            "子栏目“{shown}”须与其所属的第二十条事项一同选择：请从栏目导航进入子栏目。"
        ));
    };
    sub_columns_of(rows, item)
        .into_iter()
        .find(|s| s.name == name)
        .ok_or_else(|| {
            format!(
                "本机关的标准目录中，{}下没有“{shown}”子栏目：请从栏目导航中选择子栏目，或查看该事项下的全部信息。",
                item_name(item)
            )
        })
}

/// The row `key` of `rows` (the catalogue's rows in force) an item of
/// `article20` may be filed under, with the item's Article 20 item after
/// filing (the row's, where the item had none); or why not, for the editor.
pub fn filing_row<'a>(
    rows: &'a [CatalogueRow],
    key: &str,
    article20: Option<Article20Item>,
) -> Result<(&'a CatalogueRow, Article20Item), String> {
    let shown: String = key.trim().chars().take(40).collect();
    let row = rows.iter().find(|r| r.key == key.trim()).ok_or_else(|| {
        format!(
            "本机关标准目录中没有“{shown}”这一事项（或已删除）：请从列表中重新选择子栏目，或选择“不归入”。"
        )
    })?;
    let Some((item, sub)) = item_column(row) else {
        return Err(format!(
            "标准目录事项“{}”属于{}，不是法定主动公开内容的子栏目：请选择第二十条事项下的子栏目，或选择“不归入”。",
            row.level2,
            row.column.label()
        ));
    };
    match article20 {
        Some(own) if own != item => Err(format!(
            "标准目录事项“{}”在{}的“{sub}”子栏目下，与所选的{}不一致：请改选第二十条事项，或选择该事项下的子栏目。",
            row.level2,
            item_name(item),
            item_name(own)
        )),
        _ => Ok((row, item)),
    }
}

/// Files `metadata` under its `standard_row` among `rows` (the catalogue's
/// rows in force): checks the row and fills in the Article 20 item when
/// the editor left it empty. Nothing to do without a row.
pub fn file(metadata: &mut ItemMetadata, rows: &[CatalogueRow]) -> Result<(), String> {
    let Some(key) = metadata.standard_row.as_deref() else {
        return Ok(());
    };
    let (_, item) = filing_row(rows, key, metadata.article20)?;
    metadata.article20 = Some(item);
    Ok(())
}
