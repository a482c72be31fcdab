//! 基层政务公开标准目录 (国办发〔2019〕54号; transport: 交办办〔2021〕75号):
//! what an agency must publish, row by row, in the national template's
//! columns — 一级事项, 二级事项, 公开内容（要素）, 公开依据, 公开时限, 公开主体,
//! 公开渠道和载体, 公开对象, 公开方式, 公开层级 — and the column of the site
//! that holds it. Two templates ship with the platform (a county transport
//! bureau's, and the Article 20/21 items any department starts from); an
//! agency derives its own from one, deleting rows that do not apply with a
//! reason (no port → no 港口经营许可) and adding its own, and the
//! supervising office reads the differences ([`differences`]). Catalogue
//! items are filed under its rows, and the rows under an Article 20 item
//! are that item's sub-columns ([`filing`]).

pub mod filing;
mod limit;
mod row;
mod template;

#[cfg(test)]
mod tests;

pub use limit::{DisclosureLimit, ON_REQUEST_WORKING_DAYS, PUBLIC_TRANSPORT_DAYS_BEFORE};
pub use row::{
    Audience, CATALOGUE_HEADER, CatalogueRow, Channel, ColumnRef, DisclosureMode,
    ROW_KEY_MAX_CHARS, RowError, Tier, is_row_key,
};
pub use template::{Template, TemplateKind};

/// A row of the template the agency did not keep, with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deletion {
    pub key: String,
    pub reason: String,
}

/// How an agency's catalogue differs from its template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// 删除: a template row the agency does not have, with why.
    Deleted { row: CatalogueRow, reason: String },
    /// 新增: a row of the agency's own.
    Added { row: CatalogueRow },
    /// 调整: a template row kept with some columns changed (their names).
    Changed {
        row: CatalogueRow,
        columns: Vec<&'static str>,
    },
}

/// The differences of `rows` (the agency's, with `deleted` the template
/// rows it dropped) from `template`, in the template's order, then the
/// agency's own rows.
pub fn differences(
    template: &[CatalogueRow],
    rows: &[CatalogueRow],
    deleted: &[Deletion],
) -> Vec<Difference> {
    let mut out = Vec::new();
    for t in template {
        if let Some(d) = deleted.iter().find(|d| d.key == t.key) {
            out.push(Difference::Deleted {
                row: t.clone(),
                reason: d.reason.clone(),
            });
        } else if let Some(r) = rows.iter().find(|r| r.key == t.key) {
            let columns = t.changed_columns(r);
            if !columns.is_empty() {
                out.push(Difference::Changed {
                    row: r.clone(),
                    columns,
                });
            }
        }
    }
    for r in rows {
        if !template.iter().any(|t| t.key == r.key) {
            out.push(Difference::Added { row: r.clone() });
        }
    }
    out
}

/// The shortest reason accepted for deleting a template row.
pub const DELETION_REASON_MIN_CHARS: usize = 4;

/// A deletion's reason, checked: the supervising office reads it.
pub fn deletion_reason(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.chars().count() < DELETION_REASON_MIN_CHARS {
        return Err(format!(
            "请写明删除该事项的理由（至少{DELETION_REASON_MIN_CHARS}个字），如“本县无港口，不涉及港口经营许可”。"
        ));
    }
    if t.chars().count() > 200 {
        return Err("删除理由最多200字。".into());
    }
    Ok(t.to_string())
}
