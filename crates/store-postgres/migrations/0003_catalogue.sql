-- Proactive disclosure: catalogue items with their append-only events and a
-- snapshot for listing, the 索引号 counters, item attachments, and the
-- Article 20 figures from business systems.

CREATE TABLE catalogue_items (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id    BIGINT NOT NULL REFERENCES agencies(id),
    -- Imports run twice create nothing new (NULL: no key, never a duplicate).
    dedup_key    TEXT,
    -- 索引号, once published; never shared by two items.
    index_number TEXT UNIQUE,
    state        TEXT NOT NULL,
    published_on DATE,
    snapshot     JSONB NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (agency_id, dedup_key)
);
CREATE INDEX catalogue_items_agency ON catalogue_items(agency_id);
CREATE INDEX catalogue_items_published ON catalogue_items(published_on);

CREATE TABLE item_events (
    item_id BIGINT NOT NULL REFERENCES catalogue_items(id),
    seq     INTEGER NOT NULL,
    at      TIMESTAMPTZ NOT NULL,
    actor   JSONB NOT NULL,
    action  JSONB NOT NULL,
    note    TEXT NOT NULL,
    PRIMARY KEY (item_id, seq)
);
-- Events are never changed or removed (gongkai_immutable: 0002_requests.sql).
CREATE TRIGGER item_events_immutable BEFORE UPDATE OR DELETE ON item_events
    FOR EACH ROW EXECUTE FUNCTION gongkai_immutable();

CREATE TABLE index_counters (
    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    year      INTEGER NOT NULL,
    last      BIGINT NOT NULL,
    PRIMARY KEY (agency_id, year)
);

CREATE TABLE item_attachments (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id      BIGINT NOT NULL REFERENCES catalogue_items(id),
    sha256       TEXT NOT NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    uploaded_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX item_attachments_item ON item_attachments(item_id);

CREATE TABLE article20_figures (
    agency_id  BIGINT NOT NULL REFERENCES agencies(id),
    year       INTEGER NOT NULL,
    data       JSONB NOT NULL,
    updated_by BIGINT REFERENCES staff(id),
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (agency_id, year)
);
