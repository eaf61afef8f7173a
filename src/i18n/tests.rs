//! The catalogs against the code: every id the UI draws exists (in English, and — tested in the
//! `catalog` crate — in German with the same placeholders), no id is left unused, counted texts
//! have both forms, and no user-visible text is written into a view outside the catalogs.

use super::*;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Ids that come from the domain as data, not as literals in `src/` (each family is tested
/// where it is produced: messages in `domain::message`, stages in `labels`, …).
const DATA_FAMILIES: &[&str] = &[
    "err.",
    "msg.",
    "rule.",
    "audit.",
    "status.",
    "stage.",
    "category.",
    "origin.",
    "motion.",
    "form.",
];

fn sources() -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut todo = vec![PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
    while let Some(path) = todo.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).unwrap() {
                todo.push(entry.unwrap().path());
            }
        } else if path.extension().is_some_and(|e| e == "rs")
            && !path.to_string_lossy().contains("/i18n/")
        {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((path, text));
        }
    }
    out
}

/// The first string literal after each call of `t(` / `tf(` / `tn(` / `tnf(` (possibly on the next line,
/// as rustfmt breaks long calls).
fn literal_ids(text: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for marker in ["t(", "tf(", "tn(", "tnf("] {
        for (at, _) in text.match_indices(marker) {
            let before = text[..at].chars().next_back().unwrap_or(' ');
            if before.is_alphanumeric() || before == '_' {
                continue;
            }
            let Some(rest) = text[at + marker.len()..].trim_start().strip_prefix('"') else {
                continue;
            };
            if let Some(end) = rest.find('"') {
                ids.push(rest[..end].to_owned());
            }
        }
    }
    ids
}

#[test]
fn every_id_the_ui_draws_is_in_the_english_catalog() {
    let en = english();
    let mut missing = Vec::new();
    for (path, text) in sources() {
        for id in literal_ids(&text) {
            if en.get(&id).is_none() {
                missing.push(format!("{}: {id:?}", path.display()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "ids not in i18n/en.messages:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_catalog_id_is_used() {
    let used: BTreeSet<String> = sources()
        .iter()
        .flat_map(|(_, text)| literal_ids(text))
        .collect();
    let mut unused: Vec<&str> = english()
        .ids()
        .map(|id| id.strip_suffix("[one]").unwrap_or(id))
        .filter(|id| !DATA_FAMILIES.iter().any(|f| id.starts_with(f)))
        .filter(|id| !used.contains(*id))
        .collect();
    unused.sort_unstable();
    unused.dedup();
    assert!(
        unused.is_empty(),
        "ids nothing draws:\n{}",
        unused.join("\n")
    );
}

#[test]
fn every_message_the_rules_and_the_server_give_has_english() {
    for id in Message::IDS {
        assert!(english().get(id).is_some(), "{id}");
    }
    for rule in [
        domain::conflict::Rule::NoOtherClaim,
        domain::conflict::Rule::PossibleClaim,
        domain::conflict::Rule::FirstCome,
    ] {
        assert!(english().get(rule.label_id()).is_some(), "{rule:?}");
    }
    for a in domain::audit::AuditAction::ALL {
        if let Some(id) = a.partner_label() {
            assert!(english().get(id).is_some(), "{a:?}");
        }
    }
}

#[test]
fn counted_texts_take_the_singular_for_one_in_both_languages() {
    install_german(catalog_de().to_owned());
    for l in Locale::ALL {
        CURRENT.with(|c| c.set(l));
        let one = tn("library.assets", 1);
        let two = tn("library.assets", 2);
        assert_ne!(one, two, "{l:?}");
        assert!(one.contains('1') && two.contains('2'), "{one} / {two}");
    }
    CURRENT.with(|c| c.set(Locale::En));
    assert_eq!(tn("library.assets", 1), "1 asset");
    assert_eq!(tn("library.assets", 3), "3 assets");
}

#[test]
fn typed_messages_draw_with_their_parameters_in_german_too() {
    install_german(catalog_de().to_owned());
    let m = Message::TooLongBy {
        max: 2000,
        over: 14,
    };
    CURRENT.with(|c| c.set(Locale::De));
    let de = field_msg("notes", &m);
    CURRENT.with(|c| c.set(Locale::En));
    let en = field_msg("notes", &m);
    assert_eq!(
        en,
        "Notes can be at most 2000 characters; shorten them by 14."
    );
    assert!(
        de.starts_with("Hinweise") && de.contains("2000") && de.contains("14"),
        "{de}"
    );
    let closed = Message::Closed {
        status: domain::registration::Status::Rejected,
    };
    CURRENT.with(|c| c.set(Locale::De));
    assert!(msg(&closed).contains("Abgelehnt"), "{}", msg(&closed));
    CURRENT.with(|c| c.set(Locale::En));
    assert!(msg(&closed).contains("Rejected"));
}

fn catalog_de() -> &'static str {
    catalog::DE
}

/// Text written straight into a view (`<p>"Save"</p>`, `aria-label="Close"`) would reach
/// German readers in English. Only the designers' style guide, a specimen page of the CSS
/// tokens, shows fixed sample text.
#[test]
fn no_view_writes_user_visible_text_outside_the_catalogs() {
    let attrs = [
        "aria-label=\"",
        "placeholder=\"",
        "title=\"",
        "alt=\"",
        "label=\"",
    ];
    let words = |s: &str| s.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    let mut found = Vec::new();
    for (path, text) in sources() {
        if path.ends_with("pages/style_guide.rs") {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            // A text node: a literal right after a tag's `>` or a `}` and before `<` or `{`.
            let bytes: Vec<char> = line.chars().collect();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == '"' {
                    let start = i + 1;
                    let mut j = start;
                    while j < bytes.len() && bytes[j] != '"' {
                        if bytes[j] == '\\' {
                            j += 1;
                        }
                        j += 1;
                    }
                    let literal: String = bytes[start..j.min(bytes.len())].iter().collect();
                    let before = bytes[..i].iter().rev().find(|c| !c.is_whitespace());
                    let after = bytes[(j + 1).min(bytes.len())..]
                        .iter()
                        .find(|c| !c.is_whitespace());
                    if matches!(before, Some('>'))
                        && matches!(after, Some('<') | Some('{'))
                        && words(&literal)
                    {
                        found.push(format!("{}:{}: {literal:?}", path.display(), n + 1));
                    }
                    i = j + 1;
                    continue;
                }
                i += 1;
            }
            for a in attrs {
                for (at, _) in line.match_indices(a) {
                    let before = line[..at].chars().next_back().unwrap_or(' ');
                    if before.is_alphanumeric() || before == '-' || before == '_' {
                        continue;
                    }
                    let rest = &line[at + a.len()..];
                    let value = rest.split('"').next().unwrap_or("");
                    if words(value) {
                        found.push(format!("{}:{}: {a}{value}\"", path.display(), n + 1));
                    }
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "user-visible text outside the catalogs (use t(\"area.id\")):\n{}",
        found.join("\n")
    );
}
