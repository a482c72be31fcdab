-- Issue 20: 意见征集 (决策预公开). An agency drafts a consultation notice —
-- the draft and its 起草说明 as plain text (or a published catalogue item
-- as the draft, another as its interpretation), the period with the reason
-- for a shortened one, how to comment — and publishes it (`published`);
-- once the feedback (意见采纳情况, `feedback`: the domain's feedback lines as
-- JSON) is published the consultation is `closed`. Whether comments are
-- still taken is the date's: `closes_on` against today. The final
-- decision is a published item of the agency or an address elsewhere.
CREATE TABLE consultations (
--sqlite|    id                     INTEGER PRIMARY KEY,
--sqlite|    agency_id              INTEGER NOT NULL REFERENCES agencies(id),
--sqlite|    draft_item_id          INTEGER REFERENCES catalogue_items(id),
--sqlite|    interpretation_item_id INTEGER REFERENCES catalogue_items(id),
--sqlite|    opens_on               TEXT NOT NULL,
--sqlite|    closes_on              TEXT NOT NULL,
--sqlite|    name_required          INTEGER NOT NULL,
--sqlite|    feedback               TEXT,
--sqlite|    feedback_published_at  TEXT,
--sqlite|    decision_item_id       INTEGER REFERENCES catalogue_items(id),
--sqlite|    created_by             INTEGER REFERENCES staff(id),
--sqlite|    created_at             TEXT NOT NULL,
--sqlite|    published_at           TEXT,
--pg|    id                     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    agency_id              BIGINT NOT NULL REFERENCES agencies(id),
--pg|    draft_item_id          BIGINT REFERENCES catalogue_items(id),
--pg|    interpretation_item_id BIGINT REFERENCES catalogue_items(id),
--pg|    opens_on               DATE NOT NULL,
--pg|    closes_on              DATE NOT NULL,
--pg|    name_required          BOOLEAN NOT NULL,
--pg|    feedback               JSONB,
--pg|    feedback_published_at  TIMESTAMPTZ,
--pg|    decision_item_id       BIGINT REFERENCES catalogue_items(id),
--pg|    created_by             BIGINT REFERENCES staff(id),
--pg|    created_at             TIMESTAMPTZ NOT NULL,
--pg|    published_at           TIMESTAMPTZ,
    -- The domain's DraftKind code (normative_document, rule, …).
    kind                   TEXT NOT NULL,
    title                  TEXT NOT NULL,
    draft_text             TEXT NOT NULL,
    -- 起草说明.
    explanation            TEXT NOT NULL,
    -- Shown in the notice when the period is below the statutory minimum.
    shortened_reason       TEXT,
    -- How to comment besides the online form.
    comment_address        TEXT,
    comment_email          TEXT,
    state                  TEXT NOT NULL CHECK (state IN ('draft', 'published', 'closed')),
    decision_url           TEXT,
    CHECK (closes_on > opens_on),
    CHECK (state <> 'closed' OR feedback_published_at IS NOT NULL)
);
-- The agency's lists: the staff's newest first, the public's open ones by
-- closing day and closed ones newest first; the count of closed ones
-- without feedback.
CREATE INDEX consultations_agency ON consultations(agency_id, state, closes_on);
CREATE INDEX consultations_agency_id ON consultations(agency_id, id);

-- 公众意见: kept as received (never changed but for its moderation); the
-- contact is private. `submit_key` is the form's one-time key: a second
-- submission of the same form finds the comment already kept.
CREATE TABLE consultation_comments (
--sqlite|    id              INTEGER PRIMARY KEY,
--sqlite|    consultation_id INTEGER NOT NULL REFERENCES consultations(id),
--sqlite|    received_at     TEXT NOT NULL,
--sqlite|    moderated_by    INTEGER REFERENCES staff(id),
--sqlite|    moderated_at    TEXT,
--pg|    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--pg|    consultation_id BIGINT NOT NULL REFERENCES consultations(id),
--pg|    received_at     TIMESTAMPTZ NOT NULL,
--pg|    moderated_by    BIGINT REFERENCES staff(id),
--pg|    moderated_at    TIMESTAMPTZ,
    submit_key      TEXT NOT NULL,
    name            TEXT,
    contact         TEXT,
    body            TEXT NOT NULL,
    moderation      TEXT NOT NULL CHECK (moderation IN ('pending', 'shown', 'hidden')),
    hidden_reason   TEXT,
    CHECK (moderation <> 'hidden' OR hidden_reason IS NOT NULL),
    UNIQUE (consultation_id, submit_key)
);
-- The moderation queue (pending, oldest first) and the shown comments.
CREATE INDEX consultation_comments_queue ON consultation_comments(consultation_id, moderation, id);
