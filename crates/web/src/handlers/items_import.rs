//! `GET|POST /admin/agencies/{code}/items/import`: 导入历史目录 — an agency's
//! catalogue from its old site, as a CSV (UTF-8 or GB18030/GBK) or XLSX
//! file, checked first and then imported; and `GET
//! /workbench/items/import-template.csv`, the template. The command is
//! `gongkai_app::catalogue_import`, the one `gongkai import catalogue` runs:
//! the same checks, the same report, the same permission
//! (`Permission::ImportCatalogue`).
//!
//! Two steps, nothing kept between them: "检查" reads the file and reports;
//! when it passes, the page offers "导入" with the file's fingerprint, and
//! the import takes only that same file (chosen again: a browser does not
//! keep a chosen file across pages), checked again as it goes in.

use askama::Template;
use axum::extract::multipart::Field;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use gongkai_app::catalogue_import::{
    self as catalogue_import, ImportOptions, ImportReport, MAX_FILE_BYTES, MAX_FILE_LABEL, Outcome,
    Upload,
};
use gongkai_domain::catalogue::{IMPORT_HEADER, IMPORT_OPTIONAL_COLUMNS};
use gongkai_store::Agency;

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::error::AppResult;
use crate::params::Path;
use crate::state::AppState;
use crate::views::Chrome;

/// Problems listed on the page; the rest are counted.
const LISTED_ERRORS: usize = 500;

/// One problem of the file.
pub struct ErrorLine {
    pub row: usize,
    pub field: String,
    pub reason: String,
}

/// The report as the page shows it.
pub struct ReportView {
    pub file_name: String,
    pub read_as: String,
    pub notice: Option<&'static str>,
    pub data_rows: usize,
    pub importable: usize,
    pub bad_rows: usize,
    pub summary: String,
    pub skipped: Option<String>,
    pub errors: Vec<ErrorLine>,
    /// Problems not listed.
    pub more_errors: usize,
    pub passed: bool,
    pub imported: bool,
    /// The header is wrong: no row was checked, so no counts.
    pub header_refused: bool,
}

impl ReportView {
    fn of(r: &ImportReport) -> ReportView {
        ReportView {
            file_name: r.file_name.clone(),
            read_as: r.read_as.label(),
            notice: r.read_as.notice(),
            data_rows: r.data_rows,
            importable: r.importable,
            bad_rows: r.bad_rows.len(),
            summary: match r.outcome {
                Outcome::HeaderRefused => format!(
                    "{}请按下方的文件要求或导入模板修改表头后重新检查。",
                    r.summary()
                ),
                Outcome::Refused => format!(
                    "{}请修改后重新检查，或勾选“跳过有误的行”只导入正确的行。",
                    r.summary()
                ),
                _ => r.summary(),
            },
            skipped: r.skipped(),
            errors: r
                .errors
                .iter()
                .take(LISTED_ERRORS)
                .map(|e| ErrorLine {
                    row: e.row,
                    field: e.field.clone(),
                    reason: e.reason.clone(),
                })
                .collect(),
            more_errors: r.errors.len().saturating_sub(LISTED_ERRORS),
            passed: r.passed(),
            imported: matches!(r.outcome, Outcome::Imported { .. }),
            header_refused: r.outcome == Outcome::HeaderRefused,
        }
    }
}

#[derive(Template)]
#[template(path = "items_import.html")]
pub struct ImportPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub header: String,
    pub optional: String,
    pub limit: &'static str,
    pub report: Option<ReportView>,
    pub error: Option<String>,
    /// After a check that passed: the fingerprint the import must match.
    pub checked: Option<String>,
    pub skip_bad: bool,
}

impl ImportPage {
    fn new(who: &CurrentStaff, csrf: &str, agency: Agency) -> ImportPage {
        ImportPage {
            chrome: Chrome::new(Some(who), csrf),
            agency,
            header: IMPORT_HEADER.join("、"),
            optional: IMPORT_OPTIONAL_COLUMNS.join("、"),
            limit: MAX_FILE_LABEL,
            report: None,
            error: None,
            checked: None,
            skip_bad: false,
        }
    }
}

/// The agency named in the path, where `who` may import.
async fn agency_for(state: &AppState, who: &CurrentStaff, code: &str) -> AppResult<Agency> {
    let agency = crate::tree::by_code(state, code).await?.agency;
    catalogue_import::may_import(state.store.as_ref(), &who.staff, &agency).await?;
    Ok(agency)
}

/// `GET /admin/agencies/{code}/items/import`: the form.
pub async fn form(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(code): Path<String>,
) -> AppResult<Html<String>> {
    let agency = agency_for(&state, &who, &code).await?;
    Ok(Html(ImportPage::new(&who, &csrf.0.0, agency).render()?))
}

/// The submitted form.
#[derive(Default)]
struct Submitted {
    import: bool,
    skip_bad: bool,
    checked: String,
    file: Option<(String, Vec<u8>)>,
}

const BROKEN: &str = "上传中断或文件过大：请重新选择文件上传。";

async fn read_form(mut multipart: Multipart) -> Result<Submitted, String> {
    let mut f = Submitted::default();
    while let Some(mut field) = multipart.next_field().await.map_err(|_| BROKEN)? {
        match field.name().unwrap_or_default() {
            "file" => {
                let name = field.file_name().unwrap_or_default().to_string();
                let bytes = read_limited(&mut field).await?;
                if !bytes.is_empty() {
                    f.file = Some((name, bytes));
                }
            }
            "step" => f.import = field.text().await.map_err(|_| BROKEN)? == "import",
            "skip_bad" => f.skip_bad = true,
            "checked" => f.checked = field.text().await.map_err(|_| BROKEN)?,
            _ => {}
        }
    }
    Ok(f)
}

/// The file, refused past the limit without holding more of it.
async fn read_limited(field: &mut Field<'_>) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|_| BROKEN)? {
        if bytes.len() + chunk.len() > MAX_FILE_BYTES {
            return Err(format!(
                "文件超过{MAX_FILE_LABEL}：请把目录分成几个文件分别导入（已导入的信息不会重复导入），或请系统管理员用命令行 gongkai import catalogue 导入。"
            ));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// `POST /admin/agencies/{code}/items/import` (multipart: `file`, `step` =
/// `check` or `import`, `skip_bad`, `checked`): the report, or why the
/// file was not read.
pub async fn submit(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(code): Path<String>,
    req: Request,
) -> AppResult<Response> {
    // Who may, before the upload is read at all.
    let agency = agency_for(&state, &who, &code).await?;
    let mut page = ImportPage::new(&who, &csrf.0.0, agency.clone());
    let Ok(multipart) = Multipart::from_request(req, &state).await else {
        return refused(page, "请在本页选择文件后点击“检查”。".into());
    };
    let form = match read_form(multipart).await {
        Ok(f) => f,
        Err(e) => return refused(page, e),
    };
    page.skip_bad = form.skip_bad;
    let Some((file_name, bytes)) = form.file else {
        return refused(page, "请选择要导入的 CSV 或 XLSX 文件。".into());
    };
    let fingerprint = catalogue_import::fingerprint(&bytes);
    if form.import && form.checked != fingerprint {
        return refused(
            page,
            "所选文件不是刚才检查通过的文件：请先点击“检查”，检查通过后再导入。".into(),
        );
    }
    let opts = ImportOptions {
        skip_bad: form.skip_bad,
        dry_run: !form.import,
    };
    let upload = Upload { file_name, bytes };
    let report = match catalogue_import::run(&state, &who.staff, &agency, upload, opts).await {
        Ok(r) => r,
        Err(gongkai_app::Error::Invalid(m)) => return refused(page, m),
        Err(e) => return Err(e.into()),
    };
    let status = if report.passed() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    if report.passed() && !form.import {
        page.checked = Some(fingerprint);
    }
    page.report = Some(ReportView::of(&report));
    Ok((status, Html(page.render()?)).into_response())
}

fn refused(mut page: ImportPage, message: String) -> AppResult<Response> {
    page.error = Some(message);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
}

/// `GET /workbench/items/import-template.csv`: the header and an example
/// row, UTF-8 with a BOM so that Excel opens it as such. For those who
/// import and for the editors who prepare the files.
pub async fn template(who: CurrentStaff) -> Result<Response, crate::error::AppError> {
    use gongkai_domain::policy::{Permission, may_here};
    let roles = &who.staff.roles;
    may_here(roles, Permission::ImportCatalogue)
        .or_else(|_| may_here(roles, Permission::EditCatalogueItem))
        .map_err(|r| crate::error::AppError::forbidden(r.0))?;
    let body = format!("\u{feff}{}", catalogue_import::template());
    Ok(crate::downloads::attachment(
        body.into_bytes(),
        "目录导入模板.csv",
        "text/csv; charset=utf-8",
    ))
}
