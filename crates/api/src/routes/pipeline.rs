//! The shared pipeline: partners' view (safe fields only, further limited by the program's
//! shared-field setting) and channel managers' view with internal fields. Deal updates are
//! `/manage/registrations/*` ([`super::manage`]); the shared-field setting is the program's
//! ([`super::program`]).

use crate::AppState;
use crate::auth::{Manager, PartnerUser};
use crate::db::now;
use crate::error::ApiResult;
use crate::extract::AppQuery;
use crate::page::{self, PageQuery};
use crate::registrations as store;
use axum::extract::State;
use axum::http::HeaderMap;
use domain::ErrorBody;
use domain::pipeline::{ManagedDeal, PipelineView};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(partner_pipeline))
        .routes(routes!(manager_pipeline))
}

/// The caller's deals with the fields the program shares: a partner user's own, a partner
/// admin's whole company's; most recent activity first, a page at a time (1000 rows unless
/// `limit` says fewer: the SPA filters and sorts in the browser, so it reads every page);
/// `Link: <…>; rel="next"` names the next page while there is one.
#[utoipa::path(get, path = "/api/v1/pipeline", tag = "pipeline",
    params(PageQuery),
    responses((status = 200, body = PipelineView,
                  headers(("link" = String, description = "The next page: `<address>; rel=\"next\"`, absent on the last"))),
              (status = 400, description = "A limit out of range or a cursor this server did not write", body = ErrorBody),
              (status = 401, body = ErrorBody),
              (status = 403, description = "Channel managers use /api/v1/manage/pipeline", body = ErrorBody)),
    security(("session" = [])))]
async fn partner_pipeline(
    State(state): State<AppState>,
    PartnerUser { user, .. }: PartnerUser,
    AppQuery(q): AppQuery<PageQuery>,
) -> ApiResult<(HeaderMap, axum::Json<PipelineView>)> {
    let page = q.page(page::MAX_LIMIT)?;
    let fields = user.visible_fields.clone();
    let at = now();
    let mut rows = store::pipeline_visible(&state.db, &user, Some(page)).await?;
    let link = page::finish(&mut rows, page, "/api/v1/pipeline", |r| page::Cursor {
        at: r.last_activity_at,
        id: r.id,
    });
    Ok((
        link,
        axum::Json(PipelineView {
            deals: rows.iter().map(|r| r.deal(&fields, at)).collect(),
            shared_fields: fields,
        }),
    ))
}

/// Every deal with every field, internal ones included (channel managers only); pages as
/// for `/api/v1/pipeline` (1000 rows unless `limit` says fewer).
#[utoipa::path(get, path = "/api/v1/manage/pipeline", tag = "manage",
    params(PageQuery),
    responses((status = 200, body = Vec<ManagedDeal>,
                  headers(("link" = String, description = "The next page: `<address>; rel=\"next\"`, absent on the last"))),
              (status = 400, description = "A limit out of range or a cursor this server did not write", body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("session" = [])))]
async fn manager_pipeline(
    State(state): State<AppState>,
    _: Manager,
    AppQuery(q): AppQuery<PageQuery>,
) -> ApiResult<(HeaderMap, axum::Json<Vec<ManagedDeal>>)> {
    let page = q.page(page::MAX_LIMIT)?;
    let mut deals = store::managed_deals(&state.db, None, Some(page)).await?;
    let link = page::finish(&mut deals, page, "/api/v1/manage/pipeline", |d| {
        page::Cursor {
            at: d.deal.last_activity_at.unwrap_or_default(),
            id: d.deal.id,
        }
    });
    Ok((link, axum::Json(deals)))
}
