//! Server-side sessions: a random token in an HttpOnly cookie, its SHA-256 in the database.
//! Sessions expire after the configured lifetime and are deleted on sign-out.

use super::{CurrentUser, PartnerRef};
use crate::db::Db;
use crate::db::now;
use domain::Role;
use domain::pipeline::SharedField;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::time::Duration;

/// A fresh session: the token goes into the cookie, only its hash is stored.
pub struct NewSession {
    pub token: String,
    pub expires_at: i64,
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// What signing in checks: the account's id and its password hash (PHC string).
pub struct Credentials {
    pub user_id: i64,
    pub password_hash: String,
}

/// The credentials of the account with e-mail `email` (already normalised), if there is one.
pub async fn credentials(db: &Db, email: &str) -> Result<Option<Credentials>, sqlx::Error> {
    let account: Option<(i64, String)> =
        sqlx::query_as("SELECT id, password_hash FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(db)
            .await?;
    Ok(account.map(|(user_id, password_hash)| Credentials {
        user_id,
        password_hash,
    }))
}

/// Starts a session for `user_id` lasting `ttl`.
pub async fn create(db: &Db, user_id: i64, ttl: Duration) -> Result<NewSession, sqlx::Error> {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let created = now();
    let expires_at = created + ttl.as_secs() as i64;
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(hash_token(&token))
        .bind(user_id)
        .bind(created)
        .bind(expires_at)
        .execute(db)
        .await?;
    Ok(NewSession { token, expires_at })
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    user_id: i64,
    email: String,
    name: String,
    role: String,
    partner_id: Option<i64>,
    partner_name: Option<String>,
    partner_tier: Option<String>,
    #[sqlx(try_from = "crate::db::Flag")]
    share_stage: bool,
    #[sqlx(try_from = "crate::db::Flag")]
    share_vendor_owner: bool,
    #[sqlx(try_from = "crate::db::Flag")]
    share_next_step: bool,
    #[sqlx(try_from = "crate::db::Flag")]
    share_protection: bool,
    #[sqlx(try_from = "crate::db::Flag")]
    share_last_activity: bool,
}

impl SessionRow {
    /// The `share_<field>` flags, in [`SharedField::ALL`]'s order.
    fn shared(&self) -> Vec<SharedField> {
        let flags = [
            self.share_stage,
            self.share_vendor_owner,
            self.share_next_step,
            self.share_protection,
            self.share_last_activity,
        ];
        SharedField::ALL
            .into_iter()
            .zip(flags)
            .filter_map(|(f, on)| on.then_some(f))
            .collect()
    }
}

/// The user of a live (unexpired) session, if `token` names one.
pub async fn lookup(db: &Db, token: &str) -> Result<Option<CurrentUser>, sqlx::Error> {
    // A token is 64 hex characters; anything else cannot be a session, so skip the query.
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let token_hash = hash_token(token);
    // The look-up also reads which registration fields the program shares (a flag per
    // `SharedField::ALL` entry, `share_<field>`), so every partner view is bounded by them
    // without another round trip.
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let flags: Vec<String> = SharedField::ALL
            .iter()
            .map(|f| {
                format!(
                    "EXISTS (SELECT 1 FROM program_shared_fields WHERE field = '{0}') AS share_{0}",
                    f.as_str()
                )
            })
            .collect();
        let flags = flags.join(", ");
        format!(
            "SELECT u.id AS user_id, u.email, u.name, u.role, p.id AS partner_id,
                p.name AS partner_name, p.tier AS partner_tier, {flags}
           FROM sessions s
           JOIN users u ON u.id = s.user_id
           LEFT JOIN partners p ON p.id = u.partner_id
          WHERE s.token_hash = $1 AND s.expires_at > $2"
        )
    });
    let row: Option<SessionRow> = sqlx::query_as(SQL.as_str())
        .bind(&token_hash)
        .bind(now())
        .fetch_optional(db)
        .await?;
    Ok(row.and_then(|r| {
        let role: Role = r.role.parse().ok()?;
        let visible_fields = if role == Role::ChannelManager {
            SharedField::ALL.to_vec()
        } else {
            r.shared()
        };
        let partner = match (r.partner_id, r.partner_name, r.partner_tier) {
            (Some(id), Some(name), Some(tier)) => Some(PartnerRef {
                id,
                name,
                tier: tier.parse().ok()?,
            }),
            _ => None,
        };
        Some(CurrentUser {
            id: r.user_id,
            email: r.email,
            name: r.name,
            role,
            partner,
            visible_fields,
            session_hash: token_hash,
        })
    }))
}

/// Ends one session at once.
pub async fn revoke(db: &Db, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(db)
        .await?;
    Ok(())
}

/// Every ten minutes: deletes expired sessions (lookups already ignore them; this keeps the
/// table small) and rate-limit windows older than the longest limit.
pub async fn sweep_expired(db: Db, longest_limit: Duration) {
    let mut tick = tokio::time::interval(Duration::from_secs(600));
    loop {
        tick.tick().await;
        // Every instance sweeps; deleting what another already deleted is harmless.
        if let Err(e) = super::throttle::prune(&db, now(), longest_limit).await {
            tracing::warn!(%e, "could not prune old rate-limit windows");
        }
        if let Err(e) = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now())
            .execute(&db)
            .await
        {
            tracing::warn!(%e, "could not sweep expired sessions");
        }
    }
}

/// `Set-Cookie` value that installs the session.
pub fn set_cookie(token: &str, ttl: Duration, secure: bool) -> String {
    format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        super::session_cookie_name(secure),
        ttl.as_secs(),
        if secure { "; Secure" } else { "" }
    )
}

/// `Set-Cookie` value that removes the session cookie from the browser.
pub fn clear_cookie(secure: bool) -> String {
    format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        super::session_cookie_name(secure),
        if secure { "; Secure" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_cookie_is_http_only_and_same_site_lax() {
        let c = set_cookie("t", Duration::from_secs(60), false);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.contains("Max-Age=60"));
        assert!(!c.contains("Secure"));
        let secure = set_cookie("t", Duration::from_secs(60), true);
        assert!(secure.starts_with("__Host-portico_session=t; Path=/;"));
        assert!(secure.ends_with("; Secure") && !secure.contains("Domain"));
    }

    #[test]
    fn the_stored_hash_is_not_the_token() {
        let h = hash_token("abc");
        assert_eq!(h.len(), 64);
        assert_ne!(h, "abc");
    }
}
