-- Issue 17: the yearly work plan (政务公开工作要点) and its supervision.
-- An agency's units (内设机构, 直属单位) lead or partner in tasks; staff
-- belong to units. A plan has chapters of tasks; each task's work is an
-- append-only history (plan_task_events, like case_events) and a read model
-- on the task row: its state, due date, and where it stands on any day as
-- dates (blue_from: the reminder day; yellow_from: behind schedule without
-- a new report; red_from: the day after the limit; step_on: the next
-- reminder, 催办 or 通报 the platform records), so lists and the
-- supervisor's counts compare dates in SQL.
CREATE TABLE agency_units (
--sqlite|    id          INTEGER PRIMARY KEY,
--sqlite|    agency_id   INTEGER NOT NULL REFERENCES agencies(id),
--pg|    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    agency_id   BIGINT NOT NULL REFERENCES agencies(id),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
--sqlite|    created_at  TEXT NOT NULL,
--pg|    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (agency_id, name)
);

CREATE TABLE staff_units (
--sqlite|    staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
--sqlite|    unit_id  INTEGER NOT NULL REFERENCES agency_units(id),
--pg|    staff_id BIGINT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
--pg|    unit_id  BIGINT NOT NULL REFERENCES agency_units(id),
    PRIMARY KEY (staff_id, unit_id)
);
CREATE INDEX staff_units_unit ON staff_units(unit_id);

CREATE TABLE work_plans (
--sqlite|    id              INTEGER PRIMARY KEY,
--sqlite|    agency_id       INTEGER NOT NULL REFERENCES agencies(id),
--pg|    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    agency_id       BIGINT NOT NULL REFERENCES agencies(id),
    year            INTEGER NOT NULL,
    title           TEXT NOT NULL,
    document_number TEXT NOT NULL,
--sqlite|    issued_on       TEXT,
--sqlite|    implements_id   INTEGER REFERENCES work_plans(id),
--sqlite|    created_by      INTEGER REFERENCES staff(id),
--sqlite|    created_at      TEXT NOT NULL,
--pg|    issued_on       DATE,
--pg|    implements_id   BIGINT REFERENCES work_plans(id),
--pg|    created_by      BIGINT REFERENCES staff(id),
--pg|    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (agency_id, year, title)
);
CREATE INDEX work_plans_year ON work_plans(year, agency_id);

CREATE TABLE plan_tasks (
--sqlite|    id               INTEGER PRIMARY KEY,
--sqlite|    plan_id          INTEGER NOT NULL REFERENCES work_plans(id),
--sqlite|    agency_id        INTEGER NOT NULL REFERENCES agencies(id),
--pg|    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    plan_id          BIGINT NOT NULL REFERENCES work_plans(id),
--pg|    agency_id        BIGINT NOT NULL REFERENCES agencies(id),
    position         INTEGER NOT NULL,
    chapter          TEXT,
    number           TEXT,
    task             TEXT NOT NULL,
    requirement      TEXT,
    -- The division of work as the plan writes it (牵头：…；配合：…), kept
    -- whole: phrases such as 其他有关科室和单位 are not units.
    division         TEXT NOT NULL,
--sqlite|    major            INTEGER NOT NULL,
--sqlite|    superior_task_id INTEGER REFERENCES plan_tasks(id),
--pg|    major            BOOLEAN NOT NULL,
--pg|    superior_task_id BIGINT REFERENCES plan_tasks(id),
    -- The read model, rewritten with each event.
    state            TEXT NOT NULL,
    limit_kind       TEXT,
    percent          INTEGER,
--sqlite|    due_on           TEXT,
--sqlite|    completed_on     TEXT,
--sqlite|    blue_from        TEXT,
--sqlite|    yellow_from      TEXT,
--sqlite|    red_from         TEXT,
--sqlite|    step_on          TEXT,
--sqlite|    listed           INTEGER NOT NULL,
--pg|    due_on           DATE,
--pg|    completed_on     DATE,
--pg|    blue_from        DATE,
--pg|    yellow_from      DATE,
--pg|    red_from         DATE,
--pg|    step_on          DATE,
--pg|    listed           BOOLEAN NOT NULL,
    UNIQUE (plan_id, position)
);
CREATE INDEX plan_tasks_agency ON plan_tasks(agency_id, state);
CREATE INDEX plan_tasks_step ON plan_tasks(step_on);
CREATE INDEX plan_tasks_superior ON plan_tasks(superior_task_id);

-- Which units lead (role 'lead') or partner ('partner') in a task, as the
-- last 分工 says: a unit's ledger reads it by index.
CREATE TABLE plan_task_units (
--sqlite|    task_id INTEGER NOT NULL REFERENCES plan_tasks(id),
--sqlite|    unit_id INTEGER NOT NULL REFERENCES agency_units(id),
--pg|    task_id BIGINT NOT NULL REFERENCES plan_tasks(id),
--pg|    unit_id BIGINT NOT NULL REFERENCES agency_units(id),
    role    TEXT NOT NULL,
    PRIMARY KEY (task_id, unit_id)
);
CREATE INDEX plan_task_units_unit ON plan_task_units(unit_id, role);

CREATE TABLE plan_task_events (
--sqlite|    task_id INTEGER NOT NULL REFERENCES plan_tasks(id),
--sqlite|    at      TEXT NOT NULL,
--pg|    task_id BIGINT NOT NULL REFERENCES plan_tasks(id),
--pg|    at      TIMESTAMPTZ NOT NULL,
    seq     INTEGER NOT NULL,
--sqlite|    actor   TEXT NOT NULL,
--sqlite|    action  TEXT NOT NULL,
--pg|    actor   JSONB NOT NULL,
--pg|    action  JSONB NOT NULL,
    PRIMARY KEY (task_id, seq)
);
-- A task's history is never changed or removed.
--sqlite|CREATE TRIGGER plan_task_events_no_update BEFORE UPDATE ON plan_task_events
--sqlite|BEGIN SELECT RAISE(ABORT, 'plan task events are immutable'); END;
--sqlite|CREATE TRIGGER plan_task_events_no_delete BEFORE DELETE ON plan_task_events
--sqlite|BEGIN SELECT RAISE(ABORT, 'plan task events are immutable'); END;
--pg|CREATE TRIGGER plan_task_events_immutable BEFORE UPDATE OR DELETE ON plan_task_events
--pg|    FOR EACH ROW EXECUTE FUNCTION gongkai_immutable();
