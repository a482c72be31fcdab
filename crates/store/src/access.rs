//! Records of work package "access" (issue 13): who entered each piece of the
//! administrators' calendar, and the server's own secrets.

use chrono::{DateTime, NaiveDate, Utc};

use crate::StaffId;

/// What a calendar entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarEntryKind {
    /// A year's holiday notice.
    Year { year: i32 },
    /// A one-off change of one day.
    Day {
        date: NaiveDate,
        working: bool,
        name: String,
        notice: String,
    },
}

/// An entry of the administrators' calendar with who entered it and when
/// (the latest write; earlier writes are in the audit trail).
#[derive(Debug, Clone)]
pub struct CalendarEntry {
    pub kind: CalendarEntryKind,
    pub entered_by: Option<StaffId>,
    /// `display_name（username）` of the staff member, when known.
    pub entered_by_name: Option<String>,
    pub entered_at: DateTime<Utc>,
}

/// The name under which the CSRF key for anonymous visitors is kept.
pub const CSRF_SECRET: &str = "csrf";
