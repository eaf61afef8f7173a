//! Partners as channel managers see them: the list (tier, people, registrations, win rate, open
//! pipeline, revenue, last activity) and a partner's page (profile, users, recent
//! registrations, progress toward the next tier). Managers only: no partner receives these.

use crate::Role;
use crate::home::{Amount, CompanyProfile, TierProgress};
use crate::motion::Motion;
use crate::registration::Status;
use crate::tier::Tier;
use serde::{Deserialize, Serialize};

/// One partner company in the channel managers' list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerSummary {
    pub id: i64,
    pub name: String,
    pub tier: Tier,
    /// The partner's motions, in their stored order.
    pub motions: Vec<Motion>,
    /// Users of the partner (admins and users).
    pub people: u32,
    /// Every registration the partner submitted.
    pub registrations: u32,
    /// Registrations a channel manager approved (approved now, or since won, lost or expired).
    pub approved: u32,
    pub won: u32,
    pub lost: u32,
    /// `won / (won + lost)` in whole percent; absent while nothing has closed.
    pub win_rate_percent: Option<u8>,
    /// The value of approved registrations still open, per currency (sorted by currency).
    pub open_pipeline: Vec<Amount>,
    /// Annual revenue through the program, in USD cents.
    pub annual_revenue_minor: i64,
    /// The latest activity on any of the partner's registrations (Unix seconds).
    pub last_activity_at: Option<i64>,
}

/// A user of a partner company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerPerson {
    pub name: String,
    pub email: String,
    pub role: Role,
}

/// A registration in a partner's recent list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerRegistration {
    pub id: i64,
    /// `R-000042`
    pub number: String,
    pub customer: String,
    pub status: Status,
    /// Unix seconds.
    pub submitted_at: i64,
}

/// A partner's page for channel managers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerDetail {
    pub summary: PartnerSummary,
    /// Motions and territories, and whether a partner admin confirmed them.
    pub profile: CompanyProfile,
    /// Sorted by name.
    pub users: Vec<PartnerPerson>,
    /// The newest registrations first, at most [`RECENT_REGISTRATIONS`].
    pub recent_registrations: Vec<PartnerRegistration>,
    /// Progress toward the next tier; absent at the top tier.
    pub tier_progress: Option<TierProgress>,
}

/// How many registrations a partner's page lists.
pub const RECENT_REGISTRATIONS: usize = 10;

/// The win rate: won deals as a whole percent of closed ones (won or lost, rounded half up),
/// `None` while none has closed.
pub fn win_rate_percent(won: u32, lost: u32) -> Option<u8> {
    let closed = u64::from(won) + u64::from(lost);
    if closed == 0 {
        return None;
    }
    let percent = (u64::from(won) * 200 + closed) / (closed * 2);
    Some(percent.min(100) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_closed_has_no_rate() {
        assert_eq!(win_rate_percent(0, 0), None);
    }

    #[test]
    fn all_won_or_all_lost() {
        assert_eq!(win_rate_percent(3, 0), Some(100));
        assert_eq!(win_rate_percent(0, 4), Some(0));
    }

    #[test]
    fn rounds_half_up() {
        assert_eq!(win_rate_percent(1, 1), Some(50));
        assert_eq!(win_rate_percent(1, 2), Some(33));
        assert_eq!(win_rate_percent(2, 1), Some(67));
        assert_eq!(win_rate_percent(1, 7), Some(13)); // 12.5 → 13
    }

    #[test]
    fn large_counts_do_not_overflow() {
        assert_eq!(win_rate_percent(u32::MAX, u32::MAX), Some(50));
        assert_eq!(win_rate_percent(u32::MAX, 0), Some(100));
    }
}
