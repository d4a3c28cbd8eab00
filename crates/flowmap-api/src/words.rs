//! Figures written for people, the way the window writes them (`ui/src/flow/format.ts`):
//! durations in the unit that reads best (calendar time), one decimal at most, counts with
//! thousands separators. Shared by the exports, the Sources tab's messages and the CLI.

/// Calendar time in the unit that reads best: "45 min", "6 h", "2.5 d", "3 wk".
pub fn duration(seconds: f64) -> String {
    let s = seconds.round();
    let (value, unit) = if s < 3600.0 {
        (s / 60.0, "min")
    } else if s < 86_400.0 {
        (s / 3600.0, "h")
    } else if s < 14.0 * 86_400.0 {
        (s / 86_400.0, "d")
    } else {
        (s / (7.0 * 86_400.0), "wk")
    };
    format!("{} {unit}", decimal(value))
}

/// One decimal at most: "149.8", "12".
pub fn decimal(value: f64) -> String {
    let s = format!("{value:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// A count with thousands separators: "1,544".
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{count, duration};

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1234), "1,234");
        assert_eq!(count(1234567), "1,234,567");
    }

    #[test]
    fn durations_read_in_their_best_unit() {
        assert_eq!(duration(2700.0), "45 min");
        assert_eq!(duration(6.0 * 3600.0), "6 h");
        assert_eq!(duration(2.5 * 86_400.0), "2.5 d");
        assert_eq!(duration(21.0 * 86_400.0), "3 wk");
    }
}
