//! Route-level code splitting of the portal's wasm, which Trunk 0.21 cannot do (the split has to
//! happen between cargo and wasm-bindgen, where Trunk has no hook).
//!
//! Trunk still builds `dist/` (HTML, CSS, the unsplit app for `trunk serve`); this step then
//! rebuilds the app with the `split` feature into its own target directory (`target/split`, so
//! the two builds keep their caches), and:
//! 1. cargo with `-Clink-args=--emit-relocs` (wasm-split needs the relocations),
//! 2. `wasm-split-cli` cuts the module at the `#[wasm_split]` points in `src/app.rs` (one per
//!    page group, `page_group!`) into the main module, one module per page group, shared chunks,
//!    and `__wasm_split.js` (the loader that fetches a group's modules when the router first
//!    needs one of its pages),
//! 3. wasm-bindgen on the main module (`--keep-lld-exports`: the chunks link against them),
//! 4. wasm-opt `-Oz` on every module (binaryen from npm, `xtask/js/wasm-opt-all.mjs`), Terser on
//!    the JavaScript,
//! 5. everything goes into `dist/pkg-<hash>/` (the hash covers every file, so the server may
//!    cache the folder forever) and `index.html`'s loader and preload links point there.

use crate::util::{cmd, must, root, step};
use anyhow::{Context, Result, anyhow, bail};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The wasm-split CLI (crates.io `wasm_split_cli_support` with its `build-binary` feature).
pub const WASM_SPLIT_VERSION: &str = "0.2.4";

fn io<T>(what: &Path, r: std::io::Result<T>) -> Result<T> {
    r.with_context(|| what.display().to_string())
}

/// Builds the split app and points `dist/index.html` at it; returns the package folder.
pub fn build(dist: &Path) -> Result<PathBuf> {
    step(
        "building the code-split app (cargo --features split, wasm-split, wasm-bindgen, wasm-opt)",
    );
    let target = root().join("target/split");
    must(
        cmd("cargo")
            .args([
                "build",
                "-p",
                "portico",
                "--bin",
                "portico",
                "--features",
                "split",
                "--target",
                "wasm32-unknown-unknown",
                "--profile",
                "wasm-release",
            ])
            .env("CARGO_TARGET_DIR", &target)
            .env("RUSTFLAGS", "-Clink-args=--emit-relocs"),
    )?;
    let built = target.join("wasm32-unknown-unknown/wasm-release/portico.wasm");
    let work = target.join("bundle");
    let _ = std::fs::remove_dir_all(&work);
    io(&work, std::fs::create_dir_all(&work))?;
    must(cmd("wasm-split-cli").args([
        "--target",
        "web",
        "--out-name",
        "portico",
        &built.to_string_lossy(),
        &work.to_string_lossy(),
    ]))?;
    let main = work.join("portico.wasm");
    must(cmd("wasm-bindgen").args([
        "--target",
        "web",
        "--no-typescript",
        "--keep-lld-exports",
        "--out-name",
        "portico",
        "--out-dir",
        &work.to_string_lossy(),
        &main.to_string_lossy(),
    ]))?;
    io(&main, std::fs::remove_file(&main))?;
    optimize_all(&work)?;
    // Which modules each page group fetches, for `bench payload` (read before minifying).
    let loader = io(
        &work.join("__wasm_split.js"),
        std::fs::read_to_string(work.join("__wasm_split.js")),
    )?;
    let pages = page_modules(&loader);
    if pages.is_empty() {
        bail!("__wasm_split.js names no page modules");
    }
    let listing: serde_json::Map<String, serde_json::Value> = pages
        .into_iter()
        .map(|(page, files)| (page, files.into()))
        .collect();
    io(
        &pages_file(),
        std::fs::write(pages_file(), serde_json::Value::Object(listing).to_string()),
    )?;
    // The glue and the loader as generated are readable JavaScript; Terser (npm) minifies
    // them as ES modules (exports keep their names).
    for js in ["portico.js", "__wasm_split.js"] {
        let path = work.join(js).to_string_lossy().into_owned();
        must(cmd("terser").args([&path, "--module", "--compress", "--mangle", "-o", &path]))?;
    }

    // One hash over every file (sorted by name), so any change gives a new folder.
    let mut files: Vec<PathBuf> = io(&work, std::fs::read_dir(&work))?
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut hasher = Sha256::new();
    for f in &files {
        hasher.update(f.file_name().unwrap_or_default().as_encoded_bytes());
        hasher.update(io(f, std::fs::read(f))?);
    }
    let pkg_name = format!("pkg-{}", &hex::encode(hasher.finalize())[..16]);
    let pkg = dist.join(&pkg_name);
    let _ = std::fs::remove_dir_all(&pkg);
    io(&pkg, std::fs::create_dir_all(&pkg))?;
    for f in &files {
        let to = pkg.join(f.file_name().unwrap_or_default());
        io(&to, std::fs::copy(f, &to))?;
    }
    point_index_at(dist, &pkg_name)?;
    Ok(pkg)
}

/// wasm-opt `-Oz` on every module: `xtask/js/wasm-opt-all.mjs` loads npm's binaryen once per
/// process (it is a JavaScript build; once per module would cost a second or more each), one
/// process per core, up to four.
fn optimize_all(dir: &Path) -> Result<()> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(1, 4);
    let script = root().join("xtask/js/wasm-opt-all.mjs");
    let mut children = Vec::new();
    for w in 0..workers {
        let child = cmd("node")
            .arg(&script)
            .arg(dir)
            .arg(w.to_string())
            .arg(workers.to_string())
            .spawn()
            .context("could not start node")?;
        children.push(child);
    }
    let mut failed = false;
    for mut c in children {
        failed |= !c.wait().map(|s| s.success()).unwrap_or(false);
    }
    if failed {
        bail!("wasm-opt-all failed");
    }
    Ok(())
}

/// Replaces Trunk's unsplit `portico-<hash>.js`/`_bg.wasm` in `dist/` and in `index.html` (its
/// preload links and its inline loader script) with the package folder's files.
fn point_index_at(dist: &Path, pkg: &str) -> Result<()> {
    let mut old_js = None;
    let mut old_wasm = None;
    for entry in io(dist, std::fs::read_dir(dist))?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with("portico-") {
            continue;
        }
        if name.ends_with("_bg.wasm") {
            old_wasm = Some(name);
        } else if name.ends_with(".js") {
            old_js = Some(name);
        } else {
            continue;
        }
        io(&entry.path(), std::fs::remove_file(entry.path()))?;
    }
    let (Some(old_js), Some(old_wasm)) = (old_js, old_wasm) else {
        bail!("dist/ has no portico-*.js and portico-*_bg.wasm from Trunk");
    };
    let index = dist.join("index.html");
    let mut html = io(&index, std::fs::read_to_string(&index))?;
    let js = format!("/{pkg}/portico.js");
    let wasm = format!("/{pkg}/portico_bg.wasm");
    let loader = format!("/{pkg}/__wasm_split.js");
    html = replace_link(
        &html,
        &old_js,
        &format!(
            "<link crossorigin href={js} rel=modulepreload><link crossorigin href={loader} rel=modulepreload>"
        ),
    )?;
    html = replace_link(
        &html,
        &old_wasm,
        &format!("<link as=fetch crossorigin href={wasm} rel=preload type=application/wasm>"),
    )?;
    // The inline loader script (moved into a hashed file afterwards by `dist`).
    html = html
        .replace(&format!("/{old_js}"), &js)
        .replace(&format!("/{old_wasm}"), &wasm);
    if html.contains(&old_js) || html.contains(&old_wasm) {
        bail!("index.html still names Trunk's unsplit files");
    }
    io(&index, std::fs::write(&index, html))
}

/// Replaces the whole `<link …>` tag that mentions `file` (the inline script names it too).
fn replace_link(html: &str, file: &str, with: &str) -> Result<String> {
    let needle = format!("/{file}");
    for (at, _) in html.match_indices(&needle) {
        let Some(start) = html[..at].rfind('<') else {
            continue;
        };
        if !html[start..].starts_with("<link") {
            continue;
        }
        let end = at + html[at..].find('>').context("unclosed <link>")? + 1;
        return Ok(format!("{}{with}{}", &html[..start], &html[end..]));
    }
    Err(anyhow!("index.html has no <link> to {file}"))
}

/// Written by [`build`]: page group → the module files it fetches (`page_modules`).
pub fn pages_file() -> PathBuf {
    root().join("target/split/pages.json")
}

/// What each page needs from the package beyond the shell, read from `__wasm_split.js`: the
/// page's loader name (`home_page`, …) and every module file it fetches, shared chunks included
/// (followed through their own dependencies).
pub fn page_modules(loader_js: &str) -> Vec<(String, Vec<String>)> {
    use std::collections::BTreeMap;
    // name of a `makeLoad` (a `__chunk_N` constant or an exported page loader) → (file, deps)
    let mut loads: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    let mut pages = Vec::new();
    // Each loader is declared at the start of a line: `[export ]const <name> = …makeLoad(`.
    let mut blocks: Vec<String> = Vec::new();
    for line in loader_js.lines() {
        let decl = line
            .strip_prefix("export const __")
            .or_else(|| line.strip_prefix("const __"));
        match (decl, blocks.last_mut()) {
            (Some(rest), _) => blocks.push(format!("__{rest}\n")),
            (None, Some(block)) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, None) => {}
        }
    }
    for piece in &blocks {
        let name: String = piece
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !piece[name.len()..].trim_start().starts_with("= ") || !piece.contains("makeLoad(") {
            continue;
        }
        let Some(file) = piece
            .split("new URL(\"./")
            .nth(1)
            .and_then(|r| r.split('"').next())
        else {
            continue;
        };
        let deps = piece
            .rsplit_once(", [")
            .map(|(_, r)| r.split(']').next().unwrap_or(""))
            .unwrap_or("")
            .split(',')
            .map(|d| d.trim().to_owned())
            .filter(|d| !d.is_empty())
            .collect();
        if let Some(page) = name.strip_prefix("__wasm_split_load_") {
            // `home_page_5031076184218650913` → `home_page`
            let page = page
                .rsplit_once('_')
                .filter(|(_, n)| n.bytes().all(|b| b.is_ascii_digit()))
                .map_or(page, |(p, _)| p);
            pages.push((page.to_owned(), name.clone()));
        }
        loads.insert(name, (file.to_owned(), deps));
    }
    pages
        .into_iter()
        .map(|(page, start)| {
            let mut files = Vec::new();
            let mut todo = vec![start];
            let mut seen = std::collections::BTreeSet::new();
            while let Some(n) = todo.pop() {
                if !seen.insert(n.clone()) {
                    continue;
                }
                if let Some((file, deps)) = loads.get(&n) {
                    files.push(file.clone());
                    todo.extend(deps.iter().cloned());
                }
            }
            files.sort();
            (page, files)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{page_modules, replace_link};

    #[test]
    fn page_modules_follow_shared_chunks() {
        let js = r#"import { initSync } from "./portico.js";
const __chunk_1 = makeLoad(() => {
    const src = fetch(new URL("./chunk_1.wasm", import.meta.url));
}
, []);
const __chunk_2 = makeLoad(() => {
    const src = fetch(new URL("./chunk_2.wasm", import.meta.url));
}
, [__chunk_1]);
export const __wasm_split_load_home_page_123 = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_home_page_123.wasm", import.meta.url));
}
, [__chunk_2]));
export const __wasm_split_load_sign_in_page_123 = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_sign_in_page_123.wasm", import.meta.url));
}
, []));
"#;
        assert_eq!(
            page_modules(js),
            vec![
                (
                    "home_page".to_owned(),
                    vec![
                        "chunk_1.wasm".to_owned(),
                        "chunk_2.wasm".to_owned(),
                        "split_home_page_123.wasm".to_owned()
                    ]
                ),
                (
                    "sign_in_page".to_owned(),
                    vec!["split_sign_in_page_123.wasm".to_owned()]
                ),
            ]
        );
    }

    #[test]
    fn replaces_only_the_link_naming_the_file() {
        let html = "<script type=module>import init from '/portico-1.js';</script><link href=/a.css rel=stylesheet><link crossorigin href=/portico-1.js integrity=sha384-x rel=modulepreload>";
        let out = replace_link(html, "portico-1.js", "<link href=/pkg/portico.js>").unwrap();
        assert_eq!(
            out,
            "<script type=module>import init from '/portico-1.js';</script><link href=/a.css rel=stylesheet><link href=/pkg/portico.js>"
        );
        assert!(replace_link(html, "missing.js", "").is_err());
    }
}
