//! Building the application: routes, layers, the bound listener.

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware;
use axum::routing::{MethodRouter, get, post};
use gongkai_store::Store;
use tokio::net::TcpListener;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::api;
use crate::csrf::csrf_layer;
use crate::error::AppError;
use crate::handlers::*;
use crate::headers::privacy_headers;
use crate::limits::{RateLimits, rate_limit_layer};
use crate::state::AppState;
use gongkai_app::App;
use gongkai_app::Settings;
use gongkai_app::clock::Clock;
use gongkai_app::uploads;

/// A built application: the listener is bound, so the port is known before it serves.
pub struct Application {
    port: u16,
    listener: TcpListener,
    router: Router,
    state: AppState,
}

impl Application {
    /// Bind with the store the binary opened (and migrated).
    pub async fn build(settings: Settings, store: Arc<dyn Store>) -> anyhow::Result<Application> {
        Self::build_with_clock(settings, store, Clock::system()).await
    }

    /// Bind with a given clock (tests replay worked examples on fixed dates).
    pub async fn build_with_clock(
        settings: Settings,
        store: Arc<dyn Store>,
        clock: Clock,
    ) -> anyhow::Result<Application> {
        let address = format!("{}:{}", settings.bind, settings.port);
        let listener = TcpListener::bind(&address).await.map_err(|e| {
            anyhow::anyhow!("无法监听 {address}：{e}。端口可能已被占用，请用 --port 换一个。")
        })?;
        let port = listener.local_addr()?.port();
        // Links are built from the settings: they carry the port actually bound.
        let mut settings = settings;
        settings.port = port;
        if settings.public_url.is_none() && !is_loopback(&settings.bind) {
            tracing::warn!(
                bind = %settings.bind,
                "public_url is not configured: absolute links (sitemap, feeds) use the bound address; set public_url in production"
            );
        }
        let app = App::new(settings, store, clock)?;
        // A database from before the case read model: build it once.
        let projected = gongkai_app::case_list::project_missing(&app).await?;
        if projected > 0 {
            tracing::info!(
                cases = projected,
                "case read model built for existing cases"
            );
        }
        app.start_workers()?;
        let state = AppState::for_app(app).await?;
        tokio::spawn(crate::page_cache::follow_versions(state.clone()));
        tokio::spawn(crate::site_check::daily(state.clone()));
        Ok(Application {
            port,
            listener,
            router: router(state.clone()),
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The address to print: the configured public URL, or the bound local one.
    pub fn url(&self) -> String {
        self.state.settings.base_url()
    }

    /// Serve until Ctrl+C, with the configured timeouts and connection limit
    /// (see [`crate::serve`]).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let limits = self.state.settings.limits.clone();
        crate::serve::serve(self.listener, self.router, &limits, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
    }
}

/// The routes as data: each path with its method router, in the order added.
#[derive(Default)]
pub struct RouteTable {
    router: Router<AppState>,
    paths: Vec<&'static str>,
}

impl RouteTable {
    pub fn route(mut self, path: &'static str, method_router: MethodRouter<AppState>) -> Self {
        self.router = self.router.route(path, method_router);
        self.paths.push(path);
        self
    }

    /// The path patterns (`/cases/{number}`); the methods of each are the
    /// router's own `Allow` answer to a request with an unserved method.
    pub fn paths(&self) -> &[&'static str] {
        &self.paths
    }

    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}

/// Every path pattern the router serves.
pub fn route_paths() -> Vec<&'static str> {
    routes().paths
}

fn header_layer(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

fn is_loopback(bind: &str) -> bool {
    matches!(bind, "127.0.0.1" | "::1" | "localhost")
}

/// The span of a request: method and path only. The query string may hold a
/// search for a citizen's ID number or a form's CSRF token, and headers hold
/// cookies: neither is logged at any level.
fn request_span(req: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
}

/// Every route of the application, recorded as it is added: the router is built
/// from this table, and tests enumerate it (`route_paths`) so that a route added
/// here without an access decision in crates/cli/tests/it/access_matrix.rs fails.
/// (Kept as it was written inside `router` before it became a table.)
#[rustfmt::skip]
pub fn routes() -> RouteTable {
    RouteTable::default()
        .route("/", get(home::home))
        .route("/latest", get(latest::latest))
        .route("/healthz", get(health::healthz))
        .route("/static/gongkai.css", get(assets::stylesheet))
        .route("/static/access.css", get(assets::access_stylesheet))
        .route("/display", get(crate::display::switch))
        .route("/static/report-editor.js", get(assets::report_editor_script))
        .route("/static/item-editor.js", get(assets::item_editor_script))
        .route("/static/portal.css", get(portal_pages::stylesheet))
        .route("/static/theme/{file}", get(portal_pages::theme))
        .route("/contact", get(portal_pages::contact))
        .route("/site-map", get(portal_pages::site_map))
        .route("/privacy", get(portal_pages::privacy))
        .route("/accessibility", get(portal_pages::accessibility))
        .route("/admin/site", get(admin_site::platform_form).post(admin_site::platform_save))
        .route("/admin/agencies/{code}/site", get(admin_site::agency_form).post(admin_site::agency_save))
        .route("/agencies/{code}/subscribe", get(portal_pages::subscribe))
        .route("/agencies/{code}", get(agency_column::column_home))
        .route("/agencies/{code}/guide/application-form.docx", get(guide_form::docx))
        .route("/agencies/{code}/guide/application-form.pdf", get(guide_form::pdf))
        .route("/agencies/{code}/catalogue", get(items_public::catalogue))
        .route("/agencies/{code}/feed.atom", get(items_public::feed))
        .route("/agencies/{code}/reports", get(reports_public::list))
        .route("/agencies/{code}/reports/trend.svg", get(reports_public::trend))
        .route("/agencies/{code}/reports/{year}", get(reports_public::show))
        .route("/agencies/{code}/reports/{year}/{file}", get(reports_public::file))
        .route("/agencies/{code}/standard-catalogue", get(catalogue_standard_public::show))
        .route(
            "/agencies/{code}/standard-catalogue.xlsx",
            get(catalogue_standard_public::xlsx),
        )
        .route("/agencies/{code}/plans", get(plans_public::list))
        .route("/agencies/{code}/plans/{id}", get(plans_public::show))
        .route("/agencies/{code}/plans/{id}/report.docx", get(plans_public::report_docx))
        .route("/agencies/{code}/plans/{id}/report.pdf", get(plans_public::report_pdf))
        .route("/agencies/{code}/consultations", get(consultations_public::list))
        .route("/agencies/{code}/consultations.atom", get(participation_feeds::consultations))
        .route("/agencies/{code}/questions.atom", get(participation_feeds::questions))
        .route("/agencies/{code}/motions.atom", get(participation_feeds::motions))
        .route("/agencies/{code}/consultations/{id}", get(consultations_public::show))
        .route("/agencies/{code}/consultations/{id}/comments", post(consultations_public::comment))
        .route("/agencies/{code}/consultations/{id}/hearings", get(hearings::public))
        .route("/agencies/{code}/decisions", get(decision_catalogue::public))
        .route("/agencies/{code}/concerns", get(concerns_public::column))
        .route("/agencies/{code}/concerns.atom", get(concerns_public::feed))
        .route("/agencies/{code}/concerns/{id}", get(concerns_public::show))
        .route("/agencies/{code}/motions", get(motions_public::year))
        .route("/agencies/{code}/motions/{id}", get(motions_public::reply))
        .route("/agencies/{code}/questions", get(questions_public::list).post(questions_public::ask))
        .route("/agencies/{code}/questions/new", get(questions_public::new_form))
        .route(
            "/agencies/{code}/questions/track",
            get(questions_public::track_form).post(questions_public::track),
        )
        .route("/agencies/{code}/questions/{id}", get(questions_public::show))
        .route("/agencies/{code}/{part}", get(agency_column::column_part))
        .route("/workbench/reports", get(reports::index))
        .route("/workbench/reports/import", get(report_import::form).post(report_import::import))
        .route("/workbench/reports/{code}/{year}", get(reports::show).post(reports::save))
        .route("/workbench/reports/{code}/{year}/publish", post(reports::publish))
        .route("/workbench/reports/{code}/{year}/similarity", post(reports::similarity))
        .route("/workbench/reports/{code}/{year}/cells", get(reports::cells))
        .route("/workbench/reports/{code}/{year}/{file}", get(reports::export))
        .route(
            "/reports/check",
            get(report_check::form)
                .post(report_check::check)
                .layer(DefaultBodyLimit::max(crate::report_check::MAX_BODY_BYTES)),
        )
        .route(
            "/reports/check/summary.xlsx",
            post(report_check::summary)
                .layer(DefaultBodyLimit::max(crate::report_check::MAX_BODY_BYTES)),
        )
        .route("/sitemap.xml", get(sitemap::index))
        .route("/sitemaps/agencies.xml", get(sitemap::agencies))
        .route("/sitemaps/{file}", get(sitemap::items))
        .route("/items", get(items_list::list))
        .route("/items/new", get(items_staff::new_form).post(items_staff::create))
        .route("/items/{id}", get(items_public::item))
        .route("/items/{id}/manage", get(items_manage::manage))
        .route("/items/{id}/edit", get(items_staff::edit_form).post(items_staff::update))
        .route("/items/{id}/actions", post(items_staff::act))
        .route(
            "/items/{id}/attachments",
            post(items_staff::attach).layer(DefaultBodyLimit::max(uploads::MAX_UPLOAD_BYTES + 1024 * 1024)),
        )
        .route("/items/preview", post(items_review::preview_new))
        .route("/items/{id}/preview", post(items_review::preview_existing))
        .route("/items/{id}/files/{sha}/preview", get(items_review::office_preview))
        .route(
            "/items/{id}/body-source",
            post(items_body::take_body).layer(DefaultBodyLimit::max(uploads::MAX_UPLOAD_BYTES + 1024 * 1024)),
        )
        .route("/files/{sha}/{name}", get(items_public::file))
        .route("/login", get(login::login_page).post(login::login_submit))
        .route("/logout", post(logout::logout))
        .route("/workbench", get(workbench::workbench))
        .route("/workbench/audit", get(audit_trail::trail))
        .route("/workbench/plans", get(plans::list))
        .route(
            "/workbench/plans/import",
            post(plans::import).layer(DefaultBodyLimit::max(plans::MAX_BODY_BYTES)),
        )
        .route("/workbench/plans/{id}", get(plan_show::show))
        .route("/workbench/plans/{id}/lookback", get(plan_lookback::show).post(plan_lookback::note))
        .route("/workbench/plans/{id}/lookback/publish", post(plan_lookback::publish))
        .route("/workbench/plans/{id}/report.docx", get(plan_lookback::report_docx))
        .route("/workbench/plans/{id}/report.pdf", get(plan_lookback::report_pdf))
        .route("/workbench/plans/{id}/ledger.xlsx", get(plan_ledger::ledger))
        .route(
            "/workbench/plans/{id}/derive",
            get(plan_derive::form).post(plan_derive::save),
        )
        .route(
            "/workbench/tasks/{id}",
            get(plan_task::show)
                .post(plan_task::act)
                .layer(DefaultBodyLimit::max(gongkai_app::plans::files::STEP_BYTES_MAX + 1024 * 1024)),
        )
        .route("/workbench/tasks/{id}/files/{sha}", get(plan_task::file))
        .route("/workbench/cases", get(case_register_list::list))
        .route("/workbench/health", get(health_page::show))
        .route("/workbench/health/run", post(health_page::run))
        .route("/workbench/supervision", get(supervision_console::show))
        .route("/workbench/items/late", get(items_late::list))
        .route("/workbench/items/import-template.csv", get(items_import::template))
        .route("/workbench/scorecards", get(scorecards::list).post(scorecards::start))
        .route("/workbench/scorecards/{run}", get(scorecards::show))
        .route(
            "/workbench/scorecards/{run}/agencies/{code}",
            get(scorecards_card::show).post(scorecards_card::score),
        )
        .route(
            "/workbench/scorecards/{run}/agencies/{code}/evidence/{sha256}",
            get(scorecards_card::evidence),
        )
        .route("/workbench/scorecards/{run}/assignments", post(scorecards_assign::assign))
        .route(
            "/workbench/scorecards/{run}/assignments/withdraw",
            post(scorecards_assign::withdraw),
        )
        .route("/workbench/scorecards/{run}/bulletin.docx", get(scorecards::bulletin_docx))
        .route("/workbench/scorecards/{run}/bulletin.pdf", get(scorecards::bulletin_pdf))
        .route("/workbench/consultations", get(consultations::list))
        .route(
            "/workbench/consultations/new",
            get(consultations::new_form).post(consultations::create),
        )
        .route("/workbench/consultations/{id}", get(consultations_show::show))
        .route("/workbench/consultations/{id}/publish", post(consultations_show::publish))
        .route("/workbench/consultations/{id}/moderate", post(consultations_show::moderate))
        .route("/workbench/consultations/{id}/feedback", post(consultations_show::feedback))
        .route("/workbench/consultations/{id}/decision", post(consultations_show::decision))
        .route("/workbench/consultations/settings", post(consultations::settings))
        .route(
            "/workbench/consultations/{id}/edit",
            get(consultations::edit_form).post(consultations::edit),
        )
        .route(
            "/workbench/consultations/{id}/hearings",
            get(hearings::staff).post(hearings::create),
        )
        .route("/workbench/hearings/{id}/edit", post(hearings::edit))
        .route("/workbench/hearings/{id}/publish", post(hearings::publish))
        .route("/workbench/hearings/{id}/participants", post(hearings::participants))
        .route("/workbench/hearings/{id}/record", post(hearings::record))
        .route("/workbench/decisions", get(decision_catalogue::staff))
        .route("/workbench/decisions/entries", post(decision_catalogue::add))
        .route("/workbench/decisions/entries/{id}", post(decision_catalogue::update))
        .route("/workbench/decisions/publish", post(decision_catalogue::publish))
        .route("/workbench/concerns", get(concerns::queue).post(concerns::register))
        .route("/workbench/concerns/{id}", get(concerns::show))
        .route("/workbench/concerns/{id}/respond", post(concerns::respond))
        .route("/workbench/concerns/{id}/close", post(concerns::close))
        .route("/workbench/motions", get(motions::overview))
        .route("/workbench/motions/sessions", post(motions::create_session))
        .route(
            "/workbench/motions/sessions/{id}",
            get(motions::session).post(motions::register),
        )
        .route("/workbench/motions/overdue", get(motions::overdue))
        .route("/workbench/motions/{id}", get(motions_show::show))
        .route("/workbench/motions/{id}/extend", post(motions_show::extend))
        .route("/workbench/motions/{id}/reply", post(motions_show::reply))
        .route("/workbench/motions/{id}/publish", post(motions_show::publish))
        .route("/workbench/motions/{id}/satisfaction", post(motions_show::satisfaction))
        .route("/workbench/questions", get(questions::list))
        .route(
            "/workbench/questions/settings",
            get(questions::settings).post(questions::save_settings),
        )
        .route("/workbench/questions/{id}", get(questions::show))
        .route("/workbench/questions/{id}/answer", post(questions::answer))
        .route("/workbench/questions/{id}/publish", post(questions::publish))
        .route("/workbench/questions/{id}/refer", post(questions::refer))
        .route(
            "/workbench/questions/{id}/convert",
            get(questions_convert::form).post(questions_convert::convert),
        )
        .route("/workbench/supervision/plans", get(plan_supervision::plans))
        .route("/workbench/supervision/inspections", post(plan_supervision::open))
        .route("/workbench/supervision/inspections/{inspection}", get(plan_supervision::show))
        .route(
            "/workbench/supervision/inspections/{inspection}/findings",
            post(plan_supervision::add_finding),
        )
        .route("/workbench/supervision/inspections/{inspection}/issue", post(plan_supervision::issue))
        .route(
            "/workbench/supervision/inspections/{inspection}/bulletin.docx",
            get(plan_supervision::bulletin_docx),
        )
        .route(
            "/workbench/supervision/inspections/{inspection}/bulletin.pdf",
            get(plan_supervision::bulletin_pdf),
        )
        .route("/admin/agencies/new", get(admin_agency::new_form).post(admin_agency::create))
        .route("/admin/agencies/{code}/edit", get(admin_agency::edit_form).post(admin_agency::update))
        .route("/admin/agencies/{code}/texts", get(admin_texts::edit).post(admin_texts::save))
        .route("/admin/agencies/{code}/synonyms", get(admin_synonyms::list).post(admin_synonyms::save))
        .route("/admin/agencies/{code}/online", post(admin_launch::set))
        .route("/admin/agencies/{code}/findings-mail", post(admin_findings_mail::save))
        .route(
            "/admin/agencies/{code}/requests",
            get(admin_requests::show).post(admin_requests::save),
        )
        .route("/admin/agencies/{code}/staff", get(admin_staff::list).post(admin_staff::create))
        .route("/admin/agencies/{code}/staff/{username}/{action}", post(staff_lifecycle::act))
        .route("/admin/agencies/{code}/units", get(admin_units::list).post(admin_units::save))
        .route(
            "/admin/agencies/{code}/standard-catalogue",
            get(admin_catalogue::show).post(admin_catalogue::save),
        )
        .route("/account/password", get(account::password_form).post(account::change_password))
        .route(
            "/agencies/{code}/apply",
            get(apply::form)
                .post(apply::submit)
                .layer(DefaultBodyLimit::max(uploads::MAX_UPLOAD_BYTES + 1024 * 1024)),
        )
        .route("/track", get(track::login_page).post(track::login))
        .route("/track/case", get(track::show))
        .route(
            "/track/correction",
            post(track_correction::correct).layer(DefaultBodyLimit::max(uploads::MAX_UPLOAD_BYTES + 1024 * 1024)),
        )
        .route("/track/logout", post(track::logout))
        .route("/track/withdraw", post(track_release::withdraw))
        .route("/track/files/{id}", get(track_release::file))
        .route("/track/documents/{file}", get(track::document))
        .route("/cases/new", get(case_register::form).post(case_register::create))
        .route("/cases/{number}", get(case_show::show))
        .route("/cases/{number}/actions", post(case_action::act))
        .route(
            "/cases/{number}/released",
            post(case_decision::upload).layer(DefaultBodyLimit::max(uploads::MAX_UPLOAD_BYTES + 1024 * 1024)),
        )
        .route("/cases/{number}/query-code", post(case_query_code::reissue))
        .route("/cases/{number}/proactive", post(case_proactive::propose))
        .route("/cases/{number}/appeals", post(case_appeals::create))
        .route("/cases/{number}/appeals/{id}", post(case_appeals::decide))
        .route("/cases/{number}/documents/{file}", get(case_documents::staff_document))
        .route("/cases/{number}/attachments/{id}", get(case_documents::staff_attachment))
        .route("/api/openapi.json", get(api::openapi::openapi_json))
        .route("/api/search", get(api::search::search))
        .route("/api/v1/search", get(api::search::search))
        .route("/search", get(search_page::search_page))
        .route(
            "/api/v1/sessions",
            post(api::auth::create_session).delete(api::auth::delete_session),
        )
        .route("/api/v1/agencies/{code}/applications", post(api::applications::apply))
        .route("/api/v1/agencies/{code}/register/{year}", get(api::register::register))
        .route("/api/v1/track", post(api::applications::track))
        .route(
            "/api/v1/reports/check",
            post(api::report_check::check)
                .layer(DefaultBodyLimit::max(crate::report_check::MAX_BODY_BYTES)),
        )
        .route("/api/v1/agencies/{code}/figures/{year}", get(api::figures::get).put(api::figures::put))
        .route("/api/v1/cases", get(api::cases::list).post(api::cases::register))
        .route("/api/v1/cases/{number}", get(api::cases::show))
        .route("/api/v1/cases/{number}/events", post(api::cases::record))
        .route("/api/v1/cases/{number}/proactive", post(api::cases::propose_proactive))
        .route("/api/v1/case-register", get(api::case_register::list))
        .route("/api/v1/agencies/{code}/plans", get(api::plans::list))
        .route("/api/v1/plans/{id}", get(api::plans::show_plan))
        .route("/api/v1/tasks/{id}", get(api::plans::show_task))
        .route("/api/v1/tasks/{id}/files/{sha}", get(api::plans::task_file))
        .route("/api/v1/tasks/{id}/events", post(api::plans::record))
        .route("/api/v1/agencies/{code}/consultations", get(api::consultations::list))
        .route("/api/v1/agencies/{code}/consultations/{id}", get(api::consultations::show))
        .route(
            "/api/v1/agencies/{code}/consultations/{id}/comments",
            post(api::consultations::comment),
        )
        .route("/api/v1/consultations", get(api::consultations::staff_list))
        .route("/api/v1/consultations/{id}", get(api::consultations::staff_show))
        .route("/api/v1/consultations/{id}/feedback", post(api::consultations::feedback))
        .route(
            "/api/v1/agencies/{code}/questions",
            get(api::questions::list).post(api::questions::ask),
        )
        .route("/api/v1/agencies/{code}/questions/track", post(api::questions::track))
        .route("/api/v1/agencies/{code}/questions/{id}", get(api::questions::show))
        .route("/api/v1/questions", get(api::questions::queue_list))
        .route("/api/v1/questions/{id}", get(api::questions::staff_show))
        .route("/api/v1/questions/{id}/answer", post(api::questions::answer))
        .route("/api/v1/questions/{id}/publication", post(api::questions::publish))
        .route("/api/v1/agencies/{code}/decisions", get(api::decisions::catalogue))
        .route(
            "/api/v1/agencies/{code}/consultations/{id}/hearings",
            get(api::decisions::hearings),
        )
        .route("/api/v1/agencies/{code}/concerns", get(api::concerns::list))
        .route("/api/v1/agencies/{code}/concerns/{id}", get(api::concerns::show))
        .route("/api/v1/concerns", get(api::concerns::queue_list).post(api::concerns::register))
        .route("/api/v1/concerns/{id}", get(api::concerns::staff_show))
        .route("/api/v1/concerns/{id}/responses", post(api::concerns::respond))
        .route("/api/v1/concerns/{id}/close", post(api::concerns::close))
        .route("/api/v1/agencies/{code}/motions", get(api::motions::year))
        .route("/api/v1/agencies/{code}/motions/{id}", get(api::motions::reply_public))
        .route("/api/v1/motions", get(api::motions::staff_overview))
        .route("/api/v1/motions/sessions/{id}", get(api::motions::staff_session))
        .route("/api/v1/motions/{id}", get(api::motions::staff_show))
        .route("/api/v1/motions/{id}/reply", post(api::motions::reply))
        .route("/api/v1/motions/{id}/publication", post(api::motions::publish))
        .route("/admin/agencies/{code}/templates", get(admin_templates::list))
        .route(
            "/admin/agencies/{code}/templates/{key}",
            get(admin_templates::edit).post(admin_templates::save),
        )
        .route("/admin/agencies/{code}/figures", get(figures::show).post(figures::save))
        .route(
            "/admin/agencies/{code}/figures/upload",
            post(figures::upload).layer(DefaultBodyLimit::max(uploads::MAX_UPLOAD_BYTES + 1024 * 1024)),
        )
        .route(
            "/admin/agencies/{code}/items/import",
            get(items_import::form).post(items_import::submit).layer(DefaultBodyLimit::max(
                gongkai_app::catalogue_import::MAX_FILE_BYTES + 1024 * 1024,
            )),
        )
        .route("/admin/calendar", get(admin_calendar::show))
        .route("/admin/calendar/override", post(admin_calendar::add_override))
        .route("/admin/calendar/year", post(admin_calendar::add_year))
}

pub fn router(state: AppState) -> Router {
    let rate_limits = RateLimits::new(&state.settings.limits, &state.settings.trusted_proxies);
    let secure = state.settings.secure_cookies;
    routes()
        .into_router()
        .fallback(|| async { AppError::not_found("该页面") })
        .layer(middleware::from_fn(crate::display::display_layer))
        .layer(middleware::from_fn_with_state(state.clone(), crate::portal::site_layer))
        .layer(middleware::from_fn_with_state(state.clone(), csrf_layer))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::page_cache::page_cache_layer,
        ))
        .layer(header_layer(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header_layer(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header_layer(header::REFERRER_POLICY, "same-origin"))
        .layer(header_layer(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; style-src 'self'; form-action 'self'; frame-ancestors 'none'",
        ))
        .layer(middleware::from_fn_with_state(rate_limits, rate_limit_layer))
        .layer(middleware::from_fn_with_state(secure, privacy_headers))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(state)
}
