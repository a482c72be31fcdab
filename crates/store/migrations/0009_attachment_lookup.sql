-- wp-params (issue 13): a public download finds its attachment by content
-- hash and name instead of scanning every published item.
CREATE INDEX item_attachments_file ON item_attachments(sha256, filename);
