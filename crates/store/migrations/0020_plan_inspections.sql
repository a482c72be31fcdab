-- Issue 17: the supervising office's quarterly inspections (督查) of the
-- work plans of its subtree. Opening one freezes every task of the
-- subtree's plans of the year as it stands (state, light on the frozen
-- date, percent, due date, listed) into inspection_tasks, which nothing
-- changes afterwards. Findings (问题, 整改要求, 整改期限) are added per
-- agency; issuing the 通报 records its number and date once and turns the
-- findings into rectification tasks (整改), one plan per agency, linked in
-- inspection_rectifications and on each finding.
CREATE TABLE plan_inspections (
--sqlite|    id              INTEGER PRIMARY KEY,
--sqlite|    agency_id       INTEGER NOT NULL REFERENCES agencies(id),
--pg|    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    agency_id       BIGINT NOT NULL REFERENCES agencies(id),
    year            INTEGER NOT NULL,
    period          TEXT NOT NULL,
--sqlite|    frozen_on       TEXT NOT NULL,
--sqlite|    tasks           INTEGER NOT NULL,
--sqlite|    opened_by       INTEGER REFERENCES staff(id),
--sqlite|    opened_at       TEXT NOT NULL,
--pg|    frozen_on       DATE NOT NULL,
--pg|    tasks           BIGINT NOT NULL,
--pg|    opened_by       BIGINT REFERENCES staff(id),
--pg|    opened_at       TIMESTAMPTZ NOT NULL,
    -- The 通报, once issued (all four set together, never changed).
    bulletin_number TEXT,
--sqlite|    bulletin_date   TEXT,
--sqlite|    issued_by       INTEGER REFERENCES staff(id),
--sqlite|    issued_at       TEXT
--pg|    bulletin_date   DATE,
--pg|    issued_by       BIGINT REFERENCES staff(id),
--pg|    issued_at       TIMESTAMPTZ
);
CREATE INDEX plan_inspections_agency ON plan_inspections(agency_id, year);

-- The frozen copy: one row per task of the subtree's plans of the year.
CREATE TABLE inspection_tasks (
--sqlite|    inspection_id INTEGER NOT NULL REFERENCES plan_inspections(id),
--sqlite|    task_id       INTEGER NOT NULL REFERENCES plan_tasks(id),
--sqlite|    agency_id     INTEGER NOT NULL REFERENCES agencies(id),
--sqlite|    plan_id       INTEGER NOT NULL REFERENCES work_plans(id),
--pg|    inspection_id BIGINT NOT NULL REFERENCES plan_inspections(id),
--pg|    task_id       BIGINT NOT NULL REFERENCES plan_tasks(id),
--pg|    agency_id     BIGINT NOT NULL REFERENCES agencies(id),
--pg|    plan_id       BIGINT NOT NULL REFERENCES work_plans(id),
    position      INTEGER NOT NULL,
    number        TEXT,
    task          TEXT NOT NULL,
    -- The lead units' names, joined with 、 (NULL: none).
    lead          TEXT,
    state         TEXT NOT NULL,
    -- red / yellow / blue / none on the frozen date.
    light         TEXT NOT NULL,
    percent       INTEGER,
    limit_kind    TEXT,
--sqlite|    due_on        TEXT,
--sqlite|    listed        INTEGER NOT NULL,
--pg|    due_on        DATE,
--pg|    listed        BOOLEAN NOT NULL,
    PRIMARY KEY (inspection_id, task_id)
);
CREATE INDEX inspection_tasks_agency ON inspection_tasks(inspection_id, agency_id);
-- A frozen copy is never changed or removed.
--sqlite|CREATE TRIGGER inspection_tasks_no_update BEFORE UPDATE ON inspection_tasks
--sqlite|BEGIN SELECT RAISE(ABORT, 'inspection tasks are frozen'); END;
--sqlite|CREATE TRIGGER inspection_tasks_no_delete BEFORE DELETE ON inspection_tasks
--sqlite|BEGIN SELECT RAISE(ABORT, 'inspection tasks are frozen'); END;
--pg|CREATE TRIGGER inspection_tasks_immutable BEFORE UPDATE OR DELETE ON inspection_tasks
--pg|    FOR EACH ROW EXECUTE FUNCTION gongkai_immutable();

CREATE TABLE inspection_findings (
--sqlite|    id            INTEGER PRIMARY KEY,
--sqlite|    inspection_id INTEGER NOT NULL REFERENCES plan_inspections(id),
--sqlite|    agency_id     INTEGER NOT NULL REFERENCES agencies(id),
--pg|    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    inspection_id BIGINT NOT NULL REFERENCES plan_inspections(id),
--pg|    agency_id     BIGINT NOT NULL REFERENCES agencies(id),
    problem       TEXT NOT NULL,
    rectification TEXT NOT NULL,
--sqlite|    deadline      TEXT NOT NULL,
--sqlite|    added_by      INTEGER REFERENCES staff(id),
--sqlite|    added_at      TEXT NOT NULL,
--sqlite|    task_id       INTEGER REFERENCES plan_tasks(id)
--pg|    deadline      DATE NOT NULL,
--pg|    added_by      BIGINT REFERENCES staff(id),
--pg|    added_at      TIMESTAMPTZ NOT NULL,
--pg|    task_id       BIGINT REFERENCES plan_tasks(id)
);
CREATE INDEX inspection_findings_inspection ON inspection_findings(inspection_id, agency_id);

-- The rectification plan (整改事项) an issued inspection made for an agency.
CREATE TABLE inspection_rectifications (
--sqlite|    inspection_id INTEGER NOT NULL REFERENCES plan_inspections(id),
--sqlite|    agency_id     INTEGER NOT NULL REFERENCES agencies(id),
--sqlite|    plan_id       INTEGER NOT NULL UNIQUE REFERENCES work_plans(id),
--pg|    inspection_id BIGINT NOT NULL REFERENCES plan_inspections(id),
--pg|    agency_id     BIGINT NOT NULL REFERENCES agencies(id),
--pg|    plan_id       BIGINT NOT NULL UNIQUE REFERENCES work_plans(id),
    PRIMARY KEY (inspection_id, agency_id)
);
