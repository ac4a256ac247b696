//! Watch mode and the development server. `watch` keeps a `Project` in memory and rebuilds
//! it on every debounced change; `serve` adds an HTTP server (axum) that serves the output
//! folder and tells open pages to reload, or shows the build's errors over the page.

pub mod classify;
mod http;
pub mod project;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::BuildOptions;
use crate::diagnostics::{self, Diagnostic};
use classify::{Change, classify};
use project::{Project, Rebuild};

/// How long to wait for a burst of file events (an editor's write-temp-then-rename save,
/// a `git checkout`) to end before rebuilding once.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

pub type Outcome = Result<Rebuild, Vec<Diagnostic>>;

/// Builds, then rebuilds on every change until the process ends. `report` sees every
/// outcome, the first build's included.
pub fn watch(options: BuildOptions, report: impl Fn(&Outcome)) -> Result<(), Diagnostic> {
    let mut project = Project::open(options);
    report(&project.build());
    let root = project.root().to_path_buf();
    let output = std::path::absolute(project.output()).unwrap_or_else(|_| project.output().to_path_buf());
    let root_abs = std::path::absolute(&root).unwrap_or_else(|_| root.clone());
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, None, tx)
        .map_err(|e| Diagnostic::error(&root, format!("cannot watch the site for changes: {e}")))?;
    let mut watched: Vec<PathBuf> = Vec::new();
    ensure_watches(&mut debouncer, &root_abs, &mut watched)?;
    for result in rx {
        let events = match result {
            Ok(events) => events,
            Err(errors) => {
                for e in errors {
                    eprintln!("warning: file watcher: {e}");
                }
                continue;
            }
        };
        let mut changes: Vec<(Change, PathBuf)> = Vec::new();
        // Reading a file is an event too (inotify reports opens and closes); only writes,
        // creations, removals and renames change the site. Without this filter every
        // rebuild's own reads would trigger the next rebuild.
        let edits = events.iter().filter(|e| {
            matches!(
                e.event.kind,
                EventKind::Create(_)
                    | EventKind::Remove(_)
                    | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any)
                    | EventKind::Any
            )
        });
        for event in edits {
            for path in &event.paths {
                let change = classify(&root_abs, &output, path);
                if change != Change::Ignored && !changes.iter().any(|(_, p)| p == path) {
                    changes.push((change, path.clone()));
                }
            }
        }
        if changes.is_empty() {
            continue;
        }
        ensure_watches(&mut debouncer, &root_abs, &mut watched)?;
        project.apply(&changes);
        report(&project.build());
    }
    Ok(())
}

/// Watches site.toml's folder (not recursively: the output folder is in it) and each
/// source folder recursively, adding folders that appeared since the last call.
fn ensure_watches(
    debouncer: &mut notify_debouncer_full::Debouncer<
        notify::RecommendedWatcher,
        notify_debouncer_full::RecommendedCache,
    >,
    root: &Path,
    watched: &mut Vec<PathBuf>,
) -> Result<(), Diagnostic> {
    let mut wanted = vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
    for dir in ["content", "templates", "static", "themes"] {
        let path = root.join(dir);
        if path.is_dir() {
            wanted.push((path, RecursiveMode::Recursive));
        }
    }
    for (path, mode) in wanted {
        if !watched.contains(&path) {
            debouncer
                .watch(&path, mode)
                .map_err(|e| Diagnostic::error(&path, format!("cannot watch this folder: {e}")))?;
            watched.push(path);
        }
    }
    Ok(())
}

/// Prints an outcome for the terminal.
pub fn print_outcome(outcome: &Outcome) {
    match outcome {
        Ok(rebuild) => {
            diagnostics::print_all(&rebuild.warnings);
            eprintln!(
                "Built in {} ms: {} pages rendered, {} files copied, {} removed, {} unchanged.",
                rebuild.elapsed.as_millis(),
                rebuild.rendered,
                rebuild.copied,
                rebuild.removed,
                rebuild.unchanged
            );
        }
        Err(errors) => {
            diagnostics::print_all(errors);
            eprintln!("The build failed; the last good site stays in place. Waiting for the next change.");
        }
    }
}

/// Builds, serves the output folder on `address`, watches and live-reloads.
pub fn serve(mut options: BuildOptions, address: SocketAddr) -> Result<(), Diagnostic> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Diagnostic::error("serve", format!("cannot start the server: {e}")))?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind(address)).map_err(|e| {
        Diagnostic::error("serve", format!("cannot listen on {address}: {e}"))
            .hint("another program may use this port; try --port with another number")
    })?;
    let bound = listener
        .local_addr()
        .map_err(|e| Diagnostic::error("serve", format!("cannot read the bound address: {e}")))?;
    // Links in the served pages point at this server, as they will at base_url once deployed.
    // Listening on every interface, the pages name this machine's loopback address.
    let host = if bound.ip().is_unspecified() {
        std::net::SocketAddr::new(std::net::Ipv4Addr::LOCALHOST.into(), bound.port())
    } else {
        bound
    };
    options.base_url = Some(format!("http://{host}"));
    let output = options.output_dir();
    let state = http::State::new(output);
    let watcher_state = state.clone();
    std::thread::spawn(move || {
        let result = watch(options, |outcome| {
            print_outcome(outcome);
            watcher_state.publish(outcome);
        });
        if let Err(e) = result {
            diagnostics::print_all(&[e]);
        }
    });
    eprintln!("Serving at http://{bound}/ (Ctrl+C to stop)");
    runtime
        .block_on(http::run(listener, state))
        .map_err(|e| Diagnostic::error("serve", format!("the server stopped: {e}")))
}
