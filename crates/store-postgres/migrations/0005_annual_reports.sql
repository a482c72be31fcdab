-- Annual reports (政府信息公开工作年度报告): the writer's draft of an agency's
-- report for a year, and the versions as published. A published version is
-- never changed or removed; a correction is the next version, with its note.

CREATE TABLE annual_report_drafts (
    agency_id  BIGINT NOT NULL REFERENCES agencies(id),
    year       INTEGER NOT NULL,
    -- The texts of parts 一…六, an array of six strings.
    parts      JSONB NOT NULL,
    -- The ids of the agencies combined into the report ([]: the agency alone).
    members    JSONB NOT NULL,
    updated_by BIGINT REFERENCES staff(id),
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (agency_id, year)
);

CREATE TABLE annual_report_versions (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id    BIGINT NOT NULL REFERENCES agencies(id),
    year         INTEGER NOT NULL,
    -- 1, 2, 3 … per agency and year, taken under a transaction-level
    -- advisory lock of the agency and year (see reports.rs).
    version      INTEGER NOT NULL CHECK (version >= 1),
    -- The whole report as published.
    report       JSONB NOT NULL,
    published_on DATE NOT NULL,
    -- What a correction corrected and why (NULL for the first version).
    note         TEXT,
    published_by BIGINT REFERENCES staff(id),
    published_at TIMESTAMPTZ NOT NULL,
    UNIQUE (agency_id, year, version)
);
-- Published versions are never changed or removed (gongkai_immutable:
-- 0002_requests.sql), not even all at once by TRUNCATE.
CREATE TRIGGER annual_report_versions_immutable BEFORE UPDATE OR DELETE ON annual_report_versions
    FOR EACH ROW EXECUTE FUNCTION gongkai_immutable();
CREATE TRIGGER annual_report_versions_no_truncate BEFORE TRUNCATE ON annual_report_versions
    FOR EACH STATEMENT EXECUTE FUNCTION gongkai_immutable();
