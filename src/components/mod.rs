//! Reusable pieces of the UI. Each takes its data as props and reports events upward as
//! `Callback`s; none talks to the server except through [`crate::api`].

pub mod error_panel;
pub mod fetched;
pub mod fields;
pub mod language;
pub mod loading;
pub mod not_found;
pub mod shell;
pub mod show_more;
pub mod status;
pub mod tier_badge;
pub mod tier_progress;
pub mod user_menu;

pub use error_panel::{ApiErrorPanel, ErrorPanel};
pub use fetched::Fetched;
pub use fields::{CheckboxGroup, Mounted, SelectField, TextAreaField, TextField};
pub use language::LanguageSelect;
pub use loading::Loading;
pub use not_found::RecordNotFound;
pub use shell::Shell;
pub use show_more::{Paged, ShowMore};
pub use status::{LineStatusBadge, RegistrationClock, SlaText, StatusBadge};
pub use tier_badge::TierBadge;
pub use tier_progress::TierProgressList;
pub use user_menu::UserMenu;

/// Sets the document title as `"<page> · Portico"`.
pub fn set_title(page: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(&format!("{page} · Portico"));
    }
}

/// Offers `text` as a file download named `name` (a CSV the browser made, e.g. the pipeline's).
pub fn download(name: &str, text: &str) {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let props = web_sys::BlobPropertyBag::new();
    props.set_type("text/csv;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &props) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(doc) = web_sys::window().and_then(|w| w.document())
        && let Ok(a) = doc.create_element("a")
        && let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>()
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
