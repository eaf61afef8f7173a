//! Reusable pieces of the UI. Each takes its data as props and reports events upward as
//! `Callback`s; none talks to the server except through [`crate::api`].

pub mod error_panel;
pub mod fetched;
pub mod fields;
pub mod language;
pub mod loading;
pub mod shell;
pub mod show_more;
pub mod status;
pub mod tier_badge;
pub mod user_menu;

pub use error_panel::{ApiErrorPanel, ErrorPanel};
pub use fetched::Fetched;
pub use fields::{CheckboxGroup, Mounted, SelectField, TextAreaField, TextField};
pub use language::LanguageSelect;
pub use loading::Loading;
pub use shell::Shell;
pub use show_more::{Paged, ShowMore};
pub use status::{RegistrationClock, SlaText, StatusBadge};
pub use tier_badge::TierBadge;
pub use user_menu::UserMenu;

/// Sets the document title as `"<page> · Portico"`.
pub fn set_title(page: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(&format!("{page} · Portico"));
    }
}
