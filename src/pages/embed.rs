//! The Embed page (partner admins): the snippet that puts the registration form on the
//! partner's own websites, the websites allowed to show it, the embed key and its rotation, and
//! a live preview — the real form, framed exactly as a website frames it.

use crate::api;
use crate::components::{Fetched, Mounted, set_title};
use crate::i18n::{field_msg, t, tf};
use domain::embed::{EmbedSettings, FORM_PATH, validate_origins};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// The page: loads the settings (created with a first key on the first visit).
#[component]
pub fn EmbedPage() -> impl IntoView {
    set_title(t("embed.embed_the_registration_form"));
    let data = LocalResource::new(api::embed_settings);
    view! {
        <section class="page embed-page">
            <h1>{t("embed.embed_the_registration_form")}</h1>
            <p class="muted">
                {t("embed.put_the_deal_registration_form_on")}
            </p>
            <Fetched data loading=t("embed.loading_the_embed_settings") let:settings>
                <EmbedSettingsView settings/>
            </Fetched>
        </section>
    }
}

/// One origin per line, as typed in the editor.
pub fn origin_lines(text: &str) -> Vec<String> {
    text.lines().map(|l| l.trim().to_owned()).collect()
}

/// The Content-Security-Policy sources a host page must allow for the portal.
pub fn host_csp(portal: &str) -> String {
    format!("script-src {portal}; frame-src {portal}; connect-src {portal}")
}

/// The preview frame's address: the form served for the portal itself, in the portal's
/// language.
pub fn preview_src(settings: &EmbedSettings) -> String {
    format!(
        "{FORM_PATH}?key={}&origin={}&lang={}",
        crate::routes::encode_component(&settings.key),
        crate::routes::encode_component(&settings.portal_origin),
        crate::i18n::locale().code()
    )
}

/// The settings once loaded: snippet, websites, key, preview.
#[component]
fn EmbedSettingsView(
    /// The settings as the server sent them.
    settings: EmbedSettings,
) -> impl IntoView {
    let settings = RwSignal::new(settings);
    view! {
        <SnippetCard settings=settings.into()/>
        <OriginsCard settings/>
        <KeyCard settings/>
        <PreviewCard settings=settings.into()/>
    }
}

/// Copies `text` to the clipboard (`navigator.clipboard.writeText`); whether it was accepted.
async fn copy_to_clipboard(text: String) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator: JsValue = window.navigator().into();
    let clipboard =
        js_sys::Reflect::get(&navigator, &"clipboard".into()).unwrap_or(JsValue::UNDEFINED);
    let Ok(write) = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    else {
        return false;
    };
    match write.call1(&clipboard, &text.into()) {
        Ok(promise) => wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise))
            .await
            .is_ok(),
        Err(_) => false,
    }
}

/// The snippet in a read-only code box, its copy button, and what the host's CSP must allow.
#[component]
fn SnippetCard(
    /// Current settings.
    settings: Signal<EmbedSettings>,
) -> impl IntoView {
    let copied = RwSignal::new(None::<bool>);
    let copy = move |_| {
        let text = settings.with_untracked(|s| s.snippet.clone());
        leptos::task::spawn_local(async move {
            copied.set(Some(copy_to_clipboard(text).await));
        });
    };
    view! {
        <div class="card embed-card">
            <h2>{t("embed.the_snippet")}</h2>
            <p>{t("embed.paste_these_two_lines_where_the")}</p>
            <pre class="code-box" aria-label=t("embed.snippet")><code>{move || settings.with(|s| s.snippet.clone())}</code></pre>
            <div class="form-actions">
                <button type="button" class="button" on:click=copy>{t("embed.copy_the_snippet")}</button>
                <span role="status" class="small">
                    {move || copied.get().map(|ok| if ok {
                        t("embed.copied_to_the_clipboard")
                    } else {
                        t("embed.copying_is_not_available_here_select")
                    })}
                </span>
            </div>
            <h3>{t("embed.if_your_website_has_a_content")}</h3>
            <p>{t("embed.allow_the_portal_in_these_directives")}</p>
            <pre class="code-box"><code>{move || settings.with(|s| host_csp(&s.portal_origin))}</code></pre>
            <p class="muted small">
                {t("embed.optional_attributes_on_the_element_match")}
            </p>
        </div>
    }
}

/// The allowed websites, one per line, checked as typed with the server's own rules.
#[component]
fn OriginsCard(
    /// Current settings (replaced by the server's answer after saving).
    settings: RwSignal<EmbedSettings>,
) -> impl IntoView {
    let text = RwSignal::new(settings.with_untracked(|s| s.allowed_origins.join("\n")));
    let touched = RwSignal::new(false);
    let server_error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let saving = RwSignal::new(false);
    let error = Signal::derive(move || {
        server_error.get().or_else(|| {
            if !touched.get() {
                return None;
            }
            validate_origins(&origin_lines(&text.get()))
                .err()
                .and_then(|mut f| f.remove("origins"))
                .map(|m| field_msg("origins", &m))
        })
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        touched.set(true);
        saved.set(false);
        server_error.set(None);
        let lines = origin_lines(&text.get_untracked());
        if validate_origins(&lines).is_err() || saving.get_untracked() {
            return;
        }
        saving.set(true);
        leptos::task::spawn_local(async move {
            match api::set_embed_origins(lines).await {
                Ok(s) => {
                    text.set(s.allowed_origins.join("\n"));
                    settings.set(s);
                    saved.set(true);
                }
                Err(e) => server_error.set(Some(e.field("origins").unwrap_or_else(|| e.message()))),
            }
            saving.set(false);
        });
    };
    view! {
        <form class="card embed-card" on:submit=save novalidate>
            <h2>{t("embed.allowed_websites")}</h2>
            <div class="field">
                <label for="embed-origins">{t("embed.websites_that_may_show_the_form")}</label>
                <p id="embed-origins-hint" class="field-hint">
                    {t("embed.scheme_and_host_exactly_as_the")}
                </p>
                <textarea
                    id="embed-origins"
                    name="origins"
                    rows="4"
                    spellcheck="false"
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        saved.set(false);
                        server_error.set(None);
                    }
                    on:blur={ let mounted = Mounted::new(); move |_| mounted.defer(move || touched.set(true)) }
                    aria-invalid=move || error.get().is_some().to_string()
                    aria-describedby=move || if error.get().is_some() { "embed-origins-hint embed-origins-error" } else { "embed-origins-hint" }
                ></textarea>
                {move || error.get().map(|e| view! { <p id="embed-origins-error" class="field-error">{e}</p> })}
            </div>
            <div class="form-actions">
                <button type="submit" class="button button--primary" disabled=move || saving.get()>{t("embed.save_the_websites")}</button>
                <span role="status" class="small">{move || saved.get().then(|| t("embed.saved_the_form_now_works_on"))}</span>
            </div>
        </form>
    }
}

/// The key, and its rotation behind a confirmation.
#[component]
fn KeyCard(
    /// Current settings (the new key after rotating).
    settings: RwSignal<EmbedSettings>,
) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let rotating = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<(), String>>);
    let rotate = move |_| {
        rotating.set(true);
        leptos::task::spawn_local(async move {
            match api::rotate_embed_key().await {
                Ok(s) => {
                    settings.set(s);
                    outcome.set(Some(Ok(())));
                }
                Err(e) => outcome.set(Some(Err(e.message()))),
            }
            rotating.set(false);
            confirming.set(false);
        });
    };
    view! {
        <div class="card embed-card">
            <h2>{t("embed.embed_key")}</h2>
            <p>
                {t("embed.the_key_in_the_snippet_names")}
            </p>
            <p><code class="embed-key">{move || settings.with(|s| s.key.clone())}</code></p>
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button type="button" class="button" on:click=move |_| {
                        outcome.set(None);
                        confirming.set(true);
                    }>{t("embed.rotate_the_key")}</button>
                }
            >
                <div class="notice notice--danger" role="group" aria-labelledby="rotate-question">
                    <p id="rotate-question">
                        {t("embed.rotating_stops_the_current_key_at")}
                    </p>
                    <div class="form-actions">
                        <button type="button" class="button button--danger" disabled=move || rotating.get() on:click=rotate>
                            {t("embed.rotate_now")}
                        </button>
                        <button type="button" class="button button--quiet" on:click=move |_| confirming.set(false)>
                            {t("embed.keep_the_current_key")}
                        </button>
                    </div>
                </div>
            </Show>
            <p role="status" class="small">
                {move || outcome.get().map(|o| match o {
                    Ok(()) => t("embed.the_key_was_replaced_paste_the").to_owned(),
                    Err(m) => tf("embed.the_key_could_not_be_replaced", &[("error", &m)]),
                })}
            </p>
        </div>
    }
}

/// The real form, framed as a website frames it (sized by its height messages).
#[component]
fn PreviewCard(
    /// Current settings (the frame follows a rotated key).
    settings: Signal<EmbedSettings>,
) -> impl IntoView {
    let frame = NodeRef::<leptos::html::Iframe>::new();
    let height = RwSignal::new(720);
    let handle = window_event_listener_untyped("message", move |event| {
        let get = |k: &str| js_sys::Reflect::get(&event, &k.into()).unwrap_or(JsValue::UNDEFINED);
        let Some(window) = frame.get_untracked().and_then(|f| f.content_window()) else {
            return;
        };
        let own_origin = web_sys::window().and_then(|w| w.location().origin().ok());
        if get("origin").as_string() != own_origin
            || !js_sys::Object::is(&get("source"), &window.into())
        {
            return;
        }
        let data = get("data");
        let is_height = js_sys::Reflect::get(&data, &"type".into())
            .ok()
            .and_then(|v| v.as_string())
            .is_some_and(|t| t == "portico-embed:height");
        if let Some(h) = js_sys::Reflect::get(&data, &"height".into())
            .ok()
            .and_then(|v| v.as_f64())
            && is_height
            && h > 0.0
            && h < 20_000.0
        {
            height.set(h.ceil() as i32);
        }
    });
    on_cleanup(move || handle.remove());
    view! {
        <div class="card embed-card">
            <h2>{t("embed.live_preview")}</h2>
            <p class="muted small">
                {t("embed.this_is_the_form_your_websites")}
            </p>
            <iframe
                node_ref=frame
                class="embed-preview"
                title=t("embed.preview_of_the_registration_form")
                src=move || settings.with(preview_src)
                style:height=move || format!("{}px", height.get())
            ></iframe>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_line_is_one_origin() {
        assert_eq!(
            origin_lines(" https://a.example \n\nhttp://b.example:8080"),
            ["https://a.example", "", "http://b.example:8080"]
        );
    }

    #[test]
    fn the_host_policy_names_the_portal_for_script_frame_and_connect() {
        assert_eq!(
            host_csp("https://portal.example"),
            "script-src https://portal.example; frame-src https://portal.example; connect-src https://portal.example"
        );
    }

    #[test]
    fn the_preview_frames_the_form_for_the_portal_itself() {
        let s = EmbedSettings {
            key: "pe_0123456789abcdef0123456789abcdef".into(),
            allowed_origins: vec![],
            portal_origin: "http://127.0.0.1:8080".into(),
            snippet: String::new(),
            key_created_at: 0,
        };
        assert_eq!(
            preview_src(&s),
            "/embed/v1/form?key=pe_0123456789abcdef0123456789abcdef&origin=http%3A//127.0.0.1%3A8080&lang=en"
        );
    }
}
