//! The registration draft, kept in the browser's localStorage on every change, so nothing typed
//! is lost across reloads, closed tabs or failed submissions. Each draft carries the idempotency
//! key its submission uses, so retrying never creates a duplicate registration.

use domain::registration::RegistrationInput;
use serde::{Deserialize, Serialize};

/// A registration form in progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub input: RegistrationInput,
    /// Products as typed (comma-separated); split into `input.products` on validation.
    pub products_text: String,
    /// Sent as `Idempotency-Key`; a new draft gets a new key.
    pub key: String,
}

impl Default for Draft {
    /// A blank draft always gets a fresh idempotency key.
    fn default() -> Self {
        Draft::new()
    }
}

impl Draft {
    /// A blank draft with a fresh key and the form's defaults.
    pub fn new() -> Self {
        Draft {
            input: RegistrationInput {
                category: "standard".into(),
                attribution: "sourced".into(),
                attribution_percent: "100".into(),
                currency: "USD".into(),
                ..Default::default()
            },
            products_text: String::new(),
            key: new_key(),
        }
    }

    /// The input with products split from their text.
    pub fn prepared(&self) -> RegistrationInput {
        RegistrationInput {
            products: split_products(&self.products_text),
            ..self.input.clone()
        }
    }

    /// Whether anything was typed beyond the defaults.
    pub fn is_started(&self) -> bool {
        let blank = Draft::new();
        self.input != blank.input || !self.products_text.trim().is_empty()
    }
}

/// "Analytics, Integration Hub" → ["Analytics", "Integration Hub"].
pub fn split_products(text: &str) -> Vec<String> {
    text.split([',', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

fn storage_key(user_id: i64) -> String {
    format!("portico.registration-draft.{user_id}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The JSON value saved under `key`, if any (and still readable).
pub fn load_json<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    let text = storage()?.get_item(key).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

/// Saves `value` under `key`; returns false when the browser refuses (private mode, quota).
pub fn save_json<T: serde::Serialize>(key: &str, value: &T) -> bool {
    let Ok(text) = serde_json::to_string(value) else {
        return false;
    };
    storage().is_some_and(|s| s.set_item(key, &text).is_ok())
}

/// Removes what is saved under `key`.
pub fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// The saved draft of `user_id`, if any.
pub fn load(user_id: i64) -> Option<Draft> {
    load_json(&storage_key(user_id))
}

/// Saves the draft; returns false when the browser refuses (private mode, quota).
pub fn save(user_id: i64, draft: &Draft) -> bool {
    save_json(&storage_key(user_id), draft)
}

/// Forgets the draft after a successful submission (or when the user discards it).
pub fn clear(user_id: i64) {
    remove(&storage_key(user_id));
}

/// A random key from the browser's crypto, with a time-based fallback.
fn new_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| {
            format!(
                "draft-{}-{}",
                js_sys::Date::now() as u64,
                (js_sys::Math::random() * 1e12) as u64
            )
        })
}

#[cfg(test)]
mod tests {
    use super::split_products;

    #[test]
    fn products_are_split_on_commas_and_lines_and_trimmed() {
        assert_eq!(
            split_products(" Analytics,  Integration Hub\nSupport Plus, ,"),
            vec!["Analytics", "Integration Hub", "Support Plus"]
        );
        assert!(split_products("  ").is_empty());
    }
}
