//! gongkai's one integration-test binary: storage stories against SQLite and
//! PostgreSQL, the web application over HTTP, the CLI, and the browser.

mod api;
mod bench;
mod browser;
mod catalogue;
mod cli;
mod helpers;
mod import;
mod mail;
mod params;
mod report_check;
mod report_check_cli;
mod reports;
mod request_journey;
mod requests;
mod search;
mod storage_story;
mod web;
