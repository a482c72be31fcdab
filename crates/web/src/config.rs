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
    /// Mark cookies `Secure` (set when served over HTTPS behind a proxy).
    pub secure_cookies: bool,
    /// The public address printed and used in links, e.g. `https://gk.example.gov.cn`.
    pub public_url: Option<String>,
    /// Hours a staff session lasts.
    pub session_hours: i64,
    /// Outgoing mail (notices to applicants); None: notices are kept in the
    /// outbox and not mailed.
    pub smtp: Option<SmtpSettings>,
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
            secure_cookies: false,
            public_url: None,
            session_hours: 12,
            smtp: None,
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
