//! gongkai's application layer: the use cases the web site, the JSON API
//! and the command line share. Each takes typed input and the [`App`] (the
//! store, the clock, the search index, password hashing, the settings) and
//! answers a typed result or one [`Error`]. Nothing here knows HTTP or a
//! concrete database: the binary opens the store and hands it in.

pub mod calendar_admin;
pub mod case_list;
pub mod case_register;
pub mod casework;
pub mod catalogue_import;
pub mod catalogue_links;
pub mod catalogue_list;
pub mod catalogue_rows;
pub mod catalogue_work;
pub mod clock;
pub mod concerns;
pub mod config;
pub mod consultations;
pub mod decision_catalogue;
pub mod demo;
pub mod error;
mod fields;
pub mod health;
pub mod hearings;
pub mod item_body;
pub mod linkcheck;
pub mod mail;
pub mod motions;
pub mod oversight;
pub mod password;
pub mod plans;
pub mod portal_latest;
pub mod preview;
pub mod questions;
pub mod report_check;
pub mod report_export;
pub mod report_import;
pub mod report_previous;
pub mod report_records;
pub mod report_summary;
pub mod report_zip;
pub mod reporting;
pub mod request_settings;
pub mod scorecards;
pub mod search;
pub mod site;
pub mod standard_catalogue;
pub mod supervision;
pub mod uploads;
pub mod version_cache;

use std::sync::Arc;

use gongkai_store::Store;
use tokio::sync::Notify;

pub use config::Settings;
pub use error::{Error, Result};

use crate::clock::Clock;
use crate::password::{Hashing, HashingLimits};
use crate::search::Search;

/// The context of every use case.
#[derive(Clone)]
pub struct App {
    pub store: Arc<dyn Store>,
    pub settings: Arc<Settings>,
    pub clock: Clock,
    /// Wakes the mail worker when an event queued mail.
    pub mail_wake: Arc<Notify>,
    /// The search index and its indexer's bell.
    pub search: Arc<Search>,
    /// Every password hash and verification, bounded.
    pub hashing: Arc<Hashing>,
    /// The calendar in force, rebuilt when the administrators change it.
    pub calendar: Arc<gongkai_store::CalendarCache>,
    /// Reports' tables computed from the records, per data version.
    pub rollups: Arc<version_cache::RollupCache>,
    /// Supervisors' deadline counts of a level of the tree, per data version.
    pub oversights: Arc<oversight::OversightCache>,
    /// 网站设置, read by every page's footer.
    pub sites: Arc<site::SiteCache>,
}

impl App {
    /// The context over an opened store: opens the search index under the
    /// data directory and sizes password hashing from the settings. Starts
    /// nothing; see [`App::start_workers`].
    pub fn new(settings: Settings, store: Arc<dyn Store>, clock: Clock) -> anyhow::Result<App> {
        let search = Search::open(&settings.data_dir)?;
        let hashing = Arc::new(Hashing::new(HashingLimits::new(
            settings.password_hash_permits,
            settings.password_hash_queue,
            std::time::Duration::from_secs(settings.password_hash_wait_seconds),
        )));
        Ok(App {
            store,
            settings: Arc::new(settings),
            clock,
            mail_wake: Arc::new(Notify::new()),
            search,
            hashing,
            calendar: Arc::default(),
            rollups: Arc::default(),
            oversights: Arc::default(),
            sites: Arc::default(),
        })
    }

    /// The calendar in force (cached until the administrators change it).
    pub async fn calendar_in_force(&self) -> Result<gongkai_domain::calendar::Calendar, Error> {
        Ok(self.calendar.get(self.store.as_ref()).await?)
    }

    /// Starts the background workers: the mail worker (when SMTP is
    /// configured), the search indexer and the work plans' reminders.
    pub fn start_workers(&self) -> anyhow::Result<()> {
        if let Some(smtp) = &self.settings.smtp {
            let mailer = Arc::new(mail::Mailer::new(smtp)?);
            mail::spawn_outbox_worker(
                self.store.clone(),
                mailer,
                self.mail_wake.clone(),
                mail::AttachmentSource {
                    pdf_for: mail::render_pdf_for(),
                    data_dir: self.settings.data_dir.clone(),
                },
            );
        }
        search::spawn_indexer(self.store.clone(), self.search.clone());
        plans::work::spawn_ticker(self.clone());
        Ok(())
    }
}
