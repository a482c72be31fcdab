//! The merged migrations give each database the very text it was migrated
//! with before they were merged: the SHA-384 checksums below are those of the
//! files `crates/store-sqlite/migrations/` and `crates/store-postgres/migrations/`
//! held until then (sqlx refuses a database whose applied migration changed).

use super::*;
use sha2::{Digest, Sha384};

/// (file, SQLite's checksum, PostgreSQL's checksum), in hex.
const PINNED: &[(&str, &str, &str)] = &[
    (
        "0001_foundation.sql",
        "66ca8bde887743d6bd2395e856290463ed4432f9732ce74f08d2b96ebeca0fc8c6bd7df5c351fb2b39f95f630d12ea00",
        "b5ab32119e9fd1da47de2d5a2a6ecbb61cce68bfde58ff3f0fb62ccc99ad3b1e2f45578c14d53bf5c00383aee367e95b",
    ),
    (
        "0002_requests.sql",
        "59dff54dadb7210fe96749ff990dcf3ec3a967397b6e8ab2cb002bf6fc407c6e7ab77e1057fb1fa0d9006be5478b4cef",
        "cf32cfc5a8cf0c7e687a79662d5370d756a45f25e4e4f246f5bb137764fbb1b6a7550f0f013dee7f03e60b13a11243a2",
    ),
    (
        "0003_catalogue.sql",
        "9b5856449c467ae906461d5ed871bfd74e3e6109b2622a85d61c8c74d7a65f727a7d8c91c5e8be62b6c4cbb63f6452b4",
        "0ba1005f8e1e7a44c90cc67d483cbffccd75f92f3115deb31cc993670aa343280a0b7fb0652ca18627a68d4509fef639",
    ),
    (
        "0004_item_changes.sql",
        "cf9019230d4ef3b32b9d32cc0a839dd7fe037a6ed75259ee98eb20f810c411dc20f9268777ea3c4149f5d88a0b71d099",
        "2c0fcfae0689b8efb91640ca975ef81f75edb3dea1303a3f969e888716ed88192a800decece57a304f410fc84e014478",
    ),
    (
        "0005_annual_reports.sql",
        "39559ccd09267a055a350e9a2144621202a9a8a857aabac374976161c352569340f961091c241dbf27d5b0d485bb7416",
        "f3084882b913dcce7669d4eb467af8c2bebc421b4c6f00856a53d778f853f292cd6eb06925f7fafab6cf21ef34ac2b89",
    ),
    (
        "0006_audit_chain.sql",
        "026342c339524f8e945990e839a59f387996570ac479047a83c1816022fd4e899f2d66141ae52cff9b90d54ae6d8de14",
        "f60abaaf85f764a769776587ac14b0f84fc890d634e7e00639c51b62c71320485e74f1dfa784232ee981c99ab613ba92",
    ),
    (
        "0007_staff_lifecycle.sql",
        "ab7ae62dbdc97224bfc8866fdf1ac04f8dd27e6e2bc5a29978382840666ad290d5b53de42f1490b11b76d568f8fb2dd3",
        "b11ba82538762ef81ae4375b4ac7c2e50d19d48bd5e2784c230f8abbc9bf146b2443d164a5e144682dbe2b195f99b1d3",
    ),
    (
        "0008_server_secrets.sql",
        "e7c7fded59ea252fb1debdb7d2a24fbba9e8fc9166196911a799f79f3ef636dda891306b866d36e887209efc3fcceb8e",
        "e5d13bbf0e4cf257d6a21574d0e7d7b318164db5bfd0eb21b6bc2f3b0032eed3cb85ab377f1c31b529c7a8169ed3bb50",
    ),
    (
        "0009_attachment_lookup.sql",
        "3f4bb703e994f3db57038593460e9faa003178f1af9134792ebdef6725302a33d7413590b09f88bab2f5c11d378b9714",
        "3f4bb703e994f3db57038593460e9faa003178f1af9134792ebdef6725302a33d7413590b09f88bab2f5c11d378b9714",
    ),
];

fn hex(sql: &str) -> String {
    Sha384::digest(sql.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn each_database_gets_the_text_it_was_migrated_with() {
    // Migrations from 0010 on were written merged; those before are pinned.
    assert_eq!(MIGRATIONS[PINNED.len()].0, 10);
    for (&(version, _, merged), &(file, sqlite, postgres)) in MIGRATIONS.iter().zip(PINNED) {
        assert!(file.starts_with(&format!("{version:04}_")), "{file}");
        assert_eq!(
            hex(&render(merged, Dialect::Sqlite)),
            sqlite,
            "{file} on SQLite"
        );
        assert_eq!(
            hex(&render(merged, Dialect::Postgres)),
            postgres,
            "{file} on PostgreSQL"
        );
    }
}

#[test]
fn a_dialect_keeps_its_lines_and_the_shared_ones_in_order() {
    let merged = "CREATE TABLE t (\n--sqlite|    id INTEGER PRIMARY KEY\n--pg|    id BIGSERIAL PRIMARY KEY\n);\n--pg|-- only here";
    assert_eq!(
        render(merged, Dialect::Sqlite),
        "CREATE TABLE t (\n    id INTEGER PRIMARY KEY\n);\n"
    );
    assert_eq!(
        render(merged, Dialect::Postgres),
        "CREATE TABLE t (\n    id BIGSERIAL PRIMARY KEY\n);\n-- only here"
    );
}

#[test]
fn older_migrations_stop_before_the_version_asked() {
    let before = Migrations {
        dialect: Dialect::Sqlite,
        before: Some(4),
    };
    let versions: Vec<i64> = before.list().iter().map(|m| m.version).collect();
    assert_eq!(versions, [1, 2, 3]);
    assert_eq!(
        Migrations::all(Dialect::Postgres).list().len(),
        MIGRATIONS.len()
    );
}
