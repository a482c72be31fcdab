-- Agencies, staff, sessions, the administrators' calendar, the audit trail.
-- The same tables and columns as the SQLite store's first migration, in
-- PostgreSQL's own types.

CREATE TABLE agencies (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id       BIGINT REFERENCES agencies(id),
    full_name       TEXT NOT NULL,
    short_name      TEXT NOT NULL,
    code            TEXT NOT NULL UNIQUE,
    level           TEXT NOT NULL,
    kind            TEXT NOT NULL,
    office_name     TEXT NOT NULL DEFAULT '',
    office_address  TEXT NOT NULL DEFAULT '',
    office_postcode TEXT NOT NULL DEFAULT '',
    office_hours    TEXT NOT NULL DEFAULT '',
    office_phone    TEXT NOT NULL DEFAULT '',
    office_fax      TEXT NOT NULL DEFAULT '',
    office_email    TEXT NOT NULL DEFAULT '',
    channels        TEXT NOT NULL,
    guide_text      TEXT,
    rules_text      TEXT,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX agencies_parent ON agencies(parent_id);

CREATE TABLE staff (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id       BIGINT NOT NULL REFERENCES agencies(id),
    username        TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    active          BOOLEAN NOT NULL DEFAULT TRUE,
    failed_logins   INTEGER NOT NULL DEFAULT 0,
    last_failure_at TIMESTAMPTZ,
    locked_until    TIMESTAMPTZ,
    last_login_at   TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX staff_agency ON staff(agency_id);

CREATE TABLE staff_roles (
    staff_id BIGINT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    role     TEXT NOT NULL,
    PRIMARY KEY (staff_id, role)
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    staff_id   BIGINT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE calendar_years (
    year       INTEGER PRIMARY KEY,
    data       JSONB NOT NULL,
    entered_by BIGINT REFERENCES staff(id),
    entered_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE calendar_overrides (
    date       DATE PRIMARY KEY,
    working    BOOLEAN NOT NULL,
    name       TEXT NOT NULL,
    notice     TEXT NOT NULL,
    entered_by BIGINT REFERENCES staff(id),
    entered_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE audit_log (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        TIMESTAMPTZ NOT NULL,
    staff_id  BIGINT REFERENCES staff(id),
    agency_id BIGINT REFERENCES agencies(id),
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL
);
