-- Annual reports (政府信息公开工作年度报告): the writer's draft of an agency's
-- report for a year, and the versions as published. A published version is
-- never changed or removed; a correction is the next version, with its note.

CREATE TABLE annual_report_drafts (
--sqlite|    agency_id  INTEGER NOT NULL REFERENCES agencies(id),
--pg|    agency_id  BIGINT NOT NULL REFERENCES agencies(id),
    year       INTEGER NOT NULL,
--sqlite|    -- JSON: the texts of parts 一…六, an array of six strings.
--sqlite|    parts      TEXT NOT NULL,
--sqlite|    -- JSON: the ids of the agencies combined into the report ([]: the agency alone).
--sqlite|    members    TEXT NOT NULL,
--sqlite|    updated_by INTEGER REFERENCES staff(id),
--sqlite|    updated_at TEXT NOT NULL,
--pg|    -- The texts of parts 一…六, an array of six strings.
--pg|    parts      JSONB NOT NULL,
--pg|    -- The ids of the agencies combined into the report ([]: the agency alone).
--pg|    members    JSONB NOT NULL,
--pg|    updated_by BIGINT REFERENCES staff(id),
--pg|    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (agency_id, year)
);

CREATE TABLE annual_report_versions (
--sqlite|    id           INTEGER PRIMARY KEY,
--sqlite|    agency_id    INTEGER NOT NULL REFERENCES agencies(id),
--pg|    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    agency_id    BIGINT NOT NULL REFERENCES agencies(id),
    year         INTEGER NOT NULL,
--sqlite|    -- 1, 2, 3 … per agency and year, taken in a write transaction
--sqlite|    -- (BEGIN IMMEDIATE: SQLite runs one writer at a time).
--pg|    -- 1, 2, 3 … per agency and year, taken under a transaction-level
--pg|    -- advisory lock of the agency and year (see reports.rs).
    version      INTEGER NOT NULL CHECK (version >= 1),
--sqlite|    -- JSON: the whole report as published.
--sqlite|    report       TEXT NOT NULL,
--sqlite|    published_on TEXT NOT NULL,
--pg|    -- The whole report as published.
--pg|    report       JSONB NOT NULL,
--pg|    published_on DATE NOT NULL,
    -- What a correction corrected and why (NULL for the first version).
    note         TEXT,
--sqlite|    published_by INTEGER REFERENCES staff(id),
--sqlite|    published_at TEXT NOT NULL,
--pg|    published_by BIGINT REFERENCES staff(id),
--pg|    published_at TIMESTAMPTZ NOT NULL,
    UNIQUE (agency_id, year, version)
);
--sqlite|-- Published versions are never changed or removed.
--sqlite|CREATE TRIGGER annual_report_versions_no_update BEFORE UPDATE ON annual_report_versions
--sqlite|BEGIN SELECT RAISE(ABORT, 'published annual reports are immutable'); END;
--sqlite|CREATE TRIGGER annual_report_versions_no_delete BEFORE DELETE ON annual_report_versions
--sqlite|BEGIN SELECT RAISE(ABORT, 'published annual reports are immutable'); END;
--pg|-- Published versions are never changed or removed (gongkai_immutable:
--pg|-- 0002_requests.sql), not even all at once by TRUNCATE.
--pg|CREATE TRIGGER annual_report_versions_immutable BEFORE UPDATE OR DELETE ON annual_report_versions
--pg|    FOR EACH ROW EXECUTE FUNCTION gongkai_immutable();
--pg|CREATE TRIGGER annual_report_versions_no_truncate BEFORE TRUNCATE ON annual_report_versions
--pg|    FOR EACH STATEMENT EXECUTE FUNCTION gongkai_immutable();
