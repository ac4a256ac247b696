//! `gazette new` and `gazette init`: files an editor starts from. Both refuse to overwrite
//! anything, and write either every file or none.

use std::path::{Path, PathBuf};

use std::sync::Arc;

use crate::config::{Config, Lang};
use crate::content::model::Article;
use crate::diagnostics::Diagnostic;
use crate::site::Site;
use crate::slug;

/// Creates `content/NAME.LANG.md` for every configured language. A NAME without a folder
/// goes into the current year's folder (`2026/NAME`), where the example site keeps articles.
pub fn new_article(root: &Path, name: &str, title: Option<&str>) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let config = crate::config::load(root)?;
    let now = jiff::Timestamp::now().to_zoned_datetime(config.timezone.clone());
    let name = name.trim_matches('/').trim_end_matches(".md");
    let name = if name.contains('/') {
        name.to_string()
    } else {
        [now.year().to_string().as_str(), name].join("/")
    };
    if !name.split('/').all(slug::is_valid) {
        return Err(vec![
            Diagnostic::error(&name, "the article name must be ASCII path segments").hint(format!(
                "use letters, digits and hyphens, e.g. {}",
                slug::slugify(&name.replace('/', " "), "en").replacen('-', "/", 1)
            )),
        ]);
    }
    // One line, as the build reads it anyway: a title with a newline became a TOML multi-line
    // string, which broke the commented `# name = …` line that repeats it, and a line `+++`
    // inside it closed the front matter early.
    let title = title
        .map(crate::schema::one_line)
        .unwrap_or_else(|| humanise(name.rsplit('/').next().unwrap_or(&name)));
    let files: Vec<(PathBuf, String)> = config
        .languages
        .iter()
        .map(|l| {
            let relative = Path::new("content").join([name.as_str(), l.lang.as_str(), "md"].join("."));
            let text = if l.lang == config.default_language {
                original(&title, &now)
            } else {
                translation(&title, &name, &config)
            };
            (relative, text)
        })
        .collect();
    let existing: Vec<Diagnostic> = files
        .iter()
        .filter(|(relative, _)| root.join(relative).exists())
        .map(|(relative, _)| {
            Diagnostic::error(relative, "this file already exists; nothing was written").hint("choose another NAME")
        })
        .collect();
    if !existing.is_empty() {
        return Err(existing);
    }
    let mut written = Vec::new();
    for (relative, text) in files {
        write_new(&root.join(&relative), text.as_bytes()).map_err(|e| vec![e])?;
        written.push(relative);
    }
    Ok(written)
}

fn original(title: &str, now: &jiff::ZonedDateTime) -> String {
    format!(
        r#"+++
title = {title}
date = {date}
# A lasting identity for feeds and calendars; keep it when you rename or redate the file.
id = "{id}"
draft = true
# summary = "…"      (default: the first paragraph)
tags = []

# Remove the # to use a table; docs/content.md explains every field.
# [event]
# name = {title}
# start = {day}

# [location]
# name = "Chongqing"
# country = "CN"
# coordinates = [29.563, 106.551]

# [source]
# name = "…"
# url = "https://…"

# [[figures]]
# label = "Investitionsvolumen"
# value = 121_000_000_000      # the real magnitude, in full
# currency = "CNY"             # or unit = "percent", "tonne", "hectare" …; approx = "over"
# key = "investment"           # cite it in the text as {{{{investment}}}}
+++

"#,
        title = toml_string(title),
        date = now.strftime("%Y-%m-%dT%H:%M:%S%:z"),
        day = now.date(),
        id = crate::stable::uuid(&format!(
            "{title}{}{}",
            now.timestamp().as_nanosecond(),
            std::process::id()
        )),
    )
}

fn translation(title: &str, name: &str, config: &Config) -> String {
    format!(
        r#"+++
title = {title}
draft = true
# The date, event days, location slug, country and coordinates, the source URL and the
# figures' values (by key) are inherited from {name}.{original}.md: write only the words.
+++

"#,
        title = toml_string(title),
        original = config.default_language,
    )
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// `qingdao-job-fair` → `Qingdao job fair`.
fn humanise(name: &str) -> String {
    let spaced = name.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, &e))?;
    }
    let mut file = std::fs::File::options()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Diagnostic::io(path, &e))?;
    std::io::Write::write_all(&mut file, bytes).map_err(|e| Diagnostic::io(path, &e))
}

const SITE_TOML: &str = r#"# gazette site configuration; README.md and docs/configuration.md explain every key.
title = "Ost-West-Kooperation"
description = "Berichte über Kooperationsveranstaltungen"
base_url = "https://events.example.org"
default_language = "de"
timezone = "Asia/Shanghai"
paginate_by = 10

[languages.de]
title = "Ost-West-Kooperation"

[languages.zh]
title = "东西部协作"
"#;

const EXAMPLE_DE: &str = r#"+++
title = "Über 150 Unternehmen aus Shandong zu Gesprächen in Chongqing"
date = 2024-10-31T11:08:24+08:00
summary = "Bei den zweiten Qilu-Bayu-Investitionsgesprächen wurden 25 Projekte unterzeichnet."
tags = ["Investitionen", "Automobil"]

[event]
name = "Zweite Qilu-Bayu-Investitionsgespräche"
start = 2024-10-22

[location]
name = "Chongqing"
slug = "chongqing"
country = "CN"
coordinates = [29.563, 106.551]

[source]
name = "dzwww.com"
url = "https://www.dzwww.com/"

[[figures]]
label = "teilnehmende Unternehmen"
value = 150
approx = "over"
key = "companies"

[[figures]]
label = "unterzeichnete Projekte"
value = 25
key = "projects_signed"

[[figures]]
label = "Investitionsvolumen"
value = 121_000_000_000
currency = "CNY"
key = "investment"
+++
Am 22. Oktober kamen Vertreter von {{companies}} Unternehmen aus Shandong nach Chongqing und
unterzeichneten {{projects_signed}} Projekte mit einem Volumen von {{investment}}.
Dies ist ein Beispielartikel: ersetzen Sie ihn durch Ihren ersten Bericht.
"#;

const EXAMPLE_ZH: &str = r#"+++
title = "150余家鲁企赴重庆洽谈合作"
tags = ["投资", "汽车"]

[event]
name = "第二届“齐鲁名企巴渝行”投资洽谈活动"

[location]
name = "重庆"

[source]
name = "大众网"

[[figures]]
label = "参会企业"
counter = "家"
key = "companies"

[[figures]]
label = "签约项目"
counter = "个"
key = "projects_signed"

[[figures]]
label = "投资总额"
key = "investment"
+++
10月22日，{{companies}}山东企业负责人齐聚重庆，签约项目{{projects_signed}}，总投资{{investment}}。这是一篇示例文章：日期、活动日期和数字均继承自德文原文。
"#;

/// Creates a new site in `dir`: site.toml, the default theme (as files, to change), and one
/// bilingual example article. Refuses a folder that is not empty.
pub fn init(dir: &Path) -> Result<(), Vec<Diagnostic>> {
    if let Ok(mut entries) = std::fs::read_dir(dir)
        && entries.next().is_some()
    {
        return Err(vec![
            Diagnostic::error(dir, "the folder is not empty; nothing was written")
                .hint("give the name of a new or empty folder"),
        ]);
    }
    let mut files: Vec<(PathBuf, &[u8])> = vec![
        (PathBuf::from("site.toml"), SITE_TOML.as_bytes()),
        (
            PathBuf::from("content/2024/shandong-chongqing-talks.de.md"),
            EXAMPLE_DE.as_bytes(),
        ),
        (
            PathBuf::from("content/2024/shandong-chongqing-talks.zh.md"),
            EXAMPLE_ZH.as_bytes(),
        ),
    ];
    for (path, bytes) in crate::render::theme::default_theme_files() {
        files.push((Path::new("themes/default").join(path), bytes));
    }
    for (relative, bytes) in files {
        write_new(&dir.join(relative), bytes).map_err(|e| vec![e])?;
    }
    Ok(())
}

/// `gazette translate FILE --to LANG`: starts the missing translations of FILE's article, as
/// drafts holding the original's words to translate and the state of the original they
/// follow. Writes nothing if any of the files exists.
pub fn translate(root: &Path, file: &Path, to: &[String]) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let (original, versions, site) = find_article(root, file)?;
    let config = &site.config;
    let wanted: Vec<Lang> = if to.is_empty() {
        config.langs().filter(|l| !versions.contains(l)).collect()
    } else {
        to.iter()
            .map(|code| {
                config.lang(code).ok_or_else(|| {
                    let codes: Vec<String> = config.langs().map(|l| l.to_string()).collect();
                    vec![
                        Diagnostic::flag("--to", format!("`{code}` is not a configured language"))
                            .hint(format!("configured languages: {}", codes.join(", "))),
                    ]
                })
            })
            .collect::<Result<_, _>>()?
    };
    let state = crate::check::State::of(&original).encode();
    let mut files = Vec::new();
    for lang in wanted {
        if lang == original.lang {
            continue;
        }
        let relative = Path::new("content").join([&*original.name, lang.as_str(), "md"].join("."));
        files.push((relative, translation_stub(&original, &state)));
    }
    write_all_new(root, files)
}

/// `gazette translate --done FILE`: records in the translation FILE that it follows its
/// original as the original is now.
pub fn confirm_translation(root: &Path, file: &Path) -> Result<PathBuf, Vec<Diagnostic>> {
    let (article, _, site) = find_article(root, file)?;
    let crate::content::model::Role::Translation { from } = article.role else {
        return Err(vec![
            Diagnostic::error(
                &article.file.display,
                "this file is the article's original, not a translation",
            )
            .hint("`--done` is for a translation, after it has been brought up to date with its original"),
        ]);
    };
    let Some(original) = site.versions_of(&article).map(|(_, a)| a).find(|a| a.lang == from) else {
        return Err(vec![Diagnostic::error(
            &article.file.display,
            format!("the {from} original of this article is missing"),
        )]);
    };
    let state = crate::check::State::of(original).encode();
    let text = set_state(&article.file.text, from, &state);
    let path = root.join(&article.file.display);
    std::fs::write(&path, text).map_err(|e| vec![Diagnostic::io(&article.file.display, &e)])?;
    Ok(article.file.display.clone())
}

/// The article a content file belongs to, the languages it has, and the loaded site (with
/// drafts and embargoed articles: a translation is often made before publication).
fn find_article(root: &Path, file: &Path) -> Result<(Arc<Article>, Vec<Lang>, Site), Vec<Diagnostic>> {
    let options = crate::BuildOptions {
        root: root.to_path_buf(),
        drafts: true,
        future: true,
        ..Default::default()
    };
    let (plan, _) = crate::load_plan(&options, crate::content::FrontMatter::Keep)?;
    let site = plan.site;
    let wanted = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let found = site.articles.iter().find(|a| {
        let path = root.join(&a.file.display);
        std::path::absolute(&path).unwrap_or(path) == wanted || a.file.display == file
    });
    let Some(article) = found.cloned() else {
        return Err(vec![
            Diagnostic::error(file, "no article of the site is in this file")
                .hint("give the path of an article's Markdown file, e.g. content/2024/shandong-talks.zh.md"),
        ]);
    };
    let versions = site.versions_of(&article).map(|(_, a)| a.lang).collect();
    Ok((article, versions, site))
}

/// A new translation of `original`: the words to translate, the facts left to the original.
fn translation_stub(original: &Article, state: &str) -> String {
    let q = |text: &str| toml_string(text);
    let mut s =
        String::from("+++\n# Translate the words below; the facts (date, event days, place, figures' values) come\n");
    s.push_str(&format!(
        "# from the original, {}. Remove `draft` when the translation is done.\n",
        original.file.display.display()
    ));
    s.push_str(&format!("title = {}\ndraft = true\n", q(&original.title)));
    if let Some(summary) = original.front.as_deref().and_then(|f| f.summary.as_ref()) {
        s.push_str(&format!("summary = {}\n", q(&summary.value)));
    }
    let tags: Vec<String> = original.tags.iter().map(|t| q(t)).collect();
    s.push_str(&format!("tags = [{}]\n", tags.join(", ")));
    if let Some(event) = &original.event {
        s.push_str(&format!("\n[event]\nname = {}\n", q(&event.name)));
    }
    // Place and outlet names are left to the site, which knows their name in each language
    // from site.toml's [terms] or from other articles; write them here to change them.
    if let Some(location) = &original.location {
        s.push_str(&format!("\n# [location]\n# name = {}\n", q(&location.name)));
    }
    if let Some(source) = &original.source {
        s.push_str(&format!("\n# [source]\n# name = {}\n", q(&source.name)));
    }
    if let Some(image) = &original.image {
        s.push_str(&format!("\n[image]\nalt = {}\n", q(&image.alt)));
        if let Some(caption) = &image.caption {
            s.push_str(&format!("caption = {}\n", q(caption)));
        }
    }
    for figure in original.figures.iter().filter(|f| f.key.is_some()) {
        let key = figure.key.as_deref().unwrap_or_default();
        s.push_str(&format!(
            "\n[[figures]]\nlabel = {}\nkey = {}\n",
            q(&figure.label),
            q(key)
        ));
    }
    s.push_str(&format!(
        "\n[translation]\nfrom = \"{}\"\nstate = {}\n+++\n",
        original.lang,
        q(state)
    ));
    let text = &original.file.text;
    if let Ok(parts) = crate::content::split::split(text) {
        s.push_str(&text[parts.body]);
    }
    s
}

/// The file's text with `state` recorded in its `[translation]` table (made if missing).
fn set_state(text: &str, from: Lang, state: &str) -> String {
    let Ok(parts) = crate::content::split::split(text) else {
        return text.to_string();
    };
    let front = &text[parts.front_matter.clone()];
    let line = ["state = ", &toml_string(state)].concat();
    let mut lines: Vec<String> = front.lines().map(str::to_string).collect();
    let header = lines.iter().position(|l| l.trim() == "[translation]");
    match header {
        Some(at) => {
            let end = lines[at + 1..]
                .iter()
                .position(|l| l.trim_start().starts_with('['))
                .map_or(lines.len(), |i| at + 1 + i);
            match lines[at + 1..end]
                .iter()
                .position(|l| l.trim_start().starts_with("state"))
            {
                Some(i) => lines[at + 1 + i] = line,
                None => lines.insert(end, line),
            }
        }
        None => {
            lines.push(String::new());
            lines.push("[translation]".to_string());
            lines.push(["from = \"", from.as_str(), "\""].concat());
            lines.push(line);
        }
    }
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str(&text[..parts.front_matter.start]);
    for l in lines {
        out.push_str(&l);
        out.push('\n');
    }
    out.push_str(&text[parts.front_matter.end..]);
    out
}

/// Writes every file or none: refuses if any exists.
fn write_all_new(root: &Path, files: Vec<(PathBuf, String)>) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let existing: Vec<Diagnostic> = files
        .iter()
        .filter(|(relative, _)| root.join(relative).exists())
        .map(|(relative, _)| {
            Diagnostic::error(relative, "this file already exists; nothing was written")
                .hint("remove it, or leave out its language with --to")
        })
        .collect();
    if !existing.is_empty() {
        return Err(existing);
    }
    let mut written = Vec::new();
    for (relative, text) in files {
        write_new(&root.join(&relative), text.as_bytes()).map_err(|e| vec![e])?;
        written.push(relative);
    }
    Ok(written)
}
