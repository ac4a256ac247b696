//! CLDR data for unit names, currency names and the compact scale words, from ICU4X's baked data.
//!
//! The unit and currency names live in `icu_experimental_data`. Its `compiled_data` feature would
//! compile every experimental marker (30 MB of source: transliteration, person names, …); instead
//! this module bakes a provider with only the markers gazette reads, through the generated
//! `impl_*` macros the data crate exports for exactly this. The compact scale words come from
//! `icu_decimal`'s own baked data (feature `unstable`).
//!
//! Everything here runs when a formatter is built, never per figure: lookups return payloads of
//! baked (static) data that the formatter keeps; they borrow from the binary and cost a few words.

use icu_decimal::provider::{Baked as DecimalBaked, CompactPatterns, DecimalCompactLongV1, DecimalCompactShortV1};
use icu_experimental::dimension::provider::currency::extended::CurrencyExtendedDataV1;
use icu_experimental::dimension::provider::currency::patterns::CurrencyPatternsDataV1;
use icu_experimental::dimension::provider::percent::DecimalPercentV1;
use icu_experimental::dimension::provider::units::categorized_display_names::*;
use icu_experimental::dimension::provider::units::display_names::UnitsDisplayNames;
use icu_pattern::SinglePlaceholder;
use icu_provider::marker::ErasedMarker;
use icu_provider::prelude::*;

use super::units::Category;

// The generated data macros name `alloc` and a crate called `icu`; these are those names.
extern crate alloc;
mod icu {
    pub(super) use icu_experimental as experimental;
}

/// A data provider holding only the CLDR markers gazette uses.
pub(super) struct Cldr;

const _: () = {
    use icu_experimental_data::*;
    make_provider!(Cldr);
    impl_units_names_area_core_v1!(Cldr);
    impl_units_names_area_extended_v1!(Cldr);
    impl_units_names_area_outlier_v1!(Cldr);
    impl_units_names_duration_core_v1!(Cldr);
    impl_units_names_duration_extended_v1!(Cldr);
    impl_units_names_duration_outlier_v1!(Cldr);
    impl_units_names_length_core_v1!(Cldr);
    impl_units_names_length_extended_v1!(Cldr);
    impl_units_names_length_outlier_v1!(Cldr);
    impl_units_names_mass_core_v1!(Cldr);
    impl_units_names_mass_extended_v1!(Cldr);
    impl_units_names_mass_outlier_v1!(Cldr);
    impl_units_names_volume_core_v1!(Cldr);
    impl_units_names_volume_extended_v1!(Cldr);
    impl_units_names_volume_outlier_v1!(Cldr);
    impl_currency_extended_data_v1!(Cldr);
    impl_currency_patterns_data_v1!(Cldr);
    impl_decimal_percent_v1!(Cldr);
};

/// Unit names of any category: the categories' markers share one data struct.
pub(super) type UnitNames = DataPayload<ErasedMarker<UnitsDisplayNames<'static>>>;
pub(super) type CurrencyNames = DataPayload<CurrencyExtendedDataV1>;
pub(super) type CurrencyPattern = DataPayload<CurrencyPatternsDataV1>;
pub(super) type CompactScales = DataPayload<ErasedMarker<CompactPatterns<'static, SinglePlaceholder>>>;

/// One answer from a baked marker, with whether it came from the root locale (`und`).
struct Found<M: DynamicDataMarker> {
    payload: DataPayload<M>,
    from_root: bool,
}

/// Loads `attributes` for `locale` from marker `M`, following CLDR locale fallback.
fn load<M>(attributes: &str, locale: &DataLocale) -> Option<Found<M>>
where
    M: DataMarker,
    Cldr: DataProvider<M>,
{
    let attributes = DataMarkerAttributes::try_from_str(attributes).ok()?;
    // Missing data is expected here (the lookup tries several markers), so ICU4X must not
    // log it: debug builds print every miss to stderr otherwise.
    let mut request = DataRequest {
        id: DataIdentifierBorrowed::for_marker_attributes_and_locale(attributes, locale),
        ..Default::default()
    };
    request.metadata.silent = true;
    let response = DataProvider::<M>::load(&Cldr, request).ok()?;
    let from_root = response.metadata.locale.as_ref().is_some_and(DataLocale::is_unknown) || locale.is_unknown();
    Some(Found {
        payload: response.payload,
        from_root,
    })
}

/// Unit names from one tier, with whether they came from root.
fn load_names<M>(attributes: &str, locale: &DataLocale) -> Option<(UnitNames, bool)>
where
    M: DataMarker<DataStruct = UnitsDisplayNames<'static>>,
    Cldr: DataProvider<M>,
{
    let found = load::<M>(attributes, locale)?;
    Some((found.payload.cast(), found.from_root))
}

/// The CLDR display names of a unit (`long-tonne` → `{0} Tonnen`, one: `{0} Tonne`).
///
/// ICU4X splits each category into three markers: units the locale's region uses (core), units
/// other regions use (extended), and the rest (outlier). Each falls back to the root locale on
/// its own, so English `tonne` is root's `{0} t` in "core" but `{0} metric tons` in "outlier":
/// an answer in the language itself wins over one from root.
pub(super) fn unit_names(category: Category, width: &str, id: &str, locale: &DataLocale) -> Option<UnitNames> {
    let attributes = format!("{width}-{id}");
    let a = attributes.as_str();
    let tiers = match category {
        Category::Area => [
            load_names::<UnitsNamesAreaCoreV1>(a, locale),
            load_names::<UnitsNamesAreaExtendedV1>(a, locale),
            load_names::<UnitsNamesAreaOutlierV1>(a, locale),
        ],
        Category::Duration => [
            load_names::<UnitsNamesDurationCoreV1>(a, locale),
            load_names::<UnitsNamesDurationExtendedV1>(a, locale),
            load_names::<UnitsNamesDurationOutlierV1>(a, locale),
        ],
        Category::Length => [
            load_names::<UnitsNamesLengthCoreV1>(a, locale),
            load_names::<UnitsNamesLengthExtendedV1>(a, locale),
            load_names::<UnitsNamesLengthOutlierV1>(a, locale),
        ],
        Category::Mass => [
            load_names::<UnitsNamesMassCoreV1>(a, locale),
            load_names::<UnitsNamesMassExtendedV1>(a, locale),
            load_names::<UnitsNamesMassOutlierV1>(a, locale),
        ],
        Category::Volume => [
            load_names::<UnitsNamesVolumeCoreV1>(a, locale),
            load_names::<UnitsNamesVolumeExtendedV1>(a, locale),
            load_names::<UnitsNamesVolumeOutlierV1>(a, locale),
        ],
    };
    let mut found: Vec<(UnitNames, bool)> = tiers.into_iter().flatten().collect();
    found.sort_by_key(|(_, from_root)| *from_root);
    found.into_iter().next().map(|(names, _)| names)
}

/// The CLDR display name of a currency (`EUR` → `Euro`), by plural category. `None` where the
/// language has no name for it; UTS #35 then writes the ISO code.
pub(super) fn currency_names(code: &str, locale: &DataLocale) -> Option<CurrencyNames> {
    Some(load::<CurrencyExtendedDataV1>(code, locale)?.payload)
}

/// CLDR's pattern joining a number and a currency name (`{0} {1}`, zh `{0}{1}`).
pub(super) fn currency_pattern(locale: &DataLocale) -> Option<CurrencyPattern> {
    Some(load::<CurrencyPatternsDataV1>("", locale)?.payload)
}

/// CLDR's unsigned percent pattern (de `{0} %`, zh `{0}%`).
pub(super) fn percent_pattern(locale: &DataLocale) -> Option<DataPayload<DecimalPercentV1>> {
    Some(load::<DecimalPercentV1>("", locale)?.payload)
}

/// CLDR's compact decimal patterns: for each power of ten where a scale word starts, the pattern
/// per plural category (`0 Mio.`, `0亿`), with the shift from that power to the scale's exponent.
pub(super) fn compact_patterns(long: bool, locale: &DataLocale) -> Option<CompactScales> {
    let mut request = DataRequest {
        id: DataIdentifierBorrowed::for_locale(locale),
        ..Default::default()
    };
    request.metadata.silent = true;
    Some(if long {
        DataProvider::<DecimalCompactLongV1>::load(&DecimalBaked, request)
            .ok()?
            .payload
            .cast()
    } else {
        DataProvider::<DecimalCompactShortV1>::load(&DecimalBaked, request)
            .ok()?
            .payload
            .cast()
    })
}
