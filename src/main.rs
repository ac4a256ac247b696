//! The `gazette` command: parses the arguments into one validated struct (clap), calls the
//! library, prints diagnostics and maps the outcome to an exit status: 0 success, 1 the site
//! has errors, 2 wrong usage (clap's own status for bad arguments).
//!
//! Everything gazette prints goes through writes that ignore a closed pipe: `gazette build
//! 2>&1 | head` must end quietly when `head` has read enough, as ripgrep does, not panic.

use std::path::PathBuf;
use std::process::ExitCode;

/// A build allocates and frees millions of small strings and maps (template values, page
/// buffers) from two threads at once. glibc's allocator spent about a fifth of the CPU time
/// on that; with mimalloc a 10,000-article build used 14% less CPU (2.7 s against 3.15 s
/// user time) for 20% more peak memory (440 MB against 366 MB). Two settings bring most of
/// that back at no measured cost in time: mimalloc's v2 line (the crate's `v2` feature; v3
/// peaked 13 MB higher at 10,000 articles), and arenas committed as they are used
/// (`.cargo/config.toml`, 11 MB; an option set at run time would come too late, after the
/// first arena). Together: 388 MB against 457 MB.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Args, Parser, Subcommand};
use gazette::{BuildOptions, Diagnostic, print_stderr};

#[derive(Parser)]
#[command(
    name = "gazette",
    version,
    about = "A static site generator for bilingual event publications"
)]
struct Cli {
    /// The site folder, containing site.toml (default: the current folder).
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Build into a scratch folder, serve it over HTTP, rebuild on changes and reload open pages.
    Serve(ServeArgs),
    /// Validate config, content, templates, internal links and translations; write nothing.
    Check(Selection),
    /// Create content/NAME.LANG.md for every configured language (NAME like 2024/x-fair).
    New {
        /// The article's name: its path under content/ without language and .md.
        name: String,
        /// The headline (default: made from NAME).
        #[arg(long)]
        title: Option<String>,
    },
    /// Start the missing translations of an article, or record that one is up to date.
    Translate {
        /// The article's file: its original (to start translations) or, with --done, a translation.
        file: PathBuf,
        /// The languages to start (default: every configured language the article lacks).
        #[arg(long, value_name = "LANG")]
        to: Vec<String>,
        /// Record that FILE, a translation, now follows its original as the original is now.
        #[arg(long, conflicts_with = "to")]
        done: bool,
    },
    /// Create a new site with the default theme and one bilingual example article.
    Init {
        /// A new or empty folder.
        dir: PathBuf,
    },
}

/// Which articles count.
#[derive(Args, Clone, Copy)]
struct Selection {
    /// Include articles and pages marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Include articles dated in the future (embargoed by default).
    #[arg(long)]
    future: bool,
}

#[derive(Args)]
struct BuildArgs {
    /// Where to write the site (default: public/ in the site folder). The previous contents
    /// are replaced only when the whole build succeeds.
    #[arg(long, short, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Use this base URL instead of site.toml's, e.g. for a preview deployment.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    #[command(flatten)]
    selection: Selection,
    /// Replace an output folder that gazette did not create (its files are lost).
    #[arg(long)]
    force: bool,
    /// After building, rebuild on every change under content/, themes/, templates/, static/
    /// and site.toml.
    #[arg(long)]
    watch: bool,
}

#[derive(Args)]
struct ServeArgs {
    /// The port to serve on (0 picks a free one).
    #[arg(long, short, default_value_t = 1111)]
    port: u16,
    /// The address to listen on. The default serves this machine only; 0.0.0.0 shares the
    /// preview with the local network.
    #[arg(long, short, default_value = "127.0.0.1")]
    interface: std::net::IpAddr,
    #[command(flatten)]
    selection: Selection,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = gazette::site_root(cli.root.as_deref());
    match cli.command {
        Command::Build(args) => {
            let options = BuildOptions {
                root,
                output: args.output,
                base_url: args.base_url,
                drafts: args.selection.drafts,
                future: args.selection.future,
                force: args.force,
            };
            if args.watch {
                return finish(gazette::watch(options, gazette::print_outcome).map_err(|e| vec![e]));
            }
            finish(gazette::build(&options).map(|report| {
                gazette::print_diagnostics(&report.warnings);
                print_stderr(&format!(
                    "Built {} articles and {} pages: {} files, {:.1} MB, {} photo{} processed, in {} ms.\n",
                    report.articles,
                    report.pages,
                    report.files,
                    report.bytes as f64 / 1e6,
                    report.photos_processed,
                    plural(report.photos_processed),
                    report.elapsed.as_millis()
                ));
                // The process ends now: freeing what the build held would only delay that.
                std::mem::forget(report.held);
            }))
        }
        Command::Serve(args) => {
            let options = BuildOptions {
                root,
                drafts: args.selection.drafts,
                future: args.selection.future,
                ..Default::default()
            };
            let address = std::net::SocketAddr::new(args.interface, args.port);
            finish(gazette::serve(options, address).map_err(|e| vec![e]))
        }
        Command::Check(selection) => {
            let options = BuildOptions {
                root,
                drafts: selection.drafts,
                future: selection.future,
                ..Default::default()
            };
            let findings = gazette::check(&options);
            let (errors, warnings): (Vec<_>, Vec<_>) = findings.into_iter().partition(Diagnostic::is_error);
            gazette::print_diagnostics(&warnings);
            if errors.is_empty() {
                print_stderr(&format!(
                    "No errors found ({} warning{}).\n",
                    warnings.len(),
                    plural(warnings.len())
                ));
                ExitCode::SUCCESS
            } else {
                gazette::print_diagnostics(&errors);
                print_stderr(&format!("{} error{} found.\n", errors.len(), plural(errors.len())));
                ExitCode::from(1)
            }
        }
        Command::New { name, title } => finish(gazette::new_article(&root, &name, title.as_deref()).map(|files| {
            for file in files {
                print_stderr(&format!("Created {}\n", file.display()));
            }
        })),
        Command::Translate { file, done: true, .. } => finish(gazette::confirm_translation(&root, &file).map(|file| {
            print_stderr(&format!(
                "Recorded in {} that it follows its original as it is now.\n",
                file.display()
            ));
        })),
        Command::Translate { file, to, .. } => finish(gazette::translate(&root, &file, &to).map(|files| {
            for file in files {
                print_stderr(&format!("Created {} (a draft to translate)\n", file.display()));
            }
        })),
        Command::Init { dir } => finish(gazette::init(&dir).map(|()| {
            print_stderr(&format!(
                "Created a new site in {}. Build it with: gazette build --root {}\n",
                dir.display(),
                dir.display()
            ));
        })),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn finish(result: Result<(), Vec<Diagnostic>>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(errors) => {
            gazette::print_diagnostics(&errors);
            let count = errors.iter().filter(|d| d.is_error()).count();
            print_stderr(&format!("{count} error{} found.\n", plural(count)));
            ExitCode::from(1)
        }
    }
}
