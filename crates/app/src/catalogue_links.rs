//! What one catalogue item may name of another: the interpretation (解读)
//! a policy is submitted with or linked to, the replacing document of a
//! repealed or lapsed one, and the items the manage page offers for each
//! (a page of candidates chosen in the database, never every item).

use gongkai_domain::catalogue::{Genre, ItemState, Replacement};
use gongkai_store::{ItemListFilter, ItemListRow};

use crate::catalogue_work::{ItemBundle, load};
use crate::error::RecordError;
use crate::{App, Error};

/// How many candidates of each kind the manage page offers, last changed
/// first: an interpretation is written beside its policy, a replacement
/// is recent, and a page must not list every item an agency ever had.
pub const CANDIDATES: u32 = 200;

/// Whether `other` may be `policy`'s interpretation: an item of genre 解读
/// of the same agency (checked by [`interpretation`]), other than the
/// policy, either a draft (or returned) that goes to review with it —
/// `Ok(true)`, unless `published_only` — or a published interpretation in
/// force — `Ok(false)`: linked, not submitted again.
pub fn check_candidate(
    policy: &ItemBundle,
    other: &ItemBundle,
    published_only: bool,
) -> Result<bool, RecordError> {
    let refuse = |m: String| Err(RecordError::Refused(m));
    let title = &other.view.metadata.title;
    if other.record.id == policy.record.id {
        return refuse("解读不能是该信息本身，请选择另一条体裁为“解读”的信息。".into());
    }
    if other.view.metadata.genre != Genre::Interpretation {
        return refuse(format!(
            "《{title}》的体裁不是“解读”：一并提交或关联的解读须为体裁为“解读”的信息，请先在该信息中将体裁改为“解读”并填写解读机构、解读人。"
        ));
    }
    match other.view.state {
        ItemState::Draft | ItemState::Refused if !published_only => Ok(true),
        ItemState::Draft | ItemState::Refused => refuse(format!(
            "《{title}》尚未发布：关联的解读须是已发布的解读；尚未发布的解读请与文件一并提交审核。"
        )),
        ItemState::Published if other.view.validity.is_in_force() => Ok(false),
        ItemState::Published => refuse(format!(
            "《{title}》已{}，不能作为解读。",
            other.view.validity.label_zh()
        )),
        state => refuse(format!(
            "《{title}》处于“{}”状态，不能选作解读：请选择草稿、被退回的解读或已发布的解读。",
            state.label_zh()
        )),
    }
}

/// The replacing document of a repeal or lapse: the agency's published
/// item `item` (its title recorded with it), or the title or 文号 typed in
/// `text` for one outside the platform; `None` when neither is given.
pub async fn replacement(
    app: &App,
    ended: &ItemBundle,
    item: Option<&str>,
    text: &str,
) -> Result<Option<Replacement>, RecordError> {
    let refuse = |m: &str| Err(RecordError::Refused(m.into()));
    let item = item.map(str::trim).filter(|k| !k.is_empty());
    let Some(key) = item else {
        return Replacement::named(text).map_err(|e| RecordError::Refused(e.to_string()));
    };
    if !text.trim().is_empty() {
        return refuse(
            "请只选择本平台的替代文件，或只填写不在本平台的替代文件名称或文号，不要同时填写。",
        );
    }
    let missing = || RecordError::Refused("所选替代文件不存在，请重新选择。".into());
    let id: i64 = key.parse().map_err(|_| missing())?;
    let other = match load(app, id).await {
        Ok(b) => b,
        Err(Error::NotFound(_)) => return Err(missing()),
        Err(e) => return Err(e.into()),
    };
    if other.record.agency_id != ended.record.agency_id {
        return refuse("替代文件须为本机关的信息；其他机关的文件请填写名称或文号。");
    }
    if other.record.id == ended.record.id {
        return refuse("替代文件不能是该信息本身。");
    }
    if other.view.state != ItemState::Published {
        return refuse("替代文件须为已发布的信息；尚未发布的，请填写其名称或文号。");
    }
    Ok(Some(Replacement {
        item: Some(other.record.id.to_string()),
        title: other.view.metadata.title.clone(),
    }))
}

/// The items offered as the interpretation of a policy: the agency's items
/// of genre 解读 that are drafts or returned (submitted together) or
/// published and in force (linked), last changed first; at most
/// [`CANDIDATES`] read.
pub async fn interpretation_candidates(
    app: &App,
    policy: &ItemBundle,
) -> Result<Vec<ItemListRow>, Error> {
    let filter = ItemListFilter {
        genre: Some(Genre::Interpretation),
        ..ItemListFilter::default()
    };
    let rows = app
        .store
        .item_list(policy.record.agency_id, &filter, None, CANDIDATES)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|r| r.id != policy.record.id)
        .filter(|r| match r.state {
            ItemState::Draft | ItemState::Refused => true,
            ItemState::Published => r.validity.is_in_force(),
            _ => false,
        })
        .collect())
}

/// The items offered as the replacement of a repealed or lapsed one: the
/// agency's published items, last changed first, at most [`CANDIDATES`].
pub async fn replacement_candidates(
    app: &App,
    ended: &ItemBundle,
) -> Result<Vec<ItemListRow>, Error> {
    let filter = ItemListFilter {
        state: Some(ItemState::Published),
        ..ItemListFilter::default()
    };
    let rows = app
        .store
        .item_list(ended.record.agency_id, &filter, None, CANDIDATES)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|r| r.id != ended.record.id)
        .collect())
}
