//! The JSON API (`/api/v1/…`), for integration with other government systems,
//! described by the OpenAPI document at `/api/openapi.json`.
//!
//! Staff authenticate with `POST /api/v1/sessions` and send the returned token
//! as `Authorization: Bearer …`. The API never reads cookies, so browsers'
//! cross-site requests carry no credentials to it.

pub mod applications;
pub mod auth;
pub mod case_register;
pub mod cases;
pub mod concerns;
pub mod consultations;
pub mod decisions;
pub mod figures;
pub mod motions;
pub mod openapi;
pub mod participation;
pub mod plans;
pub mod questions;
pub mod register;
pub mod report_check;
pub mod search;

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gongkai_domain::application::FieldError;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::AppError;

/// Every API error: a status and a Chinese message; field errors when a form
/// was refused.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiError {
    #[serde(skip)]
    pub status: u16,
    /// What went wrong and what to do.
    pub error: String,
    /// Per-field refusals (`field`, `message`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Object>)]
    pub fields: Vec<FieldError>,
}

impl ApiError {
    pub fn new(status: StatusCode, error: impl Into<String>) -> ApiError {
        ApiError {
            status: status.as_u16(),
            error: error.into(),
            fields: Vec::new(),
        }
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError::new(e.status, e.message)
    }
}

impl From<gongkai_store::StoreError> for ApiError {
    fn from(e: gongkai_store::StoreError) -> Self {
        AppError::from(e).into()
    }
}

impl From<gongkai_app::Error> for ApiError {
    fn from(e: gongkai_app::Error) -> Self {
        AppError::from(e).into()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(self)).into_response()
    }
}

pub type ApiResult<T> = Result<Json<T>, ApiError>;
