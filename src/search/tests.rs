//! The search index end to end: articles in, files out, read back as the browser reads them.

#[path = "tests/corpus.rs"]
mod corpus;
#[path = "tests/reader.rs"]
mod reader;

use super::index::MAX_CHUNK;
use super::{Analysed, Contents, Document, FRAGMENT_BODY_LIMIT, File, Written, analyse, build, fragment, query};
use reader::{PAGE, Reader};

/// A hand-written article; fields not given are empty.
#[derive(Default, Clone)]
struct Article {
    url: String,
    title: String,
    event: String,
    tags: Vec<String>,
    summary: String,
    body: String,
}

fn article(url: &str, title: &str, body: &str) -> Article {
    Article {
        url: url.into(),
        title: title.into(),
        body: body.into(),
        ..Article::default()
    }
}

fn doc(a: &Article) -> Document<'_> {
    Document {
        url: &a.url,
        title: &a.title,
        date: "1. Mai 2024",
        summary: &a.summary,
        event: &a.event,
        location: "",
        source: "",
        tags: &a.tags,
        body: &a.body,
    }
}

fn corpus_doc(a: &corpus::Article) -> Document<'_> {
    Document {
        url: &a.url,
        title: &a.title,
        date: &a.date,
        summary: &a.summary,
        event: &a.event,
        location: &a.location,
        source: &a.source,
        tags: &a.tags,
        body: &a.body,
    }
}

/// Builds an index of `articles` (newest first) and returns a reader for it.
fn index(lang: &str, articles: &[Article]) -> Reader {
    let docs: Vec<Document> = articles.iter().map(doc).collect();
    let analysed: Vec<Analysed> = docs.iter().map(analyse).collect();
    let refs: Vec<&Analysed> = analysed.iter().collect();
    Reader::new(&build(lang, &refs), &docs)
}

/// A file's bytes: an index file's own, or the fragment of its document.
fn bytes(file: &File, docs: &[Document]) -> Vec<u8> {
    match &file.contents {
        Contents::Index(bytes) => bytes.clone(),
        Contents::Fragment(i) => fragment(&docs[*i]),
    }
}

/// URLs of the hits for `q`, best first.
fn urls(r: &Reader, q: &str) -> Vec<String> {
    r.search(q)
        .iter()
        .map(|&(id, _)| r.fragment(id)["u"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn german_folds_umlauts_sharp_s_and_case() {
    let r = index(
        "de",
        &[
            article("/a", "Messe", "Der Außenhandel wuchs um zwölf Prozent."),
            article("/b", "Gespräch", "Herr Müller aus Köln sprach über Straßenbau."),
            article("/c", "Andere", "Nichts davon."),
        ],
    );
    for q in [
        "aussenhandel",
        "Außenhandel",
        "AUSSENHANDEL",
        "außenhandel",
        "Aussenhandel",
        "außenh",
    ] {
        assert_eq!(urls(&r, q), ["/a"], "{q}");
    }
    for q in [
        "Müller",
        "mueller",
        "muller",
        "MÜLLER",
        "koeln",
        "köln",
        "koln",
        "strassenbau",
        "Straßenbau",
    ] {
        assert_eq!(urls(&r, q), ["/b"], "{q}");
    }
    assert_eq!(urls(&r, "zwoelf prozent"), ["/a"]);
    assert!(urls(&r, "Außenhandel Köln").is_empty(), "all words must match");
}

#[test]
fn numbers_are_found_in_either_form() {
    let r = index(
        "de",
        &[
            article("/de-dot", "", "Mehr als 1.500 Besucher kamen."),
            article("/zh-comma", "", "观众超过1,500人次。"),
            article("/plain", "", "Rund 1500 Aussteller."),
            article("/decimal", "", "Das Wachstum lag bei 12,5 Prozent."),
            article("/other", "", "Es waren 15003 Gäste, 150 Firmen und 1.5 Tonnen."),
        ],
    );
    // The narrow no-break space of CLDR's French and Swiss formats; a plain space separates.
    for q in ["1500", "1.500", "1,500", "1\u{202f}500"] {
        let mut found = urls(&r, q);
        found.sort();
        assert_eq!(found, ["/de-dot", "/plain", "/zh-comma"], "{q}");
    }
    assert_eq!(urls(&r, "12.5"), ["/decimal"]);
    assert_eq!(urls(&r, "12,5"), ["/decimal"]);
    assert_eq!(urls(&r, "1.5"), ["/other"], "a decimal is not a thousands grouping");
}

#[test]
fn chinese_words_from_the_body_are_found() {
    let r = index(
        "zh",
        &[
            article(
                "/lanzhou",
                "农业合作",
                "10月22日，第五届农产品展销会在兰州举行。活动吸引了200余家企业参加。",
            ),
            article("/other", "经贸论坛", "双方围绕人才培养进行了深入交流。兰花展同期举行。"),
        ],
    );
    // A 2-character and a 3-character word from the body.
    assert_eq!(urls(&r, "兰州"), ["/lanzhou"]);
    assert_eq!(urls(&r, "展销会"), ["/lanzhou"]);
    assert_eq!(urls(&r, "人才培养"), ["/other"]);
    // One character finds every article that has it, at the end of a run too (举行。).
    assert_eq!(urls(&r, "兰").len(), 2);
    assert_eq!(urls(&r, "行").len(), 2);
    // Across a sentence boundary: 举行。活动 holds no word 行活, so that finds nothing,
    // while the two words of the query, each from its own sentence, find the article.
    assert!(urls(&r, "行活").is_empty());
    assert!(urls(&r, "举行活动").is_empty());
    assert_eq!(urls(&r, "举行。活动"), ["/lanzhou"]);
    assert_eq!(
        query("举行。活动").iter().map(|q| q.term.as_str()).collect::<Vec<_>>(),
        ["举行", "活动"]
    );
    // Latin letters and digits inside Chinese text are words of their own.
    assert_eq!(urls(&r, "200"), ["/lanzhou"]);
}

#[test]
fn title_tag_and_event_matches_rank_above_body_matches_then_newer_first() {
    let mut tagged = article("/tag-old", "Bericht", "Nichts.");
    tagged.tags = vec!["Wasserstoff".into()];
    let mut event = article("/event", "Bericht", "Nichts.");
    event.event = "Wasserstoff-Gipfel".into();
    let mut summary = article("/summary", "Bericht", "Nichts.");
    summary.summary = "Es ging um Wasserstoff.".into();
    // Newest first, as the caller passes them.
    let r = index(
        "de",
        &[
            article("/body-new", "Bericht", "Auch Wasserstoff war ein Thema."),
            summary,
            article("/body-old", "Bericht", "Wasserstoff."),
            article("/title-new", "Wasserstoff aus Gansu", "Nichts."),
            event,
            tagged,
            article("/title-old", "Wasserstoff für Qingdao", "Nichts."),
        ],
    );
    assert_eq!(
        urls(&r, "wasserstoff"),
        [
            "/title-new",
            "/event",
            "/tag-old",
            "/title-old",
            "/summary",
            "/body-new",
            "/body-old"
        ]
    );
    // An exact match ranks above a prefix match in the same field.
    let r = index(
        "de",
        &[article("/prefix", "Messehallen", ""), article("/exact", "Messe", "")],
    );
    assert_eq!(urls(&r, "messe"), ["/exact", "/prefix"]);
}

#[test]
fn fragments_carry_what_a_result_shows() {
    let long = "Wort ".repeat(2000) + "Ende";
    let a = Article {
        summary: "Kurz & \"knapp\"".into(),
        ..article("/x?a=1&b=<2>", "Titel <b>", &long)
    };
    let json: serde_json::Value = serde_json::from_slice(&fragment(&doc(&a))).expect("fragment is JSON");
    assert_eq!(json["u"], "/x?a=1&b=<2>");
    assert_eq!(json["t"], "Titel <b>");
    assert_eq!(json["d"], "1. Mai 2024");
    assert_eq!(json["s"], "Kurz & \"knapp\"");
    let body = json["b"].as_str().unwrap_or_default();
    assert!(body.len() <= FRAGMENT_BODY_LIMIT && long.starts_with(body));
    // A body cut inside a multi-byte character stays valid UTF-8.
    let zh = article("/zh", "", &"兰州".repeat(1000));
    let json: serde_json::Value = serde_json::from_slice(&fragment(&doc(&zh))).expect("JSON");
    assert!(json["b"].as_str().unwrap_or_default().len() <= FRAGMENT_BODY_LIMIT);
}

fn generated(n: usize) -> (Vec<Analysed>, Vec<Analysed>, Vec<corpus::Article>, Vec<corpus::Article>) {
    let (de, zh) = corpus::generate(n, 42);
    let ade = de.iter().map(|a| analyse(&corpus_doc(a))).collect();
    let azh = zh.iter().map(|a| analyse(&corpus_doc(a))).collect();
    (ade, azh, de, zh)
}

#[test]
fn output_is_deterministic_and_an_edit_rewrites_only_what_it_touches() {
    let (ade, _, de, _) = generated(400);
    let refs: Vec<&Analysed> = ade.iter().collect();
    let first = build("de", &refs);
    assert_eq!(first, build("de", &refs), "same articles, same files");

    let mut written = Written::default();
    assert_eq!(
        written.update(&first).write.len(),
        first.len(),
        "the first build writes everything"
    );
    assert!(
        written.update(&first).write.is_empty(),
        "nothing changed, nothing to write"
    );

    // Edit one article's body: its fragment, the chunk(s) of the new word, the manifest.
    let edited_body = format!("{} Zollabfertigungsbeschleunigung.", de[200].body);
    let mut edited = ade.clone();
    edited[200] = analyse(&Document {
        body: &edited_body,
        ..corpus_doc(&de[200])
    });
    let refs: Vec<&Analysed> = edited.iter().collect();
    let second = build("de", &refs);
    let mut docs: Vec<Document> = de.iter().map(corpus_doc).collect();
    docs[200] = Document {
        body: &edited_body,
        ..corpus_doc(&de[200])
    };
    let changes = written.update(&second);
    let paths: Vec<&str> = changes.write.iter().map(|&i| second[i].path.as_str()).collect();
    assert!(
        paths.contains(&"index.json") && paths.contains(&"f/199.json"),
        "{paths:?}"
    );
    assert!(paths.len() <= 5, "an edit rewrote {paths:?}");
    // Rewritten chunks replace old ones (an edit can also split or merge one).
    let chunks = paths.iter().filter(|p| p.starts_with("c/")).count();
    assert!(
        (1..=chunks).contains(&changes.remove.len()),
        "{:?} for {paths:?}",
        changes.remove
    );
    let r = Reader::new(&second, &docs);
    assert_eq!(r.search("Zollabfertigungsbeschleunigung"), [(199, 1)]);

    // A new article gets the next id; no other fragment moves.
    let new = analyse(&corpus_doc(&de[0]));
    let mut refs: Vec<&Analysed> = vec![&new];
    refs.extend(edited.iter());
    let third = build("de", &refs);
    let changes = written.update(&third);
    let fragments: Vec<&str> = changes
        .write
        .iter()
        .map(|&i| third[i].path.as_str())
        .filter(|p| p.starts_with("f/"))
        .collect();
    assert_eq!(fragments, ["f/400.json"]);
}

/// Size limits on a generated corpus: the full 10,000-article check is `examples/bench.rs`
/// (it takes seconds in a release build and far longer in a test build).
#[test]
fn chunks_stay_small_and_a_first_query_fetches_little() {
    let (ade, azh, de, zh) = generated(1000);
    for (lang, analysed, articles) in [("de", &ade, &de), ("zh", &azh, &zh)] {
        let refs: Vec<&Analysed> = analysed.iter().collect();
        let files: Vec<File> = build(lang, &refs);
        let docs: Vec<Document> = articles.iter().map(corpus_doc).collect();
        for f in files.iter().filter(|f| f.path.starts_with("c/")) {
            let size = bytes(f, &docs).len();
            assert!(size <= MAX_CHUNK + 4096, "{lang} {} has {size} bytes", f.path);
        }
        let r = Reader::new(&files, &docs);
        let words = [&articles[3].body, &articles[700].body, &articles[900].title];
        for text in words {
            for word in text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 2)
                .take(40)
            {
                let word: String = word.chars().take(4).collect();
                let (hits, bytes) = r.first_query(&word);
                assert!(!hits.is_empty(), "{lang}: {word} is in an article");
                assert!(bytes <= 100 * 1024, "{lang}: {word} fetched {bytes} bytes");
            }
        }
        let (hits, _) = r.first_query(&articles[5].title);
        assert!(
            hits.iter()
                .take(PAGE)
                .any(|&(id, _)| id as usize == articles.len() - 1 - 5),
            "{lang}: title"
        );
    }
}

#[test]
fn no_input_makes_it_panic() {
    let pool: Vec<char> = "aäßẞ1٣５.,'’\u{a0}\u{202f} \n\t\"\\\u{0}\u{308}\u{2028}兰州。、𠀀\u{f900}ー・ｶﾞ한İǅﬁ²½-_~"
        .chars()
        .collect();
    let mut rng = corpus::Rng::new(7);
    let mut articles = Vec::new();
    for _ in 0..500 {
        let len = rng.below(40);
        let text: String = (0..len).map(|_| *rng.pick(&pool)).collect();
        let _ = query(&text);
        articles.push(article(&text, &text, &text));
    }
    let docs: Vec<Document> = articles.iter().map(doc).collect();
    let analysed: Vec<Analysed> = docs.iter().map(analyse).collect();
    let refs: Vec<&Analysed> = analysed.iter().collect();
    let files = build("de", &refs);
    let r = Reader::new(&files, &docs);
    for f in files.iter().filter(|f| f.path.starts_with("f/")) {
        let _: serde_json::Value = serde_json::from_slice(&bytes(f, &docs)).expect("fragment is JSON");
    }
    let _ = r.search("ä 1.500 兰");
    assert!(build("de", &[]).iter().any(|f| f.path == "index.json"));
}

#[test]
fn analysed_articles_can_be_cached_and_shared_across_threads() {
    fn send_sync<T: Send + Sync + Clone + 'static>() {}
    send_sync::<Analysed>();
}

#[test]
fn articles_added_one_at_a_time_make_the_same_index() {
    let (ade, azh, _, _) = generated(300);
    for (lang, analysed) in [("de", &ade), ("zh", &azh)] {
        let refs: Vec<&Analysed> = analysed.iter().collect();
        let mut inverted = super::index::Inverted::default();
        // Oldest first: the slice is newest first.
        analysed.iter().rev().for_each(|a| inverted.add(a));
        assert_eq!(inverted.files(lang), build(lang, &refs), "{lang}");
    }
}
