//! Channel managers' approval queue: registrations awaiting a decision (oldest first) with the
//! SLA clock, overdue and conflict flags naming the competing registrations; approve, reject
//! with a reason the partner sees, and extend protection on request.

use crate::api;
use crate::components::{Fetched, Paged, ShowMore, SlaText, StatusBadge, TierBadge, set_title};
use crate::format;
use crate::i18n::{t, tf, tr};
use crate::labels;
use crate::routes::AppRoute;
use domain::views::QueueItem;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

/// The queue, with tabs for decisions, extension requests and approved registrations.
#[component]
pub fn ApprovalsPage() -> impl IntoView {
    set_title(AppRoute::Approvals.label());
    let view_name = RwSignal::new("submitted");
    let data = LocalResource::new(move || api::manage_queue(view_name.get(), None));
    let refetch = Callback::new(move |_| data.refetch());
    let tabs = [
        ("submitted", t("common.awaiting_decision")),
        ("extension", t("approvals.extension_requests")),
        ("approved", t("common.approved")),
    ];
    view! {
        <section class="page">
            <h1>{AppRoute::Approvals.label()}</h1>
            <div class="tabs" role="group" aria-label=t("approvals.queue")>
                {tabs
                    .into_iter()
                    .map(|(name, label)| view! {
                        <button type="button" class="tab" aria-pressed=move || (view_name.get() == name).to_string()
                            on:click=move |_| view_name.set(name)>{label}</button>
                    })
                    .collect_view()}
            </div>
            <Fetched data loading=t("approvals.loading_the_queue") let:page>
                {if page.items.is_empty() {
                    view! {
                        <div class="empty-state"><p>{t("approvals.nothing_waiting_here_well_done")}</p></div>
                    }
                    .into_any()
                } else {
                    let paged = Paged::new(page);
                    view! {
                        <ul class="queue" aria-label=t("common.registrations")>
                            <For each=move || paged.items.get() key=|item| item.registration.id let:item>
                                <QueueCard item on_done=refetch/>
                            </For>
                        </ul>
                        <ShowMore paged fetch=move |next| api::manage_queue(view_name.get_untracked(), Some(next))/>
                    }
                    .into_any()
                }}
            </Fetched>
        </section>
    }
}

/// One registration with its decision controls.
#[component]
fn QueueCard(
    /// The queued registration.
    item: QueueItem,
    /// Called after a successful action, to reload the queue.
    on_done: Callback<()>,
) -> impl IntoView {
    let r = item.registration.clone();
    let id = r.id;
    let now = format::now();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let rejecting = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let days = RwSignal::new("30".to_owned());

    let act = move |call: std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<domain::views::RegistrationView, api::Error>>>,
    >| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match call.await {
                Ok(_) => on_done.run(()),
                Err(e) => error.set(Some(
                    e.field("reason")
                        .or_else(|| e.field("days"))
                        .unwrap_or_else(|| e.message()),
                )),
            }
            busy.set(false);
        });
    };
    let approve = move |_| act(Box::pin(api::approve(id)));
    let reject = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = reason.get_untracked();
        act(Box::pin(async move { api::reject(id, &text).await }));
    };
    let extend = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match days.get_untracked().trim().parse::<i64>() {
            Ok(d) => act(Box::pin(api::extend(id, d))),
            Err(_) => error.set(Some(t("approvals.enter_the_number_of_days_from").into())),
        }
    };
    let submitted = r.status == domain::registration::Status::Submitted;
    let approved = r.status == domain::registration::Status::Approved;
    let heading_id = format!("queue-{id}");
    let labelled_by = heading_id.clone();
    let competing = item.competing.clone();
    view! {
        <li class="queue-card" aria-labelledby=labelled_by>
            <div class="queue-card__head">
                <h2 id=heading_id>
                    <A href=AppRoute::registration(id)>{format!("{} · {}", r.number, r.customer_legal_name)}</A>
                </h2>
                <StatusBadge status=r.status/>
            </div>
            <p class="queue-card__partner">{item.partner_name.clone()}" "<TierBadge tier=item.partner_tier/>
                {item.partner_certified.then(|| format!(" · {}", t("approvals.certified")))}</p>
            <p class="muted">{format!("{} · {} · {} · {} · {}", labels::motion(r.motion), r.customer_domain, r.customer_country,
                format::money(r.estimated_value_minor, &r.currency),
                tf("approvals.submitted", &[("date", &format::date_time(r.submitted_at))]))}</p>
            {r.sla.map(|sla| view! { <p><SlaText sla/></p> })}
            {r.protection.map(|p| view! { <p class="clock">{format::protection(p, now)}</p> })}
            {(!competing.is_empty()).then(move || view! {
                <div class="conflict" role="note">
                    <strong>"⚠ "{t("approvals.conflict_other_registrations_claim_this_customer")}</strong>
                    <ul>
                        {competing.into_iter().map(|c| {
                            let until = c.protection_end
                                .map(|e| format!(", {}", tf("approvals.protected_until", &[("date", &format::date(e))])))
                                .unwrap_or_default();
                            let verdict = if c.ranks_first { t("approvals.ranks_first") } else { t("approvals.ranks_after_this_one") };
                            view! {
                                <li>
                                    <A href=AppRoute::registration(c.id)>{c.number.clone()}</A>
                                    {format!(" · {} ({}) · {}{until} · {verdict}: {}", c.partner_name, labels::tier(c.partner_tier),
                                        labels::status(c.status), tr(c.rule.label_id()))}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            })}
            {item.extension_reason.clone().map(|why| view! { <p class="notice"><strong>{t("approvals.extension_requested")}" "</strong>{why}</p> })}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <div class="queue-card__actions">
                {submitted.then(|| view! {
                    <button type="button" class="button button--primary" disabled=move || busy.get() on:click=approve>{t("approvals.approve")}</button>
                    <button type="button" class="button" aria-expanded=move || rejecting.get().to_string()
                        on:click=move |_| rejecting.update(|r| *r = !*r)>{t("approvals.reject")}</button>
                })}
                {approved.then(|| view! {
                    <form class="inline-form" on:submit=extend>
                        <label for=format!("days-{id}")>{t("approvals.extend_by_days")}</label>
                        <input id=format!("days-{id}") inputmode="numeric" bind:value=days/>
                        <button type="submit" class="button" disabled=move || busy.get()>{t("approvals.extend_protection")}</button>
                    </form>
                })}
            </div>
            <Show when=move || rejecting.get()>
                <form class="reject-form" on:submit=reject>
                    <div class="field">
                        <label for=format!("reason-{id}")>{t("approvals.reason_for_the_partner")}</label>
                        <textarea id=format!("reason-{id}") rows="3" bind:value=reason></textarea>
                    </div>
                    <button type="submit" class="button button--danger" disabled=move || busy.get()>{t("approvals.reject_registration")}</button>
                </form>
            </Show>
        </li>
    }
}
