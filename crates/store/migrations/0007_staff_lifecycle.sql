-- wp-auth (issue 13): login attempts counted before the password check, per
-- (username, source address) and per username ('*'); a password change forced
-- by an administrator's reset; the last time a session was seen (idle timeout).
--sqlite|ALTER TABLE staff ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
--sqlite|ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;
--pg|ALTER TABLE staff ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
--pg|ALTER TABLE sessions ADD COLUMN last_seen_at TIMESTAMPTZ;
CREATE INDEX sessions_by_staff ON sessions(staff_id);

CREATE TABLE login_attempts (
    username     TEXT NOT NULL,
    source       TEXT NOT NULL,
    attempts     INTEGER NOT NULL,
--sqlite|    window_start TEXT NOT NULL,
--pg|    window_start TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (username, source)
);
CREATE INDEX login_attempts_window ON login_attempts(window_start);
