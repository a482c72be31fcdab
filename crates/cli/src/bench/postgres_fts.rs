//! PostgreSQL full-text search, as it is done for Chinese without an
//! extension.
//!
//! PostgreSQL's parsers do not segment Chinese (a run of Chinese characters
//! is one "word"), and the Chinese parsers (zhparser, pg_jieba) are
//! extensions Debian does not package, which most hosted databases do not
//! offer either. The usual way round, the one Lucene's CJKAnalyzer takes,
//! is to index overlapping character bigrams: 政府信息公开 → 政府 府信 信息
//! 息公 公开; a query word becomes its bigrams in sequence (`<->`). The
//! bigrams are computed here in Rust, the same way for documents and
//! queries, and handed to `to_tsvector('simple', …)` separated by spaces.

use std::time::{Duration, Instant};

use indicatif::ProgressBar;
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgConnection, Row};

use super::corpus::BenchDoc;
use super::{Engine, Page, query_terms};

/// The benchmark's table (created, and dropped at the end).
pub const TABLE: &str = "gongkai_bench_docs";
/// Rows per INSERT (arrays bound once, unnested by the server).
const BATCH: usize = 5_000;

pub struct PostgresEngine {
    conn: PgConnection,
}

/// Folds a full-width ASCII variant (２, Ａ, （) to its half-width form, as
/// Lucene's CJKAnalyzer does (its CJKWidthFilter) before making bigrams.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    }
}

/// Han ideographs (with the extensions and compatibility block), kana and
/// hangul: the characters that are bigrammed.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0x20000..=0x3FFFF)
}

/// The index terms of `text`: each run of CJK characters as its overlapping
/// bigrams (a lone character as itself), each run of other letters and
/// digits whole and in lower case; everything else separates.
pub fn bigrams(text: &str) -> Vec<String> {
    fn flush_cjk(run: &mut Vec<char>, out: &mut Vec<String>) {
        match run.len() {
            0 => {}
            1 => out.push(run[0].to_string()),
            _ => out.extend(run.windows(2).map(|w| w.iter().collect::<String>())),
        }
        run.clear();
    }
    fn flush_word(word: &mut String, out: &mut Vec<String>) {
        if !word.is_empty() {
            out.push(std::mem::take(word));
        }
    }
    let mut out = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let mut word = String::new();
    for c in text.chars().map(fold_width) {
        if is_cjk(c) {
            flush_word(&mut word, &mut out);
            run.push(c);
        } else if c.is_alphanumeric() {
            flush_cjk(&mut run, &mut out);
            word.extend(c.to_lowercase());
        } else {
            flush_cjk(&mut run, &mut out);
            flush_word(&mut word, &mut out);
        }
    }
    flush_cjk(&mut run, &mut out);
    flush_word(&mut word, &mut out);
    out
}

/// The document's bigrams: title, text and metadata, one after the other.
fn document_terms(d: &BenchDoc) -> String {
    let mut terms = bigrams(&d.title);
    terms.extend(bigrams(&d.full_text()));
    terms.extend(bigrams(&d.meta()));
    terms.join(" ")
}

/// The `to_tsquery` text of a query: each word (or quoted phrase) as its
/// bigrams in sequence, the words joined with `&`. Empty: nothing to match.
pub fn tsquery(text: &str) -> String {
    query_terms(text)
        .iter()
        .map(|term| {
            bigrams(term)
                .iter()
                .map(|t| format!("'{}'", t.replace('\'', "''")))
                .collect::<Vec<_>>()
                .join(" <-> ")
        })
        .filter(|t| !t.is_empty())
        .map(|t| format!("({t})"))
        .collect::<Vec<_>>()
        .join(" & ")
}

impl PostgresEngine {
    /// Connects to `url`.
    pub async fn connect(url: &str) -> anyhow::Result<PostgresEngine> {
        let options: PgConnectOptions = url.parse()?;
        let conn = PgConnection::connect_with(&options.disable_statement_logging()).await?;
        Ok(PostgresEngine { conn })
    }

    pub async fn version(&mut self) -> anyhow::Result<String> {
        let v: String = sqlx::query_scalar("SHOW server_version")
            .fetch_one(&mut self.conn)
            .await?;
        Ok(format!("PostgreSQL {v}"))
    }

    /// Creates the table, loads every document, then builds the GIN index
    /// and analyzes the table (all of it timed: that is what it takes
    /// before the first query can use the index).
    pub async fn build(
        &mut self,
        docs: &[BenchDoc],
        bar: &ProgressBar,
    ) -> anyhow::Result<Duration> {
        self.drop_table().await?;
        let started = Instant::now();
        sqlx::query(&format!(
            "CREATE TABLE {TABLE} (id bigint PRIMARY KEY, title text NOT NULL, \
             body text NOT NULL, meta text NOT NULL, tsv tsvector NOT NULL)"
        ))
        .execute(&mut self.conn)
        .await?;
        let insert = format!(
            "INSERT INTO {TABLE} (id, title, body, meta, tsv) \
             SELECT u.id, u.title, u.body, u.meta, to_tsvector('simple', u.terms) \
             FROM UNNEST($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[]) \
             AS u(id, title, body, meta, terms)"
        );
        for chunk in docs.chunks(BATCH) {
            let ids: Vec<i64> = chunk.iter().map(|d| d.id as i64).collect();
            let titles: Vec<&str> = chunk.iter().map(|d| d.title.as_str()).collect();
            let bodies: Vec<String> = chunk.iter().map(BenchDoc::full_text).collect();
            let metas: Vec<String> = chunk.iter().map(BenchDoc::meta).collect();
            let terms: Vec<String> = chunk.iter().map(document_terms).collect();
            sqlx::query(&insert)
                .bind(&ids)
                .bind(&titles)
                .bind(&bodies)
                .bind(&metas)
                .bind(&terms)
                .execute(&mut self.conn)
                .await?;
            bar.inc(chunk.len() as u64);
        }
        sqlx::query(&format!(
            "CREATE INDEX {TABLE}_tsv ON {TABLE} USING gin (tsv)"
        ))
        .execute(&mut self.conn)
        .await?;
        sqlx::query(&format!("ANALYZE {TABLE}"))
            .execute(&mut self.conn)
            .await?;
        Ok(started.elapsed())
    }

    /// Bytes of the table, its TOAST data and its indexes.
    pub async fn size_on_disk(&mut self) -> anyhow::Result<u64> {
        let n: i64 = sqlx::query_scalar(&format!("SELECT pg_total_relation_size('{TABLE}')"))
            .fetch_one(&mut self.conn)
            .await?;
        Ok(n as u64)
    }

    pub async fn drop_table(&mut self) -> anyhow::Result<()> {
        sqlx::query(&format!("DROP TABLE IF EXISTS {TABLE}"))
            .execute(&mut self.conn)
            .await?;
        Ok(())
    }

    pub async fn close(self) -> anyhow::Result<()> {
        self.conn.close().await?;
        Ok(())
    }
}

impl Engine for PostgresEngine {
    async fn page(&mut self, text: &str) -> anyhow::Result<Page> {
        let q = tsquery(text);
        if q.is_empty() {
            return Ok(Page::default());
        }
        // ts_headline parses `body` with the parser again, which sees a run
        // of Chinese as one word, so the snippet rarely highlights anything;
        // it is still computed, as an application would.
        let rows = sqlx::query(&format!(
            "SELECT id, title, ts_headline('simple', body, q, \
             'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=15') \
             FROM {TABLE}, to_tsquery('simple', $1) AS q \
             WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC LIMIT 20"
        ))
        .bind(&q)
        .fetch_all(&mut self.conn)
        .await?;
        let total: i64 = sqlx::query_scalar(&format!(
            "SELECT count(*) FROM {TABLE} WHERE tsv @@ to_tsquery('simple', $1)"
        ))
        .bind(&q)
        .fetch_one(&mut self.conn)
        .await?;
        let mut page = Page {
            total: total as usize,
            ..Page::default()
        };
        for row in rows {
            let id: i64 = row.try_get(0)?;
            let title: String = row.try_get(1)?;
            let snippet: String = row.try_get(2)?;
            page.ids.push(id as u64);
            page.snippet_chars += title.len() + snippet.len();
        }
        Ok(page)
    }

    async fn all_matches(&mut self, text: &str) -> anyhow::Result<Vec<u64>> {
        let q = tsquery(text);
        if q.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = sqlx::query_scalar(&format!(
            "SELECT id FROM {TABLE} WHERE tsv @@ to_tsquery('simple', $1)"
        ))
        .bind(&q)
        .fetch_all(&mut self.conn)
        .await?;
        Ok(ids.into_iter().map(|i| i as u64).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_runs_become_bigrams_other_runs_stay_whole() {
        assert_eq!(
            bigrams("政府信息公开"),
            ["政府", "府信", "信息", "息公", "公开"]
        );
        assert_eq!(
            bigrams("２０２３年第４季度"),
            ["2023", "年第", "4", "季度"],
            "full-width digits are folded"
        );
        assert_eq!(
            bigrams("白交发〔2023〕117号"),
            ["白交", "交发", "2023", "117", "号"]
        );
        assert_eq!(
            bigrams("11360100MB0012345X/2024-00318"),
            ["11360100mb0012345x", "2024", "00318"]
        );
        assert_eq!(bigrams("電動自行車"), ["電動", "動自", "自行", "行車"]);
    }

    #[test]
    fn words_are_bigram_sequences_joined_with_and() {
        assert_eq!(tsquery("渡口 安全"), "('渡口') & ('安全')");
        assert_eq!(tsquery("\"农村公路\""), "('农村' <-> '村公' <-> '公路')");
        assert_eq!(tsquery(" ， "), "");
    }
}
