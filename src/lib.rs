//! Portico's single-page app (Leptos, client-side rendering, compiled to wasm32).
//!
//! - [`api`]: the one typed client for the server; components never fetch directly.
//! - [`session`]: who is signed in, shared through context.
//! - [`routes`]: every route path, defined once.
//! - [`app`]: the router; [`components`] and [`pages`]: what is drawn.
//!
//! Business rules (validation, formatting, filtering) come from the `domain` crate, the same code
//! the server runs.

pub mod api;
pub mod app;
pub mod components;
pub mod draft;
pub mod format;
pub mod i18n;
pub mod labels;
pub mod library_cache;
pub mod pages;
pub mod routes;
pub mod session;
pub mod url_state;

/// Mounts the app into the document body; called once by `main`.
pub fn start() {
    console_error_panic_hook::set_once();
    // index.html shows "Loading Portico…" until the app can draw; remove it now.
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    // German readers get their catalog before the first draw (English is compiled in), so
    // nobody sees the page switch language under them.
    let locale = i18n::initial();
    if i18n::ready(locale) {
        leptos::mount::mount_to_body(app::App);
    } else {
        wasm_bindgen_futures::spawn_local(async move {
            i18n::load(locale).await;
            leptos::mount::mount_to_body(app::App);
        });
    }
}
