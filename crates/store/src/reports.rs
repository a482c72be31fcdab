//! Records of the annual reports (政府信息公开工作年度报告): the writer's
//! draft of an agency's report for a year, and the versions as published,
//! which are never changed or removed (a correction is a new version).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::{AgencyId, StaffId};

/// The writer's draft of an agency's report for a year (one per agency and year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportDraft {
    pub agency_id: AgencyId,
    pub year: i32,
    /// Texts of parts 一…六 (index 0..6); parts 二–四 may hold a lead-in.
    pub parts: [String; 6],
    /// Agencies whose figures are combined into this report (roll-up chosen
    /// by the supervisor), in the order chosen; empty = the agency alone.
    pub members: Vec<AgencyId>,
    pub updated_by: Option<StaffId>,
    /// Stored as given (PostgreSQL keeps microseconds).
    pub updated_at: DateTime<Utc>,
}

/// A version of a report to publish (see [`crate::Store::publish_report`]).
#[derive(Debug, Clone, PartialEq)]
pub struct NewReportVersion {
    pub agency_id: AgencyId,
    pub year: i32,
    /// The whole report as published: the JSON of
    /// `gongkai_domain::report::AnnualReport::to_json` (with findings).
    pub report: serde_json::Value,
    /// The day the report is published (AR-15 is checked against it).
    pub published_on: NaiveDate,
    /// For a correction: what was corrected and why (shown publicly). None
    /// for the first version.
    pub note: Option<String>,
    pub published_by: Option<StaffId>,
}

/// A published version of a report, as stored; never changed afterwards.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportVersion {
    pub id: i64,
    pub agency_id: AgencyId,
    pub year: i32,
    /// 1 for the first publication, then 2, 3 … for each correction.
    pub version: i32,
    pub report: serde_json::Value,
    pub published_on: NaiveDate,
    pub note: Option<String>,
    pub published_by: Option<StaffId>,
    /// When the store recorded it (its clock).
    pub published_at: DateTime<Utc>,
}

/// What the console reads of one agency's report of one year (see
/// [`crate::ReportStore::report_records`]); an agency and year with neither
/// a draft nor a version has no row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportRecordRow {
    pub agency_id: AgencyId,
    pub year: i32,
    /// The draft's errors at its last save; None: no draft.
    pub draft_errors: Option<u32>,
    /// The day the first version was published; None: not published.
    pub first_published: Option<NaiveDate>,
}
