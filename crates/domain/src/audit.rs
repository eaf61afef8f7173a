//! What the audit trail records: one [`AuditAction`] per kind of change, the kind of record it
//! changes, and — for the few that partners may read in a registration's history — the label
//! they see and the shared field the event would reveal. The stored name (`as_str`) is the
//! column value; a typo is a compile error, not a silently hidden event.

use crate::pipeline::SharedField;

/// The kind of record an audit event is about (the `entity` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    User,
    Registration,
    Asset,
    Announcement,
    Partner,
    Program,
    CommissionLine,
    Statement,
}

impl Entity {
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::User => "user",
            Entity::Registration => "registration",
            Entity::Asset => "asset",
            Entity::Announcement => "announcement",
            Entity::Partner => "partner",
            Entity::Program => "program",
            Entity::CommissionLine => "commission_line",
            Entity::Statement => "commission_statement",
        }
    }
}

macro_rules! audit_actions {
    ($($variant:ident = $name:literal, $entity:ident, $label:expr;)+) => {
        /// Every change the audit trail records.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum AuditAction { $($variant),+ }

        impl AuditAction {
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$variant),+];

            /// The stored name (`audit_events.action`).
            pub fn as_str(self) -> &'static str {
                match self { $(AuditAction::$variant => $name),+ }
            }

            /// The kind of record it changes.
            pub fn entity(self) -> Entity {
                match self { $(AuditAction::$variant => Entity::$entity),+ }
            }

            /// The catalog id of what partners read in a registration's history; `None`: never
            /// shown to them (edits of internal fields, sign-ins, …).
            pub fn partner_label(self) -> Option<&'static str> {
                match self { $(AuditAction::$variant => $label),+ }
            }
        }
    };
}

audit_actions! {
    SignIn = "sign_in", User, None;
    SignOut = "sign_out", User, None;
    UserCreated = "user_created", User, None;
    RegistrationSubmitted = "registration_submitted", Registration, Some("audit.registration_submitted");
    RegistrationApproved = "registration_approved", Registration, Some("audit.registration_approved");
    RegistrationRejected = "registration_rejected", Registration, Some("audit.registration_rejected");
    RegistrationExpired = "registration_expired", Registration, Some("audit.registration_expired");
    ExtensionRequested = "extension_requested", Registration, Some("audit.extension_requested");
    ProtectionExtended = "protection_extended", Registration, Some("audit.protection_extended");
    StageChanged = "stage_changed", Registration, Some("audit.stage_changed");
    DealUpdated = "deal_updated", Registration, None;
    SharedFieldsChanged = "shared_fields_changed", Program, None;
    AssetCreated = "asset_created", Asset, None;
    AssetUpdated = "asset_updated", Asset, None;
    AssetRetired = "asset_retired", Asset, None;
    AssetRestored = "asset_restored", Asset, None;
    AnnouncementAcknowledged = "announcement_acknowledged", Announcement, None;
    ProfileConfirmed = "profile_confirmed", Partner, None;
    EmbedOriginsChanged = "embed_origins_changed", Partner, None;
    EmbedKeyRotated = "embed_key_rotated", Partner, None;
    RegistrationWon = "registration_won", Registration, Some("audit.registration_won");
    CommissionLineApproved = "commission_line_approved", CommissionLine, None;
    CommissionLineDeclined = "commission_line_declined", CommissionLine, None;
    CommissionLineHeld = "commission_line_held", CommissionLine, None;
    CommissionLineClawedBack = "commission_line_clawed_back", CommissionLine, None;
    StatementIssued = "statement_issued", Statement, None;
    StatementPaid = "statement_paid", Statement, None;
}

impl AuditAction {
    /// The action with this stored name.
    pub fn parse(name: &str) -> Option<AuditAction> {
        Self::ALL.iter().copied().find(|a| a.as_str() == name)
    }

    /// The field an event of this kind reveals: partners see it only while the program shares
    /// that field (a stage move names the new stage, an extension the new end).
    pub fn reveals(self) -> Option<SharedField> {
        match self {
            AuditAction::StageChanged => Some(SharedField::Stage),
            AuditAction::ProtectionExtended => Some(SharedField::Protection),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_are_unique_and_read_back() {
        let mut names: Vec<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), AuditAction::ALL.len());
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(*a));
        }
        assert_eq!(AuditAction::parse("registration_aproved"), None);
    }

    #[test]
    fn partners_read_only_registration_events_and_only_the_lifecycle() {
        let shown: Vec<&str> = AuditAction::ALL
            .iter()
            .filter_map(|a| a.partner_label())
            .collect();
        assert_eq!(
            shown,
            [
                "audit.registration_submitted",
                "audit.registration_approved",
                "audit.registration_rejected",
                "audit.registration_expired",
                "audit.extension_requested",
                "audit.protection_extended",
                "audit.stage_changed",
                "audit.registration_won",
            ]
        );
        for a in AuditAction::ALL {
            if a.partner_label().is_some() {
                assert_eq!(a.entity(), Entity::Registration, "{a:?}");
            }
        }
        assert_eq!(AuditAction::DealUpdated.partner_label(), None);
    }

    #[test]
    fn stage_and_extension_events_reveal_their_field() {
        assert_eq!(
            AuditAction::StageChanged.reveals(),
            Some(SharedField::Stage)
        );
        assert_eq!(
            AuditAction::ProtectionExtended.reveals(),
            Some(SharedField::Protection)
        );
        assert_eq!(AuditAction::RegistrationApproved.reveals(), None);
    }
}
