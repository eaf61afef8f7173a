//! Every message the rules and the server give people, as a code with parameters
//! (`Message::TooLong { max: 200 }`), never as prose. The words live in the catalogs
//! (`i18n/*.messages`, rendered by the `catalog` crate) under the message's id, so the portal,
//! the embedded form and the server-rendered page say the same thing in the reader's language.
//!
//! A field's message may have a wording of its own: the catalog's `{id}.{field}` (e.g.
//! `err.required.contact_email = Enter the customer contact's e-mail address.`) is preferred to
//! the general `{id}` by [`render_field`].
//!
//! On the wire a message is `{"id": "err.too_long", "max": 200}`: the id and its parameters.

use crate::registration::Status;
use catalog::{Arg, Catalog};
use serde::{Deserialize, Serialize};

macro_rules! messages {
    ($(
        $(#[$doc:meta])*
        $name:ident $({ $($field:ident : $ty:ty),* $(,)? })? = $id:literal
    ),* $(,)?) => {
        /// A message's code and parameters; see the module documentation.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(tag = "id")]
        pub enum Message {
            $(
                $(#[$doc])*
                #[serde(rename = $id)]
                $name $({ $($field: $ty),* })?,
            )*
            /// A code this build does not know (a newer server): drawn as a general sentence.
            #[serde(other, rename = "err.unknown")]
            Unknown,
        }

        impl Message {
            /// Every id, for the catalogs' completeness test.
            pub const IDS: &'static [&'static str] = &[$($id,)* "err.unknown"];

            /// The catalog id.
            pub fn id(&self) -> &'static str {
                match self {
                    $( Message::$name { .. } => $id, )*
                    Message::Unknown => "err.unknown",
                }
            }

            /// The parameters, named as the catalog's `{placeholders}`.
            pub fn args(&self) -> Vec<(&'static str, Arg)> {
                match self {
                    $( messages!(@pat $name $({ $($field),* })?) => {
                        vec![$($( (stringify!($field), Arg::from($field.clone())) ),*)?]
                    } )*
                    Message::Unknown => Vec::new(),
                }
            }
        }
    };
    (@pat $name:ident { $($field:ident),* }) => { Message::$name { $($field),* } };
    (@pat $name:ident) => { Message::$name };
}

messages! {
    // ---- fields: general wordings (a field may have its own, see `render_field`) ----
    /// Nothing entered where something is needed.
    Required = "err.required",
    /// Fewer than `min` characters.
    TooShort { min: u32 } = "err.too_short",
    /// More than `max` characters.
    TooLong { max: u32 } = "err.too_long",
    /// More than `max` characters, `over` too many.
    TooLongBy { max: u32, over: u32 } = "err.too_long_by",
    /// A single-line text with a control character in it.
    ControlCharacters = "err.control_characters",
    /// A multi-line text with a control character other than line breaks and tabs.
    ControlCharactersBeyondBreaks = "err.control_characters_beyond_breaks",
    /// An empty value where leaving the field out keeps the current one.
    NotEmpty = "err.not_empty",
    /// Not one of the offered choices.
    Choose = "err.choose",
    /// `value` is not one of the known values.
    UnknownChoice { value: String } = "err.unknown_choice",
    /// At most `max` entries.
    TooMany { max: u32 } = "err.too_many",
    /// Not a number.
    NotANumber = "err.not_a_number",
    /// A whole number between `min` and `max` is needed.
    WholeNumber { min: i64, max: i64 } = "err.whole_number",
    /// A negative amount.
    Negative = "err.negative",
    /// Not a date (YYYY-MM-DD).
    NotADate = "err.not_a_date",
    /// An e-mail address longer than `max`.
    EmailTooLong { max: u32 } = "err.email_too_long",
    /// An e-mail address with spaces in it.
    EmailSpaces = "err.email_spaces",
    /// An e-mail address without `@` and domain.
    EmailShape = "err.email_shape",
    /// Not a web domain.
    NotADomain = "err.not_a_domain",
    /// A product name that is too long or has control characters (`start`: its beginning).
    BadProductName { start: String } = "err.bad_product_name",
    /// More than two decimals in a money amount.
    TwoDecimals = "err.two_decimals",
    /// A money amount above what the program registers.
    ValueTooLarge = "err.value_too_large",
    /// A money amount of zero.
    NotPositive = "err.not_positive",
    /// A date before today.
    DateInPast = "err.date_in_past",
    /// A close date more than three years out.
    DateTooFar = "err.date_too_far",
    /// Not a web address (`http(s)://…`).
    NotALink = "err.not_a_link",
    /// An allowed-website entry (`entry`, from 1) that is not an origin, and why.
    BadOrigin { entry: u32, problem: crate::embed::OriginProblem } = "err.bad_origin",
    /// The honeypot field of the embedded form is filled in.
    LeaveEmpty = "err.leave_empty",
    /// A value inside the field that is required (`at`: its path, like `products[2].name`).
    RequiredAt { at: String } = "err.required_at",
    /// A field the request does not know (`at`: its path).
    UnknownField { at: String } = "err.unknown_field",
    /// A value that does not fit its field (`at`: its path; `detail`: the decoder's words, for
    /// the developer who sent it: the portal's own forms never send such a value).
    Malformed { at: String, detail: String } = "err.malformed",
    /// A forward move skips stages (`next`: the stage that comes next).
    StageStep { next: String } = "err.stage_step",
    /// A stage change without a next step.
    StageNeedsNextStep = "err.stage_needs_next_step",
    /// A stage the motion does not have.
    UnknownStage = "err.unknown_stage",
    /// Only approved deals move through stages (`status`: the deal's, a label id).
    StageNotApproved { status: Status } = "err.stage_not_approved",
    /// A customer check with neither a domain nor a legal name and country.
    CustomerCheckNeedsKey = "err.customer_check_needs_key",
    /// A money amount of zero or less (a commission's base value, a payment).
    AmountNotPositive = "err.amount_not_positive",
    /// Not a three-letter ISO 4217 currency code.
    CurrencyCode = "err.currency_code",
    /// Not a month (YYYY-MM), e.g. a statement's period.
    NotAPeriod = "err.not_a_period",

    // ---- the request as a whole ----
    /// Some fields need attention (the fields say which).
    FieldsNeedAttention = "err.fields_need_attention",
    /// Nothing at this address, or nothing the caller may see.
    NotFound = "err.not_found",
    /// A failure on the server; the details are in its log.
    Internal = "err.internal",
    /// The database is out of reach.
    Unavailable = "err.unavailable",
    /// Every password hasher stayed busy.
    Busy = "err.busy",
    /// The request took longer than the server's limit.
    TimedOut = "err.timed_out",
    /// Too many attempts; `n` seconds to wait.
    RateLimitedSeconds { n: u64 } = "err.rate_limited_seconds",
    /// Too many attempts; `n` minutes to wait.
    RateLimitedMinutes { n: u64 } = "err.rate_limited_minutes",
    /// The address does not take this method.
    MethodNotAllowed { method: String } = "err.method_not_allowed",
    /// The body is larger than `limit` bytes.
    PayloadTooLarge { limit: u64 } = "err.payload_too_large",
    /// The body is not JSON.
    NotJson = "err.not_json",
    /// The body is not sent as `application/json`.
    NotJsonContentType = "err.not_json_content_type",
    /// The query string does not read (`detail`: the decoder's words, for developers).
    BadQuery { detail: String } = "err.bad_query",
    /// The body could not be read (`detail`: the server's words, for developers).
    BadBody { detail: String } = "err.bad_body",
    /// The body is JSON but not one object.
    NotAnObject = "err.not_an_object",
    /// A page cursor this server did not write.
    BadCursor = "err.bad_cursor",
    /// A page size outside `min..=max`.
    BadPageSize { min: u32, max: u32 } = "err.bad_page_size",
    /// No session.
    SignInToContinue = "err.sign_in_to_continue",
    /// The session expired or was revoked.
    SessionEnded = "err.session_ended",
    /// E-mail and password do not match an account.
    WrongCredentials = "err.wrong_credentials",
    /// Partner users only.
    OnlyPartners = "err.only_partners",
    /// Channel managers only.
    OnlyManagers = "err.only_managers",
    /// The partner's admins only.
    OnlyPartnerAdmins = "err.only_partner_admins",
    /// A cross-site request.
    CrossSite = "err.cross_site",
    /// Someone else decided the registration a moment ago.
    DecidedByOther = "err.decided_by_other",
    /// A draft id reused with different details.
    DraftReused = "err.draft_reused",
    /// Only approved registrations with protection running can be extended.
    NotExtendable = "err.not_extendable",
    /// An extension request is already waiting.
    ExtensionPending = "err.extension_pending",
    /// A decision on a registration that already has one (`status`: a label id).
    AlreadyDecided { status: Status } = "err.already_decided",
    /// A registration awaiting a decision cannot be extended, won or lost yet.
    NotYetApproved = "err.not_yet_approved",
    /// A registration that is closed (`status`: a label id) changes no more.
    Closed { status: Status } = "err.closed",
    /// The embedded form is asked for by a website the partner did not list.
    EmbedShowNotAllowed = "err.embed_show_not_allowed",
    /// The embedded form was sent from a website the partner did not list.
    EmbedSendNotAllowed = "err.embed_send_not_allowed",
    /// The embedded form's token is stale or was not written by Portico.
    EmbedTokenExpired = "err.embed_token_expired",
    /// The embedded form's token field holds something that is no token.
    EmbedNotAToken = "err.embed_not_a_token",
    /// The embedded form was already sent with other details.
    EmbedFormReused = "err.embed_form_reused",
    /// A queue view the server does not have.
    UnknownView { view: String } = "err.unknown_view",
    /// Another partner's approved registration protects the customer until `until`
    /// (YYYY-MM-DD).
    ProtectedByOther { registration: String, partner: String, until: String } = "err.protected_by_other",
    /// An `Idempotency-Key` header that is not 1 to `max` visible ASCII characters.
    BadIdempotencyKey { max: u32 } = "err.bad_idempotency_key",
    /// The announcement does not ask for acknowledgement.
    NoAckNeeded = "err.no_ack_needed",
    /// Only an approved commission line can be paid.
    LineNotApproved = "err.line_not_approved",
    /// An approved commission line is paid with its statement, which is not issued yet.
    LineNotOnIssuedStatement = "err.line_not_on_issued_statement",
    /// A commission line that is already on hold.
    LineAlreadyOnHold = "err.line_already_on_hold",
    /// A commission line that is already approved (only payment follows; corrections are
    /// adjustments).
    LineAlreadyApproved = "err.line_already_approved",
    /// A declined commission line changes no more (corrections are adjustments).
    LineDeclined = "err.line_declined",
    /// A paid commission line changes no more (corrections are adjustments).
    LinePaid = "err.line_paid",
    /// A statement for that partner, month and currency was already issued.
    StatementExists { period: String, currency: String } = "err.statement_exists",
    /// No approved line of that partner, month and currency waits for a statement.
    NothingToState { period: String, currency: String } = "err.nothing_to_state",
    /// The statement was already marked paid.
    StatementPaid = "err.statement_paid",
    /// Only an approved registration can be marked won.
    WonNeedsApproval = "err.won_needs_approval",
    /// Only an approved or paid base or SPIFF line can be clawed back.
    ClawbackNeedsEarned = "err.clawback_needs_earned",
    /// The line was clawed back already.
    ClawedBackAlready = "err.clawed_back_already",
    /// The reversal came after the program's clawback window.
    ClawbackWindowOver { days: u32 } = "err.clawback_window_over",

    // ---- answers that are not errors ----
    /// The embedded form reached the partner (`partner`: its name).
    EmbedReceived { partner: String } = "msg.embed_received",
    /// The portal's preview of the embedded form passed the checks; nothing was stored.
    EmbedPreviewChecked = "msg.embed_preview_checked",
}

impl Message {
    /// In the language of `catalog`, with the field's own wording when it has one.
    pub fn render_field(&self, catalog: &Catalog<'_>, field: &str) -> Option<String> {
        let args = self.args();
        catalog
            .render(&format!("{}.{field}", self.id()), &args)
            .or_else(|| catalog.render(self.id(), &args))
    }

    /// In the language of `catalog`.
    pub fn render(&self, catalog: &Catalog<'_>) -> Option<String> {
        catalog.render(self.id(), &self.args())
    }

    /// The wait of a refused attempt, in whole seconds or minutes as people say it.
    pub fn rate_limited(retry_after_secs: u64) -> Message {
        match retry_after_secs {
            0..=59 => Message::RateLimitedSeconds {
                n: retry_after_secs.max(1),
            },
            s => Message::RateLimitedMinutes { n: s.div_ceil(60) },
        }
    }
}

impl From<Status> for Arg {
    fn from(s: Status) -> Arg {
        Arg::Label(s.label_id())
    }
}

impl From<crate::EmailError> for Message {
    fn from(e: crate::EmailError) -> Self {
        match e {
            crate::EmailError::Empty => Message::Required,
            crate::EmailError::TooLong => Message::EmailTooLong {
                max: crate::EmailAddress::MAX_LEN as u32,
            },
            crate::EmailError::Whitespace => Message::EmailSpaces,
            crate::EmailError::Shape => Message::EmailShape,
        }
    }
}

/// A field's message in English, as people read it (for tests of the rules).
#[cfg(test)]
pub(crate) fn english(field: &str, m: &Message) -> String {
    thread_local! {
        static EN: Catalog<'static> = Catalog::parse(catalog::EN).unwrap();
    }
    EN.with(|c| m.render_field(c, field))
        .unwrap_or_else(|| panic!("{} has no English text", m.id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_english() {
        let en = Catalog::parse(catalog::EN).unwrap();
        for id in Message::IDS {
            assert!(en.get(id).is_some(), "no English text for {id}");
        }
    }

    #[test]
    fn a_message_is_its_id_and_parameters_on_the_wire() {
        let m = Message::TooLong { max: 200 };
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(json, serde_json::json!({"id": "err.too_long", "max": 200}));
        assert_eq!(serde_json::from_value::<Message>(json).unwrap(), m);
        let unit = serde_json::to_value(Message::Required).unwrap();
        assert_eq!(unit, serde_json::json!({"id": "err.required"}));
    }

    #[test]
    fn an_unknown_code_still_decodes() {
        let m: Message = serde_json::from_str(r#"{"id":"err.from_the_future"}"#).unwrap();
        assert_eq!(m, Message::Unknown);
    }

    #[test]
    fn ids_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for id in Message::IDS {
            assert!(seen.insert(id), "{id} twice");
        }
    }

    #[test]
    fn a_field_wording_wins_over_the_general_one() {
        let c = Catalog::parse(
            "err.required = This field is required.\nerr.required.email = Enter your e-mail address.\n",
        )
        .unwrap();
        assert_eq!(
            Message::Required.render_field(&c, "email").unwrap(),
            "Enter your e-mail address."
        );
        assert_eq!(
            Message::Required.render_field(&c, "name").unwrap(),
            "This field is required."
        );
    }
}
