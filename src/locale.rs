//! Dates and numbers as a reader of each language writes them (`22. Oktober 2024`,
//! `2024年10月22日`; `1.500`, `1,500`), from CLDR data compiled in by ICU4X rather than a
//! hand-written table, so any language a site configures gets correct formats.

use std::str::FromStr;

use icu_calendar::{Date as IcuDate, Iso};
use icu_datetime::DateTimeFormatter;
use icu_datetime::fieldsets::{D, M, MD, YM, YMD, YMDT};
use icu_datetime::input::{DateTime as IcuDateTime, Time as IcuTime};
use icu_datetime::options::TimePrecision;
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_locale_core::Locale as IcuLocale;
use icu_plurals::{PluralCategory, PluralRules};
use jiff::civil::Date;

/// ICU's compiled data always has the root locale, which every unknown code falls back to.
const ROOT_DATA: &str = "ICU compiled data includes the root locale";

/// Formatters for one language, made once per build and shared by all pages.
pub(crate) struct Locale {
    pub lang: String,
    ymd: DateTimeFormatter<YMD>,
    ymdt: DateTimeFormatter<YMDT>,
    ym: DateTimeFormatter<YM>,
    md: DateTimeFormatter<MD>,
    d: DateTimeFormatter<D>,
    m: DateTimeFormatter<M>,
    number: DecimalFormatter,
    plurals: PluralRules,
    /// Year first (`2024年10月22日`) or last (`22. Oktober 2024`), read off the CLDR pattern:
    /// it decides how a date range is shortened.
    year_first: bool,
    /// Day before month (`10.–12. Mai`) or after (`May 10 – May 12`).
    day_first: bool,
}

impl std::fmt::Debug for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locale").field("lang", &self.lang).finish()
    }
}

impl Locale {
    /// Falls back to the root locale's data for codes ICU does not know (a made-up code
    /// still builds, with ISO-like formats).
    pub(crate) fn new(lang: &str) -> Locale {
        let locale = IcuLocale::from_str(lang).unwrap_or(IcuLocale::UNKNOWN);

        let ymd = DateTimeFormatter::try_new((&locale).into(), YMD::long()).expect(ROOT_DATA);
        let mut locale = Locale {
            lang: lang.to_string(),
            ymd,
            ymdt: DateTimeFormatter::try_new(
                (&locale).into(),
                YMDT::long().with_time_precision(TimePrecision::Minute),
            )
            .expect(ROOT_DATA),
            ym: DateTimeFormatter::try_new((&locale).into(), YM::long()).expect(ROOT_DATA),
            md: DateTimeFormatter::try_new((&locale).into(), MD::long()).expect(ROOT_DATA),
            d: DateTimeFormatter::try_new((&locale).into(), D::long()).expect(ROOT_DATA),
            m: DateTimeFormatter::try_new((&locale).into(), M::long()).expect(ROOT_DATA),
            number: DecimalFormatter::try_new((&locale).into(), Default::default()).expect(ROOT_DATA),
            plurals: PluralRules::try_new_cardinal((&locale).into()).expect(ROOT_DATA),
            year_first: false,
            day_first: true,
        };
        let sample = locale.date(Date::constant(2033, 11, 22));
        let (year, day) = (sample.find("2033"), sample.find("22"));
        let month = locale
            .ym
            .format(&iso(Date::constant(2033, 11, 1)))
            .to_string()
            .replace("2033", "");
        let month = month.trim_matches(|c: char| !c.is_alphanumeric());
        locale.year_first = year < day;
        locale.day_first = day < sample.find(month).or(sample.find("11"));
        locale
    }

    /// `22. Oktober 2024`, `2024年10月22日`, `October 22, 2024`.
    pub(crate) fn date(&self, date: Date) -> String {
        self.ymd.format(&iso(date)).to_string()
    }

    /// `22. Oktober 2024 um 17:30`, `2024年10月22日 17:30`: a publication time the editor gave.
    pub(crate) fn date_time(&self, moment: jiff::civil::DateTime) -> String {
        let time =
            IcuTime::try_new(moment.hour() as u8, moment.minute() as u8, 0, 0).unwrap_or(IcuTime::start_of_day());
        self.ymdt
            .format(&IcuDateTime {
                date: iso(moment.date()),
                time,
            })
            .to_string()
    }

    /// `Oktober 2024`, `2024年10月`: archive headings.
    pub(crate) fn month_year(&self, date: Date) -> String {
        self.ym.format(&iso(date)).to_string()
    }

    /// `Oktober`, `十月`.
    pub(crate) fn month(&self, date: Date) -> String {
        self.m.format(&iso(date)).to_string()
    }

    /// An event's days, shortened the way people write them: `22. Oktober 2024`,
    /// `10.–12. Mai 2023`, `30. April – 2. Mai 2023`, `2023年5月10日–12日`.
    pub(crate) fn date_range(&self, start: Date, end: Date) -> String {
        if start == end {
            return self.date(start);
        }
        let same_year = start.year() == end.year();
        let same_month = same_year && start.month() == end.month();
        if self.year_first {
            let tail = match (same_year, same_month) {
                (true, true) => self.d.format(&iso(end)).to_string(),
                (true, false) => self.md.format(&iso(end)).to_string(),
                _ => self.date(end),
            };
            format!("{}–{}", self.date(start), tail)
        } else if same_month && self.day_first {
            // The day as the full date writes it, punctuation included: `10.` in German.
            let full = self.date(start);
            let month = self.month(start);
            let day = full.find(&month).map_or(full.as_str(), |i| full[..i].trim_end());
            format!("{day}–{}", self.date(end))
        } else if same_year {
            format!("{} – {}", self.md.format(&iso(start)), self.date(end))
        } else {
            format!("{} – {}", self.date(start), self.date(end))
        }
    }

    /// The CLDR plural category of a count, as the suffix of UI-string keys:
    /// `reports_one`, `reports_other`.
    pub(crate) fn plural(&self, n: usize) -> &'static str {
        match self.plurals.category_for(n) {
            PluralCategory::Zero => "zero",
            PluralCategory::One => "one",
            PluralCategory::Two => "two",
            PluralCategory::Few => "few",
            PluralCategory::Many => "many",
            PluralCategory::Other => "other",
        }
    }

    /// `1.500`, `85.000,5` (de); `1,500`, `85,000.5` (zh, en).
    pub(crate) fn number(&self, value: f64) -> String {
        // Rust's shortest round-trip rendering, so 38.6 stays 38.6 and not 38.600000000000001.
        let text = if value.fract() == 0.0 && value.abs() < 1e15 {
            format!("{}", value as i64)
        } else {
            format!("{value}")
        };
        match Decimal::from_str(&text) {
            Ok(decimal) => self.number.format(&decimal).to_string(),
            Err(_) => text,
        }
    }
}

fn iso(date: Date) -> IcuDate<Iso> {
    IcuDate::try_new_iso(date.year() as i32, date.month() as u8, date.day() as u8)
        .expect("a jiff civil date is always a valid ISO date")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i16, m: i8, day: i8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn dates_per_language() {
        assert_eq!(Locale::new("de").date(d(2024, 10, 22)), "22. Oktober 2024");
        assert_eq!(Locale::new("zh").date(d(2024, 10, 22)), "2024年10月22日");
        assert_eq!(Locale::new("en").date(d(2024, 10, 22)), "October 22, 2024");
        assert_eq!(Locale::new("de").month_year(d(2024, 10, 22)), "Oktober 2024");
        assert_eq!(Locale::new("zh").month_year(d(2024, 10, 22)), "2024年10月");
        let at = jiff::civil::date(2024, 10, 22).at(17, 30, 0, 0);
        assert_eq!(Locale::new("de").date_time(at), "22. Oktober 2024 um 17:30");
        assert_eq!(Locale::new("zh").date_time(at), "2024年10月22日 17:30");
    }

    #[test]
    fn ranges_are_shortened() {
        let de = Locale::new("de");
        assert_eq!(de.date_range(d(2023, 5, 10), d(2023, 5, 12)), "10.–12. Mai 2023");
        assert_eq!(de.date_range(d(2023, 4, 30), d(2023, 5, 2)), "30. April – 2. Mai 2023");
        assert_eq!(
            de.date_range(d(2023, 12, 30), d(2024, 1, 2)),
            "30. Dezember 2023 – 2. Januar 2024"
        );
        let zh = Locale::new("zh");
        assert_eq!(zh.date_range(d(2023, 5, 10), d(2023, 5, 12)), "2023年5月10日–12日");
        assert_eq!(zh.date_range(d(2023, 4, 30), d(2023, 5, 2)), "2023年4月30日–5月2日");
        let en = Locale::new("en");
        assert_eq!(en.date_range(d(2023, 5, 10), d(2023, 5, 12)), "May 10 – May 12, 2023");
    }

    #[test]
    fn plural_categories_follow_cldr() {
        assert_eq!(Locale::new("de").plural(1), "one");
        assert_eq!(Locale::new("de").plural(2), "other");
        assert_eq!(Locale::new("zh").plural(1), "other");
    }

    #[test]
    fn numbers_per_language() {
        let de = Locale::new("de");
        assert_eq!(de.number(1200.0), "1.200");
        assert_eq!(de.number(85000.5), "85.000,5");
        assert_eq!(de.number(38.6), "38,6");
        let zh = Locale::new("zh");
        assert_eq!(zh.number(1200.0), "1,200");
        assert_eq!(zh.number(85000.5), "85,000.5");
    }
}
