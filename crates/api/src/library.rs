//! The enablement library's storage: assets a caller is entitled to (minimum tier, not retired),
//! channel managers' full list, writes, and who opened what. Entitlement is a `WHERE` clause on
//! every partner read, so an asset above a partner's tier never leaves the database for them.

use crate::db::Db;
use crate::db::now;
use domain::library::{Asset, Industry, Kind, ManagedAsset, UseCase, ValidAsset};
use domain::{Motion, Tier};

const COLUMNS: &str = "a.id, a.title, a.summary, a.body, a.kind, a.motions, a.industries, a.use_cases, \
     a.min_tier, a.link, a.updated_on, a.retired_at";

#[derive(sqlx::FromRow)]
struct AssetRow {
    id: i64,
    title: String,
    summary: String,
    body: String,
    kind: String,
    motions: String,
    industries: String,
    use_cases: String,
    min_tier: String,
    link: String,
    updated_on: String,
    retired_at: Option<i64>,
}

fn list<T>(s: &str, parse: impl Fn(&str) -> Option<T>) -> Vec<T> {
    s.split_whitespace().filter_map(parse).collect()
}

impl AssetRow {
    fn asset(self) -> Asset {
        Asset {
            id: self.id,
            title: self.title,
            summary: self.summary,
            body: self.body,
            kind: Kind::parse(&self.kind).unwrap_or(Kind::Guide),
            motions: list(&self.motions, |m| m.parse::<Motion>().ok()),
            industries: list(&self.industries, Industry::parse),
            use_cases: list(&self.use_cases, UseCase::parse),
            // Unknown tiers fail closed: only the top tier sees them.
            min_tier: self.min_tier.parse().unwrap_or(Tier::Gold),
            updated: self.updated_on,
            link: self.link,
        }
    }
}

/// The highest tier rank a caller may see: their partner's tier, or everything for vendor staff.
pub fn reach(partner_tier: Option<Tier>) -> i64 {
    partner_tier.unwrap_or(Tier::Gold).rank()
}

/// Published assets up to tier rank `reach`, newest first.
pub async fn entitled(db: &Db, reach: i64) -> Result<Vec<Asset>, sqlx::Error> {
    let rows: Vec<AssetRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM assets a
          WHERE a.retired_at IS NULL AND a.min_tier_rank <= $1
          ORDER BY a.updated_on DESC, a.id"
    ))
    .bind(reach)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(AssetRow::asset).collect())
}

#[derive(sqlx::FromRow)]
struct ManagedRow {
    #[sqlx(flatten)]
    row: AssetRow,
    viewers: i64,
}

/// Every asset, retired ones included, with how many people opened each (channel managers):
/// all of them, or just `only`.
pub async fn managed(db: &Db, only: Option<i64>) -> Result<Vec<ManagedAsset>, sqlx::Error> {
    let rows: Vec<ManagedRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS}, (SELECT COUNT(*) FROM asset_views v WHERE v.asset_id = a.id) AS viewers
           FROM assets a
          WHERE $1 IS NULL OR a.id = $1
          ORDER BY a.updated_on DESC, a.id"
    ))
    .bind(only)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|m| {
            let retired = m.row.retired_at.is_some();
            ManagedAsset {
                asset: m.row.asset(),
                retired,
                viewers: m.viewers,
            }
        })
        .collect())
}

fn joined<T: Copy>(values: &[T], name: impl Fn(T) -> &'static str) -> String {
    values
        .iter()
        .map(|v| name(*v))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Binds an asset's columns as parameters `$1`–`$11` (title … updated_on), the order both
/// [`insert`] and [`update`] use.
macro_rules! bind_asset {
    ($query:expr, $a:expr, $updated_on:expr) => {
        $query
            .bind(&$a.title)
            .bind(&$a.summary)
            .bind(&$a.body)
            .bind($a.kind.as_str())
            .bind(joined(&$a.motions, Motion::as_str))
            .bind(joined(&$a.industries, Industry::as_str))
            .bind(joined(&$a.use_cases, UseCase::as_str))
            .bind($a.min_tier.as_str())
            .bind($a.min_tier.rank())
            .bind(&$a.link)
            .bind($updated_on)
    };
}

/// Inserts an asset dated `updated_on`; returns its id.
pub async fn insert(
    tx: &mut crate::db::Tx<'_>,
    a: &ValidAsset,
    updated_on: &str,
) -> Result<i64, sqlx::Error> {
    let at = now();
    let query = sqlx::query_as(
        "INSERT INTO assets (title, summary, body, kind, motions, industries, use_cases, min_tier,
                             min_tier_rank, link, updated_on, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
    );
    let (id,): (i64,) = bind_asset!(query, a, updated_on)
        .bind(at)
        .fetch_one(&mut **tx)
        .await?;
    Ok(id)
}

/// Replaces an asset's content and dates it `updated_on`; false when there is no such asset.
pub async fn update(
    tx: &mut crate::db::Tx<'_>,
    id: i64,
    a: &ValidAsset,
    updated_on: &str,
) -> Result<bool, sqlx::Error> {
    let query = sqlx::query(
        "UPDATE assets SET title = $1, summary = $2, body = $3, kind = $4, motions = $5, industries = $6,
                use_cases = $7, min_tier = $8, min_tier_rank = $9, link = $10, updated_on = $11, updated_at = $12
          WHERE id = $13",
    );
    let done = bind_asset!(query, a, updated_on)
        .bind(now())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Retires (hides from partners) or restores an asset: whether that changed it, it already was
/// so, or there is no such asset.
pub async fn set_retired(
    tx: &mut crate::db::Tx<'_>,
    id: i64,
    retired: bool,
) -> Result<Retirement, sqlx::Error> {
    let at = now();
    // Only a change is written: retiring twice keeps the first time, restoring what is live
    // touches nothing (and the caller records no event).
    let done = sqlx::query(
        "UPDATE assets SET retired_at = CASE WHEN $1 THEN $2 ELSE NULL END, updated_at = $2
          WHERE id = $3 AND (retired_at IS NULL) = $1",
    )
    .bind(retired)
    .bind(at)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 1 {
        return Ok(Retirement::Changed);
    }
    let exists: Option<(i64,)> = sqlx::query_as("SELECT id FROM assets WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(if exists.is_some() {
        Retirement::Unchanged
    } else {
        Retirement::NotFound
    })
}

/// What [`set_retired`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retirement {
    Changed,
    /// It was already as asked.
    Unchanged,
    NotFound,
}

/// Records that `user` opened `asset` (the first time only).
pub async fn record_view(db: &Db, user: i64, asset: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO asset_views (user_id, asset_id, first_viewed_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, asset_id) DO NOTHING",
    )
    .bind(user)
    .bind(asset)
    .bind(now())
    .execute(db)
    .await?;
    Ok(())
}
