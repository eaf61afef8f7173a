//! "My registrations": every registration the user may see, with status and clock, and the way
//! to register a new deal (or continue the saved draft).

use crate::api;
use crate::components::{Fetched, Paged, RegistrationClock, ShowMore, StatusBadge, set_title};
use crate::draft;
use crate::format;
use crate::i18n::{t, tf};
use crate::labels;
use crate::routes::AppRoute;
use crate::session::use_session;
use domain::Role;
use domain::views::RegistrationView;
use leptos::prelude::*;
use leptos_router::components::A;

/// The registrations list.
#[component]
pub fn RegistrationsPage() -> impl IntoView {
    set_title(t("common.my_registrations"));
    let session = use_session();
    let data = LocalResource::new(|| api::registrations(None));
    let has_draft = move || {
        session
            .me()
            .and_then(|me| draft::load(me.user.id))
            .is_some_and(|d| d.is_started())
    };
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{t("common.my_registrations")}</h1>
                <A href=AppRoute::NewRegistration.path() attr:class="button button--primary">
                    {move || if has_draft() { t("registrations.continue_your_draft") } else { t("common.register_a_deal") }}
                </A>
            </div>
            <Fetched data loading=t("registrations.loading_your_registrations") let:page>
                {if page.items.is_empty() {
                    view! {
                        <div class="empty-state">
                            <p>{t("registrations.you_have_no_registrations_yet")}</p>
                            <p class="muted">{t("registrations.register_a_deal_to_protect_your")}</p>
                        </div>
                    }
                    .into_any()
                } else {
                    let paged = Paged::new(page);
                    // A partner admin sees the team's registrations: who submitted each, and a
                    // filter by submitter (over the pages loaded).
                    let team = session.me().is_some_and(|me| me.user.role == Role::PartnerAdmin);
                    let submitter = RwSignal::new(String::new());
                    let shown = move || {
                        let who = submitter.get();
                        paged
                            .items
                            .get()
                            .into_iter()
                            .filter(|r| who.is_empty() || r.submitted_by == who)
                            .collect::<Vec<_>>()
                    };
                    view! {
                        {team.then(|| view! { <SubmitterFilter paged submitter/> })}
                        {move || view! { <RegistrationList list=shown() team/> }}
                        <ShowMore paged fetch=|next| api::registrations(Some(next))/>
                    }
                    .into_any()
                }}
            </Fetched>
        </section>
    }
}

/// Partner admins: show everyone's registrations or one colleague's.
#[component]
fn SubmitterFilter(
    /// The registrations loaded so far (the names offered are theirs).
    paged: Paged<RegistrationView>,
    /// The chosen submitter's name; empty: everyone.
    submitter: RwSignal<String>,
) -> impl IntoView {
    let names = move || {
        let mut names: Vec<String> = paged
            .items
            .get()
            .into_iter()
            .map(|r| r.submitted_by)
            .collect();
        names.sort();
        names.dedup();
        names
    };
    view! {
        <div class="field lines-filter">
            <label for="submitter-filter">{t("registrations.submitted_by_filter")}</label>
            <select
                id="submitter-filter"
                prop:value=move || submitter.get()
                on:change=move |ev| submitter.set(event_target_value(&ev))
            >
                <option value="">{t("registrations.everyone")}</option>
                {move || names().into_iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()}
            </select>
        </div>
    }
}

/// One card per registration: number, customer, motion, status and clock.
#[component]
fn RegistrationList(
    /// Registrations, newest first.
    list: Vec<RegistrationView>,
    /// A partner admin's team list: each card names who submitted it.
    #[prop(optional)]
    team: bool,
) -> impl IntoView {
    view! {
        <ul class="registration-list" aria-label=t("common.registrations")>
            {list
                .into_iter()
                .map(|r| {
                    let href = AppRoute::registration(r.id);
                    let name = r.customer_legal_name.clone();
                    let mut line = format!("{} · {} · {}", r.number, labels::motion(r.motion), format::money(r.estimated_value_minor, &r.currency));
                    if team {
                        line.push_str(" · ");
                        line.push_str(&tf("registrations.submitted_by", &[("name", &r.submitted_by)]));
                    }
                    let status = r.status;
                    let conflict = (r.conflict_status != "none" && status == domain::registration::Status::Submitted)
                        .then(|| t("registrations.possible_conflict_with_another_registration"));
                    view! {
                        <li class="registration-card">
                            <div class="registration-card__main">
                                <A href=href attr:class="registration-card__title">
                                    {name}
                                </A>
                                <span class="muted">
                                    {line}
                                </span>
                            </div>
                            <div class="registration-card__state">
                                <StatusBadge status/>
                                <RegistrationClock registration=r.clone()/>
                                {conflict.map(|c| view! { <span class="clock clock--warning">{"⚠ "}{c}</span> })}
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
