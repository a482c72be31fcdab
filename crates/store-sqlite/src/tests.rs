//! The shared stories ([`gongkai_store::story`]) on SQLite, and what only
//! SQLite's migrations do.

use gongkai_store::story;

use crate::SqliteStore;
use crate::test_db::{TempDb, with_temp_db};

/// The SQL error of a statement that must fail (the append-only triggers).
async fn raw_error(store: &SqliteStore, sql: &str) -> String {
    sqlx::query(sql)
        .execute(store.pool())
        .await
        .expect_err(sql)
        .to_string()
}

#[tokio::test]
async fn every_store_call() {
    with_temp_db("accounts", async |store| story::accounts(store).await).await;
}

#[tokio::test]
async fn the_case_read_model() {
    with_temp_db("case_list", async |store| story::case_list(store).await).await;
}

#[tokio::test]
async fn the_report_year_summed_in_sql() {
    with_temp_db("register", async |store| story::register(store).await).await;
}

#[tokio::test]
async fn every_catalogue_call() {
    with_temp_db("catalogue", async |store| {
        story::catalogue(store, async |sql: &str| raw_error(store, sql).await).await
    })
    .await;
}

#[tokio::test]
async fn a_bulk_import_of_ten_thousand_items() {
    with_temp_db("catalogue-bulk", async |store| {
        story::catalogue_bulk(store).await
    })
    .await;
}

#[tokio::test]
async fn the_change_sequence() {
    with_temp_db("item-changes", async |store| {
        story::item_changes(store).await
    })
    .await;
}

#[tokio::test]
async fn a_reader_following_concurrent_writers_misses_no_change() {
    with_temp_db("item-changes-concurrent", async |store| {
        story::feed_under_concurrent_writers(store).await
    })
    .await;
}

#[tokio::test]
async fn every_annual_report_call() {
    with_temp_db("annual-reports", async |store| {
        story::annual_reports(store, async |sql: &str| raw_error(store, sql).await).await
    })
    .await;
}

#[tokio::test]
async fn concurrent_publications_take_consecutive_versions() {
    with_temp_db("annual-reports-concurrent", async |store| {
        story::concurrent_publications(store).await
    })
    .await;
}

#[tokio::test]
async fn migrating_records_one_change_per_existing_item() {
    let db = TempDb::new("item-changes-backfill");
    let store = db.open().await;
    story::backfilled_changes(&store).await;
    store.pool().close().await;
}

#[tokio::test]
async fn migrating_fills_the_catalogue_filter_columns() {
    let db = TempDb::new("catalogue-columns-backfill");
    let store = db.open().await;
    story::catalogue_columns_backfilled(&store).await;
    store.pool().close().await;
}

#[tokio::test]
async fn migrating_fills_the_item_list_columns_and_links() {
    let db = TempDb::new("item-links-backfill");
    let store = db.open().await;
    story::item_links_backfilled(&store).await;
    store.pool().close().await;
}
