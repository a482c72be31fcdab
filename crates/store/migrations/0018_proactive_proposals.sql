-- Issue 16: 依申请公开转主动公开 (Art. 44(1)). A clerk or reviewer proposes
-- that information released on request, which several applicants asked for,
-- be published proactively; an editor of the agency takes the proposal by
-- drafting a catalogue item from it. One proposal per case. The supervisor
-- counts proposals and those taken per agency.
CREATE TABLE proactive_proposals (
--sqlite|    id           INTEGER PRIMARY KEY,
--sqlite|    agency_id    INTEGER NOT NULL REFERENCES agencies(id),
--sqlite|    case_id      INTEGER NOT NULL UNIQUE REFERENCES cases(id),
--pg|    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    agency_id    BIGINT NOT NULL REFERENCES agencies(id),
--pg|    case_id      BIGINT NOT NULL UNIQUE REFERENCES cases(id),
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL,
    -- The other applications found asking for the same information: their
    -- case numbers, comma-separated.
    same_cases   TEXT NOT NULL,
--sqlite|    proposed_by  INTEGER NOT NULL REFERENCES staff(id),
--sqlite|    proposed_at  TEXT NOT NULL,
--sqlite|    item_id      INTEGER REFERENCES catalogue_items(id),
--sqlite|    taken_at     TEXT
--pg|    proposed_by  BIGINT NOT NULL REFERENCES staff(id),
--pg|    proposed_at  TIMESTAMPTZ NOT NULL,
--pg|    item_id      BIGINT REFERENCES catalogue_items(id),
--pg|    taken_at     TIMESTAMPTZ
);
-- The editor's open proposals and the supervisor's counts, per agency.
CREATE INDEX proactive_proposals_agency ON proactive_proposals(agency_id, item_id);
