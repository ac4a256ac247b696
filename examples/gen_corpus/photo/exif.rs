//! The EXIF block of a photo (an APP1 segment holding a little-endian TIFF structure): the
//! camera, the time it was taken, the orientation tag and GPS coordinates. Those are the tags
//! an image pipeline has to read: orientation to turn portrait photos upright, GPS to strip
//! before publishing or to keep, the time for captions.

pub(crate) struct Exif<'a> {
    pub(crate) make: &'a str,
    pub(crate) model: &'a str,
    /// `YYYY:MM:DD HH:MM:SS`
    pub(crate) taken: &'a str,
    /// 1 (upright) or 6 (turn 90° clockwise to view).
    pub(crate) orientation: u16,
    pub(crate) latitude: f64,
    pub(crate) longitude: f64,
    pub(crate) width: u32,
    pub(crate) height: u32,
}

const ASCII: u16 = 2;
const SHORT: u16 = 3;
const LONG: u16 = 4;
const RATIONAL: u16 = 5;
const UNDEFINED: u16 = 7;
const BYTE: u16 = 1;

/// One IFD entry: tag, type, count and the value's bytes (little-endian).
struct Entry {
    tag: u16,
    kind: u16,
    count: u32,
    bytes: Vec<u8>,
}

fn ascii(tag: u16, text: &str) -> Entry {
    let mut bytes = text.as_bytes().to_vec();
    bytes.push(0);
    Entry {
        tag,
        kind: ASCII,
        count: bytes.len() as u32,
        bytes,
    }
}

fn short(tag: u16, value: u16) -> Entry {
    Entry {
        tag,
        kind: SHORT,
        count: 1,
        bytes: value.to_le_bytes().to_vec(),
    }
}

fn long(tag: u16, value: u32) -> Entry {
    Entry {
        tag,
        kind: LONG,
        count: 1,
        bytes: value.to_le_bytes().to_vec(),
    }
}

fn rationals(tag: u16, values: &[(u32, u32)]) -> Entry {
    let bytes = values
        .iter()
        .flat_map(|(n, d)| n.to_le_bytes().into_iter().chain(d.to_le_bytes()))
        .collect();
    Entry {
        tag,
        kind: RATIONAL,
        count: values.len() as u32,
        bytes,
    }
}

/// Degrees, minutes and hundredths of seconds of an absolute coordinate.
fn dms(value: f64) -> [(u32, u32); 3] {
    let value = value.abs();
    let degrees = value.floor();
    let minutes = ((value - degrees) * 60.0).floor();
    let seconds = ((value - degrees) * 3600.0 - minutes * 60.0) * 100.0;
    [(degrees as u32, 1), (minutes as u32, 1), (seconds.round() as u32, 100)]
}

/// Bytes an IFD takes: count, entries, next-IFD offset, and values longer than four bytes.
fn ifd_size(entries: &[Entry]) -> usize {
    2 + entries.len() * 12 + 4 + entries.iter().map(|e| outside(e).div_ceil(2) * 2).sum::<usize>()
}

/// Bytes of a value stored outside its entry (values of up to four bytes sit inside it).
fn outside(e: &Entry) -> usize {
    if e.bytes.len() > 4 { e.bytes.len() } else { 0 }
}

/// Writes an IFD at `tiff.len()` (its offset from the TIFF header), values after the entries.
fn write_ifd(tiff: &mut Vec<u8>, entries: &mut [Entry]) {
    entries.sort_by_key(|e| e.tag);
    let start = tiff.len();
    let mut data_at = start + 2 + entries.len() * 12 + 4;
    tiff.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    for e in entries.iter() {
        tiff.extend_from_slice(&e.tag.to_le_bytes());
        tiff.extend_from_slice(&e.kind.to_le_bytes());
        tiff.extend_from_slice(&e.count.to_le_bytes());
        if e.bytes.len() <= 4 {
            let mut inline = [0u8; 4];
            inline[..e.bytes.len()].copy_from_slice(&e.bytes);
            tiff.extend_from_slice(&inline);
        } else {
            tiff.extend_from_slice(&(data_at as u32).to_le_bytes());
            data_at += e.bytes.len().div_ceil(2) * 2;
        }
    }
    tiff.extend_from_slice(&0u32.to_le_bytes());
    for e in entries.iter().filter(|e| e.bytes.len() > 4) {
        tiff.extend_from_slice(&e.bytes);
        if e.bytes.len() % 2 == 1 {
            tiff.push(0);
        }
    }
}

/// The APP1 payload: `Exif\0\0` and the TIFF structure (the encoder adds marker and length).
pub(crate) fn app1(exif: &Exif) -> Vec<u8> {
    let mut exif_ifd = vec![
        Entry {
            tag: 0x9000,
            kind: UNDEFINED,
            count: 4,
            bytes: b"0232".to_vec(),
        },
        ascii(0x9003, exif.taken),
        ascii(0x9004, exif.taken),
        long(0xA002, exif.width),
        long(0xA003, exif.height),
    ];
    let mut gps_ifd = vec![
        Entry {
            tag: 0x0000,
            kind: BYTE,
            count: 4,
            bytes: vec![2, 3, 0, 0],
        },
        ascii(0x0001, if exif.latitude >= 0.0 { "N" } else { "S" }),
        rationals(0x0002, &dms(exif.latitude)),
        ascii(0x0003, if exif.longitude >= 0.0 { "E" } else { "W" }),
        rationals(0x0004, &dms(exif.longitude)),
    ];
    // IFD0's size does not depend on the offsets it holds, so it can be measured with zeros.
    let ifd0 = |exif_at: u32, gps_at: u32| {
        vec![
            ascii(0x010F, exif.make),
            ascii(0x0110, exif.model),
            short(0x0112, exif.orientation),
            rationals(0x011A, &[(72, 1)]),
            rationals(0x011B, &[(72, 1)]),
            short(0x0128, 2),
            ascii(0x0132, exif.taken),
            long(0x8769, exif_at),
            long(0x8825, gps_at),
        ]
    };
    let exif_at = 8 + ifd_size(&ifd0(0, 0));
    let gps_at = exif_at + ifd_size(&exif_ifd);

    let mut tiff = b"II*\0".to_vec();
    tiff.extend_from_slice(&8u32.to_le_bytes());
    write_ifd(&mut tiff, &mut ifd0(exif_at as u32, gps_at as u32));
    write_ifd(&mut tiff, &mut exif_ifd);
    write_ifd(&mut tiff, &mut gps_ifd);

    let mut out = b"Exif\0\0".to_vec();
    out.extend_from_slice(&tiff);
    out
}
