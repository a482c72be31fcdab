-- Secrets the server keeps for itself, shared by every instance on this
-- database (e.g. the key binding anonymous visitors' CSRF tokens).
CREATE TABLE server_secrets (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
--sqlite|    created_at TEXT NOT NULL
--pg|    created_at TIMESTAMPTZ NOT NULL
);
