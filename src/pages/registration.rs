//! One registration: its details, status, clock, history, the extension request, the
//! commission lines it earned and, for channel managers on an approved one, marking it won.

use crate::api;
use crate::components::{
    Fetched, RecordNotFound, RegistrationClock, SelectField, StatusBadge, TextField, set_title,
};
use crate::format;
use crate::i18n::{field_msg, t, tf, tr};
use crate::labels;
use crate::pages::commissions::LinesTable;
use crate::routes::AppRoute;
use domain::error::FieldErrors;
use domain::registration::Status;
use domain::views::{HistoryEntry, MarkWonRequest, RegistrationDetail, RegistrationView};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The registration at `/registrations/:id`.
#[component]
pub fn RegistrationPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let data = LocalResource::new(move || {
        let id = id();
        async move {
            match id {
                Some(id) => api::registration(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let just_created = move || query.read().get("created").is_some();
    // "R-… marked won." after a channel manager marks it won (the page reloads under it); kept
    // with the registration's id, so moving to another one does not carry it along.
    let won_note = RwSignal::new(None::<(i64, String)>);
    let on_won = Callback::new(move |note: String| {
        let here = params.with_untracked(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()));
        won_note.set(here.map(|id| (id, note)));
        data.refetch();
    });
    let role = crate::session::use_session().me().map(|m| m.user.role);
    let is_manager = role == Some(domain::Role::ChannelManager);
    // Channel managers come here from the approvals queue; partners from their list.
    let back = match role {
        Some(domain::Role::ChannelManager) => (
            AppRoute::Approvals.path(),
            format!("← {}", AppRoute::Approvals.label()),
        ),
        _ => (
            AppRoute::Registrations.path(),
            format!("← {}", t("common.my_registrations")),
        ),
    };
    view! {
        <section class="page">
            <p><A href=back.0>{back.1}</A></p>
            {move || won_note.get().filter(|(at, _)| Some(*at) == id()).map(|(_, n)| view! { <p class="notice notice--success" role="status">{n}</p> })}
            <Fetched data loading=t("registration.loading_the_registration") not_found=not_found let:detail>
                {match detail {
                    Some(detail) => view! { <Detail detail just_created=just_created() is_manager on_won/> }.into_any(),
                    None => not_found().into_any(),
                }}
            </Fetched>
        </section>
    }
}

/// What an id that is not there (or not this person's) shows.
fn not_found() -> impl IntoView {
    view! { <RecordNotFound title=t("registration.registration_not_found") explained=t("registration.there_is_no_registration_at_this")/> }
}

#[component]
fn Detail(
    /// The registration and its history.
    detail: RegistrationDetail,
    /// Show the "submitted" confirmation.
    just_created: bool,
    /// A channel manager is reading (may mark an approved registration won).
    is_manager: bool,
    /// Called with "R-… marked won." after marking it won.
    on_won: Callback<String>,
) -> impl IntoView {
    let r = detail.registration.clone();
    set_title(&format!("{} · {}", r.number, r.customer_legal_name));
    let now = format::now();
    let confirmation = just_created.then(|| {
        let clock = r.sla.map(|s| format::sla(s, now)).unwrap_or_default();
        view! {
            <p class="notice notice--success" role="status">
                {
                    // One full stop, also when the clock ends in an abbreviation ("48 Std.").
                    let mut text = tf("registration.registration_submitted", &[("number", &r.number), ("clock", &clock)]);
                    if text.ends_with("..") {
                        text.pop();
                    }
                    text
                }
            </p>
        }
    });
    let country = domain::countries::country_name(&r.customer_country)
        .unwrap_or("")
        .to_owned();
    let rows: Vec<(&str, String)> = vec![
        (t("common.motion"), labels::motion(r.motion).to_owned()),
        (t("registration.category"), labels::category(&r.category)),
        (
            t("common.customer"),
            format!(
                "{} · {} · {}",
                r.customer_legal_name, r.customer_domain, country
            ),
        ),
        (
            t("registration.contact"),
            format!(
                "{} ({}) · {}",
                r.contact.name, r.contact.role, r.contact.email
            ),
        ),
        (t("common.products"), r.products.join(", ")),
        (
            t("common.estimated_value"),
            format::money(r.estimated_value_minor, &r.currency),
        ),
        (
            t("registration.expected_close"),
            format::iso_date(&r.expected_close),
        ),
        (
            t("registration.attribution"),
            format!(
                "{} · {} %",
                if r.attribution.as_str() == "sourced" {
                    t("registration.sourced")
                } else {
                    t("registration.influenced")
                },
                r.attribution_percent
            ),
        ),
        (
            t("registration.relationship"),
            if r.incumbent {
                t("registration.incumbent_we_already_serve_this_customer").into()
            } else {
                t("registration.net_new_customer").into()
            },
        ),
        (
            t("common.stage"),
            r.stage.as_deref().map_or_else(|| "—".into(), labels::stage),
        ),
        (
            t("common.vendor_owner"),
            r.vendor_owner.clone().unwrap_or_else(|| "—".into()),
        ),
        (
            t("common.next_step"),
            r.next_step.clone().unwrap_or_else(|| "—".into()),
        ),
        (
            t("registration.submitted"),
            tf(
                "registration.by",
                &[
                    ("date", &format::date_time(r.submitted_at)),
                    ("name", &r.submitted_by),
                ],
            ),
        ),
        (
            t("registration.your_notes"),
            if r.notes.is_empty() {
                "—".into()
            } else {
                r.notes.clone()
            },
        ),
    ];
    let rejection = r.rejection_reason.clone().map(|reason| {
        view! { <p class="notice notice--danger"><strong>{t("registration.rejected")}" "</strong>{reason}</p> }
    });
    let can_extend = r.status == Status::Approved;
    let can_mark_won = r.status == Status::Approved && is_manager;
    view! {
        {confirmation}
        <div class="page-head">
            <h1>{r.customer_legal_name.clone()}</h1>
            <StatusBadge status=r.status/>
        </div>
        <p class="muted">
            {r.number.clone()}
            {crate::components::status::has_clock(&r).then(|| view! { " · "<RegistrationClock registration=r.clone()/> })}
        </p>
        {rejection}
        <div class="card">
            <h2>{t("registration.details")}</h2>
            <dl class="facts">
                {rows.into_iter().map(|(k, v)| view! { <div><dt>{k}</dt><dd>{v}</dd></div> }).collect_view()}
            </dl>
        </div>
        {can_extend.then(|| view! { <ExtensionForm id=r.id requested=r.extension_requested/> })}
        {can_mark_won.then(|| view! { <MarkWonForm registration=r.clone() on_won/> })}
        <CommissionSection id=r.id/>
        <div class="card">
            <h2>{t("registration.history")}</h2>
            <History entries=detail.history/>
        </div>
    }
}

#[component]
fn History(
    /// Oldest first.
    entries: Vec<HistoryEntry>,
) -> impl IntoView {
    view! {
        <ol class="history">
            {entries
                .into_iter()
                .map(|e| {
                    let change = match (e.from, e.to) {
                        (Some(a), Some(b)) if a != b => Some(format!("{} → {}", labels::status(a), labels::status(b))),
                        _ => None,
                    };
                    view! {
                        <li>
                            <time>{format::date_time(e.at)}</time>
                            <span><strong>{tr(&e.action)}</strong>" · "{e.actor}</span>
                            {change.map(|c| view! { <span class="muted">{c}</span> })}
                            {e.detail.map(|d| view! { <span>{d}</span> })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// Ask for more protection time.
#[component]
fn ExtensionForm(
    /// Registration id.
    id: i64,
    /// Whether a request is already pending.
    requested: bool,
) -> impl IntoView {
    let requested = RwSignal::new(requested);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        pending.set(true);
        error.set(None);
        spawn_local(async move {
            match api::request_extension(id, &reason.get_untracked()).await {
                Ok(_) => requested.set(true),
                Err(e) => error.set(Some(e.field("reason").unwrap_or_else(|| e.message()))),
            }
            pending.set(false);
        });
    };
    view! {
        <div class="card">
            <h2>{t("common.protection")}</h2>
            <Show
                when=move || !requested.get()
                fallback=|| view! { <p role="status">{t("registration.extension_requested_the_channel_team_will")}</p> }
            >
                <form on:submit=submit novalidate>
                    <div class="field">
                        <label for="extension-reason">{t("registration.need_more_time_tell_the_channel")}</label>
                        <textarea id="extension-reason" rows="3" bind:value=reason
                            aria-invalid=move || error.get().is_some().to_string()
                            aria-describedby=move || error.get().map(|_| "extension-error")></textarea>
                        {move || error.get().map(|e| view! { <p id="extension-error" class="field-error">{e}</p> })}
                    </div>
                    <button type="submit" class="button" disabled=move || pending.get()>
                        {move || if pending.get() { t("registration.sending") } else { t("registration.request_an_extension") }}
                    </button>
                </form>
            </Show>
        </div>
    }
}

/// The commission lines this registration earned; nothing while it has none.
#[component]
fn CommissionSection(
    /// Registration id.
    id: i64,
) -> impl IntoView {
    let data = LocalResource::new(move || api::registration_commissions(id));
    view! {
        <Fetched data loading=t("registration.loading_the_commission") let:lines>
            {(!lines.is_empty()).then(|| view! {
                <section class="card" aria-labelledby="commission-title">
                    <h2 id="commission-title">{t("registration.commission")}</h2>
                    <LinesTable lines/>
                </section>
            })}
        </Fetched>
    }
}

/// Channel managers mark an approved registration won: the first-year value (typed in major
/// units as the UI's language writes numbers), its currency (the registration's unless changed)
/// and the close date (today unless changed). The commission lines are computed by the server.
#[component]
fn MarkWonForm(
    /// The approved registration.
    registration: RegistrationView,
    /// Called with "R-… marked won." once it is.
    on_won: Callback<String>,
) -> impl IntoView {
    let id = registration.id;
    let number = registration.number.clone();
    let value = RwSignal::new(String::new());
    let currency = RwSignal::new(registration.currency.clone());
    let close_date = RwSignal::new(format::today_iso());
    let errors = RwSignal::new(FieldErrors::new());
    let form_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let err = move |name: &'static str| {
        Signal::derive(move || errors.with(|e| e.get(name).map(|m| field_msg(name, m))))
    };
    let mut currencies: Vec<String> = domain::registration::CURRENCIES
        .iter()
        .map(|c| (*c).to_owned())
        .collect();
    if !currencies.contains(&registration.currency) {
        currencies.insert(0, registration.currency.clone());
    }
    let currency_options: Vec<(String, String)> =
        currencies.into_iter().map(|c| (c.clone(), c)).collect();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form_error.set(None);
        let mut found = FieldErrors::new();
        let minor = match domain::registration::parse_money(&format::amount_input(
            &value.get_untracked(),
        )) {
            Ok(minor) => minor,
            Err(m) => {
                found.insert("first_year_value_minor".into(), m);
                0
            }
        };
        let request = MarkWonRequest {
            first_year_value_minor: minor,
            currency: currency.get_untracked(),
            close_date: close_date.get_untracked(),
        };
        if let Err(rules) = request.validate() {
            for (k, m) in rules {
                found.entry(k).or_insert(m);
            }
        }
        if !found.is_empty() {
            errors.set(found);
            return;
        }
        errors.set(FieldErrors::new());
        busy.set(true);
        let number = number.clone();
        spawn_local(async move {
            match api::mark_won(id, &request).await {
                Ok(_) => on_won.run(tf("registration.marked_won", &[("number", &number)])),
                Err(api::Error::Api { body, .. }) if !body.fields.is_empty() => {
                    errors.set(body.fields)
                }
                Err(e) => form_error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card" aria-labelledby="mark-won-title">
            <h2 id="mark-won-title">{t("registration.mark_won")}</h2>
            <p class="muted">{t("registration.mark_won_explained")}</p>
            <form on:submit=submit novalidate>
                <div class="field-row">
                    <TextField id="first_year_value_minor" label=t("registration.first_year_value") inputmode="decimal"
                        hint=t("registration.first_year_value_hint")
                        value=value.into() on_input=Callback::new(move |v| value.set(v)) on_blur=Callback::new(|_| ())
                        error=err("first_year_value_minor")/>
                    <SelectField id="currency" label=t("register.currency") value=currency.into()
                        on_change=Callback::new(move |v| currency.set(v)) on_blur=Callback::new(|_| ())
                        error=err("currency") options=currency_options placeholder=""/>
                </div>
                <TextField id="close_date" label=t("registration.close_date") kind="date" value=close_date.into()
                    on_input=Callback::new(move |v| close_date.set(v)) on_blur=Callback::new(|_| ())
                    error=err("close_date")/>
                {move || form_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button button--primary" disabled=move || busy.get()>
                    {move || if busy.get() { t("common.saving") } else { t("registration.mark_won") }}
                </button>
            </form>
        </section>
    }
}
