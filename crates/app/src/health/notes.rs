//! 无信息说明: an agency says why a column of its 政府信息公开 column is
//! empty (本机关无行政事业性收费项目 …); the note is shown on the column
//! and the empty-column check no longer counts the column. Who may: those
//! who maintain its 标准目录 (`Permission::EditStandardCatalogue`).

use gongkai_domain::vocabulary::Article20Item;
use gongkai_store::{Agency, COLUMN_NOTE_MAX_CHARS, ColumnNote, Staff};

use super::figures::RULES_COLUMN;
use crate::{App, Error};

/// The code of the whole 法定主动公开内容 column: its note is shown when
/// the agency has published nothing there at all (issue 21).
pub const CATALOGUE_COLUMN: &str = "catalogue";

/// A column a note may be written for: (code, name).
pub fn columns() -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> =
        vec![(CATALOGUE_COLUMN, "法定主动公开内容（整个栏目）".into())];
    out.extend(
        Article20Item::ALL
            .iter()
            .map(|i| (i.code(), format!("{}{}", i.ordinal_label(), i.label()))),
    );
    out.push((RULES_COLUMN, "政府信息公开制度".into()));
    out
}

fn column_name(code: &str) -> Result<String, Error> {
    columns()
        .into_iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| n)
        .ok_or_else(|| {
            Error::invalid("请选择栏目：法定主动公开内容、第二十条所列事项之一或政府信息公开制度。")
        })
}

/// Publish the note of `column` (or withdraw it when `text` is empty).
pub async fn put(
    app: &App,
    who: &Staff,
    agency: &Agency,
    column: &str,
    text: &str,
) -> Result<String, Error> {
    crate::standard_catalogue::may_edit(app.store.as_ref(), who, agency).await?;
    let name = column_name(column)?;
    let text = text.trim();
    let now = app.clock.now();
    if text.is_empty() {
        app.store
            .put_column_note(agency.id, column, None, who.id, now)
            .await?;
        return Ok(format!("已撤下“{name}”的无信息说明。"));
    }
    let n = text.chars().count();
    if !(6..=COLUMN_NOTE_MAX_CHARS).contains(&n) {
        return Err(Error::invalid(format!(
            "无信息说明应写明该栏目无信息的原因（6至{COLUMN_NOTE_MAX_CHARS}字，现有{n}字），如“本机关无行政事业性收费项目”。"
        )));
    }
    let today = app.clock.today();
    app.store
        .put_column_note(agency.id, column, Some((text, today)), who.id, now)
        .await?;
    Ok(format!("已发布“{name}”的无信息说明。"))
}

/// The agency's notes (for its column pages and the staff page).
pub async fn of(app: &App, agency: &Agency) -> Result<Vec<ColumnNote>, Error> {
    Ok(app.store.column_notes(agency.id).await?)
}
