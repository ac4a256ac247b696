//! `gazette new` and `gazette init`: files an editor starts from. Both refuse to overwrite
//! anything, and write either every file or none.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
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
    let title = title
        .map(str::to_string)
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
# key = "investment"           # cite it in the text as {{investment}}
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
