//! The reader: lines → a parsed report.

use gongkai_domain::report::AnnualReport;
use gongkai_domain::vocabulary::ReportFormat;

use crate::lines::Line;
use crate::{InputKind, Layout, ParsedReport};

/// Reads a report from its lines.
pub fn read_lines(source: &str, input: InputKind, _lines: &[Line]) -> ParsedReport {
    ParsedReport {
        source: source.to_string(),
        input,
        layout: Layout::FreeText,
        year: None,
        year_location: None,
        agency: None,
        title: None,
        report: AnnualReport::blank(ReportFormat::Y2021, 0, ""),
        part_titles: Vec::new(),
        sources: Vec::new(),
        missing: Vec::new(),
        ambiguous: Vec::new(),
        figures: None,
        notes: Vec::new(),
    }
}
