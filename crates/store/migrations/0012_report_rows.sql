-- The annual report from summed rows (issue 15): what a report's year needs
-- of a case, an appeal and an item is a column, so the report sums rows
-- selected by date in the database instead of replaying every case.

-- The day a fee was paid (the report counts fees by the year of payment).
-- Snapshots of cases with a payment are dropped: the server re-projects
-- cases without a snapshot when it starts (`project_missing`).
--sqlite|ALTER TABLE case_snapshots ADD COLUMN fee_paid_on TEXT;
--pg|ALTER TABLE case_snapshots ADD COLUMN fee_paid_on DATE;
--sqlite|DELETE FROM case_snapshots WHERE case_id IN
--sqlite|    (SELECT case_id FROM case_events WHERE json_extract(action, '$.action') = 'fee_paid');
--pg|DELETE FROM case_snapshots WHERE case_id IN
--pg|    (SELECT case_id FROM case_events WHERE action->>'action' = 'fee_paid');
-- Applications received and replies delivered in a year, per agency.
CREATE INDEX case_snapshots_delivered ON case_snapshots(agency_id, delivered_on);

-- The day an appeal was filed: table 四 of a year counts the appeals filed in it.
--sqlite|ALTER TABLE appeals ADD COLUMN filed_on TEXT;
--sqlite|UPDATE appeals SET filed_on = json_extract(summary, '$.filed_on');
--pg|ALTER TABLE appeals ADD COLUMN filed_on DATE;
--pg|UPDATE appeals SET filed_on = (summary->>'filed_on')::date;
CREATE INDEX appeals_filed ON appeals(filed_on);

-- 规章 / 规范性文件 / other (table 二 block （一） counts the first two).
ALTER TABLE catalogue_items ADD COLUMN kind TEXT NOT NULL DEFAULT 'other';
--sqlite|UPDATE catalogue_items SET kind = COALESCE(json_extract(snapshot, '$.metadata.kind'), 'other');
--pg|UPDATE catalogue_items SET kind = COALESCE(snapshot->'metadata'->>'kind', 'other');
CREATE INDEX catalogue_items_kind ON catalogue_items(agency_id, kind);
CREATE INDEX catalogue_items_agency_published ON catalogue_items(agency_id, published_on);
