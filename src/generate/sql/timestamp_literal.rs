//! Timestamp literals for a target whose timestamps have no time zone. PostgreSQL accepts
//! `'1970-01-01 00:00:00+00'` for a `timestamptz`; MySQL and MariaDB reject the offset in a
//! `DATETIME` default. The same instant is written in UTC, without the offset.

/// `'YYYY-MM-DD HH:MM:SS[.fraction](+|-)HH[:MM]'` (or a `Z`) as the same instant in UTC,
/// `'YYYY-MM-DD HH:MM:SS[.fraction]'`; `None` for anything else (a literal without an offset
/// needs no change).
pub(super) fn utc_without_offset(literal: &str) -> Option<String> {
    let body = literal.strip_prefix('\'')?.strip_suffix('\'')?.trim();
    let (date, time) = body.split_once([' ', 'T'])?;
    let mut date_parts = date.split('-');
    let year: i64 = date_parts.next()?.parse().ok()?;
    let month: i64 = date_parts.next()?.parse().ok()?;
    let day: i64 = date_parts.next()?.parse().ok()?;
    if date_parts.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let (clock, offset_minutes) = split_offset(time)?;
    let (hms, fraction) = match clock.split_once('.') {
        Some((hms, f)) if f.chars().all(|c| c.is_ascii_digit()) => (hms, Some(f)),
        Some(_) => return None,
        None => (clock, None),
    };
    let mut hms_parts = hms.split(':');
    let hour: i64 = hms_parts.next()?.parse().ok()?;
    let minute: i64 = hms_parts.next()?.parse().ok()?;
    let second: i64 = hms_parts.next().map_or(Some(0), |s| s.parse().ok())?;
    if hms_parts.next().is_some() || hour > 24 || minute > 59 || second > 60 {
        return None;
    }
    let local = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    let utc = local - offset_minutes * 60;
    let (days, seconds) = (utc.div_euclid(86_400), utc.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    let fraction = fraction.map(|f| format!(".{f}")).unwrap_or_default();
    Some(format!(
        "'{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}{fraction}'",
        seconds / 3600,
        seconds % 3600 / 60,
        seconds % 60
    ))
}

/// The clock part and the offset in minutes east of UTC; `None` without an offset.
fn split_offset(time: &str) -> Option<(&str, i64)> {
    if let Some(clock) = time.strip_suffix('Z') {
        return Some((clock, 0));
    }
    let at = time.rfind(['+', '-'])?;
    let (clock, offset) = time.split_at(at);
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let digits = &offset[1..];
    let (hours, minutes) = match digits.split_once(':') {
        Some((h, m)) => (h, m),
        None if digits.len() == 4 => digits.split_at(2),
        None => (digits, "0"),
    };
    let hours: i64 = hours.parse().ok()?;
    let minutes: i64 = minutes.parse().ok()?;
    if hours > 15 || minutes > 59 {
        return None;
    }
    Some((clock, sign * (hours * 60 + minutes)))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a count of days since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_utc() {
        let cases = [
            ("'1970-01-01 00:00:00+00'", Some("'1970-01-01 00:00:00'")),
            ("'2024-03-01 01:30:00+02'", Some("'2024-02-29 23:30:00'")),
            (
                "'1999-12-31 23:00:00.25-01:30'",
                Some("'2000-01-01 00:30:00.25'"),
            ),
            ("'2020-06-15T12:00:00Z'", Some("'2020-06-15 12:00:00'")),
            ("'2020-06-15 12:00:00+0530'", Some("'2020-06-15 06:30:00'")),
            ("'2020-06-15 12:00:00'", None),
            ("'2020-06-15'", None),
            ("now()", None),
            ("'not a date+01'", None),
        ];
        for (literal, expected) in cases {
            assert_eq!(
                utc_without_offset(literal).as_deref(),
                expected,
                "{literal}"
            );
        }
    }
}
