//! Throttling of failed sign-ins, per account and per client address.
//!
//! Each key keeps the times of its recent failures. Once a key has `limit` failures inside the
//! window, attempts are refused until the oldest of them leaves the window; the caller answers
//! 429 with `Retry-After`. A successful sign-in clears the account's failures. State is in
//! memory: a restart forgives, which is acceptable for a throttle (not a lockout).

use crate::config::ThrottleConfig;
use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct Throttle {
    config: ThrottleConfig,
    failures: Mutex<HashMap<Key, VecDeque<Instant>>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Account(String),
    Client(IpAddr),
}

/// Keys tracked before old entries are pruned (bounds memory under a spray of addresses).
const PRUNE_ABOVE: usize = 10_000;

impl Throttle {
    pub fn new(config: ThrottleConfig) -> Self {
        Self {
            config,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(wait)` when either the account or the client address is over its limit.
    pub fn check(&self, account: &str, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let keys = [
            (Key::Account(account.to_owned()), self.config.per_account),
            (Key::Client(client), self.config.per_client),
        ];
        let mut wait = Duration::ZERO;
        for (key, limit) in keys {
            if let Some(times) = map.get_mut(&key) {
                expire(times, now, self.config.window);
                if times.len() >= limit as usize
                    && let Some(oldest) = times.front()
                {
                    wait = wait.max(self.config.window.saturating_sub(now - *oldest));
                }
            }
        }
        if wait.is_zero() {
            Ok(())
        } else {
            Err(wait.max(Duration::from_secs(1)))
        }
    }

    /// Records a failed attempt against both keys.
    pub fn fail(&self, account: &str, client: IpAddr, now: Instant) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > PRUNE_ABOVE {
            let window = self.config.window;
            map.retain(|_, times| {
                expire(times, now, window);
                !times.is_empty()
            });
        }
        for key in [Key::Account(account.to_owned()), Key::Client(client)] {
            map.entry(key).or_default().push_back(now);
        }
    }

    /// Forgets an account's failures after it signs in.
    pub fn succeed(&self, account: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(&Key::Account(account.to_owned()));
    }
}

fn expire(times: &mut VecDeque<Instant>, now: Instant, window: Duration) {
    while times
        .front()
        .is_some_and(|t| now.duration_since(*t) >= window)
    {
        times.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    fn throttle() -> Throttle {
        Throttle::new(ThrottleConfig {
            per_account: 3,
            per_client: 5,
            window: Duration::from_secs(60),
        })
    }
    const IP: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

    #[test]
    fn an_account_is_refused_after_its_limit_until_the_window_passes() {
        let t = throttle();
        let t0 = Instant::now();
        for i in 0..3 {
            assert!(t.check("a@x.io", IP, t0).is_ok(), "attempt {i}");
            t.fail("a@x.io", IP, t0);
        }
        let wait = t
            .check("a@x.io", IP, t0 + Duration::from_secs(10))
            .unwrap_err();
        assert_eq!(wait, Duration::from_secs(50));
        assert!(t.check("a@x.io", IP, t0 + Duration::from_secs(60)).is_ok());
    }

    #[test]
    fn a_client_address_is_limited_across_accounts() {
        let t = throttle();
        let t0 = Instant::now();
        for i in 0..5 {
            t.fail(&format!("user{i}@x.io"), IP, t0);
        }
        assert!(t.check("fresh@x.io", IP, t0).is_err());
        assert!(
            t.check("fresh@x.io", IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)), t0)
                .is_ok()
        );
    }

    #[test]
    fn a_success_clears_the_accounts_failures() {
        let t = throttle();
        let t0 = Instant::now();
        t.fail("a@x.io", IP, t0);
        t.fail("a@x.io", IP, t0);
        t.succeed("a@x.io");
        t.fail("a@x.io", IP, t0);
        assert!(t.check("a@x.io", IP, t0).is_ok());
    }
}
