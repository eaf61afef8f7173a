//! What one process lets a client hold (issue 15, item 7): the attacks as raw TCP, the way a
//! slow-loris client sends them. Each read is bounded, so a missing limit fails the test
//! instead of hanging it.

use crate::helpers::*;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Longer than any limit these tests set: a read still waiting after this means no limit.
const BOUND: Duration = Duration::from_secs(8);

/// Reads until the server closes the connection; what it sent meanwhile. Panics when it is
/// still open after [`BOUND`].
async fn read_until_closed(stream: &mut TcpStream, what: &str) -> String {
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    let closed = tokio::time::timeout(BOUND, async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(
        closed.is_ok(),
        "{what}: the connection is still open after {BOUND:?}"
    );
    String::from_utf8_lossy(&seen).into_owned()
}

/// Reads one whole response head (up to the blank line); panics after [`BOUND`].
async fn read_head(stream: &mut TcpStream) -> String {
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    tokio::time::timeout(BOUND, async {
        while !seen.ends_with(b"\r\n\r\n") {
            let n = stream.read(&mut byte).await.expect("read");
            assert!(n > 0, "closed before a response: {seen:?}");
            seen.push(byte[0]);
        }
    })
    .await
    .expect("a response in time");
    String::from_utf8_lossy(&seen).into_owned()
}

const HEALTH: &[u8] = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed() {
    let app = spawn_app_with(|c| c.connections.header_read_timeout = Duration::from_secs(1)).await;
    let mut silent = TcpStream::connect(app.addr).await.unwrap();
    read_until_closed(&mut silent, "a connection that never sent a byte").await;
}

#[tokio::test]
async fn a_request_head_sent_a_little_at_a_time_is_cut_off() {
    let app = spawn_app_with(|c| c.connections.header_read_timeout = Duration::from_secs(1)).await;
    let mut slow = TcpStream::connect(app.addr).await.unwrap();
    // The slow-loris pattern: a header line now and then, never the blank line.
    let dripping = async {
        slow.write_all(b"GET /healthz HTTP/1.1\r\n").await.unwrap();
        for i in 0..20 {
            tokio::time::sleep(Duration::from_millis(300)).await;
            if slow
                .write_all(format!("X-Drip-{i}: 1\r\n").as_bytes())
                .await
                .is_err()
            {
                return true;
            }
        }
        false
    };
    let cut_off = dripping.await;
    let answer = read_until_closed(&mut slow, "a head that never ends").await;
    assert!(
        cut_off || !answer.contains("200 OK"),
        "the dripping head was served: {answer}"
    );
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_its_response() {
    let app = spawn_app_with(|c| c.connections.header_read_timeout = Duration::from_secs(1)).await;
    let mut idle = TcpStream::connect(app.addr).await.unwrap();
    idle.write_all(HEALTH).await.unwrap();
    let head = read_head(&mut idle).await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    read_until_closed(&mut idle, "an idle keep-alive connection").await;
}

#[tokio::test]
async fn a_request_body_that_never_arrives_gets_503_with_retry_after() {
    let app = spawn_app_with(|c| c.connections.request_timeout = Duration::from_secs(1)).await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    stream
        .write_all(
            b"POST /api/v1/session HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
              Content-Length: 4000\r\n\r\n{\"email\":",
        )
        .await
        .unwrap();
    let head = read_head(&mut stream).await;
    assert!(head.starts_with("HTTP/1.1 503"), "{head}");
    assert!(
        head.to_ascii_lowercase().contains("retry-after: 2"),
        "{head}"
    );
}

#[tokio::test]
async fn connections_beyond_the_bound_wait_until_one_closes() {
    let app = spawn_app_with(|c| {
        c.connections.max_connections = 2;
        c.connections.header_read_timeout = Duration::from_secs(30);
    })
    .await;
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut s = TcpStream::connect(app.addr).await.unwrap();
        s.write_all(HEALTH).await.unwrap();
        assert!(read_head(&mut s).await.starts_with("HTTP/1.1 200"));
        held.push(s); // kept open, idle
    }
    let mut third = TcpStream::connect(app.addr).await.unwrap();
    third.write_all(HEALTH).await.unwrap();
    let mut byte = [0u8; 1];
    let early = tokio::time::timeout(Duration::from_millis(700), third.read(&mut byte)).await;
    assert!(
        early.is_err(),
        "a third connection was served while two were held: {early:?}"
    );
    held.pop();
    let head = read_head(&mut third).await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
}
