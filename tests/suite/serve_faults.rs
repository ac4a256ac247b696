//! `gazette serve` under faults, through the real binary: folders deleted, created and
//! replaced under the watcher; the preview folder deleted under the server; `public/` left
//! alone; a 300 MB download four times at once; foreign `Host` names; idle and half-sent
//! connections; 200 open pages; and `//host` paths. (The pure logic behind these — path
//! resolution, host parsing, incremental rebuilds — is unit-tested in src/serve/; this module
//! shows that the server a user runs puts it together.)
//!
//! Nothing here sleeps for a fixed time: every wait ends with the thing awaited (a build's
//! event, a line on standard error, a closed socket), bounded by [`PATIENCE`].

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::harness::{PATIENCE, Server, TestSite, next_event, request, snapshot, wait_for_event};

const ARTICLE: &str = "content/2024/qilu-bayu.de.md";
const ARTICLE_PAGE: &str = "/de/2024/qilu-bayu/";

/// Waits for builds (each announced on `events`) until `done` holds. A failed build is waited
/// past: on a busy machine serve may read a file between its creation and its first write
/// (`std::fs::write` is not atomic, unlike an editor's save), and rebuilds on that write.
fn after_builds_until(events: &mut BufReader<TcpStream>, what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    let mut last_error = None;
    while !done() {
        assert!(
            Instant::now() < deadline,
            "{what}: not so after {PATIENCE:?}; last build error: {last_error:?}"
        );
        match next_event(events) {
            Some((kind, _)) if kind == "reload" => {}
            Some((_, error)) => last_error = Some(error),
            None => panic!(
                "{what}: no build for {PATIENCE:?}: the watcher did not see the change; last build error: \
                 {last_error:?}"
            ),
        }
    }
}

/// The folder serve writes its preview to: `site` in its scratch folder in its `TMPDIR`.
fn preview_folder(server: &Server) -> PathBuf {
    let scratch: Vec<PathBuf> = std::fs::read_dir(&server.tmp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("gazette-serve-"))
        .collect();
    assert_eq!(
        scratch.len(),
        1,
        "one scratch folder in {}: {scratch:?}",
        server.tmp.display()
    );
    scratch[0].join("site")
}

/// The fixture's article with `from` replaced by `to`.
fn edited(from: &str, to: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/suite/build/bilingual")
        .join(ARTICLE);
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from}");
    text.replace(from, to)
}

/// Without this, an editor who deletes `content/` (a `git checkout` of another branch, a
/// restore from backup) or adds `static/` or `templates/` for the first time would see saves
/// ignored until they restart the server; and a folder replaced by a file would stop the
/// preview for good.
#[test]
fn the_watcher_follows_folders_that_are_deleted_created_or_replaced() {
    let site = TestSite::fixture("build/bilingual");
    let server = Server::start(&site);
    let mut events = server.events();
    let page_has = |path: &str, text: &str| {
        let (status, _, body) = server.get(path);
        status == 200 && body.contains(text)
    };

    // content/ deleted and made again, the article written before serve has seen the folder.
    let article = edited("Über 150 Unternehmen", "Über 180 Unternehmen");
    std::fs::remove_dir_all(site.root.join("content")).unwrap();
    site.write(ARTICLE, &article);
    after_builds_until(&mut events, "content/ made again", || {
        page_has(ARTICLE_PAGE, "Über 180 Unternehmen")
    });
    // A folder made inside it later is watched too.
    site.write(
        "content/2025/neu.de.md",
        "+++\ntitle = \"Neu im neuen Ordner\"\ndate = 2025-01-02\n+++\nNeu.\n",
    );
    after_builds_until(&mut events, "an article in a new folder", || {
        page_has("/de/2025/neu/", "Neu im neuen Ordner")
    });

    // static/ and templates/ did not exist when serve started; each appears with its file at once.
    site.write("static/hallo.txt", "statisch\n");
    after_builds_until(&mut events, "a new static/", || page_has("/hallo.txt", "statisch"));
    site.write(
        "templates/partials/footer.html",
        "<footer>Fußzeile aus templates/</footer>\n",
    );
    after_builds_until(&mut events, "a new templates/", || {
        page_has("/de/", "Fußzeile aus templates/") && page_has(ARTICLE_PAGE, "Fußzeile aus templates/")
    });

    // content/ replaced by a file: its watch is gone and cannot be set again. Reading
    // src/serve/mod.rs, serve keeps going (the site has no articles then) and watches the
    // folder again when it comes back; "the file watcher stopped" is only said if the watcher
    // itself ends. (Making a folder unreadable is no fault for root, who runs this suite here.)
    std::fs::remove_dir_all(site.root.join("content")).unwrap();
    std::fs::write(site.root.join("content"), "not a folder\n").unwrap();
    after_builds_until(&mut events, "content/ replaced by a file", || {
        server.get(ARTICLE_PAGE).0 == 404
    });
    assert_eq!(server.get("/de/").0, 200, "the server still serves the site");
    std::fs::remove_file(site.root.join("content")).unwrap();
    site.write(ARTICLE, edited("Über 150 Unternehmen", "Über 190 Unternehmen"));
    after_builds_until(&mut events, "content/ a folder again", || {
        page_has(ARTICLE_PAGE, "Über 190 Unternehmen")
    });
    site.write(ARTICLE, edited("Über 150 Unternehmen", "Über 195 Unternehmen"));
    after_builds_until(&mut events, "an edit in the folder come back", || {
        page_has(ARTICLE_PAGE, "Über 195 Unternehmen")
    });
    let stderr = server.stderr();
    assert!(
        !stderr.iter().any(|l| l.contains("watcher stopped")),
        "{}",
        stderr.join("\n")
    );
}

/// Without this, the deploy-ready `public/` of the last `gazette build` would hold preview
/// pages linking to 127.0.0.1 after a session of `serve`, and whoever deployed it then would
/// publish a site whose every link is dead.
#[test]
fn serve_never_touches_public() {
    let site = TestSite::fixture("build/bilingual");
    site.build(&[]);
    let public = site.root.join("public");
    let built = snapshot(&public);
    let server = Server::start(&site);
    let mut events = server.events();
    site.write(ARTICLE, edited("Über 150 Unternehmen", "Über 160 Unternehmen"));
    after_builds_until(&mut events, "the edit", || {
        server.get(ARTICLE_PAGE).2.contains("Über 160 Unternehmen")
    });
    assert_unchanged(&public, &built);

    // A build for deploying, while the preview runs: not locked out, and not mixed up with it.
    site.build(&[]);
    assert!(
        site.read("de/2024/qilu-bayu/index.html")
            .contains("Über 160 Unternehmen")
    );
    let built = snapshot(&public);
    site.write(ARTICLE, edited("Über 150 Unternehmen", "Über 170 Unternehmen"));
    after_builds_until(&mut events, "the second edit", || {
        server.get(ARTICLE_PAGE).2.contains("Über 170 Unternehmen")
    });
    assert_unchanged(&public, &built);

    // The preview is in serve's scratch folder, with the server's address in its links.
    let preview = preview_folder(&server);
    let page = std::fs::read_to_string(preview.join("de/2024/qilu-bayu/index.html")).unwrap();
    assert!(page.contains("Über 170 Unternehmen"));
    assert!(
        page.contains(&format!("http://{}/", server.address)),
        "links point at the server"
    );
}

/// `public` holds exactly `built`, and no file in it names the local server.
fn assert_unchanged(public: &Path, built: &[(PathBuf, Vec<u8>)]) {
    let now = snapshot(public);
    let differing: Vec<String> = built
        .iter()
        .filter(|f| !now.contains(f))
        .chain(now.iter().filter(|f| !built.contains(f)))
        .map(|(p, _)| p.display().to_string())
        .collect();
    assert!(differing.is_empty(), "serve changed public/: {differing:?}");
    for (path, bytes) in &now {
        assert!(
            !bytes.windows(9).any(|w| w == b"127.0.0.1"),
            "public/{} names the preview server",
            path.display()
        );
    }
}

/// Without this, a cleaner of the temporary folder (or a stray `rm -rf`) would leave the
/// preview answering 404 to every page until the editor restarts the server.
#[test]
fn a_plain_kill_removes_the_scratch_folder() {
    let site = TestSite::fixture("build/bilingual");
    let mut server = Server::start(&site);
    let preview = preview_folder(&server);
    assert!(preview.join("de/index.html").is_file());
    server.terminate();
    let left: Vec<_> = std::fs::read_dir(&server.tmp)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|name| name.to_string_lossy().starts_with("gazette-serve-"))
        .collect();
    assert!(left.is_empty(), "left behind after SIGTERM: {left:?}");
}

#[test]
fn a_deleted_preview_comes_back_with_the_next_save() {
    let site = TestSite::fixture("build/bilingual");
    let server = Server::start(&site);
    let mut events = server.events();
    let preview = preview_folder(&server);
    assert!(preview.join("de/index.html").is_file(), "{}", preview.display());

    // The output folder itself (the lock file beside it stays).
    std::fs::remove_dir_all(&preview).unwrap();
    site.write(ARTICLE, edited("Über 150 Unternehmen", "Über 160 Unternehmen"));
    after_builds_until(&mut events, "the save after the preview was deleted", || {
        server.get(ARTICLE_PAGE).2.contains("Über 160 Unternehmen")
    });
    assert_eq!(
        server.get("/de/").0,
        200,
        "the whole site is back, not only the edited page"
    );

    // The whole scratch folder, lock file and all.
    std::fs::remove_dir_all(preview.parent().unwrap()).unwrap();
    site.write(ARTICLE, edited("Über 150 Unternehmen", "Über 170 Unternehmen"));
    after_builds_until(&mut events, "the save after the scratch folder was deleted", || {
        server.get(ARTICLE_PAGE).2.contains("Über 170 Unternehmen")
    });
    assert_eq!(server.get("/zh/").0, 200);
    // And it keeps rebuilding in place.
    site.write(ARTICLE, edited("Über 150 Unternehmen", "Über 175 Unternehmen"));
    after_builds_until(&mut events, "the next save", || {
        server.get(ARTICLE_PAGE).2.contains("Über 175 Unternehmen")
    });
}

/// A kB figure from `/proc/PID/status`, such as `VmHWM` (the peak resident memory).
fn memory_kb(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().strip_suffix("kB"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/{pid}/status"))
}

/// Without this, a video or a press kit in `static/` would make the preview hold it in
/// memory once per download, and a few open tabs would run the laptop out of memory.
#[test]
fn a_300_mb_file_is_served_in_bounded_memory_and_by_ranges() {
    const SIZE: u64 = 300 * 1024 * 1024;
    const MARK: &[u8; 100] = &[b'g'; 100];
    let site = TestSite::fixture("build/bilingual");
    {
        // Sparse: it costs no disk here (serve's copy of it may), but every byte is read.
        use std::os::unix::fs::FileExt;
        std::fs::create_dir_all(site.root.join("static")).unwrap();
        let file = std::fs::File::create(site.root.join("static/big.bin")).unwrap();
        file.set_len(SIZE).unwrap();
        file.write_all_at(MARK, 100).unwrap();
        file.write_all_at(b"end", SIZE - 3).unwrap();
    }
    let server = Server::start(&site);
    let pid = server.pid();
    let before = memory_kb(pid, "VmHWM");

    // Four downloads at once: all requests are sent before any answer is read.
    let streams: Vec<TcpStream> = (0..4)
        .map(|_| {
            let mut stream = TcpStream::connect(&server.address).unwrap();
            stream.set_read_timeout(Some(PATIENCE)).unwrap();
            write!(
                stream,
                "GET /big.bin HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                server.address
            )
            .unwrap();
            stream
        })
        .collect();
    let started = Instant::now();
    let downloads: Vec<(u64, Vec<u8>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = streams
            .into_iter()
            .map(|stream| scope.spawn(move || download(stream)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let elapsed = started.elapsed();
    for (length, tail) in &downloads {
        assert_eq!(*length, SIZE, "the whole file arrived");
        assert!(tail.ends_with(b"end"), "its last bytes arrived");
    }
    let peak = memory_kb(pid, "VmHWM");
    let now = memory_kb(pid, "VmRSS");
    eprintln!(
        "4 × 300 MB in {elapsed:.1?}: server peak RSS {} MB before, {} MB after; RSS now {} MB",
        before / 1024,
        peak / 1024,
        now / 1024
    );
    assert!(
        peak < 200 * 1024,
        "the server's peak resident memory was {} MB",
        peak / 1024
    );

    let response = request(
        &server.address,
        &format!(
            "GET /big.bin HTTP/1.1\r\nHost: {}\r\nRange: bytes=100-199\r\nConnection: close\r\n\r\n",
            server.address
        ),
    );
    assert_eq!(response.status, 206);
    assert_eq!(
        response.header("content-range"),
        Some(format!("bytes 100-199/{SIZE}").as_str())
    );
    assert_eq!(response.header("content-length"), Some("100"));
    assert_eq!(response.body, MARK, "exactly the 100 bytes asked for");
}

/// Reads one answer to its end: the length of its body and the body's last bytes.
fn download(stream: TcpStream) -> (u64, Vec<u8>) {
    let mut reader = BufReader::with_capacity(256 * 1024, stream);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.starts_with("HTTP/1.1 200"), "{line}");
    while line != "\r\n" {
        line.clear();
        reader.read_line(&mut line).unwrap();
    }
    let mut length = 0u64;
    let mut tail = Vec::new();
    let mut buffer = vec![0u8; 256 * 1024];
    loop {
        let n = reader.read(&mut buffer).unwrap();
        if n == 0 {
            break;
        }
        length += n as u64;
        tail = buffer[n.saturating_sub(3)..n].to_vec();
    }
    (length, tail)
}

/// Without this, any web page the editor visits could point its own name at 127.0.0.1 (DNS
/// rebinding) and read the unpublished preview, embargoed articles included.
#[test]
fn foreign_host_names_are_refused() {
    let site = TestSite::fixture("build/bilingual");
    let server = Server::start(&site);
    let port = server.address.rsplit(':').next().unwrap();
    let ask = |host: &str, path: &str| {
        request(
            &server.address,
            &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        )
    };
    for host in [
        "evil.example",
        &format!("evil.example:{port}"),
        "localhost.evil.example",
    ] {
        for path in ["/de/", "/__gazette/events"] {
            let response = ask(host, path);
            assert_eq!(response.status, 403, "{host} {path}");
            assert!(
                !String::from_utf8_lossy(&response.body).contains("Kooperation"),
                "{host}"
            );
        }
    }
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        let response = ask(&host, "/de/");
        assert_eq!(response.status, 200, "{host}");
        assert!(
            String::from_utf8_lossy(&response.body).contains("Kooperation Test"),
            "{host}"
        );
    }
}

/// Blocks until the server closes `stream` (end of stream or a reset), reading and dropping
/// whatever it sends first; returns when that was, or fails after [`PATIENCE`].
fn wait_for_close(mut stream: TcpStream, started: Instant) -> Duration {
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return started.elapsed(),
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::BrokenPipe
                ) =>
            {
                return started.elapsed();
            }
            Err(e) => panic!("the server did not close an idle connection within {PATIENCE:?}: {e}"),
        }
    }
}

/// Without this, a few dozen connections that never finish a request (a port scanner, a
/// crashed browser tab, a slow-loris script) would each hold a descriptor and a task for
/// ever, and the preview would stop answering once the connection limit is reached.
#[test]
fn idle_connections_are_closed_after_the_header_timeout() {
    // src/serve/http/mod.rs: `Limits::default().header_timeout`.
    const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
    let site = TestSite::fixture("build/bilingual");
    let server = Server::start(&site);

    let started = Instant::now();
    let idle: Vec<TcpStream> = (0..50)
        .map(|i| {
            let mut stream = TcpStream::connect(&server.address).unwrap();
            if i % 2 == 1 {
                stream.write_all(b"GET /de/ HT").unwrap();
            }
            stream
        })
        .collect();
    // A keep-alive connection that asked for one page and then says nothing more.
    let mut kept = TcpStream::connect(&server.address).unwrap();
    let kept_asked = Instant::now();
    write!(kept, "GET /de/ HTTP/1.1\r\nHost: {}\r\n\r\n", server.address).unwrap();
    let mut reader = BufReader::new(kept.try_clone().unwrap());
    let mut length = 0;
    let mut line = String::new();
    while line != "\r\n" {
        line.clear();
        reader.read_line(&mut line).unwrap();
        if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = value.trim().parse().unwrap();
        }
    }
    reader.read_exact(&mut vec![0; length]).unwrap();
    assert!(reader.buffer().is_empty(), "one answer only");

    // Meanwhile the preview answers as usual.
    let (status, _, body) = server.get("/de/");
    assert_eq!(status, 200);
    assert!(body.contains("Kooperation Test"));
    let answered = started.elapsed();

    let closed: Vec<Duration> = idle.into_iter().map(|s| wait_for_close(s, started)).collect();
    // Its idle time started after the answer was sent, so after `kept_asked`.
    let kept_closed = wait_for_close(kept, kept_asked);
    let (first, last) = (closed.iter().min().unwrap(), closed.iter().max().unwrap());
    eprintln!(
        "50 idle connections closed after {first:.1?} to {last:.1?}; an idle keep-alive one after \
         {kept_closed:.1?}; a request meanwhile was answered after {answered:.1?}"
    );
    // Closed by the timeout, not at once: never before it (less a little for the timer's grain).
    let least = HEADER_TIMEOUT - Duration::from_millis(500);
    assert!(*first >= least, "an idle connection was closed after only {first:?}");
    assert!(
        kept_closed >= least,
        "the keep-alive connection was closed after only {kept_closed:?}"
    );
    assert!(
        answered < *first,
        "the request meanwhile waited for the idle connections"
    );
}

/// Without this, with many tabs open (or many pages of a long session), some would miss the
/// reload after a save and show a stale page.
#[test]
fn two_hundred_open_pages_all_get_the_reload() {
    let site = TestSite::fixture("build/bilingual");
    let server = Server::start(&site);
    let mut pages: Vec<BufReader<TcpStream>> = (0..200).map(|_| server.events()).collect();
    let started = Instant::now();
    site.write(ARTICLE, edited("Über 150 Unternehmen", "Über 160 Unternehmen"));
    for page in &mut pages {
        wait_for_event(page, "reload");
    }
    eprintln!("200 pages got the reload within {:.1?} of the save", started.elapsed());
    assert!(server.get(ARTICLE_PAGE).2.contains("Über 160 Unternehmen"));
}

/// Without this, a link to `//evil.example` on the preview (or typed by someone) would
/// redirect the browser to another site, which browsers read `//host/` as.
#[test]
fn double_slash_paths_never_redirect_off_site() {
    let site = TestSite::fixture("build/bilingual");
    // A folder of the site named like a host: its redirect is the dangerous one.
    site.write("static/evil.example/index.html", "<p>a folder of the site</p>");
    let server = Server::start(&site);
    let ask = |path: &str| {
        request(
            &server.address,
            &format!(
                "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                server.address
            ),
        )
    };
    for (path, status, location) in [
        ("//evil.example/", 200, None),
        ("//evil.example", 301, Some("/evil.example/")),
        ("///evil.example", 301, Some("/evil.example/")),
        ("/%2F%2Fevil.example", 301, Some("/evil.example/")),
        ("//de", 301, Some("/de/")),
        ("//elsewhere.example/", 404, None),
        ("//elsewhere.example", 404, None),
    ] {
        let response = ask(path);
        assert_eq!(response.status, status, "{path}");
        assert_eq!(response.header("location"), location, "{path}");
    }
}
