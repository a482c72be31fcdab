//! Checking what was read: the domain's rule catalogue on each report, with
//! last year's report of the same agency when it is among the inputs (or
//! given, e.g. from the store), and the shared JSON shape with `missing` and
//! `ambiguous`.

use gongkai_domain::agency::AgencyKind;
use gongkai_domain::report::{AnnualReport, Finding, RuleContext, Severity, rules, validate};
use serde_json::{Value, json};

use crate::{Layout, ParsedReport, Unread};

/// A report as read, with its findings.
#[derive(Debug, Clone)]
pub struct CheckedReport {
    pub parsed: ParsedReport,
    pub findings: Vec<Finding>,
}

impl CheckedReport {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(Finding::is_error)
    }

    /// The shared JSON shape of `gongkai report generate --format json`,
    /// with cells blank in the text as `null` and text cells as written,
    /// plus `missing`, `ambiguous`, where each cell came from (`sources`),
    /// and for a free-text report the `figures` it states.
    pub fn to_json(&self) -> Value {
        let p = &self.parsed;
        let mut v = match p.layout {
            Layout::Format(_) => p.report.to_json(&self.findings),
            Layout::FreeText => json!({
                "table2": null,
                "table3": null,
                "table4": null,
                "parts": null,
                "findings": self.findings.iter().map(Finding::to_json).collect::<Vec<_>>(),
            }),
        };
        v["format"] = json!(p.layout.code());
        v["year"] = json!(p.year);
        v["agency"] = json!(p.agency);
        v["title"] = json!(p.title);
        v["source"] = json!(p.source);
        v["input"] = json!(p.input.code());
        v["missing"] = Value::Array(p.missing.iter().map(unread_json).collect());
        v["ambiguous"] = Value::Array(p.ambiguous.iter().map(unread_json).collect());
        v["sources"] = Value::Array(
            p.sources
                .iter()
                .map(|(c, l)| {
                    json!({"table": c.table, "row": c.row, "column": c.column, "location": l.to_string()})
                })
                .collect(),
        );
        v["notes"] = json!(p.notes);
        if let Some(f) = &p.figures {
            let mut figures = serde_json::Map::new();
            for (key, _, fig) in f.entries() {
                figures.insert(
                    key.to_string(),
                    fig.as_ref().map_or(Value::Null, |x| {
                        json!({"value": x.value, "location": x.location.to_string(), "quote": x.quote})
                    }),
                );
            }
            v["figures"] = Value::Object(figures);
        }
        v
    }
}

fn unread_json(u: &Unread) -> Value {
    json!({
        "table": if u.cell.table.is_empty() { Value::Null } else { json!(u.cell.table) },
        "row": u.cell.row,
        "key": if u.cell.key.is_empty() { Value::Null } else { json!(u.cell.key) },
        "column": u.cell.column,
        "found": u.found,
        "location": u.location.map(|l| l.to_string()),
        "message": u.message,
    })
}

/// The agency name compared across reports: its key (simplified, letters
/// and digits only).
fn agency_key(name: &str) -> String {
    crate::norm::key(name)
}

/// Checks each report; a report whose agency and previous year are among
/// the inputs is also checked against it (AR-09, AR-10, AR-14, AR-19).
pub fn check_all(reports: Vec<ParsedReport>) -> Vec<CheckedReport> {
    let previous: Vec<Option<usize>> = reports
        .iter()
        .map(|r| {
            let (Some(agency), Some(year)) = (r.agency.as_deref(), r.year) else {
                return None;
            };
            let key = agency_key(agency);
            reports.iter().position(|o| {
                matches!(o.layout, Layout::Format(_))
                    && o.year == Some(year - 1)
                    && o.agency.as_deref().map(agency_key).as_deref() == Some(key.as_str())
            })
        })
        .collect();
    let findings: Vec<Vec<Finding>> = reports
        .iter()
        .zip(&previous)
        .map(|(r, prev)| findings_of(r, prev.map(|i| &reports[i].report)))
        .collect();
    reports
        .into_iter()
        .zip(findings)
        .map(|(parsed, findings)| CheckedReport { parsed, findings })
        .collect()
}

/// Checks one report against a known last year's report (e.g. one stored).
pub fn check_one(parsed: ParsedReport, previous: Option<&AnnualReport>) -> CheckedReport {
    let findings = findings_of(&parsed, previous);
    CheckedReport { parsed, findings }
}

/// A government's report (AR-18 then also asks for the assessment results).
fn agency_kind(name: Option<&str>) -> Option<AgencyKind> {
    let name = agency_key(name?);
    (name.ends_with("人民政府") || name.ends_with("政府办公室") || name.ends_with("政府办公厅"))
        .then_some(AgencyKind::Government)
}

fn findings_of(p: &ParsedReport, previous: Option<&AnnualReport>) -> Vec<Finding> {
    let Layout::Format(format) = p.layout else {
        return free_text_findings(p);
    };
    let titles: Vec<(usize, String)> = p
        .part_titles
        .iter()
        .map(|(i, t, _)| (*i, t.clone()))
        .collect();
    let mut report = p.report.clone();
    if p.year.is_none() {
        // Without a year the format rule (AR-02) and the title rule (AR-16)
        // cannot be judged: judge the rest as if the year fitted the format.
        report.year = format.first_year();
    }
    let ctx = RuleContext {
        previous,
        agency_kind: agency_kind(p.agency.as_deref()),
        title: p.title.clone().filter(|_| p.year.is_some()),
        part_titles: Some(&titles),
        ..RuleContext::default()
    };
    let mut findings: Vec<Finding> = validate(&report, &ctx)
        .into_iter()
        // A cell the reader could not place is listed as ambiguous; calling
        // it blank (AR-03) would blame the report for the reader's doubt.
        .filter(|f| {
            !(f.rule == "AR-03"
                && p.is_ambiguous(f.table.as_deref(), f.row.as_deref(), f.column.as_deref()))
        })
        .filter(|f| p.year.is_some() || f.rule != "AR-02")
        .collect();
    unrecognised_tables(p, &mut findings);
    for f in &mut findings {
        if f.location.is_none()
            && let Some(l) =
                p.location_of(f.table.as_deref(), f.row.as_deref(), f.column.as_deref())
        {
            f.location = Some(l.to_string());
        }
    }
    findings
}

/// A table of which not one cell was read or found in doubt was not
/// recognised at all: one finding says so, instead of an AR-03 “为空” for
/// every cell (which would blame the report for what the reader missed).
fn unrecognised_tables(p: &ParsedReport, findings: &mut Vec<Finding>) {
    for (table, name) in [
        ("二", "主动公开政府信息情况"),
        ("三", "收到和处理政府信息公开申请情况"),
        ("四", "政府信息公开行政复议、行政诉讼情况"),
    ] {
        let read = p.sources.iter().any(|(c, _)| c.table == table)
            || p.ambiguous.iter().any(|u| u.cell.table == table);
        if read {
            continue;
        }
        let before = findings.len();
        findings.retain(|f| !(f.rule == "AR-03" && f.table.as_deref() == Some(table)));
        if findings.len() == before {
            continue;
        }
        findings.push(Finding {
            rule: "AR-03",
            severity: Severity::Error,
            table: Some(table.to_string()),
            row: None,
            column: None,
            expected: Some("可识别的表格".into()),
            found: Some("未能识别".into()),
            message: format!(
                "表{table}（{name}）未能识别：文中找不到它的行标签和数字，各单元格无法读取，请核对该表是否完整，或把表格另存为网页（HTML）或 Word 文件后再检查。"
            ),
            location: None,
        });
    }
}

/// A report without tables: only the format rule can be judged (AR-02: a
/// report from 2019 on must use the national format).
fn free_text_findings(p: &ParsedReport) -> Vec<Finding> {
    p.year.and_then(rules::ar02_free_text).into_iter().collect()
}
