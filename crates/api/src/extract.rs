//! Extractors that turn axum's rejections into our JSON error body.

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::error::FieldErrors;
use domain::message::Message;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::error::Category;
use serde_path_to_error::Segment;
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
        if !is_json(req.headers()) {
            return Err(ApiError::BadRequest(Message::NotJsonContentType));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge {
                    limit: MAX_JSON_BYTES,
                }
            } else {
                ApiError::BadRequest(Message::BadBody {
                    detail: e.body_text(),
                })
            }
        })?;
        from_json(&bytes).map(AppJson)
    }
}

/// `application/json` or any `application/*+json`, parameters (charset) allowed.
pub fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence
            .get(..12)
            .is_some_and(|p| p.eq_ignore_ascii_case("application/"))
            && essence.to_ascii_lowercase().ends_with("+json")
}

/// Reads a JSON body: 400 when it is not JSON at all, 422 naming the field when it is JSON of
/// the wrong shape.
///
/// `serde_path_to_error` records, as data, the path to the value serde failed on
/// (`fields[0]`, `contact.name`), so the 422 names the field without parsing serde's message
/// text (axum's `Json` only offers that text, where a map key with a space or a `: ` could pass
/// for a path and an unknown or missing field would be filed under the whole body).
///
/// Every request body of this API is a JSON object: any other JSON value is a 422 on `body`
/// (serde would otherwise read a struct from an array, `[]` as all defaults).
pub fn from_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // JSON is UTF-8; serde_json does not check the strings it skips (unknown fields).
    let text = std::str::from_utf8(bytes).map_err(|_| not_json())?;
    if !text.trim_start().starts_with('{') {
        return Err(if is_json_text(text) {
            ApiError::Validation(FieldErrors::from([(
                "body".to_owned(),
                Message::NotAnObject,
            )]))
        } else {
            not_json()
        });
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().clone();
        let error = e.into_inner();
        match error.classify() {
            // serde stops at the first misfit, maybe before a syntax error further on: a body
            // that is not JSON at all is a 400 whatever its shape. On text that is JSON, every
            // error is a misfit, even one serde_json files as syntax (a number where an enum's
            // name belongs: "expected ident").
            Category::Data | Category::Syntax if is_json_text(text) => {
                ApiError::Validation(field_error(&path, &error))
            }
            _ => not_json(),
        }
    })?;
    deserializer.end().map_err(|_| not_json())?;
    Ok(value)
}

fn is_json_text(text: &str) -> bool {
    serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
}

fn not_json() -> ApiError {
    ApiError::BadRequest(Message::NotJson)
}

/// The 422 entry for a data error at `path`: keyed by the request's top-level field (`body` when
/// the body itself has the wrong shape), with the full path in the message when the problem is
/// deeper (`products[2]: …`).
fn field_error(path: &serde_path_to_error::Path, error: &serde_json::Error) -> FieldErrors {
    let mut segments: Vec<String> = path
        .iter()
        .map(|s| match s {
            Segment::Seq { index } => format!("[{index}]"),
            Segment::Map { key } => key.clone(),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => "?".into(),
        })
        .collect();
    let text = message_without_position(error);
    // These two name a field inside the value at `path`.
    enum Kind {
        Missing,
        Unknown,
        Other(String),
    }
    let kind = if let Some(name) = between(&text, "missing field `", "`") {
        segments.push(name.to_owned());
        Kind::Missing
    } else if let Some(name) = between(&text, "unknown field `", "`") {
        // The path already ends at the unknown key.
        if segments.last().map(String::as_str) != Some(name) {
            segments.push(name.to_owned());
        }
        Kind::Unknown
    } else {
        Kind::Other(text)
    };
    let field = match path.iter().next() {
        _ if segments.is_empty() => "body".to_owned(),
        Some(Segment::Seq { .. }) => "body".to_owned(),
        _ => segments[0].clone(),
    };
    let mut at = segments
        .first()
        .cloned()
        .unwrap_or_else(|| "body".to_owned());
    for s in segments.iter().skip(1) {
        if !s.starts_with('[') {
            at.push('.');
        }
        at.push_str(s);
    }
    let message = match kind {
        Kind::Missing if segments.len() <= 1 => Message::Required,
        Kind::Missing => Message::RequiredAt { at },
        Kind::Unknown => Message::UnknownField { at },
        Kind::Other(detail) => Message::Malformed { at, detail },
    };
    FieldErrors::from([(field, message)])
}

/// serde_json's message without its " at line 1 column 10", which means nothing to a person.
fn message_without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    text.strip_suffix(&position).unwrap_or(&text).to_owned()
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    text.strip_prefix(start)?.split_once(end).map(|(x, _)| x)
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
                ApiError::BadRequest(Message::BadQuery {
                    detail: e.body_text(),
                })
            })
    }
}

/// The client's address: the socket's peer, or behind a trusted proxy the forwarded address
/// (see [`crate::forwarded`]). Falls back to the peer, then to an unspecified address when the
/// app is driven without a socket (in-process tests).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let ip = match parts.extensions.get::<crate::forwarded::Client>() {
            Some(c) => c.addr,
            None => parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip())
                .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
        };
        Ok(ClientAddr(ip))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Form {
        email: String,
        days: i64,
        #[serde(default)]
        products: Vec<String>,
        #[serde(default)]
        contact: Option<Contact>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Contact {
        name: String,
    }

    fn fields(body: &str) -> FieldErrors {
        match from_json::<Form>(body.as_bytes()) {
            Err(ApiError::Validation(f)) => f,
            other => panic!("{body}: expected a 422, got {other:?}"),
        }
    }

    #[test]
    fn a_wrong_type_is_filed_under_its_field_without_a_position() {
        let f = fields(r#"{"email": 3, "days": 1}"#);
        assert_eq!(
            f["email"],
            Message::Malformed {
                at: "email".into(),
                detail: "invalid type: integer `3`, expected a string".into()
            }
        );
        assert!(fields(r#"{"email": "a", "days": "ten"}"#).contains_key("days"));
        assert!(fields(r#"{"email": "a", "days": 1e40}"#).contains_key("days"));
    }

    #[test]
    fn nested_problems_are_filed_under_the_top_level_field_with_their_path() {
        let f = fields(r#"{"email": "a", "days": 1, "products": ["x", 7]}"#);
        assert!(
            matches!(&f["products"], Message::Malformed { at, detail } if at == "products[1]" && detail.starts_with("invalid type")),
            "{f:?}"
        );
        let f = fields(r#"{"email": "a", "days": 1, "contact": {}}"#);
        assert_eq!(
            f["contact"],
            Message::RequiredAt {
                at: "contact.name".into()
            }
        );
    }

    #[test]
    fn missing_and_unknown_fields_are_named() {
        assert_eq!(fields(r#"{"days": 1}"#)["email"], Message::Required);
        assert_eq!(
            fields(r#"{"email": "a", "days": 1, "admin": true}"#)["admin"],
            Message::UnknownField { at: "admin".into() }
        );
        assert_eq!(
            fields(r#"{"email": "a", "days": 1, "a b: c": true}"#)["a b: c"],
            Message::UnknownField {
                at: "a b: c".into()
            }
        );
    }

    #[test]
    fn a_body_that_is_not_an_object_is_filed_under_body() {
        for body in ["[]", "[\"a\", 1]", "null", "7", "\"text\"", " true"] {
            assert_eq!(fields(body).keys().collect::<Vec<_>>(), ["body"], "{body}");
        }
    }

    #[test]
    fn text_that_is_not_json_is_a_400() {
        for body in [
            "",
            "{",
            "{\"email\": ",
            "{\"email\": 3, ",
            "{} x",
            "nope",
            "\u{feff}{}",
        ] {
            assert!(
                matches!(
                    from_json::<Form>(body.as_bytes()),
                    Err(ApiError::BadRequest(_))
                ),
                "{body:?}"
            );
        }
        // Invalid UTF-8, even in a field that would be skipped.
        let skipped = b"{\"email\": \"a\", \"days\": 1, \"other\": \"\xff\"}";
        assert!(matches!(
            from_json::<Form>(skipped),
            Err(ApiError::BadRequest(_))
        ));
    }

    #[test]
    fn json_content_types_are_recognised() {
        let ct = |v: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(
                header::CONTENT_TYPE,
                axum::http::HeaderValue::from_static(v),
            );
            is_json(&h)
        };
        assert!(ct("application/json"));
        assert!(ct("Application/JSON; charset=utf-8"));
        assert!(ct("application/merge-patch+json"));
        assert!(!ct("text/plain"));
        assert!(!ct("application/jsonx"));
        assert!(!ct("text/x+json"));
        assert!(!is_json(&HeaderMap::new()));
    }
}
