//! Wire types: what the API accepts and what it answers.
//!
//! Everything a partner can receive is built from these *partner-view* types, which simply have
//! no field for vendor-internal data. The server's internal rows never serialise into responses.
//!
//! The types are grouped by what they serve, in private submodules whose items are all
//! re-exported here, so every path is `domain::views::X`:
//!
//! - `session`: sign-in and who is signed in (`SignInRequest`, `ValidSignIn`, `UserView`,
//!   `PartnerView`, `Me`)
//! - `registration`: deal registration (`CategoryView`, `RegistrationOptions`,
//!   `CustomerCheckRequest`, `CustomerCheck`, `has_control_beyond_line_breaks`, `ContactView`,
//!   `RegistrationView`, `HistoryEntry`, `RegistrationDetail`)
//! - `commission`: commissions and payouts (`CommissionLineView`, `StatementView`,
//!   `StatementListItem`, `CommissionsPage`, `MarkWonRequest`, `LineDecisionRequest`,
//!   `IssueStatementRequest`, `MarkPaidRequest`, `statement_csv`)
//! - `manage`: decisions on a registration (`ExtensionRequest`, `RejectRequest`, `ExtendRequest`,
//!   `validate_reason`, `CompetingClaim`, `QueueItem`)
//! - `partners`: channel managers' partner list and page (`PartnerSummary`, `PartnerDetail`,
//!   `PartnerPerson`, `PartnerRegistration`, `win_rate_percent`)

mod commission;
mod manage;
mod partners;
mod registration;
mod session;

pub use commission::{
    ClawbackRequest, CommissionLineView, CommissionsPage, IssueStatementRequest,
    LineDecisionRequest, MAX_DECISION_LINES, MAX_PAYOUT_REFERENCE, ManagedCommissionLine,
    ManagedStatement, MarkPaidRequest, MarkWonRequest, STATEMENT_CSV_HEADER, StatementListItem,
    StatementView, statement_csv,
};
pub use manage::{
    CompetingClaim, ExtendRequest, ExtensionRequest, QueueItem, RejectRequest, validate_reason,
};
pub use partners::{
    PartnerDetail, PartnerPerson, PartnerRegistration, PartnerSummary, RECENT_REGISTRATIONS,
    win_rate_percent,
};
pub use registration::{
    CategoryView, ContactView, CustomerCheck, CustomerCheckRequest, HistoryEntry,
    RegistrationDetail, RegistrationOptions, RegistrationView, has_control_beyond_line_breaks,
};
pub use session::{Me, PartnerView, SignInRequest, UserView, ValidSignIn};
