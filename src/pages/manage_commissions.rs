//! `/manage/commissions`: channel managers decide commission lines (approve, put on hold, or
//! decline with a reason the partner reads — one line or many at once, all or none), issue a
//! partner's monthly statement per currency, and record its payout.

use crate::api;
use crate::components::{Fetched, LineStatusBadge, SelectField, TextField, set_title};
use crate::format;
use crate::i18n::{field_msg, t, tf, tn};
use crate::labels;
use crate::pages::commissions::payout_text;
use crate::pages::statement::MarkPaidForm;
use crate::routes::AppRoute;
use domain::commission::{LineAction, LineStatus};
use domain::error::FieldErrors;
use domain::views::{
    IssueStatementRequest, LineDecisionRequest, ManagedCommissionLine, ManagedStatement,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use std::collections::BTreeSet;

/// The queue's filters: what `GET /api/v1/manage/commissions?status=` takes.
const FILTERS: [&str; 7] = [
    "open", "new", "approved", "on_hold", "declined", "paid", "all",
];

fn filter_label(f: &str) -> &'static str {
    match f {
        "open" => t("manage_commissions.filter_open"),
        "all" => t("manage_commissions.filter_all"),
        other => LineStatus::parse(other).map_or("", labels::line_status),
    }
}

/// The page's two sections (where an action's outcome is shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Lines,
    Statements,
}

/// The channel managers' commissions page.
#[component]
pub fn ManageCommissionsPage() -> impl IntoView {
    set_title(AppRoute::ManageCommissions.label());
    let filter = RwSignal::new("open");
    let lines = LocalResource::new(move || api::manage_commissions(filter.get()));
    // Approved lines not yet on a statement: whom a statement can be issued to.
    let approved = LocalResource::new(|| api::manage_commissions("approved"));
    let statements = LocalResource::new(api::manage_statements);
    // What the last action did, shown beside the section it was taken in.
    let notice = RwSignal::new(None::<(Section, String)>);
    let reload = move || {
        lines.refetch();
        approved.refetch();
        statements.refetch();
    };
    let done_in = move |section: Section| {
        Callback::new(move |message: String| {
            notice.set(Some((section, message)));
            reload();
        })
    };
    let shown_in = move |section: Section| {
        move || {
            notice
                .get()
                .filter(|(at, _)| *at == section)
                .map(|(_, n)| view! { <p class="notice notice--success" role="status">{n}</p> })
        }
    };
    view! {
        <section class="page manage-commissions">
            <h1>{AppRoute::ManageCommissions.label()}</h1>
            <section class="card" aria-labelledby="queue-title">
                <h2 id="queue-title">{t("manage_commissions.lines")}</h2>
                {shown_in(Section::Lines)}
                <div class="field lines-filter">
                    <label for="queue-status">{t("manage_commissions.show")}</label>
                    <select id="queue-status" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(f) = FILTERS.iter().find(|f| **f == v) {
                            notice.set(None);
                            filter.set(f);
                        }
                    }>
                        {FILTERS.into_iter().map(|f| view! {
                            <option value=f selected=move || filter.get() == f>{filter_label(f)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Fetched data=lines loading=t("manage_commissions.loading_lines") let:list>
                    <DecisionTable lines=list on_decided=done_in(Section::Lines)/>
                </Fetched>
            </section>
            <section class="card" aria-labelledby="statements-title">
                <h2 id="statements-title">{t("commissions.statements")}</h2>
                {shown_in(Section::Statements)}
                <h3>{t("manage_commissions.issue_a_statement")}</h3>
                <Fetched data=approved loading=t("manage_commissions.loading_lines") let:list>
                    <IssueForm approved=list on_issued=done_in(Section::Statements)/>
                </Fetched>
                <h3>{t("manage_commissions.issued_statements")}</h3>
                <Fetched data=statements loading=t("manage_commissions.loading_statements") let:list>
                    <StatementList statements=list on_paid=done_in(Section::Statements)/>
                </Fetched>
            </section>
        </section>
    }
}

/// Whether a line can still be decided (approved, declined and paid lines are settled).
fn decidable(l: &ManagedCommissionLine) -> bool {
    matches!(l.line.status, LineStatus::New | LineStatus::OnHold)
}

/// The lines with a checkbox on each undecided one, select-all, and the bulk decisions.
#[component]
fn DecisionTable(
    /// The lines under the current filter.
    lines: Vec<ManagedCommissionLine>,
    /// Called with "2 lines approved." (and the like) after a decision.
    on_decided: Callback<String>,
) -> impl IntoView {
    if lines.is_empty() {
        return view! { <p class="empty-state">{t("manage_commissions.no_lines_here")}</p> }
            .into_any();
    }
    let open: Vec<i64> = lines
        .iter()
        .filter(|l| decidable(l))
        .map(|l| l.line.id)
        .collect();
    let open = StoredValue::new(open);
    let selected = RwSignal::new(BTreeSet::<i64>::new());
    let count = move || selected.with(BTreeSet::len);
    let all_selected = move || {
        count() > 0 && open.with_value(|o| selected.with(|s| o.iter().all(|i| s.contains(i))))
    };
    let some_selected = move || count() > 0 && !all_selected();
    let declining = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let decide = move |action: LineAction| {
        form_error.set(None);
        reason_error.set(None);
        let given = reason.get_untracked();
        let request = LineDecisionRequest {
            ids: selected.get_untracked().into_iter().collect(),
            action,
            reason: (action == LineAction::Decline).then_some(given),
        };
        let request = match request.validate() {
            Ok(r) => r,
            Err(found) => {
                reason_error.set(found.get("reason").map(|m| field_msg("reason", m)));
                if let Some(m) = found.get("ids") {
                    form_error.set(Some(field_msg("ids", m)));
                }
                return;
            }
        };
        busy.set(true);
        spawn_local(async move {
            match api::decide_lines(request.ids, action, request.reason).await {
                Ok(changed) => {
                    let n = changed.len() as i64;
                    let message = match action {
                        LineAction::Approve => tn("manage_commissions.approved_n", n),
                        LineAction::Hold => tn("manage_commissions.held_n", n),
                        _ => tn("manage_commissions.declined_n", n),
                    };
                    on_decided.run(message);
                }
                Err(e) => match e.field("reason") {
                    Some(m) => reason_error.set(Some(m)),
                    None => form_error.set(Some(e.message())),
                },
            }
            busy.set(false);
        });
    };
    let none_selected = move || count() == 0 || busy.get();
    let decline = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        decide(LineAction::Decline);
    };
    let has_open = open.with_value(|o| !o.is_empty());
    view! {
        {has_open.then(|| view! {
            <div class="bulk-actions" role="group" aria-label=t("manage_commissions.with_selected")>
                <p class="bulk-actions__count" aria-live="polite">{move || tn("manage_commissions.selected", count() as i64)}</p>
                <button type="button" class="button button--primary" disabled=none_selected
                    on:click=move |_| decide(LineAction::Approve)>{t("manage_commissions.approve")}</button>
                <button type="button" class="button" disabled=none_selected
                    on:click=move |_| decide(LineAction::Hold)>{t("manage_commissions.put_on_hold")}</button>
                <button type="button" class="button" disabled=none_selected aria-expanded=move || declining.get().to_string()
                    aria-controls="decline-form" on:click=move |_| declining.update(|d| *d = !*d)>{t("manage_commissions.decline")}</button>
            </div>
        })}
        {move || form_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        <Show when=move || declining.get()>
            <form id="decline-form" class="decline-form" on:submit=decline novalidate>
                <div class="field">
                    <label for="decline-reason">{t("manage_commissions.reason_for_the_partner")}</label>
                    <p id="decline-reason-hint" class="field-hint">{t("manage_commissions.reason_hint")}</p>
                    <textarea id="decline-reason" rows="3" required bind:value=reason
                        aria-invalid=move || reason_error.get().is_some().to_string()
                        aria-describedby=move || if reason_error.get().is_some() { "decline-reason-hint decline-reason-error" } else { "decline-reason-hint" }></textarea>
                    {move || reason_error.get().map(|e| view! { <p id="decline-reason-error" class="field-error">{e}</p> })}
                </div>
                <div class="form-actions">
                    <button type="submit" class="button button--danger" disabled=none_selected>
                        {move || tn("manage_commissions.decline_n", count() as i64)}
                    </button>
                    <button type="button" class="button button--quiet" on:click=move |_| declining.set(false)>{t("common.cancel")}</button>
                </div>
            </form>
        </Show>
        <div class="table-scroll" role="region" tabindex="0" aria-label=t("manage_commissions.lines")>
            <table class="data-table commission-table">
                <thead>
                    <tr>
                        <th scope="col" class="check-cell">
                            {has_open.then(|| view! {
                                <input type="checkbox" id="select-all-lines" aria-label=t("manage_commissions.select_all")
                                    prop:checked=all_selected prop:indeterminate=some_selected
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        selected.set(if on { open.get_value().into_iter().collect() } else { BTreeSet::new() });
                                    }/>
                            })}
                        </th>
                        <th scope="col">{t("manage_commissions.partner")}</th>
                        <th scope="col">{t("common.customer")}</th>
                        <th scope="col">{t("common.kind")}</th>
                        <th scope="col" class="num">{t("commissions.amount")}</th>
                        <th scope="col">{t("common.status")}</th>
                        <th scope="col">{t("manage_commissions.internal_note")}</th>
                    </tr>
                </thead>
                <tbody>
                    {lines.into_iter().map(|m| {
                        let id = m.line.id;
                        let l = &m.line;
                        let amount = format::money(l.amount_minor, &l.currency);
                        let check_label = tf("manage_commissions.select_line", &[("customer", &l.customer), ("amount", &amount)]);
                        let declined = (l.status == LineStatus::Declined).then(|| l.decline_reason.clone()).flatten();
                        let kind = match &l.spiff_name {
                            Some(name) => format!("{} · {name}", labels::line_kind(l.kind)),
                            None => labels::line_kind(l.kind).to_owned(),
                        };
                        view! {
                            <tr class:selected=move || selected.with(|s| s.contains(&id))>
                                <td class="check-cell">
                                    {decidable(&m).then(|| view! {
                                        <input type="checkbox" aria-label=check_label
                                            prop:checked=move || selected.with(|s| s.contains(&id))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                selected.update(|s| { if on { s.insert(id); } else { s.remove(&id); } });
                                            }/>
                                    })}
                                </td>
                                <td>{m.partner_name.clone()}</td>
                                <td><a href=AppRoute::registration(l.registration_id)>{l.customer.clone()}</a></td>
                                <td>{kind}</td>
                                <td class="num"><strong>{amount.clone()}</strong></td>
                                <td>
                                    <LineStatusBadge status=l.status/>
                                    {declined.map(|why| view! { <p class="line-reason">{tf("commissions.declined_because", &[("reason", &why)])}</p> })}
                                </td>
                                <td>{m.internal_note.clone().unwrap_or_else(|| "—".into())}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Issues a partner's statement for a month in one currency. The partners offered are those
/// with approved lines not yet on a statement; the server refuses (and says why) a statement
/// already issued or one with nothing due.
#[component]
fn IssueForm(
    /// Approved lines (those on no statement yet are waiting for one).
    approved: Vec<ManagedCommissionLine>,
    /// Called with "Statement issued: …" once issued.
    on_issued: Callback<String>,
) -> impl IntoView {
    let waiting: Vec<ManagedCommissionLine> = approved
        .into_iter()
        .filter(|l| l.line.statement_id.is_none())
        .collect();
    if waiting.is_empty() {
        return view! { <p class="muted">{t("manage_commissions.nothing_approved")}</p> }
            .into_any();
    }
    let mut partners: Vec<(i64, String)> = waiting
        .iter()
        .map(|l| (l.partner_id, l.partner_name.clone()))
        .collect();
    partners.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    partners.dedup();
    let mut currencies: Vec<String> = waiting.iter().map(|l| l.line.currency.clone()).collect();
    currencies.sort();
    currencies.dedup();
    let waiting = StoredValue::new(waiting);
    let first_currency = move |partner: i64| {
        waiting.with_value(|w| {
            let mut mine: Vec<&str> = w
                .iter()
                .filter(|l| l.partner_id == partner)
                .map(|l| l.line.currency.as_str())
                .collect();
            mine.sort_unstable();
            mine.first().map(|c| (*c).to_owned()).unwrap_or_default()
        })
    };
    let first_partner = partners[0].0;
    let partner = RwSignal::new(first_partner.to_string());
    let currency = RwSignal::new(first_currency(first_partner));
    let period = RwSignal::new(format::today_iso().chars().take(7).collect::<String>());
    let errors = RwSignal::new(FieldErrors::new());
    let form_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let names = StoredValue::new(partners.clone());
    let err = move |name: &'static str| {
        Signal::derive(move || errors.with(|e| e.get(name).map(|m| field_msg(name, m))))
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form_error.set(None);
        let request = IssueStatementRequest {
            partner_id: partner.get_untracked().parse().unwrap_or(0),
            period: period.get_untracked(),
            currency: currency.get_untracked(),
        };
        if let Err(found) = request.validate() {
            errors.set(found);
            return;
        }
        errors.set(FieldErrors::new());
        busy.set(true);
        spawn_local(async move {
            match api::issue_statement(&request).await {
                Ok(s) => {
                    let name = names.with_value(|n| {
                        n.iter()
                            .find(|(id, _)| *id == request.partner_id)
                            .map(|(_, name)| name.clone())
                            .unwrap_or_default()
                    });
                    on_issued.run(tf(
                        "manage_commissions.statement_issued",
                        &[
                            ("partner", &name),
                            ("period", &format::month(&s.period)),
                            ("currency", &s.currency),
                        ],
                    ));
                }
                Err(api::Error::Api { body, .. }) if !body.fields.is_empty() => {
                    errors.set(body.fields)
                }
                Err(e) => form_error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    let partner_options: Vec<(String, String)> = partners
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect();
    let currency_options: Vec<(String, String)> =
        currencies.into_iter().map(|c| (c.clone(), c)).collect();
    view! {
        <form class="issue-form" on:submit=submit novalidate>
            <SelectField id="issue-partner" label=t("manage_commissions.partner") value=partner.into()
                on_change=Callback::new(move |v: String| {
                    if let Ok(id) = v.parse::<i64>() {
                        currency.set(first_currency(id));
                    }
                    partner.set(v);
                })
                on_blur=Callback::new(|_| ()) error=err("partner_id") options=partner_options placeholder=""/>
            <div class="field-row">
                <TextField id="issue-period" label=t("manage_commissions.month") kind="month" hint=t("manage_commissions.month_hint")
                    value=period.into() on_input=Callback::new(move |v| period.set(v)) on_blur=Callback::new(|_| ())
                    error=err("period")/>
                <SelectField id="issue-currency" label=t("commissions.currency") value=currency.into()
                    on_change=Callback::new(move |v| currency.set(v)) on_blur=Callback::new(|_| ())
                    error=err("currency") options=currency_options placeholder=""/>
            </div>
            {move || form_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button button--primary" disabled=move || busy.get()>{t("manage_commissions.issue_statement")}</button>
        </form>
    }
    .into_any()
}

/// Every issued statement, newest first, with "Mark paid…" on the unpaid ones.
#[component]
fn StatementList(
    /// The statements.
    statements: Vec<ManagedStatement>,
    /// Called with "Statement … marked paid." after a payout is recorded.
    on_paid: Callback<String>,
) -> impl IntoView {
    if statements.is_empty() {
        return view! { <p class="muted">{t("commissions.no_statements_yet")}</p> }.into_any();
    }
    let paying = RwSignal::new(None::<i64>);
    view! {
        <div class="table-scroll" role="region" tabindex="0" aria-label=t("manage_commissions.issued_statements")>
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{t("manage_commissions.partner")}</th>
                        <th scope="col">{t("commissions.period")}</th>
                        <th scope="col">{t("commissions.currency")}</th>
                        <th scope="col" class="num">{t("commissions.total_payable")}</th>
                        <th scope="col">{t("commissions.payout")}</th>
                    </tr>
                </thead>
                <tbody>
                    {statements.into_iter().map(|m| {
                        let s = m.statement;
                        let id = s.id;
                        let month = format::month(&s.period);
                        let unpaid = s.paid_on.is_none();
                        let what = format!("{} · {month} · {}", m.partner_name, s.currency);
                        let done_message = tf("manage_commissions.statement_paid", &[("statement", &what)]);
                        view! {
                            <tr>
                                <td>{m.partner_name.clone()}</td>
                                <td><A href=AppRoute::manage_statement(id)>{month.clone()}</A></td>
                                <td>{s.currency.clone()}</td>
                                <td class="num">{format::money(s.total_minor, &s.currency)}</td>
                                <td>
                                    {payout_text(s.paid_on.as_deref(), s.payout_reference.as_deref())}
                                    {unpaid.then(|| view! {
                                        " "
                                        <button type="button" class="button button--small"
                                            aria-expanded=move || (paying.get() == Some(id)).to_string()
                                            aria-label=tf("manage_commissions.mark_paid_for", &[("statement", &what)])
                                            on:click=move |_| paying.update(|p| *p = if *p == Some(id) { None } else { Some(id) })>
                                            {t("manage_commissions.mark_paid")}
                                        </button>
                                    })}
                                </td>
                            </tr>
                            <Show when=move || paying.get() == Some(id)>
                                <tr class="form-row">
                                    <td colspan="5">
                                        <MarkPaidForm id on_done=Callback::new({
                                            let done_message = done_message.clone();
                                            move |_| {
                                                paying.set(None);
                                                on_paid.run(done_message.clone());
                                            }
                                        })/>
                                    </td>
                                </tr>
                            </Show>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
