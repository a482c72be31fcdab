-- Issue 19: an agency's own search synonyms (检索同义词组), added by its
-- administrator beside the platform's dictionary (shipped with the search
-- engine). A group is a list of terms that find each other when searched;
-- the search expands queries with them, so no reindex follows a change.
-- `terms` is a JSON array of the terms as typed. Additions and deletions
-- are audited (`search.synonyms_added`, `search.synonyms_deleted`).
CREATE TABLE search_synonyms (
--sqlite|    id         INTEGER PRIMARY KEY,
--sqlite|    agency_id  INTEGER NOT NULL REFERENCES agencies(id),
--sqlite|    terms      TEXT NOT NULL,
--sqlite|    created_by INTEGER REFERENCES staff(id),
--sqlite|    created_at TEXT NOT NULL
--pg|    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    agency_id  BIGINT NOT NULL REFERENCES agencies(id),
--pg|    terms      JSONB NOT NULL,
--pg|    created_by BIGINT REFERENCES staff(id),
--pg|    created_at TIMESTAMPTZ NOT NULL
);
-- The agency's page lists its groups; a search reads those of a subtree's
-- agencies and their lineage.
CREATE INDEX search_synonyms_agency ON search_synonyms(agency_id, id);
