//! The domain's short labels (motions, statuses, roles, tiers, shared fields, stages,
//! commission line statuses, kinds and plans) in the UI's language.
//!
//! Two kinds, one rule each:
//! - a closed enum is mapped here to literals passed to [`t`], so the catalog test sees every label
//!   (and a new variant does not compile until it has one);
//! - text the server sends as data (stage names, history actions, messages) goes through
//!   [`tr`], and the catalog tests in `i18n` list the domain's fixed texts to keep it complete.

use crate::i18n::{t, tr};
use domain::commission::{LineKind, LineStatus, PlanKind};
use domain::pipeline::SharedField;
use domain::registration::Status;
use domain::{Motion, Role, Tier};

/// "Referral", "Reseller", …
pub fn motion(m: Motion) -> &'static str {
    t(m.label_id())
}

/// "Awaiting decision", "Approved", …
pub fn status(s: Status) -> &'static str {
    match s {
        Status::Submitted => t("common.awaiting_decision"),
        Status::Approved => t("common.approved"),
        Status::Rejected => t("label.rejected"),
        Status::Expired => t("label.expired"),
        Status::Won => t("common.won"),
        Status::Lost => t("label.lost"),
    }
}

/// "Partner user", "Partner admin", "Channel manager".
pub fn role(r: Role) -> &'static str {
    match r {
        Role::PartnerUser => t("label.partner_user"),
        Role::PartnerAdmin => t("label.partner_admin"),
        Role::ChannelManager => t("label.channel_manager"),
    }
}

/// "Bronze", "Silver", "Gold".
pub fn tier(x: Tier) -> &'static str {
    match x {
        Tier::Bronze => t("label.bronze"),
        Tier::Silver => t("label.silver"),
        Tier::Gold => t("label.gold"),
    }
}

/// A pipeline field partners may be shown.
pub fn shared_field(f: SharedField) -> &'static str {
    match f {
        SharedField::Stage => t("common.stage"),
        SharedField::VendorOwner => t("common.vendor_owner"),
        SharedField::NextStep => t("common.next_step"),
        SharedField::Protection => t("label.protection_status_and_expiry"),
        SharedField::LastActivity => t("common.last_activity"),
    }
}

/// A commission line's status: "New", "Approved", "On hold", …
pub fn line_status(s: LineStatus) -> &'static str {
    match s {
        LineStatus::New => t("commission.status.new"),
        LineStatus::Approved => t("commission.status.approved"),
        LineStatus::Declined => t("commission.status.declined"),
        LineStatus::OnHold => t("commission.status.on_hold"),
        LineStatus::Paid => t("commission.status.paid"),
    }
}

/// What a commission line is for: "Base commission", "SPIFF", "Adjustment".
pub fn line_kind(k: LineKind) -> &'static str {
    match k {
        LineKind::Base => t("commission.line.base"),
        LineKind::Spiff => t("commission.line.spiff"),
        LineKind::Adjustment => t("commission.line.adjustment"),
        LineKind::CarriedForward => t("commission.line.carried_forward"),
    }
}

/// A commission plan's kind: "Referral fee", "Reseller rebate", …
pub fn plan_kind(k: PlanKind) -> &'static str {
    match k {
        PlanKind::ReferralFee => t("commission.kind.referral_fee"),
        PlanKind::ResellerRebate => t("commission.kind.reseller_rebate"),
        PlanKind::MarketplaceFee => t("commission.kind.marketplace_fee"),
        PlanKind::ServicesBonus => t("commission.kind.services_bonus"),
        PlanKind::TechIncentive => t("commission.kind.tech_incentive"),
    }
}

/// A stage name (stored and sent as English text, e.g. "Configure & Quote"), by its catalog id
/// `stage.configure_quote`; a name the catalog lacks is shown as it is.
pub fn stage(s: &str) -> String {
    let text = tr(&stage_id(s));
    if text.starts_with("stage.") {
        s.to_owned()
    } else {
        text
    }
}

/// `stage.` and the name's lower-case words joined by `_` ("Proof / Workshop" →
/// `stage.proof_workshop`).
pub fn stage_id(name: &str) -> String {
    let mut id = String::from("stage.");
    let mut gap = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if gap && !id.ends_with('.') {
                id.push('_');
            }
            gap = false;
            id.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
    }
    id
}

/// A registration category by its code (`strategic_account`), as `category.<code>`; an
/// unknown code in sentence case.
pub fn category(code: &str) -> String {
    let text = tr(&format!("category.{code}"));
    if !text.starts_with("category.") {
        return text;
    }
    let mut words = code.replace('_', " ");
    if let Some(first) = words.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    words
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

    /// The literals above are the ids the domain names (`label_id`), so the server and any other
    /// reader of the catalogs draw the same words.
    #[test]
    fn commission_labels_are_drawn_from_the_ids_the_domain_names() {
        let english = |id: &str| tr(id);
        for s in LineStatus::ALL {
            assert_eq!(line_status(s), english(s.label_id()), "{s:?}");
            assert_ne!(line_status(s), s.label_id(), "no catalog entry for {s:?}");
        }
        for k in LineKind::ALL {
            assert_eq!(line_kind(k), english(k.label_id()), "{k:?}");
            assert_ne!(line_kind(k), k.label_id(), "no catalog entry for {k:?}");
        }
        for k in PlanKind::ALL {
            assert_eq!(plan_kind(k), english(k.label_id()), "{k:?}");
            assert_ne!(plan_kind(k), k.label_id(), "no catalog entry for {k:?}");
        }
    }

    #[test]
    fn every_stage_of_every_motion_has_a_catalog_id_whose_english_is_its_name() {
        for m in Motion::ALL {
            for s in m.stages() {
                assert_eq!(stage(s), s, "{}", stage_id(s));
                assert_ne!(tr(&stage_id(s)), stage_id(s), "no catalog entry for {s:?}");
            }
        }
        assert_eq!(stage_id("Proof / Workshop"), "stage.proof_workshop");
        assert_eq!(category("strategic_account"), "Strategic account");
        assert_eq!(category("new_thing"), "New thing");
    }
}
