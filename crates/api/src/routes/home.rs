//! Tier home pages and announcements. `GET /home` walks the caller's tier layout from the domain
//! ([`domain::home::layout`]) and fills in exactly those widgets — another tier's widgets are
//! never computed, so their data cannot reach the caller. Announcements are read and
//! acknowledged per user; channel managers see who acknowledged.

use crate::AppState;
use crate::announcements;
use crate::audit::{AuditAction, AuditEvent};
use crate::auth::{CurrentUser, Manager, PartnerAdmin, PartnerUser};
use crate::commissions;
use crate::db::Db;
use crate::db::now;
use crate::error::{ApiError, ApiResult};
use crate::extract::AppPath;
use crate::library as assets;
use crate::partners;
use crate::registrations as store;
use axum::extract::State;
use domain::ErrorBody;
use domain::Tier;
use domain::date::Date;
use domain::home::{
    AnnouncementView, CompanyProfile, HomeDeal, HomeView, ManagedAnnouncement, NeedsAttention,
    Onboarding, OnboardingItem, OnboardingStep, PipelineSummary, StageCount, Widget, WidgetData,
    earnings, layout,
};
use domain::library::{AssetRef, Kind};
use domain::pipeline::{SharedField, stage_counts};
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

/// Library assets a content widget lists.
const CONTENT_ITEMS: usize = 4;

/// The caller's home page: their tier's layout and exactly those widgets' data.
#[utoipa::path(get, path = "/api/v1/home", tag = "home",
    responses((status = 200, body = HomeView), (status = 401, body = ErrorBody),
              (status = 403, description = "Channel managers have no partner home", body = ErrorBody)),
    security(("session" = [])))]
async fn home(
    State(state): State<AppState>,
    PartnerUser { user, partner }: PartnerUser,
) -> ApiResult<axum::Json<HomeView>> {
    let slots = layout(partner.tier);
    let db = &state.db;
    let rows = store::list_visible(db, &user, None).await?;
    // Every widget about registrations is bounded by the fields the program shares.
    let fields = &user.visible_fields;
    let at = now();
    let deals: Vec<HomeDeal> = rows.iter().map(|r| r.home_deal(at)).collect();
    let mut widgets = Vec::with_capacity(slots.len());
    for slot in slots {
        widgets.push(match slot.widget {
            Widget::NeedsAttention => {
                let sla = store::program(db).await?.approval_sla_hours;
                let protection_shared = fields.contains(&SharedField::Protection);
                WidgetData::NeedsAttention(NeedsAttention::of(&deals, protection_shared, sla, at))
            }
            Widget::ChannelManager => {
                WidgetData::ChannelManager(partners::channel_manager(db, partner.id).await?)
            }
            Widget::MdfBalance => WidgetData::MdfBalance(partners::mdf(db, partner.id).await?),
            Widget::ExclusiveCategories => WidgetData::ExclusiveCategories(
                partners::exclusive_categories(db, partner.tier).await?,
            ),
            Widget::EarlyAccessCertifications => WidgetData::EarlyAccessCertifications(
                partners::early_access_certifications(db, partner.tier).await?,
            ),
            Widget::PipelineSummary => WidgetData::PipelineSummary(PipelineSummary::of(&deals)),
            Widget::DealsByStage => {
                WidgetData::DealsByStage(by_stage(db, &user, fields, at).await?)
            }
            Widget::RecommendedContent => {
                WidgetData::RecommendedContent(recommended(db, partner.id, partner.tier).await?)
            }
            Widget::TierProgress => WidgetData::TierProgress(
                partners::tier_progress(db, partner.id, partner.tier, at).await?,
            ),
            Widget::OnboardingChecklist => {
                WidgetData::OnboardingChecklist(onboarding(db, &user, partner.id).await?)
            }
            Widget::GettingStarted => {
                WidgetData::GettingStarted(getting_started(db, partner.tier).await?)
            }
            Widget::Earnings => {
                // The lines the caller may see, as on the commissions page.
                let lines: Vec<_> = commissions::lines_visible(db, &user)
                    .await?
                    .iter()
                    .map(commissions::LineRow::view)
                    .collect();
                WidgetData::Earnings(earnings(&lines, Date::from_unix(at)))
            }
            Widget::Announcements => WidgetData::Announcements(
                announcements::for_reader(db, user.id, partner.tier, None).await?,
            ),
        });
    }
    Ok(axum::Json(HomeView {
        tier: partner.tier,
        layout: slots.to_vec(),
        widgets,
    }))
}

/// Deals per stage, from the fields the program shares (nothing when stages are not shared).
async fn by_stage(
    db: &Db,
    user: &CurrentUser,
    fields: &[SharedField],
    at: i64,
) -> ApiResult<Vec<StageCount>> {
    let deals: Vec<_> = store::pipeline_visible(db, user, None)
        .await?
        .iter()
        .map(|r| r.deal(fields, at))
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

/// Entitled assets for the partner's motions, newest first.
async fn recommended(db: &Db, partner: i64, tier: Tier) -> ApiResult<Vec<AssetRef>> {
    let motions = partners::motions(db, partner).await?;
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

/// Each step ticks itself from what happened: profile confirmed, an asset opened, a deal
/// registered (by this user).
async fn onboarding(db: &Db, user: &CurrentUser, partner: i64) -> ApiResult<Onboarding> {
    let profile = partners::profile(db, partner).await?;
    let facts = partners::onboarding_facts(db, user.id).await?;
    Ok(Onboarding {
        items: vec![
            OnboardingItem {
                step: OnboardingStep::Profile,
                done: profile.confirmed,
            },
            OnboardingItem {
                step: OnboardingStep::FirstContent,
                done: facts.viewed_content,
            },
            OnboardingItem {
                step: OnboardingStep::FirstRegistration,
                done: facts.registered_deal,
            },
        ],
        profile,
    })
}

/// Announcements for the caller's tier, newest first, with whether they read and acknowledged.
#[utoipa::path(get, path = "/api/v1/announcements", tag = "home",
    responses((status = 200, body = Vec<AnnouncementView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("session" = [])))]
async fn announcements(
    State(state): State<AppState>,
    PartnerUser { user, partner }: PartnerUser,
) -> ApiResult<axum::Json<Vec<AnnouncementView>>> {
    let tier = partner.tier;
    Ok(axum::Json(
        announcements::for_reader(&state.db, user.id, tier, None).await?,
    ))
}

async fn one_announcement(db: &Db, reader: &PartnerUser, id: i64) -> ApiResult<AnnouncementView> {
    announcements::for_reader(db, reader.user.id, reader.partner.tier, Some(id))
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
    reader: PartnerUser,
    AppPath(id): AppPath<i64>,
) -> ApiResult<axum::Json<AnnouncementView>> {
    let user = &reader.user;
    one_announcement(&state.db, &reader, id).await?;
    announcements::mark_read(&state.db, id, user.id).await?;
    Ok(axum::Json(one_announcement(&state.db, &reader, id).await?))
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
    reader: PartnerUser,
    AppPath(id): AppPath<i64>,
) -> ApiResult<axum::Json<AnnouncementView>> {
    let user = &reader.user;
    let before = one_announcement(&state.db, &reader, id).await?;
    if !before.requires_ack {
        return Err(ApiError::Conflict(domain::message::Message::NoAckNeeded));
    }
    if before.acknowledged_at.is_none() {
        let at = now();
        let mut tx = state.db.begin().await?;
        announcements::acknowledge(&mut tx, id, user.id, at).await?;
        AuditEvent::new(AuditAction::AnnouncementAcknowledged, id)
            .by(user.id)
            .record(&mut tx)
            .await?;
        tx.commit().await?;
    }
    Ok(axum::Json(one_announcement(&state.db, &reader, id).await?))
}

/// Confirm the company profile (motions and territories) — an onboarding step. Partner admins.
#[utoipa::path(post, path = "/api/v1/partner/profile/confirm", tag = "home",
    responses((status = 200, body = CompanyProfile), (status = 401, body = ErrorBody),
              (status = 403, description = "Partner admins only", body = ErrorBody)),
    security(("session" = [])))]
async fn confirm_profile(
    State(state): State<AppState>,
    PartnerAdmin { user, partner }: PartnerAdmin,
) -> ApiResult<axum::Json<CompanyProfile>> {
    let partner = partner.id;
    let mut tx = state.db.begin().await?;
    partners::confirm_profile(&mut tx, partner).await?;
    AuditEvent::new(AuditAction::ProfileConfirmed, partner)
        .by(user.id)
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(axum::Json(partners::profile(&state.db, partner).await?))
}

/// Every announcement with how many opened it and who acknowledged (channel managers).
#[utoipa::path(get, path = "/api/v1/manage/announcements", tag = "manage",
    responses((status = 200, body = Vec<ManagedAnnouncement>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("session" = [])))]
async fn managed_announcements(
    State(state): State<AppState>,
    _: Manager,
) -> ApiResult<axum::Json<Vec<ManagedAnnouncement>>> {
    Ok(axum::Json(announcements::managed(&state.db).await?))
}
