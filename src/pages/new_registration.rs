//! The deal registration form. Every field is validated with the domain crate's rules as the
//! user leaves it and again on submit (the server re-checks); the customer can be checked for
//! conflicts before submitting; the draft is saved in the browser on every change and submitted
//! with its own idempotency key, so retries after a failure never duplicate.

use crate::api;
use crate::components::{Fetched, Mounted, SelectField, TextField, set_title};
use crate::draft::{self, Draft};
use crate::format;
use crate::i18n::{field_msg, t, tf, tn, tr};
use crate::labels;
use crate::routes::AppRoute;
use crate::session::use_session;
use domain::Motion;
use domain::conflict::Availability;
use domain::error::FieldErrors;
use domain::registration::{Context, RegistrationInput};
use domain::views::{CustomerCheck, CustomerCheckRequest, RegistrationOptions};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

/// Loads the form's options, then shows the form.
#[component]
pub fn NewRegistrationPage() -> impl IntoView {
    set_title(AppRoute::NewRegistration.label());
    let options = LocalResource::new(api::registration_options);
    view! {
        <section class="page page--form">
            <h1>{AppRoute::NewRegistration.label()}</h1>
            <Fetched data=options loading=t("register.loading_the_form") let:options>
                <RegistrationForm options/>
            </Fetched>
        </section>
    }
}

/// Field names in the order they appear, for focusing the first error.
const FIELD_ORDER: [&str; 16] = RegistrationInput::FIELDS;

#[component]
fn RegistrationForm(
    /// What the program offers this partner.
    options: RegistrationOptions,
) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let user_id = session.me().map(|m| m.user.id).unwrap_or_default();
    let restored = draft::load(user_id).filter(Draft::is_started);
    let was_restored = restored.is_some();
    let draft = RwSignal::new(restored.unwrap_or_default());
    let errors = RwSignal::new(FieldErrors::new());
    let form_error = RwSignal::new(None::<api::Error>);
    let summary = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let check = RwSignal::new(None::<Result<CustomerCheck, String>>);
    let saved = RwSignal::new(was_restored);
    let categories: Vec<String> = options.categories.iter().map(|c| c.code.clone()).collect();
    let today = domain::date::Date::parse_iso(&options.today)
        .unwrap_or_else(|| domain::date::Date::from_unix(format::now()));
    let categories = StoredValue::new(categories);

    // Keep the draft in the browser on every change.
    Effect::new(move |_| {
        let d = draft.get();
        if d.is_started() {
            saved.set(draft::save(user_id, &d));
        }
    });

    let validate_all = move || {
        categories.with_value(|cats| {
            draft.with_untracked(|d| {
                prepared(d).validate(&Context {
                    today,
                    categories: cats,
                })
            })
        })
    };
    let check_field = move |name: &'static str| {
        let message = categories.with_value(|cats| {
            draft.with_untracked(|d| {
                prepared(d).field_error(
                    name,
                    &Context {
                        today,
                        categories: cats,
                    },
                )
            })
        });
        errors.update(|e| {
            match message {
                Some(m) => e.insert(name.to_owned(), m),
                None => e.remove(name),
            };
        });
    };

    let run_check = move || {
        let req = draft.with_untracked(|d| CustomerCheckRequest {
            customer_legal_name: d.input.customer_legal_name.clone(),
            customer_domain: d.input.customer_domain.clone(),
            customer_country: d.input.customer_country.clone(),
        });
        if req.customer_domain.trim().is_empty() && req.customer_legal_name.trim().is_empty() {
            return;
        }
        check.set(None);
        spawn_local(async move {
            check.set(Some(api::check_customer(&req).await.map_err(|e| {
                e.field("customer_domain").unwrap_or_else(|| e.message())
            })));
        });
    };

    let submit = {
        let navigate = navigate.clone();
        move || {
            if pending.get_untracked() {
                return;
            }
            form_error.set(None);
            summary.set(None);
            match validate_all() {
                Err(found) => {
                    let first = FIELD_ORDER
                        .iter()
                        .find(|f| found.contains_key(**f))
                        .copied();
                    summary.set(Some(tn(
                        "register.fields_need_attention",
                        found.len() as i64,
                    )));
                    errors.set(found);
                    if let Some(id) = first {
                        focus(id);
                    }
                }
                Ok(_) => {
                    pending.set(true);
                    let (input, key) = draft.with_untracked(|d| (prepared(d), d.key.clone()));
                    let navigate = navigate.clone();
                    spawn_local(async move {
                        match api::submit_registration(&input, &key).await {
                            Ok(created) => {
                                draft::clear(user_id);
                                navigate(
                                    &format!("{}?created=1", AppRoute::registration(created.id)),
                                    Default::default(),
                                );
                            }
                            Err(e) => {
                                if let api::Error::Api { body, .. } = &e
                                    && !body.fields.is_empty()
                                {
                                    errors.set(body.fields.clone());
                                    if let Some(first) =
                                        FIELD_ORDER.iter().find(|f| body.fields.contains_key(**f))
                                    {
                                        focus(first);
                                    }
                                }
                                form_error.set(Some(e));
                            }
                        }
                        pending.set(false);
                    });
                }
            }
        }
    };
    let submit_again = submit.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit();
    };
    // Discarding keeps the old draft in memory until the page is left, so it can be undone.
    let discarded = RwSignal::new(None::<Draft>);
    let discard = move |_| {
        let previous = draft.get_untracked();
        if previous.is_started() {
            discarded.set(Some(previous));
        }
        draft::clear(user_id);
        draft.set(Draft::new());
        errors.set(FieldErrors::new());
        check.set(None);
        form_error.set(None);
        summary.set(None);
        saved.set(false);
    };

    // Field plumbing: read and write one piece of the draft.
    let text = move |get: fn(&Draft) -> String, set: fn(&mut Draft, String)| {
        (
            Signal::derive(move || draft.with(get)),
            Callback::new(move |v: String| draft.update(|d| set(d, v))),
        )
    };
    // Messages come from the domain's rules or the server, in English; shown translated.
    let err = move |name: &'static str| {
        Signal::derive(move || errors.with(|e| e.get(name).map(|m| field_msg(name, m))))
    };
    let blur = move |name: &'static str| Callback::new(move |_: ()| check_field(name));

    let (motion, set_motion) = text(|d| d.input.motion.clone(), |d, v| d.input.motion = v);
    let (category, set_category) = text(|d| d.input.category.clone(), |d, v| d.input.category = v);
    let (legal, set_legal) = text(
        |d| d.input.customer_legal_name.clone(),
        |d, v| d.input.customer_legal_name = v,
    );
    let (web, set_web) = text(
        |d| d.input.customer_domain.clone(),
        |d, v| d.input.customer_domain = v,
    );
    let (country, set_country) = text(
        |d| d.input.customer_country.clone(),
        |d, v| d.input.customer_country = v,
    );
    let (cname, set_cname) = text(
        |d| d.input.contact_name.clone(),
        |d, v| d.input.contact_name = v,
    );
    let (cemail, set_cemail) = text(
        |d| d.input.contact_email.clone(),
        |d, v| d.input.contact_email = v,
    );
    let (crole, set_crole) = text(
        |d| d.input.contact_role.clone(),
        |d, v| d.input.contact_role = v,
    );
    let (products, set_products) = text(|d| d.products_text.clone(), |d, v| d.products_text = v);
    let (value, set_value) = text(
        |d| d.input.estimated_value.clone(),
        |d, v| d.input.estimated_value = v,
    );
    let (currency, set_currency) = text(|d| d.input.currency.clone(), |d, v| d.input.currency = v);
    let (close, set_close) = text(
        |d| d.input.expected_close.clone(),
        |d, v| d.input.expected_close = v,
    );
    let (attribution, set_attribution) = text(
        |d| d.input.attribution.clone(),
        |d, v| d.input.attribution = v,
    );
    let (percent, set_percent) = text(
        |d| d.input.attribution_percent.clone(),
        |d, v| d.input.attribution_percent = v,
    );
    let (notes, set_notes) = text(|d| d.input.notes.clone(), |d, v| d.input.notes = v);
    let incumbent = Signal::derive(move || draft.with(|d| d.input.incumbent));

    let motions: Vec<(String, String)> = Motion::ALL
        .iter()
        .map(|m| (m.as_str().to_owned(), labels::motion(*m).to_owned()))
        .collect();
    let category_options: Vec<(String, String)> = options
        .categories
        .iter()
        .map(|c| {
            let label = if c.minimum_tier == domain::Tier::Bronze {
                labels::category(&c.code)
            } else {
                tf(
                    "register.benefit",
                    &[
                        ("category", &labels::category(&c.code)),
                        ("tier", &labels::tier(c.minimum_tier)),
                    ],
                )
            };
            (c.code.clone(), label)
        })
        .collect();
    let countries = format::countries();
    let currencies: Vec<(String, String)> = options
        .currencies
        .iter()
        .map(|c| (c.clone(), c.clone()))
        .collect();
    let attributions = vec![
        (
            "sourced".to_owned(),
            t("register.sourced_we_found_this_opportunity").to_owned(),
        ),
        (
            "influenced".to_owned(),
            t("register.influenced_we_helped_an_existing_opportunity").to_owned(),
        ),
    ];

    view! {
        {was_restored.then(|| view! {
            <p class="notice" role="status">{t("register.we_restored_the_draft_you_started")}</p>
        })}
        <p class="muted">
            {tf(
                "register.approved_registrations_protect_the_customer_for",
                &[("days", &options.protection_days), ("hours", &options.approval_sla_hours)],
            )}
        </p>
        <form class="registration-form" on:submit=on_submit novalidate>
            {move || summary.get().map(|s| view! { <p class="form-error" role="alert">{s}</p> })}
            <fieldset>
                <legend>{t("register.the_deal")}</legend>
                <SelectField id="motion" label=t("common.motion") value=motion on_change=set_motion on_blur=blur("motion")
                    error=err("motion") options=motions.clone() placeholder=t("register.choose_how_you_sell_this_deal")/>
                <SelectField id="category" label=t("register.registration_category") value=category on_change=set_category
                    on_blur=blur("category") error=err("category") options=category_options placeholder=""/>
                <TextField id="products" label=t("common.products") hint=t("register.separate_several_with_commas") value=products
                    on_input=set_products on_blur=blur("products") error=err("products")/>
                <div class="field-row">
                    <TextField id="estimated_value" label=t("common.estimated_value") value=value on_input=set_value
                        on_blur=blur("estimated_value") error=err("estimated_value") inputmode="decimal"/>
                    <SelectField id="currency" label=t("register.currency") value=currency on_change=set_currency
                        on_blur=blur("currency") error=err("currency") options=currencies placeholder=""/>
                </div>
                <TextField id="expected_close" label=t("register.expected_close_date") kind="date" value=close on_input=set_close
                    on_blur=blur("expected_close") error=err("expected_close")/>
                <div class="field-row">
                    <SelectField id="attribution" label=t("register.sourced_or_influenced") value=attribution
                        on_change=set_attribution on_blur=blur("attribution") error=err("attribution")
                        options=attributions placeholder=""/>
                    <TextField id="attribution_percent" label=t("register.attribution") value=percent on_input=set_percent
                        on_blur=blur("attribution_percent") error=err("attribution_percent") inputmode="numeric"/>
                </div>
            </fieldset>
            <fieldset>
                <legend>{t("register.the_customer")}</legend>
                <TextField id="customer_legal_name" label=t("register.legal_name") value=legal on_input=set_legal
                    on_blur=blur("customer_legal_name") error=err("customer_legal_name") autocomplete="organization"/>
                <TextField id="customer_domain" label=t("register.web_domain") hint=t("register.like_acme_com") value=web on_input=set_web
                    on_blur=Callback::new(move |_| { check_field("customer_domain"); run_check(); })
                    error=err("customer_domain") inputmode="url"/>
                <SelectField id="customer_country" label=t("register.country") value=country on_change=set_country
                    on_blur=blur("customer_country") error=err("customer_country") options=countries
                    placeholder=t("register.choose_a_country")/>
                <div class="field field--checkbox">
                    <input id="incumbent" type="checkbox" prop:checked=incumbent
                        on:change=move |ev| draft.update(|d| d.input.incumbent = event_target_checked(&ev))/>
                    <label for="incumbent">{t("register.we_already_serve_this_customer_incumbent")}</label>
                </div>
                <div class="customer-check">
                    <button type="button" class="button" on:click=move |_| run_check()>{t("register.check_customer")}</button>
                    <CheckResult check/>
                </div>
            </fieldset>
            <fieldset>
                <legend>{t("register.customer_contact")}</legend>
                <TextField id="contact_name" label=t("register.name") value=cname on_input=set_cname
                    on_blur=blur("contact_name") error=err("contact_name")/>
                <TextField id="contact_email" label=t("common.e_mail") kind="email" value=cemail on_input=set_cemail
                    on_blur=blur("contact_email") error=err("contact_email") inputmode="email"/>
                <TextField id="contact_role" label=t("register.role") hint=t("register.like_cio_or_head_of_procurement") value=crole
                    on_input=set_crole on_blur=blur("contact_role") error=err("contact_role")/>
            </fieldset>
            <div class="field">
                <label for="notes">{t("register.notes_for_the_channel_team_optional")}</label>
                <textarea id="notes" rows="4" prop:value=notes
                    on:input=move |ev| set_notes.run(event_target_value(&ev))
                    on:blur={ let mounted = Mounted::new(); move |_| mounted.defer(move || check_field("notes")) }
                    aria-invalid=move || errors.with(|e| e.contains_key("notes")).to_string()
                    aria-describedby=move || errors.with(|e| e.contains_key("notes")).then_some("notes-error")></textarea>
                {move || err("notes").get().map(|e| view! { <p id="notes-error" class="field-error">{e}</p> })}
            </div>
            {move || form_error.get().map(|e| {
                let retry = submit_again.clone();
                view! {
                    <div class="form-error" role="alert">
                        <p>{e.message()}</p>
                        {matches!(e, api::Error::Network | api::Error::Unexpected(_) | api::Error::Api { status: 500.., .. }).then(|| view! {
                            <p>{t("register.your_draft_is_saved_in_this")}" "
                                <button type="button" class="button" on:click=move |_| retry()>{t("common.try_again")}</button>
                            </p>
                        })}
                    </div>
                }
            })}
            <div class="form-actions">
                <button type="submit" class="button button--primary" disabled=move || pending.get()>
                    {move || if pending.get() { t("register.submitting") } else { t("register.submit_registration") }}
                </button>
                <button type="button" class="button button--quiet" on:click=discard>{t("register.discard_draft")}</button>
                <span class="muted" role="status">
                    {move || saved.get().then(|| t("register.draft_saved_in_this_browser"))}
                    {move || discarded.get().is_some().then(|| view! {
                        {t("register.draft_discarded")}" "
                        <button type="button" class="link-button" on:click=move |_| {
                            if let Some(previous) = discarded.get_untracked() {
                                draft.set(previous);
                                discarded.set(None);
                            }
                        }>{t("register.undo")}</button>
                    })}
                </span>
            </div>
        </form>
    }
}

/// The draft as the domain's rules read it; an amount typed the German way ("125.000,50") is
/// rewritten as `125000.50` first (the draft keeps the text as typed).
fn prepared(d: &Draft) -> RegistrationInput {
    let mut input = d.prepared();
    input.estimated_value = format::amount_input(&input.estimated_value);
    input
}

fn focus(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        use wasm_bindgen::JsCast;
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

/// The customer check's answer: free, possible conflict, or protected until a date.
#[component]
fn CheckResult(
    /// `None` before (or while) checking.
    check: RwSignal<Option<Result<CustomerCheck, String>>>,
) -> impl IntoView {
    move || {
        check.get().map(|result| match result {
            Ok(c) => {
                let (kind, title) = match c.availability {
                    Availability::Free { .. } => ("free", t("register.free").to_owned()),
                    Availability::PossibleConflict { .. } => {
                        ("risk", t("register.possible_conflict").to_owned())
                    }
                    Availability::Protected { until, .. } => (
                        "protected",
                        tf(
                            "register.protected_until",
                            &[("date", &format::iso_date(&until))],
                        ),
                    ),
                };
                view! {
                    <p class="check-result" data-outcome=kind role="status">
                        <strong>{title}</strong>" — "{tr(&c.message)}
                    </p>
                }
                .into_any()
            }
            Err(message) => view! { <p class="field-error" role="status">{message}</p> }.into_any(),
        })
    }
}
