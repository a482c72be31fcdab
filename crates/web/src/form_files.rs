//! A form that may carry files: read the same whether the browser sent it
//! urlencoded (no files chosen, or an older page) or as multipart. Fields
//! come back as pairs in order (a ticked box repeats its name), files as
//! (name, bytes) with empty file inputs left out.

use axum::Form;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;

use crate::state::AppState;

/// The fields and files of a submitted form.
#[derive(Debug, Default)]
pub struct Submitted {
    pub pairs: Vec<(String, String)>,
    pub files: Vec<(String, Vec<u8>)>,
}

impl Submitted {
    /// The first value of `name`, or "".
    pub fn value(&self, name: &str) -> String {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

const UNREADABLE: &str = "提交的内容无法读取，请刷新页面后重新填写。";
const BROKEN_FILE: &str = "附件太大或上传中断：每个文件不超过10MB，请压缩后重新上传。";

/// Reads the form; files are the parts named `file_field`. The error is a
/// message for the person who submitted it.
pub async fn read(state: &AppState, req: Request, file_field: &str) -> Result<Submitted, String> {
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        let Form(pairs) = Form::<Vec<(String, String)>>::from_request(req, state)
            .await
            .map_err(|_| UNREADABLE.to_string())?;
        return Ok(Submitted {
            pairs,
            files: Vec::new(),
        });
    }
    let mut m = Multipart::from_request(req, state)
        .await
        .map_err(|_| UNREADABLE.to_string())?;
    let mut out = Submitted::default();
    while let Some(field) = m.next_field().await.map_err(|_| BROKEN_FILE.to_string())? {
        let name = field.name().unwrap_or_default().to_string();
        if name == file_field {
            let file_name = field.file_name().unwrap_or_default().to_string();
            let bytes = field.bytes().await.map_err(|_| BROKEN_FILE.to_string())?;
            if !bytes.is_empty() {
                out.files.push((file_name, bytes.to_vec()));
            }
        } else {
            let value = field.text().await.map_err(|_| UNREADABLE.to_string())?;
            out.pairs.push((name, value));
        }
    }
    Ok(out)
}
