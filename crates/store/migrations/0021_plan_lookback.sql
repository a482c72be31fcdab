-- Issue 17, items 8 and 9: the look-back (回头看) at a year's plan and the
-- report on its implementation (工作要点落实情况报告).
-- For a task not completed the plan's managers record the problems found
-- (存在问题) and the rectification (整改措施, 整改时限). A task has one
-- current note, its highest version; earlier versions are kept, never
-- changed (a new version replaces the current one).
CREATE TABLE plan_lookback_notes (
--sqlite|    task_id       INTEGER NOT NULL REFERENCES plan_tasks(id),
--pg|    task_id       BIGINT NOT NULL REFERENCES plan_tasks(id),
    version       INTEGER NOT NULL,
    problem       TEXT NOT NULL,
    rectification TEXT NOT NULL,
--sqlite|    deadline      TEXT,
--sqlite|    noted_by      INTEGER REFERENCES staff(id),
--sqlite|    noted_at      TEXT NOT NULL,
--pg|    deadline      DATE,
--pg|    noted_by      BIGINT REFERENCES staff(id),
--pg|    noted_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (task_id, version)
);
--sqlite|CREATE TRIGGER plan_lookback_notes_no_update BEFORE UPDATE ON plan_lookback_notes
--sqlite|BEGIN SELECT RAISE(ABORT, 'look-back notes are immutable'); END;
--sqlite|CREATE TRIGGER plan_lookback_notes_no_delete BEFORE DELETE ON plan_lookback_notes
--sqlite|BEGIN SELECT RAISE(ABORT, 'look-back notes are immutable'); END;
--pg|CREATE TRIGGER plan_lookback_notes_immutable BEFORE UPDATE OR DELETE ON plan_lookback_notes
--pg|    FOR EACH ROW EXECUTE FUNCTION gongkai_immutable();

-- The implementation report as the agency published it in its column
-- (published_on: the published_report_on of the plan), frozen as
-- published: the public download is this document, not one rebuilt from
-- later notes. Publishing again replaces it (audited).
CREATE TABLE plan_reports (
--sqlite|    plan_id      INTEGER PRIMARY KEY REFERENCES work_plans(id),
--sqlite|    agency_id    INTEGER NOT NULL REFERENCES agencies(id),
--sqlite|    published_on TEXT NOT NULL,
--sqlite|    document     TEXT NOT NULL,
--sqlite|    published_by INTEGER REFERENCES staff(id),
--sqlite|    published_at TEXT NOT NULL
--pg|    plan_id      BIGINT PRIMARY KEY REFERENCES work_plans(id),
--pg|    agency_id    BIGINT NOT NULL REFERENCES agencies(id),
--pg|    published_on DATE NOT NULL,
--pg|    document     JSONB NOT NULL,
--pg|    published_by BIGINT REFERENCES staff(id),
--pg|    published_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX plan_reports_agency ON plan_reports(agency_id);
