//! Sign-in and session views: the sign-in request and who is signed in, for which partner.

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
}
