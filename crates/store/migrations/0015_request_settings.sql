-- Issue 16: how an agency's disclosure office works requests.
-- `approval_outcomes`: the outcome codes whose reply the reviewer signs
-- (审核签发), comma-separated; NULL means the default rule. The number
-- patterns per series (receipt / notice / reply) with {year} and {n}; NULL
-- means the default pattern. The redress sentence's 复议机关 and court when
-- they are not derived from the agency tree (vertical management).
CREATE TABLE request_settings (
--sqlite|    agency_id            INTEGER PRIMARY KEY REFERENCES agencies(id),
--pg|    agency_id            BIGINT PRIMARY KEY REFERENCES agencies(id),
    approval_outcomes    TEXT,
    receipt_pattern      TEXT,
    notice_pattern       TEXT,
    reply_pattern        TEXT,
    reconsideration_body TEXT,
    court                TEXT,
--sqlite|    updated_at           TEXT NOT NULL
--pg|    updated_at           TIMESTAMPTZ NOT NULL
);

-- 发文顺序号: the last number issued per agency, series and year. Numbers
-- are taken under the row's lock and never given back (never reused).
CREATE TABLE document_sequences (
--sqlite|    agency_id   INTEGER NOT NULL REFERENCES agencies(id),
--pg|    agency_id   BIGINT NOT NULL REFERENCES agencies(id),
    series      TEXT NOT NULL,
    year        INTEGER NOT NULL,
--sqlite|    last_number INTEGER NOT NULL,
--pg|    last_number BIGINT NOT NULL,
    PRIMARY KEY (agency_id, series, year)
);
