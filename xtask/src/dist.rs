//! Builds the SPA with Trunk (release, size profile) and prepares `dist/` for serving: the app's
//! wasm is replaced by the code-split build (`crate::split`, one module per page group), Trunk's inline
//! loader script moves into a hashed file (so the CSP needs no inline script), and every text
//! asset gets precompressed `.br` and `.gz` siblings. The embedded registration
//! form's files go to `dist/embed/v1/` (see `crate::embed`).

use crate::util::{cmd, must, root, step};
use anyhow::{Context, Result};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn dist_dir() -> PathBuf {
    root().join("dist")
}

pub fn build() -> Result<()> {
    step("building the SPA (trunk build --release)");
    must(cmd("cargo").args(["fetch", "--target", "wasm32-unknown-unknown"]))?;
    must(cmd("trunk").args(["build", "--release"]))?;
    let dist = dist_dir();
    // Packages of earlier builds would pile up (each has a new hash).
    for entry in std::fs::read_dir(&dist)
        .with_context(|| dist.display().to_string())?
        .flatten()
    {
        if entry.file_name().to_string_lossy().starts_with("pkg-") {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let pkg = crate::split::build(&dist)?;
    externalize_loader(&dist)?;
    precompress(&dist)?;
    precompress(&pkg)?;
    crate::embed::build(&dist)?;
    precompress(&crate::embed::out_dir(&dist))?;
    Ok(())
}

/// Replaces `<script type=module>…</script>` in index.html with a `src=` to a hashed file.
fn externalize_loader(dist: &Path) -> Result<()> {
    let index_path = dist.join("index.html");
    let html =
        std::fs::read_to_string(&index_path).with_context(|| index_path.display().to_string())?;
    let Some(start) = html
        .find("<script type=module>")
        .or_else(|| html.find("<script type=\"module\">"))
    else {
        return Ok(()); // already external
    };
    let open_end = html[start..]
        .find('>')
        .map(|i| start + i + 1)
        .context("unclosed script tag")?;
    let close = html[open_end..]
        .find("</script>")
        .map(|i| open_end + i)
        .context("unclosed script")?;
    let body = &html[open_end..close];
    let hash = &hex::encode(Sha256::digest(body.as_bytes()))[..16];
    let name = format!("boot-{hash}.js");
    std::fs::write(dist.join(&name), body)
        .with_context(|| dist.join(&name).display().to_string())?;
    let tag = format!("<script type=module src=/{name}></script>");
    let new_html = format!(
        "{}{}{}",
        &html[..start],
        tag,
        &html[close + "</script>".len()..]
    );
    std::fs::write(&index_path, new_html).with_context(|| index_path.display().to_string())?;
    Ok(())
}

fn precompress(dist: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dist).with_context(|| dist.display().to_string())?;
    for entry in entries.flatten() {
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "html" | "js" | "wasm" | "css" | "svg" | "json") {
            continue;
        }
        let data = std::fs::read(&path).with_context(|| path.display().to_string())?;
        let br = brotli_bytes(&data);
        let br_path = with_suffix(&path, "br");
        std::fs::write(&br_path, br).with_context(|| br_path.display().to_string())?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&data)
            .and_then(|()| gz.finish())
            .and_then(|zipped| std::fs::write(with_suffix(&path, "gz"), zipped))
            .with_context(|| with_suffix(&path, "gz").display().to_string())?;
    }
    Ok(())
}

/// Brotli at quality 11 (what the server sends for precompressed files).
pub fn brotli_bytes(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    let _ = brotli::BrotliCompress(&mut std::io::Cursor::new(data), &mut out, &params);
    out
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".");
    s.push(suffix);
    PathBuf::from(s)
}
