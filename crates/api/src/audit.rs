//! The audit trail: who did what to which record, when, before → after.

use crate::db::Db;
use crate::db::now;

/// Appends one audit event. `before`/`after` are JSON snapshots of the changed record.
pub async fn record(
    db: &Db,
    actor_id: Option<i64>,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<(), sqlx::Error> {
    let mut conn = db.acquire().await?;
    insert(
        &mut conn, actor_id, action, entity, entity_id, before, after,
    )
    .await
}

/// [`record`] inside a transaction, so the event commits with the change it describes.
pub async fn record_tx(
    tx: &mut crate::db::Tx<'_>,
    actor_id: Option<i64>,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<(), sqlx::Error> {
    insert(tx, actor_id, action, entity, entity_id, before, after).await
}

async fn insert(
    conn: &mut crate::db::Conn,
    actor_id: Option<i64>,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_events (at, actor_id, action, entity, entity_id, before_json, after_json)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(now())
    .bind(actor_id)
    .bind(action)
    .bind(entity)
    .bind(entity_id)
    .bind(before.map(|v| v.to_string()))
    .bind(after.map(|v| v.to_string()))
    .execute(conn)
    .await?;
    Ok(())
}
