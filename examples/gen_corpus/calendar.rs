//! Calendar dates (jiff's) and the ways the corpus writes a date.

const MONTHS_DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

/// A calendar day (jiff's), with the ways the corpus writes it.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Date(pub(crate) jiff::civil::Date);

const EPOCH: jiff::civil::Date = jiff::civil::date(1970, 1, 1);

impl Date {
    pub(crate) const fn new(y: i16, m: i8, d: i8) -> Date {
        Date(jiff::civil::date(y, m, d))
    }

    pub(crate) fn year(self) -> i64 {
        i64::from(self.0.year())
    }

    /// Days since 1970-01-01.
    pub(crate) fn days(self) -> i64 {
        i64::from(EPOCH.until(self.0).expect("corpus dates are in range").get_days())
    }

    pub(crate) fn from_days(days: i64) -> Date {
        Date(EPOCH.saturating_add(jiff::SignedDuration::from_hours(days * 24)))
    }

    pub(crate) fn plus(self, days: i64) -> Date {
        Date(self.0.saturating_add(jiff::SignedDuration::from_hours(days * 24)))
    }

    /// `2024-10-22`, as TOML and Hugo want it.
    pub(crate) fn iso(self) -> String {
        self.0.to_string()
    }

    /// `22. Oktober 2024`
    pub(crate) fn de(self) -> String {
        let month = MONTHS_DE[usize::try_from(self.0.month()).expect("a month is 1–12") - 1];
        format!("{}. {month} {}", self.0.day(), self.0.year())
    }

    /// `2024年10月22日`
    pub(crate) fn zh(self) -> String {
        format!("{}年{}月{}日", self.0.year(), self.0.month(), self.0.day())
    }

    /// `2024:10:22`, the date part of an EXIF date and time.
    pub(crate) fn exif(self) -> String {
        self.0.strftime("%Y:%m:%d").to_string()
    }
}

/// How the publication date is written in a gazette file: all three forms are valid, and
/// editors use all three.
#[derive(Clone, Copy)]
pub(crate) enum DateForm {
    /// `2024-10-31T11:08:24+08:00`
    Offset,
    /// `2024-10-31T11:08:24` (the site's time zone)
    Local,
    /// `2024-10-31` (midnight in the site's time zone)
    Bare,
}

/// A publication moment: a day, a time of day and the form it is written in.
#[derive(Clone, Copy)]
pub(crate) struct Published {
    pub(crate) date: Date,
    pub(crate) time: (i64, i64, i64),
    pub(crate) form: DateForm,
}

impl Published {
    pub(crate) fn gazette(&self) -> String {
        let (h, m, s) = self.time;
        match self.form {
            DateForm::Offset => format!("{}T{h:02}:{m:02}:{s:02}+08:00", self.date.iso()),
            DateForm::Local => format!("{}T{h:02}:{m:02}:{s:02}", self.date.iso()),
            DateForm::Bare => self.date.iso(),
        }
    }

    /// Hugo has no site time zone for bare dates in front matter: always a full datetime.
    pub(crate) fn hugo(&self) -> String {
        let (h, m, s) = match self.form {
            DateForm::Bare => (0, 0, 0),
            _ => self.time,
        };
        format!("{}T{h:02}:{m:02}:{s:02}+08:00", self.date.iso())
    }
}
