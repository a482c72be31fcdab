//! 预览（未上线）: a draft agency's column — its pages and its published
//! items — is not public until the agency goes online (the public gets
//! 404, as for something that does not exist). Its administrators and the
//! supervisors above it (`Permission::SeeSubtree`: administrators and
//! supervisors of the agency or of one above it) see it as a preview, which
//! the pages mark. Search, the sitemap, feeds and downloads leave drafts
//! out for everyone (`search::search_doc`, `PublicStore`).

use gongkai_domain::policy::{Permission, may_in};
use gongkai_store::{Agency, ItemId, ItemRecord, Staff};

use crate::plans::access::relation;
use crate::{App, Error};

/// May `who` (signed in, or the public when None) preview `agency`'s column?
pub async fn may_preview(app: &App, who: Option<&Staff>, agency: &Agency) -> Result<bool, Error> {
    let Some(who) = who else {
        return Ok(false);
    };
    let r = relation(app.store.as_ref(), who, agency.id).await?;
    Ok(may_in(&who.roles, Permission::SeeSubtree, r).is_ok())
}

/// Whether `agency`'s column is shown to `who`: `Some(false)` online,
/// `Some(true)` a draft `who` previews, `None` not shown.
pub async fn shown_as(
    app: &App,
    who: Option<&Staff>,
    agency: &Agency,
) -> Result<Option<bool>, Error> {
    if agency.is_online() {
        return Ok(Some(false));
    }
    Ok(may_preview(app, who, agency).await?.then_some(true))
}

/// A public item with its agency, as `who` sees it.
#[derive(Debug, Clone)]
pub struct ShownItem {
    pub record: ItemRecord,
    /// A draft only for staff who may preview it (`Agency::is_online`).
    pub agency: Agency,
}

/// The item `id` if it is public (published or withdrawn, with an 索引号)
/// and `who` may see its agency's column; "not found" otherwise — a draft
/// agency's item as an item that does not exist.
pub async fn item(app: &App, id: ItemId, who: Option<&Staff>) -> Result<ShownItem, Error> {
    let missing = || Error::not_found("该信息");
    let record = app
        .store
        .item(id)
        .await?
        .filter(|r| r.snapshot.state.is_public() && r.snapshot.index_number.is_some())
        .ok_or_else(missing)?;
    let agency = app
        .store
        .agency(record.agency_id)
        .await?
        .ok_or_else(|| Error::internal("item without agency"))?;
    shown_as(app, who, &agency).await?.ok_or_else(missing)?;
    Ok(ShownItem { record, agency })
}
