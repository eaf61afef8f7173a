//! Cursor pagination for the lists that grow (issue 15, item 8): registrations, the pipelines
//! and the approvals queue.
//!
//! A list takes `?limit=` (default [`DEFAULT_LIMIT`], at most [`MAX_LIMIT`]) and `?after=`, an
//! opaque cursor; its body stays the list itself, and when more rows follow the answer carries
//! `Link: <address of the next page>; rel="next"` (RFC 8288). The cursor is the sort key of the
//! page's last row (`<time>.<id>`), so a page is one index range scan however deep it is, and a
//! row inserted meanwhile never shifts the pages after it. It positions a query that is scoped
//! to the caller like any other: a cursor made up by hand reveals nothing.

use crate::error::ApiError;
use axum::http::{HeaderMap, HeaderValue, header};
use serde::Deserialize;

/// Rows per page unless `?limit=` says otherwise.
pub const DEFAULT_LIMIT: usize = 100;
/// The most rows one page holds.
pub const MAX_LIMIT: usize = 1000;

/// `?limit=&after=` of a paginated list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Rows per page, 1 to 1000 (default 100).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<usize>,
    /// The cursor from the previous page's `Link: <…>; rel="next"` (`<time>.<id>`).
    #[param(pattern = r"^-?[0-9]{1,18}\.[0-9]{1,18}$")]
    pub after: Option<String>,
}

/// Where a page starts: after the row with this sort time and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub at: i64,
    pub id: i64,
}

impl Cursor {
    fn encode(self) -> String {
        format!("{}.{}", self.at, self.id)
    }

    fn decode(text: &str) -> Option<Self> {
        let (at, id) = text.split_once('.')?;
        Some(Cursor {
            at: at.parse().ok()?,
            id: id.parse().ok()?,
        })
    }
}

/// A page request, checked.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub limit: usize,
    pub after: Option<Cursor>,
}

impl Page {
    /// The rows to fetch: one more than the page holds, to know whether another follows.
    pub fn fetch(&self) -> i64 {
        self.limit as i64 + 1
    }

    /// The first page of `limit` rows.
    pub fn first(limit: usize) -> Self {
        Page { limit, after: None }
    }
}

impl PageQuery {
    /// The page asked for, with `default` rows unless `?limit=` says otherwise; a 400 naming
    /// the problem for a limit out of range or a cursor this server did not write.
    pub fn page(&self, default: usize) -> Result<Page, ApiError> {
        let limit = match self.limit {
            None => default,
            Some(n @ 1..=MAX_LIMIT) => n,
            Some(_) => {
                return Err(ApiError::BadRequest(
                    domain::message::Message::BadPageSize {
                        min: 1,
                        max: MAX_LIMIT as u32,
                    },
                ));
            }
        };
        let after = match self.after.as_deref() {
            None | Some("") => None,
            Some(text) => Some(
                Cursor::decode(text)
                    .ok_or(ApiError::BadRequest(domain::message::Message::BadCursor))?,
            ),
        };
        Ok(Page { limit, after })
    }
}

/// Cuts `rows` (fetched with [`Page::fetch`]) to the page and returns the `Link` header for
/// the next one, if any; `key` gives a row's cursor, `path` is the list's address with any
/// other query parameters (`/api/v1/manage/registrations?view=all`).
pub fn finish<T>(
    rows: &mut Vec<T>,
    page: Page,
    path: &str,
    key: impl Fn(&T) -> Cursor,
) -> HeaderMap {
    let mut headers = HeaderMap::new();
    if rows.len() > page.limit {
        rows.truncate(page.limit);
        if let Some(last) = rows.last() {
            let sep = if path.contains('?') { '&' } else { '?' };
            let link = format!(
                "<{path}{sep}limit={}&after={}>; rel=\"next\"",
                page.limit,
                key(last).encode()
            );
            if let Ok(value) = HeaderValue::from_str(&link) {
                headers.insert(header::LINK, value);
            }
        }
    }
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(limit: Option<usize>, after: Option<&str>) -> PageQuery {
        PageQuery {
            limit,
            after: after.map(str::to_owned),
        }
    }

    #[test]
    fn limits_default_and_are_bounded() {
        assert_eq!(query(None, None).page(100).unwrap().limit, 100);
        assert_eq!(query(Some(1), None).page(100).unwrap().limit, 1);
        assert_eq!(
            query(Some(MAX_LIMIT), None).page(100).unwrap().limit,
            MAX_LIMIT
        );
        for bad in [0, MAX_LIMIT + 1] {
            let err = query(Some(bad), None).page(100).unwrap_err();
            assert!(
                matches!(
                    err,
                    ApiError::BadRequest(domain::message::Message::BadPageSize { .. })
                ),
                "{err}"
            );
        }
    }

    #[test]
    fn a_cursor_round_trips_and_junk_is_a_400() {
        let c = Cursor {
            at: 1_764_700_000,
            id: 48_213_377,
        };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        for junk in ["x", "1.", ".2", "1.2.3", "a.b", "1;2"] {
            assert!(query(None, Some(junk)).page(10).is_err(), "{junk}");
        }
    }

    #[test]
    fn the_next_link_appears_only_when_more_rows_follow() {
        let page = Page::first(2);
        let key = |n: &i64| Cursor {
            at: *n * 10,
            id: *n,
        };
        let mut three = vec![1, 2, 3];
        let headers = finish(&mut three, page, "/api/v1/x?view=all", key);
        assert_eq!(three, vec![1, 2]);
        assert_eq!(
            headers[header::LINK],
            "</api/v1/x?view=all&limit=2&after=20.2>; rel=\"next\""
        );
        let mut two = vec![1, 2];
        assert!(finish(&mut two, page, "/api/v1/x", key).is_empty());
    }
}
