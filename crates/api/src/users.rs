//! User accounts the operator creates: the first channel manager of a production deployment,
//! which has no demo data (`portico-api add-manager <email> <name>`, the password on stdin).

use crate::audit::{AuditAction, AuditEvent};
use crate::auth::password;
use crate::db::{Db, now};
use domain::EmailAddress;
use domain::views::SignInRequest;

/// Shortest password accepted for a new account.
pub const MIN_PASSWORD_LEN: usize = 12;
/// Longest display name.
pub const MAX_NAME_LEN: usize = 120;

/// Checks the new account's details; every problem in one sentence a person can act on.
pub fn check_new_manager(
    email: &str,
    name: &str,
    password: &str,
) -> Result<(String, String), String> {
    let email = EmailAddress::parse(email).map_err(|e| format!("e-mail: {e}"))?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_LEN {
        return Err(format!("name: give 1 to {MAX_NAME_LEN} characters"));
    }
    if name.chars().any(char::is_control) {
        return Err("name: remove control characters".into());
    }
    let length = password.chars().count();
    if length < MIN_PASSWORD_LEN {
        return Err(format!(
            "password: use at least {MIN_PASSWORD_LEN} characters (got {length})"
        ));
    }
    if password.len() > SignInRequest::MAX_PASSWORD_LEN {
        return Err(format!(
            "password: use at most {} characters",
            SignInRequest::MAX_PASSWORD_LEN
        ));
    }
    Ok((email.as_str().to_owned(), name.to_owned()))
}

/// Creates a channel manager (audited as `user_created`, by no one: the operator acted on the
/// server). Returns the new user's id; an e-mail already in use is an error saying so.
pub async fn add_channel_manager(
    db: &Db,
    email: &str,
    name: &str,
    password: &str,
) -> Result<i64, String> {
    let (email, name) = check_new_manager(email, name, password)?;
    let secret = password.to_owned();
    let hash = tokio::task::spawn_blocking(move || password::hash(&secret))
        .await
        .map_err(|e| format!("hashing the password: {e}"))?
        .map_err(|e| format!("hashing the password: {e}"))?;
    let mut tx = db.begin().await.map_err(|e| e.to_string())?;
    let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO users (email, name, role, partner_id, password_hash, created_at)
         VALUES ($1, $2, 'channel_manager', NULL, $3, $4) RETURNING id",
    )
    .bind(&email)
    .bind(&name)
    .bind(&hash)
    .bind(now())
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok((id,)) => id,
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            return Err(format!("e-mail: {email} already has an account"));
        }
        Err(e) => return Err(e.to_string()),
    };
    AuditEvent::new(AuditAction::UserCreated, id)
        .after(serde_json::json!({ "role": "channel_manager" }))
        .record(&mut tx)
        .await
        .map_err(|e| e.to_string())?;
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(id)
}
