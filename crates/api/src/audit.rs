//! The audit trail: who did what to which record, when, before → after. Each event is an
//! [`AuditEvent`] naming a typed [`AuditAction`] (its record kind follows from the action),
//! recorded on the connection or inside the transaction of the change it describes.

use crate::db::{Conn, Db, now};
pub use domain::audit::{AuditAction, Entity};
use serde_json::Value;

/// One event, built with its action and record and then told who, before and after.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub action: AuditAction,
    pub entity_id: Option<i64>,
    /// The user who acted; `None`: Portico itself (the sweeper, the seed).
    pub actor: Option<i64>,
    /// JSON snapshots of what changed.
    pub before: Option<Value>,
    pub after: Option<Value>,
    /// Unix seconds; `None`: now.
    pub at: Option<i64>,
}

impl AuditEvent {
    /// An event of `action` about the record `entity_id` (of the action's kind).
    pub fn new(action: AuditAction, entity_id: i64) -> Self {
        Self {
            action,
            entity_id: Some(entity_id),
            actor: None,
            before: None,
            after: None,
            at: None,
        }
    }

    /// Who acted (a user id; `None`: Portico itself).
    pub fn by(mut self, user: impl Into<Option<i64>>) -> Self {
        self.actor = user.into();
        self
    }

    pub fn before(mut self, value: Value) -> Self {
        self.before = Some(value);
        self
    }

    pub fn after(mut self, value: Value) -> Self {
        self.after = Some(value);
        self
    }

    pub fn at(mut self, at: i64) -> Self {
        self.at = Some(at);
        self
    }

    /// Appends the event; pass the change's transaction (`&mut tx`) so both commit together.
    pub async fn record(self, conn: &mut Conn) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO audit_events (at, actor_id, action, entity, entity_id, before_json, after_json)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(self.at.unwrap_or_else(now))
        .bind(self.actor)
        .bind(self.action.as_str())
        .bind(self.action.entity().as_str())
        .bind(self.entity_id)
        .bind(self.before.map(|v| v.to_string()))
        .bind(self.after.map(|v| v.to_string()))
        .execute(conn)
        .await?;
        Ok(())
    }

    /// [`record`](Self::record) for an event that is the whole change (a sign-in): on a
    /// connection of its own.
    pub async fn record_in_pool(self, db: &Db) -> Result<(), sqlx::Error> {
        self.record(&mut *db.acquire().await?).await
    }
}
