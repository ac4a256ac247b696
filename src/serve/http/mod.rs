//! The development server: the files of the folder the last build wrote, and nothing outside
//! it; the theme's 404 page with status 404; and a Server-Sent Events stream that tells open
//! pages to reload or shows the build's errors over them. The reload script is added to HTML
//! responses here, so it never lands in the files a build writes.
//!
//! Files are streamed (with `Range`, `If-Modified-Since` and HEAD) rather than read whole, so
//! a large download costs a buffer, not its size; only HTML is read into memory, to inject the
//! script. Connections that send no request within [`Limits::header_timeout`] are closed, idle
//! keep-alive ones too, and at most [`Limits::max_connections`] are open at once: the others
//! are answered 503 and closed instead of taking descriptors. Requests naming a host that is not
//! [`AllowedHosts`] are refused, which defeats DNS rebinding.
//!
//! The served folder is swapped with [`State::set_root`]: each request resolves against the
//! folder current when it starts, so a build can write a fresh folder and switch to it at once.

mod events;
mod files;
mod hosts;
mod resolve;

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderValue, Request, Response, header};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, broadcast};

pub(super) use events::EVENTS_PATH;
pub(super) use hosts::AllowedHosts;

use events::Message;

/// What the server shares with the code that builds the site: the folder to serve and the
/// channel to the open pages. Cloning is cheap; every clone is the same server state.
#[derive(Clone)]
pub(super) struct State {
    root: Arc<RwLock<Arc<Path>>>,
    events: broadcast::Sender<Message>,
    /// The errors of the last build, if it failed: shown to pages opened after it.
    last_error: Arc<Mutex<Option<String>>>,
}

impl State {
    pub(super) fn new(root: PathBuf) -> State {
        let (events, _) = broadcast::channel(16);
        State {
            root: Arc::new(RwLock::new(Arc::from(root))),
            events,
            last_error: Arc::new(Mutex::new(None)),
        }
    }

    /// The folder new requests are served from.
    pub(super) fn root(&self) -> Arc<Path> {
        self.root.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Tells open pages that a build succeeded, and forgets the last error.
    pub(super) fn reload(&self) {
        self.publish(Message::Reload);
    }

    /// Shows a failed build's errors over every open page, and over pages opened until the
    /// next [`State::reload`].
    pub(super) fn error(&self, text: String) {
        self.publish(Message::Error(text));
    }

    fn publish(&self, message: Message) {
        let mut last = self.last_error.lock().unwrap_or_else(|e| e.into_inner());
        *last = match &message {
            Message::Error(text) => Some(text.clone()),
            Message::Reload => None,
        };
        // No open page is not an error.
        let _ = self.events.send(message);
    }

    fn last_error(&self) -> Option<String> {
        self.last_error.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Bounds on what clients can make the server hold.
#[derive(Clone, Debug)]
pub(super) struct Limits {
    /// How long a connection may take to send a request's headers, and how long a keep-alive
    /// connection may sit idle between requests. Streaming responses (the live-reload stream,
    /// a long download) are not bounded by it.
    pub header_timeout: Duration,
    /// Connections open at once; further ones are answered 503 and closed. Each
    /// open page holds one for its live-reload stream, so keep it well above the tabs a person
    /// opens; each connection may also hold a file open, so keep twice it under `ulimit -n`.
    pub max_connections: usize,
    /// HTML files up to this size are read into memory to receive the reload script; larger
    /// ones are streamed as they are.
    pub max_html_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(10),
            max_connections: 512,
            max_html_bytes: 16 * 1024 * 1024,
        }
    }
}

/// What every connection's requests need.
struct Shared {
    state: State,
    hosts: AllowedHosts,
    limits: Limits,
}

/// Serves on `listener` until the task is dropped. Accept errors (a full descriptor table,
/// a client that gave up) are waited out rather than returned: the preview must outlive them.
pub(super) async fn run(
    listener: TcpListener,
    state: State,
    allowed_hosts: AllowedHosts,
    limits: Limits,
) -> std::io::Result<()> {
    let connections = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    let shared = Arc::new(Shared {
        state,
        hosts: allowed_hosts,
        limits,
    });
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                if !is_connection_error(&e) {
                    // Most likely out of descriptors: give closing connections time to free some.
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                }
                continue;
            }
        };
        // Over the cap, a connection is turned away at once rather than queued: a flood of
        // idle connections then costs one descriptor for a moment each, and the preview is
        // back as soon as the ones it holds time out, not after the whole queue has.
        let Ok(permit) = connections.clone().try_acquire_owned() else {
            turn_away(&stream);
            continue;
        };
        // Small responses and SSE events go out at once instead of waiting for more bytes.
        let _ = stream.set_nodelay(true);
        let http = http.clone();
        let shared = shared.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| handle(request, shared.clone()));
            // A client that goes away or times out is the normal end of a connection.
            let _ = http.serve_connection(TokioIo::new(stream), service).await;
            drop(permit);
        });
    }
}

/// Answers 503 without waiting for anything. What the client already sent is read first:
/// closing a socket with unread bytes resets it, and the reset could overtake the answer.
fn turn_away(stream: &tokio::net::TcpStream) {
    let mut scratch = [0u8; 4096];
    for _ in 0..4 {
        if !matches!(stream.try_read(&mut scratch), Ok(n) if n > 0) {
            break;
        }
    }
    let _ = stream.try_write(TOO_BUSY);
}

const TOO_BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n\
    Content-Length: 55\r\nConnection: close\r\n\r\n503: too many open connections to the gazette preview.\n";

const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// Errors that concern one connection only: the next accept may well succeed at once.
fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionAborted | ConnectionReset | ConnectionRefused | Interrupted
    )
}

async fn handle(request: Request<Incoming>, shared: Arc<Shared>) -> Result<Response<Body>, Infallible> {
    let mut response = if let Some(refusal) = shared.hosts.refusal(&request) {
        refusal
    } else if request.uri().path() == EVENTS_PATH {
        events::respond(&request, &shared.state)
    } else {
        files::respond(request, shared.state.root(), shared.limits.max_html_bytes).await
    };
    // Every preview response is fresh: a cached page or asset would hide the last save.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_busy_answer_has_the_right_length() {
        let text = String::from_utf8(super::TOO_BUSY.to_vec()).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.contains(&format!("Content-Length: {}\r\n", body.len())), "{text}");
    }
}
