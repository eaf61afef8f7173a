//! One component per page; each sets its document title.

pub mod approvals;
pub mod commissions;
pub mod content;
pub mod embed;
pub mod home;
pub mod library;
pub mod manage_commissions;
pub mod new_registration;
pub mod not_found;
pub mod partners;
pub mod pipeline;
pub mod registration;
pub mod registrations;
pub mod sign_in;
pub mod statement;
pub mod style_guide;

pub use approvals::ApprovalsPage;
pub use commissions::CommissionsPage;
pub use content::{AssetEditorPage, ContentPage};
pub use embed::EmbedPage;
pub use home::HomePage;
pub use library::{AssetPage, LibraryPage};
pub use manage_commissions::ManageCommissionsPage;
pub use new_registration::NewRegistrationPage;
pub use not_found::NotFoundPage;
pub use partners::{PartnerPage, PartnersPage};
pub use pipeline::PipelinePage;
pub use registration::RegistrationPage;
pub use registrations::RegistrationsPage;
pub use sign_in::SignInPage;
pub use statement::StatementPage;
pub use style_guide::StyleGuidePage;
