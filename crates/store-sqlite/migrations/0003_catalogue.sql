-- Proactive disclosure: catalogue items with their append-only events and a
-- snapshot for listing, the 索引号 counters, item attachments, and the
-- Article 20 figures from business systems.

CREATE TABLE catalogue_items (
    id           INTEGER PRIMARY KEY,
    agency_id    INTEGER NOT NULL REFERENCES agencies(id),
    -- Imports run twice create nothing new (NULL: no key, never a duplicate).
    dedup_key    TEXT,
    -- 索引号, once published; never shared by two items.
    index_number TEXT UNIQUE,
    state        TEXT NOT NULL,
    published_on TEXT,
    snapshot     TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (agency_id, dedup_key)
);
CREATE INDEX catalogue_items_agency ON catalogue_items(agency_id);
CREATE INDEX catalogue_items_published ON catalogue_items(published_on);

CREATE TABLE item_events (
    item_id INTEGER NOT NULL REFERENCES catalogue_items(id),
    seq     INTEGER NOT NULL,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    note    TEXT NOT NULL,
    PRIMARY KEY (item_id, seq)
);
-- Events are never changed or removed.
CREATE TRIGGER item_events_no_update BEFORE UPDATE ON item_events
BEGIN SELECT RAISE(ABORT, 'item events are immutable'); END;
CREATE TRIGGER item_events_no_delete BEFORE DELETE ON item_events
BEGIN SELECT RAISE(ABORT, 'item events are immutable'); END;

CREATE TABLE index_counters (
    agency_id INTEGER NOT NULL REFERENCES agencies(id),
    year      INTEGER NOT NULL,
    last      INTEGER NOT NULL,
    PRIMARY KEY (agency_id, year)
);

CREATE TABLE item_attachments (
    id           INTEGER PRIMARY KEY,
    item_id      INTEGER NOT NULL REFERENCES catalogue_items(id),
    sha256       TEXT NOT NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    uploaded_at  TEXT NOT NULL
);
CREATE INDEX item_attachments_item ON item_attachments(item_id);

CREATE TABLE article20_figures (
    agency_id  INTEGER NOT NULL REFERENCES agencies(id),
    year       INTEGER NOT NULL,
    data       TEXT NOT NULL,
    updated_by INTEGER REFERENCES staff(id),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (agency_id, year)
);
