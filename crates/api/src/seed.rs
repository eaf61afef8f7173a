//! Demo data, seeded into an empty database on first run (design.md, "Demo data").
//! Every demo user's password is `portico-demo`.

use crate::auth::password;
use crate::db::now;
use sqlx::SqlitePool;

/// The password of every demo user.
pub const DEMO_PASSWORD: &str = "portico-demo";

/// A demo partner company.
pub struct DemoPartner {
    pub name: &'static str,
    pub tier: &'static str,
    pub motions: &'static [&'static str],
    pub territories: &'static [&'static str],
}

/// A demo user; `partner` indexes [`PARTNERS`], `None` for vendor staff.
pub struct DemoUser {
    pub email: &'static str,
    pub name: &'static str,
    pub role: &'static str,
    pub partner: Option<usize>,
}

pub const PARTNERS: &[DemoPartner] = &[
    DemoPartner {
        name: "Vertex Cloud Solutions",
        tier: "gold",
        motions: &["reseller", "services"],
        territories: &["US", "CA", "GB"],
    },
    DemoPartner {
        name: "BluePeak Manufacturing",
        tier: "silver",
        motions: &["reseller"],
        territories: &["DE", "AT", "CH"],
    },
    DemoPartner {
        name: "Ironclad Security",
        tier: "bronze",
        motions: &["referral"],
        territories: &["US"],
    },
];

pub const USERS: &[DemoUser] = &[
    DemoUser {
        email: "ava@vertex.example",
        name: "Ava Lindqvist",
        role: "partner_admin",
        partner: Some(0),
    },
    DemoUser {
        email: "ben@vertex.example",
        name: "Ben Okafor",
        role: "partner_user",
        partner: Some(0),
    },
    DemoUser {
        email: "cara@bluepeak.example",
        name: "Cara Hoffmann",
        role: "partner_admin",
        partner: Some(1),
    },
    DemoUser {
        email: "dan@ironclad.example",
        name: "Dan Whitaker",
        role: "partner_admin",
        partner: Some(2),
    },
    DemoUser {
        email: "maya@portico.example",
        name: "Maya Chen",
        role: "channel_manager",
        partner: None,
    },
];

/// Seeds the program, partners and users when the database has no partners yet.
pub async fn seed_if_empty(db: &SqlitePool) -> Result<(), sqlx::Error> {
    let (partners,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM partners")
        .fetch_one(db)
        .await?;
    if partners > 0 {
        return Ok(());
    }
    // Hash off the async runtime: argon2 is deliberately slow.
    let hashes = tokio::task::spawn_blocking(|| {
        USERS
            .iter()
            .map(|_| password::hash(DEMO_PASSWORD))
            .collect::<Result<Vec<_>, _>>()
    })
    .await
    .map_err(|e| sqlx::Error::Protocol(format!("seed hashing: {e}")))?
    .map_err(|e| sqlx::Error::Protocol(format!("seed hashing: {e}")))?;

    let at = now();
    let mut tx = db.begin().await?;
    sqlx::query("INSERT INTO programs (id, name) VALUES (1, 'Portico Partner Program')")
        .execute(&mut *tx)
        .await?;
    let mut partner_ids = Vec::with_capacity(PARTNERS.len());
    for p in PARTNERS {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO partners (name, tier, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(p.name)
        .bind(p.tier)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        for m in p.motions {
            sqlx::query("INSERT INTO partner_motions (partner_id, motion) VALUES ($1, $2)")
                .bind(id)
                .bind(m)
                .execute(&mut *tx)
                .await?;
        }
        for c in p.territories {
            sqlx::query("INSERT INTO partner_territories (partner_id, country) VALUES ($1, $2)")
                .bind(id)
                .bind(c)
                .execute(&mut *tx)
                .await?;
        }
        partner_ids.push(id);
    }
    for (u, hash) in USERS.iter().zip(hashes) {
        sqlx::query(
            "INSERT INTO users (email, name, role, partner_id, password_hash, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(u.email)
        .bind(u.name)
        .bind(u.role)
        .bind(u.partner.map(|i| partner_ids[i]))
        .bind(hash)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    tracing::info!(
        partners = PARTNERS.len(),
        users = USERS.len(),
        "seeded demo data"
    );
    Ok(())
}
