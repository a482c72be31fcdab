//! An annual report as a download: the standalone HTML document (askama)
//! and the response; the formats and the other renderings are
//! `gongkai_app::report_export`, run on a blocking thread.

use askama::Template;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use gongkai_app::report_export::{ExportFormat, paragraphs};
use gongkai_domain::report::{AnnualReport, Finding};

use crate::error::{AppError, AppResult};
use crate::report_view::{ReportGrids, grids};

/// The report as a standalone HTML document (no links, styles inline).
#[derive(Template)]
#[template(path = "report_document.html")]
struct ReportDocument<'a> {
    /// Served as a page (`respond`): the skip link, display mode and site
    /// footer of every page; none in a file written by the command line.
    chrome: Option<crate::views::Chrome>,
    report: &'a AnnualReport,
    paragraphs: [Vec<String>; 6],
    grids: ReportGrids,
    findings: &'a [Finding],
}

/// The standalone HTML document of the report.
pub fn html_document(report: &AnnualReport, findings: &[Finding]) -> Result<String, String> {
    document(report, findings, None)
}

fn document(
    report: &AnnualReport,
    findings: &[Finding],
    chrome: Option<crate::views::Chrome>,
) -> Result<String, String> {
    ReportDocument {
        chrome,
        report,
        paragraphs: paragraphs(report),
        grids: grids(report, findings, None, None),
        findings,
    }
    .render()
    .map_err(|e| e.to_string())
}

/// The bytes of the report in `format` (the SVG is the year's chart).
pub fn render(
    report: &AnnualReport,
    findings: &[Finding],
    format: ExportFormat,
) -> Result<Vec<u8>, String> {
    gongkai_app::report_export::render(report, findings, format, html_document)
}

/// A download response: rendering runs on a blocking thread. The file is
/// named as the agency publishes it, with its full name
/// (`白沙县交通运输局2025年政府信息公开工作年度报告.docx`).
pub async fn respond(
    report: &AnnualReport,
    findings: &[Finding],
    format: ExportFormat,
    agency_name: &str,
) -> AppResult<Response> {
    let bytes = if format == ExportFormat::Html {
        // A page read in the browser: rendered here, where the request's
        // display mode and site settings are known (askama is quick).
        let chrome = crate::views::Chrome::new(None, "");
        document(report, findings, Some(chrome))
            .map_err(AppError::internal)?
            .into_bytes()
    } else {
        let (r, f) = (report.clone(), findings.to_vec());
        tokio::task::spawn_blocking(move || render(&r, &f, format))
            .await
            .map_err(AppError::internal)?
            .map_err(AppError::internal)?
    };
    let filename = format!(
        "{agency_name}{}年政府信息公开工作年度报告.{}",
        report.year,
        format.extension()
    );
    let disposition = match format {
        ExportFormat::Svg | ExportFormat::Html => "inline".to_string(),
        _ => crate::downloads::content_disposition(
            crate::downloads::Disposition::Attachment,
            &filename,
        ),
    };
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
