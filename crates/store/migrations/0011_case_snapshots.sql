-- The case read model (issue 15): one row per case, derived from its events
-- by the domain (`case::CaseSnapshot`) and written in the transaction that
-- appends each event, so queues, oversight counts and the annual report
-- read indexed rows instead of replaying histories. Where a case stands
-- against its reply deadline on a given day is stored as dates
-- (due_soon_from, overdue_from; while an open pause moves the due date,
-- moving_until and moving_days_left). Rows are filled for existing cases
-- by the re-projection the server runs at start (`gongkai cases reproject`).
CREATE TABLE case_snapshots (
--sqlite|    case_id          INTEGER PRIMARY KEY REFERENCES cases(id),
--sqlite|    agency_id        INTEGER NOT NULL REFERENCES agencies(id),
--pg|    case_id          BIGINT PRIMARY KEY REFERENCES cases(id),
--pg|    agency_id        BIGINT NOT NULL REFERENCES agencies(id),
    number           TEXT NOT NULL,
    applicant_type   TEXT NOT NULL,
    channel          TEXT NOT NULL,
    state            TEXT NOT NULL,
--sqlite|    receipt_date     TEXT,
--sqlite|    clock_runs       INTEGER NOT NULL,
--sqlite|    reply_due        TEXT,
--sqlite|    moving_until     TEXT,
--pg|    receipt_date     DATE,
--pg|    clock_runs       BOOLEAN NOT NULL,
--pg|    reply_due        DATE,
--pg|    moving_until     DATE,
    moving_days_left INTEGER,
--sqlite|    fixed_due        TEXT,
--sqlite|    due_soon_from    TEXT,
--sqlite|    overdue_from     TEXT,
--sqlite|    finished         INTEGER NOT NULL,
--sqlite|    is_open          INTEGER NOT NULL,
--pg|    fixed_due        DATE,
--pg|    due_soon_from    DATE,
--pg|    overdue_from     DATE,
--pg|    finished         BOOLEAN NOT NULL,
--pg|    is_open          BOOLEAN NOT NULL,
    outcome          TEXT,
--sqlite|    decided_on       TEXT,
--sqlite|    delivered_on     TEXT,
--sqlite|    closed_on        TEXT,
--sqlite|    on_time          INTEGER,
--pg|    decided_on       DATE,
--pg|    delivered_on     DATE,
--pg|    closed_on        DATE,
--pg|    on_time          BOOLEAN,
    fee_yuan         BIGINT,
    last_seq         INTEGER NOT NULL,
    anomalies        INTEGER NOT NULL,
--sqlite|    taken_on         TEXT NOT NULL,
--pg|    taken_on         DATE NOT NULL,
    -- The order of lists: fixed_due, or 9999-12-31 for none (last).
--sqlite|    sort_due         TEXT NOT NULL
--pg|    sort_due         DATE NOT NULL
);
-- The clerk's queue (an agency's open cases by due date) and the list of
-- all of an agency's cases, in pages after a (sort_due, number) key.
CREATE INDEX case_snapshots_queue ON case_snapshots(agency_id, is_open, sort_due, number);
CREATE INDEX case_snapshots_list ON case_snapshots(agency_id, sort_due, number);
-- Oversight counts: the cases whose deadline still runs, by agency.
CREATE INDEX case_snapshots_running ON case_snapshots(finished, agency_id);
-- The annual report: received and disposed of by date.
CREATE INDEX case_snapshots_received ON case_snapshots(agency_id, receipt_date);
CREATE INDEX case_snapshots_disposed ON case_snapshots(agency_id, decided_on);

-- The agency tree as a materialised path, `/1/5/23/` (parents never
-- change), so "this agency and everything below it" is one indexed range
-- (path >= '/1/5/' AND path < '/1/50', since '0' follows '/').
--sqlite|ALTER TABLE agencies ADD COLUMN path TEXT;
--pg|ALTER TABLE agencies ADD COLUMN path TEXT COLLATE "C";
--sqlite|WITH RECURSIVE t(id, path) AS (
--sqlite|    SELECT id, '/' || id || '/' FROM agencies WHERE parent_id IS NULL
--sqlite|    UNION ALL
--sqlite|    SELECT a.id, t.path || a.id || '/' FROM agencies a JOIN t ON a.parent_id = t.id
--sqlite|) UPDATE agencies SET path = (SELECT path FROM t WHERE t.id = agencies.id);
--pg|WITH RECURSIVE t(id, path) AS (
--pg|    SELECT id, '/' || id::text || '/' FROM agencies WHERE parent_id IS NULL
--pg|    UNION ALL
--pg|    SELECT a.id, t.path || a.id::text || '/' FROM agencies a JOIN t ON a.parent_id = t.id
--pg|) UPDATE agencies SET path = t.path FROM t WHERE t.id = agencies.id;
CREATE INDEX agencies_path ON agencies(path);

-- Art. 26 timeliness of an item as a column (it was only in the snapshot's
-- JSON), so the oversight counts late items per agency in the same query.
--sqlite|ALTER TABLE catalogue_items ADD COLUMN late INTEGER NOT NULL DEFAULT 0;
--pg|ALTER TABLE catalogue_items ADD COLUMN late BOOLEAN NOT NULL DEFAULT false;
--sqlite|UPDATE catalogue_items SET late = COALESCE(json_extract(snapshot, '$.late'), 0);
--pg|UPDATE catalogue_items SET late = COALESCE((snapshot->>'late')::boolean, false);
CREATE INDEX catalogue_items_state ON catalogue_items(agency_id, state);
CREATE INDEX catalogue_items_late ON catalogue_items(agency_id, late);
