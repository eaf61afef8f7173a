//! The API's one error type. Known cases become 4xx answers with a message a person can act on;
//! internal failures are logged with their context and answered with a generic 500.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::error::{ErrorBody, ErrorCode, FieldErrors};
use domain::message::Message;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("bad request: {0:?}")]
    BadRequest(Message),
    #[error("unauthenticated: {0:?}")]
    Unauthenticated(Message),
    #[error("forbidden: {0:?}")]
    Forbidden(Message),
    /// Also the answer for things the caller may not see: the two must be indistinguishable.
    #[error("not found")]
    NotFound,
    #[error("This address does not accept {0} requests.")]
    MethodNotAllowed(String),
    #[error("conflict: {0:?}")]
    Conflict(Message),
    #[error("the request body is too large (at most {limit} bytes)")]
    PayloadTooLarge { limit: usize },
    #[error("some fields are invalid")]
    Validation(FieldErrors),
    #[error("too many attempts")]
    RateLimited { retry_after_secs: u64 },
    #[error("internal error: {0}")]
    Internal(String),
    /// The database is out of reach (down, restarting, every connection busy).
    #[error("the database is unavailable")]
    Unavailable,
    /// Every password hasher of this process stayed busy for the sign-in's wait (503).
    #[error("too many sign-ins at once")]
    Busy,
    /// The request was not answered within the configured request timeout (503).
    #[error("the request took too long")]
    TimedOut,
}

impl ApiError {
    /// Logs `err` with `context` on the server and returns the generic 500.
    pub fn internal(context: &str, err: impl std::fmt::Display) -> Self {
        tracing::error!(%err, context, "internal error");
        ApiError::Internal(context.to_owned())
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::BadRequest(_) => ErrorCode::BadRequest,
            ApiError::Unauthenticated(_) => ErrorCode::Unauthenticated,
            ApiError::Forbidden(_) => ErrorCode::Forbidden,
            ApiError::NotFound => ErrorCode::NotFound,
            ApiError::MethodNotAllowed(_) => ErrorCode::MethodNotAllowed,
            ApiError::Conflict(_) => ErrorCode::Conflict,
            ApiError::PayloadTooLarge { .. } => ErrorCode::PayloadTooLarge,
            ApiError::Validation(_) => ErrorCode::Validation,
            ApiError::RateLimited { .. } => ErrorCode::RateLimited,
            ApiError::Internal(_) => ErrorCode::Internal,
            ApiError::Unavailable | ApiError::Busy | ApiError::TimedOut => ErrorCode::Unavailable,
        }
    }

    /// The body sent to the client. Internal errors say nothing of what failed.
    pub fn body(&self) -> ErrorBody {
        let code = self.code();
        match self {
            ApiError::Validation(fields) => {
                ErrorBody::new(code, Message::FieldsNeedAttention).with_fields(fields.clone())
            }
            ApiError::BadRequest(m)
            | ApiError::Unauthenticated(m)
            | ApiError::Forbidden(m)
            | ApiError::Conflict(m) => ErrorBody::new(code, m.clone()),
            ApiError::NotFound => ErrorBody::new(code, Message::NotFound),
            ApiError::MethodNotAllowed(method) => ErrorBody::new(
                code,
                Message::MethodNotAllowed {
                    method: method.clone(),
                },
            ),
            ApiError::PayloadTooLarge { limit } => ErrorBody::new(
                code,
                Message::PayloadTooLarge {
                    limit: *limit as u64,
                },
            ),
            ApiError::RateLimited { retry_after_secs } => {
                ErrorBody::new(code, Message::rate_limited(*retry_after_secs))
            }
            ApiError::Internal(_) => ErrorBody::new(code, Message::Internal),
            ApiError::Unavailable => ErrorBody::new(code, Message::Unavailable),
            ApiError::Busy => ErrorBody::new(code, Message::Busy),
            ApiError::TimedOut => ErrorBody::new(code, Message::TimedOut),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = self.body();
        let status =
            StatusCode::from_u16(body.error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, axum::Json(body)).into_response();
        let retry_after = match self {
            ApiError::RateLimited { retry_after_secs } => Some(retry_after_secs.max(1)),
            ApiError::Busy | ApiError::TimedOut => Some(2),
            _ => None,
        };
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        // The database being out of reach is not a bug: 503, and the pool reconnects by itself
        // when it is back.
        if matches!(
            err,
            sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed
        ) {
            tracing::warn!(%err, "database unavailable");
            return ApiError::Unavailable;
        }
        ApiError::internal("database", err)
    }
}

/// Handler results.
pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_internal_error_never_shows_its_cause() {
        let e = ApiError::Internal("SELECT secret FROM margins".into());
        let body = serde_json::to_string(&e.body()).unwrap();
        assert!(!body.contains("secret"), "{body}");
    }

    #[test]
    fn waits_are_counted_in_seconds_or_minutes() {
        assert_eq!(
            Message::rate_limited(0),
            Message::RateLimitedSeconds { n: 1 }
        );
        assert_eq!(
            Message::rate_limited(30),
            Message::RateLimitedSeconds { n: 30 }
        );
        assert_eq!(
            Message::rate_limited(61),
            Message::RateLimitedMinutes { n: 2 }
        );
        assert_eq!(
            Message::rate_limited(600),
            Message::RateLimitedMinutes { n: 10 }
        );
    }
}
