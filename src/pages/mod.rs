//! One component per page; each sets its document title.

pub mod home;
pub mod not_found;
pub mod section;
pub mod sign_in;

pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use section::SectionPage;
pub use sign_in::SignInPage;
