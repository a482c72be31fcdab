//! gongkai's web application: the public site (agency tree, each agency's
//! 政府信息公开 column), staff login and workbench, and the administrators'
//! pages. Server-rendered HTML that works without JavaScript; static assets
//! are compiled in.

pub mod api;
pub mod atom;
pub mod auth;
pub mod case_access;
pub mod csrf;
pub mod csrf_key;
pub mod display;
pub mod downloads;
pub mod error;
pub mod form_files;
pub mod guide;
pub mod handlers;
pub mod headers;
pub mod limits;
pub mod page_cache;
pub mod params;
pub mod portal;
pub mod report_check;
pub mod report_export;
pub mod report_view;
pub mod search;
pub mod serve;
pub mod site_check;
pub mod startup;
pub mod state;
pub mod tree;
pub mod views;

pub use startup::Application;
