//! Partner tiers: ordered levels `bronze < silver < gold`.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A partner's level in the program. The derive order *is* the business order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Bronze,
    Silver,
    Gold,
}

impl Tier {
    /// Every tier, lowest first.
    pub const ALL: [Tier; 3] = [Tier::Bronze, Tier::Silver, Tier::Gold];

    /// The identifier used in data, URLs, CSS (`data-tier`) and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Bronze => "bronze",
            Tier::Silver => "silver",
            Tier::Gold => "gold",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Tier::Bronze => "Bronze",
            Tier::Silver => "Silver",
            Tier::Gold => "Gold",
        }
    }

    /// 0 for bronze, 1 for silver, 2 for gold (stored beside tier names for range queries).
    pub fn rank(self) -> i64 {
        match self {
            Tier::Bronze => 0,
            Tier::Silver => 1,
            Tier::Gold => 2,
        }
    }

    /// Whether a partner of this tier may see something meant for `minimum` and above.
    pub fn reaches(self, minimum: Tier) -> bool {
        self >= minimum
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A tier name that is not one of the program's tiers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown tier '{0}': expected bronze, silver or gold")]
pub struct UnknownTier(pub String);

impl FromStr for Tier {
    type Err = UnknownTier;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Tier::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| UnknownTier(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_are_ordered_bronze_silver_gold() {
        assert!(Tier::Bronze < Tier::Silver && Tier::Silver < Tier::Gold);
    }

    #[test]
    fn a_tier_reaches_its_own_level_and_below_but_not_above() {
        assert!(Tier::Silver.reaches(Tier::Bronze));
        assert!(Tier::Silver.reaches(Tier::Silver));
        assert!(!Tier::Silver.reaches(Tier::Gold));
    }

    #[test]
    fn tier_names_round_trip_and_unknown_names_are_refused() {
        for t in Tier::ALL {
            assert_eq!(t.as_str().parse::<Tier>(), Ok(t));
        }
        assert_eq!(
            "platinum".parse::<Tier>(),
            Err(UnknownTier("platinum".into()))
        );
    }
}
