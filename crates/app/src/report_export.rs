//! An annual report as a file: JSON (the shared shape), standalone HTML
//! (written by the caller's template), DOCX, XLSX, PDF (rendered by
//! `gongkai-render`) and the SVG chart of the year.

use gongkai_domain::report::{AnnualReport, Finding};

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

/// How the standalone HTML document is written (the web layer's template).
pub type HtmlDocument = fn(&AnnualReport, &[Finding]) -> Result<String, String>;

/// The bytes of the report in `format` (the SVG is the year's chart); the
/// HTML document is written by `html`.
pub fn render(
    report: &AnnualReport,
    findings: &[Finding],
    format: ExportFormat,
    html: HtmlDocument,
) -> Result<Vec<u8>, String> {
    Ok(match format {
        ExportFormat::Json => {
            let mut s = serde_json::to_string_pretty(&report.to_json(findings))
                .map_err(|e| e.to_string())?;
            s.push('\n');
            s.into_bytes()
        }
        ExportFormat::Html => html(report, findings)?.into_bytes(),
        ExportFormat::Docx => gongkai_render::report_docx(report).map_err(|e| e.to_string())?,
        ExportFormat::Xlsx => gongkai_render::report_xlsx(report).map_err(|e| e.to_string())?,
        ExportFormat::Pdf => gongkai_render::report_pdf(report).map_err(|e| e.to_string())?,
        ExportFormat::Svg => gongkai_render::report_svg_year(report).into_bytes(),
    })
}

/// The trend chart over `reports` (one per year).
pub fn trend_svg(reports: &[AnnualReport]) -> String {
    gongkai_render::report_svg_trend(reports)
}
