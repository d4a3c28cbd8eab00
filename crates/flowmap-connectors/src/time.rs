//! Timestamps as exports write them, and the zone for those that carry none.
//!
//! [`TimeParser::parse`] reads, without allocating:
//! - ISO 8601 / RFC 3339 with `T` or a space between date and time, optional seconds and
//!   fraction (up to nanoseconds), and an optional zone: `Z`, `+05:30`, `+0530`, `+05` (an
//!   offset may follow a space, as in `2015-11-21 07:14:01 -0500`);
//! - dates only (`2015-11-21`, `2015/11/21`, `20151121`): midnight in the zone;
//! - Unix times: 10 digits are seconds, 13 are milliseconds.
//!
//! Times without a zone are read in the [`Zone`] given (`--tz`); without one they are read as
//! UTC and [`Parsed::zoneless`] says so, so the caller can tell the user instead of silently
//! assuming the machine's zone. A custom chrono format (`--time-format`) is tried instead of
//! the built-in forms when given.

use crate::error::quoted;
use chrono::Datelike;
use chrono::{
    DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
};
use std::fmt;
use std::ops::RangeInclusive;

/// The years a timestamp may fall in.
pub const YEARS: RangeInclusive<i32> = 1970..=2200;
use std::str::FromStr;

/// The zone of times written without one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Zone {
    Utc,
    Fixed(FixedOffset),
    Named(chrono_tz::Tz),
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Utc => f.write_str("UTC"),
            Zone::Fixed(o) => write!(f, "{o}"),
            Zone::Named(tz) => f.write_str(tz.name()),
        }
    }
}

/// A `--tz` value that is neither UTC, an offset nor a zone name of the IANA database.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown time zone {0:?}: give UTC, an offset such as +02:00, or a zone name such as Europe/Berlin")]
pub struct UnknownZone(pub String);

impl FromStr for Zone {
    type Err = UnknownZone;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("utc") || t.eq_ignore_ascii_case("z") || t == "GMT" {
            return Ok(Zone::Utc);
        }
        if let Some(offset) = parse_offset(t.as_bytes()) {
            return Ok(Zone::Fixed(offset));
        }
        t.parse::<chrono_tz::Tz>()
            .map(Zone::Named)
            .map_err(|_| UnknownZone(s.to_string()))
    }
}

impl Zone {
    /// The instant of a local time in this zone. A time that occurs twice (the hour after a
    /// change to winter time) is the earlier; one that does not occur (skipped by a change to
    /// summer time) is read an hour later.
    pub fn resolve(&self, local: NaiveDateTime) -> DateTime<Utc> {
        match self {
            Zone::Utc => Utc.from_utc_datetime(&local),
            Zone::Fixed(o) => Utc.from_utc_datetime(&(local - o.fix())),
            Zone::Named(tz) => match tz.from_local_datetime(&local) {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
                LocalResult::None => {
                    let later = local + chrono::Duration::hours(1);
                    tz.from_local_datetime(&later)
                        .earliest()
                        .map(|t| t.with_timezone(&Utc))
                        .unwrap_or_else(|| Utc.from_utc_datetime(&local))
                }
            },
        }
    }
}

/// A parsed instant, and whether the text had no zone of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parsed {
    pub at: DateTime<Utc>,
    pub zoneless: bool,
}

/// Reads timestamps (see the module documentation).
#[derive(Clone, Debug)]
pub struct TimeParser {
    zone: Zone,
    zone_given: bool,
    format: Option<String>,
}

impl Default for TimeParser {
    fn default() -> Self {
        TimeParser {
            zone: Zone::Utc,
            zone_given: false,
            format: None,
        }
    }
}

impl TimeParser {
    /// `zone` is for times without one (UTC when `None`); `format` a chrono format string
    /// (`%d.%m.%Y %H:%M`) tried instead of the built-in forms.
    pub fn new(zone: Option<Zone>, format: Option<String>) -> Self {
        TimeParser {
            zone_given: zone.is_some(),
            zone: zone.unwrap_or(Zone::Utc),
            format,
        }
    }

    /// The zone of times without one.
    pub fn zone(&self) -> Zone {
        self.zone
    }

    /// Whether the zone was given (rather than UTC by default).
    pub fn zone_given(&self) -> bool {
        self.zone_given
    }

    /// Parses one timestamp; the error says what was expected. Years outside
    /// [`YEARS`] are refused: no delivery work happened then, and one such time would stretch
    /// every weekly figure over millennia.
    pub fn parse(&self, text: &str) -> Result<Parsed, String> {
        let t = text.trim();
        if t.is_empty() {
            return Err("empty timestamp".into());
        }
        let parsed = match &self.format {
            Some(format) => self.parse_with_format(t, format)?,
            None => parse_builtin(t.as_bytes(), self.zone).ok_or_else(|| {
                format!(
                    "{} is not a timestamp: expected ISO 8601 such as 2015-11-21T07:14:01.643-0500, \
                     2015-11-21 07:14 or 2015-11-21 (or give --time-format)",
                    quoted(t)
                )
            })?,
        };
        let year = parsed.at.year();
        if !YEARS.contains(&year) {
            return Err(format!(
                "{} is in the year {year}: times from {} to {} are accepted",
                quoted(t),
                YEARS.start(),
                YEARS.end()
            ));
        }
        Ok(parsed)
    }

    /// [`TimeParser::parse`] as Unix nanoseconds (every accepted year fits) and whether the text
    /// had no zone: the same instant, found without chrono for the common ISO shapes.
    pub fn parse_nanos(&self, text: &str) -> Result<(i64, bool), String> {
        if self.format.is_none() {
            if let Some(fast) = unix_nanos_fast(text.trim().as_bytes(), self.zone) {
                return Ok(fast);
            }
        }
        let parsed = self.parse(text)?;
        let nanos = parsed
            .at
            .timestamp_nanos_opt()
            .ok_or_else(|| format!("{} is out of range", quoted(text.trim())))?;
        Ok((nanos, parsed.zoneless))
    }

    fn parse_with_format(&self, t: &str, format: &str) -> Result<Parsed, String> {
        if let Ok(dt) = DateTime::parse_from_str(t, format) {
            return Ok(Parsed {
                at: dt.with_timezone(&Utc),
                zoneless: false,
            });
        }
        let local = NaiveDateTime::parse_from_str(t, format).or_else(|e| {
            NaiveDate::parse_from_str(t, format)
                .map(|d| d.and_time(NaiveTime::MIN))
                .map_err(|_| e)
        });
        match local {
            Ok(local) => Ok(Parsed {
                at: self.zone.resolve(local),
                zoneless: true,
            }),
            Err(e) => Err(format!("{t:?} does not match the format {format:?}: {e}")),
        }
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() {
        return None;
    }
    let mut n: u32 = 0;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add((c - b'0') as u32)?;
    }
    Some(n)
}

/// `+05:30`, `+0530`, `+05`, `-0500`; `Z` is handled by the caller.
fn parse_offset(b: &[u8]) -> Option<FixedOffset> {
    let sign = match b.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let rest = &b[1..];
    let (h, m) = match rest.len() {
        2 => (digits(rest)?, 0),
        4 => (digits(&rest[..2])?, digits(&rest[2..])?),
        5 if rest[2] == b':' => (digits(&rest[..2])?, digits(&rest[3..])?),
        _ => return None,
    };
    if h > 23 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h as i32 * 3600 + m as i32 * 60))
}

fn parse_builtin(b: &[u8], zone: Zone) -> Option<Parsed> {
    if b.iter().all(u8::is_ascii_digit) {
        return match b.len() {
            8 => {
                let date = NaiveDate::from_ymd_opt(
                    digits(&b[..4])? as i32,
                    digits(&b[4..6])?,
                    digits(&b[6..8])?,
                )?;
                Some(Parsed {
                    at: zone.resolve(date.and_time(NaiveTime::MIN)),
                    zoneless: true,
                })
            }
            10 => {
                let secs: i64 = std::str::from_utf8(b).ok()?.parse().ok()?;
                Some(Parsed {
                    at: DateTime::from_timestamp(secs, 0)?,
                    zoneless: false,
                })
            }
            13 => {
                let ms: i64 = std::str::from_utf8(b).ok()?.parse().ok()?;
                Some(Parsed {
                    at: DateTime::from_timestamp_millis(ms)?,
                    zoneless: false,
                })
            }
            _ => None,
        };
    }
    let f = iso_fields(b)?;
    let date = NaiveDate::from_ymd_opt(f.year, f.month, f.day)?;
    let time = NaiveTime::from_hms_nano_opt(f.hour, f.minute, f.second, f.nanos)?;
    let local = date.and_time(time);
    Some(match f.zone {
        IsoZone::None => Parsed {
            at: zone.resolve(local),
            zoneless: true,
        },
        IsoZone::Utc => Parsed {
            at: Utc.from_utc_datetime(&local),
            zoneless: false,
        },
        IsoZone::Offset(offset) => Parsed {
            at: Utc.from_utc_datetime(&(local - offset.fix())),
            zoneless: false,
        },
    })
}

/// The fields of an ISO 8601 date or date and time, as written (not yet checked to be a day
/// of the calendar or a time of the day).
struct IsoFields {
    year: i32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
    zone: IsoZone,
}

/// The zone written after an ISO 8601 time.
enum IsoZone {
    /// None: the time is local.
    None,
    Utc,
    Offset(FixedOffset),
}

/// Reads `YYYY-MM-DD` or `YYYY/MM/DD`, then optionally `T`, `t` or a space, `HH:MM[:SS[.frac]]`,
/// an optional space and a zone (`Z`, `UTC` or an offset): the grammar of both
/// [`parse_builtin`] and [`unix_nanos_fast`], so the two accept the same texts.
fn iso_fields(b: &[u8]) -> Option<IsoFields> {
    if b.len() < 10 {
        return None;
    }
    let sep = b[4];
    if !(sep == b'-' || sep == b'/') || b[7] != sep {
        return None;
    }
    let mut f = IsoFields {
        year: digits(&b[..4])? as i32,
        month: digits(&b[5..7])?,
        day: digits(&b[8..10])?,
        hour: 0,
        minute: 0,
        second: 0,
        nanos: 0,
        zone: IsoZone::None,
    };
    let mut rest = &b[10..];
    if rest.is_empty() {
        return Some(f);
    }
    if !(rest[0] == b'T' || rest[0] == b't' || rest[0] == b' ') {
        return None;
    }
    rest = &rest[1..];
    // HH:MM[:SS[.fraction]]
    if rest.len() < 5 || rest[2] != b':' {
        return None;
    }
    f.hour = digits(&rest[..2])?;
    f.minute = digits(&rest[3..5])?;
    rest = &rest[5..];
    if rest.first() == Some(&b':') {
        if rest.len() < 3 {
            return None;
        }
        f.second = digits(&rest[1..3])?;
        rest = &rest[3..];
        if matches!(rest.first(), Some(b'.') | Some(b',')) {
            let n = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return None;
            }
            let frac = &rest[1..1 + n];
            let kept = &frac[..n.min(9)];
            f.nanos = digits(kept)? * 10u32.pow(9 - kept.len() as u32);
            rest = &rest[1 + n..];
        }
    }
    if rest.first() == Some(&b' ') {
        rest = &rest[1..];
    }
    f.zone = match rest {
        [] => IsoZone::None,
        [b'Z'] | [b'z'] | [b'U', b'T', b'C'] => IsoZone::Utc,
        _ => IsoZone::Offset(parse_offset(rest)?),
    };
    Some(f)
}

/// Days from 1970-01-01 to the day `y-m-d` of the proleptic Gregorian calendar (`m` 1–12).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The first second of the year after [`YEARS`], in Unix seconds.
const END_OF_YEARS: i64 = 7_289_654_400;

/// [`TimeParser::parse_nanos`] without chrono for an ISO date and time with a zone, or without
/// one read as UTC or at a fixed offset: the common shapes of an export, the same instant as
/// [`parse_builtin`] gives. `None` for anything else (the caller takes the general path).
fn unix_nanos_fast(b: &[u8], zone: Zone) -> Option<(i64, bool)> {
    let f = iso_fields(b)?;
    let leap = f.year % 4 == 0 && (f.year % 100 != 0 || f.year % 400 == 0);
    let month_days = match f.month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if f.day == 0 || f.day > month_days || f.hour > 23 || f.minute > 59 || f.second > 59 {
        return None;
    }
    let (offset, zoneless) = match (f.zone, zone) {
        (IsoZone::Utc, _) => (0, false),
        (IsoZone::Offset(o), _) => (i64::from(o.local_minus_utc()), false),
        (IsoZone::None, Zone::Utc) => (0, true),
        (IsoZone::None, Zone::Fixed(o)) => (i64::from(o.local_minus_utc()), true),
        (IsoZone::None, Zone::Named(_)) => return None,
    };
    let secs = days_from_civil(i64::from(f.year), f.month, f.day) * 86_400
        + i64::from(f.hour * 3600 + f.minute * 60 + f.second)
        - offset;
    if !(0..END_OF_YEARS).contains(&secs) {
        return None;
    }
    Some((secs * 1_000_000_000 + i64::from(f.nanos), zoneless))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn reads_the_forms_found_in_exports() {
        let p = TimeParser::default();
        for (text, want, zoneless) in [
            (
                "2015-11-21T07:14:01.643-0500",
                "2015-11-21T12:14:01.643Z",
                false,
            ),
            ("2015-11-21T07:14:01-05:00", "2015-11-21T12:14:01Z", false),
            ("2015-11-21T07:14:01+05", "2015-11-21T02:14:01Z", false),
            ("2015-11-21T07:14:01Z", "2015-11-21T07:14:01Z", false),
            ("2015-11-21 07:14:01 +0000", "2015-11-21T07:14:01Z", false),
            ("2015-11-21 07:14", "2015-11-21T07:14:00Z", true),
            ("2015-11-21", "2015-11-21T00:00:00Z", true),
            ("2015/11/21", "2015-11-21T00:00:00Z", true),
            ("20151121", "2015-11-21T00:00:00Z", true),
            ("1448090041", "2015-11-21T07:14:01Z", false),
            ("1448090041643", "2015-11-21T07:14:01.643Z", false),
            (
                "2015-11-21T07:14:01.123456789123Z",
                "2015-11-21T07:14:01.123456789Z",
                false,
            ),
        ] {
            let got = p.parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(got.at, utc(want), "{text}");
            assert_eq!(got.zoneless, zoneless, "{text}");
        }
    }

    /// The fast path gives what the general parser gives, for every shape and zone, valid or
    /// not (the days of each month, leap years, the ends of the accepted years, offsets that
    /// move a time across a year).
    #[test]
    fn nanoseconds_are_the_instant_the_parser_gives() {
        let zones = [
            TimeParser::default(),
            TimeParser::new(Some("+0530".parse().unwrap()), None),
            TimeParser::new(Some("-08:00".parse().unwrap()), None),
            TimeParser::new(Some("Europe/Berlin".parse().unwrap()), None),
        ];
        let mut texts: Vec<String> = Vec::new();
        for date in [
            "2024-02-29",
            "2023-02-29",
            "2100-02-29",
            "2000-02-29",
            "2024-04-31",
            "2024-12-31",
            "1970-01-01",
            "2200-12-31",
            "1969-12-31",
            "2201-01-01",
            "2024-00-10",
            "2024-13-01",
            "2024/03/05",
            "2024-01-00",
            "0000-01-01",
            "9999-12-31",
        ] {
            for time in [
                "",
                "T00:00",
                "T23:59:59",
                "t07:14:01.643",
                " 07:14",
                "T24:00",
                "T12:60",
                "T12:00:60",
                "T07:14:01,5",
                "T07:14:01.123456789123",
                "T07:14:01.",
            ] {
                for zone in [
                    "", "Z", "z", " UTC", "+05:30", " -0500", "+05", "+2400", "-00:00", "X",
                ] {
                    if time.is_empty() && !zone.is_empty() {
                        continue;
                    }
                    texts.push(format!("{date}{time}{zone}"));
                }
            }
        }
        texts.extend([
            "1448090041".into(),
            "1448090041643".into(),
            "20151121".into(),
            " 2015-11-21T07:14:01Z ".into(),
            "".into(),
            "x".into(),
        ]);
        for p in &zones {
            for text in &texts {
                let want = p
                    .parse(text)
                    .map(|w| (w.at.timestamp_nanos_opt().unwrap(), w.zoneless));
                assert_eq!(p.parse_nanos(text), want, "{text:?} in {}", p.zone());
            }
        }
    }

    #[test]
    fn zoneless_times_are_read_in_the_zone_given() {
        let p = TimeParser::new(Some("America/New_York".parse().unwrap()), None);
        assert_eq!(
            p.parse("2024-12-02").unwrap().at,
            utc("2024-12-02T05:00:00Z")
        );
        assert_eq!(
            p.parse("2024-07-02 10:00").unwrap().at,
            utc("2024-07-02T14:00:00Z")
        );
        // An explicit offset wins over the zone.
        assert_eq!(
            p.parse("2024-07-02T10:00:00Z").unwrap().at,
            utc("2024-07-02T10:00:00Z")
        );
        let p = TimeParser::new(Some("+0530".parse().unwrap()), None);
        assert_eq!(
            p.parse("2024-07-02 10:00").unwrap().at,
            utc("2024-07-02T04:30:00Z")
        );
    }

    #[test]
    fn a_custom_format_is_used_when_given() {
        let p = TimeParser::new(None, Some("%d.%m.%Y %H:%M".into()));
        assert_eq!(
            p.parse("21.11.2015 07:14").unwrap().at,
            utc("2015-11-21T07:14:00Z")
        );
        assert!(p.parse("2015-11-21").is_err());
    }

    #[test]
    fn rejects_what_is_not_a_time() {
        let p = TimeParser::default();
        for bad in [
            "",
            "yesterday",
            "2015-13-01",
            "2015-02-30",
            "2015-11-21T25:00",
            "2015-11-21T07:14:01+9999",
            "2015-11-21X07:14",
            "11/21/2015",
            "2015-11-21T07:14:01.",
        ] {
            assert!(p.parse(bad).is_err(), "{bad:?} parsed");
        }
        assert!("Mars/Olympus".parse::<Zone>().is_err());
    }
}
