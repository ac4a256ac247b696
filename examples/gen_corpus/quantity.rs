//! Key figures as gazette's front matter now types them: the value in full
//! (`value = 121_000_000_000`), one ISO 4217 currency or CLDR unit, an optional approximation.
//! This module draws realistic values and writes a quantity three ways: as a TOML literal, as
//! words of running text in German or Chinese (for bodies that do not cite, and for Hugo),
//! and as the number and unit words of Hugo's figures box.
//!
//! Values are exact decimals (an integer and a number of decimal places), never floats, so a
//! figure is written with exactly the digits it was drawn with.

use crate::rng::Rng;

/// What a figure counts, as `figures.tsv` gives it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnitSpec {
    /// A plain count (`value = 25`).
    Count,
    /// `currency = "CNY"`
    Currency(&'static str),
    /// `unit = "percent"` (a CLDR unit id)
    Measure(&'static str),
}

impl UnitSpec {
    /// `-`, `currency:CNY` or `unit:percent`.
    pub(crate) fn parse(text: &'static str) -> Option<UnitSpec> {
        if text == "-" {
            return Some(UnitSpec::Count);
        }
        if let Some(code) = text.strip_prefix("currency:") {
            return Some(UnitSpec::Currency(code));
        }
        let id = text.strip_prefix("unit:")?;
        measure_words(id).map(|_| UnitSpec::Measure(id))
    }
}

/// `approx`: how exactly the report states the number.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Approx {
    Over,
    About,
    Nearly,
    UpTo,
    AtLeast,
}

impl Approx {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Approx::Over => "over",
            Approx::About => "about",
            Approx::Nearly => "nearly",
            Approx::UpTo => "up_to",
            Approx::AtLeast => "at_least",
        }
    }

    fn de(self) -> &'static str {
        match self {
            Approx::Over => "über",
            Approx::About => "rund",
            Approx::Nearly => "fast",
            Approx::UpTo => "bis zu",
            Approx::AtLeast => "mindestens",
        }
    }

    /// Chinese puts 余 after the number and the other words before it.
    fn zh(self) -> (&'static str, &'static str) {
        match self {
            Approx::Over => ("", "余"),
            Approx::About => ("约", ""),
            Approx::Nearly => ("近", ""),
            Approx::UpTo => ("最多", ""),
            Approx::AtLeast => ("至少", ""),
        }
    }
}

/// An exact value: `digits / 10^places`.
#[derive(Clone, Copy)]
pub(crate) struct Quantity {
    pub(crate) digits: i64,
    pub(crate) places: u32,
    pub(crate) unit: UnitSpec,
    pub(crate) approx: Option<Approx>,
}

/// Draws the value of figure `key` the way reports state it: counts rounded to tens or
/// hundreds, investments in tenths of a billion yuan, growth with one decimal.
pub(crate) fn draw(key: &str, unit: UnitSpec, rng: &mut Rng) -> Quantity {
    let (digits, places, approx) = match key {
        "companies" => (rng.rounded(20, 600, 10), 0, rng.chance(0.5).then_some(Approx::Over)),
        "projects_signed" => (rng.range(5, 90), 0, None),
        "investment" => (
            rng.tenths(1, 300) * 100_000_000,
            0,
            rng.chance(0.1).then_some(Approx::Over),
        ),
        "jobs" => (
            rng.rounded(100, 12_000, 50),
            0,
            rng.chance(0.4).then_some(Approx::About),
        ),
        "exhibitors" => (rng.range(50, 1_500), 0, rng.chance(0.1).then_some(Approx::Nearly)),
        "visitors" => (
            rng.rounded(2_000, 150_000, 100),
            0,
            rng.chance(0.5).then_some(Approx::Over),
        ),
        "exhibition_area" => (rng.rounded(5_000, 120_000, 500), 0, None),
        "trade_growth" => (rng.tenths(1, 45), 1, None),
        "online_sales" => (rng.tenths(1, 80) * 100_000, 0, None),
        "delegates" => (rng.range(8, 120), 0, None),
        "trains_per_week" => (rng.range(2, 30), 0, rng.chance(0.1).then_some(Approx::UpTo)),
        "planting_area" => (
            rng.rounded(200, 20_000, 50),
            0,
            rng.chance(0.1).then_some(Approx::AtLeast),
        ),
        "freight_volume" => (rng.rounded(1_000, 500_000, 1_000), 0, None),
        "park_area" => (rng.tenths(5, 120), 1, None),
        "solar_capacity" => (rng.rounded(20, 2_000, 10), 0, None),
        "rail_distance" => (
            rng.rounded(8_000, 12_000, 10),
            0,
            rng.chance(0.3).then_some(Approx::About),
        ),
        _ => (rng.range(1, 1_000), 0, None),
    };
    // A whole number of tenths is written without a decimal: `12`, not `12.0`.
    let (digits, places) = if places == 1 && digits % 10 == 0 {
        (digits / 10, 0)
    } else {
        (digits, places)
    };
    Quantity {
        digits,
        places,
        unit,
        approx,
    }
}

impl Quantity {
    /// The TOML literal: `121_000_000_000` (with `underscores`) or `121000000000`, `12.5`.
    pub(crate) fn toml(&self, underscores: bool) -> String {
        let (whole, fraction) = split(self.digits, self.places);
        let whole = if underscores && whole.len() > 4 {
            group(&whole, '_')
        } else {
            whole
        };
        if fraction.is_empty() {
            whole
        } else {
            format!("{whole}.{fraction}")
        }
    }

    /// Running German text: `über 150`, `121 Milliarden Yuan`, `12,5 Prozent`.
    pub(crate) fn de(&self) -> String {
        let number = match self.unit {
            UnitSpec::Currency(code) => {
                let name = currency_name(code);
                match self.compact(&[(9, "Milliarde", "Milliarden"), (6, "Million", "Millionen")]) {
                    Some((n, one, many)) => format!("{} {} {name}", german(&n), if n == "1" { one } else { many }),
                    None => format!("{} {name}", self.german_number()),
                }
            }
            UnitSpec::Measure(id) => {
                let words = measure_words(id).unwrap_or_default();
                let n = self.german_number();
                format!("{n} {}", if n == "1" { words.de_one } else { words.de_many })
            }
            UnitSpec::Count => self.german_number(),
        };
        match self.approx {
            Some(a) => format!("{} {number}", a.de()),
            None => number,
        }
    }

    /// Running Chinese text: `150余家`, `1210亿元`, `12.5%`. `counter` follows a plain count.
    pub(crate) fn zh(&self, counter: Option<&str>) -> String {
        let (before, after) = self.approx.map_or(("", ""), Approx::zh);
        let (number, rest) = match self.unit {
            UnitSpec::Currency(code) => {
                let sign = if code == "CNY" { "元" } else { code };
                match self.compact(&[(8, "亿", ""), (4, "万", "")]) {
                    Some((n, scale, _)) => (n, format!("{scale}{sign}")),
                    None => (self.plain(), sign.to_string()),
                }
            }
            UnitSpec::Measure(id) => (self.plain(), measure_words(id).unwrap_or_default().zh.to_string()),
            UnitSpec::Count => match self.compact(&[(4, "万", "")]) {
                Some((n, scale, _)) => (n, format!("{scale}{}", counter.unwrap_or_default())),
                None => (self.plain(), counter.unwrap_or_default().to_string()),
            },
        };
        format!("{before}{number}{after}{rest}")
    }

    /// Hugo's figures box: the number as Hugo prints it and the unit words after it, plus the
    /// approximation words before and after the number.
    pub(crate) fn hugo(&self, zh: bool, counter: Option<&str>) -> HugoFigure {
        let (number, unit) = match (self.unit, zh) {
            (UnitSpec::Currency(code), false) => {
                let name = currency_name(code);
                match self.compact(&[(9, "Mrd.", ""), (6, "Mio.", "")]) {
                    Some((n, scale, _)) => (n, format!("{scale} {name}")),
                    None => (self.plain(), name.to_string()),
                }
            }
            (UnitSpec::Currency(_), true) => match self.compact(&[(8, "亿", ""), (4, "万", "")]) {
                Some((n, scale, _)) => (n, format!("{scale}元")),
                None => (self.plain(), "元".to_string()),
            },
            (UnitSpec::Measure(id), _) => {
                let words = measure_words(id).unwrap_or_default();
                (self.plain(), if zh { words.zh } else { words.symbol }.to_string())
            }
            (UnitSpec::Count, false) => (self.plain(), String::new()),
            (UnitSpec::Count, true) => (self.plain(), counter.unwrap_or_default().to_string()),
        };
        let (before, after) = match (self.approx, zh) {
            (None, _) => ("", ""),
            (Some(a), false) => (a.de(), ""),
            (Some(a), true) => a.zh(),
        };
        HugoFigure {
            number,
            unit,
            before,
            after,
        }
    }

    /// `12.5`, `150000`: the value with a decimal point and no grouping.
    fn plain(&self) -> String {
        let (whole, fraction) = split(self.digits, self.places);
        if fraction.is_empty() {
            whole
        } else {
            format!("{whole}.{fraction}")
        }
    }

    fn german_number(&self) -> String {
        german(&self.plain())
    }

    /// The value at the first of `scales` (powers of ten, largest first) that it reaches and
    /// that writes it with at most one decimal: `(number, word, plural word)`.
    fn compact(&self, scales: &[(u32, &'static str, &'static str)]) -> Option<(String, &'static str, &'static str)> {
        for &(power, one, many) in scales {
            let total = power + self.places;
            let Some(unit) = 10i64.checked_pow(total) else { continue };
            if self.digits < unit {
                continue;
            }
            let tenth = unit / 10;
            if tenth == 0 || self.digits % tenth != 0 {
                return None;
            }
            let (whole, fraction) = split(self.digits / tenth, 1);
            let n = if fraction.is_empty() {
                whole
            } else {
                format!("{whole}.{fraction}")
            };
            return Some((n, one, many));
        }
        None
    }
}

pub(crate) struct HugoFigure {
    pub(crate) number: String,
    pub(crate) unit: String,
    pub(crate) before: &'static str,
    pub(crate) after: &'static str,
}

/// The words of a CLDR unit: German singular and plural (as the sentences use them), Chinese,
/// and the symbol of the figures box.
#[derive(Default, Clone, Copy)]
struct MeasureWords {
    de_one: &'static str,
    de_many: &'static str,
    zh: &'static str,
    symbol: &'static str,
}

fn measure_words(id: &str) -> Option<MeasureWords> {
    let w = |de_one, de_many, zh, symbol| MeasureWords {
        de_one,
        de_many,
        zh,
        symbol,
    };
    Some(match id {
        "percent" => w("Prozent", "Prozent", "%", "%"),
        // The sentences say "eine Fläche von … Quadratmetern": dative plural.
        "square-meter" => w("Quadratmeter", "Quadratmetern", "平方米", "m²"),
        "square-kilometer" => w("Quadratkilometer", "Quadratkilometern", "平方公里", "km²"),
        "hectare" => w("Hektar", "Hektar", "公顷", "ha"),
        "tonne" => w("Tonne", "Tonnen", "吨", "t"),
        "kilometer" => w("Kilometer", "Kilometer", "公里", "km"),
        "megawatt" => w("Megawatt", "Megawatt", "兆瓦", "MW"),
        _ => return None,
    })
}

fn currency_name(code: &str) -> &str {
    match code {
        "CNY" => "Yuan",
        "EUR" => "Euro",
        "USD" => "US-Dollar",
        other => other,
    }
}

/// `digits / 10^places` as whole and fraction digits, trailing fraction zeros dropped.
fn split(digits: i64, places: u32) -> (String, String) {
    let unit = 10i64.pow(places);
    let whole = (digits / unit).to_string();
    let fraction = if places == 0 {
        String::new()
    } else {
        format!("{:0width$}", digits % unit, width = places as usize)
            .trim_end_matches('0')
            .to_string()
    };
    (whole, fraction)
}

/// `12.5` → `12,5`, `150000` → `150.000`: German grouping and decimal comma.
fn german(plain: &str) -> String {
    let (whole, fraction) = plain.split_once('.').unwrap_or((plain, ""));
    let grouped = if whole.len() > 4 {
        group(whole, '.')
    } else {
        whole.to_string()
    };
    if fraction.is_empty() {
        grouped
    } else {
        format!("{grouped},{fraction}")
    }
}

/// Separates groups of three digits with `sep`.
fn group(digits: &str, sep: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(digits: i64, places: u32, unit: UnitSpec, approx: Option<Approx>) -> Quantity {
        Quantity {
            digits,
            places,
            unit,
            approx,
        }
    }

    #[test]
    fn money_in_full_and_in_words() {
        let cny = q(121_000_000_000, 0, UnitSpec::Currency("CNY"), None);
        assert_eq!(cny.toml(true), "121_000_000_000");
        assert_eq!(cny.toml(false), "121000000000");
        assert_eq!(cny.de(), "121 Milliarden Yuan");
        assert_eq!(cny.zh(None), "1210亿元");
        let hugo = cny.hugo(false, None);
        assert_eq!((hugo.number.as_str(), hugo.unit.as_str()), ("121", "Mrd. Yuan"));
        let small = q(3_500_000, 0, UnitSpec::Currency("CNY"), None);
        assert_eq!(small.de(), "3,5 Millionen Yuan");
        assert_eq!(small.zh(None), "350万元");
    }

    #[test]
    fn counts_percentages_and_approximations() {
        let companies = q(150, 0, UnitSpec::Count, Some(Approx::Over));
        assert_eq!(companies.de(), "über 150");
        assert_eq!(companies.zh(Some("家")), "150余家");
        let growth = q(125, 1, UnitSpec::Measure("percent"), None);
        assert_eq!(growth.toml(false), "12.5");
        assert_eq!(growth.de(), "12,5 Prozent");
        assert_eq!(growth.zh(None), "12.5%");
        let visitors = q(150_000, 0, UnitSpec::Count, None);
        assert_eq!(visitors.de(), "150.000");
        assert_eq!(visitors.zh(Some("人次")), "15万人次");
    }
}
