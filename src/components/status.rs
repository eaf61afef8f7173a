//! Registration and commission line statuses and clocks as badges: words first, colour second.

use crate::format;
use crate::i18n::t;
use crate::labels;
use domain::registration::{SlaClock, Status};
use domain::views::RegistrationView;
use leptos::prelude::*;

/// "Approved", "Awaiting decision", … styled per status.
#[component]
pub fn StatusBadge(
    /// The status to show.
    status: Status,
) -> impl IntoView {
    view! { <span class="status-badge" data-status=status.as_str()>{labels::status(status)}</span> }
}

/// A commission line's status: "New", "Approved", "On hold", "Declined", "Paid", styled per
/// status.
#[component]
pub fn LineStatusBadge(
    /// The line's status.
    status: domain::commission::LineStatus,
) -> impl IntoView {
    view! { <span class="status-badge" data-status=status.as_str()>{labels::line_status(status)}</span> }
}

/// The approval clock: "decision due in 31 h" or, flagged, "decision overdue by 5 h".
#[component]
pub fn SlaText(
    /// The registration's clock.
    sla: SlaClock,
) -> impl IntoView {
    let now = format::now();
    let overdue = sla.overdue || now > sla.due_at;
    view! {
        <span class="clock" class:clock--overdue=overdue>
            {overdue.then(|| format!("⚠ {} ", t("status.overdue")))}
            {format::sla(sla, now)}
        </span>
    }
}

/// Whether [`RegistrationClock`] shows anything for this registration (a decided or closed one
/// has no clock).
pub fn has_clock(r: &RegistrationView) -> bool {
    matches!(
        (r.status, r.sla, r.protection),
        (Status::Submitted, Some(_), _) | (Status::Approved | Status::Expired, _, Some(_))
    )
}

/// The clock that matters for a registration in its current state.
#[component]
pub fn RegistrationClock(
    /// The registration.
    registration: RegistrationView,
) -> impl IntoView {
    let now = format::now();
    match (
        registration.status,
        registration.sla,
        registration.protection,
    ) {
        (Status::Submitted, Some(sla), _) => view! { <SlaText sla/> }.into_any(),
        (Status::Approved, _, Some(p)) => {
            let soon = format::expiring_soon(p, now);
            view! {
                <span class="clock" class:clock--warning=soon>
                    {soon.then(|| format!("⚠ {} ", t("status.expiring_soon")))}
                    {format::protection(p, now)}
                </span>
            }
            .into_any()
        }
        (Status::Expired, _, Some(p)) => {
            view! { <span class="clock">{format::protection(p, now)}</span> }.into_any()
        }
        _ => ().into_any(),
    }
}
