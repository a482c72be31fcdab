-- Issue 18, item 3: the supervising office's console shows where each
-- agency's annual report stands. A draft keeps how many errors kept it from
-- being published when it was last saved (the AR rules' publication
-- blockers), so 2,000 agencies' statuses are one indexed read, not 2,000
-- reports built. NULL: saved before this column existed (read as 0).
ALTER TABLE annual_report_drafts ADD COLUMN errors INTEGER;
-- The first version of a year per agency (MIN(published_on)) and the
-- drafts of a subtree by year are read by agency and year.
CREATE INDEX annual_report_versions_agency_year ON annual_report_versions (agency_id, year, published_on);
