//! Lossless removal of metadata from a JPEG file: the compressed image data is copied byte for byte, so a photo
//! that needs no resizing and no rotation is published without a second round of JPEG loss.
//!
//! Kept: the coding segments (SOF, DHT, DQT, DRI, SOS and scans), a JFIF APP0 header reduced to its fixed part (a
//! JFIF header may carry a thumbnail) and Adobe's APP14 (it says how colours are coded). Dropped: every other APPn
//! (EXIF with GPS, XMP, ICC, MPF, IPTC/Photoshop), comments, and anything after the end-of-image marker (such as
//! the video of a "motion photo").

const SOI: u8 = 0xD8;
const EOI: u8 = 0xD9;
const SOS: u8 = 0xDA;
const APP0: u8 = 0xE0;
const APP14: u8 = 0xEE;
const COM: u8 = 0xFE;

/// Returns the file without metadata, or `None` if its structure is not the plain segment sequence expected
/// (the caller then re-encodes from decoded pixels, which also surfaces real corruption).
pub(crate) fn strip_metadata(data: &[u8]) -> Option<Vec<u8>> {
    if data.get(..2)? != [0xFF, SOI] {
        return None;
    }
    let mut out = Vec::with_capacity(data.len());
    out.extend_from_slice(&[0xFF, SOI]);
    let mut pos = 2;
    loop {
        let marker = read_marker(data, &mut pos)?;
        match marker {
            EOI => {
                out.extend_from_slice(&[0xFF, EOI]);
                return Some(out);
            }
            0xD0..=0xD7 | 0x01 => out.extend_from_slice(&[0xFF, marker]),
            _ => {
                let len = usize::from(u16::from_be_bytes([*data.get(pos)?, *data.get(pos + 1)?]));
                let segment = data.get(pos..pos.checked_add(len)?).filter(|_| len >= 2)?;
                pos += len;
                keep_segment(marker, segment, &mut out);
                if marker == SOS {
                    let end = entropy_end(data, pos)?;
                    out.extend_from_slice(&data[pos..end]);
                    pos = end;
                }
            }
        }
    }
}

/// Reads `FF xx` at `pos` (skipping fill bytes) and returns `xx`.
fn read_marker(data: &[u8], pos: &mut usize) -> Option<u8> {
    if *data.get(*pos)? != 0xFF {
        return None;
    }
    while *data.get(*pos)? == 0xFF {
        *pos += 1;
    }
    let marker = *data.get(*pos)?;
    *pos += 1;
    Some(marker)
}

/// Appends `FF marker segment` if the segment is coding data rather than metadata.
/// `segment` starts with the two length bytes.
fn keep_segment(marker: u8, segment: &[u8], out: &mut Vec<u8>) {
    let payload = &segment[2..];
    match marker {
        APP0 if payload.starts_with(b"JFIF\0") && payload.len() >= 14 => {
            // Length 16, then JFIF, version, units and density; thumbnail size forced to 0x0.
            out.extend_from_slice(&[0xFF, APP0, 0x00, 0x10]);
            out.extend_from_slice(&payload[..12]);
            out.extend_from_slice(&[0, 0]);
        }
        APP14 if payload.starts_with(b"Adobe") => {
            out.extend_from_slice(&[0xFF, marker]);
            out.extend_from_slice(segment);
        }
        APP0..=0xEF | COM => {}
        _ => {
            out.extend_from_slice(&[0xFF, marker]);
            out.extend_from_slice(segment);
        }
    }
}

/// Index of the marker that ends the entropy-coded data starting at `pos`. Inside that data `FF 00` is an escaped
/// byte and `FF D0`-`FF D7` are restart markers; any other `FF xx` begins the next segment.
fn entropy_end(data: &[u8], mut pos: usize) -> Option<usize> {
    loop {
        let offset = data.get(pos..)?.iter().position(|&b| b == 0xFF)?;
        pos += offset;
        match *data.get(pos + 1)? {
            0x00 | 0xD0..=0xD7 => pos += 2,
            0xFF => pos += 1,
            _ => return Some(pos),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
        let len = (payload.len() + 2) as u16;
        let mut s = vec![0xFF, marker];
        s.extend_from_slice(&len.to_be_bytes());
        s.extend_from_slice(payload);
        s
    }

    #[test]
    fn drops_app_segments_comments_and_trailer_but_keeps_scan() {
        let mut file = vec![0xFF, SOI];
        file.extend(segment(APP0, b"JFIF\0\x01\x02\x00\x00\x01\x00\x01\x01\x01\xAA\xBB\xCC"));
        file.extend(segment(0xE1, b"Exif\0\0secret-gps"));
        file.extend(segment(COM, b"comment"));
        file.extend(segment(0xDB, b"\x00quant"));
        file.extend(segment(SOS, b"\x01\x01\x00\x00\x3f\x00"));
        file.extend_from_slice(&[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]);
        file.extend_from_slice(&[0xFF, EOI]);
        file.extend_from_slice(b"trailing video");
        let out = strip_metadata(&file).unwrap();
        let text = String::from_utf8_lossy(&out);
        assert!(!text.contains("secret") && !text.contains("comment") && !text.contains("trailing"));
        assert!(out.windows(5).any(|w| w == b"quant"));
        assert!(out.windows(7).any(|w| w == [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]));
        assert!(out.ends_with(&[0xFF, EOI]));
        // JFIF kept, thumbnail removed.
        assert_eq!(&out[2..6], &[0xFF, APP0, 0x00, 0x10]);
    }

    #[test]
    fn rejects_truncated_or_foreign_data() {
        assert!(strip_metadata(b"not a jpeg").is_none());
        assert!(strip_metadata(&[0xFF, SOI, 0xFF, 0xE1, 0x00]).is_none());
        assert!(strip_metadata(&[0xFF, SOI, 0xFF, 0xE1, 0x00, 0x40, 1, 2]).is_none());
    }
}
