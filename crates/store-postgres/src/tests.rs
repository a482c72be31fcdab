//! The shared stories ([`gongkai_store::story`]) on PostgreSQL, and what only
//! PostgreSQL's migrations and locks do. Each runs on a fresh database of the
//! server `GONGKAI_TEST_DATABASE_URL` names (see [`crate::test_db`]).

use gongkai_store::story;

use crate::PostgresStore;
use crate::test_db::with_fresh_database;

/// The SQL error of a statement that must fail (the append-only triggers).
async fn raw_error(store: &PostgresStore, sql: &str) -> String {
    sqlx::query(sql)
        .execute(store.pool())
        .await
        .expect_err(sql)
        .to_string()
}

#[tokio::test]
async fn every_store_call() {
    with_fresh_database("test", 2, |store| async move {
        story::accounts(&store).await;
    })
    .await;
}

#[tokio::test]
async fn the_case_read_model() {
    with_fresh_database("case_list", 2, |store| async move {
        story::case_list(&store).await;
    })
    .await;
}

#[tokio::test]
async fn the_report_year_summed_in_sql() {
    with_fresh_database("register", 2, |store| async move {
        story::register(&store).await;
    })
    .await;
}

#[tokio::test]
async fn every_catalogue_call() {
    with_fresh_database("catalogue", 2, |store| async move {
        story::catalogue(&store, async |sql: &str| raw_error(&store, sql).await).await;
    })
    .await;
}

#[tokio::test]
async fn a_bulk_import_of_ten_thousand_items() {
    with_fresh_database("catalogue", 2, |store| async move {
        story::catalogue_bulk(&store).await;
    })
    .await;
}

#[tokio::test]
async fn the_change_sequence() {
    with_fresh_database("catalogue", 2, |store| async move {
        story::item_changes(&store).await;
    })
    .await;
}

#[tokio::test]
async fn a_reader_following_concurrent_writers_misses_no_change() {
    with_fresh_database("feed", 9, |store| async move {
        story::feed_under_concurrent_writers(&store).await;
    })
    .await;
}

#[tokio::test]
async fn every_annual_report_call() {
    with_fresh_database("reports", 9, |store| async move {
        story::annual_reports(&store, async |sql: &str| raw_error(&store, sql).await).await;
        // TRUNCATE removes every row without a row trigger: refused too.
        let err = raw_error(&store, "TRUNCATE annual_report_versions").await;
        assert!(err.contains("immutable"), "{err}");
    })
    .await;
}

#[tokio::test]
async fn concurrent_publications_take_consecutive_versions() {
    with_fresh_database("reports", 9, |store| async move {
        story::concurrent_publications(&store).await;
    })
    .await;
}

#[tokio::test]
async fn migrating_records_one_change_per_existing_item() {
    with_fresh_database("catalogue", 2, |store| async move {
        story::backfilled_changes(&store).await;
    })
    .await;
}

#[tokio::test]
async fn migrating_fills_the_catalogue_filter_columns() {
    with_fresh_database("catalogue", 2, |store| async move {
        story::catalogue_columns_backfilled(&store).await;
    })
    .await;
}

#[tokio::test]
async fn migrating_fills_the_item_list_columns_and_links() {
    with_fresh_database("catalogue", 2, |store| async move {
        story::item_links_backfilled(&store).await;
    })
    .await;
}

/// With a read replica, writes and single reads go to the primary, the
/// aggregate reads (here the data's version) to the replica: a second,
/// empty database stands in for a replica that has not caught up yet.
#[tokio::test]
async fn aggregate_reads_go_to_the_read_replica() {
    with_fresh_database("primary", 2, |primary| async move {
        with_fresh_database("replica", 2, |replica| async move {
            use gongkai_store::{AuditStore, NewAuditEntry, Store};
            primary.migrate().await.unwrap();
            replica.migrate().await.unwrap();
            let both = PostgresStore::on_replica(primary.pool().clone(), replica.pool().clone());
            both.append_audit(&NewAuditEntry {
                at: chrono::Utc::now(),
                staff_id: None,
                agency_id: None,
                action: "test.write".into(),
                detail: String::new(),
            })
            .await
            .unwrap();
            assert_eq!(
                primary.data_version().await.unwrap(),
                1,
                "the write is on the primary"
            );
            assert_eq!(replica.data_version().await.unwrap(), 0);
            assert_eq!(both.data_version().await.unwrap(), 0, "read on the replica");
            assert_eq!(
                both.audit_entries(10).await.unwrap().len(),
                1,
                "read on the primary"
            );
        })
        .await;
    })
    .await;
}
