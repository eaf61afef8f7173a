//! Form tokens: issued with each embedded form page, sent back with the submission.
//!
//! A token is `<issued ms>.<hex of the host origin>.<hex of an HMAC-SHA256 tag>`; the tag
//! covers the embed key, the host origin and the time, under the server's secret. So a token
//! proves that *this* key's form page was served for *that* website at *that* time: the server
//! can enforce a minimum fill time and a maximum age without storing anything, a token minted
//! for one key is worthless for another, and rotating the key voids every open form at once.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Longest token accepted (an origin is at most a few hundred characters).
pub const MAX_LEN: usize = 1024;

/// What a valid token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormToken {
    /// When the form page was served (Unix milliseconds).
    pub issued_ms: i64,
    /// The website the form page was served for.
    pub origin: String,
    /// The tag in hex: unique per form load, used as the submission's idempotency key.
    pub tag: String,
}

fn tag(secret: &[u8], key: &str, origin: &str, issued_ms: i64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(format!("portico-embed-v1\n{key}\n{origin}\n{issued_ms}").as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

/// A token for `key`'s form served to `origin` at `issued_ms`.
pub fn issue(secret: &[u8], key: &str, origin: &str, issued_ms: i64) -> String {
    format!(
        "{issued_ms}.{}.{}",
        hex::encode(origin),
        tag(secret, key, origin, issued_ms)
    )
}

/// The token's claims if it was issued by this server for `key`.
pub fn verify(secret: &[u8], key: &str, token: &str) -> Option<FormToken> {
    if token.len() > MAX_LEN {
        return None;
    }
    let mut parts = token.split('.');
    let (issued, origin_hex, sent_tag) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let issued_ms: i64 = issued.parse().ok()?;
    let origin = String::from_utf8(hex::decode(origin_hex).ok()?).ok()?;
    let expected = tag(secret, key, &origin, issued_ms);
    // Compare in constant time: the tag is the secret-derived part.
    let same = expected.len() == sent_tag.len()
        && expected
            .bytes()
            .zip(sent_tag.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    same.then_some(FormToken {
        issued_ms,
        origin,
        tag: expected,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "pe_0123456789abcdef0123456789abcdef";
    const OTHER: &str = "pe_ffffffffffffffffffffffffffffffff";

    #[test]
    fn a_token_verifies_for_its_key_only() {
        let t = issue(b"secret", KEY, "https://shop.example", 1_700_000_000_000);
        let claims = verify(b"secret", KEY, &t).unwrap();
        assert_eq!(claims.origin, "https://shop.example");
        assert_eq!(claims.issued_ms, 1_700_000_000_000);
        assert_eq!(verify(b"secret", OTHER, &t), None, "another key");
        assert_eq!(verify(b"other secret", KEY, &t), None, "another server");
    }

    #[test]
    fn a_changed_time_or_origin_breaks_the_token() {
        let t = issue(b"secret", KEY, "https://shop.example", 1_700_000_000_000);
        let later = t.replacen("1700000000000", "1600000000000", 1);
        assert_eq!(verify(b"secret", KEY, &later), None);
        let parts: Vec<&str> = t.split('.').collect();
        let moved = format!(
            "{}.{}.{}",
            parts[0],
            hex::encode("https://evil.example"),
            parts[2]
        );
        assert_eq!(verify(b"secret", KEY, &moved), None);
        for junk in [
            "",
            "1.2",
            "a.b.c",
            "1.zz.00",
            &format!("{t}.x"),
            &"1".repeat(2000),
        ] {
            assert_eq!(verify(b"secret", KEY, junk), None, "{junk}");
        }
    }
}
