//! Watch mode and the development server. `watch` keeps a `Project` in memory and rebuilds it
//! from the paths the file watcher reports; `serve` builds into a scratch folder of its own
//! (so `public/` stays exactly what the last `gazette build` made, deploy-ready) and serves
//! it over HTTP, telling open pages to reload or showing the build's errors over them.
//!
//! The watcher never goes deaf silently: when a watched folder is deleted and created again,
//! or `static/` or `templates/` appears later, its watch is set up again; when the watcher
//! reports an error (events may have been lost), the whole site is reloaded and the terminal
//! says so.

pub(crate) mod classify;
mod http;
pub(crate) mod project;
#[cfg(test)]
mod tests;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::event::ModifyKind;
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::BuildOptions;
use crate::diagnostics::{self, Diagnostic};
use classify::{Change, classify};
use project::{Project, Rebuild};

/// How long the file system must stay quiet before a rebuild: an editor's save (write a
/// temporary file, then rename it) arrives as a burst of events within a millisecond or
/// two; a `git checkout` keeps the burst going and is rebuilt once at its end.
pub(crate) const QUIET: Duration = Duration::from_millis(8);

/// The longest a burst may delay a rebuild.
const MAX_WAIT: Duration = Duration::from_millis(500);

pub(crate) type Outcome = Result<Rebuild, Vec<Diagnostic>>;

/// The folders whose changes rebuild the site, besides site.toml.
const SOURCES: [&str; 4] = ["content", "templates", "static", "themes"];

/// Builds into the output folder, then rebuilds on every change until the process ends.
/// `report` sees every outcome, the first build's included.
pub fn watch(options: BuildOptions, report: impl Fn(&Outcome)) -> Result<(), Diagnostic> {
    let output = options.output_dir();
    watch_into(options, output, report)
}

fn watch_into(options: BuildOptions, output: PathBuf, report: impl Fn(&Outcome)) -> Result<(), Diagnostic> {
    // Watching starts before the site is read: a save made while the first build runs, or
    // just after it is reported, is then rebuilt too instead of being missed.
    let root = std::path::absolute(&options.root).unwrap_or_else(|_| options.root.clone());
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx)
        .map_err(|e| Diagnostic::io_message(&root, format!("cannot watch the site for changes: {e}")))?;
    let mut watched: Vec<PathBuf> = Vec::new();
    rewatch(&mut watcher, &root, &mut watched, true);
    let mut project = Project::open(options, output);
    report(&project.build());
    let root = project.root().to_path_buf();
    let output = project.output().to_path_buf();
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        let started = Instant::now();
        while started.elapsed() < MAX_WAIT {
            match rx.recv_timeout(QUIET) {
                Ok(event) => batch.push(event),
                Err(_) => break,
            }
        }
        let mut changes: Vec<(Change, PathBuf)> = Vec::new();
        let mut lost = false;
        let mut sources_moved = false;
        for event in batch {
            let event = match event {
                Ok(event) => event,
                Err(e) => {
                    crate::print_stderr(&format!(
                        "warning: the file watcher reported a problem ({e}); reloading the whole site\n"
                    ));
                    lost = true;
                    continue;
                }
            };
            if !is_edit(&event.kind) {
                continue;
            }
            for path in event.paths {
                sources_moved |= path == root || SOURCES.iter().any(|dir| path == root.join(dir));
                let change = classify(&root, &output, &path);
                if change != Change::Ignored && !changes.iter().any(|(_, p)| *p == path) {
                    changes.push((change, path));
                }
            }
        }
        if lost {
            changes.push((Change::Config, root.join("site.toml")));
        }
        if lost || sources_moved {
            rewatch(&mut watcher, &root, &mut watched, lost);
        }
        if changes.is_empty() {
            continue;
        }
        project.apply(&changes);
        // The pages first, reported (and reloaded) at once; the search index after them.
        report(&project.build_pages());
        if let Err(errors) = project.finish_search() {
            report(&Err(errors));
        }
    }
    Err(Diagnostic::io_message(
        &root,
        "the file watcher stopped; restart gazette to watch again",
    ))
}

/// Ctrl+C, or a plain `kill` (SIGTERM, as process managers and terminals closing send): either
/// way the scratch folder is removed before the process ends.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Reading a file is an event too (inotify reports opens and closes); only writes,
/// creations, removals and renames change the site. Without this filter every rebuild's own
/// reads would trigger the next rebuild.
fn is_edit(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_)
            | EventKind::Remove(_)
            | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any)
            | EventKind::Any
    )
}

/// Watches site.toml's folder (not recursively: the output folder may be in it) and each
/// source folder recursively. Folders that were deleted and created again, or that appeared
/// since, get a fresh watch; `all` renews every watch.
fn rewatch(watcher: &mut RecommendedWatcher, root: &Path, watched: &mut Vec<PathBuf>, all: bool) {
    if all || watched.is_empty() {
        for path in watched.drain(..) {
            let _ = watcher.unwatch(&path);
        }
        if let Err(e) = watcher.watch(root, RecursiveMode::NonRecursive) {
            crate::print_stderr(&format!("warning: cannot watch {}: {e}\n", root.display()));
        }
    }
    for dir in SOURCES {
        let path = root.join(dir);
        let _ = watcher.unwatch(&path);
        watched.retain(|p| *p != path);
        if path.is_dir() {
            match watcher.watch(&path, RecursiveMode::Recursive) {
                Ok(()) => watched.push(path),
                Err(e) => crate::print_stderr(&format!("warning: cannot watch {}: {e}\n", path.display())),
            }
        }
    }
}

/// Prints an outcome for the terminal.
pub fn print_outcome(outcome: &Outcome) {
    match outcome {
        Ok(rebuild) => {
            diagnostics::print_all(&rebuild.warnings);
            crate::print_stderr(&format!(
                "Built in {} ms: {} pages rendered, {} files copied, {} removed, {} unchanged.\n",
                rebuild.elapsed.as_millis(),
                rebuild.rendered,
                rebuild.copied,
                rebuild.removed,
                rebuild.unchanged
            ));
        }
        Err(errors) => {
            diagnostics::print_all(errors);
            crate::print_stderr("The build failed; the last good site stays in place. Waiting for the next change.\n");
        }
    }
}

/// Builds into a scratch folder, serves it on `address`, watches and live-reloads.
pub fn serve(mut options: BuildOptions, address: SocketAddr) -> Result<(), Diagnostic> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Diagnostic::server(format!("cannot start the server: {e}")))?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind(address)).map_err(|e| {
        Diagnostic::server(format!("cannot listen on {address}: {e}"))
            .hint("another program may use this port; try --port with another number")
    })?;
    let bound = listener
        .local_addr()
        .map_err(|e| Diagnostic::server(format!("cannot read the bound address: {e}")))?;
    // Links in the served pages point at this server, as they will at base_url once deployed.
    // Listening on every interface, the pages name this machine's loopback address.
    let host = if bound.ip().is_unspecified() {
        SocketAddr::new(std::net::Ipv4Addr::LOCALHOST.into(), bound.port())
    } else {
        bound
    };
    options.base_url = Some(crate::route::Routes::local_base_url(host));
    let scratch = tempfile::Builder::new()
        .prefix("gazette-serve-")
        .tempdir()
        .map_err(|e| Diagnostic::io(&std::env::temp_dir(), &e))?;
    let site = scratch.path().join("site");
    let state = http::State::new(site.clone());
    let watcher_state = state.clone();
    std::thread::spawn(move || {
        let result = watch_into(options, site, |outcome| {
            print_outcome(outcome);
            match outcome {
                Ok(_) => watcher_state.reload(),
                Err(errors) => {
                    watcher_state.error(errors.iter().map(|d| d.render(false)).collect::<Vec<_>>().join("\n"))
                }
            }
        });
        if let Err(e) = result {
            diagnostics::print_all(&[e]);
        }
    });
    crate::print_stderr(&format!(
        "Serving at {}/ (Ctrl+C to stop)\n",
        crate::route::Routes::local_base_url(bound)
    ));
    let hosts = if bound.ip().is_unspecified() {
        http::AllowedHosts::local()
    } else {
        http::AllowedHosts::local_with_ips([bound.ip()])
    };
    let served = runtime.block_on(async {
        tokio::select! {
            served = http::run(listener, state, hosts, http::Limits::default()) => served,
            _ = stop_signal() => Ok(()),
        }
    });
    // Dropping the scratch folder removes the preview; the process ends right after.
    drop(scratch);
    runtime.shutdown_background();
    served.map_err(|e| Diagnostic::server(format!("the server stopped: {e}")))
}
