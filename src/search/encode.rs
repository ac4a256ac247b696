//! Byte-level encodings of the index files: posting lists, JSON strings, content hashes.
//!
//! Posting lists are strings inside JSON, so they use the 64 characters of base64url, which
//! JSON never escapes. A list is written either as variable-length gaps (compact for rare
//! terms) or as a bitmap (compact for terms in more than about one document in six, such as
//! `und` or `企业`), whichever is shorter; `decodeList` in search.js reads both.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Marks a list written as a bitmap.
const BITMAP: char = '~';

/// Appends the ascending, distinct `ids` to `out`, as gaps or as a bitmap.
///
/// Gaps: the first id, then each id minus the previous minus one, each as base-32 digits, low
/// digits first, in characters whose value has bit 5 set on all but a number's last digit.
/// Bitmap: `~`, then bit `id` set for each id, six bits per character, low bits first.
pub(crate) fn push_list(out: &mut String, ids: &[u32]) {
    let gaps_len = gaps_length(ids);
    let bitmap_len = ids.last().map_or(0, |&max| 1 + (max as usize / 6) + 1);
    if bitmap_len < gaps_len {
        push_bitmap(out, ids);
    } else {
        push_gaps(out, ids);
    }
}

fn gaps(ids: &[u32]) -> impl Iterator<Item = u32> + '_ {
    let mut previous: Option<u32> = None;
    ids.iter().map(move |&id| {
        let gap = previous.map_or(id, |p| id.saturating_sub(p).saturating_sub(1));
        previous = Some(id);
        gap
    })
}

fn digits(mut value: u32) -> usize {
    let mut n = 1;
    while value >= 32 {
        value >>= 5;
        n += 1;
    }
    n
}

fn gaps_length(ids: &[u32]) -> usize {
    gaps(ids).map(digits).sum()
}

fn push_gaps(out: &mut String, ids: &[u32]) {
    for mut gap in gaps(ids) {
        loop {
            let low = (gap & 31) as usize;
            gap >>= 5;
            if gap == 0 {
                out.push(char::from(ALPHABET[low]));
                break;
            }
            out.push(char::from(ALPHABET[low | 32]));
        }
    }
}

fn push_bitmap(out: &mut String, ids: &[u32]) {
    let Some(&max) = ids.last() else {
        return;
    };
    let mut cells = vec![0u8; max as usize / 6 + 1];
    for &id in ids {
        if let Some(cell) = cells.get_mut(id as usize / 6) {
            *cell |= 1 << (id % 6);
        }
    }
    out.push(BITMAP);
    out.extend(cells.iter().map(|&c| char::from(ALPHABET[c as usize])));
}

/// Appends `text` as a JSON string literal. Scans bytes: only `"`, `\\`, control characters
/// and U+2028/U+2029 (E2 80 A8/A9) need escaping, and article bodies are megabytes in all.
pub(crate) fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    let bytes = text.as_bytes();
    let mut plain = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let width = match b {
            b'"' | b'\\' | 0..=0x1F => 1,
            0xE2 if bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) => 3,
            _ => continue,
        };
        // Escaped bytes are ASCII or start a character, so both ends are character boundaries.
        out.push_str(text.get(plain..i).unwrap_or_default());
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0xE2 if bytes.get(i + 2) == Some(&0xA8) => out.push_str("\\u2028"),
            0xE2 => out.push_str("\\u2029"),
            _ => out.push_str(&format!("\\u{b:04x}")),
        }
        plain = i + width;
    }
    out.push_str(text.get(plain..).unwrap_or_default());
    out.push('"');
}

/// A 64-bit hash of `bytes` that is the same on every platform and every build, because chunk
/// file names are made of it and must not change unless the chunk's bytes do.
pub(crate) fn content_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517C_C1B7_2722_0A95;
    let mut h: u64 = 0x243F_6A88_85A3_08D3 ^ bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    let mut tail = [0u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    h = (h.rotate_left(5) ^ u64::from_le_bytes(tail)).wrapping_mul(K);
    // splitmix64's finaliser, so that every input bit reaches the bits used in names.
    h = (h ^ (h >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
}

/// Eight lower-case base-32 characters (40 bits) of a hash: short in the manifest, and safe on
/// case-insensitive file systems.
pub(crate) fn short_name(hash: u64) -> String {
    const DIGITS: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
    (0..8)
        .map(|i| char::from(DIGITS[((hash >> (5 * i)) & 31) as usize]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(ids: &[u32]) -> String {
        let mut s = String::new();
        push_list(&mut s, ids);
        s
    }

    #[test]
    fn rare_terms_are_gaps() {
        assert_eq!(list(&[0]), "A");
        assert_eq!(list(&[3, 4, 40]), "DAjB");
        // 1000 = 0b11111_01000 → digits 8 (+32) and 31.
        assert_eq!(list(&[1000]), "of");
        assert_eq!(list(&[]), "");
    }

    #[test]
    fn frequent_terms_are_bitmaps() {
        let all: Vec<u32> = (0..60).collect();
        assert_eq!(list(&all), format!("~{}", "_".repeat(10)));
    }

    #[test]
    fn json_strings() {
        let mut s = String::new();
        push_json_string(&mut s, "a\"b\\c\nd\u{1}e\u{2028}中");
        assert_eq!(s, r#""a\"b\\c\nd\u0001e\u2028中""#);
    }

    #[test]
    fn hashes_are_stable() {
        assert_eq!(short_name(content_hash(b"")), short_name(content_hash(b"")));
        assert_ne!(content_hash(b"a"), content_hash(b"b"));
        assert_ne!(content_hash(b"12345678"), content_hash(b"123456780"));
    }
}
