//! Calendar dates without a date library: days since 1970-01-01 in the proleptic Gregorian
//! calendar (Howard Hinnant's algorithms), and the ways the corpus writes a date.

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

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Date {
    pub(crate) y: i64,
    pub(crate) m: i64,
    pub(crate) d: i64,
}

impl Date {
    pub(crate) fn days(self) -> i64 {
        let y = if self.m <= 2 { self.y - 1 } else { self.y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if self.m > 2 { self.m - 3 } else { self.m + 9 }) + 2) / 5 + self.d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub(crate) fn from_days(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400;
        Date {
            y: if m <= 2 { y + 1 } else { y },
            m,
            d,
        }
    }

    pub(crate) fn plus(self, days: i64) -> Date {
        Date::from_days(self.days() + days)
    }

    /// `2024-10-22`, as TOML and Hugo want it.
    pub(crate) fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }

    /// `22. Oktober 2024`
    pub(crate) fn de(self) -> String {
        format!("{}. {} {}", self.d, MONTHS_DE[self.m as usize - 1], self.y)
    }

    /// `2024年10月22日`
    pub(crate) fn zh(self) -> String {
        format!("{}年{}月{}日", self.y, self.m, self.d)
    }

    /// `2024:10:22`, the date part of an EXIF date and time.
    pub(crate) fn exif(self) -> String {
        format!("{:04}:{:02}:{:02}", self.y, self.m, self.d)
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
