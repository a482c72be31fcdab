-- The tamper-evident audit trail (issue 13): each record carries its place in
-- the chain (seq), the hash of the record before it and its own hash (SHA-256
-- of the canonical form defined in gongkai_store::audit). The head row names
--sqlite|-- the newest record, so removing the last one is noticed too; rows written
--sqlite|-- before this migration (id <= legacy_until) are chained once by the store.
--pg|-- the newest record, so removing the last one is noticed too, and appends lock
--pg|-- it (SELECT … FOR UPDATE) so the chain never forks; rows written before this
--pg|-- migration (id <= legacy_until) are chained once by the store.
--
--sqlite|-- The table is rebuilt without its foreign keys: the trail records the ids
--sqlite|-- a decision named and must outlive the staff and agencies it mentions.
--sqlite|CREATE TABLE audit_log_chained (
--sqlite|    id        INTEGER PRIMARY KEY,
--sqlite|    at        TEXT NOT NULL,
--sqlite|    staff_id  INTEGER,
--sqlite|    agency_id INTEGER,
--sqlite|    action    TEXT NOT NULL,
--sqlite|    detail    TEXT NOT NULL,
--sqlite|    seq       INTEGER,
--sqlite|    prev_hash TEXT,
--sqlite|    hash      TEXT
--sqlite|);
--sqlite|INSERT INTO audit_log_chained (id, at, staff_id, agency_id, action, detail)
--sqlite|SELECT id, at, staff_id, agency_id, action, detail FROM audit_log;
--sqlite|DROP TABLE audit_log;
--sqlite|ALTER TABLE audit_log_chained RENAME TO audit_log;
--pg|-- No foreign keys: the trail records the ids a decision named and must
--pg|-- outlive the staff and agencies it mentions.
--pg|ALTER TABLE audit_log DROP CONSTRAINT IF EXISTS audit_log_staff_id_fkey;
--pg|ALTER TABLE audit_log DROP CONSTRAINT IF EXISTS audit_log_agency_id_fkey;
--pg|ALTER TABLE audit_log ADD COLUMN seq BIGINT;
--pg|ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
--pg|ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);
CREATE INDEX audit_log_agency ON audit_log (agency_id, id);

CREATE TABLE audit_chain_head (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
--sqlite|    seq          INTEGER NOT NULL,
--pg|    seq          BIGINT NOT NULL,
    hash         TEXT NOT NULL,
--sqlite|    legacy_until INTEGER NOT NULL
--pg|    legacy_until BIGINT NOT NULL
);
INSERT INTO audit_chain_head (id, seq, hash, legacy_until)
SELECT 1, 0, '0000000000000000000000000000000000000000000000000000000000000000',
       COALESCE(MAX(id), 0) FROM audit_log;

-- An idempotency key sent again must carry the same request: the SHA-256 of
-- the agency, channel and application it first came with (NULL for cases
-- created before this migration, which replay as before).
ALTER TABLE cases ADD COLUMN idempotency_hash TEXT;
