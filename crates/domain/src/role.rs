//! User roles and what each may do in broad strokes.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a signed-in user is. Partner roles belong to exactly one partner company;
/// channel managers are vendor staff and belong to none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    PartnerUser,
    PartnerAdmin,
    ChannelManager,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::PartnerUser, Role::PartnerAdmin, Role::ChannelManager];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::PartnerUser => "partner_user",
            Role::PartnerAdmin => "partner_admin",
            Role::ChannelManager => "channel_manager",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Role::PartnerUser => "Partner user",
            Role::PartnerAdmin => "Partner admin",
            Role::ChannelManager => "Channel manager",
        }
    }

    /// Whether this role belongs to a partner company (and so must have one).
    pub fn is_partner(self) -> bool {
        !matches!(self, Role::ChannelManager)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role name that is not one of the known roles.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role '{0}'")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_round_trip() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
        }
        assert!("admin".parse::<Role>().is_err());
    }

    #[test]
    fn only_channel_managers_are_not_partner_roles() {
        assert!(Role::PartnerUser.is_partner());
        assert!(Role::PartnerAdmin.is_partner());
        assert!(!Role::ChannelManager.is_partner());
    }
}
