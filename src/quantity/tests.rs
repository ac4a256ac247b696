use std::collections::BTreeMap;

use super::*;

/// U+00A0, the no-break space CLDR and the built-in words put between a number and its unit.
const NB: &str = "\u{a0}";

fn formatter(lang: &str) -> QuantityFormatter {
    match QuantityFormatter::new(lang, &BTreeMap::new()) {
        Ok(f) => f,
        Err(e) => panic!("formatter for {lang}: {e}"),
    }
}

fn value(literal: &str) -> Exact {
    match parse_value(literal) {
        Ok(v) => v,
        Err(e) => panic!("{literal}: {e}"),
    }
}

fn figure(literal: &str, unit: Unit, approx: Option<Approx>) -> Figure {
    Figure {
        value: value(literal),
        unit,
        approx,
    }
}

fn currency(code: &str) -> Unit {
    Unit::Currency(parse_currency(code).unwrap_or_else(|e| panic!("{e}")))
}

fn measure(id: &str) -> Unit {
    Unit::Measure(parse_measure(id).unwrap_or_else(|e| panic!("{e}")))
}

fn nb(text: &str) -> String {
    text.replace('_', NB)
}

#[test]
fn one_value_cny_is_compact_in_each_language() {
    let investment = figure("121_000_000_000", currency("CNY"), None);
    assert_eq!(formatter("de").format(&investment), nb("121_Mrd._Yuan"));
    assert_eq!(formatter("zh").format(&investment), "1210亿元");
    assert_eq!(formatter("en").format(&investment), nb("121 billion_yuan"));
    assert_eq!(investment.value.plain(), "121000000000");
}

#[test]
fn scale_words_compose_with_currencies() {
    let euros = figure("1_500_000", currency("EUR"), None);
    assert_eq!(formatter("de").format(&euros), nb("1,5_Mio._Euro"));
    assert_eq!(formatter("zh").format(&euros), "150万欧元");
    assert_eq!(formatter("en").format(&euros), "1.5 million euros");
}

#[test]
fn approximations_and_chinese_measure_words() {
    let companies = |unit| figure("150", unit, Some(Approx::Over));
    assert_eq!(formatter("de").format(&companies(Unit::None)), "über 150");
    assert_eq!(formatter("zh").format(&companies(Unit::None)), "150余");
    assert_eq!(formatter("zh").format(&companies(Unit::Words("家".into()))), "150余家");
    assert_eq!(
        formatter("de").format(&companies(Unit::Words("Unternehmen".into()))),
        "über 150 Unternehmen"
    );
    assert_eq!(
        formatter("en").format(&companies(Unit::Words("companies".into()))),
        "over 150 companies"
    );
    let about = figure("150", Unit::None, Some(Approx::About));
    assert_eq!(formatter("de").format(&about), "etwa 150");
    assert_eq!(formatter("zh").format(&about), "约150");
    let up_to = figure("150", Unit::None, Some(Approx::UpTo));
    assert_eq!(formatter("de").format(&up_to), "bis zu 150");
    assert_eq!(formatter("zh").format(&up_to), "最多150");
}

#[test]
fn chinese_over_sits_between_number_and_scale_word() {
    let investment = figure("3_000_000_000", currency("CNY"), Some(Approx::Over));
    assert_eq!(formatter("zh").format(&investment), "30余亿元");
    assert_eq!(formatter("de").format(&investment), nb("über 3_Mrd._Yuan"));
}

#[test]
fn integers_beyond_f64_stay_exact() {
    let big = value("9007199254740993");
    assert_eq!(formatter("de").number(&big), "9.007.199.254.740.993");
    assert_eq!(formatter("zh").number(&big), "9,007,199,254,740,993");
    assert_eq!(big.plain(), "9007199254740993");
    assert_ne!(big, value("9007199254740992"));
}

#[test]
fn percent_in_both_languages() {
    let share = figure("38.6", measure("percent"), None);
    assert_eq!(formatter("de").format(&share), nb("38,6_%"));
    assert_eq!(formatter("zh").format(&share), "38.6%");
    assert_eq!(formatter("en").format(&share), "38.6%");
    assert_eq!(share.value.plain(), "38.6");
}

#[test]
fn decimals_use_the_language_separators() {
    let area = value("85000.5");
    assert_eq!(formatter("de").number(&area), "85.000,5");
    assert_eq!(formatter("zh").number(&area), "85,000.5");
    assert_eq!(formatter("en").number(&area), "85,000.5");
}

#[test]
fn plain_counts_are_grouped() {
    let count = value("1500");
    assert_eq!(formatter("de").number(&count), "1.500");
    assert_eq!(formatter("zh").number(&count), "1,500");
    assert_eq!(formatter("de").format(&Figure::count(value("25"))), "25");
}

#[test]
fn lossy_compaction_never_happens() {
    let odd = figure("1234567891", currency("CNY"), None);
    assert_eq!(formatter("de").format(&odd), nb("1.234.567.891_Yuan"));
    assert_eq!(formatter("zh").format(&odd), "1,234,567,891元");
    assert_eq!(formatter("en").format(&odd), nb("1,234,567,891_yuan"));
    // Two fraction digits at the scale are still exact: 12.35亿 / 1,24 Mrd.
    assert_eq!(formatter("zh").number(&value("1_235_000_000")), "12.35亿");
    assert_eq!(formatter("de").number(&value("1_240_000_000")), nb("1,24_Mrd."));
    assert_eq!(formatter("de").number(&value("1_235_000_000")), "1.235.000.000");
}

#[test]
fn chinese_compacts_from_wan_german_from_millions() {
    assert_eq!(formatter("zh").number(&value("150000")), "15万");
    assert_eq!(formatter("zh").number(&value("5000")), "5,000");
    assert_eq!(formatter("de").number(&value("150000")), "150.000");
    assert_eq!(formatter("en").number(&value("150000")), "150,000");
    assert_eq!(
        formatter("zh").format(&figure("5000", measure("tonne"), None)),
        "5,000吨"
    );
}

#[test]
fn negative_values() {
    assert_eq!(formatter("de").number(&value("-0.25")), "-0,25");
    assert_eq!(
        formatter("de").format(&figure("-1_500_000", currency("EUR"), None)),
        nb("-1,5_Mio._Euro")
    );
    assert_eq!(
        formatter("zh").format(&figure("-3.5", measure("percent"), None)),
        "-3.5%"
    );
    assert!(value("-0.25") < value("0"));
    assert_eq!(value("-0").plain(), "0");
}

#[test]
fn units_follow_cldr_plurals() {
    let de = formatter("de");
    assert_eq!(de.format(&figure("1", measure("tonne"), None)), nb("1_Tonne"));
    assert_eq!(de.format(&figure("5", measure("tonne"), None)), nb("5_Tonnen"));
    assert_eq!(
        de.format(&figure("2_000_000", measure("tonne"), None)),
        nb("2_Mio._Tonnen")
    );
    assert_eq!(
        de.format(&figure("12", measure("square-kilometer"), None)),
        "12 Quadratkilometer"
    );
    assert_eq!(
        de.format(&figure("1", measure("kilowatt-hour"), None)),
        nb("1_Kilowattstunde")
    );
    let en = formatter("en");
    assert_eq!(en.format(&figure("1", measure("hectare"), None)), "1 hectare");
    assert_eq!(en.format(&figure("350", measure("hectare"), None)), "350 hectares");
    assert_eq!(en.format(&figure("5", measure("tonne"), None)), "5 metric tons");
    let zh = formatter("zh");
    assert_eq!(
        zh.format(&figure("12", measure("square-kilometer"), None)),
        "12平方公里"
    );
    assert_eq!(
        zh.format(&figure("1_000_000_000", measure("kilowatt-hour"), None)),
        "10亿千瓦时"
    );
}

#[test]
fn other_languages_fall_back_to_cldr() {
    let fr = formatter("fr");
    assert_eq!(fr.format(&figure("5", measure("tonne"), None)), nb("5_tonnes"));
    assert_eq!(
        fr.format(&figure("2_500_000", currency("EUR"), None)),
        nb("2,5_M euros")
    );
    assert_eq!(fr.format(&figure("150", Unit::None, Some(Approx::Over))), ">150");
    assert_eq!(fr.format(&figure("20", measure("megawatt"), None)), nb("20_MW"));
    let ja = formatter("ja");
    assert_eq!(ja.number(&value("150000")), "15万");
}

#[test]
fn traditional_chinese_has_its_own_words() {
    let zh_tw = formatter("zh-TW");
    assert_eq!(
        zh_tw.format(&figure("150", Unit::Words("家".into()), Some(Approx::Over))),
        "150餘家"
    );
    assert_eq!(
        zh_tw.format(&figure("121_000_000_000", currency("CNY"), None)),
        "1210億元"
    );
}

#[test]
fn theme_words_override_defaults() {
    let mut words = BTreeMap::new();
    words.insert("currency.CNY".to_string(), "{0} Renminbi".to_string());
    words.insert("approx.over".to_string(), "mehr als {0}".to_string());
    words.insert("unit.tonne".to_string(), "{0} t".to_string());
    words.insert("number.compact".to_string(), "long".to_string());
    words.insert("approx.about".to_string(), "no placeholder".to_string());
    let de = QuantityFormatter::new("de", &words).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        de.format(&figure("121_000_000_000", currency("CNY"), None)),
        "121 Milliarden Renminbi"
    );
    assert_eq!(de.format(&figure("1_000_000", Unit::None, None)), "1 Million");
    assert_eq!(
        de.format(&figure("150", Unit::None, Some(Approx::Over))),
        "mehr als 150"
    );
    assert_eq!(de.format(&figure("150", Unit::None, Some(Approx::About))), "etwa 150");
    assert_eq!(de.format(&figure("5", measure("tonne"), None)), "5 t");
}

#[test]
fn words_table_is_checked() {
    let mut words = BTreeMap::new();
    words.insert("unit.tone".to_string(), "{0} Tonnen".to_string());
    words.insert("currency.CNY".to_string(), "Yuan".to_string());
    words.insert("approx.over".to_string(), "über {0}".to_string());
    words.insert("number.compact".to_string(), "tiny".to_string());
    words.insert("nav.home".to_string(), "Start".to_string());
    let errors = check_words(&words);
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("unit.tone") && e.hint.as_deref().is_some_and(|h| h.contains("`tonne`")))
    );
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("currency.CNY") && e.message.contains("{0}"))
    );
}

#[test]
fn unknown_currency_gets_a_suggestion() {
    let error = parse_currency("CNX").err().unwrap_or_else(|| panic!("CNX accepted"));
    assert_eq!(error.message, "unknown currency `CNX`");
    let hint = error.hint.unwrap_or_default();
    assert!(hint.contains("`CNY`") && hint.contains("ISO 4217"), "{hint}");
    let rmb = parse_currency("RMB").err().and_then(|e| e.hint).unwrap_or_default();
    assert!(rmb.contains("`CNY`"), "{rmb}");
    let lower = parse_currency("eur").err().and_then(|e| e.hint).unwrap_or_default();
    assert!(lower.contains("`EUR`"), "{lower}");
    assert_eq!(parse_currency("JPY").map(Currency::code), Ok("JPY"));
}

#[test]
fn unknown_unit_gets_a_suggestion() {
    let error = parse_measure("tone").err().unwrap_or_else(|| panic!("tone accepted"));
    assert_eq!(error.message, "unknown unit `tone`");
    assert!(error.hint.unwrap_or_default().starts_with("did you mean `tonne`?"));
    let percent = parse_measure("%").err().and_then(|e| e.hint).unwrap_or_default();
    assert!(percent.starts_with("did you mean `percent`?"), "{percent}");
    let km2 = parse_measure("square-kilometre")
        .err()
        .and_then(|e| e.hint)
        .unwrap_or_default();
    assert!(km2.starts_with("did you mean `square-kilometer`?"), "{km2}");
    let approx = parse_approx("more_than").err().and_then(|e| e.hint).unwrap_or_default();
    assert!(approx.starts_with("did you mean `over`?"), "{approx}");
}

#[test]
fn literals_parse_exactly() {
    assert_eq!(value("121_000_000_000").plain(), "121000000000");
    assert_eq!(value("1.21e11"), value("121_000_000_000"));
    assert_eq!(value("1.21E+11").plain(), "121000000000");
    assert_eq!(value("5e-3").plain(), "0.005");
    assert_eq!(value("+5"), value("5"));
    assert_eq!(value("38.60"), value("38.6"));
    assert_eq!(value("0x1F").plain(), "31");
    assert_eq!(value("0o17").plain(), "15");
    assert_eq!(value("0b101").plain(), "5");
    assert_eq!(value("9_223_372_036_854_775_807").plain(), "9223372036854775807");
    assert_eq!(value("-9223372036854775808").plain(), "-9223372036854775808");
    assert_eq!(value("0.1").plain(), "0.1");
    for bad in [
        "", "inf", "-nan", "1__0", "_1", "1_", "1.", ".5", "1e", "abc", "1.2.3", "-0x1F", "1e999", "0xZZ",
    ] {
        assert!(parse_value(bad).is_err(), "{bad:?} accepted");
    }
}

#[test]
fn written_fraction_digits_are_kept_in_full_form() {
    assert_eq!(formatter("de").number(&value("85000.50")), "85.000,50");
    assert_eq!(formatter("de").number(&value("1_500_000.00")), nb("1,5_Mio."));
}

#[test]
fn values_compare_and_hash_numerically() {
    use std::collections::HashSet;
    let set: HashSet<Exact> = ["1.5", "1.50", "15e-1", "0x0F"].into_iter().map(value).collect();
    assert_eq!(set.len(), 2);
    assert!(value("10") > value("9.99"));
    assert!(value("-10") < value("-9.99"));
    assert!(value("0.001") > value("0"));
}

#[test]
fn figures_agree_across_translations() {
    let original = figure("150", Unit::Words("家".into()), Some(Approx::Over));
    let translation = figure("150", Unit::Words("Unternehmen".into()), Some(Approx::Over));
    assert!(original.agrees_with(&translation));
    assert!(!original.agrees_with(&figure("151", Unit::Words("Unternehmen".into()), Some(Approx::Over))));
    assert!(!figure("5", currency("CNY"), None).agrees_with(&figure("5", currency("EUR"), None)));
}

#[test]
fn formatter_is_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<QuantityFormatter>();
    assert!(QuantityFormatter::new("not a tag!", &BTreeMap::new()).is_err());
}

#[test]
fn long_scale_words_agree_with_the_significand() {
    let mut words = BTreeMap::new();
    words.insert("number.compact".to_string(), "long".to_string());
    let de = QuantityFormatter::new("de", &words).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(de.number(&value("2_000_000")), "2 Millionen");
    assert_eq!(de.number(&value("1_000_000_000")), "1 Milliarde");
    assert_eq!(
        formatter("en").format(&figure("1_500_000", currency("EUR"), Some(Approx::Over))),
        "over 1.5 million euros"
    );
}

#[test]
fn compact_threshold_and_style_can_be_set() {
    let mut words = BTreeMap::new();
    words.insert("number.compact_from".to_string(), "8".to_string());
    let zh = QuantityFormatter::new("zh", &words).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(zh.number(&value("150000")), "150,000");
    assert_eq!(zh.number(&value("300_000_000")), "3亿");
    words.insert("number.compact".to_string(), "none".to_string());
    let none = QuantityFormatter::new("zh", &words).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(none.number(&value("300_000_000")), "300,000,000");
    let mut bad = BTreeMap::new();
    bad.insert("unit.tonne.other".to_string(), "{0} t".to_string());
    bad.insert("number.compact_from".to_string(), "99".to_string());
    bad.insert("words.join".to_string(), "{0}".to_string());
    assert_eq!(check_words(&bad).len(), 3);
}

#[test]
fn zero_and_small_values() {
    assert_eq!(
        formatter("de").format(&figure("0", measure("percent"), None)),
        nb("0_%")
    );
    assert_eq!(formatter("de").number(&value("0.005")), "0,005");
    assert_eq!(
        formatter("zh").format(&figure("0.5", measure("tonne"), Some(Approx::About))),
        "约0.5吨"
    );
}
