//! `POST /items/{id}/body-source`: the editor takes the item's body from a
//! Word or PDF file (`gongkai_app::item_body`); the page tells what was
//! done or why not.

use axum::extract::State;
use axum::response::Response;
use gongkai_app::casework::RecordError;

use super::Csrf;
use super::items_staff::{actor, own_item, require_edit};
use crate::auth::CurrentStaff;
use crate::error::AppResult;
use crate::params::{Id, Path};
use crate::state::AppState;

pub async fn take_body(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    mut multipart: axum::extract::Multipart,
) -> AppResult<Response> {
    require_edit(&who)?;
    let b = own_item(&state, &who, id).await?;
    let mut result: Result<String, String> = Err("请选择作为正文的Word（.docx）或PDF文件。".into());
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_string();
        result = match field.bytes().await {
            Err(_) => Err("文件超过10MB或上传中断，请压缩后重新上传。".into()),
            Ok(bytes) if bytes.is_empty() => Err("请选择作为正文的Word（.docx）或PDF文件。".into()),
            Ok(bytes) => {
                match gongkai_app::item_body::take_from_file(&state, &b, actor(&who), &name, &bytes)
                    .await
                {
                    Ok(notice) => Ok(notice),
                    Err(RecordError::Refused(m)) => Err(m),
                    Err(RecordError::Stale) => Err("该信息刚被他人修改，请刷新后重试。".into()),
                    Err(RecordError::Other(e)) => return Err(e.into()),
                }
            }
        };
        break;
    }
    super::items_manage::after_upload(&state, &who, &csrf.0.0, id, result).await
}
