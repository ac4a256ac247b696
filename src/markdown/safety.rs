//! What Markdown may put into attributes: link and image URLs, and heading attributes. The
//! rules themselves are documented on [`Options::raw_html`](super::Options::raw_html).

use std::borrow::Cow;

use pulldown_cmark::CowStr;

/// Schemes a link or image may use when raw HTML is off.
const SAFE_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Whether a URL is relative (no scheme) or uses a safe scheme, judged as a browser would
/// read it: leading/trailing controls and spaces stripped, tabs and newlines anywhere removed
/// (the WHATWG URL parser does both, so `java&#x09;script:` is `javascript:`). Anything with a
/// `:` before the first `/`, `?` or `#` has a scheme and must name a safe one; that also
/// rejects relative paths like `a:b`, which need `./a:b`.
pub(super) fn is_safe_url(url: &str) -> bool {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let cleaned = if trimmed.contains(['\t', '\n', '\r']) {
        Cow::Owned(trimmed.replace(['\t', '\n', '\r'], ""))
    } else {
        Cow::Borrowed(trimmed)
    };
    match cleaned.find([':', '/', '?', '#']) {
        Some(i) if cleaned.as_bytes()[i] == b':' => SAFE_SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(&cleaned[..i])),
        _ => true,
    }
}

/// The base path as a prefix: `/events/` and `/events` become `/events`; empty (a root
/// deployment) stays empty. The route table gives it with its leading slash already.
pub(super) fn normalise_base(base: &str) -> String {
    base.trim().trim_end_matches('/').to_string()
}

/// A root-relative URL (one leading `/`; `//host` and `/\host` address another host) with the
/// base path in front.
pub(super) fn with_base<'a>(url: CowStr<'a>, base: &str) -> CowStr<'a> {
    let root_relative = url.starts_with('/') && !url.starts_with("//") && !url.starts_with("/\\");
    if base.is_empty() || !root_relative {
        return url;
    }
    CowStr::from(format!("{base}{url}"))
}

/// Whether a class from `{.class}` is kept: letters, digits, `-` and `_`, so it needs no
/// escaping in CSS and cannot smuggle anything else into the attribute.
pub(super) fn is_safe_class(class: &str) -> bool {
    !class.is_empty()
        && class
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
}

/// Heading `key=value` attributes that are kept: none without raw HTML; with it, any with a
/// well-formed name except event handlers (`on…`) and `id`/`class` (set by `#`/`.`, a second
/// one would be a duplicate attribute). Quotes around a value are removed, as the value is
/// quoted again on output.
pub(super) fn heading_attrs<'a>(
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    raw_html: bool,
) -> Vec<(CowStr<'a>, Option<CowStr<'a>>)> {
    if !raw_html {
        return Vec::new();
    }
    attrs
        .into_iter()
        .filter(|(name, _)| is_allowed_attr_name(name))
        .map(|(name, value)| (name, value.map(unquote)))
        .collect()
}

fn is_allowed_attr_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let mut chars = name.chars();
    let well_formed = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'));
    well_formed && !lower.starts_with("on") && lower != "id" && lower != "class"
}

fn unquote(value: CowStr<'_>) -> CowStr<'_> {
    let quoted = |q: char| value.len() >= 2 && value.starts_with(q) && value.ends_with(q);
    if quoted('"') || quoted('\'') {
        CowStr::from(value[1..value.len() - 1].to_string())
    } else {
        value
    }
}
