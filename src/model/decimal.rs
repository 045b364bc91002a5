//! Exact non-negative decimals for attribute values and sums: no floating point decides.

use std::fmt;

/// `units / 10^9`: every literal has at most 9 decimals, so this is exact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Decimal(pub u128);

const SCALE: u32 = 9;

impl Decimal {
    /// From a literal's mantissa and number of decimals; `None` if it does not fit.
    pub fn new(mantissa: u128, scale: u8) -> Option<Decimal> {
        mantissa.checked_mul(10u128.pow(SCALE - scale as u32)).map(Decimal)
    }

    pub fn checked_add(self, other: Decimal) -> Option<Decimal> {
        self.0.checked_add(other.0).map(Decimal)
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = 10u128.pow(SCALE);
        let (int, frac) = (self.0 / unit, self.0 % unit);
        if frac == 0 {
            return write!(f, "{int}");
        }
        let digits = format!("{frac:09}");
        write!(f, "{int}.{}", digits.trim_end_matches('0'))
    }
}
