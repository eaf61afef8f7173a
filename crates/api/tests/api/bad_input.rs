//! Bad input on every operation that takes a JSON body — taken from the OpenAPI document, so a
//! new endpoint is covered as soon as it is documented: oversized bodies (413), text that is not
//! JSON (400), wrong types and unknown enum values (422 naming the field), over-long text and
//! control characters where the domain rules refuse them (422 naming the field); and markup in
//! text fields, stored and answered as exactly the text that was sent.

use crate::helpers::*;
use reqwest::{Client, Method, StatusCode};
use serde_json::{Map, Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// An operation that accepts a JSON body, as documented.
struct JsonOp {
    method: Method,
    path: String,
    schema_name: String,
    /// The body's schema with `$ref`s to components left in place.
    schema: Value,
}

impl JsonOp {
    fn label(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    /// The path with `{id}` filled in.
    fn url(&self, app: &TestApp, id: i64) -> String {
        app.url(&self.path.replace("{id}", &id.to_string()))
    }
}

/// Every documented operation with a JSON request body, with its schema resolved.
async fn json_operations(app: &TestApp) -> (Vec<JsonOp>, Value) {
    let doc = json_body(app.get("/api/v1/openapi.json").await).await;
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(body) = op.get("requestBody") else {
                continue;
            };
            let schema = &body["content"]["application/json"]["schema"];
            assert!(
                schema.is_object(),
                "{method} {path}: its body is not documented as JSON"
            );
            let schema_name = schema["$ref"]
                .as_str()
                .and_then(|r| r.rsplit('/').next())
                .unwrap_or("(inline)")
                .to_owned();
            ops.push(JsonOp {
                method: Method::from_bytes(method.to_uppercase().as_bytes()).unwrap(),
                path: path.clone(),
                schema_name,
                schema: resolve(&doc, schema).clone(),
            });
        }
    }
    assert!(
        ops.len() >= 10,
        "only {} JSON operations documented",
        ops.len()
    );
    (ops, doc)
}

/// Follows a `#/components/schemas/…` reference.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => {
            let name = r.rsplit('/').next().unwrap();
            &doc["components"]["schemas"][name]
        }
        None => schema,
    }
}

/// The JSON types a schema allows (`["string", "null"]` → both).
fn types(schema: &Value) -> Vec<&str> {
    match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// A body of the right shape: each property with a value of its type.
fn typed_body(doc: &Value, op: &JsonOp) -> Map<String, Value> {
    let mut body = Map::new();
    for (name, prop) in op.schema["properties"].as_object().unwrap() {
        let prop = resolve(doc, prop);
        let value = if let Some(first) = prop["enum"].as_array().and_then(|e| e.first()) {
            first.clone()
        } else {
            match types(prop).first().copied() {
                Some("string") => json!(""),
                Some("integer") | Some("number") => json!(1),
                Some("boolean") => json!(false),
                Some("array") => json!([]),
                Some("object") => json!({}),
                _ => Value::Null,
            }
        };
        body.insert(name.clone(), value);
    }
    body
}

/// Values no property of these types accepts.
fn wrong_values(doc: &Value, prop: &Value) -> Vec<Value> {
    let prop = resolve(doc, prop);
    let allowed = types(prop);
    let mut values = Vec::new();
    if !allowed.contains(&"string") {
        values.push(json!("text"));
    }
    if !allowed.contains(&"integer") && !allowed.contains(&"number") {
        values.push(json!(42));
    }
    if !allowed.contains(&"boolean") {
        values.push(json!(true));
    }
    if !allowed.contains(&"array") {
        values.push(json!(["x"]));
    }
    if !allowed.contains(&"object") {
        values.push(json!({ "x": 1 }));
    }
    if allowed.contains(&"integer") {
        values.push(json!(1.5));
        values.push(json!(1e40));
    }
    if allowed.contains(&"array") {
        // Items of the wrong type.
        let items = resolve(doc, &prop["items"]);
        values.push(
            if types(items).contains(&"string") || items["enum"].is_array() {
                json!([{ "x": 1 }])
            } else {
                json!(["text"])
            },
        );
    }
    values
}

/// Who may send bodies to `op`: the extractors run before any role check, so this only needs a
/// session, but the text-rule checks below reach the handlers' validation.
fn client_for_op<'a>(op: &JsonOp, clients: &'a Clients) -> &'a Client {
    if op.path == "/api/v1/session" {
        &clients.anonymous
    } else if op.path.starts_with("/api/v1/manage/") {
        &clients.maya
    } else {
        &clients.ava
    }
}

struct Clients {
    anonymous: Client,
    ava: Client,
    maya: Client,
}

async fn clients(app: &TestApp) -> Clients {
    Clients {
        anonymous: cookie_client(),
        ava: client_for(app, "ava@vertex.example").await,
        maya: client_for(app, "maya@portico.example").await,
    }
}

/// An approved registration of Ava's company with no extension asked for yet (so every
/// registration operation reaches its validation), or an asset for the library's.
async fn id_for(app: &TestApp, op: &JsonOp) -> i64 {
    if op.path.contains("/library") {
        let (id,): (i64,) = sqlx::query_as("SELECT id FROM assets ORDER BY id LIMIT 1")
            .fetch_one(&app.db)
            .await
            .unwrap();
        id
    } else {
        approved_vertex_deal(app).await
    }
}

async fn approved_vertex_deal(app: &TestApp) -> i64 {
    let (id,): (i64,) = sqlx::query_as(
        "SELECT r.id FROM registrations r JOIN partners p ON p.id = r.partner_id
          WHERE p.name = 'Vertex Cloud Solutions' AND r.status = 'approved'
            AND NOT EXISTS (SELECT 1 FROM extension_requests e WHERE e.registration_id = r.id)
          ORDER BY r.id LIMIT 1",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    id
}

async fn send(client: &Client, op: &JsonOp, url: &str, body: &Value) -> (StatusCode, Value) {
    let res = client
        .request(op.method.clone(), url)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, json_body(res).await)
}

fn assert_error(what: &str, status: StatusCode, body: &Value, want: StatusCode, code: &str) {
    assert_eq!(status, want, "{what}: {body}");
    assert_eq!(body["error"], code, "{what}: {body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
}

#[tokio::test]
async fn every_json_operation_documents_the_answers_its_body_can_get() {
    let app = spawn_app().await;
    let (ops, doc) = json_operations(&app).await;
    for op in &ops {
        let method = op.method.as_str().to_lowercase();
        let responses = &doc["paths"][&op.path][&method]["responses"];
        for status in ["400", "413", "422"] {
            assert!(
                responses.get(status).is_some(),
                "{} does not document {status}",
                op.label()
            );
        }
    }
}

#[tokio::test]
async fn every_json_operation_refuses_an_oversized_body_with_a_413_error_body() {
    let app = spawn_app().await;
    let (ops, _) = json_operations(&app).await;
    let clients = clients(&app).await;
    let huge = json!({ "notes": "x".repeat(api::extract::MAX_JSON_BYTES + 1) });
    for op in &ops {
        let client = client_for_op(op, &clients);
        let (status, body) = send(client, op, &op.url(&app, 1), &huge).await;
        assert_error(
            &op.label(),
            status,
            &body,
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        );
    }
}

/// Sends `chunks` as a chunked body (no Content-Length) over a raw connection; the status and
/// the body of the answer.
async fn send_chunked(
    app: &TestApp,
    method: &Method,
    path: &str,
    cookie: &str,
    chunks: usize,
) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n",
        app.addr
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = format!("{{\"x\":\"{}\"}}", "y".repeat(16 * 1024 - 8));
    for _ in 0..chunks {
        // The server may answer and close before the whole body is sent.
        if stream
            .write_all(format!("{:x}\r\n{chunk}\r\n", chunk.len()).as_bytes())
            .await
            .is_err()
        {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response).await;
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP answer: {text:?}"));
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    (status, body)
}

#[tokio::test]
async fn a_streamed_body_without_a_length_is_cut_off_at_the_limit_too() {
    let app = spawn_app().await;
    let (ops, _) = json_operations(&app).await;
    // Each operation as a role that may call it (the role is checked before the body is read).
    let maya = session_cookie(&app.sign_in("maya@portico.example", PASSWORD).await);
    let ava = session_cookie(&app.sign_in("ava@vertex.example", PASSWORD).await);
    for op in &ops {
        let path = op.path.replace("{id}", "1");
        let cookie = if op.path.starts_with("/api/v1/manage/") {
            &maya
        } else {
            &ava
        };
        let (status, body) = send_chunked(&app, &op.method, &path, cookie, 8).await;
        assert_eq!(status, 413, "{}: {body}", op.label());
        assert!(
            body.contains("\"payload_too_large\""),
            "{}: {body}",
            op.label()
        );
    }
}

#[tokio::test]
async fn every_json_operation_answers_400_to_a_body_that_is_not_json() {
    let app = spawn_app().await;
    let (ops, _) = json_operations(&app).await;
    let clients = clients(&app).await;
    let not_json: [(&str, &[u8]); 8] = [
        ("empty", b""),
        ("cut short", b"{\"reason\": "),
        ("cut short after a wrong type", b"{\"reason\": 5, "),
        ("trailing text", b"{} and more"),
        ("trailing comma", b"{\"reason\": \"x\",}"),
        ("single quotes", b"{'reason': 'x'}"),
        ("not UTF-8", b"{\"reason\": \"\xff\xfe\"}"),
        ("a word", b"hello"),
    ];
    for op in &ops {
        let client = client_for_op(op, &clients);
        let url = op.url(&app, 1);
        for (what, body) in not_json {
            let res = client
                .request(op.method.clone(), &url)
                .header("content-type", "application/json")
                .body(body.to_vec())
                .send()
                .await
                .unwrap();
            let status = res.status();
            let what = format!("{}, {what}", op.label());
            assert_error(
                &what,
                status,
                &json_body(res).await,
                StatusCode::BAD_REQUEST,
                "bad_request",
            );
        }
        for content_type in [
            None,
            Some("text/plain"),
            Some("application/x-www-form-urlencoded"),
        ] {
            let mut req = client.request(op.method.clone(), &url).body("{}");
            if let Some(ct) = content_type {
                req = req.header("content-type", ct);
            }
            let res = req.send().await.unwrap();
            let status = res.status();
            let what = format!("{}, content type {content_type:?}", op.label());
            assert_error(
                &what,
                status,
                &json_body(res).await,
                StatusCode::BAD_REQUEST,
                "bad_request",
            );
        }
    }
}

#[tokio::test]
async fn a_wrong_type_or_an_unknown_enum_value_is_a_422_naming_the_field() {
    let app = spawn_app().await;
    let (ops, doc) = json_operations(&app).await;
    let clients = clients(&app).await;
    let mut checked = 0;
    for op in &ops {
        let client = client_for_op(op, &clients);
        let url = op.url(&app, 1);
        let base = typed_body(&doc, op);
        for (name, prop) in op.schema["properties"].as_object().unwrap() {
            let mut bad = wrong_values(&doc, prop);
            let resolved = resolve(&doc, prop);
            if resolved["enum"].is_array() {
                bad.push(json!("no_such_value"));
            }
            if resolve(&doc, &resolved["items"])["enum"].is_array() {
                bad.push(json!(["no_such_value"]));
            }
            for value in bad {
                let mut body = base.clone();
                body.insert(name.clone(), value.clone());
                let (status, answer) = send(client, op, &url, &Value::Object(body)).await;
                let what = format!("{} with {name} = {value}", op.label());
                assert_error(
                    &what,
                    status,
                    &answer,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "validation",
                );
                let fields = answer["fields"].as_object().unwrap();
                assert_eq!(
                    fields.keys().collect::<Vec<_>>(),
                    [name],
                    "{what}: {answer}"
                );
                checked += 1;
            }
        }
        // A body that is JSON but not an object.
        for shape in [json!([]), json!("text"), json!(7), Value::Null] {
            let (status, answer) = send(client, op, &url, &shape).await;
            let what = format!("{} with the body {shape}", op.label());
            assert_error(
                &what,
                status,
                &answer,
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
            );
            assert!(answer["fields"].get("body").is_some(), "{what}: {answer}");
        }
    }
    assert!(checked > 100, "only {checked} wrong values were tried");
}

// ---------------------------------------------------------------------------------------------
// Text rules

/// What the domain rules say about a text field.
#[derive(Clone, Copy, Debug)]
enum Rule {
    /// Free text of at most `max` characters; `lines`: line breaks and tabs are allowed, other
    /// control characters are not.
    Text { max: usize, lines: bool },
    /// Must parse as something (an address, a domain, a date, an amount, a code, one of a list):
    /// unknown values, over-long ones and control characters are all refused.
    Parsed,
    /// Any characters (a password), but at most `max` of them.
    Secret { max: usize },
}

/// Every text field of every JSON body, by schema and field; a field missing here fails
/// [`over_long_text_and_control_characters_are_refused_where_the_rules_say_so`] until someone
/// decides its rule. `true`: the field is a list of such texts.
const TEXT_RULES: &[(&str, &str, Rule, bool)] = {
    use Rule::*;
    &[
        ("SignInRequest", "email", Parsed, false),
        ("MarkWonRequest", "currency", Parsed, false),
        ("MarkWonRequest", "close_date", Parsed, false),
        (
            "LineDecisionRequest",
            "reason",
            Text {
                max: 1000,
                lines: true,
            },
            false,
        ),
        ("IssueStatementRequest", "period", Parsed, false),
        ("IssueStatementRequest", "currency", Parsed, false),
        (
            "MarkPaidRequest",
            "payout_reference",
            Text {
                max: 100,
                lines: false,
            },
            false,
        ),
        ("MarkPaidRequest", "paid_on", Parsed, false),
        (
            "ClawbackRequest",
            "reason",
            Text {
                max: 1000,
                lines: true,
            },
            false,
        ),
        ("ClawbackRequest", "reversed_on", Parsed, false),
        ("SignInRequest", "password", Secret { max: 1024 }, false),
        (
            "CustomerCheckRequest",
            "customer_legal_name",
            Text {
                max: 200,
                lines: false,
            },
            false,
        ),
        ("CustomerCheckRequest", "customer_domain", Parsed, false),
        ("CustomerCheckRequest", "customer_country", Parsed, false),
        ("RegistrationInput", "motion", Parsed, false),
        ("RegistrationInput", "category", Parsed, false),
        (
            "RegistrationInput",
            "customer_legal_name",
            Text {
                max: 200,
                lines: false,
            },
            false,
        ),
        ("RegistrationInput", "customer_domain", Parsed, false),
        ("RegistrationInput", "customer_country", Parsed, false),
        (
            "RegistrationInput",
            "contact_name",
            Text {
                max: 120,
                lines: false,
            },
            false,
        ),
        ("RegistrationInput", "contact_email", Parsed, false),
        (
            "RegistrationInput",
            "contact_role",
            Text {
                max: 120,
                lines: false,
            },
            false,
        ),
        (
            "RegistrationInput",
            "products",
            Text {
                max: 100,
                lines: false,
            },
            true,
        ),
        ("RegistrationInput", "estimated_value", Parsed, false),
        ("RegistrationInput", "currency", Parsed, false),
        ("RegistrationInput", "expected_close", Parsed, false),
        ("RegistrationInput", "attribution", Parsed, false),
        ("RegistrationInput", "attribution_percent", Parsed, false),
        (
            "RegistrationInput",
            "notes",
            Text {
                max: 2000,
                lines: true,
            },
            false,
        ),
        (
            "ExtensionRequest",
            "reason",
            Text {
                max: 1000,
                lines: true,
            },
            false,
        ),
        (
            "RejectRequest",
            "reason",
            Text {
                max: 1000,
                lines: true,
            },
            false,
        ),
        ("DealUpdate", "stage", Parsed, false),
        (
            "DealUpdate",
            "vendor_owner",
            Text {
                max: 120,
                lines: false,
            },
            false,
        ),
        (
            "DealUpdate",
            "next_step",
            Text {
                max: 300,
                lines: false,
            },
            false,
        ),
        (
            "DealUpdate",
            "discount_band",
            Text {
                max: 60,
                lines: false,
            },
            false,
        ),
        (
            "DealUpdate",
            "internal_notes",
            Text {
                max: 4000,
                lines: true,
            },
            false,
        ),
        (
            "DealUpdate",
            "competitor_notes",
            Text {
                max: 4000,
                lines: true,
            },
            false,
        ),
        (
            "AssetInput",
            "title",
            Text {
                max: 120,
                lines: false,
            },
            false,
        ),
        (
            "AssetInput",
            "summary",
            Text {
                max: 300,
                lines: false,
            },
            false,
        ),
        (
            "AssetInput",
            "body",
            Text {
                max: 20_000,
                lines: true,
            },
            false,
        ),
        ("AssetInput", "kind", Parsed, false),
        ("AssetInput", "motions", Parsed, true),
        ("AssetInput", "industries", Parsed, true),
        ("AssetInput", "use_cases", Parsed, true),
        ("AssetInput", "min_tier", Parsed, false),
        ("AssetInput", "link", Parsed, false),
        ("EmbedOriginsUpdate", "origins", Parsed, true),
        ("EmbedSubmission", "token", Parsed, false),
        (
            "EmbedSubmission",
            "website",
            Text {
                max: 200,
                lines: false,
            },
            false,
        ),
    ]
};

/// A body every rule accepts, per request schema.
fn valid_body(schema_name: &str) -> Value {
    match schema_name {
        "SignInRequest" => json!({ "email": "ava@vertex.example", "password": PASSWORD }),
        "CustomerCheckRequest" => json!({
            "customer_legal_name": "Northwind Traders",
            "customer_domain": "northwind.test",
            "customer_country": "US"
        }),
        "RegistrationInput" => registration("northwind"),
        "ExtensionRequest" | "RejectRequest" => {
            json!({ "reason": "The customer's board meets next month." })
        }
        "DealUpdate" => json!({
            "vendor_owner": "Maya Chen",
            "next_step": "Send the order form",
            "discount_band": "Tier A (10-15%)",
            "internal_notes": "Line one\nLine two",
            "competitor_notes": "None known."
        }),
        "AssetInput" => asset_input("Northwind onboarding play"),
        "ExtendRequest" => json!({ "days": 30 }),
        "SharedFieldsUpdate" => json!({ "fields": ["stage"] }),
        "EmbedOriginsUpdate" => json!({ "origins": ["https://shop.vertex.example"] }),
        // The form's own checks come first (the key in the path is not filled in here).
        "EmbedSubmission" => json!({
            "token": "1700000000000.68747470733a2f2f73686f702e76657274657821.00ff",
            "website": "",
            "registration": registration("northwind")
        }),
        "MarkWonRequest" => json!({
            "first_year_value_minor": 12_000_000,
            "currency": "USD",
            "close_date": "2026-11-15"
        }),
        "LineDecisionRequest" => {
            json!({ "ids": [1], "action": "decline", "reason": "Booked through another reseller." })
        }
        "IssueStatementRequest" => {
            json!({ "partner_id": 1, "period": "2026-11", "currency": "USD" })
        }
        "MarkPaidRequest" => {
            json!({ "payout_reference": "PAY-2026-11-001", "paid_on": "2026-12-05" })
        }
        "ClawbackRequest" => json!({
            "reason": "The customer cancelled in its first month.",
            "reversed_on": "2026-12-01"
        }),
        other => panic!("add a valid {other} body to bad_input::valid_body"),
    }
}

/// `Some(false)` for a text property (`null` allowed), `Some(true)` for a list of texts; `None`
/// for anything else, enums included (the wrong-type test covers them).
fn is_text(doc: &Value, prop: &Value) -> Option<bool> {
    let prop = resolve(doc, prop);
    if prop["enum"].is_array() {
        return None;
    }
    let t = types(prop);
    if t.contains(&"string") {
        Some(false)
    } else if t.contains(&"array") {
        let items = resolve(doc, &prop["items"]);
        (types(items).contains(&"string") && !items["enum"].is_array()).then_some(true)
    } else {
        None
    }
}

#[tokio::test]
async fn over_long_text_and_control_characters_are_refused_where_the_rules_say_so() {
    let app = spawn_app().await;
    let (ops, doc) = json_operations(&app).await;
    let clients = clients(&app).await;
    let mut checked = 0;
    for op in &ops {
        let client = client_for_op(op, &clients);
        let url = op.url(&app, id_for(&app, op).await);
        let base = valid_body(&op.schema_name);
        for (name, prop) in op.schema["properties"].as_object().unwrap() {
            let Some(list) = is_text(&doc, prop) else {
                continue;
            };
            let (rule, listed) = TEXT_RULES
                .iter()
                .find(|(s, f, _, _)| *s == op.schema_name && f == name)
                .map(|(_, _, r, l)| (*r, *l))
                .unwrap_or_else(|| {
                    panic!(
                        "{}.{name} has no text rule: add it to bad_input::TEXT_RULES",
                        op.schema_name
                    )
                });
            assert_eq!(list, listed, "{}.{name}: a list or not", op.schema_name);
            let valid = match &base[name] {
                Value::String(s) => s.clone(),
                Value::Array(items) => items
                    .first()
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                _ => "valid".to_owned(),
            };
            let (head, tail) = valid.split_at(valid.len() / 2);
            let mut refused = Vec::new();
            match rule {
                Rule::Text { max, lines } => {
                    refused.push(("over-long", "x".repeat(max + 1)));
                    refused.push(("a bell", format!("{head}\u{7}{tail}")));
                    refused.push(("a NUL", format!("{head}\u{0}{tail}")));
                    refused.push(("an escape", format!("{head}\u{1b}[31m{tail}")));
                    if !lines {
                        refused.push(("a line break", format!("{head}\n{tail}")));
                    }
                }
                Rule::Parsed => {
                    refused.push(("over-long", "x".repeat(5_000)));
                    refused.push(("a bell", format!("{head}\u{7}{tail}")));
                    refused.push(("a line break", format!("{head}\n{tail}")));
                    refused.push(("no such value", "no such value".into()));
                }
                Rule::Secret { max } => refused.push(("over-long", "x".repeat(max + 1))),
            }
            for (what, text) in refused {
                let mut body = base.clone();
                body[name] = if list { json!([text]) } else { json!(text) };
                if op.schema_name == "DealUpdate" && name == "stage" {
                    // A stage change needs a next step; the stage itself is what is wrong.
                    body["next_step"] = json!("Call the customer");
                }
                let (status, answer) = send(client, op, &url, &body).await;
                let what = format!("{} with {what} in {name}", op.label());
                assert_error(
                    &what,
                    status,
                    &answer,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "validation",
                );
                let fields = answer["fields"].as_object().unwrap();
                assert_eq!(
                    fields.keys().collect::<Vec<_>>(),
                    [name],
                    "{what}: {answer}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} values were tried");
}

// ---------------------------------------------------------------------------------------------
// Markup is text

const SCRIPT: &str = "<script>alert('xss')</script>";
const IMG: &str = "<img src=x onerror=\"alert(1)\">";

fn markup(label: &str) -> String {
    format!("{label} {SCRIPT} & {IMG} &amp; &lt;b&gt; \"quoted\" 'single'")
}

/// `field` in `value` is exactly `want`, and the raw answer carries it as plain JSON text (no
/// HTML escaping, no `\u003c`).
fn assert_same(what: &str, value: &Value, want: &str) {
    assert_eq!(value.as_str(), Some(want), "{what}");
}

async fn get_json(client: &Client, app: &TestApp, path: &str) -> (String, Value) {
    let res = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"),
        "{path}"
    );
    let text = res.text().await.unwrap();
    let value = serde_json::from_str(&text).unwrap();
    (text, value)
}

#[tokio::test]
async fn markup_in_a_registration_is_stored_and_answered_as_the_same_text() {
    let app = spawn_app().await;
    let ava = client_for(&app, "ava@vertex.example").await;
    let maya = client_for(&app, "maya@portico.example").await;
    let name = format!("<b>Markup</b> {SCRIPT} Inc");
    let contact = IMG.to_owned();
    let role = "\"CTO\" & <i>owner</i>".to_owned();
    let product = "<svg onload=alert(1)>".to_owned();
    let notes = format!("{}\n{}\n\tend", markup("Line one"), markup("Line two"));
    let mut form = registration("markup");
    form["customer_legal_name"] = json!(name);
    form["contact_name"] = json!(contact);
    form["contact_role"] = json!(role);
    form["products"] = json!([product]);
    form["notes"] = json!(notes);
    let res = ava
        .post(app.url("/api/v1/registrations"))
        .json(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let created = json_body(res).await;
    let id = created["id"].as_i64().unwrap();

    let check = |what: &str, r: &Value| {
        assert_same(what, &r["customer_legal_name"], &name);
        assert_same(what, &r["contact"]["name"], &contact);
        assert_same(what, &r["contact"]["role"], &role);
        assert_same(what, &r["products"][0], &product);
        assert_same(what, &r["notes"], &notes);
    };
    check("created", &created);
    let (raw, detail) = get_json(&ava, &app, &format!("/api/v1/registrations/{id}")).await;
    check("detail", &detail["registration"]);
    assert!(
        raw.contains(SCRIPT),
        "the JSON text carries the markup as is"
    );
    let (_, list) = get_json(&ava, &app, "/api/v1/registrations").await;
    let mine = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap();
    check("list", mine);
    let (_, queue) = get_json(&maya, &app, "/api/v1/manage/registrations").await;
    let queued = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["registration"]["id"] == id)
        .unwrap();
    check("queue", &queued["registration"]);

    // A rejection reason with markup reaches the partner as the same text.
    let reason = markup("Rejected:");
    let res = maya
        .post(app.url(&format!("/api/v1/manage/registrations/{id}/reject")))
        .json(&json!({ "reason": reason }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (_, detail) = get_json(&ava, &app, &format!("/api/v1/registrations/{id}")).await;
    assert_same(
        "rejection",
        &detail["registration"]["rejection_reason"],
        &reason,
    );
    let history = detail["history"].as_array().unwrap();
    assert!(
        history
            .iter()
            .any(|h| h["detail"].as_str() == Some(&reason)),
        "history: {history:?}"
    );
}

#[tokio::test]
async fn markup_in_deal_updates_extension_reasons_and_assets_is_answered_as_the_same_text() {
    let app = spawn_app().await;
    let ava = client_for(&app, "ava@vertex.example").await;
    let maya = client_for(&app, "maya@portico.example").await;
    let id = approved_vertex_deal(&app).await;

    let next_step = format!("Call {IMG}");
    let owner = "<b>Maya</b> & co".to_owned();
    let internal = markup("Internal");
    let res = maya
        .patch(app.url(&format!("/api/v1/manage/registrations/{id}")))
        .json(&json!({ "next_step": next_step, "vendor_owner": owner, "internal_notes": internal }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let deal = json_body(res).await;
    assert_same("patched next step", &deal["deal"]["next_step"], &next_step);
    assert_same("patched owner", &deal["deal"]["vendor_owner"], &owner);
    assert_same(
        "internal notes",
        &deal["internal"]["internal_notes"],
        &internal,
    );
    let (_, pipeline) = get_json(&ava, &app, "/api/v1/pipeline").await;
    let shared = pipeline["deals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap();
    assert_same("partner pipeline", &shared["next_step"], &next_step);
    assert_same("partner pipeline", &shared["vendor_owner"], &owner);

    let reason = markup("Extend:");
    let res = ava
        .post(app.url(&format!("/api/v1/registrations/{id}/extension-request")))
        .json(&json!({ "reason": reason }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let (_, queue) = get_json(&maya, &app, "/api/v1/manage/registrations?view=extension").await;
    let waiting = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["registration"]["id"] == id)
        .unwrap();
    assert_same("extension reason", &waiting["extension_reason"], &reason);

    let mut asset = asset_input("Markup <script>alert(1)</script> play");
    asset["summary"] = json!(format!("Summary with {IMG} and & signs."));
    asset["body"] = json!(format!("{}\n\n{}", markup("Para one"), markup("Para two")));
    asset["min_tier"] = json!("bronze");
    let res = maya
        .post(app.url("/api/v1/manage/library"))
        .json(&asset)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let managed = json_body(res).await;
    let asset_id = managed["asset"]["id"].as_i64().unwrap();
    let (_, page) = get_json(&ava, &app, &format!("/api/v1/library/assets/{asset_id}")).await;
    for field in ["title", "summary", "body"] {
        assert_same(field, &page["asset"][field], asset[field].as_str().unwrap());
    }
}
