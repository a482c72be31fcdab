-- Disclosure on request: cases, append-only events, issued documents,
-- attachments, appeals, templates, the mail outbox.

CREATE TABLE case_number_counters (
    year INTEGER PRIMARY KEY,
--sqlite|    last INTEGER NOT NULL
--pg|    last BIGINT NOT NULL
);

CREATE TABLE cases (
--sqlite|    id               INTEGER PRIMARY KEY,
--sqlite|    agency_id        INTEGER NOT NULL REFERENCES agencies(id),
--pg|    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    agency_id        BIGINT NOT NULL REFERENCES agencies(id),
    number           TEXT NOT NULL UNIQUE,
    query_code_hash  TEXT NOT NULL,
    channel          TEXT NOT NULL,
--sqlite|    application      TEXT NOT NULL,
--pg|    application      JSONB NOT NULL,
    applicant_key    TEXT NOT NULL,
    applicant_type   TEXT NOT NULL,
--sqlite|    submitted_at     TEXT NOT NULL,
--pg|    submitted_at     TIMESTAMPTZ NOT NULL,
    idempotency_key  TEXT UNIQUE
);
CREATE INDEX cases_agency ON cases(agency_id);
CREATE INDEX cases_applicant ON cases(agency_id, applicant_key);

CREATE TABLE case_events (
--sqlite|    case_id INTEGER NOT NULL REFERENCES cases(id),
--pg|    case_id BIGINT NOT NULL REFERENCES cases(id),
    seq     INTEGER NOT NULL,
--sqlite|    at      TEXT NOT NULL,
--sqlite|    actor   TEXT NOT NULL,
--sqlite|    action  TEXT NOT NULL,
--pg|    at      TIMESTAMPTZ NOT NULL,
--pg|    actor   JSONB NOT NULL,
--pg|    action  JSONB NOT NULL,
    note    TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
);
--sqlite|-- Events are never changed or removed.
--sqlite|CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
--sqlite|BEGIN SELECT RAISE(ABORT, 'case events are immutable'); END;
--sqlite|CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
--sqlite|BEGIN SELECT RAISE(ABORT, 'case events are immutable'); END;
--pg|
--pg|-- Events and issued documents are never changed or removed.
--pg|CREATE FUNCTION gongkai_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
--pg|BEGIN
--pg|    RAISE EXCEPTION '% rows are immutable', TG_TABLE_NAME;
--pg|END;
--pg|$$;
--pg|CREATE TRIGGER case_events_immutable BEFORE UPDATE OR DELETE ON case_events
--pg|    FOR EACH ROW EXECUTE FUNCTION gongkai_immutable();

CREATE TABLE case_documents (
--sqlite|    id        INTEGER PRIMARY KEY,
--sqlite|    case_id   INTEGER NOT NULL REFERENCES cases(id),
--pg|    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    case_id   BIGINT NOT NULL REFERENCES cases(id),
    event_seq INTEGER NOT NULL,
--sqlite|    issued_at TEXT NOT NULL,
--sqlite|    document  TEXT NOT NULL
--pg|    issued_at TIMESTAMPTZ NOT NULL,
--pg|    document  JSONB NOT NULL
);
CREATE INDEX case_documents_case ON case_documents(case_id);
--sqlite|CREATE TRIGGER case_documents_no_update BEFORE UPDATE ON case_documents
--sqlite|BEGIN SELECT RAISE(ABORT, 'issued documents are immutable'); END;
--sqlite|CREATE TRIGGER case_documents_no_delete BEFORE DELETE ON case_documents
--sqlite|BEGIN SELECT RAISE(ABORT, 'issued documents are immutable'); END;
--pg|CREATE TRIGGER case_documents_immutable BEFORE UPDATE OR DELETE ON case_documents
--pg|    FOR EACH ROW EXECUTE FUNCTION gongkai_immutable();

CREATE TABLE case_attachments (
--sqlite|    id           INTEGER PRIMARY KEY,
--sqlite|    case_id      INTEGER NOT NULL REFERENCES cases(id),
--pg|    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    case_id      BIGINT NOT NULL REFERENCES cases(id),
    purpose      TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
--sqlite|    size         INTEGER NOT NULL,
--sqlite|    uploaded_at  TEXT NOT NULL
--pg|    size         BIGINT NOT NULL,
--pg|    uploaded_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX case_attachments_case ON case_attachments(case_id);

CREATE TABLE appeals (
--sqlite|    id          INTEGER PRIMARY KEY,
--sqlite|    case_id     INTEGER NOT NULL REFERENCES cases(id),
--sqlite|    summary     TEXT NOT NULL,
--pg|    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    case_id     BIGINT NOT NULL REFERENCES cases(id),
--pg|    summary     JSONB NOT NULL,
    body        TEXT NOT NULL,
    note        TEXT NOT NULL,
--sqlite|    recorded_by INTEGER REFERENCES staff(id),
--sqlite|    recorded_at TEXT NOT NULL
--pg|    recorded_by BIGINT REFERENCES staff(id),
--pg|    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX appeals_case ON appeals(case_id);

CREATE TABLE document_templates (
--sqlite|    agency_id  INTEGER NOT NULL REFERENCES agencies(id),
--pg|    agency_id  BIGINT NOT NULL REFERENCES agencies(id),
    key        TEXT NOT NULL,
    body       TEXT NOT NULL,
--sqlite|    updated_by INTEGER REFERENCES staff(id),
--sqlite|    updated_at TEXT NOT NULL,
--pg|    updated_by BIGINT REFERENCES staff(id),
--pg|    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (agency_id, key)
);

CREATE TABLE mail_outbox (
--sqlite|    id          INTEGER PRIMARY KEY,
--sqlite|    case_id     INTEGER REFERENCES cases(id),
--pg|    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    case_id     BIGINT REFERENCES cases(id),
    to_address  TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
--sqlite|    document_id INTEGER REFERENCES case_documents(id),
--pg|    document_id BIGINT REFERENCES case_documents(id),
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
--sqlite|    created_at  TEXT NOT NULL,
--sqlite|    sent_at     TEXT
--pg|    created_at  TIMESTAMPTZ NOT NULL,
--pg|    sent_at     TIMESTAMPTZ
);
CREATE INDEX mail_outbox_pending ON mail_outbox(sent_at, id);
