-- Issue 19, items 3 and 4: the editor's list of items filtered in the
-- database, and a policy and its interpretations found from either side.
--
-- The editor's list (信息列表) filters on the item's genre (体裁: the picker
-- of interpretations asks for 解读), the year of its 成文日期 and whether the
-- reviewer ever returned it (退回), each a column beside the snapshot like
-- the public catalogue's filters (0013). Existing rows are filled from their
-- snapshots and, for the returns, from their events.
ALTER TABLE catalogue_items ADD COLUMN genre TEXT;
--sqlite|ALTER TABLE catalogue_items ADD COLUMN formed_on TEXT;
--pg|ALTER TABLE catalogue_items ADD COLUMN formed_on DATE;
ALTER TABLE catalogue_items ADD COLUMN times_returned INTEGER NOT NULL DEFAULT 0;
--sqlite|UPDATE catalogue_items SET
--sqlite|    genre = json_extract(snapshot, '$.metadata.genre'),
--sqlite|    formed_on = json_extract(snapshot, '$.metadata.formed_on'),
--sqlite|    times_returned = (SELECT COUNT(*) FROM item_events e
--sqlite|        WHERE e.item_id = catalogue_items.id AND json_extract(e.action, '$.action') = 'refused');
--pg|UPDATE catalogue_items SET
--pg|    genre = snapshot->'metadata'->>'genre',
--pg|    formed_on = (snapshot->'metadata'->>'formed_on')::date,
--pg|    times_returned = (SELECT COUNT(*) FROM item_events e
--pg|        WHERE e.item_id = catalogue_items.id AND e.action->>'action' = 'refused');
CREATE INDEX catalogue_items_genre ON catalogue_items(agency_id, genre, updated_at);
CREATE INDEX catalogue_items_formed ON catalogue_items(agency_id, formed_on);
CREATE INDEX catalogue_items_state_changed ON catalogue_items(agency_id, state, updated_at);

-- A policy and the interpretations (政策解读) its events link: a row when
-- the policy is submitted with its interpretation or an interpretation is
-- linked to it, written in the event's transaction. The interpretation's
-- page finds the policies it interprets by the second index. Existing
-- links are read from the events (an item key that is not an item's id
-- links nothing).
CREATE TABLE item_interpretations (
--sqlite|    policy_id         INTEGER NOT NULL REFERENCES catalogue_items(id),
--sqlite|    interpretation_id INTEGER NOT NULL REFERENCES catalogue_items(id),
--pg|    policy_id         BIGINT NOT NULL REFERENCES catalogue_items(id),
--pg|    interpretation_id BIGINT NOT NULL REFERENCES catalogue_items(id),
    PRIMARY KEY (policy_id, interpretation_id)
);
CREATE INDEX item_interpretations_interpretation ON item_interpretations(interpretation_id);
--sqlite|INSERT OR IGNORE INTO item_interpretations (policy_id, interpretation_id)
--sqlite|SELECT DISTINCT l.item_id, CAST(l.k AS INTEGER) FROM (
--sqlite|    SELECT item_id, json_extract(action, '$.item') AS k FROM item_events
--sqlite|        WHERE json_extract(action, '$.action') = 'interpretation_linked'
--sqlite|    UNION ALL
--sqlite|    SELECT item_id, json_extract(action, '$.with_interpretation') FROM item_events
--sqlite|        WHERE json_extract(action, '$.action') = 'submitted'
--sqlite|) l
--sqlite|WHERE l.k GLOB '[0-9]*' AND NOT l.k GLOB '*[^0-9]*' AND length(l.k) <= 18
--sqlite|    AND EXISTS (SELECT 1 FROM catalogue_items c WHERE c.id = CAST(l.k AS INTEGER));
--pg|INSERT INTO item_interpretations (policy_id, interpretation_id)
--pg|SELECT DISTINCT l.item_id, l.id FROM (
--pg|    SELECT item_id, CASE WHEN k ~ '^[0-9]{1,18}$' THEN CAST(k AS BIGINT) END AS id FROM (
--pg|        SELECT item_id, action->>'item' AS k FROM item_events
--pg|            WHERE action->>'action' = 'interpretation_linked'
--pg|        UNION ALL
--pg|        SELECT item_id, action->>'with_interpretation' FROM item_events
--pg|            WHERE action->>'action' = 'submitted'
--pg|    ) raw
--pg|) l
--pg|WHERE l.id IS NOT NULL AND EXISTS (SELECT 1 FROM catalogue_items c WHERE c.id = l.id)
--pg|ON CONFLICT DO NOTHING;
