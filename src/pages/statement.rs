//! One commission statement: its month, currency, issue and payment, the lines it pays, the
//! adjustments, the total payable and any balance carried forward; printable (a print
//! stylesheet in `style/app.css` leaves only the statement) and downloadable as CSV. Partner
//! admins read their company's at `/commissions/statements/{id}`; channel managers any
//! partner's at `/manage/commissions/statements/{id}`, where an unpaid one can be marked paid.

use crate::api;
use crate::components::{Fetched, RecordNotFound, TextField, download, set_title};
use crate::format;
use crate::i18n::{field_msg, t, tf};
use crate::pages::commissions::{LinesTable, payout_text};
use crate::routes::AppRoute;
use domain::error::FieldErrors;
use domain::views::{MarkPaidRequest, StatementView, statement_csv};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// The statement at `/commissions/statements/:id` (or, with `manager`,
/// `/manage/commissions/statements/:id`).
#[component]
pub fn StatementPage(
    /// Channel managers' view: read through the managers' API, with "Mark paid".
    #[prop(optional)]
    manager: bool,
) -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let data = LocalResource::new(move || {
        let id = id();
        async move {
            match id {
                Some(id) if manager => api::manage_statement(id).await.map(Some),
                Some(id) => api::statement(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    // Channel managers: whose statement it is (the statement itself does not say).
    let list = LocalResource::new(move || async move {
        if manager {
            api::manage_statements().await.ok()
        } else {
            None
        }
    });
    let partner = Signal::derive(move || {
        let id = id()?;
        list.get()
            .flatten()?
            .into_iter()
            .find(|s| s.statement.id == id)
            .map(|s| s.partner_name)
    });
    let back = if manager {
        AppRoute::ManageCommissions.path()
    } else {
        AppRoute::Commissions.path()
    };
    view! {
        <section class="page statement-page">
            <p class="no-print"><A href=back>{format!("← {}", AppRoute::Commissions.label())}</A></p>
            <Fetched data loading=t("statement.loading") not_found=not_found let:statement>
                {match statement {
                    Some(statement) => view! {
                        <StatementDocument statement manager partner on_paid=Callback::new(move |_| data.refetch())/>
                    }
                    .into_any(),
                    None => not_found().into_any(),
                }}
            </Fetched>
        </section>
    }
}

/// What an id that is not there (or not this person's) shows.
fn not_found() -> impl IntoView {
    view! { <RecordNotFound title=t("statement.not_found") explained=t("statement.not_found_explained")/> }
}

/// The statement itself: what prints.
#[component]
fn StatementDocument(
    /// The statement with its lines.
    statement: StatementView,
    /// Channel managers: CSV made here, "Mark paid" while unpaid.
    manager: bool,
    /// Channel managers: the partner the statement pays, once known.
    partner: Signal<Option<String>>,
    /// Called after the statement was marked paid.
    on_paid: Callback<()>,
) -> impl IntoView {
    let s = statement;
    let month = format::month(&s.period);
    let title = tf(
        "statement.title",
        &[("period", &month), ("currency", &s.currency)],
    );
    set_title(&title);
    let c = s.currency.clone();
    // The base and SPIFF lines: what is paid before adjustments and any carried balance.
    let lines_minor = s.total_minor + s.carry_forward_minor - s.adjustments_minor;
    let csv_name = format!("statement-{}-{}.csv", s.period, s.currency);
    let csv = if manager {
        let text = statement_csv(&s);
        let name = csv_name.clone();
        view! {
            <button type="button" class="button" on:click=move |_| download(&name, &text)>{t("statement.download_csv")}</button>
        }
        .into_any()
    } else {
        view! { <a class="button" href=api::statement_csv_url(s.id) download=csv_name>{t("statement.download_csv")}</a> }
            .into_any()
    };
    let print = |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let unpaid = s.paid_on.is_none();
    let payout = payout_text(s.paid_on.as_deref(), s.payout_reference.as_deref());
    let id = s.id;
    let facts = [
        (t("commissions.period"), month.clone()),
        (t("commissions.currency"), s.currency.clone()),
        (t("statement.issued_on"), format::iso_date(&s.issued_on)),
        (t("commissions.payout"), payout),
    ];
    view! {
        <article class="statement" aria-labelledby="statement-title">
            <div class="page-head">
                <h1 id="statement-title">{title.clone()}</h1>
                <div class="form-actions no-print">
                    <button type="button" class="button" on:click=print>{t("statement.print")}</button>
                    {csv}
                </div>
            </div>
            {move || partner.get().map(|p| view! { <p class="statement__partner">{p}</p> })}
            <dl class="facts">
                {facts.into_iter().map(|(k, v)| view! { <div><dt>{k}</dt><dd>{v}</dd></div> }).collect_view()}
            </dl>
            {(manager && unpaid).then(|| view! {
                <div class="card no-print">
                    <h2>{t("statement.mark_paid")}</h2>
                    <MarkPaidForm id on_done=Callback::new(move |_| on_paid.run(()))/>
                </div>
            })}
            <h2>{t("statement.lines")}</h2>
            {if s.lines.is_empty() {
                view! { <p class="muted">{t("statement.no_lines")}</p> }.into_any()
            } else {
                view! { <LinesTable lines=s.lines.clone()/> }.into_any()
            }}
            <dl class="statement-totals">
                <div><dt>{t("statement.lines_subtotal")}</dt><dd>{format::money(lines_minor, &c)}</dd></div>
                <div><dt>{t("statement.adjustments")}</dt><dd>{format::money(s.adjustments_minor, &c)}</dd></div>
                <div class="statement-totals__total"><dt>{t("commissions.total_payable")}</dt><dd>{format::money(s.total_minor, &c)}</dd></div>
                {(s.carry_forward_minor != 0).then(|| view! {
                    <div>
                        <dt>{t("statement.carried_forward")}</dt>
                        <dd>{format::money(s.carry_forward_minor, &c)}</dd>
                    </div>
                })}
            </dl>
            {(s.carry_forward_minor != 0).then(|| view! { <p class="muted">{t("statement.carried_forward_explained")}</p> })}
        </article>
    }
}

/// Channel managers record an issued statement's payment: the transfer's reference and the day
/// it was paid (today unless changed). The domain's rules run before sending; the server's
/// refusals land on their fields, or above the button. One at a time on a page (its fields'
/// ids are fixed).
#[component]
pub fn MarkPaidForm(
    /// The statement's id.
    id: i64,
    /// Called with the paid statement.
    on_done: Callback<StatementView>,
) -> impl IntoView {
    let reference = RwSignal::new(String::new());
    let paid_on = RwSignal::new(format::today_iso());
    let errors = RwSignal::new(FieldErrors::new());
    let form_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let err = move |name: &'static str| {
        Signal::derive(move || errors.with(|e| e.get(name).map(|m| field_msg(name, m))))
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form_error.set(None);
        let request = MarkPaidRequest {
            payout_reference: reference.get_untracked(),
            paid_on: paid_on.get_untracked(),
        };
        let request = match request.validate() {
            Ok(r) => r,
            Err(found) => {
                errors.set(found);
                return;
            }
        };
        errors.set(FieldErrors::new());
        busy.set(true);
        spawn_local(async move {
            match api::mark_statement_paid(id, &request).await {
                Ok(statement) => on_done.run(statement),
                Err(api::Error::Api { body, .. }) if !body.fields.is_empty() => {
                    errors.set(body.fields)
                }
                Err(e) => form_error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="mark-paid-form" on:submit=submit novalidate>
            <div class="field-row">
                <TextField id="payout_reference" label=t("statement.payout_reference") value=reference.into()
                    on_input=Callback::new(move |v| reference.set(v)) on_blur=Callback::new(|_| ())
                    error=err("payout_reference")/>
                <TextField id="paid_on" label=t("statement.paid_on") kind="date" value=paid_on.into()
                    on_input=Callback::new(move |v| paid_on.set(v)) on_blur=Callback::new(|_| ())
                    error=err("paid_on")/>
            </div>
            {move || form_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button button--primary" disabled=move || busy.get()>
                {move || if busy.get() { t("common.saving") } else { t("statement.mark_paid") }}
            </button>
        </form>
    }
}
