//! Rate limits shared by every instance: counters per fixed window in the database
//! (`rate_buckets`, migration 0007); a limit covers the current window and the one before.
//!
//! A hit is counted and compared in one statement (`INSERT … ON CONFLICT … DO UPDATE … RETURNING
//! hits`), so concurrent requests on several instances cannot all pass a check that none of them
//! has yet recorded. Sign-in counts an attempt *before* the password is verified and forgives it
//! when the password was right; the embedded form counts a submission per client address first
//! and against the partner's key only once key, website and token have verified. Windows older
//! than the longest limit are pruned by [`prune`] (the session sweeper calls it on every
//! instance; deleting twice is harmless).

use crate::db::{Conn, Db};
use std::time::Duration;

/// At most `max` hits per `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max: u32,
    pub window: Duration,
}

impl Limit {
    fn window_secs(self) -> i64 {
        (self.window.as_secs() as i64).max(1)
    }

    /// The start of the window `at` falls in.
    fn window_start(self, at: i64) -> i64 {
        at - at.rem_euclid(self.window_secs())
    }

    /// How long until the window `at` falls in ends (at least a second).
    fn wait(self, at: i64) -> Duration {
        let left = self.window_start(at) + self.window_secs() - at;
        Duration::from_secs(left.max(1) as u64)
    }
}

/// Counts one hit on `bucket`; `Err(wait)` when this hit is over the limit (it still counts, so
/// hammering a closed bucket keeps it closed). What is compared is the hits of this window and
/// the one before, so a limit never resets all at once at a window's edge.
pub async fn hit(
    db: &mut Conn,
    bucket: &str,
    limit: Limit,
    at: i64,
) -> Result<Result<(), Duration>, sqlx::Error> {
    let start = limit.window_start(at);
    let current: i64 = sqlx::query_scalar(
        "INSERT INTO rate_buckets (bucket, window_start, hits) VALUES ($1, $2, 1)
         ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_buckets.hits + 1
         RETURNING hits",
    )
    .bind(bucket)
    .bind(start)
    .fetch_one(&mut *db)
    .await?;
    let previous: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(hits), 0) FROM rate_buckets WHERE bucket = $1 AND window_start = $2",
    )
    .bind(bucket)
    .bind(start - limit.window_secs())
    .fetch_one(&mut *db)
    .await?;
    Ok(limit.judge(previous, current, at))
}

impl Limit {
    /// Over the limit when the two windows' hits exceed it; the wait runs until enough of them
    /// have left (the previous window ends with this one; this one's with the next).
    fn judge(self, previous: i64, current: i64, at: i64) -> Result<(), Duration> {
        let max = i64::from(self.max);
        if previous + current <= max {
            Ok(())
        } else if current > max {
            Err(self.wait(at) + self.window)
        } else {
            Err(self.wait(at))
        }
    }
}

/// Takes back one hit of the current window (a sign-in whose password was right).
pub async fn forgive(db: &Db, bucket: &str, limit: Limit, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE rate_buckets SET hits = hits - 1 WHERE bucket = $1 AND window_start = $2 AND hits > 0",
    )
    .bind(bucket)
    .bind(limit.window_start(at))
    .execute(db)
    .await?;
    Ok(())
}

/// Forgets every window of `bucket` (an account's failures after it signs in).
pub async fn clear(db: &Db, bucket: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM rate_buckets WHERE bucket = $1")
        .bind(bucket)
        .execute(db)
        .await?;
    Ok(())
}

/// Deletes windows that ended more than `longest` ago.
pub async fn prune(db: &Db, at: i64, longest: Duration) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM rate_buckets WHERE window_start < $1")
        .bind(at - 2 * longest.as_secs() as i64)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Limit = Limit {
        max: 3,
        window: Duration::from_secs(60),
    };

    #[test]
    fn windows_are_aligned_and_the_wait_runs_to_the_windows_end() {
        assert_eq!(MINUTE.window_start(125), 120);
        assert_eq!(MINUTE.wait(125), Duration::from_secs(55));
        assert_eq!(MINUTE.wait(179), Duration::from_secs(1));
        assert_eq!(MINUTE.window_start(180), 180);
    }

    #[test]
    fn the_window_before_still_counts_so_an_edge_does_not_reopen_the_limit() {
        assert_eq!(MINUTE.judge(0, 3, 125), Ok(()));
        assert_eq!(MINUTE.judge(3, 1, 125), Err(Duration::from_secs(55)));
        assert_eq!(MINUTE.judge(0, 4, 125), Err(Duration::from_secs(115)));
        assert_eq!(MINUTE.judge(2, 1, 125), Ok(()));
    }
}
