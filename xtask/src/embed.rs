//! Builds the embedded registration form's files into `dist/embed/v1/`:
//!
//! - `embed-<hash>_bg.wasm` + `embed-<hash>.js`: `crates/embed` for wasm32 with the size profile,
//!   the wasm-bindgen CLI (`--target web`, the version Cargo.lock pins), npm's wasm-opt `-Oz`;
//!   the glue is patched to load its hashed wasm and start at once (no inline script needed);
//! - `embed-<hash>.css`: `style/tokens.css`, the tier files and `style/embed.css`, comments and
//!   runs of white space removed;
//! - `loader.js`: `public/embed/loader.js`, the one script partners' pages load (stable name,
//!   revalidated on each load, so a fix reaches every website);
//! - `assets.txt`: which hashed files the server's form page links (and the wasm the script
//!   loads, for `cargo xtask bench`).
//!
//! `dist::build` precompresses them with the rest. [`payload_table`] measures what a visitor
//! loads, for `cargo xtask bench payload`.

use crate::server::{TestServer, get, send, session_cookie};
use crate::util::{cmd, must, root, step};
use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

pub fn out_dir(dist: &Path) -> PathBuf {
    dist.join("embed/v1")
}

fn short_hash(data: &[u8]) -> String {
    hex::encode(&Sha256::digest(data)[..8])
}

fn write(path: &Path, data: &[u8]) -> Result<()> {
    std::fs::write(path, data).with_context(|| path.display().to_string())
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| path.display().to_string())
}

pub fn build(dist: &Path) -> Result<()> {
    step("building the embedded form (crates/embed, wasm-bindgen, wasm-opt)");
    must(cmd("cargo").args([
        "build",
        "-p",
        "embed",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm-release",
    ]))?;
    let work = root().join("target/embed-bundle");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)
        .with_context(|| format!("could not create {}", work.display()))?;
    let built = root().join("target/wasm32-unknown-unknown/wasm-release/embed.wasm");
    must(cmd("wasm-bindgen").args([
        "--target",
        "web",
        "--no-typescript",
        "--out-name",
        "embed",
        "--out-dir",
        &work.to_string_lossy(),
        &built.to_string_lossy(),
    ]))?;
    let bg = work.join("embed_bg.wasm");
    let opt = work.join("embed_opt.wasm");
    // The features rustc emits for wasm32 by default; wasm-opt must be told, or it refuses them.
    must(cmd("wasm-opt").args([
        "-Oz",
        "--strip-debug",
        "--strip-producers",
        "--enable-bulk-memory",
        "--enable-nontrapping-float-to-int",
        "--enable-sign-ext",
        "--enable-mutable-globals",
        "--enable-reference-types",
        "--enable-multivalue",
        &bg.to_string_lossy(),
        "-o",
        &opt.to_string_lossy(),
    ]))?;

    let out = out_dir(dist);
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).with_context(|| format!("could not create {}", out.display()))?;

    let wasm = read(&opt)?;
    let wasm_name = format!("embed-{}_bg.wasm", short_hash(&wasm));
    write(&out.join(&wasm_name), &wasm)?;

    let glue = String::from_utf8(read(&work.join("embed.js"))?).context("embed.js is not UTF-8")?;
    let script = patch_glue(&glue, &wasm_name)?;
    let script_name = format!("embed-{}.js", short_hash(script.as_bytes()));
    write(&out.join(&script_name), script.as_bytes())?;

    let mut css = String::new();
    for file in [
        "tokens.css",
        "tiers/bronze.css",
        "tiers/silver.css",
        "tiers/gold.css",
        "embed.css",
    ] {
        let text = String::from_utf8(read(&root().join("style").join(file))?)
            .with_context(|| format!("style/{file} is not UTF-8"))?;
        css.push_str(&minify_css(&text));
    }
    let style_name = format!("embed-{}.css", short_hash(css.as_bytes()));
    write(&out.join(&style_name), css.as_bytes())?;

    write(
        &out.join("loader.js"),
        &read(&root().join("public/embed/loader.js"))?,
    )?;
    write(
        &out.join("assets.txt"),
        format!("script={script_name}\nwasm={wasm_name}\nstyle={style_name}\n").as_bytes(),
    )?;
    Ok(())
}

/// The embedded form's budget: everything it loads, brotli.
const BUDGET_BYTES: usize = 60 * 1000;

/// Everything a website visitor's browser loads for the form, with raw and brotli (q11) sizes,
/// against the 60 KB budget: the loader, the loader's config answer, the form page (rendered
/// by `api`, a fresh server on a demo database, for Vertex's key framed by the website its
/// admin allows first), the glue, the wasm and the CSS from `dist/embed/v1/`.
pub fn payload_table(api: &Path) -> Result<String> {
    let out = out_dir(&crate::dist::dist_dir());
    let assets =
        String::from_utf8(read(&out.join("assets.txt"))?).context("assets.txt is not UTF-8")?;
    let asset = |name: &str| -> Result<String> {
        assets
            .lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix('='))
            .map(str::to_owned)
            .with_context(|| format!("dist/embed/v1/assets.txt names no {name}"))
    };
    let work = root().join("target/bench-embed");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)
        .with_context(|| format!("could not create {}", work.display()))?;
    let server = TestServer::start(api, &work)?;
    let cookie = session_cookie(server.addr, "ava@vertex.example", "portico-demo")?;
    let (status, settings) = get(server.addr, "/api/v1/partner/embed", &[("Cookie", &cookie)])?;
    let settings: serde_json::Value = serde_json::from_slice(&settings)
        .with_context(|| format!("embed settings (status {status})"))?;
    let key = settings["key"].as_str().context("no embed key")?.to_owned();
    // What a visitor of the partner's own website loads: the form framed by an allowed
    // website (the portal's own origin is a preview, served only to a signed-in admin), so
    // the partner admin first allows one, as on the Embed page.
    let website = "https://www.vertex.example";
    let body = format!("{{\"origins\":[\"{website}\"]}}");
    let (status, _) = send(
        server.addr,
        "PUT",
        "/api/v1/partner/embed/origins",
        &[("Cookie", &cookie), ("Content-Type", "application/json")],
        body.as_bytes(),
    )?;
    if status != 200 {
        bail!("allowing a website for the form answered {status}");
    }
    let (status, config) = get(
        server.addr,
        &format!("/api/v1/embed/{key}/config"),
        &[("Origin", website)],
    )?;
    if status != 200 {
        bail!("the loader's config look-up answered {status}");
    }
    let encoded: String = website
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let (status, page) = get(
        server.addr,
        &format!("/embed/v1/form?key={key}&origin={encoded}"),
        &[],
    )?;
    if status != 200 {
        bail!("the form page answered {status}");
    }
    drop(server);
    let _ = std::fs::remove_dir_all(&work);

    let files: Vec<(String, Vec<u8>)> = vec![
        (
            "loader.js (the snippet's script)".into(),
            read(&out.join("loader.js"))?,
        ),
        ("config answer (JSON, per visit)".into(), config),
        ("form page (HTML, rendered per visit)".into(), page),
        (asset("script")?, read(&out.join(asset("script")?))?),
        (asset("wasm")?, read(&out.join(asset("wasm")?))?),
        (asset("style")?, read(&out.join(asset("style")?))?),
    ];
    let mut rows = String::from("| file | raw bytes | brotli bytes |\n|---|---:|---:|\n");
    let (mut raw_total, mut br_total) = (0usize, 0usize);
    for (name, data) in &files {
        let br = crate::dist::brotli_bytes(data).len();
        raw_total += data.len();
        br_total += br;
        rows.push_str(&format!("| {name} | {} | {br} |\n", data.len()));
    }
    let verdict = if br_total <= BUDGET_BYTES {
        "within"
    } else {
        "OVER"
    };
    rows.push_str(&format!(
        "| **total (everything the embedded form loads)** | {raw_total} | **{br_total}** ({:.1} KB, {verdict} the 60 KB budget) |\n",
        br_total as f64 / 1000.0
    ));
    if br_total > BUDGET_BYTES {
        bail!("the embedded form loads {br_total} bytes (brotli), over the budget:\n{rows}");
    }
    Ok(rows)
}

/// Points the glue at the hashed wasm and starts it when the module loads.
fn patch_glue(glue: &str, wasm_name: &str) -> Result<String> {
    const DEFAULT_WASM: &str = "'embed_bg.wasm'";
    if !glue.contains(DEFAULT_WASM) || !glue.contains("async function __wbg_init(") {
        bail!("the wasm-bindgen glue changed shape: update xtask/src/embed.rs");
    }
    Ok(format!(
        "{}\n__wbg_init();\n",
        glue.replace(DEFAULT_WASM, &format!("'{wasm_name}'"))
    ))
}

/// Comments out, white space folded (outside strings), no space around `{};,>` or after `:`.
pub fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut quote: Option<char> = None;
    let mut space = false;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for c in chars.by_ref() {
                    if prev == '*' && c == '/' {
                        break;
                    }
                    prev = c;
                }
                space = true;
            }
            c if c.is_whitespace() => space = true,
            c => {
                // A space before `:` can be a descendant combinator (`.a :focus`): kept.
                let tight_before = |x: char| matches!(x, '{' | '}' | ';' | ',' | '>');
                let tight_after = |x: char| matches!(x, '{' | '}' | ';' | ':' | ',' | '>');
                if space && !out.is_empty() && !tight_before(c) && !out.ends_with(tight_after) {
                    out.push(' ');
                }
                space = false;
                if c == '"' || c == '\'' {
                    quote = Some(c);
                }
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_loses_comments_and_white_space_but_keeps_strings_and_descendant_spaces() {
        let css = "/* tokens */\n:root, [data-tier] {\n  --font: \"Helvetica  Neue\", serif; /* x */\n}\n.a  .b > .c { margin : 0 auto; }\n.d :focus{}";
        assert_eq!(
            minify_css(css),
            ":root,[data-tier]{--font:\"Helvetica  Neue\",serif;}.a .b>.c{margin :0 auto;}.d :focus{}"
        );
    }

    #[test]
    fn the_glue_is_pointed_at_the_hashed_wasm_and_started() {
        let glue = "async function __wbg_init(m) {}\nmodule_or_path = new URL('embed_bg.wasm', import.meta.url);\n";
        let patched = patch_glue(glue, "embed-0123_bg.wasm").unwrap();
        assert!(patched.contains("new URL('embed-0123_bg.wasm', import.meta.url)"));
        assert!(patched.trim_end().ends_with("__wbg_init();"));
        assert!(patch_glue("export default 1", "x").is_err());
    }
}
