-- The change sequence of the catalogue, read by the search indexer: one row
-- for every item created and every item event appended, written in the same
-- transaction. SQLite serialises writers, so rows commit in `seq` order and
-- a reader that remembers the last `seq` it saw misses none.

CREATE TABLE item_changes (
    -- AUTOINCREMENT: a seq is never handed out twice, not even after the
    -- newest row was removed.
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id    INTEGER NOT NULL REFERENCES catalogue_items(id),
    changed_at TEXT NOT NULL
);

-- Items created before this migration: one change each.
INSERT INTO item_changes (item_id, changed_at)
SELECT id, updated_at FROM catalogue_items ORDER BY id;
