-- Proactive disclosure: catalogue items with their append-only events and a
-- snapshot for listing, the 索引号 counters, item attachments, and the
-- Article 20 figures from business systems.

CREATE TABLE catalogue_items (
--sqlite|    id           INTEGER PRIMARY KEY,
--sqlite|    agency_id    INTEGER NOT NULL REFERENCES agencies(id),
--pg|    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    agency_id    BIGINT NOT NULL REFERENCES agencies(id),
    -- Imports run twice create nothing new (NULL: no key, never a duplicate).
    dedup_key    TEXT,
    -- 索引号, once published; never shared by two items.
    index_number TEXT UNIQUE,
    state        TEXT NOT NULL,
--sqlite|    published_on TEXT,
--sqlite|    snapshot     TEXT NOT NULL,
--sqlite|    created_at   TEXT NOT NULL,
--sqlite|    updated_at   TEXT NOT NULL,
--pg|    published_on DATE,
--pg|    snapshot     JSONB NOT NULL,
--pg|    created_at   TIMESTAMPTZ NOT NULL,
--pg|    updated_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (agency_id, dedup_key)
);
CREATE INDEX catalogue_items_agency ON catalogue_items(agency_id);
CREATE INDEX catalogue_items_published ON catalogue_items(published_on);

CREATE TABLE item_events (
--sqlite|    item_id INTEGER NOT NULL REFERENCES catalogue_items(id),
--pg|    item_id BIGINT NOT NULL REFERENCES catalogue_items(id),
    seq     INTEGER NOT NULL,
--sqlite|    at      TEXT NOT NULL,
--sqlite|    actor   TEXT NOT NULL,
--sqlite|    action  TEXT NOT NULL,
--pg|    at      TIMESTAMPTZ NOT NULL,
--pg|    actor   JSONB NOT NULL,
--pg|    action  JSONB NOT NULL,
    note    TEXT NOT NULL,
    PRIMARY KEY (item_id, seq)
);
--sqlite|-- Events are never changed or removed.
--sqlite|CREATE TRIGGER item_events_no_update BEFORE UPDATE ON item_events
--sqlite|BEGIN SELECT RAISE(ABORT, 'item events are immutable'); END;
--sqlite|CREATE TRIGGER item_events_no_delete BEFORE DELETE ON item_events
--sqlite|BEGIN SELECT RAISE(ABORT, 'item events are immutable'); END;
--pg|-- Events are never changed or removed (gongkai_immutable: 0002_requests.sql).
--pg|CREATE TRIGGER item_events_immutable BEFORE UPDATE OR DELETE ON item_events
--pg|    FOR EACH ROW EXECUTE FUNCTION gongkai_immutable();

CREATE TABLE index_counters (
--sqlite|    agency_id INTEGER NOT NULL REFERENCES agencies(id),
--pg|    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    year      INTEGER NOT NULL,
--sqlite|    last      INTEGER NOT NULL,
--pg|    last      BIGINT NOT NULL,
    PRIMARY KEY (agency_id, year)
);

CREATE TABLE item_attachments (
--sqlite|    id           INTEGER PRIMARY KEY,
--sqlite|    item_id      INTEGER NOT NULL REFERENCES catalogue_items(id),
--pg|    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    item_id      BIGINT NOT NULL REFERENCES catalogue_items(id),
    sha256       TEXT NOT NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
--sqlite|    size         INTEGER NOT NULL,
--sqlite|    uploaded_at  TEXT NOT NULL
--pg|    size         BIGINT NOT NULL,
--pg|    uploaded_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX item_attachments_item ON item_attachments(item_id);

CREATE TABLE article20_figures (
--sqlite|    agency_id  INTEGER NOT NULL REFERENCES agencies(id),
--pg|    agency_id  BIGINT NOT NULL REFERENCES agencies(id),
    year       INTEGER NOT NULL,
--sqlite|    data       TEXT NOT NULL,
--sqlite|    updated_by INTEGER REFERENCES staff(id),
--sqlite|    updated_at TEXT NOT NULL,
--pg|    data       JSONB NOT NULL,
--pg|    updated_by BIGINT REFERENCES staff(id),
--pg|    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (agency_id, year)
);
