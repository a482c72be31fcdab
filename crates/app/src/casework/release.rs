//! Delivering the information itself (Art. 40): the files a 予以公开 or
//! 部分公开 decision releases (uploaded to the case before the decision,
//! shown to the applicant once the decision is issued) and the catalogue
//! items an 已主动公开 reply points to (Art. 36(一)).

use gongkai_domain::case::{CaseAction, Provided};
use gongkai_domain::catalogue::ItemState;
use gongkai_store::{CaseAttachment, NewAttachment, Staff};

use super::CaseBundle;
use crate::uploads::{UploadError, store_document};
use crate::{App, Error};

/// The `purpose` of a released file among the case's attachments.
pub const RELEASED: &str = "拟提供的信息";

/// Most catalogue items one reply may point to.
const MAX_ITEMS: usize = 50;

/// Upload a file the agency will release with its reply. Only the handling
/// agency's clerk or reviewer, while the case is not decided.
pub async fn upload_released(
    state: &App,
    b: &CaseBundle,
    who: &Staff,
    filename: &str,
    bytes: &[u8],
) -> Result<String, Error> {
    use gongkai_domain::access::Relation;
    use gongkai_domain::case::ActionKind;
    use gongkai_domain::policy::{Permission, may_in};
    // Those who decide (承办人) or sign (审核人) the reply: the policy's roles.
    let may = |k| {
        may_in(
            &who.roles,
            Permission::RecordCaseAction(k),
            Relation::OwnAgency,
        )
        .is_ok()
    };
    if !(may(ActionKind::Decide) || may(ActionKind::SignDecision)) {
        return Err(Error::forbidden(
            "只有受理机关的承办人、审核人可以上传拟提供的信息。",
        ));
    }
    if b.view.outcome.is_some() || !b.view.is_open {
        return Err(Error::invalid(
            "本申请已作出答复决定，不能再添加拟提供的信息。",
        ));
    }
    let f = store_document(&state.settings.data_dir, filename, bytes)
        .await
        .map_err(|e: UploadError| Error::invalid(e.to_string()))?;
    state
        .store
        .add_case_attachment(&NewAttachment {
            case_id: b.case.id,
            purpose: RELEASED.into(),
            sha256: f.sha256,
            filename: f.filename.clone(),
            content_type: f.content_type.into(),
            size: f.size,
        })
        .await?;
    Ok(f.filename)
}

/// The case's files uploaded for release.
pub async fn released_files(state: &App, b: &CaseBundle) -> Result<Vec<CaseAttachment>, Error> {
    Ok(state
        .store
        .case_attachments(b.case.id)
        .await?
        .into_iter()
        .filter(|a| a.purpose == RELEASED)
        .collect())
}

/// What a decision provides: the chosen released files of this case and
/// the published catalogue items by number. Unknown ids are refused with
/// what to do.
pub async fn provided(
    state: &App,
    b: &CaseBundle,
    file_ids: &[i64],
    item_ids: &[i64],
) -> Result<Vec<Provided>, Error> {
    let files = released_files(state, b).await?;
    let mut out = Vec::new();
    for id in file_ids {
        let f = files.iter().find(|f| f.id == *id).ok_or_else(|| {
            Error::invalid("所选文件不是本案件上传的拟提供信息，请刷新页面后重新选择。")
        })?;
        out.push(Provided {
            name: f.filename.clone(),
            attachment: Some(f.id),
            link: None,
        });
    }
    if item_ids.len() > MAX_ITEMS {
        return Err(Error::invalid(format!(
            "一份答复最多列明{MAX_ITEMS}条已公开信息，请精简。"
        )));
    }
    for id in item_ids {
        let item = state
            .store
            .item(*id)
            .await?
            .filter(|i| matches!(i.snapshot.state, ItemState::Published));
        let Some(item) = item else {
            return Err(Error::invalid(format!(
                "编号为{id}的信息不存在或尚未公开：已主动公开答复只能指向已发布的信息，请在目录中核对编号。"
            )));
        };
        // A paper letter names the item so it can be found: title and 索引号.
        let name = match &item.snapshot.index_number {
            Some(n) => format!("{}（索引号：{n}）", item.snapshot.metadata.title),
            None => item.snapshot.metadata.title.clone(),
        };
        out.push(Provided {
            name,
            attachment: None,
            link: Some(format!("/items/{}", item.id)),
        });
    }
    Ok(out)
}

/// The case attachments `provided` names (none without one), read for the
/// reply's mail.
pub async fn files_of(
    store: &dyn gongkai_store::Store,
    b: &CaseBundle,
    provided: &[Provided],
) -> Result<Vec<CaseAttachment>, Error> {
    let ids: Vec<i64> = provided.iter().filter_map(|p| p.attachment).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(store
        .case_attachments(b.case.id)
        .await?
        .into_iter()
        .filter(|a| ids.contains(&a.id))
        .collect())
}

/// The files the applicant may download: those released by the issued
/// decision (never a draft's, never an identity proof).
pub fn released_to_applicant(b: &CaseBundle) -> Vec<Provided> {
    b.events
        .iter()
        .filter_map(|e| match &e.action {
            CaseAction::OutcomeDecided { provided, .. } => Some(provided.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}
