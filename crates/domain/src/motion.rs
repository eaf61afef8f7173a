//! Partner motions and their five stages, from the program's operating model.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How a partner sells with the vendor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Motion {
    Referral,
    Reseller,
    Marketplace,
    Services,
    Tech,
}

impl Motion {
    pub const ALL: [Motion; 5] = [
        Motion::Referral,
        Motion::Reseller,
        Motion::Marketplace,
        Motion::Services,
        Motion::Tech,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Motion::Referral => "referral",
            Motion::Reseller => "reseller",
            Motion::Marketplace => "marketplace",
            Motion::Services => "services",
            Motion::Tech => "tech",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Motion::Referral => "Referral",
            Motion::Reseller => "Reseller",
            Motion::Marketplace => "Marketplace",
            Motion::Services => "Services (SI/MSP)",
            Motion::Tech => "Technology (ISV)",
        }
    }

    /// The catalog id of its name (`motion.referral`, …), drawn by the portal and the embedded
    /// form in the reader's language.
    pub fn label_id(self) -> &'static str {
        match self {
            Motion::Referral => "motion.referral",
            Motion::Reseller => "motion.reseller",
            Motion::Marketplace => "motion.marketplace",
            Motion::Services => "motion.services",
            Motion::Tech => "motion.tech",
        }
    }

    /// The motion's five stages, in order.
    pub fn stages(self) -> [&'static str; 5] {
        match self {
            Motion::Referral => [
                "Intro Logged",
                "Validate",
                "Prove Value",
                "Commercials",
                "Closed & Credit",
            ],
            Motion::Reseller => [
                "Deal Registration",
                "Qualification",
                "Configure & Quote",
                "Transact",
                "Launch & Enable",
            ],
            Motion::Marketplace => [
                "Listing Ready",
                "Private Offer",
                "Procurement",
                "Close & Disburse",
                "Adopt & Expand",
            ],
            Motion::Services => [
                "Solution Design",
                "Proof / Workshop",
                "Commercials",
                "Delivery",
                "Handoff",
            ],
            Motion::Tech => [
                "Integration Fit",
                "Field Readiness",
                "Pipeline Activation",
                "Validation",
                "Commercials & Close",
            ],
        }
    }

    /// The stage a registration enters when it is approved.
    pub fn first_stage(self) -> &'static str {
        self.stages()[0]
    }
}

impl fmt::Display for Motion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A motion name that is not one of the program's motions.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown motion '{0}': expected referral, reseller, marketplace, services or tech")]
pub struct UnknownMotion(pub String);

impl FromStr for Motion {
    type Err = UnknownMotion;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Motion::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| UnknownMotion(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_motion_has_five_distinct_stages() {
        for m in Motion::ALL {
            let stages = m.stages();
            let mut unique = stages.to_vec();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), 5, "{m} repeats a stage");
        }
    }

    #[test]
    fn a_reseller_deal_starts_at_deal_registration() {
        assert_eq!(Motion::Reseller.first_stage(), "Deal Registration");
    }

    #[test]
    fn motion_names_round_trip_through_text_and_json() {
        for m in Motion::ALL {
            assert_eq!(m.as_str().parse::<Motion>(), Ok(m));
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(json, format!("\"{}\"", m.as_str()));
        }
    }
}
