//! Customer identity: when two registrations are for the same customer.
//!
//! Two registrations name the same customer when their web domains match (scheme, path,
//! `www.` and other subdomains folded to the registrable domain) or when their normalised legal
//! names (case, punctuation, accents and legal suffixes such as Inc, Ltd, GmbH, SA folded) match
//! in the same country.
//!
//! Look-alikes count as the same customer (issue 15, item 6): before comparison, a domain goes
//! through IDNA (`xn--mller-kva.de` is `müller.de`) and both domain and name through the
//! confusables skeleton of Unicode TS #39 (`аcme.com` with a Cyrillic `а` is `acme.com`), with
//! accents dropped. Those comparison keys ([`CustomerKey`]) are computed only where customers
//! are compared, on the server; what people see and what the forms validate
//! ([`registrable_domain`], [`normalized_legal_name`]) stays readable and the same everywhere.

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
        // A combining accent (`u` + U+0308) goes, as a precomposed one (`ü`) is folded below.
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
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
        if is_legal_suffix(last) || matches!(last, "and" | "und" | "et" | "y") {
            words.pop();
        } else {
            break;
        }
    }
    // Abbreviations written with dots ("S.A.", "B.V.") arrive as single letters: drop a run of
    // single letters at the end when together they spell a legal form.
    let singles = words.iter().rev().take_while(|w| w.len() == 1).count();
    let tail: String = words[words.len() - singles..].concat();
    if !tail.is_empty() && words.len() > tail.len() && is_legal_suffix(&tail) {
        words.truncate(words.len() - tail.len());
    }
    words.join(" ")
}

/// A legal-form word, also when written with look-alike letters (`Іnc` with a Cyrillic `І`).
fn is_legal_suffix(word: &str) -> bool {
    LEGAL_SUFFIXES.contains(&word)
        || (!word.is_ascii() && {
            let key = confusable_key(word);
            LEGAL_SUFFIXES.iter().any(|l| confusable_key(l) == key)
        })
}

/// The comparison form of `text`: its confusables skeleton (Unicode TS #39), combining marks
/// dropped, lower case. Two strings a reader cannot tell apart get the same key. Not for
/// display: the skeleton maps common letters too (`m` becomes `rn`).
pub fn confusable_key(text: &str) -> String {
    unicode_security::skeleton(&text.to_lowercase())
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(fold_accent)
        .collect()
}

/// The comparison form of a registrable domain: punycode labels decoded (IDNA, UTS #46), then
/// [`confusable_key`]. A domain IDNA rejects is compared as written.
pub fn domain_key(registrable: &str) -> String {
    let (unicode, valid) = idna::domain_to_unicode(registrable);
    confusable_key(if valid.is_ok() { &unicode } else { registrable })
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

/// What identifies a customer for conflict checks: comparison keys, not for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerKey {
    /// [`domain_key`] of the registrable web domain, if one was given and is valid.
    pub domain: Option<String>,
    /// [`confusable_key`] of the normalised legal name.
    pub name: String,
    /// ISO 3166-1 alpha-2 country code, upper case.
    pub country: String,
}

impl CustomerKey {
    pub fn new(legal_name: &str, web_domain: &str, country: &str) -> Self {
        CustomerKey {
            domain: registrable_domain(web_domain).map(|d| domain_key(&d)),
            name: confusable_key(&normalized_legal_name(legal_name)),
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

    /// Issue 15, item 6, in the form it was found: the punycode and the Unicode spelling of one
    /// domain, and a name or domain with a Cyrillic letter in it, are one customer.
    #[test]
    fn look_alike_domains_and_names_are_the_same_customer() {
        let key = |name: &str, domain: &str| CustomerKey::new(name, domain, "DE");
        let muller = key("Müller Maschinenbau GmbH", "müller.de");
        assert!(muller.same_customer(&key("Someone Else", "xn--mller-kva.de")));
        assert!(muller.same_customer(&key("Someone Else", "https://www.XN--MLLER-KVA.de/")));
        assert!(
            muller.same_customer(&key("Mu\u{308}ller Maschinenbau", "")),
            "decomposed ü"
        );
        let acme = key("Acme Inc", "acme.com");
        assert!(
            acme.same_customer(&key("Other", "\u{430}cme.com")),
            "Cyrillic а"
        );
        assert!(acme.same_customer(&key("\u{410}cme Inc", "")), "Cyrillic А");
        assert!(
            acme.same_customer(&key("Acme \u{406}nc", "")),
            "Cyrillic І in Inc"
        );
        assert!(acme.same_customer(&key("ACME", "")));
        assert_eq!(confusable_key("Müller"), confusable_key("muller"));
        // Different names stay different.
        assert!(!acme.same_customer(&key("Acne Inc", "acne.com")));
        assert!(!muller.same_customer(&key("Miller Maschinenbau", "miller.de")));
        // What people see stays as typed, folded only as before.
        assert_eq!(
            registrable_domain("www.müller.de").as_deref(),
            Some("müller.de")
        );
        assert_eq!(normalized_legal_name("\u{410}cme Inc"), "\u{430}cme");
    }

    proptest! {
        #[test]
        fn keys_ignore_case(name in "[a-zà-ÿ]{1,12}") {
            prop_assert_eq!(confusable_key(&name.to_uppercase()), confusable_key(&name));
        }

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
