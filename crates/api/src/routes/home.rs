//! Tier home pages and announcements. `GET /home` walks the caller's tier layout from the domain
//! ([`domain::home::layout`]) and fills in exactly those widgets — another tier's widgets are
//! never computed, so their data cannot reach the caller. Announcements are read and
//! acknowledged per user; channel managers see who acknowledged.

use crate::AppState;
use crate::audit;
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::db::now;
use crate::error::{ApiError, ApiResult};
use crate::extract::AppPath;
use crate::library as assets;
use crate::registrations::{self as store, RegistrationRow};
use crate::routes::pipeline::shared;
use axum::extract::State;
use domain::ErrorBody;
use domain::home::{
    Acknowledgement, Amount, AnnouncementView, AttentionItem, ChannelManagerCard, CompanyProfile,
    Criterion, CriterionProgress, HomeView, ManagedAnnouncement, MdfBalance, NamedItem,
    NeedsAttention, Onboarding, OnboardingItem, OnboardingStep, PipelineSummary, StageCount,
    TierProgress, Widget, WidgetData, layout,
};
use domain::library::{AssetRef, Kind};
use domain::pipeline::stage_counts;
use domain::registration::{DAY, HOUR, Status};
use domain::{Motion, Tier};
use std::collections::BTreeMap;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(home))
        .routes(routes!(announcements))
        .routes(routes!(read_announcement))
        .routes(routes!(acknowledge_announcement))
        .routes(routes!(confirm_profile))
        .routes(routes!(managed_announcements))
}

/// Protections ending within this many days count as "expiring soon".
const EXPIRING_DAYS: i64 = 7;
/// Library assets a content widget lists.
const CONTENT_ITEMS: usize = 4;

/// The caller's home page: their tier's layout and exactly those widgets' data.
#[utoipa::path(get, path = "/api/v1/home", tag = "home",
    responses((status = 200, body = HomeView), (status = 401, body = ErrorBody),
              (status = 403, description = "Channel managers have no partner home", body = ErrorBody)),
    security(("session" = [])))]
async fn home(State(state): State<AppState>, user: CurrentUser) -> ApiResult<axum::Json<HomeView>> {
    let partner = user.partner()?.clone();
    let slots = layout(partner.tier);
    let db = &state.db;
    let rows = store::list_visible(db, &user).await?;
    let at = now();
    let mut widgets = Vec::with_capacity(slots.len());
    for slot in slots {
        widgets.push(match slot.widget {
            Widget::NeedsAttention => {
                let sla = store::program(db).await?.approval_sla_hours;
                WidgetData::NeedsAttention(needs_attention(&rows, sla, at))
            }
            Widget::ChannelManager => {
                WidgetData::ChannelManager(channel_manager(db, partner.id).await?)
            }
            Widget::MdfBalance => WidgetData::MdfBalance(mdf(db, partner.id).await?),
            Widget::ExclusiveCategories => {
                WidgetData::ExclusiveCategories(exclusive_categories(db, partner.tier).await?)
            }
            Widget::EarlyAccessCertifications => {
                WidgetData::EarlyAccessCertifications(early_access(db, partner.tier).await?)
            }
            Widget::PipelineSummary => WidgetData::PipelineSummary(summary(&rows, at)),
            Widget::DealsByStage => WidgetData::DealsByStage(by_stage(db, &user, at).await?),
            Widget::RecommendedContent => {
                WidgetData::RecommendedContent(recommended(db, partner.id, partner.tier).await?)
            }
            Widget::TierProgress => {
                WidgetData::TierProgress(tier_progress(db, partner.id, partner.tier, at).await?)
            }
            Widget::OnboardingChecklist => {
                WidgetData::OnboardingChecklist(onboarding(db, &user, partner.id).await?)
            }
            Widget::GettingStarted => {
                WidgetData::GettingStarted(getting_started(db, partner.tier).await?)
            }
            Widget::Announcements => WidgetData::Announcements(
                reader_announcements(db, &user, partner.tier, None).await?,
            ),
        });
    }
    Ok(axum::Json(HomeView {
        tier: partner.tier,
        layout: slots.to_vec(),
        widgets,
    }))
}

fn needs_attention(rows: &[RegistrationRow], sla_hours: i64, at: i64) -> NeedsAttention {
    let item = |r: &RegistrationRow| AttentionItem {
        id: r.id,
        number: domain::registration::registration_number(r.id),
        customer: r.customer_legal_name.clone(),
        submitted_at: None,
        decision_due_at: None,
        protection_end: None,
    };
    let mut awaiting: Vec<AttentionItem> = rows
        .iter()
        .filter(|r| r.effective_status(at) == Status::Submitted)
        .map(|r| AttentionItem {
            submitted_at: Some(r.submitted_at),
            decision_due_at: Some(r.submitted_at + sla_hours * HOUR),
            ..item(r)
        })
        .collect();
    awaiting.sort_by_key(|a| a.decision_due_at);
    let mut expiring: Vec<AttentionItem> = rows
        .iter()
        .filter(|r| {
            r.effective_status(at) == Status::Approved
                && r.protection_end
                    .is_some_and(|end| end - at <= EXPIRING_DAYS * DAY)
        })
        .map(|r| AttentionItem {
            protection_end: r.protection_end,
            ..item(r)
        })
        .collect();
    expiring.sort_by_key(|a| a.protection_end);
    NeedsAttention {
        awaiting_decision: awaiting,
        expiring_soon: expiring,
    }
}

fn summary(rows: &[RegistrationRow], at: i64) -> PipelineSummary {
    let mut s = PipelineSummary {
        submitted: 0,
        approved: 0,
        won: 0,
        lost_or_expired: 0,
        open_value: Vec::new(),
    };
    let mut open: BTreeMap<String, i64> = BTreeMap::new();
    for r in rows {
        match r.effective_status(at) {
            Status::Submitted => s.submitted += 1,
            Status::Approved => s.approved += 1,
            Status::Won => s.won += 1,
            Status::Lost | Status::Expired | Status::Rejected => s.lost_or_expired += 1,
        }
        if matches!(r.effective_status(at), Status::Submitted | Status::Approved) {
            *open.entry(r.currency.clone()).or_default() += r.value_minor;
        }
    }
    s.open_value = open
        .into_iter()
        .map(|(currency, minor)| Amount { currency, minor })
        .collect();
    s
}

/// Deals per stage, from the fields the program shares (nothing when stages are not shared).
async fn by_stage(db: &Db, user: &CurrentUser, at: i64) -> ApiResult<Vec<StageCount>> {
    let fields = shared(db).await?;
    let deals: Vec<_> = store::pipeline_visible(db, user)
        .await?
        .iter()
        .map(|r| r.deal(&fields, at))
        .collect();
    let all: Vec<usize> = (0..deals.len()).collect();
    Ok(stage_counts(&deals, &all)
        .into_iter()
        .map(|(motion, stage, n)| StageCount {
            motion,
            stage: stage.to_owned(),
            deals: n as i64,
        })
        .collect())
}

async fn channel_manager(db: &Db, partner: i64) -> ApiResult<Option<ChannelManagerCard>> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT u.name, u.email FROM partners p JOIN users u ON u.id = p.channel_manager_id WHERE p.id = $1",
    )
    .bind(partner)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(name, email)| ChannelManagerCard { name, email }))
}

async fn mdf(db: &Db, partner: i64) -> ApiResult<Option<MdfBalance>> {
    let row: Option<(String, i64, i64, String)> = sqlx::query_as(
        "SELECT currency, allocated_minor, claimed_minor, expires_on FROM mdf_funds WHERE partner_id = $1",
    )
    .bind(partner)
    .fetch_optional(db)
    .await?;
    Ok(row.map(
        |(currency, allocated_minor, claimed_minor, expires_on)| MdfBalance {
            currency,
            allocated_minor,
            claimed_minor,
            expires_on,
        },
    ))
}

/// Registration categories that exactly this tier unlocks (its benefit over the tier below).
async fn exclusive_categories(db: &Db, tier: Tier) -> ApiResult<Vec<NamedItem>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT label, description FROM registration_categories WHERE minimum_tier = $1 ORDER BY position",
    )
    .bind(tier.as_str())
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(name, description)| NamedItem { name, description })
        .collect())
}

async fn early_access(db: &Db, tier: Tier) -> ApiResult<Vec<NamedItem>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, description FROM certification_programs WHERE early_access = TRUE AND min_tier = $1 ORDER BY position",
    )
    .bind(tier.as_str())
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(name, description)| NamedItem { name, description })
        .collect())
}

/// Entitled assets for the partner's motions, newest first.
async fn recommended(db: &Db, partner: i64, tier: Tier) -> ApiResult<Vec<AssetRef>> {
    let motions: Vec<(String,)> =
        sqlx::query_as("SELECT motion FROM partner_motions WHERE partner_id = $1")
            .bind(partner)
            .fetch_all(db)
            .await?;
    let motions: Vec<Motion> = motions.iter().filter_map(|(m,)| m.parse().ok()).collect();
    Ok(assets::entitled(db, tier.rank())
        .await?
        .iter()
        .filter(|a| a.motions.iter().any(|m| motions.contains(m)))
        .take(CONTENT_ITEMS)
        .map(AssetRef::from)
        .collect())
}

/// Entitled guides, talk tracks and checklists: where a new partner starts.
async fn getting_started(db: &Db, tier: Tier) -> ApiResult<Vec<AssetRef>> {
    let mut list: Vec<_> = assets::entitled(db, tier.rank())
        .await?
        .into_iter()
        .filter(|a| matches!(a.kind, Kind::Guide | Kind::TalkTrack | Kind::Checklist))
        .collect();
    // Guides first (the onboarding guide is one), then the newest.
    list.sort_by_key(|a| a.kind != Kind::Guide);
    Ok(list
        .iter()
        .take(CONTENT_ITEMS)
        .map(AssetRef::from)
        .collect())
}

async fn tier_progress(
    db: &Db,
    partner: i64,
    tier: Tier,
    at: i64,
) -> ApiResult<Option<TierProgress>> {
    let Some(next) = Tier::ALL.into_iter().find(|t| *t > tier) else {
        return Ok(None);
    };
    let targets: Vec<(String, i64)> = sqlx::query_as(
        "SELECT criterion, target FROM tier_criteria WHERE tier = $1 ORDER BY position",
    )
    .bind(next.as_str())
    .fetch_all(db)
    .await?;
    let (revenue, approved, certifications): (i64, i64, i64) = sqlx::query_as(
        "SELECT p.annual_revenue_minor,
                (SELECT COUNT(*) FROM registrations r WHERE r.partner_id = p.id
                   AND r.status IN ('approved', 'won', 'expired') AND r.protection_start >= $2),
                (SELECT COUNT(*) FROM partner_certifications c WHERE c.partner_id = p.id)
           FROM partners p WHERE p.id = $1",
    )
    .bind(partner)
    .bind(at - 365 * DAY)
    .fetch_one(db)
    .await?;
    let criteria = targets
        .into_iter()
        .filter_map(|(c, target)| {
            let criterion = Criterion::parse(&c)?;
            let current = match criterion {
                Criterion::AnnualRevenue => revenue,
                Criterion::ApprovedRegistrations => approved,
                Criterion::Certifications => certifications,
            };
            Some(CriterionProgress {
                criterion,
                current,
                target,
            })
        })
        .collect();
    Ok(Some(TierProgress {
        next_tier: next,
        criteria,
    }))
}

async fn company_profile(db: &Db, partner: i64) -> ApiResult<CompanyProfile> {
    let motions: Vec<(String,)> =
        sqlx::query_as("SELECT motion FROM partner_motions WHERE partner_id = $1 ORDER BY motion")
            .bind(partner)
            .fetch_all(db)
            .await?;
    let territories: Vec<(String,)> = sqlx::query_as(
        "SELECT country FROM partner_territories WHERE partner_id = $1 ORDER BY country",
    )
    .bind(partner)
    .fetch_all(db)
    .await?;
    let (confirmed,): (Option<i64>,) =
        sqlx::query_as("SELECT profile_confirmed_at FROM partners WHERE id = $1")
            .bind(partner)
            .fetch_one(db)
            .await?;
    Ok(CompanyProfile {
        motions: motions.iter().filter_map(|(m,)| m.parse().ok()).collect(),
        territories: territories.into_iter().map(|(c,)| c).collect(),
        confirmed: confirmed.is_some(),
    })
}

/// Each step ticks itself from what happened: profile confirmed, an asset opened, a deal
/// registered (by this user).
async fn onboarding(db: &Db, user: &CurrentUser, partner: i64) -> ApiResult<Onboarding> {
    let profile = company_profile(db, partner).await?;
    let (crate::db::Flag(viewed), crate::db::Flag(registered)): (crate::db::Flag, crate::db::Flag) =
        sqlx::query_as(
            "SELECT EXISTS (SELECT 1 FROM asset_views WHERE user_id = $1),
                EXISTS (SELECT 1 FROM registrations WHERE submitted_by = $1)",
        )
        .bind(user.id)
        .fetch_one(db)
        .await?;
    Ok(Onboarding {
        items: vec![
            OnboardingItem {
                step: OnboardingStep::Profile,
                done: profile.confirmed,
            },
            OnboardingItem {
                step: OnboardingStep::FirstContent,
                done: viewed,
            },
            OnboardingItem {
                step: OnboardingStep::FirstRegistration,
                done: registered,
            },
        ],
        profile,
    })
}

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

/// Announcements for the reader's tier (all, or just `only`), newest first, with their receipts.
async fn reader_announcements(
    db: &Db,
    user: &CurrentUser,
    tier: Tier,
    only: Option<i64>,
) -> ApiResult<Vec<AnnouncementView>> {
    let rows: Vec<AnnouncementRow> = sqlx::query_as(
        "SELECT a.id, a.title, a.body, a.published_at, a.requires_ack, r.read_at, r.acknowledged_at
           FROM announcements a
           LEFT JOIN announcement_receipts r ON r.announcement_id = a.id AND r.user_id = $1
          WHERE a.min_tier_rank <= $2 AND a.max_tier_rank >= $2 AND ($3 IS NULL OR a.id = $3)
          ORDER BY a.published_at DESC, a.id DESC",
    )
    .bind(user.id)
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

/// Announcements for the caller's tier, newest first, with whether they read and acknowledged.
#[utoipa::path(get, path = "/api/v1/announcements", tag = "home",
    responses((status = 200, body = Vec<AnnouncementView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("session" = [])))]
async fn announcements(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<axum::Json<Vec<AnnouncementView>>> {
    let tier = user.partner()?.tier;
    Ok(axum::Json(
        reader_announcements(&state.db, &user, tier, None).await?,
    ))
}

async fn one_announcement(db: &Db, user: &CurrentUser, id: i64) -> ApiResult<AnnouncementView> {
    let tier = user.partner()?.tier;
    reader_announcements(db, user, tier, Some(id))
        .await?
        .into_iter()
        .next()
        .ok_or(ApiError::NotFound)
}

/// Mark an announcement read (the first time counts).
#[utoipa::path(post, path = "/api/v1/announcements/{id}/read", tag = "home",
    params(("id" = i64, Path, description = "Announcement id")),
    responses((status = 200, body = AnnouncementView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, description = "No such announcement for the caller's tier", body = ErrorBody)),
    security(("session" = [])))]
async fn read_announcement(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> ApiResult<axum::Json<AnnouncementView>> {
    one_announcement(&state.db, &user, id).await?;
    sqlx::query(
        "INSERT INTO announcement_receipts (announcement_id, user_id, read_at) VALUES ($1, $2, $3)
         ON CONFLICT (announcement_id, user_id) DO NOTHING",
    )
    .bind(id)
    .bind(user.id)
    .bind(now())
    .execute(&state.db)
    .await?;
    Ok(axum::Json(one_announcement(&state.db, &user, id).await?))
}

/// Acknowledge an announcement that asks for it (reading it too); recorded once, audited.
#[utoipa::path(post, path = "/api/v1/announcements/{id}/acknowledge", tag = "home",
    params(("id" = i64, Path, description = "Announcement id")),
    responses((status = 200, body = AnnouncementView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, description = "No such announcement for the caller's tier", body = ErrorBody),
              (status = 409, description = "The announcement does not ask for acknowledgement", body = ErrorBody)),
    security(("session" = [])))]
async fn acknowledge_announcement(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> ApiResult<axum::Json<AnnouncementView>> {
    let before = one_announcement(&state.db, &user, id).await?;
    if !before.requires_ack {
        return Err(ApiError::Conflict(
            "This announcement does not ask for acknowledgement.".into(),
        ));
    }
    if before.acknowledged_at.is_none() {
        let at = now();
        let mut tx = state.db.begin().await?;
        sqlx::query(
            "INSERT INTO announcement_receipts (announcement_id, user_id, read_at, acknowledged_at)
             VALUES ($1, $2, $3, $3)
             ON CONFLICT (announcement_id, user_id) DO UPDATE
                SET acknowledged_at = COALESCE(announcement_receipts.acknowledged_at, excluded.acknowledged_at)",
        )
        .bind(id)
        .bind(user.id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        audit::record_tx(
            &mut tx,
            Some(user.id),
            "announcement_acknowledged",
            "announcement",
            Some(id),
            None,
            None,
        )
        .await?;
        tx.commit().await?;
    }
    Ok(axum::Json(one_announcement(&state.db, &user, id).await?))
}

/// Confirm the company profile (motions and territories) — an onboarding step. Partner admins.
#[utoipa::path(post, path = "/api/v1/partner/profile/confirm", tag = "home",
    responses((status = 200, body = CompanyProfile), (status = 401, body = ErrorBody),
              (status = 403, description = "Partner admins only", body = ErrorBody)),
    security(("session" = [])))]
async fn confirm_profile(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<axum::Json<CompanyProfile>> {
    let partner = user.partner()?.id;
    if user.role != domain::Role::PartnerAdmin {
        return Err(ApiError::Forbidden(
            "Only your company's partner admin can confirm its profile.",
        ));
    }
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "UPDATE partners SET profile_confirmed_at = COALESCE(profile_confirmed_at, $1) WHERE id = $2",
    )
    .bind(now())
    .bind(partner)
    .execute(&mut *tx)
    .await?;
    audit::record_tx(
        &mut tx,
        Some(user.id),
        "profile_confirmed",
        "partner",
        Some(partner),
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(axum::Json(company_profile(&state.db, partner).await?))
}

/// Every announcement with how many opened it and who acknowledged (channel managers).
#[utoipa::path(get, path = "/api/v1/manage/announcements", tag = "manage",
    responses((status = 200, body = Vec<ManagedAnnouncement>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("session" = [])))]
async fn managed_announcements(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<axum::Json<Vec<ManagedAnnouncement>>> {
    user.require_manager()?;
    let rows: Vec<(i64, String, String, crate::db::Flag, i64, i64)> = sqlx::query_as(
        "SELECT a.id, a.title, a.min_tier, a.requires_ack, a.published_at,
                (SELECT COUNT(*) FROM announcement_receipts r WHERE r.announcement_id = a.id)
           FROM announcements a ORDER BY a.published_at DESC, a.id DESC",
    )
    .fetch_all(&state.db)
    .await?;
    let acks: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT r.announcement_id, u.name, p.name, r.acknowledged_at
           FROM announcement_receipts r JOIN users u ON u.id = r.user_id JOIN partners p ON p.id = u.partner_id
          WHERE r.acknowledged_at IS NOT NULL ORDER BY r.acknowledged_at",
    )
    .fetch_all(&state.db)
    .await?;
    Ok(axum::Json(
        rows.into_iter()
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
            .collect(),
    ))
}
