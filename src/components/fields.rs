//! Labelled form fields with their hints and inline errors, shared by every form.

use leptos::prelude::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether the component that made it is still mounted. Chrome fires `blur` on a focused field
/// while the field is being removed — when someone leaves a page with the focus in a form (Enter
/// in the sign-in form's password field, the back button, a shortcut) — and a signal written
/// then re-runs effects of a view whose owner is disposed the moment after, which panics and
/// stops the app. Blur handlers therefore run through [`Mounted::defer`].
#[derive(Clone)]
pub struct Mounted(Arc<AtomicBool>);

impl Mounted {
    /// A flag that turns false when the current owner is cleaned up.
    pub fn new() -> Self {
        let flag = Arc::new(AtomicBool::new(true));
        let cleared = flag.clone();
        on_cleanup(move || cleared.store(false, Ordering::Relaxed));
        Self(flag)
    }

    /// Runs `f` as soon as the current event is handled, if the component is still mounted then.
    pub fn defer(&self, f: impl FnOnce() + 'static) {
        let flag = self.0.clone();
        leptos::task::spawn_local(async move {
            if flag.load(Ordering::Relaxed) {
                f();
            }
        });
    }
}

impl Default for Mounted {
    fn default() -> Self {
        Self::new()
    }
}

/// A labelled text input with its hint and inline error.
#[component]
pub fn TextField(
    /// Element id (also the field's name in errors).
    id: &'static str,
    /// Visible label.
    label: &'static str,
    /// Current value.
    value: Signal<String>,
    /// Called with the new value on every keystroke.
    on_input: Callback<String>,
    /// Called when the field loses focus.
    on_blur: Callback<()>,
    /// The field's error, if any.
    error: Signal<Option<String>>,
    /// Help text under the label.
    #[prop(optional)]
    hint: &'static str,
    /// The input's `type` (default `text`).
    #[prop(default = "text")]
    kind: &'static str,
    /// The input's `inputmode`.
    #[prop(optional)]
    inputmode: &'static str,
    /// The input's `autocomplete`.
    #[prop(default = "off")]
    autocomplete: &'static str,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if !hint.is_empty() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {(!hint.is_empty()).then(|| view! { <p id=hint_id.clone() class="field-hint">{hint}</p> })}
            <input
                id=id
                name=id
                type=kind
                inputmode=(!inputmode.is_empty()).then_some(inputmode)
                autocomplete=autocomplete
                prop:value=value
                on:input=move |ev| on_input.run(event_target_value(&ev))
                on:blur={
                    let mounted = Mounted::new();
                    move |_| mounted.defer(move || on_blur.run(()))
                }
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=described
            />
            {move || error.get().map(|e| view! { <p id=error_id.clone() class="field-error">{e}</p> })}
        </div>
    }
}

/// A labelled `<select>` with its inline error.
#[component]
pub fn SelectField(
    /// Element id (also the field's name in errors).
    id: &'static str,
    /// Visible label.
    label: &'static str,
    /// Selected value.
    value: Signal<String>,
    /// Called with the chosen value.
    on_change: Callback<String>,
    /// Called when the field loses focus.
    on_blur: Callback<()>,
    /// The field's error, if any.
    error: Signal<Option<String>>,
    /// (value, label) pairs.
    options: Vec<(String, String)>,
    /// Text of an empty first option; none when empty.
    placeholder: &'static str,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = {
        let error_id = error_id.clone();
        move || error.get().map(|_| error_id.clone())
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select
                id=id
                name=id
                prop:value=value
                on:change=move |ev| {
                    on_change.run(event_target_value(&ev));
                    on_blur.run(());
                }
                on:blur={
                    let mounted = Mounted::new();
                    move |_| mounted.defer(move || on_blur.run(()))
                }
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=described
            >
                {(!placeholder.is_empty()).then(|| view! { <option value="">{placeholder}</option> })}
                {options
                    .into_iter()
                    .map(|(v, l)| {
                        let selected = {
                            let v = v.clone();
                            move || value.get() == v
                        };
                        view! { <option value=v selected=selected>{l}</option> }
                    })
                    .collect_view()}
            </select>
            {move || error.get().map(|e| view! { <p id=error_id.clone() class="field-error">{e}</p> })}
        </div>
    }
}

/// A labelled `<textarea>` with its hint and inline error.
#[component]
pub fn TextAreaField(
    /// Element id (also the field's name in errors).
    id: &'static str,
    /// Visible label.
    label: &'static str,
    /// Current value.
    value: Signal<String>,
    /// Called with the new value on every keystroke.
    on_input: Callback<String>,
    /// Called when the field loses focus.
    on_blur: Callback<()>,
    /// The field's error, if any.
    error: Signal<Option<String>>,
    /// Visible lines.
    #[prop(default = 4)]
    rows: u32,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = {
        let error_id = error_id.clone();
        move || error.get().map(|_| error_id.clone())
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <textarea
                id=id
                name=id
                rows=rows
                prop:value=value
                on:input=move |ev| on_input.run(event_target_value(&ev))
                on:blur={
                    let mounted = Mounted::new();
                    move |_| mounted.defer(move || on_blur.run(()))
                }
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=described
            ></textarea>
            {move || error.get().map(|e| view! { <p id=error_id.clone() class="field-error">{e}</p> })}
        </div>
    }
}

/// A group of checkboxes (a multi-valued field) with its inline error.
#[component]
pub fn CheckboxGroup(
    /// Field name (element ids derive from it).
    id: &'static str,
    /// The group's legend.
    label: &'static str,
    /// The chosen values.
    value: Signal<Vec<String>>,
    /// Called with the new list of chosen values.
    on_change: Callback<Vec<String>>,
    /// The field's error, if any.
    error: Signal<Option<String>>,
    /// (value, label) pairs.
    options: Vec<(&'static str, String)>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <fieldset class="field checkbox-group" id=id aria-invalid=move || error.get().is_some().to_string()
            aria-describedby=move || error.get().map(|_| format!("{id}-error"))>
            <legend>{label}</legend>
            {options.into_iter().map(|(v, l)| {
                let input_id = format!("{id}-{v}");
                let checked = move || value.with(|list| list.iter().any(|x| x == v));
                view! {
                    <div class="field--checkbox">
                        <input type="checkbox" id=input_id.clone() prop:checked=checked on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let mut list = value.get_untracked();
                            list.retain(|x| x != v);
                            if on { list.push(v.to_owned()); }
                            on_change.run(list);
                        }/>
                        <label for=input_id>{l}</label>
                    </div>
                }
            }).collect_view()}
            {move || error.get().map(|e| view! { <p id=error_id.clone() class="field-error">{e}</p> })}
        </fieldset>
    }
}
