-- Disclosure on request: cases, append-only events, issued documents,
-- attachments, appeals, templates, the mail outbox.

CREATE TABLE case_number_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE cases (
    id               INTEGER PRIMARY KEY,
    agency_id        INTEGER NOT NULL REFERENCES agencies(id),
    number           TEXT NOT NULL UNIQUE,
    query_code_hash  TEXT NOT NULL,
    channel          TEXT NOT NULL,
    application      TEXT NOT NULL,
    applicant_key    TEXT NOT NULL,
    applicant_type   TEXT NOT NULL,
    submitted_at     TEXT NOT NULL,
    idempotency_key  TEXT UNIQUE
);
CREATE INDEX cases_agency ON cases(agency_id);
CREATE INDEX cases_applicant ON cases(agency_id, applicant_key);

CREATE TABLE case_events (
    case_id INTEGER NOT NULL REFERENCES cases(id),
    seq     INTEGER NOT NULL,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    note    TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
);
-- Events are never changed or removed.
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN SELECT RAISE(ABORT, 'case events are immutable'); END;
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
BEGIN SELECT RAISE(ABORT, 'case events are immutable'); END;

CREATE TABLE case_documents (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases(id),
    event_seq INTEGER NOT NULL,
    issued_at TEXT NOT NULL,
    document  TEXT NOT NULL
);
CREATE INDEX case_documents_case ON case_documents(case_id);
CREATE TRIGGER case_documents_no_update BEFORE UPDATE ON case_documents
BEGIN SELECT RAISE(ABORT, 'issued documents are immutable'); END;
CREATE TRIGGER case_documents_no_delete BEFORE DELETE ON case_documents
BEGIN SELECT RAISE(ABORT, 'issued documents are immutable'); END;

CREATE TABLE case_attachments (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    purpose      TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    uploaded_at  TEXT NOT NULL
);
CREATE INDEX case_attachments_case ON case_attachments(case_id);

CREATE TABLE appeals (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    summary     TEXT NOT NULL,
    body        TEXT NOT NULL,
    note        TEXT NOT NULL,
    recorded_by INTEGER REFERENCES staff(id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX appeals_case ON appeals(case_id);

CREATE TABLE document_templates (
    agency_id  INTEGER NOT NULL REFERENCES agencies(id),
    key        TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_by INTEGER REFERENCES staff(id),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (agency_id, key)
);

CREATE TABLE mail_outbox (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER REFERENCES cases(id),
    to_address  TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    document_id INTEGER REFERENCES case_documents(id),
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    created_at  TEXT NOT NULL,
    sent_at     TEXT
);
CREATE INDEX mail_outbox_pending ON mail_outbox(sent_at, id);
