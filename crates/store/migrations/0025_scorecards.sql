-- 考核评分: a supervising office scores every agency of its subtree
-- against a template (政府网站检查, 政务公开工作考核). A run keeps, per
-- agency, the measures it was computed from (the latest health check's
-- findings and the console's figures as they stood when it started), the
-- resulting scorecard as JSON and its total, verdict and veto as columns
-- (ranked and filtered in SQL). Hand scores (人工评分) are kept per leaf with
-- their evidence; each one replaces the agency's result in its own
-- transaction, and every change is in the audit chain.
CREATE TABLE scorecard_runs (
--sqlite|    id             INTEGER PRIMARY KEY,
--sqlite|    root_agency_id INTEGER NOT NULL REFERENCES agencies(id),
--pg|    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    root_agency_id BIGINT NOT NULL REFERENCES agencies(id),
    -- The template's code (website_inspection, disclosure_assessment).
    kind           TEXT NOT NULL,
    -- e.g. 2026年第四季度.
    period         TEXT NOT NULL,
--sqlite|    scored_on      TEXT NOT NULL,
--sqlite|    started_by     INTEGER REFERENCES staff(id),
--sqlite|    started_at     TEXT NOT NULL,
--pg|    scored_on      DATE NOT NULL,
--pg|    started_by     BIGINT REFERENCES staff(id),
--pg|    started_at     TIMESTAMPTZ NOT NULL,
    agencies       INTEGER NOT NULL
);
-- The runs of an office, newest first, and the previous run of a kind.
CREATE INDEX scorecard_runs_root ON scorecard_runs(root_agency_id, kind, id);

CREATE TABLE scorecard_results (
--sqlite|    run_id            INTEGER NOT NULL REFERENCES scorecard_runs(id),
--sqlite|    agency_id         INTEGER NOT NULL REFERENCES agencies(id),
--sqlite|    measures          TEXT NOT NULL,
--sqlite|    health_checked_on TEXT,
--sqlite|    card              TEXT NOT NULL,
--sqlite|    vetoed            INTEGER NOT NULL,
--pg|    run_id            BIGINT NOT NULL REFERENCES scorecard_runs(id),
--pg|    agency_id         BIGINT NOT NULL REFERENCES agencies(id),
--pg|    measures          JSONB NOT NULL,
--pg|    health_checked_on DATE,
--pg|    card              JSONB NOT NULL,
--pg|    vetoed            BOOLEAN NOT NULL,
    -- Tenths of a point.
    total             INTEGER NOT NULL,
    -- excellent / good / pass / fail.
    verdict           TEXT NOT NULL,
    -- Leaves not scored yet (the result is provisional while any remain).
    unscored          INTEGER NOT NULL,
    PRIMARY KEY (run_id, agency_id)
);
CREATE INDEX scorecard_results_total ON scorecard_results(run_id, total);

CREATE TABLE scorecard_manual_scores (
--sqlite|    run_id     INTEGER NOT NULL,
--sqlite|    agency_id  INTEGER NOT NULL,
--sqlite|    value      TEXT NOT NULL,
--sqlite|    scored_by  INTEGER REFERENCES staff(id),
--sqlite|    scored_at  TEXT NOT NULL,
--pg|    run_id     BIGINT NOT NULL,
--pg|    agency_id  BIGINT NOT NULL,
--pg|    value      JSONB NOT NULL,
--pg|    scored_by  BIGINT REFERENCES staff(id),
--pg|    scored_at  TIMESTAMPTZ NOT NULL,
    -- The leaf indicator's code, e.g. 2.1.7.
    code       TEXT NOT NULL,
    -- 佐证材料: the page checked, a file, the reason.
    url        TEXT,
    file_name  TEXT,
    note       TEXT NOT NULL,
    PRIMARY KEY (run_id, agency_id, code),
    FOREIGN KEY (run_id, agency_id) REFERENCES scorecard_results(run_id, agency_id)
);
