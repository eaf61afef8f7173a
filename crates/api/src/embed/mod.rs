//! The registration form partners embed in their own websites, server side: embed keys and
//! allowed origins (storage), who is calling (the portal itself, a partner's website, or no
//! browser at all), form tokens ([`token`]) and the form page ([`page`]). The submission limits
//! are rate buckets in the database ([`crate::auth::throttle`]).
//!
//! Rules kept here:
//! - no cookie is read or set on the embed routes: the key identifies the partner;
//! - a website is allowed only when its origin equals a listed one byte for byte (origins are
//!   stored normalised, see `domain::embed::normalize_origin`);
//! - a rotated key matches nothing from the moment the new one is stored.

pub mod page;
pub mod token;

use crate::auth::PartnerRef;
use crate::config::Config;
use crate::db::Db;
use crate::db::Tx;
use crate::db::now;
use axum::http::{HeaderMap, header};
use domain::Motion;
use rand::Rng;

/// A partner's embed, as the public endpoints need it.
#[derive(Debug, Clone)]
pub struct Embed {
    pub partner: PartnerRef,
    pub key: String,
    pub key_created_at: i64,
    /// The partner admin registrations from the form are filed under.
    pub owner_id: Option<i64>,
    pub origins: Vec<String>,
}

impl Embed {
    /// Whether `origin` is one of the partner's websites (exact match).
    pub fn allows(&self, origin: &str) -> bool {
        self.origins.iter().any(|o| o == origin)
    }
}

#[derive(sqlx::FromRow)]
struct EmbedRow {
    partner_id: i64,
    partner_name: String,
    tier: String,
    embed_key: String,
    key_created_at: i64,
    owner_id: Option<i64>,
}

/// The owner if they are still one of the partner's admins, else the partner's first admin.
const SELECT: &str = "SELECT e.partner_id, p.name AS partner_name, p.tier, e.embed_key, e.key_created_at,
        COALESCE(
            (SELECT u.id FROM users u WHERE u.id = e.owner_id AND u.partner_id = e.partner_id AND u.role = 'partner_admin'),
            (SELECT MIN(u.id) FROM users u WHERE u.partner_id = e.partner_id AND u.role = 'partner_admin')
        ) AS owner_id
   FROM partner_embeds e JOIN partners p ON p.id = e.partner_id";

async fn load(db: &Db, row: Option<EmbedRow>) -> Result<Option<Embed>, sqlx::Error> {
    let Some(r) = row else {
        return Ok(None);
    };
    let Ok(tier) = r.tier.parse() else {
        return Ok(None);
    };
    Ok(Some(Embed {
        origins: origins(db, r.partner_id).await?,
        partner: PartnerRef {
            id: r.partner_id,
            name: r.partner_name,
            tier,
        },
        key: r.embed_key,
        key_created_at: r.key_created_at,
        owner_id: r.owner_id,
    }))
}

/// The embed whose *current* key is `key` (a rotated-away key finds nothing).
pub async fn by_key(db: &Db, key: &str) -> Result<Option<Embed>, sqlx::Error> {
    if !domain::embed::is_key_syntax(key) {
        return Ok(None);
    }
    let row = sqlx::query_as(&format!("{SELECT} WHERE e.embed_key = $1"))
        .bind(key)
        .fetch_optional(db)
        .await?;
    load(db, row).await
}

/// The partner's embed, created with a fresh key (owned by `admin`) the first time.
pub async fn ensure(db: &Db, partner_id: i64, admin: i64) -> Result<Embed, sqlx::Error> {
    let at = now();
    sqlx::query(
        "INSERT INTO partner_embeds (partner_id, embed_key, key_created_at, owner_id, updated_at)
         VALUES ($1, $2, $3, $4, $3) ON CONFLICT (partner_id) DO NOTHING",
    )
    .bind(partner_id)
    .bind(new_key())
    .bind(at)
    .bind(admin)
    .execute(db)
    .await?;
    let row = sqlx::query_as(&format!("{SELECT} WHERE e.partner_id = $1"))
        .bind(partner_id)
        .fetch_optional(db)
        .await?;
    load(db, row).await?.ok_or(sqlx::Error::RowNotFound)
}

/// The partner's allowed origins, in the order the admin listed them.
pub async fn origins<'e, E>(db: E, partner_id: i64) -> Result<Vec<String>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT origin FROM partner_embed_origins WHERE partner_id = $1 ORDER BY position",
    )
    .bind(partner_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(o,)| o).collect())
}

/// Replaces the partner's allowed origins with `origins`, in that order; inside `tx`, which
/// holds the partner's `embed:<id>` lock row (see [`crate::db::lock`]).
pub async fn replace_origins(
    tx: &mut Tx<'_>,
    partner_id: i64,
    origins: &[String],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM partner_embed_origins WHERE partner_id = $1")
        .bind(partner_id)
        .execute(&mut **tx)
        .await?;
    for (i, origin) in origins.iter().enumerate() {
        sqlx::query(
            "INSERT INTO partner_embed_origins (partner_id, origin, position) VALUES ($1, $2, $3)",
        )
        .bind(partner_id)
        .bind(origin)
        .bind(i as i64)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Makes partner admin `owner` the one the form's registrations are filed under (and stamps
/// the embed updated now); inside `tx`.
pub async fn set_owner(tx: &mut Tx<'_>, partner_id: i64, owner: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE partner_embeds SET owner_id = $1, updated_at = $2 WHERE partner_id = $3")
        .bind(owner)
        .bind(now())
        .bind(partner_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Replaces the partner's embed key with a fresh one ([`new_key`]) created at `at`, owned by
/// `owner`; inside `tx`. The old key matches nothing from the moment this commits.
pub async fn rotate_key(
    tx: &mut Tx<'_>,
    partner_id: i64,
    owner: i64,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE partner_embeds SET embed_key = $1, key_created_at = $2, owner_id = $3, updated_at = $2 WHERE partner_id = $4",
    )
    .bind(new_key())
    .bind(at)
    .bind(owner)
    .bind(partner_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The reference the visitor was given for registration `registration_id` (the first one, on a
/// replay).
pub async fn submission_reference(db: &Db, registration_id: i64) -> Result<String, sqlx::Error> {
    let (stored,): (String,) =
        sqlx::query_as("SELECT reference FROM embed_submissions WHERE registration_id = $1")
            .bind(registration_id)
            .fetch_one(db)
            .await?;
    Ok(stored)
}

/// The motions the partner's form offers: its motions in order, or all five when none are
/// recorded.
pub async fn form_motions(db: &Db, partner_id: i64) -> Result<Vec<Motion>, sqlx::Error> {
    let mut motions = crate::partners::motions(db, partner_id).await?;
    motions.sort();
    if motions.is_empty() {
        motions = Motion::ALL.to_vec();
    }
    Ok(motions)
}

/// A fresh embed key: [`domain::embed::KEY_PREFIX`] + 128 random bits in hex.
pub fn new_key() -> String {
    let bytes: [u8; 16] = rand::thread_rng().r#gen();
    format!("{}{}", domain::embed::KEY_PREFIX, hex::encode(bytes))
}

/// A reference for the visitor, like `EMB-7K3Q-9XPM` (no 0/O or 1/I to misread).
pub fn new_reference() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut rng = rand::thread_rng();
    let mut pick = || ALPHABET[rng.gen_range(0..ALPHABET.len())] as char;
    let a: String = (0..4).map(|_| pick()).collect();
    let b: String = (0..4).map(|_| pick()).collect();
    format!("EMB-{a}-{b}")
}

/// Who sent a request, from its `Origin` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// A page of the portal itself (the framed form, or the Embed page's preview).
    Portal,
    /// Another website, by its origin as the browser sent it.
    Site(String),
    /// No `Origin`: not a browser's cross-origin or form request.
    Unknown,
}

impl Caller {
    pub fn of(headers: &HeaderMap) -> Caller {
        let Some(origin) = headers
            .get(header::ORIGIN)
            .and_then(|o| o.to_str().ok())
            .filter(|o| !o.is_empty())
        else {
            return Caller::Unknown;
        };
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        let origin_host = origin.split_once("://").map(|(_, rest)| rest);
        if !host.is_empty() && origin_host.is_some_and(|h| h.eq_ignore_ascii_case(host)) {
            Caller::Portal
        } else {
            Caller::Site(origin.to_owned())
        }
    }
}

/// The portal's own origin as the browser reaches it (`https` behind a TLS proxy).
pub fn portal_origin(config: &Config, headers: &HeaderMap) -> String {
    let https = config.public_https
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"));
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    format!("{}://{host}", if https { "https" } else { "http" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(origin: Option<&'static str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::HOST,
            HeaderValue::from_static("portal.example:8080"),
        );
        if let Some(o) = origin {
            h.insert(header::ORIGIN, HeaderValue::from_static(o));
        }
        h
    }

    #[test]
    fn the_caller_is_the_portal_another_site_or_unknown() {
        assert_eq!(
            Caller::of(&headers(Some("http://portal.example:8080"))),
            Caller::Portal
        );
        assert_eq!(
            Caller::of(&headers(Some("https://shop.example"))),
            Caller::Site("https://shop.example".into())
        );
        assert_eq!(
            Caller::of(&headers(Some("null"))),
            Caller::Site("null".into())
        );
        assert_eq!(Caller::of(&headers(None)), Caller::Unknown);
    }

    #[test]
    fn keys_and_references_have_their_shapes() {
        let k = new_key();
        assert!(domain::embed::is_key_syntax(&k), "{k}");
        assert_ne!(k, new_key());
        let r = new_reference();
        assert_eq!(r.len(), 13);
        assert!(r.starts_with("EMB-") && !r.contains(['0', 'O', '1', 'I']));
    }
}
