//! Static assets, compiled into the binary (no CDN).

use axum::http::header;
use axum::response::IntoResponse;

pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/gongkai.css"),
    )
}

/// The annual report editor's script: the similarity to last year's text
/// (AR-14) while typing. A file, not inline, because the pages' CSP allows
/// scripts from this origin only.
pub async fn report_editor_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/report-editor.js"),
    )
}

/// The item form's body editor (paste from Word keeps tables). A file for
/// the same reason as the report editor's.
pub async fn item_editor_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/item-editor.js"),
    )
}
