-- Agencies, staff, sessions, the administrators' calendar, the audit trail.

CREATE TABLE agencies (
    id              INTEGER PRIMARY KEY,
    parent_id       INTEGER REFERENCES agencies(id),
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
    created_at      TEXT NOT NULL
);
CREATE INDEX agencies_parent ON agencies(parent_id);

CREATE TABLE staff (
    id              INTEGER PRIMARY KEY,
    agency_id       INTEGER NOT NULL REFERENCES agencies(id),
    username        TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    active          INTEGER NOT NULL DEFAULT 1,
    failed_logins   INTEGER NOT NULL DEFAULT 0,
    last_failure_at TEXT,
    locked_until    TEXT,
    last_login_at   TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX staff_agency ON staff(agency_id);

CREATE TABLE staff_roles (
    staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    role     TEXT NOT NULL,
    PRIMARY KEY (staff_id, role)
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    staff_id   INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE calendar_years (
    year       INTEGER PRIMARY KEY,
    data       TEXT NOT NULL,
    entered_by INTEGER REFERENCES staff(id),
    entered_at TEXT NOT NULL
);

CREATE TABLE calendar_overrides (
    date       TEXT PRIMARY KEY,
    working    INTEGER NOT NULL,
    name       TEXT NOT NULL,
    notice     TEXT NOT NULL,
    entered_by INTEGER REFERENCES staff(id),
    entered_at TEXT NOT NULL
);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    staff_id  INTEGER REFERENCES staff(id),
    agency_id INTEGER REFERENCES agencies(id),
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL
);
