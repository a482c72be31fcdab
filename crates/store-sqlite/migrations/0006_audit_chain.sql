-- The tamper-evident audit trail (issue 13): each record carries its place in
-- the chain (seq), the hash of the record before it and its own hash (SHA-256
-- of the canonical form defined in gongkai_store::audit). The head row names
-- the newest record, so removing the last one is noticed too; rows written
-- before this migration (id <= legacy_until) are chained once by the store.
--
-- The table is rebuilt without its foreign keys: the trail records the ids
-- a decision named and must outlive the staff and agencies it mentions.
CREATE TABLE audit_log_chained (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    staff_id  INTEGER,
    agency_id INTEGER,
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    seq       INTEGER,
    prev_hash TEXT,
    hash      TEXT
);
INSERT INTO audit_log_chained (id, at, staff_id, agency_id, action, detail)
SELECT id, at, staff_id, agency_id, action, detail FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_chained RENAME TO audit_log;
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);
CREATE INDEX audit_log_agency ON audit_log (agency_id, id);

CREATE TABLE audit_chain_head (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    seq          INTEGER NOT NULL,
    hash         TEXT NOT NULL,
    legacy_until INTEGER NOT NULL
);
INSERT INTO audit_chain_head (id, seq, hash, legacy_until)
SELECT 1, 0, '0000000000000000000000000000000000000000000000000000000000000000',
       COALESCE(MAX(id), 0) FROM audit_log;

-- An idempotency key sent again must carry the same request: the SHA-256 of
-- the agency, channel and application it first came with (NULL for cases
-- created before this migration, which replay as before).
ALTER TABLE cases ADD COLUMN idempotency_hash TEXT;
