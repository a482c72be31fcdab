//! `POST /logout`: end the session.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::auth::MaybeStaff;
use crate::auth::session::{SESSION_COOKIE, cookie_name, set_cookie};
use crate::error::AppResult;
use crate::state::AppState;

pub async fn logout(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
) -> AppResult<Response> {
    if let Some(who) = who {
        state.store.delete_session(&who.token_hash).await?;
    }
    let clear = set_cookie(
        &cookie_name(SESSION_COOKIE, state.settings.secure_cookies),
        "",
        Some(0),
        "Lax",
        state.settings.secure_cookies,
    );
    Ok((
        StatusCode::SEE_OTHER,
        [
            (header::SET_COOKIE, clear),
            (header::LOCATION, "/".to_string()),
        ],
    )
        .into_response())
}
