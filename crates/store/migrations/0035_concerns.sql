-- Issue 20: 回应关切 / 政务舆情. An agency's register of the public
-- concerns and incidents it learned of: `concerns`, with the class (the
-- domain's ConcernClass code), the moment the agency learned of it (the
-- clocks run in clock hours from there) and its clocks as the domain
-- derived them when registered: the first (5 h 权威信息 for a 特别重大、
-- 重大突发事件, 48 h 回应 for other concerns) and, for an incident, the
-- second (24 h 新闻发布会). `*_met_at` is the first public response that
-- met the clock, kept with each response so the queue sorts by the
-- nearest clock and the supervisor counts 超时 in SQL. Each response is a
-- row of `concern_responses` (its kind, when, the text, whether public,
-- an external address) and its links to the agency's published items
-- rows of `concern_response_items` (the title as linked).
CREATE TABLE concerns (
--sqlite|    id              INTEGER PRIMARY KEY,
--sqlite|    agency_id       INTEGER NOT NULL REFERENCES agencies(id),
--sqlite|    learned_at      TEXT NOT NULL,
--sqlite|    first_due_at    TEXT NOT NULL,
--sqlite|    first_met_at    TEXT,
--sqlite|    second_due_at   TEXT,
--sqlite|    second_met_at   TEXT,
--sqlite|    closed_at       TEXT,
--sqlite|    created_by      INTEGER REFERENCES staff(id),
--sqlite|    created_at      TEXT NOT NULL,
--pg|    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    agency_id       BIGINT NOT NULL REFERENCES agencies(id),
--pg|    learned_at      TIMESTAMPTZ NOT NULL,
--pg|    first_due_at    TIMESTAMPTZ NOT NULL,
--pg|    first_met_at    TIMESTAMPTZ,
--pg|    second_due_at   TIMESTAMPTZ,
--pg|    second_met_at   TIMESTAMPTZ,
--pg|    closed_at       TIMESTAMPTZ,
--pg|    created_by      BIGINT REFERENCES staff(id),
--pg|    created_at      TIMESTAMPTZ NOT NULL,
    class           TEXT NOT NULL CHECK (class IN ('major_incident', 'other')),
    title           TEXT NOT NULL,
    -- 来源/渠道, e.g. 网络媒体报道、12345热线.
    source          TEXT NOT NULL,
    summary         TEXT NOT NULL,
    -- 牵头回应单位 as named (may be outside the platform).
    lead_agency     TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('open', 'closed')),
    closing_note    TEXT,
    CHECK (state = 'open' OR closed_at IS NOT NULL),
    CHECK ((class = 'major_incident') = (second_due_at IS NOT NULL))
);
-- The agency's queue (open first) and its public column; the subtree's
-- counts per agency.
CREATE INDEX concerns_agency ON concerns(agency_id, state, first_due_at);
CREATE INDEX concerns_agency_learned ON concerns(agency_id, learned_at);

CREATE TABLE concern_responses (
--sqlite|    id              INTEGER PRIMARY KEY,
--sqlite|    concern_id      INTEGER NOT NULL REFERENCES concerns(id),
--sqlite|    responded_at    TEXT NOT NULL,
--sqlite|    created_by      INTEGER REFERENCES staff(id),
--sqlite|    created_at      TEXT NOT NULL,
--pg|    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    concern_id      BIGINT NOT NULL REFERENCES concerns(id),
--pg|    responded_at    TIMESTAMPTZ NOT NULL,
--pg|    created_by      BIGINT REFERENCES staff(id),
--pg|    created_at      TIMESTAMPTZ NOT NULL,
    -- ResponseKind: authoritative_release, press_conference, statement, other.
    kind            TEXT NOT NULL CHECK (kind IN
                    ('authoritative_release', 'press_conference', 'statement', 'other')),
    body            TEXT NOT NULL,
--sqlite|    is_public       INTEGER NOT NULL,
--pg|    is_public       BOOLEAN NOT NULL,
    external_url    TEXT
);
CREATE INDEX concern_responses_concern ON concern_responses(concern_id, responded_at);

CREATE TABLE concern_response_items (
--sqlite|    response_id  INTEGER NOT NULL REFERENCES concern_responses(id),
--sqlite|    item_id      INTEGER NOT NULL REFERENCES catalogue_items(id),
--pg|    response_id  BIGINT NOT NULL REFERENCES concern_responses(id),
--pg|    item_id      BIGINT NOT NULL REFERENCES catalogue_items(id),
    title        TEXT NOT NULL,
    PRIMARY KEY (response_id, item_id)
);
