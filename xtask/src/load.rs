//! A small HTTP/1.1 load driver for the benchmarks that oha cannot do: every request its own body
//! and headers (a registration with a unique customer and `Idempotency-Key`). Plain threads and
//! keep-alive `TcpStream`s, so it adds no dependency; one thread per connection, each sending
//! its next request when the last one is answered (or, with a rate, on a fixed schedule).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// One answered request.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One keep-alive connection, reopened after any error or `Connection: close`.
pub struct Conn {
    addr: SocketAddr,
    stream: Option<BufReader<TcpStream>>,
    timeout: Duration,
}

impl Conn {
    pub fn new(addr: SocketAddr, timeout: Duration) -> Conn {
        Conn {
            addr,
            stream: None,
            timeout,
        }
    }

    /// Sends one request and reads its whole response. On any error the connection is dropped
    /// (the next call opens a new one); the caller decides whether to retry.
    pub fn request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> std::io::Result<Response> {
        let result = self.exchange(method, path, headers, body);
        match &result {
            Ok(r)
                if r.header("connection")
                    .is_some_and(|v| v.eq_ignore_ascii_case("close")) =>
            {
                self.stream = None
            }
            Ok(_) => {}
            Err(_) => self.stream = None,
        }
        result
    }

    fn exchange(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> std::io::Result<Response> {
        if self.stream.is_none() {
            let s = TcpStream::connect_timeout(&self.addr, Duration::from_secs(2))?;
            s.set_read_timeout(Some(self.timeout))?;
            s.set_write_timeout(Some(self.timeout))?;
            s.set_nodelay(true)?;
            self.stream = Some(BufReader::new(s));
        }
        let reader = self.stream.as_mut().expect("connected above");
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let stream = reader.get_mut();
        let mut request = head.into_bytes();
        request.extend_from_slice(body);
        stream.write_all(&request)?;
        read_response(reader)
    }
}

fn invalid(what: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned())
}

fn read_response(r: &mut BufReader<TcpStream>) -> std::io::Result<Response> {
    let mut line = String::new();
    if r.read_line(&mut line)? == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "connection closed before a response",
        ));
    }
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| invalid("bad status line"))?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Err(invalid("connection closed in the headers"));
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((n, v)) = l.split_once(':') {
            headers.push((n.trim().to_owned(), v.trim().to_owned()));
        }
    }
    let find = |name: &str| {
        headers
            .iter()
            .find(|(n, _): &&(String, String)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let mut body = Vec::new();
    if let Some(len) = find("content-length") {
        let len: usize = len.parse().map_err(|_| invalid("bad content-length"))?;
        body.resize(len, 0);
        r.read_exact(&mut body)?;
    } else if find("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        loop {
            line.clear();
            r.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|_| invalid("bad chunk size"))?;
            let mut chunk = vec![0; size + 2];
            r.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    }
    Ok(Response {
        status,
        headers,
        body,
    })
}

/// What one request of a load run sends.
pub struct Request {
    pub method: &'static str,
    pub path: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

/// The outcome of a load run.
pub struct Stats {
    /// Seconds from the first send to the last answer.
    pub elapsed: f64,
    /// Latency of every answered request, microseconds, sorted.
    pub latencies_us: Vec<u64>,
    /// Answers per status code, and requests that got no answer (connection errors).
    pub statuses: std::collections::BTreeMap<u16, u64>,
    pub errors: u64,
}

impl Stats {
    pub fn count(&self, status: u16) -> u64 {
        self.statuses.get(&status).copied().unwrap_or(0)
    }

    pub fn answered(&self) -> u64 {
        self.statuses.values().sum()
    }

    /// Answers with `status` per second.
    pub fn rate(&self, status: u16) -> f64 {
        self.count(status) as f64 / self.elapsed
    }

    /// The latency below which a fraction `p` of answers fell, in milliseconds.
    pub fn percentile_ms(&self, p: f64) -> f64 {
        if self.latencies_us.is_empty() {
            return f64::NAN;
        }
        let i = ((p * self.latencies_us.len() as f64).ceil() as usize)
            .clamp(1, self.latencies_us.len())
            - 1;
        self.latencies_us[i] as f64 / 1000.0
    }
}

/// Runs `connections` threads for `duration`, connection c against `addrs[c % addrs.len()]`
/// (several instances without a proxy in between). `make(connection, seq)` builds
/// each request; `rate` (requests per second over all connections) paces them, otherwise each
/// connection sends as fast as it is answered. Latency is from send (with a rate: from the time
/// the request was due) to the end of the body.
pub fn run<F>(
    addrs: &[SocketAddr],
    connections: usize,
    duration: Duration,
    rate: Option<f64>,
    make: F,
) -> Stats
where
    F: Fn(usize, u64) -> Request + Sync,
{
    let start = Instant::now();
    let deadline = start + duration;
    let per_thread: Vec<(Vec<u64>, Vec<u16>, u64, Instant)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..connections)
            .map(|c| {
                let make = &make;
                let addr = addrs[c % addrs.len()];
                scope.spawn(move || {
                    let mut conn = Conn::new(addr, Duration::from_secs(30));
                    let (mut lat, mut codes, mut errors) = (Vec::new(), Vec::new(), 0u64);
                    let mut last = start;
                    // With a rate, connection c sends at start + (seq·n + c) / rate.
                    let interval = rate.map(|r| Duration::from_secs_f64(connections as f64 / r));
                    let offset = rate.map(|r| Duration::from_secs_f64(c as f64 / r));
                    for seq in 0u64.. {
                        // On a schedule, latency counts from the time the request was due, not
                        // from when a late sender got to it: a slow answer delays the next
                        // send, and that wait is the server's too (no coordinated omission).
                        let mut due = None;
                        if let (Some(i), Some(o)) = (interval, offset) {
                            let at = start + o + i * u32::try_from(seq).unwrap_or(u32::MAX);
                            if at >= deadline {
                                break;
                            }
                            if let Some(wait) = at.checked_duration_since(Instant::now()) {
                                std::thread::sleep(wait);
                            }
                            due = Some(at);
                        } else if Instant::now() >= deadline {
                            break;
                        }
                        let req = make(c, seq);
                        let headers: Vec<(&str, &str)> =
                            req.headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
                        let t = due.unwrap_or_else(Instant::now);
                        match conn.request(req.method, &req.path, &headers, &req.body) {
                            Ok(r) => {
                                lat.push(t.elapsed().as_micros() as u64);
                                codes.push(r.status);
                            }
                            Err(_) => errors += 1,
                        }
                        last = Instant::now();
                    }
                    (lat, codes, errors, last)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("load thread"))
            .collect()
    });
    let mut stats = Stats {
        elapsed: 0.0,
        latencies_us: Vec::new(),
        statuses: Default::default(),
        errors: 0,
    };
    let mut end = start;
    for (lat, codes, errors, last) in per_thread {
        stats.latencies_us.extend(lat);
        for c in codes {
            *stats.statuses.entry(c).or_default() += 1;
        }
        stats.errors += errors;
        end = end.max(last);
    }
    stats.latencies_us.sort_unstable();
    stats.elapsed = (end - start).as_secs_f64();
    stats
}
