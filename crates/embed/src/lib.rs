//! The embedded registration form's behaviour, on the page the server renders
//! (`GET /embed/v1/form`): inline validation with the domain crate's rules — the very code the
//! portal's form and the API run — sending the form, showing the thank-you, and telling the
//! host page how tall the form is so its frame fits.
//!
//! No framework: the page arrives complete from the server, and this bundle only adds
//! behaviour, so it stays a few dozen kilobytes. JSON is built and read with the browser's own
//! `JSON` (no serde_json in the bundle).
//!
//! Words: the page carries the catalog lines the script needs, in the page's language
//! (`<script type="text/plain" id="portico-messages">`, see `api::embed::page`), read with the
//! shared `catalog` crate; no catalog is compiled in. Messages — the rules' here and the
//! server's in its answers — are codes with parameters drawn from those lines.

use catalog::{Arg, Catalog};
use domain::date::Date;
use domain::error::FieldErrors;
use domain::registration::{Context, RegistrationInput};
use js_sys::{Array, JSON, Object, Reflect};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Document, Element, HtmlButtonElement, HtmlElement, HtmlInputElement, HtmlSelectElement,
    HtmlTextAreaElement, Request, RequestCredentials, RequestInit, RequestMode, Response,
};

/// The form's fields, in the order people fill them (the page's order too).
pub const FIELDS: [&str; 16] = RegistrationInput::FIELDS;
/// The message type the loader listens for.
pub const HEIGHT_MESSAGE: &str = "portico-embed:height";

/// Products as typed: comma-separated, blanks dropped (as the portal's form reads them).
pub fn split_products(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// What each field shows: its message once the person has been through it (`touched`), nothing
/// before — nobody wants to be told off for a field they have not reached.
pub fn shown(
    words: &Catalog<'_>,
    errors: &FieldErrors,
    touched: &[&str],
) -> Vec<(&'static str, Option<String>)> {
    FIELDS
        .iter()
        .map(|f| {
            let msg = touched
                .contains(f)
                .then(|| {
                    errors
                        .get(*f)
                        .map(|m| field_text(words, f, m.id(), &m.args()))
                })
                .flatten();
            (*f, msg)
        })
        .collect()
}

/// A message for `field`: the field's own wording (`{id}.{field}`) when the catalog has one,
/// else the general one, else the catalog's general sentence for unknown codes.
pub fn field_text(words: &Catalog<'_>, field: &str, id: &str, args: &[(&str, Arg)]) -> String {
    words
        .render(&format!("{id}.{field}"), args)
        .or_else(|| words.render(id, args))
        .unwrap_or_else(|| text(words, "err.unknown", &[]))
}

/// `id` from the page's words (the id itself if the page lacks it, which its test forbids).
pub fn text(words: &Catalog<'_>, id: &str, args: &[(&str, Arg)]) -> String {
    words.render(id, args).unwrap_or_else(|| id.to_owned())
}

/// The sentence shown above the form for an answer other than "received"; `server` is the
/// answer's message, already drawn.
pub fn failure_message(words: &Catalog<'_>, status: u16, server: Option<&str>) -> String {
    match (status, server) {
        (404, _) => text(words, "form.gone", &[]),
        (0, _) => text(words, "form.offline", &[]),
        (_, Some(m)) if !m.is_empty() => m.to_owned(),
        _ => text(
            words,
            "form.failed",
            &[("status", Arg::Num(i64::from(status)))],
        ),
    }
}

/// A message as the server sends it (`{"id": …, params}`) drawn from the page's words: the
/// parameters become the catalog's arguments as they are (numbers, text).
fn js_message(words: &Catalog<'_>, field: Option<&str>, value: &JsValue) -> Option<String> {
    let id = Reflect::get(value, &"id".into()).ok()?.as_string()?;
    let mut args: Vec<(String, Arg)> = Vec::new();
    if let Some(obj) = value.dyn_ref::<Object>() {
        for entry in Object::entries(obj).iter() {
            let pair: Array = entry.unchecked_into();
            let Some(name) = pair.get(0).as_string().filter(|n| n != "id") else {
                continue;
            };
            let v = pair.get(1);
            if let Some(n) = v.as_f64() {
                args.push((name, Arg::Num(n as i64)));
            } else if let Some(t) = v.as_string() {
                args.push((name, Arg::Text(t)));
            }
        }
    }
    let args: Vec<(&str, Arg)> = args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    Some(match field {
        Some(f) => field_text(words, f, &id, &args),
        None => words
            .render(&id, &args)
            .unwrap_or_else(|| text(words, "err.unknown", &[])),
    })
}

struct Form {
    doc: Document,
    words: Catalog<'static>,
    form: Element,
    key: String,
    token: String,
    host: String,
    today: Date,
    categories: Vec<String>,
    touched: RefCell<Vec<&'static str>>,
    sending: Cell<bool>,
}

#[wasm_bindgen(start)]
pub fn start() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(form) = doc.get_element_by_id("embed-form") else {
        return;
    };
    let data = |name: &str| form.get_attribute(name).unwrap_or_default();
    // The page's words live as long as the page: leaked once, borrowed by the catalog.
    let lines: &'static str = Box::leak(
        doc.get_element_by_id("portico-messages")
            .and_then(|e| e.text_content())
            .unwrap_or_default()
            .into_boxed_str(),
    );
    let f = Rc::new(Form {
        words: Catalog::parse(lines).unwrap_or_else(|_| Catalog::parse("").unwrap_or_default()),
        key: data("data-key"),
        token: data("data-token"),
        host: data("data-host"),
        today: Date::parse_iso(&data("data-today")).unwrap_or(Date::from_unix(0)),
        categories: data("data-categories")
            .split(',')
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect(),
        touched: RefCell::new(Vec::new()),
        sending: Cell::new(false),
        form,
        doc,
    });
    f.attach();
}

impl Form {
    fn by_id(&self, id: &str) -> Option<Element> {
        self.doc.get_element_by_id(id)
    }

    /// A field's value as the domain reads it (a checkbox: `"true"` when ticked).
    fn value(&self, name: &str) -> String {
        let Some(el) = self.by_id(&format!("f-{name}")) else {
            return String::new();
        };
        if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
            if i.type_() == "checkbox" {
                return if i.checked() {
                    "true".into()
                } else {
                    String::new()
                };
            }
            return i.value();
        }
        if let Some(s) = el.dyn_ref::<HtmlSelectElement>() {
            return s.value();
        }
        el.dyn_ref::<HtmlTextAreaElement>()
            .map(HtmlTextAreaElement::value)
            .unwrap_or_default()
    }

    fn input(&self) -> RegistrationInput {
        let v = |n: &str| self.value(n);
        RegistrationInput {
            motion: v("motion"),
            category: v("category"),
            customer_legal_name: v("customer_legal_name"),
            customer_domain: v("customer_domain"),
            customer_country: v("customer_country"),
            contact_name: v("contact_name"),
            contact_email: v("contact_email"),
            contact_role: v("contact_role"),
            products: split_products(&v("products")),
            estimated_value: v("estimated_value"),
            currency: v("currency"),
            expected_close: v("expected_close"),
            attribution: v("attribution"),
            attribution_percent: v("attribution_percent"),
            incumbent: !v("incumbent").is_empty(),
            notes: v("notes"),
        }
    }

    fn errors(&self) -> FieldErrors {
        let ctx = Context {
            today: self.today,
            categories: &self.categories,
        };
        self.input().validate(&ctx).err().unwrap_or_default()
    }

    /// Shows `errors` on the touched fields and clears the others.
    fn show(&self, errors: &FieldErrors) {
        let touched = self.touched.borrow();
        for (name, msg) in shown(&self.words, errors, &touched) {
            self.show_one(name, msg.as_deref());
        }
        drop(touched);
        self.report_height();
    }

    fn show_one(&self, name: &str, msg: Option<&str>) {
        if let Some(e) = self.by_id(&format!("e-{name}")) {
            e.set_text_content(msg);
            let _ = match msg {
                Some(_) => e.remove_attribute("hidden"),
                None => e.set_attribute("hidden", ""),
            };
        }
        if let Some(i) = self.by_id(&format!("f-{name}")) {
            let _ = match msg {
                Some(_) => i.set_attribute("aria-invalid", "true"),
                None => i.remove_attribute("aria-invalid"),
            };
        }
    }

    fn alert(&self, msg: Option<&str>) {
        if let Some(a) = self.by_id("embed-alert") {
            a.set_text_content(msg);
            let _ = match msg {
                Some(_) => a.remove_attribute("hidden"),
                None => a.set_attribute("hidden", ""),
            };
        }
        self.report_height();
    }

    fn button(&self) -> Option<HtmlButtonElement> {
        self.form
            .query_selector("button[type=submit]")
            .ok()
            .flatten()
            .and_then(|b| b.dyn_into().ok())
    }

    fn set_sending(&self, sending: bool) {
        self.sending.set(sending);
        if let Some(b) = self.button() {
            b.set_disabled(sending);
            let id = if sending {
                "form.sending"
            } else {
                "form.submit"
            };
            b.set_text_content(Some(&text(&self.words, id, &[])));
        }
    }

    /// Tells the host page the form's height (it sizes the frame); only the host named by the
    /// server may read it.
    fn report_height(&self) {
        let Some(main) = self
            .doc
            .query_selector("main")
            .ok()
            .flatten()
            .and_then(|m| m.dyn_into::<HtmlElement>().ok())
        else {
            return;
        };
        let message = Object::new();
        let _ = Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
        let _ = Reflect::set(
            &message,
            &"height".into(),
            &JsValue::from(main.offset_height()),
        );
        if let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) {
            let _ = parent.post_message(&message, &self.host);
        }
    }

    fn attach(self: &Rc<Self>) {
        let on = |event: &str, handler: Box<dyn Fn(web_sys::Event)>| {
            let closure = Closure::<dyn Fn(web_sys::Event)>::wrap(handler);
            let _ = self
                .form
                .add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
            closure.forget();
        };
        let field_of = |e: &web_sys::Event| -> Option<&'static str> {
            let id = e.target()?.dyn_into::<Element>().ok()?.id();
            let name = id.strip_prefix("f-")?;
            FIELDS.iter().copied().find(|f| *f == name)
        };
        let f = self.clone();
        on(
            "focusout",
            Box::new(move |e| {
                if let Some(name) = field_of(&e) {
                    let mut touched = f.touched.borrow_mut();
                    if !touched.contains(&name) {
                        touched.push(name);
                    }
                    drop(touched);
                    // Leaving a field for the submit button: a message appearing now would move
                    // the button away from under the pointer before the click lands; the
                    // submission shows every message anyway.
                    let to_submit = e
                        .dyn_ref::<web_sys::FocusEvent>()
                        .and_then(web_sys::FocusEvent::related_target)
                        .and_then(|t| t.dyn_into::<Element>().ok())
                        .is_some_and(|t| t.get_attribute("type").as_deref() == Some("submit"));
                    if !to_submit {
                        f.show(&f.errors());
                    }
                }
            }),
        );
        for event in ["input", "change"] {
            let f = self.clone();
            on(
                event,
                Box::new(move |e| {
                    if field_of(&e).is_some_and(|n| f.touched.borrow().contains(&n)) {
                        f.show(&f.errors());
                    }
                }),
            );
        }
        let f = self.clone();
        on(
            "submit",
            Box::new(move |e| {
                e.prevent_default();
                f.submit();
            }),
        );

        let f = self.clone();
        let resized = Closure::<dyn Fn()>::new(move || f.report_height());
        if let (Ok(observer), Some(main)) = (
            web_sys::ResizeObserver::new(resized.as_ref().unchecked_ref()),
            self.doc.query_selector("main").ok().flatten(),
        ) {
            observer.observe(&main);
        }
        resized.forget();
        self.set_sending(false);
        self.name_countries();
        self.catch_up();
        self.report_height();
    }

    /// The server lists countries by their English names; in another language the browser
    /// names them (`Intl.DisplayNames`) and they are sorted as that language sorts.
    fn name_countries(&self) {
        let lang = self
            .doc
            .document_element()
            .and_then(|e| e.get_attribute("lang"))
            .unwrap_or_default();
        if lang.is_empty() || lang == "en" {
            return;
        }
        let Some(select) = self.by_id("f-customer_country") else {
            return;
        };
        let locales = Array::of1(&lang.as_str().into());
        let kind = Object::new();
        let _ = Reflect::set(&kind, &"type".into(), &"region".into());
        let names = js_sys::Intl::DisplayNames::new(&locales, &kind);
        let collator = js_sys::Intl::Collator::new(&locales, &Object::new()).compare();
        let mut named: Vec<(String, Element)> = Vec::new();
        let mut next = select.first_element_child();
        while let Some(option) = next {
            next = option.next_element_sibling();
            let code = option.get_attribute("value").unwrap_or_default();
            if code.is_empty() {
                continue;
            }
            let name = names
                .of(&code)
                .map(String::from)
                .filter(|n| !n.is_empty() && *n != code)
                .or_else(|| option.text_content())
                .unwrap_or_default();
            option.set_text_content(Some(&name));
            named.push((name, option));
        }
        named.sort_by(|a, b| {
            collator
                .call2(&JsValue::NULL, &a.0.as_str().into(), &b.0.as_str().into())
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(0.0)
                .total_cmp(&0.0)
        });
        for (_, option) in named {
            let _ = select.append_child(&option);
        }
    }

    /// A person can type and move on before this script has started (the form is server-rendered
    /// and usable at once): text fields they already filled and left count as gone through, so
    /// their messages show now rather than never.
    fn catch_up(&self) {
        let focused = self.doc.active_element().map(|e| e.id());
        let filled: Vec<&'static str> = FIELDS
            .iter()
            .copied()
            .filter(|name| {
                let Some(el) = self.by_id(&format!("f-{name}")) else {
                    return false;
                };
                let text = el
                    .dyn_ref::<HtmlInputElement>()
                    .filter(|i| i.type_() != "checkbox")
                    .map(HtmlInputElement::value)
                    .or_else(|| {
                        el.dyn_ref::<HtmlTextAreaElement>()
                            .map(HtmlTextAreaElement::value)
                    });
                text.is_some_and(|t| !t.trim().is_empty())
                    && focused.as_deref() != Some(el.id().as_str())
            })
            .collect();
        if filled.is_empty() {
            return;
        }
        self.touched.borrow_mut().extend(filled);
        self.show(&self.errors());
    }

    fn submit(self: &Rc<Self>) {
        if self.sending.get() {
            return;
        }
        *self.touched.borrow_mut() = FIELDS.to_vec();
        let errors = self.errors();
        self.show(&errors);
        if let Some(first) = FIELDS.iter().find(|f| errors.contains_key(**f)) {
            self.alert(Some(&text(&self.words, "form.needs_attention", &[])));
            if let Some(el) = self
                .by_id(&format!("f-{first}"))
                .and_then(|e| e.dyn_into::<HtmlElement>().ok())
            {
                let _ = el.focus();
            }
            return;
        }
        self.alert(None);
        self.set_sending(true);
        let f = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let (status, body) = f.send().await.unwrap_or((0, JsValue::NULL));
            f.answered(status, &body);
        });
    }

    /// The JSON body: `{token, website, registration: {…}}`.
    fn body(&self) -> JsValue {
        let input = self.input();
        let reg = Object::new();
        let set = |o: &Object, k: &str, v: JsValue| {
            let _ = Reflect::set(o, &k.into(), &v);
        };
        for (k, v) in [
            ("motion", &input.motion),
            ("category", &input.category),
            ("customer_legal_name", &input.customer_legal_name),
            ("customer_domain", &input.customer_domain),
            ("customer_country", &input.customer_country),
            ("contact_name", &input.contact_name),
            ("contact_email", &input.contact_email),
            ("contact_role", &input.contact_role),
            ("estimated_value", &input.estimated_value),
            ("currency", &input.currency),
            ("expected_close", &input.expected_close),
            ("attribution", &input.attribution),
            ("attribution_percent", &input.attribution_percent),
            ("notes", &input.notes),
        ] {
            set(&reg, k, v.into());
        }
        let products: Array = input.products.iter().map(JsValue::from).collect();
        set(&reg, "products", products.into());
        set(&reg, "incumbent", input.incumbent.into());
        let body = Object::new();
        set(&body, "token", self.token.as_str().into());
        set(&body, "website", self.value("website").into());
        set(&body, "registration", reg.into());
        JSON::stringify(&body)
            .map(Into::into)
            .unwrap_or(JsValue::NULL)
    }

    /// POSTs the form; the status and the parsed answer.
    async fn send(&self) -> Result<(u16, JsValue), JsValue> {
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_body(&self.body());
        // No cookie goes with the form, whoever is signed in to the portal in this browser.
        init.set_credentials(RequestCredentials::Omit);
        init.set_mode(RequestMode::SameOrigin);
        let request = Request::new_with_str_and_init(
            &format!("/api/v1/embed/{}/registrations", self.key),
            &init,
        )?;
        request.headers().set("content-type", "application/json")?;
        let window = web_sys::window().ok_or(JsValue::NULL)?;
        let response: Response = JsFuture::from(window.fetch_with_request(&request))
            .await?
            .dyn_into()?;
        let text = JsFuture::from(response.text()?).await?;
        let body = text
            .as_string()
            .and_then(|t| JSON::parse(&t).ok())
            .unwrap_or(JsValue::NULL);
        Ok((response.status(), body))
    }

    fn answered(&self, status: u16, body: &JsValue) {
        let message = Reflect::get(body, &"message".into())
            .ok()
            .and_then(|m| js_message(&self.words, None, &m));
        self.set_sending(false);
        if status == 202 {
            let reference = Reflect::get(body, &"reference".into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            self.thank(&message.unwrap_or_default(), &reference);
            return;
        }
        if status == 422
            && let Ok(obj) = Reflect::get(body, &"fields".into())
        {
            let touched = self.touched.borrow().clone();
            for name in FIELDS {
                let msg = Reflect::get(&obj, &name.into())
                    .ok()
                    .filter(|v| v.is_object())
                    .and_then(|v| js_message(&self.words, Some(name), &v));
                if msg.is_some() || touched.contains(&name) {
                    self.show_one(name, msg.as_deref());
                }
            }
        }
        self.alert(Some(&failure_message(
            &self.words,
            status,
            message.as_deref(),
        )));
    }

    /// Replaces the form with the thank-you (built as text: nothing from the answer becomes
    /// markup).
    fn thank(&self, message: &str, reference: &str) {
        let _ = self.form.set_attribute("hidden", "");
        let Some(done) = self.by_id("embed-done") else {
            return;
        };
        let add = |tag: &str, text: &str, class: &str| {
            if let Ok(el) = self.doc.create_element(tag) {
                el.set_text_content(Some(text));
                el.set_class_name(class);
                let _ = done.append_child(&el);
            }
        };
        add("h2", &text(&self.words, "form.thanks", &[]), "embed-title");
        add("p", message, "embed-message");
        add(
            "p",
            &text(
                &self.words,
                "form.reference",
                &[("reference", Arg::Text(reference.to_owned()))],
            ),
            "embed-reference",
        );
        let _ = done.remove_attribute("hidden");
        if let Some(d) = done.dyn_ref::<HtmlElement>() {
            let _ = d.focus();
        }
        self.report_height();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_are_split_on_commas_and_blanks_dropped() {
        assert_eq!(
            split_products(" Portico Analytics, ,Support Plus ,"),
            ["Portico Analytics", "Support Plus"]
        );
        assert!(split_products("  ").is_empty());
    }

    fn words() -> Catalog<'static> {
        Catalog::parse(
            "err.required = Required.\nerr.too_long = At most {max} characters.\n\
err.required.motion = Choose a motion.\nerr.unknown = Something is not right.\n\
form.gone = Gone.\nform.offline = Offline.\nform.failed = Failed ({status}).\n",
        )
        .unwrap()
    }

    #[test]
    fn only_fields_the_person_has_been_through_show_their_message() {
        use domain::message::Message;
        let errors = FieldErrors::from([
            ("motion".to_owned(), Message::Required),
            ("notes".to_owned(), Message::TooLong { max: 2000 }),
            ("products".to_owned(), Message::Required),
        ]);
        let w = words();
        let shown = shown(&w, &errors, &["motion", "products", "currency"]);
        assert_eq!(shown.len(), FIELDS.len());
        assert!(
            shown.contains(&("motion", Some("Choose a motion.".into()))),
            "the field's wording"
        );
        assert!(
            shown.contains(&("products", Some("Required.".into()))),
            "the general one"
        );
        assert!(shown.contains(&("currency", None)), "no message");
        assert!(shown.contains(&("notes", None)), "not reached yet");
    }

    #[test]
    fn parameters_fill_the_words_and_an_unknown_code_still_reads() {
        let w = words();
        assert_eq!(
            field_text(&w, "notes", "err.too_long", &[("max", Arg::Num(200))]),
            "At most 200 characters."
        );
        assert_eq!(
            field_text(&w, "notes", "err.from_the_future", &[]),
            "Something is not right."
        );
    }

    #[test]
    fn failures_read_as_sentences() {
        let w = words();
        assert_eq!(failure_message(&w, 404, Some("Not found.")), "Gone.");
        assert_eq!(
            failure_message(&w, 429, Some("Too many attempts. Try again in 10 minutes.")),
            "Too many attempts. Try again in 10 minutes."
        );
        assert_eq!(failure_message(&w, 0, None), "Offline.");
        assert_eq!(failure_message(&w, 502, None), "Failed (502).");
    }
}
