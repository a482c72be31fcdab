//! A cell of the report's tables ([`Cell`]): a number, or — in a report
//! read from a published page — blank, text, or a change written in words;
//! how it is read from what a page writes (thousands separators, `减14`),
//! shown, summed and kept in the JSON.

use serde_json::{Value, json};

/// One cell of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// A count (件); negative only in 本年增/减.
    Count(i64),
    /// A decimal amount as written, normalised (e.g. `12.35`, in 万元 or 元).
    Amount(String),
    /// Nothing in the cell.
    Blank,
    /// Text where a number belongs, as written (`/`, `-`, `—`, `无` …).
    Text(String),
    /// A change written in words (`减14`, `增3`), as reports read from
    /// elsewhere write 本年增/减: kept as written (the JSON shows the raw
    /// string), counted as its value.
    Signed { written: String, value: i64 },
}

impl Cell {
    /// The count, if the cell holds one.
    pub fn count(&self) -> Option<i64> {
        match self {
            Cell::Count(n) | Cell::Signed { value: n, .. } => Some(*n),
            _ => None,
        }
    }

    /// The cell as a number (counts and amounts), if it holds one.
    pub fn number(&self) -> Option<f64> {
        match self {
            Cell::Count(n) | Cell::Signed { value: n, .. } => Some(*n as f64),
            Cell::Amount(a) => a.parse().ok(),
            _ => None,
        }
    }

    pub fn is_number(&self) -> bool {
        self.number().is_some()
    }

    /// As printed in a table: the number, or the text, or nothing.
    pub fn display(&self) -> String {
        match self {
            Cell::Count(n) => n.to_string(),
            Cell::Amount(a) => a.clone(),
            Cell::Blank => String::new(),
            Cell::Text(t) | Cell::Signed { written: t, .. } => t.clone(),
        }
    }

    /// JSON: numbers as numbers, a blank as `null`, text as the raw string.
    pub fn to_json(&self) -> Value {
        match self {
            Cell::Count(n) => json!(n),
            // A whole amount is written as an integer (12, not 12.0), as people write it.
            Cell::Amount(a) => match a.parse::<f64>() {
                Ok(x) if x.fract() == 0.0 && x.abs() < 9e15 => json!(x as i64),
                Ok(x) => serde_json::Number::from_f64(x)
                    .map_or_else(|| Value::String(a.clone()), Value::Number),
                Err(_) => Value::String(a.clone()),
            },
            Cell::Blank => Value::Null,
            Cell::Text(t) | Cell::Signed { written: t, .. } => Value::String(t.clone()),
        }
    }

    /// Reads a JSON cell (the inverse of [`Cell::to_json`]).
    pub fn from_json(v: &Value) -> Cell {
        match v {
            Value::Null => Cell::Blank,
            Value::Number(n) => match n.as_i64() {
                Some(i) => Cell::Count(i),
                None => Cell::Amount(amount_text(n.as_f64().unwrap_or(0.0))),
            },
            Value::String(s) => match Cell::read(s) {
                // A string stays text unless it is a change written in words.
                c @ Cell::Signed { .. } => c,
                _ => Cell::Text(s.clone()),
            },
            other => Cell::Text(other.to_string()),
        }
    }

    /// Reads a cell as written in a published table: full-width digits,
    /// thousands separators (`4,657`), a sign (`-14`, `－14`) or a change in
    /// words (`减14`, `增3`), a trailing unit (`5件`, `1.2万元`). Nothing, or
    /// only spaces, is [`Cell::Blank`]; anything else (`/`, `-`, `—`, `无`,
    /// `不详`) is kept as [`Cell::Text`], which AR-03 then names.
    pub fn read(written: &str) -> Cell {
        let t = written.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        if t.is_empty() {
            return Cell::Blank;
        }
        let text = || Cell::Text(t.to_string());
        let mut s: String = t
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
            // Full-width digits, separators and signs (４，６５７, －14) as half-width.
            .map(|c| match crate::identity::half_width(c) {
                '−' | '﹣' => '-',
                '減' => '减',
                '増' => '增',
                c => c,
            })
            .collect();
        for unit in ["万元", "元", "件", "条", "项", "个"] {
            if let Some(rest) = s.strip_suffix(unit) {
                s = rest.to_string();
                break;
            }
        }
        let (sign, worded, digits) = if let Some(r) = s.strip_prefix("减少") {
            (-1, true, r)
        } else if let Some(r) = s.strip_prefix('减') {
            (-1, true, r)
        } else if let Some(r) = s.strip_prefix("增加") {
            (1, true, r)
        } else if let Some(r) = s.strip_prefix('增') {
            (1, true, r)
        } else if let Some(r) = s.strip_prefix('-') {
            (-1, false, r)
        } else if let Some(r) = s.strip_prefix('+') {
            (1, false, r)
        } else {
            (1, false, s.as_str())
        };
        let Some(plain) = without_thousands(digits) else {
            return text();
        };
        if let Some((int, frac)) = plain.split_once('.') {
            if worded
                || int.is_empty()
                || frac.is_empty()
                || !frac.bytes().all(|b| b.is_ascii_digit())
            {
                return text();
            }
            let x: f64 = match format!("{int}.{frac}").parse() {
                Ok(x) => x,
                Err(_) => return text(),
            };
            return Cell::Amount(amount_text(sign as f64 * x));
        }
        match plain.parse::<i64>() {
            Ok(n) if worded => Cell::Signed {
                written: t.to_string(),
                value: sign * n,
            },
            Ok(n) => Cell::Count(sign * n),
            Err(_) => text(),
        }
    }

    /// The sum of two cells, for [`super::combine`]: blank when either
    /// holds no number, so AR-03 still names it.
    pub(super) fn add(&self, other: &Cell) -> Cell {
        match (self.count(), other.count()) {
            (Some(a), Some(b)) => Cell::Count(a + b),
            _ => match (self.number(), other.number()) {
                (Some(x), Some(y)) => Cell::Amount(amount_text(x + y)),
                _ => Cell::Blank,
            },
        }
    }
}

/// `digits` without its thousands separators, if it is digits (with an
/// optional decimal part) whose separators stand every three digits.
fn without_thousands(digits: &str) -> Option<String> {
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return None;
    }
    if int.contains(',') {
        let groups: Vec<&str> = int.split(',').collect();
        let first = groups[0].len();
        if !(1..=3).contains(&first) || groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
    }
    let int: String = int.chars().filter(|c| *c != ',').collect();
    if int.len() > 15 {
        return None;
    }
    Some(match frac {
        Some(f) => format!("{int}.{f}"),
        None => int,
    })
}

/// A decimal amount without trailing zeros (`12.3`, `0`, `4.0001`).
pub fn amount_text(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-0" {
        "0".into()
    } else {
        s.into()
    }
}
