//! Hashes that outlive a build: URL suffixes, feed and calendar identities and the state of
//! an original that a translation records. They must be the same on every machine and with
//! every Rust release, which `std`'s hasher does not promise, so they use BLAKE3.

/// The BLAKE3 hash of `bytes`, as lowercase hex (64 characters).
pub(crate) fn hex(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// A UUID (version 8, RFC 9562: vendor-defined) made from `name`: the same name gives the
/// same UUID everywhere, for Atom entry ids and calendar UIDs.
pub(crate) fn uuid(name: &str) -> String {
    let hash = blake3::hash(name.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&hash.as_bytes()[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
}

/// The UUID of one language version of an article, for its Atom entry and calendar event:
/// made from the article's identity, never from its URL, so redating or renaming keeps it.
pub(crate) fn article_uuid(id: &str, lang: crate::config::Lang) -> String {
    uuid(&[id, lang.as_str()].join("\u{1f}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn uuids_are_stable_and_well_formed() {
        let a = super::uuid("2024/shandong-chongqing-talks");
        assert_eq!(a, super::uuid("2024/shandong-chongqing-talks"));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "8");
        assert_ne!(a, super::uuid("2024/other"));
    }
}
