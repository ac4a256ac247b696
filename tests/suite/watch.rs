//! `gazette serve`: serves, live-reloads, survives a broken save and refuses to leave its
//! folder. (Incremental rebuilds are tested inside the crate, in src/serve/tests.rs.)

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::TestSite;

const ARTICLE: &str = "content/2024/qilu-bayu.de.md";

/// `gazette serve` on a free port, with its output read line by line.
struct Server {
    child: Child,
    address: String,
    _stderr: std::thread::JoinHandle<()>,
}

impl Server {
    fn start(site: &TestSite) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(["serve", "--port", "0", "--root"])
            .arg(&site.root)
            .env("NO_COLOR", "1")
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut address = None;
        let mut built = false;
        while Instant::now() < deadline && !(address.is_some() && built) {
            if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
                if let Some(rest) = line.strip_prefix("Serving at http://") {
                    address = rest.split('/').next().map(str::to_string);
                }
                built |= line.starts_with("Built in");
            }
        }
        let address = address.expect("the server announced its address");
        assert!(built, "the first build finished");
        Server {
            child,
            address,
            _stderr: reader,
        }
    }

    fn get(&self, path: &str) -> (u16, String, String) {
        raw_get(&self.address, path)
    }

    /// Opens the live-reload stream and returns it once the server has answered.
    fn events(&self) -> BufReader<TcpStream> {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
        write!(
            stream,
            "GET /__gazette/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.contains("200"), "{line}");
        reader
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A GET over a plain socket, so the path reaches the server exactly as written.
fn raw_get(address: &str, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let content_type = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-type: ")
                .map(str::to_string)
        })
        .unwrap_or_default();
    (status, content_type, body.to_string())
}

/// Reads the event stream until an event of `kind` arrives; returns its data line.
fn wait_for_event(events: &mut BufReader<TcpStream>, kind: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut current = String::new();
    let mut line = String::new();
    while Instant::now() < deadline {
        line.clear();
        if events.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        let trimmed = line.trim_end();
        if let Some(name) = trimmed
            .strip_prefix("event: ")
            .or_else(|| trimmed.strip_prefix("event:"))
        {
            current = name.trim().to_string();
        } else if let Some(data) = trimmed.strip_prefix("data:")
            && current == kind
        {
            return data.trim().to_string();
        }
    }
    panic!("no `{kind}` event arrived");
}

#[test]
fn serve_serves_reloads_and_recovers() {
    let site = TestSite::fixture("build/bilingual");
    let server = Server::start(&site);

    let (status, content_type, body) = server.get("/de/2024/qilu-bayu/");
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/html; charset=utf-8");
    assert!(
        body.contains("new EventSource(\"/__gazette/events\")"),
        "reload script injected"
    );
    assert!(
        body.contains(&format!("http://{}/de/2024/qilu-bayu/", server.address)),
        "links point at the server"
    );
    // serve builds into a scratch folder of its own: public/ stays what `build` made.
    assert!(!site.root.join("public").exists(), "serve wrote into public/");
    assert_eq!(server.get("/de/atom.xml").1, "application/atom+xml; charset=utf-8");
    assert_eq!(server.get("/de/events.ics").1, "text/calendar; charset=utf-8");
    assert_eq!(server.get("/de/search/index.json").1, "application/json; charset=utf-8");
    assert_eq!(server.get("/de").0, 301);
    let (status, _, body) = server.get("/de/gibt-es-nicht/");
    assert_eq!(status, 404);
    assert!(body.contains("Seite nicht gefunden"), "the theme's 404 page");

    // An edit reaches the article and the language home, announced by a reload event.
    let mut events = server.events();
    let started = Instant::now();
    let original = std::fs::read_to_string(site.root.join(ARTICLE)).unwrap();
    site.write(
        ARTICLE,
        original.replace("Über 150 Unternehmen", "Über 160 Unternehmen"),
    );
    wait_for_event(&mut events, "reload");
    let elapsed = started.elapsed();
    assert!(server.get("/de/2024/qilu-bayu/").2.contains("Über 160 Unternehmen"));
    assert!(server.get("/de/").2.contains("Über 160 Unternehmen"));
    assert!(elapsed < Duration::from_secs(3), "the edit took {elapsed:?} to arrive");

    // A broken save: the error is sent to the page, the last good page is still served.
    site.write(ARTICLE, original.replace("[location]", "[location"));
    let error = wait_for_event(&mut events, "build-error");
    assert!(error.contains("content/2024/qilu-bayu.de.md"), "{error}");
    assert!(server.get("/de/2024/qilu-bayu/").2.contains("Über 160 Unternehmen"));
    // The next good save recovers without a restart.
    site.write(
        ARTICLE,
        original.replace("Über 150 Unternehmen", "Über 170 Unternehmen"),
    );
    wait_for_event(&mut events, "reload");
    assert!(server.get("/de/2024/qilu-bayu/").2.contains("Über 170 Unternehmen"));

    // A deleted article disappears from every page that listed it.
    std::fs::remove_file(site.root.join("content/2023/jinan-fair.de.md")).unwrap();
    wait_for_event(&mut events, "reload");
    assert_eq!(server.get("/de/2023/jinan-fair/").0, 404);
    assert!(!server.get("/de/").2.contains("Messe in Jinan"));
    assert!(!server.get("/de/atom.xml").2.contains("Messe in Jinan"));
}

#[test]
fn serve_gives_nothing_from_outside_the_output_folder() {
    let site = TestSite::fixture("build/bilingual");
    let server = Server::start(&site);
    let outside: PathBuf = site.root.join("site.toml");
    assert!(outside.exists());
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/de/%2E%2E/%2e%2e/site.toml",
        "/..%2fsite.toml",
        "/..%5csite.toml",
        &format!("/{}", Path::new(&outside).display()),
    ] {
        let (status, _, body) = server.get(path);
        assert!(!body.contains("base_url"), "{path} leaked site.toml");
        assert_eq!(status, 404, "{path}");
    }
}
