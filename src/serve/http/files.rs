//! Answers a request with a file of the served folder. Everything but HTML is streamed by
//! tower-http (chunks, `Range`, `If-Modified-Since`, HEAD), so memory does not grow with
//! file size or downloads. HTML is read whole, up to a cap, to receive the reload script.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, Response, StatusCode, header};
use tower_http::services::ServeFile;

use super::events::inject_reload;
use super::resolve::{Resolved, resolve};

/// What to answer, decided with blocking file-system calls off the async threads.
enum Plan {
    Html(StatusCode, Vec<u8>),
    Stream(PathBuf, HeaderValue),
    Redirect(String),
    NotFound,
}

pub(super) async fn respond<B: Send + 'static>(request: Request<B>, root: Arc<Path>, max_html: u64) -> Response<Body> {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut response = text(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed\n");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let path = request.uri().path().to_string();
    let query = request.uri().query().map(str::to_string);
    let plan = tokio::task::spawn_blocking(move || plan(&root, &path, query.as_deref(), max_html)).await;
    match plan {
        Ok(Plan::Html(status, html)) => html_response(status, html),
        Ok(Plan::Stream(file, content_type)) => stream(request, &file, content_type).await,
        Ok(Plan::Redirect(location)) => redirect(&location),
        Ok(Plan::NotFound) => text(StatusCode::NOT_FOUND, "404 Not Found\n"),
        Err(_) => text(StatusCode::INTERNAL_SERVER_ERROR, "500 Internal Server Error\n"),
    }
}

fn plan(root: &Path, path: &str, query: Option<&str>, max_html: u64) -> Plan {
    match resolve(root, path, query) {
        Resolved::File(file) => {
            let content_type = content_type(&file);
            if content_type.starts_with("text/html")
                && let Some(html) = read_capped(&file, max_html)
            {
                return Plan::Html(StatusCode::OK, inject_reload(html));
            }
            match HeaderValue::from_str(&content_type) {
                Ok(value) => Plan::Stream(file, value),
                Err(_) => Plan::NotFound,
            }
        }
        Resolved::Redirect(location) => Plan::Redirect(location),
        Resolved::NotFound => not_found_page(root, max_html),
    }
}

/// The theme's `404.html`, with the reload script: a page that appears after the next save
/// reloads itself into view.
fn not_found_page(root: &Path, max_html: u64) -> Plan {
    match resolve(root, "/404.html", None) {
        Resolved::File(file) => match read_capped(&file, max_html) {
            Some(html) => Plan::Html(StatusCode::NOT_FOUND, inject_reload(html)),
            None => Plan::NotFound,
        },
        _ => Plan::NotFound,
    }
}

/// The whole file if it has at most `max` bytes (checked while reading, in case it grows).
fn read_capped(file: &Path, max: u64) -> Option<Vec<u8>> {
    let file = std::fs::File::open(file).ok()?;
    if file.metadata().ok()?.len() > max {
        return None;
    }
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1)).read_to_end(&mut bytes).ok()?;
    (bytes.len() as u64 <= max).then_some(bytes)
}

fn html_response(status: StatusCode, html: Vec<u8>) -> Response<Body> {
    let mut response = Response::new(Body::from(html));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

/// Hands the request, with its `Range` and conditional headers, to tower-http's file service,
/// pointed at the already checked file; only the content type is ours.
async fn stream<B: Send + 'static>(request: Request<B>, file: &Path, content_type: HeaderValue) -> Response<Body> {
    let Ok(response) = ServeFile::new(file).try_call(request).await else {
        return text(StatusCode::INTERNAL_SERVER_ERROR, "500 Internal Server Error\n");
    };
    let mut response = response.map(Body::new);
    if response.headers().contains_key(header::CONTENT_TYPE) {
        response.headers_mut().insert(header::CONTENT_TYPE, content_type);
    }
    response
}

fn redirect(location: &str) -> Response<Body> {
    let Ok(location) = HeaderValue::from_str(location) else {
        return text(StatusCode::NOT_FOUND, "404 Not Found\n");
    };
    let mut response = text(StatusCode::MOVED_PERMANENTLY, "301 Moved Permanently\n");
    response.headers_mut().insert(header::LOCATION, location);
    response
}

fn text(status: StatusCode, text: &'static str) -> Response<Body> {
    let mut response = Response::new(Body::from(text));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
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
        || mime.ends_with("+xml")
        || mime.ends_with("+json")
        || matches!(
            mime.as_str(),
            "application/json" | "application/xml" | "application/javascript"
        );
    if textual {
        format!("{mime}; charset=utf-8")
    } else {
        mime
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_types_are_utf8() {
        for (path, expected) in [
            ("a/index.html", "text/html; charset=utf-8"),
            ("de/atom.xml", "application/atom+xml; charset=utf-8"),
            ("de/events.ics", "text/calendar; charset=utf-8"),
            ("de/search.json", "application/json; charset=utf-8"),
            ("sitemap.xml", "text/xml; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("logo.svg", "image/svg+xml; charset=utf-8"),
            ("photo.jpg", "image/jpeg"),
            ("video.mp4", "video/mp4"),
            ("no-extension", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(path)), expected, "{path}");
        }
        assert!(content_type(Path::new("app.js")).ends_with("javascript; charset=utf-8"));
    }

    #[test]
    fn html_over_the_cap_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("big.html");
        std::fs::write(&file, "x".repeat(100)).unwrap();
        assert_eq!(read_capped(&file, 100).map(|b| b.len()), Some(100));
        assert_eq!(read_capped(&file, 99), None);
    }
}
