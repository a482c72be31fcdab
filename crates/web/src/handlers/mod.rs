//! One file per resource and action.

pub mod admin_agency;
pub mod admin_calendar;
pub mod admin_staff;
pub mod admin_texts;
pub mod agency_column;
pub mod assets;
pub mod health;
pub mod home;
pub mod login;
pub mod logout;
pub mod workbench;

use axum::Extension;

use crate::csrf::CsrfToken;

/// The CSRF token extension, as handlers take it.
pub type Csrf = Extension<CsrfToken>;
