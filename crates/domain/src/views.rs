//! Wire types: what the API accepts and what it answers.
//!
//! Everything a partner can receive is built from these *partner-view* types, which simply have
//! no field for vendor-internal data. The server's internal rows never serialise into responses.

use crate::error::FieldErrors;
use crate::message::Message;
use crate::{EmailAddress, Role, Tier};
use serde::{Deserialize, Serialize};

/// `POST /api/v1/session` body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInRequest {
    pub email: String,
    pub password: String,
}

/// A sign-in request whose fields have been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSignIn {
    pub email: EmailAddress,
    pub password: String,
}

impl SignInRequest {
    /// Longest password accepted; longer input is refused before any hashing work.
    pub const MAX_PASSWORD_LEN: usize = 1024;

    /// The same checks in the form (inline) and in the API (authoritative).
    pub fn validate(&self) -> Result<ValidSignIn, FieldErrors> {
        let mut fields = FieldErrors::new();
        let email = EmailAddress::parse(&self.email)
            .map_err(|e| fields.insert("email".into(), e.into()))
            .ok();
        if self.password.is_empty() {
            fields.insert("password".into(), Message::Required);
        } else if self.password.len() > Self::MAX_PASSWORD_LEN {
            fields.insert(
                "password".into(),
                Message::TooLong {
                    max: Self::MAX_PASSWORD_LEN as u32,
                },
            );
        }
        match email {
            Some(email) if fields.is_empty() => Ok(ValidSignIn {
                email,
                password: self.password.clone(),
            }),
            _ => Err(fields),
        }
    }
}

/// The signed-in user as they may see themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
}

/// A partner company as its own users see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerView {
    pub id: i64,
    pub name: String,
    pub tier: Tier,
}

/// `GET /api/v1/me`: who is signed in, for which partner (none for channel managers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub user: UserView,
    pub partner: Option<PartnerView>,
}

impl Me {
    /// The tier whose theme and pages apply; channel managers have none.
    pub fn tier(&self) -> Option<Tier> {
        self.partner.as_ref().map(|p| p.tier)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_sign_in_normalises_the_email() {
        let ok = SignInRequest {
            email: " Ava@Vertex.example".into(),
            password: "pw".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(ok.email.as_str(), "ava@vertex.example");
    }

    #[test]
    fn an_empty_sign_in_names_both_fields() {
        let errs = SignInRequest::default().validate().unwrap_err();
        let en = |f: &str| crate::message::english(f, &errs[f]);
        assert_eq!(en("email"), "Enter your e-mail address.");
        assert_eq!(en("password"), "Enter your password.");
    }

    #[test]
    fn an_overlong_password_is_refused_before_hashing() {
        let req = SignInRequest {
            email: "a@b.io".into(),
            password: "x".repeat(2000),
        };
        assert!(req.validate().unwrap_err().contains_key("password"));
    }

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

// ---------------------------------------------------------------------------------------------
// Deal registration

use crate::conflict::{Availability, Rule};
use crate::pipeline::SharedField;
use crate::registration::{Attribution, Protection, SlaClock, Status};
use crate::{Motion, Tier as PartnerTier};

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
