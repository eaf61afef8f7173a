//! Names the German catalog by its content (`DE_FILE`), so the portal can fetch it under an
//! immutable URL without compiling the catalog in.

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../i18n/de.messages");
    println!("cargo:rerun-if-changed={path}");
    let text = std::fs::read(path).expect("i18n/de.messages");
    // FNV-1a, 64 bit: a content fingerprint for cache busting, not a security property.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("de_file.rs");
    std::fs::write(
        out,
        format!("/// The German catalog's file name under `/i18n/`.\npub const DE_FILE: &str = \"de.{:012x}.messages\";\n", hash >> 16),
    )
    .unwrap();
}
