-- The enablement library. Facet values are stored as space-separated identifiers checked by the
-- domain crate's enums on the way in; search itself runs in the browser over what the caller may
-- see, so the server only ever filters by entitlement (minimum tier) and retirement.
CREATE TABLE assets (
    id             INTEGER PRIMARY KEY,
    title          TEXT    NOT NULL,
    summary        TEXT    NOT NULL,
    body           TEXT    NOT NULL,
    kind           TEXT    NOT NULL,
    motions        TEXT    NOT NULL,
    industries     TEXT    NOT NULL,
    use_cases      TEXT    NOT NULL,
    min_tier       TEXT    NOT NULL CHECK (min_tier IN ('bronze', 'silver', 'gold')),
    -- bronze 0, silver 1, gold 2: a tier sees assets whose rank is at most its own.
    min_tier_rank  INTEGER NOT NULL CHECK (min_tier_rank IN (0, 1, 2)),
    link           TEXT    NOT NULL,
    -- The date shown to people as "updated" (YYYY-MM-DD).
    updated_on     TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL,
    updated_at     BIGINT  NOT NULL,
    retired_at     BIGINT
);
CREATE INDEX assets_entitled ON assets (retired_at, min_tier_rank);

-- Who has opened which asset (first time only): onboarding progress and managers' view counts.
CREATE TABLE asset_views (
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    asset_id         INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    first_viewed_at  BIGINT  NOT NULL,
    PRIMARY KEY (user_id, asset_id)
);
CREATE INDEX asset_views_asset ON asset_views (asset_id);
