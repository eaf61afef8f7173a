//! Customer identity: when two registrations are for the same customer.
//!
//! Two registrations name the same customer when their web domains match (scheme, path,
//! `www.` and other subdomains folded to the registrable domain) or when their normalised legal
//! names (case, punctuation, accents and legal suffixes such as Inc, Ltd, GmbH, SA folded) match
//! in the same country.

use serde::{Deserialize, Serialize};

/// Second-level labels under which registrable domains have three labels (`acme.co.uk`).
/// A compact stand-in for the public suffix list, covering the common country SLDs.
const MULTI_PART_SUFFIXES: &[&str] = &[
    "co.uk", "org.uk", "ac.uk", "gov.uk", "ltd.uk", "plc.uk", "me.uk", "com.au", "net.au",
    "org.au", "co.nz", "org.nz", "co.jp", "ne.jp", "or.jp", "co.kr", "com.br", "com.mx", "com.ar",
    "com.cn", "com.hk", "com.sg", "com.tw", "com.tr", "co.in", "co.za", "co.il", "com.my",
    "com.ph", "co.id", "com.pl", "com.co", "com.pe", "com.ua", "co.at", "or.at", "com.es",
];

/// Legal-form words dropped when comparing company names.
const LEGAL_SUFFIXES: &[&str] = &[
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "llc",
    "llp",
    "lp",
    "ltd",
    "limited",
    "plc",
    "gmbh",
    "ag",
    "kg",
    "ohg",
    "ug",
    "se",
    "sa",
    "sas",
    "sarl",
    "srl",
    "spa",
    "sl",
    "bv",
    "nv",
    "oy",
    "oyj",
    "ab",
    "as",
    "asa",
    "aps",
    "kk",
    "pty",
    "pte",
    "pvt",
    "sro",
    "zoo",
    "kft",
    "doo",
    "holding",
    "holdings",
    "group",
];

/// The registrable domain of a web address, e.g. `https://www.eu.acme.co.uk/about` → `acme.co.uk`.
/// `None` when the text holds no plausible domain.
pub fn registrable_domain(input: &str) -> Option<String> {
    let mut s = input.trim().to_lowercase();
    if let Some(i) = s.find("://") {
        s = s[i + 3..].to_owned();
    }
    // Drop user info, path, query, fragment and port.
    if let Some(i) = s.find(['/', '?', '#']) {
        s.truncate(i);
    }
    if let Some(i) = s.rfind('@') {
        s = s[i + 1..].to_owned();
    }
    if let Some(i) = s.find(':') {
        s.truncate(i);
    }
    let s = s.trim_end_matches('.');
    let labels: Vec<&str> = s.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    if labels.len() < 2 || !labels.iter().all(label_ok) {
        return None;
    }
    let tld = labels[labels.len() - 1];
    if tld.len() < 2 || tld.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let last_two = labels[labels.len() - 2..].join(".");
    let keep = if MULTI_PART_SUFFIXES.contains(&last_two.as_str()) {
        3
    } else {
        2
    };
    if labels.len() < keep {
        return None;
    }
    Some(labels[labels.len() - keep..].join("."))
}

/// A legal name reduced for comparison: `"ACME, Inc."` → `"acme"`, `"Müller GmbH & Co. KG"` → `"muller"`.
pub fn normalized_legal_name(input: &str) -> String {
    let folded: String = input
        .chars()
        .flat_map(char::to_lowercase)
        .map(fold_accent)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let mut words: Vec<&str> = folded.split_whitespace().collect();
    // Drop "the" in front and legal-form words (and a dangling "and"/"und") at the end.
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    while words.len() > 1 {
        let last = words[words.len() - 1];
        if LEGAL_SUFFIXES.contains(&last) || matches!(last, "and" | "und" | "et" | "y") {
            words.pop();
        } else {
            break;
        }
    }
    // Abbreviations written with dots ("S.A.", "B.V.") arrive as single letters: drop a run of
    // single letters at the end when together they spell a legal form.
    let singles = words.iter().rev().take_while(|w| w.len() == 1).count();
    let tail: String = words[words.len() - singles..].concat();
    if !tail.is_empty() && words.len() > tail.len() && LEGAL_SUFFIXES.contains(&tail.as_str()) {
        words.truncate(words.len() - tail.len());
    }
    words.join(" ")
}

pub(crate) fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'ç' | 'č' | 'ć' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ś' | 'š' | 'ß' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        'ł' => 'l',
        'ř' => 'r',
        'ť' => 't',
        'ď' => 'd',
        other => other,
    }
}

/// What identifies a customer for conflict checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerKey {
    /// Registrable web domain, if one was given and is valid.
    pub domain: Option<String>,
    /// Normalised legal name.
    pub name: String,
    /// ISO 3166-1 alpha-2 country code, upper case.
    pub country: String,
}

impl CustomerKey {
    pub fn new(legal_name: &str, web_domain: &str, country: &str) -> Self {
        CustomerKey {
            domain: registrable_domain(web_domain),
            name: normalized_legal_name(legal_name),
            country: country.trim().to_uppercase(),
        }
    }

    /// The design's rule: same registrable domain, or same normalised name in the same country.
    pub fn same_customer(&self, other: &CustomerKey) -> bool {
        let same_domain = matches!((&self.domain, &other.domain), (Some(a), Some(b)) if a == b);
        let same_name =
            !self.name.is_empty() && self.name == other.name && self.country == other.country;
        same_domain || same_name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn subdomains_www_scheme_and_path_fold_to_the_registrable_domain() {
        for input in [
            "acme.com",
            "www.acme.com",
            "https://eu.shop.acme.com/about?x=1",
            "ACME.COM.",
            "http://acme.com:8443",
        ] {
            assert_eq!(
                registrable_domain(input).as_deref(),
                Some("acme.com"),
                "{input}"
            );
        }
        assert_eq!(
            registrable_domain("www.acme.co.uk").as_deref(),
            Some("acme.co.uk")
        );
        assert_eq!(
            registrable_domain("shop.acme.com.au").as_deref(),
            Some("acme.com.au")
        );
    }

    #[test]
    fn text_that_is_not_a_domain_has_none() {
        for input in [
            "",
            "acme",
            "acme.",
            "acme..com",
            "-acme.com",
            "acme.c",
            "10.0.0.1",
            "co.uk",
            "ac me.com",
        ] {
            assert_eq!(registrable_domain(input), None, "{input}");
        }
    }

    #[test]
    fn legal_names_fold_case_punctuation_accents_and_legal_forms() {
        assert_eq!(normalized_legal_name("ACME, Inc."), "acme");
        assert_eq!(normalized_legal_name("Acme Incorporated"), "acme");
        assert_eq!(normalized_legal_name("acme"), "acme");
        assert_eq!(normalized_legal_name("Müller GmbH & Co. KG"), "muller");
        assert_eq!(normalized_legal_name("Nordwind S.A."), "nordwind");
        assert_eq!(normalized_legal_name("The Globex Corporation"), "globex");
        assert_eq!(normalized_legal_name("Initech Holdings Ltd"), "initech");
        // A name that *is* a legal word keeps it.
        assert_eq!(normalized_legal_name("Company"), "company");
    }

    #[test]
    fn same_domain_or_same_name_in_the_same_country_is_the_same_customer() {
        let a = CustomerKey::new("Acme Inc", "www.acme.com", "US");
        assert!(a.same_customer(&CustomerKey::new("Totally Different", "eu.acme.com", "DE")));
        assert!(a.same_customer(&CustomerKey::new("ACME, Inc.", "", "us")));
        assert!(
            !a.same_customer(&CustomerKey::new("ACME, Inc.", "", "CA")),
            "same name, other country"
        );
        assert!(!a.same_customer(&CustomerKey::new("Globex", "globex.com", "US")));
    }

    proptest! {
        #[test]
        fn folding_is_idempotent(name in "[A-Za-zÀ-ÿ .,&'-]{0,40}") {
            let once = normalized_legal_name(&name);
            prop_assert_eq!(normalized_legal_name(&once), once.clone());
        }

        #[test]
        fn any_subdomain_prefix_folds_away(sub in "[a-z]{1,10}", host in "[a-z][a-z0-9]{1,15}", tld in "(com|io|de|net)") {
            let bare = format!("{host}.{tld}");
            prop_assert_eq!(registrable_domain(&format!("https://{sub}.{bare}/x")), Some(bare.clone()));
            prop_assert_eq!(registrable_domain(&format!("www.{bare}")), Some(bare));
        }

        #[test]
        fn same_customer_is_symmetric(
            n1 in "[a-z]{1,6}( inc| gmbh)?", n2 in "[a-z]{1,6}( inc| gmbh)?",
            d1 in "([a-z]{1,5}\\.com)?", d2 in "([a-z]{1,5}\\.com)?",
            c1 in "(US|DE)", c2 in "(US|DE)",
        ) {
            let a = CustomerKey::new(&n1, &d1, &c1);
            let b = CustomerKey::new(&n2, &d2, &c2);
            prop_assert_eq!(a.same_customer(&b), b.same_customer(&a));
            prop_assert!(a.same_customer(&a.clone()) || (a.domain.is_none() && a.name.is_empty()));
        }
    }
}
