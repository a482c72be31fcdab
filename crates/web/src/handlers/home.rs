//! `GET /`: the agency tree.

use askama::Template;
use axum::extract::State;
use axum::response::Html;

use super::Csrf;
use crate::auth::MaybeStaff;
use crate::error::AppResult;
use crate::state::AppState;
use crate::tree;
use crate::views::{Chrome, HomePage};

pub async fn home(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
) -> AppResult<Html<String>> {
    let all = state.store.agencies().await?;
    let page = HomePage {
        chrome: Chrome::new(who.as_ref(), &csrf.0.0),
        tree: tree::rows(&tree::public_only(&all), None),
    };
    Ok(Html(page.render()?))
}
