//! Portable statements: one SQL text (with `$1, $2 …` placeholders, which both
//! sqlx drivers accept), owned arguments, and rows read by column name.
//!
//! Arguments are held as owned [`Arg`] values rather than as borrowed
//! `Encode` values: sqlx ties an encoded borrow to the query's lifetime
//! (`&'q str: Encode<'q, _>`), which does not fit one query that may run on
//! either driver. Copying the few strings of a statement costs nothing next
//! to the round trip.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::postgres::{PgArguments, PgRow, PgTypeInfo, PgValueFormat, PgValueRef, Postgres};
use sqlx::query::Query as SqlxQuery;
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{Decode, Encode, Row as _, Sqlite, Type};

use super::{Db, Dialect, SqlError, Tx};
use crate::{StoreError, StoreResult};

/// One bound value. The `Option` keeps the type of a NULL, which PostgreSQL
/// needs to know.
#[derive(Debug, Clone)]
pub enum Arg {
    I64(Option<i64>),
    I32(Option<i32>),
    Bool(Option<bool>),
    Text(Option<String>),
    Time(Option<DateTime<Utc>>),
    Date(Option<NaiveDate>),
    /// JSON text: `TEXT` on SQLite, `JSONB` on PostgreSQL.
    Json(Option<String>),
}

impl Arg {
    /// JSON text for a JSON column (see [`Arg::Json`]).
    pub fn json(text: String) -> Arg {
        Arg::Json(Some(text))
    }
}

macro_rules! arg_from {
    ($variant:ident, $t:ty) => {
        impl From<$t> for Arg {
            fn from(v: $t) -> Arg {
                Arg::$variant(Some(v.into()))
            }
        }
        impl From<Option<$t>> for Arg {
            fn from(v: Option<$t>) -> Arg {
                Arg::$variant(v.map(Into::into))
            }
        }
    };
}

arg_from!(I64, i64);
arg_from!(I32, i32);
arg_from!(Bool, bool);
arg_from!(Text, String);
arg_from!(Text, &str);
arg_from!(Text, &String);
arg_from!(Time, DateTime<Utc>);
arg_from!(Date, NaiveDate);

impl From<&Option<String>> for Arg {
    fn from(v: &Option<String>) -> Arg {
        Arg::Text(v.clone())
    }
}

type SqliteQuery<'q> = SqlxQuery<'q, Sqlite, SqliteArguments<'q>>;
type PgQuery<'q> = SqlxQuery<'q, Postgres, PgArguments>;

impl Arg {
    fn bind_sqlite(self, q: SqliteQuery<'_>) -> SqliteQuery<'_> {
        match self {
            Arg::I64(v) => q.bind(v),
            Arg::I32(v) => q.bind(v),
            Arg::Bool(v) => q.bind(v),
            Arg::Text(v) | Arg::Json(v) => q.bind(v),
            Arg::Time(v) => q.bind(v),
            Arg::Date(v) => q.bind(v),
        }
    }

    fn bind_pg(self, q: PgQuery<'_>) -> PgQuery<'_> {
        match self {
            Arg::I64(v) => q.bind(v),
            Arg::I32(v) => q.bind(v),
            Arg::Bool(v) => q.bind(v),
            Arg::Text(v) => q.bind(v),
            Arg::Json(v) => q.bind(v.map(JsonText)),
            Arg::Time(v) => q.bind(v),
            Arg::Date(v) => q.bind(v),
        }
    }
}

/// JSON as text, bound to and read from PostgreSQL's `JSONB` (binary format:
/// a version byte, 1, then the text). SQLite keeps JSON in `TEXT` columns.
#[derive(Debug)]
struct JsonText(String);

/// `jsonb`'s type oid.
const JSONB: PgTypeInfo = PgTypeInfo::with_oid(sqlx::postgres::types::Oid(3802));
/// `json`'s type oid.
const JSON: PgTypeInfo = PgTypeInfo::with_oid(sqlx::postgres::types::Oid(114));

impl Type<Postgres> for JsonText {
    fn type_info() -> PgTypeInfo {
        JSONB
    }

    fn compatible(ty: &PgTypeInfo) -> bool {
        ty.type_eq(&JSONB) || ty.type_eq(&JSON) || <String as Type<Postgres>>::compatible(ty)
    }
}

impl Encode<'_, Postgres> for JsonText {
    fn encode_by_ref(
        &self,
        buf: &mut sqlx::postgres::PgArgumentBuffer,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        buf.push(1);
        buf.extend_from_slice(self.0.as_bytes());
        Ok(sqlx::encode::IsNull::No)
    }
}

impl<'r> Decode<'r, Postgres> for JsonText {
    fn decode(value: PgValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let binary_jsonb = value.format() == PgValueFormat::Binary
            && sqlx::ValueRef::type_info(&value).type_eq(&JSONB);
        let mut bytes = value.as_bytes()?;
        if binary_jsonb {
            match bytes.split_first() {
                Some((1, rest)) => bytes = rest,
                _ => return Err("unsupported JSONB format version".into()),
            }
        }
        Ok(JsonText(String::from_utf8(bytes.to_vec())?))
    }
}

/// Where a statement runs: the pool (one statement, autocommit) or an open
/// transaction.
pub enum Exec<'c> {
    Sqlite(&'c sqlx::SqlitePool),
    SqliteTx(&'c mut sqlx::SqliteConnection),
    Postgres(&'c sqlx::PgPool),
    PostgresTx(&'c mut sqlx::PgConnection),
}

impl<'c> From<&'c Db> for Exec<'c> {
    fn from(db: &'c Db) -> Exec<'c> {
        match db {
            Db::Sqlite(p) => Exec::Sqlite(p),
            Db::Postgres(p) => Exec::Postgres(p),
        }
    }
}

impl<'c> From<&'c mut Tx> for Exec<'c> {
    fn from(tx: &'c mut Tx) -> Exec<'c> {
        match tx {
            Tx::Sqlite(t) => Exec::SqliteTx(t),
            Tx::Postgres(t) => Exec::PostgresTx(t),
        }
    }
}

/// A statement and its arguments.
#[derive(Debug, Clone)]
pub struct Query {
    sql: String,
    args: Vec<Arg>,
    /// The placeholders are `$1, $2 …` in order, each once: built by
    /// [`Query::push_bind`] and [`Query::push_rows`] on text without any.
    in_order: bool,
}

/// A statement with `$1, $2 …` placeholders.
pub fn query(sql: impl Into<String>) -> Query {
    let sql = sql.into();
    Query {
        in_order: !sql.contains('$'),
        sql,
        args: Vec::new(),
    }
}

/// `sql` with every `$N` written `?`, for a statement whose placeholders
/// are in order. SQLite looks a named parameter (`$N`) up by a linear search
/// on every bind, which makes a statement of thousands of them (a batch
/// insert) quadratic; anonymous `?`s are bound by position.
fn anonymous_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
            while chars.next_if(char::is_ascii_digit).is_some() {}
            out.push('?');
        } else {
            out.push(c);
        }
    }
    out
}

/// A decoded column value: anything both drivers read.
pub trait Decoded:
    for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres>
{
}

impl<T> Decoded for T where
    T: for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres>
{
}

impl Query {
    /// Bind the next `$N`.
    pub fn bind(mut self, value: impl Into<Arg>) -> Query {
        self.args.push(value.into());
        self
    }

    /// Bind each of `values` in turn.
    pub fn bind_all(self, values: Vec<Arg>) -> Query {
        values.into_iter().fold(self, Query::bind)
    }

    /// Every row it returns, each parsed by `row` (a table's row function).
    pub async fn fetch_as<'c, T>(
        self,
        on: impl Into<Exec<'c>>,
        row: fn(&Row) -> StoreResult<T>,
    ) -> StoreResult<Vec<T>> {
        self.fetch_all(on).await?.iter().map(row).collect()
    }

    /// Append SQL text (for statements built piece by piece).
    pub fn push(&mut self, sql: &str) -> &mut Query {
        self.in_order &= !sql.contains('$');
        self.sql.push_str(sql);
        self
    }

    /// Put `before` in front of the statement so far and `after` behind it
    /// (the statement becomes a subquery); neither may hold placeholders.
    pub fn wrap(&mut self, before: &str, after: &str) -> &mut Query {
        debug_assert!(!before.contains('$') && !after.contains('$'));
        self.sql.insert_str(0, before);
        self.sql.push_str(after);
        self
    }

    /// Append a placeholder bound to `value`.
    pub fn push_bind(&mut self, value: impl Into<Arg>) -> &mut Query {
        self.args.push(value.into());
        let n = self.args.len();
        self.sql.push_str(&format!("${n}"));
        self
    }

    /// Bind `value` and return its placeholder (`$N`) to write into text
    /// pushed later, once or more (a SQL fragment shared with a statement
    /// written whole, e.g. "overdue on `$today`").
    pub fn arg(&mut self, value: impl Into<Arg>) -> String {
        self.args.push(value.into());
        self.in_order = false;
        format!("${}", self.args.len())
    }

    /// Append `(…), (…)` rows of `width` placeholders each, starting at the
    /// next free number, for a multi-row `VALUES`.
    pub fn push_rows(&mut self, rows: usize, width: usize) -> &mut Query {
        let first = self.args.len();
        let rows: Vec<String> = (0..rows)
            .map(|r| {
                let cells: Vec<String> = (1..=width)
                    .map(|c| format!("${}", first + r * width + c))
                    .collect();
                format!("({})", cells.join(", "))
            })
            .collect();
        self.sql.push_str(&rows.join(", "));
        self
    }

    /// The SQL text and arguments for the database `on` runs on.
    fn text_for(self, on: &Exec<'_>) -> (String, Vec<Arg>) {
        match on {
            Exec::Sqlite(_) | Exec::SqliteTx(_) if self.in_order => {
                (anonymous_placeholders(&self.sql), self.args)
            }
            _ => (self.sql, self.args),
        }
    }

    /// The statement for SQLite, its arguments moved out of `args`.
    fn sqlite<'q>(sql: &'q str, args: Vec<Arg>) -> SqliteQuery<'q> {
        args.into_iter()
            .fold(sqlx::query(sql), |q, a| a.bind_sqlite(q))
    }

    /// The statement for PostgreSQL, its arguments moved out of `args`.
    fn pg(sql: &str, args: Vec<Arg>) -> PgQuery<'_> {
        args.into_iter().fold(sqlx::query(sql), |q, a| a.bind_pg(q))
    }

    /// Run it; the number of rows it changed.
    pub async fn execute<'c>(self, on: impl Into<Exec<'c>>) -> Result<u64, SqlError> {
        let on = on.into();
        let (sql, args) = self.text_for(&on);
        Ok(match on {
            Exec::Sqlite(p) => Self::sqlite(&sql, args).execute(p).await?.rows_affected(),
            Exec::SqliteTx(c) => Self::sqlite(&sql, args).execute(c).await?.rows_affected(),
            Exec::Postgres(p) => Self::pg(&sql, args).execute(p).await?.rows_affected(),
            Exec::PostgresTx(c) => Self::pg(&sql, args).execute(c).await?.rows_affected(),
        })
    }

    /// Every row it returns.
    pub async fn fetch_all<'c>(self, on: impl Into<Exec<'c>>) -> Result<Vec<Row>, SqlError> {
        fn lite(rows: Vec<SqliteRow>) -> Vec<Row> {
            rows.into_iter().map(Row::Sqlite).collect()
        }
        fn pg(rows: Vec<PgRow>) -> Vec<Row> {
            rows.into_iter().map(Row::Postgres).collect()
        }
        let on = on.into();
        let (sql, args) = self.text_for(&on);
        Ok(match on {
            Exec::Sqlite(p) => lite(Self::sqlite(&sql, args).fetch_all(p).await?),
            Exec::SqliteTx(c) => lite(Self::sqlite(&sql, args).fetch_all(c).await?),
            Exec::Postgres(p) => pg(Self::pg(&sql, args).fetch_all(p).await?),
            Exec::PostgresTx(c) => pg(Self::pg(&sql, args).fetch_all(c).await?),
        })
    }

    /// The first row, if any.
    pub async fn fetch_optional<'c>(
        self,
        on: impl Into<Exec<'c>>,
    ) -> Result<Option<Row>, SqlError> {
        Ok(self.fetch_all(on).await?.into_iter().next())
    }

    /// The first row; none is an error (`RowNotFound`).
    pub async fn fetch_one<'c>(self, on: impl Into<Exec<'c>>) -> Result<Row, SqlError> {
        self.fetch_optional(on)
            .await?
            .ok_or_else(|| SqlError::from(sqlx::Error::RowNotFound))
    }

    /// The first column of the first row.
    pub async fn scalar<'c, T: Decoded>(self, on: impl Into<Exec<'c>>) -> Result<T, SqlError> {
        self.fetch_one(on).await?.first()
    }

    /// The first column of the first row, if there is a row.
    pub async fn scalar_opt<'c, T: Decoded>(
        self,
        on: impl Into<Exec<'c>>,
    ) -> Result<Option<T>, SqlError> {
        self.fetch_optional(on)
            .await?
            .map(|r| r.first())
            .transpose()
    }

    /// The first column of every row.
    pub async fn scalars<'c, T: Decoded>(
        self,
        on: impl Into<Exec<'c>>,
    ) -> Result<Vec<T>, SqlError> {
        self.fetch_all(on).await?.iter().map(Row::first).collect()
    }
}

/// A row from either driver.
pub enum Row {
    Sqlite(SqliteRow),
    Postgres(PgRow),
}

impl Row {
    /// The column `col`; a missing column or another type is a backend error.
    pub fn get<T: Decoded>(&self, col: &str) -> StoreResult<T> {
        match self {
            Row::Sqlite(r) => r.try_get(col),
            Row::Postgres(r) => r.try_get(col),
        }
        .map_err(|e| StoreError::Backend(e.to_string()))
    }

    /// The JSON text of the column `col` (`TEXT` or `JSONB`).
    pub fn json(&self, col: &str) -> StoreResult<String> {
        match self {
            Row::Sqlite(r) => r.try_get(col),
            Row::Postgres(r) => r.try_get::<JsonText, _>(col).map(|j| j.0),
        }
        .map_err(|e| StoreError::Backend(e.to_string()))
    }

    fn first<T: Decoded>(&self) -> Result<T, SqlError> {
        match self {
            Row::Sqlite(r) => r.try_get(0),
            Row::Postgres(r) => r.try_get(0),
        }
        .map_err(SqlError::from)
    }

    /// Which driver read it.
    pub fn dialect(&self) -> Dialect {
        match self {
            Row::Sqlite(_) => Dialect::Sqlite,
            Row::Postgres(_) => Dialect::Postgres,
        }
    }
}
