//! Component tests in a real browser (wasm-bindgen-test; `cargo xtask test` runs them in
//! headless Chromium, headless Firefox ESR and WebKitGTK under Xvfb, one driver at a time). Each
//! test mounts a component into the page and acts as a user would.

use domain::Tier;
use leptos::prelude::*;
use portico::components::{ErrorPanel, TierBadge};
use portico::pages::SignInPage;
use portico::session::{SessionState, provide_session_state};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "web/fetch_stub.rs"]
mod fetch_stub;
#[path = "web/pages.rs"]
mod pages;

/// A fresh element in the document to mount into.
fn container() -> HtmlElement {
    let doc = document();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

/// Lets effects and re-renders scheduled by a change run (a macrotask turn).
async fn settle() {
    sleep(0).await;
}

/// Waits `ms` milliseconds of the browser's timers.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn find(root: &HtmlElement, selector: &str) -> HtmlElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .unchecked_into()
}

#[wasm_bindgen_test]
fn the_tier_badge_names_the_tier_in_words_not_only_colour() {
    let root = container();
    let _mounted =
        leptos::mount::mount_to(root.clone(), || view! { <TierBadge tier=Tier::Silver/> });
    let badge = find(&root, ".tier-badge");
    assert_eq!(badge.text_content().unwrap(), "Silver partner");
    assert_eq!(badge.get_attribute("data-tier").as_deref(), Some("silver"));
}

#[wasm_bindgen_test]
async fn the_error_panel_shows_the_reason_and_retries_on_request() {
    let root = container();
    let retries = Arc::new(AtomicU32::new(0));
    let counter = retries.clone();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        let counter = counter.clone();
        view! {
            <ErrorPanel
                message="Portico could not reach the server."
                on_retry=Callback::new(move |_| {
                    counter.fetch_add(1, Ordering::SeqCst);
                })
            />
        }
    });
    let panel = find(&root, "[role=alert]");
    assert!(
        panel
            .text_content()
            .unwrap()
            .contains("could not reach the server")
    );
    find(&root, "button").click();
    settle().await;
    assert_eq!(retries.load(Ordering::SeqCst), 1);
}

#[wasm_bindgen_test]
async fn submitting_an_empty_sign_in_form_explains_each_field_without_calling_the_server() {
    let fetches = fetch_stub::FetchStub::install(Vec::new());
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), || {
        provide_session_state(SessionState::SignedOut);
        view! { <leptos_router::components::Router><SignInPage/></leptos_router::components::Router> }
    });
    find(&root, "button[type=submit]").click();
    settle().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("Enter your e-mail address."), "{text}");
    assert!(text.contains("Enter your password."), "{text}");
    let email: HtmlInputElement = find(&root, "#email").unchecked_into();
    assert_eq!(email.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(fetches.count(), 0, "the empty form reached the server");
    // The spy does see a sign-in that is sent: the same form filled in calls fetch once.
    for (selector, value) in [
        ("#email", "ava@vertex.example"),
        ("#password", "a password"),
    ] {
        let input: HtmlInputElement = find(&root, selector).unchecked_into();
        input.set_value(value);
        input
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
    }
    find(&root, "button[type=submit]").click();
    settle().await;
    assert_eq!(fetches.count(), 1, "a filled-in form is sent once");
}

#[wasm_bindgen_test]
async fn a_malformed_email_is_flagged_when_leaving_the_field() {
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), || {
        provide_session_state(SessionState::SignedOut);
        view! { <leptos_router::components::Router><SignInPage/></leptos_router::components::Router> }
    });
    let email: HtmlInputElement = find(&root, "#email").unchecked_into();
    email.set_value("ava@vertex");
    email
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    email
        .dispatch_event(&web_sys::Event::new("blur").unwrap())
        .unwrap();
    settle().await;
    let error = find(&root, "#email-error");
    assert!(
        error
            .text_content()
            .unwrap()
            .contains("like name@company.com")
    );
    assert_eq!(
        email.get_attribute("aria-describedby").as_deref(),
        Some("email-error")
    );
}

#[wasm_bindgen_test]
fn an_overdue_decision_is_flagged_in_words_not_only_colour() {
    use domain::registration::SlaClock;
    use portico::components::SlaText;
    let root = container();
    let now = portico::format::now();
    let sla = SlaClock {
        due_at: now - 5 * 3600,
        overdue: true,
    };
    let _mounted = leptos::mount::mount_to(root.clone(), move || view! { <SlaText sla/> });
    let text = root.text_content().unwrap();
    assert!(text.contains("Overdue"), "{text}");
    assert!(text.contains("decision overdue by 5 h"), "{text}");
}

#[wasm_bindgen_test]
fn a_pending_decision_shows_the_time_left() {
    use domain::registration::SlaClock;
    use portico::components::SlaText;
    let root = container();
    let now = portico::format::now();
    let sla = SlaClock {
        due_at: now + 31 * 3600 - 30,
        overdue: false,
    };
    let _mounted = leptos::mount::mount_to(root.clone(), move || view! { <SlaText sla/> });
    assert_eq!(root.text_content().unwrap(), "decision due in 31 h");
}
