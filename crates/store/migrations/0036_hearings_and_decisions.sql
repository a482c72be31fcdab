-- Issue 20 (item 1, the rest): 听证 on a consultation, the yearly
-- 重大行政决策事项目录, an agency's threshold of 较为集中的意见, and the
-- mail that tells an agency and its supervisor of a consultation closed
-- without published feedback (once per consultation).
--
-- A hearing is drafted (`draft`), its notice published (`published`: the
-- day in `published_on`, `notice_late` when that day was less than 7 days
-- before `held_on` — a hearing already held put on record), then its
-- record (听证笔录摘要 / 听证报告) published (`recorded`). The participants
-- are the domain's list as JSON (name, whom they represent, contact — the
-- contact private).
CREATE TABLE hearings (
--sqlite|    id                   INTEGER PRIMARY KEY,
--sqlite|    consultation_id      INTEGER NOT NULL REFERENCES consultations(id),
--sqlite|    agency_id            INTEGER NOT NULL REFERENCES agencies(id),
--sqlite|    held_on              TEXT NOT NULL,
--sqlite|    published_on         TEXT,
--sqlite|    notice_late          INTEGER NOT NULL DEFAULT 0,
--sqlite|    participants         TEXT,
--sqlite|    participants_at      TEXT,
--sqlite|    recorded_on          TEXT,
--sqlite|    created_by           INTEGER REFERENCES staff(id),
--sqlite|    created_at           TEXT NOT NULL,
--pg|    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    consultation_id      BIGINT NOT NULL REFERENCES consultations(id),
--pg|    agency_id            BIGINT NOT NULL REFERENCES agencies(id),
--pg|    held_on              DATE NOT NULL,
--pg|    published_on         DATE,
--pg|    notice_late          BOOLEAN NOT NULL DEFAULT FALSE,
--pg|    participants         JSONB,
--pg|    participants_at      TIMESTAMPTZ,
--pg|    recorded_on          DATE,
--pg|    created_by           BIGINT REFERENCES staff(id),
--pg|    created_at           TIMESTAMPTZ NOT NULL,
    -- 听证事项.
    matter               TEXT NOT NULL,
    -- The hour it starts, HH:MM (Beijing).
    starts_at            TEXT NOT NULL,
    place                TEXT NOT NULL,
    -- 参加办法: how to apply to take part, how participants are chosen.
    how_to_join          TEXT NOT NULL,
    -- 听证材料 as plain text (the draft itself is the consultation's).
    materials            TEXT NOT NULL,
    record               TEXT,
    state                TEXT NOT NULL CHECK (state IN ('draft', 'published', 'recorded')),
    CHECK (state = 'draft' OR published_on IS NOT NULL),
    CHECK (state <> 'recorded' OR (record IS NOT NULL AND recorded_on IS NOT NULL))
);
CREATE INDEX hearings_consultation ON hearings(consultation_id, held_on);

-- An agency's threshold of 较为集中的意见 (no row: the platform default).
CREATE TABLE consultation_settings (
--sqlite|    agency_id     INTEGER PRIMARY KEY REFERENCES agencies(id),
--sqlite|    updated_by    INTEGER REFERENCES staff(id),
--sqlite|    updated_at    TEXT NOT NULL,
--pg|    agency_id     BIGINT PRIMARY KEY REFERENCES agencies(id),
--pg|    updated_by    BIGINT REFERENCES staff(id),
--pg|    updated_at    TIMESTAMPTZ NOT NULL,
    concentrated  INTEGER NOT NULL CHECK (concentrated BETWEEN 2 AND 100)
);

-- The flag mail of a consultation closed without published feedback:
-- the row and its mails are queued in one transaction, once.
CREATE TABLE consultation_flag_mails (
--sqlite|    consultation_id INTEGER PRIMARY KEY REFERENCES consultations(id),
--sqlite|    queued_at       TEXT NOT NULL
--pg|    consultation_id BIGINT PRIMARY KEY REFERENCES consultations(id),
--pg|    queued_at       TIMESTAMPTZ NOT NULL
);

-- 重大行政决策事项目录: one per agency and year, public once published.
CREATE TABLE decision_catalogues (
--sqlite|    agency_id     INTEGER NOT NULL REFERENCES agencies(id),
--sqlite|    published_at  TEXT,
--sqlite|    published_by  INTEGER REFERENCES staff(id),
--pg|    agency_id     BIGINT NOT NULL REFERENCES agencies(id),
--pg|    published_at  TIMESTAMPTZ,
--pg|    published_by  BIGINT REFERENCES staff(id),
    year          INTEGER NOT NULL,
    PRIMARY KEY (agency_id, year)
);

-- An entry: the matter, 承办单位, the planned month, where it stands, its
-- consultation and its decision (a published catalogue item).
CREATE TABLE decision_entries (
--sqlite|    id               INTEGER PRIMARY KEY,
--sqlite|    agency_id        INTEGER NOT NULL REFERENCES agencies(id),
--sqlite|    consultation_id  INTEGER REFERENCES consultations(id),
--sqlite|    decision_item_id INTEGER REFERENCES catalogue_items(id),
--sqlite|    created_by       INTEGER REFERENCES staff(id),
--sqlite|    created_at       TEXT NOT NULL,
--pg|    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    agency_id        BIGINT NOT NULL REFERENCES agencies(id),
--pg|    consultation_id  BIGINT REFERENCES consultations(id),
--pg|    decision_item_id BIGINT REFERENCES catalogue_items(id),
--pg|    created_by       BIGINT REFERENCES staff(id),
--pg|    created_at       TIMESTAMPTZ NOT NULL,
    year             INTEGER NOT NULL,
    title            TEXT NOT NULL,
    lead_unit        TEXT NOT NULL,
    planned_month    INTEGER NOT NULL CHECK (planned_month BETWEEN 1 AND 12),
    status           TEXT NOT NULL CHECK (status IN ('planned', 'consulting', 'decided', 'adjusted')),
    CHECK (status <> 'consulting' OR consultation_id IS NOT NULL),
    CHECK (status <> 'decided' OR decision_item_id IS NOT NULL),
    FOREIGN KEY (agency_id, year) REFERENCES decision_catalogues(agency_id, year)
);
CREATE INDEX decision_entries_year ON decision_entries(agency_id, year, id);

-- 调整: every change of an entry after its directory was published (and
-- every 调整 status), with its reason; public, append-only.
CREATE TABLE decision_adjustments (
--sqlite|    id         INTEGER PRIMARY KEY,
--sqlite|    entry_id   INTEGER NOT NULL REFERENCES decision_entries(id),
--sqlite|    at         TEXT NOT NULL,
--sqlite|    by_staff   INTEGER REFERENCES staff(id),
--pg|    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    entry_id   BIGINT NOT NULL REFERENCES decision_entries(id),
--pg|    at         TIMESTAMPTZ NOT NULL,
--pg|    by_staff   BIGINT REFERENCES staff(id),
    change     TEXT NOT NULL,
    reason     TEXT NOT NULL
);
CREATE INDEX decision_adjustments_entry ON decision_adjustments(entry_id, id);
