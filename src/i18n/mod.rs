//! English and German UI. Text is written in English in the code and looked up in the German
//! catalogs (gettext-style: the English text is the key, so an untranslated string falls back to
//! English, never to a key name). The language comes from the browser, can be switched in the
//! user menu (and on the sign-in page), and is remembered in localStorage. Dates, numbers and
//! money are formatted per locale by the browser's `Intl` (see `crate::format`).
//!
//! Catalogs are split by area (`de_*.rs`) so pages can be translated independently; a native
//! test checks that every `t("…")`/`tf("…")` literal in `src/` has a German entry.

mod de_app;
mod de_embed;
mod de_library;
mod de_pages;

use leptos::prelude::*;
use std::cell::{Cell, OnceCell};
use std::collections::HashMap;

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    En,
    De,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::De];

    /// BCP 47 tag for `Intl` and `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en-US",
            Locale::De => "de-DE",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::De => "de",
        }
    }

    /// The language's own name.
    pub fn label(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::De => "Deutsch",
        }
    }

    pub fn parse(s: &str) -> Option<Locale> {
        let s = s.to_ascii_lowercase();
        if s.starts_with("de") {
            Some(Locale::De)
        } else if s.starts_with("en") {
            Some(Locale::En)
        } else {
            None
        }
    }
}

const STORAGE_KEY: &str = "portico.locale";

thread_local! {
    static CURRENT: Cell<Locale> = const { Cell::new(Locale::En) };
    static GERMAN: OnceCell<HashMap<&'static str, &'static str>> = const { OnceCell::new() };
}

/// The language text is drawn in now.
pub fn locale() -> Locale {
    CURRENT.with(Cell::get)
}

/// The remembered choice, else the browser's first language we have, else English.
pub fn initial() -> Locale {
    let window = web_sys::window();
    let stored = window
        .as_ref()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|v| Locale::parse(&v));
    stored
        .or_else(|| {
            let nav = window.as_ref()?.navigator();
            nav.languages()
                .iter()
                .filter_map(|l| l.as_string())
                .chain(nav.language())
                .find_map(|l| Locale::parse(&l))
        })
        .unwrap_or(Locale::En)
}

/// Makes `l` current for the text drawn from now on and sets `<html lang>`.
pub fn apply(l: Locale) {
    CURRENT.with(|c| c.set(l));
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", l.code());
    }
}

/// The app-wide language signal (the app redraws when it changes).
#[derive(Clone, Copy)]
pub struct LocaleSignal(pub RwSignal<Locale>);

/// Switches the language: remembered, applied, and the app redrawn.
pub fn switch(l: Locale) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(STORAGE_KEY, l.code());
    }
    apply(l);
    if let Some(LocaleSignal(signal)) = use_context::<LocaleSignal>() {
        signal.set(l);
    }
}

fn german(en: &str) -> Option<&'static str> {
    GERMAN.with(|g| {
        g.get_or_init(|| german_entries().copied().collect())
            .get(en)
            .copied()
    })
}

/// `en` in the current language.
pub fn t(en: &'static str) -> &'static str {
    match locale() {
        Locale::En => en,
        Locale::De => german(en).unwrap_or(en),
    }
}

/// A text known only at run time (a server or validation message) in the current language,
/// when the catalogs have it; otherwise as it is.
pub fn tr(en: &str) -> String {
    match locale() {
        Locale::En => en.to_owned(),
        Locale::De => german(en).unwrap_or(en).to_owned(),
    }
}

/// [`t`] with `{name}` placeholders filled in from `args`.
pub fn tf(en: &'static str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = t(en).to_owned();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

/// Every German catalog entry (for tests).
pub fn german_entries() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    de_app::ENTRIES
        .iter()
        .chain(de_pages::ENTRIES)
        .chain(de_library::ENTRIES)
        .chain(de_embed::ENTRIES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_entries_agree_and_keep_their_placeholders() {
        // Catalogs may repeat a common word (each area stays self-contained) but must agree.
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for (en, de) in german_entries() {
            if let Some(other) = seen.insert(en, de) {
                assert_eq!(other, *de, "two German texts for {en:?}");
            }
            let holes = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_owned()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(holes(en), holes(de), "placeholders differ in {en:?}");
            assert!(!de.trim().is_empty(), "empty German text for {en:?}");
        }
    }

    /// Every literal passed to `t(…)` / `tf(…)` in `src/` has a German entry.
    #[test]
    fn every_ui_string_has_a_german_translation() {
        let known: std::collections::HashSet<&str> = german_entries().map(|(en, _)| *en).collect();
        let mut missing = Vec::new();
        let mut files = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(path) = files.pop() {
            if path.is_dir() {
                for entry in std::fs::read_dir(&path).unwrap() {
                    files.push(entry.unwrap().path());
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs")
                || path.to_string_lossy().contains("/i18n/")
            {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for marker in ["t(", "tf("] {
                for (at, _) in text.match_indices(marker) {
                    // Only calls: the character before must not be part of an identifier.
                    let before = text[..at].chars().next_back().unwrap_or(' ');
                    if before.is_alphanumeric() || before == '_' {
                        continue;
                    }
                    // The literal may follow on the next line (as rustfmt breaks long calls).
                    let Some(rest) = text[at + marker.len()..].trim_start().strip_prefix('"')
                    else {
                        continue;
                    };
                    let mut literal = String::new();
                    let mut chars = rest.chars();
                    while let Some(c) = chars.next() {
                        match c {
                            '\\' => {
                                if let Some(n) = chars.next() {
                                    literal.push(match n {
                                        'n' => '\n',
                                        other => other,
                                    });
                                }
                            }
                            '"' => break,
                            c => literal.push(c),
                        }
                    }
                    if !known.contains(literal.as_str()) {
                        missing.push(format!("{}: {literal:?}", path.display()));
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "no German text for:\n{}",
            missing.join("\n")
        );
    }
}
