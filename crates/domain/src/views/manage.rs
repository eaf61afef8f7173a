//! Decisions on a registration: a partner's extension request, a channel manager's rejection or
//! extension, the reason rule they share, and the managers' queue with its competing claims.

use super::registration::{RegistrationView, has_control_beyond_line_breaks};
use crate::Tier as PartnerTier;
use crate::conflict::Rule;
use crate::error::FieldErrors;
use crate::message::Message;
use crate::registration::Status;
use serde::{Deserialize, Serialize};

/// A partner's request for more protection time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ExtensionRequest {
    pub reason: String,
}

/// A channel manager's rejection.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RejectRequest {
    /// Shown to the partner.
    pub reason: String,
}

/// A channel manager's extension of protection.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ExtendRequest {
    /// Days to add to the protection end (1 to 180).
    pub days: i64,
}

/// A reason typed by a person: 5 to 1000 characters, line breaks and tabs but no other control
/// characters.
pub fn validate_reason(reason: &str, field: &str) -> Result<String, FieldErrors> {
    let r = reason.trim();
    let n = r.chars().count();
    let msg = if n < 5 {
        Some(Message::TooShort { min: 5 })
    } else if n > 1000 {
        Some(Message::TooLong { max: 1000 })
    } else if has_control_beyond_line_breaks(r) {
        Some(Message::ControlCharactersBeyondBreaks)
    } else {
        None
    };
    match msg {
        Some(m) => Err(FieldErrors::from([(field.to_owned(), m)])),
        None => Ok(r.to_owned()),
    }
}

/// A competing registration for the same customer, as channel managers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompetingClaim {
    pub id: i64,
    pub number: String,
    pub partner_name: String,
    pub partner_tier: PartnerTier,
    pub status: Status,
    pub protection_end: Option<i64>,
    pub submitted_at: i64,
    /// Whether this claim comes before the queued one, and the rule that decides.
    pub ranks_first: bool,
    pub rule: Rule,
}

/// A registration in the channel managers' queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueItem {
    pub registration: RegistrationView,
    pub partner_name: String,
    pub partner_tier: PartnerTier,
    pub partner_certified: bool,
    pub competing: Vec<CompetingClaim>,
    /// A pending extension request's reason, if any.
    pub extension_reason: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_keeps_line_breaks_but_refuses_other_control_characters() {
        assert_eq!(
            validate_reason("Budget moved\n\tto Q3.", "reason").unwrap(),
            "Budget moved\n\tto Q3."
        );
        let e = validate_reason("Budget\u{7} moved", "reason").unwrap_err();
        assert!(crate::message::english("reason", &e["reason"]).contains("control characters"));
        assert!(validate_reason(&"x".repeat(1001), "reason").is_err());
    }
}
