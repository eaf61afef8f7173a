//! `/style-guide`: every reusable component with sample data, once per tier, side by side. Each
//! column carries `data-tier`, so the tier's tokens (style/tiers/*.css) apply inside it and a
//! designer sees a change to one tier file next to the others. No data is loaded.

use crate::components::{
    CheckboxGroup, ErrorPanel, Loading, RegistrationClock, SelectField, SlaText, StatusBadge,
    TextAreaField, TextField, TierBadge, set_title,
};
use crate::routes::AppRoute;
use domain::registration::{Attribution, DAY, HOUR, Protection, SlaClock, Status};
use domain::views::{ContactView, RegistrationView};
use domain::{Motion, Tier};
use leptos::prelude::*;

/// Element ids for one column's fields: ids must be unique on the page and the field
/// components take `&'static str`. One row per tier (a new tier needs a row here).
const FIELD_IDS: [[&str; 7]; Tier::ALL.len()] = [
    [
        "sg1-company",
        "sg1-domain",
        "sg1-motion",
        "sg1-country",
        "sg1-notes",
        "sg1-industries",
        "sg1-use-cases",
    ],
    [
        "sg2-company",
        "sg2-domain",
        "sg2-motion",
        "sg2-country",
        "sg2-notes",
        "sg2-industries",
        "sg2-use-cases",
    ],
    [
        "sg3-company",
        "sg3-domain",
        "sg3-motion",
        "sg3-country",
        "sg3-notes",
        "sg3-industries",
        "sg3-use-cases",
    ],
];

/// The style guide: one column per tier.
#[component]
pub fn StyleGuidePage() -> impl IntoView {
    set_title(AppRoute::StyleGuide.label());
    view! {
        <section class="page style-guide">
            <h1>{AppRoute::StyleGuide.label()}</h1>
            <p class="muted">
                "Every component with sample data, in each tier's theme. Designers change a tier in "
                <code>"style/tiers/<tier>.css"</code>" (see "<code>"style/README.md"</code>")."
            </p>
            <div class="style-guide__columns">
                {Tier::ALL
                    .into_iter()
                    .zip(FIELD_IDS)
                    .map(|(tier, ids)| view! { <Column tier ids/> })
                    .collect_view()}
            </div>
        </section>
    }
}

/// Every component under one tier's tokens.
#[component]
fn Column(tier: Tier, ids: [&'static str; 7]) -> impl IntoView {
    let [
        company,
        domain_id,
        motion,
        country,
        notes,
        industries,
        use_cases,
    ] = ids;
    let heading_id = format!("style-guide-{}", tier.as_str());
    let labelled_by = heading_id.clone();
    let now = crate::format::now();
    let nothing = Callback::new(|_: ()| {});
    let ignore = Callback::new(|_: String| {});
    let ignore_list = Callback::new(|_: Vec<String>| {});
    let no_error = Signal::stored(None::<String>);
    let error = |text: &str| Signal::stored(Some(text.to_owned()));
    let motions: Vec<(String, String)> = Motion::ALL
        .iter()
        .map(|m| (m.as_str().to_owned(), m.label().to_owned()))
        .collect();
    let industry_options = || {
        vec![
            ("health", "Healthcare".to_owned()),
            ("finance", "Financial services".to_owned()),
            ("retail", "Retail".to_owned()),
        ]
    };

    view! {
        <section class="style-guide__column" data-tier=tier.as_str() aria-labelledby=labelled_by>
            <h2 id=heading_id>{tier.label()}</h2>

            <div class="app-header style-guide__header">
                <span class="brand"><span aria-hidden="true">"◆"</span>"Portico"</span>
                <span class="org"><span class="org__name">"Vertex Cloud Solutions"</span><TierBadge tier/></span>
                <span class="avatar" aria-hidden="true">"AK"</span>
            </div>

            <h3>"Text"</h3>
            <div class="card style-guide__stack">
                <p>"Body text on a card, with a " <a href=AppRoute::StyleGuide.path()>"link"</a>
                    " and a search " <mark>"match"</mark> "."</p>
                <p class="muted">"Muted text: hints, dates, counts."</p>
                <p><code>"R-000042"</code></p>
            </div>

            <h3>"Buttons"</h3>
            <div class="style-guide__row">
                <button type="button" class="button button--primary">"Primary"</button>
                <button type="button" class="button">"Default"</button>
                <button type="button" class="button button--small">"Small"</button>
                <button type="button" class="button button--danger">"Reject"</button>
                <button type="button" class="button button--quiet">"Quiet"</button>
                <button type="button" class="button button--primary" disabled=true>"Disabled"</button>
                <button type="button" class="link-button">"Link button"</button>
            </div>
            <button type="button" class="button button--secondary">"Secondary (full width)"</button>
            <div class="tabs">
                <button type="button" class="tab" aria-pressed="true">"Pressed tab"</button>
                <button type="button" class="tab" aria-pressed="false">"Tab"</button>
            </div>

            <h3>"Badges and clocks"</h3>
            <div class="style-guide__row">
                {Tier::ALL.into_iter().map(|t| view! { <TierBadge tier=t/> }).collect_view()}
            </div>
            <div class="style-guide__row">
                {Status::ALL.into_iter().map(|status| view! { <StatusBadge status/> }).collect_view()}
            </div>
            <div class="style-guide__stack">
                <SlaText sla=SlaClock { due_at: now + 31 * HOUR, overdue: false }/>
                <SlaText sla=SlaClock { due_at: now - 5 * HOUR, overdue: true }/>
                <RegistrationClock registration=sample(Status::Approved, now - 30 * DAY, now + 60 * DAY)/>
                <RegistrationClock registration=sample(Status::Approved, now - 85 * DAY, now + 5 * DAY)/>
                <RegistrationClock registration=sample(Status::Expired, now - 100 * DAY, now - 10 * DAY)/>
            </div>

            <h3>"Notices"</h3>
            <p class="notice">"A neutral notice: your draft is saved in this browser."</p>
            <p class="notice notice--success">"Registration R-000042 was approved."</p>
            <p class="notice notice--danger">"The registration could not be saved."</p>
            <ErrorPanel message="The server did not answer. Check your connection." on_retry=nothing/>
            <Loading label="Loading sample…"/>
            <div class="empty-state">
                <p>"No registrations yet."</p>
                <p class="muted">"Deals you register appear here."</p>
            </div>

            <h3>"Cards"</h3>
            <ul class="asset-list">
                <li class="asset-card">
                    <a href=AppRoute::StyleGuide.path() class="asset-card__link">
                        <span class="asset-card__title">"Reseller " <mark>"pricing"</mark> " matrix"</span>
                    </a>
                    <p class="asset-card__summary">"List prices and partner discounts by volume band."</p>
                    <p class="asset-card__snippet">"… match the customer's " <mark>"pricing"</mark> " tier before quoting …"</p>
                    <p class="asset-card__meta">"Pricing matrix · Reseller · updated 2026-10-02"</p>
                </li>
            </ul>
            <div class="card">
                <dl class="facts">
                    <div><dt>"Customer"</dt><dd>"Northwind Health"</dd></div>
                    <div><dt>"Motion"</dt><dd>"Reseller"</dd></div>
                    <div><dt>"Value"</dt><dd>"USD 125,000"</dd></div>
                </dl>
            </div>

            <h3>"Form fields"</h3>
            <div class="card registration-form">
                <TextField id=company label="Customer legal name" value=Signal::stored("Northwind Health Inc.".to_owned())
                    on_input=ignore on_blur=nothing error=no_error hint="As on the customer's contracts."/>
                <TextField id=domain_id label="Customer web domain" value=Signal::stored("northwind".to_owned())
                    on_input=ignore on_blur=nothing error=error("Enter a domain such as example.com.")/>
                <SelectField id=motion label="Motion" value=Signal::stored("reseller".to_owned())
                    on_change=ignore on_blur=nothing error=no_error options=motions placeholder=""/>
                <SelectField id=country label="Country" value=Signal::stored(String::new())
                    on_change=ignore on_blur=nothing error=error("Choose the customer's country.")
                    options=vec![("DE".to_owned(), "Germany".to_owned()), ("US".to_owned(), "United States".to_owned())]
                    placeholder="Choose a country"/>
                <TextAreaField id=notes label="Notes for the channel team" value=Signal::stored(String::new())
                    on_input=ignore on_blur=nothing error=no_error rows=3/>
                <CheckboxGroup id=industries label="Industries" value=Signal::stored(vec!["finance".to_owned()])
                    on_change=ignore_list error=no_error options=industry_options()/>
                <CheckboxGroup id=use_cases label="Use cases" value=Signal::stored(Vec::new())
                    on_change=ignore_list error=error("Choose at least one use case.") options=industry_options()/>
            </div>
        </section>
    }
}

/// A registration with only what [`RegistrationClock`] reads filled in meaningfully.
fn sample(status: Status, start: i64, end: i64) -> RegistrationView {
    RegistrationView {
        id: 0,
        number: "R-000042".into(),
        motion: Motion::Reseller,
        category: String::new(),
        customer_legal_name: "Northwind Health Inc.".into(),
        customer_domain: "northwind.example".into(),
        customer_country: "US".into(),
        contact: ContactView {
            name: String::new(),
            email: String::new(),
            role: String::new(),
        },
        products: Vec::new(),
        estimated_value_minor: 0,
        currency: "USD".into(),
        expected_close: String::new(),
        attribution: Attribution::Sourced,
        attribution_percent: 100,
        incumbent: false,
        notes: String::new(),
        status,
        stage: None,
        vendor_owner: None,
        next_step: None,
        protection: Some(Protection { start, end }),
        sla: None,
        conflict_status: "none".into(),
        rejection_reason: None,
        extension_requested: false,
        source: "portal".into(),
        submitted_by: String::new(),
        submitted_at: start,
        last_activity_at: Some(start),
    }
}
