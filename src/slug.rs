//! ASCII slugs for URLs and anchors. CJK and accented text is transliterated (deunicode), so
//! 重庆 becomes `zhong-qing` and Zürich `zurich`: every path gazette writes is plain ASCII.

/// Lowercase ASCII letters and digits separated by single hyphens; empty for text with no
/// letters or digits at all.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode_with_tofu(text, "-");
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// Whether an editor-given slug is safe as one URL path segment.
pub fn is_valid(slug: &str) -> bool {
    !slug.is_empty()
        && slug != "."
        && slug != ".."
        && slug
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
        && !slug.starts_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterates_cjk_and_accents() {
        assert_eq!(slugify("重庆"), "zhong-qing");
        assert_eq!(slugify("Über 150 Unternehmen!"), "uber-150-unternehmen");
        assert_eq!(slugify("  --a  b--  "), "a-b");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn rejects_path_tricks() {
        assert!(is_valid("shandong-talks-2024"));
        for bad in ["", "..", "../etc", "a/b", ".hidden", "a b", "重庆"] {
            assert!(!is_valid(bad), "{bad}");
        }
    }
}
