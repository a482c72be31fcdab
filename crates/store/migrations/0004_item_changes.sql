-- The change sequence of the catalogue, read by the search indexer: one row
-- for every item created and every item event appended, written in the same
--sqlite|-- transaction. SQLite serialises writers, so rows commit in `seq` order and
--sqlite|-- a reader that remembers the last `seq` it saw misses none.
--pg|-- transaction. Writers take an advisory lock (7310001, see catalogue.rs)
--pg|-- before inserting a row, so rows commit in `seq` order and a reader that
--pg|-- remembers the last `seq` it saw misses none.

CREATE TABLE item_changes (
--sqlite|    -- AUTOINCREMENT: a seq is never handed out twice, not even after the
--sqlite|    -- newest row was removed.
--sqlite|    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
--sqlite|    item_id    INTEGER NOT NULL REFERENCES catalogue_items(id),
--sqlite|    changed_at TEXT NOT NULL
--pg|    seq        BIGSERIAL PRIMARY KEY,
--pg|    item_id    BIGINT NOT NULL REFERENCES catalogue_items(id),
--pg|    changed_at TIMESTAMPTZ NOT NULL
);

-- Items created before this migration: one change each.
INSERT INTO item_changes (item_id, changed_at)
SELECT id, updated_at FROM catalogue_items ORDER BY id;
