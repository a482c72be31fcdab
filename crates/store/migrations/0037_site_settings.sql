-- Issue 21: 网站设置, the platform's (scope `platform`) and each agency's
-- (scope `agency:<id>`): the name and logo, 主办单位 / 承办单位, the footer's
-- identifiers (网站标识码, ICP备案号, 公安机关备案号), the contact text of
-- 联系我们, and an agency's theme (colour, banner). Every value is
-- optional: an agency's empty value shows the platform's. Checked by the
-- domain (`site`), changed by the platform's administrator or the agency's,
-- audited (`site.settings_update`). Read into a cache on every page.
CREATE TABLE site_settings (
    scope        TEXT PRIMARY KEY,
--sqlite|    agency_id    INTEGER REFERENCES agencies(id),
--pg|    agency_id    BIGINT REFERENCES agencies(id),
    site_name    TEXT,
    logo         TEXT,
    host         TEXT,
    organizer    TEXT,
    site_code    TEXT,
    icp          TEXT,
    police       TEXT,
    contact      TEXT,
    theme_colour TEXT,
    banner       TEXT,
--sqlite|    updated_by   INTEGER REFERENCES staff(id),
--sqlite|    updated_at   TEXT NOT NULL
--pg|    updated_by   BIGINT REFERENCES staff(id),
--pg|    updated_at   TIMESTAMPTZ NOT NULL
);
