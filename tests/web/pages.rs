//! Whole pages against a stubbed server (see `fetch_stub`): the registration form, the
//! pipeline table and the library, each mounted under a router with a signed-in partner.

use crate::fetch_stub::{Answer, FetchStub};
use crate::{container, find, settle, sleep};
use domain::library::{Asset, Industry, Kind, LibraryPayload, UseCase};
use domain::pipeline::{PipelineDeal, PipelineView, SharedField};
use domain::registration::Status;
use domain::views::{CategoryView, Me, PartnerView, RegistrationOptions, UserView};
use domain::{Motion, Role, Tier};
use leptos::prelude::*;
use portico::session::{SessionState, provide_session_state};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};

/// A Gold partner user; each test takes its own id so drafts and cached libraries never meet.
fn partner(user_id: i64) -> Me {
    Me {
        user: UserView {
            id: user_id,
            email: format!("user{user_id}@vertex.example"),
            name: "Ben Okafor".into(),
            role: Role::PartnerUser,
        },
        partner: Some(PartnerView {
            id: 1,
            name: "Vertex Cloud Solutions".into(),
            tier: Tier::Gold,
        }),
    }
}

/// Puts the test page's address back when dropped (pages keep their filters in the URL).
struct Address(String);

impl Drop for Address {
    fn drop(&mut self) {
        let history = web_sys::window().unwrap().history().unwrap();
        history
            .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&self.0))
            .unwrap();
    }
}

/// A mounted page: unmounted, and the address put back, when dropped.
struct Page {
    _mounted: Box<dyn std::any::Any>,
    _address: Address,
}

/// Mounts `page` for `me` under a router.
fn mount_page<V: IntoView + 'static>(me: Me, page: fn() -> V) -> (HtmlElement, Page) {
    let location = web_sys::window().unwrap().location();
    let address = Address(format!(
        "{}{}",
        location.pathname().unwrap(),
        location.search().unwrap()
    ));
    let root = container();
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_session_state(SessionState::SignedIn(me));
        view! { <leptos_router::components::Router>{page()}</leptos_router::components::Router> }
    });
    (
        root,
        Page {
            _mounted: Box::new(mounted),
            _address: address,
        },
    )
}

/// Waits (at most 5 s, in 20 ms steps) until `ready` holds; panics naming `what` otherwise.
async fn until(what: &str, ready: impl Fn() -> bool) {
    for _ in 0..250 {
        if ready() {
            return;
        }
        sleep(20).await;
    }
    panic!("waited 5 s for {what}");
}

fn exists(root: &HtmlElement, selector: &str) -> bool {
    root.query_selector(selector).unwrap().is_some()
}

fn all(root: &HtmlElement, selector: &str) -> Vec<HtmlElement> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

fn text(el: &HtmlElement) -> String {
    el.text_content().unwrap_or_default()
}

/// Types `value` into the input (or text area) at `selector`, as an `input` event.
fn type_into(root: &HtmlElement, selector: &str, value: &str) {
    let el = find(root, selector);
    js_sys::Reflect::set(&el, &"value".into(), &value.into()).unwrap();
    el.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

/// Chooses `value` in the select at `selector`, as a `change` event.
fn choose(root: &HtmlElement, selector: &str, value: &str) {
    let el: HtmlSelectElement = find(root, selector).unchecked_into();
    el.set_value(value);
    assert_eq!(el.value(), value, "{selector} offers {value}");
    el.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

fn focused_id() -> String {
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default()
}

// --- The registration form ---------------------------------------------------------------

fn options() -> RegistrationOptions {
    RegistrationOptions {
        categories: vec![CategoryView {
            code: "standard".into(),
            label: "Standard".into(),
            description: "Any new opportunity.".into(),
            minimum_tier: Tier::Bronze,
        }],
        currencies: vec!["USD".into(), "EUR".into()],
        protection_days: 90,
        approval_sla_hours: 48,
        today: "2026-12-03".into(),
    }
}

fn form_answers(submission: Option<Answer>) -> Vec<Answer> {
    let mut answers = vec![Answer::ok(
        "GET",
        "/api/v1/registrations/options",
        &options(),
    )];
    answers.extend(submission);
    answers
}

/// The registration form for partner user `user`, once its options have loaded.
async fn open_form(user: i64) -> (HtmlElement, Page) {
    let (root, page) = mount_page(
        partner(user),
        || view! { <portico::pages::NewRegistrationPage/> },
    );
    until("the form", || exists(&root, "form.registration-form")).await;
    (root, page)
}

/// The button whose text is `name`.
fn button(root: &HtmlElement, name: &str) -> HtmlElement {
    all(root, "button")
        .into_iter()
        .find(|b| text(b) == name)
        .unwrap_or_else(|| panic!("no button {name:?}"))
}

#[wasm_bindgen_test]
async fn the_registration_form_marks_every_missing_field_focuses_the_first_and_sends_nothing() {
    let user = 7101;
    portico::draft::clear(user);
    let server = FetchStub::install(form_answers(None));
    let (root, _page) = open_form(user).await;
    find(&root, "button[type=submit]").click();
    settle().await;
    let summary = text(&find(&root, ".form-error[role=alert]"));
    assert!(
        summary.contains("fields need attention before you can submit"),
        "{summary}"
    );
    for field in [
        "motion",
        "products",
        "estimated_value",
        "customer_legal_name",
        "contact_email",
    ] {
        let el = find(&root, &format!("#{field}"));
        assert_eq!(
            el.get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{field} is marked"
        );
        assert!(
            exists(&root, &format!("#{field}-error")),
            "{field} says why"
        );
    }
    until("focus on the first field in error", || {
        focused_id() == "motion"
    })
    .await;
    assert!(
        server.to("POST", "/api/v1/registrations").is_empty(),
        "an invalid form was sent"
    );
    assert_eq!(server.count(), 1, "only the options were asked for");
}

#[wasm_bindgen_test]
async fn a_filled_in_registration_is_sent_once_as_typed_and_a_refused_field_keeps_the_typing() {
    let user = 7102;
    portico::draft::clear(user);
    let refusal = Answer {
        method: "POST",
        path: "/api/v1/registrations",
        status: 422,
        json: serde_json::json!({
            "error": "validation",
            "message": { "id": "err.fields_need_attention" },
            "fields": { "customer_domain": { "id": "err.not_a_domain" } }
        })
        .to_string(),
    };
    let server = FetchStub::install(form_answers(Some(refusal)));
    let (root, _page) = open_form(user).await;
    choose(&root, "#motion", "reseller");
    choose(&root, "#category", "standard");
    type_into(&root, "#products", "Portico Analytics, Support Plus");
    type_into(&root, "#estimated_value", "84000");
    choose(&root, "#currency", "EUR");
    type_into(&root, "#expected_close", "2027-02-15");
    choose(&root, "#attribution", "sourced");
    type_into(&root, "#attribution_percent", "100");
    type_into(&root, "#customer_legal_name", "Acme Maschinenbau GmbH");
    type_into(&root, "#customer_domain", "acme-maschinenbau.de");
    choose(&root, "#customer_country", "DE");
    type_into(&root, "#contact_name", "Lena Brandt");
    type_into(&root, "#contact_email", "lena@acme-maschinenbau.de");
    type_into(&root, "#contact_role", "Head of IT");
    type_into(&root, "#notes", "Met at the Hannover fair.");
    settle().await;
    find(&root, "button[type=submit]").click();
    until("the server's field error", || {
        exists(&root, "#customer_domain-error")
    })
    .await;

    let sent = server.to("POST", "/api/v1/registrations");
    assert_eq!(sent.len(), 1, "one submission");
    let key = server.with(sent[0], |c| c.header("idempotency-key"));
    assert!(key.is_some_and(|k| k.len() >= 16), "the retry key is sent");
    let body: serde_json::Value = serde_json::from_str(&server.body(sent[0]).await).unwrap();
    for (field, value) in [
        ("motion", "reseller"),
        ("currency", "EUR"),
        ("expected_close", "2027-02-15"),
        ("customer_legal_name", "Acme Maschinenbau GmbH"),
        ("customer_domain", "acme-maschinenbau.de"),
        ("customer_country", "DE"),
        ("contact_email", "lena@acme-maschinenbau.de"),
        ("notes", "Met at the Hannover fair."),
    ] {
        assert_eq!(body[field], value, "{field} as typed");
    }
    assert_eq!(
        body["products"],
        serde_json::json!(["Portico Analytics", "Support Plus"])
    );

    // The refusal lands on its field, the field gets focus, and nothing typed is lost.
    assert!(
        text(&find(&root, "#customer_domain-error")).contains("not a web domain"),
        "the server's reason is shown on the field"
    );
    until("focus on the refused field", || {
        focused_id() == "customer_domain"
    })
    .await;
    let domain: HtmlInputElement = find(&root, "#customer_domain").unchecked_into();
    assert_eq!(domain.value(), "acme-maschinenbau.de");
    let legal: HtmlInputElement = find(&root, "#customer_legal_name").unchecked_into();
    assert_eq!(legal.value(), "Acme Maschinenbau GmbH");
    let kept = portico::draft::load(user).expect("the draft is kept in the browser");
    assert_eq!(kept.input.customer_domain, "acme-maschinenbau.de");
    portico::draft::clear(user);
}

// --- The pipeline table ------------------------------------------------------------------

fn deal(id: i64, customer: &str, status: Status) -> PipelineDeal {
    PipelineDeal {
        id,
        number: format!("R-{id}"),
        customer: customer.into(),
        motion: Motion::Reseller,
        status,
        stage: (status == Status::Approved).then(|| Motion::Reseller.stages()[0].to_owned()),
        vendor_owner: None,
        next_step: Some(format!("Call {customer}")),
        protection_end: None,
        last_activity_at: Some(1_764_000_000 + id),
        source: "portal".into(),
    }
}

fn pipeline_answer(deals: Vec<PipelineDeal>) -> Vec<Answer> {
    vec![Answer::ok(
        "GET",
        "/api/v1/pipeline",
        &PipelineView {
            shared_fields: vec![SharedField::Stage, SharedField::NextStep],
            deals,
        },
    )]
}

/// The customer names of the table's rows, top to bottom.
fn customers(root: &HtmlElement) -> Vec<String> {
    all(root, ".pipeline-body [role=row]")
        .iter()
        .map(|row| text(&find(row, "a")))
        .collect()
}

#[wasm_bindgen_test]
async fn the_pipeline_table_shows_only_shared_columns_filters_as_typed_and_sorts_both_ways() {
    let _server = FetchStub::install(pipeline_answer(vec![
        deal(11, "Initech", Status::Submitted),
        deal(12, "Globex Corporation", Status::Approved),
        deal(13, "Hooli", Status::Approved),
    ]));
    let (root, _page) = mount_page(partner(7103), || view! { <portico::pages::PipelinePage/> });
    until("the table", || customers(&root).len() == 3).await;
    let headers: Vec<String> = all(&root, "[role=columnheader]").iter().map(text).collect();
    let joined = headers.join(" | ");
    for shown in ["Customer", "Status", "Stage", "Next step"] {
        assert!(joined.contains(shown), "{shown} is a column: {joined}");
    }
    for hidden in ["Vendor owner", "Protection"] {
        assert!(!joined.contains(hidden), "{hidden} is not shared: {joined}");
    }
    assert!(text(&root).contains("3 of 3 deals"));

    type_into(&root, "#pipeline-text", "glob");
    until("the filtered table", || {
        customers(&root) == ["Globex Corporation"]
    })
    .await;
    assert!(text(&root).contains("1 of 3 deals"));
    type_into(&root, "#pipeline-text", "");
    until("every deal again", || customers(&root).len() == 3).await;

    let by_customer = all(&root, "[role=columnheader]")
        .into_iter()
        .find(|h| text(h).contains("Customer"))
        .unwrap();
    find(&by_customer, "button").click();
    until("ascending order", || {
        by_customer.get_attribute("aria-sort").as_deref() == Some("ascending")
    })
    .await;
    assert_eq!(customers(&root), ["Globex Corporation", "Hooli", "Initech"]);
    find(&by_customer, "button").click();
    until("descending order", || {
        by_customer.get_attribute("aria-sort").as_deref() == Some("descending")
    })
    .await;
    assert_eq!(customers(&root), ["Initech", "Hooli", "Globex Corporation"]);
}

/// The app's own stylesheet in the test page, so layout (the table's scroller height) is real.
fn with_app_css() {
    let doc = web_sys::window().unwrap().document().unwrap();
    if doc.get_element_by_id("app-css").is_none() {
        let style = doc.create_element("style").unwrap();
        style.set_id("app-css");
        style.set_text_content(Some(include_str!("../../style/app.css")));
        doc.head().unwrap().append_child(&style).unwrap();
    }
}

#[wasm_bindgen_test]
async fn a_long_pipeline_puts_only_the_rows_in_view_into_the_page() {
    with_app_css();
    let deals = (0..5000)
        .map(|i| deal(100_000 + i, &format!("Customer {i:04}"), Status::Approved))
        .collect();
    let _server = FetchStub::install(pipeline_answer(deals));
    let (root, _page) = mount_page(partner(7104), || view! { <portico::pages::PipelinePage/> });
    until("the table", || !customers(&root).is_empty()).await;
    let table = find(&root, "[role=table]");
    assert_eq!(
        table.get_attribute("aria-rowcount").as_deref(),
        Some("5001")
    );
    assert!(text(&root).contains("5,000 of 5,000 deals"));
    let in_page = customers(&root).len();
    assert!(
        (1..100).contains(&in_page),
        "{in_page} of 5000 rows are in the page"
    );
    // Newest activity first: the last deal made heads the table.
    assert_eq!(customers(&root)[0], "Customer 4999");
    // Scrolled halfway, the rows there are drawn (and still only a window of them).
    let scroller = find(&root, ".pipeline-scroll");
    scroller.set_scroll_top(2500 * 48);
    scroller
        .dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    until("the rows halfway down", || {
        customers(&root).iter().any(|c| c == "Customer 2499")
    })
    .await;
    let rows = customers(&root);
    assert!(rows.len() < 100, "{} rows in the page", rows.len());
    assert!(
        !rows.iter().any(|c| c == "Customer 4999"),
        "the top rows left the page"
    );
}

// --- The library -------------------------------------------------------------------------

fn asset(id: i64, title: &str, kind: Kind, industries: Vec<Industry>) -> Asset {
    Asset {
        id,
        title: title.into(),
        summary: format!("{title}, for partner sellers."),
        body: "What to say, what to send and when.".into(),
        kind,
        motions: vec![Motion::Reseller],
        industries,
        use_cases: vec![UseCase::Security],
        min_tier: Tier::Bronze,
        updated: "2026-11-20".into(),
        link: format!("https://content.example/{id}"),
    }
}

#[wasm_bindgen_test]
async fn the_library_forgives_a_typo_highlights_the_match_and_filters_by_facet() {
    portico::library_cache::forget_all();
    let _server = FetchStub::install(vec![Answer::ok(
        "GET",
        "/api/v1/library",
        &LibraryPayload {
            assets: vec![
                asset(1, "Security onboarding checklist", Kind::Checklist, vec![]),
                asset(
                    2,
                    "Retail case study: Hooli",
                    Kind::CaseStudy,
                    vec![Industry::Retail],
                ),
                asset(
                    3,
                    "Pricing talk track",
                    Kind::TalkTrack,
                    vec![Industry::Healthcare],
                ),
            ],
        },
    )]);
    let (root, _page) = mount_page(partner(7105), || view! { <portico::pages::LibraryPage/> });
    let titles = || -> Vec<String> { all(&root, ".asset-card__title").iter().map(text).collect() };
    until("the library", || titles().len() == 3).await;
    assert_eq!(text(&find(&root, ".library-count")), "3 assets");

    type_into(&root, "#library-q", "chekclist");
    until("the typo's match", || {
        titles() == ["Security onboarding checklist"]
    })
    .await;
    let marked: Vec<String> = all(&root, ".asset-card__title mark")
        .iter()
        .map(text)
        .collect();
    assert_eq!(marked, ["checklist"], "the matched word is highlighted");
    assert!(text(&find(&root, ".library-count")).starts_with("1 asset for"));

    type_into(&root, "#library-q", "");
    until("every asset again", || titles().len() == 3).await;
    let retail = find(&root, "#facet-industry-retail");
    retail.click();
    until("the retail filter", || {
        titles() == ["Retail case study: Hooli"]
    })
    .await;
    assert_eq!(text(&find(&root, ".library-count")), "1 of 3 assets");
}

#[wasm_bindgen_test]
async fn a_discarded_draft_comes_back_with_undo() {
    let user = 7106;
    portico::draft::clear(user);
    let _server = FetchStub::install(form_answers(None));
    let (root, _page) = open_form(user).await;
    type_into(&root, "#customer_legal_name", "Acme Maschinenbau GmbH");
    type_into(&root, "#notes", "Met at the Hannover fair.");
    until("the saved draft", || portico::draft::load(user).is_some()).await;

    button(&root, "Discard draft").click();
    settle().await;
    let legal: HtmlInputElement = find(&root, "#customer_legal_name").unchecked_into();
    assert_eq!(legal.value(), "");
    assert!(
        portico::draft::load(user).is_none(),
        "the stored draft is gone"
    );
    assert!(text(&root).contains("Draft discarded."));

    button(&root, "Undo").click();
    until("the draft back in the form", || {
        legal.value() == "Acme Maschinenbau GmbH"
    })
    .await;
    let notes: web_sys::HtmlTextAreaElement = find(&root, "#notes").unchecked_into();
    assert_eq!(notes.value(), "Met at the Hannover fair.");
    until("the draft stored again", || {
        portico::draft::load(user).is_some()
    })
    .await;
    assert!(!text(&root).contains("Draft discarded."));
    portico::draft::clear(user);
}
