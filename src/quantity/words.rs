//! The words table: how one language writes units, scale and approximations in running text.
//!
//! CLDR names units the way a dictionary does (`Renminbi Yuan`, `人民币`, `公吨`); reports write
//! `121 Mrd. Yuan`, `1210亿元`, `5,000吨`. So each language has a table of patterns: built-in
//! defaults for de, zh (Simplified and Traditional) and en, overridden key by key by the theme's
//! `i18n/<lang>.toml`. Where neither has a key, CLDR data decides, and for the few units ICU4X
//! has no names for, the CLDR symbol (`{0} MW`).
//!
//! # Keys
//!
//! Patterns use `{0}` for the number as formatted so far (with scale word and approximation);
//! `words.join` also uses `{1}` for the words. Keys outside these five namespaces belong to the
//! theme and are ignored here.
//!
//! | key | value | default |
//! |---|---|---|
//! | `number.compact` | `short` (`1,5 Mio.`), `long` (`1,5 Millionen`) or `none` | de, zh: `short`; en: `long`; others: `short` |
//! | `number.compact_from` | smallest power of ten written with a scale word, `1`–`15` | the language's first CLDR scale ≥ 10^4: zh `4` (万), de/en `6` |
//! | `unit.width` | `long` (`5 Tonnen`) or `short` (`5 t`) CLDR names | `long` |
//! | `unit.<cldr-id>` | e.g. `unit.tonne = "{0}吨"` | built-in, else CLDR name, else CLDR symbol |
//! | `currency.<ISO 4217>` | e.g. `currency.CNY = "{0} Yuan"` | built-in, else CLDR name joined by CLDR's unit pattern |
//! | `approx.<name>` | `over`, `about`, `nearly`, `up_to`, `at_least`, e.g. `approx.over = "über {0}"` | built-in, else `>{0}`, `~{0}`, `~{0}`, `≤{0}`, `≥{0}` |
//! | `words.join` | joins a number and [`Unit::Words`](super::Unit::Words): `"{0} {1}"`, `"{0}{1}"` | CLDR's currency unit pattern of the language |
//!
//! `unit.*` and `currency.*` patterns can differ by CLDR plural category: add `.zero`, `.one`,
//! `.two`, `.few` or `.many` to the key (`unit.tonne.one = "{0} Tonne"`); the bare key is the
//! `other` form and is required. The category is CLDR's for the number as written, so `1,0` and
//! `1 Mio.` take the `other` form in German. A theme that sets a bare key replaces the built-in
//! key and all its plural forms.
//!
//! In TOML, `currency.CNY = "…"` is a dotted key (a table `currency` with a key `CNY`); the
//! loader flattens it back to `currency.CNY`, or the theme writes `"currency.CNY" = "…"`.
//!
//! # Built-in defaults
//!
//! `\u{a0}` is U+00A0 (no-break space), so a number never breaks away from its unit.
//!
//! | key | de | zh (Hans) | en |
//! |---|---|---|---|
//! | `number.compact` | `short` | `short` | `long` |
//! | `currency.CNY` | `{0}\u{a0}Yuan` | `{0}元` | `{0}\u{a0}yuan` |
//! | `currency.EUR` | `{0}\u{a0}Euro` | `{0}欧元` | CLDR (`{0} euros`) |
//! | `currency.USD` | `{0}\u{a0}US-Dollar` | `{0}美元` | CLDR (`{0} US dollars`) |
//! | `currency.JPY` | `{0}\u{a0}Yen` | `{0}日元` | CLDR |
//! | `currency.GBP` | `{0}\u{a0}Pfund` | `{0}英镑` | CLDR |
//! | `currency.HKD` | `{0}\u{a0}Hongkong-Dollar` | `{0}港元` | CLDR |
//! | `unit.tonne` | CLDR (`{0}\u{a0}Tonnen`, one: `{0}\u{a0}Tonne`) | `{0}吨` | CLDR (`{0} metric tons`) |
//! | `unit.permille` | `{0}\u{a0}Promille` | `{0}‰` | `{0}‰` |
//! | `unit.kilowatt` / `megawatt` / `gigawatt` | `{0}\u{a0}Kilowatt` … | `{0}千瓦`, `{0}兆瓦`, `{0}吉瓦` | `{0}\u{a0}kilowatts` (one: `…kilowatt`) … |
//! | `unit.kilowatt-hour` / `megawatt-hour` / `gigawatt-hour` / `terawatt-hour` | `{0}\u{a0}Kilowattstunden` (one: `…stunde`) … | `{0}千瓦时`, `{0}兆瓦时`, `{0}吉瓦时`, `{0}太瓦时` | `{0}\u{a0}kilowatt-hours` (one: `…hour`) … |
//! | `approx.over` | `über {0}` | `{0}余` | `over {0}` |
//! | `approx.about` | `etwa {0}` | `约{0}` | `about {0}` |
//! | `approx.nearly` | `fast {0}` | `近{0}` | `nearly {0}` |
//! | `approx.up_to` | `bis zu {0}` | `最多{0}` | `up to {0}` |
//! | `approx.at_least` | `mindestens {0}` | `至少{0}` | `at least {0}` |
//! | `words.join` | CLDR (`{0} {1}`) | `{0}{1}` | CLDR (`{0} {1}`) |
//!
//! Traditional Chinese (`zh-Hant`, `zh-TW`, `zh-HK`, `zh-MO`) has the same table in its own
//! characters (`{0}餘`, `約{0}`, `{0}噸`, `{0}千瓦時`). Percent is CLDR's in every language
//! (de `38,6 %`, zh and en `38.6%`). Other units use CLDR's names (de `12 Quadratkilometer`, zh
//! `12平方公里`).

use std::collections::BTreeMap;

use icu_plurals::PluralCategory;

use super::QuantityError;
use super::units::{Approx, parse_approx, parse_currency, parse_measure};

/// A pattern with numbered placeholders, parsed once when a formatter is built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Template {
    pieces: Box<[Piece]>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(Box<str>),
    Arg(usize),
}

impl Template {
    /// Parses `text` where `{0}`…`{args-1}` must each appear at least once; any other `{` is text.
    pub(super) fn parse(text: &str, args: usize) -> Result<Self, String> {
        let mut pieces = Vec::new();
        let mut rest = text;
        while let Some(at) = rest.find('{') {
            let arg = rest[at..]
                .get(1..3)
                .and_then(|s| s.strip_suffix('}'))
                .and_then(|d| d.parse::<usize>().ok());
            match arg {
                Some(n) if n < args => {
                    push_text(&mut pieces, &rest[..at]);
                    pieces.push(Piece::Arg(n));
                    rest = &rest[at + 3..];
                }
                Some(n) => return Err(format!("`{{{n}}}` has no value here (use {})", placeholders(args))),
                None => {
                    push_text(&mut pieces, &rest[..=at]);
                    rest = &rest[at + 1..];
                }
            }
        }
        push_text(&mut pieces, rest);
        let missing = (0..args).find(|n| !pieces.contains(&Piece::Arg(*n)));
        match missing {
            Some(n) => Err(format!("the pattern needs `{{{n}}}` ({})", placeholders(args))),
            None => Ok(Template {
                pieces: pieces.into_boxed_slice(),
            }),
        }
    }

    /// A pattern from built-in data, known to be valid; an invalid one would only lose its text.
    pub(super) fn builtin(text: &str, args: usize) -> Self {
        Template::parse(text, args).unwrap_or_else(|_| Template {
            pieces: Box::new([Piece::Arg(0)]),
        })
    }

    pub(super) fn render(&self, out: &mut String, args: &[&str]) {
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Arg(n) => out.push_str(args.get(*n).copied().unwrap_or_default()),
            }
        }
    }

    /// Builds a template from literal text around one number placeholder (CLDR patterns).
    pub(super) fn from_parts(parts: impl IntoIterator<Item = Option<String>>) -> Self {
        let mut pieces = Vec::new();
        for part in parts {
            match part {
                Some(text) => push_text(&mut pieces, &text),
                None => pieces.push(Piece::Arg(0)),
            }
        }
        Template {
            pieces: pieces.into_boxed_slice(),
        }
    }
}

fn push_text(pieces: &mut Vec<Piece>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Piece::Text(last)) = pieces.last_mut() {
        *last = format!("{last}{text}").into_boxed_str();
    } else {
        pieces.push(Piece::Text(text.into()));
    }
}

fn placeholders(args: usize) -> String {
    (0..args)
        .map(|n| format!("`{{{n}}}`"))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// A unit pattern per CLDR plural category; `other` is always there.
#[derive(Debug, Clone)]
pub(super) struct PluralTemplates {
    other: Template,
    special: Vec<(PluralCategory, Template)>,
}

impl PluralTemplates {
    pub(super) fn single(other: Template) -> Self {
        PluralTemplates {
            other,
            special: Vec::new(),
        }
    }

    pub(super) fn select(&self, category: PluralCategory) -> &Template {
        self.special
            .iter()
            .find(|(c, _)| *c == category)
            .map_or(&self.other, |(_, t)| t)
    }
}

const PLURAL_SUFFIXES: [(&str, PluralCategory); 5] = [
    ("zero", PluralCategory::Zero),
    ("one", PluralCategory::One),
    ("two", PluralCategory::Two),
    ("few", PluralCategory::Few),
    ("many", PluralCategory::Many),
];

/// One language's words: the theme's table over the built-in defaults.
pub(super) struct Words<'a> {
    theme: &'a BTreeMap<String, String>,
    builtin: &'static [(&'static str, &'static str)],
}

impl<'a> Words<'a> {
    pub(super) fn new(lang: &str, theme: &'a BTreeMap<String, String>) -> Self {
        Words {
            theme,
            builtin: builtin_for(lang),
        }
    }

    /// A setting (`number.compact`), the theme's value if it is one of `allowed`.
    pub(super) fn setting(&self, key: &str, allowed: &[&'static str]) -> Option<&'static str> {
        let from = |value: &str| allowed.iter().copied().find(|a| *a == value);
        self.theme
            .get(key)
            .and_then(|v| from(v))
            .or_else(|| self.builtin_value(key).and_then(from))
    }

    pub(super) fn theme_value(&self, key: &str) -> Option<&'a str> {
        self.theme.get(key).map(String::as_str)
    }

    fn builtin_value(&self, key: &str) -> Option<&'static str> {
        self.builtin.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    /// A single pattern (`approx.over`, `words.join`); an invalid theme pattern is skipped here
    /// (and reported by [`check_words`]).
    pub(super) fn template(&self, key: &str, args: usize) -> Option<Template> {
        let theme = self.theme.get(key).and_then(|v| Template::parse(v, args).ok());
        theme.or_else(|| self.builtin_value(key).map(|v| Template::builtin(v, args)))
    }

    /// A unit pattern with its plural forms, all from the theme or all from the built-in table.
    /// `with_builtin` is false when built-in words do not fit (short unit width).
    pub(super) fn plural_template(&self, key: &str, with_builtin: bool) -> Option<PluralTemplates> {
        if let Some(other) = self.theme.get(key).and_then(|v| Template::parse(v, 1).ok()) {
            let get = |k: &str| self.theme.get(k).and_then(|v| Template::parse(v, 1).ok());
            return Some(with_plurals(other, key, get));
        }
        let other = self.builtin_value(key).filter(|_| with_builtin)?;
        let get = |k: &str| self.builtin_value(k).map(|v| Template::builtin(v, 1));
        Some(with_plurals(Template::builtin(other, 1), key, get))
    }
}

fn with_plurals(other: Template, key: &str, get: impl Fn(&str) -> Option<Template>) -> PluralTemplates {
    let special = PLURAL_SUFFIXES
        .iter()
        .filter_map(|(suffix, c)| Some((*c, get(&format!("{key}.{suffix}"))?)))
        .collect();
    PluralTemplates { other, special }
}

/// The pattern a language without words for an approximation falls back to: symbols any reader
/// understands, rather than another language's words.
pub(super) fn approx_fallback(approx: Approx) -> &'static str {
    match approx {
        Approx::Over => ">{0}",
        Approx::About | Approx::Nearly => "~{0}",
        Approx::UpTo => "≤{0}",
        Approx::AtLeast => "≥{0}",
    }
}

/// Checks a theme's words table: unknown units, currencies and approximations, patterns without
/// their placeholder, settings out of range. Keys outside this module's namespaces are not ours
/// and pass. Formatting skips what this reports, so a bad key never breaks a page.
pub(crate) fn check_words(words: &BTreeMap<String, String>) -> Vec<QuantityError> {
    words
        .iter()
        .filter_map(|(key, value)| check_entry(key, value).err())
        .collect()
}

fn check_entry(key: &str, value: &str) -> Result<(), QuantityError> {
    let in_key = |e: QuantityError| QuantityError::new(format!("words table `{key}`: {}", e.message), e.hint);
    let Some((namespace, rest)) = key.split_once('.') else {
        return Ok(());
    };
    match namespace {
        "number" | "words" => check_setting(key, value).map_err(in_key),
        "unit" if rest == "width" => check_choice(value, &["long", "short"]).map_err(in_key),
        "unit" => check_unit_key(rest, value, |id| parse_measure(id).map(|_| ())).map_err(in_key),
        "currency" => check_unit_key(rest, value, |code| parse_currency(code).map(|_| ())).map_err(in_key),
        "approx" => {
            parse_approx(rest).map_err(in_key)?;
            check_pattern(value, 1).map_err(in_key)
        }
        _ => Ok(()),
    }
}

fn check_setting(key: &str, value: &str) -> Result<(), QuantityError> {
    match key {
        "number.compact" => check_choice(value, &["short", "long", "none"]),
        "number.compact_from" => match value.parse::<u8>() {
            Ok(1..=15) => Ok(()),
            _ => Err(QuantityError::new(
                format!("`{value}` is not a power of ten from 1 to 15"),
                "e.g. `4` writes 15000 as 1.5万, `6` starts at millions".to_string(),
            )),
        },
        "words.join" => check_pattern(value, 2),
        _ => Err(QuantityError::new(
            "unknown key",
            "the keys are number.compact, number.compact_from, unit.width, unit.<id>, currency.<code>, \
             approx.<name> and words.join"
                .to_string(),
        )),
    }
}

fn check_choice(value: &str, allowed: &[&str]) -> Result<(), QuantityError> {
    if allowed.contains(&value) {
        return Ok(());
    }
    Err(QuantityError::new(
        format!("`{value}` is not one of {}", allowed.join(", ")),
        None,
    ))
}

/// `unit.<id>` / `currency.<code>`, optionally followed by a plural category.
fn check_unit_key(
    rest: &str,
    value: &str,
    parse: impl Fn(&str) -> Result<(), QuantityError>,
) -> Result<(), QuantityError> {
    let id = match rest.rsplit_once('.') {
        Some((id, suffix)) if PLURAL_SUFFIXES.iter().any(|(s, _)| *s == suffix) => id,
        Some((_, "other")) => {
            return Err(QuantityError::new(
                "`.other` is not a key",
                "the bare key is the `other` form: write `unit.tonne`, not `unit.tonne.other`".to_string(),
            ));
        }
        _ => rest,
    };
    parse(id)?;
    check_pattern(value, 1)
}

fn check_pattern(value: &str, args: usize) -> Result<(), QuantityError> {
    Template::parse(value, args)
        .map(|_| ())
        .map_err(|why| QuantityError::new(format!("`{value}`: {why}"), "e.g. `{0} Tonnen`, `{0}吨`".to_string()))
}

fn builtin_for(lang: &str) -> &'static [(&'static str, &'static str)] {
    let mut subtags = lang.split(['-', '_']).map(str::to_ascii_lowercase);
    let language = subtags.next().unwrap_or_default();
    let rest: Vec<String> = subtags.collect();
    let traditional = rest.iter().any(|s| s == "hant")
        || (!rest.iter().any(|s| s == "hans") && rest.iter().any(|s| matches!(s.as_str(), "tw" | "hk" | "mo")));
    match language.as_str() {
        "de" => DE,
        "en" => EN,
        "zh" if traditional => ZH_HANT,
        "zh" => ZH_HANS,
        _ => &[],
    }
}

static DE: &[(&str, &str)] = &[
    ("number.compact", "short"),
    ("currency.CNY", "{0}\u{a0}Yuan"),
    ("currency.EUR", "{0}\u{a0}Euro"),
    ("currency.USD", "{0}\u{a0}US-Dollar"),
    ("currency.JPY", "{0}\u{a0}Yen"),
    ("currency.GBP", "{0}\u{a0}Pfund"),
    ("currency.HKD", "{0}\u{a0}Hongkong-Dollar"),
    ("unit.permille", "{0}\u{a0}Promille"),
    ("unit.kilowatt", "{0}\u{a0}Kilowatt"),
    ("unit.megawatt", "{0}\u{a0}Megawatt"),
    ("unit.gigawatt", "{0}\u{a0}Gigawatt"),
    ("unit.kilowatt-hour", "{0}\u{a0}Kilowattstunden"),
    ("unit.kilowatt-hour.one", "{0}\u{a0}Kilowattstunde"),
    ("unit.megawatt-hour", "{0}\u{a0}Megawattstunden"),
    ("unit.megawatt-hour.one", "{0}\u{a0}Megawattstunde"),
    ("unit.gigawatt-hour", "{0}\u{a0}Gigawattstunden"),
    ("unit.gigawatt-hour.one", "{0}\u{a0}Gigawattstunde"),
    ("unit.terawatt-hour", "{0}\u{a0}Terawattstunden"),
    ("unit.terawatt-hour.one", "{0}\u{a0}Terawattstunde"),
    ("approx.over", "über {0}"),
    ("approx.about", "etwa {0}"),
    ("approx.nearly", "fast {0}"),
    ("approx.up_to", "bis zu {0}"),
    ("approx.at_least", "mindestens {0}"),
];

static ZH_HANS: &[(&str, &str)] = &[
    ("number.compact", "short"),
    ("currency.CNY", "{0}元"),
    ("currency.EUR", "{0}欧元"),
    ("currency.USD", "{0}美元"),
    ("currency.JPY", "{0}日元"),
    ("currency.GBP", "{0}英镑"),
    ("currency.HKD", "{0}港元"),
    ("unit.tonne", "{0}吨"),
    ("unit.permille", "{0}‰"),
    ("unit.kilowatt", "{0}千瓦"),
    ("unit.megawatt", "{0}兆瓦"),
    ("unit.gigawatt", "{0}吉瓦"),
    ("unit.kilowatt-hour", "{0}千瓦时"),
    ("unit.megawatt-hour", "{0}兆瓦时"),
    ("unit.gigawatt-hour", "{0}吉瓦时"),
    ("unit.terawatt-hour", "{0}太瓦时"),
    ("approx.over", "{0}余"),
    ("approx.about", "约{0}"),
    ("approx.nearly", "近{0}"),
    ("approx.up_to", "最多{0}"),
    ("approx.at_least", "至少{0}"),
    ("words.join", "{0}{1}"),
];

static ZH_HANT: &[(&str, &str)] = &[
    ("number.compact", "short"),
    ("currency.CNY", "{0}元"),
    ("currency.EUR", "{0}歐元"),
    ("currency.USD", "{0}美元"),
    ("currency.JPY", "{0}日圓"),
    ("currency.GBP", "{0}英鎊"),
    ("currency.HKD", "{0}港元"),
    ("unit.tonne", "{0}噸"),
    ("unit.permille", "{0}‰"),
    ("unit.kilowatt", "{0}千瓦"),
    ("unit.megawatt", "{0}兆瓦"),
    ("unit.gigawatt", "{0}吉瓦"),
    ("unit.kilowatt-hour", "{0}千瓦時"),
    ("unit.megawatt-hour", "{0}兆瓦時"),
    ("unit.gigawatt-hour", "{0}吉瓦時"),
    ("unit.terawatt-hour", "{0}太瓦時"),
    ("approx.over", "{0}餘"),
    ("approx.about", "約{0}"),
    ("approx.nearly", "近{0}"),
    ("approx.up_to", "最多{0}"),
    ("approx.at_least", "至少{0}"),
    ("words.join", "{0}{1}"),
];

static EN: &[(&str, &str)] = &[
    ("number.compact", "long"),
    ("currency.CNY", "{0}\u{a0}yuan"),
    ("unit.permille", "{0}‰"),
    ("unit.kilowatt", "{0}\u{a0}kilowatts"),
    ("unit.kilowatt.one", "{0}\u{a0}kilowatt"),
    ("unit.megawatt", "{0}\u{a0}megawatts"),
    ("unit.megawatt.one", "{0}\u{a0}megawatt"),
    ("unit.gigawatt", "{0}\u{a0}gigawatts"),
    ("unit.gigawatt.one", "{0}\u{a0}gigawatt"),
    ("unit.kilowatt-hour", "{0}\u{a0}kilowatt-hours"),
    ("unit.kilowatt-hour.one", "{0}\u{a0}kilowatt-hour"),
    ("unit.megawatt-hour", "{0}\u{a0}megawatt-hours"),
    ("unit.megawatt-hour.one", "{0}\u{a0}megawatt-hour"),
    ("unit.gigawatt-hour", "{0}\u{a0}gigawatt-hours"),
    ("unit.gigawatt-hour.one", "{0}\u{a0}gigawatt-hour"),
    ("unit.terawatt-hour", "{0}\u{a0}terawatt-hours"),
    ("unit.terawatt-hour.one", "{0}\u{a0}terawatt-hour"),
    ("approx.over", "over {0}"),
    ("approx.about", "about {0}"),
    ("approx.nearly", "nearly {0}"),
    ("approx.up_to", "up to {0}"),
    ("approx.at_least", "at least {0}"),
];
