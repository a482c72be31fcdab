-- Issue 20: 人大代表建议 and 政协委员提案. An agency keeps a register per
-- year and session (届次): `motion_sessions`, with the months a reply is
-- due in (建议 3 by statute; 提案 3 to 5 as the local rules say). Each
-- motion the agency leads (主办) is a row of `motions`: its 编号, title,
-- proposers (the domain's proposers as JSON: name, 代表团/界别, contact —
-- the contact private), the assignment date and the due day (an
-- extension's, with the assigning body's consent, in `extended_until`),
-- the reply with its grade and date, the day it is to be published by
-- (20 working days after answering, on the calendar in force that day),
-- the publication (the text as published, contacts removed; a summary
-- with its reason) and the proposer's satisfaction. The co-handling
-- agencies (协办) are rows of `motion_co_agencies`: they see the motion.
CREATE TABLE motion_sessions (
--sqlite|    id            INTEGER PRIMARY KEY,
--sqlite|    agency_id     INTEGER NOT NULL REFERENCES agencies(id),
--sqlite|    created_by    INTEGER REFERENCES staff(id),
--sqlite|    created_at    TEXT NOT NULL,
--pg|    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    agency_id     BIGINT NOT NULL REFERENCES agencies(id),
--pg|    created_by    BIGINT REFERENCES staff(id),
--pg|    created_at    TIMESTAMPTZ NOT NULL,
    -- The domain's MotionKind code: suggestion (建议) or proposal (提案).
    kind          TEXT NOT NULL CHECK (kind IN ('suggestion', 'proposal')),
    year          INTEGER NOT NULL,
    -- 届次, e.g. 白沙县第十八届人民代表大会第五次会议.
    name          TEXT NOT NULL,
    reply_months  INTEGER NOT NULL CHECK (reply_months BETWEEN 1 AND 6),
    -- 交办机关, e.g. 县人大常委会选举任免联络工作委员会.
    assigned_by   TEXT NOT NULL,
    UNIQUE (agency_id, kind, year, name)
);
CREATE INDEX motion_sessions_agency ON motion_sessions(agency_id, year);

CREATE TABLE motions (
--sqlite|    id               INTEGER PRIMARY KEY,
--sqlite|    session_id       INTEGER NOT NULL REFERENCES motion_sessions(id),
--sqlite|    agency_id        INTEGER NOT NULL REFERENCES agencies(id),
--sqlite|    proposers        TEXT NOT NULL,
--sqlite|    assigned_on      TEXT NOT NULL,
--sqlite|    due_on           TEXT NOT NULL,
--sqlite|    extended_until   TEXT,
--sqlite|    answered_on      TEXT,
--sqlite|    publish_due      TEXT,
--sqlite|    published_on     TEXT,
--sqlite|    satisfaction_on  TEXT,
--sqlite|    created_by       INTEGER REFERENCES staff(id),
--sqlite|    created_at       TEXT NOT NULL,
--pg|    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    session_id       BIGINT NOT NULL REFERENCES motion_sessions(id),
--pg|    agency_id        BIGINT NOT NULL REFERENCES agencies(id),
--pg|    proposers        JSONB NOT NULL,
--pg|    assigned_on      DATE NOT NULL,
--pg|    due_on           DATE NOT NULL,
--pg|    extended_until   DATE,
--pg|    answered_on      DATE,
--pg|    publish_due      DATE,
--pg|    published_on     DATE,
--pg|    satisfaction_on  DATE,
--pg|    created_by       BIGINT REFERENCES staff(id),
--pg|    created_at       TIMESTAMPTZ NOT NULL,
    -- 编号 as the assigning body numbers it, e.g. 第12号.
    number           TEXT NOT NULL,
    title            TEXT NOT NULL,
    -- The assigning body's consent to the extension (its reference).
    extension_consent TEXT,
    reply_text       TEXT,
    -- ReplyGrade: A, B, C, D.
    grade            TEXT CHECK (grade IN ('A', 'B', 'C', 'D')),
    -- full or summary; the text as published; why only a summary.
    publish_mode     TEXT CHECK (publish_mode IN ('full', 'summary')),
    published_text   TEXT,
    summary_reason   TEXT,
    satisfaction     TEXT CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
    state            TEXT NOT NULL CHECK (state IN ('handling', 'answered', 'published')),
    CHECK (state = 'handling' OR (reply_text IS NOT NULL AND grade IS NOT NULL
           AND answered_on IS NOT NULL AND publish_due IS NOT NULL)),
    CHECK (state <> 'published' OR (published_text IS NOT NULL AND published_on IS NOT NULL)),
    CHECK (publish_mode IS NULL OR publish_mode = 'full' OR summary_reason IS NOT NULL),
    CHECK (extended_until IS NULL OR extension_consent IS NOT NULL),
    UNIQUE (session_id, number)
);
-- A session's register in order; the agency's open motions by due day and
-- its replies awaiting publication (the workbench and the supervisor's
-- per-agency counts); the published replies of a year.
CREATE INDEX motions_session ON motions(session_id, id);
CREATE INDEX motions_agency_state ON motions(agency_id, state, due_on);
CREATE INDEX motions_agency_published ON motions(agency_id, published_on);

CREATE TABLE motion_co_agencies (
--sqlite|    motion_id  INTEGER NOT NULL REFERENCES motions(id),
--sqlite|    agency_id  INTEGER NOT NULL REFERENCES agencies(id),
--pg|    motion_id  BIGINT NOT NULL REFERENCES motions(id),
--pg|    agency_id  BIGINT NOT NULL REFERENCES agencies(id),
    PRIMARY KEY (motion_id, agency_id)
);
CREATE INDEX motion_co_agencies_agency ON motion_co_agencies(agency_id, motion_id);
