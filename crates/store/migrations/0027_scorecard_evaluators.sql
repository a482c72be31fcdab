-- Issue 18, item 4: the 评估人员 (evaluator role) scores the agencies the
-- supervising office assigns to it in a run, and nothing else; an
-- assignment names the run, the agency and the evaluator, who made it and
-- when (made and withdrawn in the audit chain).
CREATE TABLE scorecard_assignments (
--sqlite|    run_id      INTEGER NOT NULL,
--sqlite|    agency_id   INTEGER NOT NULL,
--sqlite|    staff_id    INTEGER NOT NULL REFERENCES staff(id),
--sqlite|    assigned_by INTEGER REFERENCES staff(id),
--sqlite|    assigned_at TEXT NOT NULL,
--pg|    run_id      BIGINT NOT NULL,
--pg|    agency_id   BIGINT NOT NULL,
--pg|    staff_id    BIGINT NOT NULL REFERENCES staff(id),
--pg|    assigned_by BIGINT REFERENCES staff(id),
--pg|    assigned_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (run_id, agency_id, staff_id),
    FOREIGN KEY (run_id, agency_id) REFERENCES scorecard_results(run_id, agency_id)
);
-- An evaluator's tasks, newest run first.
CREATE INDEX scorecard_assignments_staff ON scorecard_assignments(staff_id, run_id);

-- 佐证材料 as an uploaded file: kept by its SHA-256 under the data
-- directory (as task files are); `file_name` is the name it was uploaded
-- under. Hand scores stored before keep a name without a file.
ALTER TABLE scorecard_manual_scores ADD COLUMN file_sha256 TEXT;
ALTER TABLE scorecard_manual_scores ADD COLUMN file_type TEXT;
--sqlite|ALTER TABLE scorecard_manual_scores ADD COLUMN file_size INTEGER;
--pg|ALTER TABLE scorecard_manual_scores ADD COLUMN file_size BIGINT;
