-- The change sequence of the catalogue, read by the search indexer: one row
-- for every item created and every item event appended, written in the same
-- transaction. Writers take an advisory lock (7310001, see catalogue.rs)
-- before inserting a row, so rows commit in `seq` order and a reader that
-- remembers the last `seq` it saw misses none.

CREATE TABLE item_changes (
    seq        BIGSERIAL PRIMARY KEY,
    item_id    BIGINT NOT NULL REFERENCES catalogue_items(id),
    changed_at TIMESTAMPTZ NOT NULL
);

-- Items created before this migration: one change each.
INSERT INTO item_changes (item_id, changed_at)
SELECT id, updated_at FROM catalogue_items ORDER BY id;
