-- Disclosure on request: cases, append-only events, issued documents,
-- attachments, appeals, templates, the mail outbox.

CREATE TABLE case_number_counters (
    year INTEGER PRIMARY KEY,
    last BIGINT NOT NULL
);

CREATE TABLE cases (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id        BIGINT NOT NULL REFERENCES agencies(id),
    number           TEXT NOT NULL UNIQUE,
    query_code_hash  TEXT NOT NULL,
    channel          TEXT NOT NULL,
    application      JSONB NOT NULL,
    applicant_key    TEXT NOT NULL,
    applicant_type   TEXT NOT NULL,
    submitted_at     TIMESTAMPTZ NOT NULL,
    idempotency_key  TEXT UNIQUE
);
CREATE INDEX cases_agency ON cases(agency_id);
CREATE INDEX cases_applicant ON cases(agency_id, applicant_key);

CREATE TABLE case_events (
    case_id BIGINT NOT NULL REFERENCES cases(id),
    seq     INTEGER NOT NULL,
    at      TIMESTAMPTZ NOT NULL,
    actor   JSONB NOT NULL,
    action  JSONB NOT NULL,
    note    TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
);

-- Events and issued documents are never changed or removed.
CREATE FUNCTION gongkai_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are immutable', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER case_events_immutable BEFORE UPDATE OR DELETE ON case_events
    FOR EACH ROW EXECUTE FUNCTION gongkai_immutable();

CREATE TABLE case_documents (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id   BIGINT NOT NULL REFERENCES cases(id),
    event_seq INTEGER NOT NULL,
    issued_at TIMESTAMPTZ NOT NULL,
    document  JSONB NOT NULL
);
CREATE INDEX case_documents_case ON case_documents(case_id);
CREATE TRIGGER case_documents_immutable BEFORE UPDATE OR DELETE ON case_documents
    FOR EACH ROW EXECUTE FUNCTION gongkai_immutable();

CREATE TABLE case_attachments (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id      BIGINT NOT NULL REFERENCES cases(id),
    purpose      TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    uploaded_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX case_attachments_case ON case_attachments(case_id);

CREATE TABLE appeals (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     BIGINT NOT NULL REFERENCES cases(id),
    summary     JSONB NOT NULL,
    body        TEXT NOT NULL,
    note        TEXT NOT NULL,
    recorded_by BIGINT REFERENCES staff(id),
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX appeals_case ON appeals(case_id);

CREATE TABLE document_templates (
    agency_id  BIGINT NOT NULL REFERENCES agencies(id),
    key        TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_by BIGINT REFERENCES staff(id),
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (agency_id, key)
);

CREATE TABLE mail_outbox (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     BIGINT REFERENCES cases(id),
    to_address  TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    document_id BIGINT REFERENCES case_documents(id),
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    created_at  TIMESTAMPTZ NOT NULL,
    sent_at     TIMESTAMPTZ
);
CREATE INDEX mail_outbox_pending ON mail_outbox(sent_at, id);
