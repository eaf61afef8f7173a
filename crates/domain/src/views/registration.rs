//! Deal registration views: the form's options, the customer check, a registration as partners
//! see it and its history.

use crate::conflict::Availability;
use crate::error::FieldErrors;
use crate::message::Message;
use crate::pipeline::SharedField;
use crate::registration::{Attribution, Protection, SlaClock, Status};
use crate::{Motion, Tier as PartnerTier};
use serde::{Deserialize, Serialize};

/// A registration category the caller's tier may use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryView {
    pub code: String,
    pub label: String,
    pub description: String,
    /// The lowest tier that has this category (a tier benefit when above bronze).
    pub minimum_tier: PartnerTier,
}

/// `GET /api/v1/registrations/options`: what the form offers this partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationOptions {
    pub categories: Vec<CategoryView>,
    pub currencies: Vec<String>,
    pub protection_days: i64,
    pub approval_sla_hours: i64,
    /// Today's date on the server (`YYYY-MM-DD`), the earliest valid close date.
    pub today: String,
}

/// `POST /api/v1/registrations/check` body: the customer to look up.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CustomerCheckRequest {
    pub customer_legal_name: String,
    pub customer_domain: String,
    pub customer_country: String,
}

impl CustomerCheckRequest {
    /// Each given field by the registration form's rules (an empty one is simply not used).
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut err = |field: &str, msg: Message| {
            errors.entry(field.to_owned()).or_insert(msg);
        };
        if !self.customer_legal_name.trim().is_empty() {
            crate::registration::text_field(
                &mut err,
                "customer_legal_name",
                &self.customer_legal_name,
                2,
                crate::registration::MAX_NAME,
            );
        }
        if !self.customer_domain.trim().is_empty()
            && crate::customer::registrable_domain(&self.customer_domain).is_none()
        {
            err("customer_domain", Message::NotADomain);
        }
        let country = self.customer_country.trim().to_ascii_uppercase();
        if !country.is_empty() && crate::countries::country_name(&country).is_none() {
            err("customer_country", Message::Choose);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Whether `text` has a control character other than a line break or a tab.
pub fn has_control_beyond_line_breaks(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

/// Whether a customer is free; names the rule and the protection end, never the holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerCheck {
    pub availability: Availability,
    /// The catalog id of the rule's sentence (`rule.first_come`).
    pub message: String,
}

impl CustomerCheck {
    pub fn new(availability: Availability) -> Self {
        let message = availability.rule().label_id().to_owned();
        CustomerCheck {
            availability,
            message,
        }
    }
}

/// The customer contact on a registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactView {
    pub name: String,
    pub email: String,
    pub role: String,
}

/// A registration as partners see it: the program's safe fields and the partner's own input.
/// It has no field for vendor-internal data (price, discount, margin, internal or competitor
/// notes, other partners' claims).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationView {
    pub id: i64,
    /// `R-48213377`
    pub number: String,
    pub motion: Motion,
    pub category: String,
    pub customer_legal_name: String,
    pub customer_domain: String,
    pub customer_country: String,
    pub contact: ContactView,
    pub products: Vec<String>,
    /// Minor units (cents).
    pub estimated_value_minor: i64,
    pub currency: String,
    /// `YYYY-MM-DD`
    pub expected_close: String,
    pub attribution: Attribution,
    pub attribution_percent: u8,
    pub incumbent: bool,
    pub notes: String,
    pub status: Status,
    pub stage: Option<String>,
    pub vendor_owner: Option<String>,
    pub next_step: Option<String>,
    pub protection: Option<Protection>,
    /// Set while the registration awaits a decision.
    pub sla: Option<SlaClock>,
    /// `none`, `risk` or `active`.
    pub conflict_status: String,
    pub rejection_reason: Option<String>,
    pub extension_requested: bool,
    /// `portal` or `embed`.
    pub source: String,
    pub submitted_by: String,
    pub submitted_at: i64,
    /// `None` when the program does not share last activity.
    pub last_activity_at: Option<i64>,
}

impl RegistrationView {
    /// The one projection every partner view of a registration goes through (list, detail,
    /// the answer to a submission, anything later): what the program does not share is blanked.
    /// The partner's own input, the status and the decision clock are always theirs.
    pub fn shared_only(mut self, fields: &[SharedField]) -> RegistrationView {
        let has = |f| fields.contains(&f);
        if !has(SharedField::Stage) {
            self.stage = None;
        }
        if !has(SharedField::VendorOwner) {
            self.vendor_owner = None;
        }
        if !has(SharedField::NextStep) {
            self.next_step = None;
        }
        if !has(SharedField::Protection) {
            self.protection = None;
        }
        if !has(SharedField::LastActivity) {
            self.last_activity_at = None;
        }
        self
    }
}

/// One entry of a registration's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    pub at: i64,
    /// Who acted: a name, or "Portico" for automatic changes.
    pub actor: String,
    pub action: String,
    /// Status before → after, when it changed.
    pub from: Option<Status>,
    pub to: Option<Status>,
    pub detail: Option<String>,
}

/// `GET /api/v1/registrations/{id}`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationDetail {
    pub registration: RegistrationView,
    pub history: Vec<HistoryEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_customer_check_refuses_what_the_form_would() {
        let ok = CustomerCheckRequest {
            customer_legal_name: "Globex <b>Corp</b>".into(),
            customer_domain: "https://eu.globex.com/x".into(),
            customer_country: "de".into(),
        };
        assert_eq!(ok.validate(), Ok(()));
        assert_eq!(CustomerCheckRequest::default().validate(), Ok(()));
        let bad = CustomerCheckRequest {
            customer_legal_name: "x".repeat(201),
            customer_domain: "not a domain".into(),
            customer_country: "ZZ".into(),
        };
        let errors = bad.validate().unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        let control = CustomerCheckRequest {
            customer_legal_name: "Globex\u{0}Corp".into(),
            ..Default::default()
        };
        assert!(
            control
                .validate()
                .unwrap_err()
                .contains_key("customer_legal_name")
        );
    }
}
