//! Live reload: a Server-Sent Events stream each open page listens to, and the script that
//! opens it, added to HTML responses only (never to the files a build writes).

use std::convert::Infallible;

use axum::body::Body;
use axum::http::{Method, Request, Response, StatusCode};
use axum::response::IntoResponse;
use axum::response::sse::{Event, KeepAlive, Sse};
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use super::State;

/// Where the live-reload stream is served; outside any path a site can have (`__` is not
/// a slug a page could get from gazette, and no theme ships such a folder).
pub(crate) const EVENTS_PATH: &str = "/__gazette/events";

#[derive(Clone, Debug)]
pub(super) enum Message {
    Reload,
    Error(String),
}

/// A stream that starts with the last build's errors, if it failed, then carries every
/// reload and error; it lives as long as the page, kept open by comments every 15 s.
pub(super) fn respond<B>(request: &Request<B>, state: &State) -> Response<Body> {
    if request.method() != Method::GET {
        return (StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed\n").into_response();
    }
    let pending = state.last_error().map(Message::Error);
    // A page that fell behind by more than the channel holds has missed a build: it reloads.
    let updates = BroadcastStream::new(state.events.subscribe()).map(|r| r.unwrap_or(Message::Reload));
    let stream = tokio_stream::iter(pending)
        .chain(updates)
        .map(|message| Ok::<_, Infallible>(event(message)));
    Sse::new(stream).keep_alive(KeepAlive::default()).into_response()
}

fn event(message: Message) -> Event {
    match message {
        Message::Reload => Event::default().event("reload").data("reload"),
        Message::Error(text) => Event::default()
            .event("build-error")
            .data(serde_json::Value::String(text).to_string()),
    }
}

/// Reloads after a rebuild and shows build errors over the page. After the stream breaks
/// (the server restarted, the laptop slept) and comes back, the page may be stale: it reloads.
const RELOAD_SCRIPT: &str = r#"<script>
(function () {
  // Added by `gazette serve` only: reloads the page after a rebuild, shows build errors.
  var source = new EventSource("/__gazette/events");
  var broken = false;
  source.addEventListener("error", function () { broken = true; });
  source.addEventListener("open", function () { if (broken) location.reload(); });
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

/// Puts the script before the last `</body>`, or at the end when there is none.
pub(super) fn inject_reload(mut html: Vec<u8>) -> Vec<u8> {
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
    fn reload_script_goes_before_the_body_ends() {
        let html = inject_reload(b"<html><body><p>x</p></BODY></html>".to_vec());
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains("new EventSource(\"/__gazette/events\")"));
        assert!(html.ends_with("</script>\n</BODY></html>"));
        let fragment = String::from_utf8(inject_reload(b"<p>no body".to_vec())).unwrap();
        assert!(fragment.starts_with("<p>no body<script>"));
    }
}
