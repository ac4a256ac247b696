//! `gazette serve`: serves, live-reloads, survives a broken save and refuses to leave its
//! folder. (Incremental rebuilds are tested inside the crate, in src/serve/tests.rs.)

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::harness::{Server, TestSite, wait_for_event};

const ARTICLE: &str = "content/2024/qilu-bayu.de.md";

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
