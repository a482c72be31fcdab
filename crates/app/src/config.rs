//! Settings: defaults, then `gongkai.toml` (in the data directory or named by
//! `--config`/`GONGKAI_CONFIG`), then `GONGKAI_*` environment variables, then
//! command-line flags (applied by the caller).

use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Address to bind, e.g. `127.0.0.1` or `0.0.0.0`.
    pub bind: String,
    /// Port; 0 picks a free one (tests).
    pub port: u16,
    /// Where the SQLite file, attachments and indexes live.
    pub data_dir: PathBuf,
    /// `postgres://…` to use PostgreSQL; `sqlite://…` or unset for the embedded file.
    pub database_url: Option<String>,
    /// Database connections at most (per pool); 0: the backend's default
    /// (10 for PostgreSQL, 8 for SQLite).
    pub database_pool_size: u32,
    /// A read replica of the PostgreSQL database (`postgres://…`): the
    /// report sums, the supervisors' counts and the public catalogue are
    /// read there; everything else, and every write, on `database_url`.
    pub database_read_url: Option<String>,
    /// Mark cookies `Secure` (set when served over HTTPS behind a proxy).
    pub secure_cookies: bool,
    /// The public address printed and used in links, e.g. `https://gk.example.gov.cn`.
    pub public_url: Option<String>,
    /// Hours a staff session (or API token) lasts at most.
    pub session_hours: i64,
    /// Minutes without a request after which a session (or API token) ends.
    pub session_idle_minutes: i64,
    /// Reverse proxies whose `X-Forwarded-For` names the client (login
    /// throttling counts per client address); empty: the peer address counts.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Password hashes computed at once (~19 MiB each); 0: two per core.
    pub password_hash_permits: usize,
    /// Logins waiting for a hashing permit; more are answered 429 at once.
    pub password_hash_queue: usize,
    /// Seconds a queued login waits for a permit before it is answered 429.
    pub password_hash_wait_seconds: u64,
    /// Outgoing mail (notices to applicants); None: notices are kept in the
    /// outbox and not mailed.
    pub smtp: Option<SmtpSettings>,
    /// Timeouts, the connection limit and the per-address rate limits
    /// (`[limits]` in gongkai.toml).
    pub limits: Limits,
}

/// What one client may hold or ask for: slow or flooding clients must not
/// exhaust the server (`[limits]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Open connections served at once; further clients wait to be accepted.
    pub max_connections: usize,
    /// Seconds a client has to send a request's headers.
    pub header_timeout_secs: u64,
    /// Seconds a client has to send a request's whole body (uploads included).
    pub body_timeout_secs: u64,
    /// Applications (web form and API) per source address.
    pub applications: Rate,
    /// Application number + query code tries per source address.
    pub query_codes: Rate,
    /// Query code tries on one application number, from any address (a
    /// distributed guess of one case's code); successful tries are not counted.
    pub query_codes_per_case: Rate,
    /// Annual report checks (uploads that are parsed) per source address.
    pub report_checks: Rate,
    /// Comments on consultations (意见征集) per source address.
    pub comments: Rate,
    /// Questions to an agency (政民互动) per source address.
    pub questions: Rate,
    /// Most source addresses (or application numbers) remembered per limit;
    /// when full, the oldest are forgotten.
    pub tracked_keys: usize,
}

/// `count` requests per `per_secs` seconds, refilled evenly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rate {
    pub count: u32,
    pub per_secs: u64,
}

impl Rate {
    pub const fn new(count: u32, per_secs: u64) -> Rate {
        Rate { count, per_secs }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 1024,
            header_timeout_secs: 10,
            body_timeout_secs: 60,
            applications: Rate::new(10, 60),
            query_codes: Rate::new(20, 600),
            query_codes_per_case: Rate::new(30, 3600),
            report_checks: Rate::new(20, 600),
            comments: Rate::new(10, 600),
            questions: Rate::new(10, 600),
            tracked_keys: 100_000,
        }
    }
}

/// SMTP settings (`[smtp]` in gongkai.toml; `GONGKAI_SMTP_HOST`, `GONGKAI_SMTP_PORT`,
/// `GONGKAI_SMTP_USERNAME`, `GONGKAI_SMTP_PASSWORD`, `GONGKAI_SMTP_FROM`,
/// `GONGKAI_SMTP_SECURITY`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpSettings {
    pub host: String,
    #[serde(default = "default_smtp_port")]
    pub port: u16,
    /// `starttls` (default), `tls` (implicit TLS, usually port 465) or `none`
    /// (plain, for a relay on the same host).
    #[serde(default = "default_security")]
    pub security: String,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
    /// The sender, e.g. `政府信息公开 <gk@example.gov.cn>`.
    pub from: String,
}

fn default_smtp_port() -> u16 {
    587
}

fn default_security() -> String {
    "starttls".into()
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            bind: "127.0.0.1".into(),
            port: 8080,
            data_dir: PathBuf::from("gongkai-data"),
            database_url: None,
            database_pool_size: 0,
            database_read_url: None,
            secure_cookies: false,
            public_url: None,
            session_hours: 12,
            session_idle_minutes: 30,
            trusted_proxies: Vec::new(),
            password_hash_permits: 0,
            password_hash_queue: 32,
            password_hash_wait_seconds: 5,
            smtp: None,
            limits: Limits::default(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("无法读取配置文件 {path}：{source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("配置文件 {path} 格式有误：{message}。请对照 README 中的“配置”一节修改。")]
    Parse { path: PathBuf, message: String },
    #[error("环境变量 {name} 的值“{value}”无效：{why}")]
    Env {
        name: &'static str,
        value: String,
        why: &'static str,
    },
}

impl Settings {
    /// Load settings from an explicit file, or `gongkai.toml` in the data
    /// directory if it exists, then apply the environment.
    pub fn load(
        config_file: Option<&Path>,
        data_dir: Option<&Path>,
    ) -> Result<Settings, ConfigError> {
        let env_dir = std::env::var_os("GONGKAI_DATA_DIR").map(PathBuf::from);
        let dir = data_dir
            .map(Path::to_path_buf)
            .or(env_dir)
            .unwrap_or_else(|| Settings::default().data_dir);
        let file = config_file
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("GONGKAI_CONFIG").map(PathBuf::from))
            .or_else(|| Some(dir.join("gongkai.toml")).filter(|p| p.exists()));
        let mut settings = match file {
            Some(path) => {
                let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
                    path: path.clone(),
                    source,
                })?;
                toml::from_str::<Settings>(&text).map_err(|e| ConfigError::Parse {
                    path,
                    message: e.message().to_string(),
                })?
            }
            None => Settings::default(),
        };
        settings.data_dir = dir;
        settings.apply_env()?;
        Ok(settings)
    }

    fn apply_env(&mut self) -> Result<(), ConfigError> {
        if let Ok(v) = std::env::var("GONGKAI_BIND") {
            self.bind = v;
        }
        if let Ok(v) = std::env::var("GONGKAI_PORT") {
            self.port = v.parse().map_err(|_| ConfigError::Env {
                name: "GONGKAI_PORT",
                value: v.clone(),
                why: "端口应为 0 至 65535 之间的整数",
            })?;
        }
        if let Ok(v) = std::env::var("GONGKAI_DATABASE_URL") {
            self.database_url = Some(v).filter(|s| !s.is_empty());
        }
        if let Ok(v) = std::env::var("GONGKAI_DATABASE_READ_URL") {
            self.database_read_url = Some(v).filter(|s| !s.is_empty());
        }
        if let Ok(v) = std::env::var("GONGKAI_DATABASE_POOL_SIZE") {
            self.database_pool_size = v
                .parse()
                .ok()
                .filter(|n| (1..=1000).contains(n))
                .ok_or_else(|| ConfigError::Env {
                    name: "GONGKAI_DATABASE_POOL_SIZE",
                    value: v.clone(),
                    why: "数据库连接数应为 1 至 1000 之间的整数",
                })?;
        }
        if let Ok(v) = std::env::var("GONGKAI_SECURE_COOKIES") {
            self.secure_cookies = matches!(v.as_str(), "1" | "true" | "yes");
        }
        if let Ok(host) = std::env::var("GONGKAI_SMTP_HOST") {
            let from = std::env::var("GONGKAI_SMTP_FROM").unwrap_or_default();
            let port = match std::env::var("GONGKAI_SMTP_PORT") {
                Ok(p) => p.parse().map_err(|_| ConfigError::Env {
                    name: "GONGKAI_SMTP_PORT",
                    value: p.clone(),
                    why: "端口应为 1 至 65535 之间的整数",
                })?,
                Err(_) => default_smtp_port(),
            };
            self.smtp = Some(SmtpSettings {
                host,
                port,
                security: std::env::var("GONGKAI_SMTP_SECURITY")
                    .unwrap_or_else(|_| default_security()),
                username: std::env::var("GONGKAI_SMTP_USERNAME").ok(),
                password: std::env::var("GONGKAI_SMTP_PASSWORD").ok(),
                from,
            });
        }
        if let Ok(v) = std::env::var("GONGKAI_MAX_CONNECTIONS") {
            self.limits.max_connections =
                v.parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| ConfigError::Env {
                        name: "GONGKAI_MAX_CONNECTIONS",
                        value: v.clone(),
                        why: "连接数上限应为正整数",
                    })?;
        }
        if let Ok(v) = std::env::var("GONGKAI_PUBLIC_URL") {
            self.public_url = Some(v).filter(|s| !s.is_empty());
        }
        Ok(())
    }

    /// The address absolute links are built from (sitemap, feeds, API
    /// results, mails): the configured public URL, or else the bound address.
    /// Never the request's Host header, which the requester chooses.
    pub fn base_url(&self) -> String {
        match &self.public_url {
            Some(u) => u.trim().trim_end_matches('/').to_string(),
            None => {
                let host = match self.bind.as_str() {
                    "0.0.0.0" | "::" => "127.0.0.1",
                    other => other,
                };
                if host.contains(':') {
                    format!("http://[{host}]:{}", self.port)
                } else {
                    format!("http://{host}:{}", self.port)
                }
            }
        }
    }

    /// The SQLite file used when no database URL is set.
    pub fn sqlite_path(&self) -> PathBuf {
        self.data_dir.join("gongkai.db")
    }
}
