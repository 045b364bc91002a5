//! Days as counts on the proleptic Gregorian calendar, for every year: a term's length
//! is compared with its bound exactly even where `from` plus the bound falls beyond
//! 9999-12-31, the last day a [`Date`] holds (and where an open term runs past it).

use crate::model::Unit;
use jiff::civil::Date;

/// A day, counted from 0000-03-01; defined for any year, unlike [`Date`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Day(i64);

impl Day {
    pub fn of(date: Date) -> Day {
        Day::civil(date.year().into(), date.month().into(), date.day().into())
    }

    /// The day after `date`, which may lie beyond the calendar.
    pub fn after(date: Date) -> Day {
        Day(Day::of(date).0 + 1)
    }

    /// `from` plus a length, the day of the month kept and moved back to the last day of
    /// a shorter month (2024-01-31 plus 1 month is 2024-02-29).
    pub fn add(from: Date, amount: i64, unit: Unit) -> Day {
        let months = match unit {
            Unit::Days => return Day(Day::of(from).0.saturating_add(amount)),
            Unit::Months => amount,
            Unit::Years => amount.saturating_mul(12),
        };
        let index = (i64::from(from.year()) * 12 + i64::from(from.month()) - 1).saturating_add(months);
        let (year, month) = (index.div_euclid(12), index.rem_euclid(12) + 1);
        Day::civil(year, month, i64::from(from.day()).min(days_in_month(year, month)))
    }

    /// The date of this day, if the calendar of [`Date`] holds it.
    pub fn date(self) -> Option<Date> {
        // The inverse of `civil` (H. Hinnant, "chrono-compatible low-level date algorithms").
        let era = self.0.div_euclid(146_097);
        let of_era = self.0.rem_euclid(146_097);
        let year_of_era = (of_era - of_era / 1460 + of_era / 36_524 - of_era / 146_096) / 365;
        let of_year = of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * of_year + 2) / 153;
        let day = of_year - (153 * shifted_month + 2) / 5 + 1;
        let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Date::new(i16::try_from(year).ok()?, month as i8, day as i8).ok()
    }

    fn civil(year: i64, month: i64, day: i64) -> Day {
        // Years start on March 1st, so that a leap day ends its year.
        let year = if month <= 2 { year - 1 } else { year };
        let (era, year_of_era) = (year.div_euclid(400), year.rem_euclid(400));
        let of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
        Day(era * 146_097 + year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + of_year)
    }
}

fn days_in_month(year: i64, month: i64) -> i64 {
    let leap = year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use jiff::ToSpan;

    #[test]
    fn days_count_as_the_calendar_does_and_come_back_to_their_date() {
        let mut d = date(-9999, 1, 1);
        let step = 97.days();
        let first = Day::of(d);
        let mut n = 0;
        while let Ok(next) = d.checked_add(step) {
            assert_eq!(Day::of(d), Day(first.0 + 97 * n), "{d}");
            assert_eq!(Day::of(d).date(), Some(d));
            (d, n) = (next, n + 1);
        }
        assert_eq!(Day::after(Date::MAX).date(), None);
        assert_eq!(Day::after(date(2024, 2, 28)).date(), Some(date(2024, 2, 29)));
    }

    #[test]
    fn lengths_are_added_as_jiff_adds_them_within_the_calendar() {
        for from in [date(2024, 1, 31), date(2023, 2, 28), date(2024, 2, 29), date(1, 12, 31)] {
            for amount in [0i64, 1, 11, 12, 13, 48, 1000] {
                let months = from.checked_add(amount.months()).unwrap();
                assert_eq!(Day::add(from, amount, Unit::Months), Day::of(months), "{from} + {amount}");
                let years = from.checked_add(amount.years()).unwrap();
                assert_eq!(Day::add(from, amount, Unit::Years), Day::of(years), "{from} + {amount}");
                let days = from.checked_add(amount.days()).unwrap();
                assert_eq!(Day::add(from, amount, Unit::Days), Day::of(days), "{from} + {amount}");
            }
        }
    }

    #[test]
    fn lengths_beyond_the_calendar_stay_exact() {
        let last = date(9999, 12, 31);
        assert_eq!(Day::add(last, 1, Unit::Days), Day::after(last));
        assert_eq!(Day::add(date(9999, 12, 1), 1, Unit::Months), Day::after(last));
        assert!(Day::add(date(9000, 1, 1), 100_000, Unit::Years) > Day::after(last));
        assert_eq!(Day::add(date(9999, 2, 28), 1, Unit::Years).date(), None);
    }
}
