//! Quantities: the key figures of an article ("25 projects signed", "121 billion yuan invested")
//! as one exact value and one typed unit, written by each language in its own words.
//!
//! This module owns three things, so that the rest of gazette never handles a figure as a string:
//!
//! - **Exact values** ([`Exact`], [`parse_value`]): the number is parsed from the literal text of
//!   the TOML source, never through `f64`, so `9007199254740993` stays `…993` and `38.6` stays
//!   `38.6`. Equality and hashing are numeric, so `gazette check` can compare a translation's
//!   figure with its original's.
//! - **Typed units** ([`Unit`]): an ISO 4217 [`Currency`], a CLDR [`Measure`] unit, or [`Unit::Words`]
//!   that one language writes for what no code covers (`家`, `Container`). Codes are validated
//!   with a "did you mean" hint, because a unit copied wrongly into a translation is the mistake
//!   this design exists to prevent.
//! - **Formatting** ([`QuantityFormatter`]): one per language, built once per build from CLDR data
//!   (ICU4X) and the theme's words table ([`words`] documents the keys). One value becomes
//!   `121 Mrd. Yuan` on a German page and `1210亿元` on a Chinese one.
//!
//! # Compact or full: the exactness rule
//!
//! A figure is written with a scale word (`Mio.`, `Mrd.`, `万`, `亿`, `million`) only when that
//! loses nothing: the significand at the language's CLDR scale has at most
//! [`MAX_COMPACT_FRACTION_DIGITS`] fraction digits, so no rounding ever happens (`1,25 Mio.`, but
//! `1.234.567 Euro`). It is also written compactly only from the language's first CLDR scale at
//! or above 10^4: 10^4 (`万`) for Chinese and Japanese, 10^6 for German and English (English's
//! `K` at 10^3 is skipped), so a German `150.000` stays a full number while Chinese writes `15万`.
//! The words table can move that threshold or switch compaction off ([`words`]). Every other
//! value is written in full with the language's grouping: `9.007.199.254.740.993`,
//! `1,234,567,891元`. Values are never rounded, so a figure on the page is the figure written.
//!
//! # Composition
//!
//! A figure is built inside out: the number (`1210`, with its sign), then the approximation
//! (`{0}余` → `1210余`), then the scale word (`{0}亿` → `1210余亿`), then the unit (`{0}元` →
//! `1210余亿元`). Approximation sits next to the number because Chinese puts `余`/`多` between
//! the number and the scale word; for prefix patterns (`über {0}`) the result is the same as
//! wrapping the whole figure.
//!
//! Texts use the spaces CLDR uses: often U+00A0 (no-break space) between a number and its scale
//! word or unit (`121 Mrd. Yuan`), so a figure never breaks across lines.

mod cldr;
mod exact;
mod format;
mod iso4217;
mod units;
pub(crate) mod words;

#[cfg(test)]
mod tests;

use std::fmt;

pub(crate) use exact::{Exact, parse_value};
pub(crate) use format::QuantityFormatter;
pub(crate) use units::{Approx, Currency, Measure, parse_approx, parse_currency, parse_measure};
pub(crate) use words::check_words;

/// One key figure of an article: what was counted, in which unit, and how exactly.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Figure {
    pub value: Exact,
    pub unit: Unit,
    /// Set when the report gives a bound or an estimate ("über 150", "150余").
    pub approx: Option<Approx>,
}

impl Figure {}

#[cfg(test)]
impl Figure {
    /// A figure with no unit and no approximation: a plain count such as "25 projects".
    pub(crate) fn count(value: Exact) -> Self {
        Figure {
            value,
            unit: Unit::None,
            approx: None,
        }
    }

    /// Whether a translation's figure states the same fact as the original's.
    ///
    /// Values compare numerically and typed units by code. [`Unit::Words`] are one language's
    /// words, so two of them always agree (`家` and `Unternehmen` say the same), but words never
    /// agree with a typed unit or with no unit: that is a fact changed in translation.
    pub(crate) fn agrees_with(&self, other: &Figure) -> bool {
        let units_agree = match (&self.unit, &other.unit) {
            (Unit::Words(_), Unit::Words(_)) => true,
            (a, b) => a == b,
        };
        self.value == other.value && units_agree && self.approx == other.approx
    }
}

/// What a figure counts. Typed units are language-independent; [`Unit::Words`] is not.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Unit {
    /// A plain count or ratio written as a bare number.
    None,
    Currency(Currency),
    Measure(Measure),
    /// Words one language writes for what no code covers (`家`, `个`, `Container`). They belong to
    /// the article that wrote them and must not be inherited by a translation.
    Words(String),
}

/// An error in a figure or a words table: what is wrong, and what to write instead.
///
/// Errors are data so the caller can attach a file, line and field and report them together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QuantityError {
    pub message: String,
    pub hint: Option<String>,
}

impl QuantityError {
    fn new(message: impl Into<String>, hint: impl Into<Option<String>>) -> Self {
        QuantityError {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.hint {
            Some(hint) => write!(f, "{} ({hint})", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for QuantityError {}

/// The typed unit that an editor's words most likely mean, for hints: `Mrd. Yuan` →
/// `currency = "CNY" (with the value in full)`. `None` when no code fits.
pub(crate) fn suggest_code(words: &str) -> Option<String> {
    const CURRENCIES: &[(&str, &str)] = &[
        ("yuan", "CNY"),
        ("元", "CNY"),
        ("人民币", "CNY"),
        ("rmb", "CNY"),
        ("euro", "EUR"),
        ("欧元", "EUR"),
        ("€", "EUR"),
        ("dollar", "USD"),
        ("美元", "USD"),
        ("$", "USD"),
    ];
    const MEASURES: &[(&str, &str)] = &[
        ("平方公里", "square-kilometer"),
        ("km²", "square-kilometer"),
        ("平方米", "square-meter"),
        ("m²", "square-meter"),
        ("tonne", "tonne"),
        ("吨", "tonne"),
        ("hektar", "hectare"),
        ("hectare", "hectare"),
        ("公顷", "hectare"),
        ("prozent", "percent"),
        ("percent", "percent"),
        ("%", "percent"),
        ("千瓦时", "kilowatt-hour"),
        ("kwh", "kilowatt-hour"),
        ("兆瓦", "megawatt"),
        ("mw", "megawatt"),
        ("公里", "kilometer"),
        ("km", "kilometer"),
    ];
    const SCALES: &[&str] = &["mrd", "mio", "milliard", "million", "billion", "亿", "万"];
    let lower = words.to_lowercase();
    let scaled = SCALES.iter().any(|s| lower.contains(s));
    let full = if scaled {
        " with the value in full (value = 121_000_000_000)"
    } else {
        ""
    };
    if let Some((_, code)) = CURRENCIES.iter().find(|(w, _)| lower.contains(w)) {
        return Some(format!("currency = \"{code}\"{full}"));
    }
    MEASURES
        .iter()
        .find(|(w, _)| lower.contains(w))
        .map(|(_, id)| format!("unit = \"{id}\"{full}"))
}
