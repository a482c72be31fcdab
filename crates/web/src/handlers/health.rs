//! `GET /healthz`: the process is up and the database answers.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::json;

use crate::state::AppState;

pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<serde_json::Value>) {
    match state.store.is_empty().await {
        Ok(_) => (
            StatusCode::OK,
            Json(json!({"status": "ok", "database": state.store.backend().label()})),
        ),
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(
                json!({"status": "error", "database": state.store.backend().label(), "error": e.to_string()}),
            ),
        ),
    }
}
