//! Extractors that turn axum's rejections into our JSON error body.

use crate::error::ApiError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use domain::error::FieldErrors;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// Largest JSON body any endpoint accepts.
pub const MAX_JSON_BYTES: usize = 64 * 1024;

/// `Json` whose rejections are [`ApiError`]s: 400 for unreadable JSON or a wrong content type,
/// 413 for an oversized body, 422 (naming the field) for a wrong type or unknown value.
pub struct AppJson<T>(pub T);

impl<S, T> FromRequest<S> for AppJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(AppJson(v)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::JsonDataError(e) => {
            // serde's message names the path: "name: invalid type..." or "missing field `x`".
            let detail = std::error::Error::source(&e)
                .map(|s| s.to_string())
                .unwrap_or_else(|| e.body_text());
            let (field, message) = split_field(strip_position(&detail));
            let mut fields = FieldErrors::new();
            fields.insert(field, message);
            ApiError::Validation(fields)
        }
        JsonRejection::JsonSyntaxError(_) => {
            ApiError::BadRequest("The request body is not valid JSON.".into())
        }
        JsonRejection::MissingJsonContentType(_) => ApiError::BadRequest(
            "Send the body as JSON with 'Content-Type: application/json'.".into(),
        ),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge {
            limit: MAX_JSON_BYTES,
        },
        other => ApiError::BadRequest(other.body_text()),
    }
}

/// serde's " at line 1 column 10" means nothing to a person reading a field message.
fn strip_position(detail: &str) -> &str {
    match detail.rfind(" at line ") {
        Some(i) => &detail[..i],
        None => detail,
    }
}

/// Splits serde_path_to_error-style "field: message" text; body-level problems go under `body`.
fn split_field(detail: &str) -> (String, String) {
    if let Some(rest) = detail.strip_prefix("missing field `")
        && let Some((name, _)) = rest.split_once('`')
    {
        return (name.to_owned(), "This field is required.".to_owned());
    }
    match detail.split_once(": ") {
        Some((path, msg)) if !path.contains(' ') && path != "." => {
            (path.to_owned(), msg.to_owned())
        }
        _ => ("body".to_owned(), detail.to_owned()),
    }
}

impl<T: Serialize> IntoResponse for AppJson<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// `Path` whose rejection is a JSON 404: an id that does not parse names nothing that exists.
pub struct AppPath<T>(pub T);

impl<S, T> FromRequestParts<S> for AppPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(v)| AppPath(v))
            .map_err(|_| ApiError::NotFound)
    }
}

/// `Query` whose rejection is a JSON 400 naming the problem.
pub struct AppQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for AppQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(v)| AppQuery(v))
            .map_err(|e| {
                ApiError::BadRequest(format!("The query string is not valid: {}", e.body_text()))
            })
    }
}

/// The client's address, as the socket saw it. Falls back to an unspecified address when the app
/// is driven without a socket (in-process tests).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        Ok(ClientAddr(ip))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_are_filed_under_their_field() {
        assert_eq!(
            split_field("email: invalid type: integer `3`, expected a string at line 1 column 10"),
            (
                "email".into(),
                "invalid type: integer `3`, expected a string at line 1 column 10".into()
            )
        );
        assert_eq!(
            split_field("missing field `password` at line 1"),
            ("password".into(), "This field is required.".into())
        );
        assert_eq!(strip_position("bad at line 1 column 2"), "bad");
        assert_eq!(
            split_field("invalid type: map"),
            ("body".into(), "invalid type: map".into())
        );
    }
}
