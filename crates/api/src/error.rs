//! The API's one error type. Known cases become 4xx answers with a message a person can act on;
//! internal failures are logged with their context and answered with a generic 500.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::error::{ErrorBody, ErrorCode, FieldErrors};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthenticated(&'static str),
    #[error("{0}")]
    Forbidden(&'static str),
    /// Also the answer for things the caller may not see: the two must be indistinguishable.
    #[error("not found")]
    NotFound,
    #[error("This address does not accept {0} requests.")]
    MethodNotAllowed(String),
    #[error("{0}")]
    Conflict(String),
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
                ErrorBody::new(code, "Some fields need attention.").with_fields(fields.clone())
            }
            ApiError::NotFound => ErrorBody::new(code, "Nothing was found at this address."),
            ApiError::RateLimited { retry_after_secs } => ErrorBody::new(
                code,
                format!(
                    "Too many attempts. Try again in {}.",
                    human_wait(*retry_after_secs)
                ),
            ),
            ApiError::Internal(_) => ErrorBody::new(
                code,
                "Something went wrong on our side. Please try again in a moment.",
            ),
            ApiError::Unavailable => ErrorBody::new(
                code,
                "Portico cannot reach its database right now. Please try again in a moment.",
            ),
            ApiError::Busy => ErrorBody::new(
                code,
                "Portico is busy signing people in. Please try again in a few seconds.",
            ),
            ApiError::TimedOut => ErrorBody::new(
                code,
                "Portico took too long to answer. Please try again in a moment.",
            ),
            other => ErrorBody::new(code, other.to_string()),
        }
    }
}

fn human_wait(secs: u64) -> String {
    match secs {
        0..=1 => "a second".into(),
        2..=59 => format!("{secs} seconds"),
        60..=119 => "a minute".into(),
        _ => format!("{} minutes", secs.div_ceil(60)),
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
        assert!(!e.body().message.contains("secret"));
    }

    #[test]
    fn waits_read_like_a_person_wrote_them() {
        assert_eq!(human_wait(1), "a second");
        assert_eq!(human_wait(30), "30 seconds");
        assert_eq!(human_wait(61), "a minute");
        assert_eq!(human_wait(600), "10 minutes");
    }
}
