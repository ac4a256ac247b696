//! gazette: a static site generator for bilingual event publications.
//!
//! The pipeline runs one way: `config` reads site.toml, `content` loads and validates every
//! article and page, `site` indexes them, `render` turns the site into a plan of files, and
//! `output` writes that plan aside and swaps it in. Only `output` touches the output folder.

pub mod config;
pub mod content;
pub mod diagnostics;
pub mod locale;
pub mod markdown;
pub mod slug;
