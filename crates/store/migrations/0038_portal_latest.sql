-- Issue 21: the portal's home page lists the latest public items of every
-- online agency (最新信息) and the latest notices (通知公告, genre
-- `notice`), newest publication first, and `/latest` pages through them.
-- Each is one backward walk of an index on the date (after the genre),
-- stopping after a page: nothing read grows with the catalogue's history.
CREATE INDEX catalogue_items_latest ON catalogue_items(published_on, id);
CREATE INDEX catalogue_items_genre_latest ON catalogue_items(genre, published_on, id);
