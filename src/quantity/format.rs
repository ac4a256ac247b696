//! Writing a figure in one language: number, approximation, scale word and unit.
//!
//! A [`QuantityFormatter`] resolves everything per language once (CLDR data, the words table,
//! one pattern per currency and unit), so formatting a figure is pattern filling: no data
//! loading, no locale fallback, no parsing. One formatter serves all render threads.

use std::collections::BTreeMap;
use std::fmt::Write;

use fixed_decimal::{CompactDecimal, Decimal};
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu_decimal::{DecimalFormatter, DecimalFormatterPreferences};
use icu_locale_core::LanguageIdentifier;
use icu_pattern::{DoublePlaceholderKey, Pattern, PatternItem, SinglePlaceholder};
use icu_plurals::{PluralOperands, PluralRules, PluralRulesPreferences};
use icu_provider::DataLocale;

use super::cldr::{self, CompactScales, CurrencyNames, CurrencyPattern, UnitNames};
use super::units::{Approx, Currency, Measure, Names};
use super::words::{PluralTemplates, Template, Words, approx_fallback};
use super::{Exact, Figure, QuantityError, Unit};

/// The most fraction digits a compact significand may have: `1,25 Mio.` is written compactly,
/// `1.234.567` is not (`1,234567 Mio.` is no easier to read than the full number, and rounding
/// it would change the figure).
pub(super) const MAX_COMPACT_FRACTION_DIGITS: i16 = 2;

/// The smallest power of ten that the default `number.compact_from` can be: below 10^4 a full
/// number (`5.000`, `5,000`) is as short as any scale word.
const COMPACT_FROM_AT_LEAST: u8 = 4;

/// Formats figures for one language. Build one per language per build; it is `Send + Sync`.
#[derive(Debug)]
pub(crate) struct QuantityFormatter {
    plural_rules: PluralRules,
    /// Full numbers, grouped as the language groups them (`9.007.199.254.740.993`).
    full: DecimalFormatter,
    /// Compact significands, grouped from five digits only, as CLDR does (`1210亿`).
    significand: DecimalFormatter,
    compact: Option<Compact>,
    currencies: Vec<UnitTemplate>,
    measures: Vec<UnitTemplate>,
    approx: [Template; Approx::ALL.len()],
    words_join: Template,
}

#[derive(Debug)]
struct Compact {
    scales: CompactScales,
    from_exponent: u8,
}

/// How one language writes one unit after the number.
#[derive(Debug)]
enum UnitTemplate {
    /// From the words table (theme or built-in), or converted from a CLDR pattern without plurals.
    Words(PluralTemplates),
    /// CLDR unit display names, chosen by plural category when formatting.
    Cldr(UnitNames),
    /// CLDR currency name joined to the number by CLDR's unit pattern; the ISO code where CLDR
    /// has no name in this language.
    Currency {
        pattern: CurrencyPattern,
        names: Option<CurrencyNames>,
        code: &'static str,
    },
}

impl QuantityFormatter {
    /// Builds the formatter for `lang` (a BCP 47 tag from site.toml) with the theme's words.
    ///
    /// Invalid words-table entries are skipped in favour of the defaults; [`super::check_words`]
    /// reports them. Fails only for a language tag that does not parse.
    pub(crate) fn new(lang: &str, words: &BTreeMap<String, String>) -> Result<Self, QuantityError> {
        let id: LanguageIdentifier = lang.parse().map_err(|_| {
            QuantityError::new(
                format!("`{lang}` is not a language tag"),
                "e.g. `de`, `zh`, `zh-Hant`".to_string(),
            )
        })?;
        let locale = DataLocale::from(&id);
        let words = Words::new(lang, words);
        let data_error = |what: &str| QuantityError::new(format!("no CLDR {what} data for `{lang}`"), None);
        let plural_rules =
            PluralRules::try_new_cardinal(PluralRulesPreferences::from(&id)).map_err(|_| data_error("plural rules"))?;
        let full = DecimalFormatter::try_new(DecimalFormatterPreferences::from(&id), Default::default())
            .map_err(|_| data_error("number"))?;
        let mut options = DecimalFormatterOptions::default();
        options.grouping_strategy = Some(GroupingStrategy::Min2);
        let significand = DecimalFormatter::try_new(DecimalFormatterPreferences::from(&id), options)
            .map_err(|_| data_error("number"))?;
        let unit_pattern = cldr::currency_pattern(&locale);
        Ok(QuantityFormatter {
            plural_rules,
            full,
            significand,
            compact: compact_for(&words, &locale),
            currencies: Currency::all()
                .map(|c| currency_template(c, &words, &locale, unit_pattern.as_ref()))
                .collect(),
            measures: Measure::all().map(|m| measure_template(m, &words, &locale)).collect(),
            approx: Approx::ALL.map(|a| approx_template(a, &words)),
            words_join: join_template(&words, unit_pattern.as_ref()),
        })
    }

    /// Writes a figure: `121 Mrd. Yuan`, `1210亿元`, `über 150`, `150余家`.
    pub(crate) fn format(&self, figure: &Figure) -> String {
        let mut out = String::with_capacity(48);
        if figure.unit == Unit::None {
            self.write_number(&figure.value, figure.approx, &mut out);
            return out;
        }
        let mut number = String::with_capacity(32);
        let operands = self.write_number(&figure.value, figure.approx, &mut number);
        match &figure.unit {
            Unit::None => out.push_str(&number),
            Unit::Currency(c) => self.write_unit(&self.currencies[c.index()], &number, operands, &mut out),
            Unit::Measure(m) => self.write_unit(&self.measures[m.index()], &number, operands, &mut out),
            Unit::Words(w) => self.words_join.render(&mut out, &[&number, w]),
        }
        out
    }

    /// Writes a value alone, compact where that is exact: `1.500`, `1,5 Mio.`, `15万`.
    pub(crate) fn number(&self, value: &Exact) -> String {
        let mut out = String::with_capacity(32);
        self.write_number(value, None, &mut out);
        out
    }

    /// Writes the number with its approximation and scale word; returns the plural operands the
    /// unit is chosen by.
    fn write_number(&self, value: &Exact, approx: Option<Approx>, out: &mut String) -> PluralOperands {
        let Some((significand, exponent, scale)) = self.compact_form(value) else {
            let written = value.written();
            match approx {
                None => write_decimal(&self.full, written, out),
                Some(a) => self.approx[a.index()].render(out, &[&self.full.format(written).to_string()]),
            }
            return PluralOperands::from(written);
        };
        let mut digits = String::with_capacity(24);
        write_decimal(&self.significand, &significand, &mut digits);
        let operands = PluralOperands::from(&CompactDecimal::from_significand_and_exponent(significand, exponent));
        match approx {
            None => write_pattern(scale, &digits, out),
            Some(a) => {
                let mut approximated = String::with_capacity(digits.len() + 16);
                self.approx[a.index()].render(&mut approximated, &[&digits]);
                write_pattern(scale, &approximated, out);
            }
        }
        operands
    }

    /// The significand, exponent and scale pattern when the value can be written compactly
    /// without losing a digit (see the module doc for the rule).
    fn compact_form(&self, value: &Exact) -> Option<(Decimal, u8, &Pattern<SinglePlaceholder>)> {
        let compact = self.compact.as_ref()?;
        let absolute = &value.canonical().absolute;
        if absolute.is_zero() {
            return None;
        }
        let magnitude = absolute.nonzero_magnitude_start();
        let scale = compact
            .scales
            .get()
            .0
            .iter()
            .filter(|s| i16::from(s.sized) <= magnitude)
            .last()?;
        let exponent = scale.sized.checked_sub(scale.variable.get_default().0.get())?;
        if exponent == 0 || exponent < compact.from_exponent {
            return None;
        }
        let mut significand = value.canonical().clone();
        significand.absolute.multiply_pow10(-i16::from(exponent));
        significand.absolute.trim_end();
        if -significand.absolute.nonzero_magnitude_end() > MAX_COMPACT_FRACTION_DIGITS {
            return None;
        }
        // The scale word agrees with the significand ("1 Million", "2 Millionen"), as in CLDR;
        // the unit after it agrees with the whole value (see `write_number`).
        let pattern = scale
            .variable
            .get(PluralOperands::from(&significand), &self.plural_rules)
            .1;
        Some((significand, exponent, pattern))
    }

    fn write_unit(&self, unit: &UnitTemplate, number: &str, operands: PluralOperands, out: &mut String) {
        match unit {
            UnitTemplate::Words(templates) => {
                templates
                    .select(self.plural_rules.category_for(operands))
                    .render(out, &[number]);
            }
            UnitTemplate::Cldr(names) => {
                write_pattern(names.get().elements.get(operands, &self.plural_rules).1, number, out);
            }
            UnitTemplate::Currency { pattern, names, code } => {
                let name = names
                    .as_ref()
                    .map_or(*code, |n| n.get().elements.get(operands, &self.plural_rules).1);
                for item in pattern.get().elements.get(operands, &self.plural_rules).1.iter() {
                    match item {
                        PatternItem::Literal(text) => out.push_str(text),
                        PatternItem::Placeholder(DoublePlaceholderKey::Place0) => out.push_str(number),
                        PatternItem::Placeholder(DoublePlaceholderKey::Place1) => out.push_str(name),
                    }
                }
            }
        }
    }
}

fn write_decimal(formatter: &DecimalFormatter, value: &Decimal, out: &mut String) {
    // Writing to a String cannot fail.
    let _ = write!(out, "{}", formatter.format(value));
}

fn write_pattern(pattern: &Pattern<SinglePlaceholder>, number: &str, out: &mut String) {
    for item in pattern.iter() {
        match item {
            PatternItem::Literal(text) => out.push_str(text),
            PatternItem::Placeholder(_) => out.push_str(number),
        }
    }
}

/// Converts a CLDR single-placeholder pattern into a words-table template.
fn template_from_cldr(pattern: &Pattern<SinglePlaceholder>) -> Template {
    Template::from_parts(pattern.iter().map(|item| match item {
        PatternItem::Literal(text) => Some(text.to_string()),
        PatternItem::Placeholder(_) => None,
    }))
}

fn compact_for(words: &Words<'_>, locale: &DataLocale) -> Option<Compact> {
    let style = words
        .setting("number.compact", &["short", "long", "none"])
        .unwrap_or("short");
    if style == "none" {
        return None;
    }
    let scales = cldr::compact_patterns(style == "long", locale)?;
    let first_scale = scales
        .get()
        .0
        .iter()
        .filter_map(|s| s.sized.checked_sub(s.variable.get_default().0.get()))
        .filter(|e| *e >= COMPACT_FROM_AT_LEAST)
        .min();
    let configured = words
        .theme_value("number.compact_from")
        .and_then(|v| v.parse::<u8>().ok());
    let from_exponent = configured.filter(|e| (1..=15).contains(e)).or(first_scale)?;
    Some(Compact { scales, from_exponent })
}

fn currency_template(
    currency: Currency,
    words: &Words<'_>,
    locale: &DataLocale,
    pattern: Option<&CurrencyPattern>,
) -> UnitTemplate {
    let code = currency.code();
    if let Some(templates) = words.plural_template(&format!("currency.{code}"), true) {
        return UnitTemplate::Words(templates);
    }
    match pattern {
        Some(pattern) => UnitTemplate::Currency {
            pattern: pattern.clone(),
            names: cldr::currency_names(code, locale),
            code,
        },
        None => UnitTemplate::Words(PluralTemplates::single(Template::builtin(
            &format!("{{0}}\u{a0}{code}"),
            1,
        ))),
    }
}

fn measure_template(measure: Measure, words: &Words<'_>, locale: &DataLocale) -> UnitTemplate {
    let info = measure.info();
    let width = words.setting("unit.width", &["long", "short"]).unwrap_or("long");
    if let Some(templates) = words.plural_template(&format!("unit.{}", info.id), width == "long") {
        return UnitTemplate::Words(templates);
    }
    let cldr = match info.names {
        Names::Percent => cldr::percent_pattern(locale)
            .map(|p| UnitTemplate::Words(PluralTemplates::single(template_from_cldr(&p.get().unsigned_pattern)))),
        Names::Cldr(category) => cldr::unit_names(category, width, info.id, locale).map(UnitTemplate::Cldr),
        Names::Symbol => None,
    };
    cldr.unwrap_or_else(|| UnitTemplate::Words(PluralTemplates::single(Template::builtin(info.symbol, 1))))
}

fn approx_template(approx: Approx, words: &Words<'_>) -> Template {
    let key = format!("approx.{}", approx.name());
    words
        .template(&key, 1)
        .unwrap_or_else(|| Template::builtin(approx_fallback(approx), 1))
}

/// How a number meets [`Unit::Words`]: the theme's `words.join`, else CLDR's own pattern for a
/// number and a unit name (the currency unit pattern: `{0} {1}`, zh `{0}{1}`).
fn join_template(words: &Words<'_>, pattern: Option<&CurrencyPattern>) -> Template {
    if let Some(template) = words.template("words.join", 2) {
        return template;
    }
    let Some(pattern) = pattern else {
        return Template::builtin("{0} {1}", 2);
    };
    let mut text = String::new();
    for item in pattern.get().elements.get_default().1.iter() {
        match item {
            PatternItem::Literal(t) => text.push_str(t),
            PatternItem::Placeholder(DoublePlaceholderKey::Place0) => text.push_str("{0}"),
            PatternItem::Placeholder(DoublePlaceholderKey::Place1) => text.push_str("{1}"),
        }
    }
    Template::parse(&text, 2).unwrap_or_else(|_| Template::builtin("{0} {1}", 2))
}
