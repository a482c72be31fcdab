//! The schema's migrations, written once for both databases
//! (`crates/store/migrations/`). What differs between them — types, the
//! append-only triggers, how a table is altered — stands in lines marked
//! `--sqlite|` or `--pg|`; every other line is both databases'. A dialect's
//! migration is its own lines and the shared ones, in order, byte for byte
//! the file each backend had before the migrations were merged, so the
//! checksums of databases already migrated still match (a test pins them).

use std::borrow::Cow;

use sqlx::error::BoxDynError;
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};

use super::{Dialect, backend};
use crate::StoreResult;

/// (version, description, the merged text), in order.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "foundation",
        include_str!("../../migrations/0001_foundation.sql"),
    ),
    (
        2,
        "requests",
        include_str!("../../migrations/0002_requests.sql"),
    ),
    (
        3,
        "catalogue",
        include_str!("../../migrations/0003_catalogue.sql"),
    ),
    (
        4,
        "item changes",
        include_str!("../../migrations/0004_item_changes.sql"),
    ),
    (
        5,
        "annual reports",
        include_str!("../../migrations/0005_annual_reports.sql"),
    ),
    (
        6,
        "audit chain",
        include_str!("../../migrations/0006_audit_chain.sql"),
    ),
    (
        7,
        "staff lifecycle",
        include_str!("../../migrations/0007_staff_lifecycle.sql"),
    ),
    (
        8,
        "server secrets",
        include_str!("../../migrations/0008_server_secrets.sql"),
    ),
    (
        9,
        "attachment lookup",
        include_str!("../../migrations/0009_attachment_lookup.sql"),
    ),
    (
        10,
        "mail claims",
        include_str!("../../migrations/0010_mail_claims.sql"),
    ),
    (
        11,
        "case snapshots",
        include_str!("../../migrations/0011_case_snapshots.sql"),
    ),
    (
        12,
        "report rows",
        include_str!("../../migrations/0012_report_rows.sql"),
    ),
    (
        13,
        "catalogue paging",
        include_str!("../../migrations/0013_catalogue_paging.sql"),
    ),
    (
        14,
        "report covering indexes",
        include_str!("../../migrations/0014_report_covering_indexes.sql"),
    ),
    (
        15,
        "request settings",
        include_str!("../../migrations/0015_request_settings.sql"),
    ),
    (
        16,
        "case register",
        include_str!("../../migrations/0016_case_register.sql"),
    ),
    (
        17,
        "mail files",
        include_str!("../../migrations/0017_mail_files.sql"),
    ),
    (
        18,
        "proactive proposals",
        include_str!("../../migrations/0018_proactive_proposals.sql"),
    ),
    (
        19,
        "work plans",
        include_str!("../../migrations/0019_work_plans.sql"),
    ),
    (
        20,
        "plan inspections",
        include_str!("../../migrations/0020_plan_inspections.sql"),
    ),
    (
        21,
        "plan lookback",
        include_str!("../../migrations/0021_plan_lookback.sql"),
    ),
    (
        22,
        "standard catalogues",
        include_str!("../../migrations/0022_standard_catalogues.sql"),
    ),
    (
        23,
        "site health",
        include_str!("../../migrations/0023_site_health.sql"),
    ),
    (
        24,
        "report status",
        include_str!("../../migrations/0024_report_status.sql"),
    ),
    (
        25,
        "scorecards",
        include_str!("../../migrations/0025_scorecards.sql"),
    ),
    (
        26,
        "agency online",
        include_str!("../../migrations/0026_agency_online.sql"),
    ),
    (
        27,
        "scorecard evaluators",
        include_str!("../../migrations/0027_scorecard_evaluators.sql"),
    ),
    (
        28,
        "catalogue rows",
        include_str!("../../migrations/0028_catalogue_rows.sql"),
    ),
    (
        29,
        "findings mail",
        include_str!("../../migrations/0029_findings_mail.sql"),
    ),
    (
        30,
        "consultations",
        include_str!("../../migrations/0030_consultations.sql"),
    ),
    (
        31,
        "search synonyms",
        include_str!("../../migrations/0031_search_synonyms.sql"),
    ),
    (
        32,
        "item list and interpretations",
        include_str!("../../migrations/0032_item_list_and_interpretations.sql"),
    ),
    (
        33,
        "questions",
        include_str!("../../migrations/0033_questions.sql"),
    ),
    (
        34,
        "motions",
        include_str!("../../migrations/0034_motions.sql"),
    ),
    (
        35,
        "concerns",
        include_str!("../../migrations/0035_concerns.sql"),
    ),
    (
        36,
        "hearings and decisions",
        include_str!("../../migrations/0036_hearings_and_decisions.sql"),
    ),
    (
        37,
        "site settings",
        include_str!("../../migrations/0037_site_settings.sql"),
    ),
    (
        38,
        "portal latest",
        include_str!("../../migrations/0038_portal_latest.sql"),
    ),
];

/// One dialect's text of a merged migration.
pub fn render(merged: &str, dialect: Dialect) -> String {
    let (own, other) = match dialect {
        Dialect::Sqlite => ("--sqlite|", "--pg|"),
        Dialect::Postgres => ("--pg|", "--sqlite|"),
    };
    merged
        .split_inclusive('\n')
        .filter(|line| !line.starts_with(other))
        .map(|line| line.strip_prefix(own).unwrap_or(line))
        .collect()
}

/// The migrations of `dialect` with a version below `before` (all of them
/// when `None`): the older ones let a test build a database as it was.
#[derive(Debug, Clone, Copy)]
pub struct Migrations {
    pub dialect: Dialect,
    pub before: Option<i64>,
}

impl Migrations {
    pub fn all(dialect: Dialect) -> Migrations {
        Migrations {
            dialect,
            before: None,
        }
    }

    fn list(self) -> Vec<Migration> {
        MIGRATIONS
            .iter()
            .filter(|(v, _, _)| self.before.is_none_or(|b| *v < b))
            .map(|&(version, description, merged)| {
                let sql = render(merged, self.dialect);
                Migration::new(
                    version,
                    Cow::Borrowed(description),
                    MigrationType::Simple,
                    Cow::Owned(sql),
                    false,
                )
            })
            .collect()
    }

    /// sqlx's migrator over these migrations.
    pub async fn migrator(self) -> StoreResult<Migrator> {
        Migrator::new(self).await.map_err(backend)
    }
}

/// What `MigrationSource::resolve` answers (sqlx's boxed future).
type Resolved<'s> = std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<Vec<Migration>, BoxDynError>> + Send + 's>,
>;

impl<'s> MigrationSource<'s> for Migrations {
    fn resolve(self) -> Resolved<'s> {
        Box::pin(async move { Ok(self.list()) })
    }
}

#[cfg(test)]
mod tests;
