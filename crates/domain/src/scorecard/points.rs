//! 分值: points in tenths of a point. Every weight, cap and per-unit
//! deduction of the templates has at most one decimal (0.5分, 0.1分), so
//! integers in tenths add, cap and compare exactly where binary floats
//! would print 79.99999 for 80 after a few deductions.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Sub};

use serde::{Deserialize, Serialize};

/// A number of points, stored in tenths: `Points(875)` is 87.5分 (and is
/// serialised as the integer 875).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Points(pub i32);

impl Points {
    pub const ZERO: Points = Points(0);

    /// Whole points: `Points::whole(60)` is 60分.
    pub const fn whole(n: i32) -> Points {
        Points(n * 10)
    }

    pub const fn tenths(self) -> i32 {
        self.0
    }

    /// Reads `5`, `0.5`, `87.5`, ` 10 ` (half-width digits, at most one
    /// decimal, not negative). `None` for anything else, so a data file with
    /// `0.25` is refused rather than rounded.
    pub fn parse(text: &str) -> Option<Points> {
        let t = text.trim();
        let (whole, tenth) = match t.split_once('.') {
            Some((w, f)) if f.len() == 1 => (w, f),
            Some(_) => return None,
            None => (t, "0"),
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || !digits(tenth) || whole.len() > 6 {
            return None;
        }
        let w: i32 = whole.parse().ok()?;
        let f: i32 = tenth.parse().ok()?;
        Some(Points(w * 10 + f))
    }

    /// The points `count` times over, saturating instead of overflowing (a
    /// count of thousands of broken links is capped anyway).
    pub fn times(self, count: u64) -> Points {
        let n = i64::from(self.0).saturating_mul(i64::try_from(count).unwrap_or(i64::MAX));
        Points(i32::try_from(n).unwrap_or(i32::MAX))
    }

    /// Never below zero (a weighted leaf loses its points down to 0).
    pub fn floor_zero(self) -> Points {
        self.max(Points::ZERO)
    }
}

impl Add for Points {
    type Output = Points;
    fn add(self, rhs: Points) -> Points {
        Points(self.0.saturating_add(rhs.0))
    }
}

impl Sub for Points {
    type Output = Points;
    fn sub(self, rhs: Points) -> Points {
        Points(self.0.saturating_sub(rhs.0))
    }
}

impl Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        iter.fold(Points::ZERO, Add::add)
    }
}

/// `87.5`, `90` (no `.0`: score tables print whole scores bare), `-2.5`.
impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        match abs % 10 {
            0 => write!(f, "{sign}{}", abs / 10),
            d => write!(f, "{sign}{}.{d}", abs / 10),
        }
    }
}
