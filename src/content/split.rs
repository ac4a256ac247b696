//! Splits a content file into its `+++` front matter and its Markdown body. Nothing else:
//! decoding and line-ending normalisation happen before, parsing after.

use std::ops::Range;

/// Byte ranges of the two parts inside the normalised file text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Parts {
    pub front_matter: Range<usize>,
    pub body: Range<usize>,
}

/// Why a file has no usable front matter; the caller turns it into a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SplitError {
    Empty,
    NoOpening,
    Unclosed,
}

/// Finds the front matter between a first line `+++` and the next line `+++`.
/// The text must already use `\n` line endings.
pub(crate) fn split(text: &str) -> Result<Parts, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "+++" {
        return Err(SplitError::NoOpening);
    }
    let start = (first_line_end + 1).min(text.len());
    let mut line_start = start;
    while line_start < text.len() {
        let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
        if text[line_start..line_end].trim_end() == "+++" {
            let body_start = (line_end + 1).min(text.len());
            return Ok(Parts {
                front_matter: start..line_start,
                body: body_start..text.len(),
            });
        }
        line_start = line_end + 1;
    }
    Err(SplitError::Unclosed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let text = "+++\ntitle = \"a\"\n+++\nBody\n";
        let parts = split(text).unwrap();
        assert_eq!(&text[parts.front_matter], "title = \"a\"\n");
        assert_eq!(&text[parts.body], "Body\n");
    }

    #[test]
    fn a_plus_line_inside_a_string_is_not_the_end_but_a_plus_line_is() {
        let text = "+++\ntitle = \"+++\"\n+++";
        let parts = split(text).unwrap();
        assert_eq!(&text[parts.front_matter], "title = \"+++\"\n");
        assert_eq!(parts.body, text.len()..text.len());
    }

    #[test]
    fn reports_each_malformation() {
        assert_eq!(split(""), Err(SplitError::Empty));
        assert_eq!(split("  \n"), Err(SplitError::Empty));
        assert_eq!(split("title = 1\n"), Err(SplitError::NoOpening));
        assert_eq!(split("+++\ntitle = 1\n"), Err(SplitError::Unclosed));
    }
}
