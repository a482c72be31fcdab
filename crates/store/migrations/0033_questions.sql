-- Issue 20: 政民互动 (咨询). A member of the public asks an agency a
-- question; it is kept as received (name and contact private, shown only
-- to the agency's staff handling it), with the one-time key of its form
-- (`submit_key`: the same form sent twice is one question) and the SHA-256
-- of its query code (the asker reads the answer with the number and the
-- code). Its clock is stored as dates, computed on the platform calendar
-- with the agency's days when it was asked (the receipt tells the asker
-- the due date): `due_on` (answer period), `escalate_on` (督办) and
-- `veto_on` (the last day before the 3-month veto line of 国办秘函〔2019〕19号).
--
-- It is closed once (`state`): answered (`answer`), converted into an
-- application for disclosure (the case, its number and — for the asker's
-- query page only — the case's query code, as the 登记回执 the case issues
-- prints it; `answer` the notice telling so) or referred to another channel
-- (`referred_to` the domain's OtherChannel code, `answer` the standard
-- text). `closed_on` (Beijing day) against `due_on` is whether it was
-- answered in time. With the asker's consent an answered question is
-- published (`published_at`) as the staff moderated it
-- (`public_subject`, `public_body`: personal data removed; the original
-- stays). Every decision is in the audit trail, never a name or contact.
CREATE TABLE questions (
--sqlite|    id              INTEGER PRIMARY KEY,
--sqlite|    agency_id       INTEGER NOT NULL REFERENCES agencies(id),
--sqlite|    asked_at        TEXT NOT NULL,
--sqlite|    asked_on        TEXT NOT NULL,
--sqlite|    due_on          TEXT NOT NULL,
--sqlite|    escalate_on     TEXT NOT NULL,
--sqlite|    veto_on         TEXT NOT NULL,
--sqlite|    consent         INTEGER NOT NULL,
--sqlite|    closed_at       TEXT,
--sqlite|    closed_on       TEXT,
--sqlite|    closed_by       INTEGER REFERENCES staff(id),
--sqlite|    case_id         INTEGER REFERENCES cases(id),
--sqlite|    published_at    TEXT,
--sqlite|    published_by    INTEGER REFERENCES staff(id),
--pg|    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    agency_id       BIGINT NOT NULL REFERENCES agencies(id),
--pg|    asked_at        TIMESTAMPTZ NOT NULL,
--pg|    asked_on        DATE NOT NULL,
--pg|    due_on          DATE NOT NULL,
--pg|    escalate_on     DATE NOT NULL,
--pg|    veto_on         DATE NOT NULL,
--pg|    consent         BOOLEAN NOT NULL,
--pg|    closed_at       TIMESTAMPTZ,
--pg|    closed_on       DATE,
--pg|    closed_by       BIGINT REFERENCES staff(id),
--pg|    case_id         BIGINT REFERENCES cases(id),
--pg|    published_at    TIMESTAMPTZ,
--pg|    published_by    BIGINT REFERENCES staff(id),
    submit_key      TEXT NOT NULL,
    query_code_hash TEXT NOT NULL,
    name            TEXT NOT NULL,
    contact         TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('open', 'answered', 'converted', 'referred')),
    answer          TEXT,
    referred_to     TEXT,
    case_number     TEXT,
    case_query_code TEXT,
    public_subject  TEXT,
    public_body     TEXT,
    UNIQUE (agency_id, submit_key),
    CHECK (state = 'open' OR (closed_on IS NOT NULL AND answer IS NOT NULL)),
    CHECK (state <> 'converted' OR case_id IS NOT NULL),
    CHECK (state <> 'referred' OR referred_to IS NOT NULL),
    CHECK (published_at IS NULL OR (state = 'answered' AND public_body IS NOT NULL))
);
-- The staff's queue (open ones by due date; the supervisor's counts per
-- agency of a subtree), the closed ones newest first, and the public list
-- of the published ones newest first.
CREATE INDEX questions_queue ON questions(agency_id, state, due_on, id);
CREATE INDEX questions_agency_id ON questions(agency_id, id);
CREATE INDEX questions_published ON questions(agency_id, id) WHERE published_at IS NOT NULL;

-- 政民互动 settings of an agency: its answer period in working days and
-- when the supervising office is told (the domain's QuestionRules; without
-- a row, the platform's default of 5 working days and 2 months). Changes
-- are audited (`question.settings_changed`).
CREATE TABLE question_settings (
--sqlite|    agency_id             INTEGER PRIMARY KEY REFERENCES agencies(id),
--sqlite|    updated_by            INTEGER REFERENCES staff(id),
--sqlite|    updated_at            TEXT NOT NULL,
--pg|    agency_id             BIGINT PRIMARY KEY REFERENCES agencies(id),
--pg|    updated_by            BIGINT REFERENCES staff(id),
--pg|    updated_at            TIMESTAMPTZ NOT NULL,
    answer_days           INTEGER NOT NULL CHECK (answer_days BETWEEN 1 AND 20),
    escalate_after_months INTEGER NOT NULL CHECK (escalate_after_months BETWEEN 1 AND 2)
);
