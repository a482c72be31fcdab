-- Issue 18, item 1 ("the column is data"): a catalogue item may be filed
-- under one row of its agency's 标准目录 (standard_catalogue_rows, 0022) by
-- the row's key, kept beside the snapshot like the other filters (0013) so
-- that a sub-column (子栏目: the rows naming one sub-column of an Article 20
-- item) is listed in the database, newest publication first, and the health
-- checks count each row's items in one GROUP BY. No foreign key: a row
-- deleted from the catalogue keeps its items filed under its key (they stay
-- listed under their Article 20 item; restoring the row brings them back).
-- Existing items are filed under no row.
ALTER TABLE catalogue_items ADD COLUMN standard_row TEXT;
CREATE INDEX catalogue_items_standard_row ON catalogue_items(agency_id, standard_row, published_on);
