//! The stage chart: deals per stage of each motion as a horizontal SVG bar chart, drawn by the
//! app (no chart library), following the filtered rows.

use crate::i18n::{t, tf};
use crate::labels;
use domain::Motion;
use domain::pipeline::{PipelineDeal, stage_counts};
use leptos::prelude::*;

/// Counts per stage as a horizontal SVG bar chart drawn by the app. The bars are laid out once
/// (every stage of every motion in the pipeline); filtering only moves their lengths and labels.
#[component]
pub(super) fn StageChart(
    deals: StoredValue<Vec<PipelineDeal>>,
    rows: Memo<Vec<usize>>,
) -> impl IntoView {
    let layout: Vec<(Motion, &'static str)> = deals.with_value(|d| {
        let all: Vec<usize> = (0..d.len()).collect();
        stage_counts(d, &all)
            .into_iter()
            .map(|(m, s, _)| (m, s))
            .collect()
    });
    if layout.is_empty() {
        return ().into_any();
    }
    let slots = StoredValue::new(layout.clone());
    // Counts aligned with the layout (motions missing from the filtered rows count zero).
    let counts = Memo::new(move |_| {
        let found = deals.with_value(|d| rows.with(|r| stage_counts(d, r)));
        slots.with_value(|l| {
            l.iter()
                .map(|(m, s)| {
                    found
                        .iter()
                        .find(|(fm, fs, _)| fm == m && fs == s)
                        .map_or(0, |x| x.2)
                })
                .collect::<Vec<usize>>()
        })
    });
    let count_at = move |i: usize| counts.with(|c| c.get(i).copied().unwrap_or(0));
    let max =
        Memo::new(move |_| counts.with(|c| c.iter().copied().max().unwrap_or(0).max(1)) as f64);
    let bar_h = 22.0;
    let height = layout.len() as f64 * (bar_h + 6.0);
    let label = move || {
        slots.with_value(|l| {
            l.iter()
                .enumerate()
                .map(|(i, (m, s))| {
                    format!(
                        "{} · {}: {}",
                        labels::motion(*m),
                        labels::stage(s),
                        count_at(i)
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        })
    };
    view! {
        <details class="stage-chart" open>
            <summary>{t("common.deals_by_stage")}</summary>
            <svg viewBox=format!("0 0 640 {height}") role="img" aria-label=move || tf("common.deals_by_stage_2", &[("summary", &label())])>
                {layout.into_iter().enumerate().map(|(i, (motion, stage))| {
                    let y = i as f64 * (bar_h + 6.0);
                    let width = move || (count_at(i) as f64 / max.get()) * 300.0;
                    view! {
                        <g>
                            <text x="0" y=y + 15.0 class="stage-chart__label">{format!("{} · {}", labels::motion(motion), labels::stage(stage))}</text>
                            <rect x="300" y=y width=move || width().max(1.0) height=bar_h rx="3" class="stage-chart__bar"/>
                            <text x=move || 306.0 + width() y=y + 15.0 class="stage-chart__count">{move || count_at(i)}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
        </details>
    }
    .into_any()
}
