//! Errors as data: every failure of the image pipeline becomes an [`ImageError`] carrying the file it concerns,
//! a message saying what went wrong and a hint saying what an editor can do about it. Nothing here panics on bad
//! input, so one broken photo never stops a site build.

use std::fmt;
use std::path::{Path, PathBuf};

/// What kind of failure occurred, so callers can decide (e.g. warn vs. fail the build) without parsing text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    /// The source file does not exist.
    Missing,
    /// The source file exists but could not be read (permissions, I/O error).
    Unreadable,
    /// The file is not a JPEG, PNG or WebP image.
    Unsupported,
    /// The file claims to be a supported format but its data is damaged.
    Corrupt,
    /// The image is larger than the configured pixel or memory limit (decompression bombs land here).
    TooLarge,
    /// The settings themselves are unusable (e.g. no widths).
    Settings,
    /// Encoding an output failed (should not happen for valid pixels; reported rather than panicking).
    Encode,
    /// The cache folder could not be created, read or written.
    Cache,
}

/// A failure to process one image, written for the editor who placed the photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImageError {
    pub kind: ErrorKind,
    /// The source (or cache) file concerned, when there is one.
    pub path: Option<PathBuf>,
    /// What went wrong, in one sentence.
    pub message: String,
    /// What to do about it, in one sentence.
    pub hint: String,
}

impl ImageError {
    pub(crate) fn new(kind: ErrorKind, path: &Path, message: impl Into<String>, hint: impl Into<String>) -> Self {
        ImageError {
            kind,
            path: Some(path.to_path_buf()),
            message: message.into(),
            hint: hint.into(),
        }
    }

    pub(crate) fn settings(message: impl Into<String>, hint: impl Into<String>) -> Self {
        ImageError {
            kind: ErrorKind::Settings,
            path: None,
            message: message.into(),
            hint: hint.into(),
        }
    }

    pub(crate) fn corrupt(path: &Path, detail: impl fmt::Display) -> Self {
        Self::new(
            ErrorKind::Corrupt,
            path,
            format!("the image data is damaged and cannot be decoded ({detail})"),
            "open the photo in an image viewer; if it does not display, export or copy it again from the original",
        )
    }

    pub(crate) fn cache(path: &Path, err: &std::io::Error) -> Self {
        Self::new(
            ErrorKind::Cache,
            path,
            format!("the image cache could not be written or read ({err})"),
            "check that the disk is not full and the site folder is writable; the cache folder may be deleted safely",
        )
    }

    pub(crate) fn encode(path: &Path, detail: impl fmt::Display) -> Self {
        Self::new(
            ErrorKind::Encode,
            path,
            format!("a resized copy could not be encoded ({detail})"),
            "this is a bug in gazette's image pipeline; please report it with the photo attached",
        )
    }

    /// Classifies an error from reading the source file.
    pub(crate) fn io(path: &Path, err: &std::io::Error) -> Self {
        if err.kind() == std::io::ErrorKind::NotFound {
            Self::new(
                ErrorKind::Missing,
                path,
                "the image file does not exist",
                "check the file name and its folder in the page (names are case-sensitive)",
            )
        } else {
            Self::new(
                ErrorKind::Unreadable,
                path,
                format!("the image file could not be read ({err})"),
                "check that the file is readable and not still being copied",
            )
        }
    }
}

impl fmt::Display for ImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}: ", path.display())?;
        }
        write!(f, "{} (hint: {})", self.message, self.hint)
    }
}

impl std::error::Error for ImageError {}
