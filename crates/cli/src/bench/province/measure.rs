//! Timing the pages of the synthetic province over HTTP, and the raw SQL
//! aggregates they are compared with, on the same database in the same run.

use std::time::Instant;

use anyhow::{Context, bail};
use serde::Serialize;

/// One measured request (or reference query) with its times in ms.
#[derive(Debug, Serialize)]
pub struct Measure {
    pub name: String,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub reference_ms: Option<f64>,
}

/// The nearest-rank percentile `p` (0–100) of sorted times.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Runs `f` twice untimed, then `runs` times timed; the sorted times in ms.
pub async fn times<F, Fut>(runs: u32, mut f: F) -> anyhow::Result<Vec<f64>>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    for _ in 0..2 {
        f().await?;
    }
    let mut out = Vec::with_capacity(runs as usize);
    for _ in 0..runs {
        let started = Instant::now();
        f().await?;
        out.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    out.sort_by(f64::total_cmp);
    Ok(out)
}

/// Like [`times`], with `before` run untimed before each call of `f`.
pub async fn times_after<B, BFut, F, Fut>(
    runs: u32,
    mut before: B,
    mut f: F,
) -> anyhow::Result<Vec<f64>>
where
    B: FnMut() -> BFut,
    BFut: std::future::Future<Output = anyhow::Result<()>>,
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    let mut out = Vec::with_capacity(runs as usize);
    for _ in 0..runs {
        before().await?;
        let started = Instant::now();
        f().await?;
        out.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    out.sort_by(f64::total_cmp);
    Ok(out)
}

/// A signed-in browser (cookies) or API client (bearer token).
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    bearer: Option<String>,
}

impl Client {
    pub fn new(base: &str) -> anyhow::Result<Client> {
        Ok(Client {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()?,
            base: base.trim_end_matches('/').to_string(),
            bearer: None,
        })
    }

    /// Signs in through the login form (with its CSRF token).
    pub async fn login(base: &str, username: &str, password: &str) -> anyhow::Result<Client> {
        let c = Client::new(base)?;
        let page = c
            .http
            .get(format!("{}/login", c.base))
            .send()
            .await?
            .text()
            .await?;
        let marker = "name=\"_csrf\" value=\"";
        let at = page.find(marker).context("登录页没有 CSRF 令牌")? + marker.len();
        let token = page[at..].split('"').next().unwrap_or_default().to_string();
        let r = c
            .http
            .post(format!("{}/login", c.base))
            .form(&[
                ("username", username),
                ("password", password),
                ("next", "/workbench"),
                ("_csrf", token.as_str()),
            ])
            .send()
            .await?;
        if !r.status().is_redirection() {
            bail!("{username} 登录失败：HTTP {}", r.status());
        }
        Ok(c)
    }

    /// An API client with a token from `POST /api/v1/sessions`.
    pub async fn api(base: &str, username: &str, password: &str) -> anyhow::Result<Client> {
        let mut c = Client::new(base)?;
        let session: serde_json::Value = c
            .http
            .post(format!("{}/api/v1/sessions", c.base))
            .json(&serde_json::json!({ "username": username, "password": password }))
            .send()
            .await?
            .json()
            .await?;
        c.bearer = Some(
            session["token"]
                .as_str()
                .context("API 登录没有返回令牌")?
                .to_string(),
        );
        Ok(c)
    }

    /// GET `path`, read the whole body; an error unless 200.
    pub async fn get(&self, path: &str) -> anyhow::Result<usize> {
        let mut req = self.http.get(format!("{}{path}", self.base));
        if let Some(t) = &self.bearer {
            req = req.bearer_auth(t);
        }
        let r = req.send().await?;
        let status = r.status();
        let body = r.bytes().await?;
        if !status.is_success() {
            bail!(
                "GET {path}：HTTP {status}：{}",
                String::from_utf8_lossy(&body[..body.len().min(300)])
            );
        }
        Ok(body.len())
    }
}

/// A raw SQL aggregate run on its own connection pool (the reference).
pub enum Raw {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Raw {
    /// Runs `sql` (with `?` placeholders on SQLite, `$n` on PostgreSQL, given
    /// per backend) and fetches every row.
    pub async fn rows(&self, sqlite: &str, postgres: &str) -> anyhow::Result<usize> {
        Ok(match self {
            Raw::Sqlite(p) => sqlx::query(sqlite).fetch_all(p).await?.len(),
            Raw::Postgres(p) => sqlx::query(postgres).fetch_all(p).await?.len(),
        })
    }
}
