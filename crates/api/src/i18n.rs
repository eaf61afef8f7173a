//! The catalogs on the server, for what it renders itself: the embedded form's page (and its
//! messages for the form's script), the loader's refusals. The language is the reader's: an
//! explicit `lang` where the caller names one, else the browser's `Accept-Language`.

use axum::http::{HeaderMap, header};
use catalog::{Arg, Catalog, Locale};
use std::sync::LazyLock;

static EN: LazyLock<Catalog<'static>> =
    LazyLock::new(|| Catalog::parse(catalog::EN).expect("the English catalog parses"));
static DE: LazyLock<Catalog<'static>> =
    LazyLock::new(|| Catalog::parse(catalog::DE).expect("the German catalog parses"));

/// The catalog of `locale`.
pub fn catalog(locale: Locale) -> &'static Catalog<'static> {
    match locale {
        Locale::En => &EN,
        Locale::De => &DE,
    }
}

/// The reader's language: `lang` when it names one, else the browser's preference.
pub fn locale_of(lang: Option<&str>, headers: &HeaderMap) -> Locale {
    lang.and_then(Locale::parse).unwrap_or_else(|| {
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(Locale::from_accept_language)
            .unwrap_or(Locale::En)
    })
}

/// `id` in `locale` with its placeholders filled (English when German lacks it, the id when
/// no catalog has it — which the catalog tests forbid).
pub fn text(locale: Locale, id: &str, args: &[(&str, Arg)]) -> String {
    catalog(locale)
        .render(id, args)
        .or_else(|| EN.render(id, args))
        .unwrap_or_else(|| id.to_owned())
}

/// The lines of `locale`'s catalog whose ids `keep` picks, in the catalog's own format, for a
/// page's script to read with [`Catalog::parse`].
pub fn lines(locale: Locale, keep: impl Fn(&str) -> bool) -> String {
    let source = match locale {
        Locale::En => catalog::EN,
        Locale::De => catalog::DE,
    };
    let mut out = String::new();
    for line in source.lines() {
        let trimmed = line.trim_start();
        let id = trimmed
            .split_once(" = ")
            .map_or("", |(id, _)| id.trim_end());
        if !id.is_empty() && !trimmed.starts_with('#') && keep(id) {
            out.push_str(trimmed);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_is_named_or_the_browsers() {
        let mut h = HeaderMap::new();
        assert_eq!(locale_of(None, &h), Locale::En);
        h.insert(
            header::ACCEPT_LANGUAGE,
            "de-DE,de;q=0.9,en;q=0.8".parse().unwrap(),
        );
        assert_eq!(locale_of(None, &h), Locale::De);
        assert_eq!(locale_of(Some("en"), &h), Locale::En);
        assert_eq!(locale_of(Some("xx"), &h), Locale::De);
    }

    #[test]
    fn a_family_is_copied_line_by_line_and_parses_back() {
        let text = lines(Locale::De, |id| {
            id.starts_with("form.") || id.starts_with("err.")
        });
        let c = Catalog::parse(&text).unwrap();
        assert_eq!(c.get("form.submit"), Some("Deal registrieren"));
        assert!(c.get("err.required").is_some());
        assert!(c.get("nav.home").is_none());
    }

    /// The lines go into a `<script type="text/plain">`, which ends at the first `</`.
    #[test]
    fn no_catalog_text_could_end_a_script_element() {
        for source in [catalog::EN, catalog::DE] {
            assert!(!source.contains("</"), "a catalog text contains </");
        }
    }
}
