//! Cursor pagination of the lists that grow (issue 15, item 8): following `Link: rel="next"`
//! page by page gives exactly the whole list, in order, once; bad limits and cursors are 400s.

use crate::helpers::*;
use reqwest::{Client, StatusCode};
use serde_json::Value;

/// The next page's address from a `Link: <…>; rel="next"` header.
fn next_link(response: &reqwest::Response) -> Option<String> {
    let link = response.headers().get("link")?.to_str().ok()?;
    let (address, rel) = link.split_once(';')?;
    assert_eq!(rel.trim(), "rel=\"next\"", "{link}");
    Some(
        address
            .trim()
            .trim_start_matches('<')
            .trim_end_matches('>')
            .to_owned(),
    )
}

/// Every item of a list, page by page from `first`; `items` picks a page's rows from its body.
/// Also returns how many pages it took.
async fn all_pages(
    app: &TestApp,
    client: &Client,
    first: &str,
    items: fn(Value) -> Vec<Value>,
) -> (Vec<Value>, usize) {
    let mut url = first.to_owned();
    let mut all = Vec::new();
    for pages in 1..=200 {
        let res = client.get(app.url(&url)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{url}");
        let next = next_link(&res);
        all.extend(items(res.json().await.unwrap()));
        match next {
            Some(n) => url = n,
            None => return (all, pages),
        }
    }
    panic!("more than 200 pages from {first}");
}

fn array(v: Value) -> Vec<Value> {
    v.as_array().cloned().unwrap_or_default()
}

fn deals(v: Value) -> Vec<Value> {
    array(v["deals"].clone())
}

fn ids(items: &[Value], at: &str) -> Vec<i64> {
    items
        .iter()
        .map(|i| i.pointer(at).and_then(Value::as_i64).expect("an id"))
        .collect()
}

async fn submit_some(app: &TestApp, client: &Client, n: usize) {
    for i in 0..n {
        let res = client
            .post(app.url("/api/v1/registrations"))
            .json(&registration(&format!("paged{i}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
    }
}

#[tokio::test]
async fn following_next_links_reads_every_registration_once_in_order() {
    let app = spawn_app().await;
    let ben = client_for(&app, "ben@vertex.example").await;
    submit_some(&app, &ben, 5).await;
    let (whole, pages) = all_pages(&app, &ben, "/api/v1/registrations?limit=1000", array).await;
    assert_eq!(pages, 1);
    assert!(whole.len() >= 5, "{}", whole.len());
    let (paged, pages) = all_pages(&app, &ben, "/api/v1/registrations?limit=2", array).await;
    assert_eq!(ids(&paged, "/id"), ids(&whole, "/id"));
    assert_eq!(pages, whole.len().div_ceil(2));
    // The default page holds 100: all of these.
    let (default, pages) = all_pages(&app, &ben, "/api/v1/registrations", array).await;
    assert_eq!((default.len(), pages), (whole.len(), 1));
    // A cursor from a colleague's list shows nothing of the colleague's: still ben's rows only.
    let ava = client_for(&app, "ava@vertex.example").await;
    let res = ava
        .get(app.url("/api/v1/registrations?limit=1"))
        .send()
        .await
        .unwrap();
    let cursor = next_link(&res).expect("ava has more than one");
    let seen = array(json_body(ben.get(app.url(&cursor)).send().await.unwrap()).await);
    let bens: Vec<i64> = ids(&whole, "/id");
    assert!(ids(&seen, "/id").iter().all(|id| bens.contains(id)));
}

#[tokio::test]
async fn both_pipelines_and_the_queue_page_the_same_way() {
    let app = spawn_app().await;
    let ava = client_for(&app, "ava@vertex.example").await;
    submit_some(&app, &ava, 4).await;
    let (whole, _) = all_pages(&app, &ava, "/api/v1/pipeline", deals).await;
    let (paged, pages) = all_pages(&app, &ava, "/api/v1/pipeline?limit=3", deals).await;
    assert_eq!(ids(&paged, "/id"), ids(&whole, "/id"));
    assert!(pages > 1);

    let maya = client_for(&app, "maya@portico.example").await;
    let (whole, _) = all_pages(&app, &maya, "/api/v1/manage/pipeline", array).await;
    let (paged, _) = all_pages(&app, &maya, "/api/v1/manage/pipeline?limit=4", array).await;
    assert_eq!(ids(&paged, "/deal/id"), ids(&whole, "/deal/id"));

    // The queue keeps its view in the next link, and its competing claims on every page.
    let (whole, _) = all_pages(&app, &maya, "/api/v1/manage/registrations?view=all", array).await;
    let res = maya
        .get(app.url("/api/v1/manage/registrations?view=all&limit=3"))
        .send()
        .await
        .unwrap();
    assert!(next_link(&res).unwrap().contains("view=all"));
    let (paged, _) = all_pages(
        &app,
        &maya,
        "/api/v1/manage/registrations?view=all&limit=3",
        array,
    )
    .await;
    assert_eq!(
        paged, whole,
        "pages of three hold the same items, conflicts included"
    );
    assert!(
        whole
            .iter()
            .any(|i| !i["competing"].as_array().unwrap().is_empty()),
        "the demo queue has a conflict"
    );
}

#[tokio::test]
async fn limits_out_of_range_and_made_up_cursors_are_400s_that_say_why() {
    let app = spawn_app().await;
    let ben = client_for(&app, "ben@vertex.example").await;
    let maya = client_for(&app, "maya@portico.example").await;
    for (client, url, says) in [
        (&ben, "/api/v1/registrations?limit=0", "1 to 1000 rows"),
        (&ben, "/api/v1/registrations?limit=1001", "1 to 1000"),
        (&ben, "/api/v1/registrations?limit=many", "query string"),
        (&ben, "/api/v1/registrations?after=R-1", "first page"),
        (&ben, "/api/v1/pipeline?after=1.2.3", "first page"),
        (
            &maya,
            "/api/v1/manage/pipeline?limit=5000",
            "1 to 1000 rows",
        ),
        (&maya, "/api/v1/manage/registrations?after=x", "first page"),
    ] {
        let res = client.get(app.url(url)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{url}");
        let body = json_body(res).await;
        assert!(
            body["message"].as_str().unwrap().contains(says),
            "{url}: {body}"
        );
    }
    // An empty `after=` is the first page, as a form would send it.
    let res = ben
        .get(app.url("/api/v1/registrations?after="))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}
