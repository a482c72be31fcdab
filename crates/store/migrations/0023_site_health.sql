-- Issue 18, item 2: the column's health checks.
-- 无信息说明: why a column of the agency's 政府信息公开 column has nothing
-- (e.g. “本机关无行政事业性收费项目”), published with the date; shown on the
-- column's page, and the empty-column check does not count the column.
CREATE TABLE column_notes (
--sqlite|    agency_id    INTEGER NOT NULL REFERENCES agencies(id),
--sqlite|    published_on TEXT NOT NULL,
--sqlite|    noted_by     INTEGER REFERENCES staff(id),
--sqlite|    noted_at     TEXT NOT NULL,
--pg|    agency_id    BIGINT NOT NULL REFERENCES agencies(id),
--pg|    published_on DATE NOT NULL,
--pg|    noted_by     BIGINT REFERENCES staff(id),
--pg|    noted_at     TIMESTAMPTZ NOT NULL,
    column_code  TEXT NOT NULL,
    note         TEXT NOT NULL,
    PRIMARY KEY (agency_id, column_code)
);

-- A run of the checks over a subtree, and what it found per agency (kept:
-- each run is compared with the last; findings are never changed).
CREATE TABLE health_runs (
--sqlite|    id             INTEGER PRIMARY KEY,
--sqlite|    root_agency_id INTEGER NOT NULL REFERENCES agencies(id),
--sqlite|    started_by     INTEGER REFERENCES staff(id),
--sqlite|    started_at     TEXT NOT NULL,
--sqlite|    finished_at    TEXT NOT NULL,
--sqlite|    checked_on     TEXT NOT NULL,
--pg|    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    root_agency_id BIGINT NOT NULL REFERENCES agencies(id),
--pg|    started_by     BIGINT REFERENCES staff(id),
--pg|    started_at     TIMESTAMPTZ NOT NULL,
--pg|    finished_at    TIMESTAMPTZ NOT NULL,
--pg|    checked_on     DATE NOT NULL,
    agencies       INTEGER NOT NULL
);

CREATE TABLE health_findings (
--sqlite|    run_id    INTEGER NOT NULL REFERENCES health_runs(id),
--sqlite|    agency_id INTEGER NOT NULL REFERENCES agencies(id),
--pg|    run_id    BIGINT NOT NULL REFERENCES health_runs(id),
--pg|    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    position  INTEGER NOT NULL,
    rule      TEXT NOT NULL,
    severity  TEXT NOT NULL,
    subject   TEXT NOT NULL,
    detail    TEXT NOT NULL,
    fix_at    TEXT,
    PRIMARY KEY (run_id, agency_id, position)
);
CREATE INDEX health_findings_agency ON health_findings(agency_id, run_id);

-- The latest run that covered each agency (the console's and the
-- agency's page's one-row read).
CREATE TABLE health_latest (
--sqlite|    agency_id INTEGER PRIMARY KEY REFERENCES agencies(id),
--sqlite|    run_id    INTEGER NOT NULL REFERENCES health_runs(id),
--pg|    agency_id BIGINT PRIMARY KEY REFERENCES agencies(id),
--pg|    run_id    BIGINT NOT NULL REFERENCES health_runs(id),
    vetoes    INTEGER NOT NULL,
    problems  INTEGER NOT NULL,
    warnings  INTEGER NOT NULL
);
--sqlite|CREATE TRIGGER health_findings_no_update BEFORE UPDATE ON health_findings
--sqlite|BEGIN SELECT RAISE(ABORT, 'health findings are immutable'); END;
--pg|CREATE TRIGGER health_findings_immutable BEFORE UPDATE ON health_findings
--pg|    FOR EACH ROW EXECUTE FUNCTION gongkai_immutable();
