use super::*;

fn zh(text: &str) -> String {
    slugify(text, "zh")
}

#[test]
fn polyphones_follow_the_word() {
    assert_eq!(zh("重庆"), "chongqing");
    assert_eq!(zh("厦门"), "xiamen");
    assert_eq!(zh("银行"), "yinhang");
    assert_eq!(zh("长沙"), "changsha");
    assert_eq!(zh("重要"), "zhongyao");
    assert_eq!(zh("行长"), "hangzhang");
    assert_eq!(zh("长大"), "zhangda");
}

#[test]
fn words_are_separated_and_syllables_joined() {
    assert_eq!(zh("山东企业"), "shandong-qiye");
    assert_eq!(zh("山西日报"), "shanxi-ribao");
    assert_eq!(zh("第二届齐鲁名企巴渝行"), "dierjie-qilu-mingqi-bayu-xing");
}

#[test]
fn segmentation_prefers_the_likelier_words() {
    assert_eq!(zh("长沙市长"), "changsha-shizhang");
    assert_eq!(zh("重庆市长江大桥"), "chongqingshi-changjiangdaqiao");
    assert_eq!(zh("中国银行重庆分行"), "zhongguoyinhang-chongqing-fenhang");
}

#[test]
fn official_spelling_keeps_shaanxi_apart_from_shanxi() {
    assert_eq!(zh("陕西日报"), "shaanxi-ribao");
    assert_ne!(zh("陕西"), zh("山西"));
}

#[test]
fn hand_kept_readings_fix_gaps_in_the_phrase_data() {
    assert_eq!(zh("重庆银行总行"), "chongqing-yinhang-zonghang");
    assert_eq!(zh("支行"), "zhihang");
    assert_eq!(zh("投行"), "touhang");
    // 成渝 is in both files; the hand-kept frequency must not drop readings or break the word.
    assert_eq!(zh("成渝地区"), "chengyu-diqu");
}

#[test]
fn uncovered_characters_get_their_most_common_reading() {
    assert_eq!(zh("重"), "zhong");
    assert_eq!(zh("行"), "xing");
}

#[test]
fn umlaut_u_is_written_v() {
    assert_eq!(zh("绿色"), "lvse");
}

#[test]
fn german_folds_umlauts_and_sharp_s() {
    assert_eq!(slugify("Außenhandel", "de"), "aussenhandel");
    assert_eq!(slugify("Über 150 Unternehmen", "de"), "ueber-150-unternehmen");
    assert_eq!(slugify("ÄRZTE GRÖßE", "de-AT"), "aerzte-groesse");
    assert_eq!(slugify("Mu\u{308}nchen", "de"), "muenchen");
    assert_eq!(slugify("Zürich", "DE"), "zuerich");
}

#[test]
fn other_languages_use_plain_transliteration() {
    assert_eq!(slugify("Zürich", "en"), "zurich");
    assert_eq!(slugify("São Paulo", "pt"), "sao-paulo");
    assert_eq!(slugify("Mu\u{308}nchen", "en"), "munchen");
    assert_eq!(slugify("Москва", "ru"), "moskva");
    assert_eq!(slugify("Xi'an – 西安", "en"), "xian-xian");
    assert_eq!(slugify("Preis: 100 € 😀", "en"), "preis-100");
    assert_eq!(slugify("½ Ⅻ", "en"), "1-2-xii");
    assert_eq!(slugify("서울", "ko"), "seoul");
}

#[test]
fn mixed_text() {
    assert_eq!(slugify("2024年重庆 Messe", "zh"), "2024-nian-chongqing-messe");
    assert_eq!(slugify("Außenhandel mit 重庆", "de"), "aussenhandel-mit-chongqing");
    assert_eq!(zh("第2届"), "di-2-jie");
}

#[test]
fn nothing_to_keep_gives_empty() {
    for text in [
        "",
        "!!!",
        "—",
        "   ",
        "。，！",
        "-_-",
        "''",
        "😀",
        "€ © ™",
        "\u{308}",
        "\u{200b}",
    ] {
        assert_eq!(slugify(text, "de"), "", "{text:?}");
        assert_eq!(slugify(text, "zh"), "", "{text:?}");
    }
}

#[test]
fn ascii_slugs_are_kept() {
    for s in ["shandong-chongqing-talks", "a", "2024", "x-1-y"] {
        assert_eq!(slugify(s, "en"), s);
        assert_eq!(slugify(s, "de"), s);
        assert_eq!(slugify(s, "zh"), s);
    }
    assert_eq!(slugify("  --Hello,   World!-- ", "en"), "hello-world");
}

#[test]
fn is_valid_accepts_one_safe_path_segment() {
    for ok in ["a", "A-b_c.d", "2024", "v1.2", "x..y", "_", "-"] {
        assert!(is_valid(ok), "{ok:?}");
    }
    for bad in [
        "", ".", "..", ".hidden", "a/b", "a b", "ä", "a%20", "a?b", "a\\b", "重庆",
    ] {
        assert!(!is_valid(bad), "{bad:?}");
    }
}

/// Small deterministic generator (xorshift) so the property test needs no extra crate and never flakes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const PIECES: &[&str] = &[
    "a",
    "Z",
    "0",
    "9",
    " ",
    "-",
    "--",
    "_",
    ".",
    "'",
    "’",
    "!",
    "/",
    "?",
    "#",
    "%",
    "—",
    "\t",
    "\n",
    "ä",
    "Ö",
    "ß",
    "ẞ",
    "\u{308}",
    "é",
    "ñ",
    "ø",
    "Ж",
    "λ",
    "ا",
    "한",
    "の",
    "😀",
    "\u{200b}",
    "\u{0}",
    "重",
    "庆",
    "行",
    "长",
    "银",
    "陕西",
    "山东企业",
    "。",
    "，",
    "〇",
    "２",
    "Ａ",
    "𠀀",
    "\u{fffd}",
    "ﬁ",
];

#[test]
fn output_is_always_a_valid_slug_or_empty() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..5_000 {
        let len = rng.next() % 12;
        let text: String = (0..len).map(|_| rng.pick(PIECES)).collect();
        for lang in ["de", "zh", "en"] {
            let slug = slugify(&text, lang);
            assert!(slug.is_empty() || is_valid(&slug), "{text:?} -> {slug:?}");
            assert!(
                slug.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            );
            assert!(
                !slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"),
                "{slug:?}"
            );
            assert_eq!(slugify(&slug, lang), slug, "not idempotent for {text:?}");
        }
    }
}

#[test]
fn stored_readings_have_one_ascii_syllable_per_character() {
    let mut with_reading = 0;
    for (word, reading) in lexicon::entries() {
        let Some(reading) = reading else { continue };
        with_reading += 1;
        let syllables: Vec<&str> = reading.split(' ').collect();
        assert_eq!(syllables.len(), word.chars().count(), "{word}: {reading}");
        assert!(
            syllables
                .iter()
                .all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase())),
            "{word}"
        );
    }
    assert!(with_reading > 3_000, "phrase readings missing: {with_reading}");
}

#[test]
fn generated_readings_mostly_differ_from_the_character_default() {
    // The generator drops readings equal to the per-character default, keeping only a few as guards; if the
    // `pinyin` crate's defaults ever change, this count jumps and the lexicon must be regenerated.
    let same = lexicon::entries()
        .filter(|(word, reading)| reading.is_some_and(|r| r == chinese::default_reading(word)))
        .count();
    assert!(
        same <= 150,
        "{same} stored readings equal the default: regenerate lexicon.tsv"
    );
}

#[test]
fn generated_index_belongs_to_generated_text() {
    assert_eq!(lexicon::index_matches_text(), Ok(()));
}
