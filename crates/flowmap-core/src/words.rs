//! Workshop estimates as people type them: durations with units and words ("2d", "3 days",
//! "90 min", "1.5 h", "2 wk", "1h30") and %C&A ("85 %", "85", "0.85"). One parser for every
//! front end, so the window and the command line accept the same words (`docs/workshop.md`).
//!
//! Durations are calendar time: a day is 24 hours, a week 7 days.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A unit a duration is typed and shown in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DurationUnit {
    Minutes,
    Hours,
    Days,
    Weeks,
}

impl DurationUnit {
    /// Every unit, smallest first.
    pub const ALL: [DurationUnit; 4] = [
        DurationUnit::Minutes,
        DurationUnit::Hours,
        DurationUnit::Days,
        DurationUnit::Weeks,
    ];

    /// Seconds in one of this unit.
    pub fn seconds(self) -> i64 {
        match self {
            DurationUnit::Minutes => 60,
            DurationUnit::Hours => 3_600,
            DurationUnit::Days => 86_400,
            DurationUnit::Weeks => 604_800,
        }
    }

    /// The unit a bare number after this one counts in ("1h30": minutes after hours).
    fn next_smaller(self) -> Option<DurationUnit> {
        match self {
            DurationUnit::Minutes => None,
            DurationUnit::Hours => Some(DurationUnit::Minutes),
            DurationUnit::Days => Some(DurationUnit::Hours),
            DurationUnit::Weeks => Some(DurationUnit::Days),
        }
    }
}

/// A typed duration: its length and the unit the person typed it in (the first unit named, or
/// the field's unit for a bare number), which the window keeps for the next field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TypedDuration {
    #[ts(type = "number")]
    pub seconds: i64,
    pub unit: DurationUnit,
}

/// What a duration field accepts, for error messages.
pub const DURATION_WORDS: &str = "a number with a unit, e.g. \"2d\", \"3 days\", \"90 min\", \
     \"1.5 h\", \"2 wk\" or \"1h30\" (units: min, h, d, wk, in short or in full); a bare number \
     counts in the field's unit";

/// What a %C&A field accepts, for error messages.
pub const SHARE_WORDS: &str = "a percentage from 0 to 100, e.g. \"85 %\" or \"85\", or a \
     fraction below 1 with a decimal point, e.g. \"0.85\"";

fn unit_named(word: &str) -> Option<DurationUnit> {
    Some(match word {
        "m" | "min" | "mins" | "minute" | "minutes" => DurationUnit::Minutes,
        "h" | "hr" | "hrs" | "hour" | "hours" => DurationUnit::Hours,
        "d" | "day" | "days" => DurationUnit::Days,
        "w" | "wk" | "wks" | "week" | "weeks" => DurationUnit::Weeks,
        _ => return None,
    })
}

/// Splits "1h 30min" into [("1", Some("h")), ("30", Some("min"))]; a number without a unit
/// has `None`.
fn parts(text: &str) -> Result<Vec<(String, Option<String>)>, String> {
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let Some(&first) = chars.peek() else { break };
        if !(first.is_ascii_digit() || first == '.' || first == ',') {
            return Err(format!("expected a number where {:?} is", rest(&mut chars)));
        }
        let mut number = String::new();
        while let Some(c) = chars.next_if(|c| c.is_ascii_digit() || *c == '.' || *c == ',') {
            number.push(if c == ',' { '.' } else { c });
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut word = String::new();
        while let Some(c) = chars.next_if(|c| c.is_alphabetic()) {
            word.extend(c.to_lowercase());
        }
        out.push((number, (!word.is_empty()).then_some(word)));
    }
    Ok(out)
}

fn rest(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    chars.collect()
}

fn number(text: &str, whole: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .ok_or_else(|| format!("{whole:?}: {text:?} is not a number"))
}

/// Reads a typed duration. Empty text is no estimate (`None`). A bare number counts in
/// `unit` (the field's); after a unit, a bare number counts in the next smaller one ("1h30"
/// is an hour and a half, "2d4" two days and four hours). Refused, saying what is accepted,
/// when the text is anything else.
pub fn parse_duration(text: &str, unit: DurationUnit) -> Result<Option<TypedDuration>, String> {
    let whole = text.trim();
    if whole.is_empty() {
        return Ok(None);
    }
    let refuse = |why: String| format!("{why}; a duration is {DURATION_WORDS}");
    if whole.starts_with('-') {
        return Err(refuse(format!("{whole:?} is negative")));
    }
    let parts = parts(whole).map_err(|e| refuse(format!("{whole:?}: {e}")))?;
    let mut seconds = 0.0;
    let mut typed: Option<DurationUnit> = None;
    let mut previous: Option<DurationUnit> = None;
    for (i, (digits, word)) in parts.iter().enumerate() {
        let n = number(digits, whole).map_err(refuse)?;
        let this = match word {
            Some(w) => {
                unit_named(w).ok_or_else(|| refuse(format!("{whole:?}: {w:?} is not a unit")))?
            }
            None if i == 0 => unit,
            None => previous
                .and_then(DurationUnit::next_smaller)
                .ok_or_else(|| refuse(format!("{whole:?}: {digits:?} has no unit")))?,
        };
        if let Some(p) = previous {
            if this.seconds() >= p.seconds() {
                return Err(refuse(format!(
                    "{whole:?}: name larger units first, as in \"1h30\""
                )));
            }
        }
        typed.get_or_insert(this);
        previous = Some(this);
        seconds += n * this.seconds() as f64;
    }
    let seconds = seconds.round();
    if seconds > 1e12 {
        return Err(refuse(format!("{whole:?} is too long")));
    }
    Ok(Some(TypedDuration {
        seconds: seconds as i64,
        unit: typed.unwrap_or(unit),
    }))
}

/// Reads a typed %C&A as a fraction in [0, 1]. Empty text is no estimate (`None`). "85 %" and
/// "85" are percentages; a number below 1 written with a decimal point and no % sign
/// ("0.85", ".9") is a fraction, since nobody means 0.85 %; "0.5 %" is half a percent.
pub fn parse_share(text: &str) -> Result<Option<f64>, String> {
    let whole = text.trim();
    if whole.is_empty() {
        return Ok(None);
    }
    let refuse = |why: String| format!("{why}; %C&A is {SHARE_WORDS}");
    let (digits, percent) = match whole.strip_suffix('%') {
        Some(d) => (d.trim_end(), true),
        None => (whole, false),
    };
    let digits = digits.replace(',', ".");
    let n = digits
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && !digits.is_empty() && !digits.starts_with('+'))
        .ok_or_else(|| refuse(format!("{whole:?} is not a number")))?;
    let fraction = if !percent && n < 1.0 && digits.contains('.') {
        n
    } else {
        n / 100.0
    };
    if !(0.0..=1.0).contains(&fraction) {
        return Err(refuse(format!("{whole:?} is not between 0 % and 100 %")));
    }
    Ok(Some(fraction))
}

#[cfg(test)]
mod tests {
    use super::DurationUnit::*;
    use super::*;

    #[test]
    fn durations_with_units_and_words() {
        let h = 3_600;
        let d = 86_400;
        let table: &[(&str, DurationUnit, i64, DurationUnit)] = &[
            ("2d", Hours, 2 * d, Days),
            ("3 days", Hours, 3 * d, Days),
            ("1 day", Hours, d, Days),
            ("90 min", Hours, 90 * 60, Minutes),
            ("90min", Days, 90 * 60, Minutes),
            ("1.5 h", Minutes, 3 * h / 2, Hours),
            ("1,5 h", Minutes, 3 * h / 2, Hours),
            ("2 wk", Hours, 14 * d, Weeks),
            ("2 weeks", Hours, 14 * d, Weeks),
            ("1w", Hours, 7 * d, Weeks),
            ("1h30", Days, 3 * h / 2, Hours),
            ("1h 30min", Days, 3 * h / 2, Hours),
            ("1 hour 30 minutes", Days, 3 * h / 2, Hours),
            ("2d4", Hours, 2 * d + 4 * h, Days),
            ("2 D", Hours, 2 * d, Days),
            ("45 m", Hours, 45 * 60, Minutes),
            ("4", Hours, 4 * h, Hours),
            ("4", Days, 4 * d, Days),
            ("0.5", Days, d / 2, Days),
            ("  3 hrs ", Minutes, 3 * h, Hours),
            ("0", Hours, 0, Hours),
        ];
        for &(text, unit, seconds, typed) in table {
            assert_eq!(
                parse_duration(text, unit),
                Ok(Some(TypedDuration {
                    seconds,
                    unit: typed
                })),
                "{text:?} in {unit:?}"
            );
        }
        assert_eq!(parse_duration("", Hours), Ok(None));
        assert_eq!(parse_duration("   ", Hours), Ok(None));
    }

    #[test]
    fn durations_refused_say_what_is_accepted() {
        for text in [
            "two days", "2 months", "-3 h", "1.2.3 h", "30min 1h", "1h 2h", "h", "2 d x", "1e999 d",
        ] {
            let err = parse_duration(text, Hours).expect_err(text);
            assert!(err.contains(DURATION_WORDS), "{text:?}: {err}");
            assert!(err.contains(text.trim()), "{text:?} named in {err}");
        }
        assert!(parse_duration("2 months", Hours)
            .unwrap_err()
            .contains("\"months\" is not a unit"));
    }

    #[test]
    fn shares_as_percentages_or_fractions() {
        let table: &[(&str, f64)] = &[
            ("85 %", 0.85),
            ("85%", 0.85),
            ("85", 0.85),
            ("0.85", 0.85),
            (".9", 0.9),
            ("0,85", 0.85),
            ("100", 1.0),
            ("1", 0.01),
            ("1.0", 0.01),
            ("0", 0.0),
            ("0.5 %", 0.005),
            ("99.5", 0.995),
        ];
        for &(text, want) in table {
            let got = parse_share(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert!((got.unwrap() - want).abs() < 1e-12, "{text:?} → {got:?}");
        }
        assert_eq!(parse_share(" "), Ok(None));
        for text in ["120", "-5", "abc", "85 %%", "%", "1.5.2"] {
            let err = parse_share(text).expect_err(text);
            assert!(err.contains(SHARE_WORDS), "{text:?}: {err}");
        }
    }
}
