//! SQLite FTS5 with the trigram tokenizer: the full-text search an engineer
//! reaches for when an application already stores its data in SQLite and the
//! text is Chinese (FTS5's default `unicode61` tokenizer treats a run of
//! Chinese characters as one word, so only trigram indexes substrings).
//!
//! One table holds what gongkai indexes: the title, the summary and body,
//! and the metadata (keywords, issuers, agency, 文号, 索引号). Queries are
//! written the obvious way; see [`SqliteQuery::plan`] for what trigram can
//! and cannot match.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indicatif::ProgressBar;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection, Row, SqliteConnection};

use super::corpus::BenchDoc;
use super::{Engine, Page, query_terms};

/// Rows per transaction while loading.
const BATCH: usize = 10_000;

pub struct SqliteEngine {
    conn: SqliteConnection,
    path: PathBuf,
}

impl SqliteEngine {
    /// Creates the database file at `path` and loads every document. The time
    /// includes the final `optimize` (merging FTS5's b-trees into one, which
    /// is what one does after a bulk load and makes queries faster).
    pub async fn build(
        path: &Path,
        docs: &[BenchDoc],
        bar: &ProgressBar,
    ) -> anyhow::Result<(SqliteEngine, Duration)> {
        let started = Instant::now();
        // PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF: a bulk load
        // that can simply be redone if it fails.
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Off)
            .synchronous(SqliteSynchronous::Off)
            .disable_statement_logging();
        let mut conn = SqliteConnection::connect_with(&options).await?;
        sqlx::query("CREATE VIRTUAL TABLE docs USING fts5(title, body, meta, tokenize='trigram')")
            .execute(&mut conn)
            .await?;
        for chunk in docs.chunks(BATCH) {
            let mut tx = conn.begin().await?;
            for d in chunk {
                sqlx::query("INSERT INTO docs (rowid, title, body, meta) VALUES (?, ?, ?, ?)")
                    .bind(d.id as i64)
                    .bind(&d.title)
                    .bind(d.full_text())
                    .bind(d.meta())
                    .execute(&mut *tx)
                    .await?;
                bar.inc(1);
            }
            tx.commit().await?;
        }
        sqlx::query("INSERT INTO docs (docs) VALUES ('optimize')")
            .execute(&mut conn)
            .await?;
        let took = started.elapsed();
        Ok((
            SqliteEngine {
                conn,
                path: path.to_path_buf(),
            },
            took,
        ))
    }

    pub async fn version(&mut self) -> anyhow::Result<String> {
        let v: String = sqlx::query_scalar("SELECT sqlite_version()")
            .fetch_one(&mut self.conn)
            .await?;
        Ok(format!("SQLite {v}"))
    }

    /// Bytes of the database file.
    pub fn size_on_disk(&self) -> u64 {
        std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0)
    }

    pub async fn close(self) -> anyhow::Result<()> {
        self.conn.close().await?;
        Ok(())
    }
}

/// The SQL for one query.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SqliteQuery {
    /// The FTS5 query: each term of 3+ characters as a quoted string (which
    /// trigram matches as a substring), joined with AND. Empty: no term is
    /// long enough.
    fts: String,
    /// `%term%` patterns of the shorter terms.
    likes: Vec<String>,
}

fn like_pattern(term: &str) -> String {
    let mut p = String::from("%");
    for c in term.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

impl SqliteQuery {
    /// Each whitespace-separated word and each quoted phrase is a term.
    ///
    /// A term of 3 or more characters becomes a quoted FTS5 string: the
    /// trigram index finds it as an exact substring, in the script, width
    /// and bracket style typed (nothing folds 電/电, ２/2 or [ ]/〔〕).
    ///
    /// A term of 1 or 2 characters (预算, 渡口 — most Chinese words) has no
    /// trigram, so FTS5 cannot match it at all. The usual fallback is
    /// `LIKE '%w%'` on the columns, which FTS5's trigram tokenizer accepts
    /// but, for a pattern with fewer than 3 characters, answers with a scan
    /// of every row. Such a term is found wherever it occurs as a
    /// substring (also inside unrelated words), and when every term is
    /// short there is no MATCH and so no relevance ranking.
    fn plan(text: &str) -> SqliteQuery {
        let mut fts = Vec::new();
        let mut likes = Vec::new();
        for term in query_terms(text) {
            if term.chars().count() >= 3 {
                fts.push(format!("\"{}\"", term.replace('"', "\"\"")));
            } else {
                likes.push(like_pattern(&term));
            }
        }
        SqliteQuery {
            fts: fts.join(" AND "),
            likes,
        }
    }

    fn is_empty(&self) -> bool {
        self.fts.is_empty() && self.likes.is_empty()
    }

    /// The WHERE clause.
    fn condition(&self) -> String {
        let mut parts = Vec::new();
        if !self.fts.is_empty() {
            parts.push("docs MATCH ?".to_string());
        }
        for _ in &self.likes {
            parts.push(
                "(title LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\' OR meta LIKE ? ESCAPE '\\')"
                    .to_string(),
            );
        }
        parts.join(" AND ")
    }

    fn bind<'q>(
        &'q self,
        mut q: sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>> {
        if !self.fts.is_empty() {
            q = q.bind(self.fts.as_str());
        }
        for l in &self.likes {
            q = q.bind(l.as_str()).bind(l.as_str()).bind(l.as_str());
        }
        q
    }
}

impl Engine for SqliteEngine {
    async fn page(&mut self, text: &str) -> anyhow::Result<Page> {
        let plan = SqliteQuery::plan(text);
        if plan.is_empty() {
            return Ok(Page::default());
        }
        let condition = plan.condition();
        let rows = if plan.fts.is_empty() {
            // No MATCH: no rank and no snippet() (an FTS5 auxiliary function
            // needs a full-text query); a window of the body around the
            // first term instead, first 20 rows in table order.
            let first = query_terms(text).into_iter().next().unwrap_or_default();
            let sql = format!(
                "SELECT rowid, title, substr(body, max(1, instr(body, ?) - 16), 48) \
                 FROM docs WHERE {condition} LIMIT 20"
            );
            let q = sqlx::query(&sql).bind(first);
            plan.bind(q).fetch_all(&mut self.conn).await?
        } else {
            let sql = format!(
                "SELECT rowid, title, snippet(docs, 1, '<mark>', '</mark>', '…', 16) \
                 FROM docs WHERE {condition} ORDER BY rank LIMIT 20"
            );
            plan.bind(sqlx::query(&sql))
                .fetch_all(&mut self.conn)
                .await?
        };
        let count_sql = format!("SELECT count(*) FROM docs WHERE {condition}");
        let total: i64 = plan
            .bind(sqlx::query(&count_sql))
            .fetch_one(&mut self.conn)
            .await?
            .try_get(0)?;
        let mut page = Page {
            total: total as usize,
            ..Page::default()
        };
        for row in rows {
            let id: i64 = row.try_get(0)?;
            let title: String = row.try_get(1)?;
            let snippet: Option<String> = row.try_get(2)?;
            page.ids.push(id as u64);
            page.snippet_chars += title.len() + snippet.map_or(0, |s| s.len());
        }
        Ok(page)
    }

    async fn all_matches(&mut self, text: &str) -> anyhow::Result<Vec<u64>> {
        let plan = SqliteQuery::plan(text);
        if plan.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!("SELECT rowid FROM docs WHERE {}", plan.condition());
        let rows = plan
            .bind(sqlx::query(&sql))
            .fetch_all(&mut self.conn)
            .await?;
        rows.iter()
            .map(|r| Ok(r.try_get::<i64, _>(0)? as u64))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_terms_match_short_terms_scan() {
        let q = SqliteQuery::plan("行政处罚 决定书");
        assert_eq!(q.fts, "\"行政处罚\" AND \"决定书\"");
        assert!(q.likes.is_empty());
        let q = SqliteQuery::plan("渡口 安全 整治");
        assert_eq!(q.fts, "");
        assert_eq!(q.likes, vec!["%渡口%", "%安全%", "%整治%"]);
        let q = SqliteQuery::plan("電動自行車 充電");
        assert_eq!(q.fts, "\"電動自行車\"");
        assert_eq!(q.likes, vec!["%充電%"]);
        let q = SqliteQuery::plan("\"农村公路养护\"");
        assert_eq!(q.fts, "\"农村公路养护\"");
        assert_eq!(like_pattern("5%_"), "%5\\%\\_%");
    }
}
