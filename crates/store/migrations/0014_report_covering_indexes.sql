-- The annual report's sums (issue 15) read only index entries: each index
-- holds every column its query reads, so a roll-up over a province's rows
-- makes no lookup into the table per row.
DROP INDEX case_snapshots_received;
CREATE INDEX case_snapshots_received ON case_snapshots(agency_id, receipt_date, decided_on, outcome, applicant_type, channel);
DROP INDEX case_snapshots_delivered;
CREATE INDEX case_snapshots_delivered ON case_snapshots(agency_id, delivered_on, on_time);
CREATE INDEX case_snapshots_fees ON case_snapshots(agency_id, fee_paid_on, fee_yuan) WHERE fee_paid_on IS NOT NULL;
