//! The one error body every API error uses, read by the SPA's client in one place.

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
pub type FieldErrors = BTreeMap<String, String>;

/// `{ "error": code, "message": text, "fields": {name: message} }`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorCode,
    /// A sentence a person can act on.
    pub message: String,
    /// Messages for individual fields of the request, if any.
    #[serde(default)]
    pub fields: FieldErrors,
}

impl ErrorBody {
    pub fn new(error: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error,
            message: message.into(),
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
        f.write_str(&self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_body_has_the_documented_json_shape() {
        let mut fields = FieldErrors::new();
        fields.insert("email".into(), "Enter your e-mail address.".into());
        let body = ErrorBody::new(ErrorCode::Validation, "Check the highlighted fields.")
            .with_fields(fields);
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["error"], "validation");
        assert_eq!(json["fields"]["email"], "Enter your e-mail address.");
        assert_eq!(ErrorCode::Validation.status(), 422);
    }

    #[test]
    fn a_body_without_fields_still_decodes() {
        let b: ErrorBody = serde_json::from_str(r#"{"error":"not_found","message":"x"}"#).unwrap();
        assert!(b.fields.is_empty());
        assert_eq!(b.error.status(), 404);
    }
}
