//! 公众意见: a comment from the public on a published consultation of the
//! agency, taken from the day it opens to the closing day (refused after
//! with the closing date), checked by the domain, and kept before anything
//! is answered. The form carries a one-time key: sent twice, it leaves one
//! comment. The commenter's name and contact are never logged.

use gongkai_domain::participation::comment::{CommentForm, check_comment, check_open};
use gongkai_store::{AgencyId, CommentReceived, ConsultationId, ConsultationState, NewComment};

use crate::{App, Error};

/// The longest form key accepted (the web's keys are 64 hex digits).
pub const SUBMIT_KEY_MAX: usize = 64;

/// A comment as the form sends it.
#[derive(Debug, Clone, Default)]
pub struct CommentInput {
    pub name: String,
    pub contact: String,
    pub body: String,
    /// The form's one-time key.
    pub submit_key: String,
}

/// The form key as kept: letters, digits, `-` and `_`, at most
/// [`SUBMIT_KEY_MAX`].
fn key_of(key: &str) -> Result<String, Error> {
    let k = key.trim();
    let ok = !k.is_empty()
        && k.len() <= SUBMIT_KEY_MAX
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !ok {
        return Err(Error::invalid(
            "表单已失效，请刷新页面后重新填写提交（您填写的内容请先复制保存）。",
        ));
    }
    Ok(k.to_string())
}

/// Keep a comment on consultation `id` of the agency `agency` (as the
/// public page names it): answers the comment's number, the same for the
/// same form sent again.
pub async fn submit_comment(
    app: &App,
    agency: AgencyId,
    id: ConsultationId,
    input: &CommentInput,
) -> Result<CommentReceived, Error> {
    let c = app
        .store
        .consultation(id)
        .await?
        .filter(|c| c.agency_id == agency && c.state != ConsultationState::Draft)
        .ok_or_else(|| Error::not_found(format!("意见征集（编号{id}）")))?;
    let submit_key = key_of(&input.submit_key)?;
    check_open(c.opens_on, c.closes_on, app.clock.today())
        .map_err(|e| Error::invalid(e.to_string()))?;
    let form = CommentForm {
        name: input.name.clone(),
        contact: input.contact.clone(),
        body: input.body.clone(),
    };
    let comment = check_comment(&form, c.name_required).map_err(|errors| {
        let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
        Error::invalid(all.join(""))
    })?;
    let new = NewComment {
        consultation_id: id,
        submit_key,
        name: comment.name,
        contact: comment.contact,
        body: comment.body,
        received_at: app.clock.now(),
    };
    Ok(app.store.add_comment(&new).await?)
}
