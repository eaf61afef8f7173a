//! `bench payload`: what the portal's first visit loads, per page group of the code-split
//! build, brotli-compressed as served, against the 200 KB budget.

use crate::dist;
use anyhow::{Context, Result, bail};

/// The first load of the portal, per page: what `index.html` loads (CSS, the loader, the main
/// module, `__wasm_split.js`) plus the page's own module and the shared chunks it needs, each
/// file compressed with brotli as served. The budget applies to every page.
pub(super) fn payload_table() -> Result<String> {
    let dist = dist::dist_dir();
    let html = std::fs::read_to_string(dist.join("index.html"))
        .with_context(|| format!("{}/index.html", dist.display()))?;
    let mut files: Vec<String> = Vec::new();
    for attr in ["href=", "src="] {
        for piece in html.split(attr).skip(1) {
            let value = piece.trim_start_matches(['"', '\'']);
            let end = value.find(['"', '\'', ' ', '>']).unwrap_or(value.len());
            let name = value[..end].trim_start_matches('/');
            let first_load = [".js", ".wasm", ".css"].iter().any(|e| name.ends_with(e));
            if first_load && !files.iter().any(|f| f == name) {
                files.push(name.to_owned());
            }
        }
    }
    files.sort();
    let brotli_size = |f: &str| -> Result<(usize, usize)> {
        let data =
            std::fs::read(dist.join(f)).with_context(|| dist.join(f).display().to_string())?;
        Ok((data.len(), dist::brotli_bytes(&data).len()))
    };
    let mut rows = String::from(
        "Loaded by `index.html` on every first visit (the shell):\n\n| file | raw bytes | brotli bytes |\n|---|---:|---:|\n",
    );
    let (mut raw_total, mut shell) = (0usize, 0usize);
    let mut pkg = None;
    for f in &files {
        let (raw, br) = brotli_size(f)?;
        raw_total += raw;
        shell += br;
        rows.push_str(&format!("| {f} | {raw} | {br} |\n"));
        if f.ends_with("/__wasm_split.js") {
            pkg = f.rsplit_once('/').map(|(dir, _)| dir.to_owned());
        }
    }
    rows.push_str(&format!(
        "| **shell total** | {raw_total} | **{shell}** ({:.1} KB) |\n",
        shell as f64 / 1000.0
    ));
    let pkg = pkg.context("index.html does not load __wasm_split.js: not a code-split build")?;
    let listing = std::fs::read_to_string(crate::split::pages_file())
        .with_context(|| crate::split::pages_file().display().to_string())?;
    let listing: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&listing).context("pages.json")?;
    let pages: Vec<(String, Vec<String>)> = listing
        .into_iter()
        .map(|(page, files)| {
            let files = files
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|f| f.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            (page, files)
        })
        .collect();
    if pages.is_empty() {
        bail!("pages.json names no page modules");
    }
    let budget = 200 * 1000;
    rows.push_str(
        "\nFirst load of each page (shell + the page's module + the shared chunks it fetches):\n\n| page | modules | page's modules, brotli | **first load, brotli** | budget 200 KB |\n|---|---:|---:|---:|---|\n",
    );
    let mut over = 0;
    for (page, modules) in &pages {
        let mut own = 0;
        for m in modules {
            own += brotli_size(&format!("{pkg}/{m}"))?.1;
        }
        let total = shell + own;
        let verdict = if total <= budget {
            "within"
        } else {
            "**OVER**"
        };
        over += usize::from(total > budget);
        rows.push_str(&format!(
            "| {page} | {} | {own} | **{total}** ({:.1} KB) | {verdict} |\n",
            modules.len(),
            total as f64 / 1000.0
        ));
    }
    rows.push_str(&format!(
        "\n{} of {} pages within the 200 KB budget.\n",
        pages.len() - over,
        pages.len()
    ));
    Ok(rows)
}
