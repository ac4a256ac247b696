//! The photos of an event: lead images in every place a reader or a machine looks for them,
//! responsive WebP variants with sizes, upright and without GPS, from a cache that makes the
//! next build decode nothing; and each kind of bad photo as a located error.

use std::io::Cursor;

use crate::harness::{TestSite, attrs, snapshot, text, texts};

#[path = "../../src/images/tests/support.rs"]
mod support;

const DE: &str = "content/2024/qilu-bayu.de.md";
const ZH: &str = "content/2024/qilu-bayu.zh.md";

/// The fixture with a lead photo (1200×800 pixels stored, EXIF orientation 6, GPS) and a PNG in
/// the body of the German original.
fn with_photos() -> TestSite {
    let site = TestSite::fixture("build/bilingual");
    let photo = support::jpeg_with_metadata(&support::quadrants(1200, 800), Some(6));
    site.write("content/2024/qilu-bayu/ceremony.jpg", photo);
    site.write(
        "content/2024/qilu-bayu/hall.png",
        support::png_with_metadata(&support::quadrants(600, 300)),
    );
    let de = std::fs::read_to_string(site.root.join(DE)).unwrap().replacen(
        "[event]",
        "[image]\nfile = \"ceremony.jpg\"\nalt = \"Unterzeichnung auf der Bühne\"\ncaption = \"Die Unterzeichnung\"\ncredit = \"dzwww.com\"\n\n[event]",
        1,
    );
    site.write(
        DE,
        de.replace("## Unterzeichnung", "![Die Halle](hall.png)\n\n## Unterzeichnung"),
    );
    let zh = std::fs::read_to_string(site.root.join(ZH)).unwrap().replacen(
        "[event]",
        "[image]\nalt = \"签约仪式现场\"\ncaption = \"签约仪式\"\n\n[event]",
        1,
    );
    site.write(ZH, zh);
    site
}

#[test]
fn a_lead_photo_appears_everywhere_responsive_upright_and_without_metadata() {
    let site = with_photos();
    let run = site.build(&[]);
    assert!(run.stderr.contains("2 photos processed"), "{}", run.stderr);
    let de = site.html("de/2024/qilu-bayu/index.html");
    // Upright: orientation 6 turns the stored 1200×800 into 800×1200.
    assert_eq!(attrs(&de, ".lead-image img", "width"), ["800"]);
    assert_eq!(attrs(&de, ".lead-image img", "height"), ["1200"]);
    assert_eq!(
        attrs(&de, ".lead-image img", "src"),
        ["/de/2024/qilu-bayu/ceremony.jpg"]
    );
    assert_eq!(
        attrs(&de, ".lead-image img", "srcset"),
        ["/de/2024/qilu-bayu/ceremony-480w.webp 480w, /de/2024/qilu-bayu/ceremony-800w.webp 800w"]
    );
    assert_eq!(attrs(&de, ".lead-image img", "alt"), ["Unterzeichnung auf der Bühne"]);
    assert_eq!(
        text(&de, ".lead-image figcaption"),
        "Die Unterzeichnung Foto: dzwww.com"
    );
    assert_eq!(
        attrs(&de, "meta[property='og:image']", "content"),
        ["https://test.example.org/de/2024/qilu-bayu/ceremony.jpg"]
    );
    assert_eq!(attrs(&de, "meta[property='og:image:width']", "content"), ["800"]);
    assert_eq!(
        attrs(&de, "meta[name='twitter:card']", "content"),
        ["summary_large_image"]
    );
    let json: serde_json::Value = serde_json::from_str(&texts(&de, "script[type='application/ld+json']")[0]).unwrap();
    assert_eq!(
        json["@graph"][0]["image"]["url"],
        "https://test.example.org/de/2024/qilu-bayu/ceremony.jpg"
    );
    assert_eq!(json["@graph"][0]["image"]["height"], 1200);
    assert_eq!(json["@graph"][1]["@type"], "Event");
    assert_eq!(json["@graph"][1]["image"]["width"], 800);
    // The translation writes its own words and inherits the file and the credit.
    let zh = site.html("zh/2024/qilu-bayu/index.html");
    assert_eq!(attrs(&zh, ".lead-image img", "alt"), ["签约仪式现场"]);
    assert_eq!(text(&zh, ".lead-image figcaption"), "签约仪式 摄影：dzwww.com");
    // Cards in lists carry the photo, lazily.
    let home = site.html("de/index.html");
    assert_eq!(attrs(&home, ".card-image", "loading"), ["lazy"]);
    // The Atom entry encloses it.
    let feed = atom_syndication::Feed::read_from(site.read("de/atom.xml").as_bytes()).unwrap();
    let enclosure = feed.entries()[0]
        .links()
        .iter()
        .find(|l| l.rel() == "enclosure")
        .expect("an enclosure");
    assert_eq!(
        enclosure.href(),
        "https://test.example.org/de/2024/qilu-bayu/ceremony.jpg"
    );
    assert_eq!(enclosure.mime_type(), Some("image/jpeg"));
    // A Markdown image of the bundle gets its srcset and size too.
    assert_eq!(
        attrs(&de, ".prose img", "srcset"),
        ["hall-480w.webp 480w, hall-600w.webp 600w"]
    );
    assert_eq!(attrs(&de, ".prose img", "width"), ["600"]);
    assert_eq!(attrs(&de, ".prose img", "loading"), ["lazy"]);
}

#[test]
fn a_photo_wider_than_the_largest_width_is_described_at_its_published_size() {
    let site = with_photos();
    // 2000×1000 stored, no orientation: the fallback is published at 1600×800.
    site.write(
        "content/2024/qilu-bayu/ceremony.jpg",
        support::jpeg_with_metadata(&support::quadrants(2000, 1000), None),
    );
    site.build(&[]);
    let de = site.html("de/2024/qilu-bayu/index.html");
    let published = image::load_from_memory(&std::fs::read(site.output("de/2024/qilu-bayu/ceremony.jpg")).unwrap())
        .expect("the published fallback decodes");
    assert_eq!((published.width(), published.height()), (1600, 800));
    assert_eq!(attrs(&de, ".lead-image img", "width"), ["1600"]);
    assert_eq!(attrs(&de, ".lead-image img", "height"), ["800"]);
    assert_eq!(attrs(&de, "meta[property='og:image:width']", "content"), ["1600"]);
    assert_eq!(attrs(&de, "meta[property='og:image:height']", "content"), ["800"]);
}

#[test]
fn published_photos_are_upright_and_carry_no_metadata() {
    let site = with_photos();
    site.build(&[]);
    let fallback = image::load_from_memory(&std::fs::read(site.output("de/2024/qilu-bayu/ceremony.jpg")).unwrap())
        .unwrap()
        .to_rgb8();
    assert_eq!(fallback.dimensions(), (800, 1200));
    // Stored with orientation 6 (turn 90° clockwise): the blue bottom-left quadrant is now top left.
    let [r, g, b] = fallback.get_pixel(20, 20).0;
    assert!(b > 200 && r < 60 && g < 60, "top left is {:?}, not blue", [r, g, b]);
    for (path, bytes) in snapshot(&site.root.join("public")) {
        let name = path.to_string_lossy();
        if !(name.ends_with(".jpg") || name.ends_with(".png") || name.ends_with(".webp")) {
            continue;
        }
        let exif = exif::Reader::new().read_from_container(&mut Cursor::new(&bytes));
        assert!(exif.is_err(), "{name} carries EXIF");
        assert!(!bytes.windows(4).any(|w| w == b"GPS\0"), "{name} carries GPS");
    }
}

#[test]
fn a_second_build_decodes_no_photo() {
    let site = with_photos();
    site.build(&[]);
    let again = site.build(&[]);
    assert!(again.stderr.contains("0 photos processed"), "{}", again.stderr);
    assert!(
        site.root.join(".gazette-cache/images").is_dir(),
        "the cache lives beside the site"
    );
}

/// One bad photo, how it is written, and what the message must say.
struct Case {
    name: &'static str,
    bytes: fn() -> Vec<u8>,
    expect: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "corrupt",
        bytes: || {
            let mut photo = support::jpeg(&support::quadrants(400, 300), 90);
            photo.truncate(photo.len() / 3);
            photo
        },
        expect: &[
            "content/2024/qilu-bayu.de.md:9:8",
            "content/2024/qilu-bayu/ceremony.jpg",
        ],
    },
    Case {
        name: "unsupported",
        bytes: || b"GIF89a this is not a photo gazette reads".to_vec(),
        expect: &["content/2024/qilu-bayu.de.md:9:8", "ceremony.jpg"],
    },
    Case {
        name: "decompression bomb",
        bytes: || support::png_bomb(100_000, 100_000),
        expect: &["content/2024/qilu-bayu.de.md:9:8", "100000"],
    },
];

#[test]
fn each_bad_photo_is_a_located_error_and_public_is_kept() {
    for case in CASES {
        let site = TestSite::fixture("build/bilingual");
        site.build(&[]);
        let before = snapshot(&site.root.join("public"));
        site.write("content/2024/qilu-bayu/ceremony.jpg", (case.bytes)());
        let de = std::fs::read_to_string(site.root.join(DE)).unwrap().replacen(
            "[event]",
            "[image]\nfile = \"ceremony.jpg\"\nalt = \"x\"\n\n[event]",
            1,
        );
        site.write(DE, de);
        let run = site.run(&["build"]);
        assert_eq!(run.status, Some(1), "{}: {}", case.name, run.stderr);
        for expected in case.expect {
            assert!(
                run.stderr.contains(expected),
                "{}: missing {expected:?} in\n{}",
                case.name,
                run.stderr
            );
        }
        assert_eq!(
            before,
            snapshot(&site.root.join("public")),
            "{}: public/ changed",
            case.name
        );
        let check = site.run(&["check"]);
        assert_eq!(check.status, Some(1), "{}: check passed\n{}", case.name, check.stderr);
    }
}

#[test]
fn a_missing_lead_photo_and_a_missing_alt_text_are_errors_in_their_files() {
    let site = TestSite::fixture("build/bilingual");
    let de = std::fs::read_to_string(site.root.join(DE)).unwrap().replacen(
        "[event]",
        "[image]\nfile = \"nowhere.jpg\"\nalt = \"x\"\n\n[event]",
        1,
    );
    site.write(DE, de);
    site.write(ZH, std::fs::read_to_string(site.root.join(ZH)).unwrap());
    let run = site.run(&["build"]);
    assert_eq!(run.status, Some(1));
    assert!(
        run.stderr.contains("content/2024/qilu-bayu.de.md:9:8"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("the lead image `nowhere.jpg` is not in the article's folder"),
        "{}",
        run.stderr
    );
    // The translation inherits the file but must describe it in its own language.
    assert!(run.stderr.contains("content/2024/qilu-bayu.zh.md"), "{}", run.stderr);
    assert!(
        run.stderr.contains("the lead image has no alt text in this language"),
        "{}",
        run.stderr
    );
}
