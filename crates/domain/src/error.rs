//! The one error body every API error uses, read by the SPA's client in one place. Its texts
//! are [`Message`] codes with parameters, drawn in the reader's language by the catalogs.

use crate::message::Message;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Machine-readable error codes; each maps to one HTTP status on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: the request could not be read (malformed JSON, wrong content type).
    BadRequest,
    /// 401: no valid session, or wrong credentials.
    Unauthenticated,
    /// 403: signed in, but not allowed; also refused cross-site requests.
    Forbidden,
    /// 404: no such thing, or one the caller may not see.
    NotFound,
    /// 405: this address does not accept the request's method.
    MethodNotAllowed,
    /// 409: the request conflicts with the current state.
    Conflict,
    /// 413: the body is too large.
    PayloadTooLarge,
    /// 422: readable, but some fields are invalid (see `fields`).
    Validation,
    /// 429: too many attempts; retry after the `Retry-After` header's seconds.
    RateLimited,
    /// 500: something failed on the server; details are in the server's log only.
    Internal,
    /// 503: the database cannot be reached right now; try again shortly.
    Unavailable,
}

impl ErrorCode {
    /// The HTTP status code this error is answered with.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::BadRequest => 400,
            ErrorCode::Unauthenticated => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Conflict => 409,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::Validation => 422,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
            ErrorCode::Unavailable => 503,
        }
    }
}

/// Per-field messages, keyed by the field's name in the request.
pub type FieldErrors = BTreeMap<String, Message>;

/// `{ "error": code, "message": {"id": …, params}, "fields": {name: {"id": …, params}} }`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorCode,
    /// What a person can act on, as a message code (drawn by the catalogs).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub message: Message,
    /// Messages for individual fields of the request, if any.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<String, Object>))]
    pub fields: FieldErrors,
}

impl ErrorBody {
    pub fn new(error: ErrorCode, message: Message) -> Self {
        Self {
            error,
            message,
            fields: FieldErrors::new(),
        }
    }

    pub fn with_fields(mut self, fields: FieldErrors) -> Self {
        self.fields = fields;
        self
    }
}

impl fmt::Display for ErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.error, self.message.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_body_has_the_documented_json_shape() {
        let mut fields = FieldErrors::new();
        fields.insert("email".into(), Message::Required);
        let body =
            ErrorBody::new(ErrorCode::Validation, Message::FieldsNeedAttention).with_fields(fields);
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["error"], "validation");
        assert_eq!(json["message"]["id"], "err.fields_need_attention");
        assert_eq!(json["fields"]["email"]["id"], "err.required");
        assert_eq!(ErrorCode::Validation.status(), 422);
    }

    #[test]
    fn a_body_without_fields_still_decodes() {
        let b: ErrorBody =
            serde_json::from_str(r#"{"error":"not_found","message":{"id":"err.not_found"}}"#)
                .unwrap();
        assert!(b.fields.is_empty());
        assert_eq!(b.error.status(), 404);
    }
}
