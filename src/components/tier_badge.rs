//! The partner's tier as a badge: the tier's name is always written out, so colour is never
//! the only signal.

use crate::i18n::tf;
use crate::labels;
use domain::Tier;
use leptos::prelude::*;

/// A badge reading "Gold partner" (etc.), styled by the tier's theme tokens.
#[component]
pub fn TierBadge(
    /// The tier to show.
    tier: Tier,
) -> impl IntoView {
    view! {
        <span class="tier-badge" data-tier=tier.as_str()>
            {tf("tier_badge.partner", &[("tier", &labels::tier(tier))])}
        </span>
    }
}
