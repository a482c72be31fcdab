//! An annual report as a file: JSON (the shared shape), standalone HTML,
//! DOCX, XLSX, PDF (rendered by `gongkai-render` on a blocking thread) and
//! the SVG chart of the year.

use askama::Template;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use gongkai_domain::report::{AnnualReport, Finding};

use crate::error::{AppError, AppResult};
use crate::report_view::{ReportGrids, grids};

/// A file format of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Html,
    Docx,
    Xlsx,
    Pdf,
    /// The year's figures as a chart.
    Svg,
}

impl ExportFormat {
    pub fn from_extension(ext: &str) -> Option<ExportFormat> {
        Some(match ext {
            "json" => ExportFormat::Json,
            "html" => ExportFormat::Html,
            "docx" => ExportFormat::Docx,
            "xlsx" => ExportFormat::Xlsx,
            "pdf" => ExportFormat::Pdf,
            "svg" => ExportFormat::Svg,
            _ => return None,
        })
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Html => "html",
            ExportFormat::Docx => "docx",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Pdf => "pdf",
            ExportFormat::Svg => "svg",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Json => "application/json; charset=utf-8",
            ExportFormat::Html => "text/html; charset=utf-8",
            ExportFormat::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            ExportFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            ExportFormat::Pdf => "application/pdf",
            ExportFormat::Svg => "image/svg+xml",
        }
    }
}

/// The report as a standalone HTML document (no links, styles inline).
#[derive(Template)]
#[template(path = "report_document.html")]
struct ReportDocument<'a> {
    report: &'a AnnualReport,
    paragraphs: [Vec<String>; 6],
    grids: ReportGrids,
    findings: &'a [Finding],
}

/// The paragraphs of each part (one per non-empty line).
pub fn paragraphs(report: &AnnualReport) -> [Vec<String>; 6] {
    std::array::from_fn(|i| {
        report.parts[i]
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    })
}

/// The bytes of the report in `format` (the SVG is the year's chart).
pub fn render(
    report: &AnnualReport,
    findings: &[Finding],
    format: ExportFormat,
) -> Result<Vec<u8>, String> {
    Ok(match format {
        ExportFormat::Json => {
            let mut s = serde_json::to_string_pretty(&report.to_json(findings))
                .map_err(|e| e.to_string())?;
            s.push('\n');
            s.into_bytes()
        }
        ExportFormat::Html => ReportDocument {
            report,
            paragraphs: paragraphs(report),
            grids: grids(report, findings, None, None),
            findings,
        }
        .render()
        .map_err(|e| e.to_string())?
        .into_bytes(),
        ExportFormat::Docx => gongkai_render::report_docx(report).map_err(|e| e.to_string())?,
        ExportFormat::Xlsx => gongkai_render::report_xlsx(report).map_err(|e| e.to_string())?,
        ExportFormat::Pdf => gongkai_render::report_pdf(report).map_err(|e| e.to_string())?,
        ExportFormat::Svg => gongkai_render::report_svg_year(report).into_bytes(),
    })
}

/// A download response: rendering runs on a blocking thread.
pub async fn respond(
    report: &AnnualReport,
    findings: &[Finding],
    format: ExportFormat,
    short_name: &str,
) -> AppResult<Response> {
    let (r, f) = (report.clone(), findings.to_vec());
    let bytes = tokio::task::spawn_blocking(move || render(&r, &f, format))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;
    let filename = format!(
        "{short_name}{}年政府信息公开工作年度报告.{}",
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

/// The trend chart over `reports` (one per year).
pub fn trend_svg(reports: &[AnnualReport]) -> String {
    gongkai_render::report_svg_trend(reports)
}
