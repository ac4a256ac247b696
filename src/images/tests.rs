#[path = "tests/support.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{Cache, ErrorKind, Format, Processed, Settings, probe, process, process_all};
use image::metadata::Orientation;
use image::{DynamicImage, RgbImage};
use support::*;

struct Site {
    dir: tempfile::TempDir,
    cache: Cache,
}

fn site() -> Site {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(&dir.path().join(".gazette-cache/images")).unwrap();
    Site { dir, cache }
}

impl Site {
    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

fn small(widths: &[u32]) -> Settings {
    Settings {
        widths: widths.to_vec(),
        ..Settings::default()
    }
}

fn all_files(p: &Processed) -> Vec<PathBuf> {
    std::iter::once(&p.fallback)
        .chain(&p.variants)
        .map(|v| v.file.clone())
        .collect()
}

fn decode(path: &Path) -> RgbImage {
    image::open(path).unwrap().into_rgb8()
}

/// Names the dominant colour at a point, robust to lossy compression.
fn colour_at(img: &RgbImage, fx: f32, fy: f32) -> &'static str {
    let x = ((img.width() as f32 * fx) as u32).min(img.width() - 1);
    let y = ((img.height() as f32 * fy) as u32).min(img.height() - 1);
    let [r, g, b] = img.get_pixel(x, y).0.map(i32::from);
    match () {
        _ if r.min(g).min(b) > 160 => "white",
        _ if r > g.max(b) + 60 => "red",
        _ if g > r.max(b) + 60 => "green",
        _ if b > r.max(g) + 60 => "blue",
        _ => panic!("unexpected colour {:?}", [r, g, b]),
    }
}

/// Colours of the four quadrant centres: top-left, top-right, bottom-left, bottom-right.
fn corners(img: &RgbImage) -> [&'static str; 4] {
    [
        colour_at(img, 0.25, 0.25),
        colour_at(img, 0.75, 0.25),
        colour_at(img, 0.25, 0.75),
        colour_at(img, 0.75, 0.75),
    ]
}

#[test]
fn orientation_6_is_applied_to_every_output() {
    let site = site();
    let src = site.write(
        "portrait.jpg",
        &insert_segments(&jpeg(&quadrants(64, 32), 95), &[exif_app1(Some(6), true)]),
    );
    let out = process(&src, &small(&[16, 32]), &site.cache).unwrap();
    assert_eq!((out.width, out.height), (32, 64));
    for file in all_files(&out) {
        let img = decode(&file);
        assert_eq!(img.height(), img.width() * 2, "{}", file.display());
        // Stored red|green over blue|white, turned 90 degrees clockwise: blue|red over white|green.
        assert_eq!(corners(&img), ["blue", "red", "white", "green"], "{}", file.display());
    }
}

#[test]
fn all_eight_orientations_come_out_upright() {
    let site = site();
    let stored = quadrants(64, 32);
    for value in 1..=8u16 {
        let src = site.write(
            &format!("o{value}.jpg"),
            &insert_segments(&jpeg(&stored, 95), &[exif_app1(Some(value), false)]),
        );
        let out = process(&src, &small(&[64]), &site.cache).unwrap();
        let mut expected = DynamicImage::ImageRgb8(stored.clone());
        expected.apply_orientation(Orientation::from_exif(value as u8).unwrap());
        let expected = expected.into_rgb8();
        assert_eq!((out.width, out.height), expected.dimensions(), "orientation {value}");
        for file in all_files(&out) {
            assert_eq!(
                corners(&decode(&file)),
                corners(&expected),
                "orientation {value}: {}",
                file.display()
            );
        }
        assert_eq!(
            probe(&src).unwrap(),
            expected.dimensions(),
            "probe, orientation {value}"
        );
    }
}

fn assert_no_metadata(file: &Path) {
    let bytes = std::fs::read(file).unwrap();
    let exif = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&bytes));
    assert!(exif.is_err(), "EXIF found in {}", file.display());
    for needle in [
        &b"GazetteCam"[..],
        b"SecretCity",
        b"SecretC",
        b"SecretComment",
        b"ns.adobe.com/xap",
        b"Photoshop 3.0",
    ] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "{needle:?} in {}",
            file.display()
        );
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        // No APP1-APP15 segment at all (except Adobe's APP14 colour marker) and no comment.
        let mut pos = 2;
        while pos + 4 <= bytes.len() && bytes[pos] == 0xFF && bytes[pos + 1] != 0xDA {
            let marker = bytes[pos + 1];
            assert!(
                !(0xE1..=0xED).contains(&marker) && marker != 0xEF && marker != 0xFE,
                "marker {marker:X}"
            );
            pos += 2 + usize::from(u16::from_be_bytes([bytes[pos + 2], bytes[pos + 3]]));
        }
    }
}

#[test]
fn gps_and_other_metadata_are_stripped_from_every_output() {
    let site = site();
    // Sample check that the fixture really carries GPS, so the test cannot pass vacuously.
    let fixture = jpeg_with_metadata(&quadrants(64, 48), Some(1));
    let exif = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(&fixture))
        .unwrap();
    assert!(exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY).is_some());

    let cases = [
        // Upright at full size: the JPEG fallback is the original data with metadata segments removed.
        (
            "upright.jpg",
            jpeg_with_metadata(&quadrants(64, 48), Some(1)),
            vec![480],
        ),
        // Rotated: the fallback is re-encoded.
        (
            "rotated.jpg",
            jpeg_with_metadata(&quadrants(64, 48), Some(6)),
            vec![480],
        ),
        // Downscaled: re-encoded at the largest width.
        (
            "large.jpg",
            jpeg_with_metadata(&quadrants(200, 100), None),
            vec![50, 100],
        ),
        ("meta.png", png_with_metadata(&quadrants(64, 48)), vec![32, 64]),
    ];
    for (name, bytes, widths) in cases {
        let src = site.write(name, &bytes);
        let out = process(&src, &small(&widths), &site.cache).unwrap();
        for file in all_files(&out) {
            assert_no_metadata(&file);
        }
    }
}

#[test]
fn lossless_jpeg_fallback_keeps_the_compressed_data() {
    let site = site();
    let plain = jpeg(&quadrants(64, 48), 90);
    let src = site.write("plain.jpg", &insert_segments(&plain, &[exif_app1(Some(1), true)]));
    let out = process(&src, &small(&[480]), &site.cache).unwrap();
    assert_eq!(out.fallback.format, Format::Jpeg);
    // image's encoder writes a JFIF header, tables and scan only, so stripping our EXIF gives its bytes back.
    assert_eq!(std::fs::read(&out.fallback.file).unwrap(), plain);
}

#[test]
fn srcset_widths_never_upscale_and_webp_decodes() {
    let site = site();
    let src = site.write("wide.jpg", &jpeg(&quadrants(1000, 500), 85));
    let out = process(&src, &small(&[1600, 480, 960]), &site.cache).unwrap();
    assert_eq!((out.width, out.height), (1000, 500));
    let sizes: Vec<(u32, u32)> = out.variants.iter().map(|v| (v.width, v.height)).collect();
    assert_eq!(sizes, [(480, 240), (960, 480), (1000, 500)]);
    for v in &out.variants {
        assert_eq!(v.format, Format::Webp);
        let bytes = std::fs::read(&v.file).unwrap();
        assert_eq!(bytes.len() as u64, v.bytes_len);
        assert_eq!(image::guess_format(&bytes).unwrap(), image::ImageFormat::WebP);
        let img = image::load_from_memory(&bytes).unwrap();
        assert_eq!((img.width(), img.height()), (v.width, v.height));
        assert_eq!(corners(&img.into_rgb8()), ["red", "green", "blue", "white"]);
    }
    assert_eq!((out.fallback.width, out.fallback.format), (1000, Format::Jpeg));
}

#[test]
fn png_with_alpha_and_webp_sources() {
    let site = site();
    let rgba = image::RgbaImage::from_fn(40, 20, |x, _| image::Rgba([200, 30, 30, if x < 20 { 255 } else { 0 }]));
    let mut png = Vec::new();
    rgba.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let out = process(&site.write("logo.png", &png), &small(&[20, 40]), &site.cache).unwrap();
    assert_eq!(out.fallback.format, Format::Png);
    let back = image::open(&out.fallback.file).unwrap().into_rgba8();
    assert_eq!(back, rgba, "PNG fallback is lossless, alpha included");
    let webp = image::open(&out.variants[1].file).unwrap().into_rgba8();
    assert!(
        webp.get_pixel(35, 10).0[3] < 10 && webp.get_pixel(5, 10).0[3] > 245,
        "WebP keeps alpha"
    );

    let mut webp_src = Vec::new();
    DynamicImage::ImageRgb8(quadrants(80, 40))
        .write_to(&mut std::io::Cursor::new(&mut webp_src), image::ImageFormat::WebP)
        .unwrap();
    let out = process(&site.write("photo.webp", &webp_src), &small(&[40, 1000]), &site.cache).unwrap();
    assert_eq!(out.fallback.format, Format::Webp);
    assert_eq!(out.fallback, *out.variants.last().unwrap());
    assert_eq!(corners(&decode(&out.fallback.file)), ["red", "green", "blue", "white"]);
}

#[test]
fn second_run_decodes_nothing_and_returns_the_same_files() {
    let site = site();
    let src = site.write("a.jpg", &jpeg_with_metadata(&quadrants(300, 200), Some(8)));
    let settings = small(&[100, 200]);
    let first = process(&src, &settings, &site.cache).unwrap();
    assert!(first.decoded);
    let contents: Vec<Vec<u8>> = all_files(&first).iter().map(|f| std::fs::read(f).unwrap()).collect();
    let second = process(&src, &settings, &site.cache).unwrap();
    assert!(!second.decoded);
    assert_eq!(
        Processed {
            decoded: true,
            ..second.clone()
        },
        first
    );
    let again: Vec<Vec<u8>> = all_files(&second).iter().map(|f| std::fs::read(f).unwrap()).collect();
    assert_eq!(contents, again);

    // Other settings are another entry; the first stays valid.
    let other = process(
        &src,
        &Settings {
            quality: 60,
            ..settings.clone()
        },
        &site.cache,
    )
    .unwrap();
    assert!(other.decoded);
    assert!(!process(&src, &settings, &site.cache).unwrap().decoded);

    // A damaged entry (file missing) is rebuilt, not served.
    std::fs::remove_file(&first.variants[0].file).unwrap();
    assert!(process(&src, &settings, &site.cache).unwrap().decoded);
    assert!(!process(&src, &settings, &site.cache).unwrap().decoded);

    // A torn description or a leftover temporary directory (crash mid-write) is harmless.
    let meta = first.fallback.file.parent().unwrap().join("meta");
    std::fs::write(&meta, "gazette-images-entry 1\nsize 30").unwrap();
    std::fs::create_dir_all(site.cache.dir().join("tmp/leftover")).unwrap();
    std::fs::write(site.cache.dir().join("tmp/leftover/1600.webp"), b"half").unwrap();
    assert!(process(&src, &settings, &site.cache).unwrap().decoded);
    assert_eq!(process(&src, &settings, &site.cache).unwrap(), second);

    // Deleting the whole cache is safe.
    let dir = site.cache.dir().to_path_buf();
    std::fs::remove_dir_all(&dir).unwrap();
    let cache = Cache::open(&dir).unwrap();
    assert!(process(&src, &settings, &cache).unwrap().decoded);
    assert!(!process(&src, &settings, &cache).unwrap().decoded);
}

#[test]
fn changed_photo_is_processed_again() {
    let site = site();
    let settings = small(&[50]);
    let src = site.write("x.jpg", &jpeg(&quadrants(100, 50), 90));
    assert!(process(&src, &settings, &site.cache).unwrap().decoded);
    site.write("x.jpg", &jpeg(&quadrants(100, 60), 90));
    let out = process(&src, &settings, &site.cache).unwrap();
    assert!(out.decoded);
    assert_eq!(out.height, 60);
}

#[test]
fn corrupt_files_are_errors() {
    let site = site();
    let mut garbage = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    garbage.extend((0..4000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8));
    let err = process(&site.write("garbage.jpg", &garbage), &Settings::default(), &site.cache).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Corrupt, "{err}");
    assert!(!err.hint.is_empty());

    let png = png_with_metadata(&quadrants(64, 48));
    let err = process(
        &site.write("cut.png", &png[..png.len() / 2]),
        &Settings::default(),
        &site.cache,
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Corrupt, "{err}");

    let mut flipped = png.clone();
    let last = flipped.len() - 20;
    flipped[last] ^= 0xFF;
    let err = process(&site.write("crc.png", &flipped), &Settings::default(), &site.cache).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Corrupt, "{err}");
}

#[test]
fn unsupported_formats_are_named() {
    let site = site();
    let mut bmp = b"BM".to_vec();
    bmp.extend_from_slice(&[0u8; 60]);
    let err = process(&site.write("scan.bmp", &bmp), &Settings::default(), &site.cache).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unsupported);
    assert!(err.message.contains("Bmp"), "{err}");

    let err = process(
        &site.write("notes.jpg", b"Minutes of the signing ceremony\n"),
        &Settings::default(),
        &site.cache,
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unsupported);
    assert!(
        err.message.contains("not an image") && err.message.contains(".jpg"),
        "{err}"
    );
    assert_eq!(
        probe(&site.dir.path().join("notes.jpg")).unwrap_err().kind,
        ErrorKind::Unsupported
    );
}

#[test]
fn decompression_bombs_are_refused_from_the_header() {
    let site = site();
    let start = Instant::now();
    let err = process(
        &site.write("bomb.png", &png_bomb(100_000, 100_000)),
        &Settings::default(),
        &site.cache,
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::TooLarge, "{err}");
    assert!(err.message.contains("100000 x 100000"), "{err}");
    let err = process(
        &site.write("bomb.jpg", &jpeg_bomb(65_000, 65_000)),
        &Settings::default(),
        &site.cache,
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::TooLarge, "{err}");
    let err = process(
        &site.write("bomb.webp", &webp_bomb(16_000, 16_000)),
        &Settings::default(),
        &site.cache,
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::TooLarge, "{err}");
    assert!(start.elapsed().as_millis() < 1000, "took {:?}", start.elapsed());

    // The limit is a setting.
    let ok = site.write("ok.jpg", &jpeg(&quadrants(100, 100), 80));
    let err = process(
        &ok,
        &Settings {
            max_pixels: 5_000,
            ..Settings::default()
        },
        &site.cache,
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::TooLarge);
    assert!(
        process(
            &ok,
            &Settings {
                max_pixels: 10_000,
                ..Settings::default()
            },
            &site.cache
        )
        .is_ok()
    );
}

#[test]
fn missing_file_is_an_error() {
    let site = site();
    let err = process(&site.dir.path().join("nope.jpg"), &Settings::default(), &site.cache).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Missing);
    assert!(err.to_string().contains("nope.jpg"), "{err}");
    assert_eq!(
        probe(&site.dir.path().join("nope.jpg")).unwrap_err().kind,
        ErrorKind::Missing
    );
}

#[test]
fn process_all_keeps_order_and_reports_progress() {
    let site = site();
    let mut sources = Vec::new();
    for i in 0..6u32 {
        sources.push(site.write(&format!("p{i}.jpg"), &jpeg(&quadrants(60 + i * 10, 40), 85)));
    }
    sources.insert(3, site.dir.path().join("missing.jpg"));
    let calls = std::sync::Mutex::new(Vec::new());
    let results = process_all(&sources, &small(&[50]), &site.cache, |done, total| {
        calls.lock().unwrap().push((done, total));
    });
    assert_eq!(results.len(), 7);
    assert_eq!(results[3].as_ref().unwrap_err().kind, ErrorKind::Missing);
    assert_eq!(results[6].as_ref().unwrap().width, 110);
    let mut calls = calls.into_inner().unwrap();
    calls.sort();
    assert_eq!(calls, (1..=7).map(|d| (d, 7)).collect::<Vec<_>>());
}

#[test]
fn bad_settings_are_errors() {
    let site = site();
    let src = site.write("a.jpg", &jpeg(&quadrants(10, 10), 80));
    let err = process(
        &src,
        &Settings {
            widths: vec![],
            ..Settings::default()
        },
        &site.cache,
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Settings);
}

#[test]
fn jpeg_with_optimised_huffman_tables_keeps_its_colours() {
    // zune-jpeg 0.5.15 (image's JPEG decoder) turns this file green; the pipeline must not.
    let site = site();
    let img = quadrants(64, 32);
    let mut bytes = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut bytes, 80);
    encoder.set_optimized_huffman_tables(true);
    encoder
        .encode(img.as_raw(), 64, 32, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    let out = process(&site.write("optimised.jpg", &bytes), &small(&[32, 64]), &site.cache).unwrap();
    for file in all_files(&out) {
        assert_eq!(
            corners(&decode_reference(&file)),
            ["red", "green", "blue", "white"],
            "{}",
            file.display()
        );
    }
}

/// Decodes JPEGs with jpeg-decoder (not zune-jpeg, see above) and everything else with image.
fn decode_reference(path: &Path) -> RgbImage {
    let bytes = std::fs::read(path).unwrap();
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return decode(path);
    }
    let mut decoder = jpeg_decoder::Decoder::new(&bytes[..]);
    let pixels = decoder.decode().unwrap();
    let info = decoder.info().unwrap();
    RgbImage::from_raw(u32::from(info.width), u32::from(info.height), pixels).unwrap()
}
