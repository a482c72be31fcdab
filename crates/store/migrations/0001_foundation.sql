-- Agencies, staff, sessions, the administrators' calendar, the audit trail.
--pg|-- The same tables and columns as the SQLite store's first migration, in
--pg|-- PostgreSQL's own types.

CREATE TABLE agencies (
--sqlite|    id              INTEGER PRIMARY KEY,
--sqlite|    parent_id       INTEGER REFERENCES agencies(id),
--pg|    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    parent_id       BIGINT REFERENCES agencies(id),
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
--sqlite|    created_at      TEXT NOT NULL
--pg|    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX agencies_parent ON agencies(parent_id);

CREATE TABLE staff (
--sqlite|    id              INTEGER PRIMARY KEY,
--sqlite|    agency_id       INTEGER NOT NULL REFERENCES agencies(id),
--pg|    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    agency_id       BIGINT NOT NULL REFERENCES agencies(id),
    username        TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
--sqlite|    active          INTEGER NOT NULL DEFAULT 1,
--pg|    active          BOOLEAN NOT NULL DEFAULT TRUE,
    failed_logins   INTEGER NOT NULL DEFAULT 0,
--sqlite|    last_failure_at TEXT,
--sqlite|    locked_until    TEXT,
--sqlite|    last_login_at   TEXT,
--sqlite|    created_at      TEXT NOT NULL
--pg|    last_failure_at TIMESTAMPTZ,
--pg|    locked_until    TIMESTAMPTZ,
--pg|    last_login_at   TIMESTAMPTZ,
--pg|    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX staff_agency ON staff(agency_id);

CREATE TABLE staff_roles (
--sqlite|    staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
--pg|    staff_id BIGINT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    role     TEXT NOT NULL,
    PRIMARY KEY (staff_id, role)
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
--sqlite|    staff_id   INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
--pg|    staff_id   BIGINT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
--sqlite|    created_at TEXT NOT NULL,
--sqlite|    expires_at TEXT NOT NULL
--pg|    created_at TIMESTAMPTZ NOT NULL,
--pg|    expires_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE calendar_years (
    year       INTEGER PRIMARY KEY,
--sqlite|    data       TEXT NOT NULL,
--sqlite|    entered_by INTEGER REFERENCES staff(id),
--sqlite|    entered_at TEXT NOT NULL
--pg|    data       JSONB NOT NULL,
--pg|    entered_by BIGINT REFERENCES staff(id),
--pg|    entered_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE calendar_overrides (
--sqlite|    date       TEXT PRIMARY KEY,
--sqlite|    working    INTEGER NOT NULL,
--pg|    date       DATE PRIMARY KEY,
--pg|    working    BOOLEAN NOT NULL,
    name       TEXT NOT NULL,
    notice     TEXT NOT NULL,
--sqlite|    entered_by INTEGER REFERENCES staff(id),
--sqlite|    entered_at TEXT NOT NULL
--pg|    entered_by BIGINT REFERENCES staff(id),
--pg|    entered_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE audit_log (
--sqlite|    id        INTEGER PRIMARY KEY,
--sqlite|    at        TEXT NOT NULL,
--sqlite|    staff_id  INTEGER REFERENCES staff(id),
--sqlite|    agency_id INTEGER REFERENCES agencies(id),
--pg|    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    at        TIMESTAMPTZ NOT NULL,
--pg|    staff_id  BIGINT REFERENCES staff(id),
--pg|    agency_id BIGINT REFERENCES agencies(id),
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL
);
