//! Copies a fixture site to a temporary folder, runs the `gazette` binary on it and gives
//! access to the output. Adding a case is adding a fixture folder and a few lines. For
//! `gazette serve`, [`Server`] runs the binary on a free port, and [`request`] and
//! [`next_event`] talk to it over plain sockets.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use scraper::{Html, Selector};

pub(crate) struct TestSite {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

/// The outcome of one run of the binary.
pub(crate) struct Run {
    pub status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            status: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl TestSite {
    /// A copy of `tests/suite/<fixture>`.
    pub(crate) fn fixture(fixture: &str) -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/suite").join(fixture);
        copy_tree(&from, &root);
        TestSite { _dir: dir, root }
    }

    pub(crate) fn write(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.root.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    /// Runs `gazette ARGS --root SITE` in the site folder.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(args)
            .arg("--root")
            .arg(&self.root)
            .current_dir(&self.root)
            .env("NO_COLOR", "1")
            .output()
            .expect("run gazette");
        Run::from(output)
    }

    /// `gazette build`, which must succeed.
    pub(crate) fn build(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build"];
        args.extend_from_slice(extra);
        let run = self.run(&args);
        assert_eq!(run.status, Some(0), "build failed:\n{}", run.stderr);
        run
    }

    pub(crate) fn output(&self, relative: &str) -> PathBuf {
        self.root.join("public").join(relative)
    }

    pub(crate) fn exists(&self, relative: &str) -> bool {
        self.output(relative).exists()
    }

    pub(crate) fn read(&self, relative: &str) -> String {
        let path = self.output(relative);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    pub(crate) fn html(&self, relative: &str) -> Html {
        Html::parse_document(&self.read(relative))
    }
}

/// Every value of `attribute` on elements matching `selector`.
pub(crate) fn attrs(html: &Html, selector: &str, attribute: &str) -> Vec<String> {
    let selector = Selector::parse(selector).expect("valid selector");
    html.select(&selector)
        .filter_map(|e| e.value().attr(attribute).map(str::to_string))
        .collect()
}

/// The text of every element matching `selector`, whitespace collapsed.
pub(crate) fn texts(html: &Html, selector: &str) -> Vec<String> {
    let selector = Selector::parse(selector).expect("valid selector");
    html.select(&selector)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

pub(crate) fn text(html: &Html, selector: &str) -> String {
    texts(html, selector)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

/// Every file below `dir`, relative, sorted, with its bytes: for "unchanged" assertions.
pub(crate) fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walk(dir)
        .into_iter()
        .map(|p| (p.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path))
        } else {
            out.push(path)
        }
    }
    out
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// How long a test waits for something the server does (a build, an event, a closed
/// connection) before it fails: generous, so a busy machine does not fail a test; the wait
/// ends as soon as the thing happens.
pub(crate) const PATIENCE: Duration = Duration::from_secs(60);

/// `gazette serve --port 0` on a site, its standard error collected line by line. Its
/// temporary folder (`TMPDIR`, where it makes its scratch folder) is beside the site, so
/// nothing is left in the system's when the test kills it. Dropping it kills the process.
pub(crate) struct Server {
    child: Child,
    /// `127.0.0.1:PORT`, from the server's "Serving at" line.
    pub address: String,
    /// The server's `TMPDIR`.
    pub tmp: PathBuf,
    stderr: Arc<Log>,
}

#[derive(Default)]
struct Log {
    lines: Mutex<Vec<String>>,
    more: Condvar,
}

impl Server {
    /// Starts the server and returns once it announced its address and finished its first build.
    pub(crate) fn start(site: &TestSite) -> Server {
        let tmp = site.root.parent().unwrap().join("tmp");
        std::fs::create_dir_all(&tmp).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(["serve", "--port", "0", "--root"])
            .arg(&site.root)
            .env("NO_COLOR", "1")
            .env("TMPDIR", &tmp)
            .stderr(Stdio::piped())
            .spawn()
            .expect("run gazette serve");
        let stderr = Arc::new(Log::default());
        let pipe = child.stderr.take().unwrap();
        let log = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                log.lines.lock().unwrap().push(line);
                log.more.notify_all();
            }
        });
        let mut server = Server {
            child,
            address: String::new(),
            tmp,
            stderr,
        };
        let serving = server.wait_for_stderr(0, |l| l.starts_with("Serving at http://"));
        server.address = serving["Serving at http://".len()..]
            .split('/')
            .next()
            .unwrap()
            .to_string();
        server.wait_for_stderr(0, |l| l.starts_with("Built in"));
        server
    }

    /// The server's process id.
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends the server `kill`'s default signal (SIGTERM) and waits for it to exit.
    pub(crate) fn terminate(&mut self) -> std::process::ExitStatus {
        let sent = Command::new("kill")
            .arg(self.child.id().to_string())
            .status()
            .expect("run kill");
        assert!(sent.success(), "kill failed");
        self.child.wait().expect("wait for gazette serve")
    }

    /// Every line the server wrote to standard error so far.
    pub(crate) fn stderr(&self) -> Vec<String> {
        self.stderr.lines.lock().unwrap().clone()
    }

    /// Waits for a line from the `from`th on that `matches`, and returns it.
    pub(crate) fn wait_for_stderr(&self, from: usize, matches: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        let mut lines = self.stderr.lines.lock().unwrap();
        loop {
            if let Some(line) = lines.iter().skip(from).find(|l| matches(l)) {
                return line.clone();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "the server did not write the awaited line; it wrote:\n{}",
                lines.join("\n")
            );
            lines = self.stderr.more.wait_timeout(lines, left).unwrap().0;
        }
    }

    /// `GET path`, the answer as (status, content type, body).
    pub(crate) fn get(&self, path: &str) -> (u16, String, String) {
        raw_get(&self.address, path)
    }

    /// Opens the live-reload stream and returns it once the server has answered (from then
    /// on it receives every event).
    pub(crate) fn events(&self) -> BufReader<TcpStream> {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
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
        // The rest of the head, so that the stream is at its first event.
        while line != "\r\n" {
            line.clear();
            assert!(reader.read_line(&mut line).unwrap() > 0, "the stream ended in its head");
        }
        reader
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An answer read to its end.
pub(crate) struct Response {
    pub status: u16,
    /// The header lines, names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// The value of the first header named `name` (lower case).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Sends `request` as it is (it should ask for `Connection: close`) and reads the answer to
/// the end. Chunked bodies are left as they came.
pub(crate) fn request(address: &str, request: &str) -> Response {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let end = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(response.len(), |at| at + 4);
    let head = String::from_utf8_lossy(&response[..end]).into_owned();
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let headers = head
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: response[end..].to_vec(),
    }
}

/// A GET over a plain socket, so the path reaches the server exactly as written: (status,
/// content type, body).
pub(crate) fn raw_get(address: &str, path: &str) -> (u16, String, String) {
    let response = request(
        address,
        &format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"),
    );
    let content_type = response.header("content-type").unwrap_or_default().to_string();
    (
        response.status,
        content_type,
        String::from_utf8_lossy(&response.body).into_owned(),
    )
}

/// The next event of a live-reload stream: (kind, data); `None` if the stream ended or none
/// came within [`PATIENCE`] (the keep-alive comments the server sends meanwhile do not count).
pub(crate) fn next_event(events: &mut BufReader<TcpStream>) -> Option<(String, String)> {
    let deadline = Instant::now() + PATIENCE;
    let mut kind = String::new();
    let mut line = String::new();
    while Instant::now() < deadline {
        line.clear();
        if events.read_line(&mut line).unwrap_or(0) == 0 {
            return None;
        }
        let trimmed = line.trim_end();
        if let Some(name) = trimmed.strip_prefix("event:") {
            kind = name.trim().to_string();
        } else if let Some(data) = trimmed.strip_prefix("data:")
            && !kind.is_empty()
        {
            return Some((kind, data.trim().to_string()));
        }
    }
    None
}

/// Reads the event stream until an event of `kind` arrives; returns its data.
pub(crate) fn wait_for_event(events: &mut BufReader<TcpStream>, kind: &str) -> String {
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        match next_event(events) {
            Some((k, data)) if k == kind => return data,
            Some(_) => {}
            None => break,
        }
    }
    panic!("no `{kind}` event arrived within {PATIENCE:?}");
}
