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
//! `dist::build` precompresses them with the rest.

use crate::util::{Result, cmd, must, root, step};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

pub fn out_dir(dist: &Path) -> PathBuf {
    dist.join("embed/v1")
}

fn short_hash(data: &[u8]) -> String {
    hex::encode(&Sha256::digest(data)[..8])
}

fn write(path: &Path, data: &[u8]) -> Result<()> {
    std::fs::write(path, data).map_err(|e| format!("{}: {e}", path.display()))
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
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
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
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
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;

    let wasm = read(&opt)?;
    let wasm_name = format!("embed-{}_bg.wasm", short_hash(&wasm));
    write(&out.join(&wasm_name), &wasm)?;

    let glue = String::from_utf8(read(&work.join("embed.js"))?).map_err(|e| e.to_string())?;
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
            .map_err(|e| e.to_string())?;
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

/// Points the glue at the hashed wasm and starts it when the module loads.
fn patch_glue(glue: &str, wasm_name: &str) -> Result<String> {
    const DEFAULT_WASM: &str = "'embed_bg.wasm'";
    if !glue.contains(DEFAULT_WASM) || !glue.contains("async function __wbg_init(") {
        return Err("the wasm-bindgen glue changed shape: update xtask/src/embed.rs".into());
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
