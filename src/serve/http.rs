//! The development server: files of the output folder, and nothing outside it (paths are
//! decoded, checked segment by segment and resolved through symlinks before a file is
//! read), the theme's 404 page with status 404, and a Server-Sent Events stream that tells
//! open pages to reload or shows the build's errors over them. The reload script is added
//! to HTML responses here, so it never lands in the files a build writes.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::State as Extract;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use super::Outcome;
use crate::output::safe_join;

/// Where the live-reload stream is served; outside any path a site can have (`__` is not
/// a slug a page could get from gazette, and no theme ships such a folder).
pub const EVENTS_PATH: &str = "/__gazette/events";

#[derive(Clone)]
pub struct State {
    output: PathBuf,
    events: broadcast::Sender<Message>,
    /// The errors of the last build, if it failed: shown to pages opened after it.
    last_error: Arc<Mutex<Option<String>>>,
}

#[derive(Clone, Debug)]
enum Message {
    Reload,
    Error(String),
}

impl State {
    pub fn new(output: PathBuf) -> State {
        let (events, _) = broadcast::channel(16);
        State {
            output,
            events,
            last_error: Arc::new(Mutex::new(None)),
        }
    }

    /// Tells open pages about a build: reload after a success, show the errors after a failure.
    pub fn publish(&self, outcome: &Outcome) {
        let message = match outcome {
            Ok(_) => Message::Reload,
            Err(errors) => Message::Error(errors.iter().map(|d| d.render(false)).collect::<Vec<_>>().join("\n")),
        };
        let mut last = self.last_error.lock().unwrap_or_else(|e| e.into_inner());
        *last = match &message {
            Message::Error(text) => Some(text.clone()),
            Message::Reload => None,
        };
        // No open page is not an error.
        let _ = self.events.send(message);
    }
}

pub async fn run(listener: tokio::net::TcpListener, state: State) -> std::io::Result<()> {
    let app = Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(get(file))
        .with_state(state);
    axum::serve(listener, app).await
}

async fn events(Extract(state): Extract<State>) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let pending = state.last_error.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let first = tokio_stream::iter(pending.map(Message::Error));
    let updates = BroadcastStream::new(state.events.subscribe()).filter_map(Result::ok);
    let stream = first.chain(updates).map(|message| {
        Ok(match message {
            Message::Reload => Event::default().event("reload").data("reload"),
            Message::Error(text) => Event::default()
                .event("build-error")
                .data(serde_json::Value::String(text).to_string()),
        })
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn file(Extract(state): Extract<State>, uri: Uri) -> Response {
    match resolve(&state.output, uri.path()) {
        Resolved::File(path) => respond(&path, StatusCode::OK),
        Resolved::Redirect(location) => {
            let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Resolved::NotFound => match resolve(&state.output, "/404.html") {
            Resolved::File(path) => respond(&path, StatusCode::NOT_FOUND),
            _ => (StatusCode::NOT_FOUND, "404 Not Found").into_response(),
        },
    }
}

#[derive(Debug, PartialEq)]
enum Resolved {
    File(PathBuf),
    Redirect(String),
    NotFound,
}

/// Maps a request path to a file inside `output`, or to nothing. Percent-encoding is
/// decoded first, so `%2e%2e` is treated as the `..` it is; any `..`, `.`, backslash or NUL
/// is refused; and the final file, symlinks resolved, must still lie inside the output.
fn resolve(output: &Path, raw_path: &str) -> Resolved {
    let Ok(decoded) = percent_encoding::percent_decode_str(raw_path).decode_utf8() else {
        return Resolved::NotFound;
    };
    if decoded.contains(['\\', '\0']) || decoded.split('/').any(|s| s == ".." || s == ".") {
        return Resolved::NotFound;
    }
    let relative = decoded.trim_start_matches('/');
    let mut candidate = if relative.is_empty() {
        output.to_path_buf()
    } else {
        match safe_join(output, relative.trim_end_matches('/')) {
            Some(path) => path,
            None => return Resolved::NotFound,
        }
    };
    if candidate.is_dir() {
        if !decoded.ends_with('/') {
            return Resolved::Redirect(format!("{decoded}/"));
        }
        candidate.push("index.html");
    }
    let (Ok(real), Ok(root)) = (std::fs::canonicalize(&candidate), std::fs::canonicalize(output)) else {
        return Resolved::NotFound;
    };
    if real.starts_with(&root) && real.is_file() {
        Resolved::File(real)
    } else {
        Resolved::NotFound
    }
}

fn respond(path: &Path, status: StatusCode) -> Response {
    let Ok(bytes) = std::fs::read(path) else {
        return (StatusCode::NOT_FOUND, "404 Not Found").into_response();
    };
    let content_type = content_type(path);
    let body = if content_type.starts_with("text/html") {
        inject_reload(bytes)
    } else {
        bytes
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The content type, with `charset=utf-8` for every text format gazette writes.
fn content_type(path: &Path) -> String {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let mime = if name == "atom.xml" {
        "application/atom+xml".to_string()
    } else {
        mime_guess::from_path(path)
            .first_or_octet_stream()
            .essence_str()
            .to_string()
    };
    let textual = mime.starts_with("text/")
        || matches!(
            mime.as_str(),
            "application/json"
                | "application/xml"
                | "application/atom+xml"
                | "application/javascript"
                | "image/svg+xml"
        );
    if textual {
        format!("{mime}; charset=utf-8")
    } else {
        mime
    }
}

const RELOAD_SCRIPT: &str = r#"<script>
(function () {
  // Added by `gazette serve` only: reloads the page after a rebuild, shows build errors.
  var source = new EventSource("/__gazette/events");
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("build-error", function (event) {
    var box = document.getElementById("gazette-build-error") || document.createElement("pre");
    box.id = "gazette-build-error";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:0;margin:0;z-index:2147483647;overflow:auto;padding:2rem;" +
      "background:rgba(24,24,24,.96);color:#fafafa;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap";
    box.textContent = "gazette: the last save broke the build; this is the last good page.\n\n" + JSON.parse(event.data);
    document.body.appendChild(box);
  });
})();
</script>
"#;

fn inject_reload(mut html: Vec<u8>) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    html.splice(at..at, RELOAD_SCRIPT.bytes());
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused_in_every_spelling() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        std::fs::create_dir_all(output.join("de")).unwrap();
        std::fs::write(output.join("index.html"), "home").unwrap();
        std::fs::write(output.join("de/index.html"), "de").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), output.join("link.txt")).unwrap();
        assert_eq!(
            resolve(&output, "/"),
            Resolved::File(std::fs::canonicalize(output.join("index.html")).unwrap())
        );
        assert_eq!(resolve(&output, "/de"), Resolved::Redirect("/de/".into()));
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/de/%2E%2E/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/link.txt",
            "/de/..\\..\\secret.txt",
            "//etc/passwd",
            "/%00",
        ] {
            assert_eq!(resolve(&output, bad), Resolved::NotFound, "{bad}");
        }
    }

    #[test]
    fn reload_script_goes_before_the_body_ends() {
        let html = inject_reload(b"<html><body><p>x</p></body></html>".to_vec());
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains("EventSource"));
        assert!(html.ends_with("</script>\n</body></html>"));
    }

    #[test]
    fn text_types_are_utf8() {
        assert_eq!(content_type(Path::new("a/index.html")), "text/html; charset=utf-8");
        assert_eq!(
            content_type(Path::new("de/atom.xml")),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("de/events.ics")), "text/calendar; charset=utf-8");
        assert_eq!(
            content_type(Path::new("de/search.json")),
            "application/json; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("sitemap.xml")), "text/xml; charset=utf-8");
    }
}
