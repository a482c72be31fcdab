-- Annual reports (政府信息公开工作年度报告): the writer's draft of an agency's
-- report for a year, and the versions as published. A published version is
-- never changed or removed; a correction is the next version, with its note.

CREATE TABLE annual_report_drafts (
    agency_id  INTEGER NOT NULL REFERENCES agencies(id),
    year       INTEGER NOT NULL,
    -- JSON: the texts of parts 一…六, an array of six strings.
    parts      TEXT NOT NULL,
    -- JSON: the ids of the agencies combined into the report ([]: the agency alone).
    members    TEXT NOT NULL,
    updated_by INTEGER REFERENCES staff(id),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (agency_id, year)
);

CREATE TABLE annual_report_versions (
    id           INTEGER PRIMARY KEY,
    agency_id    INTEGER NOT NULL REFERENCES agencies(id),
    year         INTEGER NOT NULL,
    -- 1, 2, 3 … per agency and year, taken in a write transaction
    -- (BEGIN IMMEDIATE: SQLite runs one writer at a time).
    version      INTEGER NOT NULL CHECK (version >= 1),
    -- JSON: the whole report as published.
    report       TEXT NOT NULL,
    published_on TEXT NOT NULL,
    -- What a correction corrected and why (NULL for the first version).
    note         TEXT,
    published_by INTEGER REFERENCES staff(id),
    published_at TEXT NOT NULL,
    UNIQUE (agency_id, year, version)
);
-- Published versions are never changed or removed.
CREATE TRIGGER annual_report_versions_no_update BEFORE UPDATE ON annual_report_versions
BEGIN SELECT RAISE(ABORT, 'published annual reports are immutable'); END;
CREATE TRIGGER annual_report_versions_no_delete BEFORE DELETE ON annual_report_versions
BEGIN SELECT RAISE(ABORT, 'published annual reports are immutable'); END;
