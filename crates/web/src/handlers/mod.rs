//! One file per resource and action.

pub mod account;
pub mod admin_agency;
pub mod admin_calendar;
pub mod admin_catalogue;
pub mod admin_launch;
pub mod admin_requests;
pub mod admin_staff;
pub mod admin_templates;
pub mod admin_texts;
pub mod admin_units;
pub mod agency_column;
pub mod apply;
pub mod assets;
pub mod audit_trail;
pub mod case_action;
pub mod case_appeals;
pub mod case_decision;
pub mod case_documents;
pub mod case_proactive;
pub mod case_query_code;
pub mod case_register;
pub mod case_register_list;
pub mod case_show;
pub mod catalogue_standard_public;
pub mod figures;
pub mod health;
pub mod health_page;
pub mod home;
pub mod items_actions;
pub mod items_late;
pub mod items_list;
pub mod items_proposal;
pub mod items_public;
pub mod items_staff;
pub mod login;
pub mod logout;
pub mod plan_derive;
pub mod plan_ledger;
pub mod plan_lookback;
pub mod plan_show;
pub mod plan_supervision;
pub mod plan_task;
pub mod plans;
pub mod plans_public;
pub mod report_check;
pub mod report_import;
pub mod reports;
pub mod reports_public;
pub mod scorecards;
pub mod scorecards_assign;
pub mod scorecards_card;
pub mod search_page;
pub mod sitemap;
pub mod staff_lifecycle;
pub mod supervision_console;
pub mod track;
pub mod track_correction;
pub mod track_release;
pub mod workbench;

use axum::Extension;

use crate::csrf::CsrfToken;

/// The CSRF token extension, as handlers take it.
pub type Csrf = Extension<CsrfToken>;
