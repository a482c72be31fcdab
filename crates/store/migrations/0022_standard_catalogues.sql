-- Issue 18, item 1: an agency's 标准目录 (基层政务公开标准目录), derived from
-- a template that ships with the platform (`template`: its code). Each row
-- is the domain's `CatalogueRow` as JSON under its stable key; a template
-- row the agency does not keep stays with the reason it was deleted
-- (`deleted_reason`), so the supervising office reads what differs. Every
-- change is in the audit chain.
CREATE TABLE standard_catalogues (
--sqlite|    agency_id   INTEGER PRIMARY KEY REFERENCES agencies(id),
--sqlite|    derived_by  INTEGER REFERENCES staff(id),
--sqlite|    derived_at  TEXT NOT NULL,
--pg|    agency_id   BIGINT PRIMARY KEY REFERENCES agencies(id),
--pg|    derived_by  BIGINT REFERENCES staff(id),
--pg|    derived_at  TIMESTAMPTZ NOT NULL,
    template    TEXT NOT NULL
);

CREATE TABLE standard_catalogue_rows (
--sqlite|    agency_id      INTEGER NOT NULL REFERENCES standard_catalogues(agency_id),
--sqlite|    row_data       TEXT NOT NULL,
--sqlite|    changed_by     INTEGER REFERENCES staff(id),
--sqlite|    changed_at     TEXT NOT NULL,
--pg|    agency_id      BIGINT NOT NULL REFERENCES standard_catalogues(agency_id),
--pg|    row_data       JSONB NOT NULL,
--pg|    changed_by     BIGINT REFERENCES staff(id),
--pg|    changed_at     TIMESTAMPTZ NOT NULL,
    row_key        TEXT NOT NULL,
    position       INTEGER NOT NULL,
    deleted_reason TEXT,
    PRIMARY KEY (agency_id, row_key)
);
