//! English and German UI, by message id. Every text is drawn as `t("area.id")` (or [`tf`] with
//! `{name}` arguments, [`tn`] for counted ones) from the shared catalogs in `i18n/` (format and
//! renderer: the `catalog` crate, which the server and the embedded form use too).
//!
//! English is compiled in. German is fetched once, as `/i18n/de.<hash>.messages` (immutable),
//! only by people who read German: before the first draw when German is the remembered or the
//! browser's language, else when someone switches. Dates, numbers and money are formatted per
//! locale by the browser's `Intl` (see `crate::format`). Typed messages from the domain and the
//! server ([`domain::message::Message`]) are drawn with [`msg`] / [`field_msg`].

pub use catalog::Locale;
use catalog::{Arg, Catalog};
use domain::message::Message;
use leptos::prelude::*;
use std::cell::{Cell, OnceCell};

const STORAGE_KEY: &str = "portico.locale";

thread_local! {
    static CURRENT: Cell<Locale> = const { Cell::new(Locale::En) };
    static ENGLISH: OnceCell<&'static Catalog<'static>> = const { OnceCell::new() };
    static GERMAN: OnceCell<&'static Catalog<'static>> = const { OnceCell::new() };
}

fn english() -> &'static Catalog<'static> {
    ENGLISH.with(|c| {
        *c.get_or_init(|| {
            Box::leak(Box::new(
                Catalog::parse(catalog::EN).expect("the English catalog reads"),
            ))
        })
    })
}

fn german() -> Option<&'static Catalog<'static>> {
    GERMAN.with(|c| c.get().copied())
}

/// Installs the German catalog's text (fetched, or in tests compiled in). A text that does not
/// read leaves German unavailable (English is drawn) and says so in the console.
pub fn install_german(text: String) -> bool {
    let text: &'static str = Box::leak(text.into_boxed_str());
    match Catalog::parse(text) {
        Ok(c) => {
            let c: &'static Catalog<'static> = Box::leak(Box::new(c));
            GERMAN.with(|g| {
                let _ = g.set(c);
            });
            true
        }
        Err(e) => {
            web_sys::console::warn_1(&format!("German catalog: {e}").into());
            false
        }
    }
}

/// Whether text in `l` can be drawn now (English always; German once fetched).
pub fn ready(l: Locale) -> bool {
    l == Locale::En || german().is_some()
}

/// Fetches the German catalog unless it is here already; `false` when it could not be had
/// (offline, server error): the app then stays in English.
pub async fn load(l: Locale) -> bool {
    if ready(l) {
        return true;
    }
    let url = format!("/i18n/{}", catalog::DE_FILE);
    let Ok(res) = gloo_net::http::Request::get(&url).send().await else {
        return false;
    };
    if !res.ok() {
        return false;
    }
    match res.text().await {
        Ok(text) => install_german(text),
        Err(_) => false,
    }
}

/// The language text is drawn in now.
pub fn locale() -> Locale {
    CURRENT.with(Cell::get)
}

/// The remembered choice, else the browser's first language we have, else English.
pub fn initial() -> Locale {
    let window = web_sys::window();
    let stored = window
        .as_ref()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|v| Locale::parse(&v));
    stored
        .or_else(|| {
            let nav = window.as_ref()?.navigator();
            nav.languages()
                .iter()
                .filter_map(|l| l.as_string())
                .chain(nav.language())
                .find_map(|l| Locale::parse(&l))
        })
        .unwrap_or(Locale::En)
}

/// Makes `l` current for the text drawn from now on and sets `<html lang>`; a language whose
/// catalog is not here yet draws as English.
pub fn apply(l: Locale) {
    let l = if ready(l) { l } else { Locale::En };
    CURRENT.with(|c| c.set(l));
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", l.code());
    }
}

/// The app-wide language signal (the app redraws when it changes).
#[derive(Clone, Copy)]
pub struct LocaleSignal(pub RwSignal<Locale>);

/// Switches the language: remembered, its catalog fetched if need be, applied, and the app
/// redrawn.
pub fn switch(l: Locale) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(STORAGE_KEY, l.code());
    }
    let signal = use_context::<LocaleSignal>();
    leptos::task::spawn_local(async move {
        load(l).await;
        apply(l);
        if let Some(LocaleSignal(signal)) = signal {
            signal.set(locale());
        }
    });
}

fn current() -> &'static Catalog<'static> {
    match locale() {
        Locale::De => german().unwrap_or_else(english),
        Locale::En => english(),
    }
}

/// The text of `id` in the current language (English when German lacks it; the id itself
/// when no catalog has it, which the catalog tests forbid).
pub fn t(id: &'static str) -> &'static str {
    current()
        .get(id)
        .or_else(|| english().get(id))
        .unwrap_or(id)
}

fn render(id: &str, args: &[(&str, Arg)]) -> String {
    current()
        .render(id, args)
        .or_else(|| english().render(id, args))
        .unwrap_or_else(|| id.to_owned())
}

/// [`t`] with `{name}` placeholders filled in from `args` (already formatted).
pub fn tf(id: &'static str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let args: Vec<(&str, Arg)> = args
        .iter()
        .map(|(k, v)| (*k, Arg::Text(v.to_string())))
        .collect();
    render(id, &args)
}

/// A counted message: `id[one]` for 1, `id` otherwise, with `{n}` as the locale writes `n`.
pub fn tn(id: &'static str, n: i64) -> String {
    tnf(id, n, &[])
}

/// [`tn`] with further `{name}` arguments.
pub fn tnf(id: &'static str, n: i64, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut all: Vec<(&str, Arg)> = vec![("n", Arg::Count(n, crate::format::number(n)))];
    all.extend(args.iter().map(|(k, v)| (*k, Arg::Text(v.to_string()))));
    render(id, &all)
}

/// The text of an id known only at run time (sent as data: a conflict rule, a history entry);
/// the input itself when no catalog has it.
pub fn tr(id: &str) -> String {
    current()
        .get(id)
        .or_else(|| english().get(id))
        .unwrap_or(id)
        .to_owned()
}

/// A typed message from the domain's rules or the server, in the current language.
pub fn msg(m: &Message) -> String {
    render(m.id(), &m.args())
}

/// A field's message: the field's own wording (`{id}.{field}`) when the catalog has one, else
/// the general one.
pub fn field_msg(field: &str, m: &Message) -> String {
    let specific = format!("{}.{field}", m.id());
    let args = m.args();
    current()
        .render(&specific, &args)
        .or_else(|| english().render(&specific, &args))
        .unwrap_or_else(|| render(m.id(), &args))
}

#[cfg(test)]
mod tests;
