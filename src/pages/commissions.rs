//! `/commissions`: what a partner earns. Per currency (money in two currencies is never added
//! up): earned this quarter and year, pending, approved and unpaid, paid this year, and the
//! year's earnings by month as a chart whose figures are readable as text too; the projection of
//! approved open registrations, labelled an estimate; the lines, filtered by status and sorted
//! by close date or amount (kept in the URL); for partner admins, the statements that paid them.
//!
//! The lines table ([`LinesTable`]) is shared with the statement page and the registration page.

use crate::api;
use crate::components::{Fetched, LineStatusBadge, set_title};
use crate::format;
use crate::i18n::{t, tf, tn};
use crate::labels;
use crate::routes::AppRoute;
use crate::session::use_session;
use crate::url_state::url_state;
use domain::Role;
use domain::commission::{CurrencySummary, LineKind, LineStatus, Projection};
use domain::views::{CommissionLineView, CommissionsPage as PageData, StatementListItem};
use leptos::prelude::*;
use leptos_router::components::A;

/// What the lines table can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineSort {
    CloseDate,
    Amount,
}

impl LineSort {
    fn as_str(self) -> &'static str {
        match self {
            LineSort::CloseDate => "close_date",
            LineSort::Amount => "amount",
        }
    }

    fn parse(s: &str) -> Option<LineSort> {
        [LineSort::CloseDate, LineSort::Amount]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// Which lines the table shows and in which order, kept in the URL as `status`, `sort` and
/// `dir`. The default (no query) is every line, newest close date first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinesQuery {
    pub status: Option<LineStatus>,
    pub sort: LineSort,
    pub descending: bool,
}

impl Default for LinesQuery {
    fn default() -> Self {
        LinesQuery {
            status: None,
            sort: LineSort::CloseDate,
            descending: true,
        }
    }
}

impl LinesQuery {
    /// Reads `status`, `sort` and `dir` pairs; unknown values keep the default.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut q = LinesQuery::default();
        for (k, v) in pairs {
            match k {
                "status" => q.status = LineStatus::parse(v),
                "sort" => q.sort = LineSort::parse(v).unwrap_or(q.sort),
                "dir" => q.descending = v != "asc",
                _ => {}
            }
        }
        q
    }

    /// The pairs that differ from the default (an unfiltered page has a bare URL).
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(s) = self.status {
            pairs.push(("status", s.as_str().to_owned()));
        }
        if self.sort != LineSort::CloseDate {
            pairs.push(("sort", self.sort.as_str().to_owned()));
        }
        if !self.descending {
            pairs.push(("dir", "asc".to_owned()));
        }
        pairs
    }

    /// The lines shown, in order, as indexes into `lines`. Ties keep the line ids' order, so
    /// the table never reshuffles equal rows.
    pub fn apply(&self, lines: &[CommissionLineView]) -> Vec<usize> {
        let mut rows: Vec<usize> = (0..lines.len())
            .filter(|&i| self.status.is_none_or(|s| lines[i].status == s))
            .collect();
        rows.sort_by(|&a, &b| {
            let (a, b) = (&lines[a], &lines[b]);
            let by = match self.sort {
                LineSort::CloseDate => a.close_date.cmp(&b.close_date),
                LineSort::Amount => a.amount_minor.cmp(&b.amount_minor),
            };
            let by = if self.descending { by.reverse() } else { by };
            by.then(a.id.cmp(&b.id))
        });
        rows
    }

    /// The next query after a click on a column's sort button: the same column flips its
    /// direction; another one sorts descending (largest amount, newest date first).
    pub fn sorted_by(mut self, key: LineSort) -> Self {
        if self.sort == key {
            self.descending = !self.descending;
        } else {
            self.sort = key;
            self.descending = true;
        }
        self
    }
}

/// `/commissions`: the partner's commissions.
#[component]
pub fn CommissionsPage() -> impl IntoView {
    set_title(AppRoute::Commissions.label());
    let data = LocalResource::new(api::commissions);
    let is_admin = use_session()
        .me()
        .is_some_and(|m| m.user.role == Role::PartnerAdmin);
    view! {
        <section class="page commissions-page">
            <h1>{AppRoute::Commissions.label()}</h1>
            <Fetched data loading=t("commissions.loading") let:page>
                <CommissionsView page is_admin/>
            </Fetched>
        </section>
    }
}

#[component]
fn CommissionsView(
    /// The page's data.
    page: PageData,
    /// Partner admins see the statements.
    is_admin: bool,
) -> impl IntoView {
    let year = page.summary.as_of.get(..4).unwrap_or_default().to_owned();
    let empty = page.lines.is_empty();
    let statements = page.statements;
    view! {
        {if empty {
            view! {
                <div class="empty-state">
                    <p>{t("commissions.no_commission_yet")}</p>
                </div>
            }
            .into_any()
        } else {
            view! {
                {page.summary.currencies.into_iter().map(|c| view! { <CurrencyCard summary=c year=year.clone()/> }).collect_view()}
            }
            .into_any()
        }}
        <ProjectionBox projection=page.projection/>
        {(!empty).then(|| view! { <LinesSection lines=page.lines/> })}
        {is_admin.then(|| view! { <StatementsSection statements/> })}
    }
}

/// One currency's figures and its earnings chart.
#[component]
fn CurrencyCard(
    /// The currency's figures.
    summary: CurrencySummary,
    /// The year the figures are for (`YYYY`).
    year: String,
) -> impl IntoView {
    let c = summary.currency.clone();
    let heading_id = format!("summary-{c}");
    let labelled_by = heading_id.clone();
    let figures = [
        (
            t("commissions.earned_this_quarter"),
            summary.earned_quarter_minor,
        ),
        (t("commissions.earned_this_year"), summary.earned_year_minor),
        (t("commissions.pending"), summary.pending_minor),
        (
            t("commissions.approved_unpaid"),
            summary.approved_unpaid_minor,
        ),
        (t("commissions.paid_this_year"), summary.paid_year_minor),
    ];
    view! {
        <section class="card commission-summary" aria-labelledby=labelled_by>
            <h2 id=heading_id>{tf("commissions.in_currency", &[("currency", &c)])}</h2>
            <dl class="stats">
                {figures.into_iter().map(|(label, minor)| view! {
                    <div><dt>{label}</dt><dd>{format::money(minor, &c)}</dd></div>
                }).collect_view()}
            </dl>
            <EarningsChart currency=c.clone() year months=summary.months_minor/>
        </section>
    }
}

/// The year's earnings per month as a bar chart (SVG drawn by the app), with the figures as a
/// table beside it for anyone who does not read charts.
#[component]
fn EarningsChart(
    /// The figures' currency.
    currency: String,
    /// `YYYY`.
    year: String,
    /// January first, minor units (a month with a clawback may be negative).
    months: Vec<i64>,
) -> impl IntoView {
    if months.iter().all(|m| *m == 0) {
        return view! { <p class="muted">{tf("commissions.nothing_earned_yet_in", &[("year", &year)])}</p> }
            .into_any();
    }
    let names: Vec<String> = (1..=12).map(format::month_short).collect();
    let figures: Vec<String> = months
        .iter()
        .map(|m| format::money(*m, &currency))
        .collect();
    let summary = names
        .iter()
        .zip(&figures)
        .map(|(n, f)| format!("{n}: {f}"))
        .collect::<Vec<_>>()
        .join("; ");
    let max = months.iter().copied().max().unwrap_or(0).max(1) as f64;
    let (slot, bar_w, top, plot_h) = (50.0, 30.0, 8.0, 150.0);
    let label = tf(
        "commissions.earnings_by_month_chart",
        &[
            ("year", &year),
            ("currency", &currency),
            ("summary", &summary),
        ],
    );
    view! {
        <figure class="earnings-chart">
            <figcaption>{tf("commissions.earnings_by_month", &[("year", &year)])}</figcaption>
            <svg viewBox="0 0 600 190" role="img" aria-label=label>
                <line x1="0" x2="600" y1=top + plot_h y2=top + plot_h class="earnings-chart__axis"/>
                {months.iter().enumerate().map(|(i, m)| {
                    let h = (*m).max(0) as f64 / max * plot_h;
                    let x = i as f64 * slot + (slot - bar_w) / 2.0;
                    view! {
                        <g>
                            <rect x=x y=top + plot_h - h width=bar_w height={if *m > 0 { h.max(1.0) } else { 0.0 }} rx="2" class="earnings-chart__bar"/>
                            <text x=x + bar_w / 2.0 y=top + plot_h + 20.0 text-anchor="middle" class="earnings-chart__label">{names[i].clone()}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
            <details class="earnings-chart__figures">
                <summary>{t("commissions.show_the_figures")}</summary>
                <table class="data-table">
                    <thead><tr><th scope="col">{t("commissions.month")}</th><th scope="col" class="num">{t("commissions.earned")}</th></tr></thead>
                    <tbody>
                        {names.iter().zip(&figures).map(|(n, f)| view! {
                            <tr><th scope="row">{n.clone()}</th><td class="num">{f.clone()}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
    .into_any()
}

/// What approved open registrations may earn: an estimate, said so in its heading and text.
#[component]
fn ProjectionBox(
    /// The server's estimate.
    projection: Projection,
) -> impl IntoView {
    let nothing = projection.estimated.is_empty() && projection.deals_counted == 0;
    view! {
        <section class="card projection" aria-labelledby="projection-title">
            <div class="projection__head">
                <h2 id="projection-title">{t("commissions.projection_title")}</h2>
                <span class="projection__badge">{t("commissions.estimate")}</span>
            </div>
            <p class="muted">{t("commissions.projection_explained")}</p>
            {if nothing {
                view! { <p>{t("commissions.projection_nothing")}</p> }.into_any()
            } else {
                view! {
                    <ul class="projection__amounts">
                        {projection.estimated.iter().map(|a| view! {
                            <li>{tf("commissions.projection_about", &[("amount", &format::money(a.minor, &a.currency))])}</li>
                        }).collect_view()}
                    </ul>
                    <p>{tn("commissions.projection_counted", i64::from(projection.deals_counted))}</p>
                }
                .into_any()
            }}
            {(projection.deals_without_plan > 0).then(|| view! {
                <p class="muted">{tn("commissions.projection_without_plan", i64::from(projection.deals_without_plan))}</p>
            })}
            <p class="muted small">{tf("commissions.as_of", &[("date", &format::iso_date(&projection.as_of))])}</p>
        </section>
    }
}

/// The lines with their status filter and sort, both kept in the URL.
#[component]
fn LinesSection(
    /// Every line the caller may see.
    lines: Vec<CommissionLineView>,
) -> impl IntoView {
    let total = lines.len();
    let lines = StoredValue::new(lines);
    let (state, update) = url_state(
        AppRoute::Commissions.path(),
        |m| LinesQuery::from_pairs(m.into_iter().map(|(k, v)| (k.as_ref(), v))),
        LinesQuery::to_pairs,
    );
    let query = Memo::new(move |_| state.get());
    let rows = Signal::derive(move || {
        let q = query.get();
        lines.with_value(|l| q.apply(l).into_iter().map(|i| l[i].clone()).collect())
    });
    let shown = move || rows.with(Vec::len);
    let update_status = update.clone();
    let on_sort = Callback::new(move |key: LineSort| {
        update(&move |q| *q = q.sorted_by(key), false);
    });
    view! {
        <section class="commission-lines" aria-labelledby="lines-title">
            <h2 id="lines-title">{t("commissions.lines")}</h2>
            <div class="lines-toolbar">
                <div class="field">
                    <label for="lines-status">{t("common.status")}</label>
                    <select id="lines-status" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        update_status(&move |q| q.status = LineStatus::parse(&v), false);
                    }>
                        <option value="" selected=move || query.with(|q| q.status.is_none())>{t("commissions.all_statuses")}</option>
                        {LineStatus::ALL.into_iter().map(|s| view! {
                            <option value=s.as_str() selected=move || query.with(|q| q.status == Some(s))>{labels::line_status(s)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <p role="status">{move || tf("commissions.lines_shown", &[("shown", &format::number(shown() as i64)), ("total", &format::number(total as i64))])}</p>
            </div>
            {move || if rows.with(Vec::is_empty) {
                view! { <p class="empty-state">{t("commissions.no_lines_match")}</p> }.into_any()
            } else {
                view! { <LinesTable lines=rows sort=(Signal::from(query), on_sort)/> }.into_any()
            }}
        </section>
    }
}

/// A column heading that sorts the table.
#[component]
fn SortHeader(
    /// The column's words.
    label: &'static str,
    /// The column's sort key.
    key: LineSort,
    /// The current sort.
    query: Signal<LinesQuery>,
    /// Called with the key when clicked.
    on_sort: Callback<LineSort>,
) -> impl IntoView {
    let sort = move || {
        query.with(|q| match (q.sort == key, q.descending) {
            (false, _) => "none",
            (true, true) => "descending",
            (true, false) => "ascending",
        })
    };
    view! {
        <th scope="col" aria-sort=sort class:num={key == LineSort::Amount}>
            <button type="button" class="sort-button" on:click=move |_| on_sort.run(key)>
                {label}
                <span aria-hidden="true">{move || match sort() { "ascending" => " ▲", "descending" => " ▼", _ => "" }}</span>
            </button>
        </th>
    }
}

/// Commission lines as a table that scrolls sideways inside its own box on a narrow screen:
/// customer (linked to its registration), kind, plan, rate, attribution, base, amount, status
/// (with the reason of a declined line) and close date.
#[component]
pub fn LinesTable(
    /// The lines, in the order shown.
    #[prop(into)]
    lines: Signal<Vec<CommissionLineView>>,
    /// The current sort and what a click on a sortable heading calls; `None`: fixed order.
    #[prop(optional)]
    sort: Option<(Signal<LinesQuery>, Callback<LineSort>)>,
) -> impl IntoView {
    let head = |label: &'static str, key: LineSort| match sort {
        Some((query, on_sort)) => view! { <SortHeader label key query on_sort/> }.into_any(),
        None => {
            view! { <th scope="col" class:num={key == LineSort::Amount}>{label}</th> }.into_any()
        }
    };
    view! {
        <div class="table-scroll" role="region" tabindex="0" aria-label=t("commissions.lines")>
            <table class="data-table commission-table">
                <thead>
                    <tr>
                        <th scope="col">{t("common.customer")}</th>
                        <th scope="col">{t("common.kind")}</th>
                        <th scope="col">{t("commissions.plan")}</th>
                        <th scope="col" class="num">{t("commissions.rate")}</th>
                        <th scope="col" class="num">{t("commissions.attribution")}</th>
                        <th scope="col" class="num">{t("commissions.base")}</th>
                        {head(t("commissions.amount"), LineSort::Amount)}
                        <th scope="col">{t("common.status")}</th>
                        {head(t("commissions.close_date"), LineSort::CloseDate)}
                    </tr>
                </thead>
                <tbody>
                    {move || lines.get().into_iter().map(|l| view! { <LineRow line=l/> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn LineRow(line: CommissionLineView) -> impl IntoView {
    let l = line;
    let kind = match (l.kind, &l.spiff_name) {
        (LineKind::Spiff, Some(name)) => format!("{} · {name}", labels::line_kind(l.kind)),
        _ => labels::line_kind(l.kind).to_owned(),
    };
    let plan = l
        .plan_kind
        .map_or_else(|| "—".to_owned(), |k| labels::plan_kind(k).to_owned());
    let declined = (l.status == LineStatus::Declined)
        .then(|| l.decline_reason.clone())
        .flatten();
    view! {
        <tr>
            <td><a href=AppRoute::registration(l.registration_id)>{l.customer.clone()}</a></td>
            <td>{kind}</td>
            <td>{plan}</td>
            <td class="num">{format::rate_bp(l.rate_bp)}</td>
            <td class="num">{format::percent(l.attribution_percent)}</td>
            <td class="num">{format::money(l.base_minor, &l.currency)}</td>
            <td class="num"><strong>{format::money(l.amount_minor, &l.currency)}</strong></td>
            <td>
                <LineStatusBadge status=l.status/>
                {declined.map(|why| view! { <p class="line-reason">{tf("commissions.declined_because", &[("reason", &why)])}</p> })}
            </td>
            <td class="nowrap">{format::iso_date(&l.close_date)}</td>
        </tr>
    }
}

/// Partner admins: the statements issued to the company, newest first.
#[component]
fn StatementsSection(
    /// The company's statements.
    statements: Vec<StatementListItem>,
) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="statements-title">
            <h2 id="statements-title">{t("commissions.statements")}</h2>
            {if statements.is_empty() {
                view! { <p class="muted">{t("commissions.no_statements_yet")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" role="region" tabindex="0" aria-label=t("commissions.statements")>
                        <table class="data-table">
                            <thead>
                                <tr>
                                    <th scope="col">{t("commissions.period")}</th>
                                    <th scope="col">{t("commissions.currency")}</th>
                                    <th scope="col">{t("commissions.issued")}</th>
                                    <th scope="col" class="num">{t("commissions.total_payable")}</th>
                                    <th scope="col">{t("commissions.payout")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {statements.into_iter().map(|s| view! {
                                    <tr>
                                        <td><A href=AppRoute::statement(s.id)>{format::month(&s.period)}</A></td>
                                        <td>{s.currency.clone()}</td>
                                        <td class="nowrap">{format::iso_date(&s.issued_on)}</td>
                                        <td class="num">{format::money(s.total_minor, &s.currency)}</td>
                                        <td>{payout_text(s.paid_on.as_deref(), s.payout_reference.as_deref())}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </section>
    }
}

/// "Paid on 5 Dec 2026 · PAY-2026-001", or "Not paid yet".
pub fn payout_text(paid_on: Option<&str>, reference: Option<&str>) -> String {
    match paid_on {
        Some(day) => tf(
            "commissions.paid_on",
            &[
                ("date", &format::iso_date(day)),
                ("reference", &reference.unwrap_or("—")),
            ],
        ),
        None => t("commissions.not_paid_yet").to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(id: i64, status: LineStatus, amount: i64, close: &str) -> CommissionLineView {
        CommissionLineView {
            id,
            registration_id: 1,
            customer: "Globex".into(),
            kind: LineKind::Base,
            plan_kind: None,
            spiff_name: None,
            rate_bp: 1_000,
            attribution_percent: 100,
            base_minor: amount * 10,
            amount_minor: amount,
            currency: "USD".into(),
            status,
            decline_reason: None,
            close_date: close.into(),
            statement_id: None,
        }
    }

    fn lines() -> Vec<CommissionLineView> {
        vec![
            line(1, LineStatus::Paid, 500, "2026-03-01"),
            line(2, LineStatus::New, 900, "2026-05-01"),
            line(3, LineStatus::Paid, 100, "2026-04-01"),
            line(4, LineStatus::Declined, 900, "2026-04-01"),
        ]
    }

    #[test]
    fn by_default_every_line_shows_newest_close_date_first() {
        let q = LinesQuery::default();
        assert_eq!(q.apply(&lines()), [1, 2, 3, 0]);
        assert!(q.to_pairs().is_empty(), "the default keeps a bare URL");
    }

    #[test]
    fn a_status_filter_keeps_only_its_lines_and_amounts_sort_with_ties_by_id() {
        let paid = LinesQuery {
            status: Some(LineStatus::Paid),
            ..LinesQuery::default()
        };
        assert_eq!(paid.apply(&lines()), [2, 0]);
        let by_amount = LinesQuery::default().sorted_by(LineSort::Amount);
        assert!(
            by_amount.descending,
            "another column starts with the largest"
        );
        assert_eq!(by_amount.apply(&lines()), [1, 3, 0, 2]);
        let ascending = by_amount.sorted_by(LineSort::Amount);
        assert_eq!(ascending.apply(&lines()), [2, 0, 1, 3]);
    }

    #[test]
    fn the_query_round_trips_through_the_url_and_ignores_what_it_does_not_know() {
        let q = LinesQuery {
            status: Some(LineStatus::OnHold),
            sort: LineSort::Amount,
            descending: false,
        };
        let pairs = q.to_pairs();
        assert_eq!(
            pairs,
            [
                ("status", "on_hold".to_owned()),
                ("sort", "amount".to_owned()),
                ("dir", "asc".to_owned())
            ]
        );
        let back = LinesQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, q);
        assert_eq!(
            LinesQuery::from_pairs([("status", "bogus"), ("sort", "nope"), ("x", "y")]),
            LinesQuery::default()
        );
    }
}
