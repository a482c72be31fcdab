//! `TestApp`: a running gongkai on a free port, over SQLite or PostgreSQL.

use std::sync::Arc;

use chrono::NaiveDate;
use gongkai_app::clock::Clock;
use gongkai_app::config::{Limits, Rate, SmtpSettings};
use gongkai_app::{Settings, demo};
use gongkai_store::Store;
use gongkai_store_postgres::PostgresStore;
use gongkai_store_sqlite::SqliteStore;
use gongkai_web::Application;
use rand::Rng;
use reqwest::redirect::Policy;
use tempfile::TempDir;

#[derive(Debug, Clone, Copy)]
pub enum DbKind {
    Sqlite,
    Postgres,
}

/// True when the run must not skip anything (CI and `scripts/test` set it).
pub fn require_all() -> bool {
    std::env::var_os("GONGKAI_TEST_REQUIRE_ALL").is_some() || std::env::var_os("CI").is_some()
}

/// Is `program` on the PATH (LibreOffice, poppler's tools)?
pub fn have(program: &str) -> bool {
    std::process::Command::new("which")
        .arg(program)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Skip (locally) or fail (in CI) when a real dependency is unavailable.
pub fn unavailable<T>(what: &str) -> Option<T> {
    if require_all() {
        panic!("{what} is required in this run but is not available");
    }
    eprintln!("SKIPPED: {what} is not available (set it up with scripts/test)");
    None
}

/// A fresh, empty store of the given kind: its own SQLite file, or its own
/// database in the throw-away PostgreSQL cluster.
pub async fn fresh_store(kind: DbKind) -> Option<(Arc<dyn Store>, TempDir)> {
    fresh_store_with_args(kind)
        .await
        .map(|(store, dir, _)| (store, dir))
}

/// [`fresh_store`], with the `gongkai` arguments that open the same database
/// (`--data-dir DIR` or `--database-url URL`). The database is a copy of a
/// template migrated once per test process (as crates.io's tests do), so a
/// test does not pay for the migrations; `migrate` then finds nothing to do.
pub async fn fresh_store_with_args(kind: DbKind) -> Option<(Arc<dyn Store>, TempDir, Vec<String>)> {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut args = vec!["--data-dir".to_string(), dir.path().display().to_string()];
    let store: Arc<dyn Store> = match kind {
        DbKind::Sqlite => {
            let file = dir.path().join("gongkai.db");
            std::fs::copy(sqlite_template().await, &file).expect("copy the template");
            Arc::new(SqliteStore::open_file(&file).await.expect("sqlite"))
        }
        DbKind::Postgres => {
            let Ok(admin_url) = std::env::var("GONGKAI_TEST_DATABASE_URL") else {
                return unavailable("PostgreSQL (GONGKAI_TEST_DATABASE_URL)");
            };
            let template = postgres_template(&admin_url).await;
            let name = format!("gk_test_{:016x}", rand::thread_rng().r#gen::<u64>());
            let sql = format!("CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY");
            let url = on_cluster(&admin_url, &sql).await;
            let url = format!(
                "{}/{name}",
                url.rsplit_once('/').expect("url has a database").0
            );
            args = vec!["--database-url".to_string(), url.clone()];
            Arc::new(PostgresStore::connect(&url).await.expect("connect"))
        }
    };
    store.migrate().await.expect("migrate");
    Some((store, dir, args))
}

/// The migrated SQLite file fresh stores are copied from.
async fn sqlite_template() -> &'static std::path::Path {
    static TEMPLATE: tokio::sync::OnceCell<(TempDir, std::path::PathBuf)> =
        tokio::sync::OnceCell::const_new();
    let (_, path) = TEMPLATE
        .get_or_init(|| async {
            let dir = tempfile::tempdir().expect("temp dir");
            let path = dir.path().join("template.db");
            let store = SqliteStore::open_file(&path).await.expect("sqlite");
            store.migrate().await.expect("migrate the template");
            // Closing the last connection checkpoints the WAL into the file.
            store.pool().close().await;
            (dir, path)
        })
        .await;
    path
}

/// The migrated PostgreSQL database fresh databases are created from.
async fn postgres_template(admin_url: &str) -> &'static str {
    static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let name = format!("gk_template_{:016x}", rand::thread_rng().r#gen::<u64>());
            let url = on_cluster(admin_url, &format!("CREATE DATABASE {name}")).await;
            let url = format!(
                "{}/{name}",
                url.rsplit_once('/').expect("url has a database").0
            );
            let store = PostgresStore::connect(&url).await.expect("connect");
            store.migrate().await.expect("migrate the template");
            // A template may have no connections while it is copied.
            store.pool().close().await;
            name
        })
        .await
}

/// Run `sql` on the test cluster's admin database; answers its URL.
async fn on_cluster(admin_url: &str, sql: &str) -> String {
    let admin = PostgresStore::connect(admin_url)
        .await
        .expect("connect to the test cluster");
    sqlx::query(sql)
        .execute(admin.pool())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    admin.pool().close().await;
    admin_url.to_string()
}

pub struct TestApp {
    pub address: String,
    pub store: Arc<dyn Store>,
    pub client: reqwest::Client,
    /// The application's clock (fixed when the builder was given a date).
    pub clock: Clock,
    /// The `gongkai` arguments that open this application's database.
    pub db_args: Vec<String>,
    _dir: TempDir,
}

/// The limits of a test application: the server's timeouts and connection
/// limit, but rates no story reaches (many stories submit many applications
/// from one address); `TestAppBuilder::limits` sets others.
pub fn test_limits() -> Limits {
    let plenty = Rate::new(1_000_000, 1);
    Limits {
        applications: plenty,
        query_codes: plenty,
        query_codes_per_case: plenty,
        report_checks: plenty,
        ..Limits::default()
    }
}

pub struct TestAppBuilder {
    kind: DbKind,
    demo: bool,
    today: Option<NaiveDate>,
    smtp: Option<SmtpSettings>,
    configure: Option<Configure>,
    limits: Limits,
    secure_cookies: bool,
}

/// A change of the settings before the application starts.
type Configure = Box<dyn FnOnce(&mut Settings) + Send>;

impl TestApp {
    pub fn builder(kind: DbKind) -> TestAppBuilder {
        TestAppBuilder {
            kind,
            demo: true,
            today: None,
            smtp: None,
            configure: None,
            limits: test_limits(),
            secure_cookies: false,
        }
    }
}

impl TestAppBuilder {
    #[allow(dead_code)]
    pub fn empty(mut self) -> Self {
        self.demo = false;
        self
    }

    /// Fix the application's clock at `date` (move it with `TestApp::clock`).
    pub fn on(mut self, date: &str) -> Self {
        self.today = Some(NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("a date"));
        self
    }

    /// Mail through this SMTP server.
    #[allow(dead_code)]
    pub fn smtp(mut self, smtp: SmtpSettings) -> Self {
        self.smtp = Some(smtp);
        self
    }

    /// Change the settings before the application starts.
    #[allow(dead_code)]
    pub fn configure(mut self, f: impl FnOnce(&mut Settings) + Send + 'static) -> Self {
        self.configure = Some(Box::new(f));
        self
    }

    /// Serve with these limits instead of [`test_limits`].
    #[allow(dead_code)]
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Mark cookies secure, as when served over HTTPS.
    #[allow(dead_code)]
    pub fn secure_cookies(mut self) -> Self {
        self.secure_cookies = true;
        self
    }

    /// Start the application; None when the backend is unavailable locally.
    pub async fn spawn(self) -> Option<TestApp> {
        let (store, dir, db_args) = fresh_store_with_args(self.kind).await?;
        if self.demo {
            demo::seed(store.as_ref()).await.expect("seed demo");
        }
        let mut settings = Settings {
            port: 0,
            data_dir: dir.path().to_path_buf(),
            smtp: self.smtp,
            limits: self.limits,
            secure_cookies: self.secure_cookies,
            ..Settings::default()
        };
        if let Some(configure) = self.configure {
            configure(&mut settings);
        }
        let clock = match self.today {
            Some(d) => Clock::fixed(d),
            None => Clock::system(),
        };
        let app = Application::build_with_clock(settings, store.clone(), clock.clone())
            .await
            .expect("build app");
        let address = app.url();
        tokio::spawn(app.run_until_stopped());
        let client = reqwest::Client::builder()
            .redirect(Policy::none())
            .cookie_store(true)
            .build()
            .unwrap();
        Some(TestApp {
            address,
            store,
            client,
            clock,
            db_args,
            _dir: dir,
        })
    }
}

impl TestApp {
    /// The data directory (SQLite file, attachments, search index).
    #[allow(dead_code)]
    pub fn data_dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    /// The same running application seen from another browser (own cookies).
    pub fn another_browser(&self) -> TestApp {
        TestApp {
            address: self.address.clone(),
            store: self.store.clone(),
            clock: self.clock.clone(),
            db_args: self.db_args.clone(),
            client: reqwest::Client::builder()
                .redirect(Policy::none())
                .cookie_store(true)
                .build()
                .unwrap(),
            _dir: tempfile::tempdir().unwrap(),
        }
    }

    /// Move the application's clock.
    pub fn today(&self, date: &str) {
        self.clock
            .set(NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("a date"));
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// The CSRF token this client's forms carry (read from a page's hidden field).
    pub async fn csrf(&self) -> String {
        let mut page = self.get("/login").await;
        if page.status().is_redirection() {
            // Logged in already: the workbench carries the logout form's token.
            page = self.get("/workbench").await;
        }
        let html = page.text().await.unwrap();
        csrf_in(&html).expect("the login page carries a CSRF token")
    }

    /// POST a form; `_csrf` is added unless `with_csrf` is false.
    pub async fn post_form(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        with_csrf: bool,
    ) -> reqwest::Response {
        let mut body: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        if with_csrf {
            body.push(("_csrf".into(), self.csrf().await));
        }
        self.client
            .post(self.url(path))
            .form(&body)
            .send()
            .await
            .expect("POST")
    }

    /// An API token of the demo user `username` (the demo password).
    pub async fn bearer(&self, username: &str) -> String {
        let session: serde_json::Value = self
            .client
            .post(self.url("/api/v1/sessions"))
            .json(&serde_json::json!({
                "username": username,
                "password": gongkai_app::demo::DEMO_PASSWORD,
            }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        session["token"].as_str().expect("a token").to_string()
    }

    /// Another browser, logged in as the demo account `username` (the demo
    /// password).
    #[allow(dead_code)]
    pub async fn logged_in(&self, username: &str) -> TestApp {
        let b = self.another_browser();
        let r = b.login(username, gongkai_app::demo::DEMO_PASSWORD).await;
        assert!(
            r.status().is_redirection(),
            "{username} logs in: {}",
            r.status()
        );
        b
    }

    pub async fn login(&self, username: &str, password: &str) -> reqwest::Response {
        self.post_form(
            "/login",
            &[
                ("username", username),
                ("password", password),
                ("next", "/workbench"),
            ],
            true,
        )
        .await
    }
}

pub fn csrf_in(html: &str) -> Option<String> {
    let at = html.find("name=\"_csrf\" value=\"")? + "name=\"_csrf\" value=\"".len();
    Some(html[at..].split('"').next()?.to_string())
}

/// Define one test per backend from an async fn taking a [`DbKind`].
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                async fn sqlite() {
                    super::$name($crate::helpers::DbKind::Sqlite).await
                }
                #[tokio::test]
                async fn postgres() {
                    super::$name($crate::helpers::DbKind::Postgres).await
                }
            }
        )*
    };
}

/// 孙申请's application (a natural person, replies by e-mail) asking for
/// `description`.
pub fn email_applicant(description: String) -> gongkai_domain::application::Application {
    gongkai_domain::application::ApplicationForm {
        applicant_kind: "natural_person".into(),
        name: "孙申请".into(),
        id_document: "resident_id_card".into(),
        id_number: "11010519491231002X".into(),
        phone: "13800138000".into(),
        email: "sun@example.cn".into(),
        address: "白沙县城关镇北街1号".into(),
        postcode: "990100".into(),
        description,
        delivery_form: "electronic".into(),
        delivery_method: "email".into(),
        ..Default::default()
    }
    .validate()
    .expect("valid application")
}

/// A case whose history is appended straight through the store, no command
/// checking it (as if recorded under older rules, or as a report's fixture):
/// its id and number.
pub async fn stored_history(
    store: &dyn Store,
    agency: gongkai_store::AgencyId,
    application: gongkai_domain::application::Application,
    applicant_key: String,
    history: &[gongkai_domain::case::CaseEventRecord],
) -> (gongkai_store::CaseId, String) {
    let created = store
        .create_case(&gongkai_store::NewCase {
            agency_id: agency,
            query_code_hash: "x".into(),
            channel: gongkai_domain::vocabulary::Channel::InPerson,
            application,
            applicant_key,
            submitted_at: history[0].at,
            idempotency_key: None,
            first_event: history[0].clone(),
            first_snapshot: snapshot_after(&history[..1]),
        })
        .await
        .unwrap();
    let (id, number) = match created {
        gongkai_store::CaseCreated::New { id, number }
        | gongkai_store::CaseCreated::AlreadyExists { id, number } => (id, number),
    };
    for n in 2..=history.len() {
        let e = &history[n - 1];
        let snapshot = snapshot_after(&history[..n]);
        store
            .append_case_event(id, e, &snapshot, &[], &[])
            .await
            .unwrap();
    }
    (id, number)
}

/// The read model after the last of `history`, on that event's day, as the
/// application computes it when it records the event.
pub fn snapshot_after(
    history: &[gongkai_domain::case::CaseEventRecord],
) -> gongkai_domain::case::CaseSnapshot {
    let day = history.last().map(|e| e.action.date()).unwrap_or_default();
    gongkai_domain::case::CaseSnapshot::of(
        history,
        &gongkai_domain::calendar::Calendar::vendored(),
        day,
    )
}

/// The staff account `username`.
#[allow(dead_code)]
pub async fn staff_named(store: &dyn Store, username: &str) -> gongkai_store::Staff {
    let u = gongkai_domain::staff::Username::parse(username).unwrap();
    store.staff_by_username(&u).await.unwrap().unwrap()
}

/// The `seq` a task page offers its forms (the next step's number; "0"
/// when the page has no form).
pub async fn task_seq(app: &TestApp, task: i64) -> String {
    let page = app
        .get(&format!("/workbench/tasks/{task}"))
        .await
        .text()
        .await
        .unwrap();
    page.split("name=\"seq\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or("0")
        .to_string()
}

/// The text of an HTML (or XML) fragment: its tags left out, trimmed; the
/// entities are left as written.
#[allow(dead_code)]
pub fn without_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}
