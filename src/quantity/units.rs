//! Typed units and approximations: the codes a figure may carry, validated once at load time.
//!
//! A unit is a code, never a word: `CNY`, not `Yuan` or `元`. Each language then writes the code
//! its own way, so a translation cannot carry a unit copied from another language. Unknown codes
//! are errors with a "did you mean" hint, because they are almost always typos or a word where a
//! code belongs (`RMB`, `%`, `ton`).

use std::fmt;

use super::QuantityError;
use super::iso4217::CURRENCIES;

/// An ISO 4217 currency, by its position in the embedded code table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Currency(u16);

impl Currency {
    /// The ISO 4217 code: `CNY`.
    pub(crate) fn code(self) -> &'static str {
        CURRENCIES[usize::from(self.0)].0
    }

    /// The ISO 4217 English name, for hints and diagnostics (pages use the words table or CLDR).
    pub(crate) fn iso_name(self) -> &'static str {
        CURRENCIES[usize::from(self.0)].1
    }

    pub(super) fn index(self) -> usize {
        usize::from(self.0)
    }

    pub(super) fn all() -> impl Iterator<Item = Currency> {
        (0..CURRENCIES.len() as u16).map(Currency)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Where a measure unit's names come from when the words table has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Names {
    /// CLDR's percent pattern (ICU4X `DecimalPercentV1`).
    Percent,
    /// CLDR unit display names in ICU4X's categorized unit data.
    Cldr(Category),
    /// Units CLDR names but ICU4X does not ship data for yet (power, energy, per mille): the
    /// built-in words for de/zh/en, else the CLDR symbol.
    Symbol,
}

/// ICU4X splits unit display names by quantity category; each has its own data markers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Category {
    Area,
    Duration,
    Length,
    Mass,
    Volume,
}

/// A supported measure unit: its CLDR id, where its names come from, and its CLDR symbol
/// pattern (the last fallback, readable in any language).
pub(super) struct MeasureInfo {
    pub(super) id: &'static str,
    pub(super) names: Names,
    pub(super) symbol: &'static str,
}

const fn info(id: &'static str, names: Names, symbol: &'static str) -> MeasureInfo {
    MeasureInfo { id, names, symbol }
}

/// The CLDR units event reports use. Adding one is one line (and, for a `Symbol` unit, words in
/// the built-in de/zh/en tables).
pub(super) static MEASURES: &[MeasureInfo] = {
    use Category::*;
    use Names::*;
    &[
        info("percent", Percent, "{0}%"),
        info("permille", Symbol, "{0}‰"),
        info("tonne", Cldr(Mass), "{0}\u{a0}t"),
        info("kilogram", Cldr(Mass), "{0}\u{a0}kg"),
        info("gram", Cldr(Mass), "{0}\u{a0}g"),
        info("hectare", Cldr(Area), "{0}\u{a0}ha"),
        info("square-kilometer", Cldr(Area), "{0}\u{a0}km²"),
        info("square-meter", Cldr(Area), "{0}\u{a0}m²"),
        info("kilometer", Cldr(Length), "{0}\u{a0}km"),
        info("meter", Cldr(Length), "{0}\u{a0}m"),
        info("liter", Cldr(Volume), "{0}\u{a0}L"),
        info("cubic-meter", Cldr(Volume), "{0}\u{a0}m³"),
        info("kilowatt", Symbol, "{0}\u{a0}kW"),
        info("megawatt", Symbol, "{0}\u{a0}MW"),
        info("gigawatt", Symbol, "{0}\u{a0}GW"),
        info("kilowatt-hour", Symbol, "{0}\u{a0}kWh"),
        info("megawatt-hour", Symbol, "{0}\u{a0}MWh"),
        info("gigawatt-hour", Symbol, "{0}\u{a0}GWh"),
        info("terawatt-hour", Symbol, "{0}\u{a0}TWh"),
        info("year", Cldr(Duration), "{0}\u{a0}y"),
        info("month", Cldr(Duration), "{0}\u{a0}m"),
        info("week", Cldr(Duration), "{0}\u{a0}w"),
        info("day", Cldr(Duration), "{0}\u{a0}d"),
        info("hour", Cldr(Duration), "{0}\u{a0}h"),
    ]
};

/// A CLDR measure unit from [`MEASURES`], by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Measure(u8);

impl Measure {
    /// The CLDR unit identifier: `square-kilometer`.
    pub(crate) fn id(self) -> &'static str {
        self.info().id
    }

    pub(super) fn info(self) -> &'static MeasureInfo {
        &MEASURES[usize::from(self.0)]
    }

    pub(super) fn index(self) -> usize {
        usize::from(self.0)
    }

    pub(super) fn all() -> impl Iterator<Item = Measure> {
        (0..MEASURES.len() as u8).map(Measure)
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// How a report qualifies a count it did not state exactly.
///
/// A small set on purpose: these are the qualifiers investment and fair reports use, and every
/// language needs a pattern for each. The words table key is `approx.<name>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Approx {
    /// More than the value: "über 150", "150余", "over 150".
    Over,
    /// Around the value: "etwa 150", "约150", "about 150".
    About,
    /// Just under the value: "fast 150", "近150", "nearly 150".
    Nearly,
    /// The value is a maximum: "bis zu 150", "最多150", "up to 150".
    UpTo,
    /// The value is a minimum: "mindestens 150", "至少150", "at least 150".
    AtLeast,
}

impl Approx {
    pub(crate) const ALL: [Approx; 5] = [
        Approx::Over,
        Approx::About,
        Approx::Nearly,
        Approx::UpTo,
        Approx::AtLeast,
    ];

    /// The name in front matter and in the words table key.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Approx::Over => "over",
            Approx::About => "about",
            Approx::Nearly => "nearly",
            Approx::UpTo => "up_to",
            Approx::AtLeast => "at_least",
        }
    }

    pub(super) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Approx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Validates an ISO 4217 code (upper case, as ISO writes it).
pub(crate) fn parse_currency(code: &str) -> Result<Currency, QuantityError> {
    if let Some(currency) = find_currency(code) {
        return Ok(currency);
    }
    let suggestion = currency_alias(code).or_else(|| closest_currency(code));
    let hint = match suggestion {
        Some(c) => format!(
            "did you mean `{}` ({})? A currency is an ISO 4217 code",
            c.code(),
            c.iso_name()
        ),
        None => "a currency is an ISO 4217 code such as CNY, EUR or USD".to_string(),
    };
    Err(QuantityError::new(format!("unknown currency `{code}`"), hint))
}

fn find_currency(code: &str) -> Option<Currency> {
    CURRENCIES
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .map(|at| Currency(at as u16))
}

/// Words and symbols writers put where the code belongs.
fn currency_alias(code: &str) -> Option<Currency> {
    let target = match code.to_lowercase().as_str() {
        "rmb" | "yuan" | "renminbi" | "元" | "人民币" | "¥" | "cn¥" => "CNY",
        "euro" | "euros" | "€" | "欧元" => "EUR",
        "dollar" | "dollars" | "$" | "us$" | "美元" => "USD",
        "yen" | "円" | "日元" => "JPY",
        "pound" | "£" | "英镑" => "GBP",
        "hk$" | "港元" | "港币" => "HKD",
        "won" | "₩" | "韩元" => "KRW",
        _ => return None,
    };
    find_currency(target)
}

/// The nearest code by edit distance (transpositions count once: `CYN` → `CNY`); ties go to the
/// currencies reports use most, then alphabetically.
fn closest_currency(code: &str) -> Option<Currency> {
    const COMMON: [&str; 8] = ["CNY", "EUR", "USD", "JPY", "GBP", "HKD", "CHF", "KRW"];
    let upper = code.to_uppercase();
    if let Some(c) = find_currency(&upper) {
        return Some(c);
    }
    Currency::all()
        .map(|c| (strsim::osa_distance(&upper, c.code()), !COMMON.contains(&c.code()), c))
        .filter(|(distance, _, _)| *distance <= 1)
        .min()
        .map(|(_, _, c)| c)
}

/// Validates a CLDR unit identifier from the supported list.
pub(crate) fn parse_measure(id: &str) -> Result<Measure, QuantityError> {
    if let Some(m) = find_measure(id) {
        return Ok(m);
    }
    let suggestion = measure_alias(id).or_else(|| closest_measure(id));
    let known: Vec<&str> = MEASURES.iter().map(|m| m.id).collect();
    let list = format!("a unit is a CLDR unit id: {}", known.join(", "));
    let hint = match suggestion {
        Some(m) => format!("did you mean `{m}`? {list}"),
        None => list,
    };
    Err(QuantityError::new(format!("unknown unit `{id}`"), hint))
}

fn find_measure(id: &str) -> Option<Measure> {
    Measure::all().find(|m| m.id() == id)
}

/// Symbols and common names writers put where the CLDR id belongs.
fn measure_alias(id: &str) -> Option<Measure> {
    let target = match id.to_lowercase().as_str() {
        "%" | "pct" | "per-cent" => "percent",
        "‰" | "per-mille" | "promille" => "permille",
        "t" | "ton" | "tons" | "metric-ton" | "tonnes" | "吨" => "tonne",
        "kg" | "kilo" => "kilogram",
        "ha" | "公顷" => "hectare",
        "km2" | "km²" | "sq-km" | "平方公里" => "square-kilometer",
        "m2" | "m²" | "sqm" | "平方米" => "square-meter",
        "km" => "kilometer",
        "m" => "meter",
        "l" | "litre" => "liter",
        "m3" | "m³" | "cubic-metre" => "cubic-meter",
        "kw" => "kilowatt",
        "mw" => "megawatt",
        "gw" => "gigawatt",
        "kwh" => "kilowatt-hour",
        "mwh" => "megawatt-hour",
        "gwh" => "gigawatt-hour",
        "twh" => "terawatt-hour",
        _ => return None,
    };
    find_measure(target)
}

fn closest_measure(id: &str) -> Option<Measure> {
    let lower = id.to_lowercase().replace(['_', ' '], "-").replace("metre", "meter");
    Measure::all()
        .map(|m| (strsim::osa_distance(&lower, m.id()), m))
        .filter(|(distance, m)| *distance <= 2.max(m.id().len() / 4))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, m)| m)
}

/// Validates an approximation name: `over`, `about`, `nearly`, `up_to`, `at_least`.
pub(crate) fn parse_approx(word: &str) -> Result<Approx, QuantityError> {
    if let Some(a) = Approx::ALL.into_iter().find(|a| a.name() == word) {
        return Ok(a);
    }
    let suggestion = approx_alias(word).or_else(|| {
        Approx::ALL
            .into_iter()
            .map(|a| (strsim::osa_distance(word, a.name()), a))
            .filter(|(distance, _)| *distance <= 2)
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, a)| a)
    });
    let list = "an approximation is one of over, about, nearly, up_to, at_least";
    let hint = match suggestion {
        Some(a) => format!("did you mean `{a}`? {list}"),
        None => list.to_string(),
    };
    Err(QuantityError::new(format!("unknown approximation `{word}`"), hint))
}

fn approx_alias(word: &str) -> Option<Approx> {
    Some(match word.to_lowercase().replace(['-', ' '], "_").as_str() {
        "more_than" | "above" | "over" | "über" | "余" | "多" => Approx::Over,
        "approximately" | "around" | "circa" | "ca" | "about" | "etwa" | "约" => Approx::About,
        "almost" | "nearly" | "fast" | "近" => Approx::Nearly,
        "at_most" | "max" | "maximum" | "up_to" | "upto" | "最多" => Approx::UpTo,
        "min" | "minimum" | "at_least" | "atleast" | "mindestens" | "至少" => Approx::AtLeast,
        _ => return None,
    })
}
