//! Exact figure values, parsed from the literal text of the TOML source.
//!
//! A TOML parser hands numbers over as `i64` or `f64`; `f64` cannot hold `9007199254740993` or
//! `0.1`, and a figure printed in a report must be the figure written. So the caller passes the
//! literal slice (`121_000_000_000`, `38.6`, `1.21e11`) and this module keeps it as a decimal.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use fixed_decimal::{Decimal, Sign, UnsignedDecimal};

use super::QuantityError;

/// The most digits a figure may be written with. Reports print no more than ~25; the bound keeps
/// a malformed literal from allocating without limit.
const MAX_DIGITS: usize = 100;

/// The largest power of ten a value may reach either way (10^±300): beyond any real figure, and
/// well inside the `i16` magnitudes of [`Decimal`].
const MAX_MAGNITUDE: i64 = 300;

/// An exact decimal value: a figure as the author wrote it.
///
/// Two values are equal when they are numerically equal (`38.6 == 38.60`, `1.21e11 ==
/// 121_000_000_000`); [`Exact::plain`] is the same for equal values, so it is also the hash key.
/// Formatting keeps the fraction digits as written (`85000.50` → `85.000,50`): a writer who adds
/// a trailing zero to an amount usually means it.
#[derive(Debug, Clone)]
pub(crate) struct Exact {
    written: Decimal,
    canonical: Decimal,
    plain: Box<str>,
}

impl Exact {
    /// The machine form for JSON-LD and `data-` attributes: no grouping, `.` as the decimal
    /// point, no trailing fraction zeros, `-` for negatives: `121000000000`, `38.6`, `-0.25`.
    pub(crate) fn plain(&self) -> &str {
        &self.plain
    }

    /// The value with the fraction digits as written, for full (non-compact) formatting.
    pub(super) fn written(&self) -> &Decimal {
        &self.written
    }

    /// The value without leading or trailing zeros, for compact formatting and comparison.
    pub(super) fn canonical(&self) -> &Decimal {
        &self.canonical
    }

    fn from_decimal(mut written: Decimal) -> Self {
        written.absolute.trim_start();
        if written.absolute.is_zero() || written.sign == Sign::Positive {
            written.sign = Sign::None;
        }
        let mut canonical = written.clone();
        canonical.absolute.trim_end();
        let plain = canonical.to_string().into_boxed_str();
        Exact {
            written,
            canonical,
            plain,
        }
    }
}

impl From<i64> for Exact {
    fn from(value: i64) -> Self {
        Exact::from_decimal(Decimal::from(value))
    }
}

impl PartialEq for Exact {
    fn eq(&self, other: &Self) -> bool {
        self.plain == other.plain
    }
}

impl Eq for Exact {}

impl Hash for Exact {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.plain.hash(state);
    }
}

impl PartialOrd for Exact {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Exact {
    /// Numeric order, so `check` can also compare a translation's bound with the original's.
    fn cmp(&self, other: &Self) -> Ordering {
        let (a, b) = (&self.canonical, &other.canonical);
        match (a.sign == Sign::Negative, b.sign == Sign::Negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => cmp_absolute(&a.absolute, &b.absolute),
            (true, true) => cmp_absolute(&b.absolute, &a.absolute),
        }
    }
}

fn cmp_absolute(a: &UnsignedDecimal, b: &UnsignedDecimal) -> Ordering {
    match (a.is_zero(), b.is_zero()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Less,
        (false, true) => return Ordering::Greater,
        (false, false) => {}
    }
    let top = a.nonzero_magnitude_start();
    if top != b.nonzero_magnitude_start() {
        return top.cmp(&b.nonzero_magnitude_start());
    }
    let bottom = a.nonzero_magnitude_end().min(b.nonzero_magnitude_end());
    (bottom..=top)
        .rev()
        .map(|m| a.digit_at(m).cmp(&b.digit_at(m)))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

impl fmt::Display for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.plain)
    }
}

/// Parses a TOML number literal exactly as written in the source.
///
/// Accepts what TOML accepts for integers and floats: an optional sign, `_` between digits,
/// a fraction, an exponent (`1.21e11`, `5E-3`), and unsigned `0x`/`0o`/`0b` integers. Rejects
/// `inf` and `nan`, which no report can print as a figure.
pub(crate) fn parse_value(literal: &str) -> Result<Exact, QuantityError> {
    let text = literal.trim();
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if matches!(unsigned, "inf" | "nan") {
        return Err(QuantityError::new(
            format!("`{text}` is not a figure"),
            "write the number itself, e.g. `value = 150`".to_string(),
        ));
    }
    let absolute = match radix_of(unsigned) {
        Some((radix, digits)) if unsigned.len() == text.len() => parse_radix(digits, radix, text)?,
        Some(_) => return Err(syntax_error(text, "hexadecimal, octal and binary numbers take no sign")),
        None => parse_decimal(unsigned, text)?,
    };
    let sign = if negative { Sign::Negative } else { Sign::None };
    Ok(Exact::from_decimal(Decimal::new(sign, absolute)))
}

fn radix_of(text: &str) -> Option<(u32, &str)> {
    let radix = match text.get(..2)? {
        "0x" => 16,
        "0o" => 8,
        "0b" => 2,
        _ => return None,
    };
    Some((radix, &text[2..]))
}

fn parse_radix(digits: &str, radix: u32, text: &str) -> Result<UnsignedDecimal, QuantityError> {
    let cleaned = without_underscores(digits, |c| c.is_digit(radix)).ok_or_else(|| misplaced_underscore(text))?;
    match u64::from_str_radix(&cleaned, radix) {
        Ok(value) => Ok(UnsignedDecimal::from(value)),
        Err(_) => Err(syntax_error(text, "not a valid integer")),
    }
}

/// Parses `digits[.digits][(e|E)[+-]digits]` without a sign.
fn parse_decimal(unsigned: &str, text: &str) -> Result<UnsignedDecimal, QuantityError> {
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let mantissa = clean_mantissa(mantissa, text)?;
    let exponent = match exponent {
        Some(e) => parse_exponent(e, text)?,
        None => 0,
    };
    let integer_digits = mantissa.split('.').next().map_or(0, str::len) as i64;
    if !(-MAX_MAGNITUDE..=MAX_MAGNITUDE).contains(&(integer_digits - 1 + exponent)) {
        return Err(QuantityError::new(
            format!("`{text}` is too large or too small to be a figure"),
            "write the value in the unit the report uses, e.g. `121_000_000_000`".to_string(),
        ));
    }
    let mut value = UnsignedDecimal::try_from_str(&mantissa).map_err(|_| syntax_error(text, "not a number"))?;
    // The bounds above keep the exponent well inside i16.
    value.multiply_pow10(exponent as i16);
    Ok(value)
}

fn clean_mantissa(mantissa: &str, text: &str) -> Result<String, QuantityError> {
    let (integer, fraction) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let mut cleaned = without_underscores(integer, |c| c.is_ascii_digit()).ok_or_else(|| misplaced_underscore(text))?;
    if let Some(fraction) = fraction {
        let fraction =
            without_underscores(fraction, |c| c.is_ascii_digit()).ok_or_else(|| misplaced_underscore(text))?;
        cleaned.push('.');
        cleaned.push_str(&fraction);
    }
    if cleaned.len() > MAX_DIGITS {
        return Err(syntax_error(text, "too many digits for a figure"));
    }
    Ok(cleaned)
}

fn parse_exponent(exponent: &str, text: &str) -> Result<i64, QuantityError> {
    let (negative, digits) = match exponent.as_bytes().first() {
        Some(b'-') => (true, &exponent[1..]),
        Some(b'+') => (false, &exponent[1..]),
        _ => (false, exponent),
    };
    let digits = without_underscores(digits, |c| c.is_ascii_digit()).ok_or_else(|| misplaced_underscore(text))?;
    // Anything past five digits is far beyond MAX_MAGNITUDE; saturate instead of overflowing.
    let value = if digits.len() > 5 {
        i64::MAX
    } else {
        digits.parse().unwrap_or(i64::MAX)
    };
    Ok(if negative { -value } else { value })
}

/// Removes TOML digit separators, which must stand between two digits. `None` when a group is
/// empty (leading, trailing or doubled `_`) or a character is not a digit.
fn without_underscores(text: &str, is_digit: impl Fn(char) -> bool) -> Option<String> {
    let mut cleaned = String::with_capacity(text.len());
    for group in text.split('_') {
        if group.is_empty() || !group.chars().all(&is_digit) {
            return None;
        }
        cleaned.push_str(group);
    }
    Some(cleaned)
}

fn syntax_error(text: &str, why: &str) -> QuantityError {
    QuantityError::new(
        format!("`{text}` is not a valid figure value: {why}"),
        "write a TOML number such as `25`, `38.6`, `-0.25` or `121_000_000_000`".to_string(),
    )
}

fn misplaced_underscore(text: &str) -> QuantityError {
    syntax_error(text, "digits only, with `_` allowed between two digits")
}
