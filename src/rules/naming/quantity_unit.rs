use crate::model::TypeKind;
use crate::rules::finding::ModelPath;
use crate::rules::{LintContext, RuleFinding};
use crate::{declare_rule, impl_rule};

/// Words that name a measured quantity, with the units a name could carry.
const QUANTITIES: &[(&str, &str)] = &[
    ("timeout", "_seconds or _ms"),
    ("duration", "_seconds or _minutes"),
    ("delay", "_seconds or _ms"),
    ("interval", "_seconds"),
    ("ttl", "_seconds"),
    ("elapsed", "_ms or _seconds"),
    ("size", "_bytes"),
    ("filesize", "_bytes"),
    ("weight", "_grams or _kg"),
    ("height", "_cm or _px"),
    ("width", "_cm or _px"),
    ("distance", "_meters or _km"),
    ("length", "_meters or _chars"),
    ("temperature", "_celsius"),
    ("price", "_cents"),
    ("cost", "_cents"),
    ("amount", "_cents"),
    ("fee", "_cents"),
];

/// Words that are units (or currencies) already.
const UNITS: &[&str] = &[
    "ms",
    "millis",
    "milliseconds",
    "us",
    "microseconds",
    "ns",
    "seconds",
    "secs",
    "sec",
    "s",
    "minutes",
    "mins",
    "hours",
    "days",
    "weeks",
    "months",
    "years",
    "bytes",
    "kb",
    "kib",
    "mb",
    "mib",
    "gb",
    "gib",
    "bits",
    "grams",
    "g",
    "kg",
    "kilograms",
    "lbs",
    "pounds",
    "oz",
    "cm",
    "mm",
    "m",
    "meters",
    "metres",
    "km",
    "miles",
    "inches",
    "ft",
    "feet",
    "px",
    "pixels",
    "pt",
    "chars",
    "characters",
    "celsius",
    "fahrenheit",
    "kelvin",
    "cents",
    "pence",
    "usd",
    "eur",
    "gbp",
    "jpy",
    "percent",
    "pct",
    "ratio",
];

declare_rule! {
    /// ## What it does
    /// Flags numeric columns that hold a measured quantity without naming its unit:
    /// `timeout`, `file_size`, `price`, `weight`.
    ///
    /// ## Why it matters
    /// Is `timeout` in seconds or milliseconds? Is `price` in euros or cents? Units in the
    /// name prevent bugs that no type catches (seed: "include units when relevant:
    /// `timeout_seconds`, `file_size_bytes`, `price_cents`").
    ///
    /// ## Example
    /// `CREATE TABLE jobs (id int PRIMARY KEY, timeout int)`
    ///
    /// ## Fix
    /// No automatic fix: only you know the unit. Rename to `timeout_seconds` (or whatever
    /// the values are in).
    pub struct QuantityWithoutUnit {
        code: "NAM010",
        name: "quantity-without-unit",
        severity: Info,
        failing: ["CREATE TABLE jobs (id int PRIMARY KEY, timeout int);", "CREATE TABLE files (id int PRIMARY KEY, file_size bigint);"],
        passing: ["CREATE TABLE jobs (id int PRIMARY KEY, timeout_seconds int, file_size_bytes bigint, price_cents int, price_eur numeric(10,2), title_length_chars int, size_label text);"],
    }
}
impl_rule!(QuantityWithoutUnit);

fn is_number(kind: &TypeKind) -> bool {
    matches!(
        kind,
        TypeKind::TinyInt
            | TypeKind::SmallInt
            | TypeKind::Integer
            | TypeKind::BigInt
            | TypeKind::Decimal { .. }
            | TypeKind::Real
            | TypeKind::Double
    )
}

impl QuantityWithoutUnit {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        cx.columns()
            .filter(|(_, c)| is_number(&c.data_type.kind))
            .filter_map(|(t, c)| {
                let words = crate::rules::words::words(&c.name);
                let last = words.last()?;
                let units = QUANTITIES
                    .iter()
                    .find(|(q, _)| q.eq_ignore_ascii_case(last))?
                    .1;
                if words
                    .iter()
                    .any(|w| UNITS.iter().any(|u| u.eq_ignore_ascii_case(w)))
                {
                    return None;
                }
                // Money with decimals is in a currency; in whole numbers, in cents.
                let units = if units == "_cents"
                    && matches!(
                        c.data_type.kind,
                        TypeKind::Decimal { .. } | TypeKind::Real | TypeKind::Double
                    ) {
                    "_usd (its currency)"
                } else {
                    units
                };
                // The unit's words, then the rest of the note: `_usd (its currency)`.
                let (unit, note) = units.split_at(units.find(' ').unwrap_or(units.len()));
                let example = cx.styled(&format!(
                    "{}{unit}",
                    crate::rules::words::snake_case(&c.name)
                ));
                Some(RuleFinding::new(
                    ModelPath::column(t, c),
                    format!(
                        "{}.{} holds a quantity without its unit; name the unit, e.g. {example}{note}",
                        t.name, c.name,
                    ),
                ))
            })
            .collect()
    }
}
