//! Benchmark corpus generator: writes a deterministic bilingual (German + Chinese) gazette site
//! of event reports, and optionally the same corpus as a Hugo site, for `scripts/bench.sh`.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --articles 10000 --out DIR
//!     [--hugo DIR2] [--photos N] [--seed N] [--jobs N]
//! ```
//!
//! N articles are 2N content files (`content/YEAR/NAME.de.md` + `.zh.md`) plus the about page,
//! in the current front matter (see `gazette.rs`): typed figures with values in full, a third
//! of the reports written in Chinese and translated into German, `[translation]` on marked
//! translations, `id`s, figure citations (`{{key}}`) in about a third of the bodies, and now
//! and then an event status. `--photos N` gives the first N articles a 4000×3000 lead photo
//! with EXIF (`photo/`). The Hugo variant carries every fact in every file (Hugo has no
//! inheritance); see `hugo.rs`.
//!
//! The words come from the text files in `data/`, the Hugo layouts from `hugo/`, both compiled
//! in. Article i depends only on the seed and i (splitmix64 per article), so the same seed gives
//! the same bytes whatever `--jobs` is; files are streamed out as they are made, so 100,000
//! articles take no more memory than ten. Only the standard library is used.

mod article;
mod body;
mod calendar;
mod data;
mod gazette;
mod hugo;
mod output;
mod photo;
mod quantity;
mod rng;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use crate::body::Lang;
use crate::data::Data;
use crate::output::Writer;

const USAGE: &str = "usage: gen_corpus --articles N --out DIR [--hugo DIR2] [--photos N] [--seed N] [--jobs N]

  --articles N  articles to write (each a German and a Chinese file)
  --out DIR     the gazette site (site.toml, content/); a previous corpus there is replaced
  --hugo DIR2   also write the same corpus as a Hugo site
  --photos N    give the first N articles a 4000x3000 JPEG lead photo (default 0)
  --seed N      the corpus (default 42): the same seed gives the same bytes
  --jobs N      threads (default: the number of cores); does not change the output";

struct Args {
    articles: usize,
    out: PathBuf,
    hugo: Option<PathBuf>,
    photos: usize,
    seed: u64,
    jobs: usize,
}

fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value
        .replace('_', "")
        .parse()
        .map_err(|_| format!("{flag}: `{value}` is not a number"))
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args {
        articles: 0,
        out: PathBuf::new(),
        hugo: None,
        photos: 0,
        seed: 42,
        jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let (mut articles, mut out) = (None, None);
    let mut it = args;
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            return Err(String::new());
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--articles" => articles = Some(number(&flag, &value)?),
            "--out" => out = Some(PathBuf::from(value)),
            "--hugo" => parsed.hugo = Some(PathBuf::from(value)),
            "--photos" => parsed.photos = number(&flag, &value)?,
            "--seed" => parsed.seed = number(&flag, &value)?,
            "--jobs" => parsed.jobs = number(&flag, &value)?,
            _ => return Err(format!("unknown flag `{flag}`")),
        }
    }
    parsed.articles = articles.ok_or("--articles is required")?;
    parsed.out = out.ok_or("--out is required")?;
    if parsed.photos > parsed.articles {
        return Err(format!(
            "--photos {} is more than --articles {}: photos go into articles' bundles",
            parsed.photos, parsed.articles
        ));
    }
    if parsed.jobs == 0 {
        return Err("--jobs must be at least 1".to_string());
    }
    Ok(parsed)
}

/// What the threads count while writing, for the closing summary.
#[derive(Default)]
struct Tally {
    drafts: AtomicUsize,
    chinese_originals: AtomicUsize,
    marked: AtomicUsize,
    citing: AtomicUsize,
    files: AtomicUsize,
}

/// Writes article `index` to the gazette site and, if asked, to the Hugo site.
fn write_article(
    data: &Data,
    args: &Args,
    hugo_minor: Option<u32>,
    index: usize,
    writer: &mut Writer,
    tally: &Tally,
) -> Result<(), String> {
    let photo = index <= args.photos;
    let a = article::generate(data, args.seed, index, photo);
    let content = args.out.join("content");
    for lang in Lang::BOTH {
        let path = content.join(format!("{}.{}.md", a.name, lang.code()));
        writer.write(&path, gazette::file(&a, data, lang).as_bytes())?;
    }
    let photo_path = content.join(&a.name).join(gazette::PHOTO_FILE);
    if photo {
        let shot = photo::Shot {
            latitude: a.location.lat.parse().unwrap_or_default(),
            longitude: a.location.lon.parse().unwrap_or_default(),
            day: a.event_start,
        };
        writer.write(&photo_path, &photo::jpeg(args.seed, index, &shot))?;
    }
    if let (Some(dir), Some(_)) = (&args.hugo, hugo_minor) {
        let path = hugo::path(&a);
        for lang in Lang::BOTH {
            let lang_dir = dir.join("content").join(lang.code());
            writer.write(&lang_dir.join(&path), hugo::file(&a, data, lang).as_bytes())?;
            if photo {
                writer.link(&photo_path, &lang_dir.join(&a.name).join(gazette::PHOTO_FILE))?;
            }
        }
    }
    let count = |counter: &AtomicUsize, yes: bool| {
        counter.fetch_add(usize::from(yes), Ordering::Relaxed);
    };
    count(&tally.drafts, a.draft);
    count(&tally.chinese_originals, a.original == Lang::Zh);
    count(&tally.marked, a.translation.marked());
    count(
        &tally.citing,
        a.body[0][0].contains("{{") || a.body[1][0].contains("{{"),
    );
    Ok(())
}

/// The fixed files: site.toml and the about page; hugo.toml, layouts and i18n for Hugo.
fn write_fixed(args: &Args, hugo_minor: Option<u32>, writer: &mut Writer) -> Result<(), String> {
    output::prepare(&args.out, "site.toml", &["site.toml", "content"])?;
    writer.write(
        &args.out.join("site.toml"),
        gazette::site_toml(args.photos > 0).as_bytes(),
    )?;
    let pages = args.out.join("content/pages");
    writer.write(&pages.join("about.de.md"), gazette::ABOUT_DE.as_bytes())?;
    writer.write(&pages.join("about.zh.md"), gazette::ABOUT_ZH.as_bytes())?;
    let (Some(dir), Some(minor)) = (&args.hugo, hugo_minor) else {
        return Ok(());
    };
    output::prepare(
        dir,
        "hugo.toml",
        &["hugo.toml", "content", "layouts", "i18n", "resources"],
    )?;
    writer.write(&dir.join("hugo.toml"), hugo::config(minor).as_bytes())?;
    for (name, text) in hugo::I18N {
        writer.write(&dir.join("i18n").join(name), text.as_bytes())?;
    }
    for (path, text) in hugo::LAYOUTS {
        writer.write(&dir.join("layouts").join(path), text.as_bytes())?;
    }
    for lang in Lang::BOTH {
        for (name, text) in hugo::fixed_pages(lang) {
            writer.write(&dir.join("content").join(lang.code()).join(name), text.as_bytes())?;
        }
    }
    Ok(())
}

fn run(args: &Args) -> Result<(), String> {
    let started = Instant::now();
    let data = Data::load()?;
    let hugo_minor = args.hugo.as_ref().map(|_| {
        hugo::minor_version().unwrap_or_else(|| {
            eprintln!("gen_corpus: hugo not found: writing hugo.toml for current Hugo versions");
            150
        })
    });
    let mut fixed = Writer::default();
    write_fixed(args, hugo_minor, &mut fixed)?;
    let tally = Tally::default();
    tally.files.store(fixed.files, Ordering::Relaxed);

    // Thread t writes articles t+1, t+1+jobs, …: photos (the first articles) spread evenly.
    let jobs = args.jobs.min(args.articles.max(1));
    let results: Vec<Result<(), String>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs)
            .map(|t| {
                let (data, tally) = (&data, &tally);
                scope.spawn(move || {
                    let mut writer = Writer::default();
                    for index in (1 + t..=args.articles).step_by(jobs) {
                        write_article(data, args, hugo_minor, index, &mut writer, tally)?;
                    }
                    tally.files.fetch_add(writer.files, Ordering::Relaxed);
                    Ok(())
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|_| Err("a writer thread panicked".to_string())))
            .collect()
    });
    results.into_iter().collect::<Result<Vec<()>, String>>()?;
    report(args, &tally, hugo_minor, started.elapsed().as_secs_f64());
    Ok(())
}

fn report(args: &Args, tally: &Tally, hugo_minor: Option<u32>, seconds: f64) {
    let n = args.articles;
    let get = |c: &AtomicUsize| c.load(Ordering::Relaxed);
    eprintln!(
        "gazette corpus: {n} articles ({} Chinese originals, {} marked translations, {} citing figures, {} drafts, {} photos) in {}",
        get(&tally.chinese_originals),
        get(&tally.marked),
        get(&tally.citing),
        get(&tally.drafts),
        args.photos,
        args.out.display()
    );
    if let (Some(dir), Some(minor)) = (&args.hugo, hugo_minor) {
        eprintln!(
            "hugo corpus: the same {n} articles in {} (config for Hugo v0.{minor})",
            dir.display()
        );
    }
    eprintln!(
        "generated {} files in {seconds:.1} s with {} thread(s), seed {}",
        get(&tally.files),
        args.jobs.min(n.max(1)),
        args.seed
    );
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("gen_corpus: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gen_corpus: {message}");
            ExitCode::from(1)
        }
    }
}
