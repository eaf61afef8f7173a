//! Email addresses as the portal accepts them: trimmed, lower-cased, plausibly deliverable.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A syntactically valid e-mail address, normalised (trimmed, lower case).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

/// Why a text is not an e-mail address; the message tells the person how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("Enter your e-mail address.")]
    Empty,
    #[error("An e-mail address has at most 254 characters.")]
    TooLong,
    #[error("An e-mail address has no spaces.")]
    Whitespace,
    #[error("Enter the full address, with an @ and a domain, like name@company.com.")]
    Shape,
}

impl EmailAddress {
    /// Longest address SMTP allows (RFC 5321 path limit less the brackets).
    pub const MAX_LEN: usize = 254;

    /// Checks and normalises `input`.
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(EmailError::Empty);
        }
        if trimmed.chars().count() > Self::MAX_LEN {
            return Err(EmailError::TooLong);
        }
        if trimmed.chars().any(char::is_whitespace) {
            return Err(EmailError::Whitespace);
        }
        let (local, domain) = trimmed.rsplit_once('@').ok_or(EmailError::Shape)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.contains('@')
            && !local.chars().any(char::is_control);
        if !(domain_ok && local_ok) {
            return Err(EmailError::Shape);
        }
        Ok(Self(trimmed.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = EmailError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<EmailAddress> for String {
    fn from(value: EmailAddress) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn an_address_is_trimmed_and_lower_cased() {
        let e = EmailAddress::parse("  Ava@Vertex.Example ").unwrap();
        assert_eq!(e.as_str(), "ava@vertex.example");
    }

    #[test]
    fn each_malformed_address_gets_a_reason_that_says_how_to_fix_it() {
        assert_eq!(EmailAddress::parse("   "), Err(EmailError::Empty));
        assert_eq!(
            EmailAddress::parse("ava vertex@x.io"),
            Err(EmailError::Whitespace)
        );
        for bad in [
            "ava",
            "ava@",
            "@vertex.example",
            "ava@vertex",
            "ava@.io",
            "ava@x..io",
            "a@b@c.io",
        ] {
            assert_eq!(EmailAddress::parse(bad), Err(EmailError::Shape), "{bad}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(EmailAddress::parse(&long), Err(EmailError::TooLong));
        assert!(EmailError::Shape.to_string().contains("@"));
    }

    #[test]
    fn json_refuses_an_invalid_address() {
        assert!(serde_json::from_str::<EmailAddress>("\"nope\"").is_err());
        let ok: EmailAddress = serde_json::from_str("\"Ben@Vertex.example\"").unwrap();
        assert_eq!(ok.as_str(), "ben@vertex.example");
    }

    proptest! {
        #[test]
        fn parsing_is_idempotent(local in "[a-zA-Z0-9._+-]{1,20}", host in "[a-zA-Z0-9-]{1,20}", tld in "[a-z]{2,6}") {
            let raw = format!("{local}@{host}.{tld}");
            let once = EmailAddress::parse(&raw).unwrap();
            let twice = EmailAddress::parse(once.as_str()).unwrap();
            prop_assert_eq!(once, twice);
        }

        #[test]
        fn parsing_never_panics(s in "\\PC{0,300}") {
            let _ = EmailAddress::parse(&s);
        }
    }
}
