//! The domain's short labels (motions, statuses, roles, tiers, shared fields, stages) in the
//! UI's language.
//!
//! Two kinds, one rule each:
//! - a closed enum is mapped here to literals passed to [`t`], so the catalog test sees every label
//!   (and a new variant does not compile until it has one);
//! - text the server sends as data (stage names, history actions, messages) goes through
//!   [`tr`], and the catalog tests in `i18n` list the domain's fixed texts to keep it complete.

use crate::i18n::{t, tr};
use domain::pipeline::SharedField;
use domain::registration::Status;
use domain::{Motion, Role, Tier};

/// "Referral", "Reseller", …
pub fn motion(m: Motion) -> &'static str {
    match m {
        Motion::Referral => t("Referral"),
        Motion::Reseller => t("Reseller"),
        Motion::Marketplace => t("Marketplace"),
        Motion::Services => t("Services (SI/MSP)"),
        Motion::Tech => t("Technology (ISV)"),
    }
}

/// "Awaiting decision", "Approved", …
pub fn status(s: Status) -> &'static str {
    match s {
        Status::Submitted => t("Awaiting decision"),
        Status::Approved => t("Approved"),
        Status::Rejected => t("Rejected"),
        Status::Expired => t("Expired"),
        Status::Won => t("Won"),
        Status::Lost => t("Lost"),
    }
}

/// "Partner user", "Partner admin", "Channel manager".
pub fn role(r: Role) -> &'static str {
    match r {
        Role::PartnerUser => t("Partner user"),
        Role::PartnerAdmin => t("Partner admin"),
        Role::ChannelManager => t("Channel manager"),
    }
}

/// "Bronze", "Silver", "Gold".
pub fn tier(x: Tier) -> &'static str {
    match x {
        Tier::Bronze => t("Bronze"),
        Tier::Silver => t("Silver"),
        Tier::Gold => t("Gold"),
    }
}

/// A pipeline field partners may be shown.
pub fn shared_field(f: SharedField) -> &'static str {
    match f {
        SharedField::Stage => t("Stage"),
        SharedField::VendorOwner => t("Vendor owner"),
        SharedField::NextStep => t("Next step"),
        SharedField::Protection => t("Protection status and expiry"),
        SharedField::LastActivity => t("Last activity"),
    }
}

/// A stage name (stored and sent as English text, e.g. "Configure & Quote").
pub fn stage(s: &str) -> String {
    tr(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tests run in English: the SPA's labels must be the domain's words, so the catalog key is
    /// the text the rest of the system uses.
    #[test]
    fn english_labels_are_the_domains() {
        for m in Motion::ALL {
            assert_eq!(motion(m), m.label());
        }
        for s in Status::ALL {
            assert_eq!(status(s), s.label());
        }
        for r in Role::ALL {
            assert_eq!(role(r), r.label());
        }
        for x in Tier::ALL {
            assert_eq!(tier(x), x.label());
        }
        for f in SharedField::ALL {
            assert_eq!(shared_field(f), f.label());
        }
    }

    #[test]
    fn every_stage_of_every_motion_has_a_german_name() {
        let known: std::collections::HashSet<&str> =
            crate::i18n::german_entries().map(|(en, _)| *en).collect();
        for m in Motion::ALL {
            for s in m.stages() {
                assert!(known.contains(s), "no German name for the stage {s:?}");
            }
        }
    }
}
