//! A stand-in for the server inside the browser: `window.fetch` is replaced by a stub that
//! records every request (method, path and query, headers, body) and answers the ones it has an
//! answer for; any other request never answers, as a server that is slow to reply. Dropping the
//! stub puts the real `fetch` back. A mock, because a component test mounts one component, not
//! the app with its server (the Playwright suite drives the real server).

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;

/// One request the page sent.
pub struct Call {
    pub method: String,
    /// Path and query, e.g. `/api/v1/pipeline?limit=1000`.
    pub path: String,
    pub headers: web_sys::Headers,
    body: js_sys::Promise,
}

impl Call {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).ok().flatten()
    }
}

/// An answer for requests whose method is `method` and whose path (query left out) is `path`.
pub struct Answer {
    pub method: &'static str,
    pub path: &'static str,
    pub status: u16,
    pub json: String,
}

impl Answer {
    pub fn ok(method: &'static str, path: &'static str, value: &impl serde::Serialize) -> Self {
        Self {
            method,
            path,
            status: 200,
            json: serde_json::to_string(value).unwrap(),
        }
    }
}

pub struct FetchStub {
    calls: Rc<RefCell<Vec<Call>>>,
    original: JsValue,
    _stub: Closure<dyn FnMut(JsValue) -> js_sys::Promise>,
}

impl FetchStub {
    /// Installs the stub with these answers (none: every request stays unanswered).
    pub fn install(answers: Vec<Answer>) -> Self {
        let window = web_sys::window().unwrap();
        let original = js_sys::Reflect::get(&window, &"fetch".into()).unwrap();
        let calls = Rc::new(RefCell::new(Vec::new()));
        let log = calls.clone();
        let stub =
            Closure::<dyn FnMut(JsValue) -> js_sys::Promise>::new(move |request: JsValue| {
                let request: web_sys::Request = request.unchecked_into();
                let url = web_sys::Url::new(&request.url()).unwrap();
                let (method, pathname) = (request.method(), url.pathname());
                let body = request
                    .clone()
                    .ok()
                    .and_then(|copy| copy.text().ok())
                    .unwrap_or_else(|| js_sys::Promise::resolve(&JsValue::from_str("")));
                log.borrow_mut().push(Call {
                    method: method.clone(),
                    path: format!("{pathname}{}", url.search()),
                    headers: request.headers(),
                    body,
                });
                match answers
                    .iter()
                    .find(|a| a.method == method && a.path == pathname)
                {
                    Some(a) => {
                        let headers = web_sys::Headers::new().unwrap();
                        headers.set("content-type", "application/json").unwrap();
                        let init = web_sys::ResponseInit::new();
                        init.set_status(a.status);
                        init.set_headers(&headers);
                        let response =
                            web_sys::Response::new_with_opt_str_and_init(Some(&a.json), &init)
                                .unwrap();
                        js_sys::Promise::resolve(&JsValue::from(response))
                    }
                    None => js_sys::Promise::new(&mut |_, _| {}),
                }
            });
        js_sys::Reflect::set(&window, &"fetch".into(), stub.as_ref()).unwrap();
        Self {
            calls,
            original,
            _stub: stub,
        }
    }

    /// How many requests were sent.
    pub fn count(&self) -> usize {
        self.calls.borrow().len()
    }

    /// The requests sent with this method to this path (query left out).
    pub fn to(&self, method: &str, path: &str) -> Vec<usize> {
        self.calls
            .borrow()
            .iter()
            .enumerate()
            .filter(|(_, c)| c.method == method && c.path.split('?').next() == Some(path))
            .map(|(i, _)| i)
            .collect()
    }

    /// Runs `f` on the `i`-th request.
    pub fn with<R>(&self, i: usize, f: impl FnOnce(&Call) -> R) -> R {
        f(&self.calls.borrow()[i])
    }

    /// The `i`-th request's body.
    pub async fn body(&self, i: usize) -> String {
        let promise = self.calls.borrow()[i].body.clone();
        JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    }
}

impl Drop for FetchStub {
    fn drop(&mut self) {
        let window = web_sys::window().unwrap();
        js_sys::Reflect::set(&window, &"fetch".into(), &self.original).unwrap();
    }
}
