//! gongkai's one integration-test binary: storage stories against SQLite and
//! PostgreSQL, the web application over HTTP, the CLI, and the browser.

mod api;
mod backup;
mod bench;
mod browser;
mod catalogue;
mod cli;
mod hardening;
mod helpers;
mod import;
mod logs;
mod mail;
mod report_check;
mod report_check_cli;
mod reports;
mod request_journey;
mod requests;
mod search;
mod storage_story;
mod web;
