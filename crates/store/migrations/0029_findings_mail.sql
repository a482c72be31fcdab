-- Issue 18: how the findings of the column health checks reach an agency
-- by mail (检查结果邮件), as its administrator chose: `immediate`
-- (每次检查后立即发送 — also an agency without a row), `weekly` (每周汇总:
-- one digest on a fixed weekday of what is new since the last; vetoes are
-- still mailed at once) or `none` (不发送邮件, the workbench only).
-- Weekly: `digest_on` is the day of the last digest (or the day weekly was
-- chosen) and `digest_run_id` the agency's latest run it covered (NULL: none
-- then). The digest and the move of this marker are one transaction, and
-- the marker is moved only from the value read, so a restart or a second
-- server never sends a week's digest twice nor loses it.
CREATE TABLE findings_mail (
--sqlite|    agency_id     INTEGER PRIMARY KEY REFERENCES agencies(id),
--sqlite|    digest_on     TEXT,
--sqlite|    digest_run_id INTEGER REFERENCES health_runs(id),
--sqlite|    updated_by    INTEGER REFERENCES staff(id),
--sqlite|    updated_at    TEXT NOT NULL,
--pg|    agency_id     BIGINT PRIMARY KEY REFERENCES agencies(id),
--pg|    digest_on     DATE,
--pg|    digest_run_id BIGINT REFERENCES health_runs(id),
--pg|    updated_by    BIGINT REFERENCES staff(id),
--pg|    updated_at    TIMESTAMPTZ NOT NULL,
    mode          TEXT NOT NULL CHECK (mode IN ('immediate', 'weekly', 'none')),
    CHECK (mode <> 'weekly' OR digest_on IS NOT NULL)
);
-- The scheduled job's one read: the weekly agencies whose digest is due.
CREATE INDEX findings_mail_due ON findings_mail(mode, digest_on);
