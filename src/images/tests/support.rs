//! Builders for test images with metadata, shared by the tests and the benchmark generator
//! (`examples/bench_images.rs` includes this file by path).
#![allow(dead_code)]

use image::{Rgb, RgbImage};

/// A picture whose four quadrants differ (red, green / blue, white), so any flip or rotation is visible.
pub(crate) fn quadrants(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| match (x < width / 2, y < height / 2) {
        (true, true) => Rgb([255, 0, 0]),
        (false, true) => Rgb([0, 255, 0]),
        (true, false) => Rgb([0, 0, 255]),
        (false, false) => Rgb([255, 255, 255]),
    })
}

/// Encodes RGB pixels as a baseline JPEG with only a JFIF header.
pub(crate) fn jpeg(img: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(img)
        .unwrap();
    out
}

/// Inserts whole segments (marker included) right after the SOI marker.
pub(crate) fn insert_segments(jpeg: &[u8], segments: &[Vec<u8>]) -> Vec<u8> {
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8]);
    let mut out = jpeg[..2].to_vec();
    for s in segments {
        out.extend_from_slice(s);
    }
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let len = u16::try_from(payload.len() + 2).unwrap();
    let mut s = vec![0xFF, marker];
    s.extend_from_slice(&len.to_be_bytes());
    s.extend_from_slice(payload);
    s
}

/// An APP1 EXIF segment with camera make, optional orientation and optional GPS position (Berlin).
pub(crate) fn exif_app1(orientation: Option<u16>, gps: bool) -> Vec<u8> {
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend(tiff(orientation, gps));
    segment(0xE1, &payload)
}

/// An APP1 XMP packet, an APP13 IPTC (Photoshop) block and a COM comment, each with recognisable text.
pub(crate) fn other_metadata_segments() -> Vec<Vec<u8>> {
    let mut xmp = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    xmp.extend_from_slice(b"<x:xmpmeta><rdf:Description photoshop:City=\"SecretCity\"/></x:xmpmeta>");
    let mut iptc = b"Photoshop 3.0\08BIM\x04\x04\0\0\0\0\0\x0c".to_vec();
    iptc.extend_from_slice(b"\x1c\x02\x5a\0\x07SecretC");
    vec![
        segment(0xE1, &xmp),
        segment(0xED, &iptc),
        segment(0xFE, b"SecretComment"),
    ]
}

struct Entry {
    tag: u16,
    kind: u16,
    count: u32,
    data: Vec<u8>,
}

fn rationals(values: &[(u32, u32)]) -> Vec<u8> {
    values
        .iter()
        .flat_map(|(n, d)| n.to_le_bytes().into_iter().chain(d.to_le_bytes()))
        .collect()
}

/// A little-endian TIFF structure: IFD0 (Make, Orientation, GPS pointer) and a GPS IFD.
pub(crate) fn tiff(orientation: Option<u16>, gps: bool) -> Vec<u8> {
    let mut ifd0 = vec![Entry {
        tag: 0x010F,
        kind: 2,
        count: 11,
        data: b"GazetteCam\0".to_vec(),
    }];
    if let Some(o) = orientation {
        ifd0.push(Entry {
            tag: 0x0112,
            kind: 3,
            count: 1,
            data: o.to_le_bytes().to_vec(),
        });
    }
    let gps_ifd = vec![
        Entry {
            tag: 0x0000,
            kind: 1,
            count: 4,
            data: vec![2, 3, 0, 0],
        },
        Entry {
            tag: 0x0001,
            kind: 2,
            count: 2,
            data: b"N\0".to_vec(),
        },
        Entry {
            tag: 0x0002,
            kind: 5,
            count: 3,
            data: rationals(&[(52, 1), (31, 1), (12, 1)]),
        },
        Entry {
            tag: 0x0003,
            kind: 2,
            count: 2,
            data: b"E\0".to_vec(),
        },
        Entry {
            tag: 0x0004,
            kind: 5,
            count: 3,
            data: rationals(&[(13, 1), (24, 1), (36, 1)]),
        },
    ];
    let ifd_len = |n: usize| (2 + 12 * n + 4) as u32;
    let ifd0_count = ifd0.len() + usize::from(gps);
    let gps_offset = 8 + ifd_len(ifd0_count);
    if gps {
        ifd0.push(Entry {
            tag: 0x8825,
            kind: 4,
            count: 1,
            data: gps_offset.to_le_bytes().to_vec(),
        });
    }
    let mut data_offset = gps_offset + if gps { ifd_len(gps_ifd.len()) } else { 0 };
    let mut out = b"II*\0".to_vec();
    out.extend_from_slice(&8u32.to_le_bytes());
    let mut blobs = Vec::new();
    let mut write_ifd = |entries: &[Entry], out: &mut Vec<u8>| {
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        for e in entries {
            out.extend_from_slice(&e.tag.to_le_bytes());
            out.extend_from_slice(&e.kind.to_le_bytes());
            out.extend_from_slice(&e.count.to_le_bytes());
            if e.data.len() <= 4 {
                let mut inline = e.data.clone();
                inline.resize(4, 0);
                out.extend_from_slice(&inline);
            } else {
                out.extend_from_slice(&data_offset.to_le_bytes());
                blobs.extend_from_slice(&e.data);
                data_offset += e.data.len() as u32;
            }
        }
        out.extend_from_slice(&0u32.to_le_bytes());
    };
    write_ifd(&ifd0, &mut out);
    if gps {
        write_ifd(&gps_ifd, &mut out);
    }
    out.extend_from_slice(&blobs);
    out
}

/// A JPEG of `img` carrying EXIF (with GPS), XMP, IPTC and a comment.
pub(crate) fn jpeg_with_metadata(img: &RgbImage, orientation: Option<u16>) -> Vec<u8> {
    let mut segments = vec![exif_app1(orientation, true)];
    segments.extend(other_metadata_segments());
    insert_segments(&jpeg(img, 92), &segments)
}

pub(crate) fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

pub(crate) fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
    out
}

/// A PNG of `img` with a tEXt chunk and an eXIf chunk (GPS included) inserted after IHDR.
pub(crate) fn png_with_metadata(img: &RgbImage) -> Vec<u8> {
    let mut plain = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut plain), image::ImageFormat::Png)
        .unwrap();
    let ihdr_end = 8 + 8 + 13 + 4;
    let mut out = plain[..ihdr_end].to_vec();
    out.extend(png_chunk(b"tEXt", b"Comment\0SecretComment"));
    out.extend(png_chunk(b"eXIf", &tiff(Some(1), true)));
    out.extend_from_slice(&plain[ihdr_end..]);
    out
}

/// A valid PNG header claiming `width` x `height` RGB pixels, followed by a tiny IDAT: a decompression bomb.
pub(crate) fn png_bomb(width: u32, height: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    out.extend(png_chunk(b"IHDR", &ihdr));
    out.extend(png_chunk(b"IDAT", &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
    out.extend(png_chunk(b"IEND", &[]));
    out
}

/// A baseline JPEG header (SOF0) claiming `width` x `height` pixels, with no usable scan.
pub(crate) fn jpeg_bomb(width: u16, height: u16) -> Vec<u8> {
    let real = jpeg(&RgbImage::new(16, 16), 80);
    // Patch the SOF0 size fields of a real file so every table stays valid.
    let sof = real.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    let mut out = real;
    out[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    out[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    out
}

/// A simple-format lossy WebP whose VP8 frame header claims `width` x `height` (each below 16384), with a
/// few bytes of (invalid) data after it.
pub(crate) fn webp_bomb(width: u16, height: u16) -> Vec<u8> {
    // Frame tag: key frame, version 0, shown, first partition 10 bytes; then the start code and the size.
    let mut vp8 = vec![0x50, 0x01, 0x00, 0x9D, 0x01, 0x2A];
    vp8.extend_from_slice(&width.to_le_bytes());
    vp8.extend_from_slice(&height.to_le_bytes());
    vp8.extend_from_slice(&[0u8; 20]);
    let mut body = b"WEBPVP8 ".to_vec();
    body.extend_from_slice(&(vp8.len() as u32).to_le_bytes());
    body.extend_from_slice(&vp8);
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(&body);
    out
}
