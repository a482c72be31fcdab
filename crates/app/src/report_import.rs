//! 导入: an annual report published elsewhere (checked on `/reports/check`)
//! stored as an agency's published report of a year, so that the
//! carry-over (AR-09) and the other cross-year checks of the reports gongkai
//! generates have last year's figures. Versions are append-only: importing a
//! year that already has one adds a version, with a visible note naming the
//! file and who imported it.
//!
//! The JSON is never trusted as it comes: it is read again with
//! `AnnualReport::from_json` (only the cells of the national formats are
//! kept) and checked again with the rule catalogue before it is stored.

use chrono::{Datelike, Utc};
use gongkai_domain::report::{AnnualReport, RuleContext, validate};
use gongkai_domain::vocabulary::ReportFormat;
use gongkai_store::{Agency, NewAuditEntry, NewReportVersion, ReportVersion, StaffId};

use crate::{App, Error, reporting};

/// Who imports: for the note on the report and the audit trail.
pub struct Importer<'a> {
    pub staff_id: StaffId,
    pub display_name: &'a str,
    pub agency_short_name: &'a str,
}

/// What is imported: the report (the shared JSON shape, as the check page
/// wrote it) of `year` for `agency`, read from the file `source`.
pub struct Import<'a> {
    pub agency: &'a Agency,
    pub year: i32,
    pub report_json: &'a str,
    pub source: &'a str,
}

/// Store the report as a new published version of the agency's year.
pub async fn import(state: &App, by: &Importer<'_>, i: Import<'_>) -> Result<ReportVersion, Error> {
    let year = i.year;
    if ReportFormat::for_year(year).is_none() {
        return Err(Error::invalid(format!(
            "{year}年度没有全国统一的年度报告格式：只能导入2019年度及以后、按全国统一格式编制的报告。"
        )));
    }
    let today = state.clock.today();
    if year > today.year() {
        return Err(Error::invalid(format!(
            "{year}年度尚未开始，不能导入该年度的报告。"
        )));
    }
    let mut report = read(i.report_json)?;
    report.year = year;
    report.agency = i.agency.profile.full_name.clone();
    // Checked again here: the findings stored are the platform's, not the
    // client's. The day the report was first published elsewhere is unknown,
    // so AR-15 is not judged.
    let previous = reporting::published(state.store.as_ref(), i.agency.id, year - 1).await?;
    let findings = validate(
        &report,
        &RuleContext {
            previous: previous.as_ref(),
            agency_kind: Some(reporting::agency_kind(i.agency)),
            ..RuleContext::default()
        },
    );
    let source = source_name(i.source);
    let note = format!(
        "导入：本报告由{}（{}）于{}从在其他网站公布的文件“{source}”导入，表格按原文读取。",
        by.display_name,
        by.agency_short_name,
        today.format("%Y年%m月%d日")
    );
    let version = state
        .store
        .publish_report(&NewReportVersion {
            agency_id: i.agency.id,
            year,
            report: report.to_json(&findings),
            published_on: today,
            note: Some(note),
            published_by: Some(by.staff_id),
        })
        .await?;
    let errors = findings.iter().filter(|f| f.is_error()).count();
    state
        .store
        .append_audit(&NewAuditEntry {
            at: Utc::now(),
            staff_id: Some(by.staff_id),
            agency_id: Some(i.agency.id),
            action: "report.import".into(),
            detail: format!(
                "{year}年度报告第{}版，导入自文件“{source}”（{errors}处错误）",
                version.version
            ),
        })
        .await?;
    Ok(version)
}

/// The report as the check page wrote it; a free-text report (before 2019,
/// no national tables) is refused.
fn read(json: &str) -> Result<AnnualReport, Error> {
    let json: serde_json::Value = serde_json::from_str(json).map_err(|_| {
        Error::invalid("导入的报告数据无法读取。请在“年度报告检查”页面重新上传文件，检查后再导入。")
    })?;
    if json["format"].as_str() == Some("free-text") {
        return Err(Error::invalid(
            "这是没有全国统一格式表格的自由文本报告（2019年度以前），不能导入；只能导入按全国统一格式编制的报告。",
        ));
    }
    AnnualReport::from_json(&json).map_err(|e| Error::invalid(format!("导入的报告数据有误：{e}")))
}

/// The file name for the note: no control characters, not too long.
fn source_name(source: &str) -> String {
    let s: String = source
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let s = s.trim();
    if s.is_empty() {
        "（未命名）".into()
    } else {
        s.to_string()
    }
}
