//! The API's routes, one module per URL prefix (`/manage/registrations/*` is `manage`,
//! `/manage/commissions/*` is `manage_commissions`, `/manage/partners/*` is `manage_partners`, `/manage/program/*` is `program`, …), merged here into one documented router.

pub mod commissions;
pub mod embed;
pub mod health;
pub mod home;
pub mod library;
pub mod manage;
pub mod manage_commissions;
pub mod manage_partners;
pub mod pipeline;
pub mod program;
pub mod registrations;
pub mod session;

use crate::AppState;
use crate::error::ApiError;
use utoipa_axum::router::OpenApiRouter;

/// Every `/api/v1` endpoint with its OpenAPI description. Both the served router and the
/// OpenAPI document come from this one value, so an undocumented route cannot exist.
pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(crate::openapi::base_document())
        .merge(session::router())
        .merge(registrations::router())
        .merge(manage::router())
        .merge(manage_commissions::router())
        .merge(manage_partners::router())
        .merge(commissions::router())
        .merge(pipeline::router())
        .merge(program::router())
        .merge(library::router())
        .merge(home::router())
        .merge(embed::router())
        .merge(crate::openapi::router())
}

/// `/api/*` paths that match no route: a JSON 404, never the SPA's HTML.
pub async fn api_not_found() -> ApiError {
    ApiError::NotFound
}

#[cfg(test)]
mod tests {
    /// What a statement looks like in Rust source. Spelled in pieces so this file does not
    /// match itself.
    const SQL_MARKERS: [&str; 3] = [
        concat!("sqlx", "::query"),
        concat!("query", "_as("),
        concat!(".exec", "ute("),
    ];

    /// Every `.rs` file under `dir`, subfolders included, sorted.
    fn sources(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                files.extend(sources(&path));
            } else if path.extension().is_some_and(|x| x == "rs") {
                files.push(path);
            }
        }
        files.sort();
        files
    }

    /// Handlers extract, authorize and call: SQL lives in the store modules (one per
    /// resource), never in a route file.
    #[test]
    fn no_sql_in_routes() {
        let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src/routes"));
        let files = sources(dir);
        assert!(
            !files.is_empty(),
            "no route files found in {}",
            dir.display()
        );
        let mut found = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            for (n, line) in text.lines().enumerate() {
                if let Some(marker) = SQL_MARKERS.iter().find(|m| line.contains(**m)) {
                    found.push(format!(
                        "src/routes/{}:{}: `{marker}`: {}",
                        file.strip_prefix(dir).unwrap_or(&file).display(),
                        n + 1,
                        line.trim()
                    ));
                }
            }
        }
        assert!(
            found.is_empty(),
            "SQL in route files (move it into the resource's store module):\n{}",
            found.join("\n")
        );
    }
}
