//! The language switch: English or German, remembered in the browser.

use crate::i18n::{self, Locale, t};
use leptos::prelude::*;

/// A labelled select that switches the UI language at once.
#[component]
pub fn LanguageSelect(
    /// Element id, unique on the page.
    #[prop(default = "language")]
    id: &'static str,
) -> impl IntoView {
    let current = i18n::locale();
    view! {
        <div class="language-select">
            <label for=id>{t("language.language")}</label>
            <select id=id on:change=move |ev| {
                if let Some(l) = Locale::parse(&event_target_value(&ev)) {
                    i18n::switch(l);
                }
            }>
                {Locale::ALL.into_iter().map(|l| view! {
                    <option value=l.code() selected=l == current lang=l.code()>{l.label()}</option>
                }).collect_view()}
            </select>
        </div>
    }
}
