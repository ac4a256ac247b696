//! What the caller can tune, and the two things derived from it: which widths one source actually gets, and the
//! part of the cache key that the settings contribute.

use super::error::ImageError;

/// Bumped whenever the bytes produced for the same source and settings change (filter, encoder options, layout),
/// so that old cache entries are never served for a newer pipeline.
pub(super) const PIPELINE_VERSION: u32 = 1;

/// Output formats of the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Format {
    Jpeg,
    Png,
    Webp,
}

impl Format {
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
        }
    }

    pub(crate) fn mime_type(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "jpeg",
            Format::Png => "png",
            Format::Webp => "webp",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<Format> {
        match name {
            "jpeg" => Some(Format::Jpeg),
            "png" => Some(Format::Png),
            "webp" => Some(Format::Webp),
            _ => None,
        }
    }
}

/// Tuning of the pipeline. `Settings::default()` is what a site gets without configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Settings {
    /// Widths of the srcset, in pixels, after orientation. Widths above the source's are replaced by the source
    /// width, so an image is never upscaled and a narrow source still gets one full-size variant.
    pub widths: Vec<u32>,
    /// Lossy quality, 1-100, used for WebP variants and for a re-encoded JPEG fallback.
    pub quality: u8,
    /// libwebp's `method`, 0 (fastest) to 6 (smallest). 4 is libwebp's and Hugo's default; on photos 2 is about
    /// 2.5x faster for files about 3% larger, 0 is 5x faster for files up to 45% larger.
    pub webp_effort: u8,
    /// Largest image accepted, in pixels (width x height, checked from the header before any pixel is decoded).
    pub max_pixels: u64,
    /// Largest source file and largest decode buffer accepted, in bytes.
    pub max_memory: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            widths: vec![480, 960, 1600],
            quality: 80,
            webp_effort: 4,
            max_pixels: 100_000_000,
            max_memory: 1 << 30,
        }
    }
}

impl Settings {
    /// Rejects settings that cannot produce anything, before any file is touched.
    pub(crate) fn validate(&self) -> Result<(), ImageError> {
        if self.widths.is_empty() || self.widths.contains(&0) {
            return Err(ImageError::settings(
                format!(
                    "image widths must be a non-empty list of positive numbers, got {:?}",
                    self.widths
                ),
                "set image widths such as [480, 960, 1600] in the site configuration",
            ));
        }
        if !(1..=100).contains(&self.quality) {
            return Err(ImageError::settings(
                format!("image quality must be between 1 and 100, got {}", self.quality),
                "set an image quality such as 80 in the site configuration",
            ));
        }
        if self.webp_effort > 6 {
            return Err(ImageError::settings(
                format!("WebP effort must be between 0 and 6, got {}", self.webp_effort),
                "use 4 (default) or lower it for faster builds",
            ));
        }
        Ok(())
    }

    /// The widths one source of `source_width` pixels gets, ascending and distinct.
    pub(crate) fn widths_for(&self, source_width: u32) -> Vec<u32> {
        let mut widths: Vec<u32> = self.widths.iter().map(|&w| w.min(source_width)).collect();
        widths.sort_unstable();
        widths.dedup();
        widths
    }

    /// Everything about the settings that changes output bytes, in a stable textual form. `max_pixels` and
    /// `max_memory` only decide whether an image is accepted, so they are left out.
    pub(crate) fn key_material(&self) -> String {
        let mut widths = self.widths.clone();
        widths.sort_unstable();
        widths.dedup();
        format!(
            "gazette-images pipeline={PIPELINE_VERSION} widths={widths:?} quality={} webp_effort={}",
            self.quality, self.webp_effort
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_exceed_the_source_and_include_it_when_clamped() {
        let s = Settings::default();
        assert_eq!(s.widths_for(4000), vec![480, 960, 1600]);
        assert_eq!(s.widths_for(1200), vec![480, 960, 1200]);
        assert_eq!(s.widths_for(300), vec![300]);
        assert_eq!(s.widths_for(960), vec![480, 960]);
    }

    #[test]
    fn key_ignores_width_order_and_limits() {
        let a = Settings {
            widths: vec![960, 480],
            ..Settings::default()
        };
        let b = Settings {
            widths: vec![480, 960, 960],
            max_pixels: 5,
            ..Settings::default()
        };
        assert_eq!(a.key_material(), b.key_material());
        let c = Settings {
            quality: 81,
            ..a.clone()
        };
        assert_ne!(a.key_material(), c.key_material());
    }

    #[test]
    fn validation_rejects_empty_widths_and_bad_quality() {
        assert!(
            Settings {
                widths: vec![],
                ..Settings::default()
            }
            .validate()
            .is_err()
        );
        assert!(
            Settings {
                quality: 0,
                ..Settings::default()
            }
            .validate()
            .is_err()
        );
        assert!(
            Settings {
                webp_effort: 9,
                ..Settings::default()
            }
            .validate()
            .is_err()
        );
        assert!(Settings::default().validate().is_ok());
    }
}
