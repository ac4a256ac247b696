//! The loader's contract with untrusted input: whatever bytes or front matter arrive, it
//! returns a result (content or diagnostics) and never panics. proptest generates the
//! input; the default 256 cases per property keep this within a second.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::content::discover::{Kind, SourceFile};
use proptest::prelude::*;

fn config() -> crate::config::Config {
    let text: Arc<str> = Arc::from(
        "title = \"t\"\nbase_url = \"https://t.org\"\ndefault_language = \"de\"\ntimezone = \"Asia/Shanghai\"\n[languages.de]\n[languages.zh]\n",
    );
    crate::config::parse(&text, Path::new("site.toml")).unwrap()
}

fn source(kind: Kind) -> SourceFile {
    SourceFile {
        path: PathBuf::from("content/x.de.md"),
        display: PathBuf::from("content/x.de.md"),
        name: "x".into(),
        lang: crate::config::Lang::new("de").unwrap(),
        kind,
    }
}

/// Front matter built from the real field names with values of every TOML type, so the
/// generator reaches the typed checks and not just the TOML parser.
fn front_matter() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "title",
        "date",
        "summary",
        "slug",
        "tags",
        "draft",
        "updated",
        "location",
        "source",
        "extra",
        "locaton",
        "id",
        "image",
        "translation",
    ]);
    let value = prop_oneof![
        "\"[^\"\\\\\\n]{0,20}\"".prop_map(|s| s),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| format!("{f:?}")),
        Just("2024-10-22".to_string()),
        Just("2024-02-30".to_string()),
        Just("2024-10-31T11:08:24+08:00".to_string()),
        Just("[1, \"a\"]".to_string()),
        Just("true".to_string()),
    ];
    let line = (key, value).prop_map(|(k, v)| format!("{k} = {v}\n"));
    let table = prop::sample::select(vec![
        "[event]\nstart = 2024-10-22\nend = 2024-10-21\n",
        "[location]\nname = \"重庆\"\ncoordinates = [95.0, 200.0]\n",
        "[location]\ncoordinates = [1.0]\n",
        "[source]\nurl = \"ftp://x\"\n",
        "[[figures]]\nlabel = \"a\"\nvalue = \"1\"\n",
        "[[figures]]\nlabel = \"a\"\nvalue = 1e308\nkey = \"k\"\n",
        "[event]\nstart = 2024-10-22T10:00:00\n",
        "[translation]\nfrom = \"xx\"\n",
        "[image]\nfile = \"a.jpg\"\n",
        "[[figures]]\nlabel = \"a\"\nvalue = 9007199254740993\ncurrency = \"CNX\"\n",
        "",
    ]);
    (prop::collection::vec(line, 0..8), table)
        .prop_map(|(lines, table)| format!("+++\n{}{table}+++\nBody\n", lines.concat()))
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let config = config();
        let _ = crate::content::parse_bytes(source(Kind::Article), &bytes, &config, true);
        let _ = crate::content::parse_bytes(source(Kind::Page), &bytes, &config, false);
    }

    #[test]
    fn arbitrary_front_matter_never_panics(text in front_matter()) {
        let config = config();
        let _ = crate::content::parse_bytes(source(Kind::Article), text.as_bytes(), &config, true);
    }

    #[test]
    fn arbitrary_markdown_never_panics(body in "\\PC{0,400}") {
        let config = config();
        let text = format!("+++\ntitle = \"t\"\ndate = 2024-01-01\n+++\n{body}");
        let _ = crate::content::parse_bytes(source(Kind::Article), text.as_bytes(), &config, true);
    }

    #[test]
    fn arbitrary_config_never_panics(text in "\\PC{0,300}") {
        let _ = crate::config::parse(&Arc::from(text), Path::new("site.toml"));
    }
}
