//! The typed API client: every call returns `Result<T, api::Error>`, and error bodies are
//! decoded in one place ([`Error::from_response`]).

use crate::i18n::{field_msg, msg, t, tf};
use domain::error::{ErrorBody, ErrorCode};
use domain::views::{Me, SignInRequest};
use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use std::fmt;

/// Why a call failed, in terms the UI can show.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The server could not be reached (offline, server down, request blocked).
    Network,
    /// The server answered with an error body.
    Api { status: u16, body: ErrorBody },
    /// The server answered something this client cannot read.
    Unexpected(String),
}

impl Error {
    /// Decodes an error response; a body that is not our JSON still yields a readable error.
    async fn from_response(response: Response) -> Error {
        let status = response.status();
        match response.json::<ErrorBody>().await {
            Ok(body) => Error::Api { status, body },
            Err(_) => Error::Unexpected(tf(
                "api.the_server_answered_with_status",
                &[("status", &status)],
            )),
        }
    }

    /// The sentence to show a person, in the UI's language when the catalogs know it.
    pub fn message(&self) -> String {
        match self {
            Error::Network => t("api.portico_could_not_reach_the_server").into(),
            Error::Api { body, .. } => msg(&body.message),
            Error::Unexpected(m) => m.clone(),
        }
    }

    /// The error's code, when the server sent one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Error::Api { body, .. } => Some(body.error),
            _ => None,
        }
    }

    /// Whether the record asked for is not there (or not this caller's to see: the server
    /// answers both alike).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::Api { status: 404, .. }) || self.code() == Some(ErrorCode::NotFound)
    }

    /// Whether the caller's session is missing or over.
    pub fn is_unauthenticated(&self) -> bool {
        self.code() == Some(ErrorCode::Unauthenticated)
    }

    /// A field's message as the server sent it (its code), for forms that keep field errors.
    pub fn field_message(&self, name: &str) -> Option<domain::message::Message> {
        match self {
            Error::Api { body, .. } => body.fields.get(name).cloned(),
            _ => None,
        }
    }

    /// Per-field messages, when the server sent them (translated like [`Error::message`]).
    pub fn field(&self, name: &str) -> Option<String> {
        match self {
            Error::Api { body, .. } => body.fields.get(name).map(|m| field_msg(name, m)),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Error {}

async fn read<T: DeserializeOwned>(sent: Result<Response, gloo_net::Error>) -> Result<T, Error> {
    let response = sent.map_err(|_| Error::Network)?;
    if !response.ok() {
        return Err(Error::from_response(response).await);
    }
    response
        .json::<T>()
        .await
        .map_err(|e| Error::Unexpected(tf("api.the_servers_answer_could_not_be", &[("error", &e)])))
}

/// One page of a list and the address of the next (see [`next_link`]).
#[derive(Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

/// The body of `url` and the address of the page after it.
async fn read_page<T: DeserializeOwned>(url: &str) -> Result<(T, Option<String>), Error> {
    let sent = Request::get(url).send().await;
    let next = sent
        .as_ref()
        .ok()
        .and_then(|r| r.headers().get("link"))
        .and_then(|l| next_link(&l));
    Ok((read(sent).await?, next))
}

/// The next page's address in a `Link` header (`<…>; rel="next"`, RFC 8288); only an address
/// under this origin's `/api/` is followed.
pub fn next_link(header: &str) -> Option<String> {
    header.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        let is_next = params
            .split(';')
            .any(|p| matches!(p.trim(), "rel=\"next\"" | "rel=next"));
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        (is_next && target.starts_with("/api/")).then(|| target.to_owned())
    })
}

/// Reads a list page by page to its end (the pipelines filter and sort in the browser).
/// Rows that moved between pages while reading (a deal touched meanwhile) count once.
async fn read_all<P: DeserializeOwned, T>(
    first: &str,
    mut items: impl FnMut(P) -> Vec<T>,
    id: impl Fn(&T) -> i64,
) -> Result<Vec<T>, Error> {
    let mut all = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut url = first.to_owned();
    // A list of 200 000 rows at 1000 a page: far past any program, and never an endless loop.
    for _ in 0..200 {
        let (body, next) = read_page::<P>(&url).await?;
        all.extend(items(body).into_iter().filter(|t| seen.insert(id(t))));
        match next {
            Some(n) => url = n,
            None => break,
        }
    }
    Ok(all)
}

async fn read_empty(sent: Result<Response, gloo_net::Error>) -> Result<(), Error> {
    let response = sent.map_err(|_| Error::Network)?;
    if response.ok() {
        Ok(())
    } else {
        Err(Error::from_response(response).await)
    }
}

/// `GET /api/v1/me`
pub async fn me() -> Result<Me, Error> {
    read(Request::get("/api/v1/me").send().await).await
}

/// `POST /api/v1/session`
pub async fn sign_in(request: &SignInRequest) -> Result<Me, Error> {
    let req = Request::post("/api/v1/session")
        .json(request)
        .map_err(|e| Error::Unexpected(e.to_string()))?;
    read(req.send().await).await
}

/// `DELETE /api/v1/session`
pub async fn sign_out() -> Result<(), Error> {
    read_empty(Request::delete("/api/v1/session").send().await).await
}

// --- Deal registration -----------------------------------------------------------------------

use domain::registration::RegistrationInput;
use domain::views::{
    CustomerCheck, CustomerCheckRequest, ExtendRequest, ExtensionRequest, QueueItem,
    RegistrationDetail, RegistrationOptions, RegistrationView, RejectRequest,
};

fn json_body<B: serde::Serialize>(
    req: gloo_net::http::RequestBuilder,
    body: &B,
) -> Result<Request, Error> {
    req.json(body).map_err(|e| Error::Unexpected(e.to_string()))
}

/// `GET /api/v1/registrations/options`
pub async fn registration_options() -> Result<RegistrationOptions, Error> {
    read(Request::get("/api/v1/registrations/options").send().await).await
}

/// `POST /api/v1/registrations/check`
pub async fn check_customer(request: &CustomerCheckRequest) -> Result<CustomerCheck, Error> {
    read(
        json_body(Request::post("/api/v1/registrations/check"), request)?
            .send()
            .await,
    )
    .await
}

/// `POST /api/v1/registrations` with the draft's idempotency key, so a retry never duplicates.
pub async fn submit_registration(
    input: &RegistrationInput,
    idempotency_key: &str,
) -> Result<RegistrationView, Error> {
    let req = Request::post("/api/v1/registrations").header("Idempotency-Key", idempotency_key);
    read(json_body(req, input)?.send().await).await
}

/// `GET /api/v1/registrations`: the first page, or the one at `next`.
pub async fn registrations(next: Option<String>) -> Result<Page<RegistrationView>, Error> {
    let url = next.unwrap_or_else(|| "/api/v1/registrations".into());
    let (items, next) = read_page(&url).await?;
    Ok(Page { items, next })
}

/// `GET /api/v1/registrations/{id}`
pub async fn registration(id: i64) -> Result<RegistrationDetail, Error> {
    read(
        Request::get(&format!("/api/v1/registrations/{id}"))
            .send()
            .await,
    )
    .await
}

/// `POST /api/v1/registrations/{id}/extension-request`
pub async fn request_extension(id: i64, reason: &str) -> Result<RegistrationView, Error> {
    let body = ExtensionRequest {
        reason: reason.to_owned(),
    };
    read(
        json_body(
            Request::post(&format!("/api/v1/registrations/{id}/extension-request")),
            &body,
        )?
        .send()
        .await,
    )
    .await
}

/// `GET /api/v1/manage/registrations?view=...`: the first page, or the one at `next`.
pub async fn manage_queue(view: &str, next: Option<String>) -> Result<Page<QueueItem>, Error> {
    let url = next.unwrap_or_else(|| format!("/api/v1/manage/registrations?view={view}"));
    let (items, next) = read_page(&url).await?;
    Ok(Page { items, next })
}

/// `POST /api/v1/manage/registrations/{id}/approve`
pub async fn approve(id: i64) -> Result<RegistrationView, Error> {
    read(
        Request::post(&format!("/api/v1/manage/registrations/{id}/approve"))
            .send()
            .await,
    )
    .await
}

/// `POST /api/v1/manage/registrations/{id}/reject`
pub async fn reject(id: i64, reason: &str) -> Result<RegistrationView, Error> {
    let body = RejectRequest {
        reason: reason.to_owned(),
    };
    read(
        json_body(
            Request::post(&format!("/api/v1/manage/registrations/{id}/reject")),
            &body,
        )?
        .send()
        .await,
    )
    .await
}

/// `POST /api/v1/manage/registrations/{id}/extend`
pub async fn extend(id: i64, days: i64) -> Result<RegistrationView, Error> {
    read(
        json_body(
            Request::post(&format!("/api/v1/manage/registrations/{id}/extend")),
            &ExtendRequest { days },
        )?
        .send()
        .await,
    )
    .await
}

// --- Pipeline ----------------------------------------------------------------------------------

use domain::pipeline::{DealUpdate, ManagedDeal, PipelineView};

/// `GET /api/v1/pipeline`, every page.
pub async fn pipeline() -> Result<PipelineView, Error> {
    let mut shared = Vec::new();
    let deals = read_all(
        "/api/v1/pipeline",
        |page: PipelineView| {
            shared = page.shared_fields;
            page.deals
        },
        |d| d.id,
    )
    .await?;
    Ok(PipelineView {
        shared_fields: shared,
        deals,
    })
}

/// `GET /api/v1/manage/pipeline`, every page.
pub async fn manage_pipeline() -> Result<Vec<ManagedDeal>, Error> {
    read_all(
        "/api/v1/manage/pipeline",
        |page: Vec<ManagedDeal>| page,
        |d| d.deal.id,
    )
    .await
}

/// `PATCH /api/v1/manage/registrations/{id}`
pub async fn update_deal(id: i64, update: &DealUpdate) -> Result<ManagedDeal, Error> {
    read(
        json_body(
            Request::patch(&format!("/api/v1/manage/registrations/{id}")),
            update,
        )?
        .send()
        .await,
    )
    .await
}

/// `GET /api/v1/manage/program/shared-fields`
pub async fn shared_fields() -> Result<domain::pipeline::SharedFieldsUpdate, Error> {
    read(
        Request::get("/api/v1/manage/program/shared-fields")
            .send()
            .await,
    )
    .await
}

/// `PUT /api/v1/manage/program/shared-fields`
pub async fn set_shared_fields(
    fields: Vec<domain::pipeline::SharedField>,
) -> Result<domain::pipeline::SharedFieldsUpdate, Error> {
    let body = domain::pipeline::SharedFieldsUpdate { fields };
    read(
        json_body(Request::put("/api/v1/manage/program/shared-fields"), &body)?
            .send()
            .await,
    )
    .await
}

// --- Enablement library ----------------------------------------------------------------------

use domain::library::{AssetDetail, AssetInput, LibraryPayload, ManagedAsset};

/// The answer to a conditional library request.
pub enum LibraryFetch {
    /// The library changed (or there was no cached copy): the new one and its ETag.
    Fresh(LibraryPayload, Option<String>),
    /// The cached copy with the ETag sent is current.
    NotModified,
}

/// `GET /api/v1/library`, sending `etag` as `If-None-Match` when there is a cached copy.
pub async fn library(etag: Option<&str>) -> Result<LibraryFetch, Error> {
    let mut req = Request::get("/api/v1/library");
    if let Some(tag) = etag {
        req = req.header("If-None-Match", tag);
    }
    let response = req.send().await.map_err(|_| Error::Network)?;
    if response.status() == 304 {
        return Ok(LibraryFetch::NotModified);
    }
    if !response.ok() {
        return Err(Error::from_response(response).await);
    }
    let tag = response.headers().get("etag");
    let payload = response.json::<LibraryPayload>().await.map_err(|e| {
        Error::Unexpected(tf("api.the_servers_answer_could_not_be", &[("error", &e)]))
    })?;
    Ok(LibraryFetch::Fresh(payload, tag))
}

/// `GET /api/v1/library/assets/{id}`
pub async fn asset(id: i64) -> Result<AssetDetail, Error> {
    read(
        Request::get(&format!("/api/v1/library/assets/{id}"))
            .send()
            .await,
    )
    .await
}

/// `GET /api/v1/manage/library`
pub async fn manage_library() -> Result<Vec<ManagedAsset>, Error> {
    read(Request::get("/api/v1/manage/library").send().await).await
}

/// `GET /api/v1/manage/library/{id}`
pub async fn manage_asset(id: i64) -> Result<ManagedAsset, Error> {
    read(
        Request::get(&format!("/api/v1/manage/library/{id}"))
            .send()
            .await,
    )
    .await
}

/// `POST /api/v1/manage/library` (new) or `PUT /api/v1/manage/library/{id}` (edit).
pub async fn save_asset(id: Option<i64>, input: &AssetInput) -> Result<ManagedAsset, Error> {
    let req = match id {
        Some(id) => Request::put(&format!("/api/v1/manage/library/{id}")),
        None => Request::post("/api/v1/manage/library"),
    };
    read(json_body(req, input)?.send().await).await
}

/// `POST /api/v1/manage/library/{id}/retire` or `…/restore`.
pub async fn set_asset_retired(id: i64, retired: bool) -> Result<ManagedAsset, Error> {
    let action = if retired { "retire" } else { "restore" };
    read(
        Request::post(&format!("/api/v1/manage/library/{id}/{action}"))
            .send()
            .await,
    )
    .await
}

// --- Home and announcements ------------------------------------------------------------------

use domain::home::{AnnouncementView, CompanyProfile, HomeView, ManagedAnnouncement};

/// `GET /api/v1/home`
pub async fn home() -> Result<HomeView, Error> {
    read(Request::get("/api/v1/home").send().await).await
}

/// `POST /api/v1/announcements/{id}/read` or `…/acknowledge`.
pub async fn mark_announcement(id: i64, acknowledge: bool) -> Result<AnnouncementView, Error> {
    let action = if acknowledge { "acknowledge" } else { "read" };
    read(
        Request::post(&format!("/api/v1/announcements/{id}/{action}"))
            .send()
            .await,
    )
    .await
}

/// `POST /api/v1/partner/profile/confirm`
pub async fn confirm_profile() -> Result<CompanyProfile, Error> {
    read(
        Request::post("/api/v1/partner/profile/confirm")
            .send()
            .await,
    )
    .await
}

/// `GET /api/v1/manage/announcements`
pub async fn manage_announcements() -> Result<Vec<ManagedAnnouncement>, Error> {
    read(Request::get("/api/v1/manage/announcements").send().await).await
}

// --- The embedded registration form (partner admins) ------------------------------------------

use domain::embed::{EmbedOriginsUpdate, EmbedSettings};

/// `GET /api/v1/partner/embed`
pub async fn embed_settings() -> Result<EmbedSettings, Error> {
    read(Request::get("/api/v1/partner/embed").send().await).await
}

/// `PUT /api/v1/partner/embed/origins`
pub async fn set_embed_origins(origins: Vec<String>) -> Result<EmbedSettings, Error> {
    read(
        json_body(
            Request::put("/api/v1/partner/embed/origins"),
            &EmbedOriginsUpdate { origins },
        )?
        .send()
        .await,
    )
    .await
}

/// `POST /api/v1/partner/embed/key`: rotates the key.
pub async fn rotate_embed_key() -> Result<EmbedSettings, Error> {
    read(Request::post("/api/v1/partner/embed/key").send().await).await
}

// --- Commissions and payouts ------------------------------------------------------------------

use domain::commission::LineAction;
use domain::views::{
    CommissionLineView, CommissionsPage, IssueStatementRequest, LineDecisionRequest,
    ManagedCommissionLine, ManagedStatement, MarkPaidRequest, MarkWonRequest, StatementView,
};

/// `GET /api/v1/commissions`: the caller's summary, lines, statements (partner admins) and
/// projection.
pub async fn commissions() -> Result<CommissionsPage, Error> {
    read(Request::get("/api/v1/commissions").send().await).await
}

/// `GET /api/v1/commissions/statements/{id}`
pub async fn statement(id: i64) -> Result<StatementView, Error> {
    read(
        Request::get(&format!("/api/v1/commissions/statements/{id}"))
            .send()
            .await,
    )
    .await
}

/// The address of a statement's CSV (`text/csv`, an attachment): a plain link, not a call.
pub fn statement_csv_url(id: i64) -> String {
    format!("/api/v1/commissions/statements/{id}/csv")
}

/// `GET /api/v1/registrations/{id}/commissions`
pub async fn registration_commissions(id: i64) -> Result<Vec<CommissionLineView>, Error> {
    read(
        Request::get(&format!("/api/v1/registrations/{id}/commissions"))
            .send()
            .await,
    )
    .await
}

/// `POST /api/v1/manage/registrations/{id}/won`
pub async fn mark_won(id: i64, request: &MarkWonRequest) -> Result<RegistrationView, Error> {
    read(
        json_body(
            Request::post(&format!("/api/v1/manage/registrations/{id}/won")),
            request,
        )?
        .send()
        .await,
    )
    .await
}

/// `GET /api/v1/manage/commissions?status=…` (`open`: new and on hold; `all`; or one status).
pub async fn manage_commissions(status: &str) -> Result<Vec<ManagedCommissionLine>, Error> {
    read(
        Request::get(&format!(
            "/api/v1/manage/commissions?status={}",
            crate::routes::encode_component(status)
        ))
        .send()
        .await,
    )
    .await
}

/// `POST /api/v1/manage/commissions/decisions`: all the lines or none; the changed lines.
pub async fn decide_lines(
    ids: Vec<i64>,
    action: LineAction,
    reason: Option<String>,
) -> Result<Vec<ManagedCommissionLine>, Error> {
    let body = LineDecisionRequest {
        ids,
        action,
        reason,
    };
    read(
        json_body(Request::post("/api/v1/manage/commissions/decisions"), &body)?
            .send()
            .await,
    )
    .await
}

/// `GET /api/v1/manage/commissions/statements`, newest first.
pub async fn manage_statements() -> Result<Vec<ManagedStatement>, Error> {
    read(
        Request::get("/api/v1/manage/commissions/statements")
            .send()
            .await,
    )
    .await
}

/// `POST /api/v1/manage/commissions/statements`
pub async fn issue_statement(request: &IssueStatementRequest) -> Result<StatementView, Error> {
    read(
        json_body(
            Request::post("/api/v1/manage/commissions/statements"),
            request,
        )?
        .send()
        .await,
    )
    .await
}

/// `GET /api/v1/manage/commissions/statements/{id}`
pub async fn manage_statement(id: i64) -> Result<StatementView, Error> {
    read(
        Request::get(&format!("/api/v1/manage/commissions/statements/{id}"))
            .send()
            .await,
    )
    .await
}

/// `POST /api/v1/manage/commissions/statements/{id}/paid`
pub async fn mark_statement_paid(
    id: i64,
    request: &MarkPaidRequest,
) -> Result<StatementView, Error> {
    read(
        json_body(
            Request::post(&format!("/api/v1/manage/commissions/statements/{id}/paid")),
            request,
        )?
        .send()
        .await,
    )
    .await
}

// ---- partners (channel managers) ----

use domain::views::{PartnerDetail, PartnerSummary};

/// Channel managers: every partner company with its figures, sorted by name.
pub async fn manage_partners() -> Result<Vec<PartnerSummary>, Error> {
    read(Request::get("/api/v1/manage/partners").send().await).await
}

/// Channel managers: one partner's page (404 when there is no such partner).
pub async fn manage_partner(id: i64) -> Result<PartnerDetail, Error> {
    read(
        Request::get(&format!("/api/v1/manage/partners/{id}"))
            .send()
            .await,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::next_link;

    #[test]
    fn the_next_link_is_read_from_the_link_header() {
        assert_eq!(
            next_link("</api/v1/registrations?limit=100&after=17.42>; rel=\"next\"").as_deref(),
            Some("/api/v1/registrations?limit=100&after=17.42")
        );
        assert_eq!(
            next_link("</api/v1/a>; rel=\"prev\", </api/v1/b>; rel=next").as_deref(),
            Some("/api/v1/b")
        );
        // Another origin, a page outside the API, or no next: nothing to follow.
        for header in [
            "<https://elsewhere.example/api/v1/x>; rel=\"next\"",
            "</healthz>; rel=\"next\"",
            "</api/v1/x>; rel=\"prev\"",
            "",
            "garbage",
        ] {
            assert_eq!(next_link(header), None, "{header}");
        }
    }
}
