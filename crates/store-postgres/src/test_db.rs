//! A fresh database for the crate's own tests.

use std::future::Future;
use std::str::FromStr;

use chrono::Utc;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use crate::PostgresStore;

/// Runs `body` against a fresh database named after `name`, with a pool of
/// `connections`, dropped afterwards (a failing check leaves it behind for
/// inspection), when `GONGKAI_TEST_DATABASE_URL` names a server the test may
/// create and drop databases on. Without it the test is skipped, except
/// when `GONGKAI_TEST_REQUIRE_ALL` is set (`scripts/test`), where it fails: a
/// full run must not pass without having run the PostgreSQL tests.
pub(crate) async fn with_fresh_database<F, Fut>(name: &str, connections: u32, body: F)
where
    F: FnOnce(PostgresStore) -> Fut,
    Fut: Future<Output = ()>,
{
    let Some(url) = std::env::var("GONGKAI_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        assert!(
            !require_all(),
            "GONGKAI_TEST_REQUIRE_ALL is set but GONGKAI_TEST_DATABASE_URL is unset: \
             the PostgreSQL tests cannot run"
        );
        return;
    };
    let admin = PgPoolOptions::new()
        .max_connections(1)
        .connect(&url)
        .await
        .expect("connect to GONGKAI_TEST_DATABASE_URL");
    let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
    let name = format!("gongkai_{name}_{}_{nanos}", std::process::id());
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&admin)
        .await
        .expect("create the test database");
    let options = PgConnectOptions::from_str(&url)
        .expect("parse the URL")
        .database(&name);
    let pool = PgPoolOptions::new()
        .max_connections(connections)
        .connect_with(options)
        .await
        .expect("connect to the test database");
    body(PostgresStore::on(pool.clone())).await;
    pool.close().await;
    sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .execute(&admin)
        .await
        .expect("drop the test database");
}

/// `GONGKAI_TEST_REQUIRE_ALL` set (as the other suites read it): every test
/// must run, none may skip.
fn require_all() -> bool {
    std::env::var_os("GONGKAI_TEST_REQUIRE_ALL").is_some()
}
