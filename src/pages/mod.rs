//! One component per page; each sets its document title.

pub mod approvals;
pub mod content;
pub mod deals;
pub mod embed;
pub mod home;
pub mod library;
pub mod not_found;
pub mod pipeline;
pub mod register;
pub mod registration;
pub mod section;
pub mod sign_in;
pub mod style_guide;

pub use approvals::ApprovalsPage;
pub use content::{AssetEditorPage, ContentPage};
pub use deals::DealsPage;
pub use embed::EmbedPage;
pub use home::HomePage;
pub use library::{AssetPage, LibraryPage};
pub use not_found::NotFoundPage;
pub use pipeline::PipelinePage;
pub use register::RegisterDealPage;
pub use registration::RegistrationPage;
pub use section::SectionPage;
pub use sign_in::SignInPage;
pub use style_guide::StyleGuidePage;
