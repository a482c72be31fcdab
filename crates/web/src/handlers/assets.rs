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

/// 大字版, 高对比度, phones and print (issue 21): the modes' own sheet, kept
/// apart from the site's look.
pub async fn access_stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/access.css"),
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
