//! gongkai's one integration-test binary: storage stories against SQLite and
//! PostgreSQL, the web application over HTTP, the CLI, and the browser.

mod access;
mod access_matrix;
mod account_lifecycle;
mod accounts;
mod api;
mod audit;
mod backup;
mod bench;
mod browser;
mod case_list;
mod catalogue;
mod catalogue_paging;
mod cli;
mod concurrency;
mod hardening;
mod helpers;
mod history;
mod import;
mod logs;
mod mail;
mod page_cache;
mod params;
mod report_check;
mod report_check_cli;
mod reports;
mod request_journey;
mod requests;
mod route_fuzz;
mod scale_out;
mod search;
mod storage_story;
mod web;
mod xss;
