//! Who is calling: password checks, server-side sessions, sign-in throttling, and the
//! extractors protected handlers take: [`CurrentUser`] (anyone signed in), [`PartnerUser`],
//! [`PartnerAdmin`] and [`Manager`] (that role, else 403 before the body is read).

pub mod password;
pub mod session;
pub mod throttle;

use crate::AppState;
use crate::error::ApiError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use domain::message::Message;
use domain::views::{Me, PartnerView, UserView};
use domain::{Role, Tier};

/// The name of the session cookie over plain HTTP (development, tests).
pub const SESSION_COOKIE: &str = "portico_session";
/// The name over HTTPS: the `__Host-` prefix makes browsers refuse the cookie unless it is
/// `Secure`, for `Path=/` and without a `Domain`, so no sibling subdomain can plant or
/// overwrite a session.
pub const SECURE_SESSION_COOKIE: &str = "__Host-portico_session";

/// The session cookie's name for a connection that is (or is not) HTTPS.
pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// The partner a user belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerRef {
    pub id: i64,
    pub name: String,
    pub tier: Tier,
}

/// The signed-in user behind a request. Taking it as an argument makes a handler answer 401
/// to anyone without a live session.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub partner: Option<PartnerRef>,
    /// The registration fields beyond the partner's own input this user may see: the program's
    /// shared fields for partner users, every one for channel managers. Read with the session,
    /// as of this request; every partner view of a registration is bounded by it.
    pub visible_fields: Vec<domain::pipeline::SharedField>,
    /// SHA-256 of the session token, to revoke this session.
    pub session_hash: String,
}

impl CurrentUser {
    /// The user's partner, or 403 for vendor staff (partner-only actions).
    pub fn partner(&self) -> Result<&PartnerRef, ApiError> {
        self.partner
            .as_ref()
            .ok_or(ApiError::Forbidden(Message::OnlyPartners))
    }

    /// The view a user may see of themselves.
    pub fn me(&self) -> Me {
        Me {
            user: UserView {
                id: self.id,
                email: self.email.clone(),
                name: self.name.clone(),
                role: self.role,
            },
            partner: self.partner.as_ref().map(|p| PartnerView {
                id: p.id,
                name: p.name.clone(),
                tier: p.tier,
            }),
        }
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = session_token(&parts.headers)
            .ok_or(ApiError::Unauthenticated(Message::SignInToContinue))?;
        session::lookup(&state.db, token)
            .await?
            .ok_or(ApiError::Unauthenticated(Message::SessionEnded))
    }
}

/// A signed-in channel manager. Taking it makes a handler answer 401 without a session and 403
/// to partners, before the body is read.
#[derive(Debug, Clone)]
pub struct Manager(pub CurrentUser);

impl FromRequestParts<AppState> for Manager {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        if user.role == Role::ChannelManager {
            Ok(Manager(user))
        } else {
            Err(ApiError::Forbidden(Message::OnlyManagers))
        }
    }
}

/// A signed-in partner user or admin, with their partner: 403 for vendor staff.
#[derive(Debug, Clone)]
pub struct PartnerUser {
    pub user: CurrentUser,
    pub partner: PartnerRef,
}

impl FromRequestParts<AppState> for PartnerUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        let partner = user.partner()?.clone();
        Ok(PartnerUser { user, partner })
    }
}

/// A signed-in partner admin, with their partner: 403 for partner users and vendor staff.
#[derive(Debug, Clone)]
pub struct PartnerAdmin {
    pub user: CurrentUser,
    pub partner: PartnerRef,
}

impl FromRequestParts<AppState> for PartnerAdmin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let PartnerUser { user, partner } = PartnerUser::from_request_parts(parts, state).await?;
        if user.role == Role::PartnerAdmin {
            Ok(PartnerAdmin { user, partner })
        } else {
            Err(ApiError::Forbidden(Message::OnlyPartnerAdmins))
        }
    }
}

/// The session token from the `Cookie` header(s), if any.
pub fn session_token(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SECURE_SESSION_COOKIE || *name == SESSION_COOKIE)
        .map(|(_, value)| value)
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderMap, HeaderValue, header::COOKIE};

    #[test]
    fn the_session_token_is_found_among_other_cookies() {
        let mut h = HeaderMap::new();
        h.append(
            COOKIE,
            HeaderValue::from_static("theme=dark; portico_session=abc123; x=y"),
        );
        assert_eq!(session_token(&h), Some("abc123"));
    }

    #[test]
    fn a_missing_or_empty_session_cookie_is_no_token() {
        let mut h = HeaderMap::new();
        assert_eq!(session_token(&h), None);
        h.append(COOKIE, HeaderValue::from_static("portico_session="));
        assert_eq!(session_token(&h), None);
    }
}
