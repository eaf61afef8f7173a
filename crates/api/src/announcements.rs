//! Announcement storage: the announcements a reader's tier receives with that reader's receipts
//! (read, acknowledged), the receipt writes, and the channel managers' list with how many opened
//! each announcement and who acknowledged it.

use crate::db::{Db, Flag, Tx, now};
use domain::Tier;
use domain::home::{Acknowledgement, AnnouncementView, ManagedAnnouncement};

#[derive(sqlx::FromRow)]
struct AnnouncementRow {
    id: i64,
    title: String,
    body: String,
    published_at: i64,
    #[sqlx(try_from = "crate::db::Flag")]
    requires_ack: bool,
    read_at: Option<i64>,
    acknowledged_at: Option<i64>,
}

/// Announcements for readers of `tier` (all, or just `only`), newest first, with user `user`'s
/// receipts.
pub async fn for_reader(
    db: &Db,
    user: i64,
    tier: Tier,
    only: Option<i64>,
) -> Result<Vec<AnnouncementView>, sqlx::Error> {
    let rows: Vec<AnnouncementRow> = sqlx::query_as(
        "SELECT a.id, a.title, a.body, a.published_at, a.requires_ack, r.read_at, r.acknowledged_at
           FROM announcements a
           LEFT JOIN announcement_receipts r ON r.announcement_id = a.id AND r.user_id = $1
          WHERE a.min_tier_rank <= $2 AND a.max_tier_rank >= $2 AND ($3 IS NULL OR a.id = $3)
          ORDER BY a.published_at DESC, a.id DESC",
    )
    .bind(user)
    .bind(tier.rank())
    .bind(only)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| AnnouncementView {
            id: r.id,
            title: r.title,
            body: r.body,
            published_at: r.published_at,
            requires_ack: r.requires_ack,
            read: r.read_at.is_some(),
            acknowledged_at: r.acknowledged_at,
        })
        .collect())
}

/// Records that user `user` read announcement `id` now (only the first time counts).
pub async fn mark_read(db: &Db, id: i64, user: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO announcement_receipts (announcement_id, user_id, read_at) VALUES ($1, $2, $3)
         ON CONFLICT (announcement_id, user_id) DO NOTHING",
    )
    .bind(id)
    .bind(user)
    .bind(now())
    .execute(db)
    .await?;
    Ok(())
}

/// Records that user `user` acknowledged (and so read) announcement `id` at `at`, keeping an
/// earlier acknowledgement's time; inside `tx` so the audit event commits with it.
pub async fn acknowledge(tx: &mut Tx<'_>, id: i64, user: i64, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO announcement_receipts (announcement_id, user_id, read_at, acknowledged_at)
             VALUES ($1, $2, $3, $3)
             ON CONFLICT (announcement_id, user_id) DO UPDATE
                SET acknowledged_at = COALESCE(announcement_receipts.acknowledged_at, excluded.acknowledged_at)",
    )
    .bind(id)
    .bind(user)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Every announcement, newest first, with how many users opened it and who acknowledged it
/// (oldest acknowledgement first), for channel managers.
pub async fn managed(db: &Db) -> Result<Vec<ManagedAnnouncement>, sqlx::Error> {
    let rows: Vec<(i64, String, String, Flag, i64, i64)> = sqlx::query_as(
        "SELECT a.id, a.title, a.min_tier, a.requires_ack, a.published_at,
                (SELECT COUNT(*) FROM announcement_receipts r WHERE r.announcement_id = a.id)
           FROM announcements a ORDER BY a.published_at DESC, a.id DESC",
    )
    .fetch_all(db)
    .await?;
    let acks: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT r.announcement_id, u.name, p.name, r.acknowledged_at
           FROM announcement_receipts r JOIN users u ON u.id = r.user_id JOIN partners p ON p.id = u.partner_id
          WHERE r.acknowledged_at IS NOT NULL ORDER BY r.acknowledged_at",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, title, min_tier, requires_ack, published_at, reads)| ManagedAnnouncement {
                id,
                title,
                min_tier: min_tier.parse().unwrap_or(Tier::Gold),
                requires_ack: requires_ack.0,
                published_at,
                reads,
                acknowledgements: acks
                    .iter()
                    .filter(|a| a.0 == id)
                    .map(|(_, user_name, partner_name, at)| Acknowledgement {
                        user_name: user_name.clone(),
                        partner_name: partner_name.clone(),
                        at: *at,
                    })
                    .collect(),
            },
        )
        .collect())
}
