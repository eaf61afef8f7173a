//! Who is really calling, behind a reverse proxy.
//!
//! Only when the TCP peer is one of `PORTICO_TRUSTED_PROXIES` (addresses or CIDRs) are the
//! proxy's headers believed: the client address is the right-most `X-Forwarded-For` hop that is
//! not itself a trusted proxy, and the scheme comes from `X-Forwarded-Proto`. From any other
//! peer both headers are removed before a handler sees the request, so a visitor cannot choose
//! its own address (and escape a rate limit) or claim https.

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// A network: an address and a prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// `10.0.0.0/8`, `::1`, `127.0.0.1` (a lone address is a /32 or /128).
    pub fn parse(s: &str) -> Option<Cidr> {
        let (a, p) = s.trim().split_once('/').unwrap_or((s.trim(), ""));
        let addr: IpAddr = a.parse().ok()?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = if p.is_empty() { max } else { p.parse().ok()? };
        (prefix <= max).then_some(Cidr { addr, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match (self.addr, ip) {
            (IpAddr::V4(n), IpAddr::V4(i)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(n) & mask == u32::from(i) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(i)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(n) & mask == u128::from(i) & mask
            }
            _ => false,
        }
    }
}

/// IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) as the IPv4 address they are.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

/// `PORTICO_TRUSTED_PROXIES`: a comma-separated list; an entry that is not an address or CIDR is
/// an error naming it.
pub fn parse_list(s: &str) -> Result<Vec<Cidr>, String> {
    s.split(',')
        .filter(|e| !e.trim().is_empty())
        .map(|e| {
            Cidr::parse(e).ok_or_else(|| {
                format!(
                    "PORTICO_TRUSTED_PROXIES: '{}' is not an address or CIDR",
                    e.trim()
                )
            })
        })
        .collect()
}

/// The client as the app should see it: set by [`layer`] on every request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Client {
    pub addr: IpAddr,
    /// The browser reached us over https: `PORTICO_PUBLIC_URL` says so, or a trusted proxy's
    /// `X-Forwarded-Proto` does.
    pub https: bool,
}

/// The client address behind `peer`, given the trusted proxies.
pub fn resolve(peer: IpAddr, headers: &HeaderMap, trusted: &[Cidr]) -> IpAddr {
    let peer = canonical(peer);
    let is_trusted = |ip: IpAddr| trusted.iter().any(|c| c.contains(ip));
    if !is_trusted(peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(ip) => {
                client = canonical(ip);
                if !is_trusted(client) {
                    break;
                }
            }
            // A hop we cannot read ends what we can believe.
            Err(_) => break,
        }
    }
    client
}

/// Middleware: resolves [`Client`] and drops forwarding headers an untrusted peer sent.
pub async fn layer(
    State(state): State<crate::AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let trusted = &state.config.trusted_proxies;
    let addr = resolve(peer, request.headers(), trusted);
    if !trusted.iter().any(|c| c.contains(canonical(peer))) {
        let headers = request.headers_mut();
        headers.remove("x-forwarded-for");
        headers.remove("x-forwarded-proto");
        headers.remove("x-forwarded-host");
    }
    let https = state.config.public_https
        || request
            .headers()
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"));
    request.extensions_mut().insert(Client { addr, https });
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", xff.parse().unwrap());
        h
    }
    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn addresses_and_networks_parse_and_match() {
        let net = Cidr::parse("10.1.0.0/16").unwrap();
        assert!(net.contains(ip("10.1.200.3")));
        assert!(!net.contains(ip("10.2.0.1")));
        assert!(
            Cidr::parse("127.0.0.1")
                .unwrap()
                .contains(ip("::ffff:127.0.0.1"))
        );
        assert!(Cidr::parse("::1").unwrap().contains(ip("::1")));
        assert!(Cidr::parse("0.0.0.0/0").unwrap().contains(ip("8.8.8.8")));
        assert_eq!(Cidr::parse("10.0.0.0/33"), None);
        assert_eq!(Cidr::parse("proxy.internal"), None);
        assert!(parse_list("127.0.0.1, 10.0.0.0/8").unwrap().len() == 2);
        assert!(
            parse_list("127.0.0.1, nope")
                .unwrap_err()
                .contains("'nope'")
        );
    }

    #[test]
    fn forwarded_for_is_believed_only_from_a_trusted_peer() {
        let trusted = parse_list("127.0.0.1").unwrap();
        let h = headers("203.0.113.9");
        assert_eq!(resolve(ip("127.0.0.1"), &h, &trusted), ip("203.0.113.9"));
        assert_eq!(
            resolve(ip("198.51.100.1"), &h, &trusted),
            ip("198.51.100.1")
        );
        assert_eq!(
            resolve(ip("127.0.0.1"), &HeaderMap::new(), &trusted),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client_whatever_a_visitor_prepends() {
        let trusted = parse_list("127.0.0.1, 10.0.0.0/8").unwrap();
        // The visitor wrote "1.2.3.4"; the proxies appended the real address and themselves.
        let h = headers("1.2.3.4, 203.0.113.9, 10.0.0.5");
        assert_eq!(resolve(ip("127.0.0.1"), &h, &trusted), ip("203.0.113.9"));
        let garbage = headers("1.2.3.4, not-an-ip, 10.0.0.5");
        assert_eq!(resolve(ip("127.0.0.1"), &garbage, &trusted), ip("10.0.0.5"));
    }
}
